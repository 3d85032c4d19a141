//! The training keys the MLP labs share (the 1D and the 2D lab: networks, noise, loss, steps,
//! optimisers; www/src/state/url.ts declares them once for both), and their translation into
//! an [`MlpGanConfig`]. Each lab's settings add its own keys (what it trains on) around these.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::error::TrainError;
use crate::labs::mlp_gan::config::{GanLoss, MlpGanConfig, NoiseConfig, StepOrder};
use crate::models::mlp::{Activation, MlpConfig};
pub use crate::optim::{OptimizerKeys, OptimizerKind};

/// Largest latent dimension, hidden width and depth the UI offers (and the crate accepts).
pub const MAX_LATENT: usize = 8;
/// Widest hidden layer.
pub const MAX_WIDTH: usize = 256;
/// Most hidden layers per network.
pub const MAX_DEPTH: usize = 4;
/// Largest batch.
pub const MAX_BATCH: usize = 4096;

/// The training keys of an MLP lab (the URL keys of docs/url-keys.md), shared by the 1D and
/// the 2D lab.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
pub struct TrainingKeys {
    /// z ~ U(−1, 1) or N(0, 1), in `latent` dimensions (1–8).
    pub noise: NoiseKind,
    /// The noise's dimension.
    pub latent: usize,
    /// G's hidden layer widths; `[]` = no hidden layer (a linear network).
    pub g_hidden: Vec<usize>,
    /// D's hidden layer widths; `[]` = no hidden layer (logistic regression).
    pub d_hidden: Vec<usize>,
    /// The hidden layers' activation.
    pub activation: ActivationKind,
    /// LeakyReLU's negative slope.
    pub slope: f64,
    /// Whether G's output layer is followed by the activation too (seed 000) or is linear.
    pub g_output: GeneratorOutput,
    /// Samples per batch.
    pub batch: usize,
    /// D-steps per G-step.
    pub k: usize,
    /// `d-first`: k D-steps on detached fakes, then a G-step; `g-first`: G-step, then one
    /// D-step on the same fakes (seed 001).
    pub order: OrderKind,
    /// D loss = real BCE + fake BCE (`sum`) or their mean (`mean`, seed 001).
    pub d_reduce: Reduction,
    /// The GAN loss.
    pub loss: LossKind,
    /// Gradient-penalty weight λ for `wgan-gp`.
    pub gp: f64,
    /// One-sided label smoothing: D's target for real samples is 1 − smooth.
    pub smooth: f64,
    /// The decay of the average of G's weights that the views are drawn by (0: G as it is).
    pub ema: f64,
    /// Each network's optimiser (`g_opt`, `g_lr`, …, `d_beta2`).
    #[serde(flatten)]
    pub optimizers: OptimizerKeys,
}

/// `noise`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum NoiseKind {
    /// z ~ U(−1, 1) in each dimension.
    Uniform,
    /// z ~ N(0, 1) in each dimension.
    Normal,
}

/// `activation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum ActivationKind {
    /// LeakyReLU with the `slope` key's negative slope.
    Leakyrelu,
    /// ReLU: max(0, x).
    Relu,
    /// tanh.
    Tanh,
}

/// `g_output`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum GeneratorOutput {
    /// G's output layer is linear.
    Linear,
    /// G's output layer is followed by the hidden layers' activation (seed 000).
    Activation,
}

/// `order`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "kebab-case")]
pub enum OrderKind {
    /// k D-steps on fresh, detached fakes, then one G-step (seed 000, Goodfellow et al.).
    DFirst,
    /// One G-step, then one D-step on the same fakes, detached (seed 001).
    GFirst,
}

/// `d_reduce`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum Reduction {
    /// D's loss is the sum of its real and fake terms.
    Sum,
    /// D's loss is the mean of its real and fake terms (seed 001).
    Mean,
}

/// `loss`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "kebab-case")]
pub enum LossKind {
    /// D: BCE; G minimises E[log(1 − D(G(z)))] (Goodfellow et al.'s original form, saturates).
    Minimax,
    /// D: BCE; G minimises −E[log D(G(z))] (the seeds' choice).
    Nonsaturating,
    /// LSGAN: D's raw output regressed to 1 for real, 0 for fake; G pushes D(G(z)) to 1.
    Leastsquares,
    /// Wasserstein with a gradient penalty of weight `gp`: D is a critic.
    WganGp,
}

/// A lab's settings (whose struct flattens [`TrainingKeys`] in) from the page's JSON, refusing
/// unknown fields: serde cannot beside a flattened struct, so the names read are compared with
/// the names given (`lab`, the tag, aside).
pub(crate) fn from_value_strictly<T: DeserializeOwned + Serialize>(value: serde_json::Value) -> Result<T, TrainError> {
    let settings: T = serde_json::from_value(value.clone()).map_err(|e| TrainError::Settings(e.to_string()))?;
    let known = serde_json::to_value(&settings).map_err(|e| TrainError::Settings(e.to_string()))?;
    if let (Some(given), Some(known)) = (value.as_object(), known.as_object())
        && let Some(unknown) = given.keys().find(|key| *key != "lab" && !known.contains_key(*key))
    {
        return Err(TrainError::Settings(format!("unknown field `{unknown}`")));
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
        if !(0.0..1.0).contains(&self.ema) {
            return bad("ema must be in [0, 1)".into());
        }
        let activation = match self.activation {
            ActivationKind::Leakyrelu => Activation::LeakyRelu { slope: unit("slope", self.slope)? },
            ActivationKind::Relu => Activation::Relu,
            ActivationKind::Tanh => Activation::Tanh,
        };
        let [generator, discriminator] = self.optimizers.optimizers()?;
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
            generator_average: self.ema,
            generator_optimizer: generator,
            discriminator_optimizer: discriminator,
            pack,
        };
        config.validate()?;
        Ok(config)
    }
}
