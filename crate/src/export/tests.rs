//! "Export for PyTorch" on every preset: the weights file holds exactly the trained networks
//! (read back into burn through burn-store's PyTorch adapter), the script is Python that
//! compiles, and (an ignored test, run by scripts/test.sh) the files and burn's outputs are
//! written for tests/pytorch/check_exports.py to compare with PyTorch's.

use std::path::Path;

use burn::module::Module;
use burn::prelude::*;
use burn::store::{ModuleSnapshot, PyTorchToBurnAdapter, SafetensorsStore};

use super::{ExportSource, ExportedGan, PytorchExport};
use crate::checkpoint::{Checkpoint, load_module};
use crate::labs::digits::data::test_data::real_asset;
use crate::labs::digits::data::{CLASSES, Digits};
use crate::labs::digits::networks::{ImageDiscriminator, ImageGenerator};
use crate::labs::digits::settings::DigitsSettings;
use crate::labs::gan1d::settings::Gan1dSettings;
use crate::labs::gan2d::settings::Gan2dSettings;
use crate::labs::{LabData, LabSettings, create, presets};
use crate::models::mlp::Mlp;
use crate::models::mnist_cgan::one_hot;
use crate::test_support::lock_rng;

/// Every preset of every lab, with its settings (seed 3).
fn every_preset() -> Vec<(String, LabSettings)> {
    let one_d = presets::ids("gan1d").into_iter().map(|id| {
        let settings = LabSettings::Gan1d(Gan1dSettings::preset(&id, 3).unwrap());
        (id, settings)
    });
    let two_d = presets::ids("gan2d").into_iter().map(|id| {
        let settings = LabSettings::Gan2d(Gan2dSettings::preset(&id, 3).unwrap());
        (id, settings)
    });
    let digits = presets::ids("digits").into_iter().map(|id| {
        let settings = LabSettings::Digits(DigitsSettings::preset(&id, 3).unwrap());
        (id, settings)
    });
    one_d.chain(two_d).chain(digits).collect()
}

/// What a preset's export is checked against: burn's outputs of the trained networks.
struct Reference {
    /// `"mlp"` (the 1D and 2D labs) or `"digits"`.
    kind: &'static str,
    noise: Tensor<2>,
    labels: Option<Tensor<2>>,
    generated: Tensor<2>,
    judged: Tensor<2>,
    judged_input: Tensor<2>,
}

/// A deterministic, varied input `[rows, columns]` in about ±`scale`.
fn input(rows: usize, columns: usize, scale: f32) -> Tensor<2> {
    let values: Vec<f32> = (0..rows * columns).map(|i| scale * ((i as f32) * 0.7 + 0.3).sin()).collect();
    Tensor::from_data(TensorData::new(values, [rows, columns]), &Device::flex())
}

/// Trains `settings` three iterations on the CPU and exports it; also returns the networks as
/// trained, loaded from a checkpoint into fresh CPU modules (no autodiff: BatchNorm on its
/// running statistics, no dropout), and the same loaded back from the export's weights.
fn export_and_reference(settings: &LabSettings) -> (PytorchExport, Reference, Reference) {
    let data = match settings {
        LabSettings::Digits(_) => LabData::Images(Digits::from_asset(&real_asset()).unwrap()),
        _ => LabData::None,
    };
    let mut lab = create(settings, data, Device::flex().autodiff()).unwrap();
    lab.train(std::env::var("GAN_EXPORT_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(3));
    let source = ExportSource { title: "a test's export".into(), link: "https://example.org/#v=1&preset=\"x\"".into() };
    let export = pollster::block_on(lab.export_pytorch(&source)).unwrap();
    let checkpoint = Checkpoint::from_bytes(&pollster::block_on(lab.checkpoint(false)).unwrap()).unwrap();
    let cpu = Device::flex();
    match settings {
        LabSettings::Gan1d(_) | LabSettings::Gan2d(_) => {
            let gan = match settings {
                LabSettings::Gan1d(s) => s.config(None).unwrap().gan,
                LabSettings::Gan2d(s) => s.config(None).unwrap().gan,
                _ => unreachable!(),
            };
            let fresh = || ExportedGan {
                generator: gan.generator.init(&cpu),
                discriminator: gan.discriminator.init(&cpu),
                generator_average: None,
                real_samples: None,
            };
            let trained = ExportedGan {
                generator: load_module(gan.generator.init(&cpu), &checkpoint.generator).unwrap(),
                discriminator: load_module(gan.discriminator.init(&cpu), &checkpoint.discriminator).unwrap(),
                generator_average: None,
                real_samples: None,
            };
            let reloaded = reload(&export.weights, fresh());
            let discriminator_width = gan.discriminator.d_input;
            let reference = |gan: &ExportedGan<Mlp, Mlp>| {
                let noise = input(8, gan_latent(settings), 1.5);
                let judged_input = input(8, discriminator_width, 2.0);
                Reference {
                    kind: "mlp",
                    generated: gan.generator.forward(noise.clone()),
                    judged: gan.discriminator.forward(judged_input.clone()),
                    noise,
                    labels: None,
                    judged_input,
                }
            };
            (export.clone(), reference(&trained), reference(&reloaded))
        }
        LabSettings::Digits(s) => {
            let config = s.config().unwrap();
            // Each network built anew: clones of one module share its BatchNorm running
            // statistics (burn's `RunningState`), so loading one clone would change the others.
            let networks = || config.networks.init(&cpu);
            let trained = ExportedGan {
                generator: load_module(networks().0, &checkpoint.generator).unwrap(),
                discriminator: load_module(networks().1, &checkpoint.discriminator).unwrap(),
                generator_average: (!checkpoint.average.is_empty()).then(|| load_module(networks().0, &checkpoint.average).unwrap()),
                real_samples: None,
            };
            let fresh = ExportedGan {
                generator: networks().0,
                discriminator: networks().1,
                generator_average: trained.generator_average.as_ref().map(|_| networks().0),
                real_samples: None,
            };
            let reloaded = reload(&export.weights, fresh);
            let conditional = config.networks.is_conditional();
            let reference = |gan: &ExportedGan<ImageGenerator, ImageDiscriminator>| {
                let noise = input(4, config.networks.latent(), 1.0);
                let labels = conditional.then(|| one_hot(&[0, 3, 7, 9], &cpu));
                let generated = gan.generator.forward(noise.clone(), labels.clone());
                Reference {
                    kind: "digits",
                    judged: gan.discriminator.forward(generated.clone(), labels.clone()),
                    judged_input: generated.clone(),
                    generated,
                    noise,
                    labels,
                }
            };
            assert_eq!(trained.generator_average.is_some(), config.ema_decay > 0.0, "the average is exported where kept");
            (export.clone(), reference(&trained), reference(&reloaded))
        }
        _ => unreachable!("the presets' labs"),
    }
}

fn gan_latent(settings: &LabSettings) -> usize {
    match settings {
        LabSettings::Gan1d(s) => s.config(None).unwrap().gan.generator.d_input,
        LabSettings::Gan2d(s) => s.config(None).unwrap().gan.generator.d_input,
        _ => unreachable!("the MLP labs' presets"),
    }
}

/// `blank` with the export's weights, read back as PyTorch's layout (burn-store's adapter the
/// other way): every tensor of the networks must be in the file and used.
fn reload<G: Module, D: Module>(weights: &[u8], mut blank: ExportedGan<G, D>) -> ExportedGan<G, D>
where
    ExportedGan<G, D>: ModuleSnapshot,
{
    let mut store = SafetensorsStore::from_bytes(Some(weights.to_vec()))
        .with_from_adapter(PyTorchToBurnAdapter)
        .skip_enum_variants(true)
        .allow_partial(true);
    let result = blank.load_from(&mut store).unwrap();
    assert!(result.errors.is_empty() && result.missing.is_empty(), "{result:?}");
    // `real_samples` is the only tensor the networks do not take.
    assert!(result.unused.iter().all(|name| name == "real_samples"), "{result:?}");
    blank
}

fn values(tensor: &Tensor<2>) -> Vec<f32> {
    tensor.to_data().try_to_vec::<f32>().unwrap()
}

#[test]
fn every_presets_weights_are_the_trained_networks_in_pytorchs_layout() {
    let _rng = lock_rng();
    for (id, settings) in every_preset() {
        let (export, trained, reloaded) = export_and_reference(&settings);
        assert_eq!(values(&trained.generated), values(&reloaded.generated), "{id}: G");
        assert_eq!(values(&trained.judged), values(&reloaded.judged), "{id}: D");
        // The layout is PyTorch's: `nn.Linear`'s weight is [out, in].
        let header = safetensors_header(&export.weights);
        let first = if trained.kind == "mlp" { "generator.layers.0.weight" } else { first_generator_weight(&id) };
        let shape = &header[first]["shape"];
        assert_eq!(
            shape[1].as_u64(),
            Some(trained.noise.dims()[1] as u64 + trained.labels.as_ref().map_or(0, |_| extra_inputs(&id))),
            "{id}: {first} {shape}"
        );
        assert_eq!(header["__metadata__"]["gan_playground.step"], "3", "{id}");
        if trained.kind == "mlp" {
            assert_eq!(header["real_samples"]["shape"][0], 65_536, "{id}");
        }
    }
}

/// The first layer of G in each digit preset's script.
fn first_generator_weight(id: &str) -> &'static str {
    match id {
        "mnist-mlp" => "generator.blocks.0.weight",
        "mnist-cgan" => "generator.mlp.blocks.0.weight",
        _ => "generator.linear.weight",
    }
}

/// Inputs G reads besides z in a conditional digit preset (the one-hot label).
fn extra_inputs(id: &str) -> u64 {
    if id == "mnist-mlp" || id == "mnist-dcgan" { 0 } else { CLASSES as u64 }
}

/// The JSON header of a safetensors file.
fn safetensors_header(bytes: &[u8]) -> serde_json::Value {
    let length = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    serde_json::from_slice(&bytes[8..8 + length]).unwrap()
}

#[test]
fn every_presets_script_is_python_that_compiles() {
    let _rng = lock_rng();
    let dir = std::env::temp_dir().join(format!("gan-playground-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (id, settings) in
        every_preset().into_iter().filter(|(id, _)| ["tuned-1d", "ring8-pack", "mnist-minute", "mnist-cgan"].contains(&id.as_str()))
    {
        let (export, ..) = export_and_reference(&settings);
        assert!(!export.script.contains("{{"), "{id}: a placeholder is left");
        assert!(export.script.contains("LINK = \"https://example.org/#v=1&preset=\\\"x\\\"\""), "{id}: the link is a string literal");
        let path = dir.join(format!("{id}.py"));
        std::fs::write(&path, &export.script).unwrap();
        let status = std::process::Command::new("python3").args(["-m", "py_compile"]).arg(&path).status();
        let status = status.unwrap_or_else(|e| panic!("python3 (on every machine of this kind) did not run: {e}"));
        assert!(status.success(), "{id}: the script does not compile");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Writes every preset's export and burn's reference outputs into `$GAN_EXPORT_DIR/<preset>/`
/// (`run.py`, `weights.safetensors`, `reference.json`) for tests/pytorch/check_exports.py.
#[test]
#[ignore = "writes files for the PyTorch check: scripts/pytorch-check.sh runs it"]
fn write_every_presets_export_for_pytorch() {
    let _rng = lock_rng();
    let root = std::env::var("GAN_EXPORT_DIR").expect("GAN_EXPORT_DIR: where to write the exports");
    for (id, settings) in every_preset() {
        let (export, trained, _) = export_and_reference(&settings);
        let dir = Path::new(&root).join(&id);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("run.py"), &export.script).unwrap();
        std::fs::write(dir.join("weights.safetensors"), &export.weights).unwrap();
        let rows = |t: &Tensor<2>| {
            let [_, columns] = t.dims();
            values(t).chunks(columns).map(<[f32]>::to_vec).collect::<Vec<_>>()
        };
        let reference = serde_json::json!({
            "preset": id,
            "kind": trained.kind,
            "noise": rows(&trained.noise),
            "labels": trained.labels.as_ref().map(rows),
            "generated": rows(&trained.generated),
            "judged_input": rows(&trained.judged_input),
            "judged": rows(&trained.judged),
        });
        std::fs::write(dir.join("reference.json"), reference.to_string()).unwrap();
    }
}
