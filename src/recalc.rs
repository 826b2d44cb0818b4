//! Recalculating cumulative discounts for a whole customer base.
//!
//! The cumulative discount a customer has earned is the one a quote would give them
//! at `now`: the highest range (global, or of a segment they are in) reached by the
//! totals of their counted orders within the period, never lower than the value
//! already stored on the customer. Recalculation runs the quote pipeline on an empty
//! cart, so a recalculated value and the `customer.cumulativeDiscount` of a quote
//! always agree; segment rules that look at the cart or shipping see an empty cart.

use std::io::{BufRead, Read, Write};

use serde::{Deserialize, Serialize};

use crate::dates::Instant;
use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::money::shortest_text;
use crate::request::{Cart, Customer};

/// One customer's recalculated cumulative discount, serialized as
/// `{"id":"c1","previous":"5","cumulativeDiscount":"10"}` (percent strings).
///
/// ```
/// use checkout_benefits::{Engine, Instant, parse_customer};
/// let engine = Engine::from_json(r#"{ "version": 1, "currency": "USD",
///   "cumulativeDiscount": { "enabled": true, "ranges": [ { "from": "300", "percent": "10" } ] } }"#)?;
/// let customer = parse_customer(&mut serde_json::Deserializer::from_str(r#"{ "id": "c1",
///   "orders": [ { "id": "o1", "placedAt": "2026-11-01T10:00:00Z", "status": "completed", "total": "300" } ] }"#))?;
/// let r = engine.recalculate_cumulative(&customer, Instant::parse("2026-11-22T10:00:00Z").unwrap())?;
/// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"id":"c1","previous":"0","cumulativeDiscount":"10"}"#);
/// # Ok::<(), checkout_benefits::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Recalculated {
    /// The customer's id.
    pub id: String,
    /// The stored percentage before recalculation (`"0"` when none was stored).
    pub previous: String,
    /// The percentage to store now (never lower than `previous`).
    pub cumulative_discount: String,
}

/// Counts from a streaming recalculation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecalcStats {
    /// Non-blank input lines read.
    pub lines: u64,
    /// Customers recalculated.
    pub recalculated: u64,
    /// Of those, customers whose percentage changed.
    pub changed: u64,
    /// Lines answered with an error line.
    pub errors: u64,
}

/// An error line of [`recalculate_ndjson`]'s output.
#[derive(Serialize)]
struct LineError<'a> {
    line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    code: ErrorCode,
    path: &'a str,
    message: &'a str,
}

impl Engine {
    fn check_cumulative(&self) -> Result<(), Error> {
        match &self.c.cumulative {
            Some(c) if c.enabled => Ok(()),
            _ => Err(Error::new(
                ErrorCode::InvalidProgram,
                "cumulativeDiscount",
                "the program has no enabled cumulative discount to recalculate",
            )),
        }
    }

    fn empty_cart(&self) -> Cart<'static> {
        Cart {
            currency: self.currency().into(),
            lines: Vec::new(),
            shipping: None,
            promo_codes: Vec::new(),
            redeem: Vec::new(),
        }
    }

    fn recalculate_with(
        &self,
        customer: Customer,
        now: Instant,
        cart: &Cart,
    ) -> Result<Recalculated, Error> {
        let prepared = self.prepare_owned(customer)?;
        let quote = self.quote_prepared(Some(&prepared), now, cart)?;
        let previous = shortest_text(prepared.stored_cumulative);
        let cumulative_discount = quote
            .customer
            .map(|c| c.cumulative_discount)
            .unwrap_or_else(|| previous.clone());
        Ok(Recalculated {
            id: prepared.id.to_string(),
            previous,
            cumulative_discount,
        })
    }

    /// The cumulative discount `customer` has earned at `now` (see [`Recalculated`]).
    /// Fails with `invalid_program` when the program has no enabled cumulative
    /// discount, and with `invalid_request` (path under `customer`) for a bad record.
    pub fn recalculate_cumulative(
        &self,
        customer: &Customer,
        now: Instant,
    ) -> Result<Recalculated, Error> {
        self.recalculate_cumulative_owned(customer.clone(), now)
    }

    /// [`Engine::recalculate_cumulative`] for a customer the caller no longer needs:
    /// the record is digested where it lies, not copied first.
    pub fn recalculate_cumulative_owned(
        &self,
        customer: Customer,
        now: Instant,
    ) -> Result<Recalculated, Error> {
        self.check_cumulative()?;
        self.recalculate_with(customer, now, &self.empty_cart())
    }

    /// [`Engine::recalculate_cumulative`] for a list of customers, one result each, in order.
    pub fn recalculate_cumulative_many(
        &self,
        customers: &[Customer],
        now: Instant,
    ) -> Vec<Result<Recalculated, Error>> {
        if let Err(e) = self.check_cumulative() {
            return customers.iter().map(|_| Err(e.clone())).collect();
        }
        let cart = self.empty_cart();
        customers
            .iter()
            .map(|c| self.recalculate_with(c.clone(), now, &cart))
            .collect()
    }
}

/// Lines read before they are handed to the workers; bounds the memory held.
const BATCH: usize = 2048;

/// One input line waiting to be recalculated.
struct Pending {
    line: u64,
    text: Vec<u8>,
    too_long: bool,
}

/// Recalculates a customer base given as NDJSON (one customer record per line) and
/// writes one JSON line per input line, in order:
/// `{"id","previous","cumulativeDiscount"}` for a good record, or
/// `{"line":n,"id"?,"code","path","message"}` for a bad one (`line` counts from 1,
/// `path` is relative to the record). A bad line never stops the run; blank lines are
/// skipped. Memory stays constant: lines are read in batches of a few thousand, and a
/// line longer than the engine's JSON size limit is skipped (without being held) with
/// a `limit_exceeded` error line. Each batch is spread over the available cores.
///
/// `progress` receives the number of input bytes consumed so far, after every batch.
/// Only a program without an enabled cumulative discount, or a read or write failure,
/// returns an error.
pub fn recalculate_ndjson<R: BufRead, W: Write>(
    engine: &Engine,
    mut reader: R,
    mut writer: W,
    now: Instant,
    mut progress: impl FnMut(u64),
) -> Result<RecalcStats, Error> {
    engine.check_cumulative()?;
    let cart = engine.empty_cart();
    let max = engine.limits().json_bytes;
    let io_err = |what: &str, e: std::io::Error| {
        Error::new(ErrorCode::InvalidRequest, "", format!("cannot {what}: {e}"))
    };
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 16);
    let mut stats = RecalcStats::default();
    let mut batch: Vec<Pending> = Vec::with_capacity(BATCH);
    let mut spare: Vec<Vec<u8>> = Vec::new();
    let mut outputs: Vec<Vec<u8>> = vec![Vec::new(); workers];
    let mut line_no = 0u64;
    let mut consumed = 0u64;
    let mut eof = false;
    while !eof {
        while batch.len() < BATCH {
            let mut text = spare.pop().unwrap_or_default();
            text.clear();
            let n = Read::take(&mut reader, max as u64 + 1)
                .read_until(b'\n', &mut text)
                .map_err(|e| io_err("read the customers", e))?;
            if n == 0 {
                eof = true;
                break;
            }
            consumed += n as u64;
            line_no += 1;
            let too_long = text.len() > max && text.last() != Some(&b'\n');
            if too_long {
                consumed += skip_line(&mut reader).map_err(|e| io_err("read the customers", e))?;
                text.clear();
            } else if text.iter().all(u8::is_ascii_whitespace) {
                spare.push(text);
                continue;
            }
            batch.push(Pending {
                line: line_no,
                text,
                too_long,
            });
        }
        if batch.is_empty() {
            break;
        }
        let chunk = batch.len().div_ceil(workers);
        let parts: Vec<RecalcStats> = if workers == 1 || batch.len() < 64 {
            outputs[0].clear();
            let mut st = RecalcStats::default();
            for p in &batch {
                recalc_line(engine, &cart, now, p, &mut outputs[0], &mut st);
            }
            vec![st]
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = batch
                    .chunks(chunk)
                    .zip(outputs.iter_mut())
                    .map(|(lines, out)| {
                        let cart = &cart;
                        scope.spawn(move || {
                            out.clear();
                            let mut st = RecalcStats::default();
                            for p in lines {
                                recalc_line(engine, cart, now, p, out, &mut st);
                            }
                            st
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_default())
                    .collect()
            })
        };
        let used = parts.len();
        for st in parts {
            stats.lines += st.lines;
            stats.recalculated += st.recalculated;
            stats.changed += st.changed;
            stats.errors += st.errors;
        }
        for out in &outputs[..used] {
            writer
                .write_all(out)
                .map_err(|e| io_err("write the results", e))?;
        }
        spare.extend(batch.drain(..).map(|p| p.text));
        progress(consumed);
    }
    writer.flush().map_err(|e| io_err("write the results", e))?;
    Ok(stats)
}

/// Consumes the rest of an over-long line without holding it; returns the bytes skipped.
fn skip_line<R: BufRead>(reader: &mut R) -> std::io::Result<u64> {
    let mut skipped = 0u64;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(skipped);
        }
        let (used, done) = match chunk.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        reader.consume(used);
        skipped += used as u64;
        if done {
            return Ok(skipped);
        }
    }
}

/// Recalculates one line and appends its output line to `out`.
fn recalc_line(
    engine: &Engine,
    cart: &Cart,
    now: Instant,
    p: &Pending,
    out: &mut Vec<u8>,
    stats: &mut RecalcStats,
) {
    stats.lines += 1;
    let outcome = if p.too_long {
        Err(Error::new(
            ErrorCode::LimitExceeded,
            "",
            format!(
                "the line is longer than the limit of {} bytes",
                engine.limits().json_bytes
            ),
        ))
    } else {
        // Plain parsing is the fast path; the path of a bad record is found by a scan.
        std::str::from_utf8(&p.text)
            .map_err(|_| Error::new(ErrorCode::InvalidRequest, "", "the line is not UTF-8"))
            .and_then(|text| {
                crate::engine::read_request_part(
                    text,
                    crate::reader::customer,
                    crate::request_read::customer_record,
                )
            })
            .and_then(|c| engine.recalculate_with(c, now, cart))
    };
    // Writing these as JSON cannot fail.
    let written = match outcome {
        Ok(r) => {
            stats.recalculated += 1;
            if r.previous != r.cumulative_discount {
                stats.changed += 1;
            }
            serde_json::to_vec(&r)
        }
        Err(e) => {
            stats.errors += 1;
            let id = if p.too_long { None } else { record_id(&p.text) };
            serde_json::to_vec(&LineError {
                line: p.line,
                id: id.as_deref(),
                code: e.code,
                path: relative_path(&e.path),
                message: &e.message,
            })
        }
    };
    if let Ok(bytes) = written {
        out.extend_from_slice(&bytes);
    }
    out.push(b'\n');
}

/// The `id` of a record that failed to parse as a customer, when it is an object with
/// one `id`, a string.
fn record_id(line: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(line).ok()?;
    let Ok(crate::jsondoc::Doc::Object(members)) =
        crate::jsondoc::parse(text, ErrorCode::InvalidRequest, "")
    else {
        return None;
    };
    let mut ids = members.into_iter().filter(|(key, _)| key == "id");
    match (ids.next(), ids.next()) {
        (Some((_, crate::jsondoc::Doc::Str(id))), None) => Some(id.into_owned()),
        _ => None,
    }
}

/// Error paths name the record itself, not a `customer` field around it.
fn relative_path(path: &str) -> &str {
    match path.strip_prefix("customer") {
        Some(rest) => rest.strip_prefix('.').unwrap_or(rest),
        None => path,
    }
}
