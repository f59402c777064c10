//! Ids given on the command line, resolved against the map, or a usage error that says which ids
//! there are.

use super::output::Failure;

/// Resolves an id given on the command line, or says which ids there are.
pub(super) fn find<'a>(
    id: &str,
    found: Option<usize>,
    ids: impl Iterator<Item = &'a str> + Clone,
    kind: &str,
) -> Result<usize, Failure> {
    found.ok_or_else(|| {
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
