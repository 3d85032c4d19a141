//! Native training speed of a preset on the CPU backend, measured like shared/bench/peers:
//! the first iteration timed alone, ≥ 2 s of warm-up, a calibration, then timed windows of
//! ~2 s that each end with a read-back; the median, min and max over the windows.
//!
//! `cargo run --release --example rate [preset] [windows] [window seconds] [--json]`
//!
//! Presets: the 1D presets (model A of the peers is `seed000-1d`) and the image presets
//! (model B is `mnist-mlp`; they train on public/data/mnist-10k.bin, which
//! `node scripts/mnist-asset.mjs` writes).
//! `--json` adds one line of JSON (what `npm run bench` reads).

use std::error::Error;
use std::sync::Arc;
use std::time::{Duration, Instant};

use burn::prelude::*;
use gan_playground::labs::digits::config::DigitsConfig;
use gan_playground::labs::digits::data::Digits;
use gan_playground::labs::digits::trainer::DigitsTrainer;
use gan_playground::labs::gan1d::config::Gan1dConfig;
use gan_playground::labs::gan1d::trainer::Gan1dTrainer;

/// Where `node scripts/mnist-asset.mjs` writes the digits.
const DIGITS_ASSET: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/data/mnist-10k.bin");

/// A trainer of either kind, as far as timing it goes.
trait Timed {
    fn train(&mut self, iterations: u32);
    /// A read-back that waits for every queued iteration (the peers' window end).
    fn read_back(&mut self) -> Result<(), Box<dyn Error>>;
}

impl Timed for Gan1dTrainer {
    fn train(&mut self, iterations: u32) {
        self.gan.train(iterations);
    }
    fn read_back(&mut self) -> Result<(), Box<dyn Error>> {
        // One sample of G after its latest step: depends on every step before it.
        pollster::block_on(self.sample(1))?;
        Ok(())
    }
}

impl Timed for DigitsTrainer {
    fn train(&mut self, iterations: u32) {
        DigitsTrainer::train(self, iterations);
    }
    fn read_back(&mut self) -> Result<(), Box<dyn Error>> {
        // The page's snapshot: fixed-noise images and the losses, one read-back.
        pollster::block_on(self.snapshot())?;
        Ok(())
    }
}

fn trainer(id: &str) -> Result<Box<dyn Timed>, Box<dyn Error>> {
    let device = Device::flex().autodiff();
    if let Some(config) = DigitsConfig::preset(id) {
        let bytes = std::fs::read(DIGITS_ASSET)
            .map_err(|e| format!("cannot read {DIGITS_ASSET} ({e}): build it with `node scripts/mnist-asset.mjs`"))?;
        let digits = Arc::new(Digits::from_asset(&bytes)?);
        return Ok(Box::new(DigitsTrainer::new(config, digits, device, 0)?));
    }
    let config = Gan1dConfig::preset(id).map_err(|_| format!("unknown preset {id} (the 1D presets and the image presets)"))?;
    Ok(Box::new(Gan1dTrainer::new(config, device, 0)?))
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let mut positional = args.iter().filter(|a| !a.starts_with("--"));
    let id = positional.next().cloned().unwrap_or_else(|| "seed000-1d".into());
    let windows: usize = positional.next().map(|w| w.parse()).transpose()?.unwrap_or(7).max(1);
    let window_sec: f64 = positional.next().map(|s| s.parse()).transpose()?.unwrap_or(2.0);
    let warmup = Duration::from_secs_f64(window_sec.max(0.5));

    let built = Instant::now();
    let mut trainer = trainer(&id)?;
    let build_ms = built.elapsed().as_secs_f64() * 1e3;

    let first = Instant::now();
    trainer.train(1);
    trainer.read_back()?;
    let first_iter_ms = first.elapsed().as_secs_f64() * 1e3;

    // Warm-up (≥ 2 s by default, a read-back every 10 iterations), then calibration: double a
    // chunk until it takes ≥ 0.3 s, and size the windows from its rate.
    let (mut warmup_iters, warm) = (1u32, Instant::now());
    while warm.elapsed() < warmup || warmup_iters < 5 {
        trainer.train(1);
        warmup_iters += 1;
        if warmup_iters % 10 == 0 {
            trainer.read_back()?;
        }
    }
    trainer.read_back()?;
    let mut chunk = 1u32;
    let rate = loop {
        let start = Instant::now();
        trainer.train(chunk);
        trainer.read_back()?;
        let seconds = start.elapsed().as_secs_f64();
        if seconds >= 0.3 || chunk >= 1 << 16 {
            break f64::from(chunk) / seconds;
        }
        chunk *= 2;
    };
    let per_window = ((rate * window_sec).round() as u32).max(1);
    let rates: Vec<f64> = (0..windows)
        .map(|_| {
            let start = Instant::now();
            trainer.train(per_window);
            trainer.read_back().map(|_| f64::from(per_window) / start.elapsed().as_secs_f64())
        })
        .collect::<Result<_, _>>()?;
    let mut sorted = rates.clone();
    sorted.sort_by(f64::total_cmp);
    let (median, min, max) = (sorted[sorted.len() / 2], sorted[0], sorted[sorted.len() - 1]);
    println!(
        "{id} native flex CPU: median {median:.1} it/s (min {min:.1}, max {max:.1}; {windows} windows of {per_window} it); first iteration {first_iter_ms:.1} ms"
    );
    if json {
        let list = rates.iter().map(|r| format!("{r}")).collect::<Vec<_>>().join(",");
        println!(
            "{{\"preset\":\"{id}\",\"median\":{median},\"min\":{min},\"max\":{max},\"windows\":[{list}],\"itersPerWindow\":{per_window},\"firstIterMs\":{first_iter_ms},\"buildMs\":{build_ms},\"warmupIters\":{warmup_iters}}}"
        );
    }
    Ok(())
}
