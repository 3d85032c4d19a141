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

#[cfg(feature = "webgpu")]
thread_local! {
    static WEBGPU: std::cell::RefCell<Option<Device>> = const { std::cell::RefCell::new(None) };
}

#[cfg(feature = "webgpu")]
async fn webgpu_device() -> Result<Device, TrainError> {
    if let Some(device) = WEBGPU.with_borrow(|device| device.clone()) {
        return Ok(device);
    }
    // No borrow is held across this await.
    let device = Device::wgpu_options()
        .init_async()
        .await
        .map_err(|e| TrainError::Backend(e.to_string()))?;
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
