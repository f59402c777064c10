//! One grant or contract award as read from a 360Giving or OCDS file, in the terms both standards
//! share: who pays, who receives, how much in all, when. The readers make these; the planner
//! (`place`) decides where each goes on the map. Nothing here knows the map.

use crate::import::json::Checked;

use crate::date::Date;
use crate::money::Money;

/// An organisation as a file names it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Org {
    pub name: String,
    /// Organisation identifiers in the org-id.guide form (`GB-CHC-1234567`), as written.
    pub identifiers: Vec<String>,
}

impl Org {
    /// The name, then the identifiers in brackets: `Riverside Mind (GB-CHC-1234567)`.
    pub fn label(&self) -> String {
        let name = if self.name.is_empty() {
            "an unnamed organisation"
        } else {
            &self.name
        };
        if self.identifiers.is_empty() {
            name.to_owned()
        } else {
            format!("{name} ({})", self.identifiers.join(", "))
        }
    }
}

/// Whether money was awarded, or is only planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// A grant made or a contract awarded: its amount is spend.
    Awarded,
    /// A tender with no award yet, or an award not yet in force: listed, never counted.
    Planned,
}

/// A grant or an award of a contract.
#[derive(Debug, Clone)]
pub struct Award {
    /// How the source names it, for comments and messages: `360Giving grant 360G-abc-1`,
    /// `OCDS ocds-b5fd17-0001 award 1`.
    pub reference: String,
    /// Where it is in the file: `row 4`, `grants[2]`, `releases[0]`.
    pub place: String,
    /// The ids `--to` may name it by: the grant id; or the ocid, then the award, contract or
    /// tender id. The first is the one suggested to the user.
    pub keys: Vec<String>,
    pub title: Option<String>,
    /// Who pays: the funding organisation, or the buyer.
    pub funder: Org,
    /// Who receives: the recipient, or the suppliers (none for a tender not yet awarded).
    pub recipients: Vec<Org>,
    /// The whole amount awarded, for the whole period (not a year's).
    pub amount: Option<Money>,
    pub currency: Option<String>,
    pub awarded_on: Option<Date>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub stage: Stage,
    /// Why it is not to be placed at all (a cancelled award, a grant to a person), if so.
    pub skip: Option<String>,
    /// What the file says that the map line cannot hold (a tender's estimated value), for the comment.
    pub note: Option<String>,
}

/// A grant or contract the reader could not read, with why.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub reference: String,
    pub place: String,
    pub reason: String,
}

/// What a reader made of a file.
#[derive(Debug, Default)]
pub struct Read {
    pub awards: Vec<Award>,
    pub unreadable: Vec<Unreadable>,
}

/// A file's bytes as JSON checked whole, to be read a part at a time, or where they stop being
/// JSON and why, in words.
pub fn json(bytes: &[u8]) -> Result<Checked<'_>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = place_of(bytes, e.valid_up_to());
        format!("line {line}, column {column}: it is not UTF-8 text, as JSON is: fetch the file again, or save it as UTF-8")
    })?;
    super::json::check(text).map_err(|e| e.to_string())
}

/// The line and column (1-based, in characters) of the byte at `offset`, which follows valid text.
fn place_of(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]).into_owned();
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
