//! Helpers shared by the unit tests (native and Wasm).

/// A fixed pseudo-random sequence from `seed` (xorshift64; `seed` not zero): the same
/// numbers on every run and every target.
pub(crate) fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}
