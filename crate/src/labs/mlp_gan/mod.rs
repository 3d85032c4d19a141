//! The GAN step of the labs whose networks are small MLPs on points (the 1D and the 2D lab):
//! k D-steps on detached fakes, then one G-step (or, as seed 001, a G-step and then a D-step
//! on the same fakes), with the losses kept on the device until a snapshot reads them. Each lab
//! wraps an [`MlpGan`] with what it trains on ([`RealSource`]) and what its views draw.

use std::sync::Arc;

use burn::module::Param;
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::prelude::*;
use burn::tensor::Distribution;
use rand::rngs::StdRng;

use crate::backend::read_back;
use crate::checkpoint::{Checkpoint, capture, load_networks, resumed_seed};
use crate::error::TrainError;
use crate::export::{self, ExportSource, ExportedGan, PytorchExport};
use crate::loss::{discriminator_loss, generator_loss, gradient_penalty};
use crate::models::gan1d::Mlp;
use crate::streams::{self, NoiseSource};

pub mod config;
pub mod settings;

use config::{GanLoss, MlpGanConfig, NoiseConfig, StepOrder};

/// The real data of a lab: samples drawn on the host, from the run's data stream, so every
/// backend sees the same batches.
pub trait RealSource {
    /// `n` samples, one after another (`n × width` values).
    fn sample(&self, n: usize, rng: &mut StdRng) -> Vec<f32>;
}

/// An MLP GAN being trained on one device (CPU or WebGPU, always with autodiff).
pub struct MlpGan {
    config: MlpGanConfig,
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
    real: Arc<dyn RealSource>,
    /// The lab's stream constant for real samples (`crate::streams`).
    data_stream: u64,
    /// Real samples are drawn on the host, from the seed, so both backends see the same data.
    data_rng: StdRng,
    /// The run's seed: a restored run restarts its random streams from it and the step.
    seed: u64,
    /// Where the training noise comes from (the device's generator but in `crate::agreement`).
    noise_source: NoiseSource,
}

/// The losses a snapshot reads, still on the device: the latest pair (NaN before the first
/// step) and every iteration's since the previous snapshot.
pub struct PendingLosses {
    /// `[D, G]`, each `[1]`.
    pub latest: [Tensor<1>; 2],
    /// D's loss at each iteration since the previous snapshot.
    pub discriminator: Vec<Tensor<1>>,
    /// G's loss at each iteration since the previous snapshot.
    pub generator: Vec<Tensor<1>>,
}

impl PendingLosses {
    /// The number of iterations in the history.
    pub fn len(&self) -> usize {
        self.discriminator.len()
    }

    /// Whether no iteration ran since the previous snapshot.
    pub fn is_empty(&self) -> bool {
        self.discriminator.is_empty()
    }

    /// `[D, G, D history…, G history…]`, to pack into a snapshot's one read-back.
    pub fn into_parts(self) -> Vec<Tensor<1>> {
        let mut parts: Vec<Tensor<1>> = self.latest.into();
        parts.extend(self.discriminator);
        parts.extend(self.generator);
        parts
    }
}

impl MlpGan {
    /// Fresh networks and optimisers (the device's generator seeded with `seed` first: the same
    /// seed on the same backend gives the same initial weights). `device` must have autodiff.
    pub fn new(config: MlpGanConfig, real: Arc<dyn RealSource>, data_stream: u64, device: Device, seed: u64) -> Result<Self, TrainError> {
        config.validate()?;
        device.seed(seed);
        let generator = config.generator.init(&device);
        let discriminator = config.discriminator.init(&device);
        Ok(MlpGan {
            generator_optimizer: config.generator_optimizer.init(),
            discriminator_optimizer: config.discriminator_optimizer.init(),
            generator,
            discriminator,
            device,
            step: 0,
            last_discriminator_loss: None,
            last_generator_loss: None,
            loss_history: Vec::new(),
            real,
            data_stream,
            data_rng: streams::rng(seed, data_stream),
            seed,
            noise_source: NoiseSource::Device,
            config,
        })
    }

    /// Completed iterations.
    pub fn step(&self) -> u64 {
        self.step
    }

    /// The configuration of the run.
    pub fn config(&self) -> &MlpGanConfig {
        &self.config
    }

    /// The device the run trains on.
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// The generator now.
    pub fn generator(&self) -> &Mlp {
        &self.generator
    }

    /// The discriminator now.
    pub fn discriminator(&self) -> &Mlp {
        &self.discriminator
    }

    /// The run's state now: both networks, their optimisers' state where `with_optimizers`
    /// (every backend: see [`crate::checkpoint`]) and the step.
    pub async fn checkpoint(&self, with_optimizers: bool) -> Result<Vec<u8>, TrainError> {
        let latest = read_back(Tensor::cat(self.latest_losses().to_vec(), 0)).await?;
        let networks = (&self.generator, &self.discriminator);
        let optimizers = [&self.generator_optimizer, &self.discriminator_optimizer];
        capture(self.step, networks, optimizers, with_optimizers, latest, None).await
    }

    /// Continues from a checkpoint of a run with these settings: its weights, optimiser state
    /// and step. The random streams restart from (seed, step), so a resumed run is the same
    /// every time it is resumed from the same checkpoint; the seed they restart from is
    /// returned (for the lab's own streams). A checkpoint that does not fit is refused and the
    /// run stays as it was.
    pub fn restore(&mut self, bytes: &[u8]) -> Result<u64, TrainError> {
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
        self.data_rng = streams::rng(seed, self.data_stream);
        self.noise_source.reseed(seed);
        Ok(seed)
    }

    /// "Export for PyTorch": both networks (and real samples of the target, for the script to
    /// train on) as safetensors, and the script. On WebGPU the weights are read back through a
    /// checkpoint into a CPU copy, which burn-store can read; the run itself is not changed.
    pub async fn export_pytorch(&self, source: &ExportSource) -> Result<PytorchExport, TrainError> {
        if export::on_cpu(&self.device) {
            return self.export_pytorch_now(source);
        }
        let checkpoint = self.checkpoint(false).await?;
        let cpu = Device::flex().autodiff();
        let mut copy = MlpGan::new(self.config.clone(), self.real.clone(), self.data_stream, cpu, self.seed)?;
        copy.restore(&checkpoint)?;
        copy.export_pytorch_now(source)
    }

    fn export_pytorch_now(&self, source: &ExportSource) -> Result<PytorchExport, TrainError> {
        /// Real samples in the export: enough that resampling them is as good as the target.
        const REAL_SAMPLES: usize = 65_536;
        let width = self.config.sample_width();
        let values = self.real.sample(REAL_SAMPLES, &mut streams::rng(self.seed, streams::EXPORT));
        let real = Tensor::<2>::from_data(TensorData::new(values, [REAL_SAMPLES, width]), &Device::flex());
        let gan = ExportedGan {
            generator: self.generator.clone(),
            discriminator: self.discriminator.clone(),
            generator_average: None,
            real_samples: Some(Param::from_tensor(real)),
        };
        Ok(PytorchExport {
            script: export::mlp_gan::script(&self.config, self.step, source),
            weights: gan.to_safetensors(self.step, source)?,
        })
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
                    let fake = self.generator_step();
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
        let fake = Tensor::from_inner(self.generator.valid().forward(z.inner())); // [batch, width]
        self.discriminator_step_on(fake);
    }

    /// One G-step on its own (a UI "G step"): counts as an iteration.
    pub fn generator_only_step(&mut self) {
        self.generator_step();
        self.record_iteration();
    }

    fn record_iteration(&mut self) {
        self.step += 1;
        let [d, g] = self.latest_losses();
        self.loss_history.push((d, g));
    }

    fn latest_losses(&self) -> [Tensor<1>; 2] {
        let nan = || Tensor::<1>::full([1], f32::NAN, &self.device);
        [&self.last_discriminator_loss, &self.last_generator_loss].map(|loss| loss.clone().unwrap_or_else(nan))
    }

    /// The losses a snapshot reads (the history is handed over: the next snapshot starts after it).
    pub fn take_losses(&mut self) -> PendingLosses {
        let latest = self.latest_losses();
        let (discriminator, generator) = std::mem::take(&mut self.loss_history).into_iter().unzip();
        PendingLosses { latest, discriminator, generator }
    }

    /// `[n, width]` samples as `[n / pack, width · pack]`: each row one pack for D.
    fn packed(&self, samples: Tensor<2>) -> Tensor<2> {
        if self.config.pack == 1 {
            return samples;
        }
        let [n, width] = samples.dims();
        samples.reshape([n / self.config.pack, width * self.config.pack])
    }

    fn discriminator_step_on(&mut self, fake: Tensor<2>) {
        let batch = self.config.batch_size;
        let packs = batch / self.config.pack;
        let real = self.real_batch(batch); // [batch, width]
        // One pass of D over real and fake together: the same rows, half the ops (the MLPs
        // have no batch statistics, so each row's output is as it would be alone).
        let both = self.discriminator.forward(Tensor::cat(vec![self.packed(real.clone()), self.packed(fake.clone())], 0)); // [2·packs, 1]
        let mut loss = discriminator_loss(
            self.config.loss,
            both.clone().narrow(0, 0, packs),
            both.narrow(0, packs, packs),
            self.config.label_smoothing,
            self.config.discriminator_loss_mean,
        );
        if let GanLoss::WassersteinGp { penalty } = self.config.loss {
            // The critic's slope at random points between real and fake samples.
            let mix = self.noise_source.draw([batch, 1], Distribution::Uniform(0.0, 1.0), &self.device);
            let between = real.mul(mix.clone()) + fake.mul(mix.neg().add_scalar(1.0)); // [batch, width]
            let slope = input_slope(&self.discriminator, self.packed(between)); // [packs, 1]
            loss = loss + gradient_penalty(slope, penalty);
        }
        self.last_discriminator_loss = Some(loss.clone().detach());
        let grads = GradientsParams::from_grads(loss.backward(), &self.discriminator);
        let discriminator = std::mem::replace(&mut self.discriminator, Mlp::placeholder());
        self.discriminator = self.discriminator_optimizer.step(self.config.discriminator_optimizer.learning_rate(), discriminator, grads);
    }

    /// One G-step with fresh noise, then the optimiser on G only; returns its fakes, detached,
    /// for a D-step on the same samples (seed 001).
    fn generator_step(&mut self) -> Tensor<2> {
        let z = self.noise(self.config.batch_size);
        let fake = self.generator.forward(z); // [batch, width]
        // D is held fixed: the gradient flows through it to G, but D's own weights get none
        // (the seeds compute them and throw them away; the values G gets are the same).
        let fixed_discriminator = self.discriminator.clone().no_grad();
        let loss = generator_loss(self.config.loss, fixed_discriminator.forward(self.packed(fake.clone())));
        self.last_generator_loss = Some(loss.clone().detach());
        let grads = GradientsParams::from_grads(loss.backward(), &self.generator);
        let generator = std::mem::replace(&mut self.generator, Mlp::placeholder());
        self.generator = self.generator_optimizer.step(self.config.generator_optimizer.learning_rate(), generator, grads);
        fake.detach()
    }

    fn noise(&mut self, n: usize) -> Tensor<2> {
        let shape = [n, self.config.generator.d_input];
        self.noise_source.draw(shape, distribution(self.config.noise), &self.device)
    }

    /// From now on the training noise is drawn on the host (see `crate::agreement`): the same
    /// numbers on every backend.
    pub fn draw_noise_on_host(&mut self) {
        self.noise_source = NoiseSource::Host(Box::new(streams::rng(resumed_seed(self.seed, self.step), streams::HOST_NOISE)));
    }

    fn real_batch(&mut self, n: usize) -> Tensor<2> {
        let values = self.real.sample(n, &mut self.data_rng);
        let width = self.config.sample_width();
        Tensor::from_data(TensorData::new(values, [n, width]), &self.device)
    }

    /// G at `z` (`[n, latent]` → `[n, width]`), off the autodiff graph.
    pub fn generate(&self, z: Tensor<2>) -> Tensor<2> {
        self.generator.forward(z).detach()
    }

    /// `n` fresh samples from the generator (for `get-samples`), the noise from `rng`: a stream
    /// of its own, so the run stays the same whether or not samples are asked for.
    pub async fn sample(&self, n: usize, rng: &mut StdRng) -> Result<Vec<f32>, TrainError> {
        let shape = [n, self.config.generator.d_input];
        let z = TensorData::random::<f32, _, _>(shape, distribution(self.config.noise), rng);
        read_back(self.generate(Tensor::from_data(z, &self.device))).await
    }

    /// `points` (`[n, width]`) each as a pack of `pack` copies of itself: what D judges of one point.
    fn packs_of_copies(&self, points: Tensor<2>) -> Tensor<2> {
        let pack = self.config.pack;
        if pack == 1 { points.detach() } else { Tensor::cat(vec![points.detach(); pack], 1) } // [n, width·pack]
    }

    /// D's raw output (logit or score) for each of `points` (`[n, width]`) judged as a pack of
    /// `pack` copies of itself, `[n, 1]`. Off the autodiff graph.
    pub fn verdict(&self, points: Tensor<2>) -> Tensor<2> {
        self.discriminator.clone().no_grad().forward(self.packs_of_copies(points)).detach()
    }

    /// D's raw output (logit or score) for each of `points` (`[n, width]`) judged as a pack of
    /// `pack` copies of itself, and where G's loss pushes a fake sample there: −∂ℓ/∂x for the
    /// per-sample loss ℓ of the G-step, `[n, width]`, by forward-mode differentiation through D
    /// (`crate::models::gan1d::Mlp::forward_with_directional_derivative`). Off the autodiff graph.
    pub fn verdict_and_push(&self, points: Tensor<2>) -> (Tensor<2>, Tensor<2>) {
        let discriminator = self.discriminator.clone().no_grad();
        let [_, width] = points.dims();
        let pack = self.config.pack;
        let packed = self.packs_of_copies(points); // [n, width·pack]
        let mut raw = None;
        let mut slopes = Vec::with_capacity(width);
        for k in 0..width {
            // Moving coordinate k of the sample moves it in every copy of the pack.
            let direction: Vec<f32> = (0..width * pack).map(|j| if j % width == k { 1.0 } else { 0.0 }).collect();
            let direction = Tensor::<1>::from_floats(direction.as_slice(), &self.device).reshape([1, width * pack]);
            let (out, slope) = discriminator.forward_with_directional_derivative(packed.clone(), direction);
            let n = out.dims()[0];
            slopes.push(slope.expand([n, 1]));
            raw = Some(out);
        }
        let raw = raw.expect("a sample has at least one coordinate").detach(); // [n, 1]
        let slope = Tensor::cat(slopes, 1); // [n, width]: ∂D/∂x
        let push = slope.mul(loss_derivative(self.config.loss, raw.clone())).neg(); // [n, width]
        (raw, push.detach())
    }
}

/// dℓ/dD for G's per-sample loss ℓ at D's raw output `raw` (`[n, 1]`): −σ(−l) for the
/// non-saturating loss −log σ(l), −σ(l) for the minimax log(1 − σ(l)), l − 1 for least squares'
/// ½(l − 1)², −1 for the critic's −l.
fn loss_derivative(loss: GanLoss, raw: Tensor<2>) -> Tensor<2> {
    use burn::tensor::activation::sigmoid;
    match loss {
        GanLoss::NonSaturating => sigmoid(raw.neg()).neg(),
        GanLoss::Minimax => sigmoid(raw).neg(),
        GanLoss::LeastSquares => raw.sub_scalar(1.0),
        GanLoss::WassersteinGp { .. } => raw.ones_like().neg(),
    }
}

/// |∂D/∂x| at each row of `input` (`[n, width]`), differentiable in D's weights (WGAN-GP's
/// penalty trains on it): one forward-mode pass per input coordinate; a scalar input's signed
/// slope as it is.
fn input_slope(discriminator: &Mlp, input: Tensor<2>) -> Tensor<2> {
    let [_, width] = input.dims();
    if width == 1 {
        return discriminator.forward_with_input_derivative(input).1;
    }
    let device = input.device();
    let squares = (0..width).map(|k| {
        let direction: Vec<f32> = (0..width).map(|j| if j == k { 1.0 } else { 0.0 }).collect();
        let direction = Tensor::<1>::from_floats(direction.as_slice(), &device).reshape([1, width]);
        discriminator.forward_with_directional_derivative(input.clone(), direction).1.powi_scalar(2)
    });
    // ε keeps the square root's gradient finite where D is flat.
    squares.reduce(|a, b| a + b).expect("width ≥ 1").add_scalar(1e-12).sqrt()
}

/// The distribution of the generator's noise.
pub fn distribution(noise: NoiseConfig) -> Distribution {
    match noise {
        NoiseConfig::Uniform { low, high } => Distribution::Uniform(low, high),
        NoiseConfig::Normal { mean, std } => Distribution::Normal(mean, std),
    }
}

/// A batch of generator noise, `[n, latent]`, from the device's generator.
pub fn noise(noise: NoiseConfig, n: usize, latent: usize, device: &Device) -> Tensor<2> {
    Tensor::random([n, latent], distribution(noise), device)
}
