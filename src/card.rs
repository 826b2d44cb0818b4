//! Discount cards: normalising and checking card numbers, finding a customer by card.

use crate::program::model::{CardCheck, DiscountCards};

/// Digits only, after removing spaces; `None` when anything else is left.
pub fn normalize_card(number: &str) -> Option<String> {
    let digits: String = number.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits)
}

/// Whether the digits end in a valid EAN-13 check digit.
pub fn ean13_ok(digits: &str) -> bool {
    let d: Vec<u32> = digits.bytes().map(|b| (b - b'0') as u32).collect();
    if d.len() != 13 {
        return false;
    }
    let sum: u32 = d[..12]
        .iter()
        .enumerate()
        .map(|(i, v)| if i % 2 == 0 { *v } else { v * 3 })
        .sum();
    (10 - sum % 10) % 10 == d[12]
}

/// Whether the digits pass the Luhn (mod 10) check.
pub fn luhn_ok(digits: &str) -> bool {
    if digits.len() < 2 {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let v = (b - b'0') as u32;
            if i % 2 == 1 {
                let x = v * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                v
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Checks a card number against the program's rules; `Ok(normalised digits)` or why not.
pub fn check_card(number: &str, rules: Option<&DiscountCards>) -> Result<String, String> {
    let digits = normalize_card(number)
        .ok_or_else(|| "a card number holds digits and spaces only".to_string())?;
    let len = digits.len() as u32;
    match rules.and_then(|r| r.lengths.as_ref()) {
        Some(lengths) if !lengths.contains(&len) => {
            let l: Vec<String> = lengths.iter().map(|l| l.to_string()).collect();
            return Err(format!("has {len} digits; expected {}", l.join(" or ")));
        }
        None if !(4..=32).contains(&len) => {
            return Err(format!("has {len} digits; expected 4 to 32"));
        }
        _ => {}
    }
    match rules.map(|r| r.check).unwrap_or_default() {
        CardCheck::None => {}
        CardCheck::Ean13 if !ean13_ok(&digits) => {
            return Err("the EAN-13 check digit does not match".to_string())
        }
        CardCheck::Luhn if !luhn_ok(&digits) => {
            return Err("the Luhn check digit does not match".to_string())
        }
        _ => {}
    }
    Ok(digits)
}

/// Finds the index of the first entry whose card number matches `number` once both are
/// normalised (spaces ignored). Entries are `(customer id, card number)` pairs.
pub fn find_by_card<'a, I>(number: &str, cards: I) -> Option<usize>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted = normalize_card(number)?;
    cards
        .into_iter()
        .position(|c| normalize_card(c).as_deref() == Some(wanted.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_spaces_and_refuses_other_characters() {
        assert_eq!(
            normalize_card(" 2900 0000 1234 5 ").as_deref(),
            Some("2900000012345")
        );
        assert_eq!(normalize_card("2900-0000"), None);
        assert_eq!(normalize_card("   "), None);
    }

    #[test]
    fn check_digits() {
        assert!(ean13_ok("4006381333931"));
        assert!(!ean13_ok("4006381333932"));
        assert!(luhn_ok("79927398713"));
        assert!(!luhn_ok("79927398710"));
    }

    #[test]
    fn checks_against_rules() {
        let ean = DiscountCards {
            check: CardCheck::Ean13,
            lengths: Some(vec![13]),
        };
        assert_eq!(
            check_card("4006 3813 3393 1", Some(&ean)).unwrap(),
            "4006381333931"
        );
        assert!(check_card("4006381333932", Some(&ean))
            .unwrap_err()
            .contains("EAN-13"));
        assert!(check_card("123", Some(&ean))
            .unwrap_err()
            .contains("expected 13"));
        assert!(check_card("123", None).is_err());
        assert!(check_card("1234", None).is_ok());
    }

    #[test]
    fn finds_a_customer_by_card() {
        let cards = ["1111 2222", "4006381333931", "55556666"];
        assert_eq!(find_by_card("4006 3813 3393 1", cards), Some(1));
        assert_eq!(find_by_card("9999", cards), None);
        assert_eq!(find_by_card("x", cards), None);
    }
}
