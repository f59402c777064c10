//! Exporters: they know formats, not the domain. Each format has a writer that escapes everything
//! written through it, so nothing from a map can break the output.

pub mod benchmarks_text;
pub mod compare;
pub mod csv_table;
pub mod diff;
pub mod dot;
pub mod escape;
pub mod funding_csv;
pub mod funding_text;
pub mod html;
pub mod json;
pub mod markdown;
pub mod markdown_funding;
pub mod picture;
pub mod retender;
pub mod svg_filter;
pub mod text;
pub mod text_gaps;
