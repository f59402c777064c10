//! Exporters: they know formats, not the domain. Each format has a writer that escapes everything
//! written through it, so nothing from a map can break the output.

pub mod benchmarks_text;
pub mod compare;
pub mod csv_table;
pub mod csv_tables;
pub mod diff;
pub mod dot;
pub mod escape;
pub mod funding_csv;
pub mod funding_text;
pub mod gexf;
pub mod graphml;
pub mod html;
pub mod json;
pub mod kumu;
pub mod markdown;
pub mod markdown_funding;
pub mod mermaid;
pub mod network;
pub mod picture;
pub mod prose;
pub mod provenance;
pub mod retender;
pub mod svg_filter;
pub mod text;
pub mod text_gaps;
pub mod words;
pub mod xml;
pub mod yaml;
pub mod yaml_map;
