//! Nothing: this package only names the published releases of the patched crates, so that
//! `cargo fetch` downloads them (scripts/vendor.sh).
