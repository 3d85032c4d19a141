//! The 1D GAN's settings as the page sends them (one flat JSON object whose keys are the URL
//! keys, www/src/protocol.ts `Settings1d`), and their translation into a [`Gan1dConfig`].

use serde::{Deserialize, Serialize};

use crate::config::{Gan1dConfig, GanLoss, NoiseConfig, OptimizerConfig, StepOrder};
use crate::data::target1d::{Component, Target};
use crate::error::TrainError;
use crate::models::gan1d::{Activation, MlpConfig};

/// The presets, shared with the web page.
const PRESETS_JSON: &str = include_str!("../presets.json");

/// Largest latent dimension, hidden width and depth the UI offers (and the crate accepts).
pub const MAX_LATENT: usize = 8;
/// Widest hidden layer.
pub const MAX_WIDTH: usize = 256;
/// Most hidden layers per network.
pub const MAX_DEPTH: usize = 4;
/// Largest batch.
pub const MAX_BATCH: usize = 4096;

/// The settings of one 1D GAN run; see www/src/protocol.ts for each field's meaning.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Settings1d {
    #[serde(default)]
    pub seed: u32,
    pub target: TargetKind,
    pub mean: f64,
    pub std: f64,
    pub mixture: Vec<[f64; 3]>,
    pub low: f64,
    pub high: f64,
    pub logmean: f64,
    pub logstd: f64,
    pub density: Vec<f64>,
    pub noise: NoiseKind,
    pub latent: usize,
    pub g_hidden: Vec<usize>,
    pub d_hidden: Vec<usize>,
    pub activation: ActivationKind,
    pub slope: f64,
    pub g_output: GeneratorOutput,
    pub batch: usize,
    pub k: usize,
    pub order: OrderKind,
    pub d_reduce: Reduction,
    pub loss: LossKind,
    pub gp: f64,
    pub smooth: f64,
    pub g_opt: OptimizerKind,
    pub g_lr: f64,
    pub g_momentum: f64,
    pub g_beta1: f64,
    pub g_beta2: f64,
    pub d_opt: OptimizerKind,
    pub d_lr: f64,
    pub d_momentum: f64,
    pub d_beta1: f64,
    pub d_beta2: f64,
}

/// `target`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum TargetKind {
    Gaussian,
    Mixture,
    Uniform,
    Lognormal,
    Drawn,
    Data,
}

/// `noise`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum NoiseKind {
    Uniform,
    Normal,
}

/// `activation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum ActivationKind {
    Leakyrelu,
    Relu,
    Tanh,
}

/// `g_output`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum GeneratorOutput {
    Linear,
    Activation,
}

/// `order`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum OrderKind {
    DFirst,
    GFirst,
}

/// `d_reduce`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Reduction {
    Sum,
    Mean,
}

/// `loss`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum LossKind {
    Minimax,
    Nonsaturating,
    Leastsquares,
    WganGp,
}

/// `g_opt`, `d_opt`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum OptimizerKind {
    Sgd,
    Adam,
    Rmsprop,
}

#[derive(Deserialize)]
struct PresetEntry {
    settings: serde_json::Value,
}

impl Settings1d {
    /// Parses the page's JSON; unknown fields or values are refused with serde's explanation.
    pub fn from_json(json: &str) -> Result<Self, TrainError> {
        serde_json::from_str(json).map_err(|e| TrainError::Settings(e.to_string()))
    }

    /// The settings of the preset `id` in `crate/presets.json`, with `seed`.
    pub fn preset(id: &str, seed: u32) -> Result<Self, TrainError> {
        let mut presets: std::collections::BTreeMap<String, PresetEntry> =
            serde_json::from_str(PRESETS_JSON).map_err(|e| TrainError::Settings(format!("presets.json: {e}")))?;
        let entry = presets.remove(id).ok_or_else(|| TrainError::UnknownPreset(id.to_string()))?;
        let mut settings: Settings1d =
            serde_json::from_value(entry.settings).map_err(|e| TrainError::Settings(format!("presets.json, {id}: {e}")))?;
        settings.seed = seed;
        Ok(settings)
    }

    /// The run these settings describe. `data` is the user's samples, required when `target`
    /// is `data`. Every range the page enforces is checked again here.
    pub fn config(&self, data: Option<Vec<f32>>) -> Result<Gan1dConfig, TrainError> {
        let bad = |what: String| Err(TrainError::Settings(what));
        let positive = |name: &str, v: f64, max: f64| {
            if v > 0.0 && v <= max { Ok(v) } else { Err(TrainError::Settings(format!("{name} must be in (0, {max}], not {v}"))) }
        };
        let unit = |name: &str, v: f64| {
            if (0.0..1.0).contains(&v) { Ok(v) } else { Err(TrainError::Settings(format!("{name} must be in [0, 1), not {v}"))) }
        };
        if !(1..=MAX_LATENT).contains(&self.latent) {
            return bad(format!("latent must be 1–{MAX_LATENT}"));
        }
        if !(1..=MAX_BATCH).contains(&self.batch) || !(1..=10).contains(&self.k) {
            return bad(format!("batch must be 1–{MAX_BATCH} and k 1–10"));
        }
        for (name, hidden) in [("g_hidden", &self.g_hidden), ("d_hidden", &self.d_hidden)] {
            if hidden.len() > MAX_DEPTH || hidden.iter().any(|w| !(1..=MAX_WIDTH).contains(w)) {
                return bad(format!("{name}: up to {MAX_DEPTH} layers of 1–{MAX_WIDTH} units"));
            }
        }
        // The same ranges as the page's URL table (www/src/state/url.ts).
        if !(self.mean.abs() <= 100.0 && self.low.abs() <= 100.0 && self.high.abs() <= 100.0) {
            return bad("mean, low and high must be within ±100".into());
        }
        if !(self.logmean.abs() <= 5.0) {
            return bad("logmean must be within ±5".into());
        }
        if !(0.0..0.5).contains(&self.smooth) {
            return bad("smooth must be in [0, 0.5)".into());
        }
        let target = match self.target {
            TargetKind::Gaussian => Target::Gaussian { mean: self.mean, std: positive("std", self.std, 100.0)? },
            TargetKind::Mixture => {
                let in_range = |&[weight, mean, std]: &[f64; 3]| {
                    weight > 0.0 && weight <= 100.0 && mean.abs() <= 100.0 && std > 0.0 && std <= 100.0
                };
                if self.mixture.len() > 5 || !self.mixture.iter().all(in_range) {
                    return bad("a mixture has 1–5 components, weights and σ in (0, 100], means within ±100".into());
                }
                let components: Vec<Component> =
                    self.mixture.iter().map(|&[weight, mean, std]| Component { weight, mean, std }).collect();
                Target::mixture(&components)?
            }
            TargetKind::Uniform if self.low < self.high => Target::Uniform { low: self.low, high: self.high },
            TargetKind::Uniform => return bad("uniform: low must be below high".into()),
            TargetKind::Lognormal => {
                Target::LogNormal { mean: self.logmean, std: positive("logstd", self.logstd, 2.0)? }
            }
            TargetKind::Drawn if self.density.len() <= 64 => Target::density(self.low, self.high, &self.density)?,
            TargetKind::Drawn => return bad("a drawn density has at most 64 bins".into()),
            TargetKind::Data => match data {
                Some(values) if values.len() <= 1_000_000 => Target::samples(values)?,
                Some(_) => return bad("at most 1,000,000 data values".into()),
                None => return bad("target=data needs the data itself".into()),
            },
        };
        let activation = match self.activation {
            ActivationKind::Leakyrelu => Activation::LeakyRelu { slope: unit("slope", self.slope)? },
            ActivationKind::Relu => Activation::Relu,
            ActivationKind::Tanh => Activation::Tanh,
        };
        let optimizer = |kind, lr: f64, momentum: f64, beta_1: f64, beta_2: f64| -> Result<OptimizerConfig, TrainError> {
            let learning_rate = positive("learning rate", lr, crate::config::MAX_LEARNING_RATE)?;
            let (momentum, beta_1, beta_2) = (unit("momentum", momentum)?, unit("β1", beta_1)?, unit("β2", beta_2)?);
            Ok(match kind {
                OptimizerKind::Sgd => OptimizerConfig::Sgd { learning_rate, momentum },
                OptimizerKind::Adam => {
                    OptimizerConfig::Adam { learning_rate, beta_1: beta_1 as f32, beta_2: beta_2 as f32 }
                }
                OptimizerKind::Rmsprop => OptimizerConfig::RmsProp { learning_rate, momentum: momentum as f32 },
            })
        };
        let loss = match self.loss {
            LossKind::Minimax => GanLoss::Minimax,
            LossKind::Nonsaturating => GanLoss::NonSaturating,
            LossKind::Leastsquares => GanLoss::LeastSquares,
            LossKind::WganGp if (0.0..=100.0).contains(&self.gp) => GanLoss::WassersteinGp { penalty: self.gp },
            LossKind::WganGp => return bad("gp must be in [0, 100]".into()),
        };
        let config = Gan1dConfig {
            generator: MlpConfig::new(self.latent, self.g_hidden.clone(), 1, activation)
                .with_activate_output(self.g_output == GeneratorOutput::Activation),
            discriminator: MlpConfig::new(1, self.d_hidden.clone(), 1, activation),
            noise: match self.noise {
                NoiseKind::Uniform => NoiseConfig::Uniform { low: -1.0, high: 1.0 },
                NoiseKind::Normal => NoiseConfig::Normal { mean: 0.0, std: 1.0 },
            },
            target,
            batch_size: self.batch,
            discriminator_steps: self.k,
            order: match self.order {
                OrderKind::DFirst => StepOrder::DiscriminatorFirst,
                OrderKind::GFirst => StepOrder::GeneratorFirst,
            },
            discriminator_loss_mean: self.d_reduce == Reduction::Mean,
            loss,
            label_smoothing: self.smooth,
            generator_optimizer: optimizer(self.g_opt, self.g_lr, self.g_momentum, self.g_beta1, self.g_beta2)?,
            discriminator_optimizer: optimizer(self.d_opt, self.d_lr, self.d_momentum, self.d_beta1, self.d_beta2)?,
            visual_samples: 10_000,
            histogram_bins: 64,
            curve_points: 161,
        };
        config.validate()?;
        Ok(config)
    }
}

/// The image presets' settings as the page sends them (www/src/protocol.ts `ImageSettings`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageSettings {
    /// Always `"image"` (tells the page's two kinds of settings apart).
    pub kind: String,
    /// One of [`crate::image_gan::IMAGE_PRESETS`].
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
    /// `"adam"` (the presets') or `"sgd"`; absent: Adam.
    #[serde(default)]
    pub opt: Option<String>,
}

impl ImageSettings {
    /// Parses the page's JSON; unknown fields are refused.
    pub fn from_json(json: &str) -> Result<Self, TrainError> {
        serde_json::from_str(json).map_err(|e| TrainError::Settings(e.to_string()))
    }

    /// The run these settings describe, or why not.
    pub fn config(&self) -> Result<crate::image_gan::ImageGanConfig, TrainError> {
        if self.kind != "image" {
            return Err(TrainError::Settings(format!("kind must be \"image\", not {:?}", self.kind)));
        }
        if !(4..=8).contains(&self.grid) || self.digit.is_some_and(|d| d > 9) {
            return Err(TrainError::Settings("grid must be 4–8 and digit 0–9".into()));
        }
        let config = crate::image_gan::ImageGanConfig::preset(&self.preset)
            .ok_or_else(|| TrainError::UnknownPreset(self.preset.clone()))?;
        let mut config = config.with_visual_samples(self.grid * self.grid);
        if let Some(lr) = self.lr {
            config.learning_rate = lr;
        }
        config.sgd = match self.opt.as_deref() {
            None | Some("adam") => false,
            Some("sgd") => true,
            Some(other) => return Err(TrainError::Settings(format!("opt must be \"adam\" or \"sgd\", not {other:?}"))),
        };
        config.validate()?;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Preset;

    #[test]
    fn image_settings_are_read_and_checked() {
        let json = r#"{"kind":"image","preset":"mnist-mlp","seed":3,"grid":5,"digit":0}"#;
        let settings = ImageSettings::from_json(json).unwrap();
        assert_eq!(settings.config().unwrap().visual_samples, 25);
        let dcgan = r#"{"kind":"image","preset":"mnist-dcgan","seed":3,"grid":4,"digit":7}"#;
        let dcgan = ImageSettings::from_json(dcgan).unwrap().config().unwrap();
        assert_eq!((dcgan.learning_rate, dcgan.visual_samples, dcgan.networks.is_conditional()), (2e-4, 16, false));
        let cgan = ImageSettings::from_json(r#"{"kind":"image","preset":"mnist-cgan","seed":3,"grid":8,"digit":7}"#).unwrap();
        assert_eq!(cgan.digit, Some(7));
        let cgan = cgan.config().unwrap();
        assert_eq!((cgan.visual_samples, cgan.networks.is_conditional()), (64, true));
        // The digit is a view: without it, every digit; it never changes the run's config.
        let every = ImageSettings::from_json(r#"{"kind":"image","preset":"mnist-cgan","seed":3,"grid":8}"#).unwrap();
        assert_eq!((every.digit, format!("{:?}", every.config().unwrap())), (None, format!("{cgan:?}")));
        let minute = r#"{"kind":"image","preset":"mnist-minute","seed":3,"grid":4}"#;
        let minute = ImageSettings::from_json(minute).unwrap().config().unwrap();
        assert_eq!(format!("{minute:?}"), format!("{:?}", crate::image_gan::ImageGanConfig::mnist_minute()));
        for bad in [
            r#"{"kind":"image","preset":"mnist-mlp","seed":3,"grid":9,"digit":0}"#,
            r#"{"kind":"image","preset":"mnist-mlp","seed":3,"grid":4,"digit":10}"#,
            r#"{"kind":"image","preset":"mnist-cgan","seed":3,"grid":4,"digit":10}"#,
            r#"{"kind":"image","preset":"mnist-dcgan","seed":3,"grid":3,"digit":0}"#,
            r#"{"kind":"image","preset":"cifar","seed":3,"grid":4,"digit":0}"#,
            r#"{"kind":"1d","preset":"mnist-mlp","seed":3,"grid":4,"digit":0}"#,
        ] {
            assert!(ImageSettings::from_json(bad).and_then(|s| s.config()).is_err(), "{bad}");
        }
        assert!(ImageSettings::from_json(r#"{"kind":"image","preset":"mnist-mlp","seed":3,"grid":4,"digit":0,"x":1}"#).is_err());
    }

    #[test]
    fn every_preset_in_the_file_is_known_and_valid() {
        let presets: std::collections::BTreeMap<String, serde_json::Value> = serde_json::from_str(PRESETS_JSON).unwrap();
        let mut ids: Vec<&str> = presets.keys().map(String::as_str).collect();
        let mut known: Vec<&str> = Preset::ALL.iter().map(|p| p.id()).collect();
        ids.sort();
        known.sort();
        assert_eq!(ids, known, "crate/presets.json and Preset::ALL list the same presets");
        for preset in Preset::ALL {
            preset.settings(1).config(None).unwrap();
        }
    }

    #[test]
    fn page_json_is_read_and_bad_values_refused() {
        let mut json: serde_json::Value = serde_json::to_value(
            serde_json::from_str::<serde_json::Value>(PRESETS_JSON).unwrap()["tuned-1d"]["settings"].clone(),
        )
        .unwrap();
        json["seed"] = 42.into();
        let settings = Settings1d::from_json(&json.to_string()).unwrap();
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
            let parsed = Settings1d::from_json(&bad.to_string()).unwrap();
            assert!(parsed.config(None).is_err(), "{key} should be refused");
        }
        let mut unknown = json.clone();
        unknown["loss"] = "hinge".into();
        assert!(Settings1d::from_json(&unknown.to_string()).is_err());
        let mut data = json.clone();
        data["target"] = "data".into();
        let settings = Settings1d::from_json(&data.to_string()).unwrap();
        assert!(settings.config(None).is_err(), "target=data without data");
        assert!(settings.config(Some(vec![1.0, 2.0, 3.0])).is_ok());
    }
}
