//! `ecomap capacity` and `ecomap benchmarks` as text: the working of each check line by line, the
//! mapped figure against its mark, and each benchmark with its source.

use std::fmt::Write;

use crate::analysis::benchmarks::{
    CapacityReport, Check, Comparison, Mark, MissingFigure, Op, Overridden, Standing, Step,
};
use crate::benchmarks::{Benchmark, Benchmarks, Evidence, Kind};
use crate::money::group_thousands;

use super::text::{Table, clean};

/// A figure to at most two decimals, with thousands separators: `1,840`, `13.8`, `0.08`.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let hundredths = (v.abs() * 100.0).round() as u64;
    let sign = if v < 0.0 && hundredths != 0 { "-" } else { "" };
    let whole = group_thousands(hundredths / 100);
    let frac = hundredths % 100;
    if frac == 0 {
        format!("{sign}{whole}")
    } else if frac.is_multiple_of(10) {
        format!("{sign}{whole}.{}", frac / 10)
    } else {
        format!("{sign}{whole}.{frac:02}")
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

/// `at least 40`, `at most 20`, `552 to 920`.
pub fn mark_words(m: Mark) -> String {
    match m {
        Mark::AtLeast { value } => format!("at least {}", number(value)),
        Mark::AtMost { value } => format!("at most {}", number(value)),
        Mark::Between { low, high } => format!("{} to {}", number(low), number(high)),
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

/// `200 against 552 to 920: under, does not meet it`.
pub fn verdict(c: &Comparison) -> String {
    let standing = match (c.standing, c.mark) {
        (Standing::At, Mark::Between { .. }) => "within",
        (Standing::At, _) => "at the mark",
        (Standing::Under, _) => "under",
        (Standing::Over, _) => "over",
    };
    let meets = if c.meets {
        "meets it"
    } else {
        "does not meet it"
    };
    format!(
        "{} against {}: {standing}, {meets}",
        number(c.mapped),
        mark_words(c.mark)
    )
}

fn check(out: &mut String, n: usize, c: &Check) {
    let _ = writeln!(out, "\n{n}. {}", clean(&c.title));
    if !c.working.is_empty() {
        let mut t = Table::new(&["figure", "what", "from"]).right_align(&[0]);
        for s in &c.working {
            t.row(&[number(s.value), s.what.clone(), provenance(s)]);
        }
        for line in t.render().lines() {
            let _ = writeln!(out, "   {line}");
        }
    }
    for cmp in &c.comparisons {
        let _ = writeln!(out, "   → {}: {}", clean(&cmp.what), verdict(cmp));
    }
    for m in &c.missing {
        let _ = writeln!(out, "   missing: {}", clean(m));
    }
    for note in &c.notes {
        let _ = writeln!(out, "   note: {}", clean(note));
    }
}

/// `ecomap capacity`.
pub fn capacity(r: &CapacityReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Capacity against benchmarks: {}", clean(&r.area));
    if r.overridden.is_empty() {
        out.push_str(
            "Benchmarks: the built-in values (`ecomap benchmarks` lists them); none overridden.\n",
        );
    } else {
        out.push_str("Benchmarks overridden:\n");
        for o in &r.overridden {
            let _ = writeln!(out, "- {}", clean(&overridden(o)));
        }
    }
    if !r.missing_figures.is_empty() {
        out.push_str("Area figures missing (named, not assumed):\n");
        for m in &r.missing_figures {
            let _ = writeln!(out, "- {}", clean(&missing_figure(m)));
        }
    }
    for (i, c) in r.checks.iter().enumerate() {
        check(&mut out, i + 1, c);
    }
    if !r.sources.is_empty() {
        out.push_str("\nSources of the benchmarks used\n");
        for b in &r.sources {
            let _ = writeln!(
                out,
                "- {} = {}{}: {}",
                clean(&b.id),
                number(b.value),
                b.overridden_by
                    .map_or(String::new(), |by| format!(" (overridden by {by})")),
                clean(&b.source)
            );
        }
    }
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
    let overridden: Vec<&str> = t.overridden().map(|b| b.id.as_str()).collect();
    if overridden.is_empty() {
        out.push_str("None overridden.\n");
    } else {
        let _ = writeln!(out, "Overridden: {}.", clean(&overridden.join(", ")));
    }
    for b in &t.entries {
        let _ = writeln!(
            out,
            "\n{} = {}  {}",
            clean(&b.id),
            value_words(b),
            clean(&b.unit)
        );
        let _ = writeln!(out, "    source: {}", clean(&b.source));
        if let Some(n) = &b.note {
            let _ = writeln!(out, "    note: {}", clean(n));
        }
        if let Some(by) = b.overridden_by {
            let _ = writeln!(
                out,
                "    overridden by {by} (built in: {})",
                b.builtin.map_or_else(|| "none".to_owned(), number)
            );
        }
    }
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
    }
}
