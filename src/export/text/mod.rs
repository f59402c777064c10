//! Plain text for the terminal: aligned tables and short paragraphs. Control characters from a
//! map are shown escaped, so a name cannot move the cursor or change colours.

pub mod benchmarks;
pub mod funding;
pub mod gaps;

use std::collections::BTreeMap;
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

/// The width text is wrapped to: prose paragraphs, and tables wider than it (their widest
/// columns narrowed, their cells wrapped: [`Table::render`]).
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
    /// Spaces before every line, counted in the width the table fits.
    indent: usize,
}

impl Table {
    pub fn new<S: AsRef<str>>(header: &[S]) -> Table {
        Table {
            header: header.iter().map(|h| clean(h.as_ref())).collect(),
            rows: Vec::new(),
            right: vec![false; header.len()],
            indent: 0,
        }
    }

    /// Starts every line with `spaces` spaces, as a table inside an indented block.
    pub fn indented(mut self, spaces: usize) -> Table {
        self.indent = spaces;
        self
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

    /// The table as text, two spaces between columns, each line ending in a newline. A table wider
    /// than prose is wrapped to ([`wrap_width`]) keeps its columns: its widest columns are
    /// narrowed, never below their longest word, and their cells wrap onto more lines.
    pub fn render(&self) -> String {
        let widths = self.fitted_widths();
        let mut out = String::new();
        self.line(&mut out, &widths, &self.header);
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        self.line(&mut out, &widths, &rule);
        for row in &self.rows {
            self.line(&mut out, &widths, row);
        }
        out
    }

    /// Each column's width: its widest cell, then the widest columns narrowed in turn until the
    /// table fits the prose width or none can narrow further (a column never below its longest
    /// word, so no word is broken).
    fn fitted_widths(&self) -> Vec<usize> {
        let columns = self
            .rows
            .iter()
            .map(Vec::len)
            .chain([self.header.len()])
            .max()
            .unwrap_or(0);
        let cells = |i: usize| {
            std::iter::once(&self.header)
                .chain(&self.rows)
                .filter_map(move |row| row.get(i))
        };
        let mut widths: Vec<usize> = (0..columns)
            .map(|i| cells(i).map(|c| c.width()).max().unwrap_or(0))
            .collect();
        let floors: Vec<usize> = (0..columns)
            .map(|i| {
                cells(i)
                    .flat_map(|c| c.split_whitespace())
                    .map(UnicodeWidthStr::width)
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let room = wrap_width().saturating_sub(self.indent);
        let total = |w: &[usize]| w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
        while total(&widths) > room {
            let Some(widest) = (0..columns)
                .filter(|&i| widths[i] > floors[i])
                .max_by_key(|&i| (widths[i], std::cmp::Reverse(i)))
            else {
                break;
            };
            let excess = total(&widths) - room;
            let next = (0..columns)
                .filter(|&i| i != widest && widths[i] > floors[i])
                .map(|i| widths[i])
                .max()
                .unwrap_or(0);
            widths[widest] = (widths[widest].saturating_sub(excess))
                .max(next.min(widths[widest] - 1))
                .max(floors[widest]);
        }
        widths
    }

    /// One row, its cells wrapped to their columns' widths: as many lines as its tallest cell.
    fn line(&self, out: &mut String, widths: &[usize], cells: &[String]) {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(widths)
            .map(|(c, &w)| wrap_cell(c, w))
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for k in 0..height {
            let mut l = " ".repeat(self.indent);
            for (i, lines) in wrapped.iter().enumerate() {
                let c = lines.get(k).map_or("", String::as_str);
                let pad = widths[i].saturating_sub(c.width());
                let last = i + 1 == wrapped.len();
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
        }
    }
}

/// A cell's text in lines of at most `width` columns, broken between words; a cell that fits is
/// one line, as written.
fn wrap_cell(cell: &str, width: usize) -> Vec<String> {
    if cell.width() <= width {
        return vec![cell.to_owned()];
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in cell.split_whitespace() {
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// `text` wrapped to the width of the terminal (100 columns in a file or pipe, see
/// [`wrap_width`]), the first line after `first`, the others indented by `indent` spaces; ends in
/// a newline. Every paragraph of text output is written through it.
pub(crate) fn wrap(first: &str, indent: usize, text: &str) -> String {
    let mut out = String::new();
    let mut line = clean(first);
    let mut empty = true;
    for word in clean(text).split_whitespace() {
        let len = UnicodeWidthStr::width(line.as_str());
        if !empty && len + 1 + UnicodeWidthStr::width(word) > wrap_width() {
            out.push_str(line.trim_end());
            out.push('\n');
            line = " ".repeat(indent);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
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
    let counts = format!(
        "{}, {}, {}, {} ({} people), {}; {} a year in funding to services.",
        plural(c.commissioners, "commissioner", "commissioners"),
        plural(c.providers, "provider", "providers"),
        plural(c.services, "service", "services"),
        plural(c.cohorts, "cohort", "cohorts"),
        people(c.people_in_cohorts),
        plural(c.rules, "rule", "rules"),
        money(c.spend)
    );
    out.push_str(&wrap("", 0, &counts));
    out.push('\n');

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
            let mut line = format!("{}: {}", src.about, src.source.citation);
            if let Some(u) = &src.source.url {
                let _ = write!(line, " <{u}>");
            }
            if let Some(d) = &src.source.as_of {
                let _ = write!(line, " (as of {d})");
            }
            out.push_str(&wrap("- ", 2, &line));
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
            &if sv.spend == Money::ZERO {
                NO_FUNDING.to_owned()
            } else {
                sv.spend.display(cur).to_string()
            },
        ]);
    }
    let mut out = t.render();
    if list.iter().any(|sv| sv.spend == Money::ZERO) {
        out.push_str(&wrap(
            "",
            0,
            "– under funding/yr: the map gives no funding (gateways such as GP practices, whose budgets lie outside the map).",
        ));
    }
    out
}

/// A service's funding where the map gives none: not "£0", which would say it is paid nothing.
const NO_FUNDING: &str = "–";

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
    // Each cell by its cohort and service (the first, should one be given twice), looked up
    // rather than searched for: a county's matrix has millions.
    let mut cells: BTreeMap<(&str, &str), Ternary> = BTreeMap::new();
    for x in &m.cells {
        cells
            .entry((x.cohort.as_str(), x.service.as_str()))
            .or_insert(x.outcome);
    }
    for s in &m.services {
        let mut row = vec![s.to_string()];
        for c in &m.cohorts {
            let cell = cells.get(&(c.as_str(), s.as_str()));
            row.push(cell.map_or("", |&x| mark(x)).to_owned());
        }
        t.row(&row);
    }
    out.push_str(&t.render());
    let key: Vec<String> = m
        .cohorts
        .iter()
        .enumerate()
        .map(|(i, c)| format!("C{} {}", i + 1, c))
        .collect();
    out.push('\n');
    out.push_str(&wrap("Cohorts: ", 2, &key.join(", ")));
    out.push_str(&wrap(
        "",
        0,
        "yes: eligible · no: not eligible · ?: undetermined (the map does not say enough to decide)",
    ));

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
            let line = format!(
                "{} × {}: {} — {}",
                c.cohort,
                c.service,
                c.outcome,
                words::eligibility::explain(c.verdict.value, &c.verdict.because).plain()
            );
            out.push_str(&wrap("- ", 2, &line));
            if c.outcome == Ternary::Unknown {
                for f in words::eligibility::settle(&c.verdict.because) {
                    out.push_str(&wrap("    to settle it: ", 6, &f.plain()));
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
    fn each_matrix_cell_is_its_own_cohort_and_service() {
        use crate::analysis::eligibility::Cell;
        use crate::eligibility::Verdict;
        use crate::model::Id;
        // Cells given service by service, the opposite of the rows' order, and `b` × `y` not at
        // all: row `x` reads yes (a) then no (b); row `y` reads ? (a) then nothing (b).
        let id = |s: &str| Id(s.to_owned());
        let cell = |c: &str, s: &str, outcome: Ternary| Cell {
            cohort: id(c),
            service: id(s),
            outcome,
            rule: None,
            verdict: Verdict {
                value: outcome,
                because: Vec::new(),
            },
        };
        let m = Matrix {
            cohorts: vec![id("a"), id("b")],
            services: vec![id("x"), id("y")],
            cells: vec![
                cell("a", "y", Ternary::Unknown),
                cell("b", "x", Ternary::No),
                cell("a", "x", Ternary::Yes),
            ],
        };
        let text = matrix(&m, false);
        let rows: Vec<Vec<&str>> = (text.lines().skip(2).take(2))
            .map(|l| l.split_whitespace().collect())
            .collect();
        assert_eq!(rows, [vec!["x", "yes", "no"], vec!["y", "?"]]);
    }

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
    fn a_table_wider_than_prose_wraps_its_long_cell_and_keeps_its_columns() {
        // Prose is 100 wide (no terminal). `id` takes 2 columns and 2 spaces, leaving 96 for the
        // note: 19 words of 4 letters with 18 spaces are 94 wide and fit; a 20th would make 99.
        // So the note's 24 words are 19 on the row's line and 5 on a second, under the note.
        let words = |n: usize| vec!["word"; n].join(" ");
        let mut t = Table::new(&["id", "note"]);
        t.row(&["a", &words(24)]);
        let expected = format!(
            "id  note\n──  {}\na   {}\n    {}\n",
            "─".repeat(96),
            words(19),
            words(5)
        );
        assert_eq!(t.render(), expected);
    }

    #[test]
    fn a_table_never_breaks_a_word_even_when_too_wide() {
        // Two columns each one word of 60 letters: 122 wide, and no column may narrow below its
        // longest word, so the table stays as it is rather than break a word.
        let long = "x".repeat(60);
        let mut t = Table::new(&["a", "b"]);
        t.row(&[&long, &long]);
        assert_eq!(
            t.render().lines().nth(2),
            Some(format!("{long}  {long}").as_str())
        );
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
