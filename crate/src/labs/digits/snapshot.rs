//! What the digit views see: the fixed-noise samples, the losses and D's verdicts, read back
//! from the device in one go.

use burn::prelude::*;
use serde::Serialize;
use tsify::Tsify;

#[cfg(test)]
use crate::error::{Divergence, Network};
use crate::error::{TrainError, check_finite};
use crate::gan::ReadOuts;
use crate::labs::digits::data::{CLASSES, PIXELS, SIDE};
use crate::labs::{Losses, float_array, optional_float_array};
use crate::models::judge::JudgeScore;

/// Values recorded per iteration: D's loss, G's loss, mean D(real), mean D(fake).
pub(crate) const PER_ITERATION: usize = 4;
/// D's loss, among the read-outs.
pub(crate) const DISCRIMINATOR_LOSS: usize = 0;
/// G's loss.
pub(crate) const GENERATOR_LOSS: usize = 1;
/// Mean D(x) over the real batch.
pub(crate) const REAL_PROBABILITY: usize = 2;
/// Mean D(G(z)) over the fakes.
pub(crate) const FAKE_PROBABILITY: usize = 3;

/// A snapshot whose values are still on the device; [`PendingDigitsSnapshot::read`] fetches them.
pub struct PendingDigitsSnapshot {
    step: u64,
    /// `[samples (n × 784) | latest four | four per iteration of the history | the judge's
    /// class probabilities (judged × 10)]`: one read-back.
    packed: Tensor<1>,
    samples: usize,
    columns: usize,
    history: usize,
    /// Images the judge scored (0: none).
    judged: usize,
}

impl PendingDigitsSnapshot {
    /// `grid`: the images drawn, and the columns they are laid out in.
    pub(crate) fn new(step: u64, packed: Tensor<1>, grid: (usize, usize), history: usize, judged: usize) -> Self {
        PendingDigitsSnapshot { step, packed, samples: grid.0, columns: grid.1, history, judged }
    }

    /// Reads the values back (on WebGPU this waits for the queued work). A non-finite loss or
    /// sample is a divergence.
    pub async fn read(self) -> Result<DigitsSnapshot, TrainError> {
        let values = self
            .packed
            .into_data_async()
            .await
            .map_err(|e| TrainError::ReadBack(format!("{e:?}")))?
            .try_into_vec::<f32>()
            .map_err(|e| TrainError::ReadBack(format!("{e:?}")))?;
        let (n, h) = (self.samples * PIXELS, self.history);
        let expected = n + ReadOuts::size(PER_ITERATION, h) + CLASSES * self.judged;
        if values.len() != expected {
            return Err(TrainError::ReadBack(format!("expected {expected} values, got {}", values.len())));
        }
        let (samples, rest) = values.split_at(n);
        let (read_outs, probabilities) = ReadOuts::split(rest, PER_ITERATION, h);
        // Before the first step nothing has been measured: NaN stands for "none yet".
        let measured = |x: f32| if x.is_nan() && self.step == 0 { None } else { Some(x) };
        let [discriminator_loss, generator_loss, real_probability, fake_probability] =
            [DISCRIMINATOR_LOSS, GENERATOR_LOSS, REAL_PROBABILITY, FAKE_PROBABILITY].map(|i| measured(read_outs.latest(i)));
        let column = |i: usize| read_outs.history(i).to_vec();
        let from = self.step + 1 - h as u64;
        let latest_loss = |l: Option<f32>| l.unwrap_or(0.0);
        let d = column(DISCRIMINATOR_LOSS).into_iter().chain([latest_loss(discriminator_loss)]);
        let g = column(GENERATOR_LOSS).into_iter().chain([latest_loss(generator_loss)]);
        check_finite(self.step, from, d, g, samples)?;
        Ok(DigitsSnapshot {
            losses: Losses {
                step: self.step,
                discriminator_loss,
                generator_loss,
                losses_from: self.step + 1 - h as u64,
                discriminator_losses: column(DISCRIMINATOR_LOSS),
                generator_losses: column(GENERATOR_LOSS),
            },
            samples: samples.to_vec(),
            columns: self.columns,
            real_probability,
            fake_probability,
            real_probabilities: column(REAL_PROBABILITY),
            fake_probabilities: column(FAKE_PROBABILITY),
            judge: (self.judged > 0).then(|| JudgeScore::from_probabilities(probabilities)),
            digit_row: None,
            side: SIDE,
        })
    }
}

/// Everything the digit views draw, for one moment of training: the page reads these fields
/// under these names (www/src/labs/digits), and the CSV's columns are named after them.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
pub struct DigitsSnapshot {
    /// The step and both losses (the part every lab's snapshot has).
    #[serde(flatten)]
    pub losses: Losses,
    /// G's images from the fixed noise, `visual_samples × 784` pixels in [0, 1] (row-major,
    /// 0 = background), image after image.
    #[serde(serialize_with = "float_array")]
    #[tsify(type = "Float32Array")]
    pub samples: Vec<f32>,
    /// The columns the grid of samples is laid out in (ten, one per digit, for a conditional
    /// preset's every-digit view).
    pub columns: usize,
    /// Mean D(x) over the latest D-step's real batch: D's confidence that real digits are real.
    pub real_probability: Option<f32>,
    /// Mean D(G(z)) over the latest D-step's fakes.
    pub fake_probability: Option<f32>,
    /// Mean D(x) at every iteration since the previous snapshot.
    #[serde(serialize_with = "float_array")]
    #[tsify(type = "Float32Array")]
    pub real_probabilities: Vec<f32>,
    /// Mean D(G(z)) at every iteration since the previous snapshot.
    #[serde(serialize_with = "float_array")]
    #[tsify(type = "Float32Array")]
    pub fake_probabilities: Vec<f32>,
    /// The judge's score of G's images of the judge noise (a judged snapshot only).
    pub judge: Option<JudgeScore>,
    /// Conditional presets, on judged snapshots: one fixed noise vector drawn as each digit
    /// 0–9, `10 × 784` pixels in [0, 1] (what the label alone changes).
    #[serde(serialize_with = "optional_float_array")]
    #[tsify(type = "Float32Array | undefined")]
    pub digit_row: Option<Vec<f32>>,
    /// Image side in pixels (28).
    pub side: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(step: u64, values: Vec<f32>, samples: usize, history: usize) -> Result<DigitsSnapshot, TrainError> {
        let packed = Tensor::<1>::from_floats(values.as_slice(), &Device::flex());
        pollster::block_on(PendingDigitsSnapshot::new(step, packed, (samples, 1), history, 0).read())
    }

    #[test]
    fn unpacks_samples_latest_values_and_history() {
        let mut values = vec![0.5; PIXELS];
        values.extend([1.3, 0.7, 0.6, 0.4]); // latest
        // Iterations 9 and 10, each read-out's history in turn (`crate::gan::ReadOuts`): D's
        // loss, G's loss, mean D(real), mean D(fake).
        values.extend([1.4, 1.3, 0.6, 0.7, 0.55, 0.6, 0.45, 0.4]);
        let s = read(10, values, 1, 2).unwrap();
        assert_eq!((s.losses.step, s.losses.losses_from, s.samples.len()), (10, 9, PIXELS));
        assert_eq!((s.losses.discriminator_loss, s.losses.generator_loss), (Some(1.3), Some(0.7)));
        assert_eq!((s.real_probability, s.fake_probability), (Some(0.6), Some(0.4)));
        assert_eq!(s.losses.discriminator_losses, vec![1.4, 1.3]);
        assert_eq!(s.losses.generator_losses, vec![0.6, 0.7]);
        assert_eq!(s.real_probabilities, vec![0.55, 0.6]);
        assert_eq!(s.fake_probabilities, vec![0.45, 0.4]);
    }

    #[test]
    fn nothing_measured_before_the_first_step_and_nan_later_is_divergence() {
        let mut values = vec![0.5; PIXELS];
        values.extend([f32::NAN; 4]);
        let s = read(0, values.clone(), 1, 0).unwrap();
        assert_eq!((s.losses.discriminator_loss, s.real_probability, s.losses.losses_from), (None, None, 1));
        assert!(matches!(
            read(3, values, 1, 0),
            // No history (h = 0): the latest loss belongs to the iteration under way.
            Err(TrainError::Diverged(Divergence { network: Network::Discriminator, step: 4, what: "loss became NaN" }))
        ));
        let mut bad_sample = vec![f32::NAN; PIXELS];
        bad_sample.extend([1.0; 4]);
        assert!(matches!(read(3, bad_sample, 1, 0), Err(TrainError::Diverged(Divergence { network: Network::Generator, .. }))));
        assert!(matches!(read(3, vec![0.0; 5], 1, 0), Err(TrainError::ReadBack(_))));
    }
}
