//! The digit lab's settings as the page sends them (tsify declares them to TypeScript: the
//! preset, the seed, the grid and the view's digit, and the learning rate and optimiser a link
//! may change), and their translation into a [`DigitsConfig`].

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::error::TrainError;

/// The image presets' settings as the page sends them (tsify declares them to TypeScript).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
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
    /// The learning rate of both networks; absent: the preset's.
    #[serde(default)]
    pub lr: Option<f64>,
    /// Both networks' optimiser; absent: Adam (the presets').
    #[serde(default)]
    pub opt: Option<ImageOptimizer>,
}

/// `opt` of an image run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum ImageOptimizer {
    /// Adam, with the preset's betas.
    Adam,
    /// Plain SGD.
    Sgd,
}

impl DigitsSettings {
    /// Parses the page's JSON; unknown fields are refused.
    pub fn from_json(json: &str) -> Result<Self, TrainError> {
        serde_json::from_str(json).map_err(|e| TrainError::Settings(e.to_string()))
    }

    /// The run these settings describe, or why not.
    pub fn config(&self) -> Result<crate::labs::digits::config::DigitsConfig, TrainError> {
        if !(4..=8).contains(&self.grid) || self.digit.is_some_and(|d| d > 9) {
            return Err(TrainError::Settings("grid must be 4–8 and digit 0–9".into()));
        }
        let config = crate::labs::digits::config::DigitsConfig::preset(&self.preset)
            .ok_or_else(|| TrainError::UnknownPreset(self.preset.clone()))?;
        let mut config = config.with_visual_samples(self.grid * self.grid);
        if let Some(lr) = self.lr {
            config.learning_rate = lr;
        }
        config.sgd = self.opt == Some(ImageOptimizer::Sgd);
        config.validate()?;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_settings_are_read_and_checked() {
        let json = r#"{"preset":"mnist-mlp","seed":3,"grid":5,"digit":0}"#;
        let settings = DigitsSettings::from_json(json).unwrap();
        assert_eq!(settings.config().unwrap().visual_samples, 25);
        let dcgan = r#"{"preset":"mnist-dcgan","seed":3,"grid":4,"digit":7}"#;
        let dcgan = DigitsSettings::from_json(dcgan).unwrap().config().unwrap();
        assert_eq!((dcgan.learning_rate, dcgan.visual_samples, dcgan.networks.is_conditional()), (2e-4, 16, false));
        let cgan = DigitsSettings::from_json(r#"{"preset":"mnist-cgan","seed":3,"grid":8,"digit":7}"#).unwrap();
        assert_eq!(cgan.digit, Some(7));
        let cgan = cgan.config().unwrap();
        assert_eq!((cgan.visual_samples, cgan.networks.is_conditional()), (64, true));
        // The digit is a view: without it, every digit; it never changes the run's config.
        let every = DigitsSettings::from_json(r#"{"preset":"mnist-cgan","seed":3,"grid":8}"#).unwrap();
        assert_eq!((every.digit, format!("{:?}", every.config().unwrap())), (None, format!("{cgan:?}")));
        let minute = r#"{"preset":"mnist-minute","seed":3,"grid":4}"#;
        let minute = DigitsSettings::from_json(minute).unwrap().config().unwrap();
        assert_eq!(format!("{minute:?}"), format!("{:?}", crate::labs::digits::config::DigitsConfig::mnist_minute()));
        for bad in [
            r#"{"preset":"mnist-mlp","seed":3,"grid":9,"digit":0}"#,
            r#"{"preset":"mnist-mlp","seed":3,"grid":4,"digit":10}"#,
            r#"{"preset":"mnist-cgan","seed":3,"grid":4,"digit":10}"#,
            r#"{"preset":"mnist-dcgan","seed":3,"grid":3,"digit":0}"#,
            r#"{"preset":"cifar","seed":3,"grid":4,"digit":0}"#,
        ] {
            assert!(DigitsSettings::from_json(bad).and_then(|s| s.config()).is_err(), "{bad}");
        }
        assert!(DigitsSettings::from_json(r#"{"preset":"mnist-mlp","seed":3,"grid":4,"digit":0,"x":1}"#).is_err());
    }
}
