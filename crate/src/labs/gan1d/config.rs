//! What defines a 1D GAN run ([`Gan1dConfig`]): the networks, the noise, the target, the loss,
//! the order of the steps and the optimisers. Built from the page's settings (settings.rs),
//! which also holds the presets; this file imports nothing of the lab's but its targets.

use crate::labs::gan1d::targets::Target;
use crate::error::TrainError;
use crate::optim::OptimizerConfig;
use crate::models::gan1d::MlpConfig;


/// Distribution of the generator's input noise z.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NoiseConfig {
    /// z ~ U(low, high).
    Uniform { low: f64, high: f64 },
    /// z ~ N(mean, std²).
    Normal { mean: f64, std: f64 },
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

/// Everything that defines a 1D GAN training run (with the seed, a reproducible one).
#[derive(Clone, Debug)]
pub struct Gan1dConfig {
    /// The generator, z → x.
    pub generator: MlpConfig,
    /// The discriminator, x → logit of "real" (or a critic's score).
    pub discriminator: MlpConfig,
    /// The generator's input noise (in `generator.d_input` dimensions).
    pub noise: NoiseConfig,
    /// The real data.
    pub target: Target,
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
    /// The generator's optimiser.
    pub generator_optimizer: OptimizerConfig,
    /// The discriminator's optimiser.
    pub discriminator_optimizer: OptimizerConfig,
    /// How many fixed-noise samples the views and metrics are computed from.
    pub visual_samples: usize,
    /// Bins of the shared real/generated histogram.
    pub histogram_bins: usize,
    /// Points of the D(x) curve and of the generator map.
    pub curve_points: usize,
}

impl Gan1dConfig {
    /// Checks what the types cannot: sizes and ranges a run needs.
    pub fn validate(&self) -> Result<(), TrainError> {
        let bad = |what: &str| Err(TrainError::Settings(what.into()));
        if self.batch_size == 0 || self.discriminator_steps == 0 {
            return bad("batch size and D-steps per G-step must be at least 1");
        }
        if self.generator.d_input == 0 || self.generator.d_output != 1 || self.discriminator.d_input != 1 {
            return bad("the 1D GAN needs a latent dimension ≥ 1 and scalar samples");
        }
        for optimizer in [self.generator_optimizer, self.discriminator_optimizer] {
            if !(optimizer.learning_rate() > 0.0 && optimizer.learning_rate().is_finite()) {
                return bad("learning rates must be positive");
            }
        }
        if !(0.0..0.5).contains(&self.label_smoothing) {
            return bad("label smoothing must be in [0, 0.5)");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::gan1d::settings::Preset;

    #[test]
    fn preset_ids_round_trip() {
        for preset in Preset::ALL {
            assert_eq!(Preset::from_id(preset.id()), Some(preset));
            preset.config().validate().unwrap();
        }
        assert_eq!(Preset::from_id("seed000-2d"), None);
    }

    #[test]
    fn seed000_matches_the_seed() {
        let config = Preset::Seed0001d.config();
        assert_eq!(config.generator.hidden, vec![8, 16]);
        assert!(config.generator.activate_output);
        assert_eq!(config.discriminator.hidden, vec![8]);
        assert!(!config.discriminator.activate_output);
        assert_eq!(config.generator.activation, crate::models::gan1d::Activation::LeakyRelu { slope: 0.1 });
        assert_eq!(config.batch_size, 512);
        assert_eq!(config.discriminator_steps, 2);
        assert_eq!(config.order, StepOrder::DiscriminatorFirst);
        assert!(!config.discriminator_loss_mean);
        assert_eq!(config.loss, GanLoss::NonSaturating);
        let adam = OptimizerConfig::Adam { learning_rate: 5e-4, beta_1: 0.9, beta_2: 0.999 };
        assert_eq!((config.generator_optimizer, config.discriminator_optimizer), (adam, adam));
        assert_eq!(config.noise, NoiseConfig::Uniform { low: -1.0, high: 1.0 });
        assert_eq!(config.target, Target::Gaussian { mean: 0.0, std: 1.0 });
    }

    #[test]
    fn seed001_matches_the_seed() {
        let config = Preset::Seed001Mixture.config();
        assert_eq!(config.generator.hidden, vec![3]);
        assert_eq!(config.generator.activation, crate::models::gan1d::Activation::Relu);
        assert!(!config.generator.activate_output);
        assert!(config.discriminator.hidden.is_empty(), "D is logistic regression, 1→1");
        assert_eq!(config.noise, NoiseConfig::Normal { mean: 0.0, std: 1.0 });
        assert_eq!(config.order, StepOrder::GeneratorFirst);
        assert!(config.discriminator_loss_mean);
        assert_eq!(config.loss, GanLoss::NonSaturating);
        assert!(matches!(config.generator_optimizer, OptimizerConfig::Sgd { momentum: 0.0, .. }));
        assert!(matches!(config.discriminator_optimizer, OptimizerConfig::Sgd { momentum: 0.0, .. }));
        assert!(matches!(config.target, Target::Mixture(ref c) if c.len() >= 2));
    }
}
