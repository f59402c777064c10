//! Exporters: they know formats, not the domain. Each format has a writer that escapes everything
//! written through it, so nothing from a map can break the output.

pub mod dot;
pub mod escape;
pub mod html;
pub mod json;
pub mod picture;
pub mod text;
