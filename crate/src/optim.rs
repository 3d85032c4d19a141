//! The optimisers every lab offers, described and built one way (with PyTorch's defaults, so
//! a run reads like the seeds' PyTorch), and the learning-rate bound every lab checks.

use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamConfig, ModuleOptimizer, RmsPropConfig, SgdConfig};

/// The largest learning rate a setting accepts. Far past any useful value: a playground lets
/// people watch a too-large rate diverge (the page then pauses and says so).
pub const MAX_LEARNING_RATE: f64 = 1000.0;

/// An optimiser and its hyper-parameters (PyTorch's defaults where not set).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OptimizerConfig {
    /// SGD, with momentum (no dampening, as PyTorch) when `momentum > 0`.
    Sgd { learning_rate: f64, momentum: f64 },
    /// Adam with ε = 1e-8 (PyTorch's).
    Adam { learning_rate: f64, beta_1: f32, beta_2: f32 },
    /// RMSprop with α = 0.99, ε = 1e-8 (PyTorch's).
    RmsProp { learning_rate: f64, momentum: f32 },
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

