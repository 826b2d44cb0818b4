//! The `f64` nearest to a JSON number's text, as JavaScript's `JSON.parse` reads it.
//!
//! A number of more than 15 significant digits, or with an exponent, is first read as a
//! float computed with several roundings (`crate::jsontext`'s, as serde_json without
//! its `float_roundtrip` feature reads it), which can be a place or more off:
//! `9429.414999999999` as `9429.415`, a cent more once rounded to EUR. [`nearest`] checks
//! that float against the midpoints to the two floats beside it, in exact integer
//! arithmetic, and moves it a place while the text lies beyond one. `core`'s own reading
//! of floats would do as well but adds 18 KB to the module; this adds 2.7 KB.

use std::cmp::Ordering;

/// Significant digits kept. The nearest `f64` is decided by the first 768 at most
/// (the longest text a midpoint between two of them can need); what follows only tells
/// whether the text lies above the digits kept.
const MAX_DIGITS: usize = 800;

/// Places [`nearest`] moves a float at most: the float it is given comes from at most
/// about twenty roundings of half a place each.
const MAX_STEPS: usize = 32;

/// The `f64` nearest to the JSON number `token`, given `approx`, a float a few places
/// from it at most (`crate::jsontext`'s reading). Ties go to the even one, as in JavaScript.
/// `approx` comes back unchanged for a token that is not a JSON number, an infinite
/// one, or one whose size puts it beyond the floats (above `1e309` or below `1e-343`).
#[cold]
#[inline(never)]
pub(crate) fn nearest(token: &str, approx: f64) -> f64 {
    if rounded_once(token) {
        return approx;
    }
    let Some(text) = Decimal::read(token) else {
        return approx;
    };
    if !approx.is_finite() || text.digits.is_empty() {
        return approx;
    }
    let lead = text.exp + text.digits.len() as i64 - 1;
    if !(-343..=309).contains(&lead) {
        return approx;
    }
    let exact = text.exact();
    let mut f = approx.abs();
    for _ in 0..MAX_STEPS {
        if f.is_infinite() {
            break;
        }
        let up = exact.cmp_mid(f, true);
        if up == Ordering::Greater || (up == Ordering::Equal && is_odd(f)) {
            f = f64::from_bits(f.to_bits() + 1);
            continue;
        }
        if f > 0.0 {
            let down = exact.cmp_mid(f, false);
            if down == Ordering::Less || (down == Ordering::Equal && is_odd(f)) {
                f = f64::from_bits(f.to_bits() - 1);
                continue;
            }
        }
        break;
    }
    if text.negative {
        -f
    } else {
        f
    }
}

/// At most 15 digits and no exponent: the float given is one product or quotient of
/// two exact ones, rounded once, so the nearest already.
fn rounded_once(token: &str) -> bool {
    let mut digits = 0;
    for c in token.bytes() {
        match c {
            b'e' | b'E' => return false,
            b'0'..=b'9' => digits += 1,
            _ => {}
        }
    }
    digits <= 15
}

fn is_odd(f: f64) -> bool {
    f.to_bits() & 1 == 1
}

/// A JSON number as `digits × 10^exp`: the significant digits (no leading zeros),
/// at most [`MAX_DIGITS`] of them, `more` when a nonzero digit was dropped past those.
struct Decimal {
    negative: bool,
    digits: Vec<u8>,
    exp: i64,
    more: bool,
}

impl Decimal {
    fn read(token: &str) -> Option<Decimal> {
        let b = token.as_bytes();
        let negative = b.first() == Some(&b'-');
        let mut i = usize::from(negative);
        let mut d = Decimal {
            negative,
            digits: Vec::new(),
            exp: 0,
            more: false,
        };
        let mut seen = false;
        let mut point = false;
        while let Some(&c) = b.get(i) {
            match c {
                b'0'..=b'9' => {
                    seen = true;
                    if point {
                        d.exp -= 1;
                    }
                    if c != b'0' || !d.digits.is_empty() {
                        if d.digits.len() < MAX_DIGITS {
                            d.digits.push(c - b'0');
                        } else {
                            d.more |= c != b'0';
                            d.exp += 1;
                        }
                    }
                }
                b'.' if !point => point = true,
                b'e' | b'E' => break,
                _ => return None,
            }
            i += 1;
        }
        if !seen {
            return None;
        }
        if i < b.len() {
            let rest = &token[i + 1..];
            let (sign, digits) = match rest.as_bytes().first() {
                Some(b'-') => (-1, &rest[1..]),
                Some(b'+') => (1, &rest[1..]),
                _ => (1, rest),
            };
            if digits.is_empty() {
                return None;
            }
            // Held to 10⁹: beyond any float either way, and the caller leaves such a
            // number alone.
            let mut e: i64 = 0;
            for c in digits.bytes() {
                if !c.is_ascii_digit() {
                    return None;
                }
                e = (e * 10 + i64::from(c - b'0')).min(1_000_000_000);
            }
            d.exp += sign * e;
        }
        // Trailing zeros of the digits only scale them.
        while d.digits.last() == Some(&0) {
            d.digits.pop();
            d.exp += 1;
        }
        Some(d)
    }

    /// The number (its sign aside) as the integer `digits × 10^exp` over `10^-exp`,
    /// worked out once for the comparisons that follow.
    #[inline(never)]
    fn exact(&self) -> Exact {
        let mut num = Big::from_digits(&self.digits);
        num.mul_pow10(self.exp.max(0) as u32);
        Exact {
            num,
            den_pow10: self.exp.min(0).unsigned_abs() as u32,
            more: self.more,
        }
    }
}

/// A number (its sign aside) as `num / 10^den_pow10`, `more` when digits past
/// [`MAX_DIGITS`] were dropped (it is then a little more than that).
struct Exact {
    num: Big,
    den_pow10: u32,
    more: bool,
}

impl Exact {
    /// How this number compares with the midpoint between `f` and the float above it
    /// (`up`) or below it.
    #[inline(never)]
    fn cmp_mid(&self, f: f64, up: bool) -> Ordering {
        let bits = f.to_bits();
        let (frac, biased) = (bits & ((1 << 52) - 1), (bits >> 52) as i64);
        let (m, k) = if biased == 0 {
            (frac, -1074)
        } else {
            (frac | 1 << 52, biased - 1075)
        };
        // The midpoint as `mid × 2^shift`.
        let (mid, shift) = if up {
            (2 * m + 1, k - 1)
        } else if frac == 0 && biased > 1 {
            // The float below is closer: the spacing halves below a power of two.
            (4 * m - 1, k - 2)
        } else {
            (2 * m - 1, k - 1)
        };
        let mut ours = Big(self.num.0.clone());
        let mut theirs = Big::from_u64(mid);
        theirs.mul_pow10(self.den_pow10);
        if shift >= 0 {
            theirs.shl(shift as u32);
        } else {
            ours.shl(shift.unsigned_abs() as u32);
        }
        match ours.cmp(&theirs) {
            Ordering::Equal if self.more => Ordering::Greater,
            o => o,
        }
    }
}

/// A nonnegative integer in base 2³², lowest limb first, no high zero limbs.
struct Big(Vec<u32>);

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut b = Big(vec![v as u32, (v >> 32) as u32]);
        b.trim();
        b
    }

    #[inline(never)]
    fn from_digits(digits: &[u8]) -> Big {
        let mut b = Big(Vec::with_capacity(digits.len() / 9 + 1));
        // Nine digits at a time: each step multiplies by 10⁹ and adds them.
        for chunk in digits.chunks(9) {
            let (scale, add) = chunk
                .iter()
                .fold((1u32, 0u32), |(s, a), &d| (s * 10, a * 10 + u32::from(d)));
            b.mul_add(scale, add);
        }
        b
    }

    #[inline(never)]
    fn mul_add(&mut self, by: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(by) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut n: u32) {
        while n > 0 {
            let step = n.min(9);
            self.mul_add(10u32.pow(step), 0);
            n -= step;
        }
    }

    /// Times `2^n`, 31 bits a step (what is shifted is small: a few thousand bits at most).
    fn shl(&mut self, mut n: u32) {
        while n > 0 {
            let step = n.min(31);
            self.mul_add(1 << step, 0);
            n -= step;
        }
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn cmp(&self, other: &Big) -> Ordering {
        let (a, b) = (&self.0, &other.0);
        if a.len() != b.len() {
            return a.len().cmp(&b.len());
        }
        for (x, y) in a.iter().rev().zip(b.iter().rev()) {
            if x != y {
                return x.cmp(y);
            }
        }
        Ordering::Equal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `core`'s reading, correctly rounded, as JavaScript's.
    fn exact(token: &str) -> f64 {
        token.parse().expect("a number")
    }

    /// The floats one and two places either side of `v` (towards zero and away from
    /// it; zero where there are none towards it).
    fn neighbours(v: f64) -> [f64; 4] {
        let bits = v.to_bits() & !(1 << 63);
        let sign = v.to_bits() & (1 << 63);
        let at = |b: u64| f64::from_bits(b | sign);
        [
            at(bits.saturating_sub(1)),
            at(bits + 1),
            at(bits.saturating_sub(2)),
            at(bits + 2),
        ]
    }

    /// [`nearest`] given the nearest float and each float one or two places off it:
    /// the nearest every time. Returns how many of those it moved.
    #[track_caller]
    fn reads_as_core(token: &str) -> usize {
        let want = exact(token);
        let mut moved = 0;
        // Given only the nearest float where serde_json reads that one.
        let off = if rounded_once(token) { 0 } else { 4 };
        for approx in [want]
            .into_iter()
            .chain(neighbours(want).into_iter().take(off))
        {
            if !approx.is_finite() {
                continue;
            }
            let got = nearest(token, approx);
            assert_eq!(
                got.to_bits(),
                want.to_bits(),
                "{token} from {approx:?}: {got:?}, not {want:?}"
            );
            moved += usize::from(got.to_bits() != approx.to_bits());
        }
        moved
    }

    #[test]
    fn the_float_a_place_off_that_serde_json_reads_is_moved() {
        // serde_json without `float_roundtrip` (the Wasm build) reads 9429.415.
        let got = nearest("9429.414999999999", 9429.415);
        assert_eq!(format!("{got:?}"), "9429.414999999999");
        assert_eq!(nearest("-9429.414999999999", -9429.415), -9429.414999999999);
    }

    #[test]
    fn hard_cases_read_as_core_reads_them() {
        for token in [
            "0.30000000000000004",
            "9007199254740993",
            "9007199254740992.5",
            "9007199254740993.0000000000000000000000000001",
            "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126",
            "2.2250738585072011e-308",
            "2.2250738585072012e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1.7976931348623157e308",
            "1e-343",
            "123456789012345678901234567890e-20",
            "791.1800000000000093368592360",
            "9429.4149999999999340049554280",
            "0.1e1",
            "5E-1",
            "-1E+2",
            "4503599627370496.5",
            "4503599627370497.5",
        ] {
            reads_as_core(token);
        }
    }

    #[test]
    fn short_numbers_are_left_as_given() {
        // At most 15 digits and no exponent: serde_json's float is the nearest already.
        for token in ["0", "-0", "0.0", "1", "0.1", "12.50", "123456789012345"] {
            assert_eq!(nearest(token, 0.5), 0.5, "{token}");
        }
    }

    #[test]
    fn a_midpoint_then_a_digit_far_past_the_kept_ones_rounds_up() {
        // 1 + 2⁻⁵³ exactly is a tie (to 1, the even one); any nonzero digit after it,
        // even past the digits kept, puts the number above the midpoint.
        let tie = "1.00000000000000011102230246251565404236316680908203125";
        assert_eq!(nearest(tie, 1.0), 1.0);
        let past = format!("{tie}{}1", "0".repeat(MAX_DIGITS));
        assert_eq!(nearest(&past, 1.0), exact(&past));
        assert!(exact(&past) > 1.0);
        reads_as_core(&past);
    }

    #[test]
    fn numbers_of_many_digits_read_as_core_reads_them() {
        let mut next = crate::testing::xorshift(0x2545_f491_4f6c_dd1d);
        let mut moved = 0;
        for _ in 0..100_000 {
            let digits = 16 + (next() % 10) as usize;
            let text: String = (0..digits)
                .map(|_| char::from(b'0' + (next() % 10) as u8))
                .collect();
            let text = text.trim_start_matches('0');
            if text.is_empty() {
                continue;
            }
            let point = ((next() % text.len() as u64) as usize).max(1);
            let token = match next() % 3 {
                0 => format!("{}.{}", &text[..point], &text[point..]),
                1 => format!("{text}e-{}", next() % 40),
                _ => format!("-{text}E{}", (next() % 20) as i64 - 10),
            };
            moved += reads_as_core(token.trim_end_matches('.'));
        }
        // The four floats beside it were moved back every time.
        assert!(moved > 390_000, "moved {moved}");
    }

    #[test]
    fn floats_written_shortest_read_back_as_themselves() {
        let mut next = crate::testing::xorshift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..50_000 {
            let x = next();
            reads_as_core(&format!("{:e}", f64::from_bits(x >> 2)));
            // A price as JavaScript arithmetic leaves it (a price times a rate).
            reads_as_core(&format!("{:?}", (x % 100_000_000) as f64 / 100.0 * 1.19));
        }
    }

    #[test]
    fn what_is_not_a_number_or_is_beyond_the_floats_is_left_alone() {
        for token in ["", "-", ".", "1e", "1e+", "x", "1.2.3", "1e400", "1e-400"] {
            assert_eq!(nearest(token, 0.5), 0.5, "{token:?}");
        }
        assert_eq!(
            nearest("1e999999999999999999999", f64::INFINITY),
            f64::INFINITY
        );
    }
}
