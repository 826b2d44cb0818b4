//! How many heap allocations a quote makes: a count, deterministic for a given input,
//! so a change that allocates again for every cart line fails here (a time would not).
//!
//! This test binary has a counting global allocator of its own. It counts per thread:
//! the harness's threads and the other tests allocate at the same time, and a
//! process-wide count took their allocations for the quote's on a busy machine.

#[path = "../benches/support/gen.rs"]
mod gen;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use checkout_benefits::{parse_request_json, Engine};

struct Counting;

thread_local! {
    /// Allocations (and reallocations) made by this thread.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    /// Bytes allocated and not yet freed by this thread.
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

/// Adds `bytes` to this thread's live bytes (nothing while the thread is going away).
fn live(bytes: isize) {
    let _ = LIVE.try_with(|live| live.set(live.get() + bytes));
}

/// Counts an allocation (or reallocation) on this thread, `bytes` more live bytes.
fn allocated(bytes: isize) {
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
    live(bytes);
}

/// This thread's allocations so far.
fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

// SAFETY: every call is passed to the system allocator unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        allocated(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        live(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        allocated(layout.size() as isize);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        allocated(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// How a test changes the generated program and request.
struct Edits {
    program: fn(&mut serde_json::Value),
    request: fn(&mut serde_json::Value),
    /// Rewrites the request's JSON text for `quote_json`.
    text: fn(String) -> String,
}

const UNCHANGED: Edits = Edits {
    program: |_| {},
    request: |_| {},
    text: |t| t,
};

/// What one quote of the typical program and customer (changed by `edit`), with a cart
/// of `lines` lines, allocates.
struct Counted {
    /// The allocations (and reallocations) of `quote_json`.
    json: usize,
    /// Those of `quote`, the quote as Rust values, from the request already read.
    values: usize,
    /// The quote's number of line discounts.
    line_discounts: usize,
}

fn allocations_of_a_quote(lines: usize, edit: &Edits) -> Counted {
    let shape = gen::Shape {
        lines,
        ..gen::TYPICAL
    };
    let mut program = gen::program(shape);
    (edit.program)(&mut program);
    let engine = Engine::from_json(&program.to_string()).expect("program");
    let mut request = gen::request(shape);
    (edit.request)(&mut request);
    let request = request.to_string();
    let parsed = parse_request_json(&request).expect("request");
    let before = allocations();
    let quote = engine.quote(&parsed).expect("quote");
    let values = allocations() - before;
    drop(quote);
    let before = allocations();
    let text = (edit.text)(request.clone());
    let quote = engine.quote_json(&text).expect("quote");
    let json = allocations() - before;
    let quote: serde_json::Value = serde_json::from_str(&quote).expect("quote JSON");
    let line_discounts = quote["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| l["discounts"].as_array().expect("discounts").len())
        .sum();
    Counted {
        json,
        values,
        line_discounts,
    }
}

/// Quotes with 10 and 200 lines, whose inputs do exercise what the count is about
/// (discounts spread over every line).
fn ten_and_two_hundred_lines(edit: Edits) -> (Counted, Counted) {
    let ten = allocations_of_a_quote(10, &edit);
    let two_hundred = allocations_of_a_quote(200, &edit);
    assert!(ten.line_discounts >= 10 && two_hundred.line_discounts >= 200);
    (ten, two_hundred)
}

/// 190 more lines make a few more allocations for lists that grow with the cart (the
/// lines, their state, the quote's lines), not one or more per line.
#[track_caller]
fn at_most_a_few_more(what: &str, ten: usize, two_hundred: usize) {
    assert!(
        two_hundred <= ten + 20,
        "{what}: 10 lines: {ten} allocations, 200 lines: {two_hundred}"
    );
}

/// [`at_most_a_few_more`], whether the quote is written as JSON or built as values.
fn at_most_a_few_more_for_190_more_lines(edit: Edits) {
    let (ten, two_hundred) = ten_and_two_hundred_lines(edit);
    at_most_a_few_more("quote_json", ten.json, two_hundred.json);
    at_most_a_few_more("quote", ten.values, two_hundred.values);
}

#[test]
fn cart_lines_are_read_and_priced_without_an_allocation_each() {
    // Every line has categories, and takes discounts.
    at_most_a_few_more_for_190_more_lines(UNCHANGED);
}

#[test]
fn cart_lines_with_ids_as_stores_send_them_are_read_without_a_copy_each() {
    // Line and product ids past what a string holds inline (24 bytes natively): they
    // are borrowed from the request text, not copied to the heap. (A quote built as
    // values owns its strings, so `quote` copies each line's two ids there.)
    let (ten, two_hundred) = ten_and_two_hundred_lines(Edits {
        program: gen::with_store_ids,
        request: gen::with_store_ids,
        ..UNCHANGED
    });
    at_most_a_few_more("quote_json", ten.json, two_hundred.json);
}

#[test]
fn cart_lines_written_with_escapes_are_read_without_a_copy_each() {
    // The same ids with every `/` written `\/`, as PHP's `json_encode` writes them: each
    // is decoded into one buffer and kept with the others in a few blocks, not each in a
    // string of its own.
    let (ten, two_hundred) = ten_and_two_hundred_lines(Edits {
        program: gen::with_store_ids,
        request: gen::with_store_ids,
        text: |t| {
            assert!(t.contains("gid://"));
            t.replace('/', "\\/")
        },
    });
    at_most_a_few_more("quote_json", ten.json, two_hundred.json);
}

#[test]
fn a_discount_spread_over_the_lines_shares_its_source_label() {
    // Offer ids long enough that `offer:<id>` is held on the heap by an inline string
    // (past 24 bytes here, past 12 in Wasm): every line taking the offer's discount
    // names it, and must not copy it.
    at_most_a_few_more_for_190_more_lines(Edits {
        program: |program| {
            for offer in program["offers"].as_array_mut().expect("offers") {
                let id = offer["id"].as_str().expect("offer id");
                offer["id"] = format!("{id}-with-an-id-of-more-than-24-bytes").into();
            }
        },
        ..UNCHANGED
    });
}

/// A quote frees all it allocated, its lines included: lines whose strings are all
/// borrowed from the text and whose categories are held inline are let go at once, so
/// this checks that a line that does own memory (categories past two, on the heap; a
/// string with an escape, decoded into a string of its own) is still dropped, by the
/// reader that borrows and by serde, in `quote_json` and `quote_prepared_json`.
#[test]
fn a_quote_frees_what_its_cart_lines_hold() {
    let shape = gen::Shape {
        lines: 20,
        ..gen::TYPICAL
    };
    let engine = Engine::from_json(&gen::program(shape).to_string()).expect("program");
    let request = gen::request(shape);
    let prepared = engine
        .prepare_customer(&serde_json::from_value(request["customer"].clone()).expect("customer"))
        .expect("prepared");
    let spilled = |r: &mut serde_json::Value| {
        r["cart"]["lines"][3]["categories"] = serde_json::json!(["a", "b", "c", "d"]);
    };
    let escaped = |r: &mut serde_json::Value| {
        r["cart"]["lines"][5]["id"] = r"back\slash".into();
        r["cart"]["lines"][6]["categories"] = serde_json::json!([r#"a "quote""#, "b", "c"]);
    };
    type Edit<'e> = &'e dyn Fn(&mut serde_json::Value);
    let edits: [(&str, Edit); 3] = [
        ("as generated", &|_| {}),
        ("categories past two", &spilled),
        ("categories past two and strings with escapes", &|r| {
            spilled(r);
            escaped(r);
        }),
    ];
    for (what, edit) in edits {
        let mut r = request.clone();
        edit(&mut r);
        let text = r.to_string();
        let cart = serde_json::json!({ "now": r["now"], "cart": r["cart"] }).to_string();
        // Once first: whatever is made once and kept (none is known) is left out.
        engine.quote_json(&text).expect("quote");
        let before = LIVE.with(Cell::get);
        for _ in 0..3 {
            drop(engine.quote_json(&text).expect("quote"));
            drop(engine.quote_prepared_json(&prepared, &cart).expect("quote"));
        }
        assert_eq!(
            LIVE.with(Cell::get),
            before,
            "bytes left live, cart lines {what}"
        );
    }
}
