//! The digit lab's settings as the page sends them (tsify declares them to TypeScript: the
//! preset, the seed, the grid and the view's digit, and each network's optimiser), and their
//! translation into a [`DigitsConfig`] with the preset's networks from `crate/presets.json`.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::config::DigitsConfig;
use super::networks::ImageNetworksConfig;
use crate::error::TrainError;
use crate::labs::mlp_gan::settings::{from_json_strictly, from_value_strictly};
use crate::labs::presets;
use crate::optim::OptimizerKeys;

/// The image presets' settings as the page sends them (tsify declares them to TypeScript).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
pub struct DigitsSettings {
    /// A digit preset of `crate/presets.json`.
    pub preset: String,
    /// The run's seed.
    pub seed: u32,
    /// The generated grid is `grid × grid` fixed-noise samples (4–8).
    pub grid: usize,
    /// Conditional presets: the digit the views draw first (0–9); absent: every digit. A view,
    /// not part of the run.
    #[serde(default)]
    pub digit: Option<u8>,
    /// Each network's optimiser (`g_opt`, `g_lr`, …, `d_beta2`), as in every lab.
    #[serde(flatten)]
    pub optimizers: OptimizerKeys,
}

/// What a digit preset's entry of `crate/presets.json` fixes beyond its keys (`"model"`): its
/// networks by name, its batch and the decay of the average of G's weights that draws the views.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PresetModel {
    networks: String,
    batch: usize,
    ema: f64,
}

impl DigitsSettings {
    /// Parses the page's JSON; unknown fields are refused.
    pub fn from_json(json: &str) -> Result<Self, TrainError> {
        from_json_strictly(json)
    }

    /// The settings of the preset `id` in `crate/presets.json`, with `seed` and a 4 × 4 grid.
    pub fn preset(id: &str, seed: u32) -> Result<Self, TrainError> {
        let entry = presets::entry(id)?;
        if entry.lab != "digits" {
            return Err(TrainError::UnknownPreset(id.to_string()));
        }
        let mut value = entry.settings;
        if let Some(keys) = value.as_object_mut() {
            keys.insert("preset".into(), id.into());
            keys.insert("seed".into(), seed.into());
            keys.insert("grid".into(), 4.into());
        }
        from_value_strictly(value).map_err(|e| TrainError::Settings(format!("presets.json, {id}: {e}")))
    }

    /// The run these settings describe, or why not: the preset's networks, batch and average
    /// (its `"model"` in `crate/presets.json`), these optimisers and grid.
    pub fn config(&self) -> Result<DigitsConfig, TrainError> {
        if !(4..=8).contains(&self.grid) || self.digit.is_some_and(|d| d > 9) {
            return Err(TrainError::Settings("grid must be 4–8 and digit 0–9".into()));
        }
        let entry = presets::entry(&self.preset)?;
        let broken = |what: String| TrainError::Settings(format!("presets.json, {}: {what}", self.preset));
        let model: PresetModel = serde_json::from_value(entry.model).map_err(|e| broken(format!("model: {e}")))?;
        let networks = ImageNetworksConfig::named(&model.networks).ok_or_else(|| broken(format!("no networks {:?}", model.networks)))?;
        let [generator, discriminator] = self.optimizers.optimizers()?;
        let config = DigitsConfig::new()
            .with_networks(networks)
            .with_batch_size(model.batch)
            .with_ema_decay(model.ema)
            .with_generator_optimizer(generator)
            .with_discriminator_optimizer(discriminator)
            .with_visual_samples(self.grid * self.grid);
        config.validate()?;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The preset `id`'s settings as the page sends them, with `changes`.
    fn json(id: &str, changes: serde_json::Value) -> String {
        let mut json = serde_json::to_value(DigitsSettings::preset(id, 3).unwrap()).unwrap();
        for (key, value) in changes.as_object().unwrap() {
            json[key] = value.clone();
        }
        json.to_string()
    }

    #[test]
    fn image_settings_are_read_and_checked() {
        use serde_json::json as j;
        let settings = DigitsSettings::from_json(&json("mnist-mlp", j!({"grid": 5, "digit": 0}))).unwrap();
        assert_eq!(settings.config().unwrap().visual_samples, 25);
        let dcgan = DigitsSettings::from_json(&json("mnist-dcgan", j!({"digit": 7}))).unwrap().config().unwrap();
        let rates = dcgan.optimizers().map(|o| o.learning_rate());
        assert_eq!((rates, dcgan.visual_samples, dcgan.networks.is_conditional()), ([2e-4, 2e-4], 16, false));
        let cgan = DigitsSettings::from_json(&json("mnist-cgan", j!({"grid": 8, "digit": 7}))).unwrap();
        assert_eq!(cgan.digit, Some(7));
        let cgan = cgan.config().unwrap();
        assert_eq!((cgan.visual_samples, cgan.networks.is_conditional()), (64, true));
        // The digit is a view: without it, every digit; it never changes the run's config.
        let every = DigitsSettings::from_json(&json("mnist-cgan", j!({"grid": 8}))).unwrap();
        assert_eq!((every.digit, format!("{:?}", every.config().unwrap())), (None, format!("{cgan:?}")));
        let minute = DigitsSettings::from_json(&json("mnist-minute", j!({}))).unwrap().config().unwrap();
        assert_eq!(format!("{minute:?}"), format!("{:?}", DigitsConfig::mnist_minute()));
        // Each network's rate is its own.
        let apart = DigitsSettings::from_json(&json("mnist-mlp", j!({"g_lr": 0.003, "d_lr": 0.0001}))).unwrap().config().unwrap();
        assert_eq!(apart.optimizers().map(|o| o.learning_rate()), [0.003, 0.0001]);
        for bad in [
            json("mnist-mlp", j!({"grid": 9})),
            json("mnist-mlp", j!({"digit": 10})),
            json("mnist-cgan", j!({"digit": 10})),
            json("mnist-dcgan", j!({"grid": 3})),
            json("mnist-mlp", j!({"preset": "cifar"})),
            json("mnist-mlp", j!({"g_beta1": 1.0})),
            json("mnist-mlp", j!({"d_momentum": -0.1})),
        ] {
            assert!(DigitsSettings::from_json(&bad).and_then(|s| s.config()).is_err(), "{bad}");
        }
        assert!(DigitsSettings::from_json(&json("mnist-mlp", j!({"x": 1}))).is_err());
        assert!(matches!(DigitsSettings::preset("tuned-1d", 3), Err(TrainError::UnknownPreset(_))));
    }
}
