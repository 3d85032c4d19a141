//! The 1D GAN's run: the shared MLP GAN step (crate::labs::mlp_gan) on the 1D target, and
//! what the 1D views draw of it.

use std::sync::Arc;

use burn::prelude::*;
use rand::rngs::StdRng;

use crate::error::TrainError;
use crate::labs::gan1d::config::Gan1dConfig;
use crate::labs::gan1d::snapshot::{PendingGan1dSnapshot, SnapshotLayout};
use crate::labs::gan1d::targets::Target;
use crate::labs::mlp_gan::CurveScale;
use crate::labs::mlp_gan::{MlpGan, RealSource, noise};
use crate::streams;

impl RealSource for Target {
    fn sample(&self, n: usize, rng: &mut StdRng) -> Vec<f32> {
        Target::sample(self, n, rng)
    }
}

/// A 1D GAN being trained on one device (CPU or WebGPU, always with autodiff).
pub struct Gan1dTrainer {
    config: Gan1dConfig,
    /// The GAN step and its run (train, step, the single D- and G-steps, checkpoint, restore).
    pub gan: MlpGan,
    /// The noise every view is drawn from, so frames differ only by what G learned.
    fixed_noise: Tensor<2>, // [visual_samples, latent]
    /// Shared by every snapshot: the x axis, the real histogram, the grids.
    layout: SnapshotLayout,
    /// Noise for `sample`, apart from the backend's generator so that asking for samples does
    /// not change the training run.
    sampling_rng: StdRng,
}

impl Gan1dTrainer {
    /// Builds fresh networks and optimisers. The same `seed` on the same backend gives the same
    /// initial weights; on the CPU backend it gives the same losses too.
    ///
    /// `device` must have autodiff enabled.
    pub fn new(config: Gan1dConfig, device: Device, seed: u64) -> Result<Self, TrainError> {
        config.validate()?;
        let real: Arc<dyn RealSource> = Arc::new(config.target.clone());
        let gan = MlpGan::new(config.gan.clone(), real, super::streams::DATA, device, seed)?;
        let fixed_noise = noise(config.gan.noise, config.visual_samples, config.gan.generator.d_input, gan.device());
        Ok(Gan1dTrainer {
            layout: SnapshotLayout::new(&config),
            fixed_noise,
            sampling_rng: streams::rng(seed, super::streams::SAMPLES),
            gan,
            config,
        })
    }

    /// The configuration this trainer was built from.
    pub fn config(&self) -> &Gan1dConfig {
        &self.config
    }

    /// Queues what the views need (fixed-noise samples, D(x) curve, G's push along x, G map,
    /// losses and the loss history since the last snapshot) as one tensor, so a snapshot costs
    /// a single read-back.
    pub fn prepare_snapshot(&mut self) -> PendingGan1dSnapshot {
        let device = self.gan.device().clone();
        let samples = self.gan.generate(self.fixed_noise.clone()); // [n, 1]
        let (curve, push) = self.gan.verdict_and_push(self.layout.x_grid(&device)); // [m, 1] each
        let latent = self.config.gan.generator.d_input;
        let map = self.gan.generate(self.layout.z_grid(latent, &device)); // [m, 1]
        let losses = self.gan.take_losses();
        let history_len = losses.len();
        let mut parts = vec![samples.reshape([-1]), curve.reshape([-1]), push.reshape([-1]), map.reshape([-1])];
        parts.extend(losses.into_parts());
        let curve_scale = CurveScale::of(self.config.gan.loss);
        PendingGan1dSnapshot::new(self.gan.step(), Tensor::cat(parts, 0), history_len, curve_scale, self.layout.clone())
    }

    /// `n` fresh samples from the generator (for `get-samples`). The noise comes from a
    /// generator of its own: on the CPU backend, the run stays the same whether or not samples
    /// are asked for.
    pub async fn sample(&mut self, n: usize) -> Result<Vec<f32>, TrainError> {
        self.gan.sample(n, &mut self.sampling_rng).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::gan1d::snapshot::Gan1dSnapshot as Snapshot;

    use crate::test_support::lock_rng;

    fn trainer(seed: u64) -> Gan1dTrainer {
        trainer_for(Gan1dConfig::preset("seed000-1d").unwrap(), seed)
    }

    fn trainer_for(config: Gan1dConfig, seed: u64) -> Gan1dTrainer {
        Gan1dTrainer::new(config, Device::flex().autodiff(), seed).unwrap()
    }

    fn snapshot(trainer: &mut Gan1dTrainer) -> Snapshot {
        pollster::block_on(trainer.prepare_snapshot().read()).unwrap()
    }

    fn losses(trainer: &mut Gan1dTrainer, iterations: usize) -> Vec<(f32, f32)> {
        (0..iterations)
            .map(|_| {
                trainer.gan.train(1);
                let s = snapshot(trainer);
                (s.losses.discriminator_loss.unwrap(), s.losses.generator_loss.unwrap())
            })
            .collect()
    }

    #[test]
    fn checkpoint_restores_the_run_and_refuses_another_shape() {
        let _rng = lock_rng();
        let mut a = trainer(3);
        a.gan.train(40);
        let map = snapshot(&mut a).generator_map;
        let bytes = pollster::block_on(a.gan.checkpoint(true)).unwrap();
        let resumed = || {
            let mut t = trainer(3);
            t.gan.restore(&bytes).unwrap();
            assert_eq!(t.gan.step(), 40);
            assert_eq!(snapshot(&mut t).generator_map, map, "the restored G maps z as before");
            losses(&mut t, 10)
        };
        let first = resumed();
        assert_eq!(resumed(), first, "a restore is reproducible");
        // Another architecture (seed 000's networks) does not take it, and stays at step 0.
        let mut config = Gan1dConfig::preset("seed000-1d").unwrap();
        config.gan.generator.hidden = vec![3];
        let mut other = trainer_for(config, 3);
        assert!(other.gan.restore(&bytes).is_err());
        assert_eq!(other.gan.step(), 0);
        assert!(other.gan.restore(b"GANPCK01").is_err());
    }

    #[test]
    fn the_views_are_drawn_by_the_average_of_g_and_a_restore_keeps_it() {
        let _rng = lock_rng();
        let config = Gan1dConfig::preset("tuned-1d").unwrap();
        assert_eq!(config.gan.generator_average, 0.9999);
        let mut a = trainer_for(config.clone(), 2);
        a.gan.train(300);
        let averaged = snapshot(&mut a).generator_map;
        // G itself maps z elsewhere: the average lags behind its latest steps.
        let plain =
            pollster::block_on(crate::backend::read_back(a.gan.generator().valid().forward(a.layout.z_grid(1, &Device::flex())))).unwrap();
        assert_ne!(averaged, plain);
        let bytes = pollster::block_on(a.gan.checkpoint(true)).unwrap();
        let mut b = trainer_for(config, 2);
        b.gan.restore(&bytes).unwrap();
        assert_eq!(snapshot(&mut b).generator_map, averaged, "the restored run shows the average it had");
    }

    #[test]
    fn same_seed_same_weights_and_losses() {
        let _rng = lock_rng();
        // Whatever happens first (a snapshot or a training step), the run is the same.
        let mut a = trainer(7);
        let initial = snapshot(&mut a).generator_map;
        let la = losses(&mut a, 20);
        let mut b = trainer(7);
        let lb = losses(&mut b, 20);
        assert_eq!(la, lb);
        let mut c = trainer(7);
        assert_eq!(snapshot(&mut c).generator_map, initial);
        assert_eq!(losses(&mut c, 20), la);
        assert!(la.iter().all(|(d, g)| d.is_finite() && g.is_finite()));
        // Asking for samples mid-run does not change it.
        let mut e = trainer(7);
        let mut le = losses(&mut e, 10);
        let samples = pollster::block_on(e.sample(50)).unwrap();
        assert_eq!(samples.len(), 50);
        assert!(samples.iter().all(|x| x.is_finite()));
        le.extend(losses(&mut e, 10));
        assert_eq!(le, la);
        let mut d = trainer(8);
        assert_ne!(losses(&mut d, 20), la, "a different seed must give a different run");
    }

    #[test]
    fn losses_start_near_chance() {
        let _rng = lock_rng();
        let mut t = trainer(1);
        let s = snapshot(&mut t);
        assert_eq!((s.losses.step, s.losses.discriminator_loss, s.losses.generator_loss), (0, None, None));
        t.gan.train(1);
        let s = snapshot(&mut t);
        // D starts near chance (2·ln 2 ≈ 1.39); G's loss near ln 2 ≈ 0.69.
        let (d, g) = (s.losses.discriminator_loss.unwrap(), s.losses.generator_loss.unwrap());
        assert!((0.9..2.2).contains(&d) && (0.3..1.5).contains(&g), "d = {d}, g = {g}");
    }

    #[test]
    fn snapshots_carry_every_iterations_losses() {
        let _rng = lock_rng();
        let mut t = trainer(3);
        t.gan.train(5);
        let s = snapshot(&mut t);
        assert_eq!(
            (s.losses.step, s.losses.losses_from, s.losses.discriminator_losses.len(), s.losses.generator_losses.len()),
            (5, 1, 5, 5)
        );
        assert_eq!(s.losses.discriminator_losses[4], s.losses.discriminator_loss.unwrap());
        assert_eq!(s.losses.generator_losses[4], s.losses.generator_loss.unwrap());
        // The same run, one snapshot per iteration, gives the same five pairs.
        let mut u = trainer(3);
        let one_by_one = losses(&mut u, 5);
        let batched: Vec<(f32, f32)> =
            s.losses.discriminator_losses.iter().copied().zip(s.losses.generator_losses.iter().copied()).collect();
        assert_eq!(batched, one_by_one);
        // A D-step alone changes D's loss but not the iteration count; a G-step alone is an iteration.
        t.gan.discriminator_step();
        let d_only = snapshot(&mut t);
        assert_eq!((d_only.losses.step, d_only.losses.discriminator_losses.len()), (5, 0));
        assert_ne!(d_only.losses.discriminator_loss, s.losses.discriminator_loss);
        t.gan.generator_only_step();
        let g_only = snapshot(&mut t);
        assert_eq!((g_only.losses.step, g_only.losses.losses_from, g_only.losses.generator_losses.len()), (6, 6, 1));
    }
}
