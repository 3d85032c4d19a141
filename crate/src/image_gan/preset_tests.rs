//! The trainer and its views on every preset (`mnist-mlp`'s own training test sits in
//! `trainer.rs`): seeded runs, short runs on the real digits, `mnist-cgan`'s labels, BatchNorm's
//! modes, and generator files.

use std::sync::Arc;

use burn::prelude::*;

use super::ImageGanConfig;
use super::networks::ImageGenerator;
use super::snapshot::ImageSnapshot;
use super::trainer::ImageGanTrainer;
use crate::data::digits::test_data::real_digits;
use crate::data::digits::{CLASSES, Digits, PIXELS};
use crate::error::TrainError;
use crate::models::mnist_cgan::one_hot;
use crate::test_support::lock_rng;

fn trainer(config: ImageGanConfig, digits: &Arc<Digits>, seed: u64) -> ImageGanTrainer {
    ImageGanTrainer::new(config, digits.clone(), Device::flex().autodiff(), seed).unwrap()
}

fn snapshot(trainer: &mut ImageGanTrainer) -> ImageSnapshot {
    pollster::block_on(trainer.snapshot()).unwrap()
}

/// Mean |a − b| over pixels.
fn mean_difference(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<f32>() / a.len() as f32
}

fn in_unit(images: &[f32]) -> bool {
    images.iter().all(|p| (0.0..=1.0).contains(p))
}

#[test]
fn dcgan_and_cgan_same_seed_same_first_losses() {
    let _rng = lock_rng();
    let digits = Arc::new(real_digits());
    // mnist-dcgan at batch 20: its steps cost ~1 s at batch 100 natively.
    for config in [ImageGanConfig::mnist_dcgan().with_batch_size(20), ImageGanConfig::mnist_cgan(4)] {
        let mut a = trainer(config.clone(), &digits, 21);
        a.train(2);
        let after_two = snapshot(&mut a);
        let mut b = trainer(config.clone(), &digits, 21);
        b.train(2);
        assert!(snapshot(&mut b) == after_two, "same seed, same run");
        // The first losses sit near chance: D ≈ 2·ln 2, G ≈ ln 2.
        let (d, g) = (after_two.discriminator_losses[0], after_two.generator_losses[0]);
        assert!((1.0..1.8).contains(&d) && (0.3..1.2).contains(&g), "d = {d}, g = {g}");
        let mut other = trainer(config, &digits, 22);
        other.train(2);
        assert!(snapshot(&mut other).samples != after_two.samples, "another seed, another run");
    }
}

/// A short run on the real digits: every loss finite, and the fixed-noise images change and
/// move towards the data's mean brightness (0.13; an untrained G paints mid-grey).
fn short_run(config: ImageGanConfig, iterations: u32) {
    let digits = Arc::new(real_digits());
    let mut t = trainer(config, &digits, 0);
    let before = snapshot(&mut t).samples;
    t.train(iterations);
    let s = snapshot(&mut t);
    let losses: Vec<f32> = s.discriminator_losses.iter().chain(&s.generator_losses).copied().collect();
    assert_eq!(losses.len(), 2 * iterations as usize);
    assert!(losses.iter().all(|l| l.is_finite()), "every loss is finite");
    let changed = mean_difference(&before, &s.samples);
    assert!(changed > 0.1, "the images changed by only {changed} per pixel");
    let mean = |x: &[f32]| x.iter().sum::<f32>() / x.len() as f32;
    let (mean_before, mean_after) = (mean(&before), mean(&s.samples));
    assert!((mean_after - 0.13).abs() < (mean_before - 0.13).abs(), "brightness {mean_before} → {mean_after}");
}

#[test]
fn mnist_dcgan_trains_on_real_digits() {
    let _rng = lock_rng();
    // Batch 20, not 100: a step at batch 100 takes ~1 s natively.
    short_run(ImageGanConfig::mnist_dcgan().with_batch_size(20), 60);
}

#[test]
fn mnist_cgan_trains_on_real_digits() {
    let _rng = lock_rng();
    short_run(ImageGanConfig::mnist_cgan(2), 100);
}

/// Every grid cell is G's image of its fixed noise asked for the configured digit; the row
/// asks one noise vector for 0–9.
#[test]
fn cgan_grid_draws_the_chosen_digit_and_the_row_all_ten() {
    let _rng = lock_rng();
    let digits = Arc::new(real_digits());
    let mut t = trainer(ImageGanConfig::mnist_cgan(3).with_visual_samples(9), &digits, 5);
    t.train(20);
    let grid = snapshot(&mut t).samples;
    let plain = Device::flex();
    let drawn_as = |digit: u8| {
        let noise = t.fixed_noise.clone().without_autodiff();
        let images = t.generator.valid().forward(noise, Some(one_hot(&[digit; 9], &plain)));
        images.add_scalar(1.0).mul_scalar(0.5).into_data().try_to_vec::<f32>().unwrap()
    };
    assert!(mean_difference(&grid, &drawn_as(3)) < 1e-6, "every cell is a 3");
    assert!(mean_difference(&grid, &drawn_as(8)) > 1e-3, "the label matters");
    let row = pollster::block_on(t.digit_row()).unwrap();
    assert_eq!(row.len(), CLASSES * PIXELS);
    assert!(in_unit(&row));
    let (zero, nine) = (&row[..PIXELS], &row[9 * PIXELS..]);
    assert!(mean_difference(zero, nine) > 1e-3, "0 and 9 differ");
    // The same seed with another digit: same weights and noise, another grid.
    let mut other = trainer(ImageGanConfig::mnist_cgan(8).with_visual_samples(9), &digits, 5);
    other.train(20);
    assert!(mean_difference(&snapshot(&mut other).samples, &drawn_as(8)) < 1e-6);
    // The real grid beside it shows real 3s (the asset's first nine of them); an unconditional
    // preset shows the first images whatever their class.
    let labels = digits.labels().unwrap();
    let threes: Vec<usize> = (0..digits.len()).filter(|&i| labels[i] == 3).take(9).collect();
    let expected: Vec<f32> = digits.images(&threes).into_iter().map(|x| (x + 1.0) * 0.5).collect();
    assert_eq!(t.real_images(9), expected);
    // The unconditional presets have no row to draw.
    let mlp = trainer(ImageGanConfig::mnist_mlp(), &digits, 5);
    let first: Vec<usize> = (0..9).collect();
    assert_eq!(mlp.real_images(9), digits.images(&first).into_iter().map(|x| (x + 1.0) * 0.5).collect::<Vec<_>>());
    assert!(matches!(pollster::block_on(mlp.digit_row()), Err(TrainError::Settings(_))));
}

#[test]
fn cgan_refuses_images_without_labels() {
    let _rng = lock_rng();
    let pixels = real_digits().image_bytes(0).unwrap().repeat(3);
    let unlabelled = Arc::new(Digits::new(pixels, None).unwrap());
    let device = Device::flex().autodiff();
    match ImageGanTrainer::new(ImageGanConfig::mnist_cgan(0), unlabelled.clone(), device.clone(), 1) {
        Err(TrainError::Data(message)) => assert!(message.contains("labels"), "{message}"),
        Err(other) => panic!("expected a data error, got {other:?}"),
        Ok(_) => panic!("mnist-cgan trained on images without labels"),
    }
    assert!(ImageGanTrainer::new(ImageGanConfig::mnist_dcgan(), unlabelled, device, 1).is_ok());
}

/// mnist-dcgan's BatchNorm: training steps move the running statistics (batch statistics in
/// training mode); every image shown is drawn in eval mode, so it does not depend on the images
/// drawn with it.
#[test]
fn dcgan_trains_with_batch_statistics_and_draws_with_running_ones() {
    let _rng = lock_rng();
    let digits = Arc::new(real_digits());
    let mut t = trainer(ImageGanConfig::mnist_dcgan().with_batch_size(16), &digits, 2);
    let running = |t: &ImageGanTrainer| match &t.generator {
        ImageGenerator::Dcgan(g) => g.norm_1.running_mean.value_sync().into_data().try_to_vec::<f32>().unwrap(),
        _ => panic!("a DCGAN generator"),
    };
    let fresh = running(&t);
    assert!(fresh.iter().all(|&m| m == 0.0));
    t.train(2);
    let trained = running(&t);
    assert!(trained.iter().any(|&m| m != 0.0), "training updates the running statistics");
    // A walk of 2 frames and one of 8 start from the same code: the same first image.
    let short = pollster::block_on(t.latent_walk(2)).unwrap();
    let long = pollster::block_on(t.latent_walk(8)).unwrap();
    assert_eq!(mean_difference(&short[..PIXELS], &long[..PIXELS]), 0.0);
    // Snapshots and samples leave the running statistics alone.
    let _ = snapshot(&mut t);
    let _ = pollster::block_on(t.sample(5)).unwrap();
    assert_eq!(running(&t), trained);
}

/// For each preset: another run (another seed) takes a run's exported generator and draws the
/// same walk (for mnist-dcgan, with the same running statistics), then trains on; a file of
/// another preset, or a broken one, is refused.
#[test]
fn generator_export_import_round_trip_on_every_preset() {
    let _rng = lock_rng();
    let digits = Arc::new(real_digits());
    let presets = [ImageGanConfig::mnist_mlp(), ImageGanConfig::mnist_dcgan(), ImageGanConfig::mnist_cgan(6)];
    let mut files = Vec::new();
    for config in presets.iter().map(|c| c.clone().with_batch_size(16)) {
        let mut a = trainer(config.clone(), &digits, 1);
        a.train(3);
        let walk = pollster::block_on(a.latent_walk(8)).unwrap();
        assert_eq!(walk.len(), 8 * PIXELS);
        assert!(in_unit(&walk));
        assert_ne!(walk[..PIXELS], walk[7 * PIXELS..], "the walk's ends differ");
        let bytes = pollster::block_on(a.export_generator()).unwrap();
        let mut b = trainer(config, &digits, 2);
        assert_ne!(pollster::block_on(b.latent_walk(8)).unwrap(), walk);
        b.import_generator(&bytes).unwrap();
        assert_eq!(pollster::block_on(b.latent_walk(8)).unwrap(), walk);
        b.train(1); // and trains on from there
        let junk = b.import_generator(b"not a record").expect_err("junk is refused").to_string();
        assert!(junk.contains("it is not a weights file burn can read"), "{junk}");
        assert!(b.import_generator(&bytes[..bytes.len() / 2]).is_err());
        files.push(bytes);
    }
    for (i, config) in presets.into_iter().enumerate() {
        let mut t = trainer(config, &digits, 3);
        for (j, file) in files.iter().enumerate().filter(|(j, _)| *j != i) {
            let refused = t.import_generator(file).expect_err("another preset's generator is refused");
            let message = refused.to_string();
            assert!(message.contains("its weights are of another network"), "preset {i} on preset {j}'s generator: {message}");
            assert!(message.chars().count() < 300, "a sentence, not a list of tensors: {message}");
        }
    }
}

/// For each preset: a checkpoint restored into a fresh trainer of the same seed gives the same
/// step, the same grid and — restored twice — the same continuation; the optimiser state
/// travels too (a continuation without it differs). A damaged checkpoint or one of another
/// preset is refused and leaves the trainer as it was.
#[test]
fn checkpoint_restores_networks_optimisers_and_step_on_every_preset() {
    let _rng = lock_rng();
    let digits = Arc::new(real_digits());
    let presets = [ImageGanConfig::mnist_mlp(), ImageGanConfig::mnist_dcgan(), ImageGanConfig::mnist_cgan(6)];
    let mut files = Vec::new();
    for config in presets.iter().map(|c| c.clone().with_batch_size(16)) {
        let mut a = trainer(config.clone(), &digits, 1);
        a.train(5);
        let grid = snapshot(&mut a).samples;
        let bytes = pollster::block_on(a.checkpoint(true)).unwrap();
        let continued = |with: &[u8]| {
            let mut t = trainer(config.clone(), &digits, 1);
            t.restore(with).unwrap();
            assert_eq!(t.step(), 5);
            let restored_grid = snapshot(&mut t).samples;
            t.train(3);
            let s = snapshot(&mut t);
            (restored_grid, s.discriminator_losses, s.samples)
        };
        let (restored_grid, losses, after) = continued(&bytes);
        assert_eq!(restored_grid, grid, "the restored G draws the same grid");
        assert_eq!(losses.len(), 3);
        assert!(losses.iter().all(|l| l.is_finite()));
        assert_eq!(continued(&bytes), (restored_grid.clone(), losses.clone(), after.clone()), "a restore is reproducible");
        let without = pollster::block_on(a.checkpoint(false)).unwrap();
        assert!(without.len() < bytes.len());
        assert_ne!(continued(&without).2, after, "Adam's moments are part of the checkpoint");

        let mut b = trainer(config, &digits, 2);
        let before = snapshot(&mut b).samples;
        assert!(b.restore(b"GANPCK01 not a checkpoint").is_err());
        assert!(b.restore(&bytes[..bytes.len() - 1]).is_err());
        assert_eq!(b.step(), 0);
        assert_eq!(snapshot(&mut b).samples, before);
        files.push(bytes);
    }
    for (i, config) in presets.into_iter().enumerate() {
        let mut t = trainer(config, &digits, 3);
        for (j, file) in files.iter().enumerate().filter(|(j, _)| *j != i) {
            assert!(t.restore(file).is_err(), "preset {i} took preset {j}'s checkpoint");
            assert_eq!(t.step(), 0);
        }
    }
}

/// Native speed of each preset (batch 100, CPU backend): `cargo test --release -p
/// gan-playground iterations_per_second -- --ignored --nocapture`.
#[test]
#[ignore]
fn iterations_per_second() {
    let _rng = lock_rng();
    let digits = Arc::new(real_digits());
    for (name, config) in [
        ("mnist-mlp", ImageGanConfig::mnist_mlp()),
        ("mnist-dcgan", ImageGanConfig::mnist_dcgan()),
        ("mnist-cgan", ImageGanConfig::mnist_cgan(0)),
    ] {
        let mut t = trainer(config, &digits, 0);
        t.train(3);
        let _ = snapshot(&mut t);
        let start = std::time::Instant::now();
        t.train(50);
        let _ = snapshot(&mut t);
        let seconds = start.elapsed().as_secs_f64();
        println!("{name}: 50 iterations in {seconds:.2} s, {:.1} it/s", 50.0 / seconds);
    }
}

/// The label steers G: after 2,000 iterations (~2 min natively; too slow for every run) the
/// judge reads at least 40 % of 100 images, ten per label, as their label (seed 0: 55 % at
/// 1,500, 56 % at 2,000; chance is 10 %), and `digit_row` mostly as 0–9 in order. `cargo test
/// --release -p gan-playground cgan_labels -- --ignored --nocapture`.
#[test]
#[ignore]
fn cgan_labels_read_back_by_the_judge_after_2000_iterations() {
    use crate::models::judge::Judge;
    let _rng = lock_rng();
    let digits = Arc::new(real_digits());
    let plain = Device::flex();
    let judge = Judge::trained(&plain).unwrap();
    let mut t = trainer(ImageGanConfig::mnist_cgan(0), &digits, 0);
    let labels: Vec<u8> = (0..100).map(|i| (i % CLASSES) as u8).collect();
    let noise = Tensor::<2>::random([100, 100], burn::tensor::Distribution::Normal(0.0, 1.0), &plain);
    let verdicts = |probabilities: Vec<f32>| -> Vec<usize> {
        let best = |row: &[f32]| (0..CLASSES).fold(0, |b, i| if row[i] > row[b] { i } else { b });
        probabilities.chunks(CLASSES).map(best).collect()
    };
    let (mut read_back, mut row_in_order) = (0, 0);
    for round in 1..=4 {
        t.train(500);
        let _ = snapshot(&mut t);
        let images = t.generator.valid().forward(noise.clone(), Some(one_hot(&labels, &plain)));
        let verdict = verdicts(judge.probabilities(images).into_data().try_to_vec::<f32>().unwrap());
        read_back = verdict.iter().zip(&labels).filter(|(v, l)| **v == usize::from(**l)).count();
        let row: Vec<f32> = pollster::block_on(t.digit_row()).unwrap().iter().map(|x| x * 2.0 - 1.0).collect();
        let row = Tensor::<2>::from_data(TensorData::new(row, [CLASSES, PIXELS]), &plain);
        let row_verdict = verdicts(judge.probabilities(row).into_data().try_to_vec::<f32>().unwrap());
        row_in_order = row_verdict.iter().enumerate().filter(|(i, v)| i == *v).count();
        println!("{} iterations: {read_back}/100 read as their label; the row reads {row_verdict:?}", round * 500);
    }
    assert!(read_back >= 40, "only {read_back}/100 read back as their label");
    assert!(row_in_order >= 5, "only {row_in_order} of the row's digits in place");
}
