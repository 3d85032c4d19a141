//! The training keys the MLP labs share (the 1D and the 2D lab: networks, noise, loss, steps,
//! optimisers; www/src/state/url.ts declares them once for both), and their translation into
//! an [`MlpGanConfig`]. Each lab's settings add its own keys (what it trains on) around these.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::TrainError;
use crate::labs::mlp_gan::config::{GanLoss, MlpGanConfig, NoiseConfig, StepOrder};
use crate::models::gan1d::{Activation, MlpConfig};
use crate::optim::OptimizerConfig;

/// Largest latent dimension, hidden width and depth the UI offers (and the crate accepts).
pub const MAX_LATENT: usize = 8;
/// Widest hidden layer.
pub const MAX_WIDTH: usize = 256;
/// Most hidden layers per network.
pub const MAX_DEPTH: usize = 4;
/// Largest batch.
pub const MAX_BATCH: usize = 4096;

/// The training keys of an MLP lab; see www/src/protocol.ts for each one's meaning.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct TrainingKeys {
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

/// A lab's settings (whose struct flattens [`TrainingKeys`] in) from the page's JSON, refusing
/// unknown fields: serde cannot beside a flattened struct, so the names read are compared with
/// the names given (`lab`, the tag, aside).
pub(crate) fn from_value_strictly<T: DeserializeOwned + Serialize>(value: serde_json::Value) -> Result<T, TrainError> {
    let settings: T = serde_json::from_value(value.clone()).map_err(|e| TrainError::Settings(e.to_string()))?;
    let known = serde_json::to_value(&settings).map_err(|e| TrainError::Settings(e.to_string()))?;
    if let (Some(given), Some(known)) = (value.as_object(), known.as_object()) {
        if let Some(unknown) = given.keys().find(|key| *key != "lab" && !known.contains_key(*key)) {
            return Err(TrainError::Settings(format!("unknown field `{unknown}`")));
        }
    }
    Ok(settings)
}

/// [`from_value_strictly`] of JSON text.
pub(crate) fn from_json_strictly<T: DeserializeOwned + Serialize>(json: &str) -> Result<T, TrainError> {
    from_value_strictly(serde_json::from_str(json).map_err(|e| TrainError::Settings(e.to_string()))?)
}

/// `name` as a value in (0, max], or the sentence that says it is not.
pub(crate) fn positive(name: &str, v: f64, max: f64) -> Result<f64, TrainError> {
    if v > 0.0 && v <= max { Ok(v) } else { Err(TrainError::Settings(format!("{name} must be in (0, {max}], not {v}"))) }
}

fn unit(name: &str, v: f64) -> Result<f64, TrainError> {
    if (0.0..1.0).contains(&v) { Ok(v) } else { Err(TrainError::Settings(format!("{name} must be in [0, 1), not {v}"))) }
}

impl TrainingKeys {
    /// The GAN these keys describe, on samples `sample_width` wide, D judging `pack` at a
    /// time. Every range the page enforces is checked again here.
    pub fn config(&self, sample_width: usize, pack: usize) -> Result<MlpGanConfig, TrainError> {
        let bad = |what: String| Err(TrainError::Settings(what));
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
        if !(0.0..0.5).contains(&self.smooth) {
            return bad("smooth must be in [0, 0.5)".into());
        }
        let activation = match self.activation {
            ActivationKind::Leakyrelu => Activation::LeakyRelu { slope: unit("slope", self.slope)? },
            ActivationKind::Relu => Activation::Relu,
            ActivationKind::Tanh => Activation::Tanh,
        };
        let optimizer = |kind, lr: f64, momentum: f64, beta_1: f64, beta_2: f64| -> Result<OptimizerConfig, TrainError> {
            let learning_rate = positive("learning rate", lr, crate::optim::MAX_LEARNING_RATE)?;
            let (momentum, beta_1, beta_2) = (unit("momentum", momentum)?, unit("β1", beta_1)?, unit("β2", beta_2)?);
            Ok(match kind {
                OptimizerKind::Sgd => OptimizerConfig::Sgd { learning_rate, momentum },
                OptimizerKind::Adam => OptimizerConfig::Adam { learning_rate, beta_1: beta_1 as f32, beta_2: beta_2 as f32 },
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
        let config = MlpGanConfig {
            generator: MlpConfig::new(self.latent, self.g_hidden.clone(), sample_width, activation)
                .with_activate_output(self.g_output == GeneratorOutput::Activation),
            discriminator: MlpConfig::new(sample_width * pack, self.d_hidden.clone(), 1, activation),
            noise: match self.noise {
                NoiseKind::Uniform => NoiseConfig::Uniform { low: -1.0, high: 1.0 },
                NoiseKind::Normal => NoiseConfig::Normal { mean: 0.0, std: 1.0 },
            },
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
            pack,
        };
        config.validate()?;
        Ok(config)
    }
}
