//! The points ledger: events applied to a balance, idempotently, never below zero.
