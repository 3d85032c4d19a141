//! What can go wrong while training, as a typed error. At the wasm boundary it becomes a JS
//! `Error` whose `message` is the text and whose `detail` is [`ErrorDetail`] (its TypeScript
//! declaration written by tsify): the page reads a divergence as data, never from the text.

use std::fmt;

use serde::Serialize;
use tsify::Tsify;

/// Which of the two networks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "lowercase")]
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

/// A run whose loss or output became NaN or infinite: it cannot recover, and the page says
/// which network, what and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
pub struct Divergence {
    /// The network whose loss or output is not finite.
    pub network: Network,
    /// The first iteration whose loss is not finite (or, for outputs, the snapshot's).
    pub step: u64,
    /// What went: "loss became NaN", "loss became infinite", "output is not finite".
    pub what: &'static str,
}

/// An error from creating, training or reading back a GAN.
#[derive(Debug)]
pub enum TrainError {
    /// There is no preset with this id.
    UnknownPreset(String),
    /// A loss or an output became NaN or infinite.
    Diverged(Divergence),
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
            TrainError::Diverged(Divergence { network, step, what }) => write!(f, "diverged: the {network}'s {what} at iteration {step}"),
            TrainError::Settings(message) => write!(f, "invalid settings: {message}"),
            TrainError::Backend(message) => write!(f, "backend unavailable: {message}"),
            TrainError::ReadBack(message) => write!(f, "reading results back failed: {message}"),
            TrainError::Data(message) => write!(f, "unusable data: {message}"),
        }
    }
}

impl std::error::Error for TrainError {}

/// What crosses to the page beside an error's message, as the JS `Error`'s `detail`: its kind,
/// and a divergence's facts (`{ kind: "diverged", network, step, what }`).
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ErrorDetail {
    /// [`TrainError::UnknownPreset`].
    UnknownPreset {
        /// The id asked for.
        preset: String,
    },
    /// [`TrainError::Diverged`].
    Diverged(Divergence),
    /// [`TrainError::Settings`].
    Settings,
    /// [`TrainError::Backend`].
    Backend,
    /// [`TrainError::ReadBack`].
    ReadBack,
    /// [`TrainError::Data`].
    Data,
}

impl TrainError {
    /// The error's kind and fields, for the page.
    pub fn detail(&self) -> ErrorDetail {
        match self {
            TrainError::UnknownPreset(preset) => ErrorDetail::UnknownPreset { preset: preset.clone() },
            TrainError::Diverged(divergence) => ErrorDetail::Diverged(*divergence),
            TrainError::Settings(_) => ErrorDetail::Settings,
            TrainError::Backend(_) => ErrorDetail::Backend,
            TrainError::ReadBack(_) => ErrorDetail::ReadBack,
            TrainError::Data(_) => ErrorDetail::Data,
        }
    }
}

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
            return Err(TrainError::Diverged(Divergence { network: Network::Discriminator, step: i, what: what(d) }));
        }
        if !g.is_finite() {
            return Err(TrainError::Diverged(Divergence { network: Network::Generator, step: i, what: what(g) }));
        }
    }
    if samples.iter().any(|x| !x.is_finite()) {
        return Err(TrainError::Diverged(Divergence { network: Network::Generator, step, what: "output is not finite" }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_divergence_crosses_as_data_with_its_kind() {
        let error = TrainError::Diverged(Divergence { network: Network::Generator, step: 37, what: "loss became NaN" });
        assert_eq!(error.to_string(), "diverged: the generator's loss became NaN at iteration 37");
        assert_eq!(
            serde_json::to_value(error.detail()).ok(),
            Some(serde_json::json!({ "kind": "diverged", "network": "generator", "step": 37, "what": "loss became NaN" }))
        );
    }

    #[test]
    fn every_other_error_names_its_kind() {
        let kinds = [
            (TrainError::UnknownPreset("x".into()), serde_json::json!({ "kind": "unknown-preset", "preset": "x" })),
            (TrainError::Settings("s".into()), serde_json::json!({ "kind": "settings" })),
            (TrainError::Backend("b".into()), serde_json::json!({ "kind": "backend" })),
            (TrainError::ReadBack("r".into()), serde_json::json!({ "kind": "read-back" })),
            (TrainError::Data("d".into()), serde_json::json!({ "kind": "data" })),
        ];
        for (error, detail) in kinds {
            assert_eq!(serde_json::to_value(error.detail()).ok(), Some(detail), "{error}");
        }
    }
}
