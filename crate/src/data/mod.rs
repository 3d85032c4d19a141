//! Real data: the 1D targets (and, later, digits).

pub mod target1d;
