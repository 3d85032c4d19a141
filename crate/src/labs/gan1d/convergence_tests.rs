//! Convergence of the 1D GAN, natively on the CPU: each preset's promise, every loss and every
//! optimiser, against stated tolerances (and seed 000 against PyTorch's figures).

use burn::prelude::*;

use crate::labs::gan1d::config::{Gan1dConfig, GanLoss};
use crate::labs::gan1d::snapshot::Gan1dSnapshot as Snapshot;
use crate::labs::gan1d::trainer::Gan1dTrainer;
use crate::optim::OptimizerConfig;
use crate::test_support::lock_rng;

/// W1 the SGD-with-momentum and RMSprop runs must reach.
const OPTIMIZER_GOAL: f64 = 0.1;

fn trainer_for(config: Gan1dConfig, seed: u64) -> Gan1dTrainer {
    Gan1dTrainer::new(config, Device::flex().autodiff(), seed).unwrap()
}

fn trainer(seed: u64) -> Gan1dTrainer {
    trainer_for(Gan1dConfig::preset("seed000-1d").unwrap(), seed)
}

fn snapshot(trainer: &mut Gan1dTrainer) -> Snapshot {
    pollster::block_on(trainer.prepare_snapshot().read()).unwrap()
}

/// The first checkpoint (every `every` iterations, up to `max`) where W1 ≤ `goal`, with the
/// W1 trajectory for the failure message.
fn iterations_to(config: Gan1dConfig, seed: u64, goal: f64, every: u32, max: u64) -> (Option<u64>, Vec<f64>) {
    let mut t = trainer_for(config, seed);
    let mut trajectory = Vec::new();
    while t.gan.step() < max {
        t.gan.train(every);
        let s = snapshot(&mut t);
        assert!(s.losses.discriminator_loss.unwrap().is_finite() && s.losses.generator_loss.unwrap().is_finite());
        trajectory.push(s.w1);
        if s.w1 <= goal {
            return (Some(t.gan.step()), trajectory);
        }
    }
    (None, trajectory)
}

/// tuned-1d's promise: N(4, 1.25) to W1 ≤ 0.06 fast (natively ~2,500 iterations, ≈ 2 s).
#[test]
fn tuned_1d_reaches_w1_0_06_within_5000_iterations() {
    let _rng = lock_rng();
    for seed in [0, 1, 2] {
        let (reached, trajectory) = iterations_to(Gan1dConfig::preset("tuned-1d").unwrap(), seed, 0.06, 250, 5_000);
        assert!(reached.is_some(), "seed {seed}: W1 never ≤ 0.06 by 5,000: {trajectory:.3?}");
    }
}

/// Left running, tuned-1d stays good (issue 32): W1 ≤ 0.05 at every check from 5,000 to 50,000
/// iterations (measured 0.013–0.022). Its views are drawn by the average of G's weights (`ema`
/// 0.9999): G's own samples, under Adam at a constant rate, wander to W1 0.08–0.15 in this span.
#[test]
fn tuned_1d_stays_within_w1_0_05_from_5000_to_50000_iterations() {
    let _rng = lock_rng();
    let mut t = trainer_for(Gan1dConfig::preset("tuned-1d").unwrap(), 1);
    t.gan.train(5_000);
    let mut trajectory = vec![snapshot(&mut t).w1];
    while t.gan.step() < 50_000 {
        t.gan.train(2_500);
        trajectory.push(snapshot(&mut t).w1);
    }
    assert!(trajectory.iter().all(|w1| *w1 <= 0.05), "W1 every 2,500 from 5,000: {trajectory:.3?}");
}

/// The bound the browser checks on both CPU builds (tests/e2e/learning.spec.ts): tuned-1d with
/// seed 0, a snapshot at step 0, 3,000 iterations in one go, then W1 ≤ 0.05 (it reaches 0.027, drawn by the average of G) — the same steps the
/// page takes, so a wasm build that computes something else fails there and not here.
#[test]
fn tuned_1d_seed_0_in_the_browser_bound() {
    let _rng = lock_rng();
    let mut t = trainer_for(Gan1dConfig::preset("tuned-1d").unwrap(), 0);
    let initial = snapshot(&mut t).w1;
    t.gan.train(3_000);
    let trained = snapshot(&mut t).w1;
    println!("tuned-1d seed 0: W1 {initial:.4} at 0 → {trained:.4} at 3,000");
    assert!(initial > 1.0, "W1 at step 0: {initial:.3}");
    assert!(trained <= 0.05, "W1 at 3,000: {trained:.3}");
}

/// Every objective learns the tuned Gaussian (seed 0; W1 of 10,000 true samples ≈ 0.02).
#[test]
fn every_loss_learns_the_tuned_gaussian() {
    let _rng = lock_rng();
    for (loss, goal) in [
        (GanLoss::Minimax, 0.06),
        (GanLoss::NonSaturating, 0.06),
        (GanLoss::LeastSquares, 0.06),
        // A critic's Wasserstein estimate is noisier with one D-step per G-step.
        (GanLoss::WassersteinGp { penalty: 10.0 }, 0.15),
    ] {
        let mut config = Gan1dConfig::preset("tuned-1d").unwrap();
        config.gan.loss = loss;
        let (reached, trajectory) = iterations_to(config, 0, goal, 250, 5_000);
        assert!(reached.is_some(), "{loss:?}: W1 never ≤ {goal} by 5,000: {trajectory:.3?}");
    }
}

/// SGD with momentum and RMSprop train too (Adam is every preset's default).
#[test]
fn every_optimizer_learns_the_tuned_gaussian() {
    let _rng = lock_rng();
    for optimizer in
        [OptimizerConfig::Sgd { learning_rate: 0.01, momentum: 0.9 }, OptimizerConfig::RmsProp { learning_rate: 0.002, momentum: 0.0 }]
    {
        let mut config = Gan1dConfig::preset("tuned-1d").unwrap();
        (config.gan.generator_optimizer, config.gan.discriminator_optimizer) = (optimizer, optimizer);
        let (reached, trajectory) = iterations_to(config, 0, OPTIMIZER_GOAL, 250, 5_000);
        assert!(reached.is_some(), "{optimizer:?}: W1 never ≤ {OPTIMIZER_GOAL} by 5,000: {trajectory:.3?}");
    }
}

/// seed001-mixture's lesson: a logistic-regression D moves G towards the data's average but
/// cannot show it the two modes — W1 falls, then stalls far above a fit's (seeds 0, 1).
#[test]
fn seed001_finds_the_average_but_not_the_modes() {
    let _rng = lock_rng();
    for seed in [0, 1] {
        let mut t = trainer_for(Gan1dConfig::preset("seed001-mixture").unwrap(), seed);
        let initial = snapshot(&mut t).w1;
        t.gan.train(3_000);
        let s = snapshot(&mut t);
        assert!(s.w1 < initial - 0.3, "seed {seed}: W1 {initial:.3} → {:.3} should fall", s.w1);
        assert!(s.w1 > 0.5 && s.ks > 0.1, "seed {seed}: W1 {:.3}, KS {:.3}: the modes should stay unresolved", s.w1, s.ks);
    }
}

/// Issue 4: seed000-1d's W1 after 20,000 iterations lies in PyTorch's range over seeds 0–2
/// (0.11–0.33, shared/bench/peers/results-raw/torch.json). One checkpoint of an oscillating
/// GAN is noisy, so each seed may stray 20 % beyond the range; their mean may not.
#[test]
fn seed000_w1_after_20000_iterations_is_in_pytorchs_range() {
    let _rng = lock_rng();
    let w1: Vec<f64> = [0, 1, 2]
        .into_iter()
        .map(|seed| {
            let mut t = trainer(seed);
            let initial = snapshot(&mut t).w1;
            assert!(initial > 0.6, "seed {seed}: initial W1 {initial} should be ≈ 0.79");
            t.gan.train(20_000);
            snapshot(&mut t).w1
        })
        .collect();
    let mean = w1.iter().sum::<f64>() / 3.0;
    assert!(w1.iter().all(|w| (0.11 * 0.8..=0.33 * 1.2).contains(w)), "W1 at 20,000: {w1:.3?}");
    assert!((0.11..=0.33).contains(&mean), "mean W1 at 20,000: {mean:.3} ({w1:.3?})");
}
