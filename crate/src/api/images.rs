//! The digit GANs' `ImageTrainer` and its `ImageSnapshot`.

use std::sync::Arc;

use wasm_bindgen::prelude::*;

use super::Backend;
use crate::backend::autodiff_device;
use crate::data::digits::{Digits, SIDE};
use crate::error::TrainError;
use crate::image_gan::snapshot;
use crate::image_gan::trainer::ImageGanTrainer;
use crate::models::judge::Judge;
use crate::settings::ImageSettings;

/// An image GAN in training, with the digit judge that scores it.
#[wasm_bindgen]
pub struct ImageTrainer {
    inner: ImageGanTrainer,
    judge: Judge,
    backend: Backend,
}

#[wasm_bindgen]
impl ImageTrainer {
    /// Builds a trainer from `settings` (the JSON of www/src/protocol.ts `ImageSettings`) on
    /// `backend`, over images given as `format`: `"asset"` (the built-in digits file in
    /// `primary`), `"idx"` (an IDX images file, and optionally its labels file) or `"pixels"`
    /// (28×28 grey u8 images, one after another, optionally labels). Rejects invalid settings,
    /// data that does not parse, or a backend that cannot be brought up.
    pub async fn create(
        settings: String,
        backend: Backend,
        format: String,
        primary: Vec<u8>,
        labels: Option<Vec<u8>>,
    ) -> Result<ImageTrainer, JsError> {
        let settings = ImageSettings::from_json(&settings)?;
        let config = settings.config()?;
        let digits = match format.as_str() {
            "asset" => Digits::from_asset(&primary)?,
            "idx" => Digits::from_idx(&primary, labels.as_deref(), ("the images file", "the labels file"))?,
            "pixels" => Digits::new(primary, labels)?,
            other => return Err(TrainError::Data(format!("unknown image format {other:?}")).into()),
        };
        let device = autodiff_device(backend.try_into()?).await?;
        let judge = Judge::trained(&device.clone().without_autodiff())?;
        let mut inner = ImageGanTrainer::new(config, Arc::new(digits), device, u64::from(settings.seed))?;
        if inner.config().networks.is_conditional() {
            inner.set_view_digit(settings.digit)?;
        }
        Ok(ImageTrainer { inner, judge, backend })
    }

    /// Runs `iterations` training iterations (on WebGPU: queues them; nothing is read back).
    pub fn train(&mut self, iterations: u32) {
        self.inner.train(iterations);
    }

    /// Reads back what the digit views show (and the histories since the previous snapshot);
    /// `judged`: with the judge's score of G's images (costlier: every few seconds).
    pub async fn snapshot(&mut self, judged: bool) -> Result<ImageSnapshot, JsError> {
        let pending = if judged { self.inner.prepare_judged_snapshot(&self.judge) } else { self.inner.prepare_snapshot() };
        Ok(ImageSnapshot(pending.read().await?))
    }

    /// `n` fresh images of the generator, `n × 784` pixels in [0, 1].
    pub async fn sample(&mut self, n: u32) -> Result<Vec<f32>, JsError> {
        Ok(self.inner.sample(n as usize).await?)
    }

    /// The real images beside the generated grid, in its layout (see `gridColumns`), pixels in
    /// [0, 1]: the first of the data, or for a conditional preset the digit of each cell.
    #[wasm_bindgen(js_name = realImages)]
    pub fn real_images(&self) -> Vec<f32> {
        self.inner.real_images().0
    }

    /// The columns of the grids the views draw now (ten, one per digit, for a conditional
    /// preset's every-digit view; else the grid's side).
    #[wasm_bindgen(getter, js_name = gridColumns)]
    pub fn grid_columns(&self) -> u32 {
        self.inner.real_images().1 as u32
    }

    /// Conditional presets: the digit the views draw from now on (0–9), or undefined for every
    /// digit. A view: the run goes on unchanged. Rejects for the unconditional presets.
    #[wasm_bindgen(js_name = setViewDigit)]
    pub fn set_view_digit(&mut self, digit: Option<u8>) -> Result<(), JsError> {
        Ok(self.inner.set_view_digit(digit)?)
    }

    /// `frames` images along a walk between two fixed noise vectors, `frames × 784` in [0, 1].
    #[wasm_bindgen(js_name = latentWalk)]
    pub async fn latent_walk(&self, frames: u32) -> Result<Vec<f32>, JsError> {
        Ok(self.inner.latent_walk(frames.clamp(2, 16) as usize).await?)
    }

    /// Conditional presets: one fixed noise vector drawn as each digit 0–9, `10 × 784` in [0, 1].
    /// Rejects for the unconditional presets.
    #[wasm_bindgen(js_name = digitRow)]
    pub async fn digit_row(&self) -> Result<Vec<f32>, JsError> {
        Ok(self.inner.digit_row().await?)
    }

    /// Whether G takes a digit label (`mnist-minute`, `mnist-cgan`).
    #[wasm_bindgen(getter)]
    pub fn conditional(&self) -> bool {
        self.inner.config().networks.is_conditional()
    }

    /// G's weights as a burn record (burnpack bytes), read back asynchronously (WebGPU too).
    #[wasm_bindgen(js_name = exportGenerator)]
    pub async fn export_generator(&self) -> Result<Vec<u8>, JsError> {
        Ok(self.inner.export_generator().await?)
    }

    /// Continues from G's weights exported before; refuses a file of another shape.
    #[wasm_bindgen(js_name = importGenerator)]
    pub fn import_generator(&mut self, bytes: Vec<u8>) -> Result<(), JsError> {
        Ok(self.inner.import_generator(&bytes)?)
    }

    /// Image side in pixels (28).
    #[wasm_bindgen(getter)]
    pub fn side(&self) -> u32 {
        SIDE as u32
    }

    /// Completed iterations.
    #[wasm_bindgen(getter)]
    pub fn step(&self) -> f64 {
        self.inner.step() as f64
    }

    /// The backend this trainer runs on.
    #[wasm_bindgen(getter)]
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The run's state as bytes (networks, step, and on the CPU the optimisers' state: see
    /// `crate::checkpoint`), for the page to keep and give to `restore` after a reload.
    pub async fn checkpoint(&self) -> Result<Vec<u8>, JsError> {
        Ok(self.inner.checkpoint(self.backend == Backend::Cpu).await?)
    }

    /// Continues from a checkpoint of a run with the same settings; refuses one that does not
    /// fit (the trainer stays as it was).
    pub fn restore(&mut self, bytes: Vec<u8>) -> Result<(), JsError> {
        Ok(self.inner.restore(&bytes)?)
    }
}

/// What the digit views draw at one moment (see the getters).
#[wasm_bindgen]
pub struct ImageSnapshot(snapshot::ImageSnapshot);

#[wasm_bindgen]
impl ImageSnapshot {
    /// Completed iterations.
    #[wasm_bindgen(getter)]
    pub fn step(&self) -> f64 {
        self.0.step as f64
    }
    /// G's images of the fixed noise, pixels in [0, 1], image after image.
    #[wasm_bindgen(getter)]
    pub fn samples(&self) -> Vec<f32> {
        self.0.samples.clone()
    }
    /// The columns the samples are laid out in.
    #[wasm_bindgen(getter)]
    pub fn columns(&self) -> u32 {
        self.0.columns as u32
    }
    /// D's latest loss; undefined before the first step.
    #[wasm_bindgen(getter, js_name = discriminatorLoss)]
    pub fn discriminator_loss(&self) -> Option<f32> {
        self.0.discriminator_loss
    }
    /// G's latest loss; undefined before the first step.
    #[wasm_bindgen(getter, js_name = generatorLoss)]
    pub fn generator_loss(&self) -> Option<f32> {
        self.0.generator_loss
    }
    /// Mean D(x) on the latest real batch; undefined before the first step.
    #[wasm_bindgen(getter, js_name = realProbability)]
    pub fn real_probability(&self) -> Option<f32> {
        self.0.real_probability
    }
    /// Mean D(G(z)) on the latest fakes; undefined before the first step.
    #[wasm_bindgen(getter, js_name = fakeProbability)]
    pub fn fake_probability(&self) -> Option<f32> {
        self.0.fake_probability
    }
    /// The iteration (1-based) of the histories' first entry.
    #[wasm_bindgen(getter, js_name = lossesFrom)]
    pub fn losses_from(&self) -> f64 {
        self.0.losses_from as f64
    }
    /// D's loss at each iteration since the previous snapshot.
    #[wasm_bindgen(getter, js_name = discriminatorLosses)]
    pub fn discriminator_losses(&self) -> Vec<f32> {
        self.0.discriminator_losses.clone()
    }
    /// G's loss at each iteration since the previous snapshot.
    #[wasm_bindgen(getter, js_name = generatorLosses)]
    pub fn generator_losses(&self) -> Vec<f32> {
        self.0.generator_losses.clone()
    }
    /// Mean D(x) at each iteration since the previous snapshot.
    #[wasm_bindgen(getter, js_name = realProbabilities)]
    pub fn real_probabilities(&self) -> Vec<f32> {
        self.0.real_probabilities.clone()
    }
    /// Mean D(G(z)) at each iteration since the previous snapshot.
    #[wasm_bindgen(getter, js_name = fakeProbabilities)]
    pub fn fake_probabilities(&self) -> Vec<f32> {
        self.0.fake_probabilities.clone()
    }
    /// Whether this snapshot carries the judge's score.
    #[wasm_bindgen(getter)]
    pub fn judged(&self) -> bool {
        self.0.judge.is_some()
    }
    /// The judge: share of G's images classified with probability ≥ 0.9 (0 if not judged).
    #[wasm_bindgen(getter, js_name = judgeConfident)]
    pub fn judge_confident(&self) -> f32 {
        self.0.judge.as_ref().map_or(0.0, |j| j.confident)
    }
    /// The judge: classes among the confident verdicts (0 if not judged).
    #[wasm_bindgen(getter, js_name = judgeClasses)]
    pub fn judge_classes(&self) -> u32 {
        self.0.judge.as_ref().map_or(0, |j| j.classes as u32)
    }
    /// The judge: confident verdicts per digit 0–9 (empty if not judged).
    #[wasm_bindgen(getter, js_name = judgeHistogram)]
    pub fn judge_histogram(&self) -> Vec<u32> {
        self.0.judge.as_ref().map_or(Vec::new(), |j| j.histogram.to_vec())
    }
    /// The judge: Inception Score, 1–10 (0 if not judged).
    #[wasm_bindgen(getter, js_name = inceptionScore)]
    pub fn inception_score(&self) -> f32 {
        self.0.judge.as_ref().map_or(0.0, |j| j.inception_score)
    }
}
