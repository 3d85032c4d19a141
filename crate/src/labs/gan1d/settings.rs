//! The 1D GAN's settings as the page sends them (one flat JSON object whose keys are the URL
//! keys; tsify declares it to TypeScript), and their translation into a [`Gan1dConfig`].

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::error::TrainError;
use crate::labs::gan1d::config::Gan1dConfig;
use crate::labs::gan1d::targets::{Component, Target};
pub use crate::labs::mlp_gan::settings::{
    ActivationKind, GeneratorOutput, LossKind, MAX_BATCH, MAX_DEPTH, MAX_LATENT, MAX_WIDTH, NoiseKind, OptimizerKind, OrderKind, Reduction,
    TrainingKeys,
};
use crate::labs::mlp_gan::settings::{from_json_strictly, from_value_strictly, positive};
use crate::labs::presets;
#[cfg(test)]
use crate::labs::presets::PRESETS_JSON;

/// The settings of one 1D GAN run: what it trains on, and the training keys it shares with the
/// 2D lab. `crate/presets.json` holds one complete object per preset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
pub struct Gan1dSettings {
    /// The run's seed (0 where absent).
    #[serde(default)]
    #[tsify(type = "number")]
    pub seed: u32,
    /// What the generator must learn; `data` = the user's own samples (sent beside the settings).
    pub target: TargetKind,
    /// `gaussian`: N(mean, std²).
    pub mean: f64,
    /// `gaussian`: its standard deviation.
    pub std: f64,
    /// `mixture`: 1–5 Gaussian components [weight, mean, std] (weights are normalised).
    pub mixture: Vec<[f64; 3]>,
    /// `uniform`: U(low, high); `drawn`: the x range of the drawn density.
    pub low: f64,
    /// See `low`.
    pub high: f64,
    /// `lognormal`: exp(N(logmean, logstd²)).
    pub logmean: f64,
    /// See `logmean`.
    pub logstd: f64,
    /// `drawn`: relative heights of a piecewise-constant density on equal bins over [low, high].
    pub density: Vec<f64>,
    /// The keys the 2D lab shares.
    #[serde(flatten)]
    pub training: TrainingKeys,
}

/// `target`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    /// N(`mean`, `std`²).
    Gaussian,
    /// The Gaussian mixture of `mixture`'s components.
    Mixture,
    /// U(`low`, `high`).
    Uniform,
    /// exp(N(`logmean`, `logstd`²)).
    Lognormal,
    /// The piecewise-constant `density` the user drew over [low, high].
    Drawn,
    /// The user's own samples (sent beside the settings), drawn from with replacement.
    Data,
}

impl Gan1dSettings {
    /// Parses the page's JSON; unknown fields or values are refused with serde's explanation
    /// (or, for a field no lab has, a sentence naming it).
    pub fn from_json(json: &str) -> Result<Self, TrainError> {
        from_json_strictly(json)
    }

    /// The settings of the preset `id` in `crate/presets.json`, with `seed`.
    pub fn preset(id: &str, seed: u32) -> Result<Self, TrainError> {
        let entry = presets::entry(id)?;
        if entry.lab != "gan1d" {
            return Err(TrainError::UnknownPreset(id.to_string()));
        }
        let mut settings: Gan1dSettings =
            from_value_strictly(entry.settings).map_err(|e| TrainError::Settings(format!("presets.json, {id}: {e}")))?;
        settings.seed = seed;
        Ok(settings)
    }

    /// The run these settings describe. `data` is the user's samples, required when `target`
    /// is `data`. Every range the page enforces is checked again here.
    pub fn config(&self, data: Option<Vec<f32>>) -> Result<Gan1dConfig, TrainError> {
        let bad = |what: String| Err(TrainError::Settings(what));
        // The same ranges as the page's URL table (www/src/state/url.ts).
        // Written so that NaN is outside every bound.
        let within = |x: f64, bound: f64| x.abs() <= bound;
        if !(within(self.mean, 100.0) && within(self.low, 100.0) && within(self.high, 100.0)) {
            return bad("mean, low and high must be within ±100".into());
        }
        if !within(self.logmean, 5.0) {
            return bad("logmean must be within ±5".into());
        }
        let target = match self.target {
            TargetKind::Gaussian => Target::Gaussian { mean: self.mean, std: positive("std", self.std, 100.0)? },
            TargetKind::Mixture => {
                let in_range =
                    |&[weight, mean, std]: &[f64; 3]| weight > 0.0 && weight <= 100.0 && mean.abs() <= 100.0 && std > 0.0 && std <= 100.0;
                if self.mixture.len() > 5 || !self.mixture.iter().all(in_range) {
                    return bad("a mixture has 1–5 components, weights and σ in (0, 100], means within ±100".into());
                }
                let components: Vec<Component> = self.mixture.iter().map(|&[weight, mean, std]| Component { weight, mean, std }).collect();
                Target::mixture(&components)?
            }
            TargetKind::Uniform if self.low < self.high => Target::Uniform { low: self.low, high: self.high },
            TargetKind::Uniform => return bad("uniform: low must be below high".into()),
            TargetKind::Lognormal => Target::LogNormal { mean: self.logmean, std: positive("logstd", self.logstd, 2.0)? },
            TargetKind::Drawn if self.density.len() <= 64 => Target::density(self.low, self.high, &self.density)?,
            TargetKind::Drawn => return bad("a drawn density has at most 64 bins".into()),
            TargetKind::Data => match data {
                Some(values) if values.len() <= 1_000_000 => Target::samples(values)?,
                Some(_) => return bad("at most 1,000,000 data values".into()),
                None => return bad("target=data needs the data itself".into()),
            },
        };
        let config =
            Gan1dConfig { gan: self.training.config(1, 1)?, target, visual_samples: 10_000, histogram_bins: 64, curve_points: 161 };
        config.validate()?;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_in_the_file_is_valid() {
        let ids = presets::ids("gan1d");
        assert_eq!(ids.len(), 3);
        for id in ids {
            Gan1dSettings::preset(&id, 1).unwrap().config(None).unwrap();
        }
        assert!(Gan1dSettings::preset("ring8-tuned", 1).is_err());
    }

    #[test]
    fn page_json_is_read_and_bad_values_refused() {
        let mut json: serde_json::Value =
            serde_json::to_value(serde_json::from_str::<serde_json::Value>(PRESETS_JSON).unwrap()["tuned-1d"]["settings"].clone()).unwrap();
        json["seed"] = 42.into();
        let settings = Gan1dSettings::from_json(&json.to_string()).unwrap();
        assert_eq!(settings.seed, 42);
        for (key, value) in [
            ("latent", serde_json::json!(0)),
            ("g_lr", serde_json::json!(0)),
            ("std", serde_json::json!(-1)),
            ("g_hidden", serde_json::json!([8, 1000])),
            ("smooth", serde_json::json!(0.7)),
            ("logstd", serde_json::json!(3)),
            ("logmean", serde_json::json!(6)),
            ("mixture", serde_json::json!([[1, 0, 1], [0, 1, 1]])),
            ("high", serde_json::json!(101)),
        ] {
            let mut bad = json.clone();
            bad[key] = value;
            // Target parameters are read for their own target only.
            match key {
                "logstd" => bad["target"] = "lognormal".into(),
                "mixture" => bad["target"] = "mixture".into(),
                _ => {}
            }
            let parsed = Gan1dSettings::from_json(&bad.to_string()).unwrap();
            assert!(parsed.config(None).is_err(), "{key} should be refused");
        }
        let mut unknown = json.clone();
        unknown["loss"] = "hinge".into();
        assert!(Gan1dSettings::from_json(&unknown.to_string()).is_err());
        let mut data = json.clone();
        data["target"] = "data".into();
        let settings = Gan1dSettings::from_json(&data.to_string()).unwrap();
        assert!(settings.config(None).is_err(), "target=data without data");
        assert!(settings.config(Some(vec![1.0, 2.0, 3.0])).is_ok());
    }
}
