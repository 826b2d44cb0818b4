//! Whole numbers in JSON, read as JavaScript and JSON Schema's `integer` read them: a
//! number written with a fraction or an exponent whose value is whole (`5.0`, `5e0`) is
//! that integer. `JSON.parse` makes `5` of `5.0` and `JSON.stringify` writes `5`, so the
//! text and object entry points read the same JSON alike. The engine's readers do this
//! in `jsondoc::unsigned` and `jsondoc::i64_`; this is the same for the serde models
//! (`#[serde(deserialize_with = "crate::whole::read")]`), with serde's messages
//! otherwise (`invalid value: integer `-1`, expected u32`, `invalid type: floating
//! point `5.5`, expected u32`).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, Unexpected, Visitor};

/// The whole number a float stands for, from 0 to `u64::MAX`: `2.0` is 2, `-0.0` is 0.
pub(crate) fn as_u64(f: f64) -> Option<u64> {
    // Below 2⁶⁴ `as` is exact for a whole float; at and past it, it saturates.
    (f.fract() == 0.0 && (0.0..18_446_744_073_709_551_616.0).contains(&f)).then_some(f as u64)
}

/// The whole number a float stands for, from `i64::MIN` to `i64::MAX`.
pub(crate) fn as_i64(f: f64) -> Option<i64> {
    // -2⁶³ ≤ f < 2⁶³: within `i64`, where `as` is exact for a whole float.
    let range = -9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0;
    (f.fract() == 0.0 && range.contains(&f)).then_some(f as i64)
}

/// An integer type a JSON number may be read into.
pub(crate) trait Whole: Sized {
    /// The type's name in serde's messages.
    const NAME: &'static str;
    fn from_u64(v: u64) -> Option<Self>;
    fn from_i64(v: i64) -> Option<Self>;
}

macro_rules! whole {
    ($($t:ty),*) => {$(
        impl Whole for $t {
            const NAME: &'static str = stringify!($t);
            fn from_u64(v: u64) -> Option<Self> {
                Self::try_from(v).ok()
            }
            fn from_i64(v: i64) -> Option<Self> {
                Self::try_from(v).ok()
            }
        }
    )*};
}

whole!(u32, u64, i64);

/// A value of `T` read as a whole number.
pub(crate) struct W<T>(pub T);

impl<'de, T: Whole> Deserialize<'de> for W<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<T: Whole> Visitor<'_> for V<T> {
            type Value = W<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(T::NAME)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<W<T>, E> {
                T::from_u64(v)
                    .map(W)
                    .ok_or_else(|| E::invalid_value(Unexpected::Unsigned(v), &self))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<W<T>, E> {
                T::from_i64(v)
                    .map(W)
                    .ok_or_else(|| E::invalid_value(Unexpected::Signed(v), &self))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<W<T>, E> {
                as_u64(v)
                    .and_then(T::from_u64)
                    .or_else(|| as_i64(v).and_then(T::from_i64))
                    .map(W)
                    .ok_or_else(|| E::invalid_type(Unexpected::Float(v), &self))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// Reads a field of type `T` as a whole number.
pub(crate) fn read<'de, D: Deserializer<'de>, T: Whole>(d: D) -> Result<T, D::Error> {
    W::deserialize(d).map(|w| w.0)
}

/// Reads an optional field of type `T` as a whole number (`null`: none).
pub(crate) fn opt<'de, D: Deserializer<'de>, T: Whole>(d: D) -> Result<Option<T>, D::Error> {
    Option::<W<T>>::deserialize(d).map(|o| o.map(|w| w.0))
}

/// Reads an optional list of `T`, each a whole number (`null`: none).
pub(crate) fn opt_list<'de, D: Deserializer<'de>, T: Whole>(
    d: D,
) -> Result<Option<Vec<T>>, D::Error> {
    Option::<Vec<W<T>>>::deserialize(d).map(|o| o.map(|l| l.into_iter().map(|w| w.0).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_u32(text: &str) -> Result<u32, String> {
        read(&mut serde_json::Deserializer::from_str(text)).map_err(|e| e.to_string())
    }

    #[test]
    fn whole_numbers_in_any_form_are_read() {
        for text in ["5", "5.0", "5e0", "0.5e1", "500e-2", "-0", "-0.0"] {
            let want = if text.starts_with('-') { 0 } else { 5 };
            assert_eq!(read_u32(text), Ok(want), "{text}");
        }
        assert_eq!(read_u32("4294967295.0"), Ok(u32::MAX));
    }

    #[test]
    fn others_are_refused_with_serde_messages() {
        let refused = |text: &str| read_u32(text).expect_err(text);
        assert!(refused("5.5").starts_with("invalid type: floating point `5.5`, expected u32"));
        assert!(refused("-1").starts_with("invalid value: integer `-1`, expected u32"));
        assert!(refused("-1.0").starts_with("invalid type: floating point `-1.0`, expected u32"));
        assert!(
            refused("4294967296").starts_with("invalid value: integer `4294967296`, expected u32")
        );
        assert!(refused("\"5\"").starts_with("invalid type: string \"5\", expected u32"));
        let i: Result<Option<i64>, _> = opt(&mut serde_json::Deserializer::from_str("-3.0"));
        assert_eq!(i.unwrap(), Some(-3));
        let none: Result<Option<u32>, _> = opt(&mut serde_json::Deserializer::from_str("null"));
        assert_eq!(none.unwrap(), None);
    }
}
