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
        /// The first iteration whose loss is not finite (or, for outputs, the snapshot's).
        step: u64,
        /// What went: "loss became NaN", "loss became infinite", "output is not finite".
        what: &'static str,
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
            // The worker reads this form (www/src/worker/divergence.ts): keep them in step.
            TrainError::Diverged { network, step, what } => write!(f, "diverged: the {network}'s {what} at iteration {step}"),
            TrainError::Settings(message) => write!(f, "invalid settings: {message}"),
            TrainError::Backend(message) => write!(f, "backend unavailable: {message}"),
            TrainError::ReadBack(message) => write!(f, "reading results back failed: {message}"),
            TrainError::Data(message) => write!(f, "unusable data: {message}"),
        }
    }
}

impl std::error::Error for TrainError {}

/// The first iteration of a snapshot whose loss is not finite, or whose samples are not: the
/// history holds iterations `from`, `from + 1`, … (D's loss is checked before G's: within an
/// iteration D steps first, and a NaN in D reaches G's loss through D(G(z))).
pub(crate) fn check_finite(
    step: u64,
    from: u64,
    discriminator: impl IntoIterator<Item = f32>,
    generator: impl IntoIterator<Item = f32>,
    samples: &[f32],
) -> Result<(), TrainError> {
    let what = |x: f32| if x.is_nan() { "loss became NaN" } else { "loss became infinite" };
    for ((i, d), g) in (from..).zip(discriminator).zip(generator) {
        if !d.is_finite() {
            return Err(TrainError::Diverged { network: Network::Discriminator, step: i, what: what(d) });
        }
        if !g.is_finite() {
            return Err(TrainError::Diverged { network: Network::Generator, step: i, what: what(g) });
        }
    }
    if samples.iter().any(|x| !x.is_finite()) {
        return Err(TrainError::Diverged { network: Network::Generator, step, what: "output is not finite" });
    }
    Ok(())
}
