// Public API of the Rust `regex` port: exactly the names the former `rust-regex.ts` exported.

/**
 * The Rust `regex` crate's `Regex::is_match` (regex 1.13.1 / regex-syntax
 * 0.8.11, the versions Tenuo 0.2.3 locks), for Regex constraints.
 *
 * Design: a port of regex-syntax's parser (same grammar, same errors, same
 * flag scoping, same nesting limit) builds an AST; a translator applies the
 * flags and turns every character class into a JavaScript `v`-flag class, so
 * Unicode properties and simple case folding come from the engine's tables;
 * matching runs a Thompson NFA simulation memoized as a lazy DFA. A
 * backtracking `RegExp` over the whole pattern would be exponential or
 * polynomial where Rust is linear (`[^\n]*[^\n]*x` needs minutes on 8 KiB
 * in V8, and even `a*b` is quadratic as an unanchored search), so RegExp only
 * ever tests one code point against one class here, and a deterministic work
 * budget bounds every call.
 *
 * Fail closed: everything Rust rejects is rejected (`invalid_constraint`), and
 * so is what this port cannot reproduce exactly: `(?-u)`, Unicode properties
 * JavaScript lacks or whose data drifted (`Extended_Pictographic`,
 * `Diacritic`), patterns over the size limits. At match time an over-long
 * input, ill-formed UTF-16, a character Rust's Unicode 16 tables classify
 * differently from this engine's (only for patterns that use Unicode data),
 * or an exhausted work budget is a `constraint_error`.
 */
export { compileRustRegex, type RustRegex } from './compile.js';
export { RUST_REGEX_MAX_INPUT_BYTES, RUST_REGEX_MAX_PATTERN_BYTES, RUST_REGEX_MAX_REPEAT } from './limits.js';
