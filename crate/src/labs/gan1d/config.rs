//! What defines a 1D GAN run ([`Gan1dConfig`]): the networks, the noise, the target, the loss,
//! the order of the steps and the optimisers. Built from the page's settings (settings.rs),
//! which also holds the presets; this file imports nothing of the lab's but its targets.

use crate::error::TrainError;
use crate::labs::gan1d::targets::Target;
pub use crate::labs::mlp_gan::config::{GanLoss, MlpGanConfig, NoiseConfig, StepOrder};

/// Everything that defines a 1D GAN training run (with the seed, a reproducible one): the GAN
/// (shared with the 2D lab) and the target.
#[derive(Clone, Debug)]
pub struct Gan1dConfig {
    /// The networks, noise, loss, steps and optimisers.
    pub gan: MlpGanConfig,
    /// The real data.
    pub target: Target,
    /// How many fixed-noise samples the views and metrics are computed from.
    pub visual_samples: usize,
    /// Bins of the shared real/generated histogram.
    pub histogram_bins: usize,
    /// Points of the D(x) curve and of the generator map.
    pub curve_points: usize,
}

impl Gan1dConfig {
    /// The run of the 1D preset `id` of `crate/presets.json`.
    pub fn preset(id: &str) -> Result<Self, TrainError> {
        crate::labs::gan1d::settings::Gan1dSettings::preset(id, 0)?.config(None)
    }

    /// Checks what the types cannot: sizes and ranges a run needs.
    pub fn validate(&self) -> Result<(), TrainError> {
        self.gan.validate()?;
        if self.gan.generator.d_output != 1 || self.gan.pack != 1 {
            return Err(TrainError::Settings("the 1D GAN has scalar samples and no packing".into()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::OptimizerConfig;

    #[test]
    fn every_preset_is_a_valid_run() {
        for id in crate::labs::presets::ids("gan1d") {
            Gan1dConfig::preset(&id).unwrap().validate().unwrap();
        }
        assert!(Gan1dConfig::preset("seed000-2d").is_err());
    }

    #[test]
    fn seed000_matches_the_seed() {
        let config = Gan1dConfig::preset("seed000-1d").unwrap();
        assert_eq!(config.gan.generator.hidden, vec![8, 16]);
        assert!(config.gan.generator.activate_output);
        assert_eq!(config.gan.discriminator.hidden, vec![8]);
        assert!(!config.gan.discriminator.activate_output);
        assert_eq!(config.gan.generator.activation, crate::models::mlp::Activation::LeakyRelu { slope: 0.1 });
        assert_eq!(config.gan.batch_size, 512);
        assert_eq!(config.gan.discriminator_steps, 2);
        assert_eq!(config.gan.order, StepOrder::DiscriminatorFirst);
        assert!(!config.gan.discriminator_loss_mean);
        assert_eq!(config.gan.loss, GanLoss::NonSaturating);
        let adam = OptimizerConfig::Adam { learning_rate: 5e-4, beta_1: 0.9, beta_2: 0.999 };
        assert_eq!((config.gan.generator_optimizer, config.gan.discriminator_optimizer), (adam, adam));
        assert_eq!(config.gan.noise, NoiseConfig::Uniform { low: -1.0, high: 1.0 });
        assert_eq!(config.target, Target::Gaussian { mean: 0.0, std: 1.0 });
    }

    #[test]
    fn seed001_matches_the_seed() {
        let config = Gan1dConfig::preset("seed001-mixture").unwrap();
        assert_eq!(config.gan.generator.hidden, vec![3]);
        assert_eq!(config.gan.generator.activation, crate::models::mlp::Activation::Relu);
        assert!(!config.gan.generator.activate_output);
        assert!(config.gan.discriminator.hidden.is_empty(), "D is logistic regression, 1→1");
        assert_eq!(config.gan.noise, NoiseConfig::Normal { mean: 0.0, std: 1.0 });
        assert_eq!(config.gan.order, StepOrder::GeneratorFirst);
        assert!(config.gan.discriminator_loss_mean);
        assert_eq!(config.gan.loss, GanLoss::NonSaturating);
        assert!(matches!(config.gan.generator_optimizer, OptimizerConfig::Sgd { momentum: 0.0, .. }));
        assert!(matches!(config.gan.discriminator_optimizer, OptimizerConfig::Sgd { momentum: 0.0, .. }));
        assert!(matches!(config.target, Target::Mixture(ref c) if c.len() >= 2));
    }
}
