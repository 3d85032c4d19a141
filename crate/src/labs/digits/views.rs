//! What the digit views ask the generator for besides the snapshot: fresh samples, a latent
//! walk, `mnist-cgan`'s row of digits 0–9, and G's weights as a file. Every image is drawn by a
//! `valid()` copy of G (dropout off, BatchNorm on its running statistics) from noise drawn on
//! the host, so asking for them never changes the training run.

use burn::prelude::*;
use rand::rngs::StdRng;

use super::trainer::{DigitsTrainer, NOISE};
use crate::error::TrainError;
use crate::labs::digits::data::CLASSES;
use crate::models::mnist_cgan::one_hot;
use crate::streams;

/// `rows × latent` values of z ~ N(0, 1) from `rng`, on the host.
fn host_noise(rows: usize, latent: usize, rng: &mut StdRng) -> Result<Vec<f32>, TrainError> {
    TensorData::random::<f32, _, _>([rows, latent], NOISE, rng).try_into_vec::<f32>().map_err(|e| TrainError::ReadBack(format!("{e:?}")))
}

impl DigitsTrainer {
    /// G's images of `codes` (`n × latent` noise values), asked for `labels` (one per image;
    /// read by `mnist-cgan` only), as `n × 784` pixels in [0, 1].
    async fn draw(&self, codes: Vec<f32>, labels: &[u8]) -> Result<Vec<f32>, TrainError> {
        let latent = self.config.networks.latent();
        let n = codes.len() / latent;
        let plain = self.run.device().clone().without_autodiff();
        let labels = self.config.networks.is_conditional().then(|| one_hot(labels, &plain)); // [n, 10]
        self.view_generator()
            .forward(Tensor::from_data(TensorData::new(codes, [n, latent]), &plain), labels) // [n, 784]
            .add_scalar(1.0)
            .mul_scalar(0.5)
            .into_data_async()
            .await
            .map_err(|e| TrainError::ReadBack(format!("{e:?}")))?
            .try_into_vec::<f32>()
            .map_err(|e| TrainError::ReadBack(format!("{e:?}")))
    }

    /// `n` fresh images from the generator (for `get-samples`), `n × 784` pixels in [0, 1]; a
    /// conditional preset draws the digit on view, or the digits 0–9 in turn. The noise comes from a generator of its own: the
    /// run stays the same whether or not samples are asked for.
    pub async fn sample(&mut self, n: usize) -> Result<Vec<f32>, TrainError> {
        let codes = host_noise(n, self.config.networks.latent(), &mut self.sampling_rng)?;
        self.draw(codes, &self.labels_on_view(n)).await
    }

    /// `frames` images along the great circle between two fixed noise vectors (spherical
    /// interpolation keeps every frame at a typical distance from the origin, where a Gaussian's
    /// samples live; a straight line would pass through unlikely, blurry codes),
    /// `frames × 784` pixels in [0, 1]; a conditional preset draws the digit on view all along
    /// (every digit on view: 0).
    pub async fn latent_walk(&self, frames: usize) -> Result<Vec<f32>, TrainError> {
        let latent = self.config.networks.latent();
        let ends = host_noise(2, latent, &mut streams::rng(0, super::streams::WALK))?;
        let (a, b) = ends.split_at(latent);
        let norm = |v: &[f32]| v.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
        let cos = a.iter().zip(b).map(|(x, y)| f64::from(*x) * f64::from(*y)).sum::<f64>() / (norm(a) * norm(b));
        let omega = cos.clamp(-1.0, 1.0).acos();
        let mut codes = Vec::with_capacity(frames * latent);
        for f in 0..frames {
            let t = if frames > 1 { f as f64 / (frames - 1) as f64 } else { 0.0 };
            let (wa, wb) = if omega.sin().abs() < 1e-6 {
                (1.0 - t, t)
            } else {
                (((1.0 - t) * omega).sin() / omega.sin(), (t * omega).sin() / omega.sin())
            };
            codes.extend(a.iter().zip(b).map(|(x, y)| (wa * f64::from(*x) + wb * f64::from(*y)) as f32));
        }
        self.draw(codes, &vec![self.view_digit().unwrap_or(0); frames]).await
    }

    /// The labels of `n` images drawn for the views: the digit on view, or 0–9 in turn.
    fn labels_on_view(&self, n: usize) -> Vec<u8> {
        match self.view_digit() {
            Some(digit) => vec![digit; n],
            None => (0..n).map(|i| (i % CLASSES) as u8).collect(),
        }
    }

    /// Conditional presets: one fixed noise vector drawn as each digit 0–9, `10 × 784` pixels in
    /// [0, 1], so the row shows what the label alone changes (the noise keeps the style). The
    /// other presets take no label and refuse.
    pub async fn digit_row(&self) -> Result<Vec<f32>, TrainError> {
        if !self.config.networks.is_conditional() {
            return Err(TrainError::Settings("only a conditional preset can be asked for a chosen digit".into()));
        }
        let noise = host_noise(1, self.config.networks.latent(), &mut streams::rng(0, super::streams::ROW))?;
        let digits: Vec<u8> = (0..CLASSES as u8).collect();
        self.draw(noise.repeat(CLASSES), &digits).await
    }

    /// G's weights as a burn record (burnpack bytes; with BatchNorm's running statistics): a
    /// file the page offers for download. Where the run keeps an average of G's weights, the
    /// average: the file draws what the page shows.
    pub async fn export_generator(&self) -> Result<Vec<u8>, TrainError> {
        crate::checkpoint::module_bytes(&self.view_generator()).await
    }

    /// Continues from G's weights exported before (same preset; D and the optimisers keep their
    /// state). A file that is not such a record, or of another preset or shape, is refused and
    /// the current G stays.
    pub fn import_generator(&mut self, bytes: &[u8]) -> Result<(), TrainError> {
        use burn::store::{ModuleRecord, RecordError};
        // burn's reason, cut to a sentence's length: a shape mismatch lists every tensor.
        let bad = |e: RecordError| {
            let (what, detail) = match e {
                RecordError::Io(detail) => ("it is not a weights file burn can read", detail),
                RecordError::Validation(detail) => ("its weights are of another network", detail),
            };
            let clipped: String = detail.chars().take(160).collect();
            let detail = if clipped.len() < detail.len() { format!("{clipped}…") } else { detail };
            TrainError::Data(format!("this file is not a generator of this preset: {what} ({detail})"))
        };
        let record = ModuleRecord::from_bytes(burn::tensor::Bytes::from_bytes_vec(bytes.to_vec())).map_err(bad)?;
        self.run.set_generator(self.run.generator().clone().try_load_record(record).map_err(bad)?);
        self.restart_average();
        Ok(())
    }
}
