//! The trainer and its views on every preset (`mnist-mlp`'s own training test sits in
//! `trainer.rs`): seeded runs, short runs on the real digits, `mnist-cgan`'s labels, BatchNorm's
//! modes, and generator files.

use std::sync::Arc;

use burn::prelude::*;

use super::config::DigitsConfig;
use super::networks::ImageGenerator;
use super::snapshot::DigitsSnapshot;
use super::trainer::{DigitsTrainer, JUDGED_SAMPLES, judge_noise};
use crate::error::TrainError;
use crate::labs::digits::data::test_data::real_digits;
use crate::labs::digits::data::{CLASSES, Digits, PIXELS};
use crate::models::judge::{Judge, JudgeScore};
use crate::models::mnist_cgan::one_hot;
use crate::test_support::lock_rng;

fn trainer(config: DigitsConfig, digits: &Arc<Digits>, seed: u64) -> DigitsTrainer {
    DigitsTrainer::new(config, digits.clone(), Device::flex().autodiff(), seed).unwrap()
}

fn snapshot(trainer: &mut DigitsTrainer) -> DigitsSnapshot {
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
fn dcgan_cgan_and_minute_same_seed_same_first_losses() {
    let _rng = lock_rng();
    let digits = Arc::new(real_digits());
    // mnist-dcgan at batch 20: its steps cost ~1 s at batch 100 natively.
    for config in [DigitsConfig::mnist_dcgan().with_batch_size(20), DigitsConfig::mnist_cgan(), DigitsConfig::mnist_minute()] {
        let mut a = trainer(config.clone(), &digits, 21);
        a.train(2);
        let after_two = snapshot(&mut a);
        let mut b = trainer(config.clone(), &digits, 21);
        b.train(2);
        assert!(snapshot(&mut b) == after_two, "same seed, same run");
        // The first losses sit near chance: D ≈ 2·ln 2, G ≈ ln 2.
        let (d, g) = (after_two.losses.discriminator_losses[0], after_two.losses.generator_losses[0]);
        assert!((1.0..1.8).contains(&d) && (0.3..1.4).contains(&g), "d = {d}, g = {g}");
        let mut other = trainer(config, &digits, 22);
        other.train(2);
        assert!(snapshot(&mut other).samples != after_two.samples, "another seed, another run");
    }
}

/// A short run on the real digits: every loss finite, and the fixed-noise images change and
/// move towards the data's mean brightness (0.13; an untrained G paints mid-grey).
fn short_run(config: DigitsConfig, iterations: u32) {
    let digits = Arc::new(real_digits());
    let mut t = trainer(config, &digits, 0);
    let before = snapshot(&mut t).samples;
    t.train(iterations);
    let s = snapshot(&mut t);
    let losses: Vec<f32> = s.losses.discriminator_losses.iter().chain(&s.losses.generator_losses).copied().collect();
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
    short_run(DigitsConfig::mnist_dcgan().with_batch_size(20), 60);
}

#[test]
fn mnist_cgan_trains_on_real_digits() {
    let _rng = lock_rng();
    short_run(DigitsConfig::mnist_cgan(), 100);
}

/// The digit on view is a view of the run, not part of it: every grid cell is G's image of its
/// fixed noise asked for the digit on view; another digit draws the same noise as that digit,
/// and the run goes on exactly as one whose view never changed. Every digit on view: `side`
/// rows of 0–9, each row one noise vector. The row asks one noise vector for 0–9.
#[test]
fn the_digit_on_view_changes_the_grid_not_the_run() {
    let _rng = lock_rng();
    let digits = Arc::new(real_digits());
    let config = DigitsConfig::mnist_cgan().with_visual_samples(9);
    let mut t = trainer(config.clone(), &digits, 5);
    t.set_view_digit(Some(3)).unwrap();
    t.train(20);
    let grid = snapshot(&mut t);
    let plain = Device::flex();
    let drawn = |t: &DigitsTrainer, rows: &[usize], labels: &[u8]| {
        let all = t.fixed_noise.clone().without_autodiff();
        let index = Tensor::<1, Int>::from_data(TensorData::new(rows.iter().map(|&r| r as i64).collect(), [rows.len()]), &plain);
        let images = t.view_generator().forward(all.select(0, index), Some(one_hot(labels, &plain)));
        images.add_scalar(1.0).mul_scalar(0.5).into_data().try_to_vec::<f32>().unwrap()
    };
    let first_nine: Vec<usize> = (0..9).collect();
    assert_eq!((grid.samples.len(), grid.columns), (9 * PIXELS, 3));
    assert!(mean_difference(&grid.samples, &drawn(&t, &first_nine, &[3; 9])) < 1e-6, "every cell is a 3");
    assert!(mean_difference(&grid.samples, &drawn(&t, &first_nine, &[8; 9])) > 1e-3, "the label matters");
    t.set_view_digit(Some(8)).unwrap();
    let eights = snapshot(&mut t);
    assert_eq!(eights.losses.step, 20, "a new digit on view is not a new run");
    assert!(mean_difference(&eights.samples, &drawn(&t, &first_nine, &[8; 9])) < 1e-6);
    t.set_view_digit(None).unwrap();
    let every = snapshot(&mut t);
    assert_eq!((every.samples.len(), every.columns), (3 * CLASSES * PIXELS, CLASSES));
    let rows: Vec<usize> = (0..3).flat_map(|r| [r; CLASSES]).collect();
    let labels: Vec<u8> = (0..3 * CLASSES).map(|i| (i % CLASSES) as u8).collect();
    assert!(mean_difference(&every.samples, &drawn(&t, &rows, &labels)) < 1e-6, "rows of 0–9");
    assert!(t.set_view_digit(Some(10)).is_err());
    // The run went on as one that never changed its view.
    t.train(5);
    let mut same = trainer(config, &digits, 5);
    same.train(25);
    let (a, b) = (snapshot(&mut t), snapshot(&mut same));
    assert_eq!(
        (a.losses.step, a.losses.discriminator_loss, a.losses.generator_loss),
        (b.losses.step, b.losses.discriminator_loss, b.losses.generator_loss)
    );
    let row = pollster::block_on(t.digit_row()).unwrap();
    assert_eq!(row.len(), CLASSES * PIXELS);
    assert!(in_unit(&row));
    let (zero, nine) = (&row[..PIXELS], &row[9 * PIXELS..]);
    assert!(mean_difference(zero, nine) > 1e-3, "0 and 9 differ");
    // The real grid beside it shows real digits in the same layout: the asset's first nine 3s
    // for the 3s; for every digit, a column of each. An unconditional preset shows the first
    // images whatever their class, and has no digit to choose or row to draw.
    let labels = digits.labels().unwrap();
    let first_of = |digit: u8, n: usize| (0..digits.len()).filter(|&i| labels[i] == digit).take(n).collect::<Vec<_>>();
    let pixels = |indices: &[usize]| digits.images(indices).into_iter().map(|x| (x + 1.0) * 0.5).collect::<Vec<f32>>();
    t.set_view_digit(Some(3)).unwrap();
    assert_eq!(t.real_images(), (pixels(&first_of(3, 9)), 3));
    t.set_view_digit(None).unwrap();
    let (real, columns) = t.real_images();
    assert_eq!((real.len(), columns), (3 * CLASSES * PIXELS, CLASSES));
    assert_eq!(real[7 * PIXELS..8 * PIXELS], pixels(&first_of(7, 1))[..], "row 0, column 7: the first 7");
    assert_eq!(real[(CLASSES + 7) * PIXELS..(CLASSES + 8) * PIXELS], pixels(&first_of(7, 2))[PIXELS..], "row 1: the second 7");
    let mut mlp = trainer(DigitsConfig::mnist_mlp().with_visual_samples(9), &digits, 5);
    assert_eq!(mlp.real_images(), (pixels(&first_nine), 3));
    assert!(matches!(mlp.set_view_digit(Some(1)), Err(TrainError::Settings(_))));
    assert!(matches!(pollster::block_on(mlp.digit_row()), Err(TrainError::Settings(_))));
}

/// The grid's size is a view too: its fixed noise comes from a stream of its own, drawn row after
/// row, so a larger grid adds vectors after the same first ones and the same seed trains the
/// same run at any grid size.
#[test]
fn the_grid_size_does_not_change_the_run() {
    let _rng = lock_rng();
    let digits = Arc::new(real_digits());
    // One run after the other: runs on one device share its random generator.
    let run = |config: DigitsConfig| {
        let mut t = trainer(config, &digits, 7);
        let first = snapshot(&mut t).samples[..PIXELS].to_vec();
        t.train(5);
        let s = snapshot(&mut t);
        (first, s.losses.discriminator_losses, s.losses.generator_losses, s.samples.len())
    };
    for preset in ["mnist-mlp", "mnist-minute"] {
        let config = DigitsConfig::preset(preset).unwrap();
        let (small, large) = (run(config.clone().with_visual_samples(16)), run(config.with_visual_samples(64)));
        assert_eq!(small.0, large.0, "the first fixed noise vector is the same");
        assert_eq!((&small.1, &small.2), (&large.1, &large.2), "the same losses");
        // A grid of 4 or 8 rows: 4 × 4 or 8 × 8 images; a conditional preset's, of the 10 digits.
        let conditional = DigitsConfig::preset(preset).is_some_and(|c| c.networks.is_conditional());
        let expected = if conditional { (4 * CLASSES, 8 * CLASSES) } else { (16, 64) };
        assert_eq!((small.3, large.3), (expected.0 * PIXELS, expected.1 * PIXELS));
    }
}

#[test]
fn cgan_refuses_images_without_labels() {
    let _rng = lock_rng();
    let pixels = real_digits().image_bytes(0).unwrap().repeat(3);
    let unlabelled = Arc::new(Digits::new(pixels, None).unwrap());
    let device = Device::flex().autodiff();
    match DigitsTrainer::new(DigitsConfig::mnist_cgan(), unlabelled.clone(), device.clone(), 1) {
        Err(TrainError::Data(message)) => assert!(message.contains("labels"), "{message}"),
        Err(other) => panic!("expected a data error, got {other:?}"),
        Ok(_) => panic!("mnist-cgan trained on images without labels"),
    }
    assert!(DigitsTrainer::new(DigitsConfig::mnist_dcgan(), unlabelled, device, 1).is_ok());
}

/// mnist-dcgan's BatchNorm: training steps move the running statistics (batch statistics in
/// training mode); every image shown is drawn in eval mode, so it does not depend on the images
/// drawn with it.
#[test]
fn dcgan_trains_with_batch_statistics_and_draws_with_running_ones() {
    let _rng = lock_rng();
    let digits = Arc::new(real_digits());
    let mut t = trainer(DigitsConfig::mnist_dcgan().with_batch_size(16), &digits, 2);
    let running = |t: &DigitsTrainer| match t.run.generator() {
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
    let presets = [DigitsConfig::mnist_mlp(), DigitsConfig::mnist_dcgan(), DigitsConfig::mnist_cgan(), DigitsConfig::mnist_minute()];
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
    let presets = [DigitsConfig::mnist_mlp(), DigitsConfig::mnist_dcgan(), DigitsConfig::mnist_cgan(), DigitsConfig::mnist_minute()];
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
            (restored_grid, s.losses.discriminator_losses, s.samples)
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
    for (name, config) in
        [("mnist-mlp", DigitsConfig::mnist_mlp()), ("mnist-dcgan", DigitsConfig::mnist_dcgan()), ("mnist-cgan", DigitsConfig::mnist_cgan())]
    {
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

/// What the judge makes of G's images (as the views draw them) of the run's judge noise, asked
/// for the digits 0–9 in turn (read by the conditional presets only): its score, and the share
/// it reads as the digit asked for.
/// The margins of the judge-based tests below, each well under the worst seed measured there.
const MINUTE_CONFIDENT: f32 = 0.45;
const MINUTE_AS_ASKED: f32 = 0.7;
const CGAN_AS_ASKED: f32 = 0.3;
const DCGAN_INCEPTION: f32 = 1.9;

fn judged(t: &mut DigitsTrainer, judge: &Judge, seed: u64) -> (JudgeScore, f32) {
    let plain = Device::flex();
    let noise = Tensor::<2>::from_data(judge_noise(seed, t.config().networks.latent()), &plain);
    let labels: Vec<u8> = (0..JUDGED_SAMPLES).map(|i| (i % CLASSES) as u8).collect();
    let images = t.view_generator().forward(noise, Some(one_hot(&labels, &plain)));
    let probabilities = judge.probabilities(images).into_data().try_to_vec::<f32>().unwrap();
    let best = |row: &[f32]| (0..CLASSES).fold(0, |b, i| if row[i] > row[b] { i } else { b });
    let as_asked = probabilities.chunks(CLASSES).zip(&labels).filter(|(row, l)| best(row) == usize::from(**l)).count();
    (JudgeScore::from_probabilities(&probabilities), as_asked as f32 / JUDGED_SAMPLES as f32)
}

/// Issue 15: `mnist-minute` (the default for digits) draws all ten digits after a short run,
/// each as the digit it is asked for; G untrained draws none. At 275 iterations (≈ 30 s in the
/// page), natively, seeds 0–5: 63–71 % confident, ten digits each (the untrained G: 0 %);
/// seed 0: 84 % of the images read as the digit asked for.
#[test]
fn mnist_minute_draws_all_ten_digits_after_275_iterations() {
    let _rng = lock_rng();
    let digits = Arc::new(real_digits());
    let judge = Judge::trained(&Device::flex()).unwrap();
    let mut t = trainer(DigitsConfig::mnist_minute(), &digits, 0);
    let (untrained, _) = judged(&mut t, &judge, 0);
    assert!(untrained.confident < 0.05, "untrained: {untrained:?}");
    t.train(275);
    let (score, as_asked) = judged(&mut t, &judge, 0);
    println!("mnist-minute after 275 iterations: {score:?}, {as_asked} as asked");
    assert!(score.confident >= MINUTE_CONFIDENT && score.classes == CLASSES, "after 275 iterations: {score:?}");
    assert!(as_asked >= MINUTE_AS_ASKED, "only {as_asked} read as the digit asked for");
}

/// Issue 15: the conditional GAN draws the digit it is asked for: after 2,000 iterations the
/// judge reads G's images, asked for 0–9 in turn, as the digit asked for three to four times as
/// often as chance (10 %). Seed 0: 26 % at 1,000 iterations, 27 % at 1,500, 40 % at 2,000;
/// seed 1: 14 %, 31 %, 41 %. Seed 003's MLP is slow to take the label in; `mnist-minute`'s
/// conditional DCGAN, above, is at 84 % after 275.
#[test]
fn mnist_cgan_draws_the_digit_it_is_asked_for() {
    let _rng = lock_rng();
    let digits = Arc::new(real_digits());
    let judge = Judge::trained(&Device::flex()).unwrap();
    let mut t = trainer(DigitsConfig::mnist_cgan(), &digits, 0);
    t.train(2_000);
    let (score, as_asked) = judged(&mut t, &judge, 0);
    println!("mnist-cgan after 2,000 iterations: {score:?}, {as_asked} as asked");
    assert!(as_asked >= CGAN_AS_ASKED, "only {as_asked} read as the digit asked for ({score:?})");
}

/// Issue 15: `mnist-dcgan` learns digits, not flat grey: within 100 iterations of the seed's
/// batch of 100 the judge's Inception Score of its images is well above the untrained G's 1.0
/// (seeds 0–2 after 100: 2.35, 2.51, 2.69, with 5–7 digits among the few confident verdicts).
/// The run is judged every 25 iterations and ends as soon as it is there.
#[test]
fn mnist_dcgan_draws_digits_within_100_iterations() {
    let _rng = lock_rng();
    let digits = Arc::new(real_digits());
    let judge = Judge::trained(&Device::flex()).unwrap();
    let mut t = trainer(DigitsConfig::mnist_dcgan(), &digits, 0);
    let (untrained, _) = judged(&mut t, &judge, 0);
    assert!(untrained.inception_score < 1.1, "untrained: {untrained:?}");
    let mut scores = Vec::new();
    while t.step() < 100 {
        t.train(25);
        let (score, _) = judged(&mut t, &judge, 0);
        println!("mnist-dcgan after {} iterations: {score:?}", t.step());
        if score.inception_score >= DCGAN_INCEPTION && score.classes >= 3 {
            return;
        }
        scores.push((t.step(), score));
    }
    panic!("no digits within 100 iterations: {scores:?}");
}
