//! Training configurations and the presets built from the seeds (shared/DESIGN.md §3).

use burn::prelude::*;

use crate::models::gan1d::MlpConfig;

/// A named, reproducible starting point; the ids are part of the URL contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// Seed 000: a uniform→Gaussian 1D GAN, exactly as the seed's PyTorch.
    Seed0001d,
}

impl Preset {
    /// Every preset, in the order the UI lists them.
    pub const ALL: [Preset; 1] = [Preset::Seed0001d];

    /// The id used in URLs and in the widget protocol.
    pub fn id(self) -> &'static str {
        match self {
            Preset::Seed0001d => "seed000-1d",
        }
    }

    /// The preset with this id, if any.
    pub fn from_id(id: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|preset| preset.id() == id)
    }

    /// The full training configuration of this preset.
    pub fn config(self) -> Gan1dConfig {
        match self {
            Preset::Seed0001d => Gan1dConfig::new(
                MlpConfig::new(vec![8, 16]).with_activate_output(true),
                MlpConfig::new(vec![8]),
            ),
        }
    }
}

/// Distribution of the generator's input noise z.
#[derive(Config, Debug, Copy, PartialEq)]
pub enum NoiseConfig {
    /// z ~ U(low, high).
    Uniform {
        /// Lower bound.
        low: f64,
        /// Upper bound.
        high: f64,
    },
    /// z ~ N(mean, std).
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        std: f64,
    },
}

/// The distribution the generator must learn.
#[derive(Config, Debug, Copy, PartialEq)]
pub enum TargetConfig {
    /// A Gaussian N(mean, std).
    Gaussian {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        std: f64,
    },
}

/// Everything that defines a 1D GAN training run (with the seed, a reproducible one).
#[derive(Config, Debug)]
pub struct Gan1dConfig {
    /// The generator, z → x.
    pub generator: MlpConfig,
    /// The discriminator, x → logit of "real".
    pub discriminator: MlpConfig,
    /// The generator's input noise.
    #[config(default = "NoiseConfig::Uniform { low: -1.0, high: 1.0 }")]
    pub noise: NoiseConfig,
    /// The real data.
    #[config(default = "TargetConfig::Gaussian { mean: 0.0, std: 1.0 }")]
    pub target: TargetConfig,
    /// Samples per batch, real and fake alike.
    #[config(default = 512)]
    pub batch_size: usize,
    /// D-steps per G-step (k in Goodfellow et al.).
    #[config(default = 2)]
    pub discriminator_steps: usize,
    /// Adam learning rate of the generator.
    #[config(default = 5e-4)]
    pub generator_learning_rate: f64,
    /// Adam learning rate of the discriminator.
    #[config(default = 5e-4)]
    pub discriminator_learning_rate: f64,
    /// Adam β1 (PyTorch's default, as in the seed).
    #[config(default = 0.9)]
    pub beta_1: f32,
    /// Adam β2.
    #[config(default = 0.999)]
    pub beta_2: f32,
    /// Adam ε (PyTorch's default; burn's is 1e-5).
    #[config(default = 1e-8)]
    pub epsilon: f32,
    /// How many fixed-noise samples the views and metrics are computed from.
    #[config(default = 10_000)]
    pub visual_samples: usize,
    /// Bins of the shared real/generated histogram.
    #[config(default = 64)]
    pub histogram_bins: usize,
    /// Points of the D(x) curve and of the generator map.
    #[config(default = 161)]
    pub curve_points: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preset_ids_round_trip() {
        for preset in Preset::ALL {
            assert_eq!(Preset::from_id(preset.id()), Some(preset));
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
        assert_eq!(config.generator.negative_slope, 0.1);
        assert_eq!(config.batch_size, 512);
        assert_eq!(config.discriminator_steps, 2);
        assert_eq!(config.generator_learning_rate, 5e-4);
        assert_eq!(config.noise, NoiseConfig::Uniform { low: -1.0, high: 1.0 });
        assert_eq!(config.target, TargetConfig::Gaussian { mean: 0.0, std: 1.0 });
    }
}
