//! Size limits: past one, `limit_exceeded` with the path, never a hang or a crash.

use serde::{Deserialize, Serialize};

use crate::scan::{no_byte_marked, unprintable_bytes};

/// Limits on what a program and a request may hold. Hosts may raise them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Limits {
    pub lines_per_cart: usize,
    pub orders_per_customer: usize,
    pub segments: usize,
    pub rule_depth: usize,
    pub rule_nodes: usize,
    pub brackets_per_offer: usize,
    pub id_length: usize,
    /// Largest absolute money amount, in currency units.
    pub money_magnitude: u64,
    /// Largest JSON text accepted by the text entry points, in bytes.
    pub json_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            lines_per_cart: 1_000,
            orders_per_customer: 10_000,
            segments: 1_000,
            rule_depth: 32,
            rule_nodes: 10_000,
            brackets_per_offer: 100,
            id_length: 128,
            money_magnitude: 1_000_000_000_000,
            json_bytes: 4 * 1024 * 1024,
        }
    }
}

/// What is wrong with an id or code, if anything: `(past a limit, message)`.
/// Shared by program validation and request checks so both say the same thing.
pub(crate) fn id_problem(id: &str, max_length: usize) -> Option<(bool, String)> {
    // Nearly every id is printable ASCII within the limit: one pass over the bytes.
    if !id.is_empty() && id.len() <= max_length && printable_ascii(id.as_bytes()) {
        return None;
    }
    if id.is_empty() {
        Some((false, "must not be empty".to_string()))
    } else if id.chars().count() > max_length {
        Some((true, format!("is longer than {max_length} characters")))
    } else if id.chars().any(|c| c.is_control()) {
        Some((false, "must not contain control characters".to_string()))
    } else {
        None
    }
}

/// Whether every byte is printable ASCII (0x20 to 0x7e), eight bytes at a time: see
/// [`crate::scan::unprintable_bytes`]. Inlined: called by the request reader too (for a
/// string it decoded), it was otherwise no longer inlined into [`id_problem`], which
/// every quote calls, at 33 more Wasm instructions a quote.
#[inline]
pub(crate) fn printable_ascii(bytes: &[u8]) -> bool {
    // Padded with spaces, which are printable.
    no_byte_marked(bytes, b' ', unprintable_bytes)
}

#[cfg(test)]
mod tests {
    use super::printable_ascii;

    #[test]
    fn eight_bytes_at_a_time_agree_with_one_at_a_time() {
        // Every byte value at every place of texts of 1 to 17 bytes.
        for len in 1..=17 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    let expected = bytes.iter().all(|b| (0x20..0x7f).contains(b));
                    assert_eq!(
                        printable_ascii(&bytes),
                        expected,
                        "{b:#04x} at {at} of {len}"
                    );
                }
            }
        }
        assert!(printable_ascii(b""));
        assert!(printable_ascii(b" ~ plain-id_42 ~ "));
    }
}
