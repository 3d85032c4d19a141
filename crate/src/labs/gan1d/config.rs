//! What defines a 1D GAN run ([`Gan1dConfig`]): the networks, the noise, the target, the loss,
//! the order of the steps and the optimisers. Built from the page's settings (settings.rs),
//! which also holds the presets; this file imports nothing of the lab's but its targets.

use std::ops::{Deref, DerefMut};

use crate::error::TrainError;
use crate::labs::gan1d::targets::Target;
pub use crate::labs::mlp_gan::config::{GanLoss, MlpGanConfig, NoiseConfig, StepOrder};

/// Everything that defines a 1D GAN training run (with the seed, a reproducible one): the GAN
/// (shared with the 2D lab, and read through this config as if its own fields) and the target.
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

impl Deref for Gan1dConfig {
    type Target = MlpGanConfig;
    fn deref(&self) -> &MlpGanConfig {
        &self.gan
    }
}

impl DerefMut for Gan1dConfig {
    fn deref_mut(&mut self) -> &mut MlpGanConfig {
        &mut self.gan
    }
}

impl Gan1dConfig {
    /// Checks what the types cannot: sizes and ranges a run needs.
    pub fn validate(&self) -> Result<(), TrainError> {
        self.gan.validate()?;
        if self.generator.d_output != 1 || self.pack != 1 {
            return Err(TrainError::Settings("the 1D GAN has scalar samples and no packing".into()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::gan1d::settings::Preset;
    use crate::optim::OptimizerConfig;

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
