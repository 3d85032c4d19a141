//! The 1D and 2D labs' `run.py`: `pytorch.py` with the run's [`MlpGanConfig`] as constants.

use crate::export::{ExportSource, Py, fill_template, optimizer};
use crate::labs::mlp_gan::config::{GanLoss, MlpGanConfig, NoiseConfig, StepOrder};
use crate::models::mlp::{Activation, MlpConfig};

const TEMPLATE: &str = include_str!("pytorch.py");

/// The script of a run of `config` at `step`.
pub fn script(config: &MlpGanConfig, step: u64, source: &ExportSource) -> String {
    let noise = match config.noise {
        NoiseConfig::Uniform { low, high } => Py::Tuple(vec![Py::Str("uniform".into()), Py::Float(low), Py::Float(high)]),
        NoiseConfig::Normal { mean, std } => Py::Tuple(vec![Py::Str("normal".into()), Py::Float(mean), Py::Float(std)]),
    };
    let (loss, penalty) = match config.loss {
        GanLoss::Minimax => ("minimax", 0.0),
        GanLoss::NonSaturating => ("non-saturating", 0.0),
        GanLoss::LeastSquares => ("least-squares", 0.0),
        GanLoss::WassersteinGp { penalty } => ("wgan-gp", penalty),
    };
    let order = match config.order {
        StepOrder::DiscriminatorFirst => "discriminator-first",
        StepOrder::GeneratorFirst => "generator-first",
    };
    let settings = vec![
        ("LATENT", Py::Int(config.generator.d_input as u64)),
        ("WIDTH", Py::Int(config.sample_width() as u64)),
        ("PACK", Py::Int(config.pack as u64)),
        ("NOISE", noise),
        ("GENERATOR", network(&config.generator)),
        ("DISCRIMINATOR", network(&config.discriminator)),
        ("BATCH", Py::Int(config.batch_size as u64)),
        ("D_STEPS", Py::Int(config.discriminator_steps as u64)),
        ("ORDER", Py::Str(order.into())),
        ("LOSS", Py::Str(loss.into())),
        ("PENALTY", Py::Float(penalty)),
        ("LABEL_SMOOTHING", Py::Float(config.label_smoothing)),
        ("D_LOSS_MEAN", Py::Bool(config.discriminator_loss_mean)),
        ("G_OPTIMIZER", optimizer(config.generator_optimizer)),
        ("D_OPTIMIZER", optimizer(config.discriminator_optimizer)),
    ];
    fill_template(TEMPLATE, step, source, settings)
}

/// An MLP as the script's `Mlp` takes it: its widths, activation and whether the output has one.
fn network(config: &MlpConfig) -> Py {
    let widths = std::iter::once(config.d_input)
        .chain(config.hidden.iter().copied())
        .chain(std::iter::once(config.d_output))
        .map(|w| Py::Int(w as u64))
        .collect();
    let activation = match config.activation {
        Activation::LeakyRelu { slope } => Py::Tuple(vec![Py::Str("leaky_relu".into()), Py::Float(slope)]),
        Activation::Relu => Py::Tuple(vec![Py::Str("relu".into()), Py::Float(0.0)]),
        Activation::Tanh => Py::Tuple(vec![Py::Str("tanh".into()), Py::Float(0.0)]),
    };
    Py::Dict(vec![("widths", Py::List(widths)), ("activation", activation), ("activate_output", Py::Bool(config.activate_output))])
}
