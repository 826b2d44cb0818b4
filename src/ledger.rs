//! The points ledger: events applied to a balance, idempotently, never below zero.
//!
//! A store's backend keeps each customer's points as a list of events — earned for an
//! order, redeemed for a reward, adjusted by hand, reversed when an order is cancelled
//! or refunded, expired — and folds them into a balance with a [`Ledger`]:
//!
//! - the balance never goes below zero: a redemption or a manual removal that the
//!   balance does not cover is rejected with the reason;
//! - an event id counts once: sending the same event again (a webhook retry, a replayed
//!   batch) is reported as `duplicate` and changes nothing;
//! - a manual adjustment needs a reason;
//! - a reversal takes back exactly what its order earned (less what was already taken
//!   back). When the customer has already spent some of those points, the reversal takes
//!   what is left, brings the balance to zero and reports the `shortfall`: the points of
//!   a cancelled order must not stay spendable, and the merchant sees what could not be
//!   recovered instead of an event silently refused;
//! - an expiry removes at most the balance (points already spent cannot expire).
//!
//! ```
//! use checkout_benefits::ledger_json;
//! let report = ledger_json(100, r#"[
//!   { "id": "e1", "type": "earned", "points": 50, "orderId": "o1", "at": "2026-11-22T10:00:00Z" },
//!   { "id": "e1", "type": "earned", "points": 50, "orderId": "o1", "at": "2026-11-22T10:00:00Z" },
//!   { "id": "e2", "type": "redeemed", "points": 500, "rewardId": "voucher-10", "at": "2026-11-23T10:00:00Z" }
//! ]"#)?;
//! assert!(report.starts_with(r#"{"balance":150,"results":[{"id":"e1","status":"applied","delta":50,"balance":150"#));
//! assert!(report.contains(r#""status":"duplicate""#));
//! assert!(report.contains(r#""reason":"not enough points: redeeming 500, the balance is 150""#));
//! # Ok::<(), checkout_benefits::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::dates::Instant;
use crate::error::{Error, ErrorCode};
use crate::jsondoc::{
    self, i64_, instant, members, need, opt, opt_string, string, variant, At, Doc, R,
};

/// One change to a customer's points, as the store records it.
///
/// JSON: `{ "id", "type": "earned"|"redeemed"|"adjusted"|"reversed"|"expired", "points",
/// "orderId"?, "rewardId"?, "reason"?, "at" }`; unknown keys are refused.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(
    try_from = "RawEvent",
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum LedgerEvent {
    /// Points earned by an order.
    Earned {
        id: String,
        points: u64,
        order_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        at: Instant,
    },
    /// Points spent on a reward.
    Redeemed {
        id: String,
        points: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reward_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        order_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        at: Instant,
    },
    /// Points added (positive) or removed (negative) by hand; `reason` is required.
    Adjusted {
        id: String,
        points: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        at: Instant,
    },
    /// An order was cancelled or refunded: take back what it earned. `points` limits
    /// the reversal to part of it (a partial refund); absent, all that is left is taken.
    Reversed {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        points: Option<u64>,
        order_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        at: Instant,
    },
    /// Points that lapsed.
    Expired {
        id: String,
        points: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        at: Instant,
    },
}

/// The kinds of ledger event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
enum EventType {
    Earned,
    Redeemed,
    Adjusted,
    Reversed,
    Expired,
}

/// An event as written: one flat record, checked per type when it becomes a
/// [`LedgerEvent`]. [`parse_ledger_events`] reads it by hand (`read_event`); serde's
/// reading, for `LedgerEvent`'s own, is what the reader's tests compare it with.
#[derive(Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawEvent {
    id: String,
    #[serde(rename = "type")]
    kind: EventType,
    #[serde(default, deserialize_with = "crate::whole::opt")]
    points: Option<i64>,
    #[serde(default)]
    order_id: Option<String>,
    #[serde(default)]
    reward_id: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    at: Instant,
}

impl TryFrom<RawEvent> for LedgerEvent {
    type Error = String;

    fn try_from(r: RawEvent) -> Result<LedgerEvent, String> {
        let type_name = match r.kind {
            EventType::Earned => "earned",
            EventType::Redeemed => "redeemed",
            EventType::Adjusted => "adjusted",
            EventType::Reversed => "reversed",
            EventType::Expired => "expired",
        };
        let not_for =
            |key: &str| format!("unknown field `{key}`: not part of an `{type_name}` event");
        let points = |required: bool| -> Result<Option<u64>, String> {
            match r.points {
                None if required => Err("missing field `points`".to_string()),
                None => Ok(None),
                Some(p) if p < 0 => Err(format!(
                    "invalid value: integer `{p}`, expected u64 (use an `adjusted` event to remove points)"
                )),
                Some(p) => Ok(Some(p as u64)),
            }
        };
        let order = |required: bool| -> Result<Option<String>, String> {
            match &r.order_id {
                None if required => Err("missing field `orderId`".to_string()),
                o => Ok(o.clone()),
            }
        };
        let no_reward = || match r.reward_id {
            Some(_) => Err(not_for("rewardId")),
            None => Ok(()),
        };
        let no_order = || match r.order_id {
            Some(_) => Err(not_for("orderId")),
            None => Ok(()),
        };
        let (id, reason, at) = (r.id.clone(), r.reason.clone(), r.at);
        Ok(match r.kind {
            EventType::Earned => {
                no_reward()?;
                LedgerEvent::Earned {
                    id,
                    points: points(true)?.unwrap_or(0),
                    order_id: order(true)?.unwrap_or_default(),
                    reason,
                    at,
                }
            }
            EventType::Redeemed => LedgerEvent::Redeemed {
                id,
                points: points(true)?.unwrap_or(0),
                reward_id: r.reward_id.clone(),
                order_id: order(false)?,
                reason,
                at,
            },
            EventType::Adjusted => {
                no_reward()?;
                no_order()?;
                LedgerEvent::Adjusted {
                    id,
                    points: r
                        .points
                        .ok_or_else(|| "missing field `points`".to_string())?,
                    reason,
                    at,
                }
            }
            EventType::Reversed => {
                no_reward()?;
                LedgerEvent::Reversed {
                    id,
                    points: points(false)?,
                    order_id: order(true)?.unwrap_or_default(),
                    reason,
                    at,
                }
            }
            EventType::Expired => {
                no_reward()?;
                no_order()?;
                LedgerEvent::Expired {
                    id,
                    points: points(true)?.unwrap_or(0),
                    reason,
                    at,
                }
            }
        })
    }
}

impl LedgerEvent {
    /// The event's id (the idempotency key).
    pub fn id(&self) -> &str {
        match self {
            LedgerEvent::Earned { id, .. }
            | LedgerEvent::Redeemed { id, .. }
            | LedgerEvent::Adjusted { id, .. }
            | LedgerEvent::Reversed { id, .. }
            | LedgerEvent::Expired { id, .. } => id,
        }
    }

    /// When it happened.
    pub fn at(&self) -> Instant {
        match self {
            LedgerEvent::Earned { at, .. }
            | LedgerEvent::Redeemed { at, .. }
            | LedgerEvent::Adjusted { at, .. }
            | LedgerEvent::Reversed { at, .. }
            | LedgerEvent::Expired { at, .. } => *at,
        }
    }
}

/// An event that changed the ledger (or, for a `duplicate`, was already counted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// The change to the balance (negative when points were taken).
    pub delta: i64,
    /// The balance after the event.
    pub balance: u64,
    /// True when this event id had already been processed: nothing changed.
    pub duplicate: bool,
    /// Reversal only: the points the order earned that could not be taken back because
    /// they were already spent.
    pub shortfall: u64,
    /// A remark on how the event was applied (a partial expiry, a shortfall, a duplicate).
    pub note: Option<String>,
}

/// An event the ledger refused, and why. Nothing changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    pub reason: String,
    /// The balance, unchanged.
    pub balance: u64,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for Rejected {}

/// What happened to one event in a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum EntryStatus {
    Applied,
    Rejected,
    Duplicate,
}

/// One line of a [`LedgerReport`]: `{ id, status, delta, balance, reason, shortfall }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct LedgerEntry {
    pub id: String,
    pub status: EntryStatus,
    /// The change to the balance (0 unless applied).
    pub delta: i64,
    /// The balance after this event.
    pub balance: u64,
    /// Why it was rejected or a duplicate, or a remark on how it was applied; else null.
    pub reason: Option<String>,
    /// Points a reversal could not take back because they were already spent (else 0).
    pub shortfall: u64,
}

/// The outcome of a list of events: the final balance and one entry per event, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct LedgerReport {
    pub balance: u64,
    pub results: Vec<LedgerEntry>,
}

/// An event id already processed: the event it named and whether it was applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Seen {
    event: LedgerEvent,
    applied: bool,
}

/// A customer's points: the balance and what is needed to apply further events safely.
///
/// The state serializes, so a backend can store it and continue later.
///
/// ```
/// use checkout_benefits::{Ledger, LedgerEvent, Instant};
/// let at = Instant::parse("2026-11-22T10:00:00Z").unwrap();
/// let mut ledger = Ledger::new(0);
/// let earned = LedgerEvent::Earned { id: "e1".into(), points: 80, order_id: "o1".into(), reason: None, at };
/// assert_eq!(ledger.apply(&earned).unwrap().delta, 80);
/// assert!(ledger.apply(&earned).unwrap().duplicate);
/// let cancelled = LedgerEvent::Reversed { id: "e2".into(), points: None, order_id: "o1".into(), reason: Some("cancelled".into()), at };
/// assert_eq!(ledger.apply(&cancelled).unwrap().delta, -80);
/// assert_eq!(ledger.balance(), 0);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ledger {
    balance: u64,
    // Ordered maps: a lookup takes O(log n) comparisons whatever the ids. In the Wasm
    // build, `std`'s hash maps hash with fixed keys (wasm32-unknown-unknown has no
    // source of randomness), so event ids crafted to collide could make a batch take
    // quadratic time; and a map's JSON lists its keys in the same order every time.
    seen: BTreeMap<String, Seen>,
    earned_by_order: BTreeMap<String, u64>,
    reversed_by_order: BTreeMap<String, u64>,
}

impl Ledger {
    /// A ledger opening at `balance` points, with no events seen.
    pub fn new(opening_balance: u64) -> Ledger {
        Ledger {
            balance: opening_balance,
            ..Ledger::default()
        }
    }

    /// The current balance.
    pub fn balance(&self) -> u64 {
        self.balance
    }

    /// Whether the event id was applied (not merely seen and rejected).
    pub fn is_applied(&self, id: &str) -> bool {
        self.seen.get(id).is_some_and(|s| s.applied)
    }

    /// The points an order earned in this ledger.
    pub fn earned_by_order(&self, order_id: &str) -> u64 {
        self.earned_by_order.get(order_id).copied().unwrap_or(0)
    }

    /// The points of an order already reversed (taken back or written off as shortfall).
    pub fn reversed_by_order(&self, order_id: &str) -> u64 {
        self.reversed_by_order.get(order_id).copied().unwrap_or(0)
    }

    /// Applies one event.
    ///
    /// An event id is final once processed: sending it again, applied or rejected before,
    /// gives `Ok` with `duplicate: true` and changes nothing (send a new id to retry a
    /// rejected event). Reusing an id for a different event is rejected.
    pub fn apply(&mut self, event: &LedgerEvent) -> Result<Applied, Rejected> {
        let id = event.id();
        if let Some(seen) = self.seen.get(id) {
            if seen.event != *event {
                return Err(self.reject(format!(
                    "event id {id} was already used for a different event"
                )));
            }
            let was = if seen.applied { "applied" } else { "rejected" };
            return Ok(Applied {
                delta: 0,
                balance: self.balance,
                duplicate: true,
                shortfall: 0,
                note: Some(format!("event {id} was already processed ({was})")),
            });
        }
        if id.trim().is_empty() {
            // Not recorded: an empty id cannot be told apart from another.
            return Err(self.reject("the event id must not be empty".into()));
        }
        let outcome = self.decide(event);
        self.seen.insert(
            id.to_string(),
            Seen {
                event: event.clone(),
                applied: outcome.is_ok(),
            },
        );
        let change = match outcome {
            Ok(c) => c,
            Err(reason) => return Err(self.reject(reason)),
        };
        self.balance = change.balance;
        match event {
            LedgerEvent::Earned {
                order_id, points, ..
            } => *self.earned_by_order.entry(order_id.clone()).or_default() += *points,
            LedgerEvent::Reversed { order_id, .. } => {
                *self.reversed_by_order.entry(order_id.clone()).or_default() += change.claimed
            }
            _ => {}
        }
        Ok(Applied {
            delta: change.delta,
            balance: self.balance,
            duplicate: false,
            shortfall: change.shortfall,
            note: change.note,
        })
    }

    /// Applies events in order and reports each outcome and the final balance.
    pub fn apply_all<'a, I>(&mut self, events: I) -> LedgerReport
    where
        I: IntoIterator<Item = &'a LedgerEvent>,
    {
        let results = events
            .into_iter()
            .map(|e| {
                let id = e.id().to_string();
                match self.apply(e) {
                    Ok(a) => LedgerEntry {
                        id,
                        status: if a.duplicate {
                            EntryStatus::Duplicate
                        } else {
                            EntryStatus::Applied
                        },
                        delta: a.delta,
                        balance: a.balance,
                        reason: a.note,
                        shortfall: a.shortfall,
                    },
                    Err(r) => LedgerEntry {
                        id,
                        status: EntryStatus::Rejected,
                        delta: 0,
                        balance: r.balance,
                        reason: Some(r.reason),
                        shortfall: 0,
                    },
                }
            })
            .collect();
        LedgerReport {
            balance: self.balance,
            results,
        }
    }

    fn reject(&self, reason: String) -> Rejected {
        Rejected {
            reason,
            balance: self.balance,
        }
    }

    /// The change an event makes, without making it.
    fn decide(&self, event: &LedgerEvent) -> Result<Change, String> {
        let balance = self.balance;
        match event {
            LedgerEvent::Earned {
                points, order_id, ..
            } => {
                if order_id.trim().is_empty() {
                    return Err("an earned event needs the orderId".into());
                }
                if self.reversed_by_order.contains_key(order_id) {
                    return Err(format!(
                        "order {order_id} was reversed (cancelled or refunded); it earns no more points"
                    ));
                }
                Change::add(balance, *points)
            }
            LedgerEvent::Redeemed { points, .. } => {
                if *points > balance {
                    return Err(format!(
                        "not enough points: redeeming {points}, the balance is {balance}"
                    ));
                }
                Ok(Change::take(balance, *points))
            }
            LedgerEvent::Adjusted { points, reason, .. } => {
                if reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                    return Err("a manual adjustment needs a reason".into());
                }
                if *points >= 0 {
                    Change::add(balance, points.unsigned_abs())
                } else if points.unsigned_abs() > balance {
                    Err(format!(
                        "the balance cannot go below zero: removing {}, the balance is {balance}",
                        points.unsigned_abs()
                    ))
                } else {
                    Ok(Change::take(balance, points.unsigned_abs()))
                }
            }
            LedgerEvent::Reversed {
                points, order_id, ..
            } => {
                let earned = self.earned_by_order(order_id);
                if earned == 0 {
                    return Err(format!("order {order_id} earned no points in this ledger"));
                }
                let left = earned - self.reversed_by_order(order_id).min(earned);
                if left == 0 {
                    return Err(format!(
                        "order {order_id} earned {earned} points, all already reversed"
                    ));
                }
                let claimed = match points {
                    None => left,
                    Some(p) if *p > left => {
                        return Err(format!(
                            "order {order_id} has {left} points left to reverse, not {p}"
                        ))
                    }
                    Some(p) => *p,
                };
                let taken = claimed.min(balance);
                let shortfall = claimed - taken;
                let mut change = Change::take(balance, taken);
                change.claimed = claimed;
                change.shortfall = shortfall;
                if shortfall > 0 {
                    change.note = Some(format!(
                        "took back {taken} of {claimed} points; {shortfall} were already spent"
                    ));
                }
                Ok(change)
            }
            LedgerEvent::Expired { points, .. } => {
                let taken = (*points).min(balance);
                let mut change = Change::take(balance, taken);
                if taken < *points {
                    change.note = Some(format!(
                        "{taken} of {points} points expired; the rest were already spent"
                    ));
                }
                Ok(change)
            }
        }
    }
}

/// What an accepted event does to the balance.
struct Change {
    delta: i64,
    balance: u64,
    /// Reversal: the order's points it settles (taken back or written off).
    claimed: u64,
    shortfall: u64,
    note: Option<String>,
}

impl Change {
    fn add(balance: u64, points: u64) -> Result<Change, String> {
        let delta = i64::try_from(points).map_err(|_| "too many points in one event")?;
        let balance = balance
            .checked_add(points)
            .filter(|b| *b <= i64::MAX as u64)
            .ok_or("the balance would exceed the largest supported value")?;
        Ok(Change {
            delta,
            balance,
            claimed: 0,
            shortfall: 0,
            note: None,
        })
    }

    /// Takes `points`, which the caller has checked are at most `balance`.
    fn take(balance: u64, points: u64) -> Change {
        Change {
            delta: 0i64.saturating_sub_unsigned(points),
            balance: balance - points,
            claimed: 0,
            shortfall: 0,
            note: None,
        }
    }
}

/// Reads a JSON array of events, reporting the path of a malformed one (`events[3].type`):
/// the first problem in the order written, as for programs and requests.
pub fn parse_ledger_events(events_json: &str) -> Result<Vec<LedgerEvent>, Error> {
    let code = ErrorCode::InvalidRequest;
    let doc = jsondoc::parse(events_json, code, "events").map_err(text_after_events)?;
    let events = At::Key(&At::Root(code), "events");
    jsondoc::list(doc, &events, read_event).map_err(|e| *e)
}

/// serde_json's `trailing characters` said of the events as a whole.
fn text_after_events(e: Error) -> Error {
    if e.message.starts_with("trailing characters") {
        let message = format!("unexpected text after the events: {}", e.message);
        Error::new(e.code, "", message)
    } else {
        e
    }
}

/// One event: its members read as [`RawEvent`]'s serde reading reads them, then checked
/// for its type (`LedgerEvent::try_from`), whose problems are reported at the event.
fn read_event(doc: Doc, at: &At) -> R<LedgerEvent> {
    const TYPES: &[&str] = &["earned", "redeemed", "adjusted", "reversed", "expired"];
    const KINDS: [EventType; 5] = [
        EventType::Earned,
        EventType::Redeemed,
        EventType::Adjusted,
        EventType::Reversed,
        EventType::Expired,
    ];
    let (mut id, mut kind, mut at_time) = (None, None, None);
    let (mut points, mut order_id, mut reward_id, mut reason) = (None, None, None, None);
    members!(doc, at, "struct RawEvent", |value, here| {
        "id" => id = Some(string(value, here)?),
        "type" => kind = Some(KINDS[variant(value, here, "enum EventType", TYPES)?]),
        "points" => points = opt(value, here, i64_)?,
        "orderId" => order_id = opt_string(value, here)?,
        "rewardId" => reward_id = opt_string(value, here)?,
        "reason" => reason = opt_string(value, here)?,
        "at" => at_time = Some(instant(value, here)?),
    });
    let raw = RawEvent {
        id: need(id, at, "id")?,
        kind: need(kind, at, "type")?,
        points,
        order_id,
        reward_id,
        reason,
        at: need(at_time, at, "at")?,
    };
    LedgerEvent::try_from(raw).or_else(|message| jsondoc::fail(at, message))
}

/// Applies a JSON array of events to an opening balance; returns the [`LedgerReport`] as
/// compact JSON. Malformed input (not an array, an unknown key or type, a missing field)
/// is an `invalid_request` error with the path; a refused event is a `rejected` entry.
/// A text longer than the default JSON limit (4 MB, as for requests) is refused before
/// it is read, with `limit_exceeded`; a longer history goes through [`Ledger`] event by
/// event.
///
/// ```
/// let report = checkout_benefits::ledger_json(20, r#"[{ "id": "a1", "type": "adjusted",
///   "points": -5, "at": "2026-11-22T10:00:00Z" }]"#).unwrap();
/// assert_eq!(report, r#"{"balance":20,"results":[{"id":"a1","status":"rejected","delta":0,"balance":20,"reason":"a manual adjustment needs a reason","shortfall":0}]}"#);
/// ```
pub fn ledger_json(opening_balance: u64, events_json: &str) -> Result<String, Error> {
    crate::engine::check_size(events_json, &crate::Limits::default())?;
    let events = parse_ledger_events(events_json)?;
    let report = Ledger::new(opening_balance).apply_all(&events);
    // Numbers and strings only: writing them cannot fail.
    serde_json::to_string(&report).map_err(|_| {
        Error::new(
            ErrorCode::InvalidRequest,
            "",
            "the report could not be written",
        )
    })
}

#[cfg(test)]
#[path = "ledger_read_tests.rs"]
mod read_tests;
