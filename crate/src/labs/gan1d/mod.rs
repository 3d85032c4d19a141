//! The 1D lab: a GAN learning a distribution on the line (histograms of real and generated
//! samples, D's curve, G's mapping), as seeds 000 and 001 and our tuned preset train it.
//!
//! config (what a run is) · settings (the page's keys → a config) · targets (the real data) ·
//! trainer (the GAN step) · snapshot (what the views draw).

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

use settings::Gan1dSettings;
use trainer::Gan1dTrainer;

/// A 1D run as a [`Lab`].
pub struct Gan1dLab {
    trainer: Gan1dTrainer,
}

impl Gan1dLab {
    /// A fresh run of `settings`; `data` holds the user's samples when the target is `data`.
    pub fn new(settings: &Gan1dSettings, data: LabData, device: Device) -> Result<Self, TrainError> {
        let samples = match data {
            LabData::Samples(samples) => Some(samples),
            LabData::None => None,
            LabData::Images(_) => return Err(TrainError::Data("the 1D lab trains on numbers, not images".into())),
        };
        let config = settings.config(samples)?;
        Ok(Gan1dLab { trainer: Gan1dTrainer::new(config, device, u64::from(settings.seed))? })
    }
}

impl Lab for Gan1dLab {
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
        Box::pin(async move { Ok(Snapshot::Gan1d(pending.read().await?)) })
    }

    fn sample(&mut self, n: u32) -> LabFuture<'_, Samples> {
        Box::pin(async move { Ok(Samples { values: self.trainer.sample(n as usize).await?, width: None, height: None, dim: None }) })
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
            LabSettings::Gan1d(_) => Ok(()),
            _ => Err(TrainError::Settings("a view of another lab".into())),
        }
    }
}
