//! Comparing areas and versions: the indicators of examples/compare-a.yaml and compare-b.yaml and
//! the differences between examples/diff-old.yaml and diff-new.yaml, each worked out by hand (the
//! reasoning is in the comments and in the maps' headers); missing figures stay missing; CSV for
//! researchers; the same maps give the same bytes.

use crate::support::{close, ecomap_in, ids, load, stdout, temp_dir, write_files};
use ecomap::analysis::benchmarks::capacity;
use ecomap::analysis::compare::indicators;
use ecomap::analysis::diff::{LineChange, OverlapShift, diff};
use ecomap::analysis::gaps::GapKind;
use ecomap::analysis::whatif::Shift;
use ecomap::benchmarks::Benchmarks;
use ecomap::money::Money;

fn table(eco: &ecomap::graph::Ecosystem) -> Benchmarks {
    let (t, d) = ecomap::benchmarks::resolve(Some(&eco.map), &[]);
    assert!(d.0.is_empty(), "{d:?}");
    t
}

fn pounds(n: i64) -> Money {
    Money(n * 100)
}

#[test]
fn national_places_are_counted_apart_from_the_areas_own() {
    // examples/national-services.yaml: the club (100 places) and the project (60) are the
    // area's; the jobcentre's 50 are notional for the area (national: true), so they are not in
    // the area's places but counted apart.
    let eco = load("examples/national-services.yaml");
    let a = indicators(&eco, &table(&eco), "n");
    assert_eq!((a.places, a.services_without_places), (160, 0));
    assert_eq!(a.national_places, 50);
}

#[test]
fn area_a_indicators() {
    let eco = load("examples/compare-a.yaml");
    let a = indicators(&eco, &table(&eco), "a");
    assert_eq!(a.services, 3);
    // £300,000 × 100,000 ÷ 120,000 working-age people = £250,000.
    assert_eq!(a.spend, pounds(300_000));
    assert_eq!(a.spend_per_100k, Some(pounds(250_000)));
    // Places: IPS 120 + day centre 40; the GP offers only `access`, so it has no places to count.
    assert_eq!((a.places, a.services_without_places), (160, 0));
    assert!(close(a.places_per_100k.expect("known"), 160.0 / 1.2));
    // 3 WTE ÷ 120,000 × 100,000 = 2.5.
    assert_eq!(a.ips_specialists_wte, Some(3.0));
    assert!(close(a.ips_specialists_per_100k.expect("known"), 2.5));
    // 1,000 × (1 − 0.1) = 900 out of work; 900 × 0.3 ÷ 40 = 6.75 and 900 × 0.5 ÷ 40 = 11.25.
    assert!(close(a.ips_specialists_needed_low.expect("known"), 6.75));
    assert!(close(a.ips_specialists_needed_high.expect("known"), 11.25));
    assert_eq!((a.cohorts, a.people_in_cohorts), (2, 1_500));
    // primary × job-search: IPS is the only service offering job search, and it is for secondary
    // care: not eligible, 1,000 × 0.1 = 100 people.
    assert_eq!(a.gaps, 1);
    let kinds: Vec<(GapKind, usize)> = a
        .gaps_by_kind
        .iter()
        .filter(|k| k.gaps > 0)
        .map(|k| (k.kind, k.gaps))
        .collect();
    assert_eq!(kinds, [(GapKind::NotEligible, 1)]);
    assert_eq!(a.gaps_by_kind.len(), GapKind::ALL.len());
    assert_eq!(
        (a.people_without_route, a.people_short_of_places),
        (100.0, 0.0)
    );
    assert_eq!((a.overlap_concerns, a.overlaps_accepted), (1, 0));
    // IPS £240,000 of £300,000 is strong evidence; the day centre's £60,000 the evidence is against.
    assert!(close(a.evidence_based_share.expect("known"), 0.8));
    assert!(close(a.disinvest_share.expect("known"), 0.2));
}

#[test]
fn area_b_missing_figures_stay_missing() {
    let eco = load("examples/compare-b.yaml");
    let b = indicators(&eco, &table(&eco), "b");
    // No working-age population: no per-100,000 figure at all, not zeros.
    assert_eq!(b.population, Some(50_000.0));
    assert_eq!(b.working_age_population, None);
    assert_eq!(b.spend_per_100k, None);
    assert_eq!(b.places_per_100k, None);
    assert_eq!(b.ips_specialists_per_100k, None);
    // The job club states no places: 40 is IPS's alone, a lower bound.
    assert_eq!((b.places, b.services_without_places), (40, 1));
    // IPS states no WTE; no caseload figure, so nothing needed can be worked out.
    assert_eq!(b.ips_specialists_wte, None);
    assert_eq!(b.ips_specialists_needed_low, None);
    assert_eq!(b.ips_specialists_needed_high, None);
    // Job search's capacity is unknown (the club states none): a note, not a gap.
    assert_eq!(b.gaps, 0);
    assert_eq!(b.overlap_concerns, 1);
    // £100,000 of £105,000 on IPS, but for `everyone` (care: primary), outside the population
    // IPS's strong evidence is for (004 §20): none of it strong (a real 0, not missing); nothing
    // on models the evidence is against.
    assert_eq!(b.evidence_based_share, Some(0.0));
    assert_eq!(b.disinvest_share, Some(0.0));
}

#[test]
fn ips_workforce_agrees_with_the_capacity_benchmarks() {
    // The mapped IPS workforce is counted as the capacity benchmarks count it, on every map where
    // they set it against the need.
    for map in [
        "maps/riverside",
        "examples/compare-a.yaml",
        "examples/ips-demand-004.yaml",
    ] {
        let eco = load(map);
        let t = table(&eco);
        let i = indicators(&eco, &t, map);
        let report = capacity(&eco, &t);
        let mapped = report
            .checks
            .iter()
            .filter(|c| c.check == "ips-demand")
            .flat_map(|c| &c.comparisons)
            .find(|c| c.what.contains("specialists"))
            .map(|c| c.mapped);
        assert_eq!(i.ips_specialists_wte, mapped, "{map}");
    }
}

#[test]
fn csv_has_one_row_per_map_and_empty_fields_for_missing_figures() {
    let csv = stdout(&[
        "compare",
        "examples/compare-a.yaml",
        "examples/compare-b.yaml",
        "--format",
        "csv",
    ]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 2);
    let field = |row: usize, name: &str| -> String {
        let i = header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"));
        rows[row][i].to_owned()
    };
    assert_eq!(field(0, "map"), "examples/compare-a.yaml");
    assert_eq!(field(0, "spend"), "300000.00");
    assert_eq!(field(0, "spend_per_100k"), "250000.00");
    assert_eq!(field(0, "places_per_100k"), "133.33");
    assert_eq!(field(0, "ips_specialists_needed_low"), "6.75");
    assert_eq!(field(0, "ips_specialists_needed_high"), "11.25");
    assert_eq!(field(0, "gaps_not_eligible"), "1");
    assert_eq!(field(0, "evidence_based_share"), "0.8");
    assert_eq!(field(1, "working_age_population"), "");
    assert_eq!(field(1, "spend_per_100k"), "");
    assert_eq!(field(1, "ips_specialists_wte"), "");
    assert_eq!(field(1, "services_without_places"), "1");
    // Area B's IPS serves people in primary care only: no strong-evidence spend (004 §20).
    assert_eq!(field(1, "evidence_based_share"), "0");
    assert_eq!(field(1, "disinvest_share"), "0");
    // Rows come in the order the maps are given.
    let swapped = stdout(&[
        "compare",
        "examples/compare-b.yaml",
        "examples/compare-a.yaml",
        "--format",
        "csv",
    ]);
    let second = swapped.lines().nth(1).expect("a row");
    assert!(second.starts_with("examples/compare-b.yaml,"), "{second}");
}

#[test]
fn text_json_and_markdown() {
    let text = stdout(&[
        "compare",
        "examples/compare-a.yaml",
        "examples/compare-b.yaml",
    ]);
    let line = |label: &str| -> String {
        text.lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no line {label}:\n{text}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(line("places a year").ends_with("160 ≥ 40"), "{text}");
    assert!(line("spend per 100k").ends_with("£250,000 –"), "{text}");
    assert!(
        line("IPS specialists needed").ends_with("6.75–11.25 –"),
        "{text}"
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&[
        "compare",
        "examples/compare-a.yaml",
        "examples/compare-b.yaml",
        "--format",
        "json",
    ]))
    .expect("JSON");
    assert_eq!(doc["type"], "compare");
    assert_eq!(doc["areas"][1]["spend_per_100k"], serde_json::Value::Null);
    assert_eq!(doc["areas"][0]["spend_per_100k"], 25_000_000);
    let md = stdout(&[
        "compare",
        "examples/compare-a.yaml",
        "examples/compare-b.yaml",
        "--format",
        "markdown",
    ]);
    assert!(md.contains("|  | Area A | Area B |"), "{md}");
    assert!(md.contains("| gaps: not-eligible | 1 | 0 |"), "{md}");
    assert!(md.contains("| IPS specialists (WTE) | 3 | – |"), "{md}");
}

#[test]
fn diff_between_two_versions() {
    let old = load("examples/diff-old.yaml");
    let new = load("examples/diff-new.yaml");
    let d = diff(&old, &new);
    let fields: Vec<(&str, &str, &str)> = d
        .area
        .iter()
        .map(|f| (f.field.as_str(), f.before.as_str(), f.after.as_str()))
        .collect();
    assert_eq!(fields, [("population", "100000", "105000")]);
    assert_eq!(
        d.commissioners
            .added
            .iter()
            .map(|n| n.id.as_str())
            .collect::<Vec<_>>(),
        ["dwp"]
    );
    assert_eq!(
        d.commissioners
            .removed
            .iter()
            .map(|n| n.id.as_str())
            .collect::<Vec<_>>(),
        ["council"]
    );
    assert!(d.commissioners.changed.is_empty() && d.providers.is_empty() && d.rules.is_empty());
    let added: Vec<&str> = d.services.added.iter().map(|n| n.id.as_str()).collect();
    let removed: Vec<&str> = d.services.removed.iter().map(|n| n.id.as_str()).collect();
    assert_eq!((added, removed), (vec!["workwell"], vec!["club"]));
    // ips: only its places changed (its funding is reported under funding).
    assert_eq!(d.services.changed.len(), 1);
    let ips = &d.services.changed[0];
    assert_eq!(ips.id.as_str(), "ips");
    let fields: Vec<(&str, &str, &str)> = ips
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.before.as_str(), f.after.as_str()))
        .collect();
    assert_eq!(fields, [("capacity.people_per_year", "40", "50")]);
    assert_eq!(d.cohorts.changed.len(), 1);
    assert_eq!(d.cohorts.changed[0].fields[0].field, "size");

    // Funding: ips's line changed (amount and contract), workwell's added, club's removed;
    // £90,000 → £140,000 = +10,000 + 50,000 − 10,000.
    let lines: Vec<(&str, &str, LineChange)> = d
        .funding
        .iter()
        .map(|f| (f.from.as_str(), f.to.as_str(), f.change))
        .collect();
    assert_eq!(
        lines,
        [
            ("icb", "ips", LineChange::Changed),
            ("dwp", "workwell", LineChange::Added),
            ("council", "club", LineChange::Removed),
        ]
    );
    assert_eq!(d.funding[0].difference(), pounds(10_000));
    assert_eq!(
        d.funding[0]
            .contract_after
            .and_then(|c| c.end)
            .map(|e| e.to_string()),
        Some("2029-03-31".to_owned())
    );
    assert_eq!(
        (d.spend_before, d.spend_after),
        (pounds(90_000), pounds(140_000))
    );
    let net: Money = d.funding.iter().map(|f| f.difference()).sum();
    assert_eq!(net, d.spend_after - d.spend_before);

    // Gaps: primary × job-search (capacity: 40 need it, club's 20 places) and primary × in-work
    // (continuity) close: workwell, open to all with 60 places, serves both.
    assert_eq!((d.gaps_before, d.gaps_after), (2, 0));
    let gaps: Vec<(&str, &str, Shift, Option<GapKind>, f64)> = d
        .gaps
        .iter()
        .map(|g| {
            (
                g.cohort.as_str(),
                g.stage.as_str(),
                g.shift,
                g.before,
                g.people_before,
            )
        })
        .collect();
    assert_eq!(
        gaps,
        [
            (
                "primary",
                "job-search",
                Shift::Closed,
                Some(GapKind::Capacity),
                20.0
            ),
            (
                "primary",
                "in-work",
                Shift::Closed,
                Some(GapKind::Continuity),
                20.0
            ),
        ]
    );
    // Overlaps: ips + workwell appeared, ips + club went with the club.
    let overlaps: Vec<(Vec<&str>, OverlapShift)> = d
        .overlaps
        .iter()
        .map(|o| (ids(&o.services), o.shift))
        .collect();
    assert_eq!(
        overlaps,
        [
            (vec!["ips", "workwell"], OverlapShift::Appeared),
            (vec!["ips", "club"], OverlapShift::Gone),
        ]
    );
}

#[test]
fn a_map_against_itself_has_no_changes() {
    for map in ["maps/riverside", "examples/retender.yaml"] {
        let d = diff(&load(map), &load(map));
        assert!(d.is_empty(), "{map}: {d:?}");
    }
    assert_eq!(
        stdout(&["diff", "maps/riverside", "maps/riverside"]),
        "No changes.\n"
    );
}

#[test]
fn diff_csv_is_one_row_per_change() {
    let csv = stdout(&[
        "diff",
        "examples/diff-old.yaml",
        "examples/diff-new.yaml",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "section,id,change,field,before,after");
    assert!(lines.contains(&"services,ips,changed,capacity.people_per_year,40,50"));
    assert!(lines.contains(&"gaps,primary × in-work,closed,kind (people),continuity (20),no gap"));
    // 1 area + 2 commissioners + 1 cohort + 3 services + 4 funding (ips amount and contract,
    // workwell and club amounts; their lines have no dates) + 2 gaps + 2 overlaps, and the header.
    assert_eq!(lines.len(), 16, "{csv}");
}

#[test]
fn same_maps_same_bytes() {
    for format in ["text", "json", "csv", "markdown"] {
        for args in [
            vec![
                "compare",
                "maps/riverside",
                "examples/compare-a.yaml",
                "examples/compare-b.yaml",
            ],
            vec!["diff", "examples/diff-old.yaml", "examples/diff-new.yaml"],
            vec!["diff", "examples/sample.yaml", "maps/riverside"],
        ] {
            let mut args = args.clone();
            args.extend(["--format", format]);
            assert_eq!(stdout(&args), stdout(&args), "{args:?}");
        }
    }
}

/// `diff` reads its two versions side by side, but speaks as if it read them in turn: a broken
/// first version is reported (file, line and column) and stops the command before the second says
/// anything; a broken second version is reported after the first's silence.
#[test]
fn diff_reports_a_broken_version_in_the_order_given() {
    let dir = temp_dir();
    // `area` must be a mapping: a list is wrong on line 1, column 7; and a second broken file whose
    // error is on line 2.
    write_files(
        dir.path(),
        &[
            ("first.yaml", "area: [\n"),
            ("second.yaml", "# broken too\narea: 3\n"),
        ],
    );
    let both = ecomap_in(dir.path(), &["diff", "first.yaml", "second.yaml"]);
    assert_eq!(both.code, 1, "{both:?}");
    assert!(both.stderr.contains("first.yaml:1:7"), "{}", both.stderr);
    assert!(!both.stderr.contains("second.yaml"), "{}", both.stderr);
    assert!(both.stdout.is_empty(), "{}", both.stdout);

    let riverside = crate::support::path("maps/riverside");
    let riverside = riverside.to_str().expect("a path in UTF-8");
    let second = ecomap_in(dir.path(), &["diff", riverside, "second.yaml"]);
    assert_eq!(second.code, 1, "{second:?}");
    assert!(
        second.stderr.contains("second.yaml:2:7"),
        "{}",
        second.stderr
    );
    assert!(second.stdout.is_empty(), "{}", second.stdout);
}

/// A small map of one commissioner `icb` passing money from `dwp` to two services, `{line}` the
/// icb's line from dwp, `{share}` an optional `employment_share` on `ips`, `{club}` the club's
/// funding lines, in `{currency}`.
fn versioned(line: &str, share: &str, club: &str, currency: &str) -> String {
    format!(
        "area: {{ id: a, name: A, currency: {currency} }}
commissioners:
  dwp: {{ name: DWP }}
  ne: {{ name: NE }}
  icb:
    name: ICB
    funded_by:
      - {line}
cohorts:
  ca: {{ name: CA, size: 200, needs: [job-search], enters_via: [ips] }}
services:
  ips:
    name: IPS
    model: ips
    stages: [job-search]
    capacity: {{ people_per_year: 100 }}
    funding: [{{ from: icb, amount: 100 }}]{share}
  club:
    name: Club
    model: job-club
    stages: [job-search]
    referral: {{ self: true }}
    funding: {club}
"
    )
}

/// `ecomap diff --format json` of two versions.
fn diff_json(old: &str, new: &str) -> serde_json::Value {
    let dir = temp_dir();
    write_files(dir.path(), &[("old.yaml", old), ("new.yaml", new)]);
    ecomap_in(
        dir.path(),
        &["diff", "--format", "json", "old.yaml", "new.yaml"],
    )
    .json()
}

#[test]
fn diff_sees_earmarks_shares_planned_lines_and_currencies() {
    let club = "[{ from: ne, amount: 30 }, { from: icb, amount: 50 }]";
    let base = versioned("{ from: dwp, amount: 50, for: [ips] }", "", club, "GBP");
    // The dwp money to icb no longer earmarked for ips, and ips's employment share stated: both
    // change where the money goes (the withdrawal and evidence figures), so both are changes,
    // though no amount moved: before, "No changes."
    let pooled = versioned(
        "{ from: dwp, amount: 50 }",
        "\n    employment_share: 0.2",
        club,
        "GBP",
    );
    let d = diff_json(&base, &pooled);
    let f = &d["funding"];
    assert_eq!(f.as_array().map(Vec::len), Some(1), "{d:#}");
    assert_eq!(
        (&f[0]["from"], &f[0]["to"], &f[0]["change"]),
        (&"dwp".into(), &"icb".into(), &"changed".into())
    );
    assert_eq!(f[0]["for_before"], serde_json::json!(["ips"]));
    assert_eq!(f[0]["for_after"], serde_json::json!([]));
    let changed = &d["services"]["changed"];
    assert_eq!(changed[0]["id"], "ips");
    assert_eq!(
        changed[0]["fields"],
        serde_json::json!([{ "field": "employment_share", "before": "–", "after": "0.2" }])
    );
    // The club's £30 from ne becomes planned: the line is still on the map, changed from counted
    // to planned, not removed; spend falls by its £30 (£100 + £30 + £50 = £180 → £150).
    let planned = versioned(
        "{ from: dwp, amount: 50, for: [ips] }",
        "",
        "[{ from: ne, amount: 30, status: planned }, { from: icb, amount: 50 }]",
        "GBP",
    );
    let d = diff_json(&base, &planned);
    let f = &d["funding"];
    assert_eq!(f.as_array().map(Vec::len), Some(1), "{d:#}");
    assert_eq!(
        (&f[0]["from"], &f[0]["to"], &f[0]["change"]),
        (&"ne".into(), &"club".into(), &"changed".into())
    );
    assert_eq!(
        (&f[0]["status_before"], &f[0]["status_after"]),
        (&"counted".into(), &"planned".into())
    );
    assert_eq!(
        (&d["spend_before"], &d["spend_after"]),
        (&18_000.into(), &15_000.into())
    );
    let dir = temp_dir();
    write_files(dir.path(), &[("old.yaml", &base), ("new.yaml", &planned)]);
    let text = ecomap_in(dir.path(), &["diff", "old.yaml", "new.yaml"]).stdout;
    assert!(
        text.contains("ne → club (service): now planned, no longer counted as spend"),
        "{text}"
    );
    // The same figures in euros: each spend in its own currency, and no difference worked out
    // between pounds and euros.
    let euros = versioned("{ from: dwp, amount: 50, for: [ips] }", "", club, "EUR");
    let dir = temp_dir();
    write_files(dir.path(), &[("old.yaml", &base), ("new.yaml", &euros)]);
    let text = ecomap_in(dir.path(), &["diff", "old.yaml", "new.yaml"]).stdout;
    assert!(
        text.contains(
            "Spend on services: £180 → €180 a year (in GBP then, EUR now: not compared)."
        ),
        "{text}"
    );
}
