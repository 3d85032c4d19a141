//! The 1D GAN's networks: small multi-layer perceptrons on scalars.
//!
//! Seed 000 (`seed000-1d`):
//! - G: Linear(1,8)-LReLU(0.1)-Linear(8,16)-LReLU(0.1)-Linear(16,1)-LReLU(0.1)
//! - D: Linear(1,8)-LReLU(0.1)-Linear(8,1)-Sigmoid
//!
//! D returns *logits*; the sigmoid is applied by [`Mlp::probability`] for display and folded
//! into the loss (`log_sigmoid`) for training, which is the same function as PyTorch's
//! `Sigmoid` + `BCELoss` but cannot produce `log(0)`.

use burn::nn::{LeakyRelu, LeakyReluConfig, Linear, LinearConfig};
use burn::prelude::*;
use burn::tensor::activation::sigmoid;

/// A stack of `Linear` layers with a LeakyReLU between them.
#[derive(Config, Debug)]
pub struct MlpConfig {
    /// Width of the input (the latent dimension for G, 1 for D).
    #[config(default = 1)]
    pub d_input: usize,
    /// Widths of the hidden layers, in order (seed 000's G: `[8, 16]`).
    pub hidden: Vec<usize>,
    /// Width of the output.
    #[config(default = 1)]
    pub d_output: usize,
    /// Slope of the LeakyReLU for negative inputs (0 gives a ReLU).
    #[config(default = 0.1)]
    pub negative_slope: f64,
    /// Apply the activation after the last layer too (seed 000's generator does).
    #[config(default = false)]
    pub activate_output: bool,
}

/// A multi-layer perceptron; see [`MlpConfig`].
#[derive(Module, Debug)]
pub struct Mlp {
    /// The layers, input first.
    pub layers: Vec<Linear>,
    /// The activation after every hidden layer.
    pub activation: LeakyRelu,
    /// Whether the activation also follows the last layer.
    pub activate_output: bool,
}

impl MlpConfig {
    /// Builds the network with PyTorch's `nn.Linear` initialisation, U(±1/√fan_in).
    pub fn init(&self, device: &Device) -> Mlp {
        let widths: Vec<usize> = std::iter::once(self.d_input)
            .chain(self.hidden.iter().copied())
            .chain(std::iter::once(self.d_output))
            .collect();
        let layers = widths
            .windows(2)
            .map(|pair| LinearConfig::new(pair[0], pair[1]).init(device))
            .collect();
        super::materialize(Mlp {
            layers,
            activation: LeakyReluConfig::new().with_negative_slope(self.negative_slope).init(),
            activate_output: self.activate_output,
        })
    }
}

impl Mlp {
    /// A network with no layers: a placeholder while the optimiser owns the real one.
    pub(crate) fn placeholder() -> Self {
        Mlp {
            layers: Vec::new(),
            activation: LeakyReluConfig::new().init(),
            activate_output: false,
        }
    }

    /// `[batch, d_input]` → `[batch, d_output]`.
    pub fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        let last = self.layers.len().saturating_sub(1);
        self.layers.iter().enumerate().fold(input, |x, (i, layer)| {
            let x = layer.forward(x);
            if i < last || self.activate_output { self.activation.forward(x) } else { x }
        })
    }

    /// For a discriminator: the probability that each input is real, `[batch, 1]`.
    pub fn probability(&self, input: Tensor<2>) -> Tensor<2> {
        sigmoid(self.forward(input))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::lock_rng;

    #[test]
    fn seed000_generator_has_the_seeds_layers() {
        let _rng = lock_rng();
        let device = Device::flex();
        let g = MlpConfig::new(vec![8, 16]).with_activate_output(true).init(&device);
        let shapes: Vec<[usize; 2]> = g.layers.iter().map(|l| l.weight.val().dims()).collect();
        assert_eq!(shapes, vec![[1, 8], [8, 16], [16, 1]]);
        assert_eq!(g.num_params(), (8 + 8) + (8 * 16 + 16) + (16 + 1));
        let out = g.forward(Tensor::zeros([5, 1], &device));
        assert_eq!(out.dims(), [5, 1]);
    }

    #[test]
    fn initialisation_is_bounded_like_pytorch() {
        let _rng = lock_rng();
        let device = Device::flex();
        let d = MlpConfig::new(vec![8]).init(&device);
        // Second layer has fan_in 8: weights and biases within ±1/√8.
        let bound = 1.0 / 8f32.sqrt();
        let layer = &d.layers[1];
        let mut values = layer.weight.val().into_data().try_to_vec::<f32>().unwrap();
        if let Some(bias) = &layer.bias {
            values.extend(bias.val().into_data().try_to_vec::<f32>().unwrap());
        }
        assert!(values.iter().all(|v| v.abs() <= bound), "{values:?} not within ±{bound}");
    }

    #[test]
    fn leaky_relu_applies_between_layers_and_optionally_at_the_end() {
        let _rng = lock_rng();
        let device = Device::flex();
        let mut g = MlpConfig::new(vec![]).with_activate_output(true).init(&device);
        // A single layer y = -x: with the output activation, negative outputs shrink by 0.1.
        g.layers[0].weight = g.layers[0].weight.clone().map(|_| Tensor::from_floats([[-1.0]], &device));
        g.layers[0].bias = g.layers[0].bias.take().map(|b| b.map(|_| Tensor::from_floats([0.0], &device)));
        let y = g.forward(Tensor::from_floats([[2.0], [-2.0]], &device));
        let y = y.into_data().try_to_vec::<f32>().unwrap();
        assert!((y[0] - -0.2).abs() < 1e-6 && (y[1] - 2.0).abs() < 1e-6, "{y:?}");
    }
}
