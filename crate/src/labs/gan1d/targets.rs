//! The 1D distributions a generator can be asked to learn, with what the metrics need of them:
//! sampling, the CDF (for Kolmogorov–Smirnov) and the quantile function (for W1).

use rand::RngExt;
use rand::rngs::StdRng;

use crate::error::TrainError;
use crate::labs::mlp_gan::standard_normal;
use crate::metrics::{normal_cdf, normal_quantile};

/// A real-data distribution on the line.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// N(mean, std²).
    Gaussian {
        /// The mean.
        mean: f64,
        /// The standard deviation σ (> 0).
        std: f64,
    },
    /// A mixture of Gaussians; weights are normalised to sum to 1.
    Mixture(Vec<Component>),
    /// U(low, high).
    Uniform {
        /// The lower end.
        low: f64,
        /// The upper end (above `low`).
        high: f64,
    },
    /// exp(N(mean, std²)).
    LogNormal {
        /// The mean of the normal whose exponential this is (of ln x, not of x).
        mean: f64,
        /// The standard deviation of ln x (> 0).
        std: f64,
    },
    /// A piecewise-constant density on equal bins over [low, high] (drawn by the user).
    Density {
        /// Where the first bin starts.
        low: f64,
        /// Where the last bin ends (above `low`).
        high: f64,
        /// Each bin's share of the probability, from `low` up (normalised by
        /// [`Target::density`] to sum to 1).
        heights: Vec<f64>,
    },
    /// The user's own samples (sorted), drawn from with replacement.
    Samples(Vec<f32>),
}

/// One component of a Gaussian mixture.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Component {
    /// Mixing weight (normalised by [`Target::mixture`]).
    pub weight: f64,
    /// Mean.
    pub mean: f64,
    /// Standard deviation.
    pub std: f64,
}

impl Target {
    /// A mixture with its weights normalised; rejects an empty one, non-positive weights or σ.
    pub fn mixture(components: &[Component]) -> Result<Target, TrainError> {
        let total: f64 = components.iter().map(|c| c.weight).sum();
        if components.is_empty() || components.iter().any(|c| !(c.weight > 0.0 && c.std > 0.0)) || !total.is_finite() {
            return Err(TrainError::Settings("a mixture needs 1–5 components with positive weights and σ".into()));
        }
        Ok(Target::Mixture(components.iter().map(|c| Component { weight: c.weight / total, ..*c }).collect()))
    }

    /// A drawn density; rejects fewer than two bins, negative heights or an all-zero drawing.
    pub fn density(low: f64, high: f64, heights: &[f64]) -> Result<Target, TrainError> {
        let total: f64 = heights.iter().sum();
        // Written so that NaN fails every check.
        let heights_valid = heights.len() >= 2 && heights.iter().all(|h| *h >= 0.0) && total > 0.0 && low < high;
        if !heights_valid {
            return Err(TrainError::Settings("a drawn density needs at least two bins, some of them above zero".into()));
        }
        Ok(Target::Density { low, high, heights: heights.iter().map(|h| h / total).collect() })
    }

    /// The user's samples; rejects an empty set or non-finite values.
    pub fn samples(mut values: Vec<f32>) -> Result<Target, TrainError> {
        if values.is_empty() || values.iter().any(|x| !x.is_finite()) {
            return Err(TrainError::Settings("the data must be a non-empty list of finite numbers".into()));
        }
        values.sort_by(f32::total_cmp);
        Ok(Target::Samples(values))
    }

    /// `n` independent samples.
    pub fn sample(&self, n: usize, rng: &mut StdRng) -> Vec<f32> {
        (0..n).map(|_| self.sample_one(rng) as f32).collect()
    }

    fn sample_one(&self, rng: &mut StdRng) -> f64 {
        match self {
            Target::Gaussian { mean, std } => mean + std * standard_normal(rng),
            Target::Mixture(components) => {
                let mut u: f64 = rng.random();
                let last = components.len() - 1;
                let chosen = components
                    .iter()
                    .position(|c| {
                        u -= c.weight;
                        u < 0.0
                    })
                    .unwrap_or(last);
                let c = components[chosen];
                c.mean + c.std * standard_normal(rng)
            }
            Target::Uniform { low, high } => low + (high - low) * rng.random::<f64>(),
            Target::LogNormal { mean, std } => (mean + std * standard_normal(rng)).exp(),
            Target::Density { .. } => self.quantile(rng.random()),
            Target::Samples(values) => f64::from(values[rng.random_range(0..values.len())]),
        }
    }

    /// P(X ≤ x).
    pub fn cdf(&self, x: f64) -> f64 {
        match self {
            Target::Gaussian { mean, std } => normal_cdf((x - mean) / std),
            Target::Mixture(components) => components.iter().map(|c| c.weight * normal_cdf((x - c.mean) / c.std)).sum(),
            Target::Uniform { low, high } => ((x - low) / (high - low)).clamp(0.0, 1.0),
            Target::LogNormal { mean, std } => {
                if x <= 0.0 {
                    0.0
                } else {
                    normal_cdf((x.ln() - mean) / std)
                }
            }
            Target::Density { low, high, heights } => {
                let width = (high - low) / heights.len() as f64;
                let position = ((x - low) / width).clamp(0.0, heights.len() as f64);
                let whole = position.floor() as usize;
                let below: f64 = heights[..whole].iter().sum();
                below + heights.get(whole).map_or(0.0, |h| h * (position - whole as f64))
            }
            Target::Samples(values) => values.partition_point(|&v| f64::from(v) <= x) as f64 / values.len() as f64,
        }
    }

    /// The p-quantile, p in (0, 1).
    pub fn quantile(&self, p: f64) -> f64 {
        match self {
            Target::Gaussian { mean, std } => mean + std * normal_quantile(p),
            Target::Uniform { low, high } => low + (high - low) * p,
            Target::LogNormal { mean, std } => (mean + std * normal_quantile(p)).exp(),
            Target::Mixture(components) => {
                // Bisection between the extreme components' far quantiles (the CDF is monotone).
                let mut lo = components.iter().map(|c| c.mean - 40.0 * c.std).fold(f64::INFINITY, f64::min);
                let mut hi = components.iter().map(|c| c.mean + 40.0 * c.std).fold(f64::NEG_INFINITY, f64::max);
                for _ in 0..80 {
                    let mid = 0.5 * (lo + hi);
                    if self.cdf(mid) < p { lo = mid } else { hi = mid }
                }
                0.5 * (lo + hi)
            }
            Target::Density { low, high, heights } => {
                let width = (high - low) / heights.len() as f64;
                let mut below = 0.0;
                for (i, &h) in heights.iter().enumerate() {
                    if h > 0.0 && below + h >= p {
                        return low + width * (i as f64 + (p - below) / h);
                    }
                    below += h;
                }
                *high
            }
            Target::Samples(values) => {
                // Linear interpolation between order statistics.
                let position = p * (values.len() - 1) as f64;
                let i = position.floor() as usize;
                let next = values.get(i + 1).copied().unwrap_or(values[i]);
                f64::from(values[i]) + (f64::from(next) - f64::from(values[i])) * (position - i as f64)
            }
        }
    }

    /// The quantiles at (i + ½)/n: the best n-point approximation of the target in W1, used as
    /// the reference W1 is measured against and as the (noise-free) real histogram.
    pub fn reference(&self, n: usize) -> Vec<f32> {
        (0..n).map(|i| self.quantile((i as f64 + 0.5) / n as f64) as f32).collect()
    }

    /// The x range the views show: the central 99.8 % of the mass, padded by 15 % each side
    /// (N(0, 1) gives ±4.0).
    pub fn axis(&self) -> (f64, f64) {
        let (lo, hi) = match self {
            Target::Density { low, high, .. } => (*low, *high),
            _ => (self.quantile(0.001), self.quantile(0.999)),
        };
        let pad = if hi > lo { 0.15 * (hi - lo) } else { 1.0 };
        (lo - pad, hi + pad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn targets() -> Vec<Target> {
        vec![
            Target::Gaussian { mean: 4.0, std: 1.25 },
            Target::mixture(&[Component { weight: 1.0, mean: -2.0, std: 0.5 }, Component { weight: 3.0, mean: 2.0, std: 0.7 }]).unwrap(),
            Target::Uniform { low: -1.0, high: 3.0 },
            Target::LogNormal { mean: 0.0, std: 0.5 },
            Target::density(-2.0, 2.0, &[0.0, 1.0, 3.0, 0.0, 2.0]).unwrap(),
        ]
    }

    #[test]
    fn quantile_inverts_the_cdf() {
        for target in targets() {
            for p in [0.01, 0.2, 0.5, 0.77, 0.99] {
                let x = target.quantile(p);
                assert!((target.cdf(x) - p).abs() < 1e-6, "{target:?}: cdf(quantile({p})) = {}", target.cdf(x));
            }
        }
    }

    #[test]
    fn samples_follow_the_distribution() {
        // The empirical CDF of 20,000 draws is within 0.02 of the CDF (KS critical value ≈ 0.0096 at 1 %).
        let mut rng = StdRng::seed_from_u64(3);
        for target in targets() {
            let mut s = target.sample(20_000, &mut rng);
            s.sort_by(f32::total_cmp);
            let worst = s
                .iter()
                .enumerate()
                .map(|(i, &x)| (target.cdf(f64::from(x)) - (i as f64 + 0.5) / s.len() as f64).abs())
                .fold(0.0, f64::max);
            assert!(worst < 0.02, "{target:?}: KS {worst}");
        }
    }

    #[test]
    fn mixture_weights_are_normalised_and_bad_ones_refused() {
        let Target::Mixture(c) =
            Target::mixture(&[Component { weight: 2.0, mean: 0.0, std: 1.0 }, Component { weight: 6.0, mean: 1.0, std: 1.0 }]).unwrap()
        else {
            unreachable!()
        };
        assert_eq!((c[0].weight, c[1].weight), (0.25, 0.75));
        assert!(Target::mixture(&[]).is_err());
        assert!(Target::mixture(&[Component { weight: 0.0, mean: 0.0, std: 1.0 }]).is_err());
        assert!(Target::mixture(&[Component { weight: 1.0, mean: 0.0, std: 0.0 }]).is_err());
    }

    #[test]
    fn user_samples_are_sorted_and_validated() {
        let t = Target::samples(vec![3.0, 1.0, 2.0]).unwrap();
        assert_eq!(t, Target::Samples(vec![1.0, 2.0, 3.0]));
        assert_eq!(t.quantile(0.5), 2.0);
        assert_eq!(t.cdf(2.5), 2.0 / 3.0);
        assert!(Target::samples(vec![]).is_err());
        assert!(Target::samples(vec![1.0, f32::NAN]).is_err());
    }

    #[test]
    fn drawn_density_puts_no_mass_in_empty_bins() {
        let t = Target::density(0.0, 4.0, &[1.0, 0.0, 0.0, 1.0]).unwrap();
        let mut rng = StdRng::seed_from_u64(1);
        assert!(t.sample(5_000, &mut rng).iter().all(|&x| !(1.0..3.0).contains(&x)));
        assert!(Target::density(0.0, 1.0, &[0.0, 0.0]).is_err());
    }

    #[test]
    fn standard_gaussian_axis_is_about_four_sigma() {
        let (lo, hi) = Target::Gaussian { mean: 0.0, std: 1.0 }.axis();
        assert!((hi - 4.0).abs() < 0.05 && (lo + 4.0).abs() < 0.05, "{lo} {hi}");
    }
}
