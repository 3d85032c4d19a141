//! The judge's verdict on an image preset over training, natively on the CPU, for several
//! seeds: how digit-like G's images typically are after a number of iterations, or after a
//! number of seconds of training (the judging itself is not counted), as bench/first-minute
//! measures the page.
//!
//! `cargo run --release --example judge_curve [preset] [seeds] [checkpoints] [--json]`, e.g.
//! `… judge_curve mnist-mlp 0,1,2,3 300,500,700,1000,1500` or
//! `… judge_curve mnist-minute 0,1,2 15s,30s,60s,120s` (after `node scripts/mnist-asset.mjs`).
//! `--json` prints one JSON line per seed instead of the table; `--lr=…` (both networks'), `--batch=…` and
//! `--ema=…` (the decay of the average of G's weights; 0: off) try other settings.

use std::sync::Arc;
use std::time::{Duration, Instant};

use burn::prelude::*;
use gan_playground::labs::digits::config::DigitsConfig;
use gan_playground::labs::digits::data::Digits;
use gan_playground::labs::digits::trainer::DigitsTrainer;
use gan_playground::models::judge::Judge;

/// Where training stops to be judged.
#[derive(Clone, Copy, Debug)]
enum Checkpoint {
    Iterations(u64),
    Seconds(f64),
}

fn checkpoints(arg: &str) -> Result<Vec<Checkpoint>, Box<dyn std::error::Error>> {
    arg.split(',')
        .map(|x| match x.strip_suffix('s') {
            Some(seconds) => Ok(Checkpoint::Seconds(seconds.parse()?)),
            None => Ok(Checkpoint::Iterations(x.parse()?)),
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let mut positional = args.iter().filter(|a| !a.starts_with("--")).cloned();
    let preset = positional.next().unwrap_or_else(|| "mnist-mlp".into());
    let seeds: Vec<u64> = positional.next().unwrap_or_else(|| "0,1,2,3".into()).split(',').map(str::parse).collect::<Result<_, _>>()?;
    let checkpoints = checkpoints(&positional.next().unwrap_or_else(|| "300,500,700,1000,1500".into()))?;
    let mut config = DigitsConfig::preset(&preset).ok_or(format!("unknown image preset {preset}"))?;
    // Experiments: `--lr=…`, `--batch=…`, `--ema=…` (the decay; 0: off) change the preset.
    for arg in args.iter().filter_map(|a| a.strip_prefix("--")) {
        match arg.split_once('=') {
            Some(("lr", x)) => {
                let rate = x.parse()?;
                config.generator_optimizer = config.generator_optimizer.with_learning_rate(rate);
                config.discriminator_optimizer = config.discriminator_optimizer.with_learning_rate(rate);
            }
            Some(("batch", x)) => config.batch_size = x.parse()?,
            Some(("ema", x)) => config.ema_decay = x.parse()?,
            None if arg == "json" => {}
            _ => return Err(format!("unknown option --{arg}").into()),
        }
    }
    let asset = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../public/data/mnist-10k.bin"))?;
    let digits = Arc::new(Digits::from_asset(&asset)?);
    let judge = Judge::trained(&Device::flex())?;
    if !json {
        println!("{preset}: judge's confident share · classes · Inception Score · iteration at {checkpoints:?}");
    }
    for seed in seeds {
        let mut trainer = DigitsTrainer::new(config.clone(), digits.clone(), Device::flex().autodiff(), seed)?;
        let (mut row, mut points) = (Vec::new(), Vec::new());
        let mut trained = Duration::ZERO;
        for &at in &checkpoints {
            match at {
                Checkpoint::Iterations(n) => {
                    let started = Instant::now();
                    trainer.train(n.saturating_sub(trainer.step()) as u32);
                    // A read-back, so that the time counts the work queued.
                    pollster::block_on(trainer.snapshot())?;
                    trained += started.elapsed();
                }
                Checkpoint::Seconds(seconds) => {
                    let budget = Duration::from_secs_f64(seconds);
                    while trained < budget {
                        let started = Instant::now();
                        trainer.train(1);
                        pollster::block_on(trainer.snapshot())?;
                        trained += started.elapsed();
                    }
                }
            }
            let snapshot = pollster::block_on(trainer.prepare_judged_snapshot(&judge).read())?;
            let score = snapshot.judge.ok_or("no judge score")?;
            row.push(format!(
                "{:>3.0} % · {} · {:.2} · it {}",
                score.confident * 100.0,
                score.classes,
                score.inception_score,
                trainer.step()
            ));
            points.push(format!(
                "{{\"at\":\"{at:?}\",\"seconds\":{:.1},\"iteration\":{},\"confident\":{},\"classes\":{},\"inceptionScore\":{}}}",
                trained.as_secs_f64(),
                trainer.step(),
                score.confident,
                score.classes,
                score.inception_score
            ));
        }
        if json {
            println!("{{\"preset\":{preset:?},\"seed\":{seed},\"points\":[{}]}}", points.join(","));
        } else {
            println!("seed {seed}: {}", row.join("  |  "));
        }
    }
    Ok(())
}
