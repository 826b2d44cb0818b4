//! Instants: RFC 3339 timestamps with an offset, compared in UTC.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, UtcOffset};

/// A point in time from an RFC 3339 timestamp (`2026-11-22T10:00:00Z`), held in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(pub OffsetDateTime);

impl Instant {
    pub fn parse(text: &str) -> Result<Instant, String> {
        OffsetDateTime::parse(text, &Rfc3339)
            .map(|t| Instant(t.to_offset(UtcOffset::UTC)))
            .map_err(|_| {
                format!(
                    "`{}` is not an RFC 3339 timestamp with an offset (e.g. 2026-11-22T10:00:00Z)",
                    text.chars().take(40).collect::<String>()
                )
            })
    }

    /// The same wall-clock time one calendar month earlier, the day clamped to the
    /// month's end (03-31 → 02-28).
    pub fn minus_one_month(self) -> Instant {
        let t = self.0;
        let (year, month) = match t.month() {
            Month::January => (t.year() - 1, Month::December),
            m => (t.year(), m.previous()),
        };
        let last = time::util::days_in_month(month, year);
        let day = t.day().min(last);
        let date = Date::from_calendar_date(year, month, day).unwrap_or(t.date());
        Instant(t.replace_date(date))
    }

    /// `n` whole days earlier.
    pub fn minus_days(self, days: u32) -> Instant {
        Instant(
            self.0
                .checked_sub(time::Duration::days(days as i64))
                .unwrap_or(self.0),
        )
    }

    /// Seconds since the Unix epoch (for compact storage).
    pub fn unix(self) -> i64 {
        self.0.unix_timestamp()
    }
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.format(&Rfc3339) {
            Ok(s) => f.write_str(&s),
            Err(_) => f.write_str("?"),
        }
    }
}

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Instant;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp with an offset")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Instant, E> {
                Instant::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl schemars::JsonSchema for Instant {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An RFC 3339 timestamp with an offset, e.g. 2026-11-22T10:00:00Z.",
            "type": "string"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn month_before(now: &str, expected: &str) {
        let got = Instant::parse(now).unwrap().minus_one_month();
        assert_eq!(got, Instant::parse(expected).unwrap());
    }

    #[test]
    fn one_calendar_month_back_clamps_the_day() {
        month_before("2026-11-22T10:00:00Z", "2026-10-22T10:00:00Z");
        month_before("2026-03-31T08:00:00Z", "2026-02-28T08:00:00Z");
        month_before("2028-03-31T08:00:00Z", "2028-02-29T08:00:00Z");
        month_before("2026-01-15T00:00:00Z", "2025-12-15T00:00:00Z");
        month_before("2026-05-31T23:59:59Z", "2026-04-30T23:59:59Z");
    }

    #[test]
    fn offsets_are_compared_in_utc() {
        let a = Instant::parse("2026-11-22T12:00:00+02:00").unwrap();
        let b = Instant::parse("2026-11-22T10:00:00Z").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_string(), "2026-11-22T10:00:00Z");
    }

    #[test]
    fn refuses_dates_without_offset_and_junk() {
        for bad in [
            "2026-11-22T10:00:00",
            "2026-11-22",
            "yesterday",
            "2026-13-01T00:00:00Z",
            "",
        ] {
            assert!(Instant::parse(bad).is_err(), "{bad}");
        }
    }
}
