//! The 2-D distributions a generator can be asked to learn: the mode-collapse papers' ring of 8
//! and 5 × 5 grid of Gaussians (Metz et al.'s Unrolled GAN, Srivastava et al.'s VEEGAN, Lin et
//! al.'s PacGAN), two moons, a spiral, GAN Lab's line, two clusters and circle, and the user's
//! own points; with what the views and the metrics need of them: sampling, the modes (where
//! there are any), and the square the views span.

use std::f64::consts::{PI, TAU};

use rand::RngExt;
use rand::rngs::StdRng;

use crate::error::TrainError;
use crate::labs::mlp_gan::standard_normal;

/// The half-width of the square every built-in target is drawn in: [−3, 3]².
pub const BUILT_IN_EXTENT: f64 = 3.0;
/// The noise (σ, each coordinate) around the shapes that are not mixtures.
pub const SHAPE_NOISE: f64 = 0.05;
/// σ of each of the two clusters.
pub const CLUSTER_STD: f64 = 0.3;

/// A real-data distribution on the plane.
#[derive(Clone, Debug, PartialEq)]
pub enum Target2d {
    /// `modes` Gaussians of σ `std`, evenly on a circle of `radius` (the papers': 8 on radius 2).
    Ring {
        /// How many Gaussians (8 for `ring8`).
        modes: usize,
        /// The circle's radius, centred on 0 (2 for `ring8`).
        radius: f64,
        /// Each Gaussian's σ, in each coordinate (the `spread` key).
        std: f64,
    },
    /// `side × side` Gaussians of σ `std` on a square lattice `spacing` apart, centred on 0.
    Grid {
        /// Gaussians per row and per column (5 for `grid25`).
        side: usize,
        /// The distance between neighbouring centres (1 for `grid25`).
        spacing: f64,
        /// Each Gaussian's σ, in each coordinate (the `spread` key).
        std: f64,
    },
    /// Two interleaved half circles (scikit-learn's `make_moons`, centred and scaled by 1.5).
    Moons,
    /// One arm of an Archimedean spiral, 1½ turns out to radius 2.5.
    Spiral,
    /// GAN Lab's line: the segment from (−2, −1) to (2, 1).
    Line,
    /// GAN Lab's two Gaussian clusters, at (−1, −1) and (1, 1).
    Clusters,
    /// GAN Lab's ring: a circle of radius 1.5.
    Circle,
    /// The user's own points (x, y pairs), drawn from with replacement.
    Points(Vec<f32>),
}

impl Target2d {
    /// The user's points; rejects fewer than 8, or any that is not finite.
    pub fn points(values: Vec<f32>) -> Result<Target2d, TrainError> {
        if !values.len().is_multiple_of(2) || values.len() < 16 || values.iter().any(|v| !v.is_finite()) {
            return Err(TrainError::Data("your own points must be at least 8 finite x, y pairs".into()));
        }
        Ok(Target2d::Points(values))
    }

    /// `n` independent samples, x, y after x, y.
    pub fn sample(&self, n: usize, rng: &mut StdRng) -> Vec<f32> {
        (0..n).flat_map(|_| self.sample_one(rng).map(|v| v as f32)).collect()
    }

    fn sample_one(&self, rng: &mut StdRng) -> [f64; 2] {
        let jitter = |rng: &mut StdRng, std: f64| [std * standard_normal(rng), std * standard_normal(rng)];
        let around = |[x, y]: [f64; 2], rng: &mut StdRng, std: f64| {
            let [dx, dy] = jitter(rng, std);
            [x + dx, y + dy]
        };
        match self {
            Target2d::Ring { .. } | Target2d::Grid { .. } => {
                let (modes, std) = self.modes().expect("a mixture has modes");
                let centre = modes[rng.random_range(0..modes.len())];
                around(centre, rng, std)
            }
            Target2d::Moons => around(moon_point(rng.random(), rng.random_bool(0.5)), rng, SHAPE_NOISE),
            Target2d::Spiral => around(spiral_point(rng.random()), rng, SHAPE_NOISE),
            Target2d::Line => {
                let t: f64 = rng.random::<f64>() * 2.0 - 1.0;
                around([2.0 * t, t], rng, SHAPE_NOISE)
            }
            Target2d::Clusters => {
                let centre = if rng.random_bool(0.5) { [-1.0, -1.0] } else { [1.0, 1.0] };
                around(centre, rng, CLUSTER_STD)
            }
            Target2d::Circle => {
                let angle = TAU * rng.random::<f64>();
                around([1.5 * angle.cos(), 1.5 * angle.sin()], rng, SHAPE_NOISE)
            }
            Target2d::Points(values) => {
                let i = rng.random_range(0..values.len() / 2);
                [f64::from(values[2 * i]), f64::from(values[2 * i + 1])]
            }
        }
    }

    /// The centres of a mixture's modes, equally likely, and their σ: what "modes covered" and
    /// "high-quality samples" are measured against. `None` for the other targets.
    pub fn modes(&self) -> Option<(Vec<[f64; 2]>, f64)> {
        match *self {
            Target2d::Ring { modes, radius, std } => {
                let centres = (0..modes).map(|i| {
                    let angle = TAU * i as f64 / modes as f64;
                    [radius * angle.cos(), radius * angle.sin()]
                });
                Some((centres.collect(), std))
            }
            Target2d::Grid { side, spacing, std } => {
                let offset = (side as f64 - 1.0) / 2.0;
                let at = |i: usize| (i as f64 - offset) * spacing;
                Some(((0..side * side).map(|k| [at(k % side), at(k / side)]).collect(), std))
            }
            _ => None,
        }
    }

    /// The square the views span, `(x_min, x_max, y_min, y_max)`: [−3, 3]² for the built-in
    /// targets; for the user's points, their bounding box with a 10 % margin, made square.
    pub fn view_box(&self) -> (f64, f64, f64, f64) {
        let Target2d::Points(values) = self else {
            return (-BUILT_IN_EXTENT, BUILT_IN_EXTENT, -BUILT_IN_EXTENT, BUILT_IN_EXTENT);
        };
        let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for pair in values.chunks_exact(2) {
            for k in 0..2 {
                lo[k] = lo[k].min(f64::from(pair[k]));
                hi[k] = hi[k].max(f64::from(pair[k]));
            }
        }
        let half = ((hi[0] - lo[0]).max(hi[1] - lo[1]) * 0.6).max(0.5);
        let centre = [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0];
        (centre[0] - half, centre[0] + half, centre[1] - half, centre[1] + half)
    }
}

/// A point of the two moons at `u` ∈ [0, 1) along the upper (`upper`) or the lower moon.
fn moon_point(u: f64, upper: bool) -> [f64; 2] {
    let t = PI * u;
    let [x, y] = if upper { [t.cos(), t.sin()] } else { [1.0 - t.cos(), 0.5 - t.sin()] };
    [1.5 * (x - 0.5), 1.5 * (y - 0.25)]
}

/// A point of the spiral at `u` ∈ [0, 1): radius 0.25 + 2.25·u, angle 3π·u.
fn spiral_point(u: f64) -> [f64; 2] {
    let (radius, angle) = (0.25 + 2.25 * u, 3.0 * PI * u);
    [radius * angle.cos(), radius * angle.sin()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    const N: usize = 20_000;

    fn samples(target: &Target2d) -> Vec<[f64; 2]> {
        let mut rng = StdRng::seed_from_u64(7);
        target.sample(N, &mut rng).chunks_exact(2).map(|p| [f64::from(p[0]), f64::from(p[1])]).collect()
    }

    fn distance(a: [f64; 2], b: [f64; 2]) -> f64 {
        (a[0] - b[0]).hypot(a[1] - b[1])
    }

    /// Distance from `p` to a curve given by a point function on [0, 1] (fine polyline).
    fn distance_to_curve(p: [f64; 2], curve: impl Fn(f64) -> [f64; 2]) -> f64 {
        (0..=2000).map(|i| distance(p, curve(i as f64 / 2000.0))).fold(f64::INFINITY, f64::min)
    }

    /// A mixture's samples fall on each mode equally often, and their distance to the nearest
    /// mode is Rayleigh(σ): mean σ·√(π/2); 98.9 % of them within 3σ (1 − e^{−4.5}).
    #[test]
    fn ring_and_grid_sample_their_modes_equally_with_their_spread() {
        for target in [Target2d::Ring { modes: 8, radius: 2.0, std: 0.05 }, Target2d::Grid { side: 5, spacing: 1.0, std: 0.05 }] {
            let (modes, std) = target.modes().unwrap();
            let mut counts = vec![0usize; modes.len()];
            let mut distances = Vec::new();
            for p in samples(&target) {
                let (nearest, d) = modes.iter().enumerate().map(|(i, &m)| (i, distance(p, m))).min_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
                counts[nearest] += 1;
                distances.push(d);
            }
            let share = 1.0 / modes.len() as f64;
            for &c in &counts {
                assert!((c as f64 / N as f64 - share).abs() < 0.25 * share, "{target:?}: {counts:?}");
            }
            let mean = distances.iter().sum::<f64>() / N as f64;
            assert!((mean / (std * (PI / 2.0).sqrt()) - 1.0).abs() < 0.03, "{target:?}: mean distance {mean}");
            let within = distances.iter().filter(|&&d| d <= 3.0 * std).count() as f64 / N as f64;
            assert!((within - (1.0 - (-4.5f64).exp())).abs() < 0.005, "{target:?}: {within}");
        }
        let (ring, _) = Target2d::Ring { modes: 8, radius: 2.0, std: 0.05 }.modes().unwrap();
        assert!(ring.iter().all(|m| (m[0].hypot(m[1]) - 2.0).abs() < 1e-12));
        let (grid, _) = Target2d::Grid { side: 5, spacing: 1.0, std: 0.05 }.modes().unwrap();
        assert_eq!((grid[0], grid[24]), ([-2.0, -2.0], [2.0, 2.0]));
    }

    /// The shapes: points lie on their curve up to the stated noise (a distance to the curve of
    /// a 2-D N(0, σ²) offset is below 3σ for nearly all of them), and they cover all of it.
    #[test]
    fn the_shapes_lie_on_their_curves() {
        let moons = |u: f64| if u < 0.5 { moon_point(2.0 * u, true) } else { moon_point(2.0 * u - 1.0, false) };
        let line = |u: f64| [4.0 * u - 2.0, 2.0 * u - 1.0];
        let circle = |u: f64| [1.5 * (TAU * u).cos(), 1.5 * (TAU * u).sin()];
        type Curve<'a> = (Target2d, &'a dyn Fn(f64) -> [f64; 2]);
        let curves: [Curve; 4] =
            [(Target2d::Moons, &moons), (Target2d::Spiral, &spiral_point), (Target2d::Line, &line), (Target2d::Circle, &circle)];
        for (target, curve) in curves {
            let points = samples(&target);
            let near = points.iter().take(2000).filter(|&&p| distance_to_curve(p, curve) < 3.0 * SHAPE_NOISE).count();
            assert!(near as f64 / 2000.0 > 0.97, "{target:?}: {near} of 2000 near the curve");
            // Every tenth of the curve has samples near it.
            for tenth in 0..10 {
                let at = curve((tenth as f64 + 0.5) / 10.0);
                assert!(points.iter().any(|&p| distance(p, at) < 0.2), "{target:?}: nothing near {at:?}");
            }
            let (x_min, x_max, y_min, y_max) = target.view_box();
            let inside = points.iter().filter(|p| p[0] > x_min && p[0] < x_max && p[1] > y_min && p[1] < y_max).count();
            assert_eq!(inside, N, "{target:?} stays in its view");
        }
        // The circle's radius: mean 1.5, spread σ (to first order).
        let radii: Vec<f64> = samples(&Target2d::Circle).iter().map(|p| p[0].hypot(p[1])).collect();
        let mean = radii.iter().sum::<f64>() / N as f64;
        let std = (radii.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / N as f64).sqrt();
        assert!((mean - 1.5).abs() < 0.005 && (std - SHAPE_NOISE).abs() < 0.005, "{mean} ± {std}");
    }

    #[test]
    fn clusters_have_their_means_and_spread() {
        let points = samples(&Target2d::Clusters);
        let (upper, lower): (Vec<[f64; 2]>, Vec<[f64; 2]>) = points.iter().partition(|p| p[0] + p[1] > 0.0);
        assert!((upper.len() as f64 / N as f64 - 0.5).abs() < 0.02);
        for (half, centre) in [(upper, 1.0), (lower, -1.0)] {
            let mean_x = half.iter().map(|p| p[0]).sum::<f64>() / half.len() as f64;
            let var_x = half.iter().map(|p| (p[0] - mean_x).powi(2)).sum::<f64>() / half.len() as f64;
            assert!((mean_x - centre).abs() < 0.02 && (var_x.sqrt() - CLUSTER_STD).abs() < 0.02, "{mean_x} ± {}", var_x.sqrt());
        }
    }

    #[test]
    fn own_points_are_resampled_and_framed() {
        let values = vec![0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.2, 0.8, 0.8, 0.2, 0.3, 0.3];
        let target = Target2d::points(values.clone()).unwrap();
        let drawn = samples(&target);
        assert!(drawn.iter().all(|p| values.chunks_exact(2).any(|q| f64::from(q[0]) == p[0] && f64::from(q[1]) == p[1])));
        let (x_min, x_max, y_min, y_max) = target.view_box();
        assert!((x_max - x_min - 1.2).abs() < 1e-9 && (y_max - y_min - 1.2).abs() < 1e-9 && (x_min + 0.1).abs() < 1e-9);
        assert!(Target2d::points(vec![0.0; 14]).is_err(), "7 points");
        assert!(Target2d::points(vec![f32::NAN; 16]).is_err());
        assert!(Target2d::points(vec![0.0; 17]).is_err(), "half a pair");
    }
}
