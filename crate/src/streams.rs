//! The random streams of a run. Every stream a lab draws on the host is `seed ^` one of these
//! constants, so that no stream's use moves another (asking for samples never changes the
//! training run; a larger grid never changes the batches), and a restored run restarts each
//! from (seed, step). All of them in one place, so that no two collide.

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

/// The 1D lab's streams.
pub mod gan1d {
    /// The real samples of each batch.
    pub const DATA: u64 = 0xda7a_5eed_0000_0001;
    /// `get-samples`' noise.
    pub const SAMPLES: u64 = 0x5eed_5a3b_1e5d_0001;
}

/// The 2D lab's streams.
pub mod gan2d {
    /// The real samples of each batch.
    pub const DATA: u64 = 0xda7a_5eed_0000_0002;
    /// `get-samples`' noise.
    pub const SAMPLES: u64 = 0x5eed_5a3b_1e5d_0003;
    /// The real points the views draw and the distance measures against (seed 0's: the same
    /// for every run of a target).
    pub const VIEW: u64 = 0x2d2d_5eed_0000_0009;
}

/// The digit lab's streams.
pub mod digits {
    /// The dropout masks of D.
    pub const DROPOUT: u64 = 0xd20f_0005_eed0_0005;
    /// Which real images make each batch.
    pub const BATCHES: u64 = 0xd161_75ee_d000_0001;
    /// `get-samples`' noise.
    pub const SAMPLES: u64 = 0x5eed_5a3b_1e5d_0002;
    /// The judge's noise.
    pub const JUDGE: u64 = 0x1d6e_5eed_0000_0003;
    /// `mnist-cgan`: the labels G is asked to draw in training.
    pub const LABELS: u64 = 0x1abe_15ee_d000_0004;
    /// The grid's fixed noise: drawn row after row, so a larger grid adds vectors after the
    /// same first ones, and the grid's size never changes the training run.
    pub const GRID: u64 = 0x6e1d_f1ed_0000_0007;
    /// The latent walk's two ends (the same for every run of a preset: a fixed route to compare runs by).
    pub const WALK: u64 = 0x1a7e_4a1c_0000_0005;
    /// The digit row's noise vector (the same for every run, as the walk's).
    pub const ROW: u64 = 0x0123_4567_89d1_0006;
}

#[cfg(test)]
mod tests {
    /// No two streams share a constant: a collision would tie two streams together.
    #[test]
    fn every_stream_is_its_own() {
        let all = [
            super::HOST_NOISE,
            super::gan1d::DATA,
            super::gan1d::SAMPLES,
            super::gan2d::DATA,
            super::gan2d::SAMPLES,
            super::gan2d::VIEW,
            super::digits::DROPOUT,
            super::digits::BATCHES,
            super::digits::SAMPLES,
            super::digits::JUDGE,
            super::digits::LABELS,
            super::digits::GRID,
            super::digits::WALK,
            super::digits::ROW,
        ];
        let distinct: std::collections::BTreeSet<u64> = all.into_iter().collect();
        assert_eq!(distinct.len(), all.len());
    }
}
