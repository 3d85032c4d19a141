//! The labs: one folder each (the same files in each: config, settings, trainer, snapshot), one
//! [`Lab`] interface that the wasm API drives, and the registry below — the only place that
//! names every lab. Adding a lab is a folder here, a variant in [`LabSettings`] and
//! [`Snapshot`], and a line in [`create`] (`toy`, a lab of the tests only, is one so added).
//!
//! Data flows: the page's settings (JSON with `"lab"`) → [`LabSettings`] → the lab's config →
//! its trainer → a [`Snapshot`] (one serde value; tsify declares it to TypeScript).

use std::future::Future;
use std::pin::Pin;

use burn::prelude::Device;
use serde::{Deserialize, Serialize, Serializer};
use tsify::Tsify;

use crate::error::{Network, TrainError};

pub mod digits;
#[cfg(test)]
mod divergence_tests;
pub mod gan1d;
pub mod gan2d;
pub mod mlp_gan;
// A lab of the tests only: "Adding a lab" done (labs/toy/mod.rs).
#[cfg(test)]
pub mod toy;

use crate::export::{ExportSource, PytorchExport};
use digits::data::Digits;
use digits::settings::DigitsSettings;
use digits::snapshot::DigitsSnapshot;
use gan1d::settings::Gan1dSettings;
use gan1d::snapshot::Gan1dSnapshot;
use gan2d::settings::Gan2dSettings;
use gan2d::snapshot::Gan2dSnapshot;

/// A future a lab returns; not `Send` (a browser's worker is one thread).
pub type LabFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, TrainError>> + 'a>>;

/// One run of one lab, as the API (and so the page's worker) drives it. Calls never overlap.
pub trait Lab {
    /// Completed iterations.
    fn step(&self) -> u64;
    /// While training at full speed on the CPU, a snapshot at most this often (ms): what one
    /// costs against what the views gain (a 1D snapshot is cheap, ≈ 30 a second).
    fn snapshot_every_ms(&self) -> u32 {
        33
    }
    /// While training, a judged snapshot (see [`Lab::snapshot`]) at most this often (ms); a
    /// paused run's snapshots are all judged. `None`: the lab has no costlier measures.
    fn judge_every_ms(&self) -> Option<u32> {
        None
    }
    /// Runs `iterations` training iterations (on WebGPU: queues them; nothing is read back).
    fn train(&mut self, iterations: u32);
    /// `steps` steps of one network alone (a D-step does not count as an iteration); a lab
    /// whose iteration cannot be split runs full iterations.
    fn train_network(&mut self, network: Network, steps: u32);
    /// Reads back what the views draw (and the histories since the previous snapshot);
    /// `judged`: with the lab's costlier measures (the digits' judge). A non-finite value is
    /// [`TrainError::Diverged`].
    fn snapshot(&mut self, judged: bool) -> LabFuture<'_, Snapshot>;
    /// `n` fresh samples of the generator, from a random stream of their own (the run stays
    /// the same whether or not samples are asked for).
    fn sample(&mut self, n: u32) -> LabFuture<'_, Samples>;
    /// The run's state as bytes (crate::checkpoint); the optimisers' state where `with_optimizers`.
    fn checkpoint(&self, with_optimizers: bool) -> LabFuture<'_, Vec<u8>>;
    /// Continues from a checkpoint of a run with the same settings; refuses one that does not
    /// fit (and the run stays as it was).
    fn restore(&mut self, bytes: &[u8]) -> Result<(), TrainError>;
    /// From now on the training noise is drawn on the host, the same numbers on every backend
    /// (`crate::agreement`); the run's own draws it with the device's generator.
    fn draw_noise_on_host(&mut self);
    /// Applies the view keys of `settings` (the same lab's settings, e.g. the digit on view):
    /// what the views draw from now on; the run goes on unchanged. Labs without view keys
    /// have nothing to do.
    fn set_view(&mut self, _settings: &LabSettings) -> Result<(), TrainError> {
        Ok(())
    }
    /// Pictures the page shows once per run beside the views (the digits' real images).
    fn real_pictures(&self) -> Option<Pictures> {
        None
    }
    /// `frames` pictures along a walk between two fixed noise vectors (labs that draw pictures).
    fn latent_walk(&self, _frames: u32) -> LabFuture<'_, Pictures> {
        Box::pin(async { not_in_this_lab("a latent walk") })
    }
    /// G's weights as a burn record (burnpack bytes), read back asynchronously.
    fn export_generator(&self) -> LabFuture<'_, Vec<u8>> {
        Box::pin(async { not_in_this_lab("exporting the generator") })
    }
    /// Continues from G's weights exported before; refuses a record of another shape.
    fn import_generator(&mut self, _bytes: &[u8]) -> Result<(), TrainError> {
        not_in_this_lab("loading a generator")
    }
    /// "Export for PyTorch": the script and the weights (see [`crate::export`]), read back
    /// asynchronously; the run is not changed.
    fn export_pytorch<'a>(&'a self, source: &'a ExportSource) -> LabFuture<'a, PytorchExport>;
}

/// A run's settings as the page sends them: one JSON object whose `"lab"` names the lab and
/// whose other keys are that lab's URL keys. tsify declares it to TypeScript (the page's
/// `RunSettings`): the settings are typed once, here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(tag = "lab", rename_all = "lowercase")]
pub enum LabSettings {
    /// The 1D GAN.
    Gan1d(Gan1dSettings),
    /// The digit GANs.
    Digits(DigitsSettings),
    /// The 2D GAN.
    Gan2d(Gan2dSettings),
    /// The tests' own lab.
    #[cfg(test)]
    Toy(toy::ToySettings),
}

impl LabSettings {
    /// Parses the page's JSON; unknown labs, fields or values are refused with serde's explanation.
    pub fn from_json(json: &str) -> Result<Self, TrainError> {
        // Every lab's settings flatten shared keys in (which serde's `deny_unknown_fields` does
        // not allow), so unknown fields are found by a round trip.
        mlp_gan::settings::from_json_strictly(json)
    }
}

/// What a run trains on besides its settings: the user's 1D samples, or images.
pub enum LabData {
    /// Nothing beyond the settings (a 1D target the crate samples itself).
    None,
    /// The user's own 1D samples (`target=data`), or 2D points as x, y pairs (`shape=points`).
    Samples(Vec<f32>),
    /// The digit images (the built-in asset or the user's files).
    Images(Digits),
}

impl LabData {
    /// What a run trains on besides its settings, as the page sends it: `"none"`; `"samples"` (the
    /// user's 1D numbers, as little-endian f32 in `primary`); `"asset"` (the built-in digits file);
    /// `"idx"` (an IDX images file, and optionally its labels file); `"pixels"` (28×28 grey u8
    /// images one after another, optionally labels).
    pub fn from_page(format: &str, primary: Vec<u8>, labels: Option<Vec<u8>>) -> Result<LabData, TrainError> {
        Ok(match format {
            "none" => LabData::None,
            "samples" => LabData::Samples(primary.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()),
            "asset" => LabData::Images(Digits::from_asset(&primary)?),
            "idx" => LabData::Images(Digits::from_idx(&primary, labels.as_deref(), ("the images file", "the labels file"))?),
            "pixels" => LabData::Images(Digits::new(primary, labels)?),
            other => return Err(TrainError::Data(format!("unknown data format {other:?}"))),
        })
    }

    /// The user's own samples of a lab that trains on numbers (`None`: the lab's own target);
    /// images are refused with a sentence that says what the lab (`lab`, e.g. "the 1D lab")
    /// trains on (`on`, e.g. "numbers").
    pub fn samples(self, lab: &str, on: &str) -> Result<Option<Vec<f32>>, TrainError> {
        match self {
            LabData::Samples(samples) => Ok(Some(samples)),
            LabData::None => Ok(None),
            LabData::Images(_) => Err(TrainError::Data(format!("{lab} trains on {on}, not images"))),
        }
    }
}

/// The registry: a run of the lab `settings` names, on `device` (with autodiff).
pub fn create(settings: &LabSettings, data: LabData, device: Device) -> Result<Box<dyn Lab>, TrainError> {
    Ok(match settings {
        LabSettings::Gan1d(settings) => Box::new(gan1d::Gan1dLab::new(settings, data, device)?),
        LabSettings::Digits(settings) => Box::new(digits::DigitsLab::new(settings, data, device)?),
        LabSettings::Gan2d(settings) => Box::new(gan2d::Gan2dLab::new(settings, data, device)?),
        #[cfg(test)]
        LabSettings::Toy(settings) => Box::new(toy::ToyLab::new(settings, data, device)?),
    })
}

/// A snapshot of any lab: one typed value, tagged with its lab.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(tag = "lab", rename_all = "lowercase")]
// The snapshots flatten `Losses` in, which serde writes as a map: a plain object in JS.
#[tsify(hashmap_as_object)]
pub enum Snapshot {
    /// What the 1D views draw.
    Gan1d(Gan1dSnapshot),
    /// What the digit views draw.
    Digits(DigitsSnapshot),
    /// What the 2D views draw.
    Gan2d(Gan2dSnapshot),
    /// The tests' own lab's.
    #[cfg(test)]
    Toy(toy::ToySnapshot),
}

/// What every lab's snapshot starts with (flattened into it: the page reads these fields at
/// the snapshot's top level): the step, and both networks' losses — the latest, and every
/// iteration's since the previous snapshot.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
pub struct Losses {
    /// Completed iterations.
    pub step: u64,
    /// D's latest loss (`None` before the first step).
    pub discriminator_loss: Option<f32>,
    /// G's latest loss (`None` before the first step).
    pub generator_loss: Option<f32>,
    /// The iteration (1-based) of the histories' first entry.
    pub losses_from: u64,
    /// D's loss at every iteration since the previous snapshot (NaN where D had not stepped).
    #[serde(serialize_with = "float_array")]
    #[tsify(type = "Float32Array")]
    pub discriminator_losses: Vec<f32>,
    /// G's loss at every iteration since the previous snapshot.
    #[serde(serialize_with = "float_array")]
    #[tsify(type = "Float32Array")]
    pub generator_losses: Vec<f32>,
}

/// Fresh samples of a generator: 1D values, points of `dim` coordinates, or images of
/// `width × height` pixels in [0, 1].
#[derive(Clone, Debug, Serialize, Tsify)]
pub struct Samples {
    /// The samples, one after another.
    #[serde(serialize_with = "float_array")]
    #[tsify(type = "Float32Array")]
    pub values: Vec<f32>,
    /// Images only: their width and height in pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub width: Option<u32>,
    /// Images only: their height in pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub height: Option<u32>,
    /// Points only: the coordinates of one point (2 in the 2D lab).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub dim: Option<u32>,
}

/// Pictures for a view: `images` of `width × height` pixels in [0, 1], image after image, laid
/// out in `columns`.
#[derive(Clone, Debug, Serialize, Tsify)]
pub struct Pictures {
    /// Width of one picture in pixels.
    pub width: u32,
    /// Height of one picture in pixels.
    pub height: u32,
    /// The columns of the grid they are laid out in.
    pub columns: u32,
    /// The pixels, picture after picture.
    #[serde(serialize_with = "float_array")]
    #[tsify(type = "Float32Array")]
    pub images: Vec<f32>,
}

/// Serialises floats as a `Float32Array` in the browser (one copy out of the wasm memory, a
/// buffer the worker transfers to the page), as a list elsewhere (tests, JSON).
pub(crate) fn float_array<S: Serializer>(values: &[f32], serializer: S) -> Result<S::Ok, S::Error> {
    #[cfg(target_arch = "wasm32")]
    {
        serde_wasm_bindgen::preserve::serialize(&js_sys::Float32Array::from(values), serializer)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serializer.collect_seq(values)
    }
}

/// [`float_array`] for a value that may be absent (`undefined` in the browser).
pub(crate) fn optional_float_array<S: Serializer>(values: &Option<Vec<f32>>, serializer: S) -> Result<S::Ok, S::Error> {
    match values {
        Some(values) => float_array(values, serializer),
        None => serializer.serialize_none(),
    }
}

/// `crate/presets.json`: every preset of every lab, which the page reads too.
pub mod presets {
    use serde::Deserialize;

    use crate::error::TrainError;

    /// The file, as the crate was built with it.
    pub const PRESETS_JSON: &str = include_str!("../../presets.json");

    /// One preset of the file.
    #[derive(Debug, Deserialize)]
    pub struct PresetEntry {
        /// The lab it belongs to (`gan1d`, `digits`, `gan2d`).
        pub lab: String,
        /// What the settings panel calls it.
        pub title: String,
        /// What it is and what to look for.
        pub summary: String,
        /// Digit presets: whether G is asked for a digit.
        #[serde(default)]
        pub conditional: bool,
        /// What the preset fixes beyond its keys, as its lab reads it (the digit presets'
        /// networks, batch and average of G's weights); null for the 1D and 2D presets, whose
        /// keys say everything.
        #[serde(default)]
        pub model: serde_json::Value,
        /// The lab's settings of the preset: its every run key but the seed (and the digits'
        /// grid and digit, which are views).
        pub settings: serde_json::Value,
    }

    /// Every preset, by id.
    pub fn all() -> Result<Vec<(String, PresetEntry)>, TrainError> {
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(PRESETS_JSON).map_err(|e| TrainError::Settings(format!("presets.json: {e}")))?;
        map.into_iter()
            .map(|(id, value)| {
                let entry = serde_json::from_value(value).map_err(|e| TrainError::Settings(format!("presets.json, {id}: {e}")))?;
                Ok((id, entry))
            })
            .collect()
    }

    /// The preset `id`.
    pub fn entry(id: &str) -> Result<PresetEntry, TrainError> {
        all()?.into_iter().find(|(key, _)| key == id).map(|(_, entry)| entry).ok_or_else(|| TrainError::UnknownPreset(id.to_string()))
    }

    /// The ids of one lab's presets, in id order.
    pub fn ids(lab: &str) -> Vec<String> {
        all().unwrap_or_default().into_iter().filter(|(_, entry)| entry.lab == lab).map(|(id, _)| id).collect()
    }
}

/// An operation a lab does not have, refused with a sentence the page can show.
pub(crate) fn not_in_this_lab<T>(what: &str) -> Result<T, TrainError> {
    Err(TrainError::Settings(format!("{what} is not part of this lab")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No two streams share a constant, the shared ones and every lab's: a collision would tie
    /// two streams together.
    #[test]
    fn every_stream_is_its_own() {
        let all: Vec<u64> =
            [crate::streams::SHARED, gan1d::streams::ALL, gan2d::streams::ALL, digits::streams::ALL, toy::streams::ALL].concat();
        let distinct: std::collections::BTreeSet<u64> = all.iter().copied().collect();
        assert_eq!(distinct.len(), all.len());
    }
    use crate::backend::{BackendKind, autodiff_device};
    use crate::test_support::lock_rng;
    use digits::settings::DigitsSettings;

    fn device() -> Device {
        pollster::block_on(autodiff_device(BackendKind::Cpu)).unwrap()
    }

    /// The page's JSON names the lab; each lab's own keys are checked as before, through the tag.
    #[test]
    fn the_settings_name_their_lab_and_nothing_else_gets_through() {
        let mut json: serde_json::Value = serde_json::from_str(presets::PRESETS_JSON).unwrap();
        let mut gan1d = json["tuned-1d"]["settings"].take();
        gan1d["lab"] = "gan1d".into();
        gan1d["seed"] = 4.into();
        assert!(matches!(LabSettings::from_json(&gan1d.to_string()), Ok(LabSettings::Gan1d(s)) if s.seed == 4));
        let digits = serde_json::to_value(LabSettings::Digits(DigitsSettings::preset("mnist-minute", 1).unwrap())).unwrap();
        assert!(matches!(LabSettings::from_json(&digits.to_string()), Ok(LabSettings::Digits(s)) if s.preset == "mnist-minute"));
        let with = |key: &str, value: serde_json::Value| {
            let mut json = digits.clone();
            json[key] = value;
            json.to_string()
        };
        for bad in [
            r#"{"lab":"2d","preset":"ring8","seed":1}"#.to_string(),
            r#"{"lab":"gan2d","preset":"ring8","seed":1}"#.to_string(),
            r#"{"preset":"mnist-minute","seed":1,"grid":4}"#.to_string(),
            // The digits' old shared keys are the URL's to migrate (state/url.ts), not the crate's.
            with("lr", 0.1.into()),
            with("opt", "sgd".into()),
            with("g_opt", "adamw".into()),
            with("lab", "gan1d".into()),
        ] {
            assert!(LabSettings::from_json(&bad).is_err(), "{bad}");
        }
    }

    /// A run of the 1D lab through the registry: its snapshot is one value tagged with the lab,
    /// whose fields are the names the page, the CSV and the widget read.
    #[test]
    fn a_snapshot_crosses_as_one_value_under_the_crates_names() {
        let _rng = lock_rng();
        let mut json: serde_json::Value = serde_json::from_str(presets::PRESETS_JSON).unwrap();
        let mut settings = json["tuned-1d"]["settings"].take();
        settings["lab"] = "gan1d".into();
        let settings = LabSettings::from_json(&settings.to_string()).unwrap();
        let mut lab = create(&settings, LabData::None, device()).unwrap();
        lab.train(3);
        let snapshot = pollster::block_on(lab.snapshot(false)).unwrap();
        let value = serde_json::to_value(&snapshot).unwrap();
        assert_eq!(value["lab"], "gan1d");
        assert_eq!(value["step"], 3);
        assert_eq!(value["discriminator_losses"].as_array().map(Vec::len), Some(3));
        for field in [
            "discriminator_loss",
            "generator_loss",
            "losses_from",
            "generator_losses",
            "w1",
            "ks",
            "x_min",
            "x_max",
            "real_histogram",
            "generated_histogram",
            "discriminator_curve",
            "generator_map",
        ] {
            assert!(value.get(field).is_some(), "{field} is missing from {value}");
        }
        assert_eq!((lab.snapshot_every_ms(), lab.judge_every_ms()), (33, None));
        assert!(lab.real_pictures().is_none());
        // What the 1D lab does not have is refused with a sentence, not a panic.
        assert!(pollster::block_on(lab.latent_walk(4)).is_err());
        // Another lab's data is refused.
        let digits = LabSettings::Digits(DigitsSettings::preset("mnist-mlp", 1).unwrap());
        assert!(create(&digits, LabData::None, device()).is_err());
        assert!(create(&settings, LabData::Images(Digits::new(vec![0; 784], None).unwrap()), device()).is_err());
    }
}
