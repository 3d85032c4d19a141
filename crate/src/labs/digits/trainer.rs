//! The image GANs' training loop, as seed 003's: per iteration a batch of noise through G, one
//! D-step on a real batch and those fakes (detached), then one G-step on the same fakes judged
//! by the updated D, with the non-saturating loss −log D(G(z)).
//!
//! The seed does not detach the fakes in its D-step, so its G also receives the gradient of D's
//! loss (which pushes G the wrong way) on top of its own; like burn's GAN example and PyTorch's
//! DCGAN tutorial, this loop detaches them, so each network follows only its own loss.
//!
//! `mnist-cgan` (a conditional GAN) feeds both networks a one-hot label: D sees the real batch
//! with its own labels and the fakes with the random labels G drew them for; G is asked for
//! those labels. `mnist-dcgan`'s BatchNorm layers normalise with batch statistics during these
//! steps (the networks live on an autodiff device) and with running statistics in the `valid()`
//! copies that draw every image shown.

use std::future::Future;
use std::sync::Arc;

use burn::prelude::*;
use burn::tensor::Distribution;
use burn::tensor::activation::sigmoid;
use rand::RngExt;
use rand::rngs::StdRng;

use super::config::DigitsConfig;
use super::networks::{ImageDiscriminator, ImageGenerator};
use super::snapshot::{DISCRIMINATOR_LOSS, FAKE_PROBABILITY, GENERATOR_LOSS, PER_ITERATION, PendingDigitsSnapshot, REAL_PROBABILITY};
use crate::ema::WeightAverage;
use crate::error::TrainError;
use crate::export::{ExportSource, ExportedGan, PytorchExport};
use crate::gan::{Copyable, GanRun, read_on_cpu};
use crate::labs::digits::data::{BatchSampler, CLASSES, Digits, PIXELS};
use crate::loss::{bce_fake, bce_real};
use crate::models::judge::Judge;
use crate::models::mnist_cgan::one_hot;
use crate::streams;

/// The noise G draws from: z ~ N(0, 1), as the seed's `torch.randn`.
pub(super) const NOISE: Distribution = Distribution::Normal(0.0, 1.0);

/// Images the judge scores in a judged snapshot.
pub const JUDGED_SAMPLES: usize = 256;

/// The [`JUDGED_SAMPLES`] noise vectors whose images the judge scores in a run of `seed` with
/// noise of width `latent`, `[JUDGED_SAMPLES, latent]`: fixed for the run, so that scores over
/// time compare like with like, and open to twins outside burn (bench/first-minute).
pub fn judge_noise(seed: u64, latent: usize) -> TensorData {
    TensorData::random::<f32, _, _>([JUDGED_SAMPLES, latent], NOISE, &mut streams::rng(seed, super::streams::JUDGE))
}

/// An image GAN being trained on one device (CPU or WebGPU, always with autodiff): the GAN run
/// ([`GanRun`]) with the digits' step, batches and views.
pub struct DigitsTrainer {
    pub(super) config: DigitsConfig,
    /// The networks, optimisers, step, read-outs (D's and G's loss, mean D(real), mean
    /// D(fake): [`PER_ITERATION`]) and training noise.
    pub(super) run: GanRun<ImageGenerator, ImageDiscriminator>,
    digits: Arc<Digits>,
    /// The noise every grid is drawn from, so frames differ only by what G learned; drawn on the
    /// host from its own stream (the grid's size does not change the run).
    pub(super) fixed_noise: Tensor<2>, // [visual_samples, latent]
    /// The average of G's weights that draws the views, where the config asks for one.
    average: Option<WeightAverage>,
    /// Conditional presets: the digit the views draw, or `None`: every digit, one column each.
    /// A view, not part of the run: changing it changes no weight and no random stream.
    view_digit: Option<u8>,
    /// Real batches are chosen on the host, from the seed, so both backends see the same data.
    sampler: BatchSampler,
    /// Noise for `sample`, apart from the backend's generator so that asking for samples does
    /// not change the training run.
    pub(super) sampling_rng: StdRng,
    /// `mnist-cgan`: the labels G is asked to draw, uniform over 0–9, drawn on the host.
    label_rng: StdRng,
    /// The noise of the images the judge scores, drawn on the host from the seed.
    judge_noise: TensorData, // [JUDGED_SAMPLES, latent]
}

impl DigitsTrainer {
    /// Builds fresh networks and optimisers over `digits`. The same `seed` on the same backend
    /// gives the same initial weights and fixed noise; on the CPU backend, the same losses too.
    ///
    /// `device` must have autodiff enabled. `mnist-cgan` refuses images without labels.
    pub fn new(config: DigitsConfig, digits: Arc<Digits>, device: Device, seed: u64) -> Result<Self, TrainError> {
        config.validate()?;
        let conditional = config.networks.is_conditional();
        if conditional && digits.labels().is_none() {
            return Err(TrainError::Data(
                "mnist-cgan learns each digit from its label, and these images have none: add the labels file".into(),
            ));
        }
        // The seed's order: G, then D.
        let optimizers = config.optimizers();
        let run = GanRun::new(device, seed, optimizers, PER_ITERATION, |device| config.networks.init(device));
        run.discriminator().reseed_dropout(seed ^ super::streams::DROPOUT);
        let latent = config.networks.latent();
        let host_noise = |rows: usize, stream: u64| TensorData::random::<f32, _, _>([rows, latent], NOISE, &mut streams::rng(seed, stream));
        let fixed_noise = Tensor::from_data(host_noise(config.visual_samples, super::streams::GRID), run.device());
        let judge_noise = judge_noise(seed, latent);
        let mut trainer = DigitsTrainer {
            run,
            fixed_noise,
            average: None,
            view_digit: None,
            sampler: BatchSampler::new(digits.len(), seed ^ super::streams::BATCHES),
            sampling_rng: streams::rng(seed, super::streams::SAMPLES),
            label_rng: streams::rng(seed, super::streams::LABELS),
            judge_noise,
            digits,
            config,
        };
        trainer.restart_average();
        Ok(trainer)
    }

    /// The run's state now: both networks, their optimisers' state where `with_optimizers`
    /// (every backend: see [`crate::checkpoint`]) and the step.
    pub async fn checkpoint(&self, with_optimizers: bool) -> Result<Vec<u8>, TrainError> {
        let average = self.average.as_ref().map(|_| self.view_generator());
        self.run.checkpoint(with_optimizers, average.as_ref()).await
    }

    /// Continues from a checkpoint of a run of this preset: its weights, optimiser state and
    /// step. The random streams (batches, labels, dropout, the device's) restart from (seed,
    /// step). A checkpoint that does not fit is refused and the trainer stays as it was.
    pub fn restore(&mut self, bytes: &[u8]) -> Result<(), TrainError> {
        // The average of G's weights, where the run keeps one: the checkpoint's, or (one written
        // without it) starting again at the restored weights.
        let decay = self.config.ema_decay;
        let (average, seed) =
            self.run.restore(bytes, |checkpoint, generator| WeightAverage::restored(decay, checkpoint, generator.valid()))?;
        self.average = average;
        self.run.discriminator().reseed_dropout(seed ^ super::streams::DROPOUT);
        self.sampler = BatchSampler::new(self.digits.len(), seed ^ super::streams::BATCHES);
        self.label_rng = streams::rng(seed, super::streams::LABELS);
        Ok(())
    }

    /// From now on the training noise is drawn on the host (see `crate::agreement`): the same
    /// numbers on every backend.
    pub fn draw_noise_on_host(&mut self) {
        self.run.draw_noise_on_host();
    }

    /// Completed iterations.
    pub fn step(&self) -> u64 {
        self.run.step()
    }

    /// The configuration this trainer was built from.
    pub fn config(&self) -> &DigitsConfig {
        &self.config
    }

    /// Conditional presets: which digit the views draw from now on (`None`: every digit, one
    /// column each). Changes no weight and no random stream: the run goes on as before.
    pub fn set_view_digit(&mut self, digit: Option<u8>) -> Result<(), TrainError> {
        if !self.config.networks.is_conditional() {
            return Err(TrainError::Settings("only a conditional preset can be asked for a chosen digit".into()));
        }
        if digit.is_some_and(|d| usize::from(d) >= CLASSES) {
            return Err(TrainError::Settings(format!("the digit must be 0–9, not {}", digit.unwrap_or_default())));
        }
        self.view_digit = digit;
        Ok(())
    }

    /// The digit the views draw (conditional presets; `None`: every digit).
    pub fn view_digit(&self) -> Option<u8> {
        self.view_digit
    }

    /// The grid the views draw now: the fixed-noise rows to use, the label of each image
    /// (conditional presets), and the columns. Unconditional, or one digit: the `side × side`
    /// grid; every digit: `side` rows of the ten digits, each row one noise vector.
    fn grid_cells(&self) -> (Vec<usize>, Option<Vec<u8>>, usize) {
        let side = self.config.grid_side();
        let conditional = self.config.networks.is_conditional();
        match (conditional, self.view_digit) {
            (true, None) => {
                let rows = (0..side).flat_map(|r| std::iter::repeat_n(r, CLASSES)).collect();
                let labels = (0..side * CLASSES).map(|i| (i % CLASSES) as u8).collect();
                (rows, Some(labels), CLASSES)
            }
            (true, Some(digit)) => ((0..side * side).collect(), Some(vec![digit; side * side]), side),
            (false, _) => ((0..side * side).collect(), None, side),
        }
    }

    /// The real images shown beside the generated grid, in its layout, and its columns: the
    /// first of the data set (the digits asset is shuffled, so these mix the classes), or — for
    /// a conditional preset — of the digit in each cell, so the two grids compare like with
    /// like; pixels in [0, 1].
    pub fn real_images(&self) -> (Vec<f32>, usize) {
        let (rows, labels, columns) = self.grid_cells();
        let indices: Vec<usize> = match (labels, self.digits.labels()) {
            (Some(cells), Some(labels)) => {
                let mut seen = [0usize; CLASSES];
                cells
                    .iter()
                    .map(|&digit| {
                        let k = seen[usize::from(digit)];
                        seen[usize::from(digit)] += 1;
                        labels.iter().enumerate().filter(|&(_, &l)| l == digit).nth(k).map_or(0, |(i, _)| i)
                    })
                    .collect()
            }
            _ => (0..rows.len().min(self.digits.len())).collect(),
        };
        (self.digits.images(&indices).into_iter().map(|x| (x + 1.0) * 0.5).collect(), columns)
    }

    /// "Export for PyTorch": G, D and (where the run keeps one) the average of G's weights that
    /// draws the views, as safetensors, and the script. On WebGPU the weights are read back
    /// through a checkpoint into a CPU copy, which burn-store can read; the run is not changed.
    pub async fn export_pytorch(&self, source: &ExportSource) -> Result<PytorchExport, TrainError> {
        read_on_cpu(self, |trainer| trainer.export_pytorch_now(source)).await
    }

    fn export_pytorch_now(&self, source: &ExportSource) -> Result<PytorchExport, TrainError> {
        let gan = ExportedGan {
            generator: self.run.generator().clone(),
            discriminator: self.run.discriminator().clone(),
            generator_average: self.average.as_ref().map(|_| self.view_generator()),
            real_samples: None,
        };
        Ok(PytorchExport {
            script: super::pytorch::script(&self.config, self.step(), source),
            weights: gan.to_safetensors(self.step(), source)?,
        })
    }

    /// Runs `iterations` full iterations. On WebGPU this only queues work; nothing is read back.
    pub fn train(&mut self, iterations: u32) {
        for _ in 0..iterations {
            self.iteration();
        }
    }

    fn iteration(&mut self) {
        let batch = self.config.batch_size;
        // mnist-cgan: the labels G draws this batch for (its own, uniform over the digits).
        let fake_labels = self.config.networks.is_conditional().then(|| {
            let labels: Vec<u8> = (0..batch).map(|_| self.label_rng.random_range(0..CLASSES as u8)).collect();
            one_hot(&labels, self.run.device()) // [batch, 10]
        });
        let z = self.run.noise([batch, self.config.networks.latent()], NOISE); // [batch, 100]
        let fake = self.run.generator().forward(z, fake_labels.clone()); // [batch, 784]

        // D-step: real images (with their labels) towards 1, detached fakes towards 0.
        let (real, real_labels) = self.real_batch(batch); // [batch, 784], [batch, 10]
        let real_logits = self.run.discriminator().forward(real, real_labels); // [batch, 1]
        let fake_logits = self.run.discriminator().forward(fake.clone().detach(), fake_labels.clone()); // [batch, 1]
        self.run.measure(REAL_PROBABILITY, sigmoid(real_logits.clone()).mean()); // [1]
        self.run.measure(FAKE_PROBABILITY, sigmoid(fake_logits.clone()).mean()); // [1]
        let discriminator_loss = bce_real(real_logits) + bce_fake(fake_logits); // [1]
        self.run.measure(DISCRIMINATOR_LOSS, discriminator_loss.clone());
        self.run.update_discriminator(discriminator_loss);

        // G-step: the same fakes, judged by the updated D (dropout and BatchNorm still in
        // training mode, as in the seed), towards 1. D's weights are held fixed here: only G's
        // gradients are computed.
        let judge = self.run.discriminator().clone().no_grad();
        let generator_loss = bce_real(judge.forward(fake, fake_labels)); // [1]
        self.run.measure(GENERATOR_LOSS, generator_loss.clone());
        self.run.update_generator(generator_loss);
        if let Some(average) = &mut self.average {
            average.update(self.run.generator());
        }
        self.run.end_iteration();
    }

    /// The next real batch, scaled to [−1, 1], `[n, 784]`, and its labels one-hot `[n, 10]`
    /// (mnist-cgan only).
    fn real_batch(&mut self, n: usize) -> (Tensor<2>, Option<Tensor<2>>) {
        let indices = self.sampler.next_batch(n);
        let pixels = self.digits.images(&indices);
        let labels = match (self.config.networks.is_conditional(), self.digits.labels()) {
            (true, Some(labels)) => {
                let batch: Vec<u8> = indices.iter().map(|&i| labels[i % labels.len()]).collect();
                Some(one_hot(&batch, self.run.device()))
            }
            _ => None,
        };
        (Tensor::from_data(TensorData::new(pixels, [n, PIXELS]), self.run.device()), labels)
    }

    /// Queues what the digit views need (the fixed-noise images, the latest values and the
    /// history since the last snapshot) as one tensor, so a snapshot costs a single read-back.
    /// Nothing here draws random numbers: snapshots never change the run.
    pub fn prepare_snapshot(&mut self) -> PendingDigitsSnapshot {
        self.pack_snapshot(None)
    }

    /// [`Self::prepare_snapshot`] plus the judge's class probabilities for G's images of the
    /// [`JUDGED_SAMPLES`] judge-noise vectors (fixed, so scores over time compare like with
    /// like), in the same read-back. `judge` must live on this trainer's device, without
    /// autodiff ([`Judge::trained`] on `device.without_autodiff()`). Natively on the CPU this
    /// took 50 ms against 4 ms for a plain snapshot: judge every few seconds, not every frame.
    pub fn prepare_judged_snapshot(&mut self, judge: &Judge) -> PendingDigitsSnapshot {
        self.pack_snapshot(Some(judge))
    }

    /// Starts the average of G's weights (where the run keeps one) again at G's weights now.
    pub(super) fn restart_average(&mut self) {
        self.average = (self.config.ema_decay > 0.0).then(|| WeightAverage::new(self.run.generator(), self.config.ema_decay));
    }

    /// The generator that draws what the page shows: a `valid()` copy of G (dropout off,
    /// BatchNorm on its running statistics), with the average of its weights where the config
    /// keeps one.
    pub(super) fn view_generator(&self) -> ImageGenerator {
        let generator = self.run.generator().valid();
        match &self.average {
            Some(average) => average.apply(generator),
            None => generator,
        }
    }

    fn pack_snapshot(&mut self, judge: Option<&Judge>) -> PendingDigitsSnapshot {
        let plain = self.run.device().clone().without_autodiff();
        let generator = self.view_generator();
        let (rows, labels, columns) = self.grid_cells();
        let cells = rows.len();
        let rows = Tensor::<1, Int>::from_data(TensorData::new(rows.iter().map(|&r| r as i64).collect(), [cells]), &plain);
        let noise = self.fixed_noise.clone().without_autodiff().select(0, rows); // [cells, latent]
        let labels = labels.map(|labels| one_hot(&labels, &plain)); // [cells, 10]
        let samples = generator
            .forward(noise, labels) // [cells, 784] in [−1, 1]
            .add_scalar(1.0)
            .mul_scalar(0.5); // [n, 784] in [0, 1]
        let judged = judge.map(|judge| {
            let noise = Tensor::from_data(self.judge_noise.clone(), &plain); // [J, latent]
            // mnist-cgan: ten of each digit, so the judge's class spread means the same as for
            // the unconditional presets.
            let labels: Vec<u8> = (0..JUDGED_SAMPLES).map(|i| (i % CLASSES) as u8).collect();
            let labels = self.config.networks.is_conditional().then(|| one_hot(&labels, &plain));
            judge.probabilities(generator.forward(noise, labels)).reshape([-1]) // [J · 10]
        });
        let read_outs = self.run.take_read_outs();
        let history_len = read_outs.len();
        let mut parts = vec![samples.reshape([-1])];
        parts.extend(read_outs.into_parts().into_iter().map(Tensor::without_autodiff));
        let judged_samples = if judged.is_some() { JUDGED_SAMPLES } else { 0 };
        parts.extend(judged);
        PendingDigitsSnapshot::new(self.step(), Tensor::cat(parts, 0), (cells, columns), history_len, judged_samples)
    }

    /// [`Self::prepare_snapshot`], then its read-back.
    pub async fn snapshot(&mut self) -> Result<super::snapshot::DigitsSnapshot, TrainError> {
        self.prepare_snapshot().read().await
    }
}

impl Copyable for DigitsTrainer {
    fn device(&self) -> &Device {
        self.run.device()
    }

    fn checkpoint_bytes(&self) -> impl Future<Output = Result<Vec<u8>, TrainError>> {
        self.checkpoint(false)
    }

    fn fresh_on(&self, device: Device) -> Result<Self, TrainError> {
        DigitsTrainer::new(self.config.clone(), self.digits.clone(), device, self.run.seed())
    }

    fn restore_bytes(&mut self, bytes: &[u8]) -> Result<(), TrainError> {
        self.restore(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::digits::data::test_data::real_digits;
    use crate::labs::digits::snapshot::DigitsSnapshot;
    use crate::test_support::lock_rng;

    fn trainer(digits: &Arc<Digits>, seed: u64) -> DigitsTrainer {
        DigitsTrainer::new(DigitsConfig::new(), digits.clone(), Device::flex().autodiff(), seed).unwrap()
    }

    fn snapshot(trainer: &mut DigitsTrainer) -> DigitsSnapshot {
        pollster::block_on(trainer.snapshot()).unwrap()
    }

    #[test]
    fn same_seed_same_initial_weights_and_first_losses() {
        let _rng = lock_rng();
        let digits = Arc::new(real_digits());
        let mut a = trainer(&digits, 11);
        let initial = snapshot(&mut a);
        assert_eq!((initial.losses.step, initial.losses.discriminator_loss, initial.samples.len()), (0, None, 16 * PIXELS));
        a.train(2);
        let after_two = snapshot(&mut a);
        let mut b = trainer(&digits, 11);
        b.train(2);
        assert!(snapshot(&mut b) == after_two, "same seed, same run");
        // The first losses sit near chance: D ≈ 2·ln 2, G ≈ ln 2, and D(x) ≈ ½.
        let (d, g) = (after_two.losses.discriminator_losses[0], after_two.losses.generator_losses[0]);
        assert!((1.0..1.8).contains(&d) && (0.4..1.0).contains(&g), "d = {d}, g = {g}");
        assert!((0.3..0.7).contains(&after_two.real_probabilities[0]));
        // A snapshot or samples in between do not change the run.
        let mut c = trainer(&digits, 11);
        assert!(snapshot(&mut c).samples == initial.samples);
        c.train(1);
        let samples = pollster::block_on(c.sample(3)).unwrap();
        assert_eq!(samples.len(), 3 * PIXELS);
        assert!(samples.iter().all(|x| (0.0..=1.0).contains(x)));
        let judge = Judge::trained(&Device::flex()).unwrap();
        assert_eq!(judged(&mut c, &judge).histogram.len(), 10);
        c.train(1);
        let later = snapshot(&mut c);
        let same = later.samples == after_two.samples && later.losses.discriminator_loss == after_two.losses.discriminator_loss;
        assert!(same, "samples or a judged snapshot changed the run");
        let mut other = trainer(&digits, 12);
        assert!(snapshot(&mut other).samples != initial.samples, "a different seed draws other weights");
    }

    /// Mean |a − b| over pixels.
    fn mean_difference(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<f32>() / a.len() as f32
    }

    /// The judge's verdict on G's images of the judge noise.
    fn judged(trainer: &mut DigitsTrainer, judge: &Judge) -> crate::models::judge::JudgeScore {
        let snapshot = pollster::block_on(trainer.prepare_judged_snapshot(judge).read()).unwrap();
        snapshot.judge.expect("a judged snapshot carries a score")
    }

    /// Issue 5 (tests, native): `mnist-mlp` trains 300 iterations on the real digits with finite
    /// losses; the fixed-noise images change measurably, towards the data (an untrained G paints
    /// every pixel near 0.5 grey; digits are 87 % dark background); and the judge's score of
    /// its samples rises from the untrained generator's, clearly so by 500 iterations.
    #[test]
    fn mnist_mlp_trains_300_iterations_on_real_digits() {
        let _rng = lock_rng();
        let digits = Arc::new(real_digits());
        let mut t = trainer(&digits, 0);
        let first: Vec<usize> = (0..digits.len().min(1000)).collect();
        let real: Vec<f32> = digits.images(&first).into_iter().map(|x| (x + 1.0) * 0.5).collect();
        let real_mean = real.iter().sum::<f32>() / real.len() as f32; // ≈ 0.13
        let before = snapshot(&mut t).samples;
        let judge = Judge::trained(&Device::flex()).unwrap();
        let untrained = judged(&mut t, &judge);
        let mut history = Vec::new();
        for _ in 0..3 {
            t.train(100);
            let s = snapshot(&mut t);
            history.extend(s.losses.discriminator_losses.iter().chain(&s.losses.generator_losses).copied());
        }
        assert_eq!(history.len(), 600);
        assert!(history.iter().all(|l| l.is_finite()), "every loss is finite");
        let after = snapshot(&mut t).samples;
        let mean = |x: &[f32]| x.iter().sum::<f32>() / x.len() as f32;
        let changed = mean_difference(&before, &after);
        assert!(changed > 0.2, "the images changed by only {changed} per pixel");
        let (gap_before, gap_after) = ((mean(&before) - real_mean).abs(), (mean(&after) - real_mean).abs());
        let (mean_before, mean_after) = (mean(&before), mean(&after));
        assert!(gap_after < 0.5 * gap_before, "mean brightness {mean_before} → {mean_after}, real {real_mean}");
        // 300 iterations give blurry strokes, not yet digits the judge is sure of (no confident
        // verdicts yet; at ~1,000 iterations 14–29 %, `cargo run --release --example
        // judge_curve`), but its verdicts already spread over more classes. The Inception Score
        // of the untrained G is 1.0006 (seed 0); natively, seeds 0–5 reach 1.01–1.08 at 300
        // iterations and 1.06–1.48 at 500 (seed 0: 1.02, 1.48).
        let untrained = untrained.inception_score;
        let at_300 = judged(&mut t, &judge).inception_score;
        assert!(at_300 > untrained + 0.005, "the judge's Inception Score went {untrained} → {at_300} in 300 iterations");
        t.train(200);
        let at_500 = judged(&mut t, &judge).inception_score;
        assert!(at_500 > untrained + 0.05, "the judge's Inception Score went {untrained} → {at_500} in 500 iterations");
    }
}
