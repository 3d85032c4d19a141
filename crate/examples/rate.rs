//! Native training speed of a preset on the CPU backend, measured like shared/bench/peers:
//! a warm-up, then timed windows that each end with a read-back; the median is printed.
//!
//! `cargo run --release --example rate [preset] [windows]`

use std::time::{Duration, Instant};

use burn::prelude::*;
use gan_playground::config::Preset;
use gan_playground::train::Gan1dTrainer;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let id = args.next().unwrap_or_else(|| "seed000-1d".into());
    let windows: usize = args.next().map(|w| w.parse()).transpose()?.unwrap_or(7).max(1);
    let preset = Preset::from_id(&id).ok_or(format!("unknown preset {id}"))?;
    let device = Device::flex().autodiff();
    let mut trainer = Gan1dTrainer::new(preset.config(), device, 0)?;

    let read_back = |t: &mut Gan1dTrainer| pollster::block_on(t.sample(1));
    let first = Instant::now();
    trainer.train(1);
    read_back(&mut trainer)?;
    let first = first.elapsed();

    // Warm-up for 2 s, then size windows to about 2 s each.
    let (mut n, warm) = (1u32, Instant::now());
    while warm.elapsed() < Duration::from_secs(2) {
        trainer.train(n);
        read_back(&mut trainer)?;
        n = (n * 2).min(4096);
    }
    let per_it = warm.elapsed().as_secs_f64() / f64::from(trainer.step() as u32);
    let per_window = ((2.0 / per_it) as u32).max(1);
    let mut rates: Vec<f64> = (0..windows)
        .map(|_| {
            let start = Instant::now();
            trainer.train(per_window);
            read_back(&mut trainer).map(|_| f64::from(per_window) / start.elapsed().as_secs_f64())
        })
        .collect::<Result<_, _>>()?;
    rates.sort_by(f64::total_cmp);
    println!(
        "{id} native flex CPU: median {:.1} it/s (min {:.1}, max {:.1}; {windows} windows of {per_window} it); first iteration {:.1} ms",
        rates[rates.len() / 2],
        rates[0],
        rates[rates.len() - 1],
        first.as_secs_f64() * 1e3
    );
    Ok(())
}
