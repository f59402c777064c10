//! 360Giving grants, read from the standard's JSON (a package with `grants`), or from its
//! spreadsheet form (CSV, or a workbook's `grants` sheet) with the published column titles
//! (`Amount Awarded`, `Recipient Org:Identifier`, …) or the flattened field paths
//! (`amountAwarded`, `recipientOrganization/0/id`, …). Each grant becomes an [`Award`]. The
//! amount is the amount awarded, never the amount applied for. It reads; placing is `place`'s.

use std::path::Path;

use serde_json::Value;

use crate::date::Date;
use crate::import::award::{Award, Org, Read, Stage, Unreadable, json};
use crate::import::dates::{self, Edge};
use crate::import::orgs;
use crate::import::table::{self, Row};
use crate::money::Money;

/// A field of a grant, and the column titles and flattened paths it may be written under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Id,
    Title,
    Currency,
    AmountAwarded,
    AmountAppliedFor,
    AwardDate,
    Start,
    End,
    Duration,
    RecipientId,
    RecipientName,
    RecipientCharity,
    RecipientCompany,
    RecipientIndividual,
    FunderId,
    FunderName,
}

const COLUMNS: &[(Field, &[&str])] = &[
    (Field::Id, &["Identifier", "id"]),
    (Field::Title, &["Title", "title"]),
    (Field::Currency, &["Currency", "currency"]),
    (Field::AmountAwarded, &["Amount Awarded", "amountAwarded"]),
    (
        Field::AmountAppliedFor,
        &["Amount Applied For", "amountAppliedFor"],
    ),
    (Field::AwardDate, &["Award Date", "awardDate"]),
    (
        Field::Start,
        &["Planned Dates:Start Date", "plannedDates/0/startDate"],
    ),
    (
        Field::End,
        &["Planned Dates:End Date", "plannedDates/0/endDate"],
    ),
    (
        Field::Duration,
        &["Planned Dates:Duration (months)", "plannedDates/0/duration"],
    ),
    (
        Field::RecipientId,
        &["Recipient Org:Identifier", "recipientOrganization/0/id"],
    ),
    (
        Field::RecipientName,
        &["Recipient Org:Name", "recipientOrganization/0/name"],
    ),
    (
        Field::RecipientCharity,
        &[
            "Recipient Org:Charity Number",
            "recipientOrganization/0/charityNumber",
        ],
    ),
    (
        Field::RecipientCompany,
        &[
            "Recipient Org:Company Number",
            "recipientOrganization/0/companyNumber",
        ],
    ),
    (
        Field::RecipientIndividual,
        &["Recipient Ind:Identifier", "recipientIndividual/id"],
    ),
    (
        Field::FunderId,
        &["Funding Org:Identifier", "fundingOrganization/0/id"],
    ),
    (
        Field::FunderName,
        &["Funding Org:Name", "fundingOrganization/0/name"],
    ),
];

/// The 360Giving column title of `field`.
fn title(field: Field) -> &'static str {
    COLUMNS
        .iter()
        .find(|(f, _)| *f == field)
        .and_then(|(_, names)| names.first())
        .copied()
        .unwrap_or("")
}

/// One grant's fields as text, wherever they came from.
#[derive(Debug, Default)]
struct Fields {
    values: Vec<(Field, String)>,
}

impl Fields {
    fn get(&self, f: Field) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, v)| *k == f && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }
}

/// Reads a 360Giving file: JSON by its `.json` extension or a leading `{`, a workbook by its
/// extension or its zip signature, otherwise CSV. A problem with the file as a whole is an error
/// (with the line and column where there is one); a grant that cannot be read is listed in
/// [`Read::unreadable`] and the others still read.
pub fn read(path: &Path, bytes: Vec<u8>, max_cells: u64) -> Result<Read, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    if ext == "json" || (ext.is_empty() && first == Some(b'{')) {
        return read_json(&bytes);
    }
    let workbook = matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods")
        || bytes.starts_with(b"PK")
        || bytes.starts_with(b"\xD0\xCF\x11\xE0");
    if workbook {
        let table = table::workbook(path, bytes, "grants", max_cells)?;
        let columns = columns_of(&table.headers)?;
        let mut read = Read::default();
        for row in &table.rows {
            read_row(&mut read, &columns, row);
        }
        return Ok(read);
    }
    // A CSV file is read a row at a time: a funder's file of a hundred thousand grants is never
    // held whole as cells.
    let columns = std::cell::OnceCell::new();
    let mut read = Read::default();
    table::csv_rows(
        &path.display().to_string(),
        bytes,
        |headers| {
            let _ = columns.set(columns_of(headers)?);
            Ok(())
        },
        |row| {
            if let Some(columns) = columns.get() {
                read_row(&mut read, columns, &row);
            }
        },
    )?;
    Ok(read)
}

fn read_json(bytes: &[u8]) -> Result<Read, String> {
    // The file is checked whole, then each grant read on its own: a funder's file of a hundred
    // thousand grants is never held whole as values.
    let grants = (json(bytes)?.members())
        .and_then(|m| m.get("grants").copied())
        .and_then(|g| g.items())
        .ok_or_else(|| {
            "it has no `grants` list: a 360Giving JSON file is a package `{ \"grants\": [ … ] }`"
                .to_owned()
        })?;
    let mut read = Read::default();
    for (i, g) in grants.into_iter().enumerate() {
        let fields = json_fields(&g.value());
        collect(&mut read, &fields, format!("grants[{i}]"));
    }
    Ok(read)
}

/// The fields of a grant in the JSON schema's shape: the first recipient, funder and planned dates.
fn json_fields(g: &Value) -> Fields {
    let text = |v: Option<&Value>| -> Option<String> {
        match v? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let first = |key: &str| g.get(key).and_then(|v| v.get(0));
    let recipient = first("recipientOrganization");
    let funder = first("fundingOrganization");
    let planned = first("plannedDates");
    let mut fields = Fields::default();
    let mut put = |f: Field, v: Option<String>| {
        if let Some(v) = v {
            fields.values.push((f, v));
        }
    };
    put(Field::Id, text(g.get("id")));
    put(Field::Title, text(g.get("title")));
    put(Field::Currency, text(g.get("currency")));
    put(Field::AmountAwarded, text(g.get("amountAwarded")));
    put(Field::AmountAppliedFor, text(g.get("amountAppliedFor")));
    put(Field::AwardDate, text(g.get("awardDate")));
    put(Field::Start, text(planned.and_then(|p| p.get("startDate"))));
    put(Field::End, text(planned.and_then(|p| p.get("endDate"))));
    put(
        Field::Duration,
        text(planned.and_then(|p| p.get("duration"))),
    );
    put(
        Field::RecipientId,
        text(recipient.and_then(|r| r.get("id"))),
    );
    put(
        Field::RecipientName,
        text(recipient.and_then(|r| r.get("name"))),
    );
    put(
        Field::RecipientCharity,
        text(recipient.and_then(|r| r.get("charityNumber"))),
    );
    put(
        Field::RecipientCompany,
        text(recipient.and_then(|r| r.get("companyNumber"))),
    );
    put(
        Field::RecipientIndividual,
        text(g.get("recipientIndividual").and_then(|r| r.get("id"))),
    );
    put(Field::FunderId, text(funder.and_then(|f| f.get("id"))));
    put(Field::FunderName, text(funder.and_then(|f| f.get("name"))));
    fields
}

/// The columns of a 360Giving table with these `headers`, or which it lacks.
fn columns_of(headers: &[String]) -> Result<Vec<(Field, usize)>, String> {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let columns: Vec<(Field, usize)> = COLUMNS
        .iter()
        .filter_map(|(field, names)| {
            let i = headers
                .iter()
                .position(|h| names.iter().any(|n| norm(n) == norm(h)))?;
            Some((*field, i))
        })
        .collect();
    let has = |f: Field| columns.iter().any(|(c, _)| *c == f);
    let mut missing = Vec::new();
    if !has(Field::Id) {
        missing.push("`Identifier`");
    }
    if !has(Field::AmountAwarded) {
        missing.push("`Amount Awarded`");
    }
    if !has(Field::Currency) {
        missing.push("`Currency`");
    }
    if !has(Field::RecipientId) && !has(Field::RecipientName) {
        missing.push("`Recipient Org:Identifier` or `Recipient Org:Name`");
    }
    if !has(Field::FunderId) && !has(Field::FunderName) {
        missing.push("`Funding Org:Identifier` or `Funding Org:Name`");
    }
    if !missing.is_empty() {
        return Err(format!(
            "its first row has no column {}: a 360Giving sheet has the standard's column titles (its first row is: {})",
            missing.join(", no column "),
            // An excerpt: the row of a file that is no sheet at all may be megabytes long.
            crate::visible::shorten(&headers.join(", "), 120)
        ));
    }
    Ok(columns)
}

/// The grant on `row` of a table, read under `columns`.
fn read_row(read: &mut Read, columns: &[(Field, usize)], row: &Row) {
    let fields = Fields {
        values: columns
            .iter()
            .map(|(f, i)| (*f, row.cell(*i).to_owned()))
            .collect(),
    };
    collect(read, &fields, format!("row {}", row.number));
}

fn collect(read: &mut Read, fields: &Fields, place: String) {
    match award(fields, &place) {
        Ok(a) => read.awards.push(a),
        Err(reason) => read.unreadable.push(Unreadable {
            reference: fields.get(Field::Id).map_or_else(
                || "a grant".to_owned(),
                |id| format!("360Giving grant {id}"),
            ),
            place,
            reason,
        }),
    }
}

/// An amount as a file writes it: digits, perhaps with thousands separators and a currency sign.
pub fn money(text: &str) -> Result<Money, String> {
    let t: String = text
        .trim()
        .trim_start_matches(['£', '$', '€'])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    crate::money::parse_minor_units(&t).map(Money)
}

fn award(f: &Fields, place: &str) -> Result<Award, String> {
    if let Some((field, value)) = f
        .values
        .iter()
        .find(|(_, v)| table::is_spreadsheet_error(v))
    {
        return Err(format!(
            "`{}` holds the spreadsheet error {}, not a value: mend its formula in the workbook (or type the value), save it, and import it again",
            title(*field),
            value.trim()
        ));
    }
    let id = f
        .get(Field::Id)
        .ok_or("it has no `Identifier`: every 360Giving grant has one")?
        .to_owned();
    let mut recipient = Org {
        name: f.get(Field::RecipientName).unwrap_or_default().to_owned(),
        identifiers: f
            .get(Field::RecipientId)
            .map(str::to_owned)
            .into_iter()
            .collect(),
    };
    let registered = [
        f.get(Field::RecipientCharity)
            .and_then(orgs::charity_identifier),
        f.get(Field::RecipientCompany)
            .and_then(orgs::company_identifier),
    ];
    for extra in registered.into_iter().flatten() {
        let key = orgs::identifier_key(&extra);
        if !recipient
            .identifiers
            .iter()
            .any(|i| orgs::identifier_key(i) == key)
        {
            recipient.identifiers.push(extra);
        }
    }
    let funder = Org {
        name: f.get(Field::FunderName).unwrap_or_default().to_owned(),
        identifiers: f
            .get(Field::FunderId)
            .map(str::to_owned)
            .into_iter()
            .collect(),
    };
    let amount = match (f.get(Field::AmountAwarded), f.get(Field::AmountAppliedFor)) {
        (Some(a), _) => Some(money(a).map_err(|e| format!("`Amount Awarded`: {e}"))?),
        (None, Some(_)) => {
            return Err(
                "it has no `Amount Awarded`, only `Amount Applied For`, which is not money awarded"
                    .to_owned(),
            );
        }
        (None, None) => return Err("it has no `Amount Awarded`".to_owned()),
    };
    let (start, end) = planned_dates(f)?;
    let skip = f.get(Field::RecipientIndividual).is_some().then(|| {
        "a grant to an individual: a map's funding lines are between organisations".to_owned()
    });
    Ok(Award {
        reference: format!("360Giving grant {id}"),
        place: place.to_owned(),
        keys: vec![id.clone()],
        title: f.get(Field::Title).map(str::to_owned),
        funder,
        recipients: if recipient.name.is_empty() && recipient.identifiers.is_empty() {
            Vec::new()
        } else {
            vec![recipient]
        },
        amount,
        currency: f.get(Field::Currency).map(str::to_uppercase),
        awarded_on: date(f, Field::AwardDate, "Award Date", Edge::Start)?,
        start,
        end,
        stage: Stage::Awarded,
        skip,
        note: None,
    })
}

/// A date field, read; `None` when empty.
fn date(f: &Fields, field: Field, name: &str, edge: Edge) -> Result<Option<Date>, String> {
    f.get(field)
        .map(|t| dates::parse(t, edge).map_err(|e| format!("`{name}`: {e}")))
        .transpose()
}

/// The planned start and end; an end worked out from the start and a duration in months when
/// only those are given.
fn planned_dates(f: &Fields) -> Result<(Option<Date>, Option<Date>), String> {
    let start = date(f, Field::Start, "Planned Dates:Start Date", Edge::Start)?;
    let mut end = date(f, Field::End, "Planned Dates:End Date", Edge::End)?;
    if let (Some(start), None, Some(d)) = (start, end, f.get(Field::Duration)) {
        let months: u32 = d
            .parse::<f64>()
            .ok()
            .filter(|m| *m >= 1.0 && m.fract() == 0.0 && *m <= 1200.0)
            .map(|m| m as u32)
            .ok_or_else(|| {
                format!("`Planned Dates:Duration (months)`: `{d}` is not a whole number of months")
            })?;
        end = Some(dates::end_after_months(start, months));
    }
    Ok((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_files_write_them() {
        assert_eq!(money("£50,000"), Ok(Money(5_000_000)));
        assert_eq!(money(" 1250.5 "), Ok(Money(125_050)));
        assert!(money("fifty").is_err());
    }

    #[test]
    fn applied_for_is_never_taken_for_awarded() {
        let csv = "Identifier,Amount Applied For,Currency,Recipient Org:Name,Funding Org:Name,Amount Awarded\n\
                   360G-x-1,9000,GBP,A,B,\n";
        let read = read(Path::new("g.csv"), csv.as_bytes().to_vec(), 1000).expect("reads");
        assert!(read.awards.is_empty());
        assert!(read.unreadable[0].reason.contains("Amount Applied For"));
    }
}
