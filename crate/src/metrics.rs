//! Distances between the generated samples and the target distribution.

/// The inverse of the standard normal CDF, Φ⁻¹(p) for p in (0, 1).
///
/// Peter Acklam's rational approximation (relative error < 1.2e-9), the same one the peer
/// benchmark uses, so W1 figures are comparable with shared/bench/peers.
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] =
        [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.383_577_518_672_69e2, -3.066479806614716e1, 2.506628277459239];
    const B: [f64; 5] = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
    const C: [f64; 6] =
        [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
    const D: [f64; 4] = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
    const P_LOW: f64 = 0.02425;
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < P_LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    }
}

/// The standard normal CDF Φ(x) (Abramowitz–Stegun 7.1.26 via erf; error < 1.5e-7).
pub fn normal_cdf(x: f64) -> f64 {
    let z = x.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * z);
    let poly = t * (0.254_829_592 + t * (-0.284_496_736 + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-z * z).exp();
    if x >= 0.0 { 0.5 * (1.0 + erf) } else { 0.5 * (1.0 - erf) }
}

/// 1-Wasserstein distance between two equally sized samples, both sorted ascending:
/// `(1/n) Σ |x_(i) − r_(i)|`. With `reference` = the target's quantiles at (i − ½)/n this is
/// the peer benchmark's W1 (a true N(0, 1) sample of 10,000 scores ≈ 0.01–0.016). Infinite
/// (or NaN) if a sample is not finite.
pub fn wasserstein1(sorted: &[f32], reference: &[f32]) -> f64 {
    debug_assert_eq!(sorted.len(), reference.len());
    let n = sorted.len().max(1) as f64;
    sorted.iter().zip(reference).map(|(&x, &r)| (f64::from(x) - f64::from(r)).abs()).sum::<f64>() / n
}

/// Kolmogorov–Smirnov statistic between a sorted sample and a CDF: the largest gap between
/// the empirical and the target CDF.
pub fn kolmogorov_smirnov(sorted: &[f32], cdf: impl Fn(f64) -> f64) -> f64 {
    let n = sorted.len() as f64;
    sorted
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let x = f64::from(x);
            let p = if x.is_nan() { 1.0 } else { cdf(x) };
            (p - i as f64 / n).abs().max(((i + 1) as f64 / n - p).abs())
        })
        .fold(0.0, f64::max)
}

/// The sliced 1-Wasserstein distance between two equally large point sets of the plane (x, y
/// pairs): the mean, over `directions` evenly spaced directions θ, of the 1-D W1 between the
/// sets projected on θ. A metric on distributions (Bonneel et al. 2015) that costs a sort per
/// direction; between two samples of one distribution it is not 0 but small (≈ 0.02 for 2,500
/// points of the ring of 8).
pub fn sliced_wasserstein(a: &[f32], b: &[f32], directions: usize) -> f64 {
    let n = a.len().min(b.len()) / 2;
    if n == 0 || directions == 0 {
        return f64::NAN;
    }
    let project = |points: &[f32], (c, s): (f64, f64)| {
        let mut projected: Vec<f64> = points.chunks_exact(2).take(n).map(|p| c * f64::from(p[0]) + s * f64::from(p[1])).collect();
        projected.sort_by(f64::total_cmp);
        projected
    };
    let total: f64 = (0..directions)
        .map(|k| {
            let angle = std::f64::consts::PI * k as f64 / directions as f64;
            let direction = (angle.cos(), angle.sin());
            let (pa, pb) = (project(a, direction), project(b, direction));
            pa.iter().zip(&pb).map(|(x, y)| (x - y).abs()).sum::<f64>() / n as f64
        })
        .sum();
    total / directions as f64
}

/// How a set of points (x, y pairs) covers a mixture's `modes` of σ `std`, as the mode-collapse
/// papers measure it: a point is *high-quality* when it lies within 3σ of a mode (VEEGAN), and
/// a mode is *covered* when at least 0.8 % of the points are high-quality points of it
/// (PacGAN's 20 of 2,500). Returns (modes covered, share of high-quality points).
pub fn mode_coverage(points: &[f32], modes: &[[f64; 2]], std: f64) -> (u32, f64) {
    let mut counts = vec![0usize; modes.len()];
    let mut high_quality = 0usize;
    let n = points.len() / 2;
    for p in points.chunks_exact(2) {
        let (x, y) = (f64::from(p[0]), f64::from(p[1]));
        let nearest = modes.iter().enumerate().map(|(i, m)| (i, (x - m[0]).hypot(y - m[1]))).min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((i, distance)) = nearest
            && distance <= 3.0 * std
        {
            counts[i] += 1;
            high_quality += 1;
        }
    }
    let needed = ((0.008 * n as f64).ceil() as usize).max(1);
    let covered = counts.iter().filter(|&&c| c >= needed).count() as u32;
    (covered, if n == 0 { 0.0 } else { high_quality as f64 / n as f64 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_matches_known_values() {
        for (p, expected) in [(0.5, 0.0), (0.975, 1.959_963_985), (0.01, -2.326_347_874), (0.999, 3.090_232_306)] {
            assert!((normal_quantile(p) - expected).abs() < 1e-6, "Φ⁻¹({p})");
        }
    }

    #[test]
    fn cdf_inverts_the_quantile() {
        for p in [0.001, 0.1, 0.3, 0.5, 0.8, 0.99] {
            assert!((normal_cdf(normal_quantile(p)) - p).abs() < 1e-6, "p = {p}");
        }
    }

    fn quantiles(n: usize) -> Vec<f32> {
        (0..n).map(|i| normal_quantile((i as f64 + 0.5) / n as f64) as f32).collect()
    }

    #[test]
    fn w1_of_exact_quantiles_is_zero_and_shift_is_measured() {
        let exact = quantiles(1000);
        assert!(wasserstein1(&exact, &exact) < 1e-9);
        let shifted: Vec<f32> = exact.iter().map(|x| x + 0.5).collect();
        assert!((wasserstein1(&shifted, &exact) - 0.5).abs() < 1e-6);
    }

    #[test]
    fn ks_is_small_for_quantiles_and_large_for_a_constant() {
        let n = 1000;
        let exact = quantiles(n);
        assert!(kolmogorov_smirnov(&exact, normal_cdf) <= 0.5 / n as f64 + 1e-6);
        let constant = vec![0.0f32; n];
        assert!((kolmogorov_smirnov(&constant, normal_cdf) - 0.5).abs() < 1e-6);
    }

    #[test]
    fn non_finite_samples_make_w1_infinite() {
        assert!(wasserstein1(&[0.0, f32::INFINITY], &[0.0, 1.0]).is_infinite());
        assert!(wasserstein1(&[0.0, f32::NAN], &[0.0, 1.0]).is_nan());
    }

    /// The ring of 8 (σ 0.05), each point exactly at a mode or jittered well inside 3σ.
    fn ring(per_mode: usize, modes: &[usize]) -> Vec<f32> {
        let centres: Vec<[f64; 2]> = (0..8)
            .map(|i| {
                let a = std::f64::consts::TAU * i as f64 / 8.0;
                [2.0 * a.cos(), 2.0 * a.sin()]
            })
            .collect();
        let mut points = Vec::new();
        for &m in modes {
            for j in 0..per_mode {
                let offset = 0.1 * ((j % 7) as f64 / 7.0 - 0.5); // within ±0.05 < 3σ = 0.15
                points.extend([(centres[m][0] + offset) as f32, (centres[m][1] - offset) as f32]);
            }
        }
        points
    }

    fn ring_modes() -> Vec<[f64; 2]> {
        (0..8)
            .map(|i| {
                let a = std::f64::consts::TAU * i as f64 / 8.0;
                [2.0 * a.cos(), 2.0 * a.sin()]
            })
            .collect()
    }

    #[test]
    fn mode_coverage_counts_modes_and_quality_on_known_sets() {
        let modes = ring_modes();
        // All eight modes, 2,500 points: every mode covered, every point high-quality.
        let all = ring(2500 / 8, &[0, 1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(mode_coverage(&all, &modes, 0.05), (8, 1.0));
        // One mode: a collapsed generator.
        assert_eq!(mode_coverage(&ring(2500, &[3]), &modes, 0.05), (1, 1.0));
        // Uniform noise over [−3, 3]²: no mode gets 0.8 %, and about 8·π·0.15²/36 ≈ 1.6 % is
        // high-quality by chance.
        let mut uniform = Vec::new();
        for i in 0..50 {
            for j in 0..50 {
                uniform.extend([-3.0 + 6.0 * (i as f32 + 0.5) / 50.0, -3.0 + 6.0 * (j as f32 + 0.5) / 50.0]);
            }
        }
        let (covered, quality) = mode_coverage(&uniform, &modes, 0.05);
        assert!(covered <= 1 && (0.005..0.03).contains(&quality), "{covered} {quality}");
        // A mode with fewer than 0.8 % of the points is not covered.
        let mut few = ring(2480, &[0]);
        few.extend(ring(19, &[5]));
        assert_eq!(mode_coverage(&few, &modes, 0.05).0, 1);
    }

    #[test]
    fn sliced_wasserstein_is_a_distance_on_known_sets() {
        let all = ring(100, &[0, 1, 2, 3, 4, 5, 6, 7]);
        assert!(sliced_wasserstein(&all, &all, 32) < 1e-9);
        // A translation by (d, 0): the projection on θ moves by d·|cos θ|, whose mean over the
        // half circle is 2d/π.
        let moved: Vec<f32> = all.chunks_exact(2).flat_map(|p| [p[0] + 0.5, p[1]]).collect();
        let expected = 2.0 * 0.5 / std::f64::consts::PI;
        assert!((sliced_wasserstein(&all, &moved, 256) - expected).abs() < 2e-3, "{}", sliced_wasserstein(&all, &moved, 256));
        // A collapsed set is far from the ring, farther than the ring is from itself shuffled.
        let collapsed = ring(800, &[0]);
        assert!(sliced_wasserstein(&collapsed, &all, 32) > 1.0);
    }
}
