//! The summary at the top of the page (the area and the key numbers, each a link to its section)
//! and, at the end, what is on the map (commissioners, services, cohorts, sources).

use std::fmt::Write;

use super::{Cell, Out, Section, cell, num, plural, table};
use crate::analysis::diagram::DiagramInputs;
use crate::analysis::gaps::GapKind;
use crate::analysis::report::{KeyNumbers, Report};
use crate::analysis::summary::{
    CohortSummary, CommissionerSummary, ServiceSummary, SourceEntry, summarise,
};
use crate::export::text::funding::percent;
use crate::export::text::people;
use crate::graph::Ecosystem;
use crate::model::Id;
use crate::money::Money;

/// One key number: a tile linking to the section that explains it.
struct Key {
    anchor: &'static str,
    /// `bad`, `warn` or `ok`: the colour of its edge (the words carry the meaning).
    tone: &'static str,
    number: String,
    what: String,
    sub: String,
}

/// The area, what the map holds, and the key numbers of every analysis.
pub(super) fn section(eco: &Ecosystem, inputs: &DiagramInputs) -> Section {
    let mut w = Out::new();
    lead(&mut w, eco, &inputs.report);
    let r = &inputs.report;
    let cur = eco.map.currency();
    let mut keys = gap_keys(&r.key);
    keys.push(overlap_key(eco, r));
    keys.extend(funding_keys(r, cur));
    keys.push(capacity_key(r));
    w.raw("<div class=\"keys\">\n");
    for key in keys {
        let _ = write!(w.raw("<a class=\"key "), "{}", key.tone);
        let _ = write!(w.raw("\" href=\"#"), "{}", key.anchor);
        let _ = write!(w.raw("\"><span class=\"n\">"), "{}", key.number);
        let _ = write!(w.raw("</span><span class=\"what\">"), "{}", key.what);
        let _ = write!(w.raw("</span><span class=\"sub\">"), "{}", key.sub);
        w.raw("</span></a>\n");
    }
    w.raw("</div>\n");
    reading_guide(&mut w);
    Section {
        id: "summary",
        title: "Summary",
        body: w.finish(),
    }
}

/// The words a reader at a meeting may not know, one line each (the kinds of gap are explained
/// with the gaps).
fn reading_guide(w: &mut Out) {
    w.raw("<h3>How to read this report</h3>\n<dl class=\"kinds\">\n");
    for (word, meaning) in crate::export::words::REPORT_WORDS {
        w.raw("<dt>")
            .text(word)
            .raw("</dt><dd>")
            .text(meaning)
            .raw("</dd>\n");
    }
    w.raw("</dl>\n");
}

/// The lead paragraph: the area, its population, and the need and services in one sentence.
fn lead(w: &mut Out, eco: &Ecosystem, r: &Report) {
    let area = summarise(eco).area;
    let k = &r.key;
    w.raw("<p class=\"lead\">");
    w.text(&area.name);
    if let Some(p) = &area.period {
        w.raw(", ");
        w.text(p);
    }
    w.raw(". ");
    if let Some(pop) = area.population {
        let _ = write!(w, "Population {}", people(pop.round() as u64));
        if let Some(wa) = area.working_age_population {
            let _ = write!(w, ", of working age {}", people(wa.round() as u64));
        }
        w.raw(". ");
    }
    let _ = write!(
        w,
        "{} ({} people) need {} of support between them (each cohort × each stage it needs); the map has {}.",
        plural(k.cohorts, "cohort", "cohorts"),
        people(k.people),
        plural(k.gaps.cohort_stages, "stage", "stages"),
        k.services_words(&k.spend.display(eco.map.currency()).to_string())
    );
    w.raw("</p>\n");
}

/// `ok` where nothing is wrong, else `level`.
fn tone(bad: bool, level: &'static str) -> &'static str {
    if bad { level } else { "ok" }
}

/// The cohort-stages with no route, and those short of places.
fn gap_keys(k: &KeyNumbers) -> Vec<Key> {
    let kinds: Vec<String> = k
        .gaps
        .by_kind
        .iter()
        .filter(|c| c.kind != GapKind::Capacity && c.gaps > 0)
        .map(|c| format!("{} {}", c.gaps, c.kind.name()))
        .collect();
    let mut no_route = format!(
        "{} people, each counted once",
        people(k.gaps.people_without_route)
    );
    if !kinds.is_empty() {
        let _ = write!(no_route, ": {}", kinds.join(", "));
    }
    let mut short = format!(
        "{} people without a place, counted once",
        people(k.gaps.people_short_of_places)
    );
    if k.gaps.capacity_unknown > 0 {
        let _ = write!(
            short,
            "; capacity unknown for {} more",
            k.gaps.capacity_unknown
        );
    }
    vec![
        Key {
            anchor: "gaps",
            tone: tone(k.gaps.without_route > 0, "bad"),
            number: k.gaps.without_route.to_string(),
            what: format!(
                "of {} cohort-stages {} no route",
                k.gaps.cohort_stages,
                if k.gaps.without_route == 1 {
                    "has"
                } else {
                    "have"
                }
            ),
            sub: no_route,
        },
        Key {
            anchor: "gaps",
            tone: tone(k.gaps.short_of_places > 0, "warn"),
            number: k.gaps.short_of_places.to_string(),
            what: if k.gaps.short_of_places == 1 {
                "cohort-stage with routes is short of places"
            } else {
                "cohort-stages with routes are short of places"
            }
            .to_owned(),
            sub: short,
        },
    ]
}

/// The overlapping pairs for review, and the first to look at.
fn overlap_key(eco: &Ecosystem, r: &Report) -> Key {
    let k = &r.key;
    let mut overlaps = format!("{} accepted", k.overlaps_accepted);
    if let Some(top) = r.overlaps.overlaps.iter().find(|o| o.is_concern()) {
        let _ = write!(
            overlaps,
            "; first to look at: {} + {}",
            eco.map.name_of(top.services[0].as_str()),
            eco.map.name_of(top.services[1].as_str())
        );
    }
    Key {
        anchor: "overlaps",
        tone: tone(k.overlap_concerns > 0, "warn"),
        number: k.overlap_concerns.to_string(),
        what: if k.overlap_concerns == 1 {
            "pair of services overlaps, for review"
        } else {
            "pairs of services overlap, for review"
        }
        .to_owned(),
        sub: overlaps,
    }
}

/// The money that reaches the cohorts, and spend by the evidence for each piece of money (the
/// funding analysis's rules).
fn funding_keys(r: &Report, cur: &str) -> [Key; 2] {
    let f = &r.funding;
    let against = &r.key.funding.evidence_against;
    let strong = &r.key.funding.strong_evidence;
    [
        Key {
            anchor: "funding",
            tone: tone(!f.unfunded_need.is_empty(), "warn"),
            number: f.totals.to_cohorts.display(cur).to_string(),
            what: "a year reaches the cohorts".to_owned(),
            sub: format!(
                "of {} to services; {} with need no money reaches",
                f.totals.to_services.display(cur),
                plural(f.unfunded_need.len(), "cohort-stage", "cohort-stages")
            ),
        },
        Key {
            anchor: "funding",
            tone: tone(against.spend != Money::ZERO, "warn"),
            number: against.spend.display(cur).to_string(),
            what: "a year on models the evidence is against".to_owned(),
            sub: format!(
                "{} of spend on services: candidates for disinvestment; {} ({}) goes to models with strong evidence",
                percent(against.share),
                strong.spend.display(cur),
                percent(strong.share)
            ),
        },
    ]
}

/// The benchmark comparisons not met, as the report's summary counts them (a figure above its
/// range is no shortfall, and said apart; so is a target set for a share of services, not each,
/// which is no shortfall of one area), and the area figures the checks lack.
fn capacity_key(r: &Report) -> Key {
    let c = &r.key.capacity;
    let missing = match r.capacity.missing_figures.len() {
        0 => "every area figure the checks need is given".to_owned(),
        n => format!(
            "{} the checks need not given",
            plural(n, "area figure", "area figures")
        ),
    };
    let sub = std::iter::once(missing)
        .chain(crate::export::words::above_range(c.above_range))
        .chain(crate::export::words::share_targets(
            c.share_targets,
            c.share_targets_reached,
        ))
        .collect::<Vec<_>>()
        .join("; ");
    Key {
        anchor: "capacity",
        tone: tone(c.not_met > 0, "warn"),
        number: c.not_met.to_string(),
        what: format!(
            "of {} benchmark comparisons {} not met",
            c.comparisons,
            if c.not_met == 1 { "is" } else { "are" }
        ),
        sub,
    }
}

fn ids(list: &[Id]) -> String {
    if list.is_empty() {
        return "–".to_owned();
    }
    list.iter().map(Id::as_str).collect::<Vec<_>>().join(", ")
}

/// Commissioners, services and cohorts as the map gives them, and every `source:` on it.
pub(super) fn map_section(eco: &Ecosystem) -> Section {
    let s = summarise(eco);
    let cur = s.area.currency.as_str();
    let mut w = Out::new();
    let c = &s.counts;
    let _ = write!(
        w.raw("<p>"),
        "{}, {}, {}, {} ({} people).",
        plural(c.commissioners, "commissioner", "commissioners"),
        plural(c.providers, "provider", "providers"),
        plural(c.services, "service", "services"),
        plural(c.cohorts, "cohort", "cohorts"),
        people(c.people_in_cohorts),
    );
    w.raw("</p>\n<h3>Commissioners</h3>\n");
    commissioners(&mut w, &s.commissioners, cur);
    w.raw("<h3>Services</h3>\n");
    services(&mut w, &s.services, cur);
    w.raw("<h3>Cohorts</h3>\n");
    cohorts(&mut w, &s.cohorts);
    if !s.sources.is_empty() {
        sources(&mut w, &s.sources);
    }
    Section {
        id: "map",
        title: "What is on the map",
        body: w.finish(),
    }
}

fn commissioners(w: &mut Out, list: &[CommissionerSummary], cur: &str) {
    let rows: Vec<Vec<Cell>> = list
        .iter()
        .map(|cm| {
            vec![
                cell(&cm.name),
                cell(&cm.kind),
                cell(&ids(&cm.services)),
                num(&cm.spend_on_services.display(cur).to_string()),
            ]
        })
        .collect();
    table(
        w,
        "commissioners",
        &[
            ("Commissioner", false),
            ("Kind", false),
            ("Services funded", false),
            ("To services a year", true),
        ],
        &rows,
    );
}

fn services(w: &mut Out, list: &[ServiceSummary], cur: &str) {
    let rows: Vec<Vec<Cell>> = list
        .iter()
        .map(|sv| {
            vec![
                cell(&sv.name),
                cell(&sv.model),
                cell(&ids(&sv.stages)),
                num(&sv.places.map_or_else(|| "unknown".to_owned(), people)),
                num(&sv.spend.display(cur).to_string()),
            ]
        })
        .collect();
    table(
        w,
        "services",
        &[
            ("Service", false),
            ("Model", false),
            ("Stages", false),
            ("Places a year", true),
            ("Funding a year", true),
        ],
        &rows,
    );
}

fn cohorts(w: &mut Out, list: &[CohortSummary]) {
    let rows: Vec<Vec<Cell>> = list
        .iter()
        .map(|ch| {
            let needs: Vec<String> = ch
                .needs
                .iter()
                .map(|n| format!("{} {}", n.stage, people(n.people)))
                .collect();
            vec![
                cell(&ch.name),
                num(&people(ch.size)),
                cell(&needs.join(", ")),
                cell(&ids(&ch.enters_via)),
            ]
        })
        .collect();
    table(
        w,
        "cohorts",
        &[
            ("Cohort", false),
            ("People", true),
            ("Needs (people)", false),
            ("Enters via", false),
        ],
        &rows,
    );
}

fn sources(w: &mut Out, list: &[SourceEntry]) {
    w.raw("<h3>Sources</h3>\n<ul class=\"sources\">\n");
    for src in list {
        w.raw("<li>");
        w.text(&src.about);
        w.raw(": ");
        w.text(&src.source.citation);
        if let Some(u) = &src.source.url {
            // Shown as text, not a link: the page makes no requests and sends no one anywhere.
            w.raw(" &lt;");
            w.text(u);
            w.raw("&gt;");
        }
        if let Some(d) = &src.source.as_of {
            let _ = write!(w, " (as of {d})");
        }
        w.raw("</li>\n");
    }
    w.raw("</ul>\n");
}
