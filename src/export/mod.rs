//! Exporters: they know formats, not the domain. Each format has a writer that escapes everything
//! written through it, so nothing from a map can break the output.

pub mod escape;
pub mod json;
pub mod markdown;
pub mod text;
pub mod text_gaps;
