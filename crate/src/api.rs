//! The only `#[wasm_bindgen]` surface: one exported [`Trainer`] that runs any lab (the registry
//! is [`crate::labs::create`]), whose snapshots cross as one typed value ([`Snapshot`], declared
//! to TypeScript by tsify). It compiles on every target, so `cargo test` type-checks it; only
//! the start function and the thread pool are the browser's alone.
//!
//! Calls must not overlap (the worker awaits each one): async methods hold a borrow of the
//! trainer until they resolve.

use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use crate::backend::{BackendKind, autodiff_device};
use crate::error::{Network, TrainError};
use crate::export::ExportSource;
use crate::labs::{self, Lab, LabData, LabSettings, Pictures, Samples, Snapshot};

/// `initThreadPool(n)`: starts the CPU backend's `n` rayon workers (the threaded build only;
/// the page must be cross-origin isolated so the wasm memory can be shared).
#[cfg(all(feature = "threads", target_arch = "wasm32"))]
pub use wasm_bindgen_rayon::init_thread_pool;

#[cfg(target_arch = "wasm32")]
unsafe extern "C" {
    /// The static constructors (cubecl registers its kernels' pieces with `inventory`), which
    /// wasm-ld synthesises. Without a call to it in the code, wasm-ld treats the module as a
    /// "command" and runs every constructor again at the start of *every* export — each call
    /// from JS into the module, hundreds per WebGPU iteration (issue 7's profile:
    /// bench/gpu-dispatches.mjs --profile 1). Calling it here, once, stops that.
    fn __wasm_call_ctors();
}

/// Runs the static constructors once and installs the panic hook, so a panic reaches the
/// console as a readable message.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(start)]
pub fn start() {
    // SAFETY: wasm-bindgen calls the start function once per instance, before any other
    // export, which is when the constructors must run (and they run nowhere else now).
    unsafe { __wasm_call_ctors() };
    console_error_panic_hook::set_once();
}

/// The test build's fault hook (issue 8): a real panic, to show that the worker reports a
/// crashed module and the page restarts it. Only in the test build (feature `test-hooks`).
#[cfg(feature = "test-hooks")]
#[wasm_bindgen(js_name = testPanic)]
pub fn test_panic() {
    panic!("test hook: a panic in the training module");
}

/// The test build's allocation failure: takes memory in 16 MiB blocks until the allocator can
/// get no more, which aborts (a trap), as an allocation failure inside burn would. Only in the
/// test build (feature `test-hooks`).
#[cfg(feature = "test-hooks")]
#[wasm_bindgen(js_name = testExhaustMemory)]
pub fn test_exhaust_memory() {
    let mut kept: Vec<Vec<u8>> = Vec::new();
    loop {
        kept.push(Vec::with_capacity(16 << 20));
        // Kept observable, so the allocations are not optimised away.
        std::hint::black_box(&mut kept);
    }
}

/// The test build's check that WebGPU computes what the CPU computes (`crate::agreement`): the
/// run `settings` describe, over its data (as [`Trainer::create`] takes them), trains
/// `iterations` on the CPU and on WebGPU from the CPU's checkpoint after `warmup` iterations,
/// with the same noise; the report as JSON. `webgpu_only`: WebGPU against itself, from its own
/// checkpoint (a resume on WebGPU, to the bit). Only in the test build (feature `test-hooks`).
#[cfg(feature = "test-hooks")]
#[wasm_bindgen(js_name = testCompareBackends)]
pub async fn test_compare_backends(
    settings: String,
    format: String,
    primary: Vec<u8>,
    labels: Option<Vec<u8>>,
    warmup: u32,
    iterations: u32,
    webgpu_only: bool,
) -> Result<String, JsError> {
    let settings = LabSettings::from_json(&settings)?;
    let data = || LabData::from_page(&format, primary.clone(), labels.clone());
    let webgpu = autodiff_device(BackendKind::WebGpu).await?;
    let first = if webgpu_only { webgpu.clone() } else { autodiff_device(BackendKind::Cpu).await? };
    let report = crate::agreement::compare(&settings, data, (first, webgpu), warmup, iterations).await?;
    serde_json::to_string(&report).map_err(|e| JsError::new(&e.to_string()))
}

/// Test build: keeps burn's element-wise fuser on WebGPU, which the page removes (see
/// `backend::without_element_wise_fusion`), so a test can show what it computes. Only before
/// the first WebGPU operation; returns whether it took effect.
#[cfg(all(feature = "test-hooks", feature = "webgpu"))]
#[wasm_bindgen(js_name = testKeepElementWiseFusion)]
pub fn test_keep_element_wise_fusion() -> bool {
    crate::backend::keep_element_wise_fusion()
}

/// An error as it crosses to JavaScript: a JS `Error` with the error's text as its `message`
/// and, for a [`TrainError`], its kind and fields ([`crate::error::ErrorDetail`], declared to
/// TypeScript by tsify) as `detail`: the worker reads a divergence from `detail`, not the text.
pub struct ApiError(JsValue);

impl From<TrainError> for ApiError {
    fn from(error: TrainError) -> Self {
        let js = js_sys::Error::new(&error.to_string());
        // A plain object of a few fields; were it not to convert, the message would still go.
        if let Ok(detail) = serde_wasm_bindgen::to_value(&error.detail()) {
            let _ = js_sys::Reflect::set(&js, &JsValue::from_str("detail"), &detail);
        }
        ApiError(js.into())
    }
}

impl From<tsify::Error> for ApiError {
    fn from(error: tsify::Error) -> Self {
        ApiError(js_sys::Error::new(&error.to_string()).into())
    }
}

impl From<ApiError> for JsValue {
    fn from(error: ApiError) -> JsValue {
        error.0
    }
}

// The backend crosses by name, `"cpu"` (burn's `flex`) or `"webgpu"`: a string, typed for
// TypeScript, rather than a wasm-bindgen string enum, whose generated items carry no docs.
impl BackendKind {
    /// The backend `name` (the page's `"cpu"` or `"webgpu"`).
    fn from_name(name: &str) -> Result<Self, TrainError> {
        match name {
            "cpu" => Ok(BackendKind::Cpu),
            "webgpu" => Ok(BackendKind::WebGpu),
            other => Err(TrainError::Backend(format!("unknown backend {other:?} (expected \"cpu\" or \"webgpu\")"))),
        }
    }

    /// The page's name for the backend.
    fn name(self) -> &'static str {
        match self {
            BackendKind::Cpu => "cpu",
            BackendKind::WebGpu => "webgpu",
        }
    }
}

/// A GAN of any lab in training.
#[wasm_bindgen]
pub struct Trainer {
    lab: Box<dyn Lab>,
    backend: BackendKind,
}

#[wasm_bindgen]
impl Trainer {
    /// Builds a run from `settings` (the JSON of www/src/protocol.ts `RunSettings`: `"lab"`
    /// and that lab's keys, seed included) on `backend`, over the data `format` names (see
    /// `lab_data`). Rejects invalid settings, data that does not parse, or a backend that
    /// cannot be brought up (no adapter, a failed device).
    pub async fn create(
        settings: String,
        #[wasm_bindgen(unchecked_param_type = "\"cpu\" | \"webgpu\"")] backend: String,
        format: String,
        primary: Vec<u8>,
        labels: Option<Vec<u8>>,
    ) -> Result<Trainer, ApiError> {
        let settings = LabSettings::from_json(&settings)?;
        let data = LabData::from_page(&format, primary, labels)?;
        let backend = BackendKind::from_name(&backend)?;
        let device = autodiff_device(backend).await?;
        Ok(Trainer { lab: labs::create(&settings, data, device)?, backend })
    }

    /// Runs `iterations` training iterations (on WebGPU: queues them; nothing is read back).
    pub fn train(&mut self, iterations: u32) {
        self.lab.train(iterations);
    }

    /// `steps` D-steps alone (they do not advance the iteration count); labs that cannot split
    /// an iteration run full ones.
    #[wasm_bindgen(js_name = trainDiscriminator)]
    pub fn train_discriminator(&mut self, steps: u32) {
        self.lab.train_network(Network::Discriminator, steps);
    }

    /// `steps` G-steps alone; each counts as an iteration.
    #[wasm_bindgen(js_name = trainGenerator)]
    pub fn train_generator(&mut self, steps: u32) {
        self.lab.train_network(Network::Generator, steps);
    }

    /// Reads back what the views draw (and the histories since the previous snapshot);
    /// `judged`: with the lab's costlier measures (the digits' judge: every few seconds).
    /// Rejects if training diverged or the device was lost.
    pub async fn snapshot(&mut self, judged: bool) -> Result<Ts<Snapshot>, ApiError> {
        Ok(self.lab.snapshot(judged).await?.into_ts()?)
    }

    /// `n` fresh samples of the generator (images come with their size).
    pub async fn sample(&mut self, n: u32) -> Result<Ts<Samples>, ApiError> {
        Ok(self.lab.sample(n).await?.into_ts()?)
    }

    /// The pictures the page shows beside the views, in the layout the views draw now (the
    /// digits' real images), or undefined.
    #[wasm_bindgen(js_name = realPictures, unchecked_return_type = "Pictures | undefined")]
    pub fn real_pictures(&self) -> Result<JsValue, ApiError> {
        match self.lab.real_pictures() {
            Some(pictures) => Ok(pictures.into_ts()?.into()),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Applies the view keys of `settings` (JSON, as `create`'s, of the same lab): e.g. the
    /// digit on view. The run goes on unchanged.
    #[wasm_bindgen(js_name = setView)]
    pub fn set_view(&mut self, settings: String) -> Result<(), ApiError> {
        Ok(self.lab.set_view(&LabSettings::from_json(&settings)?)?)
    }

    /// `frames` pictures along a walk between two fixed noise vectors.
    #[wasm_bindgen(js_name = latentWalk)]
    pub async fn latent_walk(&self, frames: u32) -> Result<Ts<Pictures>, ApiError> {
        Ok(self.lab.latent_walk(frames).await?.into_ts()?)
    }

    /// G's weights as a burn record (burnpack bytes), read back asynchronously (WebGPU too).
    #[wasm_bindgen(js_name = exportGenerator)]
    pub async fn export_generator(&self) -> Result<Vec<u8>, ApiError> {
        Ok(self.lab.export_generator().await?)
    }

    /// Continues from G's weights exported before; refuses a file of another shape.
    #[wasm_bindgen(js_name = importGenerator)]
    pub fn import_generator(&mut self, bytes: Vec<u8>) -> Result<(), ApiError> {
        Ok(self.lab.import_generator(&bytes)?)
    }

    /// While training at full speed on the CPU, a snapshot at most this often (ms).
    #[wasm_bindgen(getter, js_name = snapshotEveryMs)]
    pub fn snapshot_every_ms(&self) -> u32 {
        self.lab.snapshot_every_ms()
    }

    /// While training, a judged snapshot at most this often (ms); undefined: the lab has no
    /// costlier measures (every snapshot is as cheap).
    #[wasm_bindgen(getter, js_name = judgeEveryMs)]
    pub fn judge_every_ms(&self) -> Option<u32> {
        self.lab.judge_every_ms()
    }

    /// Completed iterations.
    #[wasm_bindgen(getter)]
    pub fn step(&self) -> f64 {
        self.lab.step() as f64
    }

    /// The backend this trainer runs on.
    #[wasm_bindgen(getter, unchecked_return_type = "\"cpu\" | \"webgpu\"")]
    pub fn backend(&self) -> String {
        self.backend.name().to_string()
    }

    /// The run's state as bytes (networks, optimisers' state and step: see `crate::checkpoint`),
    /// read back asynchronously on either backend, for the page to keep and give to `restore`
    /// after a reload.
    pub async fn checkpoint(&self) -> Result<Vec<u8>, ApiError> {
        Ok(self.lab.checkpoint(true).await?)
    }

    /// Continues from a checkpoint of a run with the same settings; refuses one that does not
    /// fit (the trainer stays as it was).
    pub fn restore(&mut self, bytes: Vec<u8>) -> Result<(), ApiError> {
        Ok(self.lab.restore(&bytes)?)
    }
    /// "Export for PyTorch": `run.py` and `weights.safetensors` for the run as it is now (see
    /// `crate::export`); `title` (the preset) and `link` (the page's URL) go into the script's
    /// header. Read back asynchronously on either backend; the run is not changed.
    #[wasm_bindgen(js_name = exportPytorch)]
    pub async fn export_pytorch(&self, title: String, link: String) -> Result<PytorchFiles, ApiError> {
        let export = self.lab.export_pytorch(&ExportSource { title, link }).await?;
        Ok(PytorchFiles { script: export.script, weights: export.weights })
    }
}

/// The two files of "Export for PyTorch".
#[wasm_bindgen]
pub struct PytorchFiles {
    script: String,
    weights: Vec<u8>,
}

#[wasm_bindgen]
impl PytorchFiles {
    /// `run.py`: the networks, losses, optimisers and hyper-parameters, and the training loop.
    #[wasm_bindgen(getter)]
    pub fn script(&self) -> String {
        self.script.clone()
    }

    /// `weights.safetensors`: both networks' weights in PyTorch's layout.
    #[wasm_bindgen(getter)]
    pub fn weights(&self) -> Vec<u8> {
        self.weights.clone()
    }
}
