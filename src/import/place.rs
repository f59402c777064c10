//! Where each grant or contract goes on the map: the funder matched to a commissioner, the
//! recipient to a provider's service (or, for money passed on through an intermediary, to a
//! commissioner's `funded_by`), the amount turned into an amount a year. What cannot be placed
//! safely is listed with why and a suggestion, never guessed. Pure: reads the map, writes nothing.

use std::collections::BTreeSet;

use aho_corasick::AhoCorasick;

use crate::date::Date;
use crate::import::award::{Award, Org, Stage};
use crate::import::dates;
pub use crate::import::lines::{Directions, NewLine, Target};
pub use crate::import::matching::Role;
use crate::import::matching::{self, Refusal};
use crate::import::orgs::Index;
use crate::model::{Contract, Map};
use crate::money::Money;

/// A line to add, with the award it came from and how it was placed.
#[derive(Debug, Clone)]
pub struct Addition {
    pub award: Award,
    pub target: Target,
    pub line: NewLine,
    /// How the funder and the recipient were found, for the user to check.
    pub how: Vec<String>,
}

/// An award not placed, with why and what the user can do.
#[derive(Debug, Clone)]
pub struct Unplaced {
    pub reference: String,
    pub place: String,
    /// Funder → recipient, amount: what it is, in a few words.
    pub what: String,
    pub reason: String,
    pub help: Vec<String>,
    /// Its funder or recipient is not on the map, nor near a name on it.
    pub off_map: Option<OffMap>,
}

/// An organisation an award names that is not on the map, nor near a name on it, with the
/// award's amount (the whole award, in the map's currency, if it states one).
#[derive(Debug, Clone)]
pub struct OffMap {
    pub role: Role,
    pub org: Org,
    pub amount: Option<Money>,
}

/// What to do with every award of a file.
#[derive(Debug, Default)]
pub struct Plan {
    pub additions: Vec<Addition>,
    /// Already on the map, or given twice in the file: (reference, why).
    pub present: Vec<(String, String)>,
    pub unplaced: Vec<Unplaced>,
    /// Not to be placed at all (a cancelled tender, a grant to a person): (reference, why).
    pub skipped: Vec<(String, String)>,
}

/// The plan for `awards` on `map`. `texts` are the map's files, searched for the references of
/// awards already imported (in a comment or a `source:`).
pub fn plan(map: &Map, awards: &[Award], directions: &Directions, texts: &[&str]) -> Plan {
    let index = Index::new(map);
    let mut plan = Plan::default();
    let named = named_in(texts, awards.iter().map(|a| a.reference.as_str()));
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for award in awards {
        if let Some(why) = &award.skip {
            plan.skipped.push((award.reference.clone(), why.clone()));
            continue;
        }
        if !seen.insert(&award.reference) {
            plan.present.push((
                award.reference.clone(),
                "given twice in the file".to_owned(),
            ));
            continue;
        }
        if named.contains(award.reference.as_str()) {
            plan.present.push((
                award.reference.clone(),
                "already imported: the map names it in a comment or a source".to_owned(),
            ));
            continue;
        }
        match place(map, &index, directions, award) {
            Ok(addition) => match duplicate(map, &addition) {
                Some(why) => plan.present.push((award.reference.clone(), why)),
                None => plan.additions.push(addition),
            },
            Err(Refusal {
                reason,
                help,
                off_map,
            }) => plan.unplaced.push(Unplaced {
                reference: award.reference.clone(),
                place: award.place.clone(),
                what: what(award, &map.area.currency),
                reason,
                help,
                off_map: off_map.map(|(role, org)| OffMap {
                    role,
                    org,
                    amount: award.amount,
                }),
            }),
        }
    }
    plan
}

/// Of `references`, those some text of `texts` names as a whole (`grant 1` is not named by
/// `grant 10`): every text is read once for all of them, however many a file has (a national
/// funder's file has a hundred thousand grants).
fn named_in<'a>(texts: &[&str], references: impl Iterator<Item = &'a str>) -> BTreeSet<&'a str> {
    let references: Vec<&str> = references
        .filter(|r| !r.is_empty())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut named = BTreeSet::new();
    if references.is_empty() {
        return named;
    }
    // Every occurrence of every reference, overlapping ones included (`grant 1` inside
    // `grant 10`), each kept only when it ends where a reference can end.
    let Ok(searcher) = AhoCorasick::new(&references) else {
        // Too many references for one automaton: each looked for alone.
        return references
            .into_iter()
            .filter(|r| texts.iter().any(|t| names_whole(t, r)))
            .collect();
    };
    for text in texts {
        for m in searcher.find_overlapping_iter(*text) {
            if ends_whole(&text[m.end()..]) {
                named.insert(references[m.pattern().as_usize()]);
            }
        }
    }
    named
}

/// Whether `text` names `reference` as a whole.
fn names_whole(text: &str, reference: &str) -> bool {
    text.match_indices(reference)
        .any(|(i, _)| ends_whole(&text[i + reference.len()..]))
}

/// Whether a reference followed by `after` ends there: at the end of the text, at a character
/// that cannot continue an identifier, or at the end of a sentence.
fn ends_whole(after: &str) -> bool {
    after
        .chars()
        .next()
        .is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.')))
        || after.starts_with(". ")
}

/// "Big Lottery Fund → Riverside Mind, £300,000".
fn what(award: &Award, map_currency: &str) -> String {
    let to = match award.recipients.as_slice() {
        [] => "no supplier yet".to_owned(),
        rs => rs
            .iter()
            .map(|r| r.name.clone())
            .collect::<Vec<_>>()
            .join(" and "),
    };
    let currency = award.currency.as_deref().unwrap_or(map_currency);
    let amount = award.amount.map_or_else(
        || "no amount".to_owned(),
        |a| a.display(currency).to_string(),
    );
    format!("{} → {to}, {amount}", award.funder.name)
}

fn place(
    map: &Map,
    index: &Index,
    directions: &Directions,
    award: &Award,
) -> Result<Addition, Refusal> {
    let currency = &map.area.currency;
    match &award.currency {
        Some(c) if c != currency => {
            return Err((
                format!("it is in {c}; the map's amounts are in {currency} (`area.currency`)"),
                vec!["convert it by hand if it belongs on the map: ecomap does not convert currencies".to_owned()],
            ).into());
        }
        None if award.amount.is_some() => {
            return Err((
                "its amount has no currency".to_owned(),
                vec![format!(
                    "add the line by hand if the amount is in {currency}"
                )],
            )
                .into());
        }
        _ => {}
    }
    let (funder, funder_how) = matching::funder(index, &award.funder)?;
    let (target, target_how) = matching::target(map, index, directions, award)?;
    if let Target::Commissioner(c) = &target
        && *c == funder
    {
        return Err((
            format!("the funder and the recipient are both `{c}`"),
            vec!["a commissioner cannot fund itself: check the file's organisations".to_owned()],
        )
            .into());
    }
    let planned = award.stage == Stage::Planned;
    if !planned && award.amount.is_none() {
        return Err((
            "it states no amount awarded".to_owned(),
            vec!["add the line by hand once the amount is known".to_owned()],
        )
            .into());
    }
    if award.amount.is_some_and(|a| a.0 < 0) {
        return Err(("its amount is below zero".to_owned(), Vec::new()).into());
    }
    let months = match (award.start, award.end) {
        (Some(s), Some(e)) if e >= s => Some(dates::months(s, e)),
        (Some(_), Some(_)) => {
            return Err(("its planned end is before its start".to_owned(), Vec::new()).into());
        }
        _ => None,
    };
    let amount = award
        .amount
        .filter(|_| !planned)
        .map(|a| months.map_or(a, |m| dates::per_year(a, m)));
    let line = NewLine {
        from: funder,
        amount,
        planned,
        contract: Contract {
            start: award.start,
            end: award.end,
        },
        source: award.reference.clone(),
        comment: comment(award, amount, months, currency),
    };
    Ok(Addition {
        award: award.clone(),
        target,
        line,
        how: vec![funder_how, target_how],
    })
}

/// "from 360Giving grant 360G-abc-1: £300,000 awarded 2024-03-01 for 36 months, £100,000 a year".
fn comment(award: &Award, a_year: Option<Money>, months: Option<u32>, currency: &str) -> String {
    let money = |m: Money| m.display(currency).to_string();
    let mut c = format!("from {}", award.reference);
    let on = award
        .awarded_on
        .map_or_else(String::new, |d| format!(" on {d}"));
    match (award.stage, award.amount, a_year, months) {
        (Stage::Planned, _, _, _) => c.push_str(": planned, not awarded yet"),
        (_, Some(total), Some(y), Some(m)) if m > 12 => {
            c.push_str(&format!(
                ": {} awarded{on} for {m} months, {} a year",
                money(total),
                money(y)
            ));
        }
        (_, Some(total), _, Some(m)) => {
            c.push_str(&format!(": {} awarded{on} for {m} months", money(total)));
        }
        (_, Some(total), _, None) => {
            let dates = match (award.start, award.end) {
                (Some(s), _) => format!("starting {s} with no end given"),
                (_, Some(e)) => format!("ending {e} with no start given"),
                (None, None) => "no dates given".to_owned(),
            };
            c.push_str(&format!(
                ": {} awarded{on}, {dates}, taken as one year's",
                money(total)
            ));
        }
        _ => {}
    }
    if let Some(note) = &award.note {
        c.push_str(&format!("; {note}"));
    }
    c
}

/// Why an addition is on the map already, if it is: a line from the same funder with the same
/// amount and dates (or, planned, the same dates).
fn duplicate(map: &Map, a: &Addition) -> Option<String> {
    let line = &a.line;
    let same_dates = |c: &Contract| c.start == line.contract.start && c.end == line.contract.end;
    let (counted, planned) = match &a.target {
        Target::Service(id) => {
            let s = map.services.get(id.as_str())?;
            (&s.funding, &s.planned)
        }
        Target::Commissioner(id) => {
            let c = map.commissioners.get(id.as_str())?;
            (&c.funded_by, &c.planned)
        }
    };
    let same = if line.planned {
        planned
            .iter()
            .any(|p| p.from == line.from && p.amount == line.amount && same_dates(&p.contract))
    } else {
        counted.iter().any(|f| {
            f.from == line.from && Some(f.amount) == line.amount && same_dates(&f.contract)
        })
    };
    same.then(|| {
        format!(
            "`{}` already has a line from `{}` with the same amount and dates",
            a.target.id(),
            line.from
        )
    })
}

/// A date for a message, or a dash.
pub fn date_text(d: Option<Date>) -> String {
    d.map_or_else(|| "–".to_owned(), |d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::named_in;

    fn mentions(text: &str, reference: &str) -> bool {
        named_in(&[text], [reference].into_iter()).contains(reference)
    }

    #[test]
    fn a_reference_is_named_whole() {
        assert!(mentions(
            "# from 360Giving grant G-1: £5",
            "360Giving grant G-1"
        ));
        assert!(mentions(
            "source: 360Giving grant G-1\n",
            "360Giving grant G-1"
        ));
        assert!(!mentions(
            "# from 360Giving grant G-10",
            "360Giving grant G-1"
        ));
        assert!(!mentions(
            "# from 360Giving grant G-1-2",
            "360Giving grant G-1"
        ));
    }

    #[test]
    fn references_inside_one_another_are_each_found_whole() {
        // `G-1` is a prefix of `G-10`: the text names G-10 twice and G-1 once, on the last line.
        // G-2 is named only inside `G-20`, which is not looked for; G-3 before a sentence's
        // full stop.
        let text = "# from 360Giving grant G-10: £5\nsource: 360Giving grant G-10\n# 360Giving grant G-20\n# 360Giving grant G-3. Renewed\n# 360Giving grant G-1\n";
        let refs = [
            "360Giving grant G-1",
            "360Giving grant G-10",
            "360Giving grant G-2",
            "360Giving grant G-3",
            "360Giving grant G-1",
        ];
        let named = named_in(&["", text], refs.into_iter());
        assert_eq!(
            named.into_iter().collect::<Vec<_>>(),
            [
                "360Giving grant G-1",
                "360Giving grant G-10",
                "360Giving grant G-3"
            ]
        );
        assert!(named_in(&[text], std::iter::empty()).is_empty());
    }
}
