//! W1 to the target over training, for tuning presets (native CPU backend):
//!
//! `cargo run --release --example w1 -- <preset> <iterations> <every> <seeds> ['{"g_lr":0.002}']`
//!
//! Prints, per seed, W1 at every checkpoint and the wall time to the first W1 ≤ 0.06.

use std::time::Instant;

use burn::prelude::*;
use gan_playground::labs::gan1d::settings::Gan1dSettings;
use gan_playground::labs::gan1d::trainer::Gan1dTrainer;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: &str| args.get(i).cloned().unwrap_or_else(|| default.to_string());
    let preset = arg(0, "tuned-1d");
    let iterations: u64 = arg(1, "10000").parse()?;
    let every: u32 = arg(2, "500").parse()?;
    let seeds: u32 = arg(3, "3").parse()?;
    let overrides: serde_json::Value = serde_json::from_str(&arg(4, "{}"))?;
    for seed in 0..seeds {
        let settings = Gan1dSettings::preset(&preset, seed)?;
        let mut json = serde_json::to_value(&settings)?;
        if let (Some(target), Some(extra)) = (json.as_object_mut(), overrides.as_object()) {
            target.extend(extra.clone());
        }
        let settings = Gan1dSettings::from_json(&json.to_string())?;
        let mut trainer = Gan1dTrainer::new(settings.config(None)?, Device::flex().autodiff(), u64::from(seed))?;
        let start = Instant::now();
        let mut line = String::new();
        let mut reached = None;
        while trainer.gan.step() < iterations {
            trainer.gan.train(every);
            let s = pollster::block_on(trainer.prepare_snapshot().read())?;
            line += &format!(" {:.3}", s.w1);
            if reached.is_none() && s.w1 <= 0.06 {
                reached = Some((trainer.gan.step(), start.elapsed().as_secs_f64()));
            }
        }
        let reached = reached.map_or("never".into(), |(it, t)| format!("it {it}, {t:.1} s"));
        println!("seed {seed}: W1 ≤ 0.06 at {reached}; every {every}:{line}");
    }
    Ok(())
}
