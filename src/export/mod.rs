//! Exporters: they know formats, not the domain. Each format has a writer that escapes everything
//! written through it, so nothing from a map can break the output.
//!
//! One folder per format (`text/`, `markdown/`, `csv/`, `json/`, `html/`, `dot/`, `network/`),
//! each file in it one command or one section in that format; `retender/` writes the commands
//! about a change (compare, diff, what-if, contracts) in text, Markdown and CSV. The map itself is
//! written as YAML by `crate::yaml`, beneath both the exporters and the importers.
//! Shared by all: the escaping writers (`escape`), sentences with marked ids (`prose`, `words/`),
//! and the drawing of diagrams to pictures (`picture`, `mermaid`).

pub mod csv;
pub mod digits;
pub mod dot;
pub mod escape;
pub mod html;
pub mod json;
pub mod markdown;
pub mod mermaid;
pub mod network;
pub mod picture;
pub mod prose;
pub mod retender;
pub mod text;
pub mod words;
