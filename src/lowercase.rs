//! Unicode lower-casing for case-insensitive comparisons, from a table of runs that
//! `build.rs` takes from the standard library's own mapping (`char::to_lowercase`).
//!
//! `str::to_lowercase` would link `core`'s mapping tables and the final-sigma rule
//! (17,785 bytes of the Wasm module), where these runs take 1,480 bytes and their lookup
//! a few hundred: the module is 15,175 bytes smaller. Every character maps
//! as `char::to_lowercase` maps it, except the final sigma: `ς` and `σ` are both `σ`
//! here, so `ΣΑΣ`, `σας` and `σασ` compare equal wherever a word ends.

include!(concat!(env!("OUT_DIR"), "/lowercase_table.rs"));

const START_MASK: u32 = (1 << START_BITS) - 1;

/// Appends the lowercase of `c` to `out`.
pub(crate) fn push_lower(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if c == 'ς' {
        out.push('σ');
        return;
    }
    match lower_char(c) {
        Some(lower) => out.push(lower),
        None => match MULTI.iter().find(|(from, _)| *from == c) {
            Some((_, lower)) => out.push_str(lower),
            None => out.push(c),
        },
    }
}

/// The one character `c` lower-cases to, when the runs map it; `None` leaves it as it is
/// (or for [`MULTI`] to map).
fn lower_char(c: char) -> Option<char> {
    let code = c as u32;
    // The last run starting at or before `c`.
    let i = RUNS.partition_point(|&(key, _)| key & START_MASK <= code);
    let (key, delta) = *RUNS.get(i.checked_sub(1)?)?;
    let (start, count, step) = (
        key & START_MASK,
        (key >> START_BITS) & ((1 << COUNT_BITS) - 1),
        (key >> (START_BITS + COUNT_BITS)) + 1,
    );
    let offset = code - start;
    if !offset.is_multiple_of(step) || offset / step >= count {
        return None;
    }
    char::from_u32(code.wrapping_add_signed(delta))
}

/// The mapping the table stands for, from the standard library: `char::to_lowercase`,
/// with `ς` read as `σ`. The reference the tests hold lower-casing to.
#[cfg(test)]
pub(crate) fn reference(c: char) -> impl Iterator<Item = char> {
    c.to_lowercase().map(|l| if l == 'ς' { 'σ' } else { l })
}

#[cfg(test)]
mod tests {
    use super::push_lower;

    fn lower(c: char) -> String {
        let mut out = String::new();
        push_lower(c, &mut out);
        out
    }

    #[test]
    fn every_character_lower_cases_as_the_standard_library_maps_it() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let expected: String = super::reference(c).collect();
            assert_eq!(lower(c), expected, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn examples() {
        for (c, expected) in [
            ('A', "a"),
            ('Ä', "ä"),
            ('Ā', "ā"),
            ('ā', "ā"),
            ('İ', "i\u{307}"),
            ('Σ', "σ"),
            ('ς', "σ"),
            ('\u{212a}', "k"),
            ('\u{1e9e}', "ß"),
            ('Ж', "ж"),
            ('\u{10400}', "\u{10428}"),
            ('\u{1f600}', "\u{1f600}"),
            ('\u{10ffff}', "\u{10ffff}"),
        ] {
            assert_eq!(lower(c), expected, "{c:?}");
        }
    }
}
