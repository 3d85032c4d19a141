//! An exponential moving average of G's weights, for the views only: everything a lab shows of G
//! (the digit grid, samples, the walk, the judge's verdict; the 1D histogram and map, the 2D
//! points and manifold, and the measures on them) can be drawn by G with its weights averaged
//! over the last few hundred steps instead of G as the latest step left it. Early in a run each
//! step moves G a long way and its images flicker and smear; later, under Adam at a constant
//! rate, G keeps jittering around the data it has matched. The average is known to give much
//! cleaner samples at almost no cost (a few element-wise operations per step over G's weights).
//! Training never reads the average: the trained G is unchanged.
//!
//! The decay warms up as min(decay, (1 + t) / (10 + t)) after t updates, so the average follows
//! the fast-moving early G closely and smooths more as training settles (the schedule of the
//! PyTorch reference in shared/bench/first-minute-anchor.md).

use std::collections::HashMap;

use burn::module::{ModuleMapper, ModuleVisitor, Param, ParamId};
use burn::prelude::*;

use crate::checkpoint::{Checkpoint, load_module};
use crate::error::TrainError;

/// The average of every float parameter of a network (BatchNorm's running statistics included), by
/// parameter id, flattened, on the device without autodiff.
#[derive(Clone, Debug)]
pub struct WeightAverage {
    /// The longest memory: the decay once warmed up.
    decay: f64,
    /// Updates so far.
    updates: u64,
    values: HashMap<ParamId, Tensor<1>>,
}

impl WeightAverage {
    /// Starts the average at `generator`'s weights now.
    pub fn new<M: Module>(generator: &M, decay: f64) -> Self {
        let mut values = HashMap::new();
        generator.visit(&mut Collect { into: &mut values });
        WeightAverage { decay, updates: 0, values }
    }

    /// An average restored after `updates` updates, at `generator`'s weights (G with the
    /// average of a checkpoint loaded).
    pub fn resumed<M: Module>(generator: &M, decay: f64, updates: u64) -> Self {
        WeightAverage { updates, ..Self::new(generator, decay) }
    }

    /// The average a run restored from `checkpoint` keeps, where `decay` asks for one: the
    /// checkpoint's, or (a checkpoint written without one) starting again at `generator`, the
    /// restored G off the autodiff graph.
    pub fn restored<M: Module>(decay: f64, checkpoint: &Checkpoint, generator: M) -> Result<Option<Self>, TrainError> {
        if decay <= 0.0 {
            return Ok(None);
        }
        let averaged = if checkpoint.average.is_empty() { generator } else { load_module(generator, &checkpoint.average)? };
        Ok(Some(WeightAverage::resumed(&averaged, decay, checkpoint.step)))
    }

    /// Moves the average towards `generator`'s weights: a ← d·a + (1 − d)·w.
    pub fn update<M: Module>(&mut self, generator: &M) {
        let t = self.updates as f64;
        let decay = self.decay.min((1.0 + t) / (10.0 + t));
        let mut latest = HashMap::new();
        generator.visit(&mut Collect { into: &mut latest });
        for (id, weights) in latest {
            let average = match self.values.remove(&id) {
                Some(average) => average.mul_scalar(decay).add(weights.mul_scalar(1.0 - decay)),
                None => weights,
            };
            self.values.insert(id, average);
        }
        self.updates += 1;
    }

    /// `generator` (a `valid()` copy, no autodiff) with its weights replaced by the average.
    pub fn apply<M: Module>(&self, generator: M) -> M {
        generator.map(&mut Replace { values: &self.values })
    }
}

/// Gathers every float parameter, flattened and detached from autodiff.
struct Collect<'a> {
    into: &'a mut HashMap<ParamId, Tensor<1>>,
}

impl ModuleVisitor for Collect<'_> {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        self.into.insert(param.id, param.val().without_autodiff().reshape([-1]));
    }
}

/// Puts the averaged values in place of the parameters with the same ids.
struct Replace<'a> {
    values: &'a HashMap<ParamId, Tensor<1>>,
}

impl ModuleMapper for Replace<'_> {
    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        match self.values.get(&param.id) {
            Some(average) => param.map(|weights| average.clone().reshape(weights.shape())),
            None => param,
        }
    }
}
