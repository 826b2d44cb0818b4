//! The program as written by the merchant: plain serde types, unknown keys refused.
//! The engine reads a program with `program::read` (one reader for every type, which
//! keeps the Wasm module small); the serde derives serve Rust callers, the JSON
//! Schema and that reader's tests, which check the two read every program alike.
//!
//! Nothing here is checked beyond its JSON shape; `validate` finds the problems and
//! `compile` turns a valid program into the engine's evaluation structures.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::dates::Instant;
use crate::money::{Dec, Rounding};

macro_rules! model {
    ($item:item) => {
        #[derive(Clone, Debug, Deserialize, Serialize)]
        #[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        $item
    };
}

fn yes() -> bool {
    true
}

model! {
/// The merchant's offer configuration.
pub struct Program {
    /// Format version; must be 1.
    #[serde(deserialize_with = "crate::whole::read")]
    pub version: u32,
    /// ISO 4217 code of the shop's currency.
    pub currency: String,
    #[serde(default)]
    pub rounding: Rounding,
    /// Order statuses that make an order validated (default `["paid", "completed"]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validated_order_statuses: Option<Vec<String>>,
    #[serde(default)]
    pub stacking: Stacking,
    #[serde(default)]
    pub groups: Vec<Group>,
    #[serde(default)]
    pub segments: Vec<Segment>,
    #[serde(default)]
    pub offers: Vec<Offer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Points>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_discount: Option<Toggle>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cumulative_discount: Option<Cumulative>,
    #[serde(default)]
    pub rewards: Vec<Reward>,
    #[serde(default)]
    pub promo_codes: Vec<PromoCode>,
    #[serde(default)]
    pub gifts: Vec<Gift>,
    /// How discount card numbers are checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_cards: Option<DiscountCards>,
}
}

model! {
/// How the customer discount combines with segment offers.
#[derive(Default)]
pub struct Stacking {
    #[serde(default)]
    pub customer_discount: StackingPolicy,
}
}

/// `bestOf`: only the larger of offer and customer discount; `stack`: both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum StackingPolicy {
    #[default]
    BestOf,
    Stack,
}

model! {
/// An on/off switch.
pub struct Toggle {
    pub enabled: bool,
}
}

model! {
/// A customer group (wholesale, VIP…) with optional price rules.
pub struct Group {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Customers without a group belong to the default group.
    #[serde(default)]
    pub default: bool,
    /// `#rrggbb`, for back-office display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    #[serde(default)]
    pub prices: Vec<PriceRule>,
}
}

model! {
/// A group price: a percent up or down, or a fixed unit price for products.
pub struct PriceRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub products: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    /// `"-10"` lowers the unit price by 10 %, `"5"` raises it by 5 %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Dec>,
    /// A fixed unit price (only with `products`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Dec>,
}
}

model! {
/// A custom segment: customers for whom `rule` holds.
pub struct Segment {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub rule: Condition,
}
}

model! {
/// A customer offer: brackets of cart subtotal giving a discount, free shipping or both.
pub struct Offer {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default = "yes")]
    pub earn_points: bool,
    #[serde(default = "yes")]
    pub discount_enabled: bool,
    #[serde(default)]
    pub applies_with_promo_code: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Instant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Instant>,
    #[serde(default)]
    pub brackets: Vec<Bracket>,
}
}

model! {
/// One step of an offer.
pub struct Bracket {
    pub min_subtotal: Dec,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<Discount>,
    #[serde(default)]
    pub free_shipping: bool,
}
}

model! {
/// An amount or a percent off (exactly one of them).
pub struct Discount {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Dec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Dec>,
}
}

/// Which amount points are earned on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum PointsBase {
    #[default]
    AfterDiscounts,
    BeforeDiscounts,
}

model! {
/// Loyalty points earned on an order.
pub struct Points {
    pub enabled: bool,
    /// Points per unit of currency spent.
    pub points_per_unit: Dec,
    #[serde(default)]
    pub base: PointsBase,
    #[serde(default)]
    pub exclude_categories: Vec<String>,
    #[serde(default)]
    pub multipliers: Vec<Multiplier>,
}
}

model! {
/// Members of `segment` earn `factor` times the points.
pub struct Multiplier {
    pub segment: String,
    pub factor: Dec,
}
}

model! {
/// The accumulative discount: a percent reached by what the customer has spent.
pub struct Cumulative {
    pub enabled: bool,
    /// Only orders placed within this many days count (absent: all time).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::whole::opt")]
    pub period_days: Option<u32>,
    /// Order statuses whose totals count (default: the validated statuses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted_statuses: Option<Vec<String>>,
    #[serde(default)]
    pub ranges: Vec<Range>,
    #[serde(default)]
    pub segment_ranges: Vec<SegmentRanges>,
}
}

model! {
/// From `from` spent, `percent` off.
pub struct Range {
    pub from: Dec,
    pub percent: Dec,
}
}

model! {
/// Ranges that apply only to members of a segment.
pub struct SegmentRanges {
    pub segment: String,
    pub ranges: Vec<Range>,
}
}

/// The kinds of reward a customer can buy with points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum RewardType {
    Voucher,
    PercentOff,
    FreeShipping,
    FreeProduct,
    BuyXGetY,
}

model! {
/// A reward bought with points (or granted by the merchant).
pub struct Reward {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: RewardType,
    #[serde(deserialize_with = "crate::whole::read")]
    pub points_cost: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_subtotal: Option<Dec>,
    /// `voucher`: the amount off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Dec>,
    /// `percentOff`: the percent off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Dec>,
    /// `freeProduct`: the product made free.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// `freeProduct`: how many units become free.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::whole::opt")]
    pub quantity: Option<u32>,
    /// `buyXGetY`: what must be bought.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buy: Option<ItemSet>,
    /// `buyXGetY`: what is discounted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub get: Option<ItemSet>,
    /// `buyXGetY`: how many times at most per order.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::whole::opt")]
    pub max_applications: Option<u32>,
}
}

model! {
/// Units of some products or categories, for buy-X-get-Y.
pub struct ItemSet {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub products: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    #[serde(deserialize_with = "crate::whole::read")]
    pub quantity: u32,
    /// `get` only: the percent off the discounted units (100 = free).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Dec>,
}
}

model! {
/// A promo code the customer types at checkout.
pub struct PromoCode {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<Discount>,
    #[serde(default)]
    pub free_shipping: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_subtotal: Option<Dec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Instant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Instant>,
    /// Only members of one of these segments may use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segments: Option<Vec<String>>,
}
}

model! {
/// A gift (or bundle item) added when the cart holds the right products.
pub struct Gift {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub when: GiftWhen,
    pub gift: GiftItem,
}
}

model! {
/// When a gift fires.
pub struct GiftWhen {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub products: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::whole::opt")]
    pub min_quantity: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_subtotal: Option<Dec>,
}
}

model! {
/// What is given.
pub struct GiftItem {
    pub product: String,
    #[serde(deserialize_with = "crate::whole::read")]
    pub quantity: u32,
}
}

/// The check digit a discount card number must carry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum CardCheck {
    #[default]
    None,
    Ean13,
    Luhn,
}

model! {
/// Discount card rules.
pub struct DiscountCards {
    #[serde(default)]
    pub check: CardCheck,
    /// Accepted lengths in digits (default 4 to 32).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::whole::opt_list")]
    pub lengths: Option<Vec<u32>>,
}
}

/// A rule over the customer, their orders, the cart and the shipping.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Segment(String),
    Group(String),
    #[serde(untagged)]
    Compare(Comparison),
}

/// `{ field, op, value, withinLastDays? }`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    pub field: String,
    pub op: String,
    pub value: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within_last_days: Option<u32>,
}

/// What a condition must be, in the message for any other JSON value.
pub(crate) const CONDITION_EXPECTED: &str =
    "a condition: {all:[…]}, {any:[…]}, {not:…}, {segment:id}, {group:id} or {field, op, value}";

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Condition;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(CONDITION_EXPECTED)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Condition, A::Error> {
                let mut field: Option<String> = None;
                let mut op: Option<String> = None;
                let mut value: Option<Value> = None;
                let mut within: Option<u32> = None;
                let mut single: Option<Condition> = None;
                let mut keys = 0;
                while let Some(key) = map.next_key::<String>()? {
                    keys += 1;
                    let seen_single = single.is_some();
                    match key.as_str() {
                        "all" | "any" | "not" | "segment" | "group" if keys > 1 || seen_single => {
                            return Err(de::Error::custom(format!(
                                "`{key}` must be the only key of its condition"
                            )));
                        }
                        "all" => single = Some(Condition::All(map.next_value()?)),
                        "any" => single = Some(Condition::Any(map.next_value()?)),
                        "not" => single = Some(Condition::Not(Box::new(map.next_value()?))),
                        "segment" => single = Some(Condition::Segment(map.next_value()?)),
                        "group" => single = Some(Condition::Group(map.next_value()?)),
                        _ if seen_single => {
                            return Err(de::Error::custom(format!(
                                "unknown key `{key}`: a combinator must be the only key of its condition"
                            )));
                        }
                        "field" if field.is_none() => field = Some(map.next_value()?),
                        "op" if op.is_none() => op = Some(map.next_value()?),
                        "value" if value.is_none() => value = Some(map.next_value()?),
                        "withinLastDays" if within.is_none() => {
                            within = Some(map.next_value::<crate::whole::W<u32>>()?.0)
                        }
                        "field" | "op" | "value" | "withinLastDays" => {
                            return Err(de::Error::custom(format!("duplicate key `{key}`")));
                        }
                        other => {
                            return Err(de::Error::custom(format!(
                                "unknown key `{other}`, expected one of `all`, `any`, `not`, `segment`, `group`, `field`, `op`, `value`, `withinLastDays`"
                            )));
                        }
                    }
                }
                if let Some(c) = single {
                    return Ok(c);
                }
                let field = field.ok_or_else(|| de::Error::missing_field("field"))?;
                let op = op.ok_or_else(|| de::Error::missing_field("op"))?;
                let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
                Ok(Condition::Compare(Comparison {
                    field,
                    op,
                    value,
                    within_last_days: within,
                }))
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl schemars::JsonSchema for Condition {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Condition".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A rule: {all:[Condition]}, {any:[Condition]}, {not:Condition}, {segment:id}, {group:id} or {field, op, value, withinLastDays?}.",
            "oneOf": [
                { "type": "object", "properties": { "all": { "type": "array", "items": { "$ref": "#/$defs/Condition" } } }, "required": ["all"], "additionalProperties": false },
                { "type": "object", "properties": { "any": { "type": "array", "items": { "$ref": "#/$defs/Condition" } } }, "required": ["any"], "additionalProperties": false },
                { "type": "object", "properties": { "not": { "$ref": "#/$defs/Condition" } }, "required": ["not"], "additionalProperties": false },
                { "type": "object", "properties": { "segment": { "type": "string" } }, "required": ["segment"], "additionalProperties": false },
                { "type": "object", "properties": { "group": { "type": "string" } }, "required": ["group"], "additionalProperties": false },
                { "type": "object", "properties": {
                    "field": { "type": "string" },
                    "op": { "type": "string", "enum": ["eq","ne","in","notIn","gt","gte","lt","lte","contains","containsAny","containsAll","startsWith","before","after","withinLastDays"] },
                    "value": {},
                    "withinLastDays": { "type": "integer", "minimum": 0 }
                  }, "required": ["field", "op", "value"], "additionalProperties": false }
            ]
        })
    }
}
