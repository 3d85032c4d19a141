//! The project's judge for images made outside burn (bench/first-minute's PyTorch twin): writes a
//! run's judge noise, and scores images as the page's judge does.
//!
//! `cargo run --release --example judge_images -- noise <seed> <latent> <out.f32>`: the
//! [`JUDGED_SAMPLES`] noise vectors of a run of `seed`, raw little-endian f32.
//! `cargo run --release --example judge_images -- score <images.f32>…`: one JSON line per file
//! (images `n × 784`, raw little-endian f32 in [−1, 1]): `{"file", "confident", "classes",
//! "inceptionScore"}`.

use burn::prelude::*;
use gan_playground::labs::digits::data::PIXELS;
use gan_playground::labs::digits::trainer::{JUDGED_SAMPLES, judge_noise};
use gan_playground::models::judge::{Judge, JudgeScore};

fn floats(bytes: &[u8]) -> Vec<f32> {
    bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("noise") => {
            let [_, seed, latent, out] = args.as_slice() else {
                return Err("usage: judge_images noise <seed> <latent> <out.f32>".into());
            };
            let noise = judge_noise(seed.parse()?, latent.parse()?).try_to_vec::<f32>().map_err(|e| format!("{e:?}"))?;
            std::fs::write(out, noise.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>())?;
            eprintln!("{JUDGED_SAMPLES} noise vectors of width {latent} → {out}");
        }
        Some("score") => {
            let device = Device::flex();
            let judge = Judge::trained(&device)?;
            for file in &args[1..] {
                let pixels = floats(&std::fs::read(file)?);
                let n = pixels.len() / PIXELS;
                let images = Tensor::from_data(TensorData::new(pixels, [n, PIXELS]), &device);
                let probabilities = judge.probabilities(images).into_data().try_to_vec::<f32>().map_err(|e| format!("{e:?}"))?;
                let score = JudgeScore::from_probabilities(&probabilities);
                println!(
                    "{{\"file\":{file:?},\"confident\":{},\"classes\":{},\"inceptionScore\":{}}}",
                    score.confident, score.classes, score.inception_score
                );
            }
        }
        _ => return Err("usage: judge_images noise <seed> <latent> <out.f32> | score <images.f32>…".into()),
    }
    Ok(())
}
