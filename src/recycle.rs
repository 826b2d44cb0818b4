//! The module's allocator in Wasm: freed blocks recycled by size over the system's
//! allocator.
//!
//! A quote makes a few dozen allocations (a line's list of discounts, a reason, a trace
//! entry, the lists of lines) and frees them all before it returns. The system allocator
//! in Wasm (`dlmalloc`) spends about 110 Wasm instructions on a `malloc` and 150 on a
//! `free`, joining the block to its neighbours and sorting it into its bins: 10% of a
//! prepared customer's typical quote. [`Recycling`] keeps freed blocks of up to
//! [`LARGEST`] bytes in one list per size and hands them out again, a few instructions
//! each way; larger blocks, and blocks past what a list keeps, go to the system allocator
//! as before.
//!
//! The sizes: multiples of [`GRAIN`] up to [`SMALL`] bytes, then powers of two up to
//! [`LARGEST`]. A block is rounded up to its list's size. A list of small blocks keeps at
//! most [`KEEP_SMALL`] of them, a list of larger ones [`KEEP_LARGE`]: about 1.3 MB in all
//! when every list is full (README, "Limits").
//!
//! The lists are plain cells, so the allocator is only installed where Wasm has one
//! thread (`wasm32` without the `atomics` feature); natively, the tests drive it by hand.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::ptr;

/// The step between the sizes of the small lists.
const GRAIN: usize = 8;
/// The largest alignment served, and the alignment every block is taken from the inner
/// allocator with: 16, for the values holding an `i128` (amounts in minor units), which
/// `dlmalloc` would otherwise serve through its slower `memalign` every time.
const ALIGN: usize = 16;
/// The largest block of the small lists.
const SMALL: usize = 256;
/// The largest block kept in a list: the lists past [`SMALL`] hold 512, 1024, 2048,
/// 4096 and 8192 bytes.
const LARGEST: usize = 8192;
/// How many free blocks a small list keeps before it gives them back.
const KEEP_SMALL: u32 = 256;
/// How many free blocks a list of larger blocks keeps.
const KEEP_LARGE: u32 = 16;
const SMALL_LISTS: usize = SMALL / GRAIN;
const LISTS: usize = SMALL_LISTS + (LARGEST / SMALL).trailing_zeros() as usize;

/// The free blocks of one size, each holding the address of the next in its first bytes.
#[derive(Clone, Copy)]
struct List {
    head: *mut u8,
    len: u32,
}

/// An allocator that recycles small blocks and passes the rest to `A`.
pub(crate) struct Recycling<A> {
    inner: A,
    lists: UnsafeCell<[List; LISTS]>,
}

/// The module's allocator where Wasm has one thread.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod installed {
    use super::Recycling;
    use std::alloc::System;

    // SAFETY: the lists are only reached through `&self` without a lock, so this holds
    // only where there is one thread: `wasm32` built without the `atomics` feature.
    unsafe impl<A: Sync> Sync for Recycling<A> {}

    #[global_allocator]
    static ALLOCATOR: Recycling<System> = Recycling::new(System);
}

impl<A> Recycling<A> {
    pub(crate) const fn new(inner: A) -> Self {
        Recycling {
            inner,
            lists: UnsafeCell::new(
                [List {
                    head: ptr::null_mut(),
                    len: 0,
                }; LISTS],
            ),
        }
    }

    /// The list a block of this layout belongs to, if it is small enough to keep.
    #[inline(always)]
    fn list_of(layout: Layout) -> Option<usize> {
        let size = layout.size();
        if size == 0 || layout.align() > ALIGN {
            None
        } else if size <= SMALL {
            Some((size - 1) / GRAIN)
        } else if size <= LARGEST {
            // One list per power of two: 257..=512 bytes the first past the small ones.
            Some(SMALL_LISTS + ((size - 1).ilog2() - SMALL.ilog2()) as usize)
        } else {
            None
        }
    }

    /// The layout every block of list `i` has in the inner allocator.
    #[inline(always)]
    fn block(i: usize) -> Layout {
        let size = if i < SMALL_LISTS {
            (i + 1) * GRAIN
        } else {
            (2 * SMALL) << (i - SMALL_LISTS)
        };
        // SAFETY: a non-zero multiple of `GRAIN`, at most `LARGEST`; `ALIGN` is a power
        // of two.
        unsafe { Layout::from_size_align_unchecked(size, ALIGN) }
    }

    /// How many free blocks list `i` keeps.
    #[inline(always)]
    fn keep(i: usize) -> u32 {
        if i < SMALL_LISTS {
            KEEP_SMALL
        } else {
            KEEP_LARGE
        }
    }

    /// How many free blocks list `i` holds (for the tests, which run natively).
    #[cfg(all(test, not(target_arch = "wasm32")))]
    fn kept(&self, i: usize) -> u32 {
        // SAFETY: read on the one thread that uses this allocator.
        unsafe { (*self.lists.get())[i].len }
    }
}

// SAFETY: a block handed out is either fresh from `inner`, of the list's size and at
// least the asked alignment, or one that was handed out for a layout of the same list
// and freed since; it is never in a list and in use at once. Blocks go back to `inner`
// with the layout they were taken with.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Recycling<A> {
    // Not inlined: the callers (every `drop` of a string or a list) stay small enough to
    // be inlined themselves, as they were over the system allocator.
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match Self::list_of(layout) {
            Some(i) => {
                let list = &mut (*self.lists.get())[i];
                let block = list.head;
                if block.is_null() {
                    self.inner.alloc(Self::block(i))
                } else {
                    list.head = block.cast::<*mut u8>().read();
                    list.len -= 1;
                    block
                }
            }
            None => self.inner.alloc(layout),
        }
    }

    #[inline(never)]
    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        match Self::list_of(layout) {
            Some(i) => {
                let list = &mut (*self.lists.get())[i];
                if list.len < Self::keep(i) {
                    block.cast::<*mut u8>().write(list.head);
                    list.head = block;
                    list.len += 1;
                } else {
                    self.inner.dealloc(block, Self::block(i));
                }
            }
            None => self.inner.dealloc(block, layout),
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `new_size`, rounded to `layout.align()`, fits.
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        match (Self::list_of(layout), Self::list_of(new_layout)) {
            (Some(i), Some(j)) if i == j => block,
            (None, None) => self.inner.realloc(block, layout, new_size),
            _ => {
                let moved = self.alloc(new_layout);
                if !moved.is_null() {
                    ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                    self.dealloc(block, layout);
                }
                moved
            }
        }
    }
}

// The tests use proptest: native only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::sample::{select, Index};
    use std::alloc::System;
    use std::cell::RefCell;
    use std::collections::HashMap;

    /// The system allocator, counting what it holds (address → layout) to check that
    /// every block goes back with the layout it was taken with. Its blocks are aligned
    /// exactly as asked and never more (an address aligned to 8 is not one aligned to
    /// 16), as `dlmalloc`'s are in Wasm: a block served for a larger alignment than it
    /// was taken with shows.
    #[derive(Default)]
    struct Counted {
        live: RefCell<HashMap<usize, Layout>>,
    }

    /// The system block around a block of `layout`: `layout.align()` bytes more, aligned
    /// to twice as much.
    fn outer(layout: Layout) -> Layout {
        Layout::from_size_align(layout.size() + layout.align(), 2 * layout.align()).unwrap()
    }

    unsafe impl GlobalAlloc for Counted {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let p = System.alloc(outer(layout)).add(layout.align());
            assert!(self.live.borrow_mut().insert(p as usize, layout).is_none());
            p
        }
        unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
            assert_eq!(self.live.borrow_mut().remove(&(p as usize)), Some(layout));
            System.dealloc(p.sub(layout.align()), outer(layout))
        }
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn a_freed_small_block_is_handed_out_again_for_any_size_of_its_list() {
        let a = Recycling::new(Counted::default());
        unsafe {
            let p = a.alloc(layout(20, 4));
            a.dealloc(p, layout(20, 4));
            assert_eq!(a.kept(2), 1);
            // 17..=24 bytes share the list of 24-byte blocks.
            let q = a.alloc(layout(17, 1));
            assert_eq!(q, p);
            assert_eq!(a.kept(2), 0);
            // Another size takes a fresh block of its own size from the inner allocator.
            let r = a.alloc(layout(25, 8));
            assert_ne!(r, p);
            assert_eq!(a.inner.live.borrow()[&(r as usize)], layout(32, ALIGN));
            a.dealloc(q, layout(17, 1));
            a.dealloc(r, layout(25, 8));
        }
    }

    #[test]
    fn large_and_over_aligned_blocks_go_to_the_inner_allocator() {
        let a = Recycling::new(Counted::default());
        unsafe {
            for l in [
                layout(LARGEST + 1, 1),
                layout(32, 2 * ALIGN),
                layout(100_000, 8),
            ] {
                let p = a.alloc(l);
                assert_eq!(p as usize % l.align(), 0);
                assert_eq!(a.inner.live.borrow()[&(p as usize)], l);
                a.dealloc(p, l);
                assert!(a.inner.live.borrow().is_empty());
            }
            assert!((0..LISTS).all(|i| a.kept(i) == 0));
        }
    }

    #[test]
    fn every_size_up_to_the_largest_has_a_list_whose_blocks_fit_it() {
        for size in 1..=LARGEST {
            let i = Recycling::<Counted>::list_of(layout(size, 1)).unwrap();
            let block = Recycling::<Counted>::block(i).size();
            assert!(block >= size, "{size} bytes in a block of {block}");
            // The list below is too small: each size goes to the smallest block that fits.
            if i > 0 {
                assert!(Recycling::<Counted>::block(i - 1).size() < size);
            }
        }
        assert_eq!(
            Recycling::<Counted>::list_of(layout(LARGEST, 8)),
            Some(LISTS - 1)
        );
        assert_eq!(Recycling::<Counted>::block(LISTS - 1).size(), LARGEST);
        assert_eq!(Recycling::<Counted>::block(SMALL_LISTS).size(), 2 * SMALL);
    }

    #[test]
    fn a_full_list_gives_blocks_back() {
        for (l, keep) in [
            (layout(SMALL, 8), KEEP_SMALL),
            (layout(LARGEST, 8), KEEP_LARGE),
        ] {
            let a = Recycling::new(Counted::default());
            let i = Recycling::<Counted>::list_of(l).unwrap();
            unsafe {
                let blocks: Vec<_> = (0..keep + 10).map(|_| a.alloc(l)).collect();
                for &p in &blocks {
                    a.dealloc(p, l);
                }
                assert_eq!(a.kept(i), keep);
                assert_eq!(a.inner.live.borrow().len(), keep as usize);
            }
        }
    }

    #[test]
    fn realloc_keeps_the_bytes_across_lists_and_the_inner_allocator() {
        let a = Recycling::new(Counted::default());
        unsafe {
            let mut l = layout(3, 1);
            let mut p = a.alloc(l);
            p.copy_from_nonoverlapping(b"abc".as_ptr(), 3);
            // Within its list, across lists, out to the inner allocator, inside it, and back.
            for size in [7, 9, 200, 300, 500, 5000, 9000, 20000, 100, 2] {
                let q = a.realloc(p, l, size);
                if size == 7 || size == 500 {
                    assert_eq!(q, p, "{size} bytes fit the block before");
                }
                p = q;
                l = layout(size, 1);
                assert_eq!(std::slice::from_raw_parts(p, 2), b"ab");
            }
            a.dealloc(p, l);
        }
    }

    #[test]
    fn zeroed_blocks_are_zero_when_recycled() {
        let a = Recycling::new(Counted::default());
        let l = layout(40, 8);
        unsafe {
            let p = a.alloc(l);
            p.write_bytes(0xAB, 40);
            a.dealloc(p, l);
            let q = a.alloc_zeroed(l);
            assert_eq!(q, p);
            assert!(std::slice::from_raw_parts(q, 40).iter().all(|&b| b == 0));
            a.dealloc(q, l);
        }
    }

    /// One step of random use: take a block, or resize or free one of those held.
    #[derive(Clone, Debug)]
    enum Step {
        Take { size: usize, align: usize },
        Resize { which: Index, size: usize },
        Free { which: Index },
    }

    fn steps() -> impl Strategy<Value = Vec<Step>> {
        // Small blocks, blocks of the power-of-two lists, and blocks past the largest.
        let size = || prop_oneof![1..=SMALL, SMALL + 1..=LARGEST, LARGEST + 1..=3 * LARGEST];
        let step = prop_oneof![
            2 => (size(), select(vec![1, 2, 4, 8, 16])).prop_map(|(size, align)| Step::Take { size, align }),
            1 => (any::<Index>(), size()).prop_map(|(which, size)| Step::Resize { which, size }),
            1 => any::<Index>().prop_map(|which| Step::Free { which }),
        ];
        prop::collection::vec(step, 1..300)
    }

    proptest! {
        /// Every block keeps the bytes written into it while it is held, no two held blocks
        /// share an address, and once all are freed every block the inner allocator still
        /// holds is in a list.
        #[test]
        fn random_use_keeps_every_block_and_hands_out_no_address_twice(steps in steps()) {
            let a = Recycling::new(Counted::default());
            let mut held: Vec<(*mut u8, Layout, u8)> = Vec::new();
            let holds = |p: *mut u8, size: usize, mark: u8| {
                // SAFETY: `p` holds at least `size` bytes written by the test.
                unsafe { std::slice::from_raw_parts(p, size) }.iter().all(|&b| b == mark)
            };
            for (n, step) in steps.into_iter().enumerate() {
                let mark = n as u8;
                // SAFETY: every block is used within its layout and freed once.
                unsafe {
                    match step {
                        Step::Take { size, align } => {
                            let l = layout(size, align);
                            let p = a.alloc(l);
                            prop_assert_eq!(p as usize % align, 0);
                            p.write_bytes(mark, size);
                            held.push((p, l, mark));
                        }
                        Step::Resize { which, size } if !held.is_empty() => {
                            let (p, l, old) = held.swap_remove(which.index(held.len()));
                            prop_assert!(holds(p, l.size(), old));
                            let q = a.realloc(p, l, size);
                            prop_assert_eq!(q as usize % l.align(), 0);
                            prop_assert!(holds(q, l.size().min(size), old));
                            q.write_bytes(mark, size);
                            held.push((q, layout(size, l.align()), mark));
                        }
                        Step::Free { which } if !held.is_empty() => {
                            let (p, l, old) = held.swap_remove(which.index(held.len()));
                            prop_assert!(holds(p, l.size(), old));
                            a.dealloc(p, l);
                        }
                        _ => {}
                    }
                }
                let mut addresses: Vec<_> = held.iter().map(|b| b.0 as usize).collect();
                addresses.sort_unstable();
                addresses.dedup();
                prop_assert_eq!(addresses.len(), held.len());
            }
            for (p, l, mark) in held {
                prop_assert!(holds(p, l.size(), mark));
                // SAFETY: taken from `a` with this layout and not yet freed.
                unsafe { a.dealloc(p, l) };
            }
            let kept: u32 = (0..LISTS).map(|i| a.kept(i)).sum();
            prop_assert_eq!(kept as usize, a.inner.live.borrow().len());
        }
    }
}
