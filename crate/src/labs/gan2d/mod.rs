//! The 2D lab: a GAN learning a distribution on the plane, as GAN Lab shows it (the points, D's
//! verdict as a heat map, G's manifold, the gradient arrows) with the mode-collapse lessons of
//! the ring of 8 Gaussians and the measures of the papers that taught them.
//!
//! config (what a run is) · settings (the page's keys → a config) · targets (the real data) ·
//! trainer (the views of the shared MLP GAN step, crate::labs::mlp_gan) · snapshot (what the
//! views draw).

use burn::prelude::Device;

use super::{Lab, LabData, LabFuture, LabSettings, Samples, Snapshot};
use crate::error::{Network, TrainError};
use crate::export::{ExportSource, PytorchExport};

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
        let points = match data {
            LabData::Samples(points) => Some(points),
            LabData::None => None,
            LabData::Images(_) => return Err(TrainError::Data("the 2D lab trains on points, not images".into())),
        };
        let config = settings.config(points)?;
        Ok(Gan2dLab { trainer: Gan2dTrainer::new(config, device, u64::from(settings.seed))? })
    }
}

impl Lab for Gan2dLab {
    fn step(&self) -> u64 {
        self.trainer.gan.step()
    }

    fn train(&mut self, iterations: u32) {
        self.trainer.gan.train(iterations);
    }

    fn train_network(&mut self, network: Network, steps: u32) {
        for _ in 0..steps {
            match network {
                Network::Discriminator => self.trainer.gan.discriminator_step(),
                Network::Generator => self.trainer.gan.generator_only_step(),
            }
        }
    }

    fn snapshot(&mut self, _judged: bool) -> LabFuture<'_, Snapshot> {
        let pending = self.trainer.prepare_snapshot();
        Box::pin(async move { Ok(Snapshot::Gan2d(pending.read().await?)) })
    }

    fn sample(&mut self, n: u32) -> LabFuture<'_, Samples> {
        Box::pin(async move { Ok(Samples { values: self.trainer.sample(n as usize).await?, width: None, height: None, dim: Some(2) }) })
    }

    fn checkpoint(&self, with_optimizers: bool) -> LabFuture<'_, Vec<u8>> {
        Box::pin(self.trainer.gan.checkpoint(with_optimizers))
    }

    fn restore(&mut self, bytes: &[u8]) -> Result<(), TrainError> {
        self.trainer.gan.restore(bytes).map(drop)
    }

    fn draw_noise_on_host(&mut self) {
        self.trainer.gan.draw_noise_on_host();
    }

    fn export_pytorch<'a>(&'a self, source: &'a ExportSource) -> LabFuture<'a, PytorchExport> {
        Box::pin(self.trainer.gan.export_pytorch(source))
    }

    fn set_view(&mut self, settings: &LabSettings) -> Result<(), TrainError> {
        match settings {
            LabSettings::Gan2d(_) => Ok(()),
            _ => Err(TrainError::Settings("a view of another lab".into())),
        }
    }
}
