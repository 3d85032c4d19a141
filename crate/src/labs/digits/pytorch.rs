//! The digit presets' `run.py`: `pytorch.py` with the run's [`DigitsConfig`] as constants.

use super::config::DigitsConfig;
use super::data::CLASSES;
use super::networks::ImageNetworksConfig;
use crate::export::{ExportSource, Py, fill_template, optimizer};

const TEMPLATE: &str = include_str!("pytorch.py");

/// The script of a run of `config` at `step`.
pub fn script(config: &DigitsConfig, step: u64, source: &ExportSource) -> String {
    let widths = |hidden: &[usize]| Py::List(hidden.iter().map(|&w| Py::Int(w as u64)).collect());
    let (networks, classes) = match &config.networks {
        ImageNetworksConfig::Mlp { generator, discriminator } => (
            Py::Dict(vec![
                ("kind", Py::Str("mlp".into())),
                ("generator_hidden", widths(&generator.hidden)),
                ("discriminator_hidden", widths(&discriminator.hidden)),
                ("slope", Py::Float(discriminator.slope)),
                ("dropout", Py::Float(discriminator.dropout)),
            ]),
            0,
        ),
        ImageNetworksConfig::Conditional { generator, discriminator } => (
            Py::Dict(vec![
                ("kind", Py::Str("conditional".into())),
                ("generator_hidden", widths(&generator.mlp.hidden)),
                ("discriminator_hidden", widths(&discriminator.mlp.hidden)),
                ("slope", Py::Float(discriminator.mlp.slope)),
                ("dropout", Py::Float(discriminator.mlp.dropout)),
            ]),
            generator.classes,
        ),
        ImageNetworksConfig::Dcgan { generator, discriminator } => (
            Py::Dict(vec![
                ("kind", Py::Str("dcgan".into())),
                ("base_channels", Py::Int(generator.base_channels as u64)),
                ("hidden_channels", Py::Int(generator.hidden_channels as u64)),
                ("channels_1", Py::Int(discriminator.channels_1 as u64)),
                ("channels_2", Py::Int(discriminator.channels_2 as u64)),
                ("slope", Py::Float(discriminator.slope)),
            ]),
            generator.classes,
        ),
    };
    debug_assert!(classes == 0 || classes == CLASSES);
    let settings = vec![
        ("LATENT", Py::Int(config.networks.latent() as u64)),
        ("CLASSES", Py::Int(classes as u64)),
        ("NETWORKS", networks),
        ("BATCH", Py::Int(config.batch_size as u64)),
        ("G_OPTIMIZER", optimizer(config.generator_optimizer)),
        ("D_OPTIMIZER", optimizer(config.discriminator_optimizer)),
        ("EMA_DECAY", Py::Float(config.ema_decay)),
    ];
    fill_template(TEMPLATE, step, source, settings)
}
