//! The 2D GAN's run: the shared MLP GAN step (crate::labs::mlp_gan) on a target of the plane,
//! and what the 2D views draw of it.

use std::sync::Arc;

use burn::prelude::*;
use rand::rngs::StdRng;

use crate::error::TrainError;
use crate::labs::gan2d::config::Gan2dConfig;
use crate::labs::gan2d::snapshot::{PendingGan2dSnapshot, PlaneLayout};
use crate::labs::gan2d::targets::Target2d;
use crate::labs::mlp_gan::CurveScale;
use crate::labs::mlp_gan::{MlpGan, RealSource, noise};
use crate::streams;

impl RealSource for Target2d {
    fn sample(&self, n: usize, rng: &mut StdRng) -> Vec<f32> {
        Target2d::sample(self, n, rng)
    }
}

/// A 2D GAN being trained on one device (CPU or WebGPU, always with autodiff).
pub struct Gan2dTrainer {
    config: Gan2dConfig,
    /// The GAN step and its run (train, step, the single D- and G-steps, checkpoint, restore).
    pub gan: MlpGan,
    /// The noise the views are drawn from, so frames differ only by what G learned.
    fixed_noise: Tensor<2>, // [visual_samples, latent]
    /// The z-space grid of G's manifold.
    z_grid: Tensor<2>, // [manifold_size², latent]
    /// The centres of the heat map's cells.
    plane_grid: Tensor<2>, // [heat_size², 2]
    layout: PlaneLayout,
    /// Noise for `sample`, apart from the backend's generator.
    sampling_rng: StdRng,
}

impl Gan2dTrainer {
    /// Builds fresh networks and optimisers; the same `seed` on the same backend gives the same
    /// initial weights (and, on the CPU, the same run). `device` must have autodiff enabled.
    pub fn new(config: Gan2dConfig, device: Device, seed: u64) -> Result<Self, TrainError> {
        config.validate()?;
        let real: Arc<dyn RealSource> = Arc::new(config.target.clone());
        let gan = MlpGan::new(config.gan.clone(), real, super::streams::DATA, device.clone(), seed)?;
        let latent = config.gan.generator.d_input;
        let fixed_noise = noise(config.gan.noise, config.visual_samples, latent, &device);
        let (x_min, x_max, y_min, y_max) = config.target.view_box();
        let (x_min, x_max, y_min, y_max) = (x_min as f32, x_max as f32, y_min as f32, y_max as f32);
        let (z_min, z_max) = config.gan.noise.view_range(2.0);
        let z_grid = lattice(z_min as f32, z_max as f32, z_min as f32, z_max as f32, config.manifold_size, false);
        let z_grid: Vec<f32> = z_grid.chunks_exact(2).flat_map(|z| (0..latent).map(move |k| if k < 2 { z[k] } else { 0.0 })).collect();
        let heat = config.heat_size;
        let plane_grid = lattice(x_min, x_max, y_min, y_max, heat, true);
        let mut view_rng = streams::rng(0, super::streams::VIEW);
        let layout = PlaneLayout {
            x_min,
            x_max,
            y_min,
            y_max,
            samples: config.visual_samples,
            heat_size: heat,
            manifold_size: config.manifold_size,
            arrow_count: config.arrow_count,
            real_points: config.target.sample(config.visual_samples, &mut view_rng).into(),
            modes: config.target.modes().map(Arc::new),
        };
        let m = config.manifold_size;
        Ok(Gan2dTrainer {
            fixed_noise,
            z_grid: Tensor::from_data(TensorData::new(z_grid, [m * m, latent]), &device),
            plane_grid: Tensor::from_data(TensorData::new(plane_grid, [heat * heat, 2]), &device),
            layout,
            sampling_rng: streams::rng(seed, super::streams::SAMPLES),
            gan,
            config,
        })
    }

    /// The configuration this trainer was built from.
    pub fn config(&self) -> &Gan2dConfig {
        &self.config
    }

    /// Queues what the views need (the fixed-noise points, D over the plane, the manifold, the
    /// arrows, the losses since the last snapshot) as one tensor: one read-back per snapshot.
    pub fn prepare_snapshot(&mut self) -> PendingGan2dSnapshot {
        let generated = self.gan.generate(self.fixed_noise.clone()); // [n, 2]
        let heat = self.gan.verdict(self.plane_grid.clone()); // [h², 1]
        let manifold = self.gan.generate(self.z_grid.clone()); // [m², 2]
        let (_, arrows) = self.gan.verdict_and_push(generated.clone().narrow(0, 0, self.layout.arrow_count)); // [a, 2]
        let losses = self.gan.take_losses();
        let history = losses.len();
        let mut parts = vec![generated.reshape([-1]), heat.reshape([-1]), manifold.reshape([-1]), arrows.reshape([-1])];
        parts.extend(losses.into_parts());
        let heat_scale = CurveScale::of(self.config.gan.loss);
        PendingGan2dSnapshot { step: self.gan.step(), packed: Tensor::cat(parts, 0), history, heat_scale, layout: self.layout.clone() }
    }

    /// `n` fresh points from the generator (x, y pairs), from a noise stream of their own.
    pub async fn sample(&mut self, n: usize) -> Result<Vec<f32>, TrainError> {
        self.gan.sample(n, &mut self.sampling_rng).await
    }
}

/// `side × side` points evenly over a rectangle, row after row from (x_min, y_min): at the
/// cells' centres (`centres`) or from edge to edge. x, y pairs.
fn lattice(x_min: f32, x_max: f32, y_min: f32, y_max: f32, side: usize, centres: bool) -> Vec<f32> {
    let at = |min: f32, max: f32, i: usize| {
        if centres { min + (max - min) * (i as f32 + 0.5) / side as f32 } else { min + (max - min) * i as f32 / (side - 1) as f32 }
    };
    (0..side).flat_map(|row| (0..side).flat_map(move |col| [at(x_min, x_max, col), at(y_min, y_max, row)])).collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::labs::gan2d::settings::Gan2dSettings;
    use crate::labs::gan2d::snapshot::Gan2dSnapshot;
    use crate::labs::mlp_gan::config::GanLoss;
    use crate::loss::generator_loss;
    use crate::test_support::lock_rng;

    pub(crate) fn trainer(preset: &str, seed: u32) -> Gan2dTrainer {
        let settings = Gan2dSettings::preset(preset, seed).unwrap();
        Gan2dTrainer::new(settings.config(None).unwrap(), Device::flex().autodiff(), u64::from(seed)).unwrap()
    }

    fn snapshot(t: &mut Gan2dTrainer) -> Gan2dSnapshot {
        pollster::block_on(t.prepare_snapshot().read()).unwrap()
    }

    #[test]
    fn lattice_covers_the_square() {
        assert_eq!(lattice(0.0, 1.0, 0.0, 1.0, 2, false), vec![0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0]);
        assert_eq!(lattice(0.0, 1.0, 0.0, 1.0, 2, true), vec![0.25, 0.25, 0.75, 0.25, 0.25, 0.75, 0.75, 0.75]);
    }

    /// A snapshot holds every view at its size, the measures, and the same run for the same seed.
    #[test]
    fn snapshots_hold_every_view_and_the_run_is_reproducible() {
        let _rng = lock_rng();
        for preset in crate::labs::presets::ids("gan2d") {
            let mut a = trainer(&preset, 4);
            let s0 = snapshot(&mut a);
            assert_eq!((s0.losses.step, s0.losses.discriminator_loss), (0, None));
            a.gan.train(5);
            let s = snapshot(&mut a);
            let c = a.config();
            assert_eq!(s.generated_points.len(), 2 * c.visual_samples);
            assert_eq!(s.real_points.len(), 2 * c.visual_samples);
            assert_eq!(s.discriminator_heat.len(), c.heat_size * c.heat_size);
            assert_eq!(s.manifold.len(), 2 * c.manifold_size * c.manifold_size);
            assert_eq!(s.arrows.len(), 2 * c.arrow_count);
            assert_eq!(s.losses.discriminator_losses.len(), 5);
            assert!(s.discriminator_heat.iter().all(|v| (0.0..=1.0).contains(v)));
            assert!(s.sliced_w1.is_finite() && s.sliced_w1 > 0.0);
            assert_eq!((s.mode_count, s.modes_covered.is_some()), (Some(8), true), "{preset}: a ring preset");
            let mut b = trainer(&preset, 4);
            b.gan.train(5);
            assert_eq!(snapshot(&mut b).generated_points, s.generated_points, "{preset}: same seed, same run");
        }
    }

    /// The arrows are −∂ℓ/∂x of G's per-sample loss at each fake point, as autodiff computes it
    /// through D (packed points included), for every loss.
    #[test]
    fn arrows_equal_autodiffs_gradient() {
        let _rng = lock_rng();
        for (preset, loss) in [
            ("ring8-collapse", GanLoss::NonSaturating),
            ("ring8-collapse", GanLoss::Minimax),
            ("ring8-collapse", GanLoss::LeastSquares),
            ("ring8-collapse", GanLoss::WassersteinGp { penalty: 10.0 }),
            ("ring8-pack", GanLoss::NonSaturating),
        ] {
            let mut settings = Gan2dSettings::preset(preset, 2).unwrap().config(None).unwrap();
            settings.gan.loss = loss;
            let mut t = Gan2dTrainer::new(settings, Device::flex().autodiff(), 2).unwrap();
            t.gan.train(20);
            let s = snapshot(&mut t);
            let a = t.config().arrow_count;
            let device = t.gan.device().clone();
            let points = Tensor::<1>::from_floats(&s.generated_points[..2 * a], &device).reshape([a, 2]).require_grad();
            let pack = t.config().gan.pack;
            let packed = if pack == 1 { points.clone() } else { Tensor::cat(vec![points.clone(); pack], 1) };
            // The G-step's loss is a mean over the batch: n × its gradient is each point's own.
            let loss_value = generator_loss(loss, t.gan.discriminator().forward(packed)).mul_scalar(a as f32);
            let grads = loss_value.backward();
            let expected = points.grad(&grads).unwrap().neg().into_data().try_to_vec::<f32>().unwrap();
            let scale = expected.iter().fold(0f32, |m, v| m.max(v.abs())).max(1e-6);
            for (i, (got, want)) in s.arrows.iter().zip(&expected).enumerate() {
                assert!((got - want).abs() <= 1e-4 * scale, "{preset} {loss:?}: arrow {i}: {got} vs autodiff {want}");
            }
        }
    }

    #[test]
    fn checkpoint_restores_the_run() {
        let _rng = lock_rng();
        let mut a = trainer("ring8-tuned", 3);
        a.gan.train(30);
        let bytes = pollster::block_on(a.gan.checkpoint(true)).unwrap();
        let resumed = || {
            let mut t = trainer("ring8-tuned", 3);
            t.gan.restore(&bytes).unwrap();
            assert_eq!(t.gan.step(), 30);
            t.gan.train(10);
            snapshot(&mut t).generated_points
        };
        assert_eq!(resumed(), resumed(), "a restore is reproducible");
        let mut other = trainer("ring8-pack", 3);
        assert!(other.gan.restore(&bytes).is_err(), "packed D has another input width");
        assert_eq!(other.gan.step(), 0);
    }
}
