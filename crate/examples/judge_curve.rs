//! The judge's verdict on an image preset over training, natively on the CPU, for several
//! seeds: how digit-like G's images typically are after a given number of iterations (the
//! browser's first minute is ~700 `mnist-mlp` iterations on two threads).
//!
//! `cargo run --release --example judge_curve [preset] [seeds] [checkpoints]`, e.g.
//! `… judge_curve mnist-mlp 0,1,2,3 300,500,700,1000,1500` (after `node scripts/mnist-asset.mjs`).

use std::sync::Arc;

use burn::prelude::*;
use gan_playground::data::digits::Digits;
use gan_playground::image_gan::ImageGanConfig;
use gan_playground::image_gan::trainer::ImageGanTrainer;
use gan_playground::models::judge::Judge;

fn list(arg: Option<String>, default: &str) -> Result<Vec<u64>, std::num::ParseIntError> {
    arg.unwrap_or_else(|| default.into()).split(',').map(str::parse).collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let preset = args.next().unwrap_or_else(|| "mnist-mlp".into());
    let seeds = list(args.next(), "0,1,2,3")?;
    let checkpoints = list(args.next(), "300,500,700,1000,1500")?;
    let config = match preset.as_str() {
        "mnist-mlp" => ImageGanConfig::mnist_mlp(),
        "mnist-dcgan" => ImageGanConfig::mnist_dcgan(),
        "mnist-cgan" => ImageGanConfig::mnist_cgan(0),
        other => return Err(format!("unknown image preset {other}").into()),
    };
    let asset = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../public/data/mnist-10k.bin"))?;
    let digits = Arc::new(Digits::from_asset(&asset)?);
    let judge = Judge::trained(&Device::flex())?;
    println!("{preset}: judge's confident share · classes · Inception Score at iterations {checkpoints:?}");
    for seed in seeds {
        let mut trainer = ImageGanTrainer::new(config.clone(), digits.clone(), Device::flex().autodiff(), seed)?;
        let mut row = Vec::new();
        for &at in &checkpoints {
            trainer.train((at - trainer.step()) as u32);
            let snapshot = pollster::block_on(trainer.prepare_judged_snapshot(&judge).read())?;
            let score = snapshot.judge.ok_or("no judge score")?;
            row.push(format!("{:>3.0} % · {} · {:.2}", score.confident * 100.0, score.classes, score.inception_score));
        }
        println!("seed {seed}: {}", row.join("  |  "));
    }
    Ok(())
}
