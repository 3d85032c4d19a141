//! The networks, written to read like the PyTorch of the seeds.

pub mod gan1d;
