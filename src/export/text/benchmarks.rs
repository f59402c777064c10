//! `ecomap capacity` and `ecomap benchmarks` as text: the working of each check line by line, the
//! mapped figure against its mark, and each benchmark with its source.

use std::fmt::Write;

use crate::analysis::benchmarks::{
    CapacityReport, Check, Comparison, Mark, MissingFigure, Op, Overridden, Standing, Step,
};
use crate::benchmarks::{Benchmark, Benchmarks, Edition, Evidence, Kind, Reference};

use crate::export::text::{Table, clean, wrap};

pub use crate::analysis::benchmarks::{number, number_against, percent};

/// `004 §38; published 2020: "a fully-trained employment specialist can work with around 40
/// clients per year"`: the source and its date, and the source's own words while its value is in
/// force (an overridden value is not the source's).
pub fn source_words(b: &Benchmark) -> String {
    let mut s = b.source.clone();
    match b.date.as_deref() {
        Some("undated") => s.push_str("; undated"),
        Some(d) => {
            let _ = write!(s, "; published {d}");
        }
        None => {}
    }
    if let (Some(says), None) = (&b.says, b.overridden_by) {
        let _ = write!(s, ": \"{says}\"");
    }
    if !b.checked && b.overridden_by.is_none() {
        s.push_str("; not checked against a copy of its source");
    }
    s
}

/// `its values checked against their sources on 2026-12-03`, and when some were not: `except 9 not
/// checked against a copy of their source (ips-max-caseload, …)`.
pub fn checked_words(e: &Edition) -> String {
    match e.unchecked.len() {
        0 => format!("its values checked against their sources on {}", e.as_of),
        n => format!(
            "its values checked against their sources on {}, except {n} not checked against a copy of their source: {}",
            e.as_of,
            e.unchecked.join(", ")
        ),
    }
}

/// `benchmark table version 3, its values checked against their sources on 2026-12-03, except …`.
pub fn edition(e: &Edition) -> String {
    format!(
        "benchmark table version {}, {}",
        e.version,
        checked_words(e)
    )
}

/// `004: IPS Grow (…), Commissioning guidance: mental health and employment services (2020),
/// https://www.ipsgrow.org.uk. § = numbered paragraph`.
pub fn reference(r: &Reference) -> String {
    let mut s = format!("{}: {}, {} ({})", r.code, r.author, r.title, r.date);
    if let Some(u) = &r.url {
        let _ = write!(s, ", {u}");
    }
    if let Some(n) = &r.note {
        let _ = write!(s, ". {n}");
    }
    s
}

fn references(out: &mut String, refs: &[Reference]) {
    if refs.is_empty() {
        return;
    }
    out.push_str("\nReferences (the source codes cited above)\n");
    for r in refs {
        out.push_str(&wrap("- ", 2, &reference(r)));
    }
}

/// `= 552 ÷ 40`.
pub fn calculation(step: &Step) -> String {
    let mut s = String::from("=");
    for t in &step.calculation {
        let op = match t.op {
            Op::Start => "",
            Op::Plus => " +",
            Op::Minus => " −",
            Op::Times => " ×",
            Op::Divide => " ÷",
        };
        let _ = write!(s, "{op} {}", number(t.value));
    }
    s
}

/// Where a step comes from, or its calculation.
pub fn provenance(step: &Step) -> String {
    match &step.from {
        Some(f) => f.clone(),
        None => calculation(step),
    }
}

/// The values of a mark.
fn mark_values(m: Mark) -> Vec<f64> {
    match m {
        Mark::AtLeast { value } | Mark::AtMost { value } => vec![value],
        Mark::Between { low, high } => vec![low, high],
    }
}

/// A step's figure, with the digits it takes not to print as a figure it is held against and is
/// not at: a mapped figure against its marks (`0.3995` against at least 0.4, never `0.4`), and a
/// mark against the mapped figure (`13.794` needed against 13.79 mapped, never `13.79`).
pub fn step_number(c: &Check, s: &Step) -> String {
    let against: Vec<f64> = c
        .comparisons
        .iter()
        .flat_map(|x| {
            let marks = mark_values(x.mark);
            if x.mapped == s.value {
                marks
            } else if marks.contains(&s.value) {
                vec![x.mapped]
            } else {
                Vec::new()
            }
        })
        .collect();
    number_against(s.value, &against)
}

/// `at least 40`, `at most 20`, `552 to 920`: each value with the digits it takes not to print
/// as `mapped`, the figure held against it, when it is not at it.
pub fn mark_words(m: Mark, mapped: f64) -> String {
    let n = |v: f64| number_against(v, &[mapped]);
    match m {
        Mark::AtLeast { value } => format!("at least {}", n(value)),
        Mark::AtMost { value } => format!("at most {}", n(value)),
        Mark::Between { low, high } => format!("{} to {}", n(low), n(high)),
    }
}

/// ` (a value not checked against a copy of its source)` after the mark of a comparison that uses
/// such a value; empty for one that does not.
pub fn unchecked_words(c: &Comparison) -> &'static str {
    match c.unchecked.len() {
        0 => "",
        1 => " (a value not checked against a copy of its source)",
        _ => " (values not checked against a copy of their source)",
    }
}

/// `ips-caseload-max = 25 (built in: 20), by the map`.
pub fn overridden(o: &Overridden) -> String {
    format!(
        "{} = {} (built in: {}), by {}",
        o.id,
        number(o.value),
        o.builtin.map_or_else(|| "none".to_owned(), number),
        o.by
    )
}

/// `working_age_population, needed for ips-demand`.
pub fn missing_figure(m: &MissingFigure) -> String {
    format!("{}, needed for {}", m.figure, m.needed_for.join(", "))
}

/// `200 against 552 to 920: under, does not meet it`; a mark from a value not checked against a
/// copy of its source says so: `37.6 against at least 40 (a value not checked against a copy of
/// its source): under, does not meet it`. A target set for a share of services rather
/// than each is not met or missed by one area: `4 against at least 5: under; not reached here, which
/// is no shortfall against a target for 40% of services`. Above a range is no shortfall: `6 against
/// 3 to 5: above the range; not a shortfall, possibly more than needed (worth a look)`.
pub fn verdict(c: &Comparison) -> String {
    let standing = match (c.standing, c.mark) {
        (Standing::At, Mark::Between { .. }) => "within",
        (Standing::At, _) => "at the mark",
        (Standing::Under, _) => "under",
        (Standing::Over, Mark::Between { .. }) => "above the range",
        (Standing::Over, _) => "over",
    };
    let meets = match (c.target_share, c.meets) {
        (None, true) if c.above_range() => {
            "not a shortfall, possibly more than needed (worth a look)".to_owned()
        }
        (Some(share), true) => format!(
            "reached here, as a target for {} of services asks of some",
            percent(share)
        ),
        (Some(share), false) => format!(
            "not reached here, which is no shortfall against a target for {} of services",
            percent(share)
        ),
        (None, true) => "meets it".to_owned(),
        (None, false) => "does not meet it".to_owned(),
    };
    let sep = if c.target_share.is_some() || c.above_range() {
        ";"
    } else {
        ","
    };
    format!(
        "{} against {}{}: {standing}{sep} {meets}",
        number_against(c.mapped, &mark_values(c.mark)),
        mark_words(c.mark, c.mapped),
        unchecked_words(c)
    )
}

fn check(out: &mut String, n: usize, c: &Check) {
    out.push('\n');
    out.push_str(&wrap(&format!("{n}. "), 3, &c.title));
    if !c.working.is_empty() {
        let mut t = Table::new(&["figure", "what", "from"])
            .right_align(&[0])
            .indented(3);
        for s in &c.working {
            t.row(&[step_number(c, s), s.what.clone(), provenance(s)]);
        }
        out.push_str(&t.render());
    }
    for cmp in &c.comparisons {
        let line = format!("{}: {}", cmp.what, verdict(cmp));
        out.push_str(&wrap("   → ", 5, &line));
    }
    for m in &c.missing {
        out.push_str(&wrap("   missing: ", 5, m));
    }
    for note in &c.notes {
        out.push_str(&wrap("   note: ", 5, note));
    }
}

/// `ecomap capacity`.
pub fn capacity(r: &CapacityReport) -> String {
    let mut out = String::new();
    out.push_str(&wrap("Capacity against benchmarks: ", 0, &r.area));
    out.push_str(&wrap("", 0, &format!("Against the {}.", edition(&r.table))));
    if r.overridden.is_empty() {
        out.push_str(
            "Benchmarks: the built-in values (`ecomap benchmarks` lists them); none overridden.\n",
        );
    } else {
        out.push_str("Benchmarks overridden:\n");
        for o in &r.overridden {
            out.push_str(&wrap("- ", 2, &overridden(o)));
        }
    }
    if !r.missing_figures.is_empty() {
        out.push_str("Area figures missing (named, not assumed):\n");
        for m in &r.missing_figures {
            out.push_str(&wrap("- ", 2, &missing_figure(m)));
        }
    }
    for (i, c) in r.checks.iter().enumerate() {
        check(&mut out, i + 1, c);
    }
    if !r.sources.is_empty() {
        out.push_str("\nSources of the benchmarks used\n");
        for b in &r.sources {
            let line = format!(
                "{} = {}{}: {}",
                b.id,
                number(b.value),
                b.overridden_by
                    .map_or(String::new(), |by| format!(" (overridden by {by})")),
                source_words(b)
            );
            out.push_str(&wrap("- ", 2, &line));
        }
    }
    references(&mut out, &r.references);
    out
}

fn value_words(b: &Benchmark) -> String {
    match b.kind {
        Kind::Evidence => format!(
            "{} ({})",
            number(b.value),
            Evidence::from_value(b.value).map_or("?", Evidence::name)
        ),
        _ => number(b.value),
    }
}

/// `ecomap benchmarks`: every benchmark with its unit, source and note, in table order.
pub fn table(t: &Benchmarks) -> String {
    let mut out = String::new();
    out.push_str("Benchmarks (override any in a map's `benchmarks:` or with --benchmarks FILE)\n");
    out.push_str(&wrap("", 0, &format!("The {}.", edition(&t.table))));
    let overridden: Vec<&str> = t.overridden().map(|b| b.id.as_str()).collect();
    if overridden.is_empty() {
        out.push_str("None overridden.\n");
    } else {
        out.push_str(&wrap(
            "Overridden: ",
            2,
            &format!("{}.", overridden.join(", ")),
        ));
    }
    for b in &t.entries {
        out.push('\n');
        let first = format!("{} = {}  ", clean(&b.id), value_words(b));
        out.push_str(&wrap(&first, 4, &b.unit));
        out.push_str(&wrap("    source: ", 6, &source_words(b)));
        if let Some(n) = &b.note {
            out.push_str(&wrap("    note: ", 6, n));
        }
        if let Some(by) = b.overridden_by {
            let _ = writeln!(
                out,
                "    overridden by {by} (built in: {})",
                b.builtin.map_or_else(|| "none".to_owned(), number)
            );
        }
    }
    let cited = t.cited(t.entries.iter().map(|b| b.source.as_str()));
    let cited: Vec<Reference> = cited.into_iter().cloned().collect();
    references(&mut out, &cited);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_to_two_decimals_with_separators() {
        assert_eq!(number(552.0000000001), "552");
        assert_eq!(number(13.8), "13.8");
        assert_eq!(number(2.76), "2.76");
        assert_eq!(number(3.8333), "3.83");
        assert_eq!(number(1840.0), "1,840");
        assert_eq!(number(0.08), "0.08");
        assert_eq!(number(-1.0), "-1");
        assert_eq!(number(0.0), "0");
        // Not nought, though two decimals would make it so: two significant figures.
        assert_eq!(number(0.0000001), "0.0000001");
        assert_eq!(number(0.0012), "0.0012");
        assert_eq!(number(0.004), "0.004");
        assert_eq!(number(-0.003), "-0.003");
        assert_eq!(number(2e-12), "2.0e-12");
    }
}
