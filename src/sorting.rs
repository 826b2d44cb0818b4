//! One sort for the whole engine.
//!
//! The standard library's sorts are generic: every element type and comparison sorted
//! gets its own copy of the algorithm, several kilobytes of Wasm each. Here each call
//! sorts a list of indices with one comparison passed by reference, so the algorithm
//! is compiled once; the per-type part is only moving the items into place.

use std::cmp::Ordering;

/// Sorts `items` by `cmp`; equal items keep their order (a stable sort).
pub(crate) fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let Ok(len) = u32::try_from(items.len()) else {
        // Never on the engine's inputs (their lists are bounded far below).
        items.sort_by(cmp);
        return;
    };
    let mut order: Vec<u32> = (0..len).collect();
    sort_indices(&mut order, &|a, b| {
        cmp(&items[a as usize], &items[b as usize])
    });
    permute(items, &mut order);
}

/// Sorts and removes repeated items (`sort_unstable` then `dedup`, shared code).
pub(crate) fn sort_dedup<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, T::cmp);
    items.dedup();
}

/// The one compiled sort: indices by `cmp`, ties by index.
#[inline(never)]
fn sort_indices(order: &mut [u32], cmp: &dyn Fn(u32, u32) -> Ordering) {
    order.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
}

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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
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
        fn sort_dedup_is_sort_then_dedup(items in prop::collection::vec("[a-d]{0,3}", 0..200)) {
            let mut ours = items.clone();
            sort_dedup(&mut ours);
            let mut std = items;
            std.sort_unstable();
            std.dedup();
            prop_assert_eq!(ours, std);
        }
    }
}
