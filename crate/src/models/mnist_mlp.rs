//! Seed 003's MLP GAN on 28×28 digits (`mnist-mlp`), layer for layer:
//!
//! - G: `generator_block(100, 256)`, `(256, 512)`, `(512, 1024)` — each Linear + ReLU — then
//!   Linear(1024, 784) + Tanh: a flattened image in [−1, 1].
//! - D: `discriminator_block(784, 512)`, `(512, 128)`, `(128, 64)` — each Linear +
//!   LeakyReLU(0.2) + Dropout(0.3) — then Linear(64, 1) + Sigmoid.
//!
//! D returns *logits*: the sigmoid is folded into the loss ([`crate::loss::bce_real`],
//! [`crate::loss::bce_fake`]), which is PyTorch's `Sigmoid` + `BCELoss` without `log(0)`, and
//! applied by [`Discriminator::probability`] for display. Every `Linear` keeps burn's default
//! initialisation, U(±1/√fan_in) for weights and biases, as PyTorch's `nn.Linear`.

use super::dropout::HostDropout;
use burn::module::Param;
use burn::nn::{Linear, LinearConfig};
use burn::prelude::*;
use burn::tensor::activation::{leaky_relu, relu, sigmoid, tanh};

/// Seed 003's generator: noise → hidden blocks (Linear + ReLU) → Linear + Tanh.
#[derive(Config, Debug)]
pub struct GeneratorConfig {
    /// Width of the noise vector z.
    #[config(default = 100)]
    pub latent: usize,
    /// Widths of the hidden blocks, in order.
    #[config(default = "vec![256, 512, 1024]")]
    pub hidden: Vec<usize>,
    /// Width of the output: one value per pixel.
    #[config(default = 784)]
    pub pixels: usize,
}

/// Seed 003's discriminator: image → hidden blocks (Linear + LeakyReLU + Dropout) → Linear.
#[derive(Config, Debug)]
pub struct DiscriminatorConfig {
    /// Width of the input: one value per pixel.
    #[config(default = 784)]
    pub pixels: usize,
    /// Widths of the hidden blocks, in order.
    #[config(default = "vec![512, 128, 64]")]
    pub hidden: Vec<usize>,
    /// LeakyReLU's slope for negative inputs.
    #[config(default = 0.2)]
    pub slope: f64,
    /// Dropout's probability of zeroing a unit while training.
    #[config(default = 0.3)]
    pub dropout: f64,
}

/// The generator G; see [`GeneratorConfig`].
#[derive(Module, Debug)]
pub struct Generator {
    /// The hidden blocks' layers (each followed by ReLU), input first.
    pub blocks: Vec<Linear>,
    /// The output layer (followed by Tanh).
    pub output: Linear,
}

/// The discriminator D; see [`DiscriminatorConfig`].
#[derive(Module, Debug)]
pub struct Discriminator {
    /// The hidden blocks' layers (each followed by LeakyReLU and Dropout), input first.
    pub blocks: Vec<Linear>,
    /// Dropout after every hidden block; active only on an autodiff device in training mode,
    /// so a `valid()` copy evaluates D deterministically. Its masks are drawn on the host
    /// ([`HostDropout`]); a trainer seeds them with [`Discriminator::reseed_dropout`].
    pub dropout: HostDropout,
    /// The output layer: one logit per image.
    pub output: Linear,
    /// LeakyReLU's slope.
    pub slope: f64,
}

/// `widths[0]` → `widths[1]` → … as `Linear` layers, drawn in order.
fn linear_layers(widths: &[usize], device: &Device) -> Vec<Linear> {
    widths.windows(2).map(|pair| LinearConfig::new(pair[0], pair[1]).init(device)).collect()
}

impl GeneratorConfig {
    /// Builds G with its weights drawn now, from the device's seeded generator.
    pub fn init(&self, device: &Device) -> Generator {
        let widths: Vec<usize> = std::iter::once(self.latent).chain(self.hidden.iter().copied()).collect();
        let last = widths.last().copied().unwrap_or(self.latent);
        super::materialize(Generator { blocks: linear_layers(&widths, device), output: LinearConfig::new(last, self.pixels).init(device) })
    }
}

impl DiscriminatorConfig {
    /// Builds D with its weights drawn now, from the device's seeded generator.
    pub fn init(&self, device: &Device) -> Discriminator {
        let widths: Vec<usize> = std::iter::once(self.pixels).chain(self.hidden.iter().copied()).collect();
        let last = widths.last().copied().unwrap_or(self.pixels);
        super::materialize(Discriminator {
            blocks: linear_layers(&widths, device),
            dropout: HostDropout::new(self.dropout, 0),
            output: LinearConfig::new(last, 1).init(device),
            slope: self.slope,
        })
    }
}

/// A layer with no weights, for a network whose real weights the optimiser holds for a moment.
fn empty_linear() -> Linear {
    Linear { weight: Param::from_tensor(Tensor::empty([0, 0], &Device::flex())), bias: None }
}

impl Generator {
    /// An empty network, left in place while the optimiser owns the real one.
    pub(crate) fn placeholder() -> Self {
        Generator { blocks: Vec::new(), output: empty_linear() }
    }

    /// Noise `[batch, latent]` → images `[batch, pixels]` in [−1, 1].
    pub fn forward(&self, noise: Tensor<2>) -> Tensor<2> {
        let x = self.blocks.iter().fold(noise, |x, block| relu(block.forward(x))); // [batch, 1024]
        tanh(self.output.forward(x)) // [batch, 784]
    }
}

impl Discriminator {
    /// An empty network, left in place while the optimiser owns the real one.
    pub(crate) fn placeholder() -> Self {
        Discriminator { blocks: Vec::new(), dropout: HostDropout::new(0.0, 0), output: empty_linear(), slope: 0.0 }
    }

    /// Restarts the dropout masks' stream from `seed`.
    pub fn reseed_dropout(&self, seed: u64) {
        self.dropout.reseed(seed);
    }

    /// Images `[batch, pixels]` → logits `[batch, 1]` (dropout active while training).
    pub fn forward(&self, images: Tensor<2>) -> Tensor<2> {
        let x = self.blocks.iter().fold(images, |x, block| {
            self.dropout.forward(leaky_relu(block.forward(x), self.slope)) // [batch, 512 / 128 / 64]
        });
        self.output.forward(x) // [batch, 1]
    }

    /// The probability that each image is real, `[batch, 1]`.
    pub fn probability(&self, images: Tensor<2>) -> Tensor<2> {
        sigmoid(self.forward(images))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::lock_rng;

    fn dims(layers: &[&Linear]) -> Vec<[usize; 2]> {
        layers.iter().map(|l| l.weight.val().dims()).collect()
    }

    #[test]
    fn the_generator_has_seed_003s_layers() {
        let _rng = lock_rng();
        let device = Device::flex();
        let g = GeneratorConfig::new().init(&device);
        let layers: Vec<&Linear> = g.blocks.iter().chain([&g.output]).collect();
        assert_eq!(dims(&layers), vec![[100, 256], [256, 512], [512, 1024], [1024, 784]]);
        let expected = (100 * 256 + 256) + (256 * 512 + 512) + (512 * 1024 + 1024) + (1024 * 784 + 784);
        assert_eq!((g.num_params(), expected), (1_486_352, 1_486_352));
        let out = g.forward(Tensor::random([3, 100], burn::tensor::Distribution::Normal(0.0, 3.0), &device));
        assert_eq!(out.dims(), [3, 784]);
        let values = out.into_data().try_to_vec::<f32>().unwrap();
        assert!(values.iter().all(|v| v.abs() <= 1.0), "Tanh keeps pixels in [−1, 1]");
    }

    #[test]
    fn the_discriminator_has_seed_003s_layers() {
        let _rng = lock_rng();
        let device = Device::flex();
        let d = DiscriminatorConfig::new().init(&device);
        let layers: Vec<&Linear> = d.blocks.iter().chain([&d.output]).collect();
        assert_eq!(dims(&layers), vec![[784, 512], [512, 128], [128, 64], [64, 1]]);
        let expected = (784 * 512 + 512) + (512 * 128 + 128) + (128 * 64 + 64) + (64 + 1);
        assert_eq!((d.num_params(), expected), (475_905, 475_905));
        assert_eq!((d.slope, d.dropout.inner.prob), (0.2, 0.3));
        assert_eq!(d.probability(Tensor::zeros([5, 784], &device)).dims(), [5, 1]);
    }

    #[test]
    fn initialisation_is_bounded_like_pytorch_and_seeded() {
        let _rng = lock_rng();
        let device = Device::flex();
        let weights = |seed: u64| {
            device.seed(seed);
            let g = GeneratorConfig::new().init(&device);
            let layer = &g.blocks[2]; // fan_in 512
            let mut values = layer.weight.val().into_data().try_to_vec::<f32>().unwrap();
            values.extend(layer.bias.as_ref().map(|b| b.val().into_data().try_to_vec::<f32>().unwrap()).unwrap_or_default());
            values
        };
        let values = weights(3);
        let bound = 1.0 / 512f32.sqrt();
        assert!(values.iter().all(|v| v.abs() <= bound));
        // Uniform on ±bound: the largest magnitude of 525,312 draws is within 0.1 % of it.
        assert!(values.iter().any(|v| v.abs() > 0.999 * bound));
        assert_eq!(weights(3), values);
        assert_ne!(weights(4), values);
    }

    #[test]
    fn dropout_acts_while_training_and_not_in_a_valid_copy() {
        let _rng = lock_rng();
        let device = Device::flex().autodiff();
        let d = DiscriminatorConfig::new().init(&device);
        let images = Tensor::<2>::ones([4, 784], &device);
        let logits = |d: &Discriminator, x: Tensor<2>| d.forward(x).into_data().try_to_vec::<f32>().unwrap();
        assert_ne!(logits(&d, images.clone()), logits(&d, images.clone()), "training: dropout draws new masks");
        let eval = d.valid();
        let plain = images.without_autodiff();
        let once = logits(&eval, plain.clone());
        assert_eq!(once, logits(&eval, plain));
        // Four equal images get one logit when no units are dropped.
        assert!(once.iter().all(|&l| l == once[0] && l.is_finite()), "{once:?}");
    }
}
