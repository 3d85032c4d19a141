//! The 1D GAN's training loop: k D-steps on detached fakes, then one G-step (or, as seed 001,
//! a G-step and then a D-step on the same fakes).

use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::prelude::*;
use burn::tensor::Distribution;
use rand::rngs::StdRng;

use crate::backend::read_back;
use crate::streams::{self, NoiseSource};
use crate::checkpoint::{Checkpoint, capture, load_networks, resumed_seed};
use crate::labs::gan1d::config::{Gan1dConfig, GanLoss, NoiseConfig, StepOrder};
use crate::error::TrainError;
use crate::loss::{discriminator_loss, generator_loss, gradient_penalty};
use crate::models::gan1d::Mlp;
use crate::labs::gan1d::snapshot::{CurveScale, PendingGan1dSnapshot, SnapshotLayout};

/// A 1D GAN being trained on one device (CPU or WebGPU, always with autodiff).
pub struct Gan1dTrainer {
    config: Gan1dConfig,
    device: Device,
    generator: Mlp,
    discriminator: Mlp,
    generator_optimizer: ModuleOptimizer,
    discriminator_optimizer: ModuleOptimizer,
    /// Completed iterations (G-steps: an iteration ends with one).
    step: u64,
    /// The latest losses, kept on the device until a snapshot reads them.
    last_discriminator_loss: Option<Tensor<1>>,
    last_generator_loss: Option<Tensor<1>>,
    /// Every iteration's (D, G) loss since the last snapshot, still on the device.
    loss_history: Vec<(Tensor<1>, Tensor<1>)>,
    /// The noise every view is drawn from, so frames differ only by what G learned.
    fixed_noise: Tensor<2>, // [visual_samples, latent]
    /// Shared by every snapshot: the x axis, the real histogram, the grids.
    layout: SnapshotLayout,
    /// Real samples are drawn on the host, from the seed, so both backends see the same data.
    data_rng: StdRng,
    /// Noise for `sample`, apart from the backend's generator so that asking for samples does
    /// not change the training run.
    sampling_rng: StdRng,
    /// The run's seed: a restored run restarts its random streams from it and the step.
    seed: u64,
    /// Where the training noise comes from (the device's generator but in `crate::agreement`).
    noise_source: NoiseSource,
}

impl Gan1dTrainer {
    /// Builds fresh networks and optimisers. The same `seed` on the same backend gives the same
    /// initial weights; on the CPU backend it gives the same losses too.
    ///
    /// `device` must have autodiff enabled.
    pub fn new(config: Gan1dConfig, device: Device, seed: u64) -> Result<Self, TrainError> {
        config.validate()?;
        device.seed(seed);
        let generator = config.generator.init(&device);
        let discriminator = config.discriminator.init(&device);
        let fixed_noise = noise(config.noise, config.visual_samples, config.generator.d_input, &device);
        let layout = SnapshotLayout::new(&config);
        Ok(Gan1dTrainer {
            generator_optimizer: config.generator_optimizer.init(),
            discriminator_optimizer: config.discriminator_optimizer.init(),
            generator,
            discriminator,
            device,
            step: 0,
            last_discriminator_loss: None,
            last_generator_loss: None,
            loss_history: Vec::new(),
            fixed_noise,
            layout,
            data_rng: streams::rng(seed, streams::gan1d::DATA),
            sampling_rng: streams::rng(seed, streams::gan1d::SAMPLES),
            seed,
            noise_source: NoiseSource::Device,
            config,
        })
    }

    /// The run's state now: both networks, their optimisers' state where `with_optimizers`
    /// (every backend: see [`crate::checkpoint`]) and the step.
    pub async fn checkpoint(&self, with_optimizers: bool) -> Result<Vec<u8>, TrainError> {
        let nan = || Tensor::<1>::full([1], f32::NAN, &self.device);
        let latest = [&self.last_discriminator_loss, &self.last_generator_loss].map(|loss| loss.clone().unwrap_or_else(nan));
        let latest = read_back(Tensor::cat(latest.to_vec(), 0)).await?;
        let networks = (&self.generator, &self.discriminator);
        let optimizers = [&self.generator_optimizer, &self.discriminator_optimizer];
        capture(self.step, networks, optimizers, with_optimizers, latest, None).await
    }

    /// Continues from a checkpoint of a run with these settings: its weights, optimiser state
    /// and step. The random streams restart from (seed, step), so a resumed run is the same
    /// every time it is resumed from the same checkpoint. A checkpoint that does not fit is
    /// refused and the trainer stays as it was.
    pub fn restore(&mut self, bytes: &[u8]) -> Result<(), TrainError> {
        let checkpoint = Checkpoint::from_bytes(bytes)?;
        let fresh = [self.config.generator_optimizer.init(), self.config.discriminator_optimizer.init()];
        let ((generator, discriminator), [generator_optimizer, discriminator_optimizer]) =
            load_networks(&checkpoint, (self.generator.clone(), self.discriminator.clone()), fresh, &self.device)?;
        (self.generator, self.discriminator) = (generator, discriminator);
        (self.generator_optimizer, self.discriminator_optimizer) = (generator_optimizer, discriminator_optimizer);
        self.step = checkpoint.step;
        let latest = |i: usize| checkpoint.latest.get(i).map(|&v| Tensor::<1>::from_floats([v], &self.device));
        (self.last_discriminator_loss, self.last_generator_loss) = (latest(0), latest(1));
        self.loss_history.clear();
        let seed = resumed_seed(self.seed, self.step);
        self.device.seed(seed);
        self.data_rng = streams::rng(seed, streams::gan1d::DATA);
        self.noise_source.reseed(seed);
        Ok(())
    }

    /// Completed iterations.
    pub fn step(&self) -> u64 {
        self.step
    }

    /// The configuration this trainer was built from.
    pub fn config(&self) -> &Gan1dConfig {
        &self.config
    }

    /// Runs `iterations` full iterations. On WebGPU this only queues work; nothing is read back.
    pub fn train(&mut self, iterations: u32) {
        for _ in 0..iterations {
            match self.config.order {
                StepOrder::DiscriminatorFirst => {
                    for _ in 0..self.config.discriminator_steps {
                        self.discriminator_step();
                    }
                    self.generator_step();
                }
                StepOrder::GeneratorFirst => {
                    let fake = self.generator_step_with_fakes();
                    self.discriminator_step_on(fake);
                }
            }
            self.record_iteration();
        }
    }

    /// One D-step on fresh real samples and fresh, detached fakes; then the optimiser on D only.
    pub fn discriminator_step(&mut self) {
        let z = self.noise(self.config.batch_size);
        // No gradient flows into G here: it runs off the autodiff graph (same values as a
        // recorded forward and `detach`, without recording nine ops per D-step).
        let fake = Tensor::from_inner(self.generator.valid().forward(z.inner())); // [batch, 1]
        self.discriminator_step_on(fake);
    }

    /// One G-step on its own (a UI "G step"): counts as an iteration.
    pub fn generator_only_step(&mut self) {
        self.generator_step();
        self.record_iteration();
    }

    fn record_iteration(&mut self) {
        self.step += 1;
        let nan = || Tensor::<1>::full([1], f32::NAN, &self.device);
        let d = self.last_discriminator_loss.clone().unwrap_or_else(nan);
        let g = self.last_generator_loss.clone().unwrap_or_else(nan);
        self.loss_history.push((d, g));
    }

    fn discriminator_step_on(&mut self, fake: Tensor<2>) {
        let batch = self.config.batch_size;
        let real = self.real_batch(batch); // [batch, 1]
        // One pass of D over real and fake together: the same rows, half the ops (the 1D
        // networks have no batch statistics, so each row's output is as it would be alone).
        let both = self.discriminator.forward(Tensor::cat(vec![real.clone(), fake.clone()], 0)); // [2·batch, 1]
        let mut loss = discriminator_loss(
            self.config.loss,
            both.clone().narrow(0, 0, batch),
            both.narrow(0, batch, batch),
            self.config.label_smoothing,
            self.config.discriminator_loss_mean,
        );
        if let GanLoss::WassersteinGp { penalty } = self.config.loss {
            // The critic's slope at random points between real and fake samples.
            let mix = self.noise_source.draw([batch, 1], Distribution::Uniform(0.0, 1.0), &self.device);
            let between = real.mul(mix.clone()) + fake.mul(mix.neg().add_scalar(1.0)); // [batch, 1]
            let (_, slope) = self.discriminator.forward_with_input_derivative(between);
            loss = loss + gradient_penalty(slope, penalty);
        }
        self.last_discriminator_loss = Some(loss.clone().detach());
        let grads = GradientsParams::from_grads(loss.backward(), &self.discriminator);
        let discriminator = std::mem::replace(&mut self.discriminator, Mlp::placeholder());
        self.discriminator = self.discriminator_optimizer.step(
            self.config.discriminator_optimizer.learning_rate(),
            discriminator,
            grads,
        );
    }

    /// One G-step with fresh noise, then the optimiser on G only.
    fn generator_step(&mut self) {
        self.generator_step_with_fakes();
    }

    /// One G-step; returns its fakes, detached, for a D-step on the same samples (seed 001).
    fn generator_step_with_fakes(&mut self) -> Tensor<2> {
        let z = self.noise(self.config.batch_size);
        let fake = self.generator.forward(z); // [batch, 1]
        // D is held fixed: the gradient flows through it to G, but D's own weights get none
        // (the seeds compute them and throw them away; the values G gets are the same).
        let fixed_discriminator = self.discriminator.clone().no_grad();
        let loss = generator_loss(self.config.loss, fixed_discriminator.forward(fake.clone()));
        self.last_generator_loss = Some(loss.clone().detach());
        let grads = GradientsParams::from_grads(loss.backward(), &self.generator);
        let generator = std::mem::replace(&mut self.generator, Mlp::placeholder());
        self.generator =
            self.generator_optimizer.step(self.config.generator_optimizer.learning_rate(), generator, grads);
        fake.detach()
    }

    fn noise(&mut self, n: usize) -> Tensor<2> {
        let shape = [n, self.config.generator.d_input];
        self.noise_source.draw(shape, distribution(self.config.noise), &self.device)
    }

    /// From now on the training noise is drawn on the host (see `crate::agreement`): the same
    /// numbers on every backend.
    pub fn draw_noise_on_host(&mut self) {
        self.noise_source = NoiseSource::Host(streams::rng(resumed_seed(self.seed, self.step), streams::HOST_NOISE));
    }

    fn real_batch(&mut self, n: usize) -> Tensor<2> {
        let values = self.config.target.sample(n, &mut self.data_rng);
        Tensor::from_data(TensorData::new(values, [n, 1]), &self.device)
    }

    /// Queues what the views need (fixed-noise samples, D(x) curve, G map, losses and the loss
    /// history since the last snapshot) as one tensor, so a snapshot costs a single read-back.
    pub fn prepare_snapshot(&mut self) -> PendingGan1dSnapshot {
        let samples = self.generator.forward(self.fixed_noise.clone()).detach(); // [n, 1]
        let curve = self.discriminator.forward(self.layout.x_grid(&self.device)).detach(); // [m, 1]
        let latent = self.config.generator.d_input;
        let map = self.generator.forward(self.layout.z_grid(latent, &self.device)).detach(); // [m, 1]
        let nan = || Tensor::<1>::full([1], f32::NAN, &self.device);
        let latest = [&self.last_discriminator_loss, &self.last_generator_loss].map(|loss| loss.clone().unwrap_or_else(nan));
        let history = std::mem::take(&mut self.loss_history);
        let history_len = history.len();
        let (d_history, g_history): (Vec<_>, Vec<_>) = history.into_iter().unzip();
        let mut parts = vec![samples.reshape([-1]), curve.reshape([-1]), map.reshape([-1])];
        parts.extend(latest);
        parts.extend(d_history);
        parts.extend(g_history);
        let curve_scale = match self.config.loss {
            GanLoss::Minimax | GanLoss::NonSaturating => CurveScale::Logit,
            GanLoss::LeastSquares => CurveScale::Clamp,
            GanLoss::WassersteinGp { .. } => CurveScale::Normalize,
        };
        PendingGan1dSnapshot::new(self.step, Tensor::cat(parts, 0), history_len, curve_scale, self.layout.clone())
    }

    /// `n` fresh samples from the generator (for `get-samples`). The noise comes from a
    /// generator of its own: on the CPU backend, the run stays the same whether or not samples
    /// are asked for.
    pub async fn sample(&mut self, n: usize) -> Result<Vec<f32>, TrainError> {
        let shape = [n, self.config.generator.d_input];
        let z = TensorData::random::<f32, _, _>(shape, distribution(self.config.noise), &mut self.sampling_rng);
        read_back(self.generator.forward(Tensor::from_data(z, &self.device)).detach()).await
    }
}

/// The distribution of the generator's noise.
fn distribution(noise: NoiseConfig) -> Distribution {
    match noise {
        NoiseConfig::Uniform { low, high } => Distribution::Uniform(low, high),
        NoiseConfig::Normal { mean, std } => Distribution::Normal(mean, std),
    }
}

/// A batch of generator noise, `[n, latent]`.
fn noise(noise: NoiseConfig, n: usize, latent: usize, device: &Device) -> Tensor<2> {
    Tensor::random([n, latent], distribution(noise), device)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::gan1d::settings::Preset;
    use crate::labs::gan1d::snapshot::Gan1dSnapshot as Snapshot;

    use crate::test_support::lock_rng;

    fn trainer(seed: u64) -> Gan1dTrainer {
        trainer_for(Preset::Seed0001d.config(), seed)
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
                trainer.train(1);
                let s = snapshot(trainer);
                (s.losses.discriminator_loss.unwrap(), s.losses.generator_loss.unwrap())
            })
            .collect()
    }

    #[test]
    fn checkpoint_restores_the_run_and_refuses_another_shape() {
        let _rng = lock_rng();
        let mut a = trainer(3);
        a.train(40);
        let map = snapshot(&mut a).generator_map;
        let bytes = pollster::block_on(a.checkpoint(true)).unwrap();
        let resumed = || {
            let mut t = trainer(3);
            t.restore(&bytes).unwrap();
            assert_eq!(t.step(), 40);
            assert_eq!(snapshot(&mut t).generator_map, map, "the restored G maps z as before");
            losses(&mut t, 10)
        };
        let first = resumed();
        assert_eq!(resumed(), first, "a restore is reproducible");
        // Another architecture (seed 000's networks) does not take it, and stays at step 0.
        let mut config = Preset::Seed0001d.config();
        config.generator.hidden = vec![3];
        let mut other = trainer_for(config, 3);
        assert!(other.restore(&bytes).is_err());
        assert_eq!(other.step(), 0);
        assert!(other.restore(b"GANPCK01").is_err());
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
        t.train(1);
        let s = snapshot(&mut t);
        // D starts near chance (2·ln 2 ≈ 1.39); G's loss near ln 2 ≈ 0.69.
        let (d, g) = (s.losses.discriminator_loss.unwrap(), s.losses.generator_loss.unwrap());
        assert!((0.9..2.2).contains(&d) && (0.3..1.5).contains(&g), "d = {d}, g = {g}");
    }

    #[test]
    fn snapshots_carry_every_iterations_losses() {
        let _rng = lock_rng();
        let mut t = trainer(3);
        t.train(5);
        let s = snapshot(&mut t);
        assert_eq!((s.losses.step, s.losses.losses_from, s.losses.discriminator_losses.len(), s.losses.generator_losses.len()), (5, 1, 5, 5));
        assert_eq!(s.losses.discriminator_losses[4], s.losses.discriminator_loss.unwrap());
        assert_eq!(s.losses.generator_losses[4], s.losses.generator_loss.unwrap());
        // The same run, one snapshot per iteration, gives the same five pairs.
        let mut u = trainer(3);
        let one_by_one = losses(&mut u, 5);
        let batched: Vec<(f32, f32)> = s.losses.discriminator_losses.iter().copied().zip(s.losses.generator_losses.iter().copied()).collect();
        assert_eq!(batched, one_by_one);
        // A D-step alone changes D's loss but not the iteration count; a G-step alone is an iteration.
        t.discriminator_step();
        let d_only = snapshot(&mut t);
        assert_eq!((d_only.losses.step, d_only.losses.discriminator_losses.len()), (5, 0));
        assert_ne!(d_only.losses.discriminator_loss, s.losses.discriminator_loss);
        t.generator_only_step();
        let g_only = snapshot(&mut t);
        assert_eq!((g_only.losses.step, g_only.losses.losses_from, g_only.losses.generator_losses.len()), (6, 6, 1));
    }
}
