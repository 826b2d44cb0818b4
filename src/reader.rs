//! A fast reader for requests, customers and carts given as JSON text.
//!
//! Requests have a fixed shape, so a hand-written reader builds them directly from the
//! bytes. A cart's strings are borrowed from the text ([`Str`]), so a line's ids cost
//! no copy however long; a customer's are copied into a [`Text`] (the customer may be
//! kept, prepared, after the text is gone), which is built without allocating up to 24
//! bytes (12 in Wasm). It reads only the plain case: it gives `Some(value)` when serde
//! would read exactly that value, and `None` on anything unusual (an unknown or
//! repeated key, a missing field, a `null` where serde refuses one, an escape in a key
//! (or in any string, for a reader given no [`Decoded`]), a number it does not read
//! itself, text that is not JSON). On `None` the caller reads the text again with the
//! full reader (`request_read`, which reads as the serde types do and reports with
//! serde's messages), which gives the value or the error with its path, so this reader
//! never reports an error itself. The readers of a quote's request and of a customer
//! also take strings written with escapes (not keys): each is decoded as serde decodes
//! it and kept in a [`Decoded`] the caller provides, so a store whose JSON writer
//! escapes every character beyond ASCII, or every `/`, keeps this reader's speed.
//!
//! A quote's request is read by [`request_digested`]: its customer's orders go straight
//! into an [`OrderDigest`] as they are read, each order's strings looked at where they
//! lie in the text, never copied into an `Order`.
//!
//! Values whose exact reading belongs to serde are handed to it as text: JSON numbers
//! other than plain ones of up to 15 digits (read as `Dec`'s serde reading reads them,
//! whose float reading differs from `str::parse`; see [`short_number`]) and
//! `attributes` (any JSON object).

use std::cell::{Cell, OnceCell};
use std::collections::BTreeMap;

use serde_json::Value;
use typed_arena::Arena;

use crate::dates::Instant;
use crate::jsonout::needs_no_escape;
use crate::limits::printable_ascii;
use crate::money::Dec;
use crate::profile::OrderDigest;
use crate::program::compile::Compiled;
use crate::request::{
    Address, Cart, Categories, Customer, CustomerStatus, CustomerType, Line, Order, Request,
    Shipping, Str, Text,
};
use crate::scan::{beyond_ascii_bytes, le_word, quote_bytes, same_bytes, special_bytes};

/// Reads a request (`{ now, customer, cart }`): `Some` only when serde would read the
/// same value from `text`; `None` when the text must be read by `request_read`.
pub(crate) fn request(text: &str) -> Option<Request<'_>> {
    whole(text, Cur::request)
}

/// A request without a customer (`{ now, cart }`, or a `customer` of `null`), and
/// whether every string of its cart is printable ASCII (`false` when that is not
/// known): the reader refuses control characters, so that is whether none has a byte
/// from 0x7f up, found while the strings are read (`Cur::str` marks only the cart's).
/// Such strings need no JSON escape either: a string written with one marks the cart
/// too, unless it decodes to such a string (`Cur::escaped`). `None` for a request with a
/// customer too, which serde then reads (to report the customer's own problems first).
pub(crate) fn request_without_customer<'a>(
    text: &'a str,
    decoded: &'a Decoded,
) -> Option<(Instant, Cart<'a>, bool)> {
    let mut cur = Cur::decoding(text, decoded);
    let (now, cart) = cur.whole(|c| c.request_with(&mut |_| None))?;
    Some((now, cart, cur.beyond_ascii == 0))
}

/// A request whose customer's orders were digested as they were read.
pub(crate) struct DigestedRequest<'a> {
    pub(crate) now: Instant,
    /// The customer, its `orders` left empty: they are in the digest.
    pub(crate) customer: Option<(Customer, OrderDigest)>,
    pub(crate) cart: Cart<'a>,
}

/// [`request`], and whether its cart is printable ASCII as for
/// [`request_without_customer`], the customer's orders digested for `program` as they
/// are read instead of kept ([`OrderDigest`]). `Some` only when serde would read from `text` a
/// request whose customer [`crate::profile::prepare`] digests the same way.
pub(crate) fn request_digested<'a>(
    text: &'a str,
    program: &Compiled,
    decoded: &'a Decoded,
) -> Option<(DigestedRequest<'a>, bool)> {
    let mut cur = Cur::decoding(text, decoded);
    let mut customer = None;
    let (now, cart) = cur.whole(|c| {
        c.request_with(&mut |c| {
            let mut digest = None;
            let read = c.customer_with(&mut |c| {
                digest = Some(c.digested_orders(program)?);
                Some(())
            })?;
            let digest = digest.unwrap_or_else(|| OrderDigest::new(program, 0));
            customer = Some((read, digest));
            Some(())
        })
    })?;
    let request = DigestedRequest {
        now,
        customer,
        cart,
    };
    Some((request, cur.beyond_ascii == 0))
}

/// Reads a customer record alone; `None` when the text must be read by `request_read`.
pub(crate) fn customer(text: &str) -> Option<Customer> {
    // The customer's strings are its own: those decoded are needed only while it is read.
    let decoded = Decoded::default();
    Cur::decoding(text, &decoded).whole(Cur::customer)
}

/// Reads a cart alone; `None` when the text must be read by `request_read`.
pub(crate) fn cart(text: &str) -> Option<Cart<'_>> {
    whole(text, Cur::cart)
}

/// Reads one value filling the whole text (whitespace around it is allowed).
fn whole<'a, T>(text: &'a str, read: fn(&mut Cur<'a>) -> Option<T>) -> Option<T> {
    Cur::new(text).whole(read)
}

/// Nesting allowed inside `attributes`, counting its own braces. serde_json stops at
/// 128 levels counted from the root and `attributes` sits three levels down, so a span
/// within this bound reads the same alone as in its place.
const MAX_NESTING: usize = 64;

/// Stores the value of a struct field; `None` if the field was already given (serde
/// refuses duplicate fields).
fn once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

/// A JSON number [`short_number`] does not read, read as `Dec`'s serde reading reads it
/// (an integer exactly, any other number by its nearest `f64`). Out of line and cold:
/// rare, and the scanner's reading (`crate::jsontext`) is large; folded into [`Cur::dec`] it made the
/// function every amount goes through twice its size.
#[cold]
#[inline(never)]
fn long_number(text: &str) -> Option<Dec> {
    crate::jsontext::number(text)?.number_dec()?.ok()
}

/// Reads a JSON number of at most 15 digits without an exponent (`-?int(.frac)?`) the
/// way `Dec`'s serde reading does, without going through a float and its text. serde
/// reads a plain integer exactly and any other number by the shortest text of its
/// nearest `f64`; a decimal of at most 15 significant digits is the only one of at most
/// 15 digits rounding to that `f64`, so that text is this one less the fraction's
/// trailing zeros. `None` for anything else (serde then reads it): more digits, an
/// exponent, a negative zero, text that is not a JSON number.
fn short_number(text: &str) -> Option<Dec> {
    let b = text.as_bytes();
    let negative = b.first() == Some(&b'-');
    let unsigned = &b[usize::from(negative)..];
    let int_len = unsigned.iter().take_while(|d| d.is_ascii_digit()).count();
    let int = &unsigned[..int_len];
    if int.is_empty() || (int.len() > 1 && int[0] == b'0') {
        return None;
    }
    let rest = &unsigned[int_len..];
    let frac = match rest {
        [] => &[][..],
        [b'.', frac @ ..] if !frac.is_empty() && frac.iter().all(u8::is_ascii_digit) => frac,
        _ => return None,
    };
    if int.len() + frac.len() > 15 {
        return None;
    }
    if negative && int.iter().chain(frac).all(|&d| d == b'0') {
        return None;
    }
    let kept = frac.len() - frac.iter().rev().take_while(|&&d| d == b'0').count();
    if frac.is_empty() {
        // serde's integer reading: exact, scale 0.
        let n: i64 = text.parse().ok()?;
        return Some(Dec(rust_decimal::Decimal::from(n)));
    }
    // The float's shortest text: the integer part, then the fraction if any is left.
    let end = usize::from(negative) + int_len + if kept > 0 { 1 + kept } else { 0 };
    Dec::parse(&text[..end]).ok()
}

/// Reads an object whose keys are among the given field names, each with its reader:
/// `fields!(cur, |c| { b"id" => once(&mut id, c.text()?), ... })`. A key is matched in
/// place against each name in turn (no scan for its end first), so any other key, or one
/// written with an escape, matches none and gives `None`: serde then reads the text.
macro_rules! fields {
    ($cur:expr, |$c:ident| { $($name:literal => $read:expr),+ $(,)? }) => {
        $cur.members(|$c| {
            let rest = $c.b.get($c.i..)?;
            // A name whose first byte differs is passed over in one comparison.
            let first = *rest.first()?;
            $(
                let name: &'static [u8] = $name;
                if first == name[0]
                    && rest.get(name.len()) == Some(&b'"')
                    && same_bytes(&rest[..name.len()], name)
                {
                    // In compact JSON the colon follows the closing quote: no call.
                    if rest.get(name.len() + 1) == Some(&b':') {
                        $c.i += name.len() + 2;
                    } else {
                        $c.colon_after(name.len())?;
                    }
                    return $read;
                }
            )+
            None
        })
    };
}

/// Where a reader keeps the strings it decoded (those written with an escape, which it
/// cannot borrow from the text as they are) for what it reads to borrow from them as
/// from the text. Nothing is allocated until the first such string, and then a few
/// times in all, not once a string: each is decoded into one buffer, then copied into
/// the arena's blocks.
#[derive(Default)]
pub(crate) struct Decoded {
    strings: OnceCell<Arena<u8>>,
    /// The string being decoded.
    buffer: Cell<String>,
}

/// A position in the text being read.
struct Cur<'a> {
    s: &'a str,
    /// `s`'s bytes (`string` relies on it).
    b: &'a [u8],
    i: usize,
    /// Marks of the bytes from 0x7f up in the cart's strings read so far (see
    /// `skip_until`); a cart string written with an escape marks it too unless it decodes
    /// to printable ASCII that needs no escape.
    beyond_ascii: u64,
    /// Where a string written with an escape is kept once decoded; without one, such a
    /// string is declined (`None`), and serde then reads the text.
    decoded: Option<&'a Decoded>,
    /// The string [`Cur::escaped`] decoded last.
    last_decoded: &'a str,
}

/// An order as it lies in the text: its strings borrowed, its products in a list the
/// reader reuses.
struct OrderText<'a, 'p> {
    id: &'a str,
    /// `id` is known to be printable ASCII ([`Cur::printable_string`]).
    id_printable: bool,
    /// The timestamp's text, read by the caller.
    placed_at: &'a str,
    status: &'a str,
    total: Dec,
    carrier: Option<&'a str>,
    products: &'p [&'a str],
}

impl<'a> Cur<'a> {
    fn new(text: &'a str) -> Self {
        Cur {
            s: text,
            b: text.as_bytes(),
            i: 0,
            beyond_ascii: 0,
            decoded: None,
            last_decoded: "",
        }
    }

    /// A reader that decodes the strings written with an escape into `decoded`.
    fn decoding(text: &'a str, decoded: &'a Decoded) -> Self {
        Cur {
            decoded: Some(decoded),
            ..Cur::new(text)
        }
    }

    /// Reads one value filling the rest of the text (whitespace around it is allowed).
    fn whole<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let value = read(self)?;
        self.ws();
        (self.i == self.b.len()).then_some(value)
    }

    /// Skips JSON whitespace (space, tab, line feed, carriage return).
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        // Compact JSON, as storefronts send it, has no whitespace: every byte that can
        // start a token is above the space, and one comparison finds it.
        match self.b.get(self.i) {
            Some(&b) if b > b' ' => Some(b),
            _ => {
                self.ws();
                self.b.get(self.i).copied()
            }
        }
    }

    /// Consumes `byte` if it comes next (after whitespace).
    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.i += 1;
        }
        found
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    /// Consumes a `null` if one comes next.
    #[inline]
    fn null(&mut self) -> bool {
        self.ws();
        let found = self
            .b
            .get(self.i..)
            .is_some_and(|rest| rest.starts_with(b"null"));
        if found {
            self.i += 4;
        }
        found
    }

    /// Moves to the first byte that `flags` marks (or to the end of the text): sixteen bytes
    /// at a time, a word of eight after the other, while sixteen remain, then byte by
    /// byte. With `MARK`, the bytes from 0x7f up among those read are marked in
    /// `beyond_ascii` (with, at the end, up to seven bytes past the mark: never fewer than
    /// those skipped). The position and the marks are kept in locals and stored once:
    /// eight bytes at a time, storing both after each word, a 200-line cart with ids of
    /// the length stores send (UUIDs, `gid://` ids) took 26,351 Wasm instructions more
    /// (1,238,337), and the generated 200-line cart 631 more.
    fn skip_until<const MARK: bool>(&mut self, flags: fn(u64) -> u64) {
        let (b, mut i) = (self.b, self.i);
        let mut beyond = 0;
        let found = 'found: {
            while let Some(block) = b.get(i..i + 16) {
                let (one, two) = (le_word(&block[..8]), le_word(&block[8..]));
                let marked = flags(one);
                if marked != 0 {
                    beyond |= beyond_ascii_bytes(one);
                    break 'found i + (marked.trailing_zeros() / 8) as usize;
                }
                // Both words' marks at once: marking each word before its test took the
                // 200-line cart with store-length ids 2,238 instructions more.
                beyond |= beyond_ascii_bytes(one) | beyond_ascii_bytes(two);
                let marked = flags(two);
                if marked != 0 {
                    break 'found i + 8 + (marked.trailing_zeros() / 8) as usize;
                }
                i += 16;
            }
            while let Some(&byte) = b.get(i) {
                // The byte alone, as the lowest of a word: only its own mark counts.
                beyond |= beyond_ascii_bytes(u64::from(byte));
                if flags(u64::from(byte)) & 0x80 != 0 {
                    break;
                }
                i += 1;
            }
            i
        };
        self.i = found;
        if MARK {
            self.beyond_ascii |= beyond;
        }
    }

    /// A string, borrowed from the text, or, written with an escape, decoded (when the
    /// reader has somewhere to keep it); `None` for one serde refuses (a control
    /// character, a bad escape).
    fn string(&mut self) -> Option<&'a str> {
        self.string_marking::<false>()
    }

    /// A timestamp's string. The usual shape, 20 bytes ending in `Z`
    /// (`2026-01-04T10:00:00Z`), is taken between its quotes without a scan for escapes:
    /// the digest reads it only if every byte is a digit or a separator of that shape
    /// (then it holds no quote, backslash or control character and is that string), and
    /// declines anything else, which serde then reads. Any other text is read as a string.
    fn timestamp(&mut self) -> Option<&'a str> {
        let i = self.i;
        if let Some(&[b'"', .., b'Z', b'"']) = self.b.get(i..i + 22) {
            let text = self.s.get(i + 1..i + 21)?;
            self.i = i + 22;
            return Some(text);
        }
        self.string()
    }

    /// [`Cur::string`], and whether it is printable ASCII: it holds no control character
    /// (or it would not be read here) and no byte from 0x7f up. `false` can also be
    /// said of such a string (a mark may come from the bytes just after it).
    fn printable_string(&mut self) -> Option<(&'a str, bool)> {
        let outer = std::mem::take(&mut self.beyond_ascii);
        let s = self.string_marking::<true>();
        let printable = self.beyond_ascii == 0;
        self.beyond_ascii = outer;
        Some((s?, printable))
    }

    /// [`Cur::string`], with `MARK` as for [`Cur::skip_until`].
    fn string_marking<const MARK: bool>(&mut self) -> Option<&'a str> {
        self.expect(b'"')?;
        let start = self.i;
        self.skip_until::<MARK>(special_bytes);
        if *self.b.get(self.i)? != b'"' {
            return self.escaped(start, MARK).then_some(self.last_decoded);
        }
        // SAFETY: `start` follows an ASCII quote and `self.i` is at one, within the text
        // (`self.b` is `self.s`'s bytes): both are character boundaries of `self.s`, in
        // order. Checking them again cost about a sixth of reading a short string.
        debug_assert!(self.s.is_char_boundary(start) && self.s.is_char_boundary(self.i));
        let s = unsafe { self.s.get_unchecked(start..self.i) };
        self.i += 1;
        Some(s)
    }

    /// The string whose opening quote is just before `start`, stopped at a byte other than
    /// its closing quote: when that is a backslash, the string with its escapes decoded as
    /// serde decodes them, kept in `decoded` and left in `last_decoded`; `false` where
    /// serde refuses it, or without `decoded`. `mark`: as [`Cur::string_marking`]'s `MARK`;
    /// decoded, the string may hold any character, and it is marked unless it is printable
    /// ASCII without a quote or a backslash. Rare (stores whose JSON writer escapes every
    /// character beyond ASCII, or every `/`): out of line and cold. It gives a `bool`,
    /// where a `&str` would be returned through memory: every string read would set up room
    /// for it.
    #[cold]
    #[inline(never)]
    fn escaped(&mut self, start: usize, mark: bool) -> bool {
        let Some(decoded) = self.decoded else {
            return false;
        };
        if self.b.get(self.i) != Some(&b'\\') {
            return false;
        }
        let mut buffer = decoded.buffer.take();
        buffer.clear();
        let end = crate::jsontext::string_into(self.s, start, &mut buffer);
        if end.is_some() {
            self.last_decoded = decoded.strings.get_or_init(Arena::new).alloc_str(&buffer);
        }
        decoded.buffer.set(buffer);
        let Some(end) = end else {
            return false;
        };
        self.i = end;
        // Marked unless it decoded to printable ASCII that needs no escape either (`\/`
        // is `/`): a quote, a backslash or a control character must be escaped again.
        let s = self.last_decoded;
        if mark && !(printable_ascii(s.as_bytes()) && needs_no_escape(s)) {
            self.beyond_ascii |= 0x80;
        }
        true
    }

    /// Moves past a key of `len` bytes, its closing quote and the colon after it, with
    /// whitespace before the colon. Not inlined: [`fields!`] calls it for any field name
    /// whose colon does not follow its closing quote right away (not compact JSON).
    #[inline(never)]
    fn colon_after(&mut self, len: usize) -> Option<()> {
        self.i += len + 1;
        self.expect(b':')
    }

    /// Reads an object, calling `member` after each key's opening quote to read the key,
    /// its colon and its value (see [`fields!`]).
    fn members(&mut self, mut member: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.expect(b'{')?;
        if self.eat(b'}') {
            return Some(());
        }
        self.expect(b'"')?;
        loop {
            member(self)?;
            if !self.next_member()? {
                return Some(());
            }
        }
    }

    /// After an object's member: `Some(true)` past the comma and the next key's opening
    /// quote, `Some(false)` past the closing brace. In compact JSON, `,"` is one two-byte
    /// comparison and the brace one more, inlined; anything else goes to
    /// [`Cur::list_end`], shared by every object and array read.
    #[inline(always)]
    fn next_member(&mut self) -> Option<bool> {
        match self.b.get(self.i..self.i + 2) {
            Some(b",\"") => {
                self.i += 2;
                Some(true)
            }
            Some([b'}', _]) => {
                self.i += 1;
                Some(false)
            }
            _ => self.list_end(b'}', true),
        }
    }

    /// The end of an object's member or an array's item, past whitespace: `Some(false)`
    /// past `close`, `Some(true)` past the comma (and, with `key_next`, the next key's
    /// opening quote).
    #[inline(never)]
    fn list_end(&mut self, close: u8, key_next: bool) -> Option<bool> {
        if self.eat(close) {
            return Some(false);
        }
        self.expect(b',')?;
        if key_next {
            self.expect(b'"')?;
        }
        Some(true)
    }

    /// Reads an array, each item with `item`.
    fn array<T>(&mut self, item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        // The capacity a first push would give, without the growth path.
        self.array_of(4, item)
    }

    /// An array whose items take at least `item_bytes` of text each: room is made at
    /// once for as many as the rest of the text could hold (up to 1,024), instead of
    /// growing the list (and moving every item) again and again.
    fn sized_array<T>(
        &mut self,
        item_bytes: usize,
        item: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        self.array_of(self.room_for(item_bytes), item)
    }

    /// Room for as many items of at least `item_bytes` as the rest of the text could
    /// hold, from 4 up to 1,024.
    fn room_for(&self, item_bytes: usize) -> usize {
        ((self.b.len() - self.i) / item_bytes).clamp(4, 1024)
    }

    fn array_of<T>(
        &mut self,
        capacity: usize,
        mut item: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        let mut items = Vec::new();
        self.items(|c| {
            // Room is made at the first item: an empty array allocates nothing.
            if items.capacity() == 0 {
                items.reserve_exact(capacity);
            }
            items.push(item(c)?);
            Some(())
        })?;
        Some(items)
    }

    /// Reads an array, calling `item` to read each item.
    fn items(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.expect(b'[')?;
        if self.eat(b']') {
            return Some(());
        }
        loop {
            item(self)?;
            if !self.next_item()? {
                return Some(());
            }
        }
    }

    /// After an array's item: `Some(true)` past the comma, `Some(false)` past the closing
    /// bracket. In compact JSON the comma or the bracket comes right away, found inlined;
    /// anything else goes to [`Cur::list_end`].
    #[inline(always)]
    fn next_item(&mut self) -> Option<bool> {
        match self.b.get(self.i) {
            Some(b',') => {
                self.i += 1;
                Some(true)
            }
            Some(b']') => {
                self.i += 1;
                Some(false)
            }
            _ => self.list_end(b']', false),
        }
    }

    /// A line's categories, held inline up to two.
    fn categories(&mut self) -> Option<Categories<'a>> {
        let mut categories = Categories::new();
        self.items(|c| {
            categories.push(c.str()?);
            Some(())
        })?;
        Some(categories)
    }

    /// An `Option` field: `null` is `None`, as with serde.
    fn or_null<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.null() {
            Some(None)
        } else {
            read(self).map(Some)
        }
    }

    fn text(&mut self) -> Option<Text> {
        self.string().map(Text::from)
    }

    fn texts(&mut self) -> Option<Vec<Text>> {
        self.array(Self::text)
    }

    /// A cart string, borrowed from the text; its bytes from 0x7f up are marked in
    /// `beyond_ascii`.
    fn str(&mut self) -> Option<Str<'a>> {
        self.string_marking::<true>().map(Str::Borrowed)
    }

    fn strs(&mut self) -> Option<Vec<Str<'a>>> {
        self.array(Self::str)
    }

    fn instant(&mut self) -> Option<Instant> {
        Instant::parse(self.string()?).ok()
    }

    /// A decimal: a string read by [`Dec::parse`], a number read by serde itself.
    fn dec(&mut self) -> Option<Dec> {
        match self.peek()? {
            b'"' => {
                // A short amount (`"57.76"`): its closing quote found in the word after the
                // opening one, and the bytes before it read as digits and a point (so no
                // escape), without the string's scan. Anything else is read as a string.
                if let Some(word) = self.b.get(self.i + 1..self.i + 9) {
                    let word = le_word(word);
                    let quotes = quote_bytes(word);
                    if quotes != 0 {
                        let n = (quotes.trailing_zeros() / 8) as usize;
                        if let Some(d) = Dec::short_in_word(word, n) {
                            self.i += n + 2;
                            return Some(d);
                        }
                    }
                }
                Dec::parse(self.string()?).ok()
            }
            b'-' | b'0'..=b'9' => {
                let text = self.number_token()?;
                match short_number(text) {
                    Some(dec) => Some(dec),
                    None => long_number(text),
                }
            }
            _ => None,
        }
    }

    /// An unsigned integer: plain (`0` or digits not starting with `0`), or a whole
    /// number written with a sign, a fraction or an exponent (`3.0`, `1e2`, `-0`; see
    /// `crate::whole`); `None` for anything else or a value past `u64`.
    fn uint(&mut self) -> Option<u64> {
        // One digit and the end of the value, as most quantities are in compact JSON.
        if let Some(&[d @ b'0'..=b'9', b',' | b'}' | b']']) = self.b.get(self.i..self.i + 2) {
            self.i += 1;
            return Some(u64::from(d - b'0'));
        }
        self.ws();
        let start = self.i;
        if self.b.get(start) == Some(&b'-') {
            return self.whole_number(start);
        }
        let mut n = 0u64;
        while let Some(&d @ b'0'..=b'9') = self.b.get(self.i) {
            let digit = u64::from(d - b'0');
            // Below u64::MAX / 10 nothing can overflow: no checked (128-bit) multiply.
            n = if n < u64::MAX / 10 {
                n * 10 + digit
            } else {
                n.checked_mul(10)?.checked_add(digit)?
            };
            self.i += 1;
        }
        let digits = self.i - start;
        let leading_zero = digits > 1 && self.b.get(start) == Some(&b'0');
        let fraction = matches!(self.b.get(self.i), Some(b'.' | b'e' | b'E'));
        if fraction && digits > 0 && !leading_zero {
            return self.whole_number(start);
        }
        (digits > 0 && !leading_zero && !fraction).then_some(n)
    }

    /// The number token from `start` read as the full reader reads it, when its value
    /// is a whole number from 0 to `u64::MAX`. Rare: out of line and cold.
    #[cold]
    #[inline(never)]
    fn whole_number(&mut self, start: usize) -> Option<u64> {
        self.i = start;
        let doc = crate::jsontext::number(self.number_token()?)?;
        let at = crate::jsondoc::At::Root(crate::error::ErrorCode::InvalidRequest);
        crate::jsondoc::u64_(doc, &at).ok()
    }

    /// The bytes of a number from here (digits, signs, point, exponent; not checked
    /// here), passed over.
    fn number_token(&mut self) -> Option<&'a str> {
        let start = self.i;
        while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') = self.b.get(self.i) {
            self.i += 1;
        }
        self.s.get(start..self.i)
    }

    /// `attributes`: the text of the object, read as the full reader reads it (of a key
    /// given twice, the last).
    #[inline(never)]
    fn attributes(&mut self) -> Option<BTreeMap<String, Value>> {
        let code = crate::error::ErrorCode::InvalidRequest;
        let doc = crate::jsondoc::parse(self.object_span()?, code, "").ok()?;
        crate::request_read::attributes(doc, &crate::jsondoc::At::Root(code)).ok()
    }

    /// The text of the object that comes next: braces and brackets are counted and
    /// strings skipped, escapes included. The span is not checked here; serde reads it.
    fn object_span(&mut self) -> Option<&'a str> {
        if self.peek()? != b'{' {
            return None;
        }
        let start = self.i;
        let mut depth = 0usize;
        loop {
            match *self.b.get(self.i)? {
                b'{' | b'[' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return None;
                    }
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        self.i += 1;
                        return self.s.get(start..self.i);
                    }
                }
                b'"' => loop {
                    self.i += 1;
                    match *self.b.get(self.i)? {
                        b'"' => break,
                        b'\\' => self.i += 1,
                        _ => {}
                    }
                },
                _ => {}
            }
            self.i += 1;
        }
    }

    fn request(&mut self) -> Option<Request<'a>> {
        let mut customer = None;
        let (now, cart) = self.request_with(&mut |c| {
            customer = Some(c.customer()?);
            Some(())
        })?;
        Some(Request {
            now,
            customer,
            cart,
        })
    }

    /// A request's `now` and cart; its customer, unless `null`, is read by `customer`,
    /// which keeps it. (Called through `dyn`: one copy of this code serves every kind of
    /// customer reading.)
    fn request_with(
        &mut self,
        customer: &mut dyn FnMut(&mut Self) -> Option<()>,
    ) -> Option<(Instant, Cart<'a>)> {
        let (mut now, mut read_customer, mut cart) = (None, None, None);
        fields!(self, |c| {
            b"now" => once(&mut now, c.instant()?),
            b"customer" => once(&mut read_customer, c.or_null(&mut *customer)?),
            b"cart" => once(&mut cart, c.cart()?),
        })?;
        Some((now?, cart?))
    }

    fn customer(&mut self) -> Option<Customer> {
        let mut orders = None;
        let mut customer = self.customer_with(&mut |c| {
            orders = Some(c.orders()?);
            Some(())
        })?;
        customer.orders = orders.unwrap_or_default();
        Some(customer)
    }

    /// A customer, its `orders` left empty: they are read, when given, by `read_orders`,
    /// which keeps them. (Called through `dyn`, like [`Cur::request_with`].)
    fn customer_with(
        &mut self,
        read_orders: &mut dyn FnMut(&mut Self) -> Option<()>,
    ) -> Option<Customer> {
        let (mut id, mut status, mut kind, mut registered_at, mut group) =
            (None, None, None, None, None);
        let (mut tags, mut attributes, mut personal, mut cumulative) = (None, None, None, None);
        let (mut card, mut points, mut granted, mut orders) = (None, None, None, None);
        fields!(self, |c| {
            b"id" => once(&mut id, c.text()?),
            b"status" => once(
                &mut status,
                match c.string()? {
                    "active" => CustomerStatus::Active,
                    "deactivated" => CustomerStatus::Deactivated,
                    _ => return None,
                },
            ),
            b"type" => once(
                &mut kind,
                match c.string()? {
                    "individual" => CustomerType::Individual,
                    "business" => CustomerType::Business,
                    _ => return None,
                },
            ),
            b"registeredAt" => once(&mut registered_at, c.or_null(Self::instant)?),
            b"group" => once(&mut group, c.or_null(Self::text)?),
            b"tags" => once(&mut tags, c.texts()?),
            b"attributes" => once(&mut attributes, c.attributes()?),
            b"personalDiscount" => once(&mut personal, c.or_null(Self::dec)?),
            b"cumulativeDiscount" => once(&mut cumulative, c.or_null(Self::dec)?),
            b"discountCard" => once(&mut card, c.or_null(Self::text)?),
            b"pointsBalance" => once(&mut points, c.uint()?),
            b"grantedRewards" => once(&mut granted, c.texts()?),
            b"orders" => once(&mut orders, read_orders(c)?),
        })?;
        Some(Customer {
            id: id?,
            status: status.unwrap_or_default(),
            kind: kind.unwrap_or_default(),
            registered_at: registered_at.flatten(),
            group: group.flatten(),
            tags: tags.unwrap_or_default(),
            attributes: attributes.unwrap_or_default(),
            personal_discount: personal.flatten(),
            cumulative_discount: cumulative.flatten(),
            discount_card: card.flatten(),
            points_balance: points.unwrap_or_default(),
            granted_rewards: granted.unwrap_or_default(),
            orders: Vec::new(),
        })
    }

    /// A customer's orders, each digested for `program` as soon as it is read.
    fn digested_orders(&mut self, program: &Compiled) -> Option<OrderDigest> {
        let mut digest = OrderDigest::new(program, self.orders_room());
        let keep_products = digest.wants_products();
        self.orders_each(keep_products, &mut |o| {
            // Only ordered: its key is read without building the instant.
            let at = Instant::time_key(o.placed_at).ok()?;
            let (id, status, total) = ((o.id, o.id_printable), o.status, o.total.0);
            digest.add(
                program, "customer", id, at, status, total, o.carrier, o.products,
            );
            Some(())
        })?;
        Some(digest)
    }

    /// A customer's orders, built as [`Order`] values.
    fn orders(&mut self) -> Option<Vec<Order>> {
        let mut orders = Vec::new();
        let room = self.orders_room();
        self.orders_each(true, &mut |o| {
            // Room is made at the first order: an empty list allocates nothing.
            if orders.capacity() == 0 {
                orders.reserve_exact(room);
            }
            orders.push(Order {
                id: o.id.into(),
                placed_at: Instant::parse(o.placed_at).ok()?,
                status: o.status.into(),
                total: o.total,
                carrier: o.carrier.map(Text::from),
                products: o.products.iter().map(|&p| Text::from(p)).collect(),
            });
            Some(())
        })?;
        Some(orders)
    }

    /// [`Cur::room_for`] orders: the shortest order is about 70 bytes of JSON.
    fn orders_room(&self) -> usize {
        self.room_for(64)
    }

    /// Reads an array of orders, giving each to `each` as its strings lie in the text
    /// (its products only with `keep_products`); `each` reads the timestamp, and its
    /// `None` (a timestamp it cannot read) ends the reading with `None`, as any other
    /// text this reader declines. One reading of an order's fields serves both
    /// [`Cur::orders`] and [`Cur::digested_orders`].
    fn orders_each(
        &mut self,
        keep_products: bool,
        each: &mut dyn FnMut(OrderText<'a, '_>) -> Option<()>,
    ) -> Option<()> {
        // An order's products, reused from one order to the next.
        let mut products = Vec::new();
        self.items(|c| {
            let (mut id, mut placed_at, mut status) = (None, None, None);
            let (mut total, mut carrier, mut listed) = (None, None, None);
            products.clear();
            fields!(c, |c| {
                b"id" => once(&mut id, c.printable_string()?),
                b"placedAt" => once(&mut placed_at, c.timestamp()?),
                b"status" => once(&mut status, c.string()?),
                b"total" => once(&mut total, c.dec()?),
                b"carrier" => once(&mut carrier, c.or_null(Self::string)?),
                b"products" => once(
                    &mut listed,
                    c.items(|c| {
                        let product = c.string()?;
                        if keep_products {
                            products.push(product);
                        }
                        Some(())
                    })?,
                ),
            })?;
            let (id, id_printable) = id?;
            each(OrderText {
                id,
                id_printable,
                placed_at: placed_at?,
                status: status?,
                total: total?,
                carrier: carrier.flatten(),
                products: &products,
            })
        })
    }

    fn cart(&mut self) -> Option<Cart<'a>> {
        let (mut currency, mut lines, mut shipping, mut promo_codes, mut redeem) =
            (None, None, None, None, None);
        fields!(self, |c| {
            b"currency" => once(&mut currency, c.str()?),
            // The shortest line is about 55 bytes of JSON.
            b"lines" => once(&mut lines, c.sized_array(48, Self::line)?),
            b"shipping" => once(&mut shipping, c.or_null(Self::shipping)?),
            b"promoCodes" => once(&mut promo_codes, c.strs()?),
            b"redeem" => once(&mut redeem, c.strs()?),
        })?;
        Some(Cart {
            currency: currency?,
            lines: lines?,
            shipping: shipping.flatten(),
            promo_codes: promo_codes.unwrap_or_default(),
            redeem: redeem.unwrap_or_default(),
        })
    }

    fn line(&mut self) -> Option<Line<'a>> {
        let (mut id, mut product_id, mut categories, mut unit_price, mut quantity) =
            (None, None, None, None, None);
        fields!(self, |c| {
            b"id" => once(&mut id, c.str()?),
            b"productId" => once(&mut product_id, c.str()?),
            b"categories" => once(&mut categories, c.categories()?),
            b"unitPrice" => once(&mut unit_price, c.dec()?),
            b"quantity" => once(&mut quantity, u32::try_from(c.uint()?).ok()?),
        })?;
        Some(Line {
            id: id?,
            product_id: product_id?,
            categories: categories.unwrap_or_default(),
            unit_price: unit_price?,
            quantity: quantity?,
        })
    }

    fn shipping(&mut self) -> Option<Shipping<'a>> {
        let (mut carrier, mut method, mut cost, mut address) = (None, None, None, None);
        fields!(self, |c| {
            b"carrier" => once(&mut carrier, c.or_null(Self::str)?),
            b"method" => once(&mut method, c.or_null(Self::str)?),
            b"cost" => once(&mut cost, c.dec()?),
            b"address" => once(&mut address, c.or_null(Self::address)?),
        })?;
        Some(Shipping {
            carrier: carrier.flatten(),
            method: method.flatten(),
            cost: cost.unwrap_or_default(),
            address: address.flatten(),
        })
    }

    fn address(&mut self) -> Option<Address<'a>> {
        let (mut city, mut postal_code, mut country) = (None, None, None);
        fields!(self, |c| {
            b"city" => once(&mut city, c.or_null(Self::str)?),
            b"postalCode" => once(&mut postal_code, c.or_null(Self::str)?),
            b"country" => once(&mut country, c.or_null(Self::str)?),
        })?;
        Some(Address {
            city: city.flatten(),
            postal_code: postal_code.flatten(),
            country: country.flatten(),
        })
    }
}

// The tests read the fixtures from disk and use proptest: native only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::fmt::Debug;

    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use serde_json::{json, Value};

    use super::*;
    use crate::engine::read_json;
    use crate::error::ErrorCode;
    use crate::limits::Limits;
    use crate::profile::{prepare, prepare_digested};
    use crate::scan::quote_bytes;

    /// A program asking about the products, carriers and statuses the tests' requests
    /// use (the fixtures', and short generated strings), so that the digest keeps some.
    fn digest_program() -> &'static Compiled {
        static PROGRAM: std::sync::OnceLock<Compiled> = std::sync::OnceLock::new();
        PROGRAM.get_or_init(|| {
            let texts = json!(["", "a", "b", "0", "-", "p", "wine-white", "truffle-oil"]);
            let carriers = json!(["", "a", "ups", "socolissimo", "dhl"]);
            let rule = json!({ "any": [
                { "field": "orders.products", "op": "containsAny", "value": texts },
                { "field": "orders.products", "op": "containsAny", "value": ["a", "b"],
                  "withinLastDays": 30 },
                { "field": "orders.carriers", "op": "containsAny", "value": carriers },
            ] });
            let program = json!({
                "version": 1, "currency": "EUR",
                "validatedOrderStatuses": ["completed", "paid", "a", "s"],
                "segments": [{ "id": "s", "name": "S", "rule": rule }],
                "cumulativeDiscount": { "enabled": true, "countedStatuses": ["shipped", "a"],
                    "ranges": [{ "from": "0", "percent": "1" }] },
            });
            let program = serde_json::from_value(program).expect("a program");
            crate::program::compile::compile(&program, &Limits::default()).expect("compiles")
        })
    }

    /// The readers of a quote's request, checked on every text the tests give them:
    /// [`request_digested`] takes the texts [`super::request`] takes, and those with
    /// strings written with escapes that serde reads (`super::request` decodes none);
    /// it reads the same `now` and cart as that reader (or, for the latter, serde), and
    /// its digest prepares the customer exactly as [`prepare`] prepares the one read
    /// there, problems included, in the same order. [`request_without_customer`] takes
    /// the same texts, less those with a customer. What that reading is, when taken.
    fn request(text: &str) -> Option<Request<'_>> {
        let decoded = Decoded::default();
        let digested = request_digested(text, digest_program(), &decoded);
        let read = match super::request(text) {
            Some(read) => Some(read),
            None if digested.is_some() => {
                assert!(text.contains('\\'), "taken by the digest only: {text}");
                let serde = serde_json::from_str(text);
                Some(serde.unwrap_or_else(|e| panic!("taken but refused by serde ({e}): {text}")))
            }
            None => None,
        };
        // The reader of prepared quotes takes the same texts, less those with a customer.
        let without_decoded = Decoded::default();
        let without = request_without_customer(text, &without_decoded);
        match &read {
            Some(r) if r.customer.is_none() => {
                let (now, cart, _) = without.expect("a request without a customer, taken");
                assert_eq!(
                    format!("{:?}", (r.now, &r.cart)),
                    format!("{:?}", (now, &cart))
                );
            }
            _ => assert!(
                without.is_none(),
                "a request with a customer, taken: {text}"
            ),
        }
        assert_eq!(
            read.is_some(),
            digested.is_some(),
            "taken by one reader only: {text}"
        );
        let (Some(read), Some((digested, _))) = (read, digested) else {
            return None;
        };
        assert_eq!(format!("{:?}", read.now), format!("{:?}", digested.now));
        assert_eq!(format!("{:?}", read.cart), format!("{:?}", digested.cart));
        let c = digest_program();
        match (read.customer.clone(), digested.customer) {
            (None, None) => {}
            (Some(typed), Some((customer, digest))) => {
                let (mut expected, mut got) = (Vec::new(), Vec::new());
                let a = prepare(c, typed, "customer", &mut expected);
                let b = prepare_digested(c, customer, digest, "customer", &mut got);
                assert_eq!(format!("{a:?}"), format!("{b:?}"), "{text}");
                assert_eq!(format!("{expected:?}"), format!("{got:?}"), "{text}");
            }
            _ => panic!("a customer read by one reader only: {text}"),
        }
        Some(read)
    }

    #[test]
    fn order_ids_read_in_place_are_checked_like_any_other() {
        // A DEL, a C1 control (U+0085), a non-ASCII letter, an id past the length
        // limit, an empty one and one of the limit's length: the digest reports what
        // `prepare` reports, and the letter and the id at the limit pass.
        let long = "a".repeat(129);
        let limit = "a".repeat(128);
        let ids = ["o\u{7f}", "o\u{85}", "é", &long, "", &limit];
        let orders: Vec<String> = ids
            .iter()
            .map(|id| {
                format!(
                    r#"{{"id":"{id}","placedAt":"2026-11-01T00:00:00Z","status":"paid","total":"1"}}"#
                )
            })
            .collect();
        let text = format!(
            r#"{{"now":"2026-11-22T10:00:00Z","cart":{{"currency":"EUR","lines":[]}},"customer":{{"id":"c","orders":[{}]}}}}"#,
            orders.join(",")
        );
        assert!(request(&text).is_some(), "compared with `prepare`");
        let decoded = Decoded::default();
        let (read, _) = request_digested(&text, digest_program(), &decoded).expect("taken");
        let (customer, digest) = read.customer.expect("a customer");
        let mut problems = Vec::new();
        prepare_digested(
            digest_program(),
            customer,
            digest,
            "customer",
            &mut problems,
        );
        let found: Vec<_> = problems
            .iter()
            .map(|p| (p.path.as_str(), p.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "customer.orders[0].id",
                    "must not contain control characters"
                ),
                (
                    "customer.orders[1].id",
                    "must not contain control characters"
                ),
                ("customer.orders[3].id", "is longer than 128 characters"),
                ("customer.orders[4].id", "must not be empty"),
            ]
        );
    }

    #[test]
    fn order_times_of_the_usual_length_read_like_serde() {
        // Strings of 20 bytes ending in `Z`, taken between their quotes unscanned: usual
        // times, a lower-case separator, an impossible date, escapes that do or do not
        // spell a time, a control character, a quote. Each reader agrees with serde (the
        // digest too, through `request`) and takes every one serde reads without escapes.
        for at in [
            "2026-11-01T00:00:00Z",
            "2026-11-01t00:00:00Z",
            "2026-13-01T00:00:00Z",
            r"2026-11-01T00:00:0\u0030Z",
            r"2026-11-01T00:00\\0Z",
            r#"2026-11-01T00:00:\"Z"#,
            "2026-11-01T00:00:0\u{1}Z",
            "2026-11-01T00:00:00+00:00",
            "2026-11-01T00:00:00.5Z",
        ] {
            let text = format!(
                r#"{{"now":"2026-11-22T10:00:00Z","cart":{{"currency":"EUR","lines":[]}},"customer":{{"id":"c","orders":[{{"id":"o","placedAt":"{at}","status":"paid","total":"1"}}]}}}}"#
            );
            taken(&text, request);
        }
    }

    #[test]
    fn the_digest_program_keeps_products_and_carriers() {
        let text = r#"{"now":"2026-11-22T10:00:00Z","cart":{"currency":"EUR","lines":[]},
            "customer":{"id":"c","orders":[
              {"products":["a","zz"],"id":"o1","placedAt":"2026-11-01T00:00:00Z","status":"paid","total":"1","carrier":"UPS"},
              {"id":"o2","placedAt":"2026-11-02T00:00:00Z","status":"a","total":"-1"},
              {"id":"","placedAt":"2026-11-03T00:00:00Z","status":"shipped","total":"2","products":["b"]}]}}"#;
        let decoded = Decoded::default();
        let (read, _) = request_digested(text, digest_program(), &decoded).expect("taken");
        let (customer, digest) = read.customer.expect("a customer");
        let mut problems = Vec::new();
        let prepared = prepare_digested(
            digest_program(),
            customer,
            digest,
            "customer",
            &mut problems,
        );
        let paths: Vec<_> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["customer.orders[1].total", "customer.orders[2].id"]);
        let shown = format!("{:?}", prepared.profile);
        // "a" (o1) and "ups" (o1, normalised) are known; "b" only from an order that
        // is counted, not validated.
        assert_eq!(
            prepared.profile.products_last.iter().flatten().count(),
            1,
            "{shown}"
        );
        assert_eq!(
            prepared.profile.carriers_last.iter().flatten().count(),
            1,
            "{shown}"
        );
        // Also checked against `prepare`.
        assert!(request(text).is_some());
    }

    #[test]
    fn a_key_is_a_field_name_exactly_when_their_bytes_are_equal() {
        // Every field name the reader knows, from 2 to 18 bytes.
        let names: Vec<&'static [u8]> = {
            let source = include_str!("reader.rs");
            // The `fields!` lines: `b"name" => ...`.
            let mut names: Vec<&'static [u8]> = source
                .lines()
                .filter_map(|line| line.trim_start().strip_prefix("b\""))
                .filter_map(|rest| rest.split_once("\" => "))
                .map(|(name, _)| name.as_bytes())
                .collect();
            names.sort_unstable();
            names.dedup();
            names
        };
        assert!(names.len() >= 25, "{} names", names.len());
        for &name in &names {
            // The name itself, every other name, and the name with one byte changed,
            // cut short or made longer by a byte.
            let mut keys: Vec<Vec<u8>> = names.iter().map(|n| n.to_vec()).collect();
            for at in 0..name.len() {
                for byte in [0u8, b'a', b'Z', 0x80, 0xff, name[at] ^ 0x20, name[at] ^ 1] {
                    let mut key = name.to_vec();
                    key[at] = byte;
                    keys.push(key);
                }
                keys.push(name[..at].to_vec());
            }
            keys.push([name, b"s"].concat());
            keys.push([name, b"\0"].concat());
            for key in &keys {
                assert_eq!(
                    same_bytes(key, name),
                    key.as_slice() == name,
                    "{key:?} / {name:?}"
                );
            }
        }
    }

    #[test]
    fn skipping_sixteen_bytes_at_a_time_stops_and_marks_as_one_at_a_time() {
        let one_at_a_time = |bytes: &[u8], special: fn(u8) -> bool| {
            bytes
                .iter()
                .position(|&b| special(b))
                .unwrap_or(bytes.len())
        };
        let ends_string = |b: u8| b == b'"' || b == b'\\' || b < 0x20;
        let is_quote = |b: u8| b == b'"';
        // Every pair of byte values, within a word, across the two words of a block,
        // across blocks, in a block's second word and in the tail; the text is 35 bytes
        // long, so its last 3 are read one at a time.
        for (x, y) in [
            (3, 4),
            (3, 6),
            (7, 8),
            (9, 10),
            (15, 16),
            (20, 27),
            (2, 33),
            (32, 34),
        ] {
            for a in 0..=255u8 {
                for b in 0..=255u8 {
                    let mut bytes = [b'x'; 35];
                    bytes[x] = a;
                    bytes[y] = b;
                    for (flags, special) in [
                        (
                            special_bytes as fn(u64) -> u64,
                            ends_string as fn(u8) -> bool,
                        ),
                        (quote_bytes, is_quote),
                    ] {
                        // Only `skip_until`, which reads `b` alone, runs on this cursor.
                        let mut cur = Cur {
                            b: &bytes,
                            ..Cur::new("")
                        };
                        cur.skip_until::<true>(flags);
                        let expected = one_at_a_time(&bytes, special);
                        let at = format!("{a:#04x} at {x}, {b:#04x} at {y}");
                        assert_eq!(cur.i, expected, "{at}");
                        // Every byte from 0x7f up before the stop is marked, and none
                        // where there is none up to seven bytes past it.
                        let beyond = |to: usize| bytes[..to.min(35)].iter().any(|&b| b >= 0x7f);
                        if beyond(expected) {
                            assert_ne!(cur.beyond_ascii, 0, "{at}");
                        }
                        if !beyond(expected + 8) {
                            assert_eq!(cur.beyond_ascii, 0, "{at}");
                        }
                    }
                }
            }
        }
    }

    /// Whether the fast reader took `text`; when it did, serde must read the same value
    /// (the same JSON and the same `Debug`, which also shows decimal scales and offsets).
    #[track_caller]
    fn agrees<'a, T: Serialize + DeserializeOwned + Debug>(
        text: &'a str,
        fast: fn(&'a str) -> Option<T>,
    ) -> bool {
        let Some(v) = fast(text) else {
            return false;
        };
        let w: T = serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("taken but refused by serde ({e}): {text}"));
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            serde_json::to_string(&w).unwrap(),
            "{text}"
        );
        assert_eq!(format!("{v:?}"), format!("{w:?}"), "{text}");
        true
    }

    /// [`agrees`], and the fast path must be taken when serde reads the text and the
    /// text holds no escape.
    #[track_caller]
    fn taken<'a, T: Serialize + DeserializeOwned + Debug>(
        text: &'a str,
        fast: fn(&'a str) -> Option<T>,
    ) -> bool {
        taken_when(text, fast, |t| !t.contains('\\'))
    }

    /// [`taken`] for a reader that decodes strings written with escapes: it must take the
    /// text when serde reads it and no key of it is written with an escape.
    #[track_caller]
    fn taken_decoding<'a, T: Serialize + DeserializeOwned + Debug>(
        text: &'a str,
        fast: fn(&'a str) -> Option<T>,
    ) -> bool {
        taken_when(text, fast, |t| !escaped_key(t))
    }

    /// [`agrees`], and the fast path must be taken when serde reads the text and it is
    /// `plain` (written as the reader takes it).
    #[track_caller]
    fn taken_when<'a, T: Serialize + DeserializeOwned + Debug>(
        text: &'a str,
        fast: fn(&'a str) -> Option<T>,
        plain: fn(&str) -> bool,
    ) -> bool {
        let took = agrees(text, fast);
        if plain(text) && serde_json::from_str::<T>(text).is_ok() {
            assert!(took, "not taken: {text}");
        }
        took
    }

    /// Whether a string written with an escape is followed by a colon (after
    /// whitespace): a key, in JSON.
    fn escaped_key(text: &str) -> bool {
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] != b'"' {
                i += 1;
                continue;
            }
            let mut escaped = false;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                escaped |= b[i] == b'\\';
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            let after = text.get(i..).unwrap_or("");
            if escaped
                && after
                    .trim_start_matches([' ', '\t', '\n', '\r'])
                    .starts_with(':')
            {
                return true;
            }
        }
        false
    }

    /// `s` as a JSON string, each character written in one of the ways JSON allows,
    /// chosen by its position and `how`: as serde writes it, as `\uXXXX` (a surrogate
    /// pair beyond the basic plane, in lower or upper case), or, for `/`, as `\/`.
    fn escaped(s: &str, how: usize) -> String {
        let mut out = String::from('"');
        for (j, ch) in s.chars().enumerate() {
            let mut units = [0u16; 2];
            match (j + how) % 3 {
                0 => {
                    let plain = Value::from(ch.to_string()).to_string();
                    out.push_str(&plain[1..plain.len() - 1]);
                }
                1 => {
                    for unit in ch.encode_utf16(&mut units) {
                        out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
                _ if ch == '/' => out.push_str("\\/"),
                _ => {
                    for unit in ch.encode_utf16(&mut units) {
                        out.push_str(&format!("\\u{unit:04X}"));
                    }
                }
            }
        }
        out.push('"');
        out
    }

    /// Every request of the fixtures and examples, as compact and pretty text and with
    /// whitespace before every colon, and the raw `requestText`s.
    fn corpus() -> Vec<String> {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut texts = Vec::new();
        for dir in ["tests/fixtures", "examples"] {
            let mut paths: Vec<_> = std::fs::read_dir(format!("{root}/{dir}"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path).unwrap();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if dir == "examples" {
                    if name.ends_with("-request.json") {
                        texts.push(text);
                    }
                    continue;
                }
                let fixture: Value = serde_json::from_str(&text).unwrap();
                if let Some(request) = fixture.get("request") {
                    texts.push(request.to_string());
                    texts.push(serde_json::to_string_pretty(request).unwrap());
                    // Whitespace between keys and their colons too.
                    texts.push(request.to_string().replace("\":", "\" \t:"));
                }
                if let Some(Value::String(raw)) = fixture.get("requestText") {
                    texts.push(raw.clone());
                }
            }
        }
        texts
    }

    /// Writes `v` as JSON with the given whitespace between tokens, each object's keys
    /// rotated and about half its string values written with escapes ([`escaped`]).
    fn write(v: &Value, ws: &[&str], k: &mut usize, out: &mut String) {
        let pad = |out: &mut String, k: &mut usize| {
            out.push_str(ws[*k % ws.len()]);
            *k += 1;
        };
        match v {
            Value::Object(m) => {
                out.push('{');
                let skip = *k % m.len().max(1);
                for (j, (key, x)) in m.iter().cycle().skip(skip).take(m.len()).enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    pad(out, k);
                    out.push_str(&Value::from(key.as_str()).to_string());
                    pad(out, k);
                    out.push(':');
                    pad(out, k);
                    write(x, ws, k, out);
                    pad(out, k);
                }
                out.push('}');
            }
            Value::Array(a) => {
                out.push('[');
                for (j, x) in a.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    pad(out, k);
                    write(x, ws, k, out);
                    pad(out, k);
                }
                out.push(']');
            }
            // Half the strings written with escapes.
            Value::String(s) if *k % 2 == 1 => out.push_str(&escaped(s, *k)),
            scalar => out.push_str(&scalar.to_string()),
        }
    }

    const FULL: &str = r#"{
      "now": "2026-11-22T12:00:00.250+02:00",
      "customer": {
        "id": "c1", "status": "deactivated", "type": "business",
        "registeredAt": "2020-02-29T23:59:59Z", "group": "pro", "tags": ["a", "b", ""],
        "attributes": { "x": { "y": [1, 2.5, -0, 1e3, "s", null, true, { "z": [] }] },
                        "e": "a\"b\\c\u00e9\ud83d\ude00", "a": 1, "a": 2 },
        "personalDiscount": 5, "cumulativeDiscount": 2.5, "discountCard": "4000 1234",
        "pointsBalance": 18446744073709551615, "grantedRewards": ["r"],
        "orders": [
          { "id": "o1", "placedAt": "2026-01-01T00:00:00Z", "status": "completed",
            "total": 12.1, "carrier": "ups", "products": ["p1", "p2"] },
          { "id": "o2", "placedAt": "2026-01-01T00:00:00-05:00", "status": "x",
            "total": "-0.50", "carrier": null, "products": [] }
        ]
      },
      "cart": {
        "currency": "EUR",
        "lines": [
          { "id": "l1", "productId": "Zürich-ü-日本-😀-long-enough-for-the-heap",
            "categories": ["c"], "unitPrice": "12.50", "quantity": 4294967295 },
          { "id": "l2", "productId": "p2", "unitPrice": 0, "quantity": 0 },
          { "quantity": 1, "unitPrice": -7.25, "productId": "p3", "id": "l3",
            "categories": [] }
        ],
        "shipping": { "carrier": null, "method": "home", "cost": 4.9,
                      "address": { "city": "Zürich", "postalCode": null, "country": "CH" } },
        "promoCodes": ["A"], "redeem": ["r1", "r1"]
      }
    }"#;

    fn minimal() -> Value {
        json!({ "now": "2026-11-22T10:00:00Z", "cart": { "currency": "EUR", "lines": [] } })
    }

    #[test]
    fn reads_every_fixture_like_serde() {
        let (mut took, mut took_escaped) = (0, 0);
        for text in corpus() {
            if taken_decoding(&text, request) {
                took += 1;
            }
            let Ok(value) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            if let Some(c @ Value::Object(_)) = value.get("customer") {
                taken_decoding(&c.to_string(), customer);
                taken_decoding(&serde_json::to_string_pretty(c).unwrap(), customer);
            }
            if let Some(c @ Value::Object(_)) = value.get("cart") {
                taken(&c.to_string(), cart);
            }
            // With about half the strings written with escapes, either half.
            for k in [0, 1] {
                let mut escaped = String::new();
                write(&value, &[""], &mut { k }, &mut escaped);
                assert!(escaped.contains('\\'), "{escaped}");
                if taken_decoding(&escaped, request) {
                    took_escaped += 1;
                }
            }
        }
        assert!(took > 100, "only {took} requests took the fast path");
        assert!(took_escaped > 200, "only {took_escaped} with escapes did");
    }

    #[test]
    fn reads_every_field_like_serde() {
        assert!(agrees(FULL, request));
        let full: Value = serde_json::from_str(FULL).unwrap();
        assert!(agrees(&full["customer"].to_string(), customer));
        assert!(agrees(&full["cart"].to_string(), cart));
        let read = request(FULL).unwrap();
        let c = read.customer.as_ref().unwrap();
        assert_eq!(c.points_balance, u64::MAX);
        assert_eq!(c.attributes["a"], json!(2));
        assert_eq!(c.attributes["e"], json!("a\"b\\cé😀"));
        assert_eq!(c.orders[1].total.0.to_string(), "-0.50");
        assert_eq!(read.cart.lines[0].quantity, u32::MAX);
        assert_eq!(read.now.to_string(), "2026-11-22T10:00:00.25Z");
        // Every cart string is borrowed from the text, none copied.
        let read_cart = &read.cart;
        let shipping = read_cart.shipping.as_ref().unwrap();
        let address = shipping.address.as_ref().unwrap();
        let strings = [&read_cart.currency]
            .into_iter()
            .chain(read_cart.lines.iter().flat_map(|l| {
                [&l.id, &l.product_id]
                    .into_iter()
                    .chain(l.categories.iter())
            }))
            .chain(&read_cart.promo_codes)
            .chain(&read_cart.redeem)
            .chain(shipping.method.iter())
            .chain(address.city.iter().chain(address.country.iter()));
        let mut n = 0;
        for s in strings {
            assert!(matches!(s, Str::Borrowed(_)), "{s} was copied");
            n += 1;
        }
        assert_eq!(n, 14);

        let mut guest = minimal();
        assert!(taken(&guest.to_string(), request));
        guest["customer"] = Value::Null;
        guest["cart"]["shipping"] = json!({});
        assert!(taken(&guest.to_string(), request));
        guest["cart"]["shipping"] = json!({ "address": null, "cost": "0.10" });
        assert!(taken(&guest.to_string(), request));
        guest["cart"]["shipping"] = Value::Null;
        guest["customer"] = json!({ "id": "c", "registeredAt": null, "group": null,
            "personalDiscount": null, "cumulativeDiscount": null, "discountCard": null,
            "attributes": {}, "orders": [{ "id": "o", "placedAt": "2026-01-01T00:00:00Z",
            "status": "s", "total": 1, "carrier": null }] });
        assert!(taken(&guest.to_string(), request));
        assert!(!taken(" \t\r\n{ } ", cart));
        assert!(taken("\n{\"id\":\"c\"}\n", customer));
    }

    #[test]
    fn a_cart_is_ascii_when_every_string_of_it_is_printable_ascii() {
        // The flag of the reader of quotes, and the same from the reader of prepared
        // quotes when the request has no customer.
        let ascii = |text: &str| {
            let decoded = Decoded::default();
            let (_, flag) = request_digested(text, digest_program(), &decoded).expect("read");
            if let Some((_, _, without)) = request_without_customer(text, &decoded) {
                assert_eq!(without, flag, "{text}");
            }
            flag
        };
        for len in 1..=20 {
            for at in 0..len {
                for ch in [' ', '~', 'a', '\u{7f}', '\u{80}', 'é', '€', '😀'] {
                    let id: String = (0..len).map(|k| if k == at { ch } else { 'a' }).collect();
                    let printable = (' '..='~').contains(&ch);
                    // Eight bytes at a time (a line id, much text after it) and byte by
                    // byte (the last reward id, four bytes before the end of the text).
                    let line = format!(
                        r#"{{"now":"2026-11-22T10:00:00Z","cart":{{"currency":"EUR","lines":[{{"id":"{id}","productId":"p","unitPrice":"1","quantity":1}}],"redeem":["r"]}}}}"#
                    );
                    let last = format!(
                        r#"{{"now":"2026-11-22T10:00:00Z","cart":{{"currency":"EUR","lines":[],"redeem":["r","{id}"]}}}}"#
                    );
                    assert_eq!(ascii(&line), printable, "{id:?} as a line id");
                    assert_eq!(ascii(&last), printable, "{id:?} as the last reward id");
                }
            }
        }
        // The customer's strings do not count, before or after the cart.
        let cart = r#""cart":{"currency":"EUR","lines":[],"promoCodes":["A"]}"#;
        let customer = r#""customer":{"id":"é","tags":["€"]}"#;
        let now = r#""now":"2026-11-22T10:00:00Z""#;
        assert!(ascii(&format!("{{{now},{customer},{cart}}}")));
        assert!(ascii(&format!("{{{now},{cart},{customer}}}")));
        // A cart string written with an escape is decoded, and the cart is then not
        // ASCII unless it decodes to printable ASCII without a quote or a backslash,
        // which the quote writer would have to escape. An escape in a customer's string
        // does not count.
        for (id, printable) in [
            (r#"a\"b"#, false),
            (r#"a\\b"#, false),
            (r#"\u00e9"#, false),
            (r#"\u007f"#, false),
            (r#"\u0061"#, true),
            (r#"\/"#, true),
            (r#"gid:\/\/shopify\/Product\/7000000013"#, true),
        ] {
            let (p, e) = ("p", "EUR");
            for (line_id, product, currency) in [(id, p, e), ("l", id, e), ("l", p, id)] {
                let line = format!(
                    r#"{{"now":"2026-11-22T10:00:00Z","cart":{{"currency":"{currency}","lines":[{{"id":"{line_id}","productId":"{product}","unitPrice":"1","quantity":1}}]}}}}"#
                );
                assert_eq!(ascii(&line), printable, "{line}");
                let serde: Request = serde_json::from_str(&line).unwrap();
                let decoded = Decoded::default();
                let (read, _) = request_digested(&line, digest_program(), &decoded).unwrap();
                assert_eq!(format!("{:?}", read.cart), format!("{:?}", serde.cart));
            }
            let customer = format!(r#""customer":{{"id":"{id}","tags":["{id}"]}}"#);
            assert!(ascii(&format!("{{{now},{customer},{cart}}}")), "{customer}");
        }
    }

    #[test]
    fn escaped_values_are_decoded_and_odd_numbers_read_like_serde() {
        // A value written with escapes is decoded by the readers of a quote's request
        // (not by `super::request`); a key so written, or a bad escape, goes to serde.
        for text in [
            r#"{"now":"2026-11-22T10:00:00Z","cart":{"currency":"E\u0055R","lines":[]}}"#,
            r#"{"now":"2026-11-22T10:00:00Z","cart":{"currency":"EUR","lines":[],
                "redeem":["\"","\\","\/","\ud83d\ude00","\b\f\n\r\t"]}}"#,
            r#"{"now":"2026-11-22T10:00:00\u005a","cart":{"currency":"EUR","lines":[]}}"#,
        ] {
            assert!(super::request(text).is_none(), "{text}");
            assert!(taken_decoding(text, request), "{text}");
        }
        for text in [
            r#"{"n\u006fw":"2026-11-22T10:00:00Z","cart":{"currency":"EUR","lines":[]}}"#,
            r#"{"now":"2026-11-22T10:00:00Z","cart":{"currency":"\u00","lines":[]}}"#,
            r#"{"now":"2026-11-22T10:00:00Z","cart":{"currency":"\ud800x","lines":[]}}"#,
            r#"{"now":"2026-11-22T10:00:00Z","cart":{"currency":"\x","lines":[]}}"#,
        ] {
            assert!(!taken_decoding(text, request), "{text}");
        }
        // Decimal numbers are read by serde: same values, same scales.
        for n in [
            "0",
            "-0",
            "12.1",
            "0.1",
            "1e2",
            "1E-2",
            "-1.5e+3",
            "123456789012345678",
            "1e300",
            "0.30000000000000004",
            "9007199254740993",
            "-",
            "01",
            "1.",
            ".5",
            "1e",
        ] {
            let text = format!(r#"{{"currency":"EUR","lines":[],"shipping":{{"cost":{n}}}}}"#);
            let serde_ok = serde_json::from_str::<Cart>(&text).is_ok();
            assert_eq!(agrees(&text, cart), serde_ok, "{text}");
        }
    }

    #[test]
    fn quoted_amounts_around_eight_bytes_read_like_serde() {
        // Amounts whose closing quote falls inside the word after the opening one are
        // read without the string's scan: lengths 0 to 10 around that word, points,
        // signs, escapes and a text cut short, each as serde reads it.
        for amount in [
            "",
            "7",
            "0.5",
            "82.40",
            "1234567",
            "12345678",
            "123456789",
            "1.234567",
            "12.34567",
            "1234567.",
            ".5",
            "1..5",
            "-1.5",
            "+1",
            r"1\u0030",
            "12 4",
            "0000000",
            "9999999999",
        ] {
            for tail in ["}", "  }", ",\"method\":null}"] {
                let text = format!(
                    r#"{{"currency":"EUR","lines":[],"shipping":{{"cost":"{amount}"{tail}}}"#
                );
                taken(&text, cart);
            }
        }
        let cut = r#"{"currency":"EUR","lines":[],"shipping":{"cost":"12.5"#;
        assert!(!agrees(cut, cart));
    }

    /// `short_number` against serde's reading of `Dec` (value and scale, by `Debug`).
    #[track_caller]
    fn short_like_serde(text: &str) -> bool {
        let Some(fast) = short_number(text) else {
            return false;
        };
        let slow: Dec = serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("read but refused by serde ({e}): {text}"));
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{text}");
        true
    }

    #[test]
    fn short_numbers_read_like_serde() {
        for text in [
            "0",
            "7",
            "-7",
            "12.5",
            "12.50",
            "12.0",
            "-12.000",
            "0.1",
            "0.30",
            "0.000001",
            "100",
            "-0.5",
            "999999999999999",
            "99999999999999.9",
            "0.0000001",
        ] {
            assert!(short_like_serde(text), "not read: {text}");
        }
        for text in [
            "-0",
            "-0.0",
            "-0.00",
            "1e2",
            "1.5E3",
            "01",
            "00.5",
            "1.",
            ".5",
            "-",
            "",
            "1.2.3",
            "1-2",
            "+1",
            "1234567890123456",
            "0.1234567890123456",
            "9007199254740993",
        ] {
            assert!(!short_like_serde(text), "read: {text}");
        }
        // Every decimal of up to 6 digits around a few scales.
        for n in (0..1_000_000u64).step_by(997) {
            for point in 0..=6 {
                let digits = format!("{n:06}");
                let (int, frac) = digits.split_at(point);
                let int = int.trim_start_matches('0');
                let int = if int.is_empty() { "0" } else { int };
                for sign in ["", "-"] {
                    let text = if frac.is_empty() {
                        format!("{sign}{int}")
                    } else {
                        format!("{sign}{int}.{frac}")
                    };
                    short_like_serde(&text);
                }
            }
        }
    }

    #[track_caller]
    fn refused(text: &str) {
        assert!(request(text).is_none(), "taken: {text}");
        let ours = crate::engine::parse_request_json(text).expect_err(text);
        let serde = read_json::<Request>(text, ErrorCode::InvalidRequest, "").expect_err(text);
        assert!(alike(&ours, &serde, text), "{text}\n{ours:?}\n{serde:?}");
    }

    /// Whether the engine's error is serde's, but for `request_read`'s documented
    /// differences (`jsondoc`): a syntax error reported first, an array refused for an
    /// object type, a name refused as anything but a string (serde_json says only
    /// `expected value`), an array's first item named where serde names the array.
    fn alike(ours: &crate::Error, serde: &crate::Error, text: &str) -> bool {
        let (a, b) = (&ours.message, &serde.message);
        ours == serde
            || serde_json::from_str::<Value>(text).is_err()
            || a.starts_with("invalid type: sequence, expected struct ")
            || a.starts_with("invalid type: map, expected enum ")
            || (ours.path == serde.path && b == "expected value" && a.contains(", expected enum "))
            || (a == b && ours.path == format!("{}[0]", serde.path))
    }

    #[test]
    fn unusual_requests_go_to_serde() {
        const NOW: &str = r#""now":"2026-11-22T10:00:00Z""#;
        const LINE: &str = r#""id":"l","productId":"p","unitPrice":"1""#;
        let cart = |lines: &str| format!(r#""cart":{{"currency":"EUR","lines":[{lines}]}}"#);
        let with_line = |extra: &str| format!("{{{NOW},{}}}", cart(&format!("{{{LINE},{extra}}}")));
        let with_customer =
            |fields: &str| format!(r#"{{{NOW},"customer":{{"id":"c"{fields}}},{}}}"#, cart(""));
        // A whole number written with a fraction or an exponent is that number
        // (`crate::whole`), read by the full reader only.
        for (quantity, want) in [
            ("3.0", 3),
            ("1e2", 100),
            ("1E2", 100),
            ("2.50e1", 25),
            ("-0", 0),
        ] {
            let text = with_line(&format!(r#""quantity":{quantity}"#));
            assert!(agrees(&text, request), "not taken: {text}");
            let read = crate::engine::parse_request_json(&text).expect(&text);
            assert_eq!(read.cart.lines[0].quantity, want, "{text}");
            let serde = read_json::<Request>(&text, ErrorCode::InvalidRequest, "").expect(&text);
            assert_eq!(serde.cart.lines[0].quantity, want, "{text}");
        }
        for quantity in [
            "-1",
            "-1.0",
            "3.5",
            "01",
            "00",
            "4294967296",
            "+1",
            "\"1\"",
            "null",
            "true",
            "99999999999999999999",
            "1.5",
            "[]",
            "{}",
            "",
        ] {
            refused(&with_line(&format!(r#""quantity":{quantity}"#)));
        }
        refused(&with_line(r#""quantity":1,"quantity":1"#));
        refused(&with_line(r#""quantity":1,"extra":1"#));
        refused(&with_line(r#""quantity":1,"categories":null"#));
        refused(&with_line(r#""quantity":1,"unitPrice":null"#));
        refused(&with_line(r#""quantity":1,"unitPrice":"1e3""#));
        refused(&with_line(r#""quantity":1,"unitPrice":" 1""#));
        refused(&with_line(r#""quantity":1,"unitPrice":1e300"#));
        refused(&with_line(r#""quantity":1,"unitPrice":"0.0000000000001""#));
        refused(&with_line(r#""quantity":1,"unitPrice":true"#));
        refused(&with_line(
            r#""quantity":1,"categories":["a
b"]"#,
        ));
        refused(&with_line("\"quantity\":1,\"categories\":[\"a\u{1}b\"]"));
        refused(&with_line("\"quantity\":1,\"id\":\"a\u{7f}b\"").replace('\u{7f}', "\\u007f"));
        refused(&format!("{{{NOW},{}}}", cart(&format!("{{{LINE}}}"))));
        for fields in [
            r#","tags":null"#,
            r#","status":null"#,
            r#","status":"Active""#,
            r#","type":null"#,
            r#","type":"company""#,
            r#","pointsBalance":null"#,
            r#","pointsBalance":-1"#,
            r#","pointsBalance":18446744073709551616"#,
            r#","attributes":null"#,
            r#","attributes":[]"#,
            r#","attributes":{"a":}"#,
            r#","attributes":{"a":1,}"#,
            r#","orders":null"#,
            r#","orders":[{}]"#,
            r#","grantedRewards":[1]"#,
            r#","registeredAt":"2026-11-22T10:00:00""#,
            r#","registeredAt":1"#,
            r#","id":"d""#,
            r#","ID":"d""#,
            r#","personalDiscount":"NaN""#,
        ] {
            refused(&with_customer(fields));
        }
        let ok = r#"{"now":"2026-11-22T10:00:00Z","cart":{"currency":"EUR","lines":[]}}"#;
        assert!(agrees(ok, request));
        for text in [
            format!("{ok}x"),
            format!("{ok} {{}}"),
            format!("{ok},"),
            format!("\u{feff}{ok}"),
            format!("[{ok}]"),
            ok.replace(r#""cart""#, r#""cart":null,"cart""#),
            ok.replace(r#""now""#, r#""now":"2026-11-22T10:00:00Z","now""#),
            ok.replace("EUR", "E\u{0}R"),
            ok.replace("\"lines\":[]", "\"lines\":[],\"shipping\":{\"cost\":null}"),
            ok.replace("\"lines\":[]", "\"lines\":[,]"),
            ok.replace("\"lines\":[]", "\"lines\":[],"),
            ok.replace(r#""now":"2026-11-22T10:00:00Z","#, ""),
            ok.replace("\"cart\"", "\"customer\":{},\"cart\""),
            String::new(),
            "null".to_string(),
            "{".to_string(),
        ] {
            refused(&text);
        }
    }

    /// Bytes that matter to a JSON reader.
    const JSON_BYTES: &[u8] = b"{}[],:\"\\ \t0123456789-+.eEnul\x00\x1fatx";

    /// One change of a text at byte `at`: the byte replaced by `byte` (`how` 0), `byte`
    /// inserted before it (1) or the byte removed (2). `None` if the result is not UTF-8.
    fn changed(text: &str, at: usize, byte: u8, how: u8) -> Option<String> {
        let mut bytes = text.as_bytes().to_vec();
        match how {
            0 => bytes[at] = byte,
            1 => bytes.insert(at, byte),
            _ => {
                bytes.remove(at);
            }
        }
        String::from_utf8(bytes).ok()
    }

    #[test]
    fn truncated_requests_go_to_serde() {
        for text in [FULL.to_string(), minimal().to_string()] {
            let end = text.trim_end().len();
            for n in 0..end {
                if let Some(prefix) = text.get(..n) {
                    assert!(request(prefix).is_none(), "{prefix}");
                }
            }
        }
    }

    /// Every byte of the full and the minimal request replaced by, or preceded by, each
    /// byte of [`JSON_BYTES`], or removed: whatever the fast path takes, serde reads the
    /// same, and it takes every changed text that serde reads and that holds no escape.
    #[test]
    fn every_changed_byte_reads_like_serde() {
        let mut took = 0;
        for text in [FULL.to_string(), minimal().to_string()] {
            for at in 0..text.len() {
                for how in 0..3 {
                    // A removal does not depend on the byte: once per position.
                    let bytes = if how == 2 {
                        &JSON_BYTES[..1]
                    } else {
                        JSON_BYTES
                    };
                    for &byte in bytes {
                        if let Some(text) = changed(&text, at, byte, how) {
                            took += usize::from(taken_decoding(&text, request));
                        }
                    }
                }
            }
        }
        // Many changes keep the request valid: inside a string, in whitespace.
        assert!(
            took > 10_000,
            "only {took} changed requests took the fast path"
        );
    }

    #[test]
    fn deep_attributes_are_bounded() {
        for depth in 1..=200 {
            let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let text = minimal().to_string().replace(
                "\"cart\"",
                &format!(r#""customer":{{"id":"c","attributes":{{"a":{nested}}}}},"cart""#),
            );
            let took = agrees(&text, request);
            assert_eq!(took, depth < MAX_NESTING, "depth {depth}");
            let alone = format!(r#"{{"id":"c","attributes":{{"a":{nested}}}}}"#);
            assert_eq!(
                agrees(&alone, customer),
                depth < MAX_NESTING,
                "depth {depth}"
            );
        }
    }

    /// Generated requests, written with serde_json or with random whitespace and key
    /// order, and single-byte changes of them.
    mod generated {
        use proptest::prelude::*;
        use proptest::sample::select;
        use proptest::test_runner::{Config, RngSeed};
        use serde_json::{json, Map, Value};

        use super::super::{cart, customer};
        use super::request;
        use super::{agrees, changed, short_like_serde, taken, taken_decoding, JSON_BYTES};

        fn config(cases: u32) -> Config {
            let cases = std::env::var("PROPTEST_CASES")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(cases);
            let mut config = Config {
                cases,
                failure_persistence: None,
                ..Config::default()
            };
            if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
                config.rng_seed = RngSeed::Fixed(20_261_122);
            }
            config
        }

        type Field = Option<Value>;

        /// A field always present.
        fn given(s: impl Strategy<Value = Value>) -> impl Strategy<Value = Field> {
            s.prop_map(Some)
        }

        /// A defaulted field: present or absent.
        fn maybe(s: impl Strategy<Value = Value>) -> impl Strategy<Value = Field> {
            prop::option::weighted(0.6, s)
        }

        /// An `Option` field: absent, `null` or present.
        fn nullable(s: impl Strategy<Value = Value>) -> impl Strategy<Value = Field> {
            prop_oneof![2 => Just(None), 1 => Just(Some(Value::Null)), 3 => s.prop_map(Some)]
        }

        fn object(fields: &[(&str, Field)]) -> Value {
            let mut m = Map::new();
            for (key, value) in fields {
                if let Some(v) = value {
                    m.insert(key.to_string(), v.clone());
                }
            }
            Value::Object(m)
        }

        fn string() -> impl Strategy<Value = String> {
            let odd = vec![
                '"', '\\', '/', 'é', '日', '😀', '\0', '\u{1f}', '\u{7f}', ' ', 'a',
            ];
            prop_oneof![
                30 => "[a-z0-9-]{0,30}",
                1 => ".{0,6}",
                1 => prop::collection::vec(select(odd), 0..5).prop_map(|v| v.into_iter().collect()),
            ]
        }

        fn text() -> impl Strategy<Value = Value> {
            string().prop_map(Value::String)
        }

        fn texts() -> impl Strategy<Value = Value> {
            prop::collection::vec(text(), 0..4).prop_map(Value::Array)
        }

        fn dec() -> impl Strategy<Value = Value> {
            let odd = vec![
                "1e3",
                " 1",
                "NaN",
                "",
                "1.",
                ".5",
                "0.0000000000001",
                "12345678901234567",
            ];
            prop_oneof![
                20 => "-?[0-9]{1,6}(\\.[0-9]{1,4})?".prop_map(Value::String),
                4 => any::<i32>().prop_map(Value::from),
                2 => (0u64..11_000_000_000_000_000).prop_map(Value::from),
                4 => (-1e6f64..1e6).prop_map(Value::from),
                1 => any::<f64>().prop_map(Value::from),
                1 => select(odd).prop_map(Value::from),
            ]
        }

        fn instant() -> impl Strategy<Value = Value> {
            prop_oneof![
                20 => concat!(
                    "20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])",
                    "T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?",
                    "(Z|z|[+-](0[0-9]|1[0-3]):[0-5][0-9])"
                ),
                1 => "[0-9T:Z+-]{0,25}",
            ]
            .prop_map(Value::String)
        }

        fn quantity() -> impl Strategy<Value = Value> {
            let odd = vec![
                json!(-1),
                json!(3.0),
                json!(4_294_967_296u64),
                json!("1"),
                json!(1e2),
            ];
            prop_oneof![
                10 => any::<u32>().prop_map(Value::from),
                10 => (0u32..10).prop_map(Value::from),
                1 => select(odd),
            ]
        }

        fn balance() -> impl Strategy<Value = Value> {
            let odd = vec![json!(-1), json!(1.5), json!(1e20), json!(true)];
            prop_oneof![
                10 => any::<u64>().prop_map(Value::from),
                10 => (0u64..1000).prop_map(Value::from),
                1 => select(odd),
            ]
        }

        fn attributes() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::from),
                any::<i64>().prop_map(Value::from),
                any::<f64>().prop_map(Value::from),
                text(),
            ];
            let value = leaf.prop_recursive(4, 24, 4, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                    prop::collection::btree_map(string(), inner, 0..4)
                        .prop_map(|m| Value::Object(m.into_iter().collect())),
                ]
            });
            prop::collection::btree_map(string(), value, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect()))
        }

        fn order() -> impl Strategy<Value = Value> {
            (
                given(text()),
                given(instant()),
                given(text()),
                given(dec()),
                nullable(text()),
                maybe(texts()),
            )
                .prop_map(|(id, placed_at, status, total, carrier, products)| {
                    object(&[
                        ("id", id),
                        ("placedAt", placed_at),
                        ("status", status),
                        ("total", total),
                        ("carrier", carrier),
                        ("products", products),
                    ])
                })
        }

        fn a_customer() -> impl Strategy<Value = Value> {
            let status = prop_oneof![
                8 => select(vec!["active", "deactivated"]),
                1 => Just("Active"),
            ]
            .prop_map(Value::from);
            let kind = prop_oneof![
                8 => select(vec!["individual", "business"]),
                1 => Just("company"),
            ]
            .prop_map(Value::from);
            let history = (
                maybe(balance()),
                maybe(texts()),
                maybe(prop::collection::vec(order(), 0..3).prop_map(Value::Array)),
            );
            (
                given(text()),
                maybe(status),
                maybe(kind),
                nullable(instant()),
                nullable(text()),
                maybe(texts()),
                maybe(attributes()),
                nullable(dec()),
                nullable(dec()),
                nullable(text()),
                history,
            )
                .prop_map(
                    |(
                        id,
                        status,
                        kind,
                        registered,
                        group,
                        tags,
                        attrs,
                        personal,
                        cumulative,
                        card,
                        (points, granted, orders),
                    )| {
                        object(&[
                            ("id", id),
                            ("status", status),
                            ("type", kind),
                            ("registeredAt", registered),
                            ("group", group),
                            ("tags", tags),
                            ("attributes", attrs),
                            ("personalDiscount", personal),
                            ("cumulativeDiscount", cumulative),
                            ("discountCard", card),
                            ("pointsBalance", points),
                            ("grantedRewards", granted),
                            ("orders", orders),
                        ])
                    },
                )
        }

        fn line() -> impl Strategy<Value = Value> {
            (
                given(text()),
                given(text()),
                maybe(texts()),
                given(dec()),
                given(quantity()),
            )
                .prop_map(|(id, product, categories, price, quantity)| {
                    object(&[
                        ("id", id),
                        ("productId", product),
                        ("categories", categories),
                        ("unitPrice", price),
                        ("quantity", quantity),
                    ])
                })
        }

        fn shipping() -> impl Strategy<Value = Value> {
            let address = (nullable(text()), nullable(text()), nullable(text())).prop_map(
                |(city, postal_code, country)| {
                    object(&[
                        ("city", city),
                        ("postalCode", postal_code),
                        ("country", country),
                    ])
                },
            );
            (
                nullable(text()),
                nullable(text()),
                maybe(dec()),
                nullable(address),
            )
                .prop_map(|(carrier, method, cost, address)| {
                    object(&[
                        ("carrier", carrier),
                        ("method", method),
                        ("cost", cost),
                        ("address", address),
                    ])
                })
        }

        fn a_cart() -> impl Strategy<Value = Value> {
            let currency = prop_oneof![4 => Just(json!("EUR")), 1 => text()];
            (
                given(currency),
                given(prop::collection::vec(line(), 0..4).prop_map(Value::Array)),
                nullable(shipping()),
                maybe(texts()),
                maybe(texts()),
            )
                .prop_map(|(currency, lines, shipping, codes, redeem)| {
                    object(&[
                        ("currency", currency),
                        ("lines", lines),
                        ("shipping", shipping),
                        ("promoCodes", codes),
                        ("redeem", redeem),
                    ])
                })
        }

        /// A request, now and then spoiled: a key added, removed or set to `null` in
        /// one of its objects.
        fn a_request() -> impl Strategy<Value = Value> {
            let spoil = prop::option::weighted(0.1, (any::<usize>(), 0u8..3));
            (
                given(instant()),
                nullable(a_customer()),
                given(a_cart()),
                spoil,
            )
                .prop_map(|(now, customer, cart, spoil)| {
                    let mut v = object(&[("now", now), ("customer", customer), ("cart", cart)]);
                    if let Some((n, how)) = spoil {
                        let objects = count_objects(&v);
                        spoil_object(&mut v, &mut (n % objects), how);
                    }
                    v
                })
        }

        fn count_objects(v: &Value) -> usize {
            match v {
                Value::Object(m) => 1 + m.values().map(count_objects).sum::<usize>(),
                Value::Array(a) => a.iter().map(count_objects).sum(),
                _ => 0,
            }
        }

        /// Spoils the `n`th object (in document order); whether it was reached.
        fn spoil_object(v: &mut Value, n: &mut usize, how: u8) -> bool {
            match v {
                Value::Object(m) => {
                    if *n == 0 {
                        let first = m.keys().next().cloned();
                        match (how, first) {
                            (0, _) | (_, None) => {
                                m.insert("extra".into(), json!(1));
                            }
                            (1, Some(k)) => {
                                m.remove(&k);
                            }
                            (_, Some(k)) => {
                                m.insert(k, Value::Null);
                            }
                        }
                        return true;
                    }
                    *n -= 1;
                    m.values_mut().any(|x| spoil_object(x, n, how))
                }
                Value::Array(a) => a.iter_mut().any(|x| spoil_object(x, n, how)),
                _ => false,
            }
        }

        fn whitespace() -> impl Strategy<Value = Vec<&'static str>> {
            prop::collection::vec(select(vec!["", "", " ", "\n", "\t", "\r\n  "]), 1..8)
        }

        proptest! {
            #![proptest_config(config(512))]

            #[test]
            fn generated_numbers_read_like_serde(
                text in "-?(0|[1-9][0-9]{0,9})(\\.[0-9]{1,9})?",
                f in -1e15f64..1e15,
            ) {
                let taken = short_like_serde(&text);
                let digits = text.bytes().filter(u8::is_ascii_digit).count();
                let negative_zero = text.starts_with('-') && !text.bytes().any(|b| matches!(b, b'1'..=b'9'));
                prop_assert_eq!(taken, digits <= 15 && !negative_zero, "{}", text);
                short_like_serde(&f.to_string());
            }

            #[test]
            fn generated_requests_read_like_serde(v in a_request(), ws in whitespace()) {
                taken_decoding(&v.to_string(), request);
                let mut spaced = String::new();
                super::write(&v, &ws, &mut 0, &mut spaced);
                taken_decoding(&format!("{}{spaced}{}", ws[0], ws[ws.len() - 1]), request);
                if let Some(c @ Value::Object(_)) = v.get("customer") {
                    taken_decoding(&c.to_string(), customer);
                }
                if let Some(c @ Value::Object(_)) = v.get("cart") {
                    taken(&c.to_string(), cart);
                }
            }

            #[test]
            fn changed_bytes_read_like_serde(
                v in a_request(),
                at in any::<prop::sample::Index>(),
                byte in prop_oneof![select(JSON_BYTES.to_vec()), any::<u8>()],
                how in 0u8..3,
            ) {
                let text = v.to_string();
                if let Some(text) = changed(&text, at.index(text.len()), byte, how) {
                    taken_decoding(&text, request);
                }
            }
        }

        #[test]
        fn the_generators_reach_the_fast_path() {
            use proptest::strategy::ValueTree;
            use proptest::test_runner::TestRunner;
            let mut runner = TestRunner::new(config(200));
            let mut took = 0;
            for _ in 0..200 {
                let v = a_request().new_tree(&mut runner).unwrap().current();
                if agrees(&v.to_string(), request) {
                    took += 1;
                }
            }
            assert!(
                took >= 60,
                "only {took} of 200 generated requests took the fast path"
            );
        }
    }
}
