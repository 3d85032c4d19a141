//! The 2D presets' lessons, measured natively on the CPU backend: the tuned preset covers the
//! ring of 8 within a fixed number of iterations; the collapse preset drops modes where its
//! packed remedy keeps them.

use std::time::Instant;

use crate::labs::gan2d::snapshot::Gan2dSnapshot;
use crate::test_support::lock_rng;

/// A run's (iteration, modes covered, high-quality share, sliced W₁) every `every` iterations.
type Trajectory = Vec<(u64, u32, f64, f64)>;

fn measure(preset: &str, seed: u32, iterations: u64, every: u64) -> Trajectory {
    measure_with(preset, "{}", seed, iterations, every, |_| false)
}

/// [`measure`] with `overrides` (JSON) on the preset's settings, ending early at the first
/// measurement `done` accepts.
fn measure_with(
    preset: &str,
    overrides: &str,
    seed: u32,
    iterations: u64,
    every: u64,
    done: impl Fn(&(u64, u32, f64, f64)) -> bool,
) -> Trajectory {
    use crate::labs::gan2d::settings::Gan2dSettings;
    use crate::labs::gan2d::trainer::Gan2dTrainer;
    use burn::prelude::Device;
    let mut value = serde_json::to_value(Gan2dSettings::preset(preset, seed).unwrap()).unwrap();
    let overrides: serde_json::Value = serde_json::from_str(overrides).unwrap();
    for (key, v) in overrides.as_object().unwrap() {
        value[key] = v.clone();
    }
    let settings = Gan2dSettings::from_value(value).unwrap();
    let mut t = Gan2dTrainer::new(settings.config(None).unwrap(), Device::flex().autodiff(), u64::from(seed)).unwrap();
    let mut out = Vec::new();
    while t.gan.step() < iterations {
        t.gan.train(every as u32);
        let s: Gan2dSnapshot = pollster::block_on(t.prepare_snapshot().read()).unwrap();
        out.push((s.losses.step, s.modes_covered.unwrap(), s.high_quality.unwrap(), s.sliced_w1));
        if out.last().is_some_and(&done) {
            break;
        }
    }
    out
}

/// Prints each ring preset's coverage along a run (for tuning: `cargo test --release -- --ignored tune_ring --nocapture`).
#[test]
#[ignore]
fn tune_ring() {
    let _rng = lock_rng();
    let presets = std::env::var("PRESETS").unwrap_or_else(|_| "ring8-tuned,ring8-collapse,ring8-pack".into());
    let iterations: u64 = std::env::var("ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(4000);
    for preset in presets.split(',') {
        for seed in [1, 2, 3] {
            let start = Instant::now();
            let overrides = std::env::var("OVERRIDES").unwrap_or_else(|_| "{}".into());
            let every = if iterations > 5000 { 1000 } else { 500 };
            let trajectory = measure_with(preset, &overrides, seed, iterations, every, |_| false);
            let text: Vec<String> = trajectory.iter().map(|(step, modes, hq, sw)| format!("{step}:{modes}/{hq:.2}/{sw:.2}")).collect();
            println!("{preset} seed {seed} ({:.1} s): {}", start.elapsed().as_secs_f64(), text.join(" "));
        }
    }
}

/// ring8-tuned covers all 8 modes with at least 80 % high-quality points within 4,000
/// iterations on seeds 1–3 (measured: by 2,000 on each). Each run ends where it gets there.
#[test]
fn tuned_ring_covers_every_mode_on_three_seeds() {
    let _rng = lock_rng();
    let covered = |&(_, modes, quality, _): &(u64, u32, f64, f64)| modes == 8 && quality >= 0.8;
    for seed in [1, 2, 3] {
        let trajectory = measure_with("ring8-tuned", "{}", seed, 4000, 250, covered);
        assert!(trajectory.last().is_some_and(covered), "seed {seed}: {trajectory:.2?}");
    }
}

/// The lesson of ring8-collapse and ring8-pack: after 3,000 iterations the vanilla GAN covers at
/// most 2 of the 8 modes and the packed one at least 6 (measured: 0–1 against 7–8), on seeds 1–3.
#[test]
fn packing_covers_the_modes_the_vanilla_gan_drops() {
    let _rng = lock_rng();
    for seed in [1, 2, 3] {
        let last = |preset| *measure(preset, seed, 3000, 1000).last().unwrap();
        let (collapsed, packed) = (last("ring8-collapse"), last("ring8-pack"));
        assert!(collapsed.1 <= 2, "seed {seed}: ring8-collapse covers {collapsed:?}");
        assert!(packed.1 >= 6, "seed {seed}: ring8-pack covers {packed:?}");
        assert!(packed.3 < collapsed.3, "seed {seed}: the packed GAN is nearer the ring (sliced W1 {packed:?} vs {collapsed:?})");
    }
}
