//! Dropout whose masks come from a fast generator on the host.
//!
//! burn's `Dropout` draws its Bernoulli mask with the backend's generator, on the CPU backend
//! ChaCha for every element: seed 003's discriminator drops 70,000 units per forward pass,
//! three passes an iteration, and that was 6 % of a `mnist-mlp` iteration in the browser
//! (`node bench/profile.mjs`). Here each mask is drawn with xoshiro256++ (rand's `SmallRng`)
//! and holds `0` or `1 / keep`, so one multiply both drops and rescales. The layer behaves as
//! burn's otherwise: only on an autodiff device, only while its `training` flag is set.

use std::sync::{Arc, Mutex, PoisonError};

use burn::nn::{Dropout, DropoutConfig};
use burn::prelude::*;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

/// Dropout with host-drawn masks; see the module docs.
#[derive(Module, Debug)]
pub struct HostDropout {
    /// The probability and the training flag, as burn's layer keeps them.
    pub inner: Dropout,
    /// The mask generator, shared by clones (a `no_grad` copy draws from the same stream).
    #[module(skip)]
    masks: MaskGenerator,
}

/// xoshiro256++ behind a lock, so the layer stays `Sync` like every module.
#[derive(Clone, Debug)]
struct MaskGenerator(Arc<Mutex<SmallRng>>);

impl HostDropout {
    /// Drops each unit with probability `prob` (in [0, 1)); masks follow `seed`.
    pub fn new(prob: f64, seed: u64) -> Self {
        HostDropout { inner: DropoutConfig::new(prob).init(), masks: MaskGenerator(Arc::new(Mutex::new(SmallRng::seed_from_u64(seed)))) }
    }

    /// Restarts the mask stream from `seed` (a trainer ties it to the run's seed).
    pub fn reseed(&self, seed: u64) {
        *self.masks.0.lock().unwrap_or_else(PoisonError::into_inner) = SmallRng::seed_from_u64(seed);
    }

    /// Zeroes each element with probability `prob` and scales the rest by `1 / (1 − prob)`.
    pub fn forward<const D: usize>(&self, input: Tensor<D>) -> Tensor<D> {
        let prob = self.inner.prob;
        if !self.inner.training.is_enabled() || !input.device().is_autodiff() || prob == 0.0 {
            return input;
        }
        let keep = 1.0 - prob;
        let scale = (1.0 / keep) as f32;
        // P(u32 < threshold) = keep.
        let threshold = (keep * 4_294_967_296.0) as u64;
        let shape = input.shape();
        let mask: Vec<f32> = {
            let mut rng = self.masks.0.lock().unwrap_or_else(PoisonError::into_inner);
            (0..shape.num_elements()).map(|_| if u64::from(rng.next_u32()) < threshold { scale } else { 0.0 }).collect()
        };
        let mask = Tensor::from_data(TensorData::new(mask, shape), &input.device());
        input * mask
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ones(device: &Device) -> Tensor<2> {
        Tensor::ones([100, 1000], device)
    }

    #[test]
    fn drops_the_given_share_and_keeps_the_mean() {
        let device = Device::flex().autodiff();
        let out = HostDropout::new(0.3, 7).forward(ones(&device)).into_data().try_to_vec::<f32>().unwrap();
        let dropped = out.iter().filter(|&&v| v == 0.0).count() as f64 / out.len() as f64;
        assert!((dropped - 0.3).abs() < 0.01, "dropped {dropped}");
        let kept: Vec<f32> = out.iter().copied().filter(|&v| v != 0.0).collect();
        assert!(kept.iter().all(|&v| (v - 1.0 / 0.7).abs() < 1e-6));
        let mean = out.iter().map(|&v| f64::from(v)).sum::<f64>() / out.len() as f64;
        assert!((mean - 1.0).abs() < 0.02, "mean {mean}");
    }

    #[test]
    fn same_seed_same_masks_and_clones_continue_one_stream() {
        let device = Device::flex().autodiff();
        let a = HostDropout::new(0.5, 1);
        let b = HostDropout::new(0.5, 1);
        let first = a.forward(ones(&device)).into_data();
        assert_eq!(first, b.forward(ones(&device)).into_data());
        // A clone draws the next masks, not the first ones again.
        let next = a.clone().forward(ones(&device)).into_data();
        assert_ne!(first, next);
        b.reseed(1);
        assert_eq!(first, b.forward(ones(&device)).into_data());
    }

    #[test]
    fn off_without_autodiff_and_in_a_frozen_copy() {
        let plain = Device::flex();
        let layer = HostDropout::new(0.5, 3);
        assert_eq!(layer.forward(ones(&plain)).into_data(), ones(&plain).into_data());
        let device = Device::flex().autodiff();
        let frozen = layer.freeze();
        assert_eq!(frozen.forward(ones(&device)).into_data(), ones(&device).into_data());
    }

    #[test]
    fn gradient_passes_only_through_kept_units() {
        let device = Device::flex().autodiff();
        let x = ones(&device).require_grad();
        let y = HostDropout::new(0.4, 5).forward(x.clone());
        let grads = y.clone().sum().backward();
        let gx = x.grad(&grads).unwrap().into_data();
        assert_eq!(gx, y.detach().into_data());
    }
}
