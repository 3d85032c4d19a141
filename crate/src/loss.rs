//! GAN losses, on the discriminator's logits.
//!
//! `BCE(σ(l), 1) = −log σ(l)` and `BCE(σ(l), 0) = −log σ(−l)`: the same values as PyTorch's
//! `Sigmoid` + `BCELoss` in the seeds, computed without ever taking `log(0)`.

use burn::prelude::*;
use burn::tensor::activation::log_sigmoid;

/// Binary cross-entropy of `σ(logits)` against the label 1 ("real"), averaged: `[batch, 1]` → `[1]`.
pub fn bce_real(logits: Tensor<2>) -> Tensor<1> {
    log_sigmoid(logits).mean().neg()
}

/// Binary cross-entropy of `σ(logits)` against the label 0 ("fake"), averaged: `[batch, 1]` → `[1]`.
pub fn bce_fake(logits: Tensor<2>) -> Tensor<1> {
    log_sigmoid(logits.neg()).mean().neg()
}

/// The discriminator's loss: `BCE(D(real), 1) + BCE(D(fake), 0)` (the sum of two batch means,
/// as the seed's PyTorch and the peer benchmarks compute it).
pub fn discriminator_loss(real_logits: Tensor<2>, fake_logits: Tensor<2>) -> Tensor<1> {
    bce_real(real_logits) + bce_fake(fake_logits)
}

/// The generator's non-saturating loss `−E[log D(G(z))]` = `BCE(D(G(z)), 1)`.
pub fn generator_loss(fake_logits: Tensor<2>) -> Tensor<1> {
    bce_real(fake_logits)
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
        assert!((value(discriminator_loss(t.clone(), t)) - bce(1.0) - bce(0.0)).abs() < 1e-5);
    }

    #[test]
    fn saturated_logits_stay_finite() {
        let device = Device::flex();
        let t = Tensor::<2>::from_floats([[-200.0f32], [200.0]], &device);
        let loss = value(discriminator_loss(t.clone(), t));
        assert!(loss.is_finite() && loss > 100.0, "{loss}");
    }

    #[test]
    fn chance_level_is_ln_2() {
        let device = Device::flex();
        let zero = Tensor::<2>::zeros([4, 1], &device);
        assert!((value(generator_loss(zero)) - std::f32::consts::LN_2).abs() < 1e-6);
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
