//! "Export for PyTorch": a run's networks as one safetensors file in PyTorch's layout, written
//! by burn-store (its `BurnToPyTorchAdapter` transposes `Linear` weights and names BatchNorm's
//! γ/β `weight`/`bias`), and a Python script that defines the same networks, losses, optimisers
//! and hyper-parameters and trains on from those weights (`python run.py`).
//!
//! The script is a template of the lab's (`labs/mlp_gan/pytorch.py` for the 1D and 2D labs,
//! `labs/digits/pytorch.py` for the digit presets) with the run's settings written in as Python
//! constants; this module holds what they share.
//! `tests/pytorch/check_exports.py` loads every preset's export into PyTorch and compares its
//! outputs with burn's (scripts/test.sh runs it).

use burn::module::{Module, Param};
use burn::prelude::*;
use burn::store::{BurnToPyTorchAdapter, ModuleSnapshot, SafetensorsStore};

use crate::error::TrainError;
use crate::optim::OptimizerConfig;

/// What "Export for PyTorch" gives: `run.py` and `weights.safetensors`.
#[derive(Clone, Debug)]
pub struct PytorchExport {
    /// The Python script (`run.py`).
    pub script: String,
    /// Both networks' weights (and what else the script reads) as safetensors.
    pub weights: Vec<u8>,
}

/// What a run's export says about where it came from: written into the script's header.
#[derive(Clone, Debug, Default)]
pub struct ExportSource {
    /// The preset (or the lab), shown in the script's first line.
    pub title: String,
    /// The page's link to the run (its URL), kept as a string constant in the script.
    pub link: String,
}

/// The tensors of an export, under the names the script reads: `generator.*`,
/// `discriminator.*`, and where present `generator_average.*` (the digits' moving average of G)
/// and `real_samples` (the 1D and 2D labs' real data, `[n, width]`).
#[derive(Module, Debug)]
pub struct ExportedGan<G: Module, D: Module> {
    /// G as trained.
    pub generator: G,
    /// D as trained.
    pub discriminator: D,
    /// The average of G's weights that draws the page's views, where the run keeps one.
    pub generator_average: Option<G>,
    /// Real samples drawn from the run's target (MLP labs).
    pub real_samples: Option<Param<Tensor<2>>>,
}

impl<G: Module, D: Module> ExportedGan<G, D>
where
    Self: ModuleSnapshot,
{
    /// The safetensors file of these tensors in PyTorch's layout, with `step` and the source in
    /// its metadata. The tensors must be on the CPU backend (burn-store reads them synchronously).
    pub fn to_safetensors(&self, step: u64, source: &ExportSource) -> Result<Vec<u8>, TrainError> {
        let failed = |e: &dyn std::fmt::Debug| TrainError::Data(format!("the PyTorch weights cannot be written: {e:?}"));
        let mut store = SafetensorsStore::from_bytes(None)
            .with_to_adapter(BurnToPyTorchAdapter)
            // `generator.blocks.0.weight`, not `generator.Mlp.blocks.0.weight`: the script's
            // modules are one class per preset, not burn's enum of them.
            .skip_enum_variants(true)
            .metadata("gan_playground.step", step.to_string())
            .metadata("gan_playground.title", source.title.clone())
            .metadata("gan_playground.link", source.link.clone());
        self.save_into(&mut store).map_err(|e| failed(&e))?;
        store.get_bytes().map_err(|e| failed(&e))
    }
}

/// Whether `device` is the CPU backend, whose tensors burn-store can read synchronously (on
/// WebGPU an export goes through a CPU copy restored from a checkpoint).
pub fn on_cpu(device: &Device) -> bool {
    device.clone().without_autodiff() == Device::flex()
}

/// An `f32` setting as the decimal it was written as (0.999, not 0.9990000128746033).
pub(crate) fn round_f32(value: f64) -> f64 {
    format!("{}", value as f32).parse().unwrap_or(value)
}

/// An optimiser as the script's `optimizer` takes it (PyTorch's defaults where the page's are the same).
pub(crate) fn optimizer(config: OptimizerConfig) -> Py {
    let (kind, betas, momentum) = match config {
        OptimizerConfig::Sgd { momentum, .. } => ("sgd", (0.9, 0.999), momentum),
        OptimizerConfig::Adam { beta_1, beta_2, .. } => ("adam", (f64::from(beta_1), f64::from(beta_2)), 0.0),
        OptimizerConfig::RmsProp { momentum, .. } => ("rmsprop", (0.9, 0.999), f64::from(momentum)),
    };
    Py::Dict(vec![
        ("kind", Py::Str(kind.into())),
        ("lr", Py::Float(config.learning_rate())),
        ("betas", Py::Tuple(vec![Py::Float(round_f32(betas.0)), Py::Float(round_f32(betas.1))])),
        ("momentum", Py::Float(round_f32(momentum))),
    ])
}

/// A Python value of the settings block.
pub(crate) enum Py {
    Int(u64),
    Float(f64),
    Bool(bool),
    Str(String),
    List(Vec<Py>),
    Tuple(Vec<Py>),
    Dict(Vec<(&'static str, Py)>),
}

impl std::fmt::Display for Py {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let join = |items: &[Py]| items.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        match self {
            Py::Int(v) => write!(f, "{v}"),
            // Rust's shortest round-trip form (`0.0005`, `1e-5`) is a Python float literal too;
            // settings are validated finite.
            Py::Float(v) if v.is_finite() => write!(f, "{v:?}"),
            Py::Float(_) => write!(f, "float(\"nan\")"),
            Py::Bool(v) => write!(f, "{}", if *v { "True" } else { "False" }),
            // A JSON string is a Python string literal (its escapes are Python's).
            Py::Str(v) => write!(f, "{}", serde_json::Value::String(v.clone())),
            Py::List(items) => write!(f, "[{}]", join(items)),
            Py::Tuple(items) if items.len() == 1 => write!(f, "({},)", items[0]),
            Py::Tuple(items) => write!(f, "({})", join(items)),
            Py::Dict(entries) => {
                let entries: Vec<String> = entries.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
                write!(f, "{{{}}}", entries.join(", "))
            }
        }
    }
}

/// `template` with its `{{TITLE}}`, `{{STEP}}` and `# {{SETTINGS}}` filled: the settings as one
/// `NAME = value` line each, after the source's link and the step.
pub(crate) fn fill_template(template: &str, step: u64, source: &ExportSource, settings: Vec<(&str, Py)>) -> String {
    // The title goes into a docstring: only characters that cannot end or escape it.
    let title: String = source.title.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | ',')).collect();
    let mut block = vec![
        format!("LINK = {}  # the page's link to this run", Py::Str(source.link.clone())),
        format!("STEP = {step}  # iterations the page had trained"),
    ];
    block.extend(settings.into_iter().map(|(name, value)| format!("{name} = {value}")));
    template.replace("{{TITLE}}", &title).replace("{{STEP}}", &format!("{step}")).replace("# {{SETTINGS}}", &block.join("\n"))
}

#[cfg(test)]
mod tests;
