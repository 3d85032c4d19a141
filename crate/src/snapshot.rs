//! What the UI sees of a 1D GAN: histograms on shared bins, D(x), the generator map, metrics.

use burn::prelude::*;

use crate::config::{Gan1dConfig, NoiseConfig, TargetConfig};
use crate::error::{Network, TrainError};
use crate::metrics::{kolmogorov_smirnov_to_gaussian, wasserstein1_to_gaussian};

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
    /// Density of the real samples on the shared bins.
    pub real_histogram: Vec<f32>,
}

impl SnapshotLayout {
    /// The axes follow the target (mean ± 4.5σ) and the noise (its support, or ±3σ).
    pub fn new(config: &Gan1dConfig, real_samples: &[f32]) -> Self {
        let (x_min, x_max) = match config.target {
            TargetConfig::Gaussian { mean, std } => (mean - 4.5 * std, mean + 4.5 * std),
        };
        let (z_min, z_max) = match config.noise {
            NoiseConfig::Uniform { low, high } => (low, high),
            NoiseConfig::Normal { mean, std } => (mean - 3.0 * std, mean + 3.0 * std),
        };
        let (x_min, x_max) = (x_min as f32, x_max as f32);
        SnapshotLayout {
            real_histogram: histogram(real_samples, x_min, x_max, config.histogram_bins).0,
            x_min,
            x_max,
            z_min: z_min as f32,
            z_max: z_max as f32,
            samples: config.visual_samples,
            curve_points: config.curve_points,
        }
    }

    /// The points where D(x) is evaluated, `[curve_points, 1]`.
    pub fn x_grid(&self, device: &Device) -> Tensor<2> {
        grid(self.x_min, self.x_max, self.curve_points, device)
    }

    /// The points where G(z) is evaluated, `[curve_points, 1]` (1-D latent: first coordinate).
    pub fn z_grid(&self, device: &Device) -> Tensor<2> {
        grid(self.z_min, self.z_max, self.curve_points, device)
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

/// A snapshot whose values are still on the device; [`PendingSnapshot::read`] fetches them.
pub struct PendingSnapshot {
    step: u64,
    /// `[samples | D(x) curve | G map | D loss | G loss]`, one tensor so one read-back.
    packed: Tensor<1>,
    layout: SnapshotLayout,
    target: TargetConfig,
}

impl PendingSnapshot {
    pub(crate) fn new(step: u64, packed: Tensor<1>, layout: SnapshotLayout, target: TargetConfig) -> Self {
        PendingSnapshot { step, packed, layout, target }
    }

    /// Reads the values back (asynchronously: on WebGPU this waits for the queued work) and
    /// computes the histograms and metrics. Non-finite losses or samples are a divergence.
    pub async fn read(self) -> Result<Snapshot, TrainError> {
        let values = self
            .packed
            .into_data_async()
            .await
            .map_err(|e| TrainError::ReadBack(format!("{e:?}")))?
            .try_into_vec::<f32>()
            .map_err(|e| TrainError::ReadBack(format!("{e:?}")))?;
        let layout = self.layout;
        let (n, m) = (layout.samples, layout.curve_points);
        if values.len() != n + 2 * m + 2 {
            return Err(TrainError::ReadBack(format!("expected {} values, got {}", n + 2 * m + 2, values.len())));
        }
        let samples = &values[..n];
        let loss = |x: f32| if x.is_nan() && self.step == 0 { None } else { Some(x) };
        let (discriminator_loss, generator_loss) = (loss(values[n + 2 * m]), loss(values[n + 2 * m + 1]));
        if discriminator_loss.is_some_and(|l| !l.is_finite()) {
            return Err(TrainError::Diverged { network: Network::Discriminator, step: self.step });
        }
        if generator_loss.is_some_and(|l| !l.is_finite()) || samples.iter().any(|x| !x.is_finite()) {
            return Err(TrainError::Diverged { network: Network::Generator, step: self.step });
        }
        let bins = layout.real_histogram.len();
        let (generated_histogram, generated_outside) = histogram(samples, layout.x_min, layout.x_max, bins);
        let TargetConfig::Gaussian { mean, std } = self.target;
        Ok(Snapshot {
            step: self.step,
            discriminator_loss,
            generator_loss,
            w1: wasserstein1_to_gaussian(samples, mean, std),
            ks: kolmogorov_smirnov_to_gaussian(samples, mean, std),
            generated_histogram,
            generated_outside,
            discriminator_curve: values[n..n + m].to_vec(),
            generator_map: values[n + m..n + 2 * m].to_vec(),
            layout,
        })
    }
}

/// Everything the 1D views draw, for one moment of training.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// Completed iterations.
    pub step: u64,
    /// The discriminator's latest loss (`None` before the first step).
    pub discriminator_loss: Option<f32>,
    /// The generator's latest loss (`None` before the first step).
    pub generator_loss: Option<f32>,
    /// 1-Wasserstein distance of the fixed-noise samples to the target.
    pub w1: f64,
    /// Kolmogorov–Smirnov statistic of the fixed-noise samples to the target.
    pub ks: f64,
    /// Density of the generated samples on the layout's bins.
    pub generated_histogram: Vec<f32>,
    /// Fraction of generated samples outside the x axis.
    pub generated_outside: f32,
    /// D(x) at `curve_points` evenly spaced x over the axis.
    pub discriminator_curve: Vec<f32>,
    /// G(z) at `curve_points` evenly spaced z over the noise range.
    pub generator_map: Vec<f32>,
    /// Axes, bins and the real histogram.
    pub layout: SnapshotLayout,
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
    fn grid_spans_the_axis() {
        let device = Device::flex();
        let g = grid(-2.0, 2.0, 5, &device).into_data().try_to_vec::<f32>().unwrap();
        assert_eq!(g, vec![-2.0, -1.0, 0.0, 1.0, 2.0]);
    }
}
