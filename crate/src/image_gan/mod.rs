//! The image GANs (`mnist-mlp`): training on 28×28 digits and what the digit views see.
//!
//! Data flows: [`crate::data::digits`] (real images) → [`trainer::ImageGanTrainer`] (one D-step
//! on a real batch and detached fakes, then one G-step) → [`snapshot::ImageSnapshot`] (fixed-noise
//! samples, losses, D's verdicts; one read-back).

use burn::prelude::*;

use crate::data::digits::PIXELS;
use crate::error::TrainError;
use crate::models::mnist_mlp::{DiscriminatorConfig, GeneratorConfig};

pub mod snapshot;
pub mod trainer;

/// Everything that defines an image-GAN run but the seed and the data; the defaults are seed
/// 003's (`mnist-mlp`): batch 100, Adam lr 1e-3 with β = (0.5, 0.999), 16 fixed-noise samples.
#[derive(Config, Debug)]
pub struct ImageGanConfig {
    /// The generator's layers.
    #[config(default = "GeneratorConfig::new()")]
    pub generator: GeneratorConfig,
    /// The discriminator's layers.
    #[config(default = "DiscriminatorConfig::new()")]
    pub discriminator: DiscriminatorConfig,
    /// Real images (and fakes) per step.
    #[config(default = 100)]
    pub batch_size: usize,
    /// Adam's learning rate, for both networks.
    #[config(default = 1e-3)]
    pub learning_rate: f64,
    /// Adam's β₁ (momentum); the seed lowers it from PyTorch's 0.9 to 0.5, as DCGAN does.
    #[config(default = 0.5)]
    pub beta_1: f32,
    /// Adam's β₂.
    #[config(default = 0.999)]
    pub beta_2: f32,
    /// Adam's ε: PyTorch's default (burn's is 1e-5).
    #[config(default = 1e-8)]
    pub epsilon: f32,
    /// Images generated from the fixed noise in every snapshot (a 4×4 grid by default).
    #[config(default = 16)]
    pub visual_samples: usize,
}

impl ImageGanConfig {
    /// Checks the values a user can change; a failure names the setting.
    pub fn validate(&self) -> Result<(), TrainError> {
        let bad = |message: String| Err(TrainError::Settings(message));
        if (self.generator.pixels, self.discriminator.pixels) != (PIXELS, PIXELS) {
            return bad(format!("both networks must work on {PIXELS}-pixel (28×28) images"));
        }
        if self.generator.latent == 0 || self.generator.hidden.contains(&0) || self.discriminator.hidden.contains(&0) {
            return bad("every layer needs at least one unit".into());
        }
        if !(1..=1000).contains(&self.batch_size) {
            return bad(format!("the batch size must be 1–1000, not {}", self.batch_size));
        }
        if !(1..=64).contains(&self.visual_samples) {
            return bad(format!("the grid shows 1–64 samples, not {}", self.visual_samples));
        }
        if !(self.learning_rate > 0.0 && self.learning_rate <= 1.0) {
            return bad(format!("the learning rate must be in (0, 1], not {}", self.learning_rate));
        }
        let in_unit = |x: f32| (0.0..1.0).contains(&x);
        if !(in_unit(self.beta_1) && in_unit(self.beta_2) && self.epsilon > 0.0) {
            return bad("Adam needs 0 ≤ β₁, β₂ < 1 and ε > 0".into());
        }
        if !(0.0..1.0).contains(&self.discriminator.dropout) || !self.discriminator.slope.is_finite() {
            return bad("dropout must be in [0, 1) and the LeakyReLU slope finite".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_seed_003s_and_bad_values_are_named() {
        let config = ImageGanConfig::new();
        assert!(config.validate().is_ok());
        assert_eq!((config.batch_size, config.learning_rate, config.beta_1, config.beta_2), (100, 1e-3, 0.5, 0.999));
        assert_eq!((config.generator.latent, config.visual_samples), (100, 16));
        let refused = |config: ImageGanConfig, expected: &str| match config.validate() {
            Err(TrainError::Settings(message)) => {
                assert!(message.contains(expected), "{message:?} should say {expected:?}")
            }
            other => panic!("expected a settings error, got {other:?}"),
        };
        refused(ImageGanConfig::new().with_batch_size(0), "batch size");
        refused(ImageGanConfig::new().with_visual_samples(65), "1–64 samples");
        refused(ImageGanConfig::new().with_learning_rate(f64::NAN), "learning rate");
        refused(ImageGanConfig::new().with_beta_1(1.0), "β₁");
        refused(ImageGanConfig::new().with_generator(GeneratorConfig::new().with_pixels(100)), "784-pixel");
        refused(ImageGanConfig::new().with_discriminator(DiscriminatorConfig::new().with_hidden(vec![0])), "one unit");
        refused(ImageGanConfig::new().with_discriminator(DiscriminatorConfig::new().with_dropout(1.0)), "dropout");
    }
}
