//! Recalculating cumulative discounts for a whole customer base.
