//! The quote pipeline, in the contract's order: validate, prices, membership, offer,
//! promo code, customer discount, rewards, shipping, allocation, points, nudge, trace.
//! The steps a quote can do without (membership, codes, rewards, gifts, points, the
//! customer's part) are in [`steps`], called only when needed.

use rust_decimal::prelude::*;

use crate::allocate::{allocate, cut, Packed};
use crate::dates::Instant;
use crate::error::{report, Error, ErrorCode, Problem};
use crate::jsonout::{write_array, Room, WriteJson};
use crate::kept::Kept;
use crate::lookup::StrIndex;
use crate::money::{shortest_text, times, Money, MoneyCtx};
use crate::profile::{check_read_id, PreparedCustomer};
use crate::program::compile::*;
use crate::program::model::{RewardType, StackingPolicy};
use crate::quote::*;
use crate::request::{cat, Cart, CustomerStatus, Str, Text};
use crate::scan::equal;
use crate::sorting::sort_by;
use smallvec::SmallVec;
use steps::*;

mod steps;

struct LineState<'a> {
    id: &'a str,
    product: &'a str,
    categories: &'a [Str<'a>],
    quantity: u32,
    unit_price: i128,
    price: i128,
    subtotal: i128,
    remaining: i128,
    /// The shares taken off the line, in the order applied: (index in the sources,
    /// amount). Held inline: a line usually takes one or two.
    taken: SmallVec<[(usize, i128); 2]>,
    /// Units an earlier reward has made free or discounted (`freeProduct`, the `get`
    /// units of `buyXGetY`): a later reward takes other units, and does not count these
    /// as paid.
    rewarded: u32,
}

impl LineState<'_> {
    /// The line's units no reward has taken yet.
    fn unrewarded(&self) -> u32 {
        self.quantity - self.rewarded
    }
}

/// The order in which a reward takes units from lines given as `(unit price, index)`: the
/// cheapest first; between lines of the same price, by line id (unique in a cart), so
/// that the order of the lines changes nothing.
#[inline]
fn cheaper_first(lines: &[LineState], a: (i128, usize), b: (i128, usize)) -> std::cmp::Ordering {
    a.0.cmp(&b.0).then_with(|| lines[a.1].id.cmp(lines[b.1].id))
}

struct State<'a> {
    money: MoneyCtx,
    lines: Vec<LineState<'a>>,
    /// The source labels of the lines' shares.
    sources: Vec<Source>,
    trace: Vec<TraceEntry>,
    /// What a unit no reward has taken still holds of its step-3 price after the
    /// cart-wide discounts so far.
    kept: Kept,
    /// What is left of the lines: the sum of their remainders, kept as shares are
    /// taken off. No remainder is below zero (prices are checked, and no share is more
    /// than what is left of its line).
    left: i128,
}

impl State<'_> {
    fn remaining(&self) -> i128 {
        self.left
    }

    /// Applies a cart-wide discount; returns what was actually taken off.
    fn apply_cart(&mut self, source: &str, amount: i128) -> i128 {
        let left = self.left;
        let taken = self.split_cart(source, amount).unwrap_or_else(|| {
            let weighted: Vec<(usize, i128)> =
                self.lines.iter().map(|l| l.remaining).enumerate().collect();
            self.apply_weighted(source, amount, weighted)
        });
        self.kept.times(left - taken, left);
        taken
    }

    /// [`State::apply_cart`]'s split, as [`allocate`] makes it over the lines'
    /// remainders, worked out in place: each line's share and key are taken once to
    /// find what is left over and which lines take a unit of it, and again as the
    /// shares are taken off, with no list of weights or shares. `None`, with nothing
    /// changed, when the amounts are too large for 64-bit arithmetic ([`Packed`]).
    fn split_cart(&mut self, source: &str, amount: i128) -> Option<i128> {
        let total = self.left;
        let amount = crate::allocate::within(amount, total);
        if amount == 0 {
            return Some(0);
        }
        let packed = Packed::new(amount, total, self.lines.len())?;
        let mut given = 0u64;
        let mut keys: Vec<u64> = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let (share, key) = packed.share_and_key(l.remaining, i);
                given += share;
                key
            })
            .collect();
        // Fewer units than lines are left over.
        let left = usize::try_from(packed.amount() - given)
            .unwrap_or(0)
            .min(keys.len());
        let cut = if left > 0 {
            cut(&mut keys, left, packed.key_bound())?
        } else {
            u64::MAX
        };
        let s = self.sources.len();
        for (i, line) in self.lines.iter_mut().enumerate() {
            let (mut share, key) = packed.share_and_key(line.remaining, i);
            // No key reaches u64::MAX (a remainder is below `total`, which fits). A line
            // with a remainder has a share below its weight (⌊a·w/t⌋ < a·w/t ≤ w, the
            // amount being at most the total), so the unit never takes it past its weight.
            if key >= cut && packed.has_remainder(key) {
                share += 1;
            }
            if share > 0 {
                let share = i128::from(share);
                line.remaining -= share;
                line.taken.push((s, share));
            }
        }
        self.sources.push(Source::from(source));
        self.left -= amount;
        Some(amount)
    }

    /// `percent` of what `gross` (some units no reward has taken, at their step-3 price)
    /// is still worth after the cart-wide discounts taken so far, rounded once. Computed
    /// from what those discounts kept of a unit ([`Kept`]), not from line remainders, so
    /// the order of the lines and how they are split (one line of 3 or lines of 1 and 2)
    /// change nothing. Worked out as an exact fraction of integers; in decimals only
    /// when its terms pass 128 bits.
    fn after_cart_discounts(&self, gross: i128, percent: Decimal) -> i128 {
        if gross <= 0 {
            return 0;
        }
        match self.kept.of_percent(gross, percent) {
            Some((numerator, denominator)) => self.money.round_ratio(numerator, denominator),
            None => self.after_cart_discounts_in_decimals(gross, percent),
        }
    }

    /// [`State::after_cart_discounts`] for terms past 128 bits. Out of line and cold: a
    /// quote compiles it (with decimal division) only if it ever needs it.
    #[cold]
    #[inline(never)]
    fn after_cart_discounts_in_decimals(&self, gross: i128, percent: Decimal) -> i128 {
        let (num, den) = self.kept.decimals();
        let g = self.money.to_decimal(gross);
        let worth = g
            .checked_mul(num)
            .map(|x| x / den)
            .unwrap_or_else(|| g / den * num);
        self.money.to_minor(worth * percent / Decimal::ONE_HUNDRED)
    }

    /// What `gross` (some units no reward has taken, at their step-3 price) is still
    /// worth after the cart-wide discounts taken so far, rounded up: the weight of a
    /// line in a reward on some of its units (at most what the line has left). The same
    /// share of every line's units, so the weights of two lines are in proportion to
    /// their units' prices whatever else the lines have taken; rounded up, a few units
    /// still worth a fraction of a minor unit keep a weight.
    fn worth(&self, gross: i128) -> i128 {
        if gross <= 0 {
            return 0;
        }
        let (q, rest) = self.kept.of(gross);
        q + i128::from(rest)
    }

    /// Records the units (`(line, units)`) a reward has taken.
    fn reward_units(&mut self, units: &[(usize, u64)]) {
        for &(i, n) in units {
            // At most the line's unrewarded units, so within its `u32` quantity.
            self.lines[i].rewarded += n as u32;
        }
    }

    /// Applies a discount spread over some lines in proportion to their weights:
    /// `weighted` holds a line's index and weight (at most its remainder), in any order,
    /// for each line that can take a share. A reward on some units weighs a few lines of
    /// many, and only those are split over: their shares are those of the split over a
    /// weight for every line (the others weighing nothing take nothing, and the lines are
    /// put back in cart order, which breaks ties).
    fn apply_weighted(
        &mut self,
        source: &str,
        amount: i128,
        mut weighted: Vec<(usize, i128)>,
    ) -> i128 {
        sort_by(&mut weighted, |a, b| a.0.cmp(&b.0));
        let weights: Vec<i128> = weighted.iter().map(|&(_, w)| w).collect();
        // The shares' sum is known: not added up again as they are taken.
        let (shares, taken) = allocate(amount, &weights);
        let s = self.sources.len();
        for (&(i, _), share) in weighted.iter().zip(shares) {
            if let (true, Some(line)) = (share > 0, self.lines.get_mut(i)) {
                line.remaining -= share;
                line.taken.push((s, share));
            }
        }
        if taken > 0 {
            self.sources.push(Source::from(source));
        }
        self.left -= taken;
        taken
    }

    fn discount_amount(&self, d: CDiscount, base: i128) -> i128 {
        match d {
            CDiscount::Amount(a) => a.min(base),
            CDiscount::Percent(p) => self.money.percent_of(base, p).min(base),
        }
    }

    #[inline]
    fn trace(&mut self, rule: Text, outcome: &str, reason: Option<String>) {
        self.trace.push(TraceEntry {
            rule,
            outcome: Text::from(outcome),
            reason,
        });
    }
}

fn within(now: Instant, from: Option<Instant>, until: Option<Instant>) -> Result<(), String> {
    if let Some(f) = from {
        if now < f {
            return Err(format!("not valid before {f}"));
        }
    }
    if let Some(u) = until {
        if now > u {
            return Err(format!("expired on {u}"));
        }
    }
    Ok(())
}

fn holds(
    c: &Compiled,
    h: Holder,
    cust: Option<&PreparedCustomer>,
    members: &[bool],
    guests_welcome: bool,
) -> Result<(), String> {
    let Some(cust) = cust else {
        return if guests_welcome && h == Holder::Anyone {
            Ok(())
        } else {
            Err("guests (no customer account) are not eligible".to_string())
        };
    };
    if cust.status == CustomerStatus::Deactivated && h != Holder::Segment(SEG_DEACTIVATED) {
        return Err("the customer account is deactivated".to_string());
    }
    match h {
        Holder::Anyone => Ok(()),
        Holder::Segment(s) if members[s] => Ok(()),
        Holder::Segment(s) => Err(["customer not in segment ", &c.segment_ids[s]].concat()),
        Holder::Group(g) if cust.group == Some(g) => Ok(()),
        Holder::Group(g) => Err(["customer not in group ", &c.groups[g].id].concat()),
    }
}

/// Checks the cart against the program and the limits (pipeline step 1). `ascii`: every
/// string of the cart is known to be printable ASCII without a quote or a backslash (the
/// request reader found it so: it borrows only strings without escapes), so only an id's
/// length is left to check, and the quote writes line ids and product ids as they are.
#[inline(never)]
pub(crate) fn check_cart(c: &Compiled, cart: &Cart, ascii: bool, problems: &mut Vec<Problem>) {
    use ErrorCode::{InvalidRequest, LimitExceeded};
    let check_id = |problems: &mut Vec<Problem>, path: &dyn Fn() -> String, id: &str| {
        check_read_id(problems, c, path, id, ascii);
    };
    if cart.currency != c.money.currency.code {
        report(
            problems,
            InvalidRequest,
            &|| "cart.currency".into(),
            &|| {
                format!(
                    "`{}` does not match the program currency {}",
                    cart.currency.chars().take(16).collect::<String>(),
                    c.money.currency.code
                )
            },
        );
    }
    if cart.lines.len() > c.limits.lines_per_cart {
        report(problems, LimitExceeded, &|| "cart.lines".into(), &|| {
            format!(
                "has {} lines; the limit is {}",
                cart.lines.len(),
                c.limits.lines_per_cart
            )
        });
        return;
    }
    // An unkeyed hash: crafted colliding ids cost at most quadratic time in the line
    // limit, and every ordinary cart is checked several times faster than with SipHash.
    // The lines are within their limit here, so the index has room for every id.
    let mut seen = StrIndex::with_capacity(cart.lines.len());
    for (i, l) in cart.lines.iter().enumerate() {
        let path = || format!("cart.lines[{i}]");
        check_id(problems, &|| format!("{}.id", path()), &l.id);
        if !seen.insert(&l.id) {
            report(
                problems,
                InvalidRequest,
                &|| format!("{}.id", path()),
                &|| {
                    format!(
                        "duplicate line id `{}`",
                        l.id.chars().take(64).collect::<String>()
                    )
                },
            );
        }
        check_id(problems, &|| format!("{}.productId", path()), &l.product_id);
        for (j, cat) in l.categories.iter().enumerate() {
            check_id(problems, &|| format!("{}.categories[{j}]", path()), cat);
        }
        if l.quantity == 0 {
            report(
                problems,
                InvalidRequest,
                &|| format!("{}.quantity", path()),
                &|| "must be a whole number of at least 1".into(),
            );
        }
        let price = l.unit_price.0;
        if price.is_sign_negative() && !price.is_zero() {
            report(
                problems,
                InvalidRequest,
                &|| format!("{}.unitPrice", path()),
                &|| "must not be negative".into(),
            );
        } else if c.money_limit.exceeded_by(price, l.quantity) {
            report(
                problems,
                LimitExceeded,
                &|| format!("{}.unitPrice", path()),
                &|| {
                    format!(
                        "the line amount is above the money limit of {}",
                        c.limits.money_magnitude
                    )
                },
            );
        }
    }
    if let Some(s) = &cart.shipping {
        let cost = s.cost.0;
        if cost.is_sign_negative() && !cost.is_zero() {
            report(
                problems,
                InvalidRequest,
                &|| "cart.shipping.cost".into(),
                &|| "must not be negative".into(),
            );
        } else if cost > c.money_limit.decimal {
            report(
                problems,
                LimitExceeded,
                &|| "cart.shipping.cost".into(),
                &|| format!("is above the money limit of {}", c.limits.money_magnitude),
            );
        }
    }
    for (i, code) in cart.promo_codes.iter().enumerate() {
        check_id(problems, &|| format!("cart.promoCodes[{i}]"), code);
    }
    for (i, id) in cart.redeem.iter().enumerate() {
        check_id(problems, &|| format!("cart.redeem[{i}]"), id);
    }
    if cart.promo_codes.len() > c.limits.lines_per_cart {
        report(
            problems,
            LimitExceeded,
            &|| "cart.promoCodes".into(),
            &|| format!("has more than {} codes", c.limits.lines_per_cart),
        );
    }
    if cart.redeem.len() > c.limits.lines_per_cart {
        report(problems, LimitExceeded, &|| "cart.redeem".into(), &|| {
            format!("has more than {} rewards", c.limits.lines_per_cart)
        });
    }
}

/// Runs the pipeline for a cart and a prepared customer (or a guest), checking the cart
/// first (`ascii`: see [`check_cart`]).
///
/// [`check_cart`], [`apply_reward`] and [`next_bracket`] are each called once from here
/// and kept out of line: inlined, this was one Wasm function of about 21,700
/// instructions, which V8 compiled 10-15% slower after some unrelated changes.
pub(crate) fn run<'a>(
    c: &Compiled,
    now: Instant,
    cust: Option<&PreparedCustomer>,
    cart: &'a Cart<'_>,
    ascii: bool,
) -> Result<Priced<'a>, Error> {
    let mut problems = Vec::new();
    check_cart(c, cart, ascii, &mut problems);
    if !problems.is_empty() {
        return Err(Error::from_problems(problems));
    }
    let m = c.money;
    let active = cust.filter(|p| p.status == CustomerStatus::Active);

    // Step 3 (prices) first: the group is known from the customer record, and the
    // step-3 subtotal is what `cart.subtotal` conditions and brackets look at.
    let group = cust.and_then(|p| p.group);
    let mut st = State {
        money: m,
        lines: Vec::with_capacity(cart.lines.len()),
        sources: Vec::with_capacity(8),
        // Every offer, the customer discounts, every code entered and every reward.
        trace: Vec::with_capacity(c.offers.len() + 2 + cart.promo_codes.len() + c.rewards.len()),
        kept: Kept::whole(0),
        left: 0,
    };
    for l in &cart.lines {
        let unit_price = m.to_minor(l.unit_price.0);
        let adj = group.and_then(|g| {
            let g = &c.groups[g];
            g.products
                .get(&l.product_id)
                .or_else(|| l.categories.iter().find_map(|cat| g.categories.get(cat)))
                .or(g.catalogue.as_ref())
                .copied()
        });
        let price = match adj {
            None => unit_price,
            Some(PriceAdj::Fixed(p)) => p,
            Some(PriceAdj::Percent(p)) => {
                m.to_minor(l.unit_price.0 * (Decimal::ONE_HUNDRED + p) / Decimal::ONE_HUNDRED)
            }
        };
        let subtotal = times(price, u64::from(l.quantity));
        st.lines.push(LineState {
            id: &l.id,
            product: &l.product_id,
            categories: &l.categories,
            quantity: l.quantity,
            unit_price,
            price,
            subtotal,
            remaining: subtotal,
            taken: SmallVec::new(),
            rewarded: 0,
        });
    }
    // The lines' subtotals (step 3), added up once.
    let subtotal: i128 = st.lines.iter().map(|l| l.subtotal).sum();
    st.left = subtotal;
    st.kept = Kept::whole(subtotal);
    if m.to_decimal(subtotal) > c.money_limit.decimal {
        return Err(Error::limit(
            "cart.lines",
            format!(
                "the cart subtotal is above the money limit of {}",
                c.limits.money_magnitude
            ),
        ));
    }
    let shipping_cost = cart
        .shipping
        .as_ref()
        .map(|s| m.to_minor(s.cost.0))
        .unwrap_or(0);

    // Step 2: membership.
    let members = match cust {
        Some(p) => membership(c, now, p, cart, subtotal),
        None => vec![false; c.segment_ids.len()],
    };

    // Which offers hold the customer and are valid at `now`: used by the offer choice,
    // the points rule (`earnPoints`) and the nudge, so it is worked out once.
    let open: Vec<Result<(), String>> = c
        .offers
        .iter()
        .map(|o| {
            holds(c, o.holder, cust, &members, false)?;
            within(now, o.valid_from, o.valid_until)
        })
        .collect();

    // Step 4: the offer of highest value.
    struct OfferEval {
        outcome: Result<usize, String>,
        value: i128,
    }
    let mut evals: Vec<OfferEval> = Vec::with_capacity(c.offers.len());
    let mut best: Option<usize> = None;
    for (i, o) in c.offers.iter().enumerate() {
        let outcome = (|| {
            open[i].clone()?;
            if !o.discount_enabled {
                return Err("the offer's discount is disabled".to_string());
            }
            let reached = o.brackets.iter().rposition(|b| b.min <= subtotal);
            reached.ok_or_else(|| {
                format!(
                    "subtotal {} is below the first bracket ({})",
                    m.format(subtotal),
                    m.format(o.brackets.first().map(|b| b.min).unwrap_or(0))
                )
            })
        })();
        let value = match &outcome {
            Ok(b) => {
                let b = &o.brackets[*b];
                b.discount
                    .map(|d| st.discount_amount(d, subtotal))
                    .unwrap_or(0)
                    + if b.free_shipping { shipping_cost } else { 0 }
            }
            Err(_) => 0,
        };
        if outcome.is_ok() && best.is_none_or(|bi| value > evals[bi].value) {
            best = Some(i);
        }
        evals.push(OfferEval { outcome, value });
    }
    let chosen = best.map(|i| (i, *evals[i].outcome.as_ref().unwrap_or(&0)));

    // Step 5: at most one promo code.
    let (mut codes, applied_promo) = if cart.promo_codes.is_empty() {
        (Vec::new(), None)
    } else {
        check_codes(c, now, cust, &members, cart, subtotal)
    };

    // Step 6: offer and customer discount.
    let mut withheld: Option<String> = None;
    let mut offer_discount = 0i128;
    let offer_source = chosen.map(|(i, _)| c.offers[i].label.clone());
    let offer_bracket_discount = chosen.and_then(|(i, b)| c.offers[i].brackets[b].discount);
    if let (Some((oi, _)), Some((pi, _))) = (chosen, applied_promo) {
        if offer_bracket_discount.is_some() && !c.offers[oi].applies_with_promo_code {
            withheld = Some(format!(
                "the offer's discount does not combine with promo code {}",
                c.promos[pi].code
            ));
        }
    }
    let usable_offer = if withheld.is_none() {
        offer_bracket_discount
    } else {
        None
    };

    let personal = if c.personal_enabled {
        active.map(|p| p.personal).unwrap_or_default()
    } else {
        Decimal::ZERO
    };
    let computed_cumulative = match (&c.cumulative, cust) {
        (Some(cu), Some(p)) if cu.enabled => Some(cumulative_percent(m, cu, now, p, &members)),
        _ => None,
    };
    let cumulative = if active.is_some() {
        computed_cumulative.unwrap_or_default()
    } else {
        Decimal::ZERO
    };
    let (cd_source, cd_percent) = if personal.is_zero() && cumulative.is_zero() {
        (None, Decimal::ZERO)
    } else if personal >= cumulative {
        (Some("personal"), personal)
    } else {
        (Some("cumulative"), cumulative)
    };
    let cd_label = cd_source.map(|s| cat(&["customer:", s]));
    let mut cd_amount = 0i128;
    match c.stacking {
        StackingPolicy::BestOf => {
            let offer_value = usable_offer
                .map(|d| st.discount_amount(d, subtotal))
                .unwrap_or(0);
            let cust_value = m.percent_of(subtotal, cd_percent).min(subtotal);
            if cd_percent > Decimal::ZERO && cust_value > offer_value {
                cd_amount = st.apply_cart(cd_label.as_deref().unwrap_or("customer"), cust_value);
                if usable_offer.is_some() {
                    withheld = Some(format!(
                        "the customer discount ({} %, {}) is larger than the offer's ({}); only the better one applies",
                        shortest_text(cd_percent),
                        m.format(cust_value),
                        m.format(offer_value)
                    ));
                }
                st.trace("customerDiscount".into(), "applied", None);
            } else {
                if let Some(d) = usable_offer {
                    let amount = st.discount_amount(d, st.remaining());
                    offer_discount =
                        st.apply_cart(offer_source.as_deref().unwrap_or("offer"), amount);
                }
                if cd_percent > Decimal::ZERO {
                    st.trace(
                        "customerDiscount".into(),
                        "skipped",
                        Some({
                            let mut why = String::with_capacity(100);
                            why.push_str("the offer's discount (");
                            m.format(offer_value).push_to(&mut why);
                            why.push_str(") is at least the customer discount (");
                            m.format(cust_value).push_to(&mut why);
                            why.push_str("); only the better one applies");
                            why
                        }),
                    );
                }
            }
        }
        StackingPolicy::Stack => {
            if cd_percent > Decimal::ZERO {
                let amount = m.percent_of(st.remaining(), cd_percent);
                cd_amount = st.apply_cart(cd_label.as_deref().unwrap_or("customer"), amount);
                st.trace("customerDiscount".into(), "applied", None);
            }
            if let Some(d) = usable_offer {
                let amount = st.discount_amount(d, st.remaining());
                offer_discount = st.apply_cart(offer_source.as_deref().unwrap_or("offer"), amount);
            }
        }
    }
    if let Some((pi, oi)) = applied_promo {
        if let Some(d) = c.promos[pi].discount {
            let amount = st.discount_amount(d, st.remaining());
            let taken = st.apply_cart(&cat(&["promo:", &c.promos[pi].code]), amount);
            codes[oi].discount = m.format(taken);
        }
    }

    // Step 7: rewards, in order.
    let offer_free_shipping = chosen.is_some_and(|(i, b)| c.offers[i].brackets[b].free_shipping);
    let promo_free_shipping = applied_promo.is_some_and(|(pi, _)| c.promos[pi].free_shipping);
    let Redeemed {
        outcomes: reward_outcomes,
        points: redeemed,
        free_shipping: reward_free_shipping,
    } = if cart.redeem.is_empty() {
        Redeemed::default()
    } else {
        let free = offer_free_shipping || promo_free_shipping;
        redeem(c, cust, cart, &mut st, subtotal, shipping_cost, free)
    };

    // Step 8: shipping.
    let free = offer_free_shipping || promo_free_shipping || reward_free_shipping;
    let ship_discount = if free { shipping_cost } else { 0 };

    // Offer trace and outcome, now that withholding is known. The reasons of the offers
    // the best one beat, "offer {winner} is worth more ({best} vs {this})", are built
    // directly from one shared start: a program of many offers writes one per offer on
    // every quote.
    let worth_more = best.map(|b| {
        let winner = &c.offers[b].id;
        let mut start = String::with_capacity(40 + winner.len());
        start.push_str("offer ");
        start.push_str(winner);
        start.push_str(" is worth more (");
        m.format(evals[b].value).push_to(&mut start);
        start.push_str(" vs ");
        start
    });
    // The trace holds at most the customer discount's entry so far: it goes after the
    // offers' entries, for a readable trace.
    let customer_entry = st.trace.pop();
    debug_assert!(st.trace.is_empty());
    for (i, (o, e)) in c.offers.iter().zip(&mut evals).enumerate() {
        let rule = o.label.clone();
        match &mut e.outcome {
            Err(why) => st.trace(rule, "skipped", Some(std::mem::take(why))),
            Ok(_) if Some(i) != best => {
                let start = worth_more.as_deref().unwrap_or_default();
                let mut why = String::with_capacity(start.len() + 24);
                why.push_str(start);
                m.format(e.value).push_to(&mut why);
                why.push(')');
                st.trace(rule, "skipped", Some(why))
            }
            Ok(_) => match &withheld {
                Some(why) => st.trace(rule, "withheld", Some(why.clone())),
                None => st.trace(rule, "applied", None),
            },
        }
    }
    let mut trace = std::mem::take(&mut st.trace);
    trace.extend(customer_entry);
    for code in &codes {
        trace.push(TraceEntry {
            rule: cat(&["promo:", &code.code]),
            outcome: code.status.clone(),
            reason: code.reason.clone(),
        });
    }
    for r in &reward_outcomes {
        trace.push(TraceEntry {
            rule: cat(&["reward:", &r.id]),
            outcome: r.status.clone(),
            reason: r.reason.clone(),
        });
    }

    // Gifts.
    let gifts = if c.gifts.is_empty() {
        Vec::new()
    } else {
        check_gifts(c, cust, &members, &st, &mut trace)
    };

    // Step 9 happened as each discount was applied; now the totals.
    let discount_total = subtotal - st.remaining();
    let ship_total = shipping_cost - ship_discount;

    // Step 10: points.
    let (multiplier, earned) = match (cust, &c.points) {
        (Some(p), Some(pts)) => earn_points(c, p, pts, &open, &members, &st, &mut trace),
        _ => (Decimal::ONE, 0),
    };

    // Step 11: the next bracket.
    let next_bracket = next_bracket(c, m, &open, chosen, subtotal);

    let customer = cust.map(|p| {
        let discount = CustomerDiscount {
            source: cd_source.map(Text::from),
            percent: shortest_text(cd_percent),
            amount: m.format(cd_amount),
        };
        quote_customer(c, p, &members, discount, computed_cumulative)
    });
    if let Some(why) = cust.and_then(|p| p.card_problem.clone()) {
        trace.push(TraceEntry {
            rule: "discountCard".into(),
            outcome: "rejected".into(),
            reason: Some(why),
        });
    }

    let offer = chosen.map(|(i, b)| QuoteOffer {
        id: Text::from(c.offers[i].id.as_str()),
        bracket: b,
        discount: m.format(offer_discount),
        free_shipping: c.offers[i].brackets[b].free_shipping,
        withheld: withheld.clone(),
    });

    let quote = Quote {
        currency: Text::from(m.currency.code),
        customer,
        // The lines stay the pipeline's until the quote is written or handed over.
        lines: Vec::new(),
        offer,
        promo_codes: codes,
        rewards: reward_outcomes,
        gifts,
        shipping: QuoteShipping {
            cost: m.format(shipping_cost),
            discount: m.format(ship_discount),
            total: m.format(ship_total),
            free,
        },
        totals: Totals {
            subtotal: m.format(subtotal),
            discount: m.format(discount_total),
            shipping: m.format(ship_total),
            total: m.format(subtotal - discount_total + ship_total),
        },
        points: QuotePoints {
            earned,
            redeemed,
            balance: cust.map(|p| p.points_balance - redeemed).unwrap_or(0),
            multiplier: shortest_text(multiplier),
        },
        next_bracket,
        trace,
    };
    // The trace quotes fixed words, numbers, dates, program ids and the cart's codes and
    // reward ids (a discount card's problem quotes no card number, only digit counts).
    let plain_trace = ascii && c.trace_ids_plain;
    Ok(Priced {
        quote,
        lines: st.lines,
        sources: st.sources,
        money: m,
        plain_cart_strings: ascii,
        plain_trace,
    })
}

/// A quote whose lines are still the pipeline's: written as JSON straight from them
/// ([`Priced::to_json`]), or turned into a [`Quote`] that owns its lines. A JSON quote
/// then copies no line id or product id, and builds no quote line to drop again.
pub(crate) struct Priced<'a> {
    /// The quote, without its lines.
    quote: Quote,
    lines: Vec<LineState<'a>>,
    sources: Vec<Source>,
    money: MoneyCtx,
    /// The cart's strings need no escape: see [`check_cart`]'s `ascii`.
    plain_cart_strings: bool,
    /// Nor do the trace's.
    plain_trace: bool,
}

impl Priced<'_> {
    /// The line's amounts, in the order of [`QuoteLine`]'s fields.
    fn amounts(&self, l: &LineState) -> [Money; 5] {
        let m = self.money;
        [
            m.format(l.unit_price),
            m.format(l.price),
            m.format(l.subtotal),
            m.format(l.subtotal - l.remaining),
            m.format(l.remaining),
        ]
    }

    /// The quote, owning its lines.
    pub(crate) fn into_quote(self) -> Quote {
        let lines = self
            .lines
            .iter()
            .map(|l| {
                let [unit_price, price, subtotal, discount, total] = self.amounts(l);
                QuoteLine {
                    id: Text::from(l.id),
                    product_id: Text::from(l.product),
                    quantity: l.quantity,
                    unit_price,
                    price,
                    subtotal,
                    discount,
                    total,
                    discounts: l
                        .taken
                        .iter()
                        .map(|&(s, amount)| LineDiscount {
                            source: self.sources[s].clone(),
                            amount: self.money.format(amount),
                        })
                        .collect(),
                }
            })
            .collect();
        Quote {
            lines,
            ..self.quote
        }
    }

    /// The quote as compact JSON: the bytes of `into_quote().to_json()`.
    pub(crate) fn to_json(&self) -> String {
        let id_bytes = self.lines.iter().map(|l| l.id.len() + l.product.len());
        let capacity = self.quote.json_capacity(self.lines.len(), id_bytes.sum());
        crate::jsonout::to_json(self, capacity)
    }
}

/// The lines of a [`Priced`] quote, written as a quote's `lines`.
struct PricedLines<'p, 'a>(&'p Priced<'a>);

// SAFETY: written by `write_array` and `PricedLine`'s writer.
unsafe impl WriteJson for PricedLines<'_, '_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        let p = self.0;
        let heads = DiscountHeads::new(&p.sources);
        let heads = &heads;
        write_array(out, p.lines.iter().map(|l| PricedLine { p, l, heads }));
    }
}

/// The start of a line discount, `{"source":"…","amount":` ([`write_discount_head`]), for
/// each source of a quote: written (and its source escaped) once, then copied for every
/// line that takes a share of it.
struct DiscountHeads {
    bytes: Vec<u8>,
    /// Where each source's head starts and ends in `bytes`: one plain list read once
    /// per discount written.
    spans: Vec<(usize, usize)>,
}

impl DiscountHeads {
    fn new(sources: &[Source]) -> Self {
        let room = sources.iter().map(|s| s.len() + 24).sum::<usize>() + BLOCK;
        let mut bytes = Vec::with_capacity(room);
        let mut spans = Vec::with_capacity(sources.len());
        for source in sources {
            let start = bytes.len();
            write_discount_head(&mut bytes, source);
            spans.push((start, bytes.len()));
        }
        // Every head is followed by at least a block's bytes, so that a short one can be
        // copied as a whole block (see `get`).
        bytes.extend_from_slice(&[0; BLOCK]);
        DiscountHeads { bytes, spans }
    }

    /// The source's head, and the block of bytes starting with it: the head is
    /// usually shorter than a block and copied as one ([`Room::piece`]).
    fn get(&self, source: usize) -> (&[u8], Option<&[u8; BLOCK]>) {
        let (start, end) = self.spans[source];
        (&self.bytes[start..end], self.bytes[start..].first_chunk())
    }
}

/// The bytes a discount head is copied as when it is not longer: most heads
/// (`{"source":"offer:summer-sale","amount":`) are.
const BLOCK: usize = 48;

/// One line of a [`Priced`] quote, written as a quote line.
struct PricedLine<'p, 'a> {
    p: &'p Priced<'a>,
    l: &'p LineState<'a>,
    heads: &'p DiscountHeads,
}

// SAFETY: written by `write_line`, with the discounts written by `PricedDiscounts`.
unsafe impl WriteJson for PricedLine<'_, '_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        let (p, l) = (self.p, self.l);
        let discounts = PricedDiscounts {
            p,
            taken: &l.taken,
            heads: self.heads,
        };
        let ids = [l.id, l.product];
        let plain = p.plain_cart_strings;
        write_line(out, ids, plain, l.quantity, p.amounts(l), &discounts);
    }
}

/// A line's discounts in a [`Priced`] quote, written as a quote line's `discounts`: the
/// bytes [`LineDiscount`]'s writer writes, each head copied from [`DiscountHeads`].
struct PricedDiscounts<'p, 'a> {
    p: &'p Priced<'a>,
    taken: &'p [(usize, i128)],
    heads: &'p DiscountHeads,
}

// SAFETY: each discount is a head written by `write_discount_head` (of the block copied
// with a short head, only the head's own bytes are taken in), an amount written by
// `Money`'s writer and a brace.
unsafe impl WriteJson for PricedDiscounts<'_, '_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        // The list written by hand, not by `write_array` over discount values: that took
        // about 2,100 more instructions for a 200-line quote's 378 discounts.
        let mut room = Room::new(out, 2);
        room.byte(b'[');
        for (i, &(s, amount)) in self.taken.iter().enumerate() {
            if i > 0 {
                room.byte(b',');
            }
            let (head, block) = self.heads.get(s);
            room.piece(head, block);
            room.money(self.p.money.format(amount));
            room.byte(b'}');
        }
        room.byte(b']');
    }
}

// SAFETY: the quote's own writer, with the lines written by `PricedLines`.
unsafe impl WriteJson for Priced<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        self.quote
            .write_json_with(out, &PricedLines(self), self.plain_trace);
    }
}

/// The highest range reached by `spent`, 0 when none.
fn reached(ranges: &[(i128, Decimal)], spent: i128) -> Decimal {
    ranges
        .iter()
        .filter(|(from, _)| *from <= spent)
        .map(|(_, p)| *p)
        .max()
        .unwrap_or_default()
}

/// Applies one reward; returns the discount taken and whether it frees shipping.
#[inline(never)]
fn apply_reward(
    st: &mut State,
    r: &CReward,
    source: &str,
    shipping_cost: i128,
    shipping_already_free: bool,
) -> Result<(i128, bool), String> {
    let m = st.money;
    match r.kind {
        RewardType::Voucher | RewardType::PercentOff => {
            let left = st.remaining();
            if left == 0 {
                return Err("nothing is left to discount in the cart".into());
            }
            let amount = if r.kind == RewardType::Voucher {
                r.amount.min(left)
            } else {
                m.percent_of(left, r.percent).min(left)
            };
            if amount == 0 {
                return Err("the discount rounds to nothing on what is left in the cart".into());
            }
            Ok((st.apply_cart(source, amount), false))
        }
        RewardType::FreeShipping => {
            if shipping_cost == 0 {
                return Err("there is no shipping cost to waive".into());
            }
            if shipping_already_free {
                return Err("shipping is already free".into());
            }
            Ok((0, true))
        }
        RewardType::FreeProduct => {
            // The product's lines, found once.
            let mut order: Vec<(i128, usize)> = (0..st.lines.len())
                .filter(|i| equal(st.lines[*i].product, &r.product))
                .map(|i| (st.lines[i].price, i))
                .collect();
            // A line holds at least one unit (checked with the cart).
            if order.is_empty() {
                return Err(format!("product {} is not in the cart", r.product));
            }
            let free: u64 = order
                .iter()
                .map(|o| st.lines[o.1].unrewarded() as u64)
                .sum();
            if free < r.quantity as u64 {
                // All the units, counted for the refusal only.
                let units: u64 = order.iter().map(|o| st.lines[o.1].quantity as u64).sum();
                return Err(if free == units {
                    format!(
                        "needs {} units of {} in the cart, it has {units}",
                        r.quantity, r.product
                    )
                } else {
                    format!(
                        "needs {} units of {} in the cart not taken by an earlier reward, it has {free}",
                        r.quantity, r.product
                    )
                });
            }
            // The cheapest units of the product become free.
            sort_by(&mut order, |a, b| cheaper_first(&st.lines, *a, *b));
            // The lines the free units are taken from, how many from each, and what each
            // has left of them.
            let mut weighted: Vec<(usize, i128)> = Vec::new();
            let mut units_taken: Vec<(usize, u64)> = Vec::new();
            let mut gross = 0i128;
            let mut need = r.quantity as u64;
            for (_, i) in order {
                let l = &st.lines[i];
                let take = need.min(l.unrewarded() as u64);
                if take == 0 {
                    continue;
                }
                let cost = times(l.price, take);
                gross += cost;
                weighted.push((i, st.worth(cost).min(l.remaining)));
                units_taken.push((i, take));
                need -= take;
                if need == 0 {
                    break;
                }
            }
            // The free units cost nothing: what they are still worth after the cart-wide
            // discounts, never more than their lines have left.
            let amount = st
                .after_cart_discounts(gross, Decimal::ONE_HUNDRED)
                .min(weighted.iter().map(|&(_, w)| w).sum());
            if amount == 0 {
                return Err("nothing is left to discount on that product".into());
            }
            st.reward_units(&units_taken);
            Ok((st.apply_weighted(source, amount, weighted), false))
        }
        RewardType::BuyXGetY => {
            let discounted = buy_x_get_y(st, r);
            if discounted.is_empty() {
                return Err(format!(
                    "the cart does not hold the products it needs (buy {} to get {})",
                    r.buy.quantity, r.get.quantity
                ));
            }
            // What the discounted units cost (`gross`) and what their lines have left
            // of it (the weights, and their sum), in one pass.
            let (mut gross, mut base) = (0i128, 0i128);
            let weighted: Vec<(usize, i128)> = discounted
                .iter()
                .map(|&(i, u)| {
                    let l = &st.lines[i];
                    let cost = times(l.price, u);
                    let weight = st.worth(cost).min(l.remaining);
                    gross += cost;
                    base += weight;
                    (i, weight)
                })
                .collect();
            let amount = st.after_cart_discounts(gross, r.get.percent).min(base);
            if amount == 0 {
                return Err("nothing is left to discount on those products".into());
            }
            st.reward_units(&discounted);
            Ok((st.apply_weighted(source, amount, weighted), false))
        }
    }
}

/// Units discounted per line, for the lines with any (`(index, units)`, cheapest units
/// first). The number of applications is the largest (at most
/// `maxApplications`) for which `buy` paying units and `get` discounted units can be
/// found without using a unit twice; the discounted units are the cheapest `get` units
/// that still leave enough paying units (ties by line id). Units an earlier reward took
/// count for neither. Works on unit counts per line, so a huge quantity costs no more
/// than a small one.
fn buy_x_get_y(st: &State, r: &CReward) -> Vec<(usize, u64)> {
    let x = r.buy.quantity as u128;
    let y = r.get.quantity as u128;
    let (mut only_buy, mut only_get, mut both) = (0u128, 0u128, 0u128);
    // Lines whose units can be discounted: (unit price, line index, also a paying unit).
    let mut gettable: Vec<(i128, usize, bool)> = Vec::new();
    for (i, l) in st.lines.iter().enumerate() {
        let b = r.buy.matches(l.product, l.categories);
        let g = if r.get_is_buy {
            b
        } else {
            r.get.matches(l.product, l.categories)
        };
        // Units an earlier reward took are neither paid nor discounted again.
        let q = l.unrewarded() as u128;
        match (b, g) {
            (true, true) => both += q,
            (true, false) => only_buy += q,
            (false, true) => only_get += q,
            (false, false) => {}
        }
        if g {
            gettable.push((l.price, i, b));
        }
    }
    let feasible = |a: u128| {
        a * y <= only_get + both
            && a * x <= only_buy + both
            && (a * y).saturating_sub(only_get) + (a * x).saturating_sub(only_buy) <= both
    };
    let (mut lo, mut hi) = (0u128, (only_buy + only_get + both) / (x + y).max(1));
    if let Some(max) = r.max_applications {
        hi = hi.min(max as u128);
    }
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if feasible(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut need = lo * y;
    // Units that could pay as well as be discounted: this many may be discounted.
    let mut shared_left = (only_buy + both).saturating_sub(lo * x);
    sort_by(&mut gettable, |a, b| {
        cheaper_first(&st.lines, (a.0, a.1), (b.0, b.1))
    });
    let mut discounted = Vec::new();
    for (_, i, also_buy) in gettable {
        if need == 0 {
            break;
        }
        let mut take = need.min(st.lines[i].unrewarded() as u128);
        if also_buy {
            take = take.min(shared_left);
            shared_left -= take;
        }
        if take > 0 {
            discounted.push((i, take as u64));
        }
        need -= take;
    }
    discounted
}

#[inline(never)]
fn next_bracket(
    c: &Compiled,
    m: MoneyCtx,
    open: &[Result<(), String>],
    chosen: Option<(usize, usize)>,
    subtotal: i128,
) -> Option<NextBracket> {
    let pick = match chosen {
        Some((i, b)) => c.offers[i].brackets.get(b + 1).map(|_| (i, b + 1)),
        None => {
            let mut best: Option<(usize, usize)> = None;
            for (i, o) in c.offers.iter().enumerate() {
                if !o.discount_enabled || open[i].is_err() {
                    continue;
                }
                if let Some(b) = o.brackets.iter().position(|b| b.min > subtotal) {
                    let better = best
                        .is_none_or(|(bi, bb)| o.brackets[b].min < c.offers[bi].brackets[bb].min);
                    if better {
                        best = Some((i, b));
                    }
                }
            }
            best
        }
    }?;
    let (i, b) = pick;
    let br = &c.offers[i].brackets[b];
    Some(NextBracket {
        offer: Text::from(c.offers[i].id.as_str()),
        bracket: b,
        min_subtotal: m.format(br.min),
        missing: m.format(br.min - subtotal),
        discount: br.discount.map(|d| match d {
            CDiscount::Amount(a) => BracketDiscount {
                amount: Some(m.format(a)),
                percent: None,
            },
            CDiscount::Percent(p) => BracketDiscount {
                amount: None,
                percent: Some(shortest_text(p)),
            },
        }),
        free_shipping: br.free_shipping,
    })
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;
    use smallvec::SmallVec;

    use super::{Kept, LineState, State};
    use crate::allocate::allocate;
    use crate::money::{Currency, MoneyCtx, MoneyLimit, Rounding};

    /// A pipeline state over lines that have `remaining` left, one cart-wide discount
    /// (of 1 unit) already taken off the first line.
    fn state_over(remaining: &[i128]) -> State<'static> {
        let mut st = State {
            money: MoneyCtx {
                currency: Currency::from_code("EUR").unwrap(),
                rounding: Rounding::HalfUp,
            },
            lines: Vec::new(),
            sources: vec!["offer:before".into()],
            trace: Vec::new(),
            kept: Kept::whole(remaining.iter().sum()),
            left: remaining.iter().sum(),
        };
        for (i, &r) in remaining.iter().enumerate() {
            let mut taken = SmallVec::new();
            if i == 0 {
                taken.push((0, 1));
            }
            st.lines.push(LineState {
                id: "l",
                product: "p",
                categories: &[],
                quantity: 1,
                unit_price: r,
                price: r,
                subtotal: r,
                remaining: r,
                taken,
                rewarded: 0,
            });
        }
        st
    }

    /// A fixed pseudo-random walk from `seed`: each call gives a number below `m`.
    fn walk(seed: u64) -> impl FnMut(u64) -> u64 {
        let mut next = crate::testing::xorshift(seed);
        move |m| next() % m
    }

    /// Each line of `st` (made by [`state_over`] from `remaining`) took `shares[i]` (none
    /// past the list) under the second source, after the first line's first share.
    #[track_caller]
    fn assert_lines_took(st: &State, remaining: &[i128], shares: &[i128]) {
        for (i, line) in st.lines.iter().enumerate() {
            let share = shares.get(i).copied().unwrap_or(0);
            assert_eq!(line.remaining, remaining[i] - share, "line {i}");
            let mut expected: Vec<(usize, i128)> = if i == 0 { vec![(0, 1)] } else { vec![] };
            if share > 0 {
                expected.push((1, share));
            }
            assert_eq!(line.taken.to_vec(), expected, "line {i}");
        }
    }

    /// A cart-wide discount split in place takes off each line exactly the share
    /// `allocate` gives it over the lines' remainders, records it under a new source,
    /// and returns the same total, what is left of the cart going down by it: for
    /// remainders that leave units over and that do not, for zero remainders and equal
    /// ones (one bucket), for amounts above the cart, and for amounts too large for 64
    /// bits, which fall back to the lists. (No remainder is below zero in a pipeline.)
    #[test]
    fn a_cart_split_in_place_takes_what_allocate_gives() {
        let mut next = walk(0x2545_f491_4f6c_dd1d);
        for round in 0..20_000 {
            let n = 1 + next(if round % 10 == 0 { 300 } else { 12 }) as usize;
            let big = round % 50 == 0;
            let remaining: Vec<i128> = (0..n)
                .map(|_| match next(8) {
                    0 => 0,
                    1 => 3,
                    // Products of amount and total past 64 bits.
                    _ if big => (1 << 33) + i128::from(next(1 << 34)),
                    _ => next(100_000) as i128,
                })
                .collect();
            let total: i128 = remaining.iter().sum();
            let amount = match next(4) {
                0 => total + next(10) as i128,
                1 => next(7) as i128,
                _ => (total * next(1_000) as i128 / 1_000).max(0),
            };
            let (shares, sum) = allocate(amount, &remaining);
            let mut st = state_over(&remaining);
            assert_eq!(
                st.apply_cart("offer:x", amount),
                sum,
                "{remaining:?} {amount}"
            );
            // Every unit keeps what the cart keeps.
            assert_eq!(st.kept.of(total), (total - sum, false));
            assert_eq!(st.remaining(), total - sum);
            assert_eq!(st.sources.len(), if sum > 0 { 2 } else { 1 });
            assert_lines_took(&st, &remaining, &shares);
        }
    }

    /// A discount over weights of its own, given for the lines that weigh something
    /// only (last line first), takes off each line the share `allocate` gives it over a weight for every
    /// line, those weighing nothing included: weights on a few lines of many, on every
    /// line, none above zero, and none for the last lines.
    #[test]
    fn a_weighted_split_over_the_lines_that_weigh_takes_what_allocate_gives() {
        let mut next = walk(0x9e37_79b9_7f4a_7c15);
        for round in 0..5_000 {
            let n = 1 + next(40) as usize;
            let remaining: Vec<i128> = (0..n).map(|_| 1 + next(50_000) as i128).collect();
            let listed = n - next(3).min(n as u64 - 1) as usize;
            let sparse = round % 4 != 0;
            let weights: Vec<i128> = remaining[..listed]
                .iter()
                .map(|r| match next(if sparse { 10 } else { 2 }) {
                    0 => (*r).min(1 + next(20_000) as i128),
                    1 if !sparse => *r,
                    _ => 0,
                })
                .collect();
            let total: i128 = weights.iter().sum();
            let amount = match next(3) {
                0 => total + 1,
                _ => total * next(1_000) as i128 / 1_000,
            };
            let (shares, sum) = allocate(amount, &weights);
            let weighted: Vec<(usize, i128)> = weights
                .iter()
                .copied()
                .enumerate()
                .filter(|&(_, w)| w > 0)
                .rev()
                .collect();
            let mut st = state_over(&remaining);
            assert_eq!(st.apply_weighted("reward:x", amount, weighted), sum);
            assert_eq!(st.remaining(), remaining.iter().sum::<i128>() - sum);
            assert_eq!(st.sources.len(), if sum > 0 { 2 } else { 1 });
            assert_lines_took(&st, &remaining, &shares);
        }
    }

    #[test]
    fn line_limit_in_integers_agrees_with_decimals() {
        let magnitude = 1_000_000_000_000u64;
        let limit = Decimal::from(magnitude);
        let money_limit = MoneyLimit::new(magnitude);
        let mut next = walk(0x9e37_79b9_7f4a_7c15);
        for _ in 0..50_000 {
            let scale = next(13) as u32;
            // Prices near the limit at their scale, and anywhere below it.
            let mantissa = match next(3) {
                0 => i128::from(next(u64::MAX)),
                1 => i128::from(magnitude) * 10i128.pow(scale) / i128::from(1 + next(5)),
                _ => i128::from(next(1_000_000)),
            } + i128::from(next(3))
                - 1;
            let price = Decimal::from_i128_with_scale(mantissa.max(0), scale);
            let quantity = [0, 1, 2, 3, 5, 999, u32::MAX][next(7) as usize];
            let expected = price * Decimal::from(quantity.max(1)) > limit;
            assert_eq!(
                money_limit.exceeded_by(price, quantity),
                expected,
                "{price} × {quantity}"
            );
        }
        // Past 64 bits: the decimal path.
        let huge = Decimal::from_i128_with_scale(i128::from(u64::MAX) * 7, 2);
        assert!(money_limit.exceeded_by(huge, 1));
        assert!(!money_limit.exceeded_by(Decimal::new(1, 28), 1));
        // Past 32 bits, times a large quantity: the checked 64-bit path, then decimals.
        let big = Decimal::from_i128_with_scale(1 << 40, 2);
        assert!(money_limit.exceeded_by(big, u32::MAX));
        assert!(!money_limit.exceeded_by(big, 1));
        // Mantissas on both sides of 2³² (checked inline below it), negative ones, and
        // limits small enough for the inline check to find them exceeded.
        for magnitude in [0u64, 1, 100, 42_949_672, 42_949_673, 1_000_000_000_000] {
            let money_limit = MoneyLimit::new(magnitude);
            let limit = Decimal::from(magnitude);
            for mantissa in [0i128, 1, 100, (1 << 32) - 1, 1 << 32, (1 << 32) + 1] {
                for negative in [false, true] {
                    for scale in [0, 2, 19, 20, 28] {
                        let mut price = Decimal::from_i128_with_scale(mantissa, scale);
                        price.set_sign_negative(negative);
                        for quantity in [0, 1, 7, u32::MAX] {
                            let expected = price * Decimal::from(quantity.max(1)) > limit;
                            assert_eq!(
                                money_limit.exceeded_by(price, quantity),
                                expected,
                                "{price} × {quantity} against {magnitude}"
                            );
                        }
                    }
                }
            }
        }
    }
}
