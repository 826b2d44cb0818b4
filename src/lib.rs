//! # checkout-benefits
//!
//! A customer-benefit engine for online shops: what a customer is owed for a cart,
//! computed exactly and explained.
//!
//! The data flow is **program → compile → request → pipeline → quote**:
//!
//! 1. The merchant's *program* (segments, offers with brackets, customer groups and
//!    their prices, personal and cumulative discounts, promo codes, rewards, gifts,
//!    points) is parsed with unknown keys refused, validated with every problem
//!    reported by JSON path, and compiled once into an [`Engine`].
//! 2. Each *request* (`now`, the customer with their order history, the cart) runs
//!    through the pipeline in the contract's order: prices, membership, offer, promo
//!    code, customer discount, rewards, shipping, allocation, points, nudge, trace.
//! 3. The *quote* gives every line's price and discounts, shipping, totals, points,
//!    the outcome of every code and reward, gifts, the next bracket and why each rule
//!    did or did not apply. Money is exact (`rust_decimal`, minor units, one rounding).
//!
//! ```
//! use checkout_benefits::Engine;
//! let engine = Engine::from_json(r#"{ "version": 1, "currency": "EUR",
//!   "offers": [ { "id": "all", "brackets": [ { "minSubtotal": "100", "freeShipping": true } ] } ] }"#)?;
//! let quote = engine.quote_json(r#"{ "now": "2026-11-22T10:00:00Z", "customer": { "id": "c1" },
//!   "cart": { "currency": "EUR", "shipping": { "cost": "4.90" },
//!     "lines": [ { "id": "l1", "productId": "p1", "unitPrice": "120", "quantity": 1 } ] } }"#)?;
//! assert!(quote.contains(r#""shipping":{"cost":"4.90","discount":"4.90","total":"0.00","free":true}"#));
//! # Ok::<(), checkout_benefits::Error>(())
//! ```

mod allocate;
mod card;
mod condition;
mod dates;
mod engine;
mod error;
mod jsondoc;
mod jsonout;
mod jsonpath;
mod jsontext;
mod kept;
mod ledger;
mod limits;
mod lookup;
mod lowercase;
mod money;
mod nearest;
mod pipeline;
mod profile;
mod program;
mod quote;
mod reader;
mod recalc;
// In Wasm, the module's allocator; natively only the tests use it.
#[cfg_attr(
    not(all(target_arch = "wasm32", not(target_feature = "atomics"))),
    allow(dead_code)
)]
mod recycle;
mod request;
mod request_read;
mod scan;
mod sorting;
#[cfg(test)]
mod testing;
mod whole;

pub use card::{check_card, find_by_card, normalize_card};
pub use dates::Instant;
pub use engine::{
    parse_cart, parse_cart_json, parse_customer, parse_customer_json, parse_program,
    parse_program_json, parse_request, parse_request_json, validate_program, validate_program_json,
    validate_program_json_with_limits, validate_program_value, Engine,
};
pub use error::{Error, ErrorCode, Problem};
pub use ledger::{
    ledger_json, parse_ledger_events, Applied, EntryStatus, Ledger, LedgerEntry, LedgerEvent,
    LedgerReport, Rejected,
};
pub use limits::Limits;
pub use money::{Currency, Dec, Money, Rounding};
pub use profile::PreparedCustomer;
pub use program::compile::BUILTIN_SEGMENTS;
pub use program::model;
pub use program::model::Program;
pub use quote::*;
pub use recalc::{recalculate_ndjson, RecalcStats, Recalculated};
pub use request::{
    Address, Cart, Categories, Customer, CustomerStatus, CustomerType, Line, Order, Request,
    Shipping, Str,
};
/// The small-vector type behind [`Categories`] and [`LineDiscounts`].
pub use smallvec;

#[cfg(target_arch = "wasm32")]
mod wasm;
