//! GAN Playground: GANs defined and trained with burn, natively and in the browser.
//!
//! Data flows settings → a lab's config → its trainer → a snapshot: each lab in its own folder
//! under [`labs`] (the same files in each), the parts they share once at the top level
//! (`backend`, `checkpoint`, `loss`, `metrics`, `optim`, `streams`, `models`), and [`api`], the
//! wasm surface, driving any lab through one interface.

#![warn(missing_docs)]

pub mod agreement;
pub mod api;
pub mod backend;
pub mod checkpoint;
pub mod ema;
pub mod error;
pub mod export;
pub mod gan;
pub mod labs;
pub mod loss;
pub mod metrics;
pub mod models;
pub mod optim;
pub mod streams;

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
