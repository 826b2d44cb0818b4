//! A fixed set of strings looked up by value, for the lookups of a customer's order
//! history (each order's status, products and carrier): an open-addressing table of
//! positions, at most half full, probed linearly. Each string is kept with its hash, made
//! from a number of its first eight bytes (its key) and the words after them; two strings
//! match when their hashes and lengths do and, past eight bytes, their bytes. Most ids
//! and statuses are at most eight bytes: a lookup is then a multiply and one or two
//! integer comparisons, with no byte loop or `memcmp` call. Longer ids often share their
//! first eight bytes and their length (`gid://shopify/Product/7000000013`, or UUIDs of one
//! store): their hashes tell them apart without comparing their bytes.

use crate::scan::{le_word, same_bytes};

/// The strings given to [`StrIndex::new`] (or [`StrIndex::insert`]ed), each at its
/// position. `S` holds a string: owned (`Box<str>`) for the program's lists, borrowed
/// (`&str`) to find repeats among a request's ids without copying them.
#[derive(Clone, Debug)]
pub(crate) struct StrIndex<S = Box<str>> {
    /// Positions in `keys`, or [`EMPTY`]; a power of two long (or empty).
    slots: Vec<u32>,
    /// Per string: its hash and the string.
    keys: Vec<(u64, S)>,
    /// `64 - log2(slots.len())`: the top bits of a hash pick the slot.
    shift: u32,
}

impl<S> Default for StrIndex<S> {
    fn default() -> StrIndex<S> {
        StrIndex {
            slots: Vec::new(),
            keys: Vec::new(),
            shift: 0,
        }
    }
}

const EMPTY: u32 = u32::MAX;

impl StrIndex {
    /// An index of `items`, positioned in order (a repeated string keeps its first
    /// position and takes none of its own: positions then skip nothing, and a string's
    /// position is the number of distinct strings before it).
    pub fn new<'a>(items: impl IntoIterator<Item = &'a str>) -> StrIndex {
        let items: Vec<&str> = items.into_iter().collect();
        let mut index = StrIndex::with_capacity(items.len());
        for s in items {
            let _ = index.insert_with(s, Box::from);
        }
        index
    }
}

impl<'a> StrIndex<&'a str> {
    /// Adds `s`: `false` when it is already there.
    pub fn insert(&mut self, s: &'a str) -> bool {
        self.insert_with(s, |s| s).is_err()
    }
}

/// Strings mapped to values: a [`StrIndex`] of the strings, and their values by
/// position. For the program's tables (ids, codes, products of a group's prices): one
/// table kind in the Wasm module where a hash map per key and value type took its own
/// copy of the map's code.
#[derive(Clone, Debug)]
pub(crate) struct StrMap<V> {
    index: StrIndex,
    values: Vec<V>,
}

impl<V> Default for StrMap<V> {
    fn default() -> StrMap<V> {
        StrMap {
            index: StrIndex::default(),
            values: Vec::new(),
        }
    }
}

impl<V> StrMap<V> {
    /// The value of `s`, if it is there.
    pub fn get(&self, s: &str) -> Option<&V> {
        self.index.get(s).map(|i| &self.values[i])
    }

    /// Adds `s` with `value` unless it is there already, whose value then stays:
    /// `false` in that case.
    pub fn insert_first(&mut self, s: &str, value: V) -> bool {
        let added = self.index.insert_with(s, Box::from).is_err();
        if added {
            self.values.push(value);
        }
        added
    }

    /// Adds `s` with `value`, or gives `s` that value if it is there already: `false` in
    /// that case.
    pub fn insert_last(&mut self, s: &str, value: V) -> bool {
        match self.index.insert_with(s, Box::from) {
            Ok(i) => {
                self.values[i] = value;
                false
            }
            Err(_) => {
                self.values.push(value);
                true
            }
        }
    }
}

impl<S: AsRef<str>> StrIndex<S> {
    /// An empty index with room for `n` strings (at most half its slots used) before it
    /// grows.
    pub fn with_capacity(n: usize) -> StrIndex<S> {
        if n == 0 {
            return StrIndex::default();
        }
        let size = (n * 2).next_power_of_two();
        StrIndex {
            slots: vec![EMPTY; size],
            keys: Vec::with_capacity(n),
            shift: 64 - size.trailing_zeros(),
        }
    }

    /// Adds `s`, held as `hold(s)`: `Ok(position)` when it is already there, else
    /// `Err(position)`, the position it is added at.
    fn insert_with<'s>(
        &mut self,
        s: &'s str,
        hold: impl FnOnce(&'s str) -> S,
    ) -> Result<usize, usize> {
        let h = hash_of(s.as_bytes());
        let found = if self.slots.is_empty() {
            Err(0)
        } else {
            self.find(s, h)
        };
        let Err(mut slot) = found else {
            return found;
        };
        // At most half the slots are used, so a probe for an absent string ends.
        if self.keys.len() >= self.slots.len() / 2 {
            slot = self.grow_for(h);
        }
        let position = self.keys.len();
        self.slots[slot] = position as u32;
        self.keys.push((h, hold(s)));
        Err(position)
    }

    /// Twice the slots (at least four), every string placed again at its position; the
    /// empty slot for a string of hash `h` (absent). Out of line: an index made with room
    /// for its strings never grows.
    #[inline(never)]
    fn grow_for(&mut self, h: u64) -> usize {
        let size = (self.slots.len() * 2).max(4);
        self.slots = vec![EMPTY; size];
        self.shift = 64 - size.trailing_zeros();
        // The strings are distinct: each takes the first empty slot from its hash's.
        for position in 0..self.keys.len() {
            let slot = self.empty_slot(self.keys[position].0);
            self.slots[slot] = position as u32;
        }
        self.empty_slot(h)
    }

    /// The first empty slot from that of hash `h` on.
    fn empty_slot(&self, h: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = (h >> self.shift) as usize;
        while self.slots[at] != EMPTY {
            at = (at + 1) & mask;
        }
        at
    }

    /// The number of distinct strings.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// The position of `s`, if it is one of the strings. Inlined, as [`StrIndex::find`]
    /// is: a customer's orders look their statuses, products and carriers up this way.
    #[inline(always)]
    pub fn get(&self, s: &str) -> Option<usize> {
        if self.keys.is_empty() {
            return None;
        }
        self.find(s, hash_of(s.as_bytes())).ok()
    }

    /// `Ok(position)` of `s`, whose hash is `h`, or `Err(slot)`: the empty slot where it
    /// would go. Inlined into each lookup: called out of line, a 200-line quote took 1.3%
    /// more Wasm instructions (its line-id check) and a large one with 500 orders 2.7%
    /// more, for a module 2.7 KB smaller.
    #[inline(always)]
    fn find(&self, s: &str, h: u64) -> Result<usize, usize> {
        let bytes = s.as_bytes();
        let mask = self.slots.len() - 1;
        let mut at = (h >> self.shift) as usize;
        loop {
            let slot = self.slots[at];
            if slot == EMPTY {
                return Err(at);
            }
            let (other_hash, other) = &self.keys[slot as usize];
            let other = other.as_ref();
            // Up to eight bytes, equal hashes and lengths are equal strings (see `hash`);
            // past eight, so are equal hashes, lengths and tails (see `same_tails`).
            if *other_hash == h
                && other.len() == bytes.len()
                && (bytes.len() <= 8 || same_tails(other.as_bytes(), bytes))
            {
                return Ok(slot as usize);
            }
            at = (at + 1) & mask;
        }
    }
}

/// A number made of the first eight bytes of `bytes`: one 8-byte load when there are
/// eight or more; else two loads of four (or two) bytes, from the start and from the end,
/// overlapping when there are fewer than eight (or four). For a given length, two strings
/// of at most eight bytes have the same key exactly when they are equal.
fn key(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let half = |at: usize, len: usize| {
        let mut word = [0u8; 4];
        word[..len].copy_from_slice(&bytes[at..at + len]);
        u64::from(u32::from_le_bytes(word))
    };
    match n {
        8.. => le_word(&bytes[..8]),
        4..=7 => half(0, 4) | half(n - 4, 4) << 32,
        2..=3 => half(0, 2) | half(n - 2, 2) << 16,
        1 => u64::from(bytes[0]),
        0 => 0,
    }
}

/// The multiplier of [`hash`]: odd, so multiplying by it is a bijection.
const K: u64 = 0x9e37_79b9_7f4a_7c15;

/// A multiplicative hash of `s`, whose first eight bytes are summed up by `first` (its
/// [`key`] here; the sort's own key in [`crate::sorting`]), a word at a time after them.
/// Each step is a bijection of the hash so far: two strings of at most eight bytes and
/// the same length have the same hash exactly when they have the same `first`.
#[inline]
pub(crate) fn hash(first: u64, s: &[u8]) -> u64 {
    let step = |h: u64, word: u64| (h.rotate_left(23) ^ word).wrapping_mul(K);
    let mut h = first.wrapping_mul(K);
    // The bytes from 8 on, a word at a time, the last word being the last eight bytes
    // (overlapping the one before it when the length is not a multiple of eight).
    if let Some(last) = s.len().checked_sub(8).filter(|&last| last > 0) {
        let mut i = 8;
        while i < last {
            h = step(h, le_word(&s[i..i + 8]));
            i += 8;
        }
        h = step(h, le_word(&s[last..]));
    }
    (h ^ s.len() as u64).wrapping_mul(K)
}

/// The [`hash`] of `bytes` with its own [`key`], as the index keeps it.
#[inline]
fn hash_of(bytes: &[u8]) -> u64 {
    hash(key(bytes), bytes)
}

/// Whether `a` and `b`, of the same length (more than eight bytes) and the same hash,
/// are equal: whether their bytes from 8 on are. Their first eight bytes then are too:
/// over the same bytes after them, each step of [`hash`] is a bijection, so the same hash
/// comes only from the same first eight bytes. Out of line: most lookups are of shorter
/// strings.
#[inline(never)]
fn same_tails(a: &[u8], b: &[u8]) -> bool {
    same_bytes(&a[8..], &b[8..])
}

#[cfg(test)]
mod tests {
    use super::{hash_of, StrIndex, StrMap, K};

    #[test]
    fn strings_alike_from_byte_8_on_have_distinct_hashes_when_their_starts_differ() {
        // `same_tails` relies on it: equal hashes, lengths and bytes from 8 on mean equal
        // first eight bytes.
        let rest: Vec<u8> = (0..32u8).map(|i| i.wrapping_mul(37) ^ 0x5a).collect();
        for len in 9..=40 {
            let mut seen = std::collections::HashSet::new();
            for n in 0..2_000u64 {
                let first = n.wrapping_mul(0x0101_0101_0101_0101) ^ n << 40;
                let s = [&first.to_le_bytes()[..], &rest[..len - 8]].concat();
                assert!(seen.insert(hash_of(&s)), "{len}, {n}");
            }
        }
    }

    #[test]
    fn finds_exactly_the_strings_it_holds() {
        let held = [
            "paid",
            "completed",
            "p1",
            "",
            "gid://shopify/Product/1",
            "gid://shopify/Product/2",
            "gid://shopify/Product/10",
            "abcdefgh",
            "abcdefghi",
            "p1",
        ];
        let index = StrIndex::new(held);
        assert_eq!(index.len(), 9, "the repeated p1 counts once");
        for (i, s) in held.iter().take(9).enumerate() {
            assert_eq!(index.get(s), Some(i), "{s:?}");
        }
        for absent in [
            "pai",
            "paid ",
            "Paid",
            "p",
            "p10",
            "gid://shopify/Product/3",
            "gid://shopify/Product/",
            "gid://shopify/Product/100",
            "abcdefg",
            "abcdefgh\0",
            "abcdefghj",
            "\0",
        ] {
            assert_eq!(index.get(absent), None, "{absent:?}");
        }
        assert_eq!(StrIndex::new([]).get(""), None);
        assert_eq!(StrIndex::<Box<str>>::default().get("p1"), None);
    }

    #[test]
    fn insert_tells_a_repeat_from_a_new_string_and_grows_past_its_room() {
        let ids = [
            "l1",
            "l2",
            "gid://shopify/Line/1",
            "gid://shopify/Line/2",
            "",
        ];
        let mut seen = StrIndex::with_capacity(ids.len());
        for id in ids {
            assert!(seen.insert(id), "{id:?} is new");
        }
        for id in ids {
            assert!(!seen.insert(id), "{id:?} is a repeat");
        }
        assert_eq!(seen.len(), ids.len());
        assert_eq!(seen.get("gid://shopify/Line/2"), Some(3));
        // With room for 4 (8 slots), a repeat of a full table is told without growing,
        // and a fifth distinct string makes it grow (16 slots) with every string kept
        // at its position.
        let mut four = StrIndex::with_capacity(4);
        for id in ["a", "b", "c", "d"] {
            assert!(four.insert(id));
        }
        assert!(!four.insert("a"));
        assert_eq!(four.slots.len(), 8);
        assert!(four.insert("e"));
        assert_eq!(four.slots.len(), 16);
        for (i, id) in ["a", "b", "c", "d", "e"].into_iter().enumerate() {
            assert_eq!(four.get(id), Some(i), "{id:?}");
            assert!(!four.insert(id), "{id:?} is a repeat");
        }
        assert_eq!(four.get("f"), None);
        let mut none = StrIndex::<&str>::with_capacity(0);
        assert_eq!(none.get("a"), None);
        assert!(none.insert("a"));
        assert_eq!(none.get("a"), Some(0));
    }

    #[test]
    fn an_index_grown_from_nothing_finds_every_string_at_its_position() {
        let held: Vec<String> = (0..3000)
            .map(|i| format!("id-{}", i * 7919 % 3001))
            .collect();
        let mut index = StrIndex::default();
        for (i, s) in held.iter().enumerate() {
            assert!(index.insert(s.as_str()), "{s}");
            // At most half the slots are used after every insertion.
            assert!(index.len() * 2 <= index.slots.len(), "{i}");
        }
        for (i, s) in held.iter().enumerate() {
            assert_eq!(index.get(s), Some(i), "{s}");
        }
        assert_eq!(index.get("id-3001"), None);
        assert_eq!(index.get(""), None);
    }

    #[test]
    fn a_map_keeps_the_first_or_the_last_value_as_asked() {
        let mut map: StrMap<u32> = StrMap::default();
        assert!(map.insert_first("gold", 1));
        assert!(!map.insert_first("gold", 2));
        assert_eq!(map.get("gold"), Some(&1));
        assert!(!map.insert_last("gold", 3));
        assert_eq!(map.get("gold"), Some(&3));
        assert!(map.insert_last("silver", 4));
        assert_eq!(map.get("silver"), Some(&4));
        assert!(map.get("silver").is_some() && map.get("bronze").is_none());
        assert_eq!(map.get("bronze"), None);
        // Many keys, past several growths, each with its own value.
        for i in 0..500u32 {
            assert!(map.insert_first(&format!("gid://shopify/Product/{i}"), i));
        }
        for i in 0..500u32 {
            assert_eq!(map.get(&format!("gid://shopify/Product/{i}")), Some(&i));
        }
        assert_eq!(map.get("gold"), Some(&3));
    }

    #[test]
    fn every_short_string_is_told_from_every_other() {
        // Every string of up to six bytes from three letters (keys from overlapping words
        // must still tell each from each), plus longer ones differing in one byte.
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..6 {
            last = last
                .iter()
                .flat_map(|s| ["a", "b", "\0"].map(|c| format!("{s}{c}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        for len in 7..=17 {
            for at in 0..len {
                let mut s = vec![b'a'; len];
                s[at] = b'b';
                all.push(String::from_utf8(s).unwrap());
            }
            all.push("a".repeat(len));
        }
        let (held, absent) = all.split_at(all.len() / 2);
        let index = StrIndex::new(held.iter().map(String::as_str));
        for (i, s) in held.iter().enumerate() {
            assert_eq!(index.get(s), Some(i), "{s:?}");
        }
        for s in absent {
            assert_eq!(index.get(s), None, "{s:?}");
        }
        let index = StrIndex::new(all.iter().map(String::as_str));
        for (i, s) in all.iter().enumerate() {
            assert_eq!(index.get(s), Some(i), "{s:?}");
        }
    }

    #[test]
    fn many_strings_sharing_a_start_are_all_found() {
        let held: Vec<String> = (0..1000)
            .map(|i| format!("gid://shopify/Product/{i}"))
            .collect();
        let index = StrIndex::new(held.iter().map(String::as_str));
        for (i, s) in held.iter().enumerate() {
            assert_eq!(index.get(s), Some(i));
        }
        assert_eq!(index.get("gid://shopify/Product/1000"), None);
    }

    #[test]
    fn strings_of_one_hash_and_length_are_told_apart_by_their_bytes() {
        // Two 16-byte strings with the same hash: the second's first eight bytes are
        // sought among ASCII words, its last eight made to cancel the difference (the hash
        // takes a word as `(rotl(h, 23) ^ word) * K`), until they are ASCII too.
        let first = *b"gid://sh";
        let rest = *b"op/Line1";
        let a = [first, rest].concat();
        let mixed = |start: [u8; 8]| (u64::from_le_bytes(start).wrapping_mul(K)).rotate_left(23);
        let b = (0u64..)
            .map(|n| {
                let mut start = *b"cart-000";
                for (i, digit) in n.to_string().bytes().rev().take(8).enumerate() {
                    start[7 - i] = digit;
                }
                let word = u64::from_le_bytes(rest) ^ mixed(first) ^ mixed(start);
                [start, word.to_le_bytes()].concat()
            })
            .find(|b| b.is_ascii())
            .unwrap();
        let (a, b) = (String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap());
        assert_ne!(a, b);
        assert_eq!(hash_of(a.as_bytes()), hash_of(b.as_bytes()));
        let index = StrIndex::new([a.as_str()]);
        assert_eq!(index.get(&a), Some(0));
        assert_eq!(index.get(&b), None, "{b:?} has {a:?}'s hash and length");
        let mut seen = StrIndex::with_capacity(2);
        assert!(seen.insert(a.as_str()) && seen.insert(b.as_str()));
        assert_eq!((seen.get(&a), seen.get(&b)), (Some(0), Some(1)));
    }

    #[test]
    fn ids_of_one_store_sharing_their_start_and_length_are_all_found() {
        let held: Vec<String> = (0..600)
            .map(|i| format!("3f2a9c1e-5b7d-4e8a-9c0b-{i:012}"))
            .collect();
        let mut seen = StrIndex::with_capacity(held.len());
        for s in &held {
            assert!(seen.insert(s.as_str()), "{s}");
        }
        for (i, s) in held.iter().enumerate() {
            assert_eq!(seen.get(s), Some(i), "{s}");
            assert!(!seen.insert(s.as_str()), "{s} is a repeat");
        }
        for i in 600..1200 {
            assert_eq!(seen.get(&format!("3f2a9c1e-5b7d-4e8a-9c0b-{i:012}")), None);
        }
    }
}
