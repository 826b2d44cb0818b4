//! Instants: RFC 3339 timestamps with an offset, compared in UTC.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, UtcOffset};

use crate::scan::{eight_digits, le_word};

/// A point in time from an RFC 3339 timestamp (`2026-11-22T10:00:00Z`), held in UTC.
///
/// Equality, order and hash are those of the instant in UTC. Instants are compared
/// often (sorting an order history, windows), so an instant already in UTC, as every
/// parsed one is, is compared by its date and time directly.
#[derive(Clone, Copy, Debug)]
pub struct Instant(pub OffsetDateTime);

impl Instant {
    fn utc_key(&self) -> (Date, time::Time) {
        let t = if self.0.offset().is_utc() {
            self.0
        } else {
            self.0.to_offset(UtcOffset::UTC)
        };
        (t.date(), t.time())
    }
}

impl PartialEq for Instant {
    fn eq(&self, other: &Instant) -> bool {
        self.utc_key() == other.utc_key()
    }
}

impl Eq for Instant {}

impl PartialOrd for Instant {
    fn partial_cmp(&self, other: &Instant) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Instant {
    fn cmp(&self, other: &Instant) -> std::cmp::Ordering {
        self.utc_key().cmp(&other.utc_key())
    }
}

impl std::hash::Hash for Instant {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.utc_key().hash(state);
    }
}

impl Instant {
    pub fn parse(text: &str) -> Result<Instant, String> {
        if let Some(t) = parse_utc(text) {
            return Ok(Instant(t));
        }
        OffsetDateTime::parse(text, &Rfc3339)
            .map(|t| Instant(t.to_offset(UtcOffset::UTC)))
            .map_err(|_| {
                format!(
                    "`{}` is not an RFC 3339 timestamp with an offset (e.g. 2026-11-22T10:00:00Z)",
                    text.chars().take(40).collect::<String>()
                )
            })
    }

    /// The [`Instant::sort_key`] of a timestamp: what `Instant::parse(text)` then
    /// `sort_key` give, without building the instant for the usual shape (an order
    /// history holds many timestamps that are only ordered).
    pub(crate) fn time_key(text: &str) -> Result<TimeKey, String> {
        match utc_key(text) {
            Some(key) => Ok(key),
            None => Instant::parse(text).map(Instant::sort_key),
        }
    }

    /// The instant of a [`Instant::sort_key`], in UTC; `None` for a key no instant gives.
    pub(crate) fn from_key((seconds, nanosecond): TimeKey) -> Option<Instant> {
        let t = OffsetDateTime::from_unix_timestamp(seconds).ok()?;
        t.replace_nanosecond(nanosecond).ok().map(Instant)
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

    /// Seconds and nanoseconds since the Unix epoch: two integers that order as the
    /// instants do, cheaper to compare than the instants (sorting compares many times).
    pub(crate) fn sort_key(self) -> TimeKey {
        (self.0.unix_timestamp(), self.0.nanosecond())
    }
}

/// An instant as seconds and nanoseconds since the Unix epoch ([`Instant::sort_key`]).
pub(crate) type TimeKey = (i64, u32);

/// The [`Instant::sort_key`] of a timestamp of the usual shape, `YYYY-MM-DDTHH:MM:SSZ`
/// with an optional fraction of 1 to 9 digits, read directly (an order history holds
/// many) and worked out without building the instant: the calendar and the clock
/// checked, the days since the epoch by the civil-calendar formula. `None` for any other
/// text, which the general RFC 3339 parser then reads or refuses; where this gives a key,
/// that parser gives the instant of the same key (see the tests).
fn utc_key(text: &str) -> Option<TimeKey> {
    let b = text.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[b.len() - 1] != b'Z'
    {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let nanosecond = match &b[19..b.len() - 1] {
        [] => 0,
        [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => {
            number(fraction)? * 10u32.pow(9 - fraction.len() as u32)
        }
        _ => return None,
    };
    // The fourteen digits gathered into two words of eight, `YYYYMMDD` and `00hhmmss`,
    // each read at once.
    let (head, middle) = (le_word(&b[0..8]), le_word(&b[8..16]));
    // Two '0' digits in the low bytes of a word: the padding before `hhmmss`.
    const TWO_ZERO_DIGITS: u64 = 0x3030;
    let pair = |word: u64, byte: u32| (word >> (8 * byte)) & 0xffff;
    let second_digits = u64::from(u16::from_le_bytes([b[17], b[18]]));
    let date = (head & 0xffff_ffff) | pair(head, 5) << 32 | pair(middle, 0) << 48;
    let time =
        TWO_ZERO_DIGITS | pair(middle, 3) << 16 | pair(middle, 6) << 32 | second_digits << 48;
    // Below 10^8: 32-bit divisions by constants, which compile to multiplies.
    let date = eight_digits(date)? as u32;
    let time = eight_digits(time)? as u32;
    let (year, month, day) = ((date / 10_000) as i32, date / 100 % 100, date % 100);
    let (hour, minute, second) = (time / 10_000, time / 100 % 100, time % 100);
    // A leap second (`:60`) is left to the general parser.
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(month, year)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let seconds = i64::from(hour * 3600 + minute * 60 + second);
    Some((
        days_since_epoch(year, month, day) * 86_400 + seconds,
        nanosecond,
    ))
}

/// The instant of a timestamp of the usual shape ([`utc_key`]), in UTC.
fn parse_utc(text: &str) -> Option<OffsetDateTime> {
    Instant::from_key(utc_key(text)?).map(|i| i.0)
}

/// The number of days in `month` (1 to 12) of `year` in the proleptic Gregorian calendar.
fn days_in_month(month: u32, year: i32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar. Years are counted
/// from March, so that the leap day ends a year; a year's March-based day is
/// `(153 × month + 2) / 5 + day - 1`, and 400 years are 146,097 days.
fn days_since_epoch(year: i32, month: u32, day: u32) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // 719,468 days from 0000-03-01 to 1970-01-01.
    era * 146_097 + day_of_era - 719_468
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

/// What a timestamp must be, in the message for any other JSON value.
pub(crate) const INSTANT_EXPECTED: &str = "an RFC 3339 timestamp with an offset";

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Instant;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(INSTANT_EXPECTED)
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
    fn the_direct_reading_gives_what_the_rfc_3339_parser_gives() {
        // Canonical timestamps take the direct path.
        for text in [
            "2026-11-22T10:00:00Z",
            "2024-02-29T23:59:59.5Z",
            "1999-12-31T00:00:00.123456789Z",
            "0001-01-01T00:00:00Z",
        ] {
            let direct = parse_utc(text).expect(text);
            assert_eq!(Ok(direct), OffsetDateTime::parse(text, &Rfc3339), "{text}");
        }
        // Every field just inside and just outside its range, fractions of 0 to 10
        // digits, and other letters: wherever the direct path answers, the parser agrees.
        let mut answered = 0;
        // A byte just below '0' ('/') or just above '9' (':') in each field must be refused.
        for year in [
            "0000", "1970", "2024", "2026", "9999", "20a6", "/026", "202:",
        ] {
            for month in ["00", "01", "02", "12", "13", "1/", ":1"] {
                for day in ["00", "01", "28", "29", "30", "31", "32", "2/", "/1"] {
                    for clock in [
                        "00:00:00", "23:59:59", "24:00:00", "12:60:00", "12:00:60", "1x:00:00",
                        "12:0/:00", "12:00:5:", "/2:00:00", "12:::00",
                    ] {
                        for fraction in ["", ".", ".5", ".123456789", ".1234567890", ".5x"] {
                            for (t, z) in [("T", "Z"), ("t", "z"), ("T", "+00:00"), (" ", "Z")] {
                                let text = format!("{year}-{month}-{day}{t}{clock}{fraction}{z}");
                                let parsed = OffsetDateTime::parse(&text, &Rfc3339)
                                    .map(|t| t.to_offset(UtcOffset::UTC));
                                let direct = parse_utc(&text);
                                // The key read directly is the parsed instant's key.
                                let key = direct.map(|t| Instant(t).sort_key());
                                assert_eq!(utc_key(&text), key, "{text}");
                                if let Some(direct) = direct {
                                    answered += 1;
                                    assert_eq!(Ok(direct), parsed, "{text}");
                                    assert_eq!(direct.offset(), UtcOffset::UTC, "{text}");
                                }
                                // And it answers every valid timestamp of its shape (a
                                // fraction of at most nine digits) but a leap second.
                                let usual = (t, z) == ("T", "Z")
                                    && fraction.len() <= 10
                                    && !clock.ends_with(":60");
                                if usual && parsed.is_ok() {
                                    assert!(direct.is_some(), "{text}");
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(answered > 300, "{answered}");
    }

    #[test]
    fn keys_are_the_instants_keys_and_give_them_back() {
        // Every day of four years around a leap year and a century, and far years.
        let mut day = Date::from_calendar_date(1999, Month::January, 1).unwrap();
        let mut texts = vec![
            "0000-01-01T00:00:00Z".to_string(),
            "0000-02-29T12:00:00Z".to_string(),
            "1969-12-31T23:59:59.999999999Z".to_string(),
            "9999-12-31T23:59:59.9Z".to_string(),
            "2026-11-22T12:00:00+02:00".to_string(),
            "2016-12-31T23:59:60Z".to_string(),
        ];
        while day.year() < 2003 {
            texts.push(format!("{day}T07:08:09.5Z"));
            day = day.next_day().unwrap();
        }
        for text in &texts {
            let instant = Instant::parse(text).expect(text);
            let key = Instant::time_key(text).expect(text);
            assert_eq!(key, instant.sort_key(), "{text}");
            assert_eq!(Instant::from_key(key), Some(instant), "{text}");
        }
        for bad in [
            "2026-02-29T00:00:00Z",
            "2100-02-29T00:00:00Z",
            "2026-11-22",
            "x",
        ] {
            assert!(utc_key(bad).is_none(), "{bad}");
            assert_eq!(Instant::time_key(bad).ok(), None, "{bad}");
        }
        assert!(utc_key("2000-02-29T00:00:00Z").is_some());
    }

    #[test]
    fn offsets_are_compared_in_utc() {
        let a = Instant::parse("2026-11-22T12:00:00+02:00").unwrap();
        let b = Instant::parse("2026-11-22T10:00:00Z").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_string(), "2026-11-22T10:00:00Z");
    }

    #[test]
    fn instants_built_with_an_offset_compare_in_utc() {
        let utc = Instant::parse("2026-11-22T10:00:00Z").unwrap();
        let plus_two = Instant(utc.0.to_offset(UtcOffset::from_hms(2, 0, 0).unwrap()));
        let later = Instant::parse("2026-11-22T11:00:00Z").unwrap();
        let later_minus_five = Instant(later.0.to_offset(UtcOffset::from_hms(-5, 0, 0).unwrap()));
        assert_eq!(plus_two, utc);
        assert!(plus_two < later_minus_five && later_minus_five > utc);
        let mut sorted = vec![later_minus_five, plus_two, later, utc];
        sorted.sort();
        assert_eq!(sorted, vec![utc, utc, later, later]);
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
