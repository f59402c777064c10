//! Who pays and who receives, found on the map: the funder must be one commissioner; the
//! recipient is a provider's one service, or a commissioner (money passed on), or where the user's
//! `--to` sends it. Where that fails, the refusal says why and what to add to the map so that it
//! matches next time. It never guesses: a near name is only suggested.

use crate::import::award::{Award, Org};
use crate::import::lines::{Directions, Target};
use crate::import::orgs::{self, By, Entry, Index, Kind};
use crate::model::{Id, Map};
use crate::yaml;

/// Why an award is not placed, and what the user can do.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub reason: String,
    pub help: Vec<String>,
    /// The funder or recipient that stopped it is not on the map, and no name on the map is near
    /// its own: a grant of a national funder's file to an organisation elsewhere, most likely.
    pub off_map: Option<(Role, Org)>,
}

impl From<(String, Vec<String>)> for Refusal {
    fn from((reason, help): (String, Vec<String>)) -> Refusal {
        Refusal {
            reason,
            help,
            off_map: None,
        }
    }
}

/// Which end of an award an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Funder,
    Recipient,
}

fn one_line(entries: &[&Entry]) -> String {
    entries
        .iter()
        .map(|e| format!("{} `{}`", e.kind.word(), e.id))
        .collect::<Vec<_>>()
        .join(", ")
}

fn by_word(by: By, org: &Org) -> String {
    match by {
        By::Identifier => format!("by identifier ({})", org.identifiers.join(", ")),
        By::Name => "by name".to_owned(),
    }
}

/// The commissioner who pays.
pub fn funder(index: &Index, org: &Org) -> Result<(Id, String), Refusal> {
    let (found, by) = index.find(org);
    let commissioners: Vec<&&Entry> = found
        .iter()
        .filter(|e| e.kind == Kind::Commissioner)
        .collect();
    match commissioners.as_slice() {
        [one] => Ok((
            one.id.clone(),
            format!(
                "funder {} is `{}`, {}",
                org.label(),
                one.id,
                by_word(by, org)
            ),
        )),
        [] if !found.is_empty() => Err((
            format!(
                "the funder {} is on the map as {}, not as a commissioner",
                org.label(),
                one_line(&found)
            ),
            vec![
                "add it under `commissioners:` too, with its own id, if it pays for services"
                    .to_owned(),
            ],
        )
            .into()),
        [] => Err(Refusal {
            reason: format!("the funder {} is not on the map", org.label()),
            help: suggest(index, org, Kind::Commissioner),
            off_map: off_map(index, org, &[Kind::Commissioner])
                .then(|| (Role::Funder, org.clone())),
        }),
        many => Err((
            format!(
                "the funder {} matches several commissioners: {}",
                org.label(),
                many.iter()
                    .map(|e| format!("`{}`", e.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            vec!["give each commissioner its own identifiers, so one matches".to_owned()],
        )
            .into()),
    }
}

/// Whether `org`, found nowhere on the map, is also near no name of these kinds there (and
/// has a name or an identifier to say it by).
fn off_map(index: &Index, org: &Org, kinds: &[Kind]) -> bool {
    !(org.name.is_empty() && org.identifiers.is_empty())
        && kinds.iter().all(|&k| index.nearest(org, k).is_none())
}

/// What to add to the map so `org` matches next time: the nearest entity's `identifiers:` line,
/// or a new entity.
fn suggest(index: &Index, org: &Org, kind: Kind) -> Vec<String> {
    let ids = if org.identifiers.is_empty() {
        None
    } else {
        Some(format!(
            "identifiers: [{}]",
            org.identifiers
                .iter()
                .map(|i| yaml::scalar(i))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    };
    let section = match kind {
        Kind::Commissioner => "commissioners",
        Kind::Provider => "providers",
    };
    if org.name.is_empty() && org.identifiers.is_empty() {
        return vec![
            "the file gives this organisation no name and no identifier (a reference to a party it does not list): name it in the file, or say where the money goes with `--to`".to_owned(),
        ];
    }
    match (index.nearest(org, kind), ids) {
        (Some(e), Some(ids)) => vec![format!(
            "if it is {} `{}` ({}), add `{ids}` to it and run the import again",
            kind.word(),
            e.id,
            e.name
        )],
        (Some(e), None) => vec![format!(
            "if it is {} `{}` ({}), the names differ: give them an identifier both use, or name it `{}` on the map",
            kind.word(),
            e.id,
            e.name,
            org.name
        )],
        (None, Some(ids)) => vec![format!(
            "add it under `{section}:` with `name: {}` and `{ids}`",
            yaml::scalar(&org.name)
        )],
        (None, None) => vec![format!(
            "add it under `{section}:` with `name: {}`",
            yaml::scalar(&org.name)
        )],
    }
}

/// Where the money goes: the user's direction, or the recipient matched on the map.
pub fn target(
    map: &Map,
    index: &Index,
    directions: &Directions,
    award: &Award,
) -> Result<(Target, String), Refusal> {
    if let Some((t, key)) = directions.for_award(award) {
        return Ok((t.clone(), format!("sent to `{}` by --to {key}", t.id())));
    }
    let keys = award.keys.first().map_or("ID", String::as_str);
    let recipient = match award.recipients.as_slice() {
        [one] => one,
        [] => return Err(no_supplier(map, award, keys)),
        many => {
            return Err((
                format!(
                    "awarded jointly to {}: the file does not say how the money is split",
                    many.iter()
                        .map(Org::label)
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
                vec![format!(
                    "send it whole to one service with `--to {keys}=SERVICE`, or add the lines by hand"
                )],
            ).into());
        }
    };
    let (found, by) = index.find(recipient);
    let how = by_word(by, recipient);
    match found.as_slice() {
        [e] if e.kind == Kind::Commissioner => Ok((
            Target::Commissioner(e.id.clone()),
            format!(
                "recipient {} is the commissioner `{}`, {how}: money passed on through it, so a `funded_by` line",
                recipient.label(),
                e.id
            ),
        )),
        [e] => provider_service(map, e, recipient, &how, keys),
        [] => {
            let mut help = suggest(index, recipient, Kind::Provider);
            if let Some(c) = index.nearest(recipient, Kind::Commissioner) {
                help.push(format!(
                    "or, if it is the commissioner `{}` ({}) passing the money on, add the identifier to it instead",
                    c.id, c.name
                ));
            }
            Err(Refusal {
                reason: format!("the recipient {} is not on the map", recipient.label()),
                help,
                off_map: off_map(index, recipient, &[Kind::Provider, Kind::Commissioner])
                    .then(|| (Role::Recipient, recipient.clone())),
            })
        }
        many => Err((
            format!(
                "the recipient {} matches {}",
                recipient.label(),
                one_line(many)
            ),
            vec![format!(
                "say which with `--to {keys}=ID` (a service, or a commissioner for money passed on)"
            )],
        )
            .into()),
    }
}

/// A tender has no supplier yet: only the user can say which service it is for.
fn no_supplier(map: &Map, award: &Award, keys: &str) -> Refusal {
    let near = award.title.as_deref().and_then(|t| {
        orgs::nearest_name(t, map.services.values().map(|s| (s.name.as_str(), &s.id)))
    });
    let mut help = vec![format!(
        "say which service it is for with `--to {keys}=SERVICE`"
    )];
    if let Some(s) = near {
        help.push(format!(
            "its title is nearest the service `{s}`: `--to {keys}={s}`"
        ));
    }
    (
        "a tender with no supplier yet: nothing says which service it is for".to_owned(),
        help,
    )
        .into()
}

/// The one service of the provider `e` the recipient is, or why there is not one.
fn provider_service(
    map: &Map,
    e: &Entry,
    recipient: &Org,
    how: &str,
    keys: &str,
) -> Result<(Target, String), Refusal> {
    let services: Vec<&Id> = map
        .services
        .values()
        .filter(|s| s.provider.as_ref() == Some(&e.id))
        .map(|s| &s.id)
        .collect();
    match services.as_slice() {
        [s] => Ok((
            Target::Service((*s).clone()),
            format!(
                "recipient {} is the provider `{}`, {how}, and `{s}` is its one service",
                recipient.label(),
                e.id
            ),
        )),
        [] => Err((
            format!(
                "the recipient {} is the provider `{}`, which has no service on the map",
                recipient.label(),
                e.id
            ),
            vec![format!(
                "add the service it funds, with `provider: {}`, and run the import again",
                e.id
            )],
        )
            .into()),
        many => Err((
            format!(
                "the recipient {} is the provider `{}`, which has {} services: {}",
                recipient.label(),
                e.id,
                many.len(),
                many.iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            vec![format!(
                "say which with `--to {keys}={}` (this grant), or `--to {}={}` (every grant to it)",
                many[0],
                recipient
                    .identifiers
                    .first()
                    .map_or_else(|| yaml::scalar(&recipient.name), Clone::clone),
                many[0]
            )],
        )
            .into()),
    }
}
