//! Every validation error with its code and JSON path: programs and requests.

use checkout_benefits::{
    validate_program_json, validate_program_value, Engine, ErrorCode, Limits, Problem,
};
use serde_json::{json, Value};

const NOW: &str = "2026-11-22T10:00:00Z";

fn code_name(code: ErrorCode) -> &'static str {
    code.as_str()
}

/// A valid program to break in one place.
fn good() -> Value {
    json!({ "version": 1, "currency": "EUR",
        "groups": [ { "id": "standard", "default": true }, { "id": "wholesale" } ],
        "segments": [ { "id": "y", "rule": { "field": "customer.tags", "op": "contains", "value": "y" } } ],
        "offers": [ { "id": "y-tiers", "segment": "y", "brackets": [
            { "minSubtotal": "50", "discount": { "amount": "5" } },
            { "minSubtotal": "150", "discount": { "percent": "10" }, "freeShipping": true } ] } ],
        "points": { "enabled": true, "pointsPerUnit": "1", "multipliers": [ { "segment": "loyal", "factor": "2" } ] },
        "rewards": [ { "id": "voucher-10", "type": "voucher", "pointsCost": 500, "amount": "10" } ],
        "promoCodes": [ { "code": "WELCOME15", "discount": { "percent": "15" }, "minSubtotal": "30" } ],
        "gifts": [ { "id": "g1", "when": { "products": ["p1"] }, "gift": { "product": "mug", "quantity": 1 } } ] })
}

/// The program is refused with exactly this one problem.
#[track_caller]
fn refused(program: Value, code: &str, path: &str) -> Problem {
    let text = program.to_string();
    let err = Engine::from_json(&text).expect_err("the program must be refused");
    assert_eq!(
        (code_name(err.code), err.path.as_str()),
        (code, path),
        "{}",
        err.to_json()
    );
    assert!(!err.message.is_empty());
    let problems = validate_program_json(&text);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, path);
    assert_eq!(problems, validate_program_value(program));
    problems[0].clone()
}

/// The program is refused, and one of its problems has this code and path.
#[track_caller]
fn has_problem(program: Value, code: &str, path: &str) -> Vec<Problem> {
    let text = program.to_string();
    assert!(Engine::from_json(&text).is_err());
    let problems = validate_program_json(&text);
    assert!(
        problems
            .iter()
            .any(|p| code_name(p.code) == code && p.path == path),
        "no {code} at {path} in {problems:?}"
    );
    problems
}

/// Sets (or adds) the value at a JSON pointer.
fn with(mut program: Value, pointer: &str, value: Value) -> Value {
    if let Some(slot) = program.pointer_mut(pointer) {
        *slot = value;
        return program;
    }
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match program.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.insert(key.to_string(), value);
        }
        Some(Value::Array(items)) if key.parse::<usize>() == Ok(items.len()) => items.push(value),
        _ => panic!("no {parent}"),
    }
    program
}

/// The paths of every problem of a refused program, in the order reported; each problem
/// has this code.
#[track_caller]
fn paths_of_problems(program: Value, code: &str) -> Vec<String> {
    let text = program.to_string();
    assert!(Engine::from_json(&text).is_err());
    let problems = validate_program_json(&text);
    assert!(
        problems.iter().all(|p| code_name(p.code) == code),
        "{problems:?}"
    );
    problems.into_iter().map(|p| p.path).collect()
}

fn segment_rule(rule: Value) -> Value {
    with(good(), "/segments/0/rule", rule)
}

#[test]
fn the_base_program_is_valid() {
    assert_eq!(validate_program_json(&good().to_string()), vec![]);
    assert!(Engine::from_json(&good().to_string()).is_ok());
}

/// Problems the program compiler finds below the first level of a list each carry the
/// whole path to the value, whatever their depth.
#[test]
fn nested_problems_carry_their_whole_path() {
    let cumulative = json!({ "enabled": true, "periodDays": 0,
        "ranges": [ { "from": "100", "percent": "5" }, { "from": "100", "percent": "7" } ],
        "segmentRanges": [ { "segment": "nobody", "ranges": [ { "from": "50", "percent": "0" } ] } ] });
    assert_eq!(
        paths_of_problems(
            with(good(), "/cumulativeDiscount", cumulative),
            "invalid_program"
        ),
        [
            "cumulativeDiscount.periodDays",
            "cumulativeDiscount.ranges[1].from",
            "cumulativeDiscount.segmentRanges[0].segment",
            "cumulativeDiscount.segmentRanges[0].ranges[0].percent",
        ]
    );
    refused(
        with(good(), "/points/excludeCategories", json!(["food", ""])),
        "invalid_program",
        "points.excludeCategories[1]",
    );
    let counted = json!({ "enabled": true, "countedStatuses": ["paid", "refunded"], "ranges": [] });
    refused(
        with(good(), "/cumulativeDiscount", counted),
        "invalid_program",
        "cumulativeDiscount.countedStatuses[1]",
    );
    refused(
        segment_rule(json!({ "any": [] })),
        "invalid_program",
        "segments[0].rule.any",
    );
    refused(
        segment_rule(json!({ "not": { "any": [ { "segment": "loyal" }, { "group": "gold" } ] } })),
        "invalid_program",
        "segments[0].rule.not.any[1].group",
    );
    refused(
        with(good(), "/discountCards", json!({ "lengths": [] })),
        "invalid_program",
        "discountCards.lengths",
    );
    let reward = json!({ "id": "b1g1", "type": "buyXGetY", "pointsCost": 0,
        "buy": { "products": ["p", ""], "quantity": 1 },
        "get": { "categories": [], "quantity": 0, "percent": "0" } });
    assert_eq!(
        paths_of_problems(with(good(), "/rewards/1", reward), "invalid_program"),
        [
            "rewards[1].buy.products[1]",
            "rewards[1].get.categories",
            "rewards[1].get.quantity",
            "rewards[1].get.percent",
        ]
    );
}

// ---------------------------------------------------------------- brackets

#[test]
fn brackets_must_strictly_increase() {
    let p = refused(
        with(good(), "/offers/0/brackets/1/minSubtotal", json!("50")),
        "invalid_program",
        "offers[0].brackets[1].minSubtotal",
    );
    assert_eq!(
        p.message,
        "must be greater than the previous bracket (50.00)"
    );
    refused(
        with(good(), "/offers/0/brackets/1/minSubtotal", json!(49.99)),
        "invalid_program",
        "offers[0].brackets[1].minSubtotal",
    );
}

#[test]
fn a_bracket_needs_a_benefit() {
    refused(
        with(
            good(),
            "/offers/0/brackets/0",
            json!({ "minSubtotal": "50", "freeShipping": false }),
        ),
        "invalid_program",
        "offers[0].brackets[0]",
    );
}

#[test]
fn percent_must_be_above_0_and_at_most_100() {
    for bad in [
        json!("0"),
        json!(0),
        json!("100.01"),
        json!("-5"),
        json!(250),
    ] {
        refused(
            with(good(), "/offers/0/brackets/1/discount/percent", bad),
            "invalid_program",
            "offers[0].brackets[1].discount.percent",
        );
    }
    let ok = with(
        good(),
        "/offers/0/brackets/1/discount/percent",
        json!("100"),
    );
    assert!(Engine::from_json(&ok.to_string()).is_ok());
    refused(
        with(good(), "/promoCodes/0/discount/percent", json!("0")),
        "invalid_program",
        "promoCodes[0].discount.percent",
    );
}

#[test]
fn amounts_must_be_positive() {
    for bad in [json!("0"), json!("-5"), json!(0), json!(-0.01)] {
        refused(
            with(good(), "/offers/0/brackets/0/discount/amount", bad),
            "invalid_program",
            "offers[0].brackets[0].discount.amount",
        );
    }
    refused(
        with(good(), "/offers/0/brackets/0/minSubtotal", json!("-1")),
        "invalid_program",
        "offers[0].brackets[0].minSubtotal",
    );
    refused(
        with(good(), "/rewards/0/amount", json!("0")),
        "invalid_program",
        "rewards[0].amount",
    );
    refused(
        with(good(), "/promoCodes/0/discount", json!({ "amount": "-3" })),
        "invalid_program",
        "promoCodes[0].discount.amount",
    );
    // More decimals than the currency has.
    refused(
        with(
            good(),
            "/offers/0/brackets/0/discount/amount",
            json!("5.001"),
        ),
        "invalid_program",
        "offers[0].brackets[0].discount.amount",
    );
}

#[test]
fn a_discount_is_an_amount_or_a_percent_not_both() {
    refused(
        with(
            good(),
            "/offers/0/brackets/0/discount",
            json!({ "amount": "5", "percent": "5" }),
        ),
        "invalid_program",
        "offers[0].brackets[0].discount",
    );
    refused(
        with(good(), "/offers/0/brackets/0/discount", json!({})),
        "invalid_program",
        "offers[0].brackets[0].discount",
    );
}

#[test]
fn brackets_may_be_empty_only_for_a_points_only_offer() {
    refused(
        with(good(), "/offers/0/brackets", json!([])),
        "invalid_program",
        "offers[0].brackets",
    );
    let mut points_only = with(good(), "/offers/0/brackets", json!([]));
    points_only["offers"][0]["discountEnabled"] = json!(false);
    points_only["offers"][0]["earnPoints"] = json!(false);
    assert_eq!(validate_program_json(&points_only.to_string()), vec![]);
}

// ---------------------------------------------------------------- references

#[test]
fn unknown_segment_and_group_references() {
    refused(
        with(good(), "/offers/0/segment", json!("nope")),
        "invalid_program",
        "offers[0].segment",
    );
    refused(
        segment_rule(json!({ "all": [
            { "field": "customer.tags", "op": "contains", "value": "y" },
            { "segment": "nope" } ] })),
        "invalid_program",
        "segments[0].rule.all[1].segment",
    );
    refused(
        segment_rule(json!({ "not": { "group": "nope" } })),
        "invalid_program",
        "segments[0].rule.not.group",
    );
    refused(
        with(good(), "/points/multipliers/0/segment", json!("nope")),
        "invalid_program",
        "points.multipliers[0].segment",
    );
    refused(
        with(good(), "/promoCodes/0/segments", json!(["y", "nope"])),
        "invalid_program",
        "promoCodes[0].segments[1]",
    );
    let mut by_group = good();
    by_group["offers"][0]
        .as_object_mut()
        .unwrap()
        .remove("segment");
    by_group["offers"][0]["group"] = json!("nope");
    refused(by_group, "invalid_program", "offers[0].group");
    let mut both = good();
    both["offers"][0]["group"] = json!("wholesale");
    refused(both, "invalid_program", "offers[0]");
}

#[test]
fn segment_reference_cycles() {
    // Self-reference.
    let p = refused(
        segment_rule(json!({ "any": [ { "segment": "y" }, { "segment": "loyal" } ] })),
        "invalid_program",
        "segments[0].rule",
    );
    assert!(p.message.contains("cycle"), "{}", p.message);
    // a → b → c → a, defined out of order.
    let mut program = good();
    program["segments"] = json!([
        { "id": "a", "rule": { "segment": "b" } },
        { "id": "b", "rule": { "all": [ { "segment": "loyal" }, { "not": { "segment": "c" } } ] } },
        { "id": "c", "rule": { "any": [ { "segment": "a" } ] } },
        { "id": "y", "rule": { "segment": "a" } }
    ]);
    let problems = has_problem(program.clone(), "invalid_program", "segments[2].rule");
    assert_eq!(problems.len(), 1, "one cycle, one problem: {problems:?}");
    assert!(
        problems[0].message.contains("a → b → c → a"),
        "{problems:?}"
    );
    // A diamond is not a cycle.
    program["segments"] = json!([
        { "id": "a", "rule": { "all": [ { "segment": "b" }, { "segment": "c" } ] } },
        { "id": "b", "rule": { "segment": "d" } },
        { "id": "c", "rule": { "segment": "d" } },
        { "id": "d", "rule": { "segment": "loyal" } },
        { "id": "y", "rule": { "segment": "a" } }
    ]);
    assert_eq!(validate_program_json(&program.to_string()), vec![]);
}

// ---------------------------------------------------------------- conditions

#[test]
fn field_op_and_value_must_fit_together() {
    for (rule, path) in [
        (
            json!({ "field": "customer.tags", "op": "eq", "value": "y" }),
            "segments[0].rule.op",
        ),
        (
            json!({ "field": "cart.subtotal", "op": "contains", "value": "1" }),
            "segments[0].rule.op",
        ),
        (
            json!({ "field": "shipping.carrier", "op": "gt", "value": "a" }),
            "segments[0].rule.op",
        ),
        (
            json!({ "field": "customer.hasDiscountCard", "op": "in", "value": [true] }),
            "segments[0].rule.op",
        ),
        (
            json!({ "field": "orders.products", "op": "startsWith", "value": "p" }),
            "segments[0].rule.op",
        ),
        (
            json!({ "field": "customer.tags", "op": "equals", "value": "y" }),
            "segments[0].rule.op",
        ),
        (
            json!({ "field": "customer.tag", "op": "contains", "value": "y" }),
            "segments[0].rule.field",
        ),
        (
            json!({ "field": "customer.attributes.", "op": "eq", "value": "y" }),
            "segments[0].rule.field",
        ),
    ] {
        refused(segment_rule(rule), "invalid_program", path);
    }
}

#[test]
fn bad_value_types() {
    for rule in [
        json!({ "field": "orders.count", "op": "gte", "value": "many" }),
        json!({ "field": "orders.count", "op": "gte", "value": true }),
        json!({ "field": "orders.count", "op": "in", "value": 5 }),
        json!({ "field": "orders.count", "op": "in", "value": [] }),
        json!({ "field": "cart.subtotal", "op": "gt", "value": "1e3" }),
        json!({ "field": "customer.type", "op": "eq", "value": "company" }),
        json!({ "field": "customer.type", "op": "in", "value": ["business", "company"] }),
        json!({ "field": "customer.hasDiscountCard", "op": "eq", "value": "yes" }),
        json!({ "field": "customer.registeredAt", "op": "before", "value": "yesterday" }),
        json!({ "field": "customer.registeredAt", "op": "before", "value": "2026-01-01T00:00:00" }),
        json!({ "field": "customer.registeredAt", "op": "withinLastDays", "value": -1 }),
        json!({ "field": "customer.registeredAt", "op": "withinLastDays", "value": 1.5 }),
        json!({ "field": "customer.registeredAt", "op": "withinLastDays", "value": "30" }),
        json!({ "field": "customer.tags", "op": "contains", "value": ["y"] }),
        json!({ "field": "customer.tags", "op": "containsAny", "value": "y" }),
        json!({ "field": "shipping.address.city", "op": "in", "value": "Paris" }),
        json!({ "field": "shipping.address.city", "op": "eq", "value": 75 }),
        json!({ "field": "customer.attributes.x", "op": "eq", "value": { "a": 1 } }),
        json!({ "field": "customer.attributes.x", "op": "in", "value": [[1]] }),
    ] {
        refused(
            segment_rule(rule.clone()),
            "invalid_program",
            "segments[0].rule.value",
        );
    }
}

#[test]
fn within_last_days_only_on_orders_fields() {
    for field in [
        "cart.subtotal",
        "customer.registeredAt",
        "customer.attributes.n",
    ] {
        let op = if field == "customer.registeredAt" {
            "before"
        } else {
            "gt"
        };
        let value = if op == "before" {
            json!("2026-01-01T00:00:00Z")
        } else {
            json!(1)
        };
        refused(
            segment_rule(json!({ "field": field, "op": op, "value": value, "withinLastDays": 30 })),
            "invalid_program",
            "segments[0].rule.withinLastDays",
        );
    }
    let ok = segment_rule(
        json!({ "field": "orders.count", "op": "gte", "value": 2, "withinLastDays": 30 }),
    );
    assert_eq!(validate_program_json(&ok.to_string()), vec![]);
}

#[test]
fn a_condition_has_one_shape() {
    // A combinator with another key, and an empty combinator.
    has_problem(
        segment_rule(json!({ "all": [], "field": "x" })),
        "invalid_program",
        "segments[0].rule.field",
    );
    refused(
        segment_rule(json!({ "any": [] })),
        "invalid_program",
        "segments[0].rule.any",
    );
    has_problem(
        segment_rule(json!({ "field": "orders.count", "op": "gt" })),
        "invalid_program",
        "segments[0].rule.value",
    );
    let typo = segment_rule(
        json!({ "field": "orders.count", "op": "gt", "value": 1, "withinLastDay": 3 }),
    );
    let err = Engine::from_json(&typo.to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidProgram);
    assert!(err.path.starts_with("segments[0].rule"), "{}", err.path);
    assert!(err.message.contains("withinLastDay"), "{}", err.message);
}

// ---------------------------------------------------------------- ids

#[test]
fn duplicate_ids() {
    let offer = good()["offers"][0].clone();
    refused(
        with(good(), "/offers/1", offer),
        "invalid_program",
        "offers[1].id",
    );
    refused(
        with(
            good(),
            "/segments/1",
            json!({ "id": "y", "rule": { "segment": "loyal" } }),
        ),
        "invalid_program",
        "segments[1].id",
    );
    refused(
        with(good(), "/groups/1/id", json!("standard")),
        "invalid_program",
        "groups[1].id",
    );
    let reward = good()["rewards"][0].clone();
    refused(
        with(good(), "/rewards/1", reward),
        "invalid_program",
        "rewards[1].id",
    );
    let gift = good()["gifts"][0].clone();
    refused(
        with(good(), "/gifts/1", gift),
        "invalid_program",
        "gifts[1].id",
    );
    // Promo codes match case-insensitively, so they must differ case-insensitively.
    let problem = refused(
        with(
            good(),
            "/promoCodes/1",
            json!({ "code": "welcome15", "freeShipping": true }),
        ),
        "invalid_program",
        "promoCodes[1].code",
    );
    assert!(problem.message.contains("case-insensitively"));
    // Beyond ASCII too: `ÉTÉ` and `été` are the same code.
    let ete = with(
        good(),
        "/promoCodes/0",
        json!({ "code": "ÉTÉ20", "freeShipping": true }),
    );
    refused(
        with(
            ete,
            "/promoCodes/1",
            json!({ "code": "été20", "freeShipping": true }),
        ),
        "invalid_program",
        "promoCodes[1].code",
    );
}

#[test]
fn a_promo_code_has_no_space_around_it() {
    for code in [
        " WELCOME15",
        "WELCOME15 ",
        "WELCOME15\u{2003}",
        "\u{a0}ÉTÉ20",
    ] {
        let problem = refused(
            with(good(), "/promoCodes/0/code", json!(code)),
            "invalid_program",
            "promoCodes[0].code",
        );
        assert!(problem.message.contains("spaces"), "{code:?}: {problem:?}");
    }
    // Spaces inside, capitals and letters beyond ASCII are fine.
    for code in ["WELCOME 15", "Welcome15", "ÉTÉ20"] {
        let text = with(good(), "/promoCodes/0/code", json!(code)).to_string();
        assert!(Engine::from_json(&text).is_ok(), "{code:?}");
    }
}

#[test]
fn built_in_segment_ids_are_reserved() {
    for id in [
        "deactivated",
        "potential",
        "recentFirstOrder",
        "loyal",
        "customers",
    ] {
        refused(
            with(
                good(),
                "/segments/1",
                json!({ "id": id, "rule": { "segment": "y" } }),
            ),
            "invalid_program",
            "segments[1].id",
        );
    }
}

#[test]
fn empty_and_overlong_ids() {
    refused(
        with(good(), "/offers/0/id", json!("")),
        "invalid_program",
        "offers[0].id",
    );
    refused(
        with(good(), "/offers/0/id", json!("x".repeat(129))),
        "limit_exceeded",
        "offers[0].id",
    );
    assert!(
        Engine::from_json(&with(good(), "/offers/0/id", json!("é".repeat(128))).to_string())
            .is_ok()
    );
}

// ---------------------------------------------------------------- shape

#[test]
fn unknown_keys_fail_loudly() {
    for (pointer, key, path) in [
        ("", "offer", "offer"),
        ("/offers/0", "discountEnable", "offers[0].discountEnable"),
        (
            "/offers/0/brackets/0",
            "minSubtotl",
            "offers[0].brackets[0].minSubtotl",
        ),
        (
            "/offers/0/brackets/0/discount",
            "percentage",
            "offers[0].brackets[0].discount.percentage",
        ),
        ("/points", "perUnit", "points.perUnit"),
        ("/promoCodes/0", "validTo", "promoCodes[0].validTo"),
        ("/groups/0", "color", "groups[0].color"),
    ] {
        let mut p = good();
        p.pointer_mut(pointer).unwrap()[key] = json!(true);
        let err = Engine::from_json(&p.to_string()).expect_err(key);
        assert_eq!(err.code, ErrorCode::InvalidProgram, "{key}");
        // The path points at the object holding the typo, or at the key itself.
        let parent = path.rsplit_once('.').map(|(a, _)| a).unwrap_or("");
        assert!(
            err.path == path || err.path == parent,
            "{key}: path `{}`, expected `{path}` or `{parent}`",
            err.path
        );
        assert!(err.message.contains(key), "{}", err.message);
    }
}

#[test]
fn version_and_currency() {
    refused(
        with(good(), "/version", json!(2)),
        "invalid_program",
        "version",
    );
    let err = Engine::from_json(&with(good(), "/version", json!("1")).to_string()).unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        (ErrorCode::InvalidProgram, "version")
    );
    for bad in ["EURO", "XYZ", "eur", ""] {
        refused(
            with(good(), "/currency", json!(bad)),
            "invalid_program",
            "currency",
        );
    }
    let mut no_version = good();
    no_version.as_object_mut().unwrap().remove("version");
    let err = Engine::from_json(&no_version.to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidProgram);
    assert!(err.message.contains("version"), "{}", err.message);
}

#[test]
fn only_one_default_group() {
    refused(
        with(good(), "/groups/1/default", json!(true)),
        "invalid_program",
        "groups[1].default",
    );
}

#[test]
fn validate_returns_every_problem() {
    let mut p = good();
    p["currency"] = json!("EURO");
    p["offers"][0]["brackets"][1]["minSubtotal"] = json!("10");
    p["offers"][0]["brackets"][0]["discount"]["amount"] = json!("0");
    p["segments"][0]["rule"] = json!({ "field": "customer.tags", "op": "eq", "value": "y" });
    p["groups"][1]["default"] = json!(true);
    p["promoCodes"][0]["segments"] = json!(["ghost"]);
    let text = p.to_string();
    let problems = validate_program_json(&text);
    let mut paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "currency",
            "groups[1].default",
            "offers[0].brackets[0].discount.amount",
            "offers[0].brackets[1].minSubtotal",
            "promoCodes[0].segments[0]",
            "segments[0].rule.op",
        ],
        "{problems:?}"
    );
    assert!(problems.iter().all(|p| p.code == ErrorCode::InvalidProgram));
    let err = Engine::from_json(&text).unwrap_err();
    assert_eq!(err.problems, problems);
    assert_eq!((err.code, &err.path), (problems[0].code, &problems[0].path));
    // The error serializes as {code, path, message, problems}.
    let v: Value = serde_json::from_str(&err.to_json()).unwrap();
    assert_eq!(v["code"], "invalid_program");
    assert_eq!(v["problems"].as_array().unwrap().len(), 6);
}

// ---------------------------------------------------------------- limits

fn nested_not(depth: usize) -> Value {
    let mut rule = json!({ "field": "customer.tags", "op": "contains", "value": "y" });
    for _ in 1..depth {
        rule = json!({ "not": rule });
    }
    rule
}

fn segment_rule_text() -> String {
    good()["segments"][0]["rule"].to_string()
}

#[test]
fn rule_depth_limit() {
    // 32 levels are fine; 33 are not.
    assert_eq!(
        validate_program_json(&segment_rule(nested_not(32)).to_string()),
        vec![]
    );
    let deep_path = format!("segments[0].rule{}", ".not".repeat(32));
    refused(segment_rule(nested_not(33)), "limit_exceeded", &deep_path);
    // Far deeper than any parser should follow: refused, not a crash.
    for depth in [200, 5_000, 100_000] {
        // Built as text: a deep `Value` would itself be a deep recursion here.
        let leaf = r#"{"field":"customer.tags","op":"contains","value":"y"}"#;
        let rule = format!("{}{leaf}{}", r#"{"not":"#.repeat(depth), "}".repeat(depth));
        let text = good().to_string().replacen(&segment_rule_text(), &rule, 1);
        let err = Engine::from_json(&text).unwrap_err();
        assert_eq!(
            err.code,
            ErrorCode::LimitExceeded,
            "{depth}: {}",
            err.to_json()
        );
        assert!(err.path.starts_with("segments[0].rule"), "{}", err.path);
    }
    // A host may allow deeper rules.
    let limits = Limits {
        rule_depth: 40,
        ..Limits::default()
    };
    let program = checkout_benefits::parse_program(segment_rule(nested_not(40))).unwrap();
    assert!(Engine::with_limits(program, limits).is_ok());
}

#[test]
fn rule_node_limit() {
    let leaf = json!({ "field": "orders.count", "op": "gt", "value": 1 });
    let wide = json!({ "any": vec![leaf.clone(); 10_000] });
    // 10,001 nodes: the `any` and its 10,000 comparisons.
    let problems = has_problem(segment_rule(wide), "limit_exceeded", "segments");
    assert_eq!(problems.len(), 1, "{problems:?}");
    let fits = json!({ "any": vec![leaf.clone(); 9_999] });
    assert_eq!(
        validate_program_json(&segment_rule(fits).to_string()),
        vec![]
    );
    // Counted over the whole program.
    let limits = Limits {
        rule_nodes: 5,
        ..Limits::default()
    };
    let mut p = good();
    p["segments"] = json!([
        { "id": "a", "rule": { "all": [leaf.clone(), leaf.clone()] } },
        { "id": "b", "rule": { "all": [leaf.clone(), leaf.clone()] } },
        { "id": "y", "rule": leaf }
    ]);
    let program = checkout_benefits::parse_program(p).unwrap();
    let err = Engine::with_limits(program, limits).unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        (ErrorCode::LimitExceeded, "segments")
    );
}

#[test]
fn other_program_limits() {
    let mut p = good();
    p["offers"][0]["brackets"] = Value::Array(
        (1..=101)
            .map(|i| json!({ "minSubtotal": i, "freeShipping": true }))
            .collect(),
    );
    refused(p, "limit_exceeded", "offers[0].brackets");

    let mut p = good();
    let mut segments: Vec<Value> = (0..1_000)
        .map(|i| json!({ "id": format!("s{i}"), "rule": { "segment": "loyal" } }))
        .collect();
    segments.push(json!({ "id": "y", "rule": { "segment": "loyal" } }));
    p["segments"] = Value::Array(segments);
    refused(p, "limit_exceeded", "segments");

    refused(
        with(
            good(),
            "/offers/0/brackets/1/minSubtotal",
            json!("1000000000001"),
        ),
        "limit_exceeded",
        "offers[0].brackets[1].minSubtotal",
    );
}

#[test]
fn oversized_json_text_is_a_limit() {
    let mut p = good();
    p["offers"][0]["name"] = json!("x".repeat(4 * 1024 * 1024));
    let err = Engine::from_json(&p.to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::LimitExceeded);
}

// ---------------------------------------------------------------- requests

fn engine() -> Engine {
    Engine::from_json(&good().to_string()).unwrap()
}

fn request() -> Value {
    json!({ "now": NOW,
        "customer": { "id": "c1", "group": "wholesale", "orders": [
            { "id": "o1", "placedAt": "2026-01-01T10:00:00Z", "status": "paid", "total": "10" } ] },
        "cart": { "currency": "EUR",
            "lines": [
                { "id": "l1", "productId": "p1", "unitPrice": "12.50", "quantity": 2 },
                { "id": "l2", "productId": "p2", "unitPrice": "5", "quantity": 1 } ],
            "shipping": { "cost": "4.90" } } })
}

/// The request is refused with this code and path; the engine keeps working.
#[track_caller]
fn request_refused(req: Value, code: &str, path: &str) {
    let e = engine();
    let err = e
        .quote_json(&req.to_string())
        .expect_err("the request must be refused");
    assert_eq!(
        (code_name(err.code), err.path.as_str()),
        (code, path),
        "{}",
        err.to_json()
    );
    assert!(!err.message.is_empty());
    assert!(e.quote_json(&request().to_string()).is_ok());
}

#[test]
fn the_base_request_is_valid() {
    assert!(engine().quote_json(&request().to_string()).is_ok());
}

#[test]
fn currency_mismatch() {
    request_refused(
        with(request(), "/cart/currency", json!("USD")),
        "invalid_request",
        "cart.currency",
    );
    request_refused(
        with(request(), "/cart/currency", json!("eur")),
        "invalid_request",
        "cart.currency",
    );
}

#[test]
fn quantities_are_whole_positive_numbers() {
    for bad in [
        json!(0),
        json!(1.5),
        json!(-1),
        json!("2"),
        json!(null),
        json!(2.5),
        json!(-2.0),
    ] {
        request_refused(
            with(request(), "/cart/lines/1/quantity", bad),
            "invalid_request",
            "cart.lines[1].quantity",
        );
    }
    // A whole number written with a fraction or an exponent is that number, as
    // JavaScript reads it (`JSON.parse` makes 2 of `2.0`): the same quote as for `2`.
    let e = engine();
    let two = e.quote_json(&with(request(), "/cart/lines/1/quantity", json!(2)).to_string());
    let text = request()
        .to_string()
        .replace(r#""quantity":1"#, r#""quantity":2.0"#);
    assert!(text.contains("2.0"), "{text}");
    assert_eq!(e.quote_json(&text).unwrap(), two.unwrap());
    let text = request()
        .to_string()
        .replace(r#""quantity":1"#, r#""quantity":0.2e1"#);
    assert_eq!(
        e.quote_json(&text).unwrap(),
        e.quote_json(&text.replace("0.2e1", "2")).unwrap()
    );
}

#[test]
fn duplicate_line_ids() {
    request_refused(
        with(request(), "/cart/lines/1/id", json!("l1")),
        "invalid_request",
        "cart.lines[1].id",
    );
}

#[test]
fn timestamps_need_an_offset() {
    for bad in ["2026-11-22T10:00:00", "2026-11-22", "22/11/2026", ""] {
        request_refused(
            with(request(), "/now", json!(bad)),
            "invalid_request",
            "now",
        );
        request_refused(
            with(request(), "/customer/orders/0/placedAt", json!(bad)),
            "invalid_request",
            "customer.orders[0].placedAt",
        );
    }
    let mut no_now = request();
    no_now.as_object_mut().unwrap().remove("now");
    let err = engine().quote_json(&no_now.to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidRequest);
    assert!(err.message.contains("now"), "{}", err.message);
}

#[test]
fn amounts_refuse_exponents_nan_and_junk() {
    for bad in [
        json!("1e3"),
        json!("1E3"),
        json!("NaN"),
        json!("Infinity"),
        json!("-Infinity"),
        json!("1.2x"),
        json!(" 12.50"),
        json!("12,50"),
        json!("+5"),
        json!(""),
        json!("."),
        json!("1."),
        json!(true),
        json!(null),
        json!(["12"]),
        json!("-3"),
    ] {
        request_refused(
            with(request(), "/cart/lines/0/unitPrice", bad),
            "invalid_request",
            "cart.lines[0].unitPrice",
        );
    }
    for bad in [json!("abc"), json!("-1"), json!("1e2")] {
        request_refused(
            with(request(), "/cart/shipping/cost", bad.clone()),
            "invalid_request",
            "cart.shipping.cost",
        );
        request_refused(
            with(request(), "/customer/orders/0/total", bad),
            "invalid_request",
            "customer.orders[0].total",
        );
    }
    // NaN and Infinity are not even JSON: refused as a request error.
    let text = request().to_string().replace("\"12.50\"", "NaN");
    let err = engine().quote_json(&text).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidRequest);
    // A finite JSON number is accepted and means the same as the string.
    let as_number = with(request(), "/cart/lines/0/unitPrice", json!(12.5));
    assert_eq!(
        engine().quote_json(&as_number.to_string()).unwrap(),
        engine().quote_json(&request().to_string()).unwrap()
    );
}

#[test]
fn unknown_customer_group() {
    request_refused(
        with(request(), "/customer/group", json!("vip")),
        "invalid_request",
        "customer.group",
    );
}

#[test]
fn other_request_errors() {
    request_refused(
        with(request(), "/cart/lines/0/id", json!("")),
        "invalid_request",
        "cart.lines[0].id",
    );
    request_refused(
        with(request(), "/customer/personalDiscount", json!("101")),
        "invalid_request",
        "customer.personalDiscount",
    );
    request_refused(
        with(request(), "/customer/status", json!("banned")),
        "invalid_request",
        "customer.status",
    );
    request_refused(
        with(request(), "/customer/type", json!("company")),
        "invalid_request",
        "customer.type",
    );
    let mut typo = request();
    typo["cart"]["lines"][0]["price"] = json!("1");
    let err = engine().quote_json(&typo.to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidRequest);
    assert!(err.path.starts_with("cart.lines[0]"), "{}", err.path);
    assert!(err.message.contains("price"), "{}", err.message);
    let mut lines = request();
    lines["cart"]["lines"] = Value::Array(
        (0..1_001)
            .map(|i| json!({ "id": format!("l{i}"), "productId": "p", "unitPrice": "1", "quantity": 1 }))
            .collect(),
    );
    request_refused(lines, "limit_exceeded", "cart.lines");
    request_refused(
        with(request(), "/cart/lines/0/unitPrice", json!("1000000000001")),
        "limit_exceeded",
        "cart.lines[0].unitPrice",
    );
    // An order total past the money limit (10^12), at any scale, and one exactly at it.
    for total in [
        "1000000000000.01",
        "1000000000001",
        "1000000000000.0000000001",
    ] {
        request_refused(
            with(request(), "/customer/orders/0/total", json!(total)),
            "limit_exceeded",
            "customer.orders[0].total",
        );
    }
    for total in [
        "1000000000000",
        "1000000000000.000",
        "999999999999.9999999999",
    ] {
        let at_limit = with(request(), "/customer/orders/0/total", json!(total));
        assert!(
            engine().quote_json(&at_limit.to_string()).is_ok(),
            "{total}"
        );
    }
}

#[test]
fn a_request_error_lists_every_problem() {
    let mut req = request();
    req["cart"]["currency"] = json!("USD");
    req["cart"]["lines"][1]["id"] = json!("l1");
    req["cart"]["lines"][0]["quantity"] = json!(0);
    let err = engine().quote_json(&req.to_string()).unwrap_err();
    let paths: Vec<&str> = err.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "cart.currency",
            "cart.lines[0].quantity",
            "cart.lines[1].id"
        ]
    );
}

#[test]
fn cart_ids_are_checked_alike_whichever_way_the_request_is_read() {
    // `quote_json` reads the text with the engine's reader, which tells the checks
    // which cart strings are printable ASCII; `quote` of a request read by serde knows
    // nothing of them. Both must find the same problems, and the prepared path too.
    let e = engine();
    let long_ascii = "x".repeat(129);
    let fits_in_chars = "é".repeat(128); // 256 bytes, 128 characters: within the limit
    let long_chars = "é".repeat(129);
    let ids = [
        "",
        "plain-id_42 ~",
        "x",
        long_ascii.as_str(),
        &long_ascii[..128],
        fits_in_chars.as_str(),
        long_chars.as_str(),
        "del\u{7f}",
        "c1\u{85}control",
        "café",
        "€",
        "😀😀😀😀😀😀😀😀😀",
    ];
    let mut refused = 0;
    for id in ids {
        for (pointer, list) in [
            ("/cart/lines/0/id", false),
            ("/cart/lines/1/productId", false),
            ("/cart/lines/0/categories", true),
            ("/cart/promoCodes", true),
            ("/cart/redeem", true),
        ] {
            let value = if list { json!(["ok", id]) } else { json!(id) };
            let req = with(request(), pointer, value);
            let text = req.to_string();
            let by_reader = e.quote_json(&text).map_err(|err| err.to_json());
            let read = checkout_benefits::parse_request(req.clone()).expect("the request reads");
            let by_serde = e
                .quote(&read)
                .map(|q| q.to_json())
                .map_err(|err| err.to_json());
            assert_eq!(by_reader, by_serde, "{id:?} at {pointer}");
            let customer = checkout_benefits::parse_customer(req["customer"].clone()).unwrap();
            let prepared = e.prepare_customer(&customer).unwrap();
            let mut rest = req.clone();
            rest.as_object_mut().unwrap().remove("customer");
            let prepared_quote = e
                .quote_prepared_json(&prepared, &rest.to_string())
                .map_err(|err| err.to_json());
            assert_eq!(prepared_quote, by_reader, "{id:?} at {pointer}");
            refused += usize::from(by_reader.is_err());
        }
    }
    // Empty, too long and control characters, wherever they are.
    assert_eq!(refused, 5 * 5);
}

#[test]
fn the_benchmarks_unwritten_quote_reads_and_checks_like_quote_json() {
    // `quote_json_unwritten` stops `quote_json` before the writing, for the benchmarks'
    // instruction phases: it must refuse what `quote_json` refuses, with the same error.
    let e = engine();
    assert_eq!(e.quote_json_unwritten(&request().to_string()), Ok(()));
    for req in [
        with(request(), "/cart/lines/0/id", json!("")),
        with(request(), "/cart/currency", json!("USD")),
        with(request(), "/customer/personalDiscount", json!("101")),
    ] {
        let text = req.to_string();
        let unwritten = e.quote_json_unwritten(&text).unwrap_err();
        let written = e.quote_json(&text).unwrap_err();
        assert_eq!(unwritten.to_json(), written.to_json());
    }
    assert!(e.quote_json_unwritten("{").is_err());
}
