//! The digit lab: GANs on 28×28 handwritten digits (`mnist-minute`, seed 003's `mnist-mlp` and
//! `mnist-dcgan`, the conditional `mnist-cgan`), scored by a digit judge.
//!
//! config (what a run is) · settings (the page's keys → a config) · data (the images, and
//! idx for the user's files) · trainer (the GAN step) · snapshot (what the views draw) · views
//! (samples, latent walk, a row of digits, generator export) · networks (each preset's G and D
//! behind one interface). The average of G's weights that draws the views is `crate::ema`,
//! shared with the MLP labs.

use std::sync::Arc;

use burn::prelude::Device;

use super::{Lab, LabData, LabFuture, LabSettings, Pictures, Samples, Snapshot};
use crate::error::{Network, TrainError};
use crate::export::{ExportSource, PytorchExport};
use crate::models::judge::Judge;

pub mod config;
pub mod data;
pub mod idx;
pub mod networks;
pub mod pytorch;
pub mod settings;
pub mod snapshot;
pub mod streams;
pub mod trainer;
pub mod views;

#[cfg(test)]
mod preset_tests;

use data::SIDE;
use settings::DigitsSettings;
use trainer::DigitsTrainer;

/// A digit run as a [`Lab`], with the judge that scores it.
pub struct DigitsLab {
    trainer: DigitsTrainer,
    judge: Judge,
}

impl DigitsLab {
    /// A fresh run of `settings` on `data`'s images.
    pub fn new(settings: &DigitsSettings, data: LabData, device: Device) -> Result<Self, TrainError> {
        let LabData::Images(digits) = data else {
            return Err(TrainError::Data("a digit preset needs images to train on".into()));
        };
        let config = settings.config()?;
        let judge = Judge::trained(&device.clone().without_autodiff())?;
        let mut trainer = DigitsTrainer::new(config, Arc::new(digits), device, u64::from(settings.seed))?;
        if trainer.config().networks.is_conditional() {
            trainer.set_view_digit(settings.digit)?;
        }
        Ok(DigitsLab { trainer, judge })
    }

    fn pictures(&self, images: Vec<f32>, columns: usize) -> Pictures {
        Pictures { width: SIDE as u32, height: SIDE as u32, columns: columns as u32, images }
    }
}

impl Lab for DigitsLab {
    fn step(&self) -> u64 {
        self.trainer.step()
    }

    /// A digit snapshot costs about a tenth of an iteration (G draws the grid): 5 a second.
    fn snapshot_every_ms(&self) -> u32 {
        200
    }

    /// The judge costs about one `mnist-mlp` iteration (≈ 90 ms on one CPU thread).
    fn judge_every_ms(&self) -> Option<u32> {
        Some(4000)
    }

    fn train(&mut self, iterations: u32) {
        self.trainer.train(iterations);
    }

    /// An iteration of the digit GANs is one D-step and one G-step together: either network
    /// asked alone runs full iterations.
    fn train_network(&mut self, _network: Network, steps: u32) {
        self.trainer.train(steps);
    }

    fn snapshot(&mut self, judged: bool) -> LabFuture<'_, Snapshot> {
        let pending = if judged { self.trainer.prepare_judged_snapshot(&self.judge) } else { self.trainer.prepare_snapshot() };
        Box::pin(async move {
            let mut snapshot = pending.read().await?;
            // With every judged snapshot, the conditional presets' row of the ten digits.
            if judged && self.trainer.config().networks.is_conditional() {
                snapshot.digit_row = Some(self.trainer.digit_row().await?);
            }
            Ok(Snapshot::Digits(snapshot))
        })
    }

    fn sample(&mut self, n: u32) -> LabFuture<'_, Samples> {
        Box::pin(async move {
            let values = self.trainer.sample(n as usize).await?;
            Ok(Samples { values, width: Some(SIDE as u32), height: Some(SIDE as u32), dim: None })
        })
    }

    fn checkpoint(&self, with_optimizers: bool) -> LabFuture<'_, Vec<u8>> {
        Box::pin(self.trainer.checkpoint(with_optimizers))
    }

    fn restore(&mut self, bytes: &[u8]) -> Result<(), TrainError> {
        self.trainer.restore(bytes)
    }

    fn draw_noise_on_host(&mut self) {
        self.trainer.draw_noise_on_host();
    }

    fn export_pytorch<'a>(&'a self, source: &'a ExportSource) -> LabFuture<'a, PytorchExport> {
        Box::pin(self.trainer.export_pytorch(source))
    }

    fn set_view(&mut self, settings: &LabSettings) -> Result<(), TrainError> {
        match settings {
            LabSettings::Digits(settings) if self.trainer.config().networks.is_conditional() => self.trainer.set_view_digit(settings.digit),
            LabSettings::Digits(_) => Ok(()),
            _ => Err(TrainError::Settings("a view of another lab".into())),
        }
    }

    fn real_pictures(&self) -> Option<Pictures> {
        let (images, columns) = self.trainer.real_images();
        Some(self.pictures(images, columns))
    }

    fn latent_walk(&self, frames: u32) -> LabFuture<'_, Pictures> {
        let frames = frames.clamp(2, 16);
        Box::pin(async move { Ok(self.pictures(self.trainer.latent_walk(frames as usize).await?, frames as usize)) })
    }

    fn export_generator(&self) -> LabFuture<'_, Vec<u8>> {
        Box::pin(self.trainer.export_generator())
    }

    fn import_generator(&mut self, bytes: &[u8]) -> Result<(), TrainError> {
        self.trainer.import_generator(bytes)
    }
}
