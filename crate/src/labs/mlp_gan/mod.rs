//! The GAN step of the labs whose networks are small MLPs on points (the 1D and the 2D lab):
//! k D-steps on detached fakes, then one G-step (or, as seed 001, a G-step and then a D-step
//! on the same fakes), with the losses kept on the device until a snapshot reads them. Each lab
//! wraps an [`MlpGan`] with what it trains on ([`RealSource`]) and what its views draw.

use std::future::Future;
use std::sync::Arc;

use burn::module::Param;
use burn::prelude::*;
use burn::tensor::Distribution;
use rand::RngExt;
use rand::rngs::StdRng;

use crate::backend::read_back;
use crate::ema::WeightAverage;
use crate::error::{Network, TrainError};
use crate::export::{ExportSource, ExportedGan, PytorchExport};
use crate::gan::{Copyable, GanRun, PendingReadOuts, read_on_cpu};
use crate::labs::{Lab, LabFuture, LabSettings, Samples, Snapshot};
use crate::loss::{discriminator_loss, generator_loss, gradient_penalty};
use crate::models::mlp::Mlp;
use crate::streams;

pub mod config;
pub mod pytorch;
pub mod settings;

use config::{GanLoss, MlpGanConfig, NoiseConfig, StepOrder};

/// The real data of a lab: samples drawn on the host, from the run's data stream, so every
/// backend sees the same batches.
pub trait RealSource {
    /// `n` samples, one after another (`n × width` values).
    fn sample(&self, n: usize, rng: &mut StdRng) -> Vec<f32>;
}

/// D's and G's loss: the read-outs an MLP GAN run keeps per iteration.
const LOSSES: usize = 2;
const DISCRIMINATOR_LOSS: usize = 0;
const GENERATOR_LOSS: usize = 1;

/// How D's raw outputs become the 0–1 verdict the views draw (the 1D curve, the 2D heat map).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurveScale {
    /// Logits: σ(l), the probability of "real".
    Logit,
    /// Least-squares scores (targets 0 and 1): clamped to [0, 1].
    Clamp,
    /// A Wasserstein critic's scores: only their shape matters, rescaled to [0, 1] over the axis.
    Normalize,
}

impl CurveScale {
    /// The scale of D's outputs under `loss`.
    pub fn of(loss: GanLoss) -> Self {
        match loss {
            GanLoss::Minimax | GanLoss::NonSaturating => CurveScale::Logit,
            GanLoss::LeastSquares => CurveScale::Clamp,
            GanLoss::WassersteinGp { .. } => CurveScale::Normalize,
        }
    }

    pub(crate) fn apply(self, raw: &[f32]) -> Vec<f32> {
        match self {
            CurveScale::Logit => raw.iter().map(|&l| 1.0 / (1.0 + (-l).exp())).collect(),
            CurveScale::Clamp => raw.iter().map(|&s| s.clamp(0.0, 1.0)).collect(),
            CurveScale::Normalize => {
                let (lo, hi) = raw.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &s| (lo.min(s), hi.max(s)));
                let span = (hi - lo).max(1e-12);
                raw.iter().map(|&s| (s - lo) / span).collect()
            }
        }
    }
}

/// A standard normal draw (Box–Muller; one of the pair is discarded to keep draws independent
/// of how many are asked for).
pub(crate) fn standard_normal(rng: &mut StdRng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>(); // (0, 1]
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// An MLP GAN being trained on one device (CPU or WebGPU, always with autodiff): the GAN run
/// ([`GanRun`]) with the MLP labs' step and real data.
pub struct MlpGan {
    config: MlpGanConfig,
    run: GanRun<Mlp, Mlp>,
    real: Arc<dyn RealSource>,
    /// The lab's stream constant for real samples (`crate::streams`).
    data_stream: u64,
    /// Real samples are drawn on the host, from the seed, so both backends see the same data.
    data_rng: StdRng,
    /// The average of G's weights that draws what the lab shows of G, where the config asks for one.
    average: Option<WeightAverage>,
}

impl MlpGan {
    /// Fresh networks and optimisers (the same seed on the same backend gives the same initial
    /// weights). `device` must have autodiff.
    pub fn new(config: MlpGanConfig, real: Arc<dyn RealSource>, data_stream: u64, device: Device, seed: u64) -> Result<Self, TrainError> {
        config.validate()?;
        let optimizers = [config.generator_optimizer, config.discriminator_optimizer];
        let run =
            GanRun::new(device, seed, optimizers, LOSSES, |device| (config.generator.init(device), config.discriminator.init(device)));
        let average = (config.generator_average > 0.0).then(|| WeightAverage::new(run.generator(), config.generator_average));
        Ok(MlpGan { run, real, data_stream, data_rng: streams::rng(seed, data_stream), config, average })
    }

    /// Completed iterations.
    pub fn step(&self) -> u64 {
        self.run.step()
    }

    /// The configuration of the run.
    pub fn config(&self) -> &MlpGanConfig {
        &self.config
    }

    /// The device the run trains on.
    pub fn device(&self) -> &Device {
        self.run.device()
    }

    /// The generator now.
    pub fn generator(&self) -> &Mlp {
        self.run.generator()
    }

    /// The discriminator now.
    pub fn discriminator(&self) -> &Mlp {
        self.run.discriminator()
    }

    /// The run's state now: both networks, their optimisers' state where `with_optimizers`
    /// (every backend: see [`crate::checkpoint`]) and the step.
    pub async fn checkpoint(&self, with_optimizers: bool) -> Result<Vec<u8>, TrainError> {
        let average = self.average.as_ref().map(|_| self.view_generator());
        self.run.checkpoint(with_optimizers, average.as_ref()).await
    }

    /// Continues from a checkpoint of a run with these settings ([`GanRun::restore`]); the seed
    /// the streams restart from is returned (for the lab's own streams).
    pub fn restore(&mut self, bytes: &[u8]) -> Result<u64, TrainError> {
        let decay = self.config.generator_average;
        let (average, seed) =
            self.run.restore(bytes, |checkpoint, generator| WeightAverage::restored(decay, checkpoint, generator.valid()))?;
        self.average = average;
        self.data_rng = streams::rng(seed, self.data_stream);
        Ok(seed)
    }

    /// "Export for PyTorch": both networks (and real samples of the target, for the script to
    /// train on) as safetensors, and the script; read from a CPU copy on WebGPU ([`read_on_cpu`]).
    pub async fn export_pytorch(&self, source: &ExportSource) -> Result<PytorchExport, TrainError> {
        read_on_cpu(self, |gan| gan.export_pytorch_now(source)).await
    }

    fn export_pytorch_now(&self, source: &ExportSource) -> Result<PytorchExport, TrainError> {
        /// Real samples in the export: enough that resampling them is as good as the target.
        const REAL_SAMPLES: usize = 65_536;
        let width = self.config.sample_width();
        let values = self.real.sample(REAL_SAMPLES, &mut streams::rng(self.run.seed(), streams::EXPORT));
        let real = Tensor::<2>::from_data(TensorData::new(values, [REAL_SAMPLES, width]), &Device::flex());
        let gan = ExportedGan {
            generator: self.generator().clone(),
            discriminator: self.discriminator().clone(),
            // run.py trains G itself and draws from it: the views' average stays in the page.
            generator_average: None,
            real_samples: Some(Param::from_tensor(real)),
        };
        Ok(PytorchExport { script: pytorch::script(&self.config, self.step(), source), weights: gan.to_safetensors(self.step(), source)? })
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
        let fake = Tensor::from_inner(self.generator().valid().forward(z.inner())); // [batch, width]
        self.discriminator_step_on(fake);
    }

    /// One G-step on its own (a UI "G step"): counts as an iteration.
    pub fn generator_only_step(&mut self) {
        self.generator_step();
        self.record_iteration();
    }

    fn record_iteration(&mut self) {
        self.run.end_iteration();
    }

    /// The losses a snapshot reads, `[D, G]` (the history is handed over: the next snapshot
    /// starts after it).
    pub fn take_losses(&mut self) -> PendingReadOuts {
        self.run.take_read_outs()
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
        let both = self.discriminator().forward(Tensor::cat(vec![self.packed(real.clone()), self.packed(fake.clone())], 0)); // [2·packs, 1]
        let mut loss = discriminator_loss(
            self.config.loss,
            both.clone().narrow(0, 0, packs),
            both.narrow(0, packs, packs),
            self.config.label_smoothing,
            self.config.discriminator_loss_mean,
        );
        if let GanLoss::WassersteinGp { penalty } = self.config.loss {
            // The critic's slope at random points between real and fake samples.
            let mix = self.run.noise([batch, 1], Distribution::Uniform(0.0, 1.0));
            let between = real.mul(mix.clone()) + fake.mul(mix.neg().add_scalar(1.0)); // [batch, width]
            let slope = input_slope(self.discriminator(), self.packed(between)); // [packs, 1]
            loss = loss + gradient_penalty(slope, penalty);
        }
        self.run.measure(DISCRIMINATOR_LOSS, loss.clone());
        self.run.update_discriminator(loss);
    }

    /// One G-step with fresh noise, then the optimiser on G only; returns its fakes, detached,
    /// for a D-step on the same samples (seed 001).
    fn generator_step(&mut self) -> Tensor<2> {
        let z = self.noise(self.config.batch_size);
        let fake = self.generator().forward(z); // [batch, width]
        // D is held fixed: the gradient flows through it to G, but D's own weights get none
        // (the seeds compute them and throw them away; the values G gets are the same).
        let fixed_discriminator = self.discriminator().clone().no_grad();
        let loss = generator_loss(self.config.loss, fixed_discriminator.forward(self.packed(fake.clone())));
        self.run.measure(GENERATOR_LOSS, loss.clone());
        self.run.update_generator(loss);
        if let Some(average) = &mut self.average {
            average.update(self.run.generator());
        }
        fake.detach()
    }

    fn noise(&mut self, n: usize) -> Tensor<2> {
        let shape = [n, self.config.generator.d_input];
        self.run.noise(shape, distribution(self.config.noise))
    }

    /// From now on the training noise is drawn on the host (see `crate::agreement`): the same
    /// numbers on every backend.
    pub fn draw_noise_on_host(&mut self) {
        self.run.draw_noise_on_host();
    }

    fn real_batch(&mut self, n: usize) -> Tensor<2> {
        let values = self.real.sample(n, &mut self.data_rng);
        let width = self.config.sample_width();
        Tensor::from_data(TensorData::new(values, [n, width]), self.device())
    }

    /// What the lab shows of G at `z` (`[n, latent]` → `[n, width]`), off the autodiff graph:
    /// G with the average of its weights where the config keeps one.
    pub fn generate(&self, z: Tensor<2>) -> Tensor<2> {
        Tensor::from_inner(self.view_generator().forward(z.inner()))
    }

    /// The generator that draws what the lab shows: a copy of G off the autodiff graph, with
    /// the average of its weights where the config keeps one.
    fn view_generator(&self) -> Mlp {
        let generator = self.generator().valid();
        match &self.average {
            Some(average) => average.apply(generator),
            None => generator,
        }
    }

    /// `n` fresh samples from the generator (for `get-samples`), the noise from `rng`: a stream
    /// of its own, so the run stays the same whether or not samples are asked for.
    pub async fn sample(&self, n: usize, rng: &mut StdRng) -> Result<Vec<f32>, TrainError> {
        let shape = [n, self.config.generator.d_input];
        let z = TensorData::random::<f32, _, _>(shape, distribution(self.config.noise), rng);
        read_back(self.generate(Tensor::from_data(z, self.device()))).await
    }

    /// `points` (`[n, width]`) each as a pack of `pack` copies of itself: what D judges of one point.
    fn packs_of_copies(&self, points: Tensor<2>) -> Tensor<2> {
        let pack = self.config.pack;
        if pack == 1 { points.detach() } else { Tensor::cat(vec![points.detach(); pack], 1) } // [n, width·pack]
    }

    /// D's raw output (logit or score) for each of `points` (`[n, width]`) judged as a pack of
    /// `pack` copies of itself, `[n, 1]`. Off the autodiff graph.
    pub fn verdict(&self, points: Tensor<2>) -> Tensor<2> {
        self.discriminator().clone().no_grad().forward(self.packs_of_copies(points)).detach()
    }

    /// D's raw output (logit or score) for each of `points` (`[n, width]`) judged as a pack of
    /// `pack` copies of itself, and where G's loss pushes a fake sample there: −∂ℓ/∂x for the
    /// per-sample loss ℓ of the G-step, `[n, width]`, by forward-mode differentiation through D
    /// (`crate::models::mlp::Mlp::forward_with_directional_derivative`). Off the autodiff graph.
    pub fn verdict_and_push(&self, points: Tensor<2>) -> (Tensor<2>, Tensor<2>) {
        let discriminator = self.discriminator().clone().no_grad();
        let [_, width] = points.dims();
        let pack = self.config.pack;
        let packed = self.packs_of_copies(points); // [n, width·pack]
        let mut raw = None;
        let mut slopes = Vec::with_capacity(width);
        for k in 0..width {
            // Moving coordinate k of the sample moves it in every copy of the pack.
            let direction: Vec<f32> = (0..width * pack).map(|j| if j % width == k { 1.0 } else { 0.0 }).collect();
            let direction = Tensor::<1>::from_floats(direction.as_slice(), self.device()).reshape([1, width * pack]);
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

/// A lab whose run is the shared MLP GAN step (the 1D and the 2D lab): it supplies its views,
/// and is a [`Lab`] through the one implementation below.
pub trait MlpLab {
    /// The GAN step.
    fn gan(&self) -> &MlpGan;
    /// The GAN step, to train.
    fn gan_mut(&mut self) -> &mut MlpGan;
    /// Reads back what the lab's views draw ([`Lab::snapshot`]).
    fn views(&mut self) -> LabFuture<'_, Snapshot>;
    /// `n` fresh samples of the generator ([`Lab::sample`]).
    fn samples(&mut self, n: u32) -> LabFuture<'_, Samples>;
    /// Whether `settings` are this lab's (a view of another lab is refused).
    fn owns(settings: &LabSettings) -> bool;
}

impl<T: MlpLab> Lab for T {
    fn step(&self) -> u64 {
        self.gan().step()
    }

    fn train(&mut self, iterations: u32) {
        self.gan_mut().train(iterations);
    }

    fn train_network(&mut self, network: Network, steps: u32) {
        for _ in 0..steps {
            match network {
                Network::Discriminator => self.gan_mut().discriminator_step(),
                Network::Generator => self.gan_mut().generator_only_step(),
            }
        }
    }

    fn snapshot(&mut self, _judged: bool) -> LabFuture<'_, Snapshot> {
        self.views()
    }

    fn sample(&mut self, n: u32) -> LabFuture<'_, Samples> {
        self.samples(n)
    }

    fn checkpoint(&self, with_optimizers: bool) -> LabFuture<'_, Vec<u8>> {
        Box::pin(self.gan().checkpoint(with_optimizers))
    }

    fn restore(&mut self, bytes: &[u8]) -> Result<(), TrainError> {
        self.gan_mut().restore(bytes).map(drop)
    }

    fn draw_noise_on_host(&mut self) {
        self.gan_mut().draw_noise_on_host();
    }

    fn export_pytorch<'a>(&'a self, source: &'a ExportSource) -> LabFuture<'a, PytorchExport> {
        Box::pin(self.gan().export_pytorch(source))
    }

    fn set_view(&mut self, settings: &LabSettings) -> Result<(), TrainError> {
        if Self::owns(settings) { Ok(()) } else { Err(TrainError::Settings("a view of another lab".into())) }
    }
}

impl Copyable for MlpGan {
    fn device(&self) -> &Device {
        self.run.device()
    }

    fn checkpoint_bytes(&self) -> impl Future<Output = Result<Vec<u8>, TrainError>> {
        self.checkpoint(false)
    }

    fn fresh_on(&self, device: Device) -> Result<Self, TrainError> {
        MlpGan::new(self.config.clone(), self.real.clone(), self.data_stream, device, self.run.seed())
    }

    fn restore_bytes(&mut self, bytes: &[u8]) -> Result<(), TrainError> {
        self.restore(bytes).map(drop)
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
