//! The run-time choice of burn backend: WebGPU (wgpu) or the CPU (`flex`), both with autodiff.
//!
//! *Which* one to use on `backend=auto` is decided by the caller (the web worker knows the
//! adapter and can time both); this module only brings a device up or reports why it cannot.

use burn::prelude::*;

use crate::error::TrainError;

/// A burn backend the trainer can run on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackendKind {
    /// burn's pure-Rust CPU backend, `flex`.
    Cpu,
    /// burn's wgpu backend on the browser's WebGPU (or a native GPU API).
    WebGpu,
}

/// An autodiff device of the given kind.
///
/// The WebGPU device is initialised once per thread and reused: burn's wgpu runtime cannot be
/// initialised twice.
pub async fn autodiff_device(kind: BackendKind) -> Result<Device, TrainError> {
    match kind {
        BackendKind::Cpu => Ok(Device::flex().autodiff()),
        BackendKind::WebGpu => Ok(webgpu_device().await?.autodiff()),
    }
}

/// Reads a tensor back as `f32`s (asynchronously: on WebGPU this waits for the queued work).
/// Every read-back in the crate goes through here.
pub async fn read_back<const D: usize>(tensor: Tensor<D>) -> Result<Vec<f32>, TrainError> {
    tensor
        .into_data_async()
        .await
        .map_err(|e| TrainError::ReadBack(format!("{e:?}")))?
        .try_into_vec::<f32>()
        .map_err(|e| TrainError::ReadBack(format!("{e:?}")))
}

/// Whether burn's element-wise fuser is removed from the WebGPU backend (once per module,
/// before the first WebGPU operation): `Ok` once settled.
#[cfg(feature = "webgpu")]
static ELEMENT_WISE_FUSION: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();

/// burn 0.22.1's element-wise fuser, as its fusion registry names it.
#[cfg(feature = "webgpu")]
const ELEMENT_WISE: &str = "ElementWise";

/// Removes burn's element-wise fuser (see `webgpu_device`); an upgrade of burn that renames it
/// fails here rather than silently keeping it.
#[cfg(feature = "webgpu")]
fn without_element_wise_fusion() -> Result<(), TrainError> {
    let removed = ELEMENT_WISE_FUSION.get_or_init(|| {
        if !burn_cubecl::fusion::BUILTIN_NAMES.contains(&ELEMENT_WISE) {
            return Err(format!("burn has no fuser named {ELEMENT_WISE} any more: check tests/e2e/webgpu.spec.ts with its fusers"));
        }
        burn_cubecl::fusion::remove(ELEMENT_WISE).map_err(|e| e.to_string())
    });
    removed.clone().map_err(TrainError::Backend)
}

/// The test build's way to keep the element-wise fuser (tests/e2e/webgpu.spec.ts shows what it
/// computes): true where nothing was settled yet.
#[cfg(all(feature = "webgpu", feature = "test-hooks"))]
pub fn keep_element_wise_fusion() -> bool {
    ELEMENT_WISE_FUSION.set(Ok(())).is_ok()
}

#[cfg(feature = "webgpu")]
thread_local! {
    static WEBGPU: std::cell::RefCell<Option<Device>> = const { std::cell::RefCell::new(None) };
}

#[cfg(feature = "webgpu")]
async fn webgpu_device() -> Result<Device, TrainError> {
    if let Some(device) = WEBGPU.with_borrow(|device| device.clone()) {
        return Ok(device);
    }
    // burn 0.22.1's element-wise fuser computes a wrong gradient for G through D in the DCGAN
    // networks (tests/e2e/webgpu.spec.ts: G's weights after one step are as far from the CPU's
    // as the step is long; without this fuser they agree to 1e-6). The other fusers (matrix
    // products with their element-wise ends, reductions, NHWC relayouts) stay. Removed before
    // the first WebGPU operation, as the registry requires.
    without_element_wise_fusion()?;
    // No borrow is held across this await.
    let device = Device::wgpu_options().init_async().await.map_err(|e| TrainError::Backend(e.to_string()))?;
    WEBGPU.with_borrow_mut(|cached| *cached = Some(device.clone()));
    Ok(device)
}

#[cfg(not(feature = "webgpu"))]
async fn webgpu_device() -> Result<Device, TrainError> {
    Err(TrainError::Backend("this build has no WebGPU backend (feature `webgpu`)".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_device_has_autodiff() {
        let device = pollster::block_on(autodiff_device(BackendKind::Cpu)).unwrap();
        assert!(device.is_autodiff());
    }
}
