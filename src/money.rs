//! Exact money: decimal input parsing, currencies with their minor units, rounding.
//!
//! Inside the pipeline every amount is an integer count of the currency's minor
//! units (`i128`), so sums and allocations are exact; `Decimal` is used only where a
//! percentage is applied, followed by exactly one rounding with the program's strategy.

use std::fmt;

use rust_decimal::prelude::*;
use rust_decimal::RoundingStrategy;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::scan::{bytes_equal, copy_bytes, eight_digits, ONES};

/// The largest fractional precision accepted in an input amount.
pub const MAX_INPUT_SCALE: u32 = 12;

/// A decimal number read from JSON: a string such as `"12.50"` or a finite number.
///
/// Exponent forms (`"1e3"`), `NaN`, `Infinity`, surrounding spaces and junk are refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Dec(pub Decimal);

/// A finite `v` written as `format!("{v}")` writes it: its shortest round-trip digits,
/// with no exponent (`0.0000001`, `1000000000000000000000`, `-0`). The digits are
/// zmij's, which differ only where `v` lies exactly halfway between two shortest texts:
/// the even one, as JavaScript's `String(v)` writes it, where `core` takes the upper one.
/// `core`'s float printing, which `format!` links, is about 17 KB of Wasm.
pub(crate) fn plain_text(v: f64) -> String {
    let mut buffer = zmij::Buffer::new();
    let printed = buffer.format_finite(v);
    let (sign, body) = match printed.strip_prefix('-') {
        Some(body) => ("-", body),
        None => ("", printed),
    };
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, exponent.parse::<i64>().unwrap_or(0)),
        None => (body, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{whole}{fraction}");
    let leading = digits.len() - digits.trim_start_matches('0').len();
    let digits = digits.trim_matches('0');
    // Where the point falls among `digits`: before the first one at 0.
    let point = whole.len() as i64 + exponent - leading as i64;
    let mut out = String::with_capacity(digits.len() + 24);
    out.push_str(sign);
    if digits.is_empty() {
        out.push('0');
    } else if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
        out.push_str(digits);
    } else if (point as usize) < digits.len() {
        let (int, frac) = digits.split_at(point as usize);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
    }
    out
}

/// `±magnitude / 10^scale` built from its parts (`magnitude` below 2⁹⁶, at most 28
/// digits; `scale` at most 28): what `Decimal::from_i128_with_scale` gives, without its
/// 128-bit division. Zero is never negative.
fn decimal_of(negative: bool, magnitude: impl Into<u128>, scale: u32) -> Decimal {
    let magnitude: u128 = magnitude.into();
    Decimal::from_parts(
        magnitude as u32,
        (magnitude >> 32) as u32,
        (magnitude >> 64) as u32,
        negative && magnitude != 0,
        scale,
    )
}

impl Dec {
    /// Parses the textual form accepted on input.
    pub fn parse(text: &str) -> Result<Dec, String> {
        let bytes = text.as_bytes();
        let negative = bytes.first() == Some(&b'-');
        let body = if negative { &bytes[1..] } else { bytes };
        if !negative {
            if let Some(dec) = Dec::short(body) {
                return Ok(dec);
            }
        }
        Dec::parse_bytewise(text, negative, body)
    }

    /// [`Dec::parse`] of one to eight bytes of digits with at most one point (`82.40`),
    /// the usual amount; `None` for anything else, which `parse` reads or refuses.
    pub(crate) fn short(body: &[u8]) -> Option<Dec> {
        short_plain(body).map(|(mantissa, scale)| Dec(decimal_of(false, mantissa, scale)))
    }

    /// [`Dec::short`] of the text in the lowest `n` bytes of `word` (the bytes above it
    /// are not read).
    pub(crate) fn short_in_word(word: u64, n: usize) -> Option<Dec> {
        short_in_word(word, n).map(|(mantissa, scale)| Dec(decimal_of(false, mantissa, scale)))
    }

    /// [`Dec::parse`] of any text, a byte at a time; `body` is `text` less its sign.
    fn parse_bytewise(text: &str, negative: bool, body: &[u8]) -> Result<Dec, String> {
        // One pass: how many digits, where the point is, and the first 29 digits as the
        // mantissa (they always fit 128 bits; a text accepted below has at most 28).
        let mut mantissa = 0u128;
        let mut digits = 0usize;
        let mut point = None;
        for &b in body {
            match b {
                b'0'..=b'9' => {
                    if digits < 29 {
                        mantissa = mantissa * 10 + u128::from(b - b'0');
                    }
                    digits += 1;
                }
                b'.' if point.is_none() => point = Some(digits),
                _ => return Err(not_decimal(text)),
            }
        }
        let int_digits = point.unwrap_or(digits);
        let scale = digits - int_digits;
        // No digit before the point (or none at all), or a point with none after it.
        if int_digits == 0 || (point.is_some() && scale == 0) {
            return Err(not_decimal(text));
        }
        if scale > MAX_INPUT_SCALE as usize {
            return Err(format!(
                "has {scale} decimal places; at most {MAX_INPUT_SCALE} are accepted"
            ));
        }
        if int_digits > 16 {
            return Err("is too large".to_string());
        }
        // At most 16 + 12 = 28 digits, below 2⁹⁶: the mantissa read above is exactly what
        // `Decimal::from_str_exact` gives, without its general machinery (about 6 KB of
        // Wasm).
        Ok(Dec(decimal_of(negative, mantissa, scale as u32)))
    }

    /// Reads a JSON number by its shortest round-trip text (as JavaScript prints it).
    pub(crate) fn from_f64(v: f64) -> Result<Dec, String> {
        if !v.is_finite() {
            return Err("must be a finite number".to_string());
        }
        if v.abs() >= 1e16 {
            return Err("is too large".to_string());
        }
        // The shortest representation that round-trips is what JavaScript prints too,
        // so the native and Wasm builds read the same number the same way.
        Dec::parse(&plain_text(v))
    }

    /// Reads a JSON integer: the same range as [`Dec::from_f64`], the value exact.
    pub(crate) fn from_u64(v: u64) -> Result<Dec, String> {
        Dec::from_f64(v as f64).map(|_| Dec(Decimal::from(v)))
    }

    /// [`Dec::from_u64`] of a negative integer.
    pub(crate) fn from_i64(v: i64) -> Result<Dec, String> {
        Dec::from_f64(v as f64).map(|_| Dec(Decimal::from(v)))
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }
}

/// The mantissa and scale of one to eight bytes of digits with at most one point, which
/// has a digit on each side (`82.40`, `7`, `00.5`), read as one word: an amount in a
/// request is usually that short. `None` for anything else, which [`Dec::parse`] then
/// reads byte by byte, to the same value (see the tests) or to its error.
fn short_plain(body: &[u8]) -> Option<(u64, u32)> {
    let n = body.len();
    if !(1..=8).contains(&n) {
        return None;
    }
    let mut lanes = [0u8; 8];
    // SAFETY: `body` holds `n` bytes, `lanes` has room for them, and the two are
    // distinct.
    unsafe { copy_bytes(body.as_ptr(), lanes.as_mut_ptr(), n) };
    short_in_word(u64::from_le_bytes(lanes), n)
}

/// [`short_plain`] of the text in the lowest `n` bytes of `word` (the bytes above are
/// not read): a reader that has the text's word at hand passes it without a copy.
#[inline(always)]
fn short_in_word(word: u64, n: usize) -> Option<(u64, u32)> {
    if !(1..=8).contains(&n) {
        return None;
    }
    // Right-aligned in eight '0's: the first digit is the lowest byte of the word that is
    // not padding, the last digit the highest byte.
    let pad = 8 * (8 - n as u32);
    let word = (word << pad) | ((ONES * u64::from(b'0')) & ((1u64 << pad) - 1));
    let points = bytes_equal(word, b'.');
    if points == 0 {
        return Some((eight_digits(word)?, 0));
    }
    // The first point's byte (padding holds none); a second one fails as a digit below.
    let at = points.trailing_zeros() / 8;
    if at as usize <= 8 - n || at == 7 {
        return None;
    }
    // The digits before the point move up one byte over it; a '0' comes in below.
    let below = (1u64 << (8 * at)) - 1;
    let above = !((1u64 << (8 * (at + 1))) - 1);
    let digits = (word & below) << 8 | (word & above) | u64::from(b'0');
    Some((eight_digits(digits)?, 7 - at))
}

fn not_decimal(text: &str) -> String {
    format!(
        "`{}` is not a decimal number (write it like \"12.50\")",
        clip(text)
    )
}

fn clip(text: &str) -> String {
    if text.chars().count() > 40 {
        let s: String = text.chars().take(40).collect();
        format!("{s}…")
    } else {
        text.to_string()
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.normalize())
    }
}

impl Serialize for Dec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What an amount must be, in the message for any other JSON value.
pub(crate) const DEC_EXPECTED: &str = "a decimal string like \"12.50\" or a finite number";

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Dec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(DEC_EXPECTED)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Dec, E> {
                Dec::parse(v).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Dec, E> {
                Dec::from_i64(v).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Dec, E> {
                Dec::from_u64(v).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Dec, E> {
                Dec::from_f64(v).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// The money limit (`limits.money_magnitude` currency units): as a decimal, and for each
/// scale an amount's decimal may have (0 to 19), as a count of units of that scale when it
/// fits 64 bits, so that most amounts are checked with one integer comparison.
#[derive(Clone, Debug)]
pub(crate) struct MoneyLimit {
    pub decimal: Decimal,
    scaled: [Option<u64>; 20],
}

impl MoneyLimit {
    pub fn new(magnitude: u64) -> MoneyLimit {
        let mut scaled = [None; 20];
        for (scale, slot) in (0u32..).zip(scaled.iter_mut()) {
            *slot = pow10(scale).and_then(|p| magnitude.checked_mul(p));
        }
        MoneyLimit {
            decimal: Decimal::from(magnitude),
            scaled,
        }
    }

    /// Whether `amount × quantity` (the amount not negative: a line's price, or an order
    /// total with a quantity of 1), exactly, is above the limit: as `mantissa × quantity >
    /// limit × 10^scale` in 64-bit integers when the digits allow, else in decimals.
    ///
    /// The usual amount (not negative, its mantissa below 2³²) is checked inline with
    /// one multiply and one comparison; anything else in [`MoneyLimit::exceeded_by_any`].
    #[inline]
    pub fn exceeded_by(&self, amount: Decimal, quantity: u32) -> bool {
        let u = amount.unpack();
        if let (false, 0, 0, Some(&Some(limit))) =
            (u.negative, u.hi, u.mid, self.scaled.get(u.scale as usize))
        {
            // Two factors below 2³²: the product fits 64 bits.
            return u64::from(u.lo) * u64::from(quantity.max(1)) > limit;
        }
        self.exceeded_by_any(amount, quantity)
    }

    /// [`MoneyLimit::exceeded_by`] for any amount.
    #[inline(never)]
    fn exceeded_by_any(&self, amount: Decimal, quantity: u32) -> bool {
        let quantity = u64::from(quantity.max(1));
        let limit = self.scaled.get(amount.scale() as usize).copied().flatten();
        // A mantissa below 2^32 times a 32-bit quantity cannot overflow: no 128-bit
        // multiply to check it, as `checked_mul` makes in Wasm.
        let product = u64::try_from(amount.mantissa()).ok().and_then(|m| {
            if m >> 32 == 0 {
                Some(m * quantity)
            } else {
                m.checked_mul(quantity)
            }
        });
        match (product, limit) {
            (Some(product), Some(limit)) => product > limit,
            _ => amount
                .checked_mul(Decimal::from(quantity))
                .is_none_or(|total| total > self.decimal),
        }
    }
}

/// 10^`n` when it fits 64 bits (`n` at most 19), from a table.
pub(crate) fn pow10(n: u32) -> Option<u64> {
    const POWERS: [u64; 20] = {
        let mut table = [1u64; 20];
        let mut k = 1;
        while k < 20 {
            table[k] = table[k - 1] * 10;
            k += 1;
        }
        table
    };
    POWERS.get(n as usize).copied()
}

/// `a × b`, in 64-bit arithmetic when `a` is not negative and both factors are below 2³²
/// (Wasm has no 128-bit multiply, and a 64-bit multiply checked for overflow takes one
/// too: so does `x <= u64::MAX / b`, which the compiler turns into that check).
pub(crate) fn times(a: i128, b: u64) -> i128 {
    match u64::try_from(a) {
        Ok(x) if (x | b) >> 32 == 0 => i128::from(x * b),
        _ => a * i128::from(b),
    }
}

/// How halves are rounded to the currency's minor units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum Rounding {
    /// Halves away from zero (commercial rounding): 0.125 → 0.13.
    #[default]
    HalfUp,
    /// Halves to the even neighbour (banker's rounding): 0.125 → 0.12.
    HalfEven,
}

impl Rounding {
    fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
        }
    }
}

/// A currency from the built-in ISO 4217 table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Currency {
    pub code: &'static str,
    /// Digits after the decimal point (EUR 2, JPY 0, KWD 3).
    pub minor_units: u32,
}

/// ISO 4217 active codes with their minor units (codes not listed here have 2).
static ZERO_DIGITS: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
    "VUV", "XAF", "XOF", "XPF",
];
static THREE_DIGITS: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
static FOUR_DIGITS: &[&str] = &["CLF", "UYW"];
static TWO_DIGITS: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF",
    "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR",
    "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF",
    "IDR", "ILS", "INR", "IRR", "JMD", "KES", "KGS", "KHR", "KPW", "KYD", "KZT", "LAK", "LBP",
    "LKR", "LRD", "LSL", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
    "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "PAB", "PEN", "PGK",
    "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "RUB", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD",
    "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TOP",
    "TRY", "TTD", "TWD", "TZS", "UAH", "USD", "UYU", "UZS", "VES", "WST", "XCD", "YER", "ZAR",
    "ZMW", "ZWG",
];

impl Currency {
    /// Looks a code up in the ISO 4217 table (upper-case, three letters).
    pub fn from_code(code: &str) -> Option<Currency> {
        for (table, minor_units) in [
            (TWO_DIGITS, 2),
            (ZERO_DIGITS, 0),
            (THREE_DIGITS, 3),
            (FOUR_DIGITS, 4),
        ] {
            if let Some(code) = table.iter().find(|c| **c == code) {
                return Some(Currency { code, minor_units });
            }
        }
        None
    }

    fn scale_factor(&self) -> i128 {
        10i128.pow(self.minor_units)
    }
}

/// Amounts are counted in minor units of one currency during evaluation.
#[derive(Clone, Copy, Debug)]
pub struct MoneyCtx {
    pub currency: Currency,
    pub rounding: Rounding,
}

impl MoneyCtx {
    /// Rounds a decimal amount to minor units (one rounding, the program's strategy).
    ///
    /// A price as the cart sends it (`"82.40"`: the currency's scale, a mantissa below
    /// 2³²) is its mantissa, taken first; anything else in [`MoneyCtx::any_to_minor`].
    #[inline(never)]
    pub fn to_minor(self, amount: Decimal) -> i128 {
        let u = amount.unpack();
        if (u.hi, u.mid, u.scale) == (0, 0, self.currency.minor_units) {
            let lo = i128::from(u.lo);
            return if u.negative { -lo } else { lo };
        }
        self.any_to_minor(amount)
    }

    /// [`MoneyCtx::to_minor`] for any amount.
    fn any_to_minor(self, amount: Decimal) -> i128 {
        let (units, scale) = (self.currency.minor_units, amount.scale());
        if scale <= units {
            // Already whole minor units (nearly every price): nothing to round.
            // A mantissa has at most 96 bits and currencies at most 4 minor units: the
            // product fits 128 bits (and 64 for the usual prices, which `times` uses).
            if let Some(factor) = pow10(units - scale) {
                return times(amount.mantissa(), factor);
            }
        }
        let rounded =
            amount.round_dp_with_strategy(self.currency.minor_units, self.rounding.strategy());
        let scaled = rounded * Decimal::from(self.currency.scale_factor() as i64);
        scaled.trunc().to_i128().unwrap_or(0)
    }

    /// `base × percent / 100`, rounded once to minor units.
    pub fn percent_of(&self, base_minor: i128, percent: Decimal) -> i128 {
        if let Some(minor) = self.small_percent_of(base_minor, percent) {
            return minor;
        }
        (Decimal::from_i128_with_scale(base_minor, 0) * percent / Decimal::ONE_HUNDRED)
            .round_dp_with_strategy(0, self.rounding.strategy())
            .to_i128()
            .unwrap_or(0)
    }

    /// `numerator / denominator` (the numerator not negative, the denominator positive),
    /// rounded to a whole number of minor units as this context rounds.
    pub fn round_ratio(&self, numerator: i128, denominator: i128) -> i128 {
        let (quotient, remainder) = (numerator / denominator, numerator % denominator);
        // `remainder` against the half of `denominator`, without doubling it (no overflow).
        let up = self.rounds_up(remainder.cmp(&(denominator - remainder)), quotient % 2 == 1);
        quotient + i128::from(up)
    }

    /// Whether a whole quotient is rounded up, given how what was left of the division
    /// compares with a half (`Less`, `Equal`, `Greater`) and whether the quotient is odd.
    fn rounds_up(&self, against_half: std::cmp::Ordering, odd: bool) -> bool {
        match against_half {
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Equal => match self.rounding {
                Rounding::HalfUp => true,
                Rounding::HalfEven => odd,
            },
        }
    }

    /// [`MoneyCtx::percent_of`] in 64-bit integers, for the usual case of a non-negative
    /// base and percent whose product fits: the same rounding, without decimal arithmetic.
    fn small_percent_of(&self, base_minor: i128, percent: Decimal) -> Option<i128> {
        if percent.is_sign_negative() {
            return None;
        }
        let base = u64::try_from(base_minor).ok()?;
        let mantissa = u64::try_from(percent.mantissa()).ok()?;
        // percent = mantissa / 10^scale, so base × percent / 100 = product / 10^(scale + 2).
        let divisor = 10u64
            .checked_pow(percent.scale() + 2)
            .filter(|d| *d <= 10u64.pow(18))?;
        // Two factors below 2³² cannot overflow: no 128-bit multiply (a call in Wasm) to
        // check the usual prices and percentages.
        let product = if (base | mantissa) >> 32 == 0 {
            base * mantissa
        } else {
            base.checked_mul(mantissa)?
        };
        let (quotient, remainder) = (product / divisor, product % divisor);
        let up = self.rounds_up((remainder * 2).cmp(&divisor), quotient % 2 == 1);
        Some(i128::from(quotient + u64::from(up)))
    }

    /// Minor units back to a decimal. Kept out of line: inlined at its many call sites it
    /// made the module about 5 KB larger.
    #[inline(never)]
    pub fn to_decimal(self, minor: i128) -> Decimal {
        match u64::try_from(minor.unsigned_abs()) {
            Ok(magnitude) => decimal_of(minor < 0, magnitude, self.currency.minor_units),
            Err(_) => Decimal::from_i128_with_scale(minor, self.currency.minor_units),
        }
    }

    /// A money amount as it appears in a quote: `"12.50"`, `"1250"` (JPY), `"1.250"` (KWD).
    pub fn format(&self, minor: i128) -> Money {
        Money::new(minor, self.currency.minor_units)
    }
}

/// A money amount in a quote: a count of minor units, printed with exactly the
/// currency's minor units (`"12.50"`, `"1250"` for JPY, `"1.250"` for KWD).
///
/// The amount is kept as the integer the pipeline computed, not as a `Decimal`: a quote
/// prints many amounts, and writing an integer's digits is cheaper than taking a
/// decimal apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Money {
    minor: i128,
    minor_units: u8,
}

impl Money {
    /// `minor` units of a currency with `minor_units` digits after the point (at most
    /// 28, as a `Decimal`'s scale; more are taken as 28).
    pub fn new(minor: i128, minor_units: u32) -> Money {
        Money {
            minor,
            minor_units: minor_units.min(28) as u8,
        }
    }

    /// The amount in minor units (cents for EUR).
    pub fn minor(&self) -> i128 {
        self.minor
    }

    /// The amount as a decimal with the currency's scale (`12.50`), or `None` past the
    /// 96 bits of a `Decimal`'s mantissa.
    pub fn to_decimal(&self) -> Option<Decimal> {
        Decimal::try_from_i128_with_scale(self.minor, u32::from(self.minor_units)).ok()
    }

    /// The amount's text, ASCII at the end of `buf`: the index where it starts.
    fn digits(&self, buf: &mut [u8; 48]) -> usize {
        fixed_point(
            self.minor < 0,
            self.minor.unsigned_abs(),
            usize::from(self.minor_units),
            buf,
        )
    }

    /// The usual amount's text: cents of a currency with two minor units, not negative
    /// and below 2³² (42,949,672.96), written at the end of `buf[..14]` (the index where
    /// it starts). `None` for any other amount. Without the general path's 128-bit steps
    /// and its scale loop, it takes a third of the instructions.
    #[inline(always)]
    fn cents_text(&self, buf: &mut [u8; 16]) -> Option<usize> {
        let (Ok(n), 2) = (u32::try_from(self.minor), self.minor_units) else {
            return None;
        };
        let (mut n, mut i) = (u64::from(n), 14);
        put_pair(buf, &mut i, &mut n);
        i -= 1;
        buf[i] = b'.';
        put_whole(buf, &mut i, n);
        Some(i)
    }

    /// Appends the amount as `Display` writes it, without the formatting machinery
    /// (reasons in a trace quote amounts).
    pub(crate) fn push_to(&self, out: &mut String) {
        let mut short = [0u8; 16];
        let mut buf = [0u8; 48];
        let text = match self.cents_text(&mut short) {
            Some(start) => &short[start..14],
            None => {
                let start = self.digits(&mut buf);
                &buf[start..]
            }
        };
        // SAFETY: the digits, point and sign written are ASCII, so valid UTF-8.
        crate::jsonout::push_bytes(unsafe { out.as_mut_vec() }, text);
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// "00", "01", … "99": two decimal digits at a time.
const DIGIT_PAIRS: [u8; 200] = {
    let mut table = [0u8; 200];
    let mut k = 0;
    while k < 100 {
        table[2 * k] = b'0' + (k / 10) as u8;
        table[2 * k + 1] = b'0' + (k % 10) as u8;
        k += 1;
    }
    table
};

impl Money {
    /// The most bytes an amount takes as a JSON string: the 42 of [`fixed_point`] (a
    /// sign, 39 digits, a leading zero and a point) and two quotes.
    pub(crate) const JSON_MOST: usize = 44;

    /// Writes the amount as a JSON string (ASCII: digits, a point, a sign and the
    /// quotes) at `at`: how many bytes it wrote, at most [`Money::JSON_MOST`].
    ///
    /// # Safety
    ///
    /// `at` must be valid for writing [`Money::JSON_MOST`] bytes.
    pub(crate) unsafe fn write_json_at(&self, at: *mut u8) -> usize {
        let mut buf = [b'"'; 16];
        if let Some(i) = self.cents_text(&mut buf) {
            // buf[i - 1] and buf[14] are quotes.
            let n = 16 - i;
            // SAFETY: `buf[i - 1..15]` is read; `n` is at most 16 bytes at `at`.
            unsafe { crate::scan::copy_bytes(buf.as_ptr().add(i - 1), at, n) };
            return n;
        }
        // SAFETY: as the caller promises.
        unsafe { self.write_json_wide_at(at) }
    }

    /// [`Money::write_json_at`] for an amount other than the usual cents.
    ///
    /// # Safety
    ///
    /// As for [`Money::write_json_at`].
    #[inline(never)]
    unsafe fn write_json_wide_at(&self, at: *mut u8) -> usize {
        let mut buf = [0u8; 48];
        let start = self.digits(&mut buf) - 1;
        buf[start] = b'"';
        let n = buf.len() - start;
        // SAFETY: `buf[start..]` is read; its `n` bytes and a quote are at most 44.
        unsafe {
            crate::jsonout::copied_at(buf.as_ptr().add(start), at, n).write(b'"');
        }
        n + 1
    }
}

// SAFETY: only ASCII is written: digits, a point, a sign and the quotes.
unsafe impl crate::jsonout::WriteJson for Money {
    // One copy for the quote's other amounts (a quote line's are written through a room).
    #[inline(never)]
    fn write_json(&self, out: &mut Vec<u8>) {
        out.reserve(Money::JSON_MOST);
        // SAFETY: room for `JSON_MOST` bytes was made past the length; the count
        // written is taken in.
        unsafe {
            let n = self.write_json_at(out.as_mut_ptr().add(out.len()));
            out.set_len(out.len() + n);
        }
    }
}

/// The shortest text of `d`, its trailing zeros dropped (`"2"`, `"2.5"`, `"0.05"`): the
/// text of `d.normalize().to_string()`, without the formatting machinery (a quote
/// writes a few percentages and multipliers this way).
pub(crate) fn shortest_text(d: Decimal) -> String {
    let d = d.normalize();
    let mut text = String::new();
    Money::new(d.mantissa(), d.scale()).push_to(&mut text);
    text
}

/// Writes the last two digits of `n` before `buf[*i]`, moves `i` back over them and
/// takes them off `n`.
fn put_pair(buf: &mut [u8], i: &mut usize, n: &mut u64) {
    let pair = (*n % 100) as usize * 2;
    *n /= 100;
    *i -= 2;
    buf[*i..*i + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
}

/// Writes the digits of `n` (`0` for zero) before `buf[*i]` and moves `i` back over them.
/// Inlined: as a call, the cents of a quote took 3% more instructions to write.
#[inline(always)]
fn put_whole(buf: &mut [u8], i: &mut usize, mut n: u64) {
    while n >= 100 {
        put_pair(buf, i, &mut n);
    }
    if n >= 10 {
        put_pair(buf, i, &mut n);
    } else {
        *i -= 1;
        buf[*i] = b'0' + n as u8;
    }
}

/// Writes `±magnitude / 10^scale` with exactly `scale` digits after the point (as
/// `Decimal`'s `Display` does for that scale) as ASCII at the end of `buf`, leaving at
/// least one byte before it: the index where it starts. Zero is never negative.
fn fixed_point(negative: bool, magnitude: u128, scale: usize, buf: &mut [u8; 48]) -> usize {
    // At most 39 digits, a point, a leading zero and a sign: 42 bytes.
    let mut i = buf.len();
    let mut fraction = scale;
    let mut point = scale > 0;
    let mut wide = magnitude;
    // Past 64 bits (no amount within the money limit): a digit at a time in 128 bits.
    while wide > u128::from(u64::MAX) {
        i -= 1;
        buf[i] = b'0' + (wide % 10) as u8;
        wide /= 10;
        if fraction > 0 {
            fraction -= 1;
            if fraction == 0 {
                i -= 1;
                buf[i] = b'.';
                point = false;
            }
        }
    }
    // 64-bit division is far cheaper than 128-bit (Wasm has no 128-bit instructions).
    // Digits go two at a time: amounts have a few digits, and cents are exactly a pair.
    let mut n = wide as u64;
    while fraction >= 2 {
        put_pair(buf, &mut i, &mut n);
        fraction -= 2;
    }
    if fraction == 1 {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    if point {
        i -= 1;
        buf[i] = b'.';
    }
    put_whole(buf, &mut i, n);
    if negative && magnitude != 0 {
        i -= 1;
        buf[i] = b'-';
    }
    i
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 48];
        let start = self.digits(&mut buf);
        // Only ASCII digits, a point and a sign were written.
        f.write_str(std::str::from_utf8(&buf[start..]).unwrap_or_default())
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod schema {
    use super::{Dec, Money};
    use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
    use std::borrow::Cow;

    impl JsonSchema for Dec {
        fn schema_name() -> Cow<'static, str> {
            "Decimal".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "A decimal as a string (\"12.50\") or a finite number.",
                "type": ["string", "number"]
            })
        }
    }

    impl JsonSchema for Money {
        fn schema_name() -> Cow<'static, str> {
            "Money".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "An amount with exactly the currency's minor units, e.g. \"12.50\".",
                "type": "string"
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_built_from_parts_are_those_of_from_i128_with_scale() {
        let magnitudes = [0u64, 1, 99, 4_294_967_295, 4_294_967_296, 1 << 53, u64::MAX];
        for magnitude in magnitudes {
            for negative in [false, true] {
                for scale in 0..=28 {
                    let signed = if negative {
                        -i128::from(magnitude)
                    } else {
                        i128::from(magnitude)
                    };
                    let expected = Decimal::from_i128_with_scale(signed, scale);
                    let built = decimal_of(negative, magnitude, scale);
                    // The same bytes: sign, scale and mantissa alike.
                    assert_eq!(
                        built.serialize(),
                        expected.serialize(),
                        "{signed} at {scale}"
                    );
                }
            }
        }
    }

    #[track_caller]
    fn parses(input: &str, expected: &str) {
        assert_eq!(
            Dec::parse(input).unwrap().0,
            Decimal::from_str_exact(expected).unwrap()
        );
    }

    #[track_caller]
    fn refuses(input: &str) {
        assert!(Dec::parse(input).is_err(), "{input} should be refused");
    }

    /// Every text of up to six characters from digits, a point, a sign and their
    /// neighbours in ASCII (and up to eight from digits and points): the word-at-a-time
    /// reading of short amounts gives what the byte-at-a-time one gives, or leaves the
    /// text to it.
    #[test]
    fn short_amounts_read_by_the_word_as_byte_by_byte() {
        fn check(text: &str) {
            let body = text.as_bytes();
            let general = Dec::parse_bytewise(text, false, body);
            // The same text in a word with other bytes above it.
            if (1..=8).contains(&body.len()) {
                let mut lanes = [b'"', b'9', b'.', 0, 0xff, b'0', b'-', b'7'];
                lanes[..body.len()].copy_from_slice(body);
                let word = u64::from_le_bytes(lanes);
                assert_eq!(
                    short_in_word(word, body.len()),
                    short_plain(body),
                    "{text:?}"
                );
            }
            match short_plain(body) {
                Some((mantissa, scale)) => {
                    let fast = decimal_of(false, mantissa, scale);
                    let general = general.unwrap_or_else(|e| panic!("{text:?}: {e}")).0;
                    assert_eq!(fast, general, "{text:?}");
                    assert_eq!(fast.scale(), general.scale(), "{text:?}");
                }
                // Left to the general path only what it refuses, or what is not short.
                None => assert!(general.is_err() || body.len() > 8, "{text:?}"),
            }
        }
        let mut texts = vec![String::new()];
        let mut last = texts.clone();
        for len in 1..=8 {
            let alphabet: &[&str] = if len <= 6 {
                &["0", "7", "9", ".", "/", ":", "-", "\u{7f}", "é"]
            } else {
                &["0", "9", "."]
            };
            if len == 7 {
                last.retain(|s| s.bytes().all(|b| matches!(b, b'0' | b'9' | b'.')));
            }
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        for text in &texts {
            check(text);
        }
        for text in [
            "12345678",
            "99999999",
            "1234567.8",
            "0.000001",
            "123456789",
            "1.5",
        ] {
            check(text);
        }
    }

    #[test]
    fn accepts_plain_decimals() {
        parses("12.50", "12.50");
        parses("0", "0");
        parses("-10", "-10");
        parses("0.000000000001", "0.000000000001");
        parses("999999999999.99", "999999999999.99");
    }

    #[test]
    fn plain_decimals_read_exactly_as_from_str_exact() {
        for text in [
            "0",
            "0.0",
            "00.50",
            "12.5",
            "12.50",
            "-12.50",
            "-0.00",
            "1234567890123456.123",
            "9999999999999999.999",
            "1234567.123456789012",
            "0.000000000001",
            "-0",
            "-0.000000000000",
            "-1234567890123456.123",
            "9999999999999999.999999999999",
            "-9999999999999999.999999999999",
            "0000000000000000.000000000001",
            "1844674407370955.1615",
            "1844674407370955.161600000000",
            "79228162514264.337593543950",
        ] {
            let ours = Dec::parse(text).unwrap().0;
            let exact = Decimal::from_str_exact(text).unwrap();
            assert_eq!(
                (ours.mantissa(), ours.scale(), ours.is_sign_negative()),
                (exact.mantissa(), exact.scale(), exact.is_sign_negative()),
                "{text}"
            );
        }
    }

    #[test]
    fn whole_minor_units_convert_without_rounding() {
        for (code, rounding) in [("EUR", Rounding::HalfUp), ("KWD", Rounding::HalfEven)] {
            let ctx = MoneyCtx {
                currency: Currency::from_code(code).unwrap(),
                rounding,
            };
            for text in [
                "0",
                "12",
                "12.5",
                "12.50",
                "-3.1",
                "0.001",
                "1234567890123.45",
                // Mantissas on both sides of 2³² at the currency's own scale (EUR's
                // two minor units, KWD's three), negative too.
                "42949672.95",
                "42949672.96",
                "-42949672.95",
                "-0.00",
                "4294967.295",
                "4294967.296",
                "-4294967.295",
            ] {
                let d = Decimal::from_str_exact(text).unwrap();
                let rounded =
                    d.round_dp_with_strategy(ctx.currency.minor_units, ctx.rounding.strategy());
                let slow = (rounded * Decimal::from(ctx.currency.scale_factor() as i64))
                    .trunc()
                    .to_i128()
                    .unwrap();
                assert_eq!(ctx.to_minor(d), slow, "{code} {text}");
            }
        }
    }

    #[test]
    fn refuses_junk_exponents_and_excess_precision() {
        for bad in [
            "",
            "-",
            ".",
            "1.",
            ".5",
            "1.2x",
            "1e3",
            "1E3",
            "NaN",
            "Infinity",
            " 1",
            "1 ",
            "+1",
            "1,5",
            "0x10",
            "1..2",
            "0.0000000000001",
            "12345678901234567",
        ] {
            refuses(bad);
        }
    }

    #[test]
    fn numbers_read_like_javascript_prints_them() {
        let d: Dec = serde_json::from_str("12.1").unwrap();
        assert_eq!(d.to_string(), "12.1");
        let d: Dec = serde_json::from_str("0.1").unwrap();
        assert_eq!(d.to_string(), "0.1");
        let d: Dec = serde_json::from_str("42").unwrap();
        assert_eq!(d.to_string(), "42");
        assert!(serde_json::from_str::<Dec>("true").is_err());
        assert!(serde_json::from_str::<Dec>("1e300").is_err());
    }

    #[track_caller]
    fn rounds(code: &str, rounding: Rounding, amount: &str, minor: i128, printed: &str) {
        let ctx = MoneyCtx {
            currency: Currency::from_code(code).unwrap(),
            rounding,
        };
        let got = ctx.to_minor(Decimal::from_str_exact(amount).unwrap());
        assert_eq!(got, minor, "{code} {amount} {rounding:?}");
        assert_eq!(ctx.format(got).to_string(), printed);
    }

    #[test]
    fn rounding_table() {
        use Rounding::*;
        rounds("EUR", HalfUp, "0.125", 13, "0.13");
        rounds("EUR", HalfEven, "0.125", 12, "0.12");
        rounds("EUR", HalfEven, "0.135", 14, "0.14");
        rounds("EUR", HalfUp, "-0.125", -13, "-0.13");
        rounds("EUR", HalfUp, "12.5", 1250, "12.50");
        rounds("EUR", HalfUp, "-12.5", -1250, "-12.50");
        rounds("JPY", HalfUp, "1250.5", 1251, "1251");
        rounds("JPY", HalfEven, "1250.5", 1250, "1250");
        rounds("KWD", HalfUp, "1.2345", 1235, "1.235");
        rounds("KWD", HalfEven, "1.2345", 1234, "1.234");
        rounds("USD", HalfUp, "0", 0, "0.00");
    }

    #[test]
    fn percent_is_rounded_once() {
        let ctx = MoneyCtx {
            currency: Currency::from_code("EUR").unwrap(),
            rounding: Rounding::HalfUp,
        };
        assert_eq!(ctx.percent_of(15000, Decimal::from(10)), 1500);
        assert_eq!(ctx.percent_of(1005, Decimal::from(10)), 101); // 100.5 cents
        let even = MoneyCtx {
            rounding: Rounding::HalfEven,
            ..ctx
        };
        assert_eq!(even.percent_of(1005, Decimal::from(10)), 100);
        // The integer path agrees with decimal division, halves included, at every scale
        // a percent can have and past what fits 64 bits.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        for _ in 0..20_000 {
            let base = i128::from(next(10_000_000)) * if next(4) == 0 { 100_000 } else { 1 };
            let scale = next(14) as u32;
            let p = Decimal::from_i128_with_scale(i128::from(next(100_000)) * 5, scale);
            for rounding in [Rounding::HalfUp, Rounding::HalfEven] {
                let ctx = MoneyCtx { rounding, ..ctx };
                let divided = (Decimal::from(base) * p / Decimal::ONE_HUNDRED)
                    .round_dp_with_strategy(0, rounding.strategy())
                    .to_i128()
                    .unwrap();
                assert_eq!(
                    ctx.percent_of(base, p),
                    divided,
                    "{base} × {p}% {rounding:?}"
                );
            }
        }
        // Past 64 bits and at a percent's largest scales too.
        for (base, percent) in [
            (15000i128, "10"),
            (1005, "12.5"),
            (99_999_999_999, "33.333333333333"),
            (7, "0.000000000001"),
            (123_456, "99.9999999999999999999999"),
            (5_000, "0.000000000000000000000000001"),
        ] {
            let p = Decimal::from_str_exact(percent).unwrap();
            let divided = (Decimal::from(base) * p / Decimal::ONE_HUNDRED)
                .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
                .to_i128()
                .unwrap();
            assert_eq!(ctx.percent_of(base, p), divided, "{base} × {percent}%");
        }
    }

    #[test]
    fn money_prints_like_decimal_display() {
        for minor in [
            0i128,
            1,
            -1,
            5,
            9,
            10,
            99,
            100,
            1250,
            -1250,
            123_456_789,
            u32::MAX as i128,
            u32::MAX as i128 + 1,
            -(u32::MAX as i128) - 7,
            10_000_000_000,
            429_496_729_600,
            i64::MAX as i128,
            u64::MAX as i128 + 1,
            -(1i128 << 95),
        ] {
            for scale in (0..=4).chain([19, 20, 28]) {
                let d = Decimal::from_i128_with_scale(minor, scale);
                let money = Money::new(minor, scale);
                assert_eq!(money.to_decimal(), Some(d));
                let json = serde_json::to_string(&money).unwrap();
                assert_eq!(json, format!("\"{d}\""), "{minor} at scale {scale}");
                let written = crate::jsonout::to_json(&money, 0);
                assert_eq!(written, json, "{minor} at scale {scale}");
                assert_eq!(money.to_string(), d.to_string(), "{minor} at scale {scale}");
                let mut pushed = String::from("x");
                money.push_to(&mut pushed);
                assert_eq!(pushed, format!("x{d}"), "{minor} at scale {scale}");
            }
        }
        // Past a decimal's 96 bits (no amount within the money limit): the digits still
        // come out, at every scale, as the integer's own digits with the point placed.
        for minor in [i128::MAX, i128::MIN, -(1i128 << 100) - 12_345] {
            let digits = minor.unsigned_abs().to_string();
            for scale in [0usize, 1, 2, 28] {
                let (int, frac) = digits.split_at(digits.len() - scale);
                let sign = if minor < 0 { "-" } else { "" };
                let point = if scale > 0 { "." } else { "" };
                let expected = format!("{sign}{int}{point}{frac}");
                let money = Money::new(minor, scale as u32);
                assert_eq!(money.to_decimal(), None);
                assert_eq!(money.to_string(), expected, "{minor} at scale {scale}");
                let written = crate::jsonout::to_json(&money, 0);
                assert_eq!(written, format!("\"{expected}\""));
            }
        }
        // The usual cents on both sides of every count of whole digits.
        for k in 0..=8 {
            let power = 10i128.pow(k);
            for whole in [power - 1, power, power + 1, 2 * power - 1] {
                for cents in [0, 1, 10, 99] {
                    let minor = whole * 100 + cents;
                    let d = Decimal::from_i128_with_scale(minor, 2);
                    let written = crate::jsonout::to_json(&Money::new(minor, 2), 0);
                    assert_eq!(written, format!("\"{d}\""), "{minor}");
                }
            }
        }
        // Amounts of every length, on both sides of 2³² and 2⁶⁴ (written in 32 bits below
        // 2³² at scale 2, the usual cents).
        let mut next = crate::testing::xorshift(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let x = next();
            let minor = ((x >> (x % 64)) as i128) << (x % 3 * 16);
            let minor = minor * if x & 1 == 0 { 1 } else { -1 };
            let scale = (x % 7) as u32;
            let d = Decimal::from_i128_with_scale(minor, scale);
            let money = Money::new(minor, scale);
            assert_eq!(money.to_string(), d.to_string(), "{minor}");
            // Written after other bytes, as in a quote.
            let mut written = b"[1,".to_vec();
            crate::jsonout::WriteJson::write_json(&money, &mut written);
            assert_eq!(written, format!("[1,\"{d}\"").into_bytes(), "{minor}");
        }
    }

    #[test]
    fn generated_amounts_read_as_decimals_read_them() {
        // Texts of digits, points and a few other bytes, every length up to 24: what is
        // read is what `from_str_exact` reads (value and scale), and every text of the
        // accepted form within the limits is read.
        let alphabet = b"0123456789..-e ";
        let mut next = crate::testing::xorshift(0x2545_f491_4f6c_dd1d);
        let mut read = 0;
        for _ in 0..200_000 {
            let x = next();
            let len = (x % 25) as usize;
            let text: String = (0..len)
                .map(|k| {
                    let r = x.rotate_left(k as u32 * 5) ^ (k as u64).wrapping_mul(0x9e37_79b9);
                    // Mostly digits, so that long well-formed numbers come up.
                    let pick = if r.is_multiple_of(4) {
                        r / 4 % 15
                    } else {
                        r / 4 % 10
                    };
                    char::from(alphabet[pick as usize])
                })
                .collect();
            let unsigned = text.strip_prefix('-').unwrap_or(&text);
            let (int, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
            let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
            let accepted_form = !int.is_empty()
                && all_digits(int)
                && all_digits(fraction)
                && (!fraction.is_empty() || !unsigned.contains('.'))
                && int.len() <= 16
                && fraction.len() <= MAX_INPUT_SCALE as usize;
            match Dec::parse(&text) {
                Ok(dec) => {
                    read += 1;
                    let exact = Decimal::from_str_exact(&text).unwrap();
                    assert_eq!(dec.0.serialize(), exact.serialize(), "{text:?}");
                    assert!(accepted_form, "{text:?} is read");
                }
                Err(e) => assert!(!accepted_form, "{text:?}: {e}"),
            }
        }
        assert!(read > 20_000, "{read}");
    }

    #[test]
    fn shortest_text_is_the_normalized_display() {
        for text in [
            "0",
            "-0",
            "0.000",
            "2",
            "2.00",
            "2.50",
            "-2.5",
            "0.05",
            "100",
            "1e2",
            "12.3400",
            "-0.0001",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "7.9228162514264337593543950335",
            "-1000.10",
        ] {
            let d: Decimal = text
                .parse()
                .or_else(|_| Decimal::from_scientific(text))
                .unwrap();
            assert_eq!(shortest_text(d), d.normalize().to_string(), "{text}");
        }
    }

    #[test]
    fn times_is_the_128_bit_product() {
        let big = i128::from(u64::MAX);
        for a in [
            0i128,
            1,
            7,
            4_999,
            -3,
            1 << 40,
            big / 3,
            big,
            big + 5,
            -(big + 5),
        ] {
            for b in [0u64, 1, 2, 3, 10, 1_000, u64::from(u32::MAX), u64::MAX] {
                if let Some(product) = a.checked_mul(i128::from(b)) {
                    assert_eq!(times(a, b), product, "{a} × {b}");
                }
            }
        }
    }

    #[test]
    fn currency_table() {
        assert_eq!(Currency::from_code("EUR").unwrap().minor_units, 2);
        assert_eq!(Currency::from_code("JPY").unwrap().minor_units, 0);
        assert_eq!(Currency::from_code("KWD").unwrap().minor_units, 3);
        assert!(Currency::from_code("eur").is_none());
        assert!(Currency::from_code("XXX").is_none());
    }
}

// Properties of reading and writing numbers (proptest is a native dev-dependency).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod number_text_tests {
    use super::{plain_text, Dec};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    #[test]
    fn floats_are_written_as_core_writes_them() {
        let values = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.3,
            12.5,
            19.99,
            100.0,
            1e15,
            9_007_199_254_740_993.0,
            1e16,
            1e21,
            1e22,
            1.7976931348623157e308,
            -1.7976931348623157e308,
            1e-7,
            1.5e-5,
            0.000123,
            5e-324,
            2.2250738585072014e-308,
            123_456_789.012_345_67,
            0.1 + 0.2,
            1.0 / 3.0,
        ];
        for v in values {
            assert_eq!(plain_text(v), format!("{v}"), "{v:e}");
        }
        // Halfway between two shortest texts: JavaScript, and this, take the even one
        // (`String(1124847408172108.25)` is `1124847408172108.2`); `core` the upper one.
        let tie = f64::from_bits(4_832_353_980_179_178_082);
        assert_eq!(plain_text(tie), "1124847408172108.2");
        assert_eq!(format!("{tie}"), "1124847408172108.3");
        assert!(written_alike(tie));
    }

    /// `plain_text(v)` is `format!("{v}")`, or both are shortest texts of `v` that differ
    /// only in a last digit `core` rounded up from a tie and this rounded to even.
    fn written_alike(v: f64) -> bool {
        let (ours, core) = (plain_text(v), format!("{v}"));
        if ours == core {
            return true;
        }
        let (a, b) = (ours.as_bytes(), core.as_bytes());
        let n = a.len();
        n == b.len()
            && a[..n - 1] == b[..n - 1]
            && a[n - 1] % 2 == 0
            && b[n - 1] == a[n - 1] + 1
            && ours.parse::<f64>() == Ok(v)
            && core.parse::<f64>() == Ok(v)
    }

    proptest! {
        #[test]
        fn any_finite_float_is_written_as_core_writes_it(bits in any::<u64>()) {
            let v = f64::from_bits(bits);
            if v.is_finite() {
                prop_assert!(written_alike(v), "{v:e}");
            }
        }

        #[test]
        fn amounts_are_written_as_core_writes_them(
            units in -1_000_000_000_000i64..1_000_000_000_000,
            scale in 0u32..13,
        ) {
            let v = units as f64 / 10f64.powi(scale as i32);
            prop_assert_eq!(plain_text(v), format!("{v}"));
        }

        /// Any accepted amount text (a sign, 1 to 16 digits before the point, 0 to 12
        /// after it, leading and trailing zeros) reads as `from_str_exact` reads it.
        #[test]
        fn amount_texts_read_as_from_str_exact_reads_them(
            text in "-?[0-9]{1,16}(\\.[0-9]{1,12})?",
        ) {
            let ours = Dec::parse(&text).unwrap().0;
            let exact = Decimal::from_str_exact(&text).unwrap();
            prop_assert_eq!(
                (ours.mantissa(), ours.scale(), ours.is_sign_negative()),
                (exact.mantissa(), exact.scale(), exact.is_sign_negative())
            );
        }
    }
}
