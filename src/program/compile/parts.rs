//! The parts of a program that most programs leave out (customer groups, gifts and
//! discount cards), each checked and compiled by a function of its own that
//! [`super::compile`] calls only for a program that has it. V8 compiles a Wasm function
//! whole on its first call: kept apart, they cost a program without them nothing to
//! compile (`scripts/build-pkg.sh` keeps `wasm-opt` from folding them back in).

use rust_decimal::Decimal;

use super::{top, unique, CGift, CGroup, CItems, Ctx, PriceAdj};
use crate::jsondoc::At;
use crate::lookup::StrMap;
use crate::program::model::{DiscountCards, Program};
use crate::request::cat;

/// The program's customer groups, and the index of the default one.
#[inline(never)]
pub(super) fn groups(ctx: &mut Ctx, p: &Program) -> (Vec<CGroup>, Option<usize>) {
    let groups_at = top("groups");
    unique(
        ctx,
        "group id",
        &groups_at,
        p.groups.iter().map(|g| g.id.as_str()),
    );
    let mut default_group = None;
    for (i, g) in p.groups.iter().enumerate() {
        let at = At::Index(&groups_at, i);
        ctx.id(&At::Key(&at, "id"), &g.id);
        ctx.groups.insert_first(&g.id, i);
        if g.default {
            if default_group.is_some() {
                ctx.bad(
                    &At::Key(&at, "default"),
                    "only one group may be the default",
                );
            } else {
                default_group = Some(i);
            }
        }
        if let Some(c) = &g.colour {
            let ok =
                c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit());
            if !ok {
                ctx.bad(&At::Key(&at, "colour"), "must look like #1a2b3c");
            }
        }
    }
    let mut groups = Vec::with_capacity(p.groups.len());
    for (i, g) in p.groups.iter().enumerate() {
        let group_at = At::Index(&groups_at, i);
        let prices_at = At::Key(&group_at, "prices");
        let mut cg = CGroup {
            id: g.id.clone(),
            products: StrMap::default(),
            categories: StrMap::default(),
            catalogue: None,
        };
        for (j, r) in g.prices.iter().enumerate() {
            let path = At::Index(&prices_at, j);
            let products = ctx.ids(&At::Key(&path, "products"), &r.products);
            let categories = ctx.ids(&At::Key(&path, "categories"), &r.categories);
            if r.products.is_some() && r.categories.is_some() {
                ctx.bad(
                    &path,
                    "give `products` or `categories`, not both (make two rules)",
                );
            }
            let adj = match (&r.percent, &r.price) {
                (Some(pct), None) => {
                    if pct.0.is_zero()
                        || pct.0 <= Decimal::from(-100)
                        || pct.0 > Decimal::from(1000)
                    {
                        ctx.bad(
                            &At::Key(&path, "percent"),
                            "must be above -100 and at most 1000, and not 0 (\"-10\" lowers prices by 10 %)",
                        );
                    }
                    PriceAdj::Percent(pct.0)
                }
                (None, Some(price)) => {
                    if r.products.is_none() {
                        ctx.bad(&At::Key(&path, "price"), "a fixed price needs `products`");
                    }
                    PriceAdj::Fixed(ctx.money(&At::Key(&path, "price"), price, true))
                }
                _ => {
                    ctx.bad(&path, "give exactly one of `percent` or `price`");
                    continue;
                }
            };
            if r.products.is_some() {
                for prod in products {
                    cg.products.insert_first(&prod, adj);
                }
            } else if r.categories.is_some() {
                for cat in categories {
                    cg.categories.insert_first(&cat, adj);
                }
            } else if cg.catalogue.is_none() {
                cg.catalogue = Some(adj);
            } else {
                ctx.bad(&path, "the group already has a whole-catalogue rule");
            }
        }
        groups.push(cg);
    }
    (groups, default_group)
}

/// The program's gifts.
#[inline(never)]
pub(super) fn gifts(ctx: &mut Ctx, p: &Program) -> Vec<CGift> {
    let gifts_at = top("gifts");
    unique(
        ctx,
        "gift id",
        &gifts_at,
        p.gifts.iter().map(|g| g.id.as_str()),
    );
    let mut gifts = Vec::with_capacity(p.gifts.len());
    for (i, g) in p.gifts.iter().enumerate() {
        let path = At::Index(&gifts_at, i);
        let when_at = At::Key(&path, "when");
        let gift_at = At::Key(&path, "gift");
        ctx.id(&At::Key(&path, "id"), &g.id);
        let holder = ctx.holder(&path, &g.segment, &g.group);
        let products = ctx.ids(&At::Key(&when_at, "products"), &g.when.products);
        let categories = ctx.ids(&At::Key(&when_at, "categories"), &g.when.categories);
        if g.when.min_quantity == Some(0) {
            ctx.bad(&At::Key(&when_at, "minQuantity"), "must be at least 1");
        }
        let min_subtotal = g
            .when
            .min_subtotal
            .as_ref()
            .map(|m| ctx.money(&At::Key(&when_at, "minSubtotal"), m, true))
            .unwrap_or(0);
        ctx.id(&At::Key(&gift_at, "product"), &g.gift.product);
        if g.gift.quantity == 0 {
            ctx.bad(&At::Key(&gift_at, "quantity"), "must be at least 1");
        }
        gifts.push(CGift {
            id: g.id.clone(),
            label: cat(&["gift:", &g.id]),
            holder,
            when: CItems {
                products,
                categories,
                quantity: 0,
                percent: Decimal::ZERO,
            },
            min_quantity: g.when.min_quantity.unwrap_or(1),
            min_subtotal,
            product: g.gift.product.clone(),
            quantity: g.gift.quantity,
        });
    }
    gifts
}

/// The discount cards' settings.
#[inline(never)]
pub(super) fn discount_cards(ctx: &mut Ctx, cards: &DiscountCards) {
    if let Some(lengths) = &cards.lengths {
        if lengths.is_empty() || lengths.iter().any(|l| *l == 0 || *l > 64) {
            ctx.bad(
                &At::Key(&top("discountCards"), "lengths"),
                "must list lengths between 1 and 64",
            );
        }
    }
}
