//! The lab's random streams (see `crate::streams`): each `seed ^` one of these constants.

/// The real samples of each batch.
pub const DATA: u64 = 0xda7a_5eed_0000_0002;
/// `get-samples`' noise.
pub const SAMPLES: u64 = 0x5eed_5a3b_1e5d_0003;
/// The real points the views draw and the distance measures against (seed 0's: the same
/// for every run of a target).
pub const VIEW: u64 = 0x2d2d_5eed_0000_0009;

/// Every stream of the lab (no two of any lab's may collide: a test in `crate::labs`).
pub const ALL: &[u64] = &[DATA, SAMPLES, VIEW];
