//! The steps of the pipeline a quote can do without: a guest's quote needs no
//! membership, cumulative discount, points or customer part; a cart without codes or
//! rewards, and a program without gifts, skip those steps. Each is a function of its
//! own, called only when needed, and `scripts/build-pkg.sh` keeps `wasm-opt` from
//! folding them back into [`run`](super::run): V8 compiles a Wasm function on its first
//! call, so a first quote compiles only the steps it takes.

use std::borrow::Cow;
use std::cell::Cell;

use rust_decimal::prelude::*;

use super::{apply_reward, holds, reached, within, State};
use crate::condition::{CartSets, Facts};
use crate::dates::Instant;
use crate::money::{shortest_text, MoneyCtx};
use crate::profile::{norm_cow, PreparedCustomer};
use crate::program::compile::*;
use crate::program::model::PointsBase;
use crate::quote::*;
use crate::request::{Cart, CustomerStatus, Text};
use crate::scan::equal;

/// Step 2: the segments `p` belongs to, by index in `c.segment_ids`.
#[inline(never)]
pub(super) fn membership(
    c: &Compiled,
    now: Instant,
    p: &PreparedCustomer,
    cart: &Cart,
    subtotal: i128,
) -> Vec<bool> {
    let m = c.money;
    let mut members = vec![false; c.segment_ids.len()];
    if p.status == CustomerStatus::Deactivated {
        members[SEG_DEACTIVATED] = true;
    } else {
        let n = p.profile.count_since(None);
        members[SEG_POTENTIAL] = n == 0;
        members[SEG_CUSTOMERS] = n >= 1;
        members[SEG_LOYAL] = n >= 2;
        members[SEG_RECENT_FIRST] = n == 1
            && p.profile
                .first_since(None)
                .is_some_and(|t| t > now.minus_one_month());
        let cart_sets = CartSets::default();
        let ship = cart.shipping.as_ref();
        let addr = ship.and_then(|s| s.address.as_ref());
        // The shipping texts segment rules compare, normalised as the program's are.
        fn normal(text: Option<&str>) -> Cow<'_, str> {
            text.map(norm_cow).unwrap_or_default()
        }
        let carrier = normal(ship.and_then(|s| s.carrier.as_deref()));
        let city = normal(addr.and_then(|a| a.city.as_deref()));
        let postal = normal(addr.and_then(|a| a.postal_code.as_deref()));
        let country = normal(addr.and_then(|a| a.country.as_deref()));
        let quantity: u64 = cart.lines.iter().map(|l| l.quantity as u64).sum();
        // Built once: each rule's membership is written through the cells, for the
        // rules after it to read.
        let facts = Facts {
            now,
            customer: p,
            group: p.group,
            members: Cell::from_mut(&mut members[..]).as_slice_of_cells(),
            cart_subtotal: m.to_decimal(subtotal),
            cart_quantity: quantity,
            cart_lines: &cart.lines,
            cart_sets: &cart_sets,
            carrier: &carrier,
            city: &city,
            postal_code: &postal,
            country: &country,
        };
        for &i in &c.segment_order {
            let v = c.segment_rules[i].eval(&facts);
            facts.members[BUILTIN_SEGMENTS.len() + i].set(v);
        }
    }
    members
}

/// The cumulative discount `p` has reached under `cu` at `now` (at least the one stored).
#[inline(never)]
pub(super) fn cumulative_percent(
    m: MoneyCtx,
    cu: &CCumulative,
    now: Instant,
    p: &PreparedCustomer,
    members: &[bool],
) -> Decimal {
    let since = cu.period_days.map(|d| now.minus_days(d));
    // Orders placed after `now` (a recalculation as of a past date) do not count yet.
    let spent = m.to_minor(p.profile.counted.sum_between(since, now));
    let mut best_pct = reached(&cu.ranges, spent);
    for (seg, ranges) in &cu.segment_ranges {
        if members[*seg] {
            best_pct = best_pct.max(reached(ranges, spent));
        }
    }
    best_pct.max(p.stored_cumulative)
}

/// Whether `subtotal` reaches the minimum a promo code or a reward asks for, and if not,
/// why.
fn reaches(m: MoneyCtx, min: Option<i128>, subtotal: i128) -> Result<(), String> {
    match min {
        Some(min) if subtotal < min => Err(format!(
            "requires a subtotal of at least {} ({} missing)",
            m.format(min),
            m.format(min - subtotal)
        )),
        _ => Ok(()),
    }
}

/// Step 5: the codes entered, at most one applied: each code's outcome, and the applied
/// one's index in the program and among the outcomes.
#[inline(never)]
pub(super) fn check_codes(
    c: &Compiled,
    now: Instant,
    cust: Option<&PreparedCustomer>,
    members: &[bool],
    cart: &Cart,
    subtotal: i128,
) -> (Vec<CodeOutcome>, Option<(usize, usize)>) {
    let m = c.money;
    let mut codes: Vec<CodeOutcome> = Vec::with_capacity(cart.promo_codes.len());
    let mut applied_promo: Option<(usize, usize)> = None; // (program index, outcome index)
    for entered in &cart.promo_codes {
        let key = norm_cow(entered);
        let verdict = (|| {
            let idx = *c
                .promo_lookup
                .get(key.as_ref())
                .ok_or_else(|| "unknown code".to_string())?;
            if let Some((first, _)) = applied_promo {
                return Err(if first == idx {
                    "this code is already applied".to_string()
                } else {
                    format!(
                        "only one promo code per order; {} is already applied",
                        c.promos[first].code
                    )
                });
            }
            let p = &c.promos[idx];
            within(now, p.valid_from, p.valid_until)?;
            if let Some(segs) = &p.segments {
                if cust.is_none() || !segs.iter().any(|s| members[*s]) {
                    let names: Vec<&str> =
                        segs.iter().map(|s| c.segment_ids[*s].as_str()).collect();
                    return Err(format!(
                        "reserved for customers in segment {}",
                        names.join(" or ")
                    ));
                }
            }
            reaches(m, p.min, subtotal)?;
            Ok(idx)
        })();
        match verdict {
            Ok(idx) => {
                applied_promo = Some((idx, codes.len()));
                codes.push(CodeOutcome {
                    code: Text::from(&**entered),
                    status: "applied".into(),
                    reason: None,
                    discount: m.format(0),
                    free_shipping: c.promos[idx].free_shipping,
                });
            }
            Err(why) => codes.push(CodeOutcome {
                code: Text::from(&**entered),
                status: "rejected".into(),
                reason: Some(why),
                discount: m.format(0),
                free_shipping: false,
            }),
        }
    }
    (codes, applied_promo)
}

/// What step 7 redeemed.
#[derive(Default)]
pub(super) struct Redeemed {
    pub(super) outcomes: Vec<RewardOutcome>,
    /// Points spent.
    pub(super) points: u64,
    pub(super) free_shipping: bool,
}

/// Step 7: the rewards asked for, in order, applied to `st`. `free_shipping`: whether
/// shipping is already free (the offer's bracket or the promo code).
#[inline(never)]
pub(super) fn redeem<'a>(
    c: &Compiled,
    cust: Option<&PreparedCustomer>,
    cart: &Cart,
    st: &mut State<'a>,
    subtotal: i128,
    shipping_cost: i128,
    free_shipping: bool,
) -> Redeemed {
    let m = c.money;
    let active = cust.filter(|p| p.status == CustomerStatus::Active);
    let mut points_left = active.map(|p| p.points_balance).unwrap_or(0);
    let mut redeemed = 0u64;
    let mut granted_left: Vec<&str> = active
        .map(|p| p.granted.iter().map(|s| s.as_str()).collect())
        .unwrap_or_default();
    let mut reward_outcomes: Vec<RewardOutcome> = Vec::with_capacity(cart.redeem.len());
    let mut reward_free_shipping = false;
    for id in &cart.redeem {
        let verdict = (|| -> Result<(usize, bool), String> {
            let Some(p) = cust else {
                return Err("rewards are for registered customers".into());
            };
            if p.status == CustomerStatus::Deactivated {
                return Err("the customer account is deactivated".into());
            }
            let idx = *c
                .reward_lookup
                .get(id)
                .ok_or_else(|| "unknown reward".to_string())?;
            if reward_outcomes
                .iter()
                .any(|o| o.id == *id && o.status == "applied")
            {
                return Err("already redeemed in this order".into());
            }
            let r = &c.rewards[idx];
            reaches(m, r.min, subtotal)?;
            let granted = granted_left.iter().any(|g| *g == id);
            if !granted && points_left < r.cost {
                return Err(format!(
                    "not enough points: costs {}, {} left",
                    r.cost, points_left
                ));
            }
            Ok((idx, granted))
        })();
        let applied = verdict.and_then(|(idx, granted)| {
            let r = &c.rewards[idx];
            let source = r.label.clone();
            let (discount, free) = apply_reward(
                st,
                r,
                &source,
                shipping_cost,
                free_shipping || reward_free_shipping,
            )?;
            Ok((idx, granted, discount, free))
        });
        match applied {
            Ok((idx, granted, discount, free)) => {
                let cost = if granted { 0 } else { c.rewards[idx].cost };
                if granted {
                    if let Some(pos) = granted_left.iter().position(|g| *g == id) {
                        granted_left.remove(pos);
                    }
                }
                points_left -= cost;
                redeemed += cost;
                reward_free_shipping |= free;
                reward_outcomes.push(RewardOutcome {
                    id: Text::from(&**id),
                    status: "applied".into(),
                    points_cost: cost,
                    reason: None,
                    discount: m.format(discount),
                    free_shipping: free,
                    granted,
                });
            }
            Err(why) => reward_outcomes.push(RewardOutcome {
                id: Text::from(&**id),
                status: "rejected".into(),
                points_cost: 0,
                reason: Some(why),
                discount: m.format(0),
                free_shipping: false,
                granted: false,
            }),
        }
    }
    Redeemed {
        outcomes: reward_outcomes,
        points: redeemed,
        free_shipping: reward_free_shipping,
    }
}

/// The gifts the cart earns, each gift's outcome added to `trace`.
#[inline(never)]
pub(super) fn check_gifts(
    c: &Compiled,
    cust: Option<&PreparedCustomer>,
    members: &[bool],
    st: &State,
    trace: &mut Vec<TraceEntry>,
) -> Vec<GiftOutcome> {
    let m = c.money;
    let mut gifts = Vec::new();
    for g in &c.gifts {
        let rule = g.label.clone();
        let verdict = (|| {
            holds(c, g.holder, cust, members, true)?;
            let mut qty = 0u64;
            let mut sub = 0i128;
            for l in &st.lines {
                if g.when.matches(l.product, l.categories) {
                    qty += l.quantity as u64;
                    sub += l.subtotal;
                }
            }
            if qty < g.min_quantity as u64 {
                return Err(if qty == 0 {
                    "the cart holds none of the products it needs".to_string()
                } else {
                    format!(
                        "needs {} matching units, the cart has {qty}",
                        g.min_quantity
                    )
                });
            }
            if sub < g.min_subtotal {
                return Err(format!(
                    "needs {} of matching products, the cart has {}",
                    m.format(g.min_subtotal),
                    m.format(sub)
                ));
            }
            Ok(())
        })();
        match verdict {
            Ok(()) => {
                gifts.push(GiftOutcome {
                    id: Text::from(g.id.as_str()),
                    product: Text::from(g.product.as_str()),
                    quantity: g.quantity,
                });
                trace.push(TraceEntry {
                    rule,
                    outcome: "applied".into(),
                    reason: None,
                });
            }
            Err(why) => trace.push(TraceEntry {
                rule,
                outcome: "skipped".into(),
                reason: Some(why),
            }),
        }
    }
    gifts
}

/// Step 10: the points `p` earns under `pts`, and the multiplier, the outcome added to
/// `trace`. `open`: which offers hold the customer and are valid now.
#[inline(never)]
pub(super) fn earn_points(
    c: &Compiled,
    p: &PreparedCustomer,
    pts: &CPoints,
    open: &[Result<(), String>],
    members: &[bool],
    st: &State,
    trace: &mut Vec<TraceEntry>,
) -> (Decimal, u64) {
    let m = c.money;
    let mut multiplier = Decimal::ONE;
    let mut earned = 0u64;
    let blocker = c
        .offers
        .iter()
        .zip(open)
        .find(|(o, open)| !o.earn_points && open.is_ok())
        .map(|(o, _)| o);
    let why_not = if p.status == CustomerStatus::Deactivated {
        Some("deactivated customers earn no points".to_string())
    } else if !pts.enabled {
        Some("points are disabled".to_string())
    } else {
        blocker.map(|o| format!("offer {} does not earn points", o.id))
    };
    if p.status == CustomerStatus::Active {
        let factors = pts.multipliers.iter().filter(|(s, _)| members[*s]);
        if let Some(max) = factors.map(|(_, f)| *f).max() {
            multiplier = max;
        }
    }
    match why_not {
        Some(why) => trace.push(TraceEntry {
            rule: "points".into(),
            outcome: "skipped".into(),
            reason: Some(why),
        }),
        None => {
            let base: i128 = st
                .lines
                .iter()
                .filter(|l| {
                    !l.categories
                        .iter()
                        .any(|cat| pts.exclude.iter().any(|x| equal(x, cat)))
                })
                .map(|l| match pts.base {
                    PointsBase::AfterDiscounts => l.remaining,
                    PointsBase::BeforeDiscounts => l.subtotal,
                })
                .sum();
            let raw = m.to_decimal(base) * pts.per_unit * multiplier;
            earned = raw.floor().to_u64().unwrap_or(u64::MAX);
            trace.push(TraceEntry {
                rule: "points".into(),
                outcome: "applied".into(),
                reason: None,
            });
        }
    }
    (multiplier, earned)
}

/// The quote's customer part.
#[inline(never)]
pub(super) fn quote_customer(
    c: &Compiled,
    p: &PreparedCustomer,
    members: &[bool],
    discount: CustomerDiscount,
    computed_cumulative: Option<Decimal>,
) -> QuoteCustomer {
    QuoteCustomer {
        id: p.id.clone(),
        segments: {
            // Sized once: collected from a filter, the list would grow three times for
            // a customer in a dozen segments.
            let mut held = Vec::with_capacity(members.iter().filter(|m| **m).count());
            held.extend(
                c.segment_ids
                    .iter()
                    .zip(members)
                    .filter(|(_, m)| **m)
                    .map(|(id, _)| Text::from(id.as_str())),
            );
            held
        },
        group: p.group.map(|g| Text::from(c.groups[g].id.as_str())),
        customer_discount: discount,
        cumulative_discount: shortest_text(computed_cumulative.unwrap_or(p.stored_cumulative)),
        has_discount_card: p.has_discount_card,
    }
}
