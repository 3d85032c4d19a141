//! The optimisers every lab offers, described and built one way (with PyTorch's defaults, so
//! a run reads like the seeds' PyTorch), and the learning-rate bound every lab checks.

use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamConfig, ModuleOptimizer, RmsPropConfig, SgdConfig};
use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::error::TrainError;

/// The largest learning rate a setting accepts. Far past any useful value: a playground lets
/// people watch a too-large rate diverge (the page then pauses and says so).
pub const MAX_LEARNING_RATE: f64 = 1000.0;

/// An optimiser and its hyper-parameters (PyTorch's defaults where not set).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum OptimizerConfig {
    /// SGD, with momentum (no dampening, as PyTorch) when `momentum > 0`.
    Sgd {
        /// The learning rate (every lab's settings keep it above 0 and at most [`MAX_LEARNING_RATE`]).
        learning_rate: f64,
        /// The momentum factor, in [0, 1); 0 is plain SGD.
        momentum: f64,
    },
    /// Adam with ε = 1e-8 (PyTorch's).
    Adam {
        /// The learning rate (every lab's settings keep it above 0 and at most [`MAX_LEARNING_RATE`]).
        learning_rate: f64,
        /// β1, the decay rate of the first moment (the gradients' running mean), in [0, 1).
        beta_1: f32,
        /// β2, the decay rate of the second moment (the squared gradients' running mean), in [0, 1).
        beta_2: f32,
    },
    /// RMSprop with α = 0.99, ε = 1e-8 (PyTorch's).
    RmsProp {
        /// The learning rate (every lab's settings keep it above 0 and at most [`MAX_LEARNING_RATE`]).
        learning_rate: f64,
        /// The momentum factor, in [0, 1); 0 is RMSprop without momentum.
        momentum: f32,
    },
}

impl OptimizerConfig {
    /// The learning rate.
    pub fn learning_rate(&self) -> f64 {
        match *self {
            OptimizerConfig::Sgd { learning_rate, .. }
            | OptimizerConfig::Adam { learning_rate, .. }
            | OptimizerConfig::RmsProp { learning_rate, .. } => learning_rate,
        }
    }

    /// The same optimiser at another learning rate.
    pub fn with_learning_rate(self, rate: f64) -> Self {
        match self {
            OptimizerConfig::Sgd { momentum, .. } => OptimizerConfig::Sgd { learning_rate: rate, momentum },
            OptimizerConfig::Adam { beta_1, beta_2, .. } => OptimizerConfig::Adam { learning_rate: rate, beta_1, beta_2 },
            OptimizerConfig::RmsProp { momentum, .. } => OptimizerConfig::RmsProp { learning_rate: rate, momentum },
        }
    }

    /// A fresh optimiser of this kind, with PyTorch's defaults for what the config leaves out
    /// (ε = 1e-8 for Adam and RMSprop, RMSprop's α = 0.99, SGD's momentum without dampening).
    pub fn init(self) -> ModuleOptimizer {
        match self {
            OptimizerConfig::Sgd { momentum, .. } => SgdConfig::new()
                .with_momentum((momentum > 0.0).then(|| MomentumConfig::new().with_momentum(momentum).with_dampening(0.0)))
                .init(),
            OptimizerConfig::Adam { beta_1, beta_2, .. } => {
                AdamConfig::new().with_beta_1(beta_1).with_beta_2(beta_2).with_epsilon(1e-8).init()
            }
            OptimizerConfig::RmsProp { momentum, .. } => {
                RmsPropConfig::new().with_alpha(0.99).with_momentum(momentum).with_epsilon(1e-8).init()
            }
        }
    }
}

/// `g_opt`, `d_opt`: which optimiser a network trains with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum OptimizerKind {
    /// SGD with that network's momentum (`g_momentum`, `d_momentum`; none at 0).
    Sgd,
    /// Adam with that network's β1 and β2 (`g_beta1`, `g_beta2`; `d_beta1`, `d_beta2`).
    Adam,
    /// RMSprop (α = 0.99) with that network's momentum (`g_momentum`, `d_momentum`).
    Rmsprop,
}

/// Each network's optimiser as the page's keys give it, the same keys in every lab
/// (docs/url-keys.md): `g_opt`, `g_lr`, `g_momentum`, `g_beta1`, `g_beta2` for G, `d_…` for D.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
pub struct OptimizerKeys {
    /// G's optimiser.
    pub g_opt: OptimizerKind,
    /// G's learning rate.
    pub g_lr: f64,
    /// G's SGD / RMSprop momentum.
    pub g_momentum: f64,
    /// G's Adam β1.
    pub g_beta1: f64,
    /// G's Adam β2.
    pub g_beta2: f64,
    /// D's optimiser.
    pub d_opt: OptimizerKind,
    /// D's learning rate.
    pub d_lr: f64,
    /// D's SGD / RMSprop momentum.
    pub d_momentum: f64,
    /// D's Adam β1.
    pub d_beta1: f64,
    /// D's Adam β2.
    pub d_beta2: f64,
}

impl OptimizerKeys {
    /// `[G's, D's]` optimiser; a value out of range is refused with a sentence naming it.
    pub fn optimizers(&self) -> Result<[OptimizerConfig; 2], TrainError> {
        Ok([
            optimizer(self.g_opt, self.g_lr, self.g_momentum, self.g_beta1, self.g_beta2)?,
            optimizer(self.d_opt, self.d_lr, self.d_momentum, self.d_beta1, self.d_beta2)?,
        ])
    }
}

/// One network's optimiser from its keys, each checked.
fn optimizer(kind: OptimizerKind, lr: f64, momentum: f64, beta_1: f64, beta_2: f64) -> Result<OptimizerConfig, TrainError> {
    let bad = |what: String| Err(TrainError::Settings(what));
    if !(lr > 0.0 && lr <= MAX_LEARNING_RATE) {
        return bad(format!("the learning rate must be in (0, {MAX_LEARNING_RATE}], not {lr}"));
    }
    for (name, value) in [("momentum", momentum), ("β1", beta_1), ("β2", beta_2)] {
        if !(0.0..1.0).contains(&value) {
            return bad(format!("{name} must be in [0, 1), not {value}"));
        }
    }
    let learning_rate = lr;
    Ok(match kind {
        OptimizerKind::Sgd => OptimizerConfig::Sgd { learning_rate, momentum },
        OptimizerKind::Adam => OptimizerConfig::Adam { learning_rate, beta_1: beta_1 as f32, beta_2: beta_2 as f32 },
        OptimizerKind::Rmsprop => OptimizerConfig::RmsProp { learning_rate, momentum: momentum as f32 },
    })
}

#[cfg(test)]
mod tests {
    use burn::nn::{Linear, LinearConfig};
    use burn::optim::GradientsParams;
    use burn::prelude::*;

    use super::OptimizerConfig;
    use crate::checkpoint::{load_optimizer, optimizer_bytes};

    fn train(model: Linear, optimizer: &mut burn::optim::ModuleOptimizer, steps: usize, device: &Device) -> Linear {
        let input = Tensor::<2>::from_floats([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], device);
        (0..steps).fold(model, |model, _| {
            let loss = (model.forward(input.clone()) - 0.3).powi_scalar(2).mean();
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            optimizer.step(0.05, model, grads)
        })
    }

    fn weights(model: &Linear) -> Vec<f32> {
        model.weight.val().into_data().try_to_vec::<f32>().unwrap()
    }

    /// Every optimiser with state (SGD's momentum, Adam's moments, RMSprop's averages and
    /// momentum) writes all of it through the asynchronous path: a run continued from the bytes
    /// is the run that went on, to the bit, and the synchronous path writes the same bytes.
    #[test]
    fn optimiser_state_read_back_asynchronously_resumes_exactly() {
        let device = Device::flex().autodiff();
        let kinds = [
            OptimizerConfig::Sgd { learning_rate: 0.05, momentum: 0.9 },
            OptimizerConfig::Adam { learning_rate: 0.05, beta_1: 0.5, beta_2: 0.999 },
            OptimizerConfig::RmsProp { learning_rate: 0.05, momentum: 0.9 },
        ];
        for kind in kinds {
            let mut optimizer = kind.init();
            let model = train(LinearConfig::new(3, 2).init(&device), &mut optimizer, 3, &device);
            let bytes = pollster::block_on(optimizer_bytes(&optimizer, true)).unwrap();
            assert_eq!(bytes, optimizer.into_bytes().unwrap().to_vec(), "{kind:?}: both paths write the same record");
            let saved = model.clone();
            let went_on = weights(&train(model, &mut optimizer, 2, &device));

            let mut restored = load_optimizer(kind.init(), &bytes, &device).unwrap();
            assert_eq!(weights(&train(saved.clone(), &mut restored, 2, &device)), went_on, "{kind:?}: resumed exactly");
            let mut fresh = kind.init();
            assert_ne!(weights(&train(saved, &mut fresh, 2, &device)), went_on, "{kind:?}: the state matters");
        }
    }
}
