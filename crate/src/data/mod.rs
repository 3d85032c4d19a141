//! Real data: the 1D targets, the digits (and the user's IDX files).

pub mod digits;
pub mod idx;
pub mod target1d;
