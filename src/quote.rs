//! The quote: what the customer gets. Every field is always present.
//!
//! The quote is written by [`Quote::to_json`]. `quote_json` (the npm package and the
//! CLI) writes the same bytes with the same writers, the lines straight from the
//! pipeline's state rather than from [`QuoteLine`]s built first. Natively the types also
//! derive `serde::Serialize`, which writes the same bytes (the CLI's pretty output, and
//! the writers' test oracle, `tests/quote_writer.rs`).

use crate::jsonout::{
    json_object, write_array, write_object, write_str, write_str_or_plain, Room, WriteJson,
};
use crate::money::Money;
use crate::request::Text;

macro_rules! out {
    ($item:item) => {
        #[derive(Clone, Debug, PartialEq)]
        #[cfg_attr(
            not(target_arch = "wasm32"),
            derive(serde::Serialize, schemars::JsonSchema)
        )]
        #[cfg_attr(not(target_arch = "wasm32"), serde(rename_all = "camelCase"))]
        $item
    };
}

out! {
/// The answer to a request.
pub struct Quote {
    pub currency: Text,
    /// `null` for a guest.
    pub customer: Option<QuoteCustomer>,
    pub lines: Vec<QuoteLine>,
    /// The offer chosen for the customer, `null` when none applies.
    pub offer: Option<QuoteOffer>,
    pub promo_codes: Vec<CodeOutcome>,
    pub rewards: Vec<RewardOutcome>,
    pub gifts: Vec<GiftOutcome>,
    pub shipping: QuoteShipping,
    pub totals: Totals,
    pub points: QuotePoints,
    /// The next bracket to reach, `null` when there is none.
    pub next_bracket: Option<NextBracket>,
    pub trace: Vec<TraceEntry>,
}
}

out! {
/// Who the engine found the customer to be.
pub struct QuoteCustomer {
    pub id: Text,
    pub segments: Vec<Text>,
    pub group: Option<Text>,
    pub customer_discount: CustomerDiscount,
    /// The new stored (sticky) cumulative percentage.
    pub cumulative_discount: String,
    /// Whether the customer holds a valid discount card.
    pub has_discount_card: bool,
}
}

out! {
/// The customer's own discount: the larger of personal and cumulative.
pub struct CustomerDiscount {
    /// `"personal"`, `"cumulative"` or `null` when there is none.
    pub source: Option<Text>,
    pub percent: String,
    /// What it took off the cart (`"0.00"` when it did not apply).
    pub amount: Money,
}
}

out! {
/// One priced cart line.
pub struct QuoteLine {
    pub id: Text,
    pub product_id: Text,
    pub quantity: u32,
    /// The catalogue unit price, rounded to minor units.
    pub unit_price: Money,
    /// The customer's unit price after group prices.
    pub price: Money,
    pub subtotal: Money,
    pub discount: Money,
    pub total: Money,
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(serialize_with = "crate::request::inline_list::write"),
        schemars(with = "Vec<LineDiscount>")
    )]
    pub discounts: LineDiscounts,
}
}

/// A quote line's discounts: up to two held inline (a line usually takes one or two),
/// more on the heap. Dereferences to `[LineDiscount]`.
pub type LineDiscounts = smallvec::SmallVec<[LineDiscount; 2]>;

out! {
/// A share of one discount on one line.
pub struct LineDiscount {
    /// `offer:<id>`, `customer:personal`, `customer:cumulative`, `promo:<code>`, `reward:<id>`.
    pub source: Source,
    pub amount: Money,
}
}

/// The label of a discount's source, shared by every line the discount is spread over:
/// a clone copies no text. (A short string held inline would not do: in Wasm it holds
/// at most 12 bytes, and `customer:cumulative` would be copied to the heap per line.)
pub type Source = std::sync::Arc<str>;

out! {
/// The chosen offer and bracket.
pub struct QuoteOffer {
    pub id: Text,
    pub bracket: usize,
    pub discount: Money,
    pub free_shipping: bool,
    /// Why the discount was withheld, or `null`.
    pub withheld: Option<String>,
}
}

out! {
/// What happened to a promo code.
pub struct CodeOutcome {
    pub code: Text,
    /// `"applied"` or `"rejected"`.
    pub status: Text,
    pub reason: Option<String>,
    pub discount: Money,
    pub free_shipping: bool,
}
}

out! {
/// What happened to a reward to redeem.
pub struct RewardOutcome {
    pub id: Text,
    /// `"applied"` or `"rejected"`.
    pub status: Text,
    /// The points this redemption costs (0 for a granted reward or a rejection).
    pub points_cost: u64,
    pub reason: Option<String>,
    pub discount: Money,
    pub free_shipping: bool,
    /// Granted by the merchant, so no points are deducted.
    pub granted: bool,
}
}

out! {
/// A gift added to the order.
pub struct GiftOutcome {
    pub id: Text,
    pub product: Text,
    pub quantity: u32,
}
}

out! {
/// Shipping after benefits.
pub struct QuoteShipping {
    pub cost: Money,
    pub discount: Money,
    pub total: Money,
    pub free: bool,
}
}

out! {
/// Order totals.
pub struct Totals {
    pub subtotal: Money,
    pub discount: Money,
    pub shipping: Money,
    pub total: Money,
}
}

out! {
/// Loyalty points for this order.
pub struct QuotePoints {
    pub earned: u64,
    pub redeemed: u64,
    pub balance: u64,
    pub multiplier: String,
}
}

out! {
/// The nudge: what is missing to reach the next bracket.
pub struct NextBracket {
    pub offer: Text,
    pub bracket: usize,
    pub min_subtotal: Money,
    pub missing: Money,
    /// The bracket's discount (`{ "amount": "5.00" }` or `{ "percent": "10" }`), or `null`.
    pub discount: Option<BracketDiscount>,
    pub free_shipping: bool,
}
}

out! {
/// A bracket's discount as shown in the nudge.
pub struct BracketDiscount {
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(skip_serializing_if = "Option::is_none")
    )]
    pub amount: Option<Money>,
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(skip_serializing_if = "Option::is_none")
    )]
    pub percent: Option<String>,
}
}

out! {
/// One rule considered, with the outcome and why.
pub struct TraceEntry {
    /// `offer:<id>`, `promo:<code>`, `reward:<id>`, `gift:<id>`, `customerDiscount`, `points`.
    pub rule: Text,
    /// `"applied"`, `"skipped"`, `"rejected"` or `"withheld"`.
    pub outcome: Text,
    pub reason: Option<String>,
}
}

impl Quote {
    /// The quote as compact JSON.
    pub fn to_json(&self) -> String {
        let id_bytes = self.lines.iter().map(|l| l.id.len() + l.product_id.len());
        let capacity = self.json_capacity(self.lines.len(), id_bytes.sum());
        crate::jsonout::to_json(self, capacity)
    }

    /// Room for the JSON of this quote with `lines` lines whose ids and product ids take
    /// `id_bytes`: about 280 bytes per line besides its ids (keys, amounts, two
    /// discounts), 64 per trace entry and 2 KB for the rest. The ids are counted as they
    /// are: ids as stores send them (`gid://shopify/Product/…`) are long. One allocation,
    /// rarely regrown.
    pub(crate) fn json_capacity(&self, lines: usize, id_bytes: usize) -> usize {
        2048 + 280 * lines + id_bytes + 64 * self.trace.len()
    }

    /// Writes the quote with `lines` as its lines (its own, or lines that are still the
    /// pipeline's).
    /// `plain_trace`: every string of the trace is known to need no escape (see
    /// [`Plain`](crate::jsonout::Plain)).
    pub(crate) fn write_json_with(
        &self,
        out: &mut Vec<u8>,
        lines: &dyn WriteJson,
        plain_trace: bool,
    ) {
        let trace = Trace {
            entries: &self.trace,
            plain: plain_trace,
        };
        write_object!(out, {
            "currency": self.currency,
            "customer": self.customer,
            "lines": *lines,
            "offer": self.offer,
            "promoCodes": self.promo_codes,
            "rewards": self.rewards,
            "gifts": self.gifts,
            "shipping": self.shipping,
            "totals": self.totals,
            "points": self.points,
            "nextBracket": self.next_bracket,
            "trace": trace,
        });
    }
}

// SAFETY: literal keys, and values written by their own `WriteJson` implementations.
unsafe impl WriteJson for Quote {
    fn write_json(&self, out: &mut Vec<u8>) {
        self.write_json_with(out, &self.lines, false);
    }
}

/// Writes one quote line: a [`QuoteLine`]'s fields, or a line still the pipeline's.
/// `amounts` are the unit price, price, subtotal, discount and total; `discounts` writes
/// the list of the line's discounts. `plain_ids`: the ids are known to need no escape
/// (see [`Plain`](crate::jsonout::Plain)).
pub(crate) fn write_line(
    out: &mut Vec<u8>,
    [id, product_id]: [&str; 2],
    plain_ids: bool,
    quantity: u32,
    amounts: [Money; 5],
    discounts: &impl WriteJson,
) {
    // Room for the keys, ids, quantity and amounts at once; an escaped id may need more,
    // which the room makes as it goes.
    let mut room = Room::new(out, LINE_MOST + id.len() + product_id.len());
    room.key_str_or_plain(b"{\"id\":", id, plain_ids);
    room.key_str_or_plain(b",\"productId\":", product_id, plain_ids);
    room.key_uint(b",\"quantity\":", u64::from(quantity));
    let [unit_price, price, subtotal, discount, total] = amounts;
    const UNIT_PRICE: &[u8] = b",\"unitPrice\":";
    let start = room.len() + UNIT_PRICE.len();
    room.key_money(UNIT_PRICE, unit_price);
    let end = room.len();
    if price == unit_price {
        // Without a group price, the price is the unit price: copied, not written again.
        room.bytes(b",\"price\":");
        room.again(start..end);
    } else {
        room.key_money(b",\"price\":", price);
    }
    room.key_money(b",\"subtotal\":", subtotal);
    room.key_money(b",\"discount\":", discount);
    room.key_money(b",\"total\":", total);
    room.bytes(b",\"discounts\":");
    room.with_vec(|out| discounts.write_json(out));
    room.byte(b'}');
}

/// Room for a quote line besides its ids and discounts: its keys (about 100 bytes), its
/// ids' quotes, a quantity and five amounts.
const LINE_MOST: usize = 128 + 20 + 5 * Money::JSON_MOST;

// SAFETY: written by `write_line`, which writes literal keys, `WriteJson` values and a
// copy of an amount it wrote (ASCII).
unsafe impl WriteJson for QuoteLine {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_line(
            out,
            [&self.id, &self.product_id],
            false,
            self.quantity,
            [
                self.unit_price,
                self.price,
                self.subtotal,
                self.discount,
                self.total,
            ],
            &self.discounts,
        );
    }
}
json_object!(QuoteCustomer {
    "id": id,
    "segments": segments,
    "group": group,
    "customerDiscount": customer_discount,
    "cumulativeDiscount": cumulative_discount,
    "hasDiscountCard": has_discount_card,
});
json_object!(CustomerDiscount {
    "source": source,
    "percent": percent,
    "amount": amount,
});
/// Writes the start of a line discount, `{"source":"…","amount":`: a [`LineDiscount`]
/// writes it before its amount, and the pipeline's quote writes it once per source and
/// copies it for every line that takes a share.
pub(crate) fn write_discount_head(out: &mut Vec<u8>, source: &str) {
    out.extend_from_slice(b"{\"source\":");
    write_str(out, source);
    out.extend_from_slice(b",\"amount\":");
}

// SAFETY: a head written by `write_discount_head` (literal keys and an escaped string),
// an amount written by `Money`'s writer and a brace.
unsafe impl WriteJson for LineDiscount {
    fn write_json(&self, out: &mut Vec<u8>) {
        write_discount_head(out, &self.source);
        self.amount.write_json(out);
        out.push(b'}');
    }
}
json_object!(QuoteOffer {
    "id": id,
    "bracket": bracket,
    "discount": discount,
    "freeShipping": free_shipping,
    "withheld": withheld,
});
json_object!(CodeOutcome {
    "code": code,
    "status": status,
    "reason": reason,
    "discount": discount,
    "freeShipping": free_shipping,
});
json_object!(RewardOutcome {
    "id": id,
    "status": status,
    "pointsCost": points_cost,
    "reason": reason,
    "discount": discount,
    "freeShipping": free_shipping,
    "granted": granted,
});
json_object!(GiftOutcome {
    "id": id,
    "product": product,
    "quantity": quantity,
});
json_object!(QuoteShipping {
    "cost": cost,
    "discount": discount,
    "total": total,
    "free": free,
});
json_object!(Totals {
    "subtotal": subtotal,
    "discount": discount,
    "shipping": shipping,
    "total": total,
});
json_object!(QuotePoints {
    "earned": earned,
    "redeemed": redeemed,
    "balance": balance,
    "multiplier": multiplier,
});
json_object!(NextBracket {
    "offer": offer,
    "bracket": bracket,
    "minSubtotal": min_subtotal,
    "missing": missing,
    "discount": discount,
    "freeShipping": free_shipping,
});
/// A quote's trace: its strings checked for escapes, or, when `plain`, known to need
/// none and copied as they are (most of a trace is program ids and fixed words).
struct Trace<'a> {
    entries: &'a [TraceEntry],
    plain: bool,
}

// SAFETY: written by `write_array` and `TraceEntry::write`.
unsafe impl WriteJson for Trace<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        let plain = self.plain;
        write_array(
            out,
            self.entries.iter().map(|entry| PlainOr { entry, plain }),
        );
    }
}

/// A trace entry, its strings written as [`Plain`](crate::jsonout::Plain) when `plain`.
struct PlainOr<'a> {
    entry: &'a TraceEntry,
    plain: bool,
}

// SAFETY: written by `TraceEntry::write`.
unsafe impl WriteJson for PlainOr<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        self.entry.write(out, self.plain);
    }
}

impl TraceEntry {
    /// Writes the entry as its `serde` serialisation; `plain`: its strings are known to
    /// need no escape.
    fn write(&self, out: &mut Vec<u8>, plain: bool) {
        out.extend_from_slice(b"{\"rule\":");
        write_str_or_plain(out, &self.rule, plain);
        out.extend_from_slice(b",\"outcome\":");
        write_str_or_plain(out, &self.outcome, plain);
        out.extend_from_slice(b",\"reason\":");
        match &self.reason {
            Some(reason) => write_str_or_plain(out, reason, plain),
            None => out.extend_from_slice(b"null"),
        }
        out.push(b'}');
    }
}

// SAFETY: literal keys and strings written by `write_str_or_plain`.
unsafe impl WriteJson for TraceEntry {
    fn write_json(&self, out: &mut Vec<u8>) {
        self.write(out, false);
    }
}

// SAFETY: literal keys, and values written by their own `WriteJson` implementations.
unsafe impl WriteJson for BracketDiscount {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        if let Some(amount) = &self.amount {
            out.extend_from_slice(b"\"amount\":");
            amount.write_json(out);
        }
        if let Some(percent) = &self.percent {
            if self.amount.is_some() {
                out.push(b',');
            }
            out.extend_from_slice(b"\"percent\":");
            write_str(out, percent);
        }
        out.push(b'}');
    }
}
