//! What defines the GAN of the labs whose networks are small MLPs on points (the 1D and the 2D
//! lab): the two networks, the noise, the loss, the order of the steps, the optimisers, and
//! packing. Each lab adds what it trains on and what its views draw.

use crate::error::TrainError;
use crate::models::mlp::MlpConfig;
use crate::optim::OptimizerConfig;

/// Distribution of the generator's input noise z.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NoiseConfig {
    /// z ~ U(low, high).
    Uniform {
        /// The lower end of z's range, in each dimension (−1 from the `noise` key).
        low: f64,
        /// The upper end (1 from the `noise` key).
        high: f64,
    },
    /// z ~ N(mean, std²).
    Normal {
        /// The mean, in each dimension (0 from the `noise` key).
        mean: f64,
        /// The standard deviation σ (1 from the `noise` key).
        std: f64,
    },
}

impl NoiseConfig {
    /// The range of z a view spans: the support, or ±2σ (where nearly all of z falls).
    pub fn view_range(self, sigmas: f64) -> (f64, f64) {
        match self {
            NoiseConfig::Uniform { low, high } => (low, high),
            NoiseConfig::Normal { mean, std } => (mean - sigmas * std, mean + sigmas * std),
        }
    }
}

/// The adversarial objective.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum GanLoss {
    /// D: BCE; G minimises E[log(1 − D(G(z)))] (Goodfellow et al.'s original form, saturates).
    Minimax,
    /// D: BCE; G minimises −E[log D(G(z))] (the seeds' choice).
    NonSaturating,
    /// LSGAN: D's raw output regressed to 1 for real, 0 for fake; G pushes D(G(z)) to 1.
    LeastSquares,
    /// Wasserstein with a gradient penalty: D is a critic, E[D(fake)] − E[D(real)] +
    /// λ·E[max(0, |∂D/∂x| − 1)²] (one-sided: see [`crate::loss::gradient_penalty`]); G minimises −E[D(G(z))].
    WassersteinGp {
        /// The gradient penalty's weight λ.
        penalty: f64,
    },
}

/// In which order the networks step within one iteration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepOrder {
    /// k D-steps on fresh, detached fakes, then one G-step (seed 000, Goodfellow et al.).
    DiscriminatorFirst,
    /// One G-step, then one D-step on the same fakes, detached (seed 001).
    GeneratorFirst,
}

/// The GAN of an MLP lab (with the seed, a reproducible run).
#[derive(Clone, Debug, PartialEq)]
pub struct MlpGanConfig {
    /// The generator, z → a sample.
    pub generator: MlpConfig,
    /// The discriminator, `pack` samples side by side → logit of "real" (or a critic's score).
    pub discriminator: MlpConfig,
    /// The generator's input noise (in `generator.d_input` dimensions).
    pub noise: NoiseConfig,
    /// Samples per batch, real and fake alike.
    pub batch_size: usize,
    /// D-steps per G-step (k in Goodfellow et al.); `DiscriminatorFirst` only.
    pub discriminator_steps: usize,
    /// Order of the steps within an iteration.
    pub order: StepOrder,
    /// D's loss is the mean of its real and fake terms (seed 001) instead of their sum.
    pub discriminator_loss_mean: bool,
    /// The objective.
    pub loss: GanLoss,
    /// One-sided label smoothing: D's target for real samples is `1 − label_smoothing`.
    pub label_smoothing: f64,
    /// The decay of the average of G's weights that draws what the lab shows of G
    /// ([`crate::ema::WeightAverage`]); 0 for G as the latest step left it.
    pub generator_average: f64,
    /// The generator's optimiser.
    pub generator_optimizer: OptimizerConfig,
    /// The discriminator's optimiser.
    pub discriminator_optimizer: OptimizerConfig,
    /// PacGAN's packing (Lin et al. 2018): D judges `pack` samples of one kind side by side, so
    /// a generator that puts every sample in one mode is seen through; 1 is an ordinary GAN.
    pub pack: usize,
}

impl MlpGanConfig {
    /// The width of one sample (1 in the 1D lab, 2 in the 2D lab).
    pub fn sample_width(&self) -> usize {
        self.generator.d_output
    }

    /// Checks what the types cannot: sizes and ranges a run needs.
    pub fn validate(&self) -> Result<(), TrainError> {
        let bad = |what: &str| Err(TrainError::Settings(what.into()));
        if self.batch_size == 0 || self.discriminator_steps == 0 || self.pack == 0 {
            return bad("batch size, D-steps per G-step and pack must be at least 1");
        }
        if !self.batch_size.is_multiple_of(self.pack) {
            return bad("the batch must be a whole number of packs");
        }
        if self.generator.d_input == 0 || self.discriminator.d_input != self.sample_width() * self.pack || self.discriminator.d_output != 1
        {
            return bad("D must take `pack` samples of G's width and give one score");
        }
        for optimizer in [self.generator_optimizer, self.discriminator_optimizer] {
            if !(optimizer.learning_rate() > 0.0 && optimizer.learning_rate().is_finite()) {
                return bad("learning rates must be positive");
            }
        }
        if !(0.0..0.5).contains(&self.label_smoothing) {
            return bad("label smoothing must be in [0, 0.5)");
        }
        if !(0.0..1.0).contains(&self.generator_average) {
            return bad("the average of G's weights must decay by a factor in [0, 1)");
        }
        Ok(())
    }
}
