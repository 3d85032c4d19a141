//! The IDX format of MNIST and Fashion-MNIST (`*-images-idx3-ubyte`, `*-labels-idx1-ubyte`):
//! a 4-byte magic (0, 0, data type, number of dimensions), one big-endian u32 per dimension,
//! then the values, row-major. Only unsigned bytes (type 0x08) are accepted, as in every MNIST
//! file; anything else, or a length that does not match the header, is refused with a message
//! that says what is wrong.

use crate::error::TrainError;

/// The data-type byte of unsigned bytes.
const UNSIGNED_BYTE: u8 = 0x08;

/// At most this many images: MNIST's and Fashion-MNIST's training sets.
pub const MAX_IMAGES: usize = 60_000;

/// The images of an IDX images file (magic `0x00000803`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdxImages {
    /// Number of images.
    pub count: usize,
    /// Pixel rows per image.
    pub rows: usize,
    /// Pixel columns per image.
    pub columns: usize,
    /// `count × rows × columns` grey levels, row-major, as stored (MNIST: 0 = background).
    pub pixels: Vec<u8>,
}

/// Reads an images file (3 dimensions: count, rows, columns); `name` is used in messages.
pub fn parse_images(bytes: &[u8], name: &str) -> Result<IdxImages, TrainError> {
    let (dims, values) = parse(bytes, name, 3)?;
    let [count, rows, columns] = [dims[0], dims[1], dims[2]];
    if count == 0 || rows == 0 || columns == 0 {
        return Err(data(name, format!("holds no pixels ({count} images of {rows}×{columns})")));
    }
    if count > MAX_IMAGES {
        return Err(data(name, format!("holds {count} images; at most {MAX_IMAGES} can be used")));
    }
    Ok(IdxImages { count, rows, columns, pixels: values.to_vec() })
}

/// Reads a labels file (1 dimension: count).
pub fn parse_labels(bytes: &[u8], name: &str) -> Result<Vec<u8>, TrainError> {
    let (dims, values) = parse(bytes, name, 1)?;
    if dims[0] == 0 {
        return Err(data(name, "holds no labels".into()));
    }
    Ok(values.to_vec())
}

/// Checks the magic and the length; returns the dimensions and the values.
fn parse<'a>(bytes: &'a [u8], name: &str, expected_dims: usize) -> Result<(Vec<usize>, &'a [u8]), TrainError> {
    let what = if expected_dims == 3 { "an images file" } else { "a labels file" };
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(data(name, "is gzip-compressed: decompress it (e.g. `gunzip`) and try again".into()));
    }
    let Some(&[zero_a, zero_b, kind, dims]) = bytes.first_chunk::<4>() else {
        return Err(data(name, format!("is {} bytes long, too short for an IDX header", bytes.len())));
    };
    if (zero_a, zero_b) != (0, 0) {
        return Err(data(name, format!("is not an IDX file (it should start with two zero bytes; expected {what})")));
    }
    if kind != UNSIGNED_BYTE {
        return Err(data(name, format!("stores data type 0x{kind:02X}; only unsigned bytes (0x08) are supported")));
    }
    let dims = usize::from(dims);
    if dims != expected_dims {
        let looks_like = match dims {
            1 => " (it looks like a labels file)",
            3 => " (it looks like an images file)",
            _ => "",
        };
        return Err(data(name, format!("has {dims} dimensions{looks_like}; expected {what} with {expected_dims}")));
    }
    let header = 4 + 4 * dims;
    let Some(sizes) = bytes.get(4..header) else {
        return Err(data(name, format!("is {} bytes long, too short for its {header}-byte header", bytes.len())));
    };
    let sizes: Vec<usize> = sizes.chunks_exact(4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize).collect();
    // Checked: a corrupt header must not overflow into a small, plausible length.
    let expected = sizes.iter().try_fold(1usize, |total, &size| total.checked_mul(size));
    let values = &bytes[header..];
    match expected {
        Some(expected) if expected == values.len() => Ok((sizes, values)),
        _ => {
            let shape = sizes.iter().map(usize::to_string).collect::<Vec<_>>().join(" × ");
            Err(data(
                name,
                format!(
                    "has {} bytes of data, but its header ({shape}) needs {}",
                    values.len(),
                    expected.map_or("more than can be addressed".into(), |e| e.to_string())
                ),
            ))
        }
    }
}

fn data(name: &str, problem: String) -> TrainError {
    TrainError::Data(format!("{name} {problem}"))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An IDX file of unsigned bytes with these dimensions and values.
    pub(crate) fn idx(dims: &[u32], values: &[u8]) -> Vec<u8> {
        let mut bytes = vec![0, 0, UNSIGNED_BYTE, dims.len() as u8];
        for d in dims {
            bytes.extend(d.to_be_bytes());
        }
        bytes.extend(values);
        bytes
    }

    fn message(result: Result<impl std::fmt::Debug, TrainError>) -> String {
        match result {
            Err(TrainError::Data(message)) => message,
            other => panic!("expected a data error, got {other:?}"),
        }
    }

    #[test]
    fn reads_a_small_hand_made_file() {
        let pixels: Vec<u8> = (0..2 * 3 * 4).map(|i| i as u8 * 10).collect();
        let images = parse_images(&idx(&[2, 3, 4], &pixels), "a.idx").unwrap();
        assert_eq!(images, IdxImages { count: 2, rows: 3, columns: 4, pixels });
        assert_eq!(parse_labels(&idx(&[3], &[7, 0, 9]), "l.idx").unwrap(), vec![7, 0, 9]);
    }

    #[test]
    fn refuses_corrupt_and_mismatched_files() {
        let images = idx(&[2, 2, 2], &[1; 8]);
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (vec![0x1f, 0x8b, 8, 0], "gzip-compressed"),
            (vec![0, 0], "too short for an IDX header"),
            (b"\x89PNG\r\n".to_vec(), "not an IDX file"),
            ([&[0, 0, 0x0D, 3][..], &images[4..]].concat(), "data type 0x0D"),
            (idx(&[8], &[1; 8]), "1 dimensions (it looks like a labels file)"),
            (images[..10].to_vec(), "too short for its 16-byte header"),
            (images[..images.len() - 1].to_vec(), "has 7 bytes of data, but its header (2 × 2 × 2) needs 8"),
            ([&images[..], &[0]].concat(), "has 9 bytes of data"),
            (idx(&[0, 28, 28], &[]), "holds no pixels"),
            (idx(&[u32::MAX, u32::MAX, u32::MAX], &[]), "needs more than can be addressed"),
            (idx(&[60_001, 1, 1], &[0; 60_001]), "at most 60000"),
        ];
        for (bytes, expected) in cases {
            let got = message(parse_images(&bytes, "x.idx"));
            assert!(got.starts_with("x.idx ") && got.contains(expected), "{got:?} should say {expected:?}");
        }
        let got = message(parse_labels(&images, "y.idx"));
        assert!(got.contains("3 dimensions (it looks like an images file); expected a labels file"), "{got}");
        assert!(message(parse_labels(&idx(&[0], &[]), "y.idx")).contains("holds no labels"));
    }
}
