//! GAN losses, on the discriminator's raw outputs (logits, or a critic's scores).
//!
//! `BCE(σ(l), 1) = −log σ(l)` and `BCE(σ(l), 0) = −log σ(−l)`: the same values as PyTorch's
//! `Sigmoid` + `BCELoss` in the seeds, computed without ever taking `log(0)`.

use burn::prelude::*;
use burn::tensor::activation::log_sigmoid;

use crate::labs::mlp_gan::config::GanLoss;

/// Binary cross-entropy of `σ(logits)` against the label 1 ("real"), averaged: `[batch, 1]` → `[1]`.
pub fn bce_real(logits: Tensor<2>) -> Tensor<1> {
    log_sigmoid(logits).mean().neg()
}

/// Binary cross-entropy of `σ(logits)` against the label 0 ("fake"), averaged: `[batch, 1]` → `[1]`.
pub fn bce_fake(logits: Tensor<2>) -> Tensor<1> {
    log_sigmoid(logits.neg()).mean().neg()
}

/// The discriminator's loss on a batch of real and of fake samples: its real term plus its fake
/// term (`mean`: half of that, as seed 001). Real samples' target is `1 − smoothing` (one-sided
/// label smoothing; BCE and least squares only). WGAN-GP's penalty is added by the trainer,
/// which owns the network it differentiates.
pub fn discriminator_loss(loss: GanLoss, real: Tensor<2>, fake: Tensor<2>, smoothing: f64, mean: bool) -> Tensor<1> {
    let total = match loss {
        GanLoss::Minimax | GanLoss::NonSaturating => {
            let real_term = if smoothing > 0.0 {
                bce_real(real.clone()).mul_scalar(1.0 - smoothing) + bce_fake(real).mul_scalar(smoothing)
            } else {
                bce_real(real)
            };
            real_term + bce_fake(fake)
        }
        GanLoss::LeastSquares => {
            let real_term = real.sub_scalar(1.0 - smoothing).powi_scalar(2).mean().mul_scalar(0.5);
            real_term + fake.powi_scalar(2).mean().mul_scalar(0.5)
        }
        GanLoss::WassersteinGp { .. } => fake.mean() - real.mean(),
    };
    if mean { total.mul_scalar(0.5) } else { total }
}

/// The generator's loss on D's outputs for its samples.
pub fn generator_loss(loss: GanLoss, fake: Tensor<2>) -> Tensor<1> {
    match loss {
        // E[log(1 − D(G(z)))] = −BCE(D(G(z)), 0): minimised by making D(G(z)) → 1.
        GanLoss::Minimax => bce_fake(fake).neg(),
        // −E[log D(G(z))] = BCE(D(G(z)), 1).
        GanLoss::NonSaturating => bce_real(fake),
        GanLoss::LeastSquares => fake.sub_scalar(1.0).powi_scalar(2).mean().mul_scalar(0.5),
        GanLoss::WassersteinGp { .. } => fake.mean().neg(),
    }
}

/// The critic's gradient penalty λ·E[max(0, |∂D/∂x| − 1)²] from its derivatives at points
/// between real and fake samples, `[batch, 1]`.
///
/// One-sided (Petzka et al. 2018, "WGAN-LP") rather than Gulrajani et al.'s two-sided
/// (|∂D/∂x| − 1)²: on a 1-D input the two-sided penalty is a barrier at slope 0, so a critic
/// initialised with its slope the wrong way round can never turn it (seen here: the critic
/// stayed at D(fake) > D(real) for thousands of steps while G drifted away). Only the
/// Lipschitz bound is enforced, which is all the Wasserstein distance needs.
pub fn gradient_penalty(derivative: Tensor<2>, weight: f64) -> Tensor<1> {
    derivative.abs().sub_scalar(1.0).clamp_min(0.0).powi_scalar(2).mean().mul_scalar(weight)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(t: Tensor<1>) -> f32 {
        t.into_data().try_to_vec::<f32>().unwrap()[0]
    }

    #[test]
    fn matches_sigmoid_then_bce() {
        let device = Device::flex();
        let logits = [[-3.0f32], [0.0], [2.5]];
        let bce = |label: f32| {
            logits
                .iter()
                .map(|[l]| {
                    let p = 1.0 / (1.0 + (-l).exp());
                    -(label * p.ln() + (1.0 - label) * (1.0 - p).ln())
                })
                .sum::<f32>()
                / 3.0
        };
        let t = Tensor::<2>::from_floats(logits, &device);
        assert!((value(bce_real(t.clone())) - bce(1.0)).abs() < 1e-5);
        assert!((value(bce_fake(t.clone())) - bce(0.0)).abs() < 1e-5);
        let d = |loss, mean| value(discriminator_loss(loss, t.clone(), t.clone(), 0.0, mean));
        assert!((d(GanLoss::NonSaturating, false) - bce(1.0) - bce(0.0)).abs() < 1e-5);
        assert!((d(GanLoss::Minimax, true) - 0.5 * (bce(1.0) + bce(0.0))).abs() < 1e-5);
        // Label smoothing 0.1: the real term is BCE against 0.9.
        let smoothed = value(discriminator_loss(GanLoss::NonSaturating, t.clone(), t.clone(), 0.1, false));
        assert!((smoothed - (0.9 * bce(1.0) + 0.1 * bce(0.0)) - bce(0.0)).abs() < 1e-5);
        assert!((value(generator_loss(GanLoss::NonSaturating, t.clone())) - bce(1.0)).abs() < 1e-5);
        assert!((value(generator_loss(GanLoss::Minimax, t.clone())) + bce(0.0)).abs() < 1e-5);
    }

    #[test]
    fn saturated_logits_stay_finite() {
        let device = Device::flex();
        let t = Tensor::<2>::from_floats([[-200.0f32], [200.0]], &device);
        let loss = value(discriminator_loss(GanLoss::NonSaturating, t.clone(), t, 0.0, false));
        assert!(loss.is_finite() && loss > 100.0, "{loss}");
    }

    #[test]
    fn chance_level_is_ln_2() {
        let device = Device::flex();
        let zero = Tensor::<2>::zeros([4, 1], &device);
        assert!((value(generator_loss(GanLoss::NonSaturating, zero)) - std::f32::consts::LN_2).abs() < 1e-6);
    }

    #[test]
    fn least_squares_and_wasserstein_values() {
        let device = Device::flex();
        let real = Tensor::<2>::from_floats([[1.0f32], [0.0]], &device);
        let fake = Tensor::<2>::from_floats([[0.5f32], [-0.5]], &device);
        // LSGAN: ½·mean((D(x) − 1)²) + ½·mean(D(G(z))²) = ½·0.5 + ½·0.25.
        let ls = value(discriminator_loss(GanLoss::LeastSquares, real.clone(), fake.clone(), 0.0, false));
        assert!((ls - 0.375).abs() < 1e-6, "{ls}");
        assert!((value(generator_loss(GanLoss::LeastSquares, fake.clone())) - 0.625).abs() < 1e-6);
        // WGAN: E[D(fake)] − E[D(real)] = 0 − 0.5; G: −E[D(fake)] = 0.
        let w = GanLoss::WassersteinGp { penalty: 10.0 };
        assert!((value(discriminator_loss(w, real, fake.clone(), 0.0, false)) + 0.5).abs() < 1e-6);
        assert!(value(generator_loss(w, fake)).abs() < 1e-6);
        // Only slopes steeper than 1 are penalised: (3 − 1)² / 2 samples · λ 10 = 20.
        let slopes = Tensor::<2>::from_floats([[0.2f32], [-3.0]], &device);
        assert!((value(gradient_penalty(slopes, 10.0)) - 20.0).abs() < 1e-5);
    }

    #[test]
    fn gradients_match_the_analytic_ones() {
        // d/dl −log σ(l) = σ(l) − 1 and d/dl −log σ(−l) = σ(l), averaged over the batch.
        let device = Device::flex().autodiff();
        let raw = [-3.0f32, -0.5, 0.0, 1.0, 4.0];
        let sig = |l: f32| 1.0 / (1.0 + (-l).exp());
        let logits = Tensor::<1>::from_floats(raw, &device).reshape([5, 1]).require_grad();
        let grads = bce_real(logits.clone()).backward();
        let got = logits.grad(&grads).unwrap().into_data().try_to_vec::<f32>().unwrap();
        for (g, l) in got.iter().zip(raw) {
            assert!((g - (sig(l) - 1.0) / 5.0).abs() < 1e-6, "real: {got:?}");
        }
        let logits = Tensor::<1>::from_floats(raw, &device).reshape([5, 1]).require_grad();
        let grads = bce_fake(logits.clone()).backward();
        let got = logits.grad(&grads).unwrap().into_data().try_to_vec::<f32>().unwrap();
        for (g, l) in got.iter().zip(raw) {
            assert!((g - sig(l) / 5.0).abs() < 1e-6, "fake: {got:?}");
        }
    }
}
