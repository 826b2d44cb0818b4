//! Reads a program from JSON text by hand: the text read into a [`Doc`] tree
//! ([`crate::jsondoc`], which says how the reading differs from serde's), then one
//! function per model type building the [`Program`] from it, with serde's messages and
//! paths. A key given twice in a comparison's `value` is refused (serde kept the last).
//!
//! The unit tests compare this reader with the serde types of `model` on many programs.

use crate::error::{Error, ErrorCode};
use crate::jsondoc::{
    self, boolean, dec, fail, json_value, list, members, need, object, opt, opt_dec, opt_instant,
    opt_string, opt_strings, opt_u32, string, strings, u32_, u64_, variant, At, Doc, R,
};
use crate::money::{Dec, Rounding};
use crate::program::model::*;

/// Reads a program from JSON text, reporting the JSON path of a problem.
pub(crate) fn program(text: &str) -> Result<Program, Error> {
    const CODE: ErrorCode = ErrorCode::InvalidProgram;
    let doc = jsondoc::parse(text, CODE, "")?;
    read_program(doc, &At::Root(CODE)).map_err(|e| *e)
}

#[inline(never)]
fn read_program(doc: Doc, at: &At) -> R<Program> {
    let (mut version, mut currency) = (None, None);
    let mut out = Program {
        version: 0,
        currency: String::new(),
        rounding: Rounding::default(),
        validated_order_statuses: None,
        stacking: Stacking::default(),
        groups: Vec::new(),
        segments: Vec::new(),
        offers: Vec::new(),
        points: None,
        personal_discount: None,
        cumulative_discount: None,
        rewards: Vec::new(),
        promo_codes: Vec::new(),
        gifts: Vec::new(),
        discount_cards: None,
    };
    members!(doc, at, "struct Program", |value, here| {
        "version" => version = Some(u32_(value, here)?),
        "currency" => currency = Some(string(value, here)?),
        "rounding" => out.rounding = read_rounding(value, here)?,
        "validatedOrderStatuses" => out.validated_order_statuses = opt_strings(value, here)?,
        "stacking" => out.stacking = read_stacking(value, here)?,
        "groups" => out.groups = read_groups(value, here)?,
        "segments" => out.segments = list(value, here, read_segment)?,
        "offers" => out.offers = list(value, here, read_offer)?,
        "points" => out.points = opt(value, here, read_points)?,
        "personalDiscount" => out.personal_discount = opt(value, here, read_toggle)?,
        "cumulativeDiscount" => out.cumulative_discount = opt(value, here, read_cumulative)?,
        "rewards" => out.rewards = list(value, here, read_reward)?,
        "promoCodes" => out.promo_codes = list(value, here, read_promo_code)?,
        "gifts" => out.gifts = read_gifts(value, here)?,
        "discountCards" => out.discount_cards = opt(value, here, read_discount_cards)?,
    });
    out.version = need(version, at, "version")?;
    out.currency = need(currency, at, "currency")?;
    Ok(out)
}

fn read_rounding(doc: Doc, at: &At) -> R<Rounding> {
    const NAMES: &[&str] = &["halfUp", "halfEven"];
    Ok(match variant(doc, at, "enum Rounding", NAMES)? {
        0 => Rounding::HalfUp,
        _ => Rounding::HalfEven,
    })
}

fn read_stacking(doc: Doc, at: &At) -> R<Stacking> {
    const NAMES: &[&str] = &["bestOf", "stack"];
    let mut out = Stacking::default();
    members!(doc, at, "struct Stacking", |value, here| {
        "customerDiscount" => out.customer_discount = match variant(value, here, "enum StackingPolicy", NAMES)? {
            0 => StackingPolicy::BestOf,
            _ => StackingPolicy::Stack,
        },
    });
    Ok(out)
}

fn read_toggle(doc: Doc, at: &At) -> R<Toggle> {
    let mut enabled = None;
    members!(doc, at, "struct Toggle", |value, here| {
        "enabled" => enabled = Some(boolean(value, here)?),
    });
    Ok(Toggle {
        enabled: need(enabled, at, "enabled")?,
    })
}

/// The list of groups, read apart from [`read_program`] as most programs have none (V8
/// compiles a function whole on its first call); so are gifts.
#[inline(never)]
fn read_groups(doc: Doc, at: &At) -> R<Vec<Group>> {
    list(doc, at, read_group)
}

#[inline(never)]
fn read_group(doc: Doc, at: &At) -> R<Group> {
    let mut id = None;
    let mut out = Group {
        id: String::new(),
        name: None,
        default: false,
        colour: None,
        prices: Vec::new(),
    };
    members!(doc, at, "struct Group", |value, here| {
        "id" => id = Some(string(value, here)?),
        "name" => out.name = opt_string(value, here)?,
        "default" => out.default = boolean(value, here)?,
        "colour" => out.colour = opt_string(value, here)?,
        "prices" => out.prices = list(value, here, read_price_rule)?,
    });
    out.id = need(id, at, "id")?;
    Ok(out)
}

#[inline(never)]
fn read_price_rule(doc: Doc, at: &At) -> R<PriceRule> {
    let mut out = PriceRule {
        products: None,
        categories: None,
        percent: None,
        price: None,
    };
    members!(doc, at, "struct PriceRule", |value, here| {
        "products" => out.products = opt_strings(value, here)?,
        "categories" => out.categories = opt_strings(value, here)?,
        "percent" => out.percent = opt_dec(value, here)?,
        "price" => out.price = opt_dec(value, here)?,
    });
    Ok(out)
}

#[inline(never)]
fn read_segment(doc: Doc, at: &At) -> R<Segment> {
    let (mut id, mut name, mut rule) = (None, None, None);
    members!(doc, at, "struct Segment", |value, here| {
        "id" => id = Some(string(value, here)?),
        "name" => name = opt_string(value, here)?,
        "rule" => rule = Some(read_condition(value, here)?),
    });
    Ok(Segment {
        id: need(id, at, "id")?,
        name,
        rule: need(rule, at, "rule")?,
    })
}

#[inline(never)]
fn read_offer(doc: Doc, at: &At) -> R<Offer> {
    let mut id = None;
    let mut out = Offer {
        id: String::new(),
        name: None,
        segment: None,
        group: None,
        earn_points: true,
        discount_enabled: true,
        applies_with_promo_code: false,
        valid_from: None,
        valid_until: None,
        brackets: Vec::new(),
    };
    members!(doc, at, "struct Offer", |value, here| {
        "id" => id = Some(string(value, here)?),
        "name" => out.name = opt_string(value, here)?,
        "segment" => out.segment = opt_string(value, here)?,
        "group" => out.group = opt_string(value, here)?,
        "earnPoints" => out.earn_points = boolean(value, here)?,
        "discountEnabled" => out.discount_enabled = boolean(value, here)?,
        "appliesWithPromoCode" => out.applies_with_promo_code = boolean(value, here)?,
        "validFrom" => out.valid_from = opt_instant(value, here)?,
        "validUntil" => out.valid_until = opt_instant(value, here)?,
        "brackets" => out.brackets = list(value, here, read_bracket)?,
    });
    out.id = need(id, at, "id")?;
    Ok(out)
}

#[inline(never)]
fn read_bracket(doc: Doc, at: &At) -> R<Bracket> {
    let (mut min, mut discount, mut free_shipping) = (None, None, false);
    members!(doc, at, "struct Bracket", |value, here| {
        "minSubtotal" => min = Some(dec(value, here)?),
        "discount" => discount = opt(value, here, read_discount)?,
        "freeShipping" => free_shipping = boolean(value, here)?,
    });
    Ok(Bracket {
        min_subtotal: need(min, at, "minSubtotal")?,
        discount,
        free_shipping,
    })
}

#[inline(never)]
fn read_discount(doc: Doc, at: &At) -> R<Discount> {
    let mut out = Discount {
        amount: None,
        percent: None,
    };
    members!(doc, at, "struct Discount", |value, here| {
        "amount" => out.amount = opt_dec(value, here)?,
        "percent" => out.percent = opt_dec(value, here)?,
    });
    Ok(out)
}

#[inline(never)]
fn read_points(doc: Doc, at: &At) -> R<Points> {
    const BASES: &[&str] = &["afterDiscounts", "beforeDiscounts"];
    let (mut enabled, mut per_unit) = (None, None);
    let mut out = Points {
        enabled: false,
        points_per_unit: Dec::default(),
        base: PointsBase::default(),
        exclude_categories: Vec::new(),
        multipliers: Vec::new(),
    };
    members!(doc, at, "struct Points", |value, here| {
        "enabled" => enabled = Some(boolean(value, here)?),
        "pointsPerUnit" => per_unit = Some(dec(value, here)?),
        "base" => out.base = match variant(value, here, "enum PointsBase", BASES)? {
            0 => PointsBase::AfterDiscounts,
            _ => PointsBase::BeforeDiscounts,
        },
        "excludeCategories" => out.exclude_categories = strings(value, here)?,
        "multipliers" => out.multipliers = list(value, here, read_multiplier)?,
    });
    out.enabled = need(enabled, at, "enabled")?;
    out.points_per_unit = need(per_unit, at, "pointsPerUnit")?;
    Ok(out)
}

#[inline(never)]
fn read_multiplier(doc: Doc, at: &At) -> R<Multiplier> {
    let (mut segment, mut factor) = (None, None);
    members!(doc, at, "struct Multiplier", |value, here| {
        "segment" => segment = Some(string(value, here)?),
        "factor" => factor = Some(dec(value, here)?),
    });
    Ok(Multiplier {
        segment: need(segment, at, "segment")?,
        factor: need(factor, at, "factor")?,
    })
}

#[inline(never)]
fn read_cumulative(doc: Doc, at: &At) -> R<Cumulative> {
    let mut enabled = None;
    let mut out = Cumulative {
        enabled: false,
        period_days: None,
        counted_statuses: None,
        ranges: Vec::new(),
        segment_ranges: Vec::new(),
    };
    members!(doc, at, "struct Cumulative", |value, here| {
        "enabled" => enabled = Some(boolean(value, here)?),
        "periodDays" => out.period_days = opt_u32(value, here)?,
        "countedStatuses" => out.counted_statuses = opt_strings(value, here)?,
        "ranges" => out.ranges = list(value, here, read_range)?,
        "segmentRanges" => out.segment_ranges = list(value, here, read_segment_ranges)?,
    });
    out.enabled = need(enabled, at, "enabled")?;
    Ok(out)
}

#[inline(never)]
fn read_range(doc: Doc, at: &At) -> R<Range> {
    let (mut from, mut percent) = (None, None);
    members!(doc, at, "struct Range", |value, here| {
        "from" => from = Some(dec(value, here)?),
        "percent" => percent = Some(dec(value, here)?),
    });
    Ok(Range {
        from: need(from, at, "from")?,
        percent: need(percent, at, "percent")?,
    })
}

#[inline(never)]
fn read_segment_ranges(doc: Doc, at: &At) -> R<SegmentRanges> {
    let (mut segment, mut ranges) = (None, None);
    members!(doc, at, "struct SegmentRanges", |value, here| {
        "segment" => segment = Some(string(value, here)?),
        "ranges" => ranges = Some(list(value, here, read_range)?),
    });
    Ok(SegmentRanges {
        segment: need(segment, at, "segment")?,
        ranges: need(ranges, at, "ranges")?,
    })
}

#[inline(never)]
fn read_reward(doc: Doc, at: &At) -> R<Reward> {
    const KINDS: &[&str] = &[
        "voucher",
        "percentOff",
        "freeShipping",
        "freeProduct",
        "buyXGetY",
    ];
    let (mut id, mut kind, mut cost) = (None, None, None);
    let mut out = Reward {
        id: String::new(),
        name: None,
        kind: RewardType::Voucher,
        points_cost: 0,
        min_subtotal: None,
        amount: None,
        percent: None,
        product: None,
        quantity: None,
        buy: None,
        get: None,
        max_applications: None,
    };
    members!(doc, at, "struct Reward", |value, here| {
        "id" => id = Some(string(value, here)?),
        "name" => out.name = opt_string(value, here)?,
        "type" => kind = Some(match variant(value, here, "enum RewardType", KINDS)? {
            0 => RewardType::Voucher,
            1 => RewardType::PercentOff,
            2 => RewardType::FreeShipping,
            3 => RewardType::FreeProduct,
            _ => RewardType::BuyXGetY,
        }),
        "pointsCost" => cost = Some(u64_(value, here)?),
        "minSubtotal" => out.min_subtotal = opt_dec(value, here)?,
        "amount" => out.amount = opt_dec(value, here)?,
        "percent" => out.percent = opt_dec(value, here)?,
        "product" => out.product = opt_string(value, here)?,
        "quantity" => out.quantity = opt_u32(value, here)?,
        "buy" => out.buy = opt(value, here, read_item_set)?,
        "get" => out.get = opt(value, here, read_item_set)?,
        "maxApplications" => out.max_applications = opt_u32(value, here)?,
    });
    out.id = need(id, at, "id")?;
    out.kind = need(kind, at, "type")?;
    out.points_cost = need(cost, at, "pointsCost")?;
    Ok(out)
}

#[inline(never)]
fn read_item_set(doc: Doc, at: &At) -> R<ItemSet> {
    let mut quantity = None;
    let mut out = ItemSet {
        products: None,
        categories: None,
        quantity: 0,
        percent: None,
    };
    members!(doc, at, "struct ItemSet", |value, here| {
        "products" => out.products = opt_strings(value, here)?,
        "categories" => out.categories = opt_strings(value, here)?,
        "quantity" => quantity = Some(u32_(value, here)?),
        "percent" => out.percent = opt_dec(value, here)?,
    });
    out.quantity = need(quantity, at, "quantity")?;
    Ok(out)
}

#[inline(never)]
fn read_promo_code(doc: Doc, at: &At) -> R<PromoCode> {
    let mut code = None;
    let mut out = PromoCode {
        code: String::new(),
        discount: None,
        free_shipping: false,
        min_subtotal: None,
        valid_from: None,
        valid_until: None,
        segments: None,
    };
    members!(doc, at, "struct PromoCode", |value, here| {
        "code" => code = Some(string(value, here)?),
        "discount" => out.discount = opt(value, here, read_discount)?,
        "freeShipping" => out.free_shipping = boolean(value, here)?,
        "minSubtotal" => out.min_subtotal = opt_dec(value, here)?,
        "validFrom" => out.valid_from = opt_instant(value, here)?,
        "validUntil" => out.valid_until = opt_instant(value, here)?,
        "segments" => out.segments = opt_strings(value, here)?,
    });
    out.code = need(code, at, "code")?;
    Ok(out)
}

#[inline(never)]
fn read_gifts(doc: Doc, at: &At) -> R<Vec<Gift>> {
    list(doc, at, read_gift)
}

#[inline(never)]
fn read_gift(doc: Doc, at: &At) -> R<Gift> {
    let (mut id, mut when, mut gift) = (None, None, None);
    let mut out = Gift {
        id: String::new(),
        segment: None,
        group: None,
        when: GiftWhen {
            products: None,
            categories: None,
            min_quantity: None,
            min_subtotal: None,
        },
        gift: GiftItem {
            product: String::new(),
            quantity: 0,
        },
    };
    members!(doc, at, "struct Gift", |value, here| {
        "id" => id = Some(string(value, here)?),
        "segment" => out.segment = opt_string(value, here)?,
        "group" => out.group = opt_string(value, here)?,
        "when" => when = Some(read_gift_when(value, here)?),
        "gift" => gift = Some(read_gift_item(value, here)?),
    });
    out.id = need(id, at, "id")?;
    out.when = need(when, at, "when")?;
    out.gift = need(gift, at, "gift")?;
    Ok(out)
}

#[inline(never)]
fn read_gift_when(doc: Doc, at: &At) -> R<GiftWhen> {
    let mut out = GiftWhen {
        products: None,
        categories: None,
        min_quantity: None,
        min_subtotal: None,
    };
    members!(doc, at, "struct GiftWhen", |value, here| {
        "products" => out.products = opt_strings(value, here)?,
        "categories" => out.categories = opt_strings(value, here)?,
        "minQuantity" => out.min_quantity = opt_u32(value, here)?,
        "minSubtotal" => out.min_subtotal = opt_dec(value, here)?,
    });
    Ok(out)
}

#[inline(never)]
fn read_gift_item(doc: Doc, at: &At) -> R<GiftItem> {
    let (mut product, mut quantity) = (None, None);
    members!(doc, at, "struct GiftItem", |value, here| {
        "product" => product = Some(string(value, here)?),
        "quantity" => quantity = Some(u32_(value, here)?),
    });
    Ok(GiftItem {
        product: need(product, at, "product")?,
        quantity: need(quantity, at, "quantity")?,
    })
}

#[inline(never)]
fn read_discount_cards(doc: Doc, at: &At) -> R<DiscountCards> {
    const CHECKS: &[&str] = &["none", "ean13", "luhn"];
    let mut out = DiscountCards {
        check: CardCheck::default(),
        lengths: None,
    };
    members!(doc, at, "struct DiscountCards", |value, here| {
        "check" => out.check = match variant(value, here, "enum CardCheck", CHECKS)? {
            0 => CardCheck::None,
            1 => CardCheck::Ean13,
            _ => CardCheck::Luhn,
        },
        "lengths" => out.lengths = opt(value, here, |d, at| list(d, at, u32_))?,
    });
    Ok(out)
}

/// A segment's rule: one combinator key (`all`, `any`, `not`, `segment`, `group`) alone,
/// or a comparison `{ field, op, value, withinLastDays? }`.
#[inline(never)]
fn read_condition(doc: Doc, at: &At) -> R<Condition> {
    let mut single: Option<Condition> = None;
    let (mut field, mut op, mut value, mut within) = (None, None, None, None);
    let members = object(doc, at, crate::program::model::CONDITION_EXPECTED)?;
    for (n, (key, member)) in members.into_iter().enumerate() {
        let here = &At::Key(at, &key);
        let combinator = matches!(key.as_ref(), "all" | "any" | "not" | "segment" | "group");
        if combinator && (n > 0 || single.is_some()) {
            return fail(
                here,
                format_args!("`{key}` must be the only key of its condition"),
            );
        }
        match key.as_ref() {
            "all" => single = Some(Condition::All(list(member, here, read_condition)?)),
            "any" => single = Some(Condition::Any(list(member, here, read_condition)?)),
            "not" => single = Some(Condition::Not(Box::new(read_condition(member, here)?))),
            "segment" => single = Some(Condition::Segment(string(member, here)?)),
            "group" => single = Some(Condition::Group(string(member, here)?)),
            _ if single.is_some() => {
                return fail(
                    here,
                    format_args!(
                        "unknown key `{key}`: a combinator must be the only key of its condition"
                    ),
                );
            }
            "field" if field.is_none() => field = Some(string(member, here)?),
            "op" if op.is_none() => op = Some(string(member, here)?),
            "value" if value.is_none() => value = Some(json_value(member, here, true)?),
            "withinLastDays" if within.is_none() => within = Some(u32_(member, here)?),
            "field" | "op" | "value" | "withinLastDays" => {
                return fail(here, format_args!("duplicate key `{key}`"));
            }
            _ => {
                return fail(
                    here,
                    format_args!(
                        "unknown key `{key}`, expected one of `all`, `any`, `not`, `segment`, `group`, `field`, `op`, `value`, `withinLastDays`"
                    ),
                );
            }
        }
    }
    if let Some(c) = single {
        return Ok(c);
    }
    Ok(Condition::Compare(Comparison {
        field: need(field, at, "field")?,
        op: need(op, at, "op")?,
        value: need(value, at, "value")?,
        within_last_days: within,
    }))
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
