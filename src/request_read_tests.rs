//! The hand-written request readers (`request`, `customer`, `cart`) compared with the
//! serde reader (the oracle) on valid requests, on many mutated requests, customers and
//! carts, and on hand-written raw texts.
//!
//! Both readers must agree: the same request (customer, cart) when both read the text
//! (compared as its JSON serialisation), or the same `code`, `path` and `message` when
//! both refuse it. The customer and cart readers are compared with the oracle reading
//! the same type, its paths starting with `customer` and `cart`.
//!
//! The hand reader differs in a few documented ways, counted but not failed:
//! - an array where a struct is expected (`invalid type: sequence, expected struct …`);
//!   serde read it as the struct's fields in order;
//! - an object where a unit enum is expected (`invalid type: map, expected enum …`);
//!   serde read `{"variant": null}` as the variant;
//! - a key given twice inside `customer.attributes` (a message starting `duplicate
//!   key`); serde kept the last. The hand reader may also keep the last, as serde does.
//!
//! Each is accepted when the oracle reads the text, or when the oracle's first problem
//! lies at or inside the refused value, or when nothing comes before it (checked by
//! putting `0` in its place, which the oracle refuses right there). Also accepted, when
//! both refuse the text:
//! - text that is not JSON (or nests too deep): the hand reader reads the whole text
//!   first, so its syntax error may come before a model error serde met earlier;
//! - a number, `true`, `null` or an array where a name (a unit enum) is expected: serde
//!   says `expected value`, the hand reader `invalid type: …, expected enum …`;
//! - the same message at the array's first item where serde names the array itself;
//! - the same message for an unknown empty key, at the object (`cart`) where serde's
//!   path for a whole request ends in a dot (`cart.`; for a cart alone it is `cart`).
//!
//! A key of the model given twice must be refused with serde's own message and path.
//! Every comparison test collects all its differences and fails once, with counts, the
//! kinds of difference (the two messages with their values left out) and an example of
//! each of up to [`EXAMPLES`](crate::jsondoc::testkit::EXAMPLES) kinds: the text, both
//! results and how the text was made.

#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};

use super::{cart, customer, request};
use crate::engine::read_json;
use crate::error::ErrorCode;
use crate::jsondoc::testkit::{
    self, bench_docs, depths, gen, pretty, surrounded, within, Coverage, Named, Outcome, Readers,
    Tally, NOT_OBJECTS, PUNCTUATION,
};
use crate::request::{Cart, Customer, Request};

// ---------------------------------------------------------------------------------------
// The three readers and their oracles

/// Which part of the request a text holds, and so which reader reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    /// A whole request, read by [`request`].
    Request,
    /// A customer record, read by [`customer`].
    Customer,
    /// A cart, read by [`cart`].
    Cart,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Request => "request",
            Part::Customer => "customer",
            Part::Cart => "cart",
        }
    }
}

/// The start of the hand reader's message for a key given twice in a free-form object.
const REPEATED_KEY: &str = "duplicate key";

/// The customer's free-form object, where serde keeps the last of two equal keys.
const ATTRIBUTES: &str = "customer.attributes";

impl Readers for Part {
    const EMPTY_KEY_AT_OBJECT: bool = true;

    fn part(self) -> Option<&'static str> {
        Some(self.name())
    }

    /// The request's key holding this part (empty for the whole request).
    fn prefix(self) -> &'static str {
        match self {
            Part::Request => "",
            Part::Customer => "customer",
            Part::Cart => "cart",
        }
    }

    fn oracle(self, text: &str) -> Outcome {
        let code = ErrorCode::InvalidRequest;
        let prefix = self.prefix();
        match self {
            Part::Request => Outcome::of(read_json::<Request<'static>>(text, code, prefix)),
            Part::Customer => Outcome::of(read_json::<Customer>(text, code, prefix)),
            Part::Cart => Outcome::of(read_json::<Cart<'static>>(text, code, prefix)),
        }
    }

    fn reader(self, text: &str) -> Outcome {
        match self {
            Part::Request => Outcome::of(request(text)),
            Part::Customer => Outcome::of(customer(text)),
            Part::Cart => Outcome::of(cart(text)),
        }
    }

    /// A key given twice inside [`ATTRIBUTES`].
    fn stricter(self, path: &str, message: &str) -> Option<&'static str> {
        (message.starts_with(REPEATED_KEY) && within(path, ATTRIBUTES))
            .then_some("duplicate key in attributes")
    }
}

/// Documents of every part, each with a name saying where it comes from.
type Docs = Vec<(String, Part, Value)>;

/// Compares the readers on mutations (1 to 3 changes each) of every document of
/// `corpus`: `per_doc(part, value)` of each, the seeds fixed by `seed`, each document's
/// name and its part. A mutation may put in place of a node a value of every JSON type,
/// a request's enum name, or a request's objects.
fn mutations(corpus: &Docs, per_doc: impl Fn(Part, &Value) -> usize, seed: u64) -> Tally<Part> {
    let replacements = testkit::replacements(
        r#""business""#,
        &[
            r#"{"id":"c"}"#,
            r#"{"id":"l","productId":"p","unitPrice":"1","quantity":1}"#,
            r#"{"id":"o","placedAt":"2026-01-01T00:00:00Z","status":"paid","total":"1"}"#,
        ],
    );
    let corpus = corpus
        .iter()
        .map(|(name, part, value)| (name.as_str(), *part, value));
    testkit::mutations(corpus, per_doc, seed, &replacements)
}

// ---------------------------------------------------------------------------------------
// The corpus

/// The shared fixtures: every `request` value, and every `requestText` as its text.
fn fixtures() -> (Named<Value>, Named<String>) {
    let (values, texts) = testkit::fixtures("request");
    assert!(
        values.len() >= 80 && texts.len() >= 4,
        "expected the shared fixtures in tests/fixtures"
    );
    (values, texts)
}

/// The request files of `examples/` (`*-request.json`, `seed-request-*.json`), as
/// written.
fn example_texts() -> Named<String> {
    let texts: Named<String> = testkit::json_files("examples")
        .into_iter()
        .filter(|(name, _)| name.contains("request"))
        .map(|(name, text)| (format!("examples/{name}"), text))
        .collect();
    assert!(texts.len() >= 4, "expected the example requests");
    texts
}

fn example_values() -> Named<Value> {
    example_texts()
        .into_iter()
        .map(|(name, text)| {
            let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, value)
        })
        .collect()
}

/// Requests that use every field of the model and every enum variant, with attributes
/// of every JSON type.
fn hand_built() -> Named<Value> {
    let everything = json!({
        "now": "2026-11-22T10:00:00Z",
        "customer": {
            "id": "c-everything",
            "status": "deactivated",
            "type": "business",
            "registeredAt": "2023-01-15T09:00:00+01:00",
            "group": "wholesale",
            "tags": ["vip", "newsletter"],
            "attributes": {
                "tier": "gold",
                "score": 12.5,
                "count": 3,
                "negative": -7,
                "big": u64::MAX,
                "small": i64::MIN,
                "tiny": -2.5e-8,
                "huge": 1e300,
                "none": null,
                "yes": true,
                "no": false,
                "flags": [true, false, null, "", 0],
                "nested": { "deeper": [1, "two", { "three": 3.5, "four": [[], {}] }], "empty": {} },
                "caf\u{e9} \"key\"": "\u{e9}t\u{e9} \u{1f600}"
            },
            "personalDiscount": "5",
            "cumulativeDiscount": "2.5",
            "discountCard": "4006381333931",
            "pointsBalance": 1200,
            "grantedRewards": ["r-ship", "r-voucher"],
            "orders": [
                { "id": "o1", "placedAt": "2026-10-01T09:00:00Z", "status": "paid", "total": "80.00",
                  "carrier": "colissimo", "products": ["p1", "p2"] },
                { "id": "o2", "placedAt": "2025-12-24T18:30:00-05:00", "status": "cancelled", "total": "0",
                  "products": [] },
                { "id": "o3", "placedAt": "2024-02-29T00:00:00Z", "status": "completed", "total": "1234.56" }
            ]
        },
        "cart": {
            "currency": "EUR",
            "lines": [
                { "id": "l0", "productId": "p0", "categories": [], "unitPrice": "0.99", "quantity": 1 },
                { "id": "l1", "productId": "p1", "categories": ["wine"], "unitPrice": "12.50", "quantity": 2 },
                { "id": "3f2a9c1e-5b7d-4e8a-9c0b-000000000003", "productId": "gid://shopify/Product/7000000013",
                  "categories": ["wine", "cheese", "gifts"], "unitPrice": "100", "quantity": 12 },
                { "id": "l-none", "productId": "p4", "unitPrice": "3.00", "quantity": 1 }
            ],
            "shipping": { "carrier": "colissimo", "method": "relay", "cost": "4.90",
                          "address": { "city": "Paris", "postalCode": "75001", "country": "FR" } },
            "promoCodes": ["WELCOME15", "FIVE"],
            "redeem": ["r-ship", "r-bxgy"]
        }
    });
    // Numbers for decimals, explicit nulls for optional fields, escapes and non-ASCII
    // text, extreme integers, the other enum variants.
    let odd = json!({
        "now": "2026-02-28T23:59:59.999+14:00",
        "customer": {
            "id": "caf\u{e9} \"VIP\" \\ / \n\t \u{1f600}",
            "status": "active",
            "type": "individual",
            "registeredAt": null,
            "group": null,
            "tags": [],
            "attributes": {},
            "personalDiscount": 5,
            "cumulativeDiscount": 0.5,
            "discountCard": null,
            "pointsBalance": u64::MAX,
            "grantedRewards": [],
            "orders": [
                { "id": "", "placedAt": "2026-01-01T00:00:00Z", "status": "", "total": 80.25,
                  "carrier": null, "products": ["\u{0}\u{1f}\u{7f}\u{2028}"] },
                { "id": "o-neg", "placedAt": "2026-01-01T00:00:00.5-09:30", "status": "refunded",
                  "total": -12, "products": [] }
            ]
        },
        "cart": {
            "currency": "",
            "lines": [
                { "id": "l\u{e9}", "productId": "p \"quoted\" \\ /", "categories": ["caf\u{e9}", "\\", ""],
                  "unitPrice": 0, "quantity": u32::MAX },
                { "id": "l2", "productId": "p2", "categories": ["a", "b", "c", "d"],
                  "unitPrice": 19.99, "quantity": 0 }
            ],
            "shipping": { "carrier": null, "method": null, "cost": 0, "address": null },
            "promoCodes": [],
            "redeem": []
        }
    });
    let guest = json!({
        "now": "2026-11-22T10:00:00Z",
        "customer": null,
        "cart": { "currency": "EUR",
                  "lines": [ { "id": "l", "productId": "p", "unitPrice": "1", "quantity": 1 } ],
                  "shipping": { "address": {} } }
    });
    let bare = json!({
        "now": "2026-11-22T10:00:00Z",
        "customer": { "id": "c" },
        "cart": { "currency": "EUR", "lines": [], "shipping": {} }
    });
    vec![
        ("hand-built: every field".to_string(), everything),
        ("hand-built: odd values".to_string(), odd),
        ("hand-built: guest".to_string(), guest),
        ("hand-built: bare".to_string(), bare),
    ]
}

/// Every request of `requests`, and its customer and cart (when not absent or null).
fn with_parts(requests: Named<Value>) -> Docs {
    let mut docs = Vec::new();
    for (name, request) in requests {
        for part in [Part::Customer, Part::Cart] {
            if let Some(v) = request.get(part.prefix()).filter(|v| !v.is_null()) {
                docs.push((name.clone(), part, v.clone()));
            }
        }
        docs.push((name, Part::Request, request));
    }
    docs
}

/// The text of the root object's first member `key`, as written, if the text is an
/// object that has one.
fn member_text<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    let bytes = text.as_bytes();
    let quoted = serde_json::to_string(key).expect("a string serialises");
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                let rest = text.get(i..)?.trim_start_matches([' ', '\t', '\r', '\n']);
                match rest.strip_prefix(':') {
                    Some(value) if depth == 1 && text.get(start..i) == Some(quoted.as_str()) => {
                        let value = value.trim_start_matches([' ', '\t', '\r', '\n']);
                        let mut stream =
                            serde_json::Deserializer::from_str(value).into_iter::<Value>();
                        stream.next()?.ok()?;
                        return Some(&value[..stream.byte_offset()]);
                    }
                    _ => continue,
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

// ---------------------------------------------------------------------------------------
// The tests

/// The hand-built requests are read by the oracle and use every property and enum value
/// of every type of the request's JSON schema.
#[test]
fn hand_built_requests_cover_every_model_field() {
    let schema = serde_json::to_value(schemars::schema_for!(Request<'static>))
        .expect("the schema serialises");
    let mut coverage = Coverage::new(schema, "Request");
    assert!(
        coverage.expected.len() >= 40,
        "expected the request's schema, found {:?}",
        coverage.expected
    );
    for (name, request) in hand_built() {
        let text = serde_json::to_string(&request).expect("a value serialises");
        if let Outcome::Refused { .. } = Part::Request.oracle(&text) {
            panic!(
                "{name} is not a request: {}",
                Part::Request.oracle(&text).show()
            );
        }
        coverage.record(&request);
    }
    coverage.assert_all_used("the hand-built requests");
}

/// Every corpus request, customer and cart, written in every layout, and the raw texts
/// (with their customer and cart as written) as they are.
#[test]
fn corpus_requests_read_alike() {
    let (mut requests, mut texts) = fixtures();
    requests.extend(example_values());
    requests.extend(bench_docs(gen::request));
    requests.extend(hand_built());
    texts.extend(
        example_texts()
            .into_iter()
            .map(|(name, text)| (format!("{name} (as written)"), text)),
    );
    let mut tally = Tally::default();
    for (name, text) in &texts {
        tally.check(Part::Request, || name.clone(), text);
        for part in [Part::Customer, Part::Cart] {
            if let Some(inner) = member_text(text, part.prefix()) {
                tally.check(part, || name.clone(), inner);
            }
        }
    }
    for (name, part, value) in &with_parts(requests) {
        tally.check_layouts(*part, name, value);
    }
    tally.finish("corpus requests");
}

/// Mutations of every fixture and example request, and of their customers and carts
/// (fewer of the large ones).
#[test]
fn mutated_fixture_requests_read_alike() {
    let mut requests = fixtures().0;
    requests.extend(example_values());
    let started = std::time::Instant::now();
    let per_doc = |part: Part, value: &Value| {
        let n = match part {
            Part::Request => 60,
            Part::Customer | Part::Cart => 30,
        };
        if value.to_string().len() > 10_000 {
            n / 6
        } else {
            n
        }
    };
    let tally = mutations(&with_parts(requests), per_doc, 0x5eed_f1c5);
    println!("{:?} for the fixture mutations", started.elapsed());
    tally.finish("mutated fixture requests");
}

/// Mutations of the hand-built requests, which hold every field of the model, and of
/// their customers and carts.
#[test]
fn mutated_hand_built_requests_read_alike() {
    let started = std::time::Instant::now();
    let per_doc = |part: Part, _: &Value| match part {
        Part::Request => 1_000,
        Part::Customer | Part::Cart => 500,
    };
    let tally = mutations(&with_parts(hand_built()), per_doc, 0x5eed_4a4d);
    println!("{:?} for the hand-built mutations", started.elapsed());
    tally.finish("mutated hand-built requests");
}

/// Mutations of the benchmark requests and of their customers and carts (the typical
/// ones; the large one only a few).
#[test]
fn mutated_bench_requests_read_alike() {
    let started = std::time::Instant::now();
    let corpus = with_parts(bench_docs(gen::request));
    let (typical, large): (Docs, Docs) = corpus
        .into_iter()
        .partition(|(name, _, _)| name != "bench large");
    let mut tally = mutations(&typical, |_, _| 300, 0x5eed_be9c);
    tally.merge(mutations(&large, |_, _| 15, 0x5eed_1a9e));
    println!("{:?} for the bench mutations", started.elapsed());
    tally.finish("mutated bench requests");
}

/// A small request using every kind of token and every field, for the raw-text tests.
const SMALL: &str = r#"{"now":"2026-11-22T10:00:00Z","customer":{"id":"c\u00e9 \"q\"","status":"deactivated","type":"business","registeredAt":"2024-01-15T09:00:00+01:00","group":"wholesale","tags":["vip","\u00e9t\u00e9"],"attributes":{"tier":"gold","score":-2.5e1,"flags":[true,false,null,{"k":[]}],"nested":{"a":{"b":"c"}}},"personalDiscount":"5","cumulativeDiscount":1.5,"discountCard":"4006381333931","pointsBalance":120,"grantedRewards":["r1"],"orders":[{"id":"o1","placedAt":"2026-10-01T09:00:00Z","status":"paid","total":"80.00","carrier":"ups","products":["p1"]}]},"cart":{"currency":"EUR","lines":[{"id":"l1","productId":"wine-1","categories":["wine","cheese"],"unitPrice":"12.50","quantity":2},{"id":"l2","productId":"p\/2","unitPrice":9.99,"quantity":1}],"shipping":{"carrier":"UPS","method":"home","cost":"4.90","address":{"city":"Paris","postalCode":"75001","country":"FR"}},"promoCodes":["WELCOME15"],"redeem":["r-ship"]}}"#;

/// [`SMALL`] and its customer and cart, as written there.
fn small_parts() -> [(Part, &'static str); 3] {
    let inner = |part: Part| member_text(SMALL, part.prefix()).expect("SMALL has the part");
    [
        (Part::Request, SMALL),
        (Part::Customer, inner(Part::Customer)),
        (Part::Cart, inner(Part::Cart)),
    ]
}

/// Every prefix of a small request (compact and pretty) and of its customer and cart.
#[test]
fn truncated_texts_read_alike() {
    let pretty = pretty(SMALL);
    let mut texts: Vec<(Part, &str)> = small_parts().to_vec();
    texts.push((Part::Request, &pretty));
    let mut tally = Tally::default();
    for (part, text) in texts {
        assert!(
            matches!(part.oracle(text), Outcome::Read(_)),
            "SMALL's {} is read: {}",
            part.name(),
            part.oracle(text).show()
        );
        tally.check_prefixes(part, text);
    }
    tally.finish("truncated texts");
}

/// Texts that are not JSON, or are JSON around a request: commas, trailing characters,
/// escapes, control characters, numbers, literals and structure. A change made in
/// [`SMALL`] is made in its customer or cart too when it falls there.
#[test]
fn syntax_errors_read_alike() {
    // The texts replaced once in SMALL, each with its replacements and their labels.
    let changes: &[(&str, &[(&str, &str)])] = &[
        (
            r#""country":"FR"}"#,
            &[
                ("trailing comma in an object", r#""country":"FR",}"#),
                ("an extra closing brace", r#""country":"FR"}}"#),
                ("a closing bracket for a brace", r#""country":"FR"]"#),
            ],
        ),
        (
            r#""products":["p1"]}]}"#,
            &[("trailing comma in a customer", r#""products":["p1"]}],}"#)],
        ),
        (
            r#""redeem":["r-ship"]}"#,
            &[("trailing comma in a cart", r#""redeem":["r-ship"],}"#)],
        ),
        (
            r#""lines":[{"#,
            &[("leading comma in an array", r#""lines":[,{"#)],
        ),
        (
            r#""redeem":["r-ship"]"#,
            &[(
                "trailing comma after an array item",
                r#""redeem":["r-ship",]"#,
            )],
        ),
        (
            r#"{"k":[]}]"#,
            &[("trailing comma in an attribute array", r#"{"k":[]},]"#)],
        ),
        (
            r#""b":"c"}}}"#,
            &[("trailing comma in an attribute object", r#""b":"c",}}}"#)],
        ),
        (
            r#""quantity":2},{"#,
            &[("missing comma between lines", r#""quantity":2} {"#)],
        ),
        (
            r#""group":"wholesale","#,
            &[("missing comma in a customer", r#""group":"wholesale" "#)],
        ),
        (
            r#""quantity":1}]"#,
            &[("a closing brace for a bracket", r#""quantity":1}}"#)],
        ),
        (
            r"c\u00e9 ",
            &[
                ("an unknown escape in a customer string", r"c\q "),
                ("a short unicode escape", r"c\u00e"),
                ("a bad hex digit", r"c\u00g9 "),
                ("a lone leading surrogate", r"c\ud800 "),
                ("a raw newline in a customer string", "c\n "),
            ],
        ),
        (
            r"p\/2",
            &[
                ("an unknown escape in a cart string", r"p\q2"),
                ("a short unicode escape in a cart string", r"p\u002"),
                ("a lone trailing surrogate in a cart string", r"p\udc002"),
                ("a surrogate pair in a cart string", r"p\ud83d\ude002"),
                ("every short escape in a cart string", r#"\b\f\n\r\t\/\\\""#),
                ("a raw tab in a cart string", "p\t2"),
                ("a raw control character in a cart string", "p\u{1}2"),
                ("a raw delete character in a cart string", "p\u{7f}2"),
            ],
        ),
        (
            r"\u00e9t\u00e9",
            &[("a leading surrogate then a letter", r"\ud800\u0041")],
        ),
        (
            r#""b":"c""#,
            &[
                (
                    "every short escape in an attribute",
                    r#""b":"\b\f\n\r\t\/\\\"""#,
                ),
                (
                    "a raw control character in an attribute",
                    "\"b\":\"\u{1f}c\"",
                ),
            ],
        ),
        (
            r#""redeem""#,
            &[
                ("a bad escape in a key", r#""rede\em""#),
                ("an escaped key", r#""r\u0065deem""#),
                ("a raw newline in a key", "\"rede\nem\""),
                ("an empty key", r#""""#),
            ],
        ),
        (
            r#""unitPrice":9.99"#,
            &[
                ("an escaped key in a line", r#""unit\u0050rice":9.99"#),
                ("a leading zero in a price", r#""unitPrice":09.99"#),
                ("a price past f64", r#""unitPrice":1e400"#),
                ("a negative price", r#""unitPrice":-9.99"#),
                ("a price with exponent", r#""unitPrice":9.99E+0"#),
                ("a tiny price", r#""unitPrice":1e-400"#),
                (
                    "a huge integer price",
                    r#""unitPrice":123456789012345678901234567890"#,
                ),
            ],
        ),
        (
            r#""tier""#,
            &[
                ("an escaped attribute key", r#""ti\u0065r""#),
                ("an empty attribute key", r#""""#),
            ],
        ),
        (
            r#""quantity":2"#,
            &[
                ("past u32", r#""quantity":4294967296"#),
                ("minus one", r#""quantity":-1"#),
            ],
        ),
        (
            r#""pointsBalance":120"#,
            &[
                ("u64 max points", r#""pointsBalance":18446744073709551615"#),
                ("points past u64", r#""pointsBalance":18446744073709551616"#),
                ("fractional points", r#""pointsBalance":120.0"#),
                ("negative points", r#""pointsBalance":-120"#),
            ],
        ),
        (
            r#""cumulativeDiscount":1.5"#,
            &[(
                "a leading zero in a discount",
                r#""cumulativeDiscount":01.5"#,
            )],
        ),
        (
            "-2.5e1",
            &[
                ("a leading zero in an attribute", "-02.5e1"),
                ("an attribute past f64", "-2.5e400"),
                ("a huge integer attribute", "123456789012345678901234567890"),
                ("minus zero as an attribute", "-0"),
                ("an exponent attribute", "1.0E+2"),
            ],
        ),
        (
            r#""status":"deactivated""#,
            &[("a bare word as a status", r#""status":deactivated"#)],
        ),
    ];
    let mut cases: Vec<(String, Part, String)> = Vec::new();
    for (label, from, to) in testkit::syntax_changes(changes, ("quantity", "2")) {
        assert_eq!(
            SMALL.matches(&from).count(),
            1,
            "`{from}` occurs once in SMALL"
        );
        for (part, text) in small_parts() {
            if text.matches(&from).count() == 1 {
                cases.push((label.to_string(), part, text.replacen(&from, &to, 1)));
            }
        }
    }
    let (_, customer_text) = small_parts()[1];
    let (_, cart_text) = small_parts()[2];
    let mut whole: Vec<(&str, String)> = vec![
        (
            "trailing comma at the root",
            r#"{"now":"2026-11-22T10:00:00Z","cart":{"currency":"EUR","lines":[]},}"#.into(),
        ),
        ("a key only", r#"{"now"}"#.into()),
        (
            "a non-breaking space as whitespace",
            "{\u{a0}\"now\":\"2026-11-22T10:00:00Z\"}".into(),
        ),
    ];
    whole.extend(surrounded(SMALL));
    whole.extend(PUNCTUATION.map(|(label, text)| (label, text.to_string())));
    for (label, text) in whole {
        for part in [Part::Request, Part::Customer, Part::Cart] {
            cases.push((label.to_string(), part, text.clone()));
        }
    }
    for (part, text) in [(Part::Customer, customer_text), (Part::Cart, cart_text)] {
        cases.push(("trailing characters".into(), part, format!("{text} x")));
        cases.push(("a trailing comma".into(), part, format!("{text},")));
        cases.push(("a byte-order mark".into(), part, format!("\u{feff}{text}")));
        cases.push((
            "whitespace around".into(),
            part,
            format!(" \r\n\t{text} \n"),
        ));
    }
    let mut tally = Tally::default();
    for (label, part, text) in &cases {
        tally.check(*part, || label.clone(), text);
    }
    tally.finish("syntax errors");
}

/// Nesting around and far past serde_json's recursion limit, in the customer's
/// attributes (objects and arrays), in an unknown key's value, and in arrays where the
/// model expects other values.
#[test]
fn deep_nesting_reads_alike() {
    let cart =
        r#"{"currency":"EUR","lines":[{"id":"l","productId":"p","unitPrice":"1","quantity":1}]}"#;
    let customer_with = |attributes: &str| format!(r#"{{"id":"c","attributes":{attributes}}}"#);
    let request_with = |customer: &str| {
        format!(r#"{{"now":"2026-11-22T10:00:00Z","customer":{customer},"cart":{cart}}}"#)
    };
    let objects = |depth: usize| format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
    let arrays = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let mixed = |depth: usize| {
        format!(
            "{}1{}",
            r#"{"a":["#.repeat(depth / 2),
            "]}".repeat(depth / 2)
        )
    };
    let mut tally = Tally::default();
    for depth in depths() {
        let in_attributes = customer_with(&objects(depth));
        let in_attribute_arrays = customer_with(&format!(r#"{{"x":{}}}"#, arrays(depth)));
        let in_attribute_mix = customer_with(&format!(r#"{{"x":{}}}"#, mixed(depth)));
        let texts: Vec<(&str, Part, String)> = vec![
            (
                "attribute objects",
                Part::Request,
                request_with(&in_attributes),
            ),
            (
                "attribute arrays",
                Part::Request,
                request_with(&in_attribute_arrays),
            ),
            (
                "attribute objects and arrays",
                Part::Request,
                request_with(&in_attribute_mix),
            ),
            ("attribute objects", Part::Customer, in_attributes),
            ("attribute arrays", Part::Customer, in_attribute_arrays),
            (
                "attribute objects and arrays",
                Part::Customer,
                in_attribute_mix,
            ),
            (
                "an unknown key at the root",
                Part::Request,
                format!(
                    r#"{{"now":"2026-11-22T10:00:00Z","cart":{cart},"zzz":{}}}"#,
                    objects(depth)
                ),
            ),
            (
                "an unknown key in a line",
                Part::Cart,
                format!(
                    r#"{{"currency":"EUR","lines":[{{"id":"l","zzz":{},"productId":"p","unitPrice":"1","quantity":1}}]}}"#,
                    arrays(depth)
                ),
            ),
            (
                "an unknown key in an order",
                Part::Customer,
                format!(
                    r#"{{"id":"c","orders":[{{"zzz":{},"id":"o"}}]}}"#,
                    objects(depth)
                ),
            ),
            (
                "arrays for lines",
                Part::Cart,
                format!(r#"{{"currency":"EUR","lines":{}}}"#, arrays(depth)),
            ),
            (
                "arrays for tags",
                Part::Request,
                request_with(&format!(r#"{{"id":"c","tags":{}}}"#, arrays(depth))),
            ),
            (
                "objects for the customer",
                Part::Request,
                request_with(&objects(depth)),
            ),
        ];
        for (kind, part, text) in texts {
            tally.check_nested(part, kind, depth, &text);
        }
    }
    for part in [Part::Request, Part::Customer, Part::Cart] {
        tally.check(
            part,
            || "200 levels of `{\"a\":` alone".to_string(),
            &r#"{"a":"#.repeat(200),
        );
        tally.check(
            part,
            || "200 levels of `[` alone".to_string(),
            &"[".repeat(200),
        );
    }
    tally.finish("deep nesting");
}

/// The empty text, whitespace, and roots other than an object, for every reader.
#[test]
fn empty_and_non_object_roots_read_alike() {
    let specific: [(Part, &[&str]); 3] = [
        (
            Part::Request,
            &[
                r#"{"now":"2026-11-22T10:00:00Z"}"#,
                r#"{"cart":{"currency":"EUR","lines":[]}}"#,
                r#"["2026-11-22T10:00:00Z"]"#,
                r#"["2026-11-22T10:00:00Z",null,{"currency":"EUR","lines":[]}]"#,
                r#"["2026-11-22T10:00:00Z",{"id":"c"},["EUR",[]]]"#,
                r#"["2026-11-22T10:00:00Z",null,["EUR",[["l","p",[],"1",1]]]]"#,
                r#"["nope"]"#,
            ],
        ),
        (
            Part::Customer,
            &[
                r#"{"status":"active"}"#,
                r#"["c"]"#,
                r#"["c","deactivated","business"]"#,
                r#"["c","active","individual",null,null,["t"],{"a":1}]"#,
                r#"["c",{"active":null}]"#,
                r#"{"id":"c","status":{"active":null}}"#,
                r#"{"id":"c","type":{"business":null}}"#,
                r#"{"id":"c","status":["active"]}"#,
                r#"{"id":"c","orders":[["o","2026-01-01T00:00:00Z","paid","1"]]}"#,
            ],
        ),
        (
            Part::Cart,
            &[
                r#"{"currency":"EUR"}"#,
                r#"{"lines":[]}"#,
                r#"["EUR"]"#,
                r#"["EUR",[]]"#,
                r#"["EUR",[["l","p",["c"],"1",1]],[null,null,"4.90",["Paris"]]]"#,
                r#"{"currency":"EUR","lines":[],"shipping":["UPS","home","4.90"]}"#,
                r#"{"currency":"EUR","lines":[],"shipping":{"address":["Paris","75001","FR"]}}"#,
            ],
        ),
    ];
    let mut tally = Tally::default();
    for (part, texts) in specific {
        for text in NOT_OBJECTS.iter().chain(texts) {
            tally.check(part, || format!("{text:?}"), text);
        }
    }
    tally.finish("empty and non-object roots");
}

/// Keys given twice: every key of the model is refused by both readers alike. A key
/// twice in `customer.attributes`, which the oracle reads (keeping the last), is read
/// alike or refused as a `duplicate key`.
#[test]
fn duplicate_keys_are_refused() {
    let line = r#"{"id":"l","productId":"p","unitPrice":"1","quantity":1}"#;
    let order = r#"{"id":"o","placedAt":"2026-01-01T00:00:00Z","status":"paid","total":"1"}"#;
    let cart_with = |inner: &str| format!(r#"{{"currency":"EUR","lines":[{line}]{inner}}}"#);
    let customer_with = |inner: &str| format!(r#"{{"id":"c"{inner}}}"#);
    let request_with = |customer: &str, cart: &str| {
        format!(r#"{{"now":"2026-11-22T10:00:00Z","customer":{customer},"cart":{cart}}}"#)
    };
    let in_customer = |inner: &str| request_with(&customer_with(inner), &cart_with(""));
    let in_cart = |inner: &str| request_with(&customer_with(""), &cart_with(inner));
    let many_keys: String = (0..20).map(|i| format!(r#""k{i}":{i},"#)).collect();
    // (label, part, text, whether the oracle refuses it)
    let cases: Vec<(&str, Part, String, bool)> = vec![
        (
            "`now` twice at the root",
            Part::Request,
            format!(
                r#"{{"now":"2026-11-22T10:00:00Z","now":"2026-11-22T10:00:00Z","cart":{}}}"#,
                cart_with("")
            ),
            true,
        ),
        (
            "`now` twice, after every other field",
            Part::Request,
            format!(
                r#"{{"now":"2026-11-22T10:00:00Z","customer":null,"cart":{},"now":"2026-11-22T10:00:00Z"}}"#,
                cart_with("")
            ),
            true,
        ),
        (
            "`customer` twice at the root",
            Part::Request,
            format!(
                r#"{{"now":"2026-11-22T10:00:00Z","customer":null,"customer":{{"id":"c"}},"cart":{}}}"#,
                cart_with("")
            ),
            true,
        ),
        (
            "`cart` twice at the root",
            Part::Request,
            format!(
                r#"{{"now":"2026-11-22T10:00:00Z","cart":{0},"cart":{0}}}"#,
                cart_with("")
            ),
            true,
        ),
        (
            "a repeated unknown key at the root",
            Part::Request,
            format!(
                r#"{{"now":"2026-11-22T10:00:00Z","cart":{},"zzz":1,"zzz":2}}"#,
                cart_with("")
            ),
            true,
        ),
        (
            "`id` twice in a line",
            Part::Request,
            request_with(
                &customer_with(""),
                &format!(
                    r#"{{"currency":"EUR","lines":[{line},{{"id":"a","id":"b","productId":"p","unitPrice":"1","quantity":1}}]}}"#
                ),
            ),
            true,
        ),
        (
            "`quantity` twice in a line",
            Part::Cart,
            r#"{"currency":"EUR","lines":[{"id":"l","productId":"p","unitPrice":"1","quantity":1,"quantity":2}]}"#.to_string(),
            true,
        ),
        (
            "`categories` twice in a line",
            Part::Cart,
            r#"{"currency":"EUR","lines":[{"id":"l","categories":[],"productId":"p","categories":["c"],"unitPrice":"1","quantity":1}]}"#.to_string(),
            true,
        ),
        (
            "`lines` twice in a cart",
            Part::Request,
            in_cart(&format!(r#","lines":[{line}]"#)),
            true,
        ),
        (
            "`lines` twice in a cart read alone",
            Part::Cart,
            cart_with(r#","lines":[]"#),
            true,
        ),
        (
            "`currency` twice in a cart",
            Part::Cart,
            cart_with(r#","currency":"EUR""#),
            true,
        ),
        (
            "`redeem` twice in a cart",
            Part::Cart,
            cart_with(r#","redeem":[],"redeem":["r"]"#),
            true,
        ),
        (
            "`cost` twice in a shipping",
            Part::Request,
            in_cart(r#","shipping":{"cost":"1","cost":"2"}"#),
            true,
        ),
        (
            "`city` twice in an address",
            Part::Cart,
            cart_with(r#","shipping":{"address":{"city":"a","country":"FR","city":"b"}}"#),
            true,
        ),
        (
            "`orders` twice in a customer",
            Part::Request,
            in_customer(&format!(r#","orders":[{order}],"orders":[]"#)),
            true,
        ),
        (
            "`orders` twice in a customer read alone",
            Part::Customer,
            customer_with(&format!(r#","orders":[],"orders":[{order}]"#)),
            true,
        ),
        (
            "`id` twice in a customer",
            Part::Customer,
            r#"{"id":"a","tags":[],"id":"b"}"#.to_string(),
            true,
        ),
        (
            "`attributes` twice in a customer",
            Part::Request,
            in_customer(r#","attributes":{},"attributes":{"a":1}"#),
            true,
        ),
        (
            "`status` twice in a customer",
            Part::Customer,
            customer_with(r#","status":"active","status":"active""#),
            true,
        ),
        (
            "`total` twice in an order",
            Part::Customer,
            customer_with(
                r#","orders":[{"id":"o","placedAt":"2026-01-01T00:00:00Z","total":"1","status":"paid","total":"1"}]"#,
            ),
            true,
        ),
        (
            "a repeated unknown key in a customer",
            Part::Customer,
            customer_with(r#","zzz":1,"zzz":1"#),
            true,
        ),
        (
            "a key twice in attributes",
            Part::Request,
            in_customer(r#","attributes":{"a":1,"a":2}"#),
            false,
        ),
        (
            "a key twice in attributes read alone",
            Part::Customer,
            customer_with(r#","attributes":{"tier":"gold","tier":"silver"}"#),
            false,
        ),
        (
            "a key twice deep in attributes",
            Part::Request,
            in_customer(r#","attributes":{"x":[{"b":{"c":1,"c":1}}]}"#),
            false,
        ),
        (
            "a key twice in attributes of many keys",
            Part::Customer,
            customer_with(&format!(r#","attributes":{{{many_keys}"k3":3}}"#)),
            false,
        ),
    ];
    let mut failures = Vec::new();
    for (label, part, text, oracle_refuses) in &cases {
        let expected = part.oracle(text);
        let actual = part.reader(text);
        println!(
            "{label} ({})\n  oracle: {}\n  reader: {}",
            part.name(),
            expected.show(),
            actual.show()
        );
        let alike = if *oracle_refuses {
            matches!(
                expected,
                Outcome::Refused {
                    code: ErrorCode::InvalidRequest,
                    ..
                }
            ) && actual == expected
        } else {
            matches!(expected, Outcome::Read(_))
                && (actual == expected
                    || matches!(
                        &actual,
                        Outcome::Refused { code: ErrorCode::InvalidRequest, path, message }
                            if message.starts_with("duplicate key `") && within(path, ATTRIBUTES)
                    ))
        };
        if !alike {
            failures.push(format!(
                "--- {label} ({})\ntext: {text}\noracle: {}\nreader: {}\n",
                part.name(),
                expected.show(),
                actual.show()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} texts with a repeated key were not read as expected:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
