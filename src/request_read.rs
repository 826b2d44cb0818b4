//! Reads requests, customers and carts from JSON text by hand, with serde's messages
//! (see [`crate::jsondoc`]): what the engine falls back to when its fast reader
//! (`reader`) declines a text, for an unusual value (an escape, a number it does not
//! read itself) or a problem to report. A cart's strings are borrowed from the text
//! where they hold no escape.

use std::collections::BTreeMap;

use smallvec::SmallVec;

use crate::error::{Error, ErrorCode};
use crate::jsondoc::{
    self, dec, instant, json_value, list, members, need, object, opt, opt_dec, opt_instant, str,
    u32_, u64_, variant, At, Doc, R,
};
use crate::money::Dec;
use crate::request::{
    Address, Cart, Customer, CustomerStatus, CustomerType, Line, Order, Request, Shipping, Str,
    Text,
};

const CODE: ErrorCode = ErrorCode::InvalidRequest;

/// Reads a request (`{ now, customer, cart }`).
pub(crate) fn request(text: &str) -> Result<Request<'_>, Error> {
    let doc = jsondoc::parse(text, CODE, "")?;
    read_request(doc, &At::Root(CODE)).map_err(|e| *e)
}

/// Reads a customer record (paths start with `customer`).
pub(crate) fn customer(text: &str) -> Result<Customer, Error> {
    let doc = jsondoc::parse(text, CODE, "customer")?;
    read_customer(doc, &At::Key(&At::Root(CODE), "customer")).map_err(|e| *e)
}

/// Reads a customer record on its own (paths start at the record).
pub(crate) fn customer_record(text: &str) -> Result<Customer, Error> {
    let doc = jsondoc::parse(text, CODE, "")?;
    read_customer(doc, &At::Root(CODE)).map_err(|e| *e)
}

/// Reads a cart (paths start with `cart`).
pub(crate) fn cart(text: &str) -> Result<Cart<'_>, Error> {
    let doc = jsondoc::parse(text, CODE, "cart")?;
    read_cart(doc, &At::Key(&At::Root(CODE), "cart")).map_err(|e| *e)
}

fn read_request<'a>(doc: Doc<'a>, at: &At) -> R<Request<'a>> {
    let (mut now, mut customer, mut cart) = (None, None, None);
    members!(doc, at, "struct Request", |value, here| {
        "now" => now = Some(instant(value, here)?),
        "customer" => customer = opt(value, here, read_customer)?,
        "cart" => cart = Some(read_cart(value, here)?),
    });
    Ok(Request {
        now: need(now, at, "now")?,
        customer,
        cart: need(cart, at, "cart")?,
    })
}

fn text(doc: Doc, at: &At) -> R<Text> {
    str(doc, at).map(Text::from)
}

fn texts(doc: Doc, at: &At) -> R<Vec<Text>> {
    list(doc, at, text)
}

fn opt_text(doc: Doc, at: &At) -> R<Option<Text>> {
    opt(doc, at, text)
}

fn strs<'a>(doc: Doc<'a>, at: &At) -> R<Vec<Str<'a>>> {
    list(doc, at, str)
}

fn opt_str<'a>(doc: Doc<'a>, at: &At) -> R<Option<Str<'a>>> {
    opt(doc, at, str)
}

#[inline(never)]
fn read_customer(doc: Doc, at: &At) -> R<Customer> {
    const STATUSES: &[&str] = &["active", "deactivated"];
    const TYPES: &[&str] = &["individual", "business"];
    let mut id = None;
    let mut out = Customer {
        id: Text::default(),
        status: CustomerStatus::default(),
        kind: CustomerType::default(),
        registered_at: None,
        group: None,
        tags: Vec::new(),
        attributes: BTreeMap::new(),
        personal_discount: None,
        cumulative_discount: None,
        discount_card: None,
        points_balance: 0,
        granted_rewards: Vec::new(),
        orders: Vec::new(),
    };
    members!(doc, at, "struct Customer", |value, here| {
        "id" => id = Some(text(value, here)?),
        "status" => out.status = match variant(value, here, "enum CustomerStatus", STATUSES)? {
            0 => CustomerStatus::Active,
            _ => CustomerStatus::Deactivated,
        },
        "type" => out.kind = match variant(value, here, "enum CustomerType", TYPES)? {
            0 => CustomerType::Individual,
            _ => CustomerType::Business,
        },
        "registeredAt" => out.registered_at = opt_instant(value, here)?,
        "group" => out.group = opt_text(value, here)?,
        "tags" => out.tags = texts(value, here)?,
        "attributes" => out.attributes = attributes(value, here)?,
        "personalDiscount" => out.personal_discount = opt_dec(value, here)?,
        "cumulativeDiscount" => out.cumulative_discount = opt_dec(value, here)?,
        "discountCard" => out.discount_card = opt_text(value, here)?,
        "pointsBalance" => out.points_balance = u64_(value, here)?,
        "grantedRewards" => out.granted_rewards = texts(value, here)?,
        "orders" => out.orders = list(value, here, read_order)?,
    });
    out.id = need(id, at, "id")?;
    Ok(out)
}

/// A customer's attributes: any JSON object, read as serde_json reads it into a map.
pub(crate) fn attributes(doc: Doc, at: &At) -> R<BTreeMap<String, serde_json::Value>> {
    let mut map = BTreeMap::new();
    for (key, value) in object(doc, at, "a map")? {
        let value = json_value(value, &At::Key(at, &key), false)?;
        map.insert(key.into_owned(), value);
    }
    Ok(map)
}

#[inline(never)]
fn read_order(doc: Doc, at: &At) -> R<Order> {
    let (mut id, mut placed_at, mut status, mut total) = (None, None, None, None);
    let (mut carrier, mut products) = (None, Vec::new());
    members!(doc, at, "struct Order", |value, here| {
        "id" => id = Some(text(value, here)?),
        "placedAt" => placed_at = Some(instant(value, here)?),
        "status" => status = Some(text(value, here)?),
        "total" => total = Some(dec(value, here)?),
        "carrier" => carrier = opt_text(value, here)?,
        "products" => products = texts(value, here)?,
    });
    Ok(Order {
        id: need(id, at, "id")?,
        placed_at: need(placed_at, at, "placedAt")?,
        status: need(status, at, "status")?,
        total: need(total, at, "total")?,
        carrier,
        products,
    })
}

#[inline(never)]
fn read_cart<'a>(doc: Doc<'a>, at: &At) -> R<Cart<'a>> {
    let (mut currency, mut lines, mut shipping) = (None, None, None);
    let (mut promo_codes, mut redeem) = (Vec::new(), Vec::new());
    members!(doc, at, "struct Cart", |value, here| {
        "currency" => currency = Some(str(value, here)?),
        "lines" => lines = Some(list(value, here, read_line)?),
        "shipping" => shipping = opt(value, here, read_shipping)?,
        "promoCodes" => promo_codes = strs(value, here)?,
        "redeem" => redeem = strs(value, here)?,
    });
    Ok(Cart {
        currency: need(currency, at, "currency")?,
        lines: need(lines, at, "lines")?,
        shipping,
        promo_codes,
        redeem,
    })
}

#[inline(never)]
fn read_line<'a>(doc: Doc<'a>, at: &At) -> R<Line<'a>> {
    let (mut id, mut product_id, mut categories) = (None, None, SmallVec::new());
    let (mut unit_price, mut quantity) = (None, None);
    members!(doc, at, "struct Line", |value, here| {
        "id" => id = Some(str(value, here)?),
        "productId" => product_id = Some(str(value, here)?),
        "categories" => categories = SmallVec::from_vec(strs(value, here)?),
        "unitPrice" => unit_price = Some(dec(value, here)?),
        "quantity" => quantity = Some(u32_(value, here)?),
    });
    Ok(Line {
        id: need(id, at, "id")?,
        product_id: need(product_id, at, "productId")?,
        categories,
        unit_price: need(unit_price, at, "unitPrice")?,
        quantity: need(quantity, at, "quantity")?,
    })
}

#[inline(never)]
fn read_shipping<'a>(doc: Doc<'a>, at: &At) -> R<Shipping<'a>> {
    let (mut carrier, mut method, mut cost, mut address) = (None, None, Dec::default(), None);
    members!(doc, at, "struct Shipping", |value, here| {
        "carrier" => carrier = opt_str(value, here)?,
        "method" => method = opt_str(value, here)?,
        "cost" => cost = dec(value, here)?,
        "address" => address = opt(value, here, read_address)?,
    });
    Ok(Shipping {
        carrier,
        method,
        cost,
        address,
    })
}

fn read_address<'a>(doc: Doc<'a>, at: &At) -> R<Address<'a>> {
    let mut out = Address::default();
    members!(doc, at, "struct Address", |value, here| {
        "city" => out.city = opt_str(value, here)?,
        "postalCode" => out.postal_code = opt_str(value, here)?,
        "country" => out.country = opt_str(value, here)?,
    });
    Ok(out)
}

#[cfg(test)]
#[path = "request_read_tests.rs"]
mod tests;
