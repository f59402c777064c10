//! JSON output: a public contract. Every document has a `type` tag and the format `version`;
//! documented in `docs/json.md`.

use serde::Serialize;

/// The version of the JSON output format, the same for every document type. Raise it when a field
/// goes away or is renamed, when its type, unit or meaning changes, when a closed set of words
/// (gap kinds, statuses, …) gains or loses a value, or when a list's documented order changes; not
/// for a new field or a new document type (docs/json.md, "Versioning").
pub const VERSION: u32 = 2;

#[derive(Serialize)]
struct Document<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'a str,
    version: u32,
    #[serde(flatten)]
    body: &'a T,
}

/// `body`'s fields under a `type` tag and the format version, pretty-printed, ending in a newline.
pub fn document<T: Serialize>(kind: &str, body: &T) -> String {
    let doc = Document {
        kind,
        version: VERSION,
        body,
    };
    let mut s =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
