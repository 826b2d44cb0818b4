//! Spreading a discount over lines: proportional to what remains of each line, rounded
//! to minor units by the largest remainder, ties to the earlier line.

use crate::sorting::sort_by;

/// Splits `amount` minor units over `weights` (what remains of each line): the shares,
/// and their sum.
///
/// The shares sum exactly to `amount` (clamped to the sum of the weights) and no share
/// exceeds its weight or is negative.
pub(crate) fn allocate(amount: i128, weights: &[i128]) -> (Vec<i128>, i128) {
    let total: i128 = weights.iter().map(|w| (*w).max(0)).sum();
    let amount = within(amount, total);
    if amount == 0 || total == 0 {
        return (vec![0i128; weights.len()], 0);
    }
    let shares = allocate_packed(amount, total, weights)
        .unwrap_or_else(|| allocate_wide(amount, total, weights));
    (shares, amount)
}

/// `amount` held to `0..=total`: `amount.clamp(0, total)` for a `total` of at least 0, and
/// 0 below that, where `clamp` panics (its message links `i128`'s `Debug` printing into
/// the Wasm module).
pub(crate) fn within(amount: i128, total: i128) -> i128 {
    amount.min(total).max(0)
}

/// [`allocate`] for a positive `amount` at most `total`, in 128-bit integers.
fn allocate_wide(amount: i128, total: i128, weights: &[i128]) -> Vec<i128> {
    let mut shares = vec![0i128; weights.len()];
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    let mut given = 0i128;
    for (i, w) in weights.iter().enumerate() {
        let (share, rem) = share_of(amount, (*w).max(0), total);
        shares[i] = share;
        given += share;
        remainders.push((rem, i));
    }
    // The units left over (fewer than the lines) go one each to the largest remainders;
    // ties to the earlier line. Sorted whole: this path is taken for amounts beyond 64
    // bits and when the packed selection gives up, for at most the engine's limit of
    // lines, and the crate's stable sort is already linked where the standard selection
    // would link its own kilobytes.
    let left = usize::try_from(amount - given)
        .unwrap_or(0)
        .min(remainders.len());
    if left > 0 {
        sort_by(&mut remainders, |a, b| b.0.cmp(&a.0));
        for &(rem, i) in &remainders[..left] {
            if rem > 0 && shares[i] < weights[i] {
                shares[i] += 1;
            }
        }
    }
    shares
}

/// The 64-bit arithmetic of splitting `amount` over `n` lines whose weights add up to
/// `total`, for the usual amounts: `amount × total` fits 64 bits, and so does each
/// remainder (below `total`) with its line's rank packed below it. A remainder and
/// rank make one key whose order is the ranking (largest remainder first, ties to the
/// earlier line), so the lines that take a unit of what is left over are chosen by
/// comparing plain integers.
#[derive(Clone, Copy)]
pub(crate) struct Packed {
    amount: u64,
    total: u64,
    bits: u32,
}

impl Packed {
    /// `None` when the amounts are too large for 64 bits (or not positive).
    pub(crate) fn new(amount: i128, total: i128, n: usize) -> Option<Packed> {
        let amount = u64::try_from(amount).ok()?;
        let total = u64::try_from(total).ok()?;
        // amount × total fits (a division, not a checked multiply: that takes 128 bits).
        if total == 0 || amount > u64::MAX / total {
            return None;
        }
        // Ranks 0..n (the first line ranks highest) below the remainder, which is < total.
        let bits = usize::BITS - n.leading_zeros();
        if bits >= 64 || total.checked_shl(bits)? >> bits != total {
            return None;
        }
        Some(Packed {
            amount,
            total,
            bits,
        })
    }

    pub(crate) fn amount(self) -> u64 {
        self.amount
    }

    /// The share of line `i` of weight `weight` (taken as 0 when negative, and at most
    /// `total`) before the units left over, and the line's key.
    #[inline(always)]
    pub(crate) fn share_and_key(self, weight: i128, i: usize) -> (u64, u64) {
        let share = self.amount * weight.max(0) as u64 / self.total;
        (share, self.key(weight, share, i))
    }

    /// The key of line `i` of weight `weight`, its share before the units left over
    /// known.
    #[inline(always)]
    fn key(self, weight: i128, share: u64, i: usize) -> u64 {
        let rem = self.amount * weight.max(0) as u64 - share * self.total;
        (rem << self.bits) | (self.top() - i as u64)
    }

    /// The rank of line 0; line `i` ranks `top - i`.
    fn top(self) -> u64 {
        (1u64 << self.bits) - 1
    }

    /// A bound every key is below: the total with the ranks' bits below it.
    pub(crate) fn key_bound(self) -> u64 {
        self.total << self.bits
    }

    /// Whether `key`'s remainder is above zero.
    #[inline(always)]
    pub(crate) fn has_remainder(self, key: u64) -> bool {
        key >> self.bits > 0
    }
}

/// The lowest of the `left` largest `keys` (0 < left <= len, keys distinct and below
/// `bound`): a line whose key is at least this takes one unit of what is left over.
/// The keys are reordered. `None` when a key is not below `bound` or the selection
/// gave up (see [`smallest_first`]).
///
/// The keys are first counted into as many buckets by their top bits as the next power
/// of two from their number; counting down from the top bucket finds the one the cut
/// lies in, and only its keys (a few, for remainders spread over their range) are
/// selected among. Keys that share their top bits (lines of one price) all fall in one
/// bucket and are selected among as a whole.
pub(crate) fn cut(keys: &mut [u64], left: usize, bound: u64) -> Option<u64> {
    let n = keys.len();
    let bucket_bits = usize::BITS - n.saturating_sub(1).leading_zeros();
    let key_bits = u64::BITS - bound.checked_sub(1)?.leading_zeros();
    let shift = key_bits.saturating_sub(bucket_bits);
    let mut counts = vec![0u32; 1 << bucket_bits];
    for &key in keys.iter() {
        *counts.get_mut((key >> shift) as usize)? += 1;
    }
    // The bucket holding the cut, and how many keys of the buckets above it take a unit.
    let (mut bucket, mut above) = (counts.len(), 0);
    while bucket > 0 {
        bucket -= 1;
        let here = counts[bucket] as usize;
        if above + here >= left {
            break;
        }
        above += here;
    }
    // The bucket's keys to the front.
    let mut m = 0;
    for i in 0..n {
        if keys[i] >> shift == bucket as u64 {
            keys.swap(i, m);
            m += 1;
        }
    }
    largest_lowest(&mut keys[..m], left - above)
}

/// The lowest of the `k` largest `keys` (0 < k <= len, keys distinct), the keys
/// reordered; `None` when the selection gave up.
fn largest_lowest(keys: &mut [u64], k: usize) -> Option<u64> {
    for key in keys.iter_mut() {
        *key = !*key;
    }
    if k < keys.len() && !smallest_first(keys, k) {
        return None;
    }
    keys.get(..k)?.iter().map(|key| !*key).min()
}

/// [`allocate`] in 64-bit integers, for the usual amounts (see [`Packed`]). `None`
/// when the amounts are too large for that.
fn allocate_packed(amount: i128, total: i128, weights: &[i128]) -> Option<Vec<i128>> {
    let packed = Packed::new(amount, total, weights.len())?;
    let n = weights.len();
    // Collected, so that no push checks the capacity.
    let mut given = 0u64;
    let mut shares: Vec<i128> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let (share, _) = packed.share_and_key(*w, i);
            given += share;
            i128::from(share)
        })
        .collect();
    let left = usize::try_from(packed.amount - given).unwrap_or(0).min(n);
    if left > 0 {
        // The keys inverted, so that the best come first in ascending order.
        let mut keys: Vec<u64> = weights
            .iter()
            .zip(&shares)
            .enumerate()
            .map(|(i, (w, &share))| !packed.key(*w, share as u64, i))
            .collect();
        if left < n && !smallest_first(&mut keys, left) {
            return None;
        }
        let top = packed.top();
        for &key in &keys[..left] {
            let key = !key;
            let i = (top - (key & top)) as usize;
            if packed.has_remainder(key) && shares[i] < weights[i] {
                shares[i] += 1;
            }
        }
    }
    Some(shares)
}

/// Moves the `k` smallest of `keys` (0 < k < len) to the front, in any order: a
/// quickselect on plain integers, a few hundred bytes of Wasm where the standard
/// selection takes kilobytes. Keys crafted to defeat its pivots would make it slow, so
/// it gives up (`false`) after a bounded number of rounds.
fn smallest_first(keys: &mut [u64], k: usize) -> bool {
    let (mut lo, mut hi) = (0, keys.len());
    let mut rounds = 3 * (usize::BITS - keys.len().leading_zeros()) + 8;
    while hi - lo > 1 {
        if rounds == 0 {
            return false;
        }
        rounds -= 1;
        // The median of the first, middle and last keys as the pivot, moved to the end.
        let mid = lo + (hi - lo) / 2;
        let (a, b, c) = (keys[lo], keys[mid], keys[hi - 1]);
        let pivot_at = if (a <= b) == (b <= c) {
            mid
        } else if (b <= a) == (a <= c) {
            lo
        } else {
            hi - 1
        };
        keys.swap(pivot_at, hi - 1);
        let pivot = keys[hi - 1];
        let mut store = lo;
        for i in lo..hi - 1 {
            if keys[i] < pivot {
                keys.swap(i, store);
                store += 1;
            }
        }
        keys.swap(store, hi - 1);
        // keys[lo..store] < pivot = keys[store] <= keys[store + 1..hi] (keys are distinct).
        match store.cmp(&k) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = store + 1,
            std::cmp::Ordering::Greater => hi = store,
        }
    }
    true
}

/// `amount × weight / total` as (quotient, remainder), in 64-bit arithmetic when it
/// fits (Wasm has no 128-bit division instruction).
pub(crate) fn share_of(amount: i128, weight: i128, total: i128) -> (i128, i128) {
    if let (Ok(a), Ok(w), Ok(t)) = (
        u64::try_from(amount),
        u64::try_from(weight),
        u64::try_from(total),
    ) {
        if let Some(exact) = a.checked_mul(w) {
            return (i128::from(exact / t), i128::from(exact % t));
        }
    }
    let exact = amount * weight;
    (exact / total, exact % total)
}

#[cfg(test)]
mod tests {
    use super::{allocate, allocate_packed, allocate_wide, smallest_first, within};

    #[test]
    fn within_is_clamp_and_zero_below_nothing() {
        let values = [i128::MIN, -1_000, -1, 0, 1, 7, 1_000, i128::MAX];
        for amount in values {
            for total in values {
                let expected = if total < 0 { 0 } else { amount.clamp(0, total) };
                assert_eq!(within(amount, total), expected, "{amount} within {total}");
            }
        }
    }

    /// A fixed pseudo-random walk from `seed`: each call gives a number below `m`.
    fn walk(mut seed: u64) -> impl FnMut(u64) -> i128 {
        move |m| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ((seed >> 33) % m) as i128
        }
    }

    #[track_caller]
    fn splits(amount: i128, weights: &[i128], expected: &[i128]) {
        let (got, sum) = allocate(amount, weights);
        assert_eq!(got, expected);
        assert_eq!(got.iter().sum::<i128>(), amount.min(weights.iter().sum()));
        assert_eq!(sum, got.iter().sum::<i128>());
    }

    #[test]
    fn awkward_splits() {
        // 3.00 over 43.00 / 14.00 / 23.00
        splits(300, &[4300, 1400, 2300], &[161, 53, 86]);
        // 10.00 over three equal lines: the extra cent goes to the first line
        splits(1000, &[2000, 2000, 2000], &[334, 333, 333]);
        splits(1, &[1, 1, 1], &[1, 0, 0]);
        splits(2, &[1, 1, 1], &[1, 1, 0]);
        splits(0, &[100, 200], &[0, 0]);
        splits(500, &[100, 0, 400], &[100, 0, 400]);
        splits(10_000, &[100, 200], &[100, 200]);
        splits(7, &[0, 0], &[0, 0]);
        // Amounts whose products do not fit 64 bits take the 128-bit path.
        splits(
            10_000_000_000_000,
            &[10_000_000_000_000, 20_000_000_000_000],
            &[3_333_333_333_333, 6_666_666_666_667],
        );
    }

    /// The plain largest-remainder method: sort every remainder, hand out one unit each.
    fn by_sorting(amount: i128, weights: &[i128]) -> Vec<i128> {
        let total: i128 = weights.iter().map(|w| (*w).max(0)).sum();
        let amount = amount.clamp(0, total);
        if amount == 0 || total == 0 {
            return vec![0; weights.len()];
        }
        let mut shares: Vec<i128> = weights.iter().map(|w| amount * w.max(&0) / total).collect();
        let mut rems: Vec<(i128, usize)> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| (amount * w.max(&0) % total, i))
            .collect();
        rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut left = amount - shares.iter().sum::<i128>();
        for (rem, i) in rems {
            if left > 0 && rem > 0 && shares[i] < weights[i] {
                shares[i] += 1;
                left -= 1;
            }
        }
        shares
    }

    #[test]
    fn both_paths_give_what_sorting_gives() {
        // Amounts past what 64 bits hold take the 128-bit path; the same splits scaled
        // down take the packed one. Both agree with sorting every remainder.
        let mut next = walk(7_777);
        for _ in 0..2_000 {
            let n = 1 + next(40) as usize;
            let scale = if next(2) == 0 { 1 } else { 1i128 << 40 };
            let weights: Vec<i128> = (0..n).map(|_| next(3) * next(5_000) * scale).collect();
            let total: i128 = weights.iter().sum();
            let amount = next(30_000) * scale.min(1 << 20);
            let expected = by_sorting(amount, &weights);
            let (shares, sum) = allocate(amount, &weights);
            assert_eq!(shares, expected, "{amount} over {weights:?}");
            assert_eq!(
                sum,
                expected.iter().sum::<i128>(),
                "{amount} over {weights:?}"
            );
            let clamped = amount.clamp(0, total);
            if clamped > 0 {
                assert_eq!(allocate_wide(clamped, total, &weights), expected);
                if let Some(packed) = allocate_packed(clamped, total, &weights) {
                    assert_eq!(packed, expected);
                }
            }
        }
    }

    #[test]
    fn quickselect_puts_the_smallest_first() {
        let mut walk = walk(99);
        let mut next = |m: u64| walk(m) as u64;
        for _ in 0..3_000 {
            let n = 2 + next(300) as usize;
            // Distinct keys (as allocation's are), in random, rising or falling order.
            let mut keys: Vec<u64> = (0..n as u64).map(|i| i * 7 + next(7)).collect();
            match next(3) {
                0 => keys.reverse(),
                1 => {
                    for i in (1..n).rev() {
                        keys.swap(i, next(i as u64 + 1) as usize);
                    }
                }
                _ => {}
            }
            let k = 1 + next(n as u64 - 1) as usize;
            let mut sorted = keys.clone();
            sorted.sort_unstable();
            assert!(smallest_first(&mut keys, k), "gave up on {n} keys");
            let mut front = keys[..k].to_vec();
            front.sort_unstable();
            assert_eq!(front, sorted[..k], "{k} of {n}");
        }
    }

    #[test]
    fn selection_gives_what_sorting_gives() {
        // A fixed pseudo-random walk over amounts and weights, with many ties.
        let mut next = walk(20_261_123);
        for _ in 0..5_000 {
            let n = 1 + next(12) as usize;
            let weights: Vec<i128> = (0..n).map(|_| next(4) * next(3_000)).collect();
            let amount = next(20_000) - 100;
            let expected = by_sorting(amount, &weights);
            let (shares, sum) = allocate(amount, &weights);
            assert_eq!(shares, expected, "{amount} over {weights:?}");
            assert_eq!(
                sum,
                expected.iter().sum::<i128>(),
                "{amount} over {weights:?}"
            );
        }
    }
}
