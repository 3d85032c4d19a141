//! Checkpoints: a run's networks, optimiser state and step as bytes, so that a demo reloaded
//! in a slide deck continues where it was (the page files them in IndexedDB).
//!
//! Everything is written in burn's own record formats (burnpack: the networks as
//! [`ModuleRecord::from_bytes`] reads them, the optimisers as `ModuleOptimizer::from_bytes`
//! does), but from tensors read back *asynchronously*: burn's `Module::into_record` and
//! `ModuleOptimizer::into_bytes` read synchronously, which WebGPU in a browser cannot do. The
//! optimisers' asynchronous path, `into_bytes_async`, is our patch of burn-optim
//! (crate/vendor/README.md), so a run resumed on WebGPU keeps its Adam moments as on the CPU.

use burn::module::{Module, ModuleVisitor, Param};
use burn::optim::ModuleOptimizer;
use burn::prelude::*;
use burn::store::ModuleRecord;
use burn::tensor::Bytes;

use crate::error::TrainError;

/// The first bytes of every checkpoint, with the layout's version: 02 adds the average of G's
/// weights; 01 (five parts) is still read, as a checkpoint without one.
const MAGIC: &[u8; 8] = b"GANPCK02";
const MAGIC_01: &[u8; 8] = b"GANPCK01";

/// A run's state, as the trainers write and read it.
pub struct Checkpoint {
    /// Completed iterations.
    pub step: u64,
    /// G's parameters (burnpack).
    pub generator: Vec<u8>,
    /// D's parameters (burnpack).
    pub discriminator: Vec<u8>,
    /// G's optimiser state (burnpack); empty in a checkpoint written without it.
    pub generator_optimizer: Vec<u8>,
    /// D's optimiser state (burnpack); empty in a checkpoint written without it.
    pub discriminator_optimizer: Vec<u8>,
    /// The latest iteration's read-outs (losses, …), so a resumed run shows them at once.
    pub latest: Vec<f32>,
    /// G with the average of its weights that draws the views (burnpack); empty where the run
    /// keeps none (see `labs::digits::ema`).
    pub average: Vec<u8>,
}

impl Checkpoint {
    /// `MAGIC`, the step (u64 LE), then six parts, each as its length (u64 LE) and bytes
    /// (the read-outs as f32 LE).
    pub fn to_bytes(&self) -> Vec<u8> {
        let latest: Vec<u8> = self.latest.iter().flat_map(|v| v.to_le_bytes()).collect();
        let parts =
            [&self.generator, &self.discriminator, &self.generator_optimizer, &self.discriminator_optimizer, &latest, &self.average];
        let mut bytes = Vec::with_capacity(16 + parts.iter().map(|p| p.len() + 8).sum::<usize>());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&self.step.to_le_bytes());
        for part in parts {
            bytes.extend_from_slice(&(part.len() as u64).to_le_bytes());
            bytes.extend_from_slice(part);
        }
        bytes
    }

    /// Reads what [`Checkpoint::to_bytes`] wrote; anything else is refused with a message.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, TrainError> {
        let bad = || TrainError::Data("this checkpoint is damaged or from another version".into());
        let (mut rest, count) = match (bytes.strip_prefix(MAGIC.as_slice()), bytes.strip_prefix(MAGIC_01.as_slice())) {
            (Some(rest), _) => (rest, 6),
            (None, Some(rest)) => (rest, 5),
            (None, None) => return Err(bad()),
        };
        let take_u64 = |rest: &mut &[u8]| -> Result<u64, TrainError> {
            let (head, tail) = rest.split_first_chunk::<8>().ok_or_else(bad)?;
            *rest = tail;
            Ok(u64::from_le_bytes(*head))
        };
        let step = take_u64(&mut rest)?;
        let mut parts = Vec::with_capacity(6);
        for _ in 0..count {
            let len = usize::try_from(take_u64(&mut rest)?).map_err(|_| bad())?;
            if rest.len() < len {
                return Err(bad());
            }
            let (part, tail) = rest.split_at(len);
            parts.push(part.to_vec());
            rest = tail;
        }
        if !rest.is_empty() {
            return Err(bad());
        }
        parts.resize(6, Vec::new());
        let [generator, discriminator, generator_optimizer, discriminator_optimizer, latest, average] =
            <[Vec<u8>; 6]>::try_from(parts).map_err(|_| bad())?;
        if latest.len() % 4 != 0 {
            return Err(bad());
        }
        let latest = latest.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        Ok(Checkpoint { step, generator, discriminator, generator_optimizer, discriminator_optimizer, latest, average })
    }
}

/// A trainer's state as checkpoint bytes: `step`, both networks, both optimisers' state where
/// `with_optimizers` (the page always asks for it; the tests show what it is worth), the latest
/// read-outs, and G with its averaged weights where the run keeps an average.
pub async fn capture<G: Module, D: Module>(
    step: u64,
    (generator, discriminator): (&G, &D),
    [generator_optimizer, discriminator_optimizer]: [&ModuleOptimizer; 2],
    with_optimizers: bool,
    latest: Vec<f32>,
    average: Option<&G>,
) -> Result<Vec<u8>, TrainError> {
    let checkpoint = Checkpoint {
        step,
        generator: module_bytes(generator).await?,
        discriminator: module_bytes(discriminator).await?,
        generator_optimizer: optimizer_bytes(generator_optimizer, with_optimizers).await?,
        discriminator_optimizer: optimizer_bytes(discriminator_optimizer, with_optimizers).await?,
        latest,
        average: match average {
            Some(average) => module_bytes(average).await?,
            None => Vec::new(),
        },
    };
    Ok(checkpoint.to_bytes())
}

/// The networks and optimisers of `checkpoint`, loaded into (copies of) the trainer's networks
/// and fresh optimisers, the optimisers' state on `device` (the trainer's): all or nothing, so a
/// checkpoint that does not fit changes nothing.
pub fn load_networks<G: Module, D: Module>(
    checkpoint: &Checkpoint,
    (generator, discriminator): (G, D),
    [generator_optimizer, discriminator_optimizer]: [ModuleOptimizer; 2],
    device: &Device,
) -> Result<((G, D), [ModuleOptimizer; 2]), TrainError> {
    let networks = (load_module(generator, &checkpoint.generator)?, load_module(discriminator, &checkpoint.discriminator)?);
    let optimizers = [
        load_optimizer(generator_optimizer, &checkpoint.generator_optimizer, device)?,
        load_optimizer(discriminator_optimizer, &checkpoint.discriminator_optimizer, device)?,
    ];
    Ok((networks, optimizers))
}

/// The seed a run restored at `step` draws its random numbers from (instead of `seed`).
pub fn resumed_seed(seed: u64, step: u64) -> u64 {
    seed ^ step.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(17)
}

/// A module's parameters as burnpack bytes, read back asynchronously (works on every backend).
pub async fn module_bytes<M: Module>(module: &M) -> Result<Vec<u8>, TrainError> {
    let mut collector = Collector::default();
    module.visit(&mut collector);
    let mut tensors = Vec::with_capacity(collector.tensors.len());
    for (path, id, shape, flat) in collector.tensors {
        let data = flat.into_data_async().await.map_err(|e| TrainError::ReadBack(format!("{e:?}")))?;
        let (bytes, _, dtype) = data.into_parts();
        tensors.push(burn_pack::Tensor::new(path, dtype, shape, Some(id), bytes));
    }
    burn_pack::Writer::new(tensors)
        .into_bytes()
        .map(|bytes| bytes.to_vec())
        .map_err(|e| TrainError::Data(format!("the checkpoint cannot be written: {e:?}")))
}

/// `module` with the parameters of [`module_bytes`] loaded (their ids too, so optimiser state
/// filed under them applies). A record of another shape is refused and nothing changes.
pub fn load_module<M: Module>(module: M, bytes: &[u8]) -> Result<M, TrainError> {
    let bad = |e| TrainError::Data(format!("this checkpoint does not fit these networks: {e:?}"));
    let record = ModuleRecord::from_bytes(Bytes::from_bytes_vec(bytes.to_vec())).map_err(bad)?;
    module.try_load_record(record).map_err(bad)
}

/// An optimiser's state as bytes, read back asynchronously (works on every backend); nothing
/// where not `wanted`.
pub async fn optimizer_bytes(optimizer: &ModuleOptimizer, wanted: bool) -> Result<Vec<u8>, TrainError> {
    if !wanted {
        return Ok(Vec::new());
    }
    optimizer
        .into_bytes_async()
        .await
        .map(|bytes| bytes.to_vec())
        .map_err(|e| TrainError::Data(format!("the optimiser state cannot be written: {e}")))
}

/// `optimizer` with the state of [`optimizer_bytes`], its tensors on `device`; empty bytes leave
/// it fresh.
///
/// On `device`, not burn's default one: in the browser build (WebGPU and the CPU in one module)
/// the default device is WebGPU, which cannot be brought up synchronously there — restoring a CPU
/// run trapped the module (`unreachable`) on every page that is not cross-origin isolated.
pub fn load_optimizer(optimizer: ModuleOptimizer, bytes: &[u8], device: &Device) -> Result<ModuleOptimizer, TrainError> {
    if bytes.is_empty() {
        return Ok(optimizer);
    }
    optimizer
        .from_bytes_on(Bytes::from_bytes_vec(bytes.to_vec()), &device.clone().without_autodiff())
        .map_err(|e| TrainError::Data(format!("this checkpoint's optimiser state is damaged: {e:?}")))
}

/// Collects float parameters with their module paths, as burn's own record collector names
/// them, so that [`ModuleRecord::from_bytes`] and `try_load_record` read them back. Each is
/// kept flat (one tensor type for every rank) beside its shape.
#[derive(Default)]
struct Collector {
    path: Vec<String>,
    tensors: Vec<(String, u64, burn::tensor::Shape, Tensor<1>)>,
}

impl ModuleVisitor for Collector {
    fn enter_module(&mut self, name: &str, _container_type: &str) {
        self.path.push(name.to_string());
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let tensor = param.transform_for_save().val();
        let shape = tensor.shape();
        let flat = tensor.reshape([shape.num_elements()]);
        self.tensors.push((self.path.join("."), param.id.val(), shape, flat));
    }
}
