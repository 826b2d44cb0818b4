//! What a unit still holds of its price after cart-wide discounts, as an exact fraction.
//!
//! A cart-wide discount is spread over what is left of every line, so it takes the same
//! share of each: it keeps `(left − taken) / left` of every unit no reward took. The
//! units a reward took have left less (or nothing), so they take a smaller part of the
//! discounts that follow, and the units no reward took keep less than the cart's
//! `(subtotal − cart-wide discounts) / subtotal`. A reward on units that comes after
//! is worth their price times the product of those fractions.

use rust_decimal::Decimal;

use crate::allocate::share_of;

/// A fraction `num / den`, with `0 ≤ num ≤ den` and `1 ≤ den < 2⁹⁶` (a decimal's
/// digits): the product of what each cart-wide discount kept, exact while it fits
/// (past that, the terms lose their lowest bits, about a part in 2⁶³ each time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Kept {
    num: i128,
    den: i128,
}

impl Kept {
    /// Nothing taken yet from a cart of `subtotal`: `subtotal / subtotal`, so that while
    /// each discount takes from all that the cart-wide discounts left (no reward on
    /// units came between), the fraction stays `left / subtotal` at no cost.
    pub fn whole(subtotal: i128) -> Kept {
        let d = subtotal.max(1);
        let mut k = Kept { num: d, den: d };
        k.fit();
        k
    }

    /// After a discount that kept `keep` of `of` (`0 ≤ keep ≤ of`); nothing changes when
    /// `of` is 0 (there was nothing to take from).
    pub fn times(&mut self, keep: i128, of: i128) {
        if of <= 0 {
            return;
        }
        let (mut keep, mut of) = (keep.min(of).max(0), of);
        if self.num == of {
            // `of / den × keep / of`.
            self.num = keep;
            return;
        }
        loop {
            if let (Some(n), Some(d)) = (self.num.checked_mul(keep), self.den.checked_mul(of)) {
                let g = gcd(n, d);
                (self.num, self.den) = (n / g, d / g);
                break;
            }
            // Past 128 bits: drop a bit of the larger of the two denominators and of its
            // numerator (no larger than it), until the products fit.
            if self.den >= of {
                (self.num, self.den) = (self.num >> 1, self.den >> 1);
            } else {
                (keep, of) = (keep >> 1, of >> 1);
            }
        }
        self.fit();
    }

    /// Shortens the terms alike to a decimal's 96 bits.
    fn fit(&mut self) {
        while self.den >> 96 != 0 {
            (self.num, self.den) = (self.num >> 1, self.den >> 1);
        }
    }

    /// `amount × num / den`, rounded down, and whether anything was rounded away (as
    /// [`share_of`] works a share out, in 64-bit arithmetic when it fits).
    pub fn of(&self, amount: i128) -> (i128, bool) {
        let (mut num, mut den) = (self.num, self.den);
        while amount.checked_mul(num).is_none() {
            (num, den) = (num >> 1, (den >> 1).max(1));
        }
        let (q, rest) = share_of(amount, num, den);
        (q, rest != 0)
    }

    /// `amount × num / den × percent / 100` as an exact fraction of 128-bit integers,
    /// `(numerator, denominator)`: for a non-negative amount and percent whose terms fit
    /// (nearly always: `None` otherwise, and the caller works in decimals).
    pub fn of_percent(&self, amount: i128, percent: Decimal) -> Option<(i128, i128)> {
        let mantissa = percent.mantissa();
        if amount < 0 || mantissa < 0 {
            return None;
        }
        let hundredths = 10i128.checked_pow(percent.scale() + 2)?;
        let numerator = amount.checked_mul(self.num)?.checked_mul(mantissa)?;
        Some((numerator, self.den.checked_mul(hundredths)?))
    }

    /// The fraction's terms as decimals.
    pub fn decimals(&self) -> (Decimal, Decimal) {
        let d = |v: i128| Decimal::from_i128_with_scale(v, 0);
        (d(self.num), d(self.den))
    }
}

/// The greatest common divisor of `a ≥ 0` and `b > 0`.
fn gcd(mut a: i128, mut b: i128) -> i128 {
    while a != 0 {
        (a, b) = (b % a, a);
    }
    b
}

#[cfg(test)]
mod tests {
    use super::Kept;
    use crate::money::{Currency, MoneyCtx, Rounding};
    use rust_decimal::Decimal;

    fn frac(num: i128, den: i128) -> Kept {
        Kept { num, den }
    }

    #[test]
    fn discounts_on_the_whole_cart_multiply_to_what_is_left_of_it() {
        // 10% then 5.00 off a cart of 200.00 (in cents): 180.00, then 175.00 of 200.00.
        let mut k = Kept::whole(20_000);
        k.times(18_000, 20_000);
        k.times(17_500, 18_000);
        assert_eq!(k, frac(17_500, 20_000));
        assert_eq!(k.of(4_376), (3_829, false));
        assert_eq!(k.of(1_001), (875, true));
    }

    #[test]
    fn a_discount_over_less_than_the_subtotal_keeps_less_of_each_unit() {
        // A reward took 44.04 of a cart of 109.68 before a voucher of 38.80 spread over
        // the 65.64 left: each unit no reward took keeps 26.84 / 65.64 of its price.
        let mut k = Kept::whole(10_968);
        k.times(6_564 - 3_880, 6_564);
        assert_eq!(k, frac(671, 1_641));
        assert_eq!(k.of(4_376), (1_789, true));
        assert_eq!(k.of(6_564), (2_684, false));
        // A second voucher of 6.84 over the 26.84 left: 20.00 / 65.64.
        k.times(2_000, 2_684);
        assert_eq!(k, frac(500, 1_641));
    }

    #[test]
    fn nothing_to_take_from_changes_nothing_and_taking_everything_keeps_nothing() {
        let mut k = Kept::whole(0);
        k.times(0, 0);
        assert_eq!(k, Kept::whole(1));
        let mut k = Kept::whole(700);
        k.times(0, 500);
        assert_eq!(k.of(1_000), (0, false));
        k.times(3, 7);
        assert_eq!(k.of(1_000), (0, false));
        assert_eq!(k.decimals().0, Decimal::ZERO);
    }

    #[test]
    fn fractions_past_128_bits_stay_close_and_never_overflow() {
        let big = i128::from(u64::MAX) * 1_000;
        let mut k = Kept::whole(big + 7);
        for i in 1..40 {
            k.times(big - i, big);
        }
        assert!(k.num <= k.den && k.den >= 1);
        // 39 discounts of about 5e-23 each keep all but about 2e-20 of a unit.
        let (q, _) = k.of(1_000_000_000_000_000);
        assert!(
            (999_999_999_999_990..=1_000_000_000_000_000).contains(&q),
            "{q}"
        );
        let (n, d) = k.decimals();
        assert!(n <= d && d > Decimal::ZERO);
        let (q, _) = k.of(i128::MAX);
        assert!(q > 0);
    }

    fn euros(rounding: Rounding) -> MoneyCtx {
        MoneyCtx {
            currency: Currency::from_code("EUR").unwrap(),
            rounding,
        }
    }

    #[test]
    fn a_percent_of_what_is_kept_is_exact_and_rounded_once() {
        // A third taken off the cart: 75% of what a one-cent unit still holds is exactly
        // half a cent. In decimals, two thirds of a cent is rounded at the 28th digit
        // (…667), which made the half a little more than a half.
        let mut k = Kept::whole(3);
        k.times(2, 3);
        let (numerator, denominator) = k.of_percent(1, Decimal::from(75)).unwrap();
        assert_eq!(numerator * 2, denominator);
        assert_eq!(
            euros(Rounding::HalfUp).round_ratio(numerator, denominator),
            1
        );
        assert_eq!(
            euros(Rounding::HalfEven).round_ratio(numerator, denominator),
            0
        );
        assert_eq!(k.of_percent(-1, Decimal::from(75)), None);
        assert_eq!(k.of_percent(1, Decimal::from(-75)), None);
    }

    #[test]
    fn a_percent_of_what_is_kept_agrees_with_decimals_away_from_a_half() {
        let mut random = crate::testing::xorshift(0x9e37_79b9_7f4a_7c15);
        let mut next = |n: u64| random() % n;
        let mut compared = 0;
        for _ in 0..20_000 {
            let subtotal = 1 + i128::from(next(10_000_000));
            let mut k = Kept::whole(subtotal);
            let mut left = subtotal;
            for _ in 0..next(4) {
                let taken = i128::from(next(1 + left as u64));
                k.times(left - taken, left);
                left -= taken;
            }
            let gross = i128::from(next(100_000_000));
            let scale = next(5) as u32;
            let percent = Decimal::from_i128_with_scale(i128::from(next(100_001)), scale);
            let Some((numerator, denominator)) = k.of_percent(gross, percent) else {
                continue;
            };
            for rounding in [Rounding::HalfUp, Rounding::HalfEven] {
                let money = euros(rounding);
                let exact = money.round_ratio(numerator, denominator);
                let (num, den) = k.decimals();
                let g = money.to_decimal(gross);
                let worth = g.checked_mul(num).map(|x| x / den).unwrap_or(g / den * num);
                let decimal = money.to_minor(worth * percent / Decimal::ONE_HUNDRED);
                if (numerator % denominator) * 2 != denominator {
                    assert_eq!(exact, decimal, "{gross} × {k:?} × {percent}%");
                    compared += 1;
                }
            }
        }
        assert!(compared > 30_000, "{compared}");
    }
}
