//! Sorting with little code.
//!
//! The standard library's sorts are generic: every element type and comparison sorted
//! gets its own copy of the algorithm, several kilobytes of Wasm each. Here most sorts
//! go through one merge sort of indices, with the comparison passed by reference, so
//! the algorithm is compiled once and the per-type part is only moving the items into
//! place. Order histories, long and sorted on every quote without a prepared customer,
//! go through the same merge sort compiled for integer keys ([`instant_order`]).
//! Strings, the longest lists sorted on a quote, go through the merge sort of indices too
//! (see [`sort_dedup_strs`]); no standard sort or selection is left in the Wasm module.

use std::cmp::Ordering;

use crate::lookup::hash;
use crate::request::Text;
use crate::scan::{le_word, same};

/// Sorts `items` by `cmp`; equal items keep their order (a stable sort).
pub(crate) fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let Ok(len) = u32::try_from(items.len()) else {
        // Never on the engine's inputs (their lists are bounded far below), and never
        // on wasm32, whose lengths are 32-bit.
        items.sort_by(cmp);
        return;
    };
    let mut order: Vec<u32> = (0..len).collect();
    sort_indices(&mut order, &|a, b| {
        cmp(&items[a as usize], &items[b as usize])
    });
    permute(items, &mut order);
}

/// The positions of `keys` (instants as seconds and nanoseconds) in stable sorted order.
/// Keys already in order (a history listed oldest first) are only checked, and keys in
/// reverse order (newest first) only walked backwards. Otherwise each key becomes one
/// number, its time from the earliest in the coarsest unit that holds every key exactly
/// (seconds, milliseconds, microseconds or nanoseconds) with its position below it, and
/// these numbers are merge-sorted: one integer comparison each, no function pointer.
/// Keys too far apart for that are sorted through the index sort of [`sort_by`]. The caller reads its items
/// in this order: nothing is moved.
pub(crate) fn instant_order(keys: &[(i64, u32)]) -> Vec<u32> {
    let Ok(len) = u32::try_from(keys.len()) else {
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_by_key(|&i| keys[i]);
        return order.into_iter().map(|i| i as u32).collect();
    };
    if keys.windows(2).all(|pair| pair[0] <= pair[1]) {
        return (0..len).collect();
    }
    if keys.windows(2).all(|pair| pair[0] >= pair[1]) {
        // Newest first: equal keys keep their order.
        let mut order = Vec::with_capacity(keys.len());
        let mut end = keys.len();
        while end > 0 {
            let mut start = end - 1;
            while start > 0 && keys[start - 1] == keys[end - 1] {
                start -= 1;
            }
            order.extend(start as u32..end as u32);
            end = start;
        }
        return order;
    }
    match packed_keys(keys, len) {
        Some((mut packed, index_bits)) => {
            merge_sort(&mut packed, |a, b| a < b);
            let mask = (1u64 << index_bits) - 1;
            packed.into_iter().map(|k| (k & mask) as u32).collect()
        }
        None => {
            let mut order: Vec<u32> = (0..len).collect();
            sort_indices(&mut order, &|a, b| keys[a as usize].cmp(&keys[b as usize]));
            order
        }
    }
}

/// Each key of `keys` (at least two) as `time << index_bits | position`, where `time` is
/// its distance from the earliest key in the coarsest unit that divides every key's
/// nanoseconds; with `index_bits`. `None` when the times do not fit.
fn packed_keys(keys: &[(i64, u32)], len: u32) -> Option<(Vec<u64>, u32)> {
    let index_bits = u32::BITS - (len - 1).leading_zeros();
    let earliest = keys.iter().map(|k| k.0).min()?;
    let latest = keys.iter().map(|k| k.0).max()?;
    // The nanoseconds' common unit: 10^9 (whole seconds) down to 1.
    let mut unit = 1_000_000_000u32;
    for &(_, nanos) in keys {
        while nanos % unit != 0 {
            unit /= 1000;
        }
    }
    let per_second = u64::from(1_000_000_000 / unit);
    let span = u64::try_from(latest.checked_sub(earliest)?).ok()?;
    let limit = 1u64 << (64 - index_bits);
    if span.checked_mul(per_second)?.checked_add(per_second)? > limit {
        return None;
    }
    let packed = keys
        .iter()
        .zip(0u64..)
        .map(|(&(seconds, nanos), i)| {
            let time = (seconds - earliest) as u64 * per_second + u64::from(nanos / unit);
            time << index_bits | i
        })
        .collect();
    Some((packed, index_bits))
}

/// Sorts strings and removes repeated ones, with [`sort_by`] (the standard unstable sort
/// would link 4.5 KB more of Wasm for 0.05% fewer instructions in a 200-line quote). Each
/// string is sorted with its first eight bytes after those all the strings share as a number,
/// which orders them as the bytes do (a shorter string is padded with zeros, and equal
/// numbers fall back on the strings): most comparisons are then one integer comparison
/// instead of a byte loop.
pub(crate) fn sort_dedup_strs(items: &mut Vec<&str>) {
    // Bytes that every string starts with order none of them, so the keys are taken
    // after them: ids as stores write them share a long start (`gid://shopify/Product/`),
    // and keys from their first bytes would all be equal.
    let skip = shared_start(items);
    let hashed = (DEDUP_FIRST..=DEDUP_FIRST_MAX).contains(&items.len());
    let mut keyed: Vec<(u64, &str)> = if hashed {
        // A long list repeats itself (a cart's categories over many lines): drop the
        // repeats by hashing first, and sort only the distinct strings.
        distinct_keyed(items, skip)
    } else {
        items.iter().map(|s| (prefix(s, skip), *s)).collect()
    };
    sort_by(&mut keyed, |a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    if !hashed {
        keyed.dedup_by(|a, b| a.0 == b.0 && same(a.1, b.1));
    }
    items.clear();
    items.extend(keyed.into_iter().map(|(_, s)| s));
}

/// How many bytes every string of `items` starts with (eight at a time while they
/// agree), or 0 when the first or the last string is shorter than eight bytes or they
/// differ in their first eight: then the keys differ enough already, and the strings
/// are not read again.
fn shared_start(items: &[&str]) -> usize {
    let (Some((first, rest)), Some(last)) = (items.split_first(), items.last()) else {
        return 0;
    };
    let (first, last) = (first.as_bytes(), last.as_bytes());
    let eight = |b: &[u8], i: usize| le_word(&b[i..i + 8]);
    if first.len() < 8 || last.len() < 8 || eight(first, 0) != eight(last, 0) {
        return 0;
    }
    let mut len = first.len();
    for s in rest {
        let s = s.as_bytes();
        len = len.min(s.len());
        let mut i = 0;
        while i + 8 <= len && eight(first, i) == eight(s, i) {
            i += 8;
        }
        while i < len && first[i] == s[i] {
            i += 1;
        }
        len = i;
        if len == 0 {
            break;
        }
    }
    len
}

/// The distinct strings of `items` (at most `u32::MAX`), each with its [`prefix`], in
/// first-seen order: an open-addressing table of indices, at most half full, probed
/// linearly. Two strings match when their keys (the eight bytes after the first `skip`)
/// and lengths do and, past those, their bytes. The hash is unkeyed, so strings crafted to collide cost time
/// quadratic in their number: bounded by [`DEDUP_FIRST_MAX`]; longer lists are only
/// sorted.
fn distinct_keyed<'a>(items: &[&'a str], skip: usize) -> Vec<(u64, &'a str)> {
    const EMPTY: u32 = u32::MAX;
    let size = (items.len() * 2).next_power_of_two().max(2);
    let shift = 64 - size.trailing_zeros();
    let mut slots = vec![EMPTY; size];
    let mut distinct: Vec<(u64, &str)> = Vec::with_capacity(items.len().min(64));
    for &s in items {
        let (key, rest) = (prefix(s, skip), &s.as_bytes()[skip..]);
        let mut at = (hash(key, rest) >> shift) as usize;
        loop {
            let slot = slots[at];
            if slot == EMPTY {
                slots[at] = distinct.len() as u32;
                distinct.push((key, s));
                break;
            }
            let (k, t) = distinct[slot as usize];
            if k == key && t.len() == s.len() && (rest.len() <= 8 || &t.as_bytes()[skip..] == rest)
            {
                break;
            }
            at = (at + 1) & (size - 1);
        }
    }
    distinct
}

/// From this many strings to [`DEDUP_FIRST_MAX`], [`sort_dedup_strs`] removes repeats
/// before sorting.
const DEDUP_FIRST: usize = 33;
const DEDUP_FIRST_MAX: usize = 2048;

/// The eight bytes of `s` after its first `skip`, big-endian, zero-padded.
fn prefix(s: &str, skip: usize) -> u64 {
    word(&s.as_bytes()[skip..])
}

/// The first eight bytes of `bytes` as a big-endian number, zero-padded. Byte by byte:
/// a copy of a variable length is a call to `memory.copy` in Wasm, dearer than these
/// few shifts.
fn word(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .take(8)
        .enumerate()
        .fold(0, |key, (i, &b)| key | u64::from(b) << (56 - 8 * i))
}

/// The distinct strings of `items`, sorted.
pub(crate) fn sorted_strs<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut keys: Vec<&str> = items.collect();
    sort_dedup_strs(&mut keys);
    keys
}

/// [`sorted_strs`] as owned texts.
pub(crate) fn sorted_texts<'a>(items: impl Iterator<Item = &'a str>) -> Vec<Text> {
    sorted_strs(items).into_iter().map(Text::from).collect()
}

/// [`sort_dedup_strs`] for owned texts.
pub(crate) fn sort_dedup_texts(items: &mut Vec<Text>) {
    *items = sorted_texts(items.iter().map(Text::as_str));
}

/// The one compiled sort: a stable merge sort of indices by `cmp`, insertion-sorted
/// runs of [`RUN`] first. A few hundred bytes of Wasm, where the standard sort of
/// `u32` alone is over 9 KB.
#[inline(never)]
fn sort_indices(order: &mut [u32], cmp: &dyn Fn(u32, u32) -> Ordering) {
    merge_sort(order, |a, b| cmp(*a, *b) == Ordering::Less);
}

/// A stable merge sort by `less`: runs of [`RUN`] sorted by insertion, then merged
/// pairwise back and forth between `items` and a buffer. Compiled once for the indices
/// of [`sort_by`] and once for the packed keys of [`instant_order`].
fn merge_sort<T: Copy>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    let len = items.len();
    for run in items.chunks_mut(RUN) {
        for i in 1..run.len() {
            let item = run[i];
            let mut j = i;
            while j > 0 && less(&item, &run[j - 1]) {
                run[j] = run[j - 1];
                j -= 1;
            }
            run[j] = item;
        }
    }
    if len <= RUN {
        return;
    }
    let mut buf = items.to_vec();
    let (mut from, mut to) = (items, &mut buf[..]);
    let mut width = RUN;
    let mut in_buf = false;
    while width < len {
        for start in (0..len).step_by(2 * width) {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut i, mut j) = (start, mid);
            for slot in &mut to[start..end] {
                // Take from the right run only when strictly smaller: stable.
                let right = j < end && (i == mid || less(&from[j], &from[i]));
                if right {
                    *slot = from[j];
                    j += 1;
                } else {
                    *slot = from[i];
                    i += 1;
                }
            }
        }
        std::mem::swap(&mut from, &mut to);
        in_buf = !in_buf;
        width *= 2;
    }
    if in_buf {
        to.copy_from_slice(from);
    }
}

/// Length of the runs insertion-sorted before merging.
const RUN: usize = 16;

/// Puts `items[order[k]]` at `k` for every `k`, by following the permutation's cycles
/// (`order` is used up).
fn permute<T>(items: &mut [T], order: &mut [u32]) {
    for start in 0..order.len() {
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = at as u32;
            if from == start || from == at {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// [`sort_dedup_strs`] of `items` against the standard sort, then dedup.
    fn sorts_like_sort_then_dedup(items: &[String]) -> Result<(), TestCaseError> {
        let mut expected: Vec<&str> = items.iter().map(String::as_str).collect();
        expected.sort_unstable();
        expected.dedup();
        let mut got: Vec<&str> = items.iter().map(String::as_str).collect();
        sort_dedup_strs(&mut got);
        prop_assert_eq!(got, expected);
        Ok(())
    }

    proptest! {
        #[test]
        fn indices_sort_stably(keys in prop::collection::vec(0u8..40, 0..700)) {
            let mut order: Vec<u32> = (0..keys.len() as u32).collect();
            sort_indices(&mut order, &|a, b| keys[a as usize].cmp(&keys[b as usize]));
            let mut expected: Vec<u32> = (0..keys.len() as u32).collect();
            expected.sort_by_key(|&i| keys[i as usize]);
            prop_assert_eq!(order, expected);
        }

        #[test]
        fn sorts_like_the_standard_stable_sort(
            items in prop::collection::vec((0u8..6, any::<u16>()), 0..300),
        ) {
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = items.clone();
            std.sort_by_key(|p| p.0);
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn strings_sort_by_their_bytes(items in prop::collection::vec("[a\\x00\\u{e9}b]{0,10}", 0..200)) {
            sorts_like_sort_then_dedup(&items)?;
        }

        #[test]
        fn instants_sort_like_the_standard_stable_sort(
            keys in prop::collection::vec((-3i64..3, 0u32..3), 0..300)
        ) {
            let mut expected: Vec<u32> = (0..keys.len() as u32).collect();
            expected.sort_by_key(|&i| keys[i as usize]);
            prop_assert_eq!(instant_order(&keys), expected);
            let mut sorted = keys.clone();
            sorted.sort();
            prop_assert_eq!(instant_order(&sorted), (0..keys.len() as u32).collect::<Vec<_>>());
            // Newest first, with ties: walked backwards, ties kept in order.
            sorted.reverse();
            let mut expected: Vec<u32> = (0..sorted.len() as u32).collect();
            expected.sort_by_key(|&i| sorted[i as usize]);
            prop_assert_eq!(instant_order(&sorted), expected);
        }

        /// Instants of every precision and spread: whole seconds over centuries, milli-
        /// and microseconds over years, nanoseconds over days and over years (too far
        /// apart to pack: sorted through the index sort).
        #[test]
        fn instants_of_any_precision_and_spread_sort_stably(
            spread in prop::sample::select(vec![10i64, 86_400 * 3, 86_400 * 400, 86_400 * 36_500, i64::MAX / 4]),
            unit in prop::sample::select(vec![1_000_000_000u32, 1_000_000, 1_000, 1]),
            raw in prop::collection::vec((any::<i64>(), any::<u32>(), 0u8..4), 0..300),
        ) {
            let keys: Vec<(i64, u32)> = raw
                .iter()
                .map(|&(s, n, dup)| {
                    // A few repeated keys, to check that ties keep their order.
                    if dup == 0 { (0, 0) } else { (s.rem_euclid(spread) - spread / 2, (n % 1_000_000_000) / unit * unit) }
                })
                .collect();
            let mut expected: Vec<u32> = (0..keys.len() as u32).collect();
            expected.sort_by_key(|&i| keys[i as usize]);
            prop_assert_eq!(instant_order(&keys), expected);
        }

        #[test]
        fn long_lists_drop_repeats_like_sort_then_dedup(
            items in prop::collection::vec("[ab\\x00]{0,10}|product-[0-9]{1,3}", 0..2200)
        ) {
            sorts_like_sort_then_dedup(&items)?;
        }

        #[test]
        fn strings_with_a_shared_start_sort_by_their_bytes(
            start in "[a/:\\x00\u{e9}]{0,30}",
            ends in prop::collection::vec("[0-9\\x00\u{e9}]{0,12}", 0..120),
        ) {
            // Short and long lists (the long ones drop repeats by hashing first).
            let items: Vec<String> = ends.iter().map(|e| format!("{start}{e}")).collect();
            sorts_like_sort_then_dedup(&items)?;
        }

        #[test]
        fn sort_dedup_is_sort_then_dedup(items in prop::collection::vec("[a-d]{0,3}|[a-d]{25,30}", 0..200)) {
            let mut ours: Vec<Text> = items.iter().map(|s| Text::from(s.as_str())).collect();
            sort_dedup_texts(&mut ours);
            let mut std = items;
            std.sort_unstable();
            std.dedup();
            prop_assert_eq!(ours, std);
        }
    }
}
