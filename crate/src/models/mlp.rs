//! The 1D GAN's networks: small multi-layer perceptrons on scalars.
//!
//! Seed 000 (`seed000-1d`):
//! - G: Linear(1,8)-LReLU(0.1)-Linear(8,16)-LReLU(0.1)-Linear(16,1)-LReLU(0.1)
//! - D: Linear(1,8)-LReLU(0.1)-Linear(8,1)-Sigmoid
//!
//! Seed 001 (`seed001-mixture`):
//! - G: Linear(1,3)-ReLU-Linear(3,1)
//! - D: Linear(1,1)-Sigmoid
//!
//! D returns *logits*; the sigmoid is applied by [`Mlp::probability`] for display and folded
//! into the loss (`log_sigmoid`) for training, which is the same function as PyTorch's
//! `Sigmoid` + `BCELoss` but cannot produce `log(0)`.

use burn::nn::{Linear, LinearConfig};
use burn::prelude::*;
use burn::tensor::activation::{leaky_relu, relu, sigmoid, tanh};

/// The non-linearity between layers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Activation {
    /// max(x, slope·x).
    LeakyRelu {
        /// Slope for negative inputs.
        slope: f64,
    },
    /// max(x, 0).
    Relu,
    /// tanh(x).
    Tanh,
}

impl Activation {
    fn apply<const D: usize>(self, x: Tensor<D>) -> Tensor<D> {
        match self {
            Activation::LeakyRelu { slope } => leaky_relu(x, slope),
            Activation::Relu => relu(x),
            Activation::Tanh => tanh(x),
        }
    }

    /// The activation and its derivative at `x` (the derivative is differentiable in the
    /// network's weights where it depends on them, e.g. tanh's).
    fn apply_with_derivative(self, x: Tensor<2>) -> (Tensor<2>, Tensor<2>) {
        match self {
            Activation::LeakyRelu { slope } => {
                let positive = x.clone().greater_elem(0.0).float();
                (leaky_relu(x, slope), positive.mul_scalar(1.0 - slope).add_scalar(slope))
            }
            Activation::Relu => {
                let positive = x.clone().greater_elem(0.0).float();
                (relu(x), positive)
            }
            Activation::Tanh => {
                let y = tanh(x);
                (y.clone(), y.clone().mul(y).neg().add_scalar(1.0))
            }
        }
    }
}

/// A stack of `Linear` layers with an activation between them.
#[derive(Clone, Debug, PartialEq)]
pub struct MlpConfig {
    /// Width of the input (the latent dimension for G, 1 for D).
    pub d_input: usize,
    /// Widths of the hidden layers, in order (seed 000's G: `[8, 16]`; none: a linear map).
    pub hidden: Vec<usize>,
    /// Width of the output.
    pub d_output: usize,
    /// The non-linearity after every hidden layer.
    pub activation: Activation,
    /// Apply the activation after the last layer too (seed 000's generator does).
    pub activate_output: bool,
}

/// A multi-layer perceptron; see [`MlpConfig`].
#[derive(Module, Debug)]
pub struct Mlp {
    /// The layers, input first.
    pub layers: Vec<Linear>,
    /// The activation after every hidden layer.
    #[module(skip)]
    pub activation: Activation,
    /// Whether the activation also follows the last layer.
    pub activate_output: bool,
}

impl MlpConfig {
    /// `d_input` → `hidden`… → `d_output`, with `activation` between layers, linear output.
    pub fn new(d_input: usize, hidden: Vec<usize>, d_output: usize, activation: Activation) -> Self {
        MlpConfig { d_input, hidden, d_output, activation, activate_output: false }
    }

    /// The same network with (or without) the activation after the output layer.
    pub fn with_activate_output(self, activate_output: bool) -> Self {
        MlpConfig { activate_output, ..self }
    }

    /// Builds the network with PyTorch's `nn.Linear` initialisation, U(±1/√fan_in).
    pub fn init(&self, device: &Device) -> Mlp {
        let widths: Vec<usize> =
            std::iter::once(self.d_input).chain(self.hidden.iter().copied()).chain(std::iter::once(self.d_output)).collect();
        let layers = widths.windows(2).map(|pair| LinearConfig::new(pair[0], pair[1]).init(device)).collect();
        super::materialize(Mlp { layers, activation: self.activation, activate_output: self.activate_output })
    }
}

impl crate::gan::GanModule for Mlp {
    fn placeholder() -> Self {
        Mlp { layers: Vec::new(), activation: Activation::Relu, activate_output: false }
    }
}

impl Mlp {
    fn activated(&self, i: usize) -> bool {
        i + 1 < self.layers.len() || self.activate_output
    }

    /// `[batch, d_input]` → `[batch, d_output]`.
    pub fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        self.layers.iter().enumerate().fold(input, |x, (i, layer)| {
            let x = layer.forward(x);
            if self.activated(i) { self.activation.apply(x) } else { x }
        })
    }

    /// For a scalar-input network: the output and its derivative d out / d input, both
    /// `[batch, 1]`, by forward-mode differentiation written out with ordinary tensor ops — so
    /// the derivative itself can be back-propagated (WGAN-GP's penalty needs that, and burn's
    /// autodiff is first-order).
    pub fn forward_with_input_derivative(&self, input: Tensor<2>) -> (Tensor<2>, Tensor<2>) {
        let direction = input.ones_like(); // d input / d input, [batch, 1]
        self.forward_with_directional_derivative(input, direction)
    }

    /// The output and its derivative along `direction` (`[batch, d_input]`, or `[1, d_input]`
    /// for one direction at every row), by the same forward-mode differentiation: the
    /// derivative is `[batch, d_output]` (`[1, d_output]` where it does not depend on the row).
    pub fn forward_with_directional_derivative(&self, input: Tensor<2>, direction: Tensor<2>) -> (Tensor<2>, Tensor<2>) {
        self.layers.iter().enumerate().fold((input, direction), |(x, dx), (i, layer)| {
            let x = layer.forward(x); // [batch, out]
            let dx = dx.matmul(layer.weight.val()); // [batch, out]: the bias has no derivative
            if self.activated(i) {
                let (y, slope) = self.activation.apply_with_derivative(x);
                (y, dx.mul(slope))
            } else {
                (x, dx)
            }
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

    fn leaky(slope: f64) -> Activation {
        Activation::LeakyRelu { slope }
    }

    #[test]
    fn seed000_generator_has_the_seeds_layers() {
        let _rng = lock_rng();
        let device = Device::flex();
        let g = MlpConfig::new(1, vec![8, 16], 1, leaky(0.1)).with_activate_output(true).init(&device);
        let shapes: Vec<[usize; 2]> = g.layers.iter().map(|l| l.weight.val().dims()).collect();
        assert_eq!(shapes, vec![[1, 8], [8, 16], [16, 1]]);
        assert_eq!(g.num_params(), (8 + 8) + (8 * 16 + 16) + (16 + 1));
        let out = g.forward(Tensor::zeros([5, 1], &device));
        assert_eq!(out.dims(), [5, 1]);
    }

    #[test]
    fn seed001_discriminator_is_logistic_regression() {
        let _rng = lock_rng();
        let d = MlpConfig::new(1, vec![], 1, Activation::Relu).init(&Device::flex());
        assert_eq!(d.num_params(), 2);
    }

    #[test]
    fn initialisation_is_bounded_like_pytorch() {
        let _rng = lock_rng();
        let device = Device::flex();
        let d = MlpConfig::new(1, vec![8], 1, leaky(0.1)).init(&device);
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
        let mut g = MlpConfig::new(1, vec![], 1, leaky(0.1)).with_activate_output(true).init(&device);
        // A single layer y = -x: with the output activation, negative outputs shrink by 0.1.
        g.layers[0].weight = g.layers[0].weight.clone().map(|_| Tensor::from_floats([[-1.0]], &device));
        g.layers[0].bias = g.layers[0].bias.take().map(|b| b.map(|_| Tensor::from_floats([0.0], &device)));
        let y = g.forward(Tensor::from_floats([[2.0], [-2.0]], &device));
        let y = y.into_data().try_to_vec::<f32>().unwrap();
        assert!((y[0] - -0.2).abs() < 1e-6 && (y[1] - 2.0).abs() < 1e-6, "{y:?}");
    }

    #[test]
    fn input_derivative_matches_autodiff_and_finite_differences() {
        let _rng = lock_rng();
        let device = Device::flex().autodiff();
        for activation in [leaky(0.2), Activation::Relu, Activation::Tanh] {
            let d = MlpConfig::new(1, vec![8, 4], 1, activation).init(&device);
            let x = Tensor::<1>::from_floats([-1.3f32, -0.2, 0.4, 2.1], &device).reshape([4, 1]).require_grad();
            let (out, derivative) = d.forward_with_input_derivative(x.clone());
            let plain = d.forward(x.clone());
            let grads = plain.clone().sum().backward();
            let expected = x.grad(&grads).unwrap().into_data().try_to_vec::<f32>().unwrap();
            let got = derivative.into_data().try_to_vec::<f32>().unwrap();
            let same = out.into_data().try_to_vec::<f32>().unwrap();
            assert_eq!(same, plain.into_data().try_to_vec::<f32>().unwrap());
            for (g, e) in got.iter().zip(&expected) {
                assert!((g - e).abs() < 1e-5, "{activation:?}: {got:?} vs autodiff {expected:?}");
            }
        }
    }

    #[test]
    fn penalty_gradient_matches_finite_differences() {
        // WGAN-GP trains on ∂/∂θ (∂D/∂x − 1)²: check it against central differences in θ.
        let _rng = lock_rng();
        let device = Device::flex().autodiff();
        device.seed(11); // fixed weights: a random draw could put a kink within ±δ of an input
        for activation in [leaky(0.2), Activation::Tanh] {
            let d = MlpConfig::new(1, vec![4, 3], 1, activation).init(&device);
            let x = Tensor::<1>::from_floats([-1.1f32, 0.3, 0.9, 2.2], &device).reshape([4, 1]);
            let penalty = |d: &Mlp| d.forward_with_input_derivative(x.clone()).1.sub_scalar(1.0).powi_scalar(2).mean();
            let grads = penalty(&d).backward();
            let analytic = d.layers[0].weight.grad(&grads).unwrap().into_data().try_to_vec::<f32>().unwrap();
            let weights = d.layers[0].weight.val().into_data().try_to_vec::<f32>().unwrap();
            for j in 0..weights.len() {
                let shifted = |delta: f32| {
                    let mut w = weights.clone();
                    w[j] += delta;
                    let mut copy = d.clone();
                    copy.layers[0].weight =
                        copy.layers[0].weight.clone().map(|_| Tensor::<1>::from_floats(w.as_slice(), &device).reshape([1, 4]));
                    penalty(&copy).into_data().try_to_vec::<f32>().unwrap()[0]
                };
                let numeric = (shifted(1e-3) - shifted(-1e-3)) / 2e-3;
                assert!(
                    (numeric - analytic[j]).abs() < 2e-3 * (1.0 + numeric.abs()),
                    "{activation:?} w[{j}]: {numeric} vs {}",
                    analytic[j]
                );
            }
        }
    }
}
