//! GAN Playground: GANs defined and trained with burn, natively and in the browser.
//!
//! Data flows config → models → training → snapshot; `api` is the wasm surface.

pub mod backend;
pub mod checkpoint;
pub mod config;
pub mod data;
pub mod error;
pub mod image_gan;
pub mod loss;
pub mod metrics;
pub mod models;
pub mod settings;
pub mod snapshot;
pub mod train;

#[cfg(target_arch = "wasm32")]
pub mod api;

#[cfg(test)]
mod convergence_tests;
#[cfg(test)]
mod divergence_tests;

/// Helpers shared by the unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use std::sync::{Mutex, MutexGuard};

    static RNG: Mutex<()> = Mutex::new(());

    /// The CPU backend's random generator is process-wide: every test that seeds it or draws
    /// from it (weight initialisation included) holds this lock, or parallel tests would
    /// interleave their draws.
    pub fn lock_rng() -> MutexGuard<'static, ()> {
        RNG.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
