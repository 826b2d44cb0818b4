//! The program: its model (what the merchant writes), reading, validation and compilation.

pub mod compile;
pub mod model;
pub(crate) mod read;
