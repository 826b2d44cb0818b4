//! The program: its model (what the merchant writes), validation and compilation.

pub mod compile;
pub mod model;
