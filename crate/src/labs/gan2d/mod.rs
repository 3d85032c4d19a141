//! The 2D lab: a GAN learning a distribution on the plane, as GAN Lab shows it (the points, D's
//! verdict as a heat map, G's manifold, the gradient arrows) with the mode-collapse lessons of
//! the ring of 8 Gaussians and the measures of the papers that taught them.
//!
//! config (what a run is) · settings (the page's keys → a config) · targets (the real data) ·
//! trainer (the views of the shared MLP GAN step, crate::labs::mlp_gan) · snapshot (what the
//! views draw).

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

use settings::Gan2dSettings;
use trainer::Gan2dTrainer;

/// A 2D run as a [`Lab`].
pub struct Gan2dLab {
    trainer: Gan2dTrainer,
}

impl Gan2dLab {
    /// A fresh run of `settings`; `data` holds the user's points (x, y pairs) when the shape is `points`.
    pub fn new(settings: &Gan2dSettings, data: LabData, device: Device) -> Result<Self, TrainError> {
        let points = data.samples("the 2D lab", "points")?;
        let config = settings.config(points)?;
        Ok(Gan2dLab { trainer: Gan2dTrainer::new(config, device, u64::from(settings.seed))? })
    }
}

// A run of the shared MLP GAN step: the crate's one `Lab` implementation of it (labs::mlp_gan)
// with this lab's views.
impl MlpLab for Gan2dLab {
    fn gan(&self) -> &MlpGan {
        &self.trainer.gan
    }

    fn gan_mut(&mut self) -> &mut MlpGan {
        &mut self.trainer.gan
    }

    fn views(&mut self) -> LabFuture<'_, Snapshot> {
        let pending = self.trainer.prepare_snapshot();
        Box::pin(async move { Ok(Snapshot::Gan2d(pending.read().await?)) })
    }

    fn samples(&mut self, n: u32) -> LabFuture<'_, Samples> {
        Box::pin(async move { Ok(Samples { values: self.trainer.sample(n as usize).await?, width: None, height: None, dim: Some(2) }) })
    }

    fn owns(settings: &LabSettings) -> bool {
        matches!(settings, LabSettings::Gan2d(_))
    }
}
