//! The networks, written to read like the PyTorch of the seeds.

use burn::module::{ModuleVisitor, Param};
use burn::prelude::*;

pub mod dropout;
pub mod judge;
pub mod mlp;
pub mod mnist_cgan;
pub mod mnist_dcgan;
pub mod mnist_mlp;

/// The side of the square grey-level images the image networks read and draw (28: MNIST's).
pub const SIDE: usize = 28;
/// Pixels per image.
pub const PIXELS: usize = SIDE * SIDE;
/// The classes the judge tells apart and the conditional networks are told (the ten digits).
pub const CLASSES: usize = 10;

/// Initialises every parameter of `module` now.
///
/// burn initialises parameters lazily, on first use, drawing from the backend's random
/// generator at that moment. Drawing them at construction keeps the order of draws fixed, so
/// the seed alone decides the initial weights, whatever the caller does first.
pub fn materialize<M: Module>(module: M) -> M {
    struct Materialize;
    impl ModuleVisitor for Materialize {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            let _ = param.val();
        }
    }
    module.visit(&mut Materialize);
    module
}
