//! The only `#[wasm_bindgen]` surface: the trainers the web worker owns (`Trainer` for the 1D
//! GAN, `ImageTrainer` for the digit GANs) and their snapshots.
//!
//! Calls must not overlap (the worker awaits each one): async methods hold a borrow of the
//! trainer until they resolve.

use wasm_bindgen::prelude::*;

use crate::backend::BackendKind;
use crate::error::TrainError;

mod gan1d;
mod images;

pub use gan1d::{Snapshot, Trainer};
pub use images::{ImageSnapshot, ImageTrainer};
/// `initThreadPool(n)`: starts the CPU backend's `n` rayon workers (the threaded build only;
/// the page must be cross-origin isolated so the wasm memory can be shared).
#[cfg(feature = "threads")]
pub use wasm_bindgen_rayon::init_thread_pool;

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

/// Which burn backend a trainer runs on.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// burn's `flex` CPU backend.
    Cpu = "cpu",
    /// burn's wgpu backend on WebGPU.
    Webgpu = "webgpu",
}

impl TryFrom<Backend> for BackendKind {
    type Error = TrainError;

    fn try_from(backend: Backend) -> Result<Self, TrainError> {
        match backend {
            Backend::Cpu => Ok(BackendKind::Cpu),
            Backend::Webgpu => Ok(BackendKind::WebGpu),
            // wasm-bindgen's catch-all for strings that are neither.
            _ => Err(TrainError::Backend("unknown backend (expected \"cpu\" or \"webgpu\")".into())),
        }
    }
}

