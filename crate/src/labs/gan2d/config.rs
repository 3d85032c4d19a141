//! What defines a 2D GAN run ([`Gan2dConfig`]): the GAN it shares with the 1D lab (networks,
//! noise, loss, steps, optimisers, packing), the target on the plane, and how much the views
//! draw. Built from the page's settings (settings.rs).

use crate::error::TrainError;
use crate::labs::gan2d::targets::Target2d;
use crate::labs::mlp_gan::config::MlpGanConfig;

/// Everything that defines a 2D GAN training run (with the seed, a reproducible one).
#[derive(Clone, Debug)]
pub struct Gan2dConfig {
    /// The networks, noise, loss, steps, optimisers and packing.
    pub gan: MlpGanConfig,
    /// The real data.
    pub target: Target2d,
    /// How many real and how many fixed-noise generated points the views draw and the metrics
    /// measure (PacGAN's 2,500).
    pub visual_samples: usize,
    /// The heat map of D's verdict is `heat_size × heat_size` cells over the view.
    pub heat_size: usize,
    /// G's manifold: G at `manifold_size × manifold_size` points of z-space.
    pub manifold_size: usize,
    /// How many of the generated points get a gradient arrow.
    pub arrow_count: usize,
}

impl Gan2dConfig {
    /// The view sizes the page draws at (points, heat map, manifold, arrows).
    pub fn new(gan: MlpGanConfig, target: Target2d) -> Self {
        Gan2dConfig { gan, target, visual_samples: 2_500, heat_size: 48, manifold_size: 21, arrow_count: 300 }
    }

    /// Checks what the types cannot.
    pub fn validate(&self) -> Result<(), TrainError> {
        self.gan.validate()?;
        if self.gan.generator.d_output != 2 {
            return Err(TrainError::Settings("the 2D GAN's samples are points of the plane".into()));
        }
        if self.arrow_count > self.visual_samples || self.heat_size < 2 || self.manifold_size < 2 {
            return Err(TrainError::Settings("the views need at least a 2 × 2 grid and no more arrows than points".into()));
        }
        Ok(())
    }
}
