//! The 1D GAN's `Trainer` and its `Snapshot`.

use wasm_bindgen::prelude::*;

use super::Backend;
use crate::backend::autodiff_device;
use crate::settings::Settings1d;
use crate::snapshot;
use crate::train::Gan1dTrainer;

/// A GAN in training.
#[wasm_bindgen]
pub struct Trainer {
    inner: Gan1dTrainer,
    backend: Backend,
}

#[wasm_bindgen]
impl Trainer {
    /// Builds a trainer from `settings` (the JSON of www/src/protocol.ts `Settings1d`, seed
    /// included) on `backend`; `data` holds the user's samples when the target is `data`.
    /// Rejects invalid settings, or a backend that cannot be brought up (no adapter, failed device).
    pub async fn create(settings: String, backend: Backend, data: Option<Vec<f32>>) -> Result<Trainer, JsError> {
        let settings = Settings1d::from_json(&settings)?;
        let config = settings.config(data)?;
        let device = autodiff_device(backend.try_into()?).await?;
        let inner = Gan1dTrainer::new(config, device, u64::from(settings.seed))?;
        Ok(Trainer { inner, backend })
    }

    /// Runs `iterations` training iterations (on WebGPU: queues them; nothing is read back).
    pub fn train(&mut self, iterations: u32) {
        self.inner.train(iterations);
    }

    /// `steps` D-steps alone (does not advance the iteration count).
    #[wasm_bindgen(js_name = trainDiscriminator)]
    pub fn train_discriminator(&mut self, steps: u32) {
        for _ in 0..steps {
            self.inner.discriminator_step();
        }
    }

    /// `steps` G-steps alone; each counts as an iteration.
    #[wasm_bindgen(js_name = trainGenerator)]
    pub fn train_generator(&mut self, steps: u32) {
        for _ in 0..steps {
            self.inner.generator_only_step();
        }
    }

    /// Reads back what the views show (and the loss history since the previous snapshot).
    /// Rejects if training diverged or the device was lost.
    pub async fn snapshot(&mut self) -> Result<Snapshot, JsError> {
        let snapshot = self.inner.prepare_snapshot().read().await?;
        Ok(Snapshot(snapshot))
    }

    /// `n` fresh samples of the generator.
    pub async fn sample(&mut self, n: u32) -> Result<Vec<f32>, JsError> {
        Ok(self.inner.sample(n as usize).await?)
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

/// What the 1D views draw at one moment (see the getters).
#[wasm_bindgen]
pub struct Snapshot(snapshot::Snapshot);

#[wasm_bindgen]
impl Snapshot {
    /// Completed iterations.
    #[wasm_bindgen(getter)]
    pub fn step(&self) -> f64 {
        self.0.step as f64
    }
    /// The discriminator's latest loss; undefined before the first step.
    #[wasm_bindgen(getter, js_name = discriminatorLoss)]
    pub fn discriminator_loss(&self) -> Option<f32> {
        self.0.discriminator_loss
    }
    /// The generator's latest loss; undefined before the first step.
    #[wasm_bindgen(getter, js_name = generatorLoss)]
    pub fn generator_loss(&self) -> Option<f32> {
        self.0.generator_loss
    }
    /// The iteration (1-based) of the first entry of `discriminatorLosses` / `generatorLosses`.
    #[wasm_bindgen(getter, js_name = lossesFrom)]
    pub fn losses_from(&self) -> f64 {
        self.0.losses_from as f64
    }
    /// D's loss at each iteration since the previous snapshot (NaN where D had not stepped yet).
    #[wasm_bindgen(getter, js_name = discriminatorLosses)]
    pub fn discriminator_losses(&self) -> Vec<f32> {
        self.0.discriminator_losses.clone()
    }
    /// G's loss at each iteration since the previous snapshot.
    #[wasm_bindgen(getter, js_name = generatorLosses)]
    pub fn generator_losses(&self) -> Vec<f32> {
        self.0.generator_losses.clone()
    }
    /// 1-Wasserstein distance of the generated samples to the target.
    #[wasm_bindgen(getter)]
    pub fn w1(&self) -> f64 {
        self.0.w1
    }
    /// Kolmogorov–Smirnov statistic of the generated samples to the target.
    #[wasm_bindgen(getter)]
    pub fn ks(&self) -> f64 {
        self.0.ks
    }
    /// Left edge of the x axis shared by the histograms and D(x).
    #[wasm_bindgen(getter, js_name = xMin)]
    pub fn x_min(&self) -> f32 {
        self.0.layout.x_min
    }
    /// Right edge of the x axis.
    #[wasm_bindgen(getter, js_name = xMax)]
    pub fn x_max(&self) -> f32 {
        self.0.layout.x_max
    }
    /// Left edge of the z axis of the generator map.
    #[wasm_bindgen(getter, js_name = zMin)]
    pub fn z_min(&self) -> f32 {
        self.0.layout.z_min
    }
    /// Right edge of the z axis.
    #[wasm_bindgen(getter, js_name = zMax)]
    pub fn z_max(&self) -> f32 {
        self.0.layout.z_max
    }
    /// Density of the real samples on the shared bins.
    #[wasm_bindgen(getter, js_name = realHistogram)]
    pub fn real_histogram(&self) -> Vec<f32> {
        self.0.layout.real_histogram.clone()
    }
    /// Density of the generated samples on the shared bins.
    #[wasm_bindgen(getter, js_name = generatedHistogram)]
    pub fn generated_histogram(&self) -> Vec<f32> {
        self.0.generated_histogram.clone()
    }
    /// Fraction of generated samples outside the x axis.
    #[wasm_bindgen(getter, js_name = generatedOutside)]
    pub fn generated_outside(&self) -> f32 {
        self.0.generated_outside
    }
    /// D's verdict on evenly spaced points over the x axis, in [0, 1] (σ of the logit; a
    /// least-squares score clamped; a Wasserstein critic's score rescaled over the axis).
    #[wasm_bindgen(getter, js_name = discriminatorCurve)]
    pub fn discriminator_curve(&self) -> Vec<f32> {
        self.0.discriminator_curve.clone()
    }
    /// G(z) on evenly spaced points over the z axis.
    #[wasm_bindgen(getter, js_name = generatorMap)]
    pub fn generator_map(&self) -> Vec<f32> {
        self.0.generator_map.clone()
    }
}
