//! The words of a check that state a benchmark, written from the value in force: a rule is a
//! template (`one per {primary-care-population-per-specialist} population`) filled from the table,
//! and a rule whose value is overridden no longer claims its source (the built-in value is named
//! beside it). So with the map's `primary-care-population-per-specialist: 10000`, nothing says
//! "one per 50,000".

pub use crate::benchmarks::figures::{number, number_against, percent};
use crate::benchmarks::{Benchmark, Benchmarks};

/// What a check or comparison measures, with the rule it holds it to.
pub(super) struct Label {
    pub(super) what: &'static str,
    /// The source of the rule: `002`, `004 §47`, `IPS Grow`; empty when there is none to name.
    pub(super) source: &'static str,
    /// The rule, with benchmark values as `{id}` (a share as a percentage: `{id%}`); may be empty.
    pub(super) rule: &'static str,
}

/// The benchmarks a template names, in the order it names them, once each.
fn named<'t>(template: &str, t: &'t Benchmarks) -> Vec<(&'t Benchmark, bool)> {
    let mut out: Vec<(&Benchmark, bool)> = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        let (id, as_percent) = match name.strip_suffix('%') {
            Some(id) => (id, true),
            None => (name, false),
        };
        if let Some(b) = t.get(id)
            && !out.iter().any(|(x, _)| x.id == b.id)
        {
            out.push((b, as_percent));
        }
        rest = &after[close + 1..];
    }
    out
}

/// `template` with each `{id}` replaced by the value in force.
pub(super) fn fill(template: &str, t: &Benchmarks) -> String {
    let mut s = template.to_owned();
    for (b, as_percent) in named(template, t) {
        let (key, value) = if as_percent {
            (format!("{{{}%}}", b.id), percent(b.value))
        } else {
            (format!("{{{}}}", b.id), number(b.value))
        };
        s = s.replace(&key, &value);
    }
    s
}

/// `what (source: rule)` with the values in force; when a value in the rule is overridden,
/// `what (rule; <id> overridden by the map, built in <value>)`.
pub(super) fn render(l: &Label, t: &Benchmarks) -> String {
    let rule = fill(l.rule, t);
    let overridden: Vec<String> = named(l.rule, t)
        .into_iter()
        .filter_map(|(b, as_percent)| {
            let by = b.overridden_by?;
            let builtin = b.builtin.map_or_else(
                || "none".to_owned(),
                |v| if as_percent { percent(v) } else { number(v) },
            );
            Some(format!("{} overridden by {by}, built in {builtin}", b.id))
        })
        .collect();
    match (l.source.is_empty(), rule.is_empty(), overridden.is_empty()) {
        (true, true, _) => l.what.to_owned(),
        (false, true, _) => format!("{} ({})", l.what, l.source),
        (true, false, true) => format!("{} ({rule})", l.what),
        (false, false, true) => format!("{} ({}: {rule})", l.what, l.source),
        (_, false, false) => format!("{} ({rule}; {})", l.what, overridden.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_past_what_hundredths_hold_is_written_whole_never_capped() {
        // 9e18 is 9 and eighteen noughts: six groups of three after the 9. Counted in hundredths
        // it would pass the largest u64 (about 1.8e19) and be capped at 184,467,440,737,095,516.15.
        assert_eq!(number(9e18), "9,000,000,000,000,000,000");
        assert_eq!(number(-2e15), "-2,000,000,000,000,000");
        assert_eq!(number_against(9e18, &[35.0]), "9,000,000,000,000,000,000");
    }
    use crate::benchmarks::{OverrideFrom, ids};

    const PRIMARY: Label = Label {
        what: "Employment specialists in primary care",
        source: "002",
        rule: "one per {primary-care-population-per-specialist} population",
    };

    #[test]
    fn a_rule_is_written_from_the_value_in_force() {
        let mut t = Benchmarks::builtin();
        assert_eq!(
            render(&PRIMARY, &t),
            "Employment specialists in primary care (002: one per 50,000 population)"
        );
        let b = t
            .entries
            .iter_mut()
            .find(|b| b.id == ids::PRIMARY_CARE_POPULATION)
            .expect("in the table");
        b.value = 10_000.0;
        b.overridden_by = Some(OverrideFrom::Map);
        let overridden = render(&PRIMARY, &t);
        assert_eq!(
            overridden,
            "Employment specialists in primary care (one per 10,000 population; primary-care-population-per-specialist overridden by the map, built in 50,000)"
        );
        assert!(!overridden.contains("one per 50,000"));
    }

    #[test]
    fn a_figure_under_its_mark_never_prints_as_the_mark() {
        // 799 job starts of 2,000 out of work: 0.3995, which two decimals would print as 0.4,
        // the mark itself. Four decimals tell them apart.
        assert_eq!(number_against(799.0 / 2000.0, &[0.4]), "0.3995");
        // 0.6496 against 0.65: three decimals give 0.650, still the mark; four do not.
        assert_eq!(number_against(0.6496, &[0.65]), "0.6496");
        // 129 of 200 = 0.645 against 0.65: three decimals suffice.
        assert_eq!(number_against(0.645, &[0.65]), "0.645");
        // At the mark, or plainly apart from it: as number() prints it.
        assert_eq!(number_against(0.4, &[0.4]), "0.4");
        assert_eq!(number_against(64.0 / 160.0, &[0.4]), "0.4");
        assert_eq!(number_against(0.69, &[0.65]), "0.69");
        assert_eq!(number_against(24.999, &[25.0, 37.5]), "24.999");
        assert_eq!(number_against(1_999.999, &[2_000.0]), "1,999.999");
    }

    #[test]
    fn shares_print_as_percentages() {
        let t = Benchmarks::builtin();
        assert_eq!(
            fill("{talking-therapies-adviser-target-share%} of services", &t),
            "40% of services"
        );
        assert_eq!(percent(0.075), "7.5%");
    }
}
