//! The lab's random streams (see `crate::streams`): each `seed ^` one of these constants.

/// The dropout masks of D.
pub const DROPOUT: u64 = 0xd20f_0005_eed0_0005;
/// Which real images make each batch.
pub const BATCHES: u64 = 0xd161_75ee_d000_0001;
/// `get-samples`' noise.
pub const SAMPLES: u64 = 0x5eed_5a3b_1e5d_0002;
/// The judge's noise.
pub const JUDGE: u64 = 0x1d6e_5eed_0000_0003;
/// `mnist-cgan`: the labels G is asked to draw in training.
pub const LABELS: u64 = 0x1abe_15ee_d000_0004;
/// The grid's fixed noise: drawn row after row, so a larger grid adds vectors after the
/// same first ones, and the grid's size never changes the training run.
pub const GRID: u64 = 0x6e1d_f1ed_0000_0007;
/// The latent walk's two ends (the same for every run of a preset: a fixed route to compare runs by).
pub const WALK: u64 = 0x1a7e_4a1c_0000_0005;
/// The digit row's noise vector (the same for every run, as the walk's).
pub const ROW: u64 = 0x0123_4567_89d1_0006;

/// Every stream of the lab (no two of any lab's may collide: a test in `crate::labs`).
pub const ALL: &[u64] = &[DROPOUT, BATCHES, SAMPLES, JUDGE, LABELS, GRID, WALK, ROW];
