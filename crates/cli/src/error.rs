//! What every command returns on failure, and the input size it reads at most.

/// An error message that names the input it is about: the CLI's edge, where errors become text.
pub type CliError = String;

/// The largest file, standard input or URL response read: the decoder's default cap on a
/// profile's decompressed size (a gzip file larger than that holds more than that).
pub const MAX_INPUT: u64 = 1 << 30;
