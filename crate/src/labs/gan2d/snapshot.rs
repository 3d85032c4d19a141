//! What the UI sees of a 2D GAN: real and generated points, D's verdict over the plane, G's
//! manifold, where G's loss pushes the fakes, and the mode-collapse measures.
//! [`Gan2dSnapshot`] crosses the wasm boundary as it is (serde; tsify writes its TypeScript).

use std::sync::Arc;

use serde::Serialize;
use tsify::Tsify;

use crate::backend::read_back;
use crate::error::{TrainError, check_finite};
use crate::labs::mlp_gan::CurveScale;
use crate::labs::{Losses, float_array};
use crate::metrics::{mode_coverage, sliced_wasserstein};
use burn::prelude::*;

/// Directions of the sliced Wasserstein distance.
pub const SLICES: usize = 64;

/// What every snapshot of one run shares: the view box, the sizes, the real points and the
/// target's modes.
#[derive(Clone, Debug)]
pub struct PlaneLayout {
    /// The smallest x of the square the views span.
    pub x_min: f32,
    /// The largest x of the square the views span.
    pub x_max: f32,
    /// The smallest y of the square the views span.
    pub y_min: f32,
    /// The largest y of the square the views span.
    pub y_max: f32,
    /// Generated (fixed-noise) points per snapshot.
    pub samples: usize,
    /// The heat map is `heat_size²` cells.
    pub heat_size: usize,
    /// The manifold is `manifold_size²` points.
    pub manifold_size: usize,
    /// Generated points with an arrow.
    pub arrow_count: usize,
    /// Real points drawn once from a stream of their own: the view's, and the reference of the
    /// sliced Wasserstein distance.
    pub real_points: Arc<[f32]>,
    /// A mixture target's modes and σ.
    pub modes: Option<Arc<(Vec<[f64; 2]>, f64)>>,
}

/// A snapshot whose values are still on the device; [`PendingGan2dSnapshot::read`] fetches them.
pub struct PendingGan2dSnapshot {
    pub(crate) step: u64,
    /// `[generated | heat | manifold | arrows | D loss | G loss | D losses… | G losses…]`.
    pub(crate) packed: Tensor<1>,
    pub(crate) history: usize,
    pub(crate) heat_scale: CurveScale,
    pub(crate) layout: PlaneLayout,
}

impl PendingGan2dSnapshot {
    /// Reads the values back (asynchronously: on WebGPU this waits for the queued work) and
    /// measures the points. Non-finite losses or points are a divergence.
    pub async fn read(self) -> Result<Gan2dSnapshot, TrainError> {
        let values = read_back(self.packed).await?;
        let layout = self.layout;
        let (n, h, m, a, k) = (layout.samples, layout.heat_size, layout.manifold_size, layout.arrow_count, self.history);
        let sizes = [2 * n, h * h, 2 * m * m, 2 * a];
        let expected = sizes.iter().sum::<usize>() + 2 + 2 * k;
        if values.len() != expected {
            return Err(TrainError::ReadBack(format!("expected {expected} values, got {}", values.len())));
        }
        let mut parts = Vec::with_capacity(4);
        let mut at = 0;
        for size in sizes {
            parts.push(&values[at..at + size]);
            at += size;
        }
        let [generated, heat, manifold, arrows] = [parts[0], parts[1], parts[2], parts[3]];
        let loss = |x: f32| if x.is_nan() && self.step == 0 { None } else { Some(x) };
        let (discriminator_loss, generator_loss) = (loss(values[at]), loss(values[at + 1]));
        let history = &values[at + 2..];
        let from = self.step + 1 - k as u64;
        let latest = [discriminator_loss, generator_loss].map(|l| l.unwrap_or(0.0));
        let d = history[..k].iter().copied().chain([latest[0]]);
        let g = history[k..].iter().copied().chain([latest[1]]);
        check_finite(self.step, from, d, g, generated)?;
        let inside = |p: &[f32]| p[0] >= layout.x_min && p[0] <= layout.x_max && p[1] >= layout.y_min && p[1] <= layout.y_max;
        let outside = generated.chunks_exact(2).filter(|p| !inside(p)).count();
        let coverage = layout.modes.as_ref().map(|modes| mode_coverage(generated, &modes.0, modes.1));
        Ok(Gan2dSnapshot {
            losses: Losses {
                step: self.step,
                discriminator_loss,
                generator_loss,
                losses_from: from,
                discriminator_losses: history[..k].to_vec(),
                generator_losses: history[k..].to_vec(),
            },
            sliced_w1: sliced_wasserstein(generated, &layout.real_points, SLICES),
            modes_covered: coverage.map(|(covered, _)| covered),
            mode_count: layout.modes.as_ref().map(|modes| modes.0.len() as u32),
            high_quality: coverage.map(|(_, quality)| quality),
            generated_outside: outside as f32 / n.max(1) as f32,
            x_min: layout.x_min,
            x_max: layout.x_max,
            y_min: layout.y_min,
            y_max: layout.y_max,
            real_points: layout.real_points.to_vec(),
            generated_points: generated.to_vec(),
            heat_size: h as u32,
            discriminator_heat: self.heat_scale.apply(heat),
            manifold_size: m as u32,
            manifold: manifold.to_vec(),
            arrows: arrows.to_vec(),
        })
    }
}

/// Everything the 2D views draw, for one moment of training: the page reads these fields
/// under these names (www/src/labs/gan2d), and the CSV's columns are named after them.
#[derive(Clone, Debug, Serialize, Tsify)]
pub struct Gan2dSnapshot {
    /// The step and both losses (the part every lab's snapshot has).
    #[serde(flatten)]
    pub losses: Losses,
    /// Sliced 1-Wasserstein distance (64 directions) from the generated points to as many real ones.
    pub sliced_w1: f64,
    /// Ring and grid: the modes that hold at least 0.8 % of the generated points within 3σ.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub modes_covered: Option<u32>,
    /// Ring and grid: how many modes the target has.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub mode_count: Option<u32>,
    /// Ring and grid: the share of generated points within 3σ of a mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub high_quality: Option<f64>,
    /// Fraction of generated points outside the view.
    pub generated_outside: f32,
    /// The smallest x of the square the views span.
    pub x_min: f32,
    /// The largest x of the square the views span.
    pub x_max: f32,
    /// The smallest y of the square the views span.
    pub y_min: f32,
    /// The largest y of the square the views span.
    pub y_max: f32,
    /// Real points (x, y pairs), the same in every snapshot of a run.
    #[serde(serialize_with = "float_array")]
    #[tsify(type = "Float32Array")]
    pub real_points: Vec<f32>,
    /// G at the fixed noise (x, y pairs).
    #[serde(serialize_with = "float_array")]
    #[tsify(type = "Float32Array")]
    pub generated_points: Vec<f32>,
    /// The heat map's side.
    pub heat_size: u32,
    /// D's verdict in [0, 1] (1: real) at the centres of `heat_size²` cells, row by row from
    /// `y_min`, each row from `x_min` (a critic's scores rescaled over the view).
    #[serde(serialize_with = "float_array")]
    #[tsify(type = "Float32Array")]
    pub discriminator_heat: Vec<f32>,
    /// The manifold grid's side.
    pub manifold_size: u32,
    /// G at `manifold_size²` points of z-space (z₁ along a row, z₂ down the rows; the other
    /// coordinates 0), x, y pairs.
    #[serde(serialize_with = "float_array")]
    #[tsify(type = "Float32Array")]
    pub manifold: Vec<f32>,
    /// Where G's loss pushes each of the first generated points: −∂ℓ/∂x of the G-step's
    /// per-sample loss (x, y pairs).
    #[serde(serialize_with = "float_array")]
    #[tsify(type = "Float32Array")]
    pub arrows: Vec<f32>,
}
