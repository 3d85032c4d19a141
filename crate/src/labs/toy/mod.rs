//! A lab that exists only in the crate's tests: "Adding a lab" (docs/architecture.md) done with
//! the least a lab can be, to show that it is all a lab takes. Its folder (this file), a variant
//! in [`LabSettings`] and in [`Snapshot`] and an arm of [`super::create`], each `#[cfg(test)]`,
//! and nothing else in the crate: the registry's generic paths run it as they run the real labs
//! — its settings parsed from the page's JSON, a run made by `create`, trained, read back,
//! checkpointed, restored and sampled through the [`Lab`](super::Lab) trait. Its GAN is the MLP
//! labs' step ([`super::mlp_gan`], one [`crate::gan::GanRun`]) on U(0, `amplitude`).

use std::sync::Arc;

use burn::prelude::*;
use rand::RngExt;
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::mlp_gan::settings::{TrainingKeys, positive};
use super::mlp_gan::{MlpGan, MlpLab, RealSource, noise};
use super::{LabData, LabFuture, LabSettings, Losses, Samples, Snapshot};
use crate::backend::read_back;
use crate::error::{TrainError, check_finite};
use crate::gan::ReadOuts;

/// The toy's random streams (no two of any lab's may collide: a test in `crate::labs`).
pub mod streams {
    /// The real samples of each batch.
    pub const DATA: u64 = 0x70e7_5eed_0000_0001;
    /// `get-samples`' noise.
    pub const SAMPLES: u64 = 0x70e7_5eed_0000_0002;
    /// Every stream of the lab.
    pub const ALL: &[u64] = &[DATA, SAMPLES];
}

/// The largest `amplitude`.
const MAX_AMPLITUDE: f64 = 10.0;
/// G's samples of fixed noise that a snapshot averages.
const VIEW_SAMPLES: usize = 256;

/// The toy's settings: its own key, and the MLP labs' training keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
pub struct ToySettings {
    /// The run's seed (0 where absent).
    #[serde(default)]
    #[tsify(type = "number")]
    pub seed: u32,
    /// The target is U(0, `amplitude`).
    pub amplitude: f64,
    /// The keys the MLP labs share.
    #[serde(flatten)]
    pub training: TrainingKeys,
}

/// What the toy's one view draws: the losses, and where G's samples are on average.
#[derive(Clone, Debug, Serialize, Tsify)]
pub struct ToySnapshot {
    /// The step and the losses (every lab's).
    #[serde(flatten)]
    pub losses: Losses,
    /// The mean of G's samples of a fixed batch of noise (the target's is `amplitude` / 2).
    pub mean: f32,
}

/// U(0, `amplitude`).
struct Uniform(f64);

impl RealSource for Uniform {
    fn sample(&self, n: usize, rng: &mut StdRng) -> Vec<f32> {
        (0..n).map(|_| (self.0 * rng.random::<f64>()) as f32).collect()
    }
}

/// A toy run as a [`Lab`](super::Lab).
pub struct ToyLab {
    gan: MlpGan,
    fixed_noise: Tensor<2>,
    sampling_rng: StdRng,
}

impl ToyLab {
    /// A fresh run of `settings`; it trains on its own target only.
    pub fn new(settings: &ToySettings, data: LabData, device: Device) -> Result<Self, TrainError> {
        if data.samples("the toy lab", "its own target")?.is_some() {
            return Err(TrainError::Data("the toy lab trains on its own target, not yours".into()));
        }
        let amplitude = positive("amplitude", settings.amplitude, MAX_AMPLITUDE)?;
        let config = settings.training.config(1, 1)?;
        let seed = u64::from(settings.seed);
        let (kind, latent) = (config.noise, config.generator.d_input);
        let gan = MlpGan::new(config, Arc::new(Uniform(amplitude)), streams::DATA, device.clone(), seed)?;
        // After the networks: the device's generator is the seed's from there on.
        let fixed_noise = noise(kind, VIEW_SAMPLES, latent, &device);
        Ok(ToyLab { gan, fixed_noise, sampling_rng: crate::streams::rng(seed, streams::SAMPLES) })
    }
}

impl MlpLab for ToyLab {
    fn gan(&self) -> &MlpGan {
        &self.gan
    }

    fn gan_mut(&mut self) -> &mut MlpGan {
        &mut self.gan
    }

    fn views(&mut self) -> LabFuture<'_, Snapshot> {
        let step = self.gan.step();
        let losses = self.gan.take_losses();
        let len = losses.len();
        let mut parts = losses.into_parts();
        parts.push(self.gan.generate(self.fixed_noise.clone()).reshape([-1]));
        let packed = Tensor::cat(parts, 0);
        Box::pin(async move {
            let values = read_back(packed).await?;
            let (read_outs, samples) = ReadOuts::split(&values, 2, len);
            let from = step + 1 - len as u64;
            let (d, g) = (read_outs.history(0), read_outs.history(1));
            check_finite(step, from, d.iter().copied(), g.iter().copied(), samples)?;
            let latest = |i: usize| Some(read_outs.latest(i)).filter(|x| !(x.is_nan() && step == 0));
            let losses = Losses {
                step,
                discriminator_loss: latest(0),
                generator_loss: latest(1),
                losses_from: from,
                discriminator_losses: d.to_vec(),
                generator_losses: g.to_vec(),
            };
            let mean = samples.iter().sum::<f32>() / samples.len().max(1) as f32;
            Ok(Snapshot::Toy(ToySnapshot { losses, mean }))
        })
    }

    fn samples(&mut self, n: u32) -> LabFuture<'_, Samples> {
        Box::pin(async move {
            Ok(Samples { values: self.gan.sample(n as usize, &mut self.sampling_rng).await?, width: None, height: None, dim: None })
        })
    }

    fn owns(settings: &LabSettings) -> bool {
        matches!(settings, LabSettings::Toy(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::{BackendKind, autodiff_device};
    use crate::labs::{Lab, create};
    use crate::test_support::lock_rng;

    /// The page's JSON for a toy run: its key and the 1D preset tuned-1d's training keys.
    fn settings_json(amplitude: f64, seed: u32) -> String {
        let tuned = crate::labs::presets::entry("tuned-1d").unwrap().settings;
        let mut json = serde_json::json!({ "lab": "toy", "seed": seed, "amplitude": amplitude });
        for key in serde_json::to_value(serde_json::from_value::<TrainingKeys>(tuned.clone()).unwrap()).unwrap().as_object().unwrap().keys()
        {
            json[key] = tuned[key].clone();
        }
        json.to_string()
    }

    fn run(json: &str) -> Box<dyn Lab> {
        let settings = LabSettings::from_json(json).unwrap();
        let device = pollster::block_on(autodiff_device(BackendKind::Cpu)).unwrap();
        create(&settings, LabData::None, device).unwrap()
    }

    fn snapshot(lab: &mut Box<dyn Lab>) -> ToySnapshot {
        match pollster::block_on(lab.snapshot(false)).unwrap() {
            Snapshot::Toy(snapshot) => snapshot,
            _ => panic!("a toy run's snapshot is the toy's"),
        }
    }

    #[test]
    fn the_registry_runs_a_lab_added_in_a_test() {
        let _rng = lock_rng();
        // Unknown keys are refused as for every lab; the toy's own key is read.
        assert!(LabSettings::from_json(&settings_json(4.0, 1).replace("\"amplitude\"", "\"amplitud\"")).is_err());
        let mut lab = run(&settings_json(4.0, 1));
        let start = snapshot(&mut lab);
        assert_eq!(start.losses.step, 0);
        assert_eq!(start.losses.discriminator_loss, None);

        // It learns: G's samples move towards the target's mean, 2.
        lab.train(600);
        let trained = snapshot(&mut lab);
        assert_eq!(trained.losses.step, 600);
        assert_eq!(trained.losses.generator_losses.len(), 600);
        assert!((trained.mean - 2.0).abs() < 0.5, "mean {} after 600 iterations, target 2", trained.mean);
        assert!((trained.mean - 2.0).abs() < (start.mean - 2.0).abs(), "{} → {}", start.mean, trained.mean);

        // A checkpoint holds the whole run: restored into a new run of the same settings, and
        // into this one, the two go on alike (a restored run draws from a seed of its step's).
        let bytes = pollster::block_on(lab.checkpoint(true)).unwrap();
        lab.restore(&bytes).unwrap();
        lab.train(20);
        let after = snapshot(&mut lab);
        let mut resumed = run(&settings_json(4.0, 1));
        resumed.restore(&bytes).unwrap();
        resumed.train(20);
        let again = snapshot(&mut resumed);
        assert_eq!(again.losses.step, after.losses.step);
        assert_eq!(again.losses.generator_losses, after.losses.generator_losses);
        assert_eq!(again.mean, after.mean);

        // Samples, and the view keys of another lab refused.
        let samples = pollster::block_on(lab.sample(32)).unwrap();
        assert_eq!(samples.values.len(), 32);
        let other = LabSettings::from_json(&crate::labs::presets::entry("tuned-1d").unwrap().settings.to_string().replacen(
            '{',
            "{\"lab\":\"gan1d\",",
            1,
        ));
        assert!(lab.set_view(&other.unwrap()).is_err());
        // What it trains on is its own.
        let device = pollster::block_on(autodiff_device(BackendKind::Cpu)).unwrap();
        assert!(create(&LabSettings::from_json(&settings_json(4.0, 1)).unwrap(), LabData::Samples(vec![1.0]), device).is_err());
    }
}
