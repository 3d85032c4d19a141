//! The one GAN run every lab trains: [`GanRun`] owns the two networks, one optimiser per
//! network, the step count, the read-outs (losses, D's verdicts) kept on the device until a
//! snapshot reads them, the training noise, the seed the streams restart from, and
//! checkpoint/restore. A lab supplies what it trains on, its step (which losses, on which
//! batches) and what its views draw; [`read_on_cpu`] gives an export the CPU copy burn-store
//! can read.

use std::future::Future;

use burn::module::Module;
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::prelude::*;
use burn::tensor::Distribution;

use crate::backend::read_back;
use crate::checkpoint::{Checkpoint, capture, load_networks, resumed_seed};
use crate::error::TrainError;
use crate::optim::OptimizerConfig;
use crate::streams::{self, NoiseSource};

/// A network a [`GanRun`] trains: a burn module with an empty stand-in, left in place while
/// the optimiser owns the real one for a step.
pub trait GanModule: Module + Clone {
    /// A network with no layers.
    fn placeholder() -> Self;
}

/// A GAN being trained on one device (CPU or WebGPU, always with autodiff).
pub struct GanRun<G, D> {
    device: Device,
    generator: G,
    discriminator: D,
    /// G's and D's optimiser, as configured (a restore starts from fresh ones).
    optimizers: [OptimizerConfig; 2],
    generator_optimizer: ModuleOptimizer,
    discriminator_optimizer: ModuleOptimizer,
    /// Completed iterations.
    step: u64,
    /// Each read-out's latest value (`[1]`, on the device), `None` before it is first measured.
    latest: Vec<Option<Tensor<1>>>,
    /// Each read-out's value at every iteration since the last snapshot, on the device.
    history: Vec<Vec<Tensor<1>>>,
    /// The run's seed: a restored run restarts its random streams from it and the step.
    seed: u64,
    /// Where the training noise comes from (the device's generator but in `crate::agreement`).
    noise_source: NoiseSource,
}

/// The read-outs a snapshot reads, still on the device: each one's latest value (NaN before it
/// is first measured) and its value at each iteration since the previous snapshot.
pub struct PendingReadOuts {
    latest: Vec<Tensor<1>>,
    history: Vec<Vec<Tensor<1>>>,
}

impl PendingReadOuts {
    /// The number of iterations in the history.
    pub fn len(&self) -> usize {
        self.history.first().map_or(0, Vec::len)
    }

    /// Whether no iteration ran since the previous snapshot.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `[latest of each…, history of the first…, history of the second…, …]`, to pack into a
    /// snapshot's one read-back; [`ReadOuts::split`] reads it.
    pub fn into_parts(self) -> Vec<Tensor<1>> {
        let mut parts = self.latest;
        parts.extend(self.history.into_iter().flatten());
        parts
    }
}

/// The read-outs of [`PendingReadOuts::into_parts`], read back.
pub struct ReadOuts<'a> {
    latest: &'a [f32],
    history: &'a [f32],
    /// Iterations in the history.
    len: usize,
}

impl<'a> ReadOuts<'a> {
    /// The `count` read-outs over `len` iterations at the start of `values`, and what follows them.
    pub fn split(values: &'a [f32], count: usize, len: usize) -> (Self, &'a [f32]) {
        let (latest, rest) = values.split_at(count.min(values.len()));
        let (history, rest) = rest.split_at((count * len).min(rest.len()));
        (ReadOuts { latest, history, len }, rest)
    }

    /// The number of values [`ReadOuts::split`] takes.
    pub fn size(count: usize, len: usize) -> usize {
        count * (1 + len)
    }

    /// Read-out `i`'s latest value (NaN before it is first measured).
    pub fn latest(&self, i: usize) -> f32 {
        self.latest[i]
    }

    /// Read-out `i` at each iteration since the previous snapshot.
    pub fn history(&self, i: usize) -> &'a [f32] {
        &self.history[i * self.len..(i + 1) * self.len]
    }
}

impl<G: GanModule, D: GanModule> GanRun<G, D> {
    /// Fresh networks (`networks`, called after the device's generator is seeded with `seed`: the
    /// same seed on the same backend gives the same initial weights) and optimisers, `[G, D]`.
    /// The run keeps `read_outs` values per iteration. `device` must have autodiff.
    pub fn new(
        device: Device,
        seed: u64,
        optimizers: [OptimizerConfig; 2],
        read_outs: usize,
        networks: impl FnOnce(&Device) -> (G, D),
    ) -> Self {
        device.seed(seed);
        let (generator, discriminator) = networks(&device);
        GanRun {
            generator_optimizer: optimizers[0].init(),
            discriminator_optimizer: optimizers[1].init(),
            optimizers,
            generator,
            discriminator,
            device,
            step: 0,
            latest: vec![None; read_outs],
            history: vec![Vec::new(); read_outs],
            seed,
            noise_source: NoiseSource::Device,
        }
    }

    /// Completed iterations.
    pub fn step(&self) -> u64 {
        self.step
    }

    /// The run's seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The device the run trains on.
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// The generator now.
    pub fn generator(&self) -> &G {
        &self.generator
    }

    /// The discriminator now.
    pub fn discriminator(&self) -> &D {
        &self.discriminator
    }

    /// Replaces G's weights (an imported generator); its optimiser's state stays.
    pub fn set_generator(&mut self, generator: G) {
        self.generator = generator;
    }

    /// Training noise of `shape` from `distribution`, on the run's device.
    pub fn noise<const N: usize>(&mut self, shape: [usize; N], distribution: Distribution) -> Tensor<N> {
        self.noise_source.draw(shape, distribution, &self.device)
    }

    /// From now on the training noise is drawn on the host (see `crate::agreement`): the same
    /// numbers on every backend.
    pub fn draw_noise_on_host(&mut self) {
        self.noise_source = NoiseSource::Host(Box::new(streams::rng(resumed_seed(self.seed, self.step), streams::HOST_NOISE)));
    }

    /// One optimiser step of D on `loss` (which the caller built so that only D's gradient matters).
    pub fn update_discriminator(&mut self, loss: Tensor<1>) {
        let grads = GradientsParams::from_grads(loss.backward(), &self.discriminator);
        let discriminator = std::mem::replace(&mut self.discriminator, D::placeholder());
        self.discriminator = self.discriminator_optimizer.step(self.optimizers[1].learning_rate(), discriminator, grads);
    }

    /// One optimiser step of G on `loss` (D held fixed by the caller: `no_grad`).
    pub fn update_generator(&mut self, loss: Tensor<1>) {
        let grads = GradientsParams::from_grads(loss.backward(), &self.generator);
        let generator = std::mem::replace(&mut self.generator, G::placeholder());
        self.generator = self.generator_optimizer.step(self.optimizers[0].learning_rate(), generator, grads);
    }

    /// Read-out `i` measured now (`[1]`; detached here).
    pub fn measure(&mut self, i: usize, value: Tensor<1>) {
        self.latest[i] = Some(value.detach());
    }

    /// Ends an iteration: the step advances and each read-out's latest value joins the history.
    pub fn end_iteration(&mut self) {
        self.step += 1;
        let latest = self.latest_read_outs();
        for (history, value) in self.history.iter_mut().zip(latest) {
            history.push(value);
        }
    }

    /// Each read-out's latest value, NaN where none was measured yet.
    fn latest_read_outs(&self) -> Vec<Tensor<1>> {
        let nan = || Tensor::<1>::full([1], f32::NAN, &self.device);
        self.latest.iter().map(|value| value.clone().unwrap_or_else(nan)).collect()
    }

    /// The read-outs a snapshot reads (the history is handed over: the next snapshot starts after it).
    pub fn take_read_outs(&mut self) -> PendingReadOuts {
        let latest = self.latest_read_outs();
        let history = self.history.iter_mut().map(std::mem::take).collect();
        PendingReadOuts { latest, history }
    }

    /// The run's state now: both networks, their optimisers' state where `with_optimizers`
    /// (every backend: see [`crate::checkpoint`]), the step, the latest read-outs, and G with
    /// the average of its weights where the lab keeps one.
    pub async fn checkpoint(&self, with_optimizers: bool, average: Option<&G>) -> Result<Vec<u8>, TrainError> {
        let latest = match self.latest.iter().any(Option::is_some) {
            true => read_back(Tensor::cat(self.latest_read_outs(), 0)).await?,
            false => Vec::new(),
        };
        let networks = (&self.generator, &self.discriminator);
        let optimizers = [&self.generator_optimizer, &self.discriminator_optimizer];
        capture(self.step, networks, optimizers, with_optimizers, latest, average).await
    }

    /// Continues from a checkpoint of a run with these settings: its weights, optimiser state,
    /// step and read-outs. `also` reads what the lab keeps beyond them (from the checkpoint and
    /// the restored G) before anything changes. The device's generator and the training noise
    /// restart from (seed, step), so a resumed run is the same every time it is resumed from the
    /// same checkpoint; the seed they restart from is returned (for the lab's own streams). A
    /// checkpoint that does not fit is refused and the run stays as it was.
    pub fn restore<T>(
        &mut self,
        bytes: &[u8],
        also: impl FnOnce(&Checkpoint, &G) -> Result<T, TrainError>,
    ) -> Result<(T, u64), TrainError> {
        let checkpoint = Checkpoint::from_bytes(bytes)?;
        let fresh = self.optimizers.map(OptimizerConfig::init);
        let ((generator, discriminator), [generator_optimizer, discriminator_optimizer]) =
            load_networks(&checkpoint, (self.generator.clone(), self.discriminator.clone()), fresh, &self.device)?;
        let extra = also(&checkpoint, &generator)?;
        (self.generator, self.discriminator) = (generator, discriminator);
        (self.generator_optimizer, self.discriminator_optimizer) = (generator_optimizer, discriminator_optimizer);
        self.step = checkpoint.step;
        let restored = checkpoint.latest.len() == self.latest.len();
        for (i, latest) in self.latest.iter_mut().enumerate() {
            *latest = restored.then(|| Tensor::<1>::from_floats([checkpoint.latest[i]], &self.device));
        }
        self.history.iter_mut().for_each(Vec::clear);
        let seed = resumed_seed(self.seed, self.step);
        self.device.seed(seed);
        self.noise_source.reseed(seed);
        Ok((extra, seed))
    }
}

/// A lab's run that can be copied onto another device through its checkpoint.
pub trait Copyable: Sized {
    /// The device the run trains on.
    fn device(&self) -> &Device;
    /// The run's state as checkpoint bytes.
    fn checkpoint_bytes(&self) -> impl Future<Output = Result<Vec<u8>, TrainError>>;
    /// A fresh run of the same settings and seed on `device`.
    fn fresh_on(&self, device: Device) -> Result<Self, TrainError>;
    /// Continues from checkpoint bytes of a run of the same settings.
    fn restore_bytes(&mut self, bytes: &[u8]) -> Result<(), TrainError>;
}

/// `read` of `run` where burn-store can read its weights synchronously: the run itself on the
/// CPU backend; on WebGPU a CPU copy restored from a checkpoint (the run is not changed).
pub async fn read_on_cpu<T: Copyable, R>(run: &T, read: impl FnOnce(&T) -> Result<R, TrainError>) -> Result<R, TrainError> {
    if crate::export::on_cpu(run.device()) {
        return read(run);
    }
    let checkpoint = run.checkpoint_bytes().await?;
    let mut copy = run.fresh_on(Device::flex().autodiff())?;
    copy.restore_bytes(&checkpoint)?;
    read(&copy)
}
