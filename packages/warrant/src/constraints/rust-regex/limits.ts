// The size limits of the Rust regex port: pattern bytes, input bytes and repetition counts.

/** Longest accepted pattern, in UTF-8 bytes. */
export const RUST_REGEX_MAX_PATTERN_BYTES = 4096;
/** Longest accepted input, in UTF-8 bytes. */
export const RUST_REGEX_MAX_INPUT_BYTES = 65536;
/** Largest accepted `{n}`, `{n,}` or `{n,m}` count. */
export const RUST_REGEX_MAX_REPEAT = 1000;
