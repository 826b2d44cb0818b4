//! Validation and compilation: every problem is collected with its JSON path; a valid
//! program becomes index-resolved structures that quoting only reads.

use rust_decimal::Decimal;

use crate::condition::{compile_cmp, index_order_sets, Cond, OrderSets};
use crate::dates::Instant;
use crate::error::{ErrorCode, Problem};
use crate::jsondoc::At;
use crate::jsonout::needs_no_escape;
use crate::limits::{id_problem, Limits};
// Lookups keyed by the program's own ids: a fast, unkeyed hash is enough.
use crate::lookup::{StrIndex, StrMap};
use crate::money::{shortest_text, Currency, Dec, MoneyCtx, MoneyLimit};
use crate::profile::norm;
use crate::program::model::{
    Condition, Discount, DiscountCards, ItemSet, PointsBase, Program, Range, RewardType,
    StackingPolicy,
};
use crate::request::{cat, Str, Text};
use crate::scan::equal;

mod parts;

/// Built-in segment ids, in the order they are listed in a quote.
pub const BUILTIN_SEGMENTS: [&str; 5] = [
    "deactivated",
    "potential",
    "recentFirstOrder",
    "customers",
    "loyal",
];
pub(crate) const SEG_DEACTIVATED: usize = 0;
pub(crate) const SEG_POTENTIAL: usize = 1;
pub(crate) const SEG_RECENT_FIRST: usize = 2;
pub(crate) const SEG_CUSTOMERS: usize = 3;
pub(crate) const SEG_LOYAL: usize = 4;

#[derive(Clone, Copy, Debug)]
pub(crate) enum PriceAdj {
    Percent(Decimal),
    Fixed(i128),
}

#[derive(Debug)]
pub(crate) struct CGroup {
    pub id: String,
    pub products: StrMap<PriceAdj>,
    pub categories: StrMap<PriceAdj>,
    pub catalogue: Option<PriceAdj>,
}

/// Who an offer, gift or code is for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Holder {
    Anyone,
    Segment(usize),
    Group(usize),
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum CDiscount {
    Amount(i128),
    Percent(Decimal),
}

#[derive(Debug)]
pub(crate) struct CBracket {
    pub min: i128,
    pub discount: Option<CDiscount>,
    pub free_shipping: bool,
}

#[derive(Debug)]
pub(crate) struct COffer {
    pub id: String,
    /// `offer:<id>`, its name in the trace and line discounts.
    pub label: Text,
    pub holder: Holder,
    pub earn_points: bool,
    pub discount_enabled: bool,
    pub applies_with_promo_code: bool,
    pub valid_from: Option<Instant>,
    pub valid_until: Option<Instant>,
    pub brackets: Vec<CBracket>,
}

#[derive(Debug)]
pub(crate) struct CPoints {
    pub enabled: bool,
    pub per_unit: Decimal,
    pub base: PointsBase,
    pub exclude: Vec<String>,
    pub multipliers: Vec<(usize, Decimal)>,
}

#[derive(Debug)]
pub(crate) struct CCumulative {
    pub enabled: bool,
    pub period_days: Option<u32>,
    pub ranges: Vec<(i128, Decimal)>,
    pub segment_ranges: Vec<(usize, Vec<(i128, Decimal)>)>,
}

#[derive(Debug, Default)]
pub(crate) struct CItems {
    pub products: Vec<String>,
    pub categories: Vec<String>,
    pub quantity: u32,
    pub percent: Decimal,
}

impl CItems {
    #[inline]
    pub fn matches(&self, product: &str, categories: &[Str]) -> bool {
        (self.products.is_empty() && self.categories.is_empty())
            || self.products.iter().any(|p| equal(p, product))
            || categories
                .iter()
                .any(|c| self.categories.iter().any(|own| equal(own, c)))
    }
}

#[derive(Debug)]
pub(crate) struct CReward {
    /// `reward:<id>`.
    pub label: Text,
    pub kind: RewardType,
    pub cost: u64,
    pub min: Option<i128>,
    pub amount: i128,
    pub percent: Decimal,
    pub product: String,
    pub quantity: u32,
    pub buy: CItems,
    pub get: CItems,
    /// `get` lists the same products and categories as `buy` (the usual "buy two, get
    /// one"): it matches the same lines, asked once.
    pub get_is_buy: bool,
    pub max_applications: Option<u32>,
}

#[derive(Debug)]
pub(crate) struct CPromo {
    pub code: String,
    pub discount: Option<CDiscount>,
    pub free_shipping: bool,
    pub min: Option<i128>,
    pub valid_from: Option<Instant>,
    pub valid_until: Option<Instant>,
    pub segments: Option<Vec<usize>>,
}

#[derive(Debug)]
pub(crate) struct CGift {
    pub id: String,
    /// `gift:<id>`.
    pub label: Text,
    pub holder: Holder,
    pub when: CItems,
    pub min_quantity: u32,
    pub min_subtotal: i128,
    pub product: String,
    pub quantity: u32,
}

/// A program ready to quote.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub money: MoneyCtx,
    /// Which order statuses are validated and which count towards the cumulative
    /// discount.
    pub statuses: Statuses,
    pub stacking: StackingPolicy,
    pub groups: Vec<CGroup>,
    pub group_lookup: StrMap<usize>,
    pub default_group: Option<usize>,
    /// Membership index → id (built-ins first, then custom segments in program order).
    pub segment_ids: Vec<String>,
    /// Custom segment rules by custom index.
    pub segment_rules: Vec<Cond>,
    /// Custom indexes in an order where every referenced segment comes first.
    pub segment_order: Vec<usize>,
    /// What the rules' `orders.products` and `orders.carriers` conditions ask about.
    pub order_sets: OrderSets,
    pub offers: Vec<COffer>,
    pub points: Option<CPoints>,
    pub personal_enabled: bool,
    pub cumulative: Option<CCumulative>,
    pub rewards: Vec<CReward>,
    pub reward_lookup: StrMap<usize>,
    pub promos: Vec<CPromo>,
    /// Lower-cased code → index.
    pub promo_lookup: StrMap<usize>,
    pub gifts: Vec<CGift>,
    pub cards: Option<DiscountCards>,
    pub limits: Limits,
    /// `limits.money_magnitude`, for the checks of every quote.
    pub money_limit: MoneyLimit,
    /// Every program string a quote's trace can quote (segment, group, offer, reward,
    /// gift and product ids, promo codes) needs no JSON escape, so a trace built from
    /// them and a cart's plain strings is written without looking for escapes.
    pub trace_ids_plain: bool,
    /// This compilation's number, distinct from every other one in the process: a
    /// prepared customer records it, and is refused by any other engine (its digest
    /// holds this program's group index, order statuses, and the products and carriers
    /// its conditions ask about).
    pub id: u64,
}

/// The order statuses a program counts: validated ones (for segments and order facts)
/// and those counted towards the cumulative discount. `cancelled` and `refunded` are
/// never either.
#[derive(Debug)]
pub(crate) struct Statuses {
    index: StrIndex,
    /// Per status of `index`: (validated, counted).
    kinds: Vec<(bool, bool)>,
}

impl Statuses {
    fn new(validated: &[String], counted: &[String]) -> Statuses {
        let never = |s: &&String| *s == "cancelled" || *s == "refunded";
        let index = StrIndex::new(
            validated
                .iter()
                .chain(counted)
                .filter(|s| !never(s))
                .map(String::as_str),
        );
        let mut kinds = vec![(false, false); index.len()];
        for (list, validated) in [(validated, true), (counted, false)] {
            for s in list.iter().filter(|s| !never(s)) {
                if let Some(i) = index.get(s) {
                    if validated {
                        kinds[i].0 = true;
                    } else {
                        kinds[i].1 = true;
                    }
                }
            }
        }
        Statuses { index, kinds }
    }

    /// Whether an order of this status is (validated, counted).
    pub fn of(&self, status: &str) -> (bool, bool) {
        self.index
            .get(status)
            .map_or((false, false), |i| self.kinds[i])
    }
}

/// The number of the next compiled program (see [`Compiled::id`]).
fn next_compiled_id() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

struct Ctx<'a> {
    problems: Vec<Problem>,
    limits: &'a Limits,
    money: Option<MoneyCtx>,
    segments: StrMap<usize>,
    groups: StrMap<usize>,
    nodes: usize,
}

impl Ctx<'_> {
    fn bad(&mut self, at: &At, message: impl Into<String>) {
        self.problems
            .push(Problem::new(ErrorCode::InvalidProgram, at.path(), message));
    }

    fn limit(&mut self, at: &At, message: impl Into<String>) {
        self.problems
            .push(Problem::new(ErrorCode::LimitExceeded, at.path(), message));
    }

    fn id(&mut self, path: &At, id: &str) {
        match id_problem(id, self.limits.id_length) {
            Some((true, message)) => self.limit(path, message),
            Some((false, message)) => self.bad(path, message),
            None => {}
        }
    }

    fn ids(&mut self, path: &At, ids: &Option<Vec<String>>) -> Vec<String> {
        match ids {
            None => Vec::new(),
            Some(list) => {
                if list.is_empty() {
                    self.bad(path, "must not be an empty list (leave it out instead)");
                }
                for (i, id) in list.iter().enumerate() {
                    self.id(&At::Index(path, i), id);
                }
                list.clone()
            }
        }
    }

    /// A money amount of the program's currency, in minor units.
    fn money(&mut self, path: &At, d: &Dec, allow_zero: bool) -> i128 {
        let v = d.0;
        if v.is_sign_negative() && !v.is_zero() {
            self.bad(path, "must not be negative");
            return 0;
        }
        if v.is_zero() && !allow_zero {
            self.bad(path, "must be greater than zero");
            return 0;
        }
        if v > Decimal::from(self.limits.money_magnitude) {
            self.limit(
                path,
                format!(
                    "is above the money limit of {}",
                    self.limits.money_magnitude
                ),
            );
            return 0;
        }
        let Some(m) = self.money else { return 0 };
        if v.normalize().scale() > m.currency.minor_units {
            self.bad(
                path,
                format!(
                    "has more decimals than {} allows ({})",
                    m.currency.code, m.currency.minor_units
                ),
            );
            return 0;
        }
        m.to_minor(v)
    }

    fn percent(&mut self, path: &At, d: &Dec) -> Decimal {
        if d.0 <= Decimal::ZERO || d.0 > Decimal::ONE_HUNDRED {
            self.bad(path, "must be a percentage greater than 0 and at most 100");
        }
        d.0
    }

    fn discount(&mut self, path: &At, d: &Discount) -> Option<CDiscount> {
        match (&d.amount, &d.percent) {
            (Some(a), None) => Some(CDiscount::Amount(self.money(
                &At::Key(path, "amount"),
                a,
                false,
            ))),
            (None, Some(p)) => Some(CDiscount::Percent(
                self.percent(&At::Key(path, "percent"), p),
            )),
            _ => {
                self.bad(path, "give exactly one of `amount` or `percent`");
                None
            }
        }
    }

    fn segment_ref(&mut self, path: &At, id: &str) -> usize {
        match self.segments.get(id) {
            Some(i) => *i,
            None => {
                self.bad(path, format!("unknown segment `{id}`"));
                0
            }
        }
    }

    fn group_ref(&mut self, path: &At, id: &str) -> usize {
        match self.groups.get(id) {
            Some(i) => *i,
            None => {
                self.bad(path, format!("unknown group `{id}`"));
                0
            }
        }
    }

    fn holder(&mut self, path: &At, segment: &Option<String>, group: &Option<String>) -> Holder {
        match (segment, group) {
            (Some(s), None) => Holder::Segment(self.segment_ref(&At::Key(path, "segment"), s)),
            (None, Some(g)) => Holder::Group(self.group_ref(&At::Key(path, "group"), g)),
            (None, None) => Holder::Anyone,
            (Some(_), Some(_)) => {
                self.bad(path, "give `segment` or `group`, not both");
                Holder::Anyone
            }
        }
    }

    fn window(&mut self, path: &At, from: &Option<Instant>, until: &Option<Instant>) {
        if let (Some(f), Some(u)) = (from, until) {
            if f >= u {
                self.bad(&At::Key(path, "validUntil"), "must be after `validFrom`");
            }
        }
    }

    fn statuses(&mut self, path: &At, list: &[String]) {
        if list.is_empty() {
            self.bad(path, "must list at least one status");
        }
        for (i, s) in list.iter().enumerate() {
            let item = At::Index(path, i);
            self.id(&item, s);
            if s == "cancelled" || s == "refunded" {
                self.bad(&item, format!("`{s}` orders never count; remove it"));
            }
        }
    }

    fn ranges(&mut self, path: &At, ranges: &[Range]) -> Vec<(i128, Decimal)> {
        let mut out = Vec::with_capacity(ranges.len());
        let mut prev: Option<Decimal> = None;
        for (i, r) in ranges.iter().enumerate() {
            let item = At::Index(path, i);
            let from_at = At::Key(&item, "from");
            let from = self.money(&from_at, &r.from, true);
            let pct = self.percent(&At::Key(&item, "percent"), &r.percent);
            if let Some(pf) = prev {
                if r.from.0 <= pf {
                    let shown = show_amount(self.money, pf);
                    self.bad(
                        &from_at,
                        format!("must be greater than the previous range ({shown})"),
                    );
                }
            }
            prev = Some(r.from.0);
            out.push((from, pct));
        }
        out
    }

    fn items(&mut self, path: &At, set: &ItemSet, is_get: bool) -> CItems {
        let products = self.ids(&At::Key(path, "products"), &set.products);
        let categories = self.ids(&At::Key(path, "categories"), &set.categories);
        if set.quantity == 0 {
            self.bad(&At::Key(path, "quantity"), "must be at least 1");
        }
        let percent = match (&set.percent, is_get) {
            (Some(p), true) => self.percent(&At::Key(path, "percent"), p),
            (None, true) => Decimal::ONE_HUNDRED,
            (Some(_), false) => {
                self.bad(&At::Key(path, "percent"), "only `get` takes a percent");
                Decimal::ZERO
            }
            (None, false) => Decimal::ZERO,
        };
        CItems {
            products,
            categories,
            quantity: set.quantity,
            percent,
        }
    }

    fn condition(&mut self, path: &At, c: &Condition, depth: usize) -> Cond {
        self.nodes += 1;
        if depth > self.limits.rule_depth {
            self.limit(
                path,
                format!(
                    "rule nesting is deeper than {} levels",
                    self.limits.rule_depth
                ),
            );
            return Cond::All(Vec::new());
        }
        match c {
            Condition::All(cs) | Condition::Any(cs) => {
                let key = if matches!(c, Condition::All(_)) {
                    "all"
                } else {
                    "any"
                };
                let list = At::Key(path, key);
                if cs.is_empty() {
                    self.bad(&list, "must hold at least one condition");
                }
                let compiled = cs
                    .iter()
                    .enumerate()
                    .map(|(i, c)| self.condition(&At::Index(&list, i), c, depth + 1))
                    .collect();
                if key == "all" {
                    Cond::All(compiled)
                } else {
                    Cond::Any(compiled)
                }
            }
            Condition::Not(inner) => Cond::Not(Box::new(self.condition(
                &At::Key(path, "not"),
                inner,
                depth + 1,
            ))),
            Condition::Segment(id) => {
                Cond::Segment(self.segment_ref(&At::Key(path, "segment"), id))
            }
            Condition::Group(id) => Cond::Group(self.group_ref(&At::Key(path, "group"), id)),
            Condition::Compare(cmp) => {
                match compile_cmp(&cmp.field, &cmp.op, &cmp.value, cmp.within_last_days) {
                    Ok(c) => Cond::Cmp(Box::new(c)),
                    Err((key, message)) => {
                        self.bad(&At::Key(path, key), message);
                        Cond::All(Vec::new())
                    }
                }
            }
        }
    }
}

/// The program's top-level `key`. Paths are chains of keys and indexes kept on the
/// stack as the program is walked ([`At`]), and written out only for a problem: the
/// problem's code (`invalid_program` or `limit_exceeded`) is chosen where it is reported.
fn top(key: &'static str) -> At<'static> {
    At::Key(&At::Root(ErrorCode::InvalidProgram), key)
}

/// An amount as written, shown with the currency's minor units when they are known.
fn show_amount(money: Option<MoneyCtx>, v: Decimal) -> String {
    match money {
        Some(m) if v.normalize().scale() <= m.currency.minor_units => {
            let mut d = v;
            d.rescale(m.currency.minor_units);
            d.to_string()
        }
        _ => shortest_text(v),
    }
}

/// Reports each id of the list at `list` (`list[i].id`) met before.
fn unique<'a>(ctx: &mut Ctx, what: &str, list: &At, ids: impl Iterator<Item = &'a str>) {
    let mut seen = StrIndex::default();
    for (i, id) in ids.enumerate() {
        if !seen.insert(id) {
            ctx.bad(
                &At::Key(&At::Index(list, i), "id"),
                format!("duplicate {what} `{id}`"),
            );
        }
    }
}

fn segment_refs(c: &Condition, out: &mut Vec<String>) {
    match c {
        Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| segment_refs(c, out)),
        Condition::Not(c) => segment_refs(c, out),
        Condition::Segment(id) => out.push(id.clone()),
        _ => {}
    }
}

/// Validates and compiles a program; `Err` holds every problem found.
pub(crate) fn compile(p: &Program, limits: &Limits) -> Result<Compiled, Vec<Problem>> {
    let mut ctx = Ctx {
        problems: Vec::new(),
        limits,
        money: None,
        segments: StrMap::default(),
        groups: StrMap::default(),
        nodes: 0,
    };

    if p.version != 1 {
        ctx.bad(
            &top("version"),
            format!(
                "unsupported version {}; this engine reads version 1",
                p.version
            ),
        );
    }
    match Currency::from_code(&p.currency) {
        Some(currency) => {
            ctx.money = Some(MoneyCtx {
                currency,
                rounding: p.rounding,
            })
        }
        None => ctx.bad(
            &top("currency"),
            format!(
                "`{}` is not an ISO 4217 currency code",
                p.currency.chars().take(16).collect::<String>()
            ),
        ),
    }
    let validated = p
        .validated_order_statuses
        .clone()
        .unwrap_or_else(|| vec!["paid".to_string(), "completed".to_string()]);
    if p.validated_order_statuses.is_some() {
        ctx.statuses(&top("validatedOrderStatuses"), &validated);
    }

    // Groups, gifts and discount cards are checked and compiled by parts of their own,
    // called only when the program has them: V8 compiles a function whole on its first
    // call, and most programs have none of them.
    let (groups, default_group) = if p.groups.is_empty() {
        (Vec::new(), None)
    } else {
        parts::groups(&mut ctx, p)
    };

    // Segments: ids first so rules can refer to any of them.
    let segments_at = top("segments");
    if p.segments.len() > limits.segments {
        ctx.limit(
            &segments_at,
            format!(
                "has {} segments; the limit is {}",
                p.segments.len(),
                limits.segments
            ),
        );
    }
    let mut segment_ids: Vec<String> = BUILTIN_SEGMENTS.iter().map(|s| s.to_string()).collect();
    for (i, id) in BUILTIN_SEGMENTS.iter().enumerate() {
        ctx.segments.insert_last(id, i);
    }
    for (i, s) in p.segments.iter().enumerate() {
        let at = At::Index(&segments_at, i);
        let path = At::Key(&at, "id");
        ctx.id(&path, &s.id);
        if BUILTIN_SEGMENTS.contains(&s.id.as_str()) {
            ctx.bad(
                &path,
                format!("`{}` is a built-in segment id; choose another", s.id),
            );
        } else if !ctx.segments.insert_first(&s.id, segment_ids.len()) {
            ctx.bad(&path, format!("duplicate segment id `{}`", s.id));
        }
        segment_ids.push(s.id.clone());
    }
    let mut segment_rules: Vec<Cond> = p
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| ctx.condition(&At::Key(&At::Index(&segments_at, i), "rule"), &s.rule, 1))
        .collect();
    if ctx.nodes > limits.rule_nodes {
        ctx.limit(
            &segments_at,
            format!(
                "rules hold {} nodes; the limit is {}",
                ctx.nodes, limits.rule_nodes
            ),
        );
    }
    let segment_order = order_segments(&mut ctx, p);
    let order_sets = index_order_sets(&mut segment_rules);

    // Offers.
    let offers_at = top("offers");
    unique(
        &mut ctx,
        "offer id",
        &offers_at,
        p.offers.iter().map(|o| o.id.as_str()),
    );
    let mut offers = Vec::with_capacity(p.offers.len());
    for (i, o) in p.offers.iter().enumerate() {
        let path = At::Index(&offers_at, i);
        let brackets_at = At::Key(&path, "brackets");
        ctx.id(&At::Key(&path, "id"), &o.id);
        let holder = ctx.holder(&path, &o.segment, &o.group);
        ctx.window(&path, &o.valid_from, &o.valid_until);
        if o.brackets.len() > limits.brackets_per_offer {
            ctx.limit(
                &brackets_at,
                format!(
                    "has {} brackets; the limit is {}",
                    o.brackets.len(),
                    limits.brackets_per_offer
                ),
            );
        }
        if o.brackets.is_empty() && o.discount_enabled {
            ctx.bad(
                &brackets_at,
                "needs at least one bracket while `discountEnabled` is true",
            );
        }
        let mut brackets: Vec<CBracket> = Vec::with_capacity(o.brackets.len());
        for (j, b) in o
            .brackets
            .iter()
            .enumerate()
            .take(limits.brackets_per_offer)
        {
            let bpath = At::Index(&brackets_at, j);
            let min_at = At::Key(&bpath, "minSubtotal");
            let min = ctx.money(&min_at, &b.min_subtotal, true);
            // Compared as written, so that an amount refused for another reason (or an
            // unknown currency) does not also report a false ordering problem.
            if let Some(prev) = j.checked_sub(1).map(|k| o.brackets[k].min_subtotal.0) {
                if b.min_subtotal.0 <= prev {
                    let shown = show_amount(ctx.money, prev);
                    ctx.bad(
                        &min_at,
                        format!("must be greater than the previous bracket ({shown})"),
                    );
                }
            }
            let discount = b
                .discount
                .as_ref()
                .and_then(|d| ctx.discount(&At::Key(&bpath, "discount"), d));
            if b.discount.is_none() && !b.free_shipping {
                ctx.bad(
                    &bpath,
                    "a bracket needs a `discount`, `freeShipping: true`, or both",
                );
            }
            brackets.push(CBracket {
                min,
                discount,
                free_shipping: b.free_shipping,
            });
        }
        offers.push(COffer {
            id: o.id.clone(),
            label: cat(&["offer:", &o.id]),
            holder,
            earn_points: o.earn_points,
            discount_enabled: o.discount_enabled,
            applies_with_promo_code: o.applies_with_promo_code,
            valid_from: o.valid_from,
            valid_until: o.valid_until,
            brackets,
        });
    }

    // Points.
    let points = p.points.as_ref().map(|pt| {
        let points_at = top("points");
        if pt.points_per_unit.0 <= Decimal::ZERO || pt.points_per_unit.0 > Decimal::from(1_000_000)
        {
            ctx.bad(
                &At::Key(&points_at, "pointsPerUnit"),
                "must be greater than 0 and at most 1000000",
            );
        }
        let exclude_at = At::Key(&points_at, "excludeCategories");
        for (i, c) in pt.exclude_categories.iter().enumerate() {
            ctx.id(&At::Index(&exclude_at, i), c);
        }
        let multipliers_at = At::Key(&points_at, "multipliers");
        let multipliers = pt
            .multipliers
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let at = At::Index(&multipliers_at, i);
                let seg = ctx.segment_ref(&At::Key(&at, "segment"), &m.segment);
                if m.factor.0 <= Decimal::ZERO || m.factor.0 > Decimal::from(1000) {
                    ctx.bad(
                        &At::Key(&at, "factor"),
                        "must be greater than 0 and at most 1000",
                    );
                }
                (seg, m.factor.0)
            })
            .collect();
        CPoints {
            enabled: pt.enabled,
            per_unit: pt.points_per_unit.0,
            base: pt.base,
            exclude: pt.exclude_categories.clone(),
            multipliers,
        }
    });

    // Cumulative discount.
    let mut counted = validated.clone();
    let cumulative = p.cumulative_discount.as_ref().map(|c| {
        let cumulative_at = top("cumulativeDiscount");
        if let Some(list) = &c.counted_statuses {
            ctx.statuses(&At::Key(&cumulative_at, "countedStatuses"), list);
            counted = list.clone();
        }
        if c.period_days == Some(0) {
            ctx.bad(
                &At::Key(&cumulative_at, "periodDays"),
                "must be at least 1 (leave it out for all time)",
            );
        }
        let ranges = ctx.ranges(&At::Key(&cumulative_at, "ranges"), &c.ranges);
        let segment_ranges_at = At::Key(&cumulative_at, "segmentRanges");
        let segment_ranges = c
            .segment_ranges
            .iter()
            .enumerate()
            .map(|(i, sr)| {
                let at = At::Index(&segment_ranges_at, i);
                let seg = ctx.segment_ref(&At::Key(&at, "segment"), &sr.segment);
                let r = ctx.ranges(&At::Key(&at, "ranges"), &sr.ranges);
                (seg, r)
            })
            .collect();
        CCumulative {
            enabled: c.enabled,
            period_days: c.period_days,
            ranges,
            segment_ranges,
        }
    });

    // Rewards.
    let rewards_at = top("rewards");
    unique(
        &mut ctx,
        "reward id",
        &rewards_at,
        p.rewards.iter().map(|r| r.id.as_str()),
    );
    let mut rewards = Vec::with_capacity(p.rewards.len());
    let mut reward_lookup = StrMap::default();
    for (i, r) in p.rewards.iter().enumerate() {
        let path = At::Index(&rewards_at, i);
        ctx.id(&At::Key(&path, "id"), &r.id);
        reward_lookup.insert_first(&r.id, i);
        let min = r
            .min_subtotal
            .as_ref()
            .map(|m| ctx.money(&At::Key(&path, "minSubtotal"), m, true));
        let need = |ctx: &mut Ctx, present: bool, wanted: bool, key: &str| {
            if present && !wanted {
                ctx.bad(
                    &At::Key(&path, key),
                    format!("does not apply to a `{}` reward", type_name(r.kind)),
                );
            } else if !present && wanted {
                ctx.bad(
                    &At::Key(&path, key),
                    format!("is required for a `{}` reward", type_name(r.kind)),
                );
            }
        };
        let k = r.kind;
        need(
            &mut ctx,
            r.amount.is_some(),
            k == RewardType::Voucher,
            "amount",
        );
        need(
            &mut ctx,
            r.percent.is_some(),
            k == RewardType::PercentOff,
            "percent",
        );
        need(
            &mut ctx,
            r.product.is_some(),
            k == RewardType::FreeProduct,
            "product",
        );
        need(
            &mut ctx,
            r.quantity.is_some(),
            k == RewardType::FreeProduct,
            "quantity",
        );
        need(&mut ctx, r.buy.is_some(), k == RewardType::BuyXGetY, "buy");
        need(&mut ctx, r.get.is_some(), k == RewardType::BuyXGetY, "get");
        if r.max_applications.is_some() && k != RewardType::BuyXGetY {
            ctx.bad(
                &At::Key(&path, "maxApplications"),
                "only applies to a `buyXGetY` reward",
            );
        }
        if r.max_applications == Some(0) {
            ctx.bad(&At::Key(&path, "maxApplications"), "must be at least 1");
        }
        let amount = r
            .amount
            .as_ref()
            .map(|a| ctx.money(&At::Key(&path, "amount"), a, false))
            .unwrap_or(0);
        let percent = r
            .percent
            .as_ref()
            .map(|p| ctx.percent(&At::Key(&path, "percent"), p))
            .unwrap_or_default();
        if let Some(prod) = &r.product {
            ctx.id(&At::Key(&path, "product"), prod);
        }
        if r.quantity == Some(0) {
            ctx.bad(&At::Key(&path, "quantity"), "must be at least 1");
        }
        let buy = r
            .buy
            .as_ref()
            .map(|s| ctx.items(&At::Key(&path, "buy"), s, false))
            .unwrap_or_default();
        let get = r
            .get
            .as_ref()
            .map(|s| ctx.items(&At::Key(&path, "get"), s, true))
            .unwrap_or_default();
        rewards.push(CReward {
            label: cat(&["reward:", &r.id]),
            kind: r.kind,
            cost: r.points_cost,
            min,
            amount,
            percent,
            product: r.product.clone().unwrap_or_default(),
            quantity: r.quantity.unwrap_or(0),
            get_is_buy: buy.products == get.products && buy.categories == get.categories,
            buy,
            get,
            max_applications: r.max_applications,
        });
    }

    // Promo codes.
    let mut promos = Vec::with_capacity(p.promo_codes.len());
    let mut promo_lookup = StrMap::default();
    let promos_at = top("promoCodes");
    for (i, c) in p.promo_codes.iter().enumerate() {
        let path = At::Index(&promos_at, i);
        let code_at = At::Key(&path, "code");
        ctx.id(&code_at, &c.code);
        let key = norm(&c.code);
        if c.code.trim().len() != c.code.len() {
            ctx.bad(&code_at, "must not start or end with spaces");
        }
        if !promo_lookup.insert_last(&key, i) {
            ctx.bad(
                &code_at,
                format!(
                    "duplicate promo code `{}` (codes match case-insensitively)",
                    c.code
                ),
            );
        }
        ctx.window(&path, &c.valid_from, &c.valid_until);
        let discount = c
            .discount
            .as_ref()
            .and_then(|d| ctx.discount(&At::Key(&path, "discount"), d));
        if c.discount.is_none() && !c.free_shipping {
            ctx.bad(
                &path,
                "a promo code needs a `discount`, `freeShipping: true`, or both",
            );
        }
        let min = c
            .min_subtotal
            .as_ref()
            .map(|m| ctx.money(&At::Key(&path, "minSubtotal"), m, true));
        let segments = c.segments.as_ref().map(|list| {
            let segments_at = At::Key(&path, "segments");
            if list.is_empty() {
                ctx.bad(
                    &segments_at,
                    "must not be an empty list (leave it out instead)",
                );
            }
            list.iter()
                .enumerate()
                .map(|(j, s)| ctx.segment_ref(&At::Index(&segments_at, j), s))
                .collect()
        });
        promos.push(CPromo {
            code: c.code.clone(),
            discount,
            free_shipping: c.free_shipping,
            min,
            valid_from: c.valid_from,
            valid_until: c.valid_until,
            segments,
        });
    }

    let gifts = if p.gifts.is_empty() {
        Vec::new()
    } else {
        parts::gifts(&mut ctx, p)
    };
    if let Some(cards) = &p.discount_cards {
        parts::discount_cards(&mut ctx, cards);
    }

    if !ctx.problems.is_empty() {
        return Err(ctx.problems);
    }
    let money = ctx.money.expect("currency checked above");
    let trace_ids_plain = segment_ids
        .iter()
        .chain(groups.iter().map(|g| &g.id))
        .chain(rewards.iter().map(|r| &r.product))
        .chain(promos.iter().map(|p| &p.code))
        .map(String::as_str)
        .chain(offers.iter().map(|o| o.label.as_str()))
        .chain(rewards.iter().map(|r| r.label.as_str()))
        .chain(gifts.iter().map(|g| g.label.as_str()))
        .all(needs_no_escape);
    Ok(Compiled {
        money,
        statuses: Statuses::new(&validated, &counted),
        stacking: p.stacking.customer_discount,
        group_lookup: ctx.groups,
        groups,
        default_group,
        segment_ids,
        segment_rules,
        segment_order,
        order_sets,
        offers,
        points,
        personal_enabled: p.personal_discount.as_ref().is_some_and(|t| t.enabled),
        cumulative,
        rewards,
        reward_lookup,
        promos,
        promo_lookup,
        gifts,
        cards: p.discount_cards.clone(),
        limits: limits.clone(),
        money_limit: MoneyLimit::new(limits.money_magnitude),
        trace_ids_plain,
        id: next_compiled_id(),
    })
}

fn type_name(t: RewardType) -> &'static str {
    match t {
        RewardType::Voucher => "voucher",
        RewardType::PercentOff => "percentOff",
        RewardType::FreeShipping => "freeShipping",
        RewardType::FreeProduct => "freeProduct",
        RewardType::BuyXGetY => "buyXGetY",
    }
}

/// Orders custom segments so that referenced ones come first; reports cycles.
fn order_segments(ctx: &mut Ctx, p: &Program) -> Vec<usize> {
    let n = p.segments.len();
    let custom = |id: &str, ctx: &Ctx| {
        ctx.segments
            .get(id)
            .copied()
            .filter(|i| *i >= BUILTIN_SEGMENTS.len())
            .map(|i| i - BUILTIN_SEGMENTS.len())
    };
    let deps: Vec<Vec<usize>> = p
        .segments
        .iter()
        .map(|s| {
            let mut refs = Vec::new();
            segment_refs(&s.rule, &mut refs);
            refs.iter().filter_map(|r| custom(r, ctx)).collect()
        })
        .collect();
    // Iterative depth-first search: 0 new, 1 on the stack, 2 done.
    let mut state = vec![0u8; n];
    let mut order = Vec::with_capacity(n);
    let mut reported = vec![false; n];
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if *next < deps[node].len() {
                let dep = deps[node][*next];
                *next += 1;
                match state[dep] {
                    0 => {
                        state[dep] = 1;
                        stack.push((dep, 0));
                    }
                    1 if !reported[node] => {
                        reported[node] = true;
                        let pos = stack.iter().position(|(s, _)| *s == dep).unwrap_or(0);
                        let mut chain: Vec<&str> = stack[pos..]
                            .iter()
                            .map(|(s, _)| p.segments[*s].id.as_str())
                            .collect();
                        chain.push(p.segments[dep].id.as_str());
                        ctx.bad(
                            &At::Key(&At::Index(&top("segments"), node), "rule"),
                            format!("segment reference cycle: {}", chain.join(" → ")),
                        );
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                order.push(node);
                stack.pop();
            }
        }
    }
    order
}
