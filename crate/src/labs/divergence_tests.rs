//! Issue 8: absurd learning rates on every preset, set through the page's settings JSON.
//! Each run goes non-finite within a few iterations; the snapshot names the network and the
//! first iteration whose loss (or output) is not finite; and nothing the page may still ask
//! for afterwards (samples, the judge, a checkpoint, the generator's file) panics.
//!
//! Adam is not enough for this: its steps are bounded by the learning rate, so even the
//! largest rate a link accepts (1000) leaves every preset finite for hundreds of iterations
//! (measured). Plain SGD at that rate diverges in a handful.

use std::sync::Arc;

use burn::prelude::*;

use crate::error::{Divergence, Network, TrainError};
use crate::labs::digits::data::test_data::real_digits;
use crate::labs::digits::settings::DigitsSettings;
use crate::labs::digits::trainer::DigitsTrainer;
use crate::labs::gan1d::settings::Gan1dSettings;
use crate::labs::gan1d::trainer::Gan1dTrainer;
use crate::models::judge::Judge;
use crate::optim::{MAX_LEARNING_RATE, OptimizerConfig, OptimizerKind};
use crate::test_support::lock_rng;

/// Trains until a snapshot reports a divergence, for at most `limit` iterations.
fn first_divergence(mut train_and_read: impl FnMut() -> Result<(), TrainError>, limit: u64) -> (Network, u64, &'static str) {
    for _ in 0..limit {
        match train_and_read() {
            Ok(()) => {}
            Err(TrainError::Diverged(Divergence { network, step, what })) => return (network, step, what),
            Err(other) => panic!("expected a divergence, got {other}"),
        }
    }
    panic!("no divergence in {limit} iterations");
}

#[test]
fn sgd_at_the_largest_rate_diverges_every_1d_preset_and_is_reported() {
    let _rng = lock_rng();
    for preset in crate::labs::presets::ids("gan1d") {
        let mut json = serde_json::to_value(Gan1dSettings::preset(&preset, 1).unwrap()).unwrap();
        for (key, value) in
            [("g_opt", "sgd".into()), ("d_opt", "sgd".into()), ("g_lr", MAX_LEARNING_RATE.into()), ("d_lr", MAX_LEARNING_RATE.into())]
        {
            json[key] = value;
        }
        let settings = Gan1dSettings::from_json(&json.to_string()).unwrap();
        let mut t = Gan1dTrainer::new(settings.config(None).unwrap(), Device::flex().autodiff(), 1).unwrap();
        // Three iterations per snapshot: the report still names the first bad one.
        let (network, step, what) = first_divergence(
            || {
                t.gan.train(3);
                pollster::block_on(t.prepare_snapshot().read()).map(drop)
            },
            10,
        );
        assert!(step >= 1 && step <= t.gan.step(), "{}: iteration {step} of {}", preset, t.gan.step());
        println!("{preset}: the {network}'s {what} at iteration {step}");
        // The page may still ask for these; none may panic (errors are fine).
        let _ = pollster::block_on(t.sample(100));
        let _ = pollster::block_on(t.gan.checkpoint(true));
        t.gan.train(2);
        assert!(matches!(pollster::block_on(t.prepare_snapshot().read()), Err(TrainError::Diverged { .. })));
    }
}

#[test]
fn sgd_at_the_largest_rate_diverges_every_image_preset_and_is_reported() {
    let _rng = lock_rng();
    let digits = Arc::new(real_digits());
    let device = Device::flex().autodiff();
    let judge = Judge::trained(&device.clone().without_autodiff()).unwrap();
    for preset in ["mnist-mlp", "mnist-cgan", "mnist-dcgan"] {
        let mut settings = DigitsSettings::preset(preset, 1).unwrap();
        settings.digit = Some(3);
        let keys = &mut settings.optimizers;
        (keys.g_opt, keys.d_opt, keys.g_lr, keys.d_lr) = (OptimizerKind::Sgd, OptimizerKind::Sgd, MAX_LEARNING_RATE, MAX_LEARNING_RATE);
        let config = settings.config().unwrap().with_batch_size(20);
        let mut t = DigitsTrainer::new(config, digits.clone(), device.clone(), 1).unwrap();
        let (network, step, what) = first_divergence(
            || {
                t.train(1);
                pollster::block_on(t.prepare_judged_snapshot(&judge).read()).map(drop)
            },
            10,
        );
        println!("{preset}: the {network}'s {what} at iteration {step}");
        assert!(step >= 1 && step <= t.step());
        let _ = pollster::block_on(t.sample(8));
        let _ = pollster::block_on(t.latent_walk(4));
        let _ = pollster::block_on(t.checkpoint(true));
        let _ = pollster::block_on(t.export_generator());
        if preset == "mnist-cgan" {
            let _ = pollster::block_on(t.digit_row());
        }
    }
}

#[test]
fn a_settings_json_refuses_an_unknown_optimiser_and_a_rate_past_the_largest() {
    let preset = serde_json::to_value(DigitsSettings::preset("mnist-mlp", 1).unwrap()).unwrap();
    let json = |opt: &str, lr: f64| {
        let mut json = preset.clone();
        (json["d_opt"], json["d_lr"]) = (opt.into(), lr.into());
        json.to_string()
    };
    let optimizers = |opt: &str, lr: f64| DigitsSettings::from_json(&json(opt, lr)).unwrap().config().unwrap().optimizers();
    // Each network its own: D's SGD or RMSprop beside G's Adam.
    assert!(matches!(optimizers("sgd", 0.01), [OptimizerConfig::Adam { .. }, OptimizerConfig::Sgd { learning_rate: 0.01, .. }]));
    assert!(matches!(optimizers("rmsprop", 0.01), [OptimizerConfig::Adam { .. }, OptimizerConfig::RmsProp { .. }]));
    // An optimiser no lab has is refused as the settings are read; a rate past the largest by the config.
    assert!(DigitsSettings::from_json(&json("adamw", 0.01)).is_err());
    assert!(DigitsSettings::from_json(&json("sgd", MAX_LEARNING_RATE * 2.0)).unwrap().config().is_err());
    // The preset's own: Adam at its rate, for both.
    let config = DigitsSettings::preset("mnist-dcgan", 1).unwrap().config().unwrap();
    assert!(config.optimizers().iter().all(|o| matches!(o, OptimizerConfig::Adam { learning_rate: 2e-4, .. })));
}
