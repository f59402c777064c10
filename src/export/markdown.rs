//! Markdown (GitHub-flavoured) for the gap report. Every piece of text from a map goes through
//! [`Escaping<Markdown>`], so a name cannot inject markup, links or HTML. The report is built from
//! sections, each a public function taking the analysis results, so other reports (a funding
//! section, an HTML report) can reuse them.
//!
//! Analyses quote ids with backticks in their sentences (`` `ips` ``); [`prose`] turns those into
//! code spans and escapes everything else.

use std::fmt::Write;

use crate::analysis::benchmarks::Standing;
use crate::analysis::coverage::{Coverage, Status};
use crate::analysis::gaps::{Gap, GapKind, Gaps};
use crate::analysis::overlap::{Overlap, Overlaps};
use crate::analysis::report::{CapacityKey, FundingKey, Report, ServiceBrief, SpendShare};
use crate::export::benchmarks_text::number;
use crate::export::escape::{Escaping, Markdown};
use crate::export::funding_text::{percent, reading_words};
use crate::export::markdown_funding::{capacity_section, funding_section};
use crate::export::prose::{Piece, Prose};
use crate::export::text::people;
use crate::export::words::gaps as gap_words;
use crate::export::words::overlap as overlap_words;
use crate::model::Id;
use crate::money::Money;

/// A Markdown document under construction.
pub type Doc = Escaping<Markdown>;

/// Writes a sentence from an analysis: backtick-quoted parts become code spans (holding no
/// backtick, so they cannot close early), the rest is escaped. Text with an odd number of
/// backticks is escaped whole.
pub fn prose(w: &mut Doc, text: &str) {
    prose_in(w, text, false);
}

/// [`prose`] for a table cell: a `|` inside a code span is escaped too, as tables require.
pub fn prose_cell(w: &mut Doc, text: &str) {
    prose_in(w, text, true);
}

/// Writes [`Prose`]: its words escaped, its ids as code spans (fenced with two backticks where an
/// id holds one).
pub fn write_prose(w: &mut Doc, p: &Prose, cell: bool) {
    for piece in p.pieces() {
        match piece {
            Piece::Text(t) => {
                w.text(t);
            }
            Piece::Id(id) => {
                let mut code = String::new();
                for c in id.chars() {
                    match c {
                        '|' if cell => code.push_str("\\|"),
                        c if c.is_control() => code.push(' '),
                        c => code.push(c),
                    }
                }
                let fence = if code.contains('`') { "`` " } else { "`" };
                let close = if code.contains('`') { " ``" } else { "`" };
                w.raw(fence).raw(&code).raw(close);
            }
        }
    }
}

fn prose_in(w: &mut Doc, text: &str, cell: bool) {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        w.text(text);
        return;
    }
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 0 {
            w.text(part);
        } else {
            let mut code = String::new();
            for c in part.chars() {
                match c {
                    '|' if cell => code.push_str("\\|"),
                    c if c.is_control() => code.push(' '),
                    c => code.push(c),
                }
            }
            w.raw("`").raw(&code).raw("`");
        }
    }
}

/// An id as a code span.
fn code(w: &mut Doc, id: &str) {
    prose(w, &format!("`{}`", id.replace('`', "'")));
}

fn money(m: Money, currency: &str) -> String {
    m.display(currency).to_string()
}

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
    let g = &k.gaps;
    let cur = r.area.currency.as_str();
    let kinds: Vec<String> = g
        .by_kind
        .iter()
        .filter(|c| c.kind != GapKind::Capacity && c.gaps > 0)
        .map(|c| format!("{} {}", c.gaps, c.kind.name()))
        .collect();
    let has = |n: usize| if n == 1 { "has" } else { "have" };
    let mut s = format!(
        "The map has {} ({} people) and {} funded with {} a year. The cohorts need {} of support between them (each cohort × each stage it needs): **{} {} a route and {} {} none**",
        count(k.cohorts, "cohort", "cohorts"),
        people(k.people),
        count(k.services, "service", "services"),
        money(k.spend, cur),
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
    let _ = write!(
        s,
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
    );
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
    let mut s = match &c.ips_workforce {
        Some(ips) => {
            let needed = format!("{} to {}", number(ips.needed_low), number(ips.needed_high));
            match (ips.mapped, ips.standing) {
                (Some(mapped), Some(standing)) => {
                    let standing = match standing {
                        Standing::Under => "fewer than the low case",
                        Standing::At => "within the range",
                        Standing::Over => "more than the high case",
                    };
                    format!(
                        "{against}, the area needs {needed} IPS employment specialists (004 §36-39) and **the map has {} (WTE), {standing}**",
                        number(mapped)
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
    };
    let figures = |n: usize| count(n, "mapped figure", "mapped figures");
    match (c.not_met, c.comparisons) {
        (_, 0) => {}
        (m, 1) => {
            let _ = write!(
                s,
                "; the one mapped figure held against a benchmark {}",
                if m == 0 {
                    "meets it"
                } else {
                    "does not meet it"
                }
            );
        }
        (0, n) => {
            let _ = write!(
                s,
                "; every one of the {} held against a benchmark meets it",
                figures(n)
            );
        }
        (m, n) if m == n => {
            let _ = write!(
                s,
                "; none of the {} held against a benchmark meets it",
                figures(n)
            );
        }
        (m, n) => {
            let _ = write!(
                s,
                "; {m} of the {} held against a benchmark {} not meet it",
                figures(n),
                if m == 1 { "does" } else { "do" }
            );
        }
    }
    match (c.share_targets, c.share_targets_reached) {
        (0, _) => {}
        (1, r) => {
            let _ = write!(
                s,
                "; a target set for a share of services, not each, is {} (not counted as a shortfall)",
                if r == 1 { "reached" } else { "not reached" }
            );
        }
        (n, r) => {
            let _ = write!(
                s,
                "; of {n} targets set for a share of services, not each, {r} {} reached (the others are not counted as shortfalls)",
                if r == 1 { "is" } else { "are" }
            );
        }
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

/// What each kind of gap means.
pub fn reading_guide(w: &mut Doc) {
    w.raw("## How to read this report\n\n");
    w.raw("A cohort has a *route* to a stage of support when a service offers the stage, the cohort meets its eligibility rule, and the cohort can get there: by walking in (self-referral) or through a chain of referrals from where it first shows up, passing only through services it is eligible for. Each stage a cohort needs without a route is a gap of one kind, the first that applies in this order:\n\n");
    for kind in GapKind::ALL {
        w.raw("- **").raw(kind.name()).raw("**: ");
        w.raw(kind.meaning());
        if kind == GapKind::Capacity {
            w.raw(" (places are shared between cohorts so that as many people as possible are served)");
        }
        w.raw(".\n");
    }
    w.raw("\nEach gap names every service that offers the stage and what keeps the cohort from it, and ends with the nearest fix: the smallest change to the map's services that would open a route.\n\n");
}

/// The gaps, grouped by cohort, then the cohort-stages whose capacity is unknown.
pub fn gaps_section(w: &mut Doc, r: &Report) {
    w.raw("## Gaps\n\n");
    if r.gaps.gaps.is_empty() {
        w.raw("Every cohort has a route to every stage it needs, with places for all.\n\n");
    }
    gaps_table(w, &r.gaps);
    for c in &r.coverage.cohorts {
        let mine: Vec<&Gap> = r.gaps.of_cohort(&c.cohort).collect();
        if mine.is_empty() {
            continue;
        }
        w.raw("### ").text(&c.name).raw(" (");
        code(w, c.cohort.as_str());
        let _ = write!(w.raw(", "), "{} people", people(c.size));
        w.raw(")\n\n");
        for g in mine {
            gap_item(w, g);
        }
        w.raw("\n");
    }
    capacity_notes(w, &r.gaps);
}

/// Every gap in one table: cohort, stage, kind, people, nearest fix.
pub fn gaps_table(w: &mut Doc, gaps: &Gaps) {
    if gaps.gaps.is_empty() {
        return;
    }
    w.raw("At a glance (people: with no route; for a capacity gap, without a place):\n\n");
    w.raw("| cohort | stage | kind | people | nearest fix |\n|---|---|---|--:|---|\n");
    for g in &gaps.gaps {
        w.raw("| ")
            .text(g.cohort.as_str())
            .raw(" | ")
            .text(g.stage.as_str());
        w.raw(" | ")
            .raw(g.kind.name())
            .raw(" | ")
            .raw(&people(g.people))
            .raw(" | ");
        write_prose(w, &gap_words::fix(g), true);
        w.raw(" |\n");
    }
    w.raw("\nThe details, cohort by cohort:\n\n");
}

/// One gap as a list item with its blockers and fix.
pub fn gap_item(w: &mut Doc, g: &Gap) {
    w.raw("- **");
    w.text(g.stage.as_str());
    w.raw(": ").raw(g.kind.name()).raw("** — ");
    if g.kind == GapKind::Capacity {
        w.raw(&format!(
            "{} of {} people without a place. ",
            people(g.people),
            people(g.need)
        ));
    } else {
        w.raw(&format!("{} people with no route. ", people(g.people)));
    }
    write_prose(w, &gap_words::summary(g), false);
    w.raw("\n");
    for b in &g.blockers {
        w.raw("  - ");
        write_prose(w, &gap_words::blocker(b, &g.cohort), false);
        w.raw("\n");
    }
    w.raw("  - *Nearest fix:* ");
    write_prose(w, &gap_words::fix(g), false);
    w.raw(".\n");
}

/// Cohort-stages with routes through a service of unknown capacity.
pub fn capacity_notes(w: &mut Doc, gaps: &Gaps) {
    if gaps.capacity_unknown.is_empty() {
        return;
    }
    w.raw("### Capacity unknown\n\nThese have routes, but a service on them states no capacity, so whether there are enough places cannot be worked out. They are not counted as gaps.\n\n");
    for n in &gaps.capacity_unknown {
        w.raw("- **");
        w.text(n.cohort.as_str()).raw(" × ").text(n.stage.as_str());
        w.raw("**: ");
        write_prose(w, &gap_words::capacity_note(n), false);
        w.raw("\n");
    }
    w.raw("\n");
}

fn shared_words(o: &Overlap) -> String {
    o.shared_by_stage()
        .iter()
        .map(|(st, cs)| format!("{st}: {}", cs.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

fn places_words(o: &Overlap) -> String {
    let w = &o.reason;
    match (w.places, w.surplus) {
        (Some(p), Some(s)) if s > 0.0 => format!(
            "{} for {}: **over-supplied by {}**",
            people(p),
            people(w.demand),
            people(s.abs())
        ),
        (Some(p), _) => format!("{} for {}", people(p), people(w.demand)),
        _ => format!("unknown, for {}", people(w.demand)),
    }
}

/// The overlaps: how they are ranked, the concerns as a table, then the accepted ones.
pub fn overlaps_section(w: &mut Doc, o: &Overlaps, services: &[ServiceBrief], currency: &str) {
    w.raw("## Overlaps\n\n");
    w.raw(&format!(
        "Two services overlap when both offer a stage to a cohort that can reach and use both. Overlap is not always waste (it can give choice or needed capacity), so each pair is weighed. {} overlaps are open for review, {} are needed for capacity and {} accepted. ",
        o.concerns, o.needed, o.accepted
    ));
    w.raw(o.ranking);
    w.raw(" *People* are those needing the shared stages in the cohorts both serve (in each cohort, the most needing any one of them); *places* are the two services' places a year together, against everyone who can use either of them for those stages.\n\n");
    let concerns: Vec<&Overlap> = o.overlaps.iter().filter(|x| x.is_concern()).collect();
    if !concerns.is_empty() {
        w.raw("| # | services | shared (stage: cohorts) | people | places for demand | spend a year | alike | score |\n");
        w.raw("|--:|---|---|--:|--:|--:|---|--:|\n");
        for x in concerns {
            let _ = write!(w.raw("| "), "{}", x.rank);
            w.raw(" | ").text(x.services[0].as_str()).raw(" + ");
            w.text(x.services[1].as_str()).raw(" | ");
            w.text(&shared_words(x)).raw(" | ");
            w.raw(&people(x.people)).raw(" | ");
            w.raw(&places_words(x)).raw(" | ");
            w.text(&money(x.spend, currency)).raw(" | ");
            write_prose(w, &overlap_words::alike(&x.reason.alike), true);
            let _ = write!(w.raw(" | "), "{}", x.reason.score);
            w.raw(" |\n");
        }
        w.raw("\n");
    }
    let needed: Vec<&Overlap> = o.overlaps.iter().filter(|x| x.needed).collect();
    if !needed.is_empty() {
        w.raw("### Needed for capacity

These pairs serve the same people, but their places together do not exceed the need of everyone who can use either: both are needed, so they are not counted as concerns.

");
        for x in needed {
            w.raw("- **");
            w.text(name_of(services, &x.services[0]));
            w.raw(" + ");
            w.text(name_of(services, &x.services[1]));
            w.raw("** (");
            w.text(&shared_words(x));
            w.raw(&format!(
                "; {} people; places: {})\n",
                people(x.people),
                places_words(x)
            ));
        }
        w.raw("\n");
    }
    let accepted: Vec<&Overlap> = o.overlaps.iter().filter(|x| x.accepted).collect();
    if !accepted.is_empty() {
        w.raw("### Accepted overlaps\n\nThe partnership has looked at these and accepts them; they are not counted as concerns.\n\n");
        for x in accepted {
            w.raw("- **");
            w.text(name_of(services, &x.services[0]));
            w.raw(" + ");
            w.text(name_of(services, &x.services[1]));
            w.raw("** (");
            w.text(&shared_words(x));
            w.raw(&format!(
                "; {} people; places: {}): ",
                people(x.people),
                places_words(x)
            ));
            prose(w, x.accepted_reason.as_deref().unwrap_or(""));
            w.raw("\n");
        }
        w.raw("\n");
    }
    if o.left_out() > 0 {
        w.text(&super::text_gaps::left_out_words(o, "report"));
        w.raw("\n\n");
    }
    if !o.unmatched_acceptances.is_empty() {
        w.raw("### Accepted overlaps that match nothing\n\nThese entries of `accepted_overlaps` cover no overlap on the map: the overlap has gone, or the entry names the wrong services, cohort or stage.\n\n");
        for a in &o.unmatched_acceptances {
            let s: Vec<&str> = a.services.iter().map(Id::as_str).collect();
            w.raw("- ").text(&s.join(" + "));
            if let Some(c) = &a.cohort {
                w.raw(", cohort ").text(c.as_str());
            }
            if let Some(st) = &a.stage {
                w.raw(", stage ").text(st.as_str());
            }
            w.raw("\n");
        }
        w.raw("\n");
    }
}

fn name_of<'a>(services: &'a [ServiceBrief], id: &'a Id) -> &'a str {
    services
        .iter()
        .find(|s| &s.id == id)
        .map_or(id.as_str(), |s| s.name.as_str())
}

/// The words in a coverage cell.
fn cell(status: Status, routes: usize, short: f64) -> String {
    match status {
        Status::Covered => format!("✓ {routes}"),
        Status::CapacityUnknown => format!("✓ {routes}, capacity unknown"),
        Status::Gap(GapKind::Capacity) => format!("✓ {routes}, **{} short**", people(short)),
        Status::Gap(kind) => format!("✗ **{}**", kind.name()),
    }
}

/// The cohort × stage table of coverage.
pub fn coverage_section(w: &mut Doc, c: &Coverage) {
    w.raw("## Coverage\n\n");
    w.raw("Each cell is a stage a cohort needs: ✓ with the number of routes, or ✗ with the kind of gap; – where the cohort does not need the stage.\n\n");
    w.raw("| cohort | people |");
    for s in &c.stages {
        w.raw(" ").text(s.as_str()).raw(" |");
    }
    w.raw("\n|---|--:|");
    for _ in &c.stages {
        w.raw("---|");
    }
    w.raw("\n");
    for row in &c.cohorts {
        w.raw("| ").text(row.cohort.as_str());
        w.raw(" | ").raw(&people(row.size)).raw(" |");
        for s in &c.stages {
            w.raw(" ");
            match row.stage(s.as_str()) {
                Some(sc) => {
                    let short = (sc.need - sc.served.unwrap_or(sc.need)).max(0.0);
                    w.raw(&cell(sc.status, sc.routes.len(), short));
                }
                None => {
                    w.raw("–");
                }
            }
            w.raw(" |");
        }
        w.raw("\n");
    }
    w.raw("\n");
}

/// Every service on the map, for readers who know them by name.
pub fn services_section(w: &mut Doc, services: &[ServiceBrief], currency: &str) {
    w.raw("## Services on the map\n\nPlaces and funding are per year; – means the map gives no funding (gateways such as GP practices, whose budgets lie outside the map).\n\n");
    w.raw("| id | name | model | stages | places | funding |\n");
    w.raw("|---|---|---|---|--:|--:|\n");
    for s in services {
        w.raw("| ")
            .text(s.id.as_str())
            .raw(" | ")
            .text(&s.name)
            .raw(" | ");
        w.text(&s.model).raw(" | ");
        let stages: Vec<&str> = s.stages.iter().map(Id::as_str).collect();
        w.text(&stages.join(", ")).raw(" | ");
        w.raw(&s.places.map_or_else(|| "unknown".to_owned(), people));
        w.raw(" | ");
        if s.spend == Money::ZERO {
            w.raw("–");
        } else {
            w.text(&money(s.spend, currency));
        }
        w.raw(" |\n");
    }
    w.raw("\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::funding::{Reading, ReadingSpend};
    use crate::benchmarks::Evidence;

    fn written(f: impl Fn(&mut Doc)) -> String {
        let mut w = Doc::new();
        f(&mut w);
        w.finish()
    }

    #[test]
    fn prose_makes_quoted_ids_code_and_escapes_the_rest() {
        assert_eq!(
            written(|w| prose(w, "add `eip_team` to *ips*")),
            "add `eip_team` to \\*ips\\*"
        );
        // Inside a code span nothing is escaped, and HTML there renders as text.
        assert_eq!(
            written(|w| prose(w, "`<b>` & <b>")),
            "`<b>` &amp; &lt;b&gt;"
        );
    }

    #[test]
    fn an_odd_backtick_makes_the_whole_text_plain() {
        assert_eq!(
            written(|w| prose(w, "id `x`y` here")),
            "id \\`x\\`y\\` here"
        );
    }

    #[test]
    fn in_a_table_cell_a_bar_in_code_is_escaped() {
        assert_eq!(written(|w| prose_cell(w, "`a|b` | c")), "`a\\|b` \\| c");
        assert_eq!(written(|w| prose(w, "`a|b`")), "`a|b`");
    }

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
            share_targets: 0,
            share_targets_reached: 0,
            missing_figures: 0,
            overridden: 0,
        }
    }

    #[test]
    fn the_capacity_sentence_says_where_the_ips_workforce_stands() {
        // 552 ÷ 40 = 13.8 and 920 ÷ 40 = 23 specialists needed (004's worked figures); 5 mapped.
        assert_eq!(
            capacity_sentence(&key(Some((13.8, 23.0, Some(5.0), Standing::Under)), 8, 16)),
            "Against published benchmarks, the area needs 13.8 to 23 IPS employment specialists (004 §36-39) and **the map has 5 (WTE), fewer than the low case**; 8 of the 16 mapped figures held against a benchmark do not meet it."
        );
        let within = capacity_sentence(&key(Some((3.0, 5.0, Some(4.0), Standing::At)), 0, 2));
        assert!(within.contains("**the map has 4 (WTE), within the range**; every one of the 2 mapped figures held against a benchmark meets it."), "{within}");
        let over = capacity_sentence(&key(Some((3.0, 5.0, Some(6.0), Standing::Over)), 2, 2));
        assert!(
            over.contains("more than the high case**; none of the 2 mapped figures"),
            "{over}"
        );
        let one = capacity_sentence(&key(Some((3.0, 5.0, Some(6.0), Standing::Over)), 1, 1));
        assert!(
            one.ends_with("; the one mapped figure held against a benchmark does not meet it."),
            "{one}"
        );
        let one_met = capacity_sentence(&key(Some((3.0, 5.0, Some(4.0), Standing::At)), 0, 1));
        assert!(one_met.ends_with("benchmark meets it."), "{one_met}");
    }

    #[test]
    fn a_target_for_a_share_of_services_is_said_apart_and_not_counted() {
        // 004 §56f: advisers at 1:8 in 40% of services. Under it, the area is not short of it.
        let mut k = key(Some((3.0, 5.0, Some(4.0), Standing::At)), 0, 2);
        k.share_targets = 1;
        let s = capacity_sentence(&k);
        assert!(
            s.ends_with("every one of the 2 mapped figures held against a benchmark meets it; a target set for a share of services, not each, is not reached (not counted as a shortfall)."),
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

    #[test]
    fn line_breaks_stay_on_the_line() {
        assert_eq!(written(|w| prose(w, "`a\nb` c\nd")), "`a b` c d");
    }
}
