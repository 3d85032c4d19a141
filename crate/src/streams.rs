//! The random streams of a run. Every stream a lab draws on the host is `seed ^` one of these
//! constants, so that no stream's use moves another (asking for samples never changes the
//! training run; a larger grid never changes the batches), and a restored run restarts each
//! from (seed, step). The shared ones here, each lab's in its folder; a test checks that no two collide.

use burn::prelude::*;
use burn::tensor::Distribution;
use rand::SeedableRng;
use rand::rngs::StdRng;

/// The stream `stream` of a run of `seed`.
pub fn rng(seed: u64, stream: u64) -> StdRng {
    StdRng::seed_from_u64(seed ^ stream)
}

/// Training noise drawn on the host instead of by the device (see [`NoiseSource`]).
pub const HOST_NOISE: u64 = 0x4057_0015_e000_0008;
/// The real samples an "Export for PyTorch" file carries (`crate::export`): drawn from the seed
/// on a stream of their own, so an export never changes the run.
pub const EXPORT: u64 = 0xe4b0_7e5a_3b1e_0001;

/// Where a trainer draws its training noise: by the device's own generator (the run's, which
/// costs a GPU nothing to read), or on the host from the stream [`HOST_NOISE`], which gives the
/// same numbers on every backend: how `crate::agreement` trains one batch on two backends.
pub enum NoiseSource {
    /// Drawn by the device's own generator (the run's).
    Device,
    /// Drawn on the host from this stream (the run's [`HOST_NOISE`] stream): the same numbers
    /// on every backend.
    Host(Box<StdRng>),
}

impl NoiseSource {
    /// Noise of `shape` from `distribution`, on `device`.
    pub fn draw<const D: usize>(&mut self, shape: [usize; D], distribution: Distribution, device: &Device) -> Tensor<D> {
        match self {
            NoiseSource::Device => Tensor::random(shape, distribution, device),
            NoiseSource::Host(rng) => Tensor::from_data(TensorData::random::<f32, _, _>(shape, distribution, rng), device),
        }
    }

    /// The host stream restarted from `seed` (a restored run's); the device's generator is
    /// reseeded by the trainer.
    pub fn reseed(&mut self, seed: u64) {
        if let NoiseSource::Host(rng) = self {
            **rng = self::rng(seed, HOST_NOISE);
        }
    }
}

/// The streams every lab shares; each lab's own are in its folder (`labs::<lab>::streams`),
/// and a test in `crate::labs` checks that no two of all of them collide.
pub const SHARED: &[u64] = &[HOST_NOISE, EXPORT];
