//! The 2D GAN's settings as the page sends them (one flat JSON object whose keys are the URL
//! keys; tsify declares it to TypeScript): the training keys it shares with the 1D lab,
//! what it trains on (`shape`, `spread`) and PacGAN's `pack`; and their translation into a
//! [`Gan2dConfig`].

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::error::TrainError;
use crate::labs::gan2d::config::Gan2dConfig;
use crate::labs::gan2d::targets::Target2d;
use crate::labs::mlp_gan::settings::{TrainingKeys, from_json_strictly, from_value_strictly};
use crate::labs::presets;

/// The most points the user can give (www/src/labs/gan2d/user-points.ts `MAX_POINTS`).
pub const MAX_POINTS: usize = 100_000;
/// The most samples D judges at once.
pub const MAX_PACK: usize = 4;

/// The settings of one 2D GAN run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
pub struct Gan2dSettings {
    /// The run's seed (0 where absent).
    #[serde(default)]
    #[tsify(type = "number")]
    pub seed: u32,
    /// The target on the plane; `points` = the user's own (sent beside the settings as x, y pairs).
    pub shape: ShapeKind,
    /// σ of each mode of `ring8` and `grid25`.
    pub spread: f64,
    /// PacGAN: D judges `pack` samples of one kind at once (1 = an ordinary GAN).
    pub pack: usize,
    /// The keys the 1D lab shares.
    #[serde(flatten)]
    pub training: TrainingKeys,
}

/// `shape`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum ShapeKind {
    /// 8 Gaussians of σ `spread`, evenly on a circle of radius 2.
    Ring8,
    /// 5 × 5 Gaussians of σ `spread` on a square lattice 1 apart, centred on 0.
    Grid25,
    /// Two interleaved half circles (scikit-learn's `make_moons`).
    Moons,
    /// One arm of an Archimedean spiral, 1½ turns out to radius 2.5.
    Spiral,
    /// GAN Lab's line: the segment from (−2, −1) to (2, 1).
    Line,
    /// GAN Lab's two Gaussian clusters, at (−1, −1) and (1, 1).
    Clusters,
    /// GAN Lab's ring: a circle of radius 1.5.
    Circle,
    /// The user's own points (sent beside the settings), drawn from with replacement.
    Points,
}

impl Gan2dSettings {
    /// Parses the page's JSON; unknown fields or values are refused with serde's explanation
    /// (or, for a field no lab has, a sentence naming it).
    pub fn from_json(json: &str) -> Result<Self, TrainError> {
        from_json_strictly(json)
    }

    /// [`Gan2dSettings::from_json`] of a parsed value.
    pub fn from_value(value: serde_json::Value) -> Result<Self, TrainError> {
        from_value_strictly(value)
    }

    /// The settings of the preset `id` in `crate/presets.json`, with `seed`.
    pub fn preset(id: &str, seed: u32) -> Result<Self, TrainError> {
        let entry = presets::entry(id)?;
        if entry.lab != "gan2d" {
            return Err(TrainError::UnknownPreset(id.to_string()));
        }
        let mut settings = Self::from_value(entry.settings).map_err(|e| TrainError::Settings(format!("presets.json, {id}: {e}")))?;
        settings.seed = seed;
        Ok(settings)
    }

    /// The run these settings describe; `points` (x, y pairs) are the user's, required when
    /// `shape` is `points`. Every range the page enforces is checked again here.
    pub fn config(&self, points: Option<Vec<f32>>) -> Result<Gan2dConfig, TrainError> {
        if !(self.spread > 0.0 && self.spread <= 0.5) {
            return Err(TrainError::Settings(format!("spread must be in (0, 0.5], not {}", self.spread)));
        }
        if !(1..=MAX_PACK).contains(&self.pack) {
            return Err(TrainError::Settings(format!("pack must be 1–{MAX_PACK}")));
        }
        let target = match self.shape {
            ShapeKind::Ring8 => Target2d::Ring { modes: 8, radius: 2.0, std: self.spread },
            ShapeKind::Grid25 => Target2d::Grid { side: 5, spacing: 1.0, std: self.spread },
            ShapeKind::Moons => Target2d::Moons,
            ShapeKind::Spiral => Target2d::Spiral,
            ShapeKind::Line => Target2d::Line,
            ShapeKind::Clusters => Target2d::Clusters,
            ShapeKind::Circle => Target2d::Circle,
            ShapeKind::Points => match points {
                Some(values) if values.len() <= 2 * MAX_POINTS => Target2d::points(values)?,
                Some(_) => return Err(TrainError::Settings(format!("at most {MAX_POINTS} points"))),
                None => return Err(TrainError::Settings("shape=points needs the points themselves".into())),
            },
        };
        let mut training = self.training.clone();
        // A batch of whole packs: the page offers batches that are; a link's odd one is rounded up.
        training.batch = training.batch.div_ceil(self.pack) * self.pack;
        let config = Gan2dConfig::new(training.config(2, self.pack)?, target);
        config.validate()?;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tuned() -> serde_json::Value {
        let mut value = serde_json::to_value(Gan2dSettings::preset("ring8-tuned", 3).unwrap()).unwrap();
        value["lab"] = "gan2d".into();
        value
    }

    #[test]
    fn every_2d_preset_is_valid() {
        let ids = presets::ids("gan2d");
        assert!(ids.len() >= 3, "{ids:?}");
        for id in ids {
            let settings = Gan2dSettings::preset(&id, 1).unwrap();
            let config = settings.config(None).unwrap();
            assert_eq!((config.gan.generator.d_output, config.gan.discriminator.d_input), (2, 2 * settings.pack), "{id}");
        }
    }

    #[test]
    fn page_json_is_read_and_bad_values_refused() {
        let settings = Gan2dSettings::from_json(&tuned().to_string()).unwrap();
        assert_eq!(settings.seed, 3);
        for (key, value) in [
            ("spread", serde_json::json!(0)),
            ("spread", serde_json::json!(0.7)),
            ("pack", serde_json::json!(0)),
            ("pack", serde_json::json!(5)),
            ("latent", serde_json::json!(9)),
            ("g_lr", serde_json::json!(-1)),
            ("d_hidden", serde_json::json!([8, 1000])),
        ] {
            let mut bad = tuned();
            bad[key] = value;
            let parsed = Gan2dSettings::from_json(&bad.to_string()).unwrap();
            assert!(parsed.config(None).is_err(), "{key} should be refused");
        }
        for (key, value) in [("shape", serde_json::json!("ring9")), ("mean", serde_json::json!(1)), ("loss", serde_json::json!("hinge"))] {
            let mut bad = tuned();
            bad[key] = value;
            assert!(Gan2dSettings::from_json(&bad.to_string()).is_err(), "{key} should be refused");
        }
        let mut points = tuned();
        points["shape"] = "points".into();
        let settings = Gan2dSettings::from_json(&points.to_string()).unwrap();
        assert!(settings.config(None).is_err(), "shape=points without points");
        assert!(settings.config(Some(vec![0.5; 16])).is_ok());
        // An odd batch is rounded up to whole packs.
        let mut odd = tuned();
        (odd["pack"], odd["batch"]) = (3.into(), 100.into());
        assert_eq!(Gan2dSettings::from_json(&odd.to_string()).unwrap().config(None).unwrap().gan.batch_size, 102);
    }
}
