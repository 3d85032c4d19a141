//! The 1D lab: a GAN learning a distribution on the line (histograms of real and generated
//! samples, D's curve, G's mapping), as seeds 000 and 001 and our tuned preset train it.
//!
//! config (what a run is) · settings (the page's keys → a config) · targets (the real data) ·
//! trainer (the GAN step) · snapshot (what the views draw).

use burn::prelude::Device;

use super::mlp_gan::{MlpGan, MlpLab};
use super::{LabData, LabFuture, LabSettings, Samples, Snapshot};
use crate::error::TrainError;

pub mod config;
pub mod settings;
pub mod snapshot;
pub mod streams;
pub mod targets;
pub mod trainer;

#[cfg(test)]
mod convergence_tests;

use settings::Gan1dSettings;
use trainer::Gan1dTrainer;

/// A 1D run as a [`Lab`].
pub struct Gan1dLab {
    trainer: Gan1dTrainer,
}

impl Gan1dLab {
    /// A fresh run of `settings`; `data` holds the user's samples when the target is `data`.
    pub fn new(settings: &Gan1dSettings, data: LabData, device: Device) -> Result<Self, TrainError> {
        let samples = data.samples("the 1D lab", "numbers")?;
        let config = settings.config(samples)?;
        Ok(Gan1dLab { trainer: Gan1dTrainer::new(config, device, u64::from(settings.seed))? })
    }
}

// A run of the shared MLP GAN step: the crate's one `Lab` implementation of it (labs::mlp_gan)
// with this lab's views.
impl MlpLab for Gan1dLab {
    fn gan(&self) -> &MlpGan {
        &self.trainer.gan
    }

    fn gan_mut(&mut self) -> &mut MlpGan {
        &mut self.trainer.gan
    }

    fn views(&mut self) -> LabFuture<'_, Snapshot> {
        let pending = self.trainer.prepare_snapshot();
        Box::pin(async move { Ok(Snapshot::Gan1d(pending.read().await?)) })
    }

    fn samples(&mut self, n: u32) -> LabFuture<'_, Samples> {
        Box::pin(async move { Ok(Samples { values: self.trainer.sample(n as usize).await?, width: None, height: None, dim: None }) })
    }

    fn owns(settings: &LabSettings) -> bool {
        matches!(settings, LabSettings::Gan1d(_))
    }
}
