//! What can go wrong while training, as a typed error (a `JsError` at the wasm boundary).

use std::fmt;

/// Which of the two networks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Network {
    /// The generator, G.
    Generator,
    /// The discriminator, D.
    Discriminator,
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Network::Generator => "generator",
            Network::Discriminator => "discriminator",
        })
    }
}

/// An error from creating, training or reading back a GAN.
#[derive(Debug)]
pub enum TrainError {
    /// There is no preset with this id.
    UnknownPreset(String),
    /// A loss or an output became NaN or infinite.
    Diverged {
        /// The network whose loss or output is not finite.
        network: Network,
        /// The iteration at which it was noticed.
        step: u64,
    },
    /// The settings are not valid (a value out of range, a malformed field).
    Settings(String),
    /// The requested backend could not be initialised.
    Backend(String),
    /// Reading values back from the device failed (e.g. the GPU was lost).
    ReadBack(String),
    /// Real data (the digits asset, the user's files) is missing, corrupt or does not fit.
    Data(String),
}

impl fmt::Display for TrainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrainError::UnknownPreset(id) => write!(f, "unknown preset \"{id}\""),
            TrainError::Diverged { network, step } => {
                write!(f, "the {network} diverged (NaN or infinite values) by step {step}")
            }
            TrainError::Settings(message) => write!(f, "invalid settings: {message}"),
            TrainError::Backend(message) => write!(f, "backend unavailable: {message}"),
            TrainError::ReadBack(message) => write!(f, "reading results back failed: {message}"),
            TrainError::Data(message) => write!(f, "unusable data: {message}"),
        }
    }
}

impl std::error::Error for TrainError {}
