//! What defines a digit GAN run ([`DigitsConfig`]) and the digit presets' networks.

use burn::prelude::*;

use super::networks::ImageNetworksConfig;
use super::settings::DigitsSettings;
use crate::error::TrainError;
use crate::optim::OptimizerConfig;

/// Everything that defines an image-GAN run but the seed and the data; the defaults are seed
/// 003's (`mnist-mlp`): batch 100, Adam lr 1e-3 with β = (0.5, 0.999) for each network, 16
/// fixed-noise samples.
#[derive(Config, Debug)]
pub struct DigitsConfig {
    /// The generator's and the discriminator's layers.
    #[config(default = "ImageNetworksConfig::mlp()")]
    pub networks: ImageNetworksConfig,
    /// Real images (and fakes) per step.
    #[config(default = 100)]
    pub batch_size: usize,
    /// G's optimiser (seed 003's: Adam, learning rate 1e-3, β = (0.5, 0.999): PyTorch's β₁
    /// of 0.9 lowered to 0.5, as DCGAN does).
    #[config(default = "OptimizerConfig::Adam { learning_rate: 1e-3, beta_1: 0.5, beta_2: 0.999 }")]
    pub generator_optimizer: OptimizerConfig,
    /// D's optimiser (as G's by default).
    #[config(default = "OptimizerConfig::Adam { learning_rate: 1e-3, beta_1: 0.5, beta_2: 0.999 }")]
    pub discriminator_optimizer: OptimizerConfig,
    /// Images generated from the fixed noise in every snapshot (a 4×4 grid by default).
    #[config(default = 16)]
    pub visual_samples: usize,
    /// The decay of an exponential moving average of G's weights that draws every image shown
    /// (see [`super::ema`]); 0: the views draw G as trained, as the seeds do.
    #[config(default = 0.0)]
    pub ema_decay: f64,
}

impl DigitsConfig {
    /// `mnist-mlp` (DESIGN §3): seed 003's MLP GAN, as [`DigitsConfig::new`].
    pub fn mnist_mlp() -> Self {
        Self::from_presets_file("mnist-mlp")
    }

    /// `mnist-dcgan` (DESIGN §3): the DCGAN with Adam lr 2e-4, β (0.5, 0.999), and the seed's
    /// batch of 100. Natively on the CPU (2 cores) it runs ~1.4 iterations/s, against ~18 for
    /// mnist-mlp, but learns faster per iteration: with seed 0 the judge's Inception Score of
    /// its samples was 2.6 / 3.7 / 4.0 / 4.3 after 100 / 200 / 300 / 400 iterations (mnist-mlp:
    /// 1.06 after 300), with 8 classes among the confident verdicts.
    pub fn mnist_dcgan() -> Self {
        Self::from_presets_file("mnist-dcgan")
    }

    /// `mnist-minute`: all ten digits in the first minute on a laptop CPU. A small
    /// conditional DCGAN (half of `mnist-dcgan`'s channels, z of 64: ~¼ of its arithmetic per
    /// image; G told the digit, D a projection discriminator), a batch of 32, Adam lr 2e-3
    /// with β (0.5, 0.999) for both networks, and the views drawn by an exponential moving
    /// average of G's weights (decay 0.999, warmed up). Natively on 2 cores (seed 0), the
    /// judge read 86 % of its images confidently after 30 s and 94 % after 60 s, all ten
    /// digits; the unconditional net with the PyTorch reference's settings (batch 64, lr
    /// 5e-4) 30 % and 36 %. README's measuring section has each step.
    pub fn mnist_minute() -> Self {
        Self::from_presets_file("mnist-minute")
    }

    /// The digit preset `id` of `crate/presets.json` (its networks, batch, average and
    /// optimisers, all from the file), or `None`.
    pub fn preset(id: &str) -> Option<Self> {
        DigitsSettings::preset(id, 0).and_then(|settings| settings.config()).ok()
    }

    /// A preset this crate defines and its file declares (a test checks every one).
    fn from_presets_file(id: &str) -> Self {
        Self::preset(id).unwrap_or_else(|| panic!("crate/presets.json declares the digit preset {id}"))
    }

    /// `mnist-cgan` (DESIGN §3): the MLP GAN conditioned on the label, training as mnist-mlp.
    /// Which digit the views draw is not part of the run ([`super::trainer::DigitsTrainer::set_view_digit`]).
    pub fn mnist_cgan() -> Self {
        Self::from_presets_file("mnist-cgan")
    }

    /// `[G's, D's]` optimiser.
    pub fn optimizers(&self) -> [OptimizerConfig; 2] {
        [self.generator_optimizer, self.discriminator_optimizer]
    }

    /// The side of the square grid of `visual_samples` images (4 for 16).
    pub fn grid_side(&self) -> usize {
        (1..=self.visual_samples).take_while(|s| s * s <= self.visual_samples).last().unwrap_or(1)
    }

    /// Checks the values a user can change; a failure names the setting.
    pub fn validate(&self) -> Result<(), TrainError> {
        let bad = |message: String| Err(TrainError::Settings(message));
        self.networks.validate()?;
        if !(1..=1000).contains(&self.batch_size) {
            return bad(format!("the batch size must be 1–1000, not {}", self.batch_size));
        }
        if !(1..=64).contains(&self.visual_samples) {
            return bad(format!("the grid shows 1–64 samples, not {}", self.visual_samples));
        }
        for optimizer in self.optimizers() {
            let lr = optimizer.learning_rate();
            if !(lr > 0.0 && lr <= crate::optim::MAX_LEARNING_RATE) {
                return bad(format!("the learning rate must be in (0, {}], not {lr}", crate::optim::MAX_LEARNING_RATE));
            }
            if let OptimizerConfig::Adam { beta_1, beta_2, .. } = optimizer
                && !((0.0..1.0).contains(&beta_1) && (0.0..1.0).contains(&beta_2))
            {
                return bad("Adam needs 0 ≤ β₁, β₂ < 1".into());
            }
        }
        if !(0.0..1.0).contains(&self.ema_decay) {
            return bad(format!("the average of G's weights needs a decay in [0, 1), not {}", self.ema_decay));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::mnist_mlp::{DiscriminatorConfig, GeneratorConfig};

    fn mlp(generator: GeneratorConfig, discriminator: DiscriminatorConfig) -> DigitsConfig {
        DigitsConfig::new().with_networks(ImageNetworksConfig::Mlp { generator, discriminator })
    }

    #[test]
    fn defaults_are_seed_003s_and_bad_values_are_named() {
        let config = DigitsConfig::new();
        assert!(config.validate().is_ok());
        let adam = |learning_rate| OptimizerConfig::Adam { learning_rate, beta_1: 0.5, beta_2: 0.999 };
        assert_eq!((config.batch_size, config.optimizers()), (100, [adam(1e-3), adam(1e-3)]));
        assert_eq!((config.networks.latent(), config.visual_samples), (100, 16));
        let dcgan = DigitsConfig::mnist_dcgan();
        assert!(dcgan.validate().is_ok() && !dcgan.networks.is_conditional());
        assert_eq!((dcgan.batch_size, dcgan.optimizers()), (100, [adam(2e-4), adam(2e-4)]));
        let cgan = DigitsConfig::mnist_cgan();
        assert!(cgan.validate().is_ok() && cgan.networks.is_conditional());
        assert_eq!((cgan.batch_size, cgan.optimizers(), cgan.networks.latent()), (100, [adam(1e-3), adam(1e-3)], 100));
        let minute = DigitsConfig::mnist_minute();
        assert!(minute.validate().is_ok() && minute.networks.is_conditional());
        assert_eq!(
            (minute.batch_size, minute.optimizers(), minute.ema_decay, minute.networks.latent()),
            (32, [adam(2e-3), adam(2e-3)], 0.999, 64)
        );
        assert_eq!((minute.grid_side(), minute.clone().with_visual_samples(64).grid_side()), (4, 8));
        // Every digit preset of the file has networks here, and says truly whether it is conditional.
        let ids = crate::labs::presets::ids("digits");
        assert_eq!(ids.len(), 4);
        for id in &ids {
            let config = DigitsConfig::preset(id).unwrap_or_else(|| panic!("{id} has no networks"));
            assert!(config.validate().is_ok(), "{id}");
            assert_eq!(crate::labs::presets::entry(id).unwrap().conditional, config.networks.is_conditional(), "{id}");
        }
        assert!(DigitsConfig::preset("mnist-gan").is_none());
        let refused = |config: DigitsConfig, expected: &str| match config.validate() {
            Err(TrainError::Settings(message)) => {
                assert!(message.contains(expected), "{message:?} should say {expected:?}")
            }
            other => panic!("expected a settings error, got {other:?}"),
        };
        refused(DigitsConfig::new().with_batch_size(0), "batch size");
        refused(DigitsConfig::new().with_visual_samples(65), "1–64 samples");
        refused(DigitsConfig::new().with_discriminator_optimizer(adam(f64::NAN)), "learning rate");
        let beta = OptimizerConfig::Adam { learning_rate: 1e-3, beta_1: 1.0, beta_2: 0.999 };
        refused(DigitsConfig::new().with_generator_optimizer(beta), "β₁");
        refused(DigitsConfig::new().with_ema_decay(1.0), "decay");
        refused(mlp(GeneratorConfig::new().with_pixels(100), DiscriminatorConfig::new()), "784-pixel");
        refused(mlp(GeneratorConfig::new(), DiscriminatorConfig::new().with_hidden(vec![0])), "one unit");
        refused(mlp(GeneratorConfig::new(), DiscriminatorConfig::new().with_dropout(1.0)), "dropout");
        let narrow = crate::models::mnist_dcgan::GeneratorConfig::new().with_base_channels(0);
        let discriminator = crate::models::mnist_dcgan::DiscriminatorConfig::new();
        refused(DigitsConfig::new().with_networks(ImageNetworksConfig::Dcgan { generator: narrow, discriminator }), "one unit");
    }
}
