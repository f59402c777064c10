//! Open Contracting (OCDS) release packages and record packages: each award of a contract becomes
//! an [`Award`] from the buyer to its supplier, and a tender with no award yet becomes a planned
//! one, with no amount (a tender's estimated or minimum value is kept only as a note: it is not
//! money awarded). Releases of one contracting process (one `ocid`) are merged in date order, later
//! values over earlier, with parties, awards and contracts matched by `id`; a record's
//! `compiledRelease` is used as it is. It reads; placing is `place`'s.

use serde_json::{Map as Object, Value};

use crate::import::award::{Award, Org, Read, Stage, Unreadable, json};
use crate::import::dates::{self, Edge};
use crate::import::grants::money;
use crate::import::json::Part;
use crate::money::Money;

/// Reads an OCDS file: a release package (`releases`), a record package (`records`), or one release.
/// The file is checked whole, then read one contracting process at a time: a country's file of
/// tens of thousands of processes is never held whole as values.
pub fn read(bytes: &[u8]) -> Result<Read, String> {
    let doc = json(bytes)?;
    let mut read = Read::default();
    let mut each = |place: String, release: Result<Value, String>| match release {
        Ok(r) => awards(&r, &place, &mut read),
        Err(reason) => read.unreadable.push(Unreadable {
            reference: "an OCDS record".to_owned(),
            place,
            reason,
        }),
    };
    let members = doc.members().unwrap_or_default();
    let list = |key: &str| members.get(key).and_then(|p| p.items());
    if let Some(releases) = list("releases") {
        let releases: Vec<Released<'_>> = releases.into_iter().map(Released::Part).collect();
        merge_by_ocid(&releases, "releases", |place, r| each(place, Ok(r)));
    } else if let Some(records) = list("records") {
        for (i, record) in records.into_iter().enumerate() {
            record_processes(&record.value(), i, &mut each);
        }
    } else if members.contains_key("ocid") {
        each("the release".to_owned(), Ok(doc.value()));
    } else {
        return Err("it is neither an OCDS release package (with `releases`) nor a record package (with `records`)".to_owned());
    }
    Ok(read)
}

/// The contracting processes of the record at `records[i]`, each compiled into one release, with
/// where it is, given to `each`.
fn record_processes(
    record: &Value,
    i: usize,
    each: &mut impl FnMut(String, Result<Value, String>),
) {
    let place = match record.get("ocid").and_then(Value::as_str) {
        Some(ocid) => format!("records[{i}], {ocid}"),
        None => format!("records[{i}]"),
    };
    if let Some(compiled) = record.get("compiledRelease").filter(|c| c.is_object()) {
        each(place, Ok(compiled.clone()));
        return;
    }
    let embedded: Vec<&Value> = (record.get("releases").and_then(Value::as_array))
        .map(|rs| rs.iter().filter(|r| r.get("ocid").is_some()).collect())
        .unwrap_or_default();
    if embedded.is_empty() {
        each(place, Err("the record has neither a `compiledRelease` nor the releases themselves (only links to them): export it with its compiled release, or as a release package".to_owned()));
    } else {
        let parts: Vec<Released<'_>> = embedded.into_iter().map(Released::Value).collect();
        merge_by_ocid(&parts, &format!("records[{i}].releases"), |_, r| {
            each(place.clone(), Ok(r));
        });
    }
}

/// A release as read whole, or as its place in a checked file (read when its process is merged).
enum Released<'a> {
    Value(&'a Value),
    Part(Part<'a>),
}

impl Released<'_> {
    /// Its `ocid` and `date` (empty where it has none, or they are not text).
    fn ocid_and_date(&self) -> (String, String) {
        let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_owned();
        match self {
            Released::Value(v) => (text(v.get("ocid")), text(v.get("date"))),
            Released::Part(p) => {
                let members = p.members().unwrap_or_default();
                let field = |k: &str| members.get(k).map(|p| p.value());
                (text(field("ocid").as_ref()), text(field("date").as_ref()))
            }
        }
    }

    fn value(&self) -> Value {
        match self {
            Released::Value(v) => (*v).clone(),
            Released::Part(p) => p.value(),
        }
    }
}

/// Releases grouped by `ocid` (in order of first appearance), each group merged in date order and
/// given to `each` with its place, one group at a time.
fn merge_by_ocid(releases: &[Released<'_>], list: &str, mut each: impl FnMut(String, Value)) {
    let mut groups: indexmap::IndexMap<String, Vec<(usize, String)>> = indexmap::IndexMap::new();
    for (i, r) in releases.iter().enumerate() {
        let (ocid, date) = r.ocid_and_date();
        groups.entry(ocid).or_default().push((i, date));
    }
    for (_, mut group) in groups {
        let place = format!("{list}[{}]", group[0].0);
        // ISO dates sort as text; the sort is stable, so releases of one date keep file order.
        group.sort_by(|a, b| a.1.cmp(&b.1));
        let mut compiled = Value::Object(Object::new());
        for (i, _) in group {
            merge(&mut compiled, releases[i].value());
        }
        each(place, compiled);
    }
}

/// Merges a later release into the compiled one: objects key by key, lists of objects with an `id`
/// item by item, anything else replaced.
fn merge(into: &mut Value, later: Value) {
    match (into, later) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(&k) {
                    Some(existing) if !v.is_null() => merge(existing, v),
                    _ => {
                        a.insert(k, v);
                    }
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if b.iter().all(|v| v.get("id").is_some()) => {
            for item in b {
                let id = item.get("id");
                match a.iter_mut().position(|x| x.get("id") == id) {
                    Some(at) => merge(&mut a[at], item),
                    None => a.push(item),
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An organisation identifier in the org-id.guide shape: a country or scheme prefix, a register,
/// then the number (`GB-COH-01234567`, `XI-GRID-…`).
fn looks_like_org_id(id: &str) -> bool {
    let parts: Vec<&str> = id.splitn(3, '-').collect();
    parts.len() == 3
        && parts[0].len() == 2
        && parts[0].bytes().all(|b| b.is_ascii_uppercase())
        && !parts[1].is_empty()
        && parts[1]
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && !parts[2].is_empty()
}

/// A party as an organisation: its name, and its identifiers (`identifier`, `additionalIdentifiers`
/// as `scheme-id`, and its `id` where that is an org-id).
fn party_org(party: &Value) -> Org {
    let mut ids = Vec::new();
    let scheme_id = |ident: &Value| -> Option<String> {
        let scheme = text(ident.get("scheme"))?;
        let id = text(ident.get("id"))?;
        Some(if id.starts_with(&format!("{scheme}-")) {
            id
        } else {
            format!("{scheme}-{id}")
        })
    };
    if let Some(i) = party.get("identifier").and_then(scheme_id) {
        ids.push(i);
    }
    for extra in party
        .get("additionalIdentifiers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        ids.extend(scheme_id(extra));
    }
    if let Some(id) = text(party.get("id")).filter(|i| looks_like_org_id(i))
        && !ids.contains(&id)
    {
        ids.push(id);
    }
    Org {
        name: text(party.get("name"))
            .or_else(|| text(party.get("identifier").and_then(|i| i.get("legalName"))))
            .unwrap_or_default(),
        identifiers: ids,
    }
}

/// The organisation an `OrganizationReference` (`{ id, name }`) points at among the parties.
fn referenced_org(reference: &Value, parties: &[Value]) -> Org {
    let id = reference.get("id");
    let party = parties.iter().find(|p| id.is_some() && p.get("id") == id);
    match party {
        Some(p) => {
            let mut org = party_org(p);
            if org.name.is_empty() {
                org.name = text(reference.get("name")).unwrap_or_default();
            }
            org
        }
        None => party_org(reference),
    }
}

/// A `Value` object's amount and currency.
fn value_of(v: Option<&Value>) -> Result<(Option<Money>, Option<String>), String> {
    let Some(v) = v.filter(|v| v.is_object()) else {
        return Ok((None, None));
    };
    let amount = text(v.get("amount"))
        .map(|a| money(&a).map_err(|e| format!("`value.amount`: {e}")))
        .transpose()?;
    Ok((amount, text(v.get("currency")).map(|c| c.to_uppercase())))
}

/// A period's first and last days. OCDS may give its length (`durationInDays`, the days from the
/// start to the end) in place of one of its dates: the missing date is worked out from it. A length
/// with neither date cannot be placed in time, nor turned into an amount a year: an error.
fn period_of(
    p: Option<&Value>,
) -> Result<(Option<crate::date::Date>, Option<crate::date::Date>), String> {
    let get = |key: &str, edge: Edge| {
        text(p.and_then(|p| p.get(key)))
            .map(|t| dates::parse(&t, edge).map_err(|e| format!("`{key}`: {e}")))
            .transpose()
    };
    let (start, end) = (get("startDate", Edge::Start)?, get("endDate", Edge::End)?);
    let days = match text(p.and_then(|p| p.get("durationInDays"))) {
        None => return Ok((start, end)),
        Some(t) => duration_days(&t)?,
    };
    let shift = |d: crate::date::Date, by: i64, said: &str| {
        let day = crate::date::Date::from_days_since_epoch(d.days_since_epoch() + by);
        dates::within_years(day, said).map(Some)
    };
    match (start, end) {
        (Some(s), None) => Ok((
            Some(s),
            shift(
                s,
                days - 1,
                &format!("`durationInDays` ({days}) from `startDate` ends on"),
            )?,
        )),
        (None, Some(e)) => Ok((
            shift(
                e,
                1 - days,
                &format!("`durationInDays` ({days}) before `endDate` starts on"),
            )?,
            Some(e),
        )),
        (None, None) => Err(format!(
            "its contract period gives `durationInDays` ({days}) but no `startDate` or \
             `endDate`: its amount cannot be turned into an amount a year; add the line by hand \
             with its dates"
        )),
        both => Ok(both),
    }
}

/// The most days a contract period is read as lasting: the days from the first to the last day
/// a date of a contract may be (1900-01-01 to 2100-12-31).
const MAX_DAYS: i64 = 73_414;

/// A `durationInDays`: a whole number of days from 1 to [`MAX_DAYS`], or why not, quoting it.
fn duration_days(t: &str) -> Result<i64, String> {
    let t = t.trim();
    let whole = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    match t.parse::<i64>() {
        Ok(d) if (1..=MAX_DAYS).contains(&d) => Ok(d),
        _ if whole && t.bytes().any(|b| b != b'0') => Err(format!(
            "`durationInDays`: `{t}` days is too long: a contract period is read up to {} days (1900 to 2100)",
            crate::money::group_thousands(MAX_DAYS as u64)
        )),
        _ => Err(format!(
            "`durationInDays`: `{t}` is not a whole number of days (from 1 to {})",
            crate::money::group_thousands(MAX_DAYS as u64)
        )),
    }
}

/// The awards of one compiled release, or its tender as a planned contract.
fn awards(r: &Value, place: &str, read: &mut Read) {
    let ocid = text(r.get("ocid")).unwrap_or_else(|| "(no ocid)".to_owned());
    let parties: Vec<Value> = r
        .get("parties")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let buyer = r
        .get("buyer")
        .map(|b| referenced_org(b, &parties))
        .or_else(|| parties.iter().find(|p| has_role(p, "buyer")).map(party_org))
        .unwrap_or_default();
    let contracts: Vec<&Value> = r
        .get("contracts")
        .and_then(Value::as_array)
        .map(|cs| cs.iter().collect())
        .unwrap_or_default();
    let list: Vec<&Value> = r
        .get("awards")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let mut any_award = false;
    for (i, a) in list.iter().enumerate() {
        let award_id = text(a.get("id")).unwrap_or_else(|| (i + 1).to_string());
        let reference = format!("OCDS {ocid} award {award_id}");
        let here = format!("{place}, award {award_id}");
        let status = text(a.get("status")).unwrap_or_default();
        if matches!(status.as_str(), "cancelled" | "unsuccessful") {
            continue;
        }
        any_award = true;
        match one_award(r, a, &contracts, &parties, &buyer, &ocid, &award_id) {
            Ok(mut award) => {
                award.reference = reference;
                award.place = here;
                read.awards.push(award);
            }
            Err(reason) => read.unreadable.push(Unreadable {
                reference,
                place: here,
                reason,
            }),
        }
    }
    if any_award {
        return;
    }
    let Some(tender) = r.get("tender").filter(|t| t.is_object()) else {
        read.unreadable.push(Unreadable {
            reference: format!("OCDS {ocid}"),
            place: place.to_owned(),
            reason: "it has neither an award nor a tender".to_owned(),
        });
        return;
    };
    let tender_id = text(tender.get("id")).unwrap_or_else(|| ocid.clone());
    let reference = format!("OCDS {ocid} tender {tender_id}");
    match planned(r, tender, &buyer, &ocid, &tender_id) {
        Ok(mut award) => {
            award.reference = reference;
            award.place = place.to_owned();
            read.awards.push(award);
        }
        Err(reason) => read.unreadable.push(Unreadable {
            reference,
            place: place.to_owned(),
            reason,
        }),
    }
}

fn has_role(party: &Value, role: &str) -> bool {
    party
        .get("roles")
        .and_then(Value::as_array)
        .is_some_and(|rs| rs.iter().any(|r| r.as_str() == Some(role)))
}

fn one_award(
    r: &Value,
    a: &Value,
    contracts: &[&Value],
    parties: &[Value],
    buyer: &Org,
    ocid: &str,
    award_id: &str,
) -> Result<Award, String> {
    // The signed contract of this award, where there is one, says more than the award.
    let contract = contracts.iter().find(|c| {
        text(c.get("awardID")).as_deref() == Some(award_id)
            && !matches!(text(c.get("status")).as_deref(), Some("cancelled"))
    });
    let (award_amount, award_currency) = value_of(a.get("value"))?;
    let (contract_amount, contract_currency) = value_of(contract.and_then(|c| c.get("value")))?;
    let (amount, currency) = match contract_amount {
        Some(m) => (Some(m), contract_currency.or(award_currency)),
        None => (award_amount, award_currency.or(contract_currency)),
    };
    let period = contract
        .and_then(|c| c.get("period"))
        .or_else(|| a.get("contractPeriod"))
        .or_else(|| r.get("tender").and_then(|t| t.get("contractPeriod")));
    let (start, end) = period_of(period)?;
    let awarded_on = text(a.get("date"))
        .or_else(|| contract.and_then(|c| text(c.get("dateSigned"))))
        .map(|t| dates::parse(&t, Edge::Start))
        .transpose()
        .map_err(|e| format!("`date`: {e}"))?;
    let recipients = a
        .get("suppliers")
        .and_then(Value::as_array)
        .map(|ss| ss.iter().map(|s| referenced_org(s, parties)).collect())
        .unwrap_or_default();
    let pending = text(a.get("status")).as_deref() == Some("pending");
    let terminated = contract.and_then(|c| text(c.get("status"))).as_deref() == Some("terminated");
    let mut keys = vec![ocid.to_owned(), award_id.to_owned()];
    keys.extend(contract.and_then(|c| text(c.get("id"))));
    Ok(Award {
        reference: String::new(),
        place: String::new(),
        keys,
        title: text(a.get("title")).or_else(|| r.get("tender").and_then(|t| text(t.get("title")))),
        funder: buyer.clone(),
        recipients,
        amount: if pending { None } else { amount },
        currency,
        awarded_on,
        start,
        end,
        stage: if pending {
            Stage::Planned
        } else {
            Stage::Awarded
        },
        skip: terminated.then(|| "its contract was terminated".to_owned()),
        note: pending
            .then(|| "the award is pending, not yet in force: its value is not counted".to_owned()),
    })
}

fn planned(
    r: &Value,
    tender: &Value,
    buyer: &Org,
    ocid: &str,
    tender_id: &str,
) -> Result<Award, String> {
    let status = text(tender.get("status")).unwrap_or_default();
    let skip = matches!(status.as_str(), "cancelled" | "unsuccessful" | "withdrawn")
        .then(|| format!("the tender is {status}"));
    let (value, currency) = value_of(tender.get("value"))?;
    let (min, min_currency) = value_of(tender.get("minValue"))?;
    let currency = currency.or(min_currency);
    let shown = |m: Money| m.display(currency.as_deref().unwrap_or("")).to_string();
    let note = match (value, min) {
        (Some(v), Some(m)) => Some(format!(
            "tender value {} (minimum {}), not money awarded",
            shown(v),
            shown(m)
        )),
        (Some(v), None) => Some(format!("tender value {}, not money awarded", shown(v))),
        (None, Some(m)) => Some(format!(
            "tender minimum value {}, not money awarded",
            shown(m)
        )),
        (None, None) => None,
    };
    let (start, end) = period_of(tender.get("contractPeriod"))?;
    let mut keys = vec![ocid.to_owned()];
    if tender_id != ocid {
        keys.push(tender_id.to_owned());
    }
    Ok(Award {
        reference: String::new(),
        place: String::new(),
        keys,
        title: text(tender.get("title")).or_else(|| text(r.get("title"))),
        funder: buyer.clone(),
        recipients: Vec::new(),
        amount: None,
        currency,
        awarded_on: None,
        start,
        end,
        stage: Stage::Planned,
        skip,
        note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_releases_win_and_lists_merge_by_id() {
        let mut a = serde_json::json!({"tender": {"status": "active", "title": "T"}, "awards": [{"id": "1", "status": "pending"}]});
        let b = serde_json::json!({"tender": {"status": "complete"}, "awards": [{"id": "1", "status": "active"}, {"id": "2"}]});
        merge(&mut a, b);
        assert_eq!(a["tender"]["status"], "complete");
        assert_eq!(a["tender"]["title"], "T");
        assert_eq!(a["awards"][0]["status"], "active");
        assert_eq!(a["awards"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn org_ids_from_schemes() {
        let p = serde_json::json!({"id": "GB-COH-01234567", "name": "A Ltd", "identifier": {"scheme": "GB-COH", "id": "01234567"}, "additionalIdentifiers": [{"scheme": "GB-CHC", "id": "1100000"}]});
        assert_eq!(
            party_org(&p).identifiers,
            ["GB-COH-01234567", "GB-CHC-1100000"]
        );
        assert!(!looks_like_org_id("ocds-b5fd17-org-1"));
    }
}
