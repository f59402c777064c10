//! The funding lines an import adds to a map and where each goes: the list it joins ([`Target`]),
//! the line as the map will hold it ([`NewLine`]), and the user's [`Directions`] to a service or
//! commissioner. Shared by placing (`place`), matching (`matching`) and writing (`yaml`).

use crate::import::award::Award;
use crate::import::orgs;
use crate::model::{Contract, Id, Map};
use crate::money::Money;

/// The list a new line goes into.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A service's `funding`.
    Service(Id),
    /// A commissioner's `funded_by`.
    Commissioner(Id),
}

impl Target {
    pub fn id(&self) -> &Id {
        match self {
            Target::Service(id) | Target::Commissioner(id) => id,
        }
    }

    /// `services.ips.funding` or `commissioners.icb.funded_by`.
    pub fn path(&self) -> String {
        match self {
            Target::Service(id) => format!("services.{id}.funding"),
            Target::Commissioner(id) => format!("commissioners.{id}.funded_by"),
        }
    }
}

/// A funding line to add, as the map will hold it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewLine {
    pub from: Id,
    /// A year's amount; `None` for a planned line.
    pub amount: Option<Money>,
    pub planned: bool,
    pub contract: Contract,
    /// The `source:` of the line: the award's reference.
    pub source: String,
    /// The comment above the line: where it came from and how the amount was worked out.
    pub comment: String,
}

/// The user's directions (`--to KEY=ID`, `--mapping FILE`): an award's id, or an organisation's
/// identifier or name, to a service or commissioner of the map.
#[derive(Debug, Default)]
pub struct Directions {
    pairs: Vec<(String, Target)>,
}

impl Directions {
    /// Checks each id names a service or commissioner of the map; says which ids there are if not.
    pub fn new(map: &Map, pairs: &[(String, String)]) -> Result<Directions, String> {
        let mut out = Vec::new();
        for (key, id) in pairs {
            let target = if map.services.contains_key(id.as_str()) {
                Target::Service(Id(id.clone()))
            } else if map.commissioners.contains_key(id.as_str()) {
                Target::Commissioner(Id(id.clone()))
            } else {
                let ids = map
                    .services
                    .keys()
                    .chain(map.commissioners.keys())
                    .map(Id::as_str);
                let hint = crate::diag::did_you_mean(id, ids).unwrap_or_else(|| {
                    "name a service (its funding gets the line) or a commissioner (its funded_by)"
                        .to_owned()
                });
                return Err(format!(
                    "`{key}={id}`: there is no service or commissioner `{id}` on the map; {hint}"
                ));
            };
            out.push((key.trim().to_owned(), target));
        }
        Ok(Directions { pairs: out })
    }

    /// Where the user sends `award`, and the key that said so: its own ids first, then its
    /// recipient's identifiers, then its recipient's name.
    pub(crate) fn for_award(&self, award: &Award) -> Option<(&Target, &str)> {
        let own = self
            .pairs
            .iter()
            .find(|(k, _)| award.keys.iter().any(|a| a == k));
        let org = || {
            let r = award.recipients.first()?;
            let ids: Vec<String> = r
                .identifiers
                .iter()
                .map(|i| orgs::identifier_key(i))
                .collect();
            self.pairs
                .iter()
                .find(|(k, _)| ids.contains(&orgs::identifier_key(k)))
                .or_else(|| {
                    let name = orgs::name_key(&r.name);
                    self.pairs
                        .iter()
                        .find(|(k, _)| !name.is_empty() && orgs::name_key(k) == name)
                })
        };
        own.or_else(org)
            .filter(|_| award.recipients.len() <= 1 || own.is_some())
            .map(|(k, t)| (t, k.as_str()))
    }
}
