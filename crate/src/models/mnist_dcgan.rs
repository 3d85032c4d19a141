//! Seed 003's DCGAN sized for 28×28×1 digits (`mnist-dcgan`, DESIGN §3), layer for layer:
//!
//! - G: Linear(100 → 128·7·7), reshaped to 128 maps of 7×7, BatchNorm + ReLU →
//!   ConvTranspose(128→64, 4, 2, 1) + BatchNorm + ReLU (14×14) → ConvTranspose(64→1, 4, 2, 1) +
//!   Tanh (28×28).
//! - D: Conv(1→64, 4, 2, 1) + LeakyReLU(0.2) (14×14; no BatchNorm on the first layer, as the
//!   seed) → Conv(64→128, 4, 2, 1) + BatchNorm + LeakyReLU(0.2) (7×7) → Linear(128·7·7 → 1).
//!
//! With `classes` > 0 both networks are conditional (`mnist-minute`): G reads a one-hot label
//! beside z (the linear layer is `classes` wider), and D is a projection discriminator (Miyato &
//! Koyama 2018): its logit gains ⟨embed(label), features⟩, the inner product of a learned
//! per-class vector with the 7×7 features, so D judges whether the image fits its label, not
//! just whether it looks real, for the cost of one small product.
//!
//! Both networks take and give flat `[batch, 784]` images, like `mnist-mlp`'s, so the trainer,
//! the judge and the views need not know which kind they hold. D returns logits (the sigmoid is
//! folded into the loss, see [`crate::models::mnist_mlp`]).
//!
//! Initialisation follows the seed's `init_weights`: every (transposed) convolution's weights
//! N(0, 0.02). The seed draws BatchNorm's γ from N(0, 0.02) too, which scales every normalised
//! activation by ~0.02 at the start; like PyTorch's DCGAN tutorial (and the DCGAN paper's
//! intent) γ here is N(1, 0.02) and β = 0. Biases and the Linear layers keep the default
//! U(±1/√fan_in), which the seed leaves untouched too.
//!
//! BatchNorm normalises with the batch's statistics on an autodiff device (training) and with
//! its running statistics in a `valid()` copy (snapshots, samples, walks): an image drawn for
//! display does not depend on the other images drawn with it.

use burn::nn::conv::{Conv2d, Conv2dConfig, ConvTranspose2d, ConvTranspose2dConfig};
use burn::nn::{BatchNorm, BatchNormConfig, Initializer, Linear, LinearConfig, PaddingConfig2d};
use burn::prelude::*;
use burn::tensor::activation::{leaky_relu, relu, tanh};

use super::{PIXELS, SIDE};

/// The seed's `init_weights` for (transposed) convolutions: N(0, 0.02).
const CONV_INIT: Initializer = Initializer::Normal { mean: 0.0, std: 0.02 };
/// BatchNorm's γ: N(1, 0.02), as PyTorch's DCGAN tutorial (see the module notes).
const GAMMA_INIT: Initializer = Initializer::Normal { mean: 1.0, std: 0.02 };
/// Side of the smallest feature maps: two stride-2 layers from 28.
const MAP: usize = SIDE / 4;

/// The DCGAN generator: noise → Linear → 7×7 maps → two transposed convolutions → 28×28.
#[derive(Config, Debug)]
pub struct GeneratorConfig {
    /// Width of the noise vector z.
    #[config(default = 100)]
    pub latent: usize,
    /// Channels of the 7×7 maps the linear layer makes.
    #[config(default = 128)]
    pub base_channels: usize,
    /// Channels of the 14×14 maps after the first transposed convolution.
    #[config(default = 64)]
    pub hidden_channels: usize,
    /// Classes of the one-hot label read beside z; 0: unconditional (the seed's).
    #[config(default = 0)]
    pub classes: usize,
}

/// The DCGAN discriminator: 28×28 → two strided convolutions → 7×7 maps → Linear → one logit.
#[derive(Config, Debug)]
pub struct DiscriminatorConfig {
    /// Channels of the first convolution (14×14 maps).
    #[config(default = 64)]
    pub channels_1: usize,
    /// Channels of the second convolution (7×7 maps).
    #[config(default = 128)]
    pub channels_2: usize,
    /// LeakyReLU's slope for negative inputs.
    #[config(default = 0.2)]
    pub slope: f64,
    /// Classes of the label projected onto the features; 0: unconditional (the seed's).
    #[config(default = 0)]
    pub classes: usize,
}

/// The generator G; see [`GeneratorConfig`].
#[derive(Module, Debug)]
pub struct Generator {
    /// Noise (and the one-hot label, when conditional) → `base_channels · 7 · 7` values.
    pub linear: Linear,
    /// BatchNorm over the 7×7 maps' channels (then ReLU).
    pub norm_0: BatchNorm,
    /// 7×7 → 14×14 (then BatchNorm + ReLU).
    pub block_1: ConvTranspose2d,
    /// BatchNorm over the 14×14 maps' channels.
    pub norm_1: BatchNorm,
    /// 14×14 → one 28×28 map (then Tanh).
    pub output: ConvTranspose2d,
    /// Channels of the 7×7 maps.
    pub base_channels: usize,
}

/// The discriminator D; see [`DiscriminatorConfig`].
#[derive(Module, Debug)]
pub struct Discriminator {
    /// 28×28 → 14×14 (then LeakyReLU; no BatchNorm on the first layer).
    pub conv_1: Conv2d,
    /// 14×14 → 7×7 (then BatchNorm + LeakyReLU).
    pub conv_2: Conv2d,
    /// BatchNorm over the 7×7 maps' channels.
    pub norm_2: BatchNorm,
    /// `channels_2 · 7 · 7` → one logit.
    pub output: Linear,
    /// Conditional: one-hot label → a vector over the features (no bias), whose inner product
    /// with them is added to the logit.
    pub projection: Option<Linear>,
    /// LeakyReLU's slope.
    pub slope: f64,
}

/// A 4×4, stride-2, padding-1 transposed convolution (doubles the side), weights N(0, 0.02).
fn up(from: usize, to: usize, device: &Device) -> ConvTranspose2d {
    let mut layer = ConvTranspose2dConfig::new([from, to], [4, 4]).with_stride([2, 2]).with_padding([1, 1]).init(device);
    layer.weight = CONV_INIT.init(layer.weight.shape(), device);
    layer
}

/// A 4×4, stride-2, padding-1 convolution (halves the side), weights N(0, 0.02).
fn down(from: usize, to: usize, device: &Device) -> Conv2d {
    let mut layer =
        Conv2dConfig::new([from, to], [4, 4]).with_stride([2, 2]).with_padding(PaddingConfig2d::Explicit(1, 1, 1, 1)).init(device);
    layer.weight = CONV_INIT.init(layer.weight.shape(), device);
    layer
}

/// BatchNorm over `channels`, γ ~ N(1, 0.02), β = 0 (PyTorch's ε and momentum).
fn norm(channels: usize, device: &Device) -> BatchNorm {
    let mut layer = BatchNormConfig::new(channels).init(device);
    layer.gamma = GAMMA_INIT.init([channels], device);
    layer
}

impl GeneratorConfig {
    /// Builds G with its weights drawn now, from the device's seeded generator, layer by layer
    /// in forward order.
    pub fn init(&self, device: &Device) -> Generator {
        super::materialize(Generator {
            linear: LinearConfig::new(self.latent + self.classes, self.base_channels * MAP * MAP).init(device),
            norm_0: norm(self.base_channels, device),
            block_1: up(self.base_channels, self.hidden_channels, device),
            norm_1: norm(self.hidden_channels, device),
            output: up(self.hidden_channels, 1, device),
            base_channels: self.base_channels,
        })
    }
}

impl DiscriminatorConfig {
    /// Builds D with its weights drawn now, from the device's seeded generator.
    pub fn init(&self, device: &Device) -> Discriminator {
        super::materialize(Discriminator {
            conv_1: down(1, self.channels_1, device),
            conv_2: down(self.channels_1, self.channels_2, device),
            norm_2: norm(self.channels_2, device),
            output: LinearConfig::new(self.channels_2 * MAP * MAP, 1).init(device),
            projection: (self.classes > 0).then(|| {
                let mut layer = LinearConfig::new(self.classes, self.channels_2 * MAP * MAP).with_bias(false).init(device);
                // Small, as the convolutions: ⟨embed, features⟩ sums 3,136 products.
                layer.weight = CONV_INIT.init(layer.weight.shape(), device);
                layer
            }),
            slope: self.slope,
        })
    }
}

impl Generator {
    /// Noise `[batch, latent]` (and, when conditional, one-hot labels `[batch, classes]`) →
    /// images `[batch, 784]` in [−1, 1].
    pub fn forward(&self, noise: Tensor<2>, labels: Option<Tensor<2>>) -> Tensor<2> {
        let [batch, _] = noise.dims();
        let input = match labels {
            Some(labels) => Tensor::cat(vec![noise, labels], 1), // [batch, latent + classes]
            None => noise,
        };
        let x = self.linear.forward(input).reshape([batch, self.base_channels, MAP, MAP]); // [batch, 128, 7, 7]
        let x = relu(self.norm_0.forward(x)); // [batch, 128, 7, 7]
        let x = relu(self.norm_1.forward(self.block_1.forward(x))); // [batch, 64, 14, 14]
        tanh(self.output.forward(x)).reshape([batch, PIXELS]) // [batch, 1, 28, 28] → [batch, 784]
    }
}

impl Discriminator {
    /// Images `[batch, 784]` (and, when conditional, one-hot labels `[batch, classes]`) →
    /// logits `[batch, 1]`.
    pub fn forward(&self, images: Tensor<2>, labels: Option<Tensor<2>>) -> Tensor<2> {
        let [batch, _] = images.dims();
        let x = images.reshape([batch, 1, SIDE, SIDE]); // [batch, 1, 28, 28]
        let x = leaky_relu(self.conv_1.forward(x), self.slope); // [batch, 64, 14, 14]
        let x = leaky_relu(self.norm_2.forward(self.conv_2.forward(x)), self.slope); // [batch, 128, 7, 7]
        let features = x.flatten(1, 3); // [batch, 6272]
        let logits = self.output.forward(features.clone()); // [batch, 1]
        match (&self.projection, labels) {
            (Some(projection), Some(labels)) => logits + (projection.forward(labels) * features).sum_dim(1), // [batch, 1]
            _ => logits,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::lock_rng;
    use burn::tensor::Distribution;

    fn values<const D: usize>(t: Tensor<D>) -> Vec<f32> {
        t.into_data().try_to_vec::<f32>().unwrap()
    }

    fn mean_std(v: &[f32]) -> (f32, f32) {
        let mean = v.iter().sum::<f32>() / v.len() as f32;
        (mean, (v.iter().map(|x| (x - mean).powi(2)).sum::<f32>() / v.len() as f32).sqrt())
    }

    #[test]
    fn the_generator_has_the_designed_layers_and_init() {
        let _rng = lock_rng();
        let device = Device::flex();
        device.seed(5);
        let g = GeneratorConfig::new().init(&device);
        assert_eq!(g.linear.weight.val().dims(), [100, 6272]);
        assert_eq!(g.block_1.weight.val().dims(), [128, 64, 4, 4]);
        assert_eq!(g.output.weight.val().dims(), [64, 1, 4, 4]);
        assert_eq!((g.norm_0.gamma.val().dims(), g.norm_1.gamma.val().dims()), ([128], [64]));
        // Trainable weights; num_params also counts BatchNorm's running mean and variance.
        let trainable = (100 * 6272 + 6272) + 2 * 128 + (128 * 64 * 16 + 64) + 2 * 64 + (64 * 16 + 1);
        assert_eq!((trainable, g.num_params()), (766_017, 766_017 + 2 * 128 + 2 * 64));
        // Weights N(0, 0.02) (131,072 draws: within 5 %), γ N(1, 0.02), β 0.
        let (mean, std) = mean_std(&values(g.block_1.weight.val()));
        assert!(mean.abs() < 1e-3 && (std - 0.02).abs() < 1e-3, "{mean} ± {std}");
        let (mean, std) = mean_std(&values(g.norm_0.gamma.val()));
        assert!((mean - 1.0).abs() < 0.01 && (0.01..0.03).contains(&std), "γ {mean} ± {std}");
        assert!(values(g.norm_0.beta.val()).iter().all(|&b| b == 0.0));
        let out = values(g.forward(Tensor::random([3, 100], Distribution::Normal(0.0, 1.0), &device), None));
        assert_eq!(out.len(), 3 * 784);
        assert!(out.iter().all(|v| v.abs() <= 1.0), "Tanh keeps pixels in [−1, 1]");
    }

    #[test]
    fn the_discriminator_has_the_designed_layers() {
        let _rng = lock_rng();
        let device = Device::flex();
        let d = DiscriminatorConfig::new().init(&device);
        assert_eq!(d.conv_1.weight.val().dims(), [64, 1, 4, 4]);
        assert_eq!(d.conv_2.weight.val().dims(), [128, 64, 4, 4]);
        assert_eq!(d.output.weight.val().dims(), [6272, 1]);
        let trainable = (64 * 16 + 64) + (128 * 64 * 16 + 128) + 2 * 128 + (6272 + 1);
        assert_eq!((trainable, d.num_params()), (138_817, 138_817 + 2 * 128));
        assert_eq!(d.forward(Tensor::zeros([5, 784], &device), None).dims(), [5, 1]);
    }

    /// BatchNorm: batch statistics (and running-statistics updates) on an autodiff device;
    /// running statistics in a `valid()` copy, where an image does not depend on its batch.
    #[test]
    fn batch_norm_trains_on_batch_statistics_and_evaluates_on_running_ones() {
        let _rng = lock_rng();
        let device = Device::flex().autodiff();
        device.seed(9);
        let g = GeneratorConfig::new().init(&device);
        let z = Tensor::<2>::random([8, 100], Distribution::Normal(0.0, 1.0), &device);
        let running = |g: &Generator| values(g.norm_1.running_mean.value());
        assert!(running(&g).iter().all(|&m| m == 0.0));
        let first_of = |g: &Generator, n: usize| values(g.forward(z.clone().slice(0..n), None))[..784].to_vec();
        // Training mode: the first image changes with the batch it is drawn in …
        assert_ne!(first_of(&g, 8), first_of(&g, 4));
        // … and the running statistics moved.
        assert!(running(&g).iter().any(|&m| m != 0.0));
        // Eval mode: the same image whatever the batch, and no further updates.
        let eval = g.valid();
        let before = running(&eval);
        let plain = z.clone().without_autodiff();
        let alone = values(eval.forward(plain.clone().slice(0..1), None));
        let in_batch = values(eval.forward(plain, None));
        assert!(alone.iter().zip(&in_batch).all(|(a, b)| (a - b).abs() < 1e-5));
        assert_eq!(running(&eval), before);
    }
}
