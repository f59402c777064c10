//! Ids given on the command line, resolved against the map, or a usage error that says which ids
//! there are.

use super::output::Failure;
use crate::model::Map;

/// Resolves an id given on the command line, or says what the id is on the map instead (another
/// kind of entity), or which ids there are.
pub(super) fn find<'a>(
    map: &Map,
    id: &str,
    found: Option<usize>,
    ids: impl Iterator<Item = &'a str> + Clone,
    kind: &str,
) -> Result<usize, Failure> {
    found.ok_or_else(|| {
        if let Some(other) = map.kind_of(id).filter(|&k| k != kind) {
            return Failure::Usage(format!(
                "`{id}` is a {other} on the map, not a {kind}; give a {kind}'s id"
            ));
        }
        let hint = crate::diag::did_you_mean(id, ids.clone()).unwrap_or_else(|| {
            let all: Vec<&str> = ids.collect();
            if all.is_empty() {
                format!("the map has no {kind}s")
            } else {
                format!("the {kind}s are: {}", all.join(", "))
            }
        });
        Failure::Usage(format!("there is no {kind} `{id}` on the map; {hint}"))
    })
}
