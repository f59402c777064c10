//! Plain text for the terminal: aligned tables and short paragraphs. Control characters from a
//! map are shown escaped, so a name cannot move the cursor or change colours.

pub mod benchmarks;
pub mod funding;
pub mod gaps;

use std::fmt::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

use unicode_width::UnicodeWidthStr;

use crate::analysis::eligibility::Matrix;
use crate::analysis::summary::{
    CohortSummary, CommissionerSummary, PlannedSummary, ServiceSummary, Summary,
};
use crate::eligibility::Ternary;
use crate::export::words;
use crate::money::{Money, group_thousands};

/// The width prose is wrapped to when the output is not a terminal (a file, a pipe): the same
/// bytes wherever it runs.
pub const DEFAULT_WIDTH: usize = 100;

/// The width prose paragraphs are wrapped to; tables are never wrapped.
static WRAP_WIDTH: AtomicUsize = AtomicUsize::new(DEFAULT_WIDTH);

/// Sets the width prose is wrapped to, once, before any output is made: the CLI sets the
/// terminal's width when it writes to one (see [`width_for`]).
pub fn set_wrap_width(width: usize) {
    WRAP_WIDTH.store(width, Ordering::Relaxed);
}

/// The width prose paragraphs are wrapped to.
pub fn wrap_width() -> usize {
    WRAP_WIDTH.load(Ordering::Relaxed)
}

/// The width to wrap to: a terminal's width (kept between 40 and 160 characters, one column spare),
/// or [`DEFAULT_WIDTH`] when the output is no terminal.
pub fn width_for(terminal_columns: Option<u16>) -> usize {
    match terminal_columns {
        Some(c) => usize::from(c).saturating_sub(1).clamp(40, 160),
        None => DEFAULT_WIDTH,
    }
}

/// "1 gap", "3 gaps".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Text with control characters made visible.
pub fn clean(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_control() && c != '\n' {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// A table of left-aligned columns (numbers right-aligned), with a header rule.
#[derive(Debug, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    right: Vec<bool>,
}

impl Table {
    pub fn new<S: AsRef<str>>(header: &[S]) -> Table {
        Table {
            header: header.iter().map(|h| clean(h.as_ref())).collect(),
            rows: Vec::new(),
            right: vec![false; header.len()],
        }
    }

    /// Right-aligns the given columns.
    pub fn right_align(mut self, columns: &[usize]) -> Table {
        for &c in columns {
            if let Some(r) = self.right.get_mut(c) {
                *r = true;
            }
        }
        self
    }

    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        self.rows.push(
            cells
                .iter()
                .map(|c| clean(c.as_ref()).replace('\n', " "))
                .collect(),
        );
    }

    /// The table as text, two spaces between columns, each line ending in a newline.
    pub fn render(&self) -> String {
        let width = |s: &str| s.width();
        let mut widths: Vec<usize> = self.header.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (i, c) in row.iter().enumerate() {
                if i < widths.len() {
                    widths[i] = widths[i].max(width(c));
                } else {
                    widths.push(width(c));
                }
            }
        }
        let mut out = String::new();
        let line = |out: &mut String, cells: &[String]| {
            let mut l = String::new();
            for (i, c) in cells.iter().enumerate() {
                let pad = widths[i].saturating_sub(width(c));
                let last = i + 1 == cells.len();
                if self.right.get(i).copied().unwrap_or(false) {
                    l.push_str(&" ".repeat(pad));
                    l.push_str(c);
                } else {
                    l.push_str(c);
                    if !last {
                        l.push_str(&" ".repeat(pad));
                    }
                }
                if !last {
                    l.push_str("  ");
                }
            }
            out.push_str(l.trim_end());
            out.push('\n');
        };
        line(&mut out, &self.header);
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        line(&mut out, &rule);
        for row in &self.rows {
            line(&mut out, row);
        }
        out
    }
}

pub use super::words::people;

fn opt_number(n: Option<f64>) -> String {
    n.map_or_else(
        || "–".to_owned(),
        |n| {
            if n.fract() == 0.0 && n >= 0.0 {
                group_thousands(n as u64)
            } else {
                format!("{n}")
            }
        },
    )
}

/// `ecomap show`.
pub fn summary(s: &Summary) -> String {
    let cur = s.area.currency.as_str();
    let money = |m: Money| m.display(cur).to_string();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}){}",
        clean(&s.area.name),
        clean(s.area.id.as_str()),
        s.area
            .period
            .as_ref()
            .map_or(String::new(), |p| format!(", {}", clean(p)))
    );
    let _ = writeln!(
        out,
        "Population {}, of working age {}.",
        opt_number(s.area.population),
        opt_number(s.area.working_age_population)
    );
    let c = &s.counts;
    let _ = writeln!(
        out,
        "{} commissioners, {} providers, {} services, {} cohorts ({} people), {} rules; {} a year in funding to services.\n",
        c.commissioners,
        c.providers,
        c.services,
        c.cohorts,
        people(c.people_in_cohorts),
        c.rules,
        money(c.spend)
    );

    let _ = writeln!(out, "Commissioners");
    out.push_str(&commissioners_table(&s.commissioners, cur));
    let _ = writeln!(out, "\nServices");
    out.push_str(&services_table(&s.services, cur));
    let _ = writeln!(out, "\nCohorts");
    out.push_str(&cohorts_table(&s.cohorts));
    if !s.planned.is_empty() {
        let _ = writeln!(
            out,
            "\nPlanned funding (not awarded yet, not counted above)"
        );
        out.push_str(&planned_table(&s.planned, cur));
    }
    if !s.sources.is_empty() {
        let _ = writeln!(out, "\nSources");
        for src in &s.sources {
            let mut line = format!("- {}: {}", clean(&src.about), clean(&src.source.citation));
            if let Some(u) = &src.source.url {
                let _ = write!(line, " <{}>", clean(u));
            }
            if let Some(d) = &src.source.as_of {
                let _ = write!(line, " (as of {d})");
            }
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

fn commissioners_table(list: &[CommissionerSummary], cur: &str) -> String {
    let money = |m: Money| m.display(cur).to_string();
    let mut t = Table::new(&[
        "id",
        "name",
        "kind",
        "services funded",
        "to services",
        "passed on",
        "received",
    ])
    .right_align(&[4, 5, 6]);
    for cm in list {
        let services: Vec<&str> = cm.services.iter().map(|i| i.as_str()).collect();
        t.row(&[
            cm.id.as_str(),
            &cm.name,
            &cm.kind,
            &if services.is_empty() {
                "–".to_owned()
            } else {
                services.join(", ")
            },
            &money(cm.spend_on_services),
            &money(cm.passed_on),
            &money(cm.received),
        ]);
    }
    t.render()
}

fn services_table(list: &[ServiceSummary], cur: &str) -> String {
    let mut t = Table::new(&["id", "name", "model", "stages", "places/yr", "funding/yr"])
        .right_align(&[4, 5]);
    for sv in list {
        let stages: Vec<&str> = sv.stages.iter().map(|i| i.as_str()).collect();
        t.row(&[
            sv.id.as_str(),
            &sv.name,
            &sv.model,
            &stages.join(", "),
            &sv.places.map_or_else(|| "unknown".to_owned(), people),
            &sv.spend.display(cur).to_string(),
        ]);
    }
    t.render()
}

fn cohorts_table(list: &[CohortSummary]) -> String {
    let mut t =
        Table::new(&["id", "name", "size", "needs (people)", "enters via"]).right_align(&[2]);
    for ch in list {
        let needs: Vec<String> = ch
            .needs
            .iter()
            .map(|n| format!("{} {}", n.stage, people(n.people)))
            .collect();
        let entry: Vec<&str> = ch.enters_via.iter().map(|i| i.as_str()).collect();
        t.row(&[
            ch.id.as_str(),
            &ch.name,
            &people(ch.size),
            &needs.join(", "),
            &entry.join(", "),
        ]);
    }
    t.render()
}

fn planned_table(list: &[PlannedSummary], cur: &str) -> String {
    let mut t = Table::new(&["from", "to", "amount/yr", "start", "end"]).right_align(&[2]);
    let date = |d: Option<crate::date::Date>| d.map_or_else(|| "–".to_owned(), |d| d.to_string());
    for p in list {
        t.row(&[
            p.from.as_str(),
            p.to.as_str(),
            &p.amount
                .map_or_else(|| "not known".to_owned(), |m| m.display(cur).to_string()),
            &date(p.contract.start),
            &date(p.contract.end),
        ]);
    }
    t.render()
}

fn mark(t: Ternary) -> &'static str {
    match t {
        Ternary::Yes => "yes",
        Ternary::No => "no",
        Ternary::Unknown => "?",
    }
}

/// `ecomap eligibility`: services down, cohorts across (numbered, with a key), then the reasons.
pub fn matrix(m: &Matrix, why: bool) -> String {
    let mut out = String::new();
    let mut header = vec!["service".to_owned()];
    header.extend((1..=m.cohorts.len()).map(|i| format!("C{i}")));
    let mut t = Table::new(&header);
    for s in &m.services {
        let mut row = vec![s.to_string()];
        for c in &m.cohorts {
            let cell = m.cells.iter().find(|x| &x.cohort == c && &x.service == s);
            row.push(cell.map_or("", |x| mark(x.outcome)).to_owned());
        }
        t.row(&row);
    }
    out.push_str(&t.render());
    out.push_str("\nCohorts: ");
    let key: Vec<String> = m
        .cohorts
        .iter()
        .enumerate()
        .map(|(i, c)| format!("C{} {}", i + 1, clean(c.as_str())))
        .collect();
    out.push_str(&key.join(", "));
    out.push_str("\nyes: eligible · no: not eligible · ?: undetermined (the map does not say enough to decide)\n");

    let shown: Vec<_> = m
        .cells
        .iter()
        .filter(|c| why || c.outcome != Ternary::Yes)
        .filter(|c| why || !c.verdict.because.is_empty())
        .collect();
    if !shown.is_empty() {
        out.push_str(if why {
            "\nReasons\n"
        } else {
            "\nWhy not, and what is undetermined\n"
        });
        for c in shown {
            let _ = writeln!(
                out,
                "- {} × {}: {} — {}",
                clean(c.cohort.as_str()),
                clean(c.service.as_str()),
                c.outcome,
                clean(&words::eligibility::explain(c.verdict.value, &c.verdict.because).plain())
            );
            if c.outcome == Ternary::Unknown {
                for f in words::eligibility::settle(&c.verdict.because) {
                    let _ = writeln!(out, "    to settle it: {}", clean(&f.plain()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_the_columns_they_fill() {
        // `東京` is two characters but four columns wide, as wide as `abcd`: the second column
        // starts at the same place in both rows (4 columns, then two spaces).
        let mut t = Table::new(&["name", "n"]);
        t.row(&["東京", "1"]);
        t.row(&["abcd", "2"]);
        assert_eq!(t.render(), "name  n\n────  ─\n東京  1\nabcd  2\n");
    }

    #[test]
    fn prose_wraps_to_the_terminal_within_bounds() {
        // No terminal: the same 100 characters everywhere.
        assert_eq!(width_for(None), 100);
        // A terminal of 70 columns: 69, one spare so no line touches the edge.
        assert_eq!(width_for(Some(70)), 69);
        // Too narrow to read, or too wide to follow: held to 40 and 160.
        assert_eq!(width_for(Some(20)), 40);
        assert_eq!(width_for(Some(400)), 160);
    }
}
