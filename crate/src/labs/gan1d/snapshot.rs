//! What the UI sees of a 1D GAN: histograms on shared bins, D(x), the generator map, metrics.
//! [`Gan1dSnapshot`] crosses the wasm boundary as it is (serde; tsify writes its TypeScript).

use std::sync::Arc;

use burn::prelude::*;
use serde::Serialize;
use tsify::Tsify;

use crate::backend::read_back;
use crate::error::{TrainError, check_finite};
use crate::labs::gan1d::config::{Gan1dConfig, NoiseConfig};
use crate::labs::gan1d::targets::Target;
use crate::labs::mlp_gan::CurveScale;
use crate::labs::{Losses, float_array};
use crate::metrics::{kolmogorov_smirnov, wasserstein1};

/// The axes and bins every snapshot of one run shares, and the real histogram (fixed).
#[derive(Clone, Debug)]
pub struct SnapshotLayout {
    /// Left edge of the x axis (histograms, D(x)).
    pub x_min: f32,
    /// Right edge of the x axis.
    pub x_max: f32,
    /// Left edge of the z axis (generator map).
    pub z_min: f32,
    /// Right edge of the z axis.
    pub z_max: f32,
    /// Number of fixed-noise samples.
    pub samples: usize,
    /// Points of the D(x) curve and of the generator map.
    pub curve_points: usize,
    /// Density of the real distribution on the shared bins.
    pub real_histogram: Vec<f32>,
    /// The target's quantiles at (i + ½)/samples, ascending: W1's reference.
    reference: Arc<[f32]>,
    /// The target, for its CDF (Kolmogorov–Smirnov).
    target: Arc<Target>,
}

impl SnapshotLayout {
    /// The x axis follows the target ([`Target::axis`]), the z axis the noise (its support, or ±3σ).
    pub fn new(config: &Gan1dConfig) -> Self {
        let (x_min, x_max) = config.target.axis();
        let (z_min, z_max) = match config.gan.noise {
            NoiseConfig::Uniform { low, high } => (low, high),
            NoiseConfig::Normal { mean, std } => (mean - 3.0 * std, mean + 3.0 * std),
        };
        let (x_min, x_max) = (x_min as f32, x_max as f32);
        let reference: Arc<[f32]> = config.target.reference(config.visual_samples).into();
        SnapshotLayout {
            // The histogram of the exact quantiles: the target's density without sampling noise.
            real_histogram: histogram(&reference, x_min, x_max, config.histogram_bins).0,
            x_min,
            x_max,
            z_min: z_min as f32,
            z_max: z_max as f32,
            samples: config.visual_samples,
            curve_points: config.curve_points,
            reference,
            target: Arc::new(config.target.clone()),
        }
    }

    /// The points where D(x) is evaluated, `[curve_points, 1]`.
    pub fn x_grid(&self, device: &Device) -> Tensor<2> {
        grid(self.x_min, self.x_max, self.curve_points, device)
    }

    /// The points where G(z) is evaluated, `[curve_points, latent]`: along the first latent
    /// coordinate, the others 0.
    pub fn z_grid(&self, latent: usize, device: &Device) -> Tensor<2> {
        let first = grid(self.z_min, self.z_max, self.curve_points, device); // [m, 1]
        if latent == 1 {
            return first;
        }
        Tensor::cat(vec![first, Tensor::zeros([self.curve_points, latent - 1], device)], 1)
    }
}

fn grid(min: f32, max: f32, points: usize, device: &Device) -> Tensor<2> {
    let step = (max - min) / (points.max(2) - 1) as f32;
    let values: Vec<f32> = (0..points).map(|i| min + step * i as f32).collect();
    Tensor::<1>::from_floats(values.as_slice(), device).reshape([points as i32, 1])
}

/// Density histogram of `samples` on `bins` equal bins over [min, max]; also the fraction of
/// samples outside that range (or not finite).
pub fn histogram(samples: &[f32], min: f32, max: f32, bins: usize) -> (Vec<f32>, f32) {
    let mut counts = vec![0u32; bins];
    let width = (max - min) / bins as f32;
    let mut outside = 0usize;
    for &x in samples {
        let bin = ((x - min) / width).floor();
        if bin >= 0.0 && bin < bins as f32 {
            counts[bin as usize] += 1;
        } else if x == max {
            counts[bins - 1] += 1;
        } else {
            outside += 1; // also NaN, for which every comparison is false
        }
    }
    let n = samples.len().max(1) as f32;
    let density = counts.iter().map(|&c| c as f32 / (n * width)).collect();
    (density, outside as f32 / n)
}

/// A snapshot whose values are still on the device; [`PendingGan1dSnapshot::read`] fetches them.
pub struct PendingGan1dSnapshot {
    step: u64,
    /// `[samples | D curve | G's push | G map | D loss | G loss | D losses… | G losses…]`: one read-back.
    packed: Tensor<1>,
    /// Iterations in the loss history.
    history: usize,
    curve_scale: CurveScale,
    layout: SnapshotLayout,
}

impl PendingGan1dSnapshot {
    pub(crate) fn new(step: u64, packed: Tensor<1>, history: usize, curve_scale: CurveScale, layout: SnapshotLayout) -> Self {
        PendingGan1dSnapshot { step, packed, history, curve_scale, layout }
    }

    /// Reads the values back (asynchronously: on WebGPU this waits for the queued work) and
    /// computes the histograms and metrics. Non-finite losses or samples are a divergence.
    pub async fn read(self) -> Result<Gan1dSnapshot, TrainError> {
        let values = read_back(self.packed).await?;
        let layout = self.layout;
        let (n, m, h) = (layout.samples, layout.curve_points, self.history);
        let expected = n + 3 * m + 2 + 2 * h;
        if values.len() != expected {
            return Err(TrainError::ReadBack(format!("expected {expected} values, got {}", values.len())));
        }
        let samples = &values[..n];
        let losses_at = n + 3 * m;
        let loss = |x: f32| if x.is_nan() && self.step == 0 { None } else { Some(x) };
        let (discriminator_loss, generator_loss) = (loss(values[losses_at]), loss(values[losses_at + 1]));
        let history = &values[losses_at + 2..];
        let from = self.step + 1 - h as u64;
        // The history, then the latest pair (the history is empty after single D-steps).
        let latest = [discriminator_loss, generator_loss].map(|l| l.unwrap_or(0.0));
        let d = history[..h].iter().copied().chain([latest[0]]);
        let g = history[h..].iter().copied().chain([latest[1]]);
        check_finite(self.step, from, d, g, samples)?;
        let bins = layout.real_histogram.len();
        let (generated_histogram, generated_outside) = histogram(samples, layout.x_min, layout.x_max, bins);
        let mut sorted = samples.to_vec();
        sorted.sort_by(f32::total_cmp);
        Ok(Gan1dSnapshot {
            losses: Losses {
                step: self.step,
                discriminator_loss,
                generator_loss,
                losses_from: self.step + 1 - h as u64,
                discriminator_losses: history[..h].to_vec(),
                generator_losses: history[h..].to_vec(),
            },
            w1: wasserstein1(&sorted, &layout.reference),
            ks: kolmogorov_smirnov(&sorted, |x| layout.target.cdf(x)),
            generated_histogram,
            generated_outside,
            discriminator_curve: self.curve_scale.apply(&values[n..n + m]),
            generator_push: values[n + m..n + 2 * m].to_vec(),
            generator_map: values[n + 2 * m..n + 3 * m].to_vec(),
            x_min: layout.x_min,
            x_max: layout.x_max,
            z_min: layout.z_min,
            z_max: layout.z_max,
            real_histogram: layout.real_histogram.clone(),
        })
    }
}

/// Everything the 1D views draw, for one moment of training: the page reads these fields
/// under these names (www/src/labs/gan1d), and the CSV's columns are named after them.
#[derive(Clone, Debug, Serialize, Tsify)]
pub struct Gan1dSnapshot {
    /// The step and both losses (the part every lab's snapshot has).
    #[serde(flatten)]
    pub losses: Losses,
    /// 1-Wasserstein distance of the fixed-noise samples to the target.
    pub w1: f64,
    /// Kolmogorov–Smirnov statistic of the fixed-noise samples to the target.
    pub ks: f64,
    /// Left edge of the x axis shared by the histograms and D(x).
    pub x_min: f32,
    /// Right edge of the x axis.
    pub x_max: f32,
    /// Left edge of the z axis of the generator map.
    pub z_min: f32,
    /// Right edge of the z axis.
    pub z_max: f32,
    /// Density of the real distribution on the shared bins.
    #[serde(serialize_with = "float_array")]
    #[tsify(type = "Float32Array")]
    pub real_histogram: Vec<f32>,
    /// Density of the generated samples on the same bins.
    #[serde(serialize_with = "float_array")]
    #[tsify(type = "Float32Array")]
    pub generated_histogram: Vec<f32>,
    /// Fraction of generated samples outside the x axis.
    pub generated_outside: f32,
    /// D's verdict at `curve_points` evenly spaced x over the axis, in [0, 1] ([`CurveScale`]).
    #[serde(serialize_with = "float_array")]
    #[tsify(type = "Float32Array")]
    pub discriminator_curve: Vec<f32>,
    /// Where G's loss pushes a fake sample at each x of the D(x) curve: −∂ℓ/∂x of the G-step's
    /// per-sample loss (its sign is the direction; the overview graph's gradient curve).
    #[serde(serialize_with = "float_array")]
    #[tsify(type = "Float32Array")]
    pub generator_push: Vec<f32>,
    /// G(z) at `curve_points` evenly spaced z over the noise range.
    #[serde(serialize_with = "float_array")]
    #[tsify(type = "Float32Array")]
    pub generator_map: Vec<f32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_is_a_density_with_outliers_counted() {
        let samples = [-1.0, -0.5, 0.0, 0.25, 0.99, 1.0, 3.0, f32::NAN];
        let (density, outside) = histogram(&samples, -1.0, 1.0, 4);
        // Bins of width 0.5: [-1,-0.5) [-0.5,0) [0,0.5) [0.5,1]; 1.0 falls in the last.
        let n = samples.len() as f32;
        let expected: Vec<f32> = [1.0, 1.0, 2.0, 2.0].iter().map(|c| c / (n * 0.5)).collect();
        assert_eq!(density, expected);
        assert_eq!(outside, 2.0 / n);
    }

    #[test]
    fn curve_scales() {
        assert_eq!(CurveScale::Logit.apply(&[0.0]), vec![0.5]);
        assert_eq!(CurveScale::Clamp.apply(&[-0.5, 0.25, 1.5]), vec![0.0, 0.25, 1.0]);
        assert_eq!(CurveScale::Normalize.apply(&[-3.0, -1.0, 1.0]), vec![0.0, 0.5, 1.0]);
    }

    #[test]
    fn grid_spans_the_axis() {
        let device = Device::flex();
        let g = grid(-2.0, 2.0, 5, &device).into_data().try_to_vec::<f32>().unwrap();
        assert_eq!(g, vec![-2.0, -1.0, 0.0, 1.0, 2.0]);
    }
}
