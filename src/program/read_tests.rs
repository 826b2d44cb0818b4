//! The hand-written program reader compared with the serde reader (the oracle) on valid
//! programs, on many mutated programs and on hand-written raw texts.
//!
//! Both readers must agree: the same program when both read the text (compared as its
//! JSON serialisation), or the same `code`, `path` and `message` when both refuse it.
//! The hand reader differs in a few documented ways, counted but not failed:
//! - an array where a struct is expected (`invalid type: sequence, expected struct …`);
//!   serde read it as the struct's fields in order;
//! - an object where a unit enum is expected (`invalid type: map, expected enum …`);
//!   serde read `{"variant": null}` as the variant.
//!
//! Either is accepted when the oracle reads the text, or when the oracle's first
//! problem lies at or inside the refused value, or when nothing comes before it (checked
//! by putting `0` in its place, which the oracle refuses right there). Also accepted,
//! when both refuse the text:
//! - text that is not JSON (or nests too deep): the hand reader reads the whole text
//!   first, so its syntax error may come before a model error serde met earlier;
//! - a number, `true`, `null` or an array where a name (a unit enum) is expected: serde
//!   says `expected value`, the hand reader `invalid type: …, expected enum …`;
//! - the same message at the array's first item where serde names the array itself.
//!
//! A key given twice must be refused with serde's own message and path; a key twice in
//! a comparison's `value`, which serde kept, must be refused too.
//!
//! Every comparison test collects all its differences and fails once, with counts, the
//! kinds of difference (the two messages with their values left out) and an example of
//! each of up to [`EXAMPLES`](crate::jsondoc::testkit::EXAMPLES) kinds: the text, both
//! results and how the text was made.

#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};

use super::program;
use crate::error::{Error, ErrorCode};
use crate::jsondoc::testkit::{
    self, bench_docs, depths, gen, pretty, surrounded, Coverage, Named, Outcome, Readers, Tally,
    NOT_OBJECTS, PUNCTUATION,
};
use crate::program::model::Program;

/// The serde reader every result is compared with.
fn oracle(text: &str) -> Result<Program, Error> {
    crate::engine::read_json(text, ErrorCode::InvalidProgram, "")
}

/// The program readers: the hand reader, [`program`], and the serde reader, [`oracle`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Programs;

impl Readers for Programs {
    fn part(self) -> Option<&'static str> {
        None
    }

    fn oracle(self, text: &str) -> Outcome {
        Outcome::of(oracle(text))
    }

    fn reader(self, text: &str) -> Outcome {
        Outcome::of(program(text))
    }
}

/// Compares the readers on `per_doc` mutations (1 to 3 changes each) of every program
/// of `corpus`, the seeds fixed by `seed` and each program's name. A mutation may put
/// in place of a node a value of every JSON type, a program's enum name, or a program's
/// objects.
fn mutations(corpus: &[(String, Value)], per_doc: usize, seed: u64) -> Tally<Programs> {
    let replacements = testkit::replacements(
        r#""bestOf""#,
        &[
            r#"{"all":[]}"#,
            r#"{"field":"customer.tags","op":"contains","value":"vip"}"#,
        ],
    );
    let corpus = corpus
        .iter()
        .map(|(name, value)| (name.as_str(), Programs, value));
    testkit::mutations(corpus, |_, _| per_doc, seed, &replacements)
}

// ---------------------------------------------------------------------------------------
// The corpus

/// The shared fixtures: every `program` value, and every `programText` as its text.
fn fixtures() -> (Named<Value>, Named<String>) {
    let (values, texts) = testkit::fixtures("program");
    assert!(
        values.len() >= 100,
        "expected the shared fixtures in tests/fixtures"
    );
    (values, texts)
}

fn seed_program_text() -> String {
    let file = testkit::manifest_dir().join("examples/seed-program.json");
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// The seed program, named by its file.
fn seed_program() -> (String, Value) {
    (
        "examples/seed-program.json".to_string(),
        serde_json::from_str(&seed_program_text()).expect("the seed program is JSON"),
    )
}

/// Programs that use every field of the model, every enum variant and every operator,
/// with values of every JSON type in comparisons.
fn hand_built() -> Named<Value> {
    let everything = json!({
        "version": 1,
        "currency": "EUR",
        "rounding": "halfEven",
        "validatedOrderStatuses": ["paid", "completed", "shipped"],
        "stacking": { "customerDiscount": "stack" },
        "groups": [
            { "id": "wholesale", "name": "Wholesale", "default": false, "colour": "#336699",
              "prices": [
                  { "categories": ["wine"], "percent": "-10" },
                  { "products": ["truffle-oil"], "price": "12.50" },
                  { "products": ["p1", "p2"], "categories": ["c1"], "percent": "5" } ] },
            { "id": "retail", "name": "Retail", "default": true, "prices": [] }
        ],
        "segments": [
            { "id": "vip", "name": "VIP", "rule": { "field": "customer.tags", "op": "contains", "value": "vip" } },
            { "id": "regulars", "name": "Regulars", "rule": { "all": [
                { "field": "orders.count", "op": "gte", "value": 5, "withinLastDays": 365 },
                { "any": [
                    { "segment": "vip" },
                    { "group": "wholesale" },
                    { "not": { "field": "customer.type", "op": "eq", "value": "business" } } ] },
                { "field": "customer.registeredAt", "op": "before", "value": "2025-01-01T00:00:00Z" },
                { "field": "customer.registeredAt", "op": "after", "value": "2020-01-01T00:00:00Z" },
                { "field": "customer.registeredAt", "op": "withinLastDays", "value": 30 } ] } },
            { "id": "every-operator", "rule": { "any": [
                { "field": "customer.status", "op": "ne", "value": "blocked" },
                { "field": "customer.attributes.tier", "op": "in", "value": ["gold", "silver"] },
                { "field": "shipping.address.country", "op": "notIn", "value": ["US", "CA"] },
                { "field": "cart.subtotal", "op": "gt", "value": "100" },
                { "field": "cart.subtotal", "op": "lt", "value": 1000 },
                { "field": "cart.quantity", "op": "lte", "value": 12.5 },
                { "field": "cart.categories", "op": "containsAny", "value": ["wine", "cheese"] },
                { "field": "cart.products", "op": "containsAll", "value": ["p1", "p2"] },
                { "field": "shipping.address.postalCode", "op": "startsWith", "value": "75" } ] } }
        ],
        "offers": [
            { "id": "vip-tiers", "name": "VIP tiers", "segment": "vip", "group": "wholesale",
              "earnPoints": false, "discountEnabled": true, "appliesWithPromoCode": true,
              "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2026-12-31T23:59:59+01:00",
              "brackets": [
                  { "minSubtotal": "50", "discount": { "amount": "5" } },
                  { "minSubtotal": "150", "discount": { "percent": "10" }, "freeShipping": true },
                  { "minSubtotal": "500", "freeShipping": true } ] },
            { "id": "paused", "earnPoints": true, "discountEnabled": false, "appliesWithPromoCode": false,
              "brackets": [] }
        ],
        "points": {
            "enabled": true,
            "pointsPerUnit": "1.5",
            "base": "beforeDiscounts",
            "excludeCategories": ["gift-cards"],
            "multipliers": [ { "segment": "vip", "factor": "2" } ]
        },
        "personalDiscount": { "enabled": true },
        "cumulativeDiscount": {
            "enabled": true,
            "periodDays": 365,
            "countedStatuses": ["paid", "completed"],
            "ranges": [ { "from": "100", "percent": "1" }, { "from": "1000", "percent": "2.5" } ],
            "segmentRanges": [ { "segment": "vip", "ranges": [ { "from": "50", "percent": "3" } ] } ]
        },
        "rewards": [
            { "id": "r-voucher", "name": "5 off", "type": "voucher", "pointsCost": 100, "amount": "5", "minSubtotal": "20" },
            { "id": "r-percent", "type": "percentOff", "pointsCost": 300, "percent": "10" },
            { "id": "r-ship", "type": "freeShipping", "pointsCost": 200 },
            { "id": "r-free", "type": "freeProduct", "pointsCost": 400, "product": "p0", "quantity": 2 },
            { "id": "r-bxgy", "type": "buyXGetY", "pointsCost": 500,
              "buy": { "products": ["p1"], "categories": ["c1"], "quantity": 2 },
              "get": { "products": ["p2"], "categories": ["c2"], "quantity": 1, "percent": "100" },
              "maxApplications": 3 }
        ],
        "promoCodes": [
            { "code": "WELCOME15", "discount": { "percent": "15" }, "freeShipping": true, "minSubtotal": "30",
              "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2026-03-01T00:00:00-05:00", "segments": ["vip"] },
            { "code": "FIVE", "discount": { "amount": "5" } }
        ],
        "gifts": [
            { "id": "g1", "segment": "vip", "group": "wholesale",
              "when": { "products": ["p1"], "categories": ["c1"], "minQuantity": 2, "minSubtotal": "40" },
              "gift": { "product": "sample", "quantity": 1 } }
        ],
        "discountCards": { "check": "ean13", "lengths": [13] }
    });
    // Numbers for decimals, explicit nulls for optional fields, escapes and non-ASCII
    // text, extreme integers and comparison values of every JSON type.
    let odd = json!({
        "version": 1,
        "currency": "USD",
        "rounding": "halfUp",
        "validatedOrderStatuses": null,
        "stacking": { "customerDiscount": "bestOf" },
        "groups": [
            { "id": "caf\u{e9} \"VIP\" \\ / \n\t \u{1f600}", "name": null, "colour": null,
              "prices": [ { "products": null, "categories": ["c"], "percent": -10, "price": null },
                          { "products": ["p"], "price": 12.5 } ] }
        ],
        "segments": [
            { "id": "values", "name": null, "rule": { "all": [
                { "field": "a", "op": "eq", "value": null },
                { "field": "a", "op": "eq", "value": true },
                { "field": "a", "op": "eq", "value": false },
                { "field": "a", "op": "eq", "value": 0 },
                { "field": "a", "op": "eq", "value": -1 },
                { "field": "a", "op": "eq", "value": u64::MAX },
                { "field": "a", "op": "eq", "value": i64::MIN },
                { "field": "a", "op": "eq", "value": 0.1 },
                { "field": "a", "op": "eq", "value": -2.5e-8 },
                { "field": "a", "op": "eq", "value": 1e300 },
                { "field": "a", "op": "eq", "value": "" },
                { "field": "a", "op": "eq", "value": "\u{0}\u{1f}\u{7f}\u{2028}" },
                { "field": "a", "op": "in", "value": [] },
                { "field": "a", "op": "in", "value": [1, "two", [3.5, null], { "four": 4 }] },
                { "field": "a", "op": "eq", "value": {} },
                { "field": "a", "op": "eq", "value": { "nested": { "deeper": [true, { "x": "y" }] } }, "withinLastDays": 0 },
                { "all": [] },
                { "any": [] },
                { "not": { "not": { "segment": "x" } } } ] } }
        ],
        "offers": [
            { "id": "numbers", "name": null, "segment": null, "group": null, "validFrom": null, "validUntil": null,
              "brackets": [
                  { "minSubtotal": 0, "discount": { "amount": 5, "percent": null }, "freeShipping": false },
                  { "minSubtotal": 99.99, "discount": { "amount": null, "percent": 12.5 } },
                  { "minSubtotal": "1000000", "discount": null },
                  { "minSubtotal": -1, "discount": {} } ] }
        ],
        "points": { "enabled": false, "pointsPerUnit": 2, "base": "afterDiscounts",
                    "excludeCategories": [], "multipliers": [] },
        "personalDiscount": { "enabled": false },
        "cumulativeDiscount": { "enabled": false, "periodDays": 0, "countedStatuses": null,
                                "ranges": [], "segmentRanges": [ { "segment": "s", "ranges": [] } ] },
        "rewards": [
            { "id": "max", "name": null, "type": "freeProduct", "pointsCost": u64::MAX, "minSubtotal": null,
              "amount": null, "percent": null, "product": null, "quantity": u32::MAX, "buy": null, "get": null,
              "maxApplications": null },
            { "id": "empty-sets", "type": "buyXGetY", "pointsCost": 0,
              "buy": { "products": null, "categories": null, "quantity": 0 },
              "get": { "quantity": 0, "percent": null }, "maxApplications": 0 }
        ],
        "promoCodes": [
            { "code": "\u{e9}t\u{e9}", "discount": null, "freeShipping": false, "minSubtotal": null,
              "validFrom": null, "validUntil": null, "segments": null },
            { "code": "EMPTY", "segments": [] }
        ],
        "gifts": [
            { "id": "g", "segment": null, "group": null, "when": {}, "gift": { "product": "p", "quantity": 0 } },
            { "id": "h", "when": { "products": null, "categories": null, "minQuantity": null, "minSubtotal": null },
              "gift": { "product": "", "quantity": 4_294_967_295u32 } }
        ],
        "discountCards": { "check": "luhn", "lengths": [4, 32] }
    });
    let minimal = json!({
        "version": 1,
        "currency": "EUR",
        "stacking": {},
        "personalDiscount": null,
        "points": null,
        "cumulativeDiscount": null,
        "discountCards": { "check": "none" }
    });
    let bare = json!({ "version": 0, "currency": "", "discountCards": {}, "groups": [], "segments": [],
                       "offers": [], "rewards": [], "promoCodes": [], "gifts": [] });
    vec![
        ("hand-built: every field".to_string(), everything),
        ("hand-built: odd values".to_string(), odd),
        ("hand-built: minimal".to_string(), minimal),
        ("hand-built: bare".to_string(), bare),
    ]
}

// ---------------------------------------------------------------------------------------
// The tests

/// The hand-built programs are read by the oracle and use every property and enum value
/// of every type of the program's JSON schema.
#[test]
fn hand_built_programs_cover_every_model_field() {
    let schema =
        serde_json::to_value(schemars::schema_for!(Program)).expect("the schema serialises");
    let mut coverage = Coverage::new(schema, "Program");
    for (name, program) in hand_built() {
        let text = serde_json::to_string(&program).expect("a value serialises");
        if let Err(e) = oracle(&text) {
            panic!("{name} is not a program: {e}");
        }
        coverage.record(&program);
    }
    coverage.assert_all_used("the hand-built programs");
}

/// Every corpus program, written in every layout, and the raw texts as they are.
#[test]
fn corpus_programs_read_alike() {
    let (mut values, mut texts) = fixtures();
    values.extend(bench_docs(gen::program));
    values.extend(hand_built());
    values.push(seed_program());
    texts.push((
        "examples/seed-program.json (as written)".to_string(),
        seed_program_text(),
    ));
    let mut tally = Tally::default();
    for (name, text) in &texts {
        tally.check(Programs, || name.clone(), text);
    }
    for (name, value) in &values {
        tally.check_layouts(Programs, name, value);
    }
    tally.finish("corpus programs");
}

/// Mutations of every fixture program and of the seed program.
#[test]
fn mutated_fixture_programs_read_alike() {
    let (mut corpus, _) = fixtures();
    corpus.push(seed_program());
    let started = std::time::Instant::now();
    let tally = mutations(&corpus, 150, 0x5eed_f1c5);
    println!("{:?} for the fixture mutations", started.elapsed());
    tally.finish("mutated fixture programs");
}

/// Mutations of the hand-built programs, which hold every field of the model.
#[test]
fn mutated_hand_built_programs_read_alike() {
    let started = std::time::Instant::now();
    let tally = mutations(&hand_built(), 2_500, 0x5eed_4a4d);
    println!("{:?} for the hand-built mutations", started.elapsed());
    tally.finish("mutated hand-built programs");
}

/// Mutations of the benchmark programs (the typical ones; the large one only a few).
#[test]
fn mutated_bench_programs_read_alike() {
    let started = std::time::Instant::now();
    let corpus = bench_docs(gen::program);
    let (typical, large) = corpus.split_at(2);
    let mut tally = mutations(typical, 600, 0x5eed_be9c);
    tally.merge(mutations(large, 40, 0x5eed_1a9e));
    println!("{:?} for the bench mutations", started.elapsed());
    tally.finish("mutated bench programs");
}

/// A small program using every kind of token, for the raw-text tests.
const SMALL: &str = r#"{"version":1,"currency":"EUR","rounding":"halfEven","segments":[{"id":"v\u00e9p \"q\"","rule":{"all":[{"field":"customer.tags","op":"contains","value":"vip"},{"not":{"field":"orders.count","op":"gte","value":-2.5e1,"withinLastDays":30}},{"field":"a","op":"in","value":[true,false,null,{"k":[]}]}]}}],"offers":[{"id":"é","segment":"v","validFrom":"2026-01-01T00:00:00Z","brackets":[{"minSubtotal":"50","discount":{"percent":10}},{"minSubtotal":150.5,"freeShipping":true}]}],"points":{"enabled":true,"pointsPerUnit":"1"},"rewards":[{"id":"r","type":"voucher","pointsCost":100,"amount":"5"}]}"#;

/// Replaces the one occurrence of `from` in [`SMALL`].
fn small_with(from: &str, to: &str) -> String {
    assert_eq!(
        SMALL.matches(from).count(),
        1,
        "`{from}` occurs once in SMALL"
    );
    SMALL.replacen(from, to, 1)
}

/// Every prefix of a small program, compact and pretty.
#[test]
fn truncated_texts_read_alike() {
    let pretty = pretty(SMALL);
    let mut tally = Tally::default();
    assert!(oracle(SMALL).is_ok(), "SMALL is a program");
    for text in [SMALL, pretty.as_str()] {
        tally.check_prefixes(Programs, text);
    }
    tally.finish("truncated texts");
}

/// Texts that are not JSON, or are JSON around a program: commas, trailing characters,
/// escapes, control characters, numbers, literals and structure.
#[test]
fn syntax_errors_read_alike() {
    // The texts replaced once in SMALL, each with its replacements and their labels.
    let changes: &[(&str, &[(&str, &str)])] = &[
        (
            r#""freeShipping":true}"#,
            &[("trailing comma in an object", r#""freeShipping":true,}"#)],
        ),
        (
            r#"brackets":[{"minSubtotal":"50""#,
            &[(
                "leading comma in an array",
                r#"brackets":[,{"minSubtotal":"50""#,
            )],
        ),
        (
            r#"{"k":[]}]"#,
            &[("trailing comma in a comparison value", r#"{"k":[]},]"#)],
        ),
        (
            r#""withinLastDays":30}"#,
            &[("trailing comma in a rule", r#""withinLastDays":30,}"#)],
        ),
        (
            r#""pointsPerUnit":"1"}"#,
            &[
                ("an extra closing brace", r#""pointsPerUnit":"1"}}"#),
                ("a closing bracket for a brace", r#""pointsPerUnit":"1"]"#),
            ],
        ),
        (
            r#""amount":"5"}]"#,
            &[("a closing brace for a bracket", r#""amount":"5"}}"#)],
        ),
        (
            "v\\u00e9p",
            &[
                ("an unknown escape", "v\\qp"),
                ("a short unicode escape", "v\\u00e"),
                ("a bad hex digit", "v\\u00g9p"),
                ("a lone leading surrogate", "v\\ud800p"),
                ("a lone trailing surrogate", "v\\udc00p"),
                ("a leading surrogate then a letter", "v\\ud800\\u0041"),
                ("a surrogate pair", "v\\ud83d\\ude00p"),
                ("every short escape", "\\b\\f\\n\\r\\t\\/\\\\\\\""),
                ("a raw newline in a string", "v\np"),
                ("a raw tab in a string", "v\tp"),
                ("a raw control character in a string", "v\u{1}p"),
                ("a raw delete character in a string", "v\u{7f}p"),
            ],
        ),
        (
            r#""rounding""#,
            &[
                ("a bad escape in a key", r#""roun\ding""#),
                ("an escaped key", r#""r\u006funding""#),
                ("a raw newline in a key", "\"round\ning\""),
                ("an empty key", r#""""#),
            ],
        ),
        (
            r#""value":"vip""#,
            &[(
                "a raw control character in a comparison value",
                "\"value\":\"v\u{1f}ip\"",
            )],
        ),
        (
            r#""minSubtotal":150.5"#,
            &[
                ("a leading zero in a decimal", r#""minSubtotal":0150.5"#),
                ("a decimal past f64", r#""minSubtotal":1e400"#),
                ("a negative decimal", r#""minSubtotal":-150.5"#),
                ("a decimal with exponent", r#""minSubtotal":1.505E+2"#),
                (
                    "a huge integer decimal",
                    r#""minSubtotal":123456789012345678901234567890"#,
                ),
            ],
        ),
        (
            "-2.5e1",
            &[
                ("a leading zero in a comparison value", "-02.5e1"),
                ("a comparison value past f64", "-2.5e400"),
                (
                    "a huge integer comparison value",
                    "123456789012345678901234567890",
                ),
                ("minus zero as a comparison value", "-0"),
                ("an exponent comparison value", "1.0E+2"),
            ],
        ),
    ];
    let brackets = r#"{"minSubtotal":150.5,"freeShipping":true}"#;
    let mut cases: Vec<(&str, String)> = vec![
        (
            "trailing comma at the root",
            r#"{"version":1,"currency":"EUR",}"#.to_string(),
        ),
        (
            "trailing comma after an array item",
            small_with(brackets, &format!("{brackets},")),
        ),
        (
            "missing comma between items",
            small_with(brackets, &format!("{brackets} {brackets}")),
        ),
        ("a key only", r#"{"version"}"#.to_string()),
        (
            "a non-breaking space as whitespace",
            "{\u{a0}\"version\":1}".to_string(),
        ),
    ];
    for (label, from, to) in testkit::syntax_changes(changes, ("version", "1")) {
        cases.push((label, small_with(&from, &to)));
    }
    cases.extend(surrounded(SMALL));
    cases.extend(PUNCTUATION.map(|(label, text)| (label, text.to_string())));
    let mut tally = Tally::default();
    for (label, text) in &cases {
        tally.check(Programs, || (*label).to_string(), text);
    }
    tally.finish("syntax errors");
}

/// Nesting around and far past serde_json's recursion limit, in a rule, in a comparison
/// value and in an unknown key's value.
#[test]
fn deep_nesting_reads_alike() {
    let leaf = r#"{"field":"customer.tags","op":"contains","value":"vip"}"#;
    let in_rule = |depth: usize| {
        format!(
            r#"{{"version":1,"currency":"EUR","segments":[{{"id":"s","rule":{}{leaf}{}}}]}}"#,
            r#"{"not":"#.repeat(depth),
            "}".repeat(depth)
        )
    };
    let in_value = |depth: usize| {
        format!(
            r#"{{"version":1,"currency":"EUR","segments":[{{"id":"s","rule":{{"field":"a","op":"eq","value":{}1{}}}}}]}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        )
    };
    let in_unknown = |depth: usize| {
        format!(
            r#"{{"version":1,"currency":"EUR","zzz":{}1{}}}"#,
            r#"{"a":"#.repeat(depth),
            "}".repeat(depth)
        )
    };
    let in_rule_array = |depth: usize| {
        format!(
            r#"{{"version":1,"currency":"EUR","segments":[{{"id":"s","rule":{}{leaf}{}}}]}}"#,
            r#"{"all":["#.repeat(depth),
            "]}".repeat(depth)
        )
    };
    let mut tally = Tally::default();
    for depth in depths() {
        for (kind, text) in [
            ("`not`", in_rule(depth)),
            ("`all`", in_rule_array(depth)),
            ("comparison value arrays", in_value(depth)),
            ("unknown key objects", in_unknown(depth)),
        ] {
            tally.check_nested(Programs, kind, depth, &text);
        }
    }
    tally.check(
        Programs,
        || "200 levels of `{\"not\":` alone".to_string(),
        &r#"{"not":"#.repeat(200),
    );
    tally.finish("deep nesting");
}

/// The empty text, whitespace, and roots other than an object.
#[test]
fn empty_and_non_object_roots_read_alike() {
    let programs = [
        r#"[1,"EUR"]"#,
        r#"[1,"EUR","halfUp",null,{"customerDiscount":"stack"},[],[],[]]"#,
        r#"[1,"EUR","nope"]"#,
        r#"{"version":1}"#,
        r#"{"currency":"EUR"}"#,
        r#"{"version":1,"currency":"EUR"}"#,
    ];
    let mut tally = Tally::default();
    for text in NOT_OBJECTS.iter().chain(&programs) {
        tally.check(Programs, || format!("{text:?}"), text);
    }
    tally.finish("empty and non-object roots");
}

/// Keys given twice, at the root, in model objects, in rules and in comparison values:
/// the hand reader refuses every one. The oracle refuses them too, except inside a
/// comparison's `value`, where it keeps the last.
#[test]
fn duplicate_keys_are_refused() {
    let base = |inner: &str| {
        format!(r#"{{"version":1,"currency":"EUR","segments":[{{"id":"s","rule":{inner}}}]}}"#)
    };
    let many_keys: String = (0..20).map(|i| format!(r#""k{i}":{i},"#)).collect();
    // (label, text, whether the oracle refuses it)
    let cases: Vec<(&str, String, bool)> = vec![
        ("`version` twice at the root", r#"{"version":1,"version":1,"currency":"EUR"}"#.to_string(), true),
        ("`currency` twice at the root, last", r#"{"version":1,"currency":"EUR","currency":"USD"}"#.to_string(), true),
        (
            "`version` twice after every other field",
            r#"{"version":1,"currency":"EUR","rounding":"halfUp","validatedOrderStatuses":[],"stacking":{},"groups":[],"segments":[],"offers":[],"points":null,"personalDiscount":null,"cumulativeDiscount":null,"rewards":[],"promoCodes":[],"gifts":[],"discountCards":null,"version":1}"#.to_string(),
            true,
        ),
        ("a repeated unknown key", r#"{"version":1,"currency":"EUR","zzz":1,"zzz":2}"#.to_string(), true),
        ("`id` twice in an offer", r#"{"version":1,"currency":"EUR","offers":[{"id":"a","id":"b"}]}"#.to_string(), true),
        (
            "`minSubtotal` twice in a bracket",
            r#"{"version":1,"currency":"EUR","offers":[{"id":"a","brackets":[{"minSubtotal":"1","minSubtotal":"2"}]}]}"#.to_string(),
            true,
        ),
        (
            "`amount` twice in a discount",
            r#"{"version":1,"currency":"EUR","offers":[{"id":"a","brackets":[{"minSubtotal":"1","discount":{"amount":"1","amount":"1"}}]}]}"#.to_string(),
            true,
        ),
        ("`enabled` twice in a toggle", r#"{"version":1,"currency":"EUR","personalDiscount":{"enabled":true,"enabled":false}}"#.to_string(), true),
        ("`customerDiscount` twice", r#"{"version":1,"currency":"EUR","stacking":{"customerDiscount":"stack","customerDiscount":"stack"}}"#.to_string(), true),
        ("`field` twice in a comparison", base(r#"{"field":"a","field":"b","op":"eq","value":1}"#), true),
        ("`value` twice in a comparison", base(r#"{"field":"a","op":"eq","value":1,"value":2}"#), true),
        ("`withinLastDays` twice", base(r#"{"field":"a","op":"eq","value":1,"withinLastDays":1,"withinLastDays":1}"#), true),
        ("`all` twice in a rule", base(r#"{"all":[],"all":[]}"#), true),
        ("`not` twice in a rule", base(r#"{"not":{"segment":"x"},"not":{"segment":"x"}}"#), true),
        ("`segment` twice in a nested rule", base(r#"{"any":[{"segment":"x","segment":"y"}]}"#), true),
        ("a key twice in a comparison's value", base(r#"{"field":"a","op":"eq","value":{"a":1,"a":2}}"#), false),
        ("a key twice deep in a comparison's value", base(r#"{"field":"a","op":"eq","value":[{"b":{"c":1,"c":1}}]}"#), false),
        (
            "a key twice in a comparison's value of many keys",
            base(&format!(r#"{{"field":"a","op":"eq","value":{{{many_keys}"k3":3}}}}"#)),
            false,
        ),
    ];
    let mut failures = Vec::new();
    for (label, text, oracle_refuses) in &cases {
        let expected = Outcome::of(oracle(text));
        let actual = Outcome::of(program(text));
        println!(
            "{label}\n  oracle: {}\n  reader: {}",
            expected.show(),
            actual.show()
        );
        let refused = |o: &Outcome| {
            matches!(
                o,
                Outcome::Refused {
                    code: ErrorCode::InvalidProgram,
                    ..
                }
            )
        };
        let alike = if *oracle_refuses {
            actual == expected
        } else {
            matches!(&actual, Outcome::Refused { message, .. } if message.starts_with("duplicate key `"))
        };
        if !refused(&actual) || !alike {
            failures.push(format!(
                "--- {label}\ntext: {text}\noracle: {}\nreader: {}\n",
                expected.show(),
                actual.show()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} texts with a repeated key were not refused as invalid_program:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
