//! The commands about a change as text, Markdown and CSV, one file per command: `contracts`,
//! `whatif`, `compare` (areas side by side) and `diff` (one map against another). Text goes
//! through `text::clean` (control characters made visible), Markdown through `markdown::Doc`
//! (everything from a map escaped), CSV through `csv::table` (quoted, formulas defused). Nothing is
//! recomputed: the order is the analysis's.

pub mod compare;
pub mod contracts;
pub mod diff;
pub mod whatif;

pub use contracts::{contracts_csv, contracts_markdown, contracts_text};
pub use whatif::{what_if_csv, what_if_markdown, what_if_text};
