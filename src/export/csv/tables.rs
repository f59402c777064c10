//! A map as the spreadsheet tables of docs/spreadsheets.md (`ecomap export csv`), which
//! `ecomap import csv` reads back as the same map. Cells are written in the syntax of
//! `import::cells`; files through `import::csv_read::write`, which quotes every cell that needs it
//! (including cells with space at an end, which a reader would trim), and every cell a spreadsheet
//! would take for a formula starts with `'`.
//!
//! Where a value has no column that can hold it exactly (a rule condition with `any`, attributes in
//! an order the columns cannot keep), it is written in the map's own notation in the table's
//! `condition`, `attributes` or `after_start` cell, so nothing is lost.

use indexmap::IndexMap;

use crate::import::cells;
use crate::import::csv_read;
use crate::import::tables::{self, Table};
use crate::model::{AttrValue, Condition, Contract, FundingLine, Id, Map, PlannedLine, Source};
use crate::money::Money;

/// Every table of `map`: (file name, CSV text), each with its header even when it has no rows.
pub fn write(map: &Map) -> Vec<(&'static str, String)> {
    vec![
        (tables::AREA.file, area(map)),
        (tables::FIGURES.file, figures(map)),
        (tables::BENCHMARKS.file, benchmarks(map)),
        (tables::STAGES.file, stages(map)),
        (tables::COMMISSIONERS.file, commissioners(map)),
        (tables::PROVIDERS.file, providers(map)),
        (tables::RULES.file, rules(map)),
        (tables::COHORTS.file, cohorts(map)),
        (tables::SERVICES.file, services(map)),
        (tables::FUNDING.file, funding(map)),
        (tables::ACCEPTED_OVERLAPS.file, accepted(map)),
    ]
}

/// The rows as CSV, every cell guarded against being read as a formula.
fn csv(rows: Vec<Vec<String>>) -> String {
    let guarded: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| r.iter().map(|c| cells::prefixed(c)).collect())
        .collect();
    csv_read::write(&guarded)
}

fn header(table: &Table) -> Vec<String> {
    table.columns.iter().map(|c| (*c).to_owned()).collect()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn num(v: Option<f64>) -> String {
    v.map(crate::yaml::number).unwrap_or_default()
}

/// A source's three cells: citation, url, as of.
fn source(s: &Option<Source>) -> [String; 3] {
    match s {
        None => Default::default(),
        Some(s) => [s.citation.clone(), opt(s.url.as_ref()), opt(s.as_of)],
    }
}

fn ids(ids: &[Id]) -> String {
    cells::write_list(ids.iter().map(Id::as_str))
}

fn area(map: &Map) -> String {
    let a = &map.area;
    let mut row = vec![
        a.id.to_string(),
        a.name.clone(),
        opt(a.period.as_ref()),
        a.currency.clone(),
        num(a.population),
        num(a.working_age_population),
        cells::write_bool(a.illustrative),
    ];
    row.extend(source(&a.figures_source));
    row.extend(source(&a.source));
    csv(vec![header(&tables::AREA), row])
}

fn figures(map: &Map) -> String {
    let mut rows = vec![header(&tables::FIGURES)];
    for (name, f) in &map.area.figures {
        rows.push(vec![name.clone(), num(Some(f.value))]);
    }
    csv(rows)
}

fn benchmarks(map: &Map) -> String {
    let mut rows = vec![header(&tables::BENCHMARKS)];
    for (id, b) in &map.benchmarks {
        rows.push(vec![id.clone(), num(Some(b.value))]);
    }
    csv(rows)
}

fn stages(map: &Map) -> String {
    let mut rows = vec![header(&tables::STAGES)];
    for s in map.stages.values().filter(|s| !s.builtin) {
        rows.push(vec![
            s.id.to_string(),
            s.name.clone(),
            opt(s.description.as_ref()),
        ]);
    }
    csv(rows)
}

fn commissioners(map: &Map) -> String {
    let mut rows = vec![header(&tables::COMMISSIONERS)];
    for c in map.commissioners.values() {
        let mut row = vec![
            c.id.to_string(),
            c.name.clone(),
            c.kind.clone(),
            cells::write_list(c.identifiers.iter().map(String::as_str)),
            opt(c.notes.as_ref()),
        ];
        row.extend(source(&c.source));
        rows.push(row);
    }
    csv(rows)
}

fn providers(map: &Map) -> String {
    let mut rows = vec![header(&tables::PROVIDERS)];
    for p in map.providers.values() {
        let mut row = vec![
            p.id.to_string(),
            p.name.clone(),
            p.sector.clone(),
            cells::write_list(p.identifiers.iter().map(String::as_str)),
            opt(p.notes.as_ref()),
        ];
        row.extend(source(&p.source));
        rows.push(row);
    }
    csv(rows)
}

/// Merges the orders of names in `lists` into one order of columns that keeps each list's order
/// where it can; a list whose names the merged order cannot keep is marked `false`.
fn merge_orders(lists: &[Vec<&str>]) -> (Vec<String>, Vec<bool>) {
    let mut columns: Vec<String> = Vec::new();
    let mut fits = Vec::new();
    for list in lists {
        let known: Vec<usize> = list
            .iter()
            .filter_map(|n| columns.iter().position(|c| c == n))
            .collect();
        if !known.windows(2).all(|w| w[0] < w[1]) {
            fits.push(false);
            continue;
        }
        // Each new name goes right after the name before it in this list (or first).
        let mut after: Option<usize> = None;
        for name in list {
            match columns.iter().position(|c| c == name) {
                Some(i) => after = Some(i),
                None => {
                    let at = after.map_or(0, |i| i + 1);
                    columns.insert(at, (*name).to_owned());
                    after = Some(at);
                }
            }
        }
        fits.push(true);
    }
    (columns, fits)
}

/// A rule's condition as attribute columns, where it is one attribute or several different ones.
fn as_columns(c: &Condition) -> Option<Vec<(&str, &AttrValue)>> {
    fn attribute(t: &Condition) -> Option<(&str, &AttrValue)> {
        match t {
            Condition::Attribute { name, value }
                if !tables::CONDITION_WORDS.contains(&name.as_str()) =>
            {
                Some((name.as_str(), value))
            }
            _ => None,
        }
    }
    let terms: Vec<(&str, &AttrValue)> = match c {
        Condition::Attribute { .. } => vec![attribute(c)?],
        Condition::All(terms) if terms.len() != 1 => {
            terms.iter().map(attribute).collect::<Option<Vec<_>>>()?
        }
        _ => return None,
    };
    let mut names: Vec<&str> = terms.iter().map(|(n, _)| *n).collect();
    names.sort_unstable();
    names.dedup();
    (names.len() == terms.len()).then_some(terms)
}

fn rules(map: &Map) -> String {
    let table = tables::RULES;
    let columns_of: Vec<Option<Vec<(&str, &AttrValue)>>> = map
        .rules
        .values()
        .map(|r| as_columns(&r.condition))
        .collect();
    let lists: Vec<Vec<&str>> = columns_of
        .iter()
        .flatten()
        .map(|terms| terms.iter().map(|(n, _)| *n).collect())
        .collect();
    let (attributes, fits) = merge_orders(&lists);
    let mut fits = fits.into_iter();
    let mut head = header(&table);
    head.extend(
        attributes
            .iter()
            .map(|a| tables::attribute_column(&table, a)),
    );
    let mut rows = vec![head];
    for (r, terms) in map.rules.values().zip(&columns_of) {
        let terms = terms.as_ref().filter(|_| fits.next().unwrap_or(false));
        let mut row = vec![
            r.id.to_string(),
            opt(r.description.as_ref()),
            if terms.is_some() {
                String::new()
            } else {
                cells::write_condition(&r.condition)
            },
            opt(r.notes.as_ref()),
        ];
        row.extend(source(&r.source));
        row.extend(attributes.iter().map(|a| {
            terms
                .and_then(|t| t.iter().find(|(n, _)| n == a))
                .map(|(_, v)| cells::write_value(v))
                .unwrap_or_default()
        }));
        rows.push(row);
    }
    csv(rows)
}

/// Attribute columns for `maps` (one per cohort): the merged order of names, and for each cohort
/// whether its attributes fit the columns (else they go in one cell, in the map's notation).
fn attribute_columns(maps: &[&IndexMap<String, AttrValue>]) -> (Vec<String>, Vec<bool>) {
    let lists: Vec<Vec<&str>> = maps
        .iter()
        .map(|m| m.keys().map(String::as_str).collect())
        .collect();
    merge_orders(&lists)
}

fn cohorts(map: &Map) -> String {
    let table = tables::COHORTS;
    let attrs: Vec<&IndexMap<String, AttrValue>> =
        map.cohorts.values().map(|c| &c.attributes).collect();
    let after: Vec<&IndexMap<String, AttrValue>> =
        map.cohorts.values().map(|c| &c.after_start).collect();
    let (attr_cols, attr_fit) = attribute_columns(&attrs);
    let (after_cols, after_fit) = attribute_columns(&after);
    let mut head = header(&table);
    head.extend(
        attr_cols
            .iter()
            .map(|a| tables::attribute_column(&table, a)),
    );
    head.extend(
        after_cols
            .iter()
            .map(|a| format!("{}{a}", tables::AFTER_START_PREFIX)),
    );
    let mut rows = vec![head];
    for (i, c) in map.cohorts.values().enumerate() {
        let needs = cells::write_needs(c.needs.iter().map(|(s, share)| (s.as_str(), share.get())));
        let whole = |fits: bool, m: &IndexMap<String, AttrValue>| {
            if fits || m.is_empty() {
                String::new()
            } else {
                cells::write_attributes(m)
            }
        };
        let mut row = vec![
            c.id.to_string(),
            c.name.clone(),
            c.size.to_string(),
            needs,
            ids(&c.enters_via),
            whole(attr_fit[i], &c.attributes),
            whole(after_fit[i], &c.after_start),
            opt(c.notes.as_ref()),
        ];
        row.extend(source(&c.source));
        let cell = |fits: bool, m: &IndexMap<String, AttrValue>, name: &String| {
            m.get(name)
                .filter(|_| fits)
                .map(cells::write_value)
                .unwrap_or_default()
        };
        row.extend(
            attr_cols
                .iter()
                .map(|a| cell(attr_fit[i], &c.attributes, a)),
        );
        row.extend(
            after_cols
                .iter()
                .map(|a| cell(after_fit[i], &c.after_start, a)),
        );
        rows.push(row);
    }
    csv(rows)
}

fn services(map: &Map) -> String {
    let mut rows = vec![header(&tables::SERVICES)];
    for s in map.services.values() {
        let mut row = vec![
            s.id.to_string(),
            s.name.clone(),
            opt(s.provider.as_ref()),
            s.model.clone(),
            cells::write_bool(s.national),
            ids(&s.stages),
            cells::write_eligibility(&s.eligibility),
            cells::write_bool(s.referral.self_referral),
            ids(&s.referral.from),
            opt(s.capacity.people_per_year),
            num(s.capacity.wte),
            num(s.capacity.caseload),
            num(s.fidelity),
            num(s.outcomes.people_supported),
            num(s.outcomes.out_of_work),
            num(s.outcomes.job_starts),
            num(s.outcomes.sustained_13_weeks),
            num(s.employment_share.map(|e| e.get())),
            opt(s.notes.as_ref()),
        ];
        row.extend(source(&s.source));
        rows.push(row);
    }
    csv(rows)
}

/// One row of funding.csv: a line counted as spend (`status` empty), or a planned one.
fn funding_row(
    to: &Id,
    from: &Id,
    amount: Option<Money>,
    planned: bool,
    earmark: &[Id],
    contract: Contract,
    s: &Option<Source>,
) -> Vec<String> {
    let mut row = vec![
        to.to_string(),
        from.to_string(),
        opt(amount.map(crate::export::csv::table::decimal)),
        if planned {
            tables::PLANNED.to_owned()
        } else {
            String::new()
        },
        ids(earmark),
        opt(contract.start),
        opt(contract.end),
    ];
    row.extend(source(s));
    row
}

/// The rows of one receiver: its lines counted as spend, then its planned lines, as the map
/// writer writes them.
fn receiver_rows(to: &Id, counted: &[FundingLine], planned: &[PlannedLine]) -> Vec<Vec<String>> {
    let counted = counted.iter().map(|l| {
        funding_row(
            to,
            &l.from,
            Some(l.amount),
            false,
            &l.earmark,
            l.contract,
            &l.source,
        )
    });
    let planned = planned.iter().map(|l| {
        funding_row(
            to, &l.from, l.amount, true, &l.earmark, l.contract, &l.source,
        )
    });
    counted.chain(planned).collect()
}

fn funding(map: &Map) -> String {
    let mut rows = vec![header(&tables::FUNDING)];
    for c in map.commissioners.values() {
        rows.extend(receiver_rows(&c.id, &c.funded_by, &c.planned));
    }
    for s in map.services.values() {
        rows.extend(receiver_rows(&s.id, &s.funding, &s.planned));
    }
    csv(rows)
}

fn accepted(map: &Map) -> String {
    let mut rows = vec![header(&tables::ACCEPTED_OVERLAPS)];
    for a in &map.accepted_overlaps {
        rows.push(vec![
            ids(&a.services),
            opt(a.cohort.as_ref()),
            opt(a.stage.as_ref()),
            opt(a.reason.as_ref()),
        ]);
    }
    csv(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_merge_where_they_agree() {
        let (cols, fits) = merge_orders(&[
            vec!["care", "benefit"],
            vec!["condition", "care", "age"],
            vec!["benefit", "care"],
        ]);
        assert_eq!(cols, ["condition", "care", "age", "benefit"]);
        assert_eq!(fits, [true, true, false]);
    }
}
