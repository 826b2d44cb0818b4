//! Bytes handled eight at a time: finding bytes of a kind in JSON text, for the request
//! reader (the end of a plain string) and the quote writer (the next byte to escape);
//! comparing and copying short runs of bytes.
//!
//! Each test marks the high bit of every byte of a little-endian word that is of the
//! kind, using the "some byte is zero" and "some byte is below n" bit tricks. A borrow
//! can also mark bytes after a true one, never before it, so whether a word holds such a
//! byte is exact, and so is the lowest mark: the first such byte.

/// The eight bytes of `block` (exactly eight) as a little-endian word: copied whole, it
/// is one 8-byte load in Wasm, where a word built byte by byte takes eight loads and
/// fourteen shifts and ors.
#[inline(always)]
pub(crate) fn le_word(block: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(block);
    u64::from_le_bytes(word)
}

/// Whether `a` and `b` are the same bytes, compared in place eight at a time, the last
/// (or only) few as the first and the last bytes in two overlapping loads. Inlined, it
/// takes a few instructions on the short ids and keys it compares, where a call to
/// `memcmp` (a byte loop in Wasm) took about 80; against a key of known length, as in
/// the request reader's field names, it is one or two comparisons with constants.
#[inline(always)]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n >= 8 {
        let (mut a_words, mut b_words) = (a[..n - 1].chunks_exact(8), b[..n - 1].chunks_exact(8));
        for (x, y) in (&mut a_words).zip(&mut b_words) {
            if le_word(x) != le_word(y) {
                return false;
            }
        }
        // The last eight bytes, overlapping the words before them.
        return le_word(&a[n - 8..]) == le_word(&b[n - 8..]);
    }
    let u32_at = |s: &[u8], at: usize| u32::from_le_bytes([s[at], s[at + 1], s[at + 2], s[at + 3]]);
    let u16_at = |s: &[u8], at: usize| u16::from_le_bytes([s[at], s[at + 1]]);
    match n {
        4.. => u32_at(a, 0) == u32_at(b, 0) && u32_at(a, n - 4) == u32_at(b, n - 4),
        2.. => u16_at(a, 0) == u16_at(b, 0) && u16_at(a, n - 2) == u16_at(b, n - 2),
        1 => a[0] == b[0],
        0 => true,
    }
}

/// Copies `n` bytes without a call: up to 64 as the first and the last bytes in the
/// widest loads and stores that fit (overlapping in the middle), more with
/// `copy_nonoverlapping`. A quote appends hundreds of short pieces of varying length
/// (amounts, ids, strings of the trace), and a copy of varying length (`memory.copy` in
/// Wasm) is a call out of the compiled code in V8: about 4 ns each in Node.js 20, where
/// moving up to 16 bytes in registers takes a fraction of that (see
/// benches/notes/tried.md).
///
/// # Safety
///
/// `src` must be valid for reading and `dst` for writing `n` bytes, and the two ranges
/// must not overlap.
#[inline(always)]
pub(crate) unsafe fn copy_bytes(src: *const u8, dst: *mut u8, n: usize) {
    // SAFETY: as the caller promises, for each width below `n` or equal to it.
    unsafe {
        // The longest first: a quote's copies are mostly of 4 to 16 bytes.
        if n > 16 {
            copy_longer(src, dst, n);
        } else if n >= 8 {
            copy_ends::<u64>(src, dst, n);
        } else if n >= 4 {
            copy_ends::<u32>(src, dst, n);
        } else if n >= 2 {
            copy_ends::<u16>(src, dst, n);
        } else if n == 1 {
            dst.write(src.read());
        }
    }
}

/// [`copy_bytes`] of more than 16 bytes, out of line (a quote line's discount head is
/// about 35 bytes).
///
/// # Safety
///
/// As for [`copy_bytes`].
#[inline(never)]
unsafe fn copy_longer(src: *const u8, dst: *mut u8, n: usize) {
    // SAFETY: as for `copy_bytes`.
    unsafe {
        if n > 64 {
            std::ptr::copy_nonoverlapping(src, dst, n);
        } else if n > 32 {
            copy_ends::<[u64; 4]>(src, dst, n);
        } else {
            copy_ends::<[u64; 2]>(src, dst, n);
        }
    }
}

/// Copies the first and the last `size_of::<T>()` of `n` bytes, which together are all
/// of them when `n` is from one to two times that size.
///
/// # Safety
///
/// As for [`copy_bytes`], with `n` at least `size_of::<T>()`.
#[inline(always)]
unsafe fn copy_ends<T: Copy>(src: *const u8, dst: *mut u8, n: usize) {
    use std::ptr::{read_unaligned, write_unaligned};
    let last = n - size_of::<T>();
    // SAFETY: both ends lie within the first `n` bytes of each range.
    unsafe {
        let (first_part, last_part) = (
            read_unaligned(src.cast::<T>()),
            read_unaligned(src.add(last).cast::<T>()),
        );
        write_unaligned(dst.cast::<T>(), first_part);
        write_unaligned(dst.add(last).cast::<T>(), last_part);
    }
}

/// [`same_bytes`] for strings.
#[inline(always)]
pub(crate) fn same(a: &str, b: &str) -> bool {
    same_bytes(a.as_bytes(), b.as_bytes())
}

/// [`same`], compiled once: for comparisons in loops over lists of texts of any length
/// (the conditions' lists, an item list's categories), where [`same`] inlined sets up
/// its loads for every text of the outer loop and takes more instructions and code than
/// a call.
#[inline(never)]
pub(crate) fn equal(a: &str, b: &str) -> bool {
    same(a, b)
}

pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Marks the zero bytes of `w` (and perhaps bytes after the first one).
fn zero_bytes(w: u64) -> u64 {
    w.wrapping_sub(ONES) & !w & HIGH
}

/// Marks the bytes of `w` equal to `b`.
pub(crate) fn bytes_equal(w: u64, b: u8) -> u64 {
    zero_bytes(w ^ (ONES * u64::from(b)))
}

/// Marks the quotes of `w`.
pub(crate) fn quote_bytes(w: u64) -> u64 {
    bytes_equal(w, b'"')
}

/// The number written by the eight ASCII digits of `w`, the first (most significant)
/// in its lowest byte; `None` when a byte is not a digit. Pairs, then fours, then all
/// eight are put together by three multiplies, instead of eight steps of `n * 10 + d`.
pub(crate) fn eight_digits(w: u64) -> Option<u64> {
    let d = w ^ (ONES * u64::from(b'0'));
    // A digit is 0 to 9 now; adding 0x76 sets the high bit of any byte from 10 up, and
    // a byte from 0x80 up has it already. No carry leaves a byte that was a digit.
    if (d.wrapping_add(ONES * 0x76) | d) & HIGH != 0 {
        return None;
    }
    // Each step adds ten (a hundred, ten thousand) times a group to the next one up,
    // the sum landing in the upper group; what overflows the word is not needed.
    let pairs = (d.wrapping_mul((10 << 8) + 1) >> 8) & 0x00ff_00ff_00ff_00ff;
    let fours = (pairs.wrapping_mul((100 << 16) + 1) >> 16) & 0x0000_ffff_0000_ffff;
    Some(fours.wrapping_mul((10_000 << 32) + 1) >> 32)
}

/// Marks what a JSON string cannot hold as it is: a quote, a backslash, a control
/// character. A byte from 0x80 up (part of a multi-byte character) is never marked
/// first.
pub(crate) fn special_bytes(w: u64) -> u64 {
    // With bit 1 flipped, a quote (0x22) is 0x20 and a control character stays below
    // 0x20, while every other byte is 0x21 or more: one test below 0x21 finds both. The
    // flips keep each byte's high bit, so `!w` stands for the `!x` of both tests.
    let control_or_quote = (w ^ (ONES * 0x02)).wrapping_sub(ONES * 0x21);
    let backslash = (w ^ (ONES * u64::from(b'\\'))).wrapping_sub(ONES);
    (control_or_quote | backslash) & !w & HIGH
}

/// Whether `marks` marks no byte of `bytes`, eight at a time: the last few bytes padded
/// with `pad` (a byte `marks` does not mark) into one more word, copied without a call
/// (`copy_bytes`): most of the strings checked this way are shorter than eight bytes.
#[inline(always)]
pub(crate) fn no_byte_marked(bytes: &[u8], pad: u8, marks: fn(u64) -> u64) -> bool {
    let mut blocks = bytes.chunks_exact(8);
    for block in &mut blocks {
        if marks(le_word(block)) != 0 {
            return false;
        }
    }
    let rest = blocks.remainder();
    let mut word = [pad; 8];
    // SAFETY: `rest` is shorter than eight bytes and not part of `word`.
    unsafe { copy_bytes(rest.as_ptr(), word.as_mut_ptr(), rest.len()) };
    marks(u64::from_le_bytes(word)) == 0
}

/// Marks what lower-casing could change: a capital letter (`A` to `Z`) or a byte from
/// 0x80 up (part of a character beyond ASCII). Only whether any byte is marked is exact.
pub(crate) fn capital_or_beyond_ascii_bytes(w: u64) -> u64 {
    // For the bytes below 0x80: above 0x40 and below 0x5b, without a carry between bytes.
    let low = w & (ONES * 0x7f);
    let capital = (ONES * (0x7f + 0x5b)).wrapping_sub(low) & (low + ONES * (0x7f - 0x40));
    (capital | w) & HIGH
}

/// Marks (at least) one byte of `w` when some byte is DEL (0x7f) or from 0x80 up: what
/// is left of "not printable ASCII" when control characters are known to be absent. Only
/// whether any byte is marked is exact (a carry out of 0xff can mark the byte after it).
pub(crate) fn beyond_ascii_bytes(w: u64) -> u64 {
    (w | w.wrapping_add(ONES)) & HIGH
}

/// Marks what is not printable ASCII: a control character (below 0x20), DEL (0x7f) or
/// a byte from 0x80 up. Only whether any byte is marked is exact (a carry out of 0xff
/// can mark the byte after it).
pub(crate) fn unprintable_bytes(w: u64) -> u64 {
    let control = w.wrapping_sub(ONES * 0x20) & !w;
    (control | w | w.wrapping_add(ONES)) & HIGH
}

#[cfg(test)]
mod tests {
    use super::{beyond_ascii_bytes, capital_or_beyond_ascii_bytes, special_bytes};

    /// Calls `check` with words of `a` bytes holding every pair of byte values, next to
    /// each other or apart, low and high in the word (a carry out of one byte must not
    /// hide another's mark), and the pair's description.
    fn each_pair_in_a_word(mut check: impl FnMut([u8; 8], &dyn Fn() -> String)) {
        for (x, y) in [(0, 1), (0, 7), (3, 4), (6, 7)] {
            for a in 0..=255u8 {
                for b in 0..=255u8 {
                    let mut bytes = [b'a'; 8];
                    bytes[x] = a;
                    bytes[y] = b;
                    check(bytes, &|| format!("{a:#04x} at {x}, {b:#04x} at {y}"));
                }
            }
        }
    }

    /// Checks that `marks` marks a word exactly when one of its bytes is `of_kind`.
    fn marks_exactly(marks: fn(u64) -> u64, of_kind: fn(u8) -> bool) {
        each_pair_in_a_word(|bytes, at| {
            let expected = bytes.iter().any(|&b| of_kind(b));
            let marked = marks(u64::from_le_bytes(bytes)) != 0;
            assert_eq!(marked, expected, "{}", at());
        });
    }

    #[test]
    fn a_word_is_marked_exactly_when_a_byte_is_a_capital_or_beyond_ascii() {
        marks_exactly(capital_or_beyond_ascii_bytes, |b| {
            b.is_ascii_uppercase() || b >= 0x80
        });
    }

    #[test]
    fn a_word_is_marked_exactly_when_a_byte_is_del_or_above() {
        marks_exactly(beyond_ascii_bytes, |b| b >= 0x7f);
    }

    #[test]
    fn a_word_is_marked_exactly_when_a_byte_must_be_escaped_and_first_at_the_first() {
        let special = |b: u8| b == b'"' || b == b'\\' || b < 0x20;
        marks_exactly(special_bytes, special);
        // The lowest mark is the first such byte, whatever the bytes after it.
        each_pair_in_a_word(|bytes, at| {
            let marked = special_bytes(u64::from_le_bytes(bytes));
            let first = bytes.iter().position(|&b| special(b));
            let lowest = (marked != 0).then(|| marked.trailing_zeros() as usize / 8);
            assert_eq!(lowest, first, "{}", at());
        });
    }
}

// proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod random_tests {
    use super::same_bytes;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn same_bytes_is_equality(
            a in proptest::collection::vec(any::<u8>(), 0..40),
            edit in proptest::option::of((any::<prop::sample::Index>(), any::<u8>())),
            cut in 0usize..3,
        ) {
            // `b` is `a` with at most one byte changed and up to two bytes cut off its end:
            // texts of every length, equal or differing in one place or in length.
            let mut b = a.clone();
            if let (Some((at, byte)), false) = (edit, b.is_empty()) {
                b[at.index(a.len())] = byte;
            }
            b.truncate(b.len().saturating_sub(cut));
            prop_assert_eq!(same_bytes(&a, &b), a == b);
            prop_assert_eq!(same_bytes(&b, &a), a == b);
        }
    }
}
