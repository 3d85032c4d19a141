//! Does WebGPU compute what the CPU computes? One run of a lab is started on two backends from
//! the same weights (the first one's, copied to the second through a checkpoint) and trains
//! the same iterations on both: the same real batches (drawn on the host already) and the same
//! noise (drawn on the host here, see [`crate::streams::NoiseSource`]). The losses, and the
//! weights after the optimisers' steps, are then compared.
//!
//! The test build exports this (`api.rs`, `testCompareBackends`) and the browser tests run it
//! for every preset on WebGPU against the CPU; the native tests run it CPU against CPU, where
//! everything must agree to the bit.

use burn::prelude::*;
use burn::tensor::Bytes;
use serde::Serialize;

use crate::checkpoint::Checkpoint;
use crate::error::TrainError;
use crate::labs::{self, LabData, LabSettings};

/// How far two backends are apart after the same iterations from the same start.
#[derive(Clone, Debug, Serialize)]
pub struct Agreement {
    /// Iterations trained on each backend.
    pub iterations: u32,
    /// The latest iteration's read-outs on the first backend (the losses first, then the
    /// lab's other values: the digits' mean D(real) and D(fake)).
    pub first_losses: Vec<f32>,
    /// The same read-outs on the second backend.
    pub second_losses: Vec<f32>,
    /// The largest difference between the two backends' read-outs.
    pub loss_difference: f32,
    /// The largest difference between a weight (of G or D) on one backend and on the other.
    pub weight_difference: f32,
    /// The largest change of a weight over the iterations, on the first backend: what the
    /// difference is to be judged against.
    pub largest_update: f32,
    /// ‖second − first‖ / ‖first − start‖ over every weight: the difference as a share of the
    /// update (0: the same step; 1: as far apart as the step is long).
    pub relative_difference: f32,
    /// The weights compared.
    pub weights: usize,
    /// ‖second − first‖ / ‖first‖ over the optimisers' state (Adam's moments, momentum): read
    /// back from each backend after the iterations, as a checkpoint reads it.
    pub state_difference: f32,
    /// The optimisers' state values compared.
    pub state_values: usize,
    /// Each weight tensor: how far apart, against its update and its gradient's size.
    pub tensors: Vec<TensorAgreement>,
}

/// One weight tensor's part of an [`Agreement`].
#[derive(Clone, Debug, Serialize)]
pub struct TensorAgreement {
    /// The network and the parameter's path, e.g. `generator.blocks.0.weight`.
    pub name: String,
    /// ‖second − first‖ / ‖first − start‖ for this tensor.
    pub relative_difference: f32,
    /// The root mean square of the first backend's update.
    pub update: f32,
    /// The root mean square of the first backend's first-order optimiser state (Adam's first
    /// moment, a momentum's velocity): the size of its recent gradients. `None`: no such state.
    pub gradient: Option<f32>,
}

/// Trains `iterations` of the run `settings` describe on `first` and on `second` (autodiff
/// devices) from the same start and with the same noise, and says how far the two are apart.
/// The start is the first one's checkpoint after `warmup` iterations of its own (so that the
/// optimisers' state it carries is not empty). `data` gives the run's data (once per backend).
pub async fn compare(
    settings: &LabSettings,
    data: impl Fn() -> Result<LabData, TrainError>,
    (first, second): (Device, Device),
    warmup: u32,
    iterations: u32,
) -> Result<Agreement, TrainError> {
    let mut first = labs::create(settings, data()?, first)?;
    let mut second = labs::create(settings, data()?, second)?;
    first.train(warmup);
    let start = first.checkpoint(true).await?;
    for lab in [&mut first, &mut second] {
        // The same weights, optimiser state and streams on both; then the same noise.
        lab.restore(&start)?;
        lab.draw_noise_on_host();
        lab.train(iterations);
    }
    let start = Checkpoint::from_bytes(&start)?;
    let [a, b] = [first.checkpoint(true).await?, second.checkpoint(true).await?];
    let (a, b) = (Checkpoint::from_bytes(&a)?, Checkpoint::from_bytes(&b)?);

    // The weights, without BatchNorm's running statistics: buffers that training never reads
    // (it normalises with the batch's own) and that a restore does not bring back exactly.
    let weights = |checkpoint: &Checkpoint| -> Result<Vec<Entry>, TrainError> {
        let mut all = tensors(&checkpoint.generator, "generator")?;
        all.extend(tensors(&checkpoint.discriminator, "discriminator")?);
        all.retain(|e| !e.name.contains(".running_"));
        Ok(all)
    };
    let state = |checkpoint: &Checkpoint| -> Result<Vec<Entry>, TrainError> {
        let mut all = tensors(&checkpoint.generator_optimizer, "generator")?;
        all.extend(tensors(&checkpoint.discriminator_optimizer, "discriminator")?);
        Ok(all)
    };
    let (state_a, state_b) = (state(&a)?, state(&b)?);
    if state_a.iter().map(|e| &e.name).ne(state_b.iter().map(|e| &e.name)) {
        return Err(TrainError::Data("the two backends' optimisers hold different state".into()));
    }
    let (mut state_apart, mut state_norm, mut state_values) = (0f64, 0f64, 0);
    for (sa, sb) in state_a.iter().zip(&state_b) {
        state_apart += squared_distance(&sa.values, &sb.values);
        state_norm += squared_distance(&sa.values, &[]);
        state_values += sa.values.len();
    }
    // Each parameter's recent gradient size, from its first-order state.
    let first_order = |entry: &&Entry| ["moment_1", "velocity", "buf"].iter().any(|leaf| entry.name.ends_with(leaf));
    let gradient = |id: Option<u64>| {
        let entry = state_a.iter().filter(first_order).find(|e| e.id.is_some() && e.id == id)?;
        Some((squared_distance(&entry.values, &[]) / entry.values.len().max(1) as f64).sqrt() as f32)
    };
    let (start, a, b, losses) = (weights(&start)?, weights(&a)?, weights(&b)?, (a.latest, b.latest));
    let names = |all: &[Entry]| all.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
    if names(&a) != names(&b) || names(&a) != names(&start) {
        return Err(TrainError::Data("the two backends' networks have different weights".into()));
    }
    let (mut weight_difference, mut largest_update, mut apart, mut update, mut count) = (0f32, 0f32, 0f64, 0f64, 0);
    let mut per_tensor = Vec::with_capacity(a.len());
    for ((w0, wa), wb) in start.iter().zip(&a).zip(&b) {
        for ((&x0, &xa), &xb) in w0.values.iter().zip(&wa.values).zip(&wb.values) {
            weight_difference = weight_difference.max((xb - xa).abs());
            largest_update = largest_update.max((xa - x0).abs());
        }
        let (tensor_apart, tensor_update) = (squared_distance(&wa.values, &wb.values), squared_distance(&wa.values, &w0.values));
        per_tensor.push(TensorAgreement {
            name: wa.name.clone(),
            relative_difference: ratio(tensor_apart, tensor_update),
            update: (tensor_update / wa.values.len().max(1) as f64).sqrt() as f32,
            gradient: gradient(wa.id),
        });
        (apart, update, count) = (apart + tensor_apart, update + tensor_update, count + wa.values.len());
    }
    let loss_difference = losses.0.iter().zip(&losses.1).map(|(x, y)| (x - y).abs()).fold(0f32, f32::max);
    Ok(Agreement {
        iterations,
        loss_difference: if losses.0.len() == losses.1.len() { loss_difference } else { f32::INFINITY },
        first_losses: losses.0,
        second_losses: losses.1,
        weight_difference,
        largest_update,
        relative_difference: ratio(apart, update),
        weights: count,
        state_difference: if state_norm > 0.0 { ratio(state_apart, state_norm) } else { 0.0 },
        state_values,
        tensors: per_tensor,
    })
}

/// One tensor of a record.
struct Entry {
    /// The network and the tensor's name in the record.
    name: String,
    /// The parameter it belongs to (a network's own, or the one an optimiser's state is for).
    id: Option<u64>,
    values: Vec<f32>,
}

/// The f32 tensors of a burnpack record (a network's or an optimiser's), in the record's order,
/// named `network.name`.
fn tensors(bytes: &[u8], network: &str) -> Result<Vec<Entry>, TrainError> {
    let bad = |e: burn_pack::Error| TrainError::Data(format!("a record does not read: {e}"));
    let reader = burn_pack::Reader::from_bytes(Bytes::from_bytes_vec(bytes.to_vec())).map_err(bad)?;
    let mut all = Vec::new();
    for tensor in reader.into_tensors().map_err(bad)? {
        let (name, _, _, id, data) = tensor.into_parts().map_err(bad)?;
        let values = data.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        all.push(Entry { name: format!("{network}.{name}"), id, values });
    }
    all.sort_by(|x, y| x.name.cmp(&y.name));
    Ok(all)
}

/// ‖x − y‖², with a missing `y` as zeros.
fn squared_distance(x: &[f32], y: &[f32]) -> f64 {
    x.iter().enumerate().map(|(i, &v)| f64::from(v - y.get(i).copied().unwrap_or(0.0)).powi(2)).sum()
}

/// √(apart / base), infinite where `base` is 0 and `apart` is not.
fn ratio(apart: f64, base: f64) -> f32 {
    match (apart, base) {
        (0.0, _) => 0.0,
        (_, 0.0) => f32::INFINITY,
        _ => (apart / base).sqrt() as f32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::gan1d::settings::Gan1dSettings;
    use crate::labs::gan2d::settings::Gan2dSettings;
    use crate::test_support::lock_rng;

    /// The check of the check on the digit presets (D's dropout, BatchNorm, the labels):
    /// the CPU agrees with itself to the bit.
    #[test]
    fn the_cpu_agrees_with_itself_on_every_digit_preset() {
        use crate::labs::digits::data::test_data::real_asset;
        let _rng = lock_rng();
        let asset = real_asset();
        let cpu = || Device::flex().autodiff();
        for preset in ["mnist-minute", "mnist-dcgan", "mnist-mlp", "mnist-cgan"] {
            let settings = LabSettings::Digits(crate::labs::digits::settings::DigitsSettings::preset(preset, 4).unwrap());
            let data = || Ok(LabData::Images(crate::labs::digits::data::Digits::from_asset(&asset)?));
            let report = pollster::block_on(compare(&settings, data, (cpu(), cpu()), 1, 1)).unwrap();
            let apart = (report.loss_difference, report.weight_difference, report.relative_difference, report.state_difference);
            assert_eq!(apart, (0.0, 0.0, 0.0, 0.0), "{preset}: {report:?}");
        }
    }

    /// The check of the check: on every 1D and 2D preset (each optimiser, loss, network and
    /// packing of them), the CPU agrees with itself to the bit, after steps that moved the weights.
    #[test]
    fn the_cpu_agrees_with_itself_on_every_1d_and_2d_preset() {
        let _rng = lock_rng();
        let cpu = || Device::flex().autodiff();
        let presets = crate::labs::presets::ids("gan1d").into_iter().map(|id| LabSettings::Gan1d(Gan1dSettings::preset(&id, 5).unwrap()));
        let planar = crate::labs::presets::ids("gan2d").into_iter().map(|id| LabSettings::Gan2d(Gan2dSettings::preset(&id, 5).unwrap()));
        let ids = crate::labs::presets::ids("gan1d").into_iter().chain(crate::labs::presets::ids("gan2d"));
        for (settings, id) in presets.chain(planar).zip(ids) {
            let report = pollster::block_on(compare(&settings, || Ok(LabData::None), (cpu(), cpu()), 2, 2)).unwrap();
            let id = id.as_str();
            let apart = (report.loss_difference, report.weight_difference, report.relative_difference, report.state_difference);
            assert_eq!(apart, (0.0, 0.0, 0.0, 0.0), "{id}: {report:?}");
            assert!(report.largest_update > 0.0 && report.weights > 10, "{id}: {report:?}");
            // Adam's moments (seed 001's plain SGD keeps none).
            assert!(id != "tuned-1d" || report.state_values > 0, "{id}: {report:?}");
            assert_eq!(report.first_losses.len(), 2, "{id}");
            assert!(report.first_losses.iter().all(|l| l.is_finite()), "{id}: {report:?}");
        }
    }
}
