//! The three image presets' networks behind one interface: a generator and a discriminator that
//! take flat `[batch, 784]` images, and a one-hot label `[batch, 10]` that only the conditional
//! pair reads. The trainer, the snapshots and the views hold an [`ImageGenerator`] and an
//! [`ImageDiscriminator`] and never ask which kind.

use burn::prelude::*;

use crate::error::TrainError;
use crate::gan::GanModule;
use crate::labs::digits::data::{CLASSES, PIXELS};
use crate::models::mnist_cgan::{
    ConditionalDiscriminator, ConditionalDiscriminatorConfig, ConditionalGenerator, ConditionalGeneratorConfig,
};
use crate::models::{mnist_dcgan, mnist_mlp};

/// Which networks an image GAN trains.
#[derive(Config, Debug)]
pub enum ImageNetworksConfig {
    /// `mnist-mlp`: seed 003's MLP GAN.
    Mlp {
        /// G's layers.
        generator: mnist_mlp::GeneratorConfig,
        /// D's layers.
        discriminator: mnist_mlp::DiscriminatorConfig,
    },
    /// `mnist-dcgan`: seed 003's DCGAN sized for 28×28×1.
    Dcgan {
        /// G's layers.
        generator: mnist_dcgan::GeneratorConfig,
        /// D's layers.
        discriminator: mnist_dcgan::DiscriminatorConfig,
    },
    /// `mnist-cgan`: the MLP GAN with a one-hot label beside each network's input.
    Conditional {
        /// G's layers.
        generator: ConditionalGeneratorConfig,
        /// D's layers.
        discriminator: ConditionalDiscriminatorConfig,
    },
}

impl ImageNetworksConfig {
    /// The networks a digit preset names in `crate/presets.json` (`"model": {"networks": …}`):
    /// `mlp`, `dcgan`, `conditional` or `small-conditional-dcgan`.
    pub fn named(name: &str) -> Option<Self> {
        Some(match name {
            "mlp" => Self::mlp(),
            "dcgan" => Self::dcgan(),
            "conditional" => Self::conditional(),
            "small-conditional-dcgan" => Self::small_conditional_dcgan(),
            _ => return None,
        })
    }

    /// `mnist-mlp`'s networks.
    pub fn mlp() -> Self {
        Self::Mlp { generator: mnist_mlp::GeneratorConfig::new(), discriminator: mnist_mlp::DiscriminatorConfig::new() }
    }

    /// `mnist-dcgan`'s networks.
    pub fn dcgan() -> Self {
        Self::Dcgan { generator: mnist_dcgan::GeneratorConfig::new(), discriminator: mnist_dcgan::DiscriminatorConfig::new() }
    }

    /// `mnist-minute`'s networks: the DCGAN with half the channels (G 64 → 32 maps, D 32 → 64),
    /// z of 64, and both networks conditional on the digit.
    pub fn small_conditional_dcgan() -> Self {
        Self::Dcgan {
            generator: mnist_dcgan::GeneratorConfig::new()
                .with_latent(64)
                .with_base_channels(64)
                .with_hidden_channels(32)
                .with_classes(CLASSES),
            discriminator: mnist_dcgan::DiscriminatorConfig::new().with_channels_1(32).with_channels_2(64).with_classes(CLASSES),
        }
    }

    /// `mnist-cgan`'s networks.
    pub fn conditional() -> Self {
        Self::Conditional { generator: ConditionalGeneratorConfig::new(), discriminator: ConditionalDiscriminatorConfig::new() }
    }

    /// Width of the noise vector z (without the label).
    pub fn latent(&self) -> usize {
        match self {
            Self::Mlp { generator, .. } => generator.latent,
            Self::Dcgan { generator, .. } => generator.latent,
            Self::Conditional { generator, .. } => generator.mlp.latent,
        }
    }

    /// Whether both networks read a label (and the data must carry labels).
    pub fn is_conditional(&self) -> bool {
        match self {
            Self::Mlp { .. } => false,
            Self::Dcgan { generator, .. } => generator.classes > 0,
            Self::Conditional { .. } => true,
        }
    }

    /// Checks the layer sizes; a failure names the problem.
    pub fn validate(&self) -> Result<(), TrainError> {
        let bad = |message: &str| Err(TrainError::Settings(message.into()));
        let mlp = |g: &mnist_mlp::GeneratorConfig, d: &mnist_mlp::DiscriminatorConfig| {
            if (g.pixels, d.pixels) != (PIXELS, PIXELS) {
                return Err(TrainError::Settings(format!("both networks must work on {PIXELS}-pixel (28×28) images")));
            }
            if g.latent == 0 || g.hidden.contains(&0) || d.hidden.contains(&0) {
                return bad("every layer needs at least one unit");
            }
            if !(0.0..1.0).contains(&d.dropout) || !d.slope.is_finite() {
                return bad("dropout must be in [0, 1) and the LeakyReLU slope finite");
            }
            Ok(())
        };
        match self {
            Self::Mlp { generator, discriminator } => mlp(generator, discriminator),
            Self::Dcgan { generator: g, discriminator: d } => {
                if [g.latent, g.base_channels, g.hidden_channels, d.channels_1, d.channels_2].contains(&0) {
                    return bad("every layer needs at least one unit");
                }
                if !d.slope.is_finite() {
                    return bad("the LeakyReLU slope must be finite");
                }
                if ![0, CLASSES].contains(&g.classes) || g.classes != d.classes {
                    return Err(TrainError::Settings(format!("a conditional DCGAN's label has {CLASSES} classes in both networks")));
                }
                Ok(())
            }
            Self::Conditional { generator, discriminator } => {
                if (generator.classes, discriminator.classes) != (CLASSES, CLASSES) {
                    return Err(TrainError::Settings(format!("the label has {CLASSES} classes (digits 0–9)")));
                }
                mlp(&generator.mlp, &discriminator.mlp)
            }
        }
    }

    /// Builds G, then D, with their weights drawn now from the device's seeded generator.
    pub fn init(&self, device: &Device) -> (ImageGenerator, ImageDiscriminator) {
        match self {
            Self::Mlp { generator, discriminator } => {
                let g = ImageGenerator::Mlp(generator.init(device));
                (g, ImageDiscriminator::Mlp(discriminator.init(device)))
            }
            Self::Dcgan { generator, discriminator } => {
                let g = ImageGenerator::Dcgan(generator.init(device));
                (g, ImageDiscriminator::Dcgan(discriminator.init(device)))
            }
            Self::Conditional { generator, discriminator } => {
                let g = ImageGenerator::Conditional(generator.init(device));
                (g, ImageDiscriminator::Conditional(discriminator.init(device)))
            }
        }
    }
}

/// An image GAN's generator, whichever preset.
#[derive(Module, Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "one per run, built once and never moved in a loop; burn's Module derive takes no boxed variant"
)]
pub enum ImageGenerator {
    /// `mnist-mlp`'s.
    Mlp(mnist_mlp::Generator),
    /// `mnist-dcgan`'s.
    Dcgan(mnist_dcgan::Generator),
    /// `mnist-cgan`'s.
    Conditional(ConditionalGenerator),
}

/// An image GAN's discriminator, whichever preset.
#[derive(Module, Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "one per run, built once and never moved in a loop; burn's Module derive takes no boxed variant"
)]
pub enum ImageDiscriminator {
    /// `mnist-mlp`'s.
    Mlp(mnist_mlp::Discriminator),
    /// `mnist-dcgan`'s.
    Dcgan(mnist_dcgan::Discriminator),
    /// `mnist-cgan`'s.
    Conditional(ConditionalDiscriminator),
}

/// The label a conditional network sees when given none: all zeros, no class.
fn label_or_none(labels: Option<Tensor<2>>, like: &Tensor<2>) -> Tensor<2> {
    labels.unwrap_or_else(|| Tensor::zeros([like.dims()[0], CLASSES], &like.device()))
}

impl GanModule for ImageGenerator {
    fn placeholder() -> Self {
        ImageGenerator::Mlp(mnist_mlp::Generator::placeholder())
    }
}

impl ImageGenerator {
    /// Noise `[batch, latent]` (and, for the conditional G, one-hot labels `[batch, 10]`; others
    /// ignore them) → images `[batch, 784]` in [−1, 1].
    pub fn forward(&self, noise: Tensor<2>, labels: Option<Tensor<2>>) -> Tensor<2> {
        match self {
            Self::Mlp(g) => g.forward(noise),
            Self::Dcgan(g) => {
                let labels = (g.linear.weight.dims()[0] > noise.dims()[1]).then(|| label_or_none(labels, &noise));
                g.forward(noise, labels)
            }
            Self::Conditional(g) => {
                let labels = label_or_none(labels, &noise);
                g.forward(noise, labels)
            }
        }
    }
}

impl GanModule for ImageDiscriminator {
    fn placeholder() -> Self {
        ImageDiscriminator::Mlp(mnist_mlp::Discriminator::placeholder())
    }
}

impl ImageDiscriminator {
    /// Restarts the dropout masks' stream from `seed` (the DCGAN has no dropout).
    pub fn reseed_dropout(&self, seed: u64) {
        match self {
            Self::Mlp(d) => d.reseed_dropout(seed),
            Self::Conditional(d) => d.mlp.reseed_dropout(seed),
            Self::Dcgan(_) => {}
        }
    }

    /// Images `[batch, 784]` (and, for the conditional D, one-hot labels `[batch, 10]`; others
    /// ignore them) → logits `[batch, 1]`.
    pub fn forward(&self, images: Tensor<2>, labels: Option<Tensor<2>>) -> Tensor<2> {
        match self {
            Self::Mlp(d) => d.forward(images),
            Self::Dcgan(d) => {
                let labels = d.projection.is_some().then(|| label_or_none(labels, &images));
                d.forward(images, labels)
            }
            Self::Conditional(d) => {
                let labels = label_or_none(labels, &images);
                d.forward(images, labels)
            }
        }
    }
}
