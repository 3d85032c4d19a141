//! GAN Playground: GANs defined and trained with burn, natively and in the browser.
//!
//! Data flows config → models → training → snapshot; `api` is the wasm surface.

pub mod backend;
pub mod config;
pub mod error;
pub mod loss;
pub mod metrics;
pub mod models;
pub mod snapshot;
pub mod train;

#[cfg(target_arch = "wasm32")]
pub mod api;
