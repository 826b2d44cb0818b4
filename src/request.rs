//! The request: `{ now, customer, cart }`, one per cart change.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::dates::Instant;
use crate::money::Dec;

/// A customer's string (and a quote's): ids, codes, statuses and products are short, and
/// a string of up to 24 bytes (12 in Wasm) is held inline, with no allocation; a longer
/// one, such as `gid://shopify/Product/7000000013`, is copied to the heap. A customer may
/// be kept (prepared) after the text it was read from is gone, so its strings are its own.
pub type Text = compact_str::CompactString;

/// Joins string parts (cheaper than `format!` for plain text; no allocation at all
/// when the result fits inline).
pub(crate) fn cat(parts: &[&str]) -> Text {
    let mut out = Text::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// A cart string: borrowed from the request's JSON text when it is read by the engine's
/// own reader (nearly always; when `quote_json` reads one written with escapes, from
/// where the reader keeps it decoded), so a cart line's ids cost no copy however long
/// they are; borrowed too when `request_read` reads it and it holds no escape; owned
/// when serde reads it, or when built by hand (`"sku-1".into()`,
/// `String::from(…).into()`).
pub type Str<'a> = Cow<'a, str>;

/// Lists held inline (`Categories`, `LineDiscounts`) read and written by serde as plain
/// lists, through the `Vec` code serde already has for the other lists. (A line's
/// categories are written by smallvec's own `Serialize`, the same plain list: schemars
/// cannot describe the default of a field with a lifetime that a function writes.)
pub(crate) mod inline_list {
    use serde::{Deserialize, Deserializer};
    use smallvec::SmallVec;

    pub fn read<'de, D, T, const N: usize>(d: D) -> Result<SmallVec<[T; N]>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Vec::<T>::deserialize(d).map(SmallVec::from_vec)
    }

    // Natively only: the quote types derive `Serialize` only there.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn write<S: serde::Serializer, T: serde::Serialize, const N: usize>(
        list: &SmallVec<[T; N]>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(list.as_slice(), s)
    }
}

/// A cart line's categories: up to two held inline (most lines have one or two), more
/// on the heap. Dereferences to `[Str]`; build one with `smallvec::smallvec![…]` or
/// `.into()` from a `Vec`.
pub type Categories<'a> = smallvec::SmallVec<[Str<'a>; 2]>;

macro_rules! model {
    ($item:item) => {
        #[derive(Clone, Debug, Deserialize, Serialize)]
        #[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        $item
    };
}

model! {
/// What to quote: when, for whom, which cart.
pub struct Request<'a> {
    /// The moment the quote is for (windows, order recency).
    pub now: Instant,
    /// Absent or null for a guest.
    #[serde(default)]
    pub customer: Option<Customer>,
    pub cart: Cart<'a>,
}
}

/// Whether the merchant has deactivated the account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum CustomerStatus {
    #[default]
    Active,
    Deactivated,
}

/// Private person or company.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum CustomerType {
    #[default]
    Individual,
    Business,
}

model! {
/// A registered customer with their history.
pub struct Customer {
    pub id: Text,
    #[serde(default)]
    pub status: CustomerStatus,
    #[serde(default, rename = "type")]
    pub kind: CustomerType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered_at: Option<Instant>,
    /// The customer's group id (absent: the default group).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Text>,
    #[serde(default)]
    pub tags: Vec<Text>,
    #[serde(default)]
    pub attributes: BTreeMap<String, Value>,
    /// Stored personal discount percentage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_discount: Option<Dec>,
    /// Stored cumulative discount percentage (it never decreases).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cumulative_discount: Option<Dec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_card: Option<Text>,
    #[serde(default, deserialize_with = "crate::whole::read")]
    pub points_balance: u64,
    /// Rewards granted by hand: redeeming them costs no points.
    #[serde(default)]
    pub granted_rewards: Vec<Text>,
    #[serde(default)]
    pub orders: Vec<Order>,
}
}

model! {
/// A past order.
pub struct Order {
    pub id: Text,
    pub placed_at: Instant,
    pub status: Text,
    pub total: Dec,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<Text>,
    #[serde(default)]
    pub products: Vec<Text>,
}
}

model! {
/// The cart being quoted.
pub struct Cart<'a> {
    pub currency: Str<'a>,
    pub lines: Vec<Line<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<Shipping<'a>>,
    #[serde(default)]
    pub promo_codes: Vec<Str<'a>>,
    /// Reward ids to redeem, in order.
    #[serde(default)]
    pub redeem: Vec<Str<'a>>,
}
}

impl Cart<'_> {
    /// Drops the lines. When none holds memory of its own, they are let go at once:
    /// checking that in one inline pass takes fewer instructions than each line's drop,
    /// which calls out for its categories and finds nothing to free. `borrowed`: every
    /// string is known to be borrowed from the request's text (the fast reader's cart),
    /// so only the categories are looked at (past two, they are on the heap).
    pub(crate) fn drop_lines(&mut self, borrowed: bool) {
        let is_borrowed = |s: &Str| matches!(s, Cow::Borrowed(_));
        debug_assert!(
            !borrowed
                || self.lines.iter().all(|l| is_borrowed(&l.id)
                    && is_borrowed(&l.product_id)
                    && l.categories.iter().all(is_borrowed)),
            "a string of the cart is not borrowed"
        );
        if borrowed && self.lines.iter().all(|l| !l.categories.spilled()) {
            // SAFETY: a length of 0 is within the capacity, and the lines it leaves out
            // own no memory (their strings borrowed, their categories inline): not
            // dropping them leaks nothing.
            unsafe { self.lines.set_len(0) };
        }
        self.lines = Vec::new();
    }
}

model! {
/// One cart line.
pub struct Line<'a> {
    pub id: Str<'a>,
    pub product_id: Str<'a>,
    #[serde(default, deserialize_with = "inline_list::read")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(with = "Vec<String>"))]
    pub categories: Categories<'a>,
    /// The catalogue unit price (before group prices).
    pub unit_price: Dec,
    #[serde(deserialize_with = "crate::whole::read")]
    pub quantity: u32,
}
}

model! {
/// The chosen delivery.
pub struct Shipping<'a> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<Str<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Str<'a>>,
    #[serde(default)]
    pub cost: Dec,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address<'a>>,
}
}

model! {
/// Where the order goes.
#[derive(Default)]
pub struct Address<'a> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<Str<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<Str<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Str<'a>>,
}
}
