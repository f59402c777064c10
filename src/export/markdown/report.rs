//! The gap report in Markdown (GitHub-flavoured): title, summary, how to read it, then the
//! sections, each a public function of its own file taking the analysis results, so other reports
//! can reuse them. Every piece of text from a map goes through the escaping writer [`Doc`], so a
//! name cannot inject markup, links or HTML.
//!

use std::fmt::Write;

use super::coverage::coverage_section;
use super::funding::{capacity_section, funding_section};
use super::gaps::gaps_section;
use super::overlaps::overlaps_section;
use super::services::services_section;
use super::write::*;
use crate::analysis::benchmarks::Standing;
use crate::analysis::gaps::GapKind;
use crate::analysis::report::{CapacityKey, FundingKey, KeyNumbers, Report, SpendShare};
use crate::export::text::benchmarks::{number, number_against};
use crate::export::text::funding::{percent, reading_words};
use crate::export::text::people;
use crate::money::Money;

/// The whole gap report.
pub fn report(r: &Report) -> String {
    let mut w = Doc::new();
    title(&mut w, r);
    summary(&mut w, r);
    reading_guide(&mut w);
    gaps_section(&mut w, r);
    overlaps_section(&mut w, &r.overlaps, &r.services, &r.area.currency);
    coverage_section(&mut w, &r.coverage);
    funding_section(&mut w, &r.funding);
    w.raw("\n");
    capacity_section(&mut w, &r.capacity);
    w.raw("\n");
    services_section(&mut w, &r.services, &r.area.currency);
    w.finish()
}

/// `# Gap report: Riverside, 2026-27`.
pub fn title(w: &mut Doc, r: &Report) {
    w.raw("# Gap report: ").text(&r.area.name);
    if let Some(p) = &r.area.period {
        w.raw(", ").text(p);
    }
    w.raw("\n\n");
}

/// The one-paragraph summary with the key numbers: who has a route and who has none, places,
/// overlaps, where the money goes by evidence, and the IPS workforce against the benchmarks.
pub fn summary(w: &mut Doc, r: &Report) {
    let k = &r.key;
    let cur = r.area.currency.as_str();
    let mut s = gaps_sentences(k, cur);
    s.push_str(&overlaps_sentence(k));
    // The paragraph's words and numbers are ours; no map text goes into it.
    prose_with_bold(w, &s);
    if let Some(top) = r.overlaps.overlaps.iter().find(|o| o.is_concern()) {
        w.raw(" The first to look at is ");
        code(w, top.services[0].as_str());
        w.raw(" + ");
        code(w, top.services[1].as_str());
        w.raw(".");
    }
    let mut s = String::new();
    if k.spend != Money::ZERO {
        s.push(' ');
        s.push_str(&evidence_sentence(&k.funding, k.spend, cur));
    }
    s.push(' ');
    s.push_str(&capacity_sentence(&k.capacity));
    prose_with_bold(w, &s);
    w.raw("\n\n");
}

/// What is on the map, who has a route and who has none, and the places where routes exist.
fn gaps_sentences(k: &KeyNumbers, cur: &str) -> String {
    let g = &k.gaps;
    let kinds: Vec<String> = g
        .by_kind
        .iter()
        .filter(|c| c.kind != GapKind::Capacity && c.gaps > 0)
        .map(|c| format!("{} {}", c.gaps, c.kind.name()))
        .collect();
    let has = |n: usize| if n == 1 { "has" } else { "have" };
    let mut s = format!(
        "The map has {} ({} people) and {}. The cohorts need {} of support between them (each cohort × each stage it needs): **{} {} a route and {} {} none**",
        count(k.cohorts, "cohort", "cohorts"),
        people(k.people),
        k.services_words(&money(k.spend, cur)),
        count(g.cohort_stages, "stage", "stages"),
        g.with_route,
        has(g.with_route),
        g.without_route,
        has(g.without_route),
    );
    if g.without_route > 0 {
        let _ = write!(
            s,
            ", leaving **{} without a route** to support they need (each person counted once, however many stages they lack; {})",
            count_people(g.people_without_route),
            kinds.join(", ")
        );
    }
    s.push('.');
    if g.short_of_places > 0 {
        let _ = write!(
            s,
            " Where routes exist, {} {} short of places: **{} without a place** (counted once).",
            g.short_of_places,
            if g.short_of_places == 1 { "is" } else { "are" },
            count_people(g.people_short_of_places)
        );
    } else {
        s.push_str(" Where routes exist, none is short of the places stated.");
    }
    if g.capacity_unknown > 0 {
        let _ = write!(
            s,
            " For {} more, a service on the routes states no capacity or is national (its places notional for the area), so no shortfall can be worked out.",
            g.capacity_unknown
        );
    }
    s
}

/// The overlapping pairs: open for review, needed for capacity, accepted.
fn overlaps_sentence(k: &KeyNumbers) -> String {
    format!(
        " **{} of services {} in whom they serve** and {} open for review; {} needed for capacity (their places together are no more than the people who can use either); {} accepted.",
        count(k.overlap_concerns, "pair", "pairs"),
        if k.overlap_concerns == 1 {
            "overlaps"
        } else {
            "overlap"
        },
        if k.overlap_concerns == 1 { "is" } else { "are" },
        if k.overlaps_needed == 1 {
            "1 more is".to_owned()
        } else {
            format!("{} more are", k.overlaps_needed)
        },
        if k.overlaps_accepted == 1 {
            "1 overlap is".to_owned()
        } else {
            format!("{} overlaps are", k.overlaps_accepted)
        }
    )
}

/// Where the money goes by the evidence for each piece of it (004 §18-54), and what the sources'
/// limits kept from its model's level.
fn evidence_sentence(f: &FundingKey, total: Money, cur: &str) -> String {
    let part = |x: &SpendShare| format!("{} ({})", money(x.spend, cur), percent(x.share));
    let strong = if f.strong_evidence.spend == Money::ZERO {
        "**none goes to models with strong evidence** of getting people into paid work (IPS, for people in secondary mental health care)"
            .to_owned()
    } else {
        format!(
            "**{} goes to models with strong evidence** of getting people into paid work (IPS, for people in secondary mental health care)",
            part(&f.strong_evidence)
        )
    };
    let mut s = format!("Of the {} a year, {strong}", money(total, cur));
    let others: Vec<String> = [
        (&f.emerging_evidence, "emerging"),
        (&f.limited_evidence, "limited"),
    ]
    .iter()
    .filter(|(x, _)| x.spend != Money::ZERO)
    .map(|(x, level)| format!("{} to models with {level} evidence", part(x)))
    .collect();
    if !others.is_empty() {
        let _ = write!(s, ", {}", others.join(" and "));
    }
    if f.evidence_unknown.spend != Money::ZERO {
        let _ = write!(
            s,
            "; {} is employment support whose evidence is unknown",
            part(&f.evidence_unknown)
        );
    }
    if f.evidence_against.spend != Money::ZERO {
        let _ = write!(
            s,
            "; **{} goes to models the evidence is against**, candidates for disinvestment",
            part(&f.evidence_against)
        );
    }
    s.push('.');
    let kept: Vec<String> = f
        .readings
        .iter()
        .map(|r| format!("{} of {}", money(r.amount, cur), reading_words(r.reading)))
        .collect();
    if !kept.is_empty() {
        let _ = write!(s, " Not counted at its model's level: {}.", kept.join("; "));
    }
    s
}

/// The IPS workforce the area needs against the one mapped (004 §36-39), and how many
/// benchmarks the map misses.
fn capacity_sentence(c: &CapacityKey) -> String {
    let against = match c.overridden {
        0 => "Against published benchmarks".to_owned(),
        1 => "Against published benchmarks (1 of them overridden)".to_owned(),
        n => format!("Against published benchmarks ({n} of them overridden)"),
    };
    let mut s = ips_words(c, &against);
    // Comparisons, not figures: one figure may be held against several benchmarks.
    match (c.not_met, c.comparisons) {
        (_, 0) => {}
        (m, 1) => {
            let _ = write!(
                s,
                "; the one comparison with a benchmark is {}",
                if m == 0 { "met" } else { "not met" }
            );
        }
        (0, n) => {
            let _ = write!(
                s,
                "; every one of the {n} comparisons with a benchmark is met"
            );
        }
        (m, n) if m == n => {
            let _ = write!(s, "; none of the {n} comparisons with a benchmark is met");
        }
        (m, n) => {
            let _ = write!(
                s,
                "; {m} of {n} comparisons with a benchmark {} not met",
                if m == 1 { "is" } else { "are" }
            );
        }
    }
    if let Some(words) = crate::export::words::above_range(c.above_range) {
        let _ = write!(s, " ({words})");
    }
    if let Some(words) =
        crate::export::words::share_targets(c.share_targets, c.share_targets_reached)
    {
        let _ = write!(s, "; {words}");
    }
    if c.missing_figures > 0 {
        let _ = write!(
            s,
            "; {} the benchmarks need {} missing",
            count(c.missing_figures, "area figure", "area figures"),
            if c.missing_figures == 1 { "is" } else { "are" }
        );
    }
    s.push('.');
    s
}

/// The IPS workforce the area needs against the one mapped, after `against`.
fn ips_words(c: &CapacityKey, against: &str) -> String {
    match &c.ips_workforce {
        Some(ips) => {
            let needed = format!("{} to {}", number(ips.needed_low), number(ips.needed_high));
            match (ips.mapped, ips.standing) {
                (Some(mapped), Some(standing)) => {
                    // As in the capacity working: a figure just under (or over) the range never
                    // prints as its end, nor an end as the figure (13.79 mapped against 13.794
                    // needed, never 13.79 against 13.79).
                    let needed = format!(
                        "{} to {}",
                        number_against(ips.needed_low, &[mapped]),
                        number_against(ips.needed_high, &[mapped])
                    );
                    let standing = match standing {
                        Standing::Under => "fewer than the low case",
                        Standing::At => "within the range",
                        Standing::Over => "more than the high case",
                    };
                    format!(
                        "{against}, the area needs {needed} IPS employment specialists (004 §36-39) and **the map has {} (whole-time equivalent, WTE), {standing}**",
                        number_against(mapped, &[ips.needed_low, ips.needed_high])
                    )
                }
                _ if ips.ips_services == 0 => format!(
                    "{against}, the area needs {needed} IPS employment specialists (004 §36-39); the map shows no IPS service, so the workforce mapped is missing"
                ),
                _ => format!(
                    "{against}, the area needs {needed} IPS employment specialists (004 §36-39); the IPS services on the map do not all state their `capacity.wte`, so the workforce cannot be compared"
                ),
            }
        }
        // The one figure without which IPS demand cannot be estimated (004 §36a).
        None => "IPS demand cannot be estimated: the map does not give `area.figures.secondary_care_caseload` (working-age people on secondary mental health caseloads)".to_owned(),
    }
}

/// "1 cohort", "8 cohorts".
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "1 person", "1,342 people".
fn count_people(n: f64) -> String {
    if people(n) == "1" {
        "1 person".to_owned()
    } else {
        format!("{} people", people(n))
    }
}

/// Like [`prose`], keeping the `**bold**` the exporter wrote (map text never holds it here).
fn prose_with_bold(w: &mut Doc, text: &str) {
    for (i, part) in text.split("**").enumerate() {
        if i % 2 == 1 {
            w.raw("**");
            prose(w, part);
            w.raw("**");
        } else {
            prose(w, part);
        }
    }
}

/// What each kind of gap means, and the other words a reader may not know.
pub fn reading_guide(w: &mut Doc) {
    w.raw("## How to read this report\n\n");
    w.raw("A cohort has a *route* to a stage of support when a service offers the stage, the cohort meets its eligibility rule, and the cohort can get there: by walking in (self-referral) or through a chain of referrals from where it first shows up, passing only through services it is eligible for. Each stage a cohort needs without a route is a gap of one kind, the first that applies in this order:\n\n");
    for kind in GapKind::ALL {
        w.raw("- **").raw(kind.name()).raw("**: ");
        w.raw(kind.meaning());
        if kind == GapKind::Capacity {
            w.raw(" (places are shared between cohorts so that as many needs as possible are met: a place meets every stage its person needs at the service)");
        }
        w.raw(".\n");
    }
    w.raw("\nEach gap names every service that offers the stage and what keeps the cohort from it, and ends with the nearest fix: the smallest change to the map's services that would open a route.\n\n");
    w.raw("Other words used below:\n\n");
    for (word, meaning) in crate::export::words::REPORT_WORDS {
        w.raw("- **").raw(word).raw("**: ").raw(meaning).raw(".\n");
    }
    w.raw("\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::funding::{Reading, ReadingSpend};
    use crate::benchmarks::Evidence;

    fn key(
        ips: Option<(f64, f64, Option<f64>, Standing)>,
        not_met: usize,
        comparisons: usize,
    ) -> CapacityKey {
        CapacityKey {
            ips_workforce: ips.map(|(low, high, mapped, standing)| {
                crate::analysis::benchmarks::IpsWorkforce {
                    needed_low: low,
                    needed_high: high,
                    ips_services: 1,
                    mapped,
                    standing: mapped.map(|_| standing),
                }
            }),
            comparisons,
            not_met,
            above_range: 0,
            share_targets: 0,
            share_targets_reached: 0,
            missing_figures: 0,
            overridden: 0,
        }
    }

    #[test]
    fn the_capacity_sentence_says_where_the_ips_workforce_stands() {
        // 552 ÷ 40 = 13.8 and 920 ÷ 40 = 23 specialists needed (004's worked figures); 5 mapped.
        // 8 of 16 comparisons unmet: counted as comparisons (one figure may be held against
        // several benchmarks), never as figures.
        assert_eq!(
            capacity_sentence(&key(Some((13.8, 23.0, Some(5.0), Standing::Under)), 8, 16)),
            "Against published benchmarks, the area needs 13.8 to 23 IPS employment specialists (004 §36-39) and **the map has 5 (whole-time equivalent, WTE), fewer than the low case**; 8 of 16 comparisons with a benchmark are not met."
        );
        let within = capacity_sentence(&key(Some((3.0, 5.0, Some(4.0), Standing::At)), 0, 2));
        assert!(within.contains("**the map has 4 (whole-time equivalent, WTE), within the range**; every one of the 2 comparisons with a benchmark is met."), "{within}");
        let none = capacity_sentence(&key(Some((3.0, 5.0, Some(4.0), Standing::At)), 2, 2));
        assert!(
            none.ends_with("; none of the 2 comparisons with a benchmark is met."),
            "{none}"
        );
        // 6 specialists against 3 to 5: above the range, which is not a shortfall. Of the 2
        // comparisons (both above their range) none is unmet; the sentence says both are above.
        let mut over = key(Some((3.0, 5.0, Some(6.0), Standing::Over)), 0, 2);
        over.above_range = 2;
        let over = capacity_sentence(&over);
        assert!(
            over.contains("more than the high case**; every one of the 2 comparisons with a benchmark is met (2 figures are above their range: not shortfalls, possibly more than needed, worth a look)."),
            "{over}"
        );
        let one = capacity_sentence(&key(Some((3.0, 5.0, Some(2.0), Standing::Under)), 1, 1));
        assert!(
            one.ends_with("; the one comparison with a benchmark is not met."),
            "{one}"
        );
        let one_met = capacity_sentence(&key(Some((3.0, 5.0, Some(4.0), Standing::At)), 0, 1));
        assert!(
            one_met.ends_with("; the one comparison with a benchmark is met."),
            "{one_met}"
        );
    }

    #[test]
    fn the_ips_workforce_never_prints_as_the_end_of_the_range_it_is_not_at() {
        // 13.7999 mapped against 13.8 needed: two decimals print both 13.8; four tell them apart.
        let s = capacity_sentence(&key(
            Some((13.8, 23.0, Some(13.7999), Standing::Under)),
            1,
            2,
        ));
        assert!(
            s.contains("needs 13.8 to 23 IPS employment specialists (004 §36-39) and **the map has 13.7999 (whole-time equivalent, WTE), fewer than the low case**"),
            "{s}"
        );
        // 13.794 needed (551.76 ÷ 40) against 13.79 mapped: both print 13.79 at two decimals;
        // the end of the range takes the third.
        let s = capacity_sentence(&key(
            Some((13.794, 23.0, Some(13.79), Standing::Under)),
            1,
            2,
        ));
        assert!(
            s.contains("needs 13.794 to 23 IPS employment specialists (004 §36-39) and **the map has 13.79 (whole-time equivalent, WTE)"),
            "{s}"
        );
        // Far apart, two decimals as ever.
        let s = capacity_sentence(&key(Some((13.8, 23.0, Some(5.0), Standing::Under)), 1, 2));
        assert!(
            s.contains("needs 13.8 to 23 IPS") && s.contains("has 5 (whole-time equivalent, WTE)"),
            "{s}"
        );
    }

    #[test]
    fn a_target_for_a_share_of_services_is_said_apart_and_not_counted() {
        // 004 §56f: advisers at 1:8 in 40% of services. Under it, the area is not short of it.
        let mut k = key(Some((3.0, 5.0, Some(4.0), Standing::At)), 0, 2);
        k.share_targets = 1;
        let s = capacity_sentence(&k);
        assert!(
            s.ends_with("every one of the 2 comparisons with a benchmark is met; a target set for a share of services, not each, is not reached (not counted as a shortfall)."),
            "{s}"
        );
        // No IPS service on the map: the workforce mapped is missing, not 0.
        let mut k = key(Some((3.0, 5.0, None, Standing::Under)), 0, 0);
        if let Some(w) = k.ips_workforce.as_mut() {
            w.ips_services = 0;
        }
        assert!(
            capacity_sentence(&k)
                .contains("the map shows no IPS service, so the workforce mapped is missing"),
            "{}",
            capacity_sentence(&k)
        );
    }

    #[test]
    fn the_capacity_sentence_names_what_is_missing_and_what_is_overridden() {
        let mut k = key(None, 0, 0);
        k.missing_figures = 4;
        assert_eq!(
            capacity_sentence(&k),
            "IPS demand cannot be estimated: the map does not give `area.figures.secondary_care_caseload` (working-age people on secondary mental health caseloads); 4 area figures the benchmarks need are missing."
        );
        let mut k = key(Some((3.0, 5.0, None, Standing::Under)), 0, 0);
        k.overridden = 1;
        assert_eq!(
            capacity_sentence(&k),
            "Against published benchmarks (1 of them overridden), the area needs 3 to 5 IPS employment specialists (004 §36-39); the IPS services on the map do not all state their `capacity.wte`, so the workforce cannot be compared."
        );
    }

    #[test]
    fn the_evidence_sentence_gives_each_level_with_its_share() {
        let part = |pounds: i64, share: f64| SpendShare {
            spend: Money(pounds * 100),
            share,
        };
        // 285,000 of 3,949,000 = 7.2%; 353,000 = 8.9%; 190,000 = 4.8%; 310,000 = 7.9%;
        // 508,000 = 12.9%.
        let f = FundingKey {
            strong_evidence: part(285_000, 285.0 / 3949.0),
            emerging_evidence: part(353_000, 353.0 / 3949.0),
            limited_evidence: part(190_000, 190.0 / 3949.0),
            evidence_unknown: part(310_000, 310.0 / 3949.0),
            evidence_against: part(508_000, 508.0 / 3949.0),
            readings: vec![ReadingSpend {
                evidence: Evidence::Emerging,
                reading: Reading::OutsidePopulation,
                amount: Money(4_000_000),
            }],
            unfunded_need: 0,
        };
        assert_eq!(
            evidence_sentence(&f, Money(394_900_000), "GBP"),
            "Of the £3,949,000 a year, **£285,000 (7.2%) goes to models with strong evidence** of getting people into paid work (IPS, for people in secondary mental health care), £353,000 (8.9%) to models with emerging evidence and £190,000 (4.8%) to models with limited evidence; £310,000 (7.9%) is employment support whose evidence is unknown; **£508,000 (12.9%) goes to models the evidence is against**, candidates for disinvestment. Not counted at its model's level: £40,000 of IPS money reaching people outside secondary mental health care (counted as IPS in primary care, 004 §44)."
        );
        // No IPS at all is said plainly; levels with no spend are left out.
        let none = FundingKey {
            strong_evidence: part(0, 0.0),
            emerging_evidence: part(0, 0.0),
            limited_evidence: part(0, 0.0),
            evidence_unknown: part(0, 0.0),
            evidence_against: part(0, 0.0),
            readings: Vec::new(),
            unfunded_need: 0,
        };
        assert_eq!(
            evidence_sentence(&none, Money(6_000_000), "GBP"),
            "Of the £60,000 a year, **none goes to models with strong evidence** of getting people into paid work (IPS, for people in secondary mental health care)."
        );
    }
}
