//! A small compact-JSON writer for the quote, the one document written on every call.
//!
//! It writes exactly what `serde_json::to_string` writes for the same value (the same
//! escapes, the same number forms), without the serializer's generic machinery: a
//! quote is mostly short ASCII strings and money amounts, written as bytes into one
//! buffer, which [`to_json`] turns into a `String` without checking it again (every
//! byte comes from a `&str` or is ASCII: the contract of [`WriteJson`]). `tests/quote_writer.rs` holds it to
//! `serde_json`'s bytes on every fixture and on generated quotes.

use crate::scan::{copy_bytes, le_word, special_bytes};

/// A value that writes itself as compact JSON.
///
/// # Safety
///
/// `write_json` appends only UTF-8 to `out`: whole `&str`s, pieces of a `&str` cut next
/// to an ASCII byte, and ASCII bytes. [`to_json`] relies on it to skip checking the
/// document again.
pub(crate) unsafe trait WriteJson {
    fn write_json(&self, out: &mut Vec<u8>);
}

/// `value` as compact JSON text, written into a buffer of `capacity` bytes to start.
pub(crate) fn to_json<T: WriteJson + ?Sized>(value: &T, capacity: usize) -> String {
    let mut out = Vec::with_capacity(capacity);
    value.write_json(&mut out);
    debug_assert!(std::str::from_utf8(&out).is_ok());
    // SAFETY: `out` holds only what `WriteJson` implementations wrote: UTF-8 by the
    // trait's contract. (Checking it again cost 4% of a 200-line quote's instructions.)
    unsafe { String::from_utf8_unchecked(out) }
}

/// Which bytes are escaped inside a JSON string: `"`, `\\` and the control characters.
const ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// The length of the prefix of `bytes` that needs no escape: eight bytes at a time, the
/// last (partial) block as the text's last eight bytes, whose marks on bytes already
/// checked are dropped. Only a text shorter than eight bytes is read byte by byte.
fn plain_prefix(bytes: &[u8]) -> usize {
    let n = bytes.len();
    if n < 8 {
        return bytes
            .iter()
            .position(|&b| ESCAPED[usize::from(b)])
            .unwrap_or(n);
    }
    let marks = |block: &[u8]| special_bytes(le_word(block));
    // The first marked byte of a word is exact (see `crate::scan`).
    let first = |at: usize, marked: u64| at + (marked.trailing_zeros() / 8) as usize;
    let mut blocks = bytes.chunks_exact(8);
    let mut start = 0;
    for block in &mut blocks {
        let marked = marks(block);
        if marked != 0 {
            return first(start, marked);
        }
        start += 8;
    }
    let left = blocks.remainder().len();
    if left == 0 {
        return n;
    }
    // The bytes before `start` are plain: none of them marks a byte or borrows from the
    // next, so the marks above them are exact too.
    let marked = marks(&bytes[n - 8..]) >> (8 * (8 - left));
    if marked != 0 {
        first(start, marked)
    } else {
        n
    }
}

/// Writes `s` as a JSON string with `serde_json`'s escapes: `"` `\` and the control
/// characters (`\b \f \n \r \t`, the others as `\u00xx`); everything else verbatim.
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let plain = plain_prefix(bytes);
    if plain == bytes.len() {
        write_quoted(out, bytes);
    } else {
        write_escaped(out, bytes, plain);
    }
}

/// Writes `bytes` between quotes as they are: one capacity check and one copy.
#[inline(always)]
fn write_quoted(out: &mut Vec<u8>, bytes: &[u8]) {
    let n = bytes.len();
    out.reserve(n + 2);
    // SAFETY: `n + 2` bytes were reserved past the length; all of them are written
    // before the length takes them in.
    unsafe {
        let at = out.as_mut_ptr().add(out.len());
        at.write(b'"');
        copy_bytes(bytes.as_ptr(), at.add(1), n);
        at.add(n + 1).write(b'"');
        out.set_len(out.len() + n + 2);
    }
}

/// Appends `bytes` (see [`copy_bytes`]).
#[inline(always)]
pub(crate) fn push_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    let n = bytes.len();
    out.reserve(n);
    // SAFETY: `n` bytes were reserved past the length, and are written before the
    // length takes them in; `bytes` is not part of `out`'s spare room.
    unsafe {
        copy_bytes(bytes.as_ptr(), out.as_mut_ptr().add(out.len()), n);
        out.set_len(out.len() + n);
    }
}

/// Room at the end of a `Vec<u8>`, written through a cursor kept apart from the vector:
/// each piece checks the room left against a pointer held in a local, instead of
/// loading and storing the vector's length and capacity. The vector's length takes in
/// what was written when the room is dropped. A quote line is written this way.
pub(crate) struct Room<'v> {
    out: &'v mut Vec<u8>,
    /// Where the next byte goes: past the vector's length, within its capacity.
    at: *mut u8,
    /// The end of the vector's capacity.
    end: *mut u8,
}

impl<'v> Room<'v> {
    /// Room for at least `n` bytes at the end of `out` (more is made as needed).
    #[inline(always)]
    pub(crate) fn new(out: &'v mut Vec<u8>, n: usize) -> Self {
        out.reserve(n);
        let (at, end) = Self::ends(out);
        Room { out, at, end }
    }

    /// The end of `out`'s length and of its capacity.
    #[inline(always)]
    fn ends(out: &mut Vec<u8>) -> (*mut u8, *mut u8) {
        let (len, capacity) = (out.len(), out.capacity());
        let base = out.as_mut_ptr();
        // SAFETY: both offsets lie within (or one past) the vector's allocation.
        unsafe { (base.add(len), base.add(capacity)) }
    }

    /// The bytes written so far past the vector's start: the length it will have.
    #[inline(always)]
    pub(crate) fn len(&self) -> usize {
        self.at as usize - self.out.as_ptr() as usize
    }

    /// Makes room for `n` more bytes; where they go.
    #[inline(always)]
    fn make(&mut self, n: usize) -> *mut u8 {
        if (self.end as usize - self.at as usize) < n {
            (self.at, self.end) = Self::grow(self.out, self.at, n);
        }
        self.at
    }

    /// More room: `at` (where the next byte goes in `out`) and the end of the room,
    /// for at least `n` bytes. Not a method, so that the room's pointers stay out of
    /// memory.
    #[cold]
    #[inline(never)]
    fn grow(out: &mut Vec<u8>, at: *mut u8, n: usize) -> (*mut u8, *mut u8) {
        let len = at as usize - out.as_ptr() as usize;
        // SAFETY: as in `with_vec`.
        unsafe { out.set_len(len) };
        out.reserve(n);
        Self::ends(out)
    }

    /// Runs `f` on the vector, its length set to what was written so far; writing
    /// goes on after whatever `f` appended.
    #[inline(always)]
    pub(crate) fn with_vec(&mut self, f: impl FnOnce(&mut Vec<u8>)) {
        let len = self.len();
        // SAFETY: the bytes up to `len` were written (by the vector's own methods or
        // through this room), within the capacity.
        unsafe { self.out.set_len(len) };
        // While `f` runs, the vector's length is its own: should `f` panic, the drop
        // leaves it as it is.
        (self.at, self.end) = (std::ptr::null_mut(), std::ptr::null_mut());
        f(self.out);
        (self.at, self.end) = Self::ends(self.out);
    }

    /// Appends `bytes`. They cannot lie in the vector's spare room, where they are
    /// copied to: the room holds the only borrow of the vector.
    #[inline(always)]
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        let n = bytes.len();
        let at = self.make(n);
        // SAFETY: `n` bytes of room were made at `at`, past the vector's length, so
        // not where `bytes` lies.
        unsafe {
            copy_bytes(bytes.as_ptr(), at, n);
            self.at = at.add(n);
        }
    }

    #[inline(always)]
    pub(crate) fn byte(&mut self, b: u8) {
        let at = self.make(1);
        // SAFETY: a byte of room was made at `at`.
        unsafe {
            at.write(b);
            self.at = at.add(1);
        }
    }

    /// Appends a copy of what was written at `range` (of the vector's bytes).
    #[inline(always)]
    pub(crate) fn again(&mut self, range: std::ops::Range<usize>) {
        assert!(range.start <= range.end && range.end <= self.len());
        let n = range.len();
        let at = self.make(n);
        // SAFETY: `range` was written (checked above) and lies before `at`, where `n`
        // bytes of room were made: the two do not overlap.
        self.at = unsafe { copied_at(self.out.as_ptr().add(range.start), at, n) };
    }

    /// Appends `piece`, which `block` starts with when the piece is not longer: then the
    /// whole block is copied, in words of a fixed count, and the position moves past the
    /// piece alone (a copy of varying length costs branches, or a call). A longer piece
    /// is copied out of line.
    #[inline(always)]
    pub(crate) fn piece<const N: usize>(&mut self, piece: &[u8], block: Option<&[u8; N]>) {
        match block {
            Some(block) if piece.len() <= N => {
                debug_assert!(block.starts_with(piece));
                let at = self.make(N);
                // SAFETY: `N` bytes of room were made at `at`, past the vector's length,
                // so not where `block` lies; the piece's bytes, its first, are taken in.
                unsafe {
                    at.cast::<[u8; N]>().write_unaligned(*block);
                    self.at = at.add(piece.len());
                }
            }
            _ => {
                let at = self.make(piece.len());
                // SAFETY: as in `bytes`.
                self.at = unsafe { copied_at(piece.as_ptr(), at, piece.len()) };
            }
        }
    }

    /// Appends `key` (a literal such as `,"total":`) and what `write` writes at the
    /// pointer after it, with one check of the room for both: `write` returns how many
    /// bytes it wrote.
    ///
    /// # Safety
    ///
    /// `write` writes at most `most` bytes from the pointer and returns their count.
    #[inline(always)]
    unsafe fn keyed(&mut self, key: &[u8], most: usize, write: impl FnOnce(*mut u8) -> usize) {
        let at = self.make(key.len() + most);
        // SAFETY: room was made for the key and `most` bytes, past the vector's length
        // (so not where `key` lies); as the caller promises, `write` stays within it.
        unsafe {
            copy_bytes(key.as_ptr(), at, key.len());
            let at = at.add(key.len());
            let n = write(at);
            debug_assert!(n <= most);
            self.at = at.add(n);
        }
    }

    /// Appends `key` and an unsigned integer in decimal. A single digit (most
    /// quantities) is one byte.
    #[inline(always)]
    pub(crate) fn key_uint(&mut self, key: &[u8], n: u64) {
        // SAFETY: one byte, or what `write_u64_at` writes: at most `U64_MOST` bytes,
        // their count returned.
        unsafe {
            self.keyed(key, U64_MOST, |at| {
                if n < 10 {
                    at.write(b'0' + n as u8);
                    1
                } else {
                    write_u64_at(n, at)
                }
            });
        }
    }

    /// Appends `key` and a money amount as a JSON string.
    #[inline(always)]
    pub(crate) fn key_money(&mut self, key: &[u8], m: crate::money::Money) {
        // SAFETY: `write_json_at` writes at most `JSON_MOST` bytes and returns their
        // count.
        unsafe {
            self.keyed(key, crate::money::Money::JSON_MOST, |at| {
                m.write_json_at(at)
            })
        }
    }

    /// Appends a money amount as a JSON string.
    #[inline(always)]
    pub(crate) fn money(&mut self, m: crate::money::Money) {
        self.key_money(b"", m);
    }

    /// Appends `key` and `s` between quotes as it is when `plain` (known to need no
    /// escape, see [`Plain`]), else as [`write_str`] writes it.
    #[inline(always)]
    pub(crate) fn key_str_or_plain(&mut self, key: &[u8], s: &str, plain: bool) {
        if plain {
            debug_assert!(needs_no_escape(s), "{s:?} needs escapes");
            // SAFETY: `quoted_at` writes `s.len() + 2` bytes, none of them where `s`
            // lies (past the vector's length), and returns their count.
            unsafe { self.keyed(key, s.len() + 2, |at| quoted_at(s.as_bytes(), at)) }
        } else {
            self.bytes(key);
            self.with_vec(|out| write_str(out, s));
        }
    }
}

/// [`copy_bytes`] out of line: where the copy ends.
///
/// # Safety
///
/// As for [`copy_bytes`].
#[inline(never)]
pub(crate) unsafe fn copied_at(src: *const u8, at: *mut u8, n: usize) -> *mut u8 {
    // SAFETY: as the caller promises.
    unsafe {
        copy_bytes(src, at, n);
        at.add(n)
    }
}

/// Writes `bytes` between quotes at `at`: how many bytes it wrote. Out of line: the
/// ids of a quote line are written this way, and the copy's branches are many bytes.
///
/// # Safety
///
/// `at` must be valid for writing `bytes.len() + 2` bytes, none of them in `bytes`.
#[inline(never)]
unsafe fn quoted_at(bytes: &[u8], at: *mut u8) -> usize {
    let n = bytes.len();
    // SAFETY: as the caller promises.
    unsafe {
        at.write(b'"');
        copy_bytes(bytes.as_ptr(), at.add(1), n);
        at.add(n + 1).write(b'"');
    }
    n + 2
}

impl Drop for Room<'_> {
    fn drop(&mut self) {
        if !self.at.is_null() {
            let len = self.len();
            // SAFETY: as in `with_vec`.
            unsafe { self.out.set_len(len) };
        }
    }
}

/// `write_str` for a string with something to escape, the first at `first`.
#[inline(never)]
fn write_escaped(out: &mut Vec<u8>, bytes: &[u8], first: usize) {
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    let mut i = first;
    loop {
        push_bytes(out, &bytes[start..i]);
        start = i + 1;
        let b = bytes[i];
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
            }
        }
        i = start + plain_prefix(&bytes[start..]);
        if i == bytes.len() {
            break;
        }
    }
    push_bytes(out, &bytes[start..]);
    out.push(b'"');
}

/// Whether `s` needs no escape in a JSON string (no quote, backslash or control
/// character): such a string can be written as [`Plain`].
pub(crate) fn needs_no_escape(s: &str) -> bool {
    plain_prefix(s.as_bytes()) == s.len()
}

/// A string known to need no escape (no quote, backslash or control character): written
/// between quotes as it is, without looking for escapes.
pub(crate) struct Plain<'a>(pub &'a str);

// SAFETY: a whole `&str` between ASCII quotes.
unsafe impl WriteJson for Plain<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        debug_assert!(needs_no_escape(self.0), "{:?} needs escapes", self.0);
        write_quoted(out, self.0.as_bytes());
    }
}

/// Writes `s` as [`Plain`] when `plain` (it is known to need no escape), else as
/// [`write_str`] does.
#[inline]
pub(crate) fn write_str_or_plain(out: &mut Vec<u8>, s: &str, plain: bool) {
    if plain {
        Plain(s).write_json(out);
    } else {
        write_str(out, s);
    }
}

/// Writes an unsigned integer in decimal. A single digit (most quantities) is one push.
#[inline(never)]
pub(crate) fn write_u64(out: &mut Vec<u8>, n: u64) {
    if n < 10 {
        out.push(b'0' + n as u8);
        return;
    }
    out.reserve(U64_MOST);
    // SAFETY: room for `U64_MOST` bytes was made past the length; the count written is
    // taken in.
    unsafe {
        let len = write_u64_at(n, out.as_mut_ptr().add(out.len()));
        out.set_len(out.len() + len);
    }
}

/// The most bytes of a `u64` in decimal.
const U64_MOST: usize = 20;

/// Writes `n` (10 or more) in decimal at `at`: how many bytes it wrote.
///
/// # Safety
///
/// `at` must be valid for writing [`U64_MOST`] bytes.
unsafe fn write_u64_at(mut n: u64, at: *mut u8) -> usize {
    let mut buf = [0u8; U64_MOST];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let len = buf.len() - i;
    // SAFETY: `buf[i..]` is read; at most 20 bytes are written at `at`.
    unsafe { copied_at(buf.as_ptr().add(i), at, len) };
    len
}

// SAFETY (these implementations): strings go through `write_str`, which copies pieces
// of the `&str` cut next to ASCII bytes and writes ASCII escapes; the rest writes ASCII.
unsafe impl WriteJson for str {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_str(out, self);
    }
}

unsafe impl WriteJson for String {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_str(out, self);
    }
}

unsafe impl WriteJson for std::sync::Arc<str> {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_str(out, self);
    }
}

unsafe impl WriteJson for compact_str::CompactString {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_str(out, self);
    }
}

unsafe impl WriteJson for bool {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

unsafe impl WriteJson for u32 {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_u64(out, u64::from(*self));
    }
}

unsafe impl WriteJson for u64 {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_u64(out, *self);
    }
}

unsafe impl WriteJson for usize {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_u64(out, *self as u64);
    }
}

unsafe impl<T: WriteJson> WriteJson for Option<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Some(v) => v.write_json(out),
            None => out.extend_from_slice(b"null"),
        }
    }
}

unsafe impl<T: WriteJson + ?Sized> WriteJson for &T {
    fn write_json(&self, out: &mut Vec<u8>) {
        (**self).write_json(out);
    }
}

/// Writes `items` as a JSON array, each by its own [`WriteJson`] implementation.
pub(crate) fn write_array<T: WriteJson>(out: &mut Vec<u8>, items: impl IntoIterator<Item = T>) {
    out.push(b'[');
    for (i, v) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        v.write_json(out);
    }
    out.push(b']');
}

unsafe impl<T: WriteJson> WriteJson for [T] {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_array(out, self);
    }
}

unsafe impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        self.as_slice().write_json(out);
    }
}

unsafe impl<T: WriteJson, const N: usize> WriteJson for smallvec::SmallVec<[T; N]> {
    fn write_json(&self, out: &mut Vec<u8>) {
        self.as_slice().write_json(out);
    }
}

/// Writes the object `{"key":value,…}` into `out` (a `&mut Vec<u8>`), each value by its
/// own [`WriteJson`] implementation, each key a string literal.
macro_rules! write_object {
    ($out:expr, { $first_key:literal : $first:expr $(, $key:literal : $value:expr)* $(,)? }) => {{
        let out: &mut Vec<u8> = $out;
        out.extend_from_slice(concat!("{\"", $first_key, "\":").as_bytes());
        $crate::jsonout::WriteJson::write_json(&$first, out);
        $(
            out.extend_from_slice(concat!(",\"", $key, "\":").as_bytes());
            $crate::jsonout::WriteJson::write_json(&$value, out);
        )*
        out.push(b'}');
    }};
}
pub(crate) use write_object;

/// Implements [`WriteJson`] for a struct as an object with the given keys, in order
/// (the order and names of its `serde` serialisation).
macro_rules! json_object {
    ($ty:ty { $($key:literal : $field:ident),+ $(,)? }) => {
        // SAFETY: the keys are string literals; each value is written by its own
        // `WriteJson` implementation.
        unsafe impl $crate::jsonout::WriteJson for $ty {
            fn write_json(&self, out: &mut Vec<u8>) {
                $crate::jsonout::write_object!(out, { $($key: self.$field),+ });
            }
        }
    };
}
pub(crate) use json_object;

#[cfg(test)]
mod tests {
    use super::*;

    fn string(s: &str) -> String {
        to_json(s, 0)
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let cases = [
            "",
            "plain",
            "quote \" and backslash \\",
            "tab\tnewline\nreturn\rbackspace\u{8}formfeed\u{c}",
            "\u{0}\u{1}\u{1f}\u{7f}",
            "café ☕ 𝄞 / <script>",
            "\"",
            "\\\\",
        ];
        for s in cases {
            assert_eq!(string(s), serde_json::to_string(s).unwrap(), "{s:?}");
        }
        // Every byte that needs an escape, at every offset of a long plain text, next to
        // multi-byte characters.
        let plain = "offer offer3 is worth more (179.28 vs 150.22) é ☕ ~\u{7f}";
        for special in ['"', '\\', '\n', '\u{0}', '\u{1f}', '\t', '\u{8}'] {
            for at in 0..=plain.chars().count() {
                let s: String = plain
                    .chars()
                    .take(at)
                    .chain([special])
                    .chain(plain.chars().skip(at))
                    .collect();
                assert_eq!(string(&s), serde_json::to_string(&s).unwrap(), "{s:?}");
            }
        }
    }

    #[test]
    fn eight_bytes_at_a_time_finds_what_one_at_a_time_finds() {
        let one_at_a_time = |bytes: &[u8]| {
            bytes
                .iter()
                .position(|&b| ESCAPED[usize::from(b)])
                .unwrap_or(bytes.len())
        };
        // Every pair of byte values, in the first and in the second block, next to each
        // other or apart (a borrow from one byte must not hide or fake another).
        // In the last, partial block too (bytes 16 to 18 of 19, read as bytes 11 to 18).
        for (x, y) in [
            (3, 4),
            (3, 6),
            (9, 10),
            (8, 15),
            (12, 16),
            (15, 16),
            (16, 18),
        ] {
            for a in 0..=255u8 {
                for b in 0..=255u8 {
                    let mut bytes = [b'x'; 19];
                    bytes[x] = a;
                    bytes[y] = b;
                    assert_eq!(
                        plain_prefix(&bytes),
                        one_at_a_time(&bytes),
                        "{a:#04x} at {x}, {b:#04x} at {y}"
                    );
                }
            }
        }
        // Every length from 0 to 24, every byte value at every place.
        for len in 0..=24 {
            for at in 0..len {
                for a in 0..=255u8 {
                    let mut bytes = vec![b'x'; len];
                    bytes[at] = a;
                    assert_eq!(
                        plain_prefix(&bytes),
                        one_at_a_time(&bytes),
                        "{a:#04x} at {at} of {len}"
                    );
                }
            }
        }
    }

    #[test]
    fn integers_are_written_in_decimal() {
        for n in (0u64..=1000).chain([12345, u32::MAX as u64, u64::MAX]) {
            assert_eq!(to_json(&n, 0), n.to_string());
        }
    }

    #[test]
    fn short_copies_append_what_extend_from_slice_appends() {
        // Every length through each way of copying (1, 2-3, 4-7, 8-16 and 17-64 bytes
        // in words, longer ones whole), from every offset of a source, onto a buffer
        // already holding some bytes and onto one that must grow.
        let source: Vec<u8> = (0..200u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in 0..=130 {
            for from in [0, 1, 5, 8, 13] {
                let piece = &source[from..from + len];
                for held in [0, 3] {
                    let mut want = source[..held].to_vec();
                    want.extend_from_slice(piece);
                    let mut got = source[..held].to_vec();
                    got.shrink_to_fit();
                    push_bytes(&mut got, piece);
                    assert_eq!(got, want, "{len} bytes from {from} after {held}");
                    // The same bytes copied again from within the buffer, through a
                    // room made for nothing more (so it grows) and one made for them.
                    for room in [0, len] {
                        let mut again = got.clone();
                        again.shrink_to_fit();
                        let start = again.len() - len;
                        Room::new(&mut again, room).again(start..start + len);
                        let mut want = want.clone();
                        want.extend_from_slice(piece);
                        assert_eq!(again, want, "{len} bytes from within, after {held}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_room_appends_what_the_vector_would_whether_or_not_it_must_grow() {
        use crate::money::Money;
        let amounts = [
            Money::new(0, 2),
            Money::new(24_720, 2),
            Money::new(-5, 2),
            Money::new(4_294_967_295, 2),
            Money::new(4_294_967_296, 2),
            Money::new(1_250, 0),
            Money::new(1_250, 3),
            Money::new(i128::MIN + 1, 28),
        ];
        for made in [0, 1, 7, 4096] {
            let mut got = b"[".to_vec();
            got.shrink_to_fit();
            let mut want = got.clone();
            {
                let mut room = Room::new(&mut got, made);
                for (i, m) in amounts.iter().enumerate() {
                    room.key_money(b",\"key\":", *m);
                    room.money(*m);
                    room.key_uint(b" ", i as u64 * 1_234_567);
                    room.key_uint(b"", i as u64);
                    room.key_str_or_plain(b"", "plain id", true);
                    room.key_str_or_plain(b":", "tab\there", false);
                    room.with_vec(|out| out.extend_from_slice(b"from the vector"));
                    let end = room.len();
                    room.again(end - 4..end);
                    // A piece as long as its block, shorter, longer, and without one.
                    let block = b"<8 bytes";
                    room.piece(block, Some(block));
                    room.piece(&block[..3], Some(block));
                    room.piece(b"<nine byte", Some(block));
                    room.piece(b"|", None::<&[u8; 8]>);
                }
                room.key_uint(b"", u64::MAX);
            }
            for (i, m) in amounts.iter().enumerate() {
                let m = serde_json::to_string(m).unwrap();
                let n = i as u64 * 1_234_567;
                let text = format!(
                    r#","key":{m}{m} {n}{i}"plain id":"tab\there"from the vectorctor<8 bytes<8 <nine byte|"#
                );
                want.extend_from_slice(text.as_bytes());
            }
            want.extend_from_slice(u64::MAX.to_string().as_bytes());
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap(),
                "room made for {made}"
            );
        }
    }
}
