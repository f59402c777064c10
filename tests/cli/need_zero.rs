//! A stage no one needs: a cohort listing a stage with share 0, or a cohort of size 0. Its need is
//! known to be 0, so it is not a cohort-stage: no gap (of 0 people), no cell of the coverage table,
//! no failed `check`, no overlap; the loader warns (`zero-need`) where the 0 is written. Every
//! count that counts cohort-stages or gaps agrees. Expected answers worked out by hand on
//! `examples/need-zero.yaml` and on small maps written here.

use crate::support::{analyse, ecomap, ecomap_in, load_str, report_of, temp_dir, write_files};
use ecomap::analysis::diff::diff;
use ecomap::analysis::gaps::GapKind;
use ecomap::analysis::whatif::Shift;

const EXAMPLE: &str = "examples/need-zero.yaml";

fn example_text() -> String {
    std::fs::read_to_string(crate::support::path(EXAMPLE)).expect("the example is readable")
}

/// The example with `claimants` needing no employer support either (share 0.1 → 0).
fn example_without_the_real_gap() -> String {
    let text = example_text();
    let with = "needs: { job-search: 0.4, employer-support: 0.1 }";
    assert!(text.contains(with), "the example has changed");
    text.replace(with, "needs: { job-search: 0.4, employer-support: 0 }")
}

#[test]
fn a_stage_no_one_needs_is_no_gap_and_no_cell() {
    // off-sick: retention 200 × 0.5 = 100 (workwell, 150 places: covered); employer-support
    // 200 × 0 = 0: not a cohort-stage. claimants: job-search 100 × 0.4 = 40 (gp → job-club, 50
    // places: covered); employer-support 100 × 0.1 = 10, nothing offers it: no-service.
    let r = analyse(EXAMPLE);
    let gaps: Vec<(&str, &str, GapKind, f64)> = r
        .gaps
        .gaps
        .iter()
        .map(|g| (g.cohort.as_str(), g.stage.as_str(), g.kind, g.people))
        .collect();
    assert_eq!(
        gaps,
        [("claimants", "employer-support", GapKind::NoService, 10.0)]
    );
    assert!(r.gaps.capacity_unknown.is_empty());
    // Counts: 3 cohort-stages (2 + 2 listed, less the one no one needs), 2 with a route, 1 without;
    // 10 people without a route; none short of places.
    let k = &r.key.gaps;
    assert_eq!((k.cohort_stages, k.with_route, k.without_route), (3, 2, 1));
    assert_eq!(k.cohort_stages, k.with_route + k.without_route);
    assert_eq!((k.people_without_route, k.short_of_places), (10.0, 0));
    let by_kind: Vec<(&str, usize)> = k
        .by_kind
        .iter()
        .filter(|c| c.gaps > 0)
        .map(|c| (c.kind.name(), c.gaps))
        .collect();
    assert_eq!(by_kind, [("no-service", 1)]);
    // Coverage: the same 3 cells; off-sick has no employer-support cell (`–`), and the column
    // stays because claimants needs the stage. Columns in the built-in stage order.
    let cells: Vec<(&str, &str, &str)> = r
        .coverage
        .cells()
        .map(|c| (c.cohort.as_str(), c.stage.as_str(), c.status.name()))
        .collect();
    assert_eq!(
        cells,
        [
            ("off-sick", "retention", "covered"),
            ("claimants", "job-search", "covered"),
            ("claimants", "employer-support", "no-service"),
        ]
    );
    let columns: Vec<&str> = r.coverage.stages.iter().map(|s| s.as_str()).collect();
    assert_eq!(columns, ["job-search", "retention", "employer-support"]);
    // No money is looked for where no one needs support: the one unfunded need is claimants'.
    let unfunded: Vec<(&str, &str)> = (r.funding.unfunded_need.iter())
        .map(|u| (u.cohort.as_str(), u.stage.as_str()))
        .collect();
    assert_eq!(unfunded, [("claimants", "employer-support")]);
}

#[test]
fn check_fails_on_the_real_gap_only_and_passes_without_it() {
    // The example: one gap (claimants' employer support), so `check --fail-on gaps` fails.
    let run = ecomap(&["check", "--fail-on", "gaps", "-f", "json", EXAMPLE]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(
        (doc["gaps"].as_u64(), doc["warnings"].as_u64()),
        (Some(1), Some(1))
    );
    // With claimants' share 0 too, no one is without support: nothing to fail on (before, two
    // "gaps of 0 people" failed it). Two warnings, one at each 0.
    let dir = temp_dir();
    write_files(dir.path(), &[("map.yaml", &example_without_the_real_gap())]);
    let run = ecomap_in(
        dir.path(),
        &["check", "--fail-on", "gaps", "-f", "json", "map.yaml"],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(
        (doc["gaps"].as_u64(), doc["warnings"].as_u64()),
        (Some(0), Some(2))
    );
    assert_eq!(doc["passed"].as_bool(), Some(true));
    // The report says so: 2 cohort-stages, both with a route.
    let report = ecomap_in(dir.path(), &["report", "map.yaml"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    assert!(
        report.stdout.contains(
            "The cohorts need 2 stages of support between them (each cohort × each stage it needs): **2 have a route and 0 have none**"
        ),
        "{}",
        report.stdout
    );
}

#[test]
fn the_loader_warns_at_the_0_and_says_how_to_mend_it() {
    // Line 25 of the example: `    needs: { retention: 0.5, employer-support: 0 }`; the 0 is the
    // 48th character (after 4 spaces, `needs: { ` 9, `retention: 0.5, ` 16 and `employer-support: `
    // 18: 47).
    let doc = ecomap(&["validate", "-f", "json", EXAMPLE]).json();
    let d = &doc["diagnostics"];
    assert_eq!(d.as_array().map(Vec::len), Some(1), "{doc:#}");
    let d = &d[0];
    assert_eq!(
        (
            d["code"].as_str(),
            d["severity"].as_str(),
            d["line"].as_u64(),
            d["column"].as_u64()
        ),
        (Some("zero-need"), Some("warning"), Some(25), Some(48))
    );
    assert!(
        d["help"]
            .as_str()
            .is_some_and(|h| h.contains("remove it from `needs`")),
        "{d:#}"
    );
    // Every command says it on its error stream, once.
    let gaps = ecomap(&["gaps", EXAMPLE]);
    assert_eq!(gaps.code, 0);
    assert_eq!(
        gaps.stderr.matches("warning[zero-need]").count(),
        1,
        "{}",
        gaps.stderr
    );
}

/// A map with a cohort of size 0 needing a stage no service offers, beside a cohort with a
/// covered need.
const SIZE_0: &str = r#"
area: { id: t, name: Town }
commissioners:
  icb: { name: ICB, kind: nhs }
cohorts:
  none-yet:
    name: A cohort not yet counted
    size: 0
    needs: [job-search, skills]
    enters_via: [club]
  adults:
    name: Adults out of work
    size: 50
    needs: { job-search: 0.2 }
    enters_via: [club]
services:
  club:
    name: Job club
    model: job-club
    stages: [job-search]
    referral: { self: true }
    capacity: { people_per_year: 20 }
    funding: [{ from: icb, amount: 5000 }]
"#;

#[test]
fn a_cohort_of_size_0_needs_nothing() {
    // none-yet: 0 × 1 = 0 people for job-search and for skills (which nothing offers): neither is
    // a cohort-stage. adults: 50 × 0.2 = 10 for job-search, 20 places: covered. So 1 cohort-stage,
    // with a route; no gap (not a skills gap of 0 people), and the size-0 cohort's row is empty.
    let r = report_of(&load_str(SIZE_0));
    assert!(r.gaps.gaps.is_empty(), "{:#?}", r.gaps.gaps);
    let k = &r.key.gaps;
    assert_eq!((k.cohort_stages, k.with_route, k.without_route), (1, 1, 0));
    assert_eq!(r.key.people, 50);
    let rows: Vec<(&str, usize)> = r
        .coverage
        .cohorts
        .iter()
        .map(|c| (c.cohort.as_str(), c.stages.len()))
        .collect();
    assert_eq!(rows, [("none-yet", 0), ("adults", 1)]);
    // `skills` is needed by no one: no column.
    let columns: Vec<&str> = r.coverage.stages.iter().map(|s| s.as_str()).collect();
    assert_eq!(columns, ["job-search"]);

    // One warning, at the size (line 8 `    size: 0`, the 0 the 11th character), not one per stage.
    let dir = temp_dir();
    write_files(dir.path(), &[("map.yaml", SIZE_0)]);
    let doc = ecomap_in(dir.path(), &["validate", "-f", "json", "map.yaml"]).json();
    let found: Vec<(Option<&str>, Option<u64>, Option<u64>)> = doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| (d["code"].as_str(), d["line"].as_u64(), d["column"].as_u64()))
        .collect();
    assert_eq!(found, [(Some("zero-need"), Some(8), Some(11))]);
    let check = ecomap_in(dir.path(), &["check", "--fail-on", "gaps", "map.yaml"]);
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);
}

#[test]
fn a_cohort_needing_no_stage_says_why_its_routes_are_empty() {
    // none-yet has no people: its listing says so under its header rather than stopping there;
    // adults still lists its one cohort-stage (50 × 0.2 = 10 people, covered). Then the same
    // cohort with people but every share 0: nothing is needed, for the other reason.
    let dir = temp_dir();
    let no_shares = SIZE_0.replace("size: 0", "size: 30").replace(
        "needs: [job-search, skills]",
        "needs: { job-search: 0, skills: 0 }",
    );
    assert_ne!(
        no_shares,
        SIZE_0.replace("size: 0", "size: 30"),
        "the map has changed"
    );
    write_files(
        dir.path(),
        &[("map.yaml", SIZE_0), ("shares.yaml", &no_shares)],
    );
    let out = ecomap_in(dir.path(), &["routes", "map.yaml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("none-yet — "))
        .expect("the cohort is listed");
    assert_eq!(
        lines[at + 1],
        "  no stage is needed, so no route is looked for: the cohort has no people (size 0)"
    );
    assert!(
        out.stdout.contains("  job-search (10 people): 1 route"),
        "{}",
        out.stdout
    );
    let out = ecomap_in(dir.path(), &["routes", "shares.yaml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "\n  no stage is needed, so no route is looked for: it lists no need above 0\n"
        ),
        "{}",
        out.stdout
    );
}

/// Two services open to all offering `skills`, and a cohort that can walk into both: `SHARE` is
/// the share of it needing skills.
const OVERLAP: &str = r#"
area: { id: t, name: Town }
commissioners:
  icb: { name: ICB, kind: nhs }
cohorts:
  adults:
    name: Adults out of work
    size: 100
    needs: { job-search: 0.5, skills: SHARE }
    enters_via: [college]
services:
  college:
    name: College
    model: skills
    stages: [skills, job-search]
    referral: { self: true }
    capacity: { people_per_year: 100 }
    funding: [{ from: icb, amount: 5000 }]
  library:
    name: Library courses
    model: skills
    stages: [skills]
    referral: { self: true }
    capacity: { people_per_year: 100 }
    funding: [{ from: icb, amount: 5000 }]
"#;

#[test]
fn services_offering_a_stage_no_one_needs_do_not_overlap_for_it() {
    // With 100 × 0.3 = 30 people needing skills, college and library both serve adults/skills:
    // one overlap. With share 0 no one in the cohort needs skills: nothing is doubled up for it,
    // and job search is offered by college alone: no overlap.
    let needed = report_of(&load_str(&OVERLAP.replace("SHARE", "0.3")));
    assert_eq!(needed.overlaps.total, 1);
    let shared: Vec<(&str, &str)> = needed.overlaps.overlaps[0]
        .shared
        .iter()
        .map(|s| (s.cohort.as_str(), s.stage.as_str()))
        .collect();
    assert_eq!(shared, [("adults", "skills")]);
    let none = report_of(&load_str(&OVERLAP.replace("SHARE", "0")));
    assert_eq!(none.overlaps.total, 0, "{:#?}", none.overlaps.overlaps);
    // Nor do the libraries' places count: job search (50 people) is the one cohort-stage.
    assert_eq!(none.key.gaps.cohort_stages, 1);
}

#[test]
fn a_need_falling_to_0_drops_its_gap_and_what_if_counts_agree() {
    // The example against itself with claimants' employer-support share at 0: its gap (10 people)
    // is no longer a cohort-stage of the later map, so it is `dropped` (as if the need were
    // removed), not `closed` (which would say provision now meets it). Gaps 1 → 0.
    let old = crate::support::load(EXAMPLE);
    let new = load_str(&example_without_the_real_gap());
    let d = diff(&old, &new);
    assert_eq!((d.gaps_before, d.gaps_after), (1, 0));
    let shifts: Vec<(&str, &str, Shift)> = d
        .gaps
        .iter()
        .map(|g| (g.cohort.as_str(), g.stage.as_str(), g.shift))
        .collect();
    assert_eq!(shifts, [("claimants", "employer-support", Shift::Dropped)]);
    // And back: a need rising from 0 with no route is a cohort-stage that `appeared`.
    let back = diff(&new, &old);
    assert_eq!(back.gaps.len(), 1);
    assert_eq!(back.gaps[0].shift, Shift::Appeared);

    // What-if without job-club: claimants' job search (40 people) loses its only route. Before, 3
    // cohort-stages and 1 gap (10 people); after, 2 gaps and claimants counted once: the larger of
    // 40 and 10, 40 people. off-sick's employer support counts on neither side.
    let run = ecomap(&["what-if", "--without", "job-club", "-f", "json", EXAMPLE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    let key = |side: &str, field: &str| doc[side][field].as_f64();
    assert_eq!(
        (
            key("before", "cohort_stages"),
            key("before", "without_route"),
            key("before", "people_without_route")
        ),
        (Some(3.0), Some(1.0), Some(10.0))
    );
    assert_eq!(
        (
            key("after", "cohort_stages"),
            key("after", "without_route"),
            key("after", "people_without_route")
        ),
        (Some(3.0), Some(2.0), Some(40.0))
    );
    let changes: Vec<(Option<&str>, Option<&str>)> = doc["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| (c["stage"].as_str(), c["shift"].as_str()))
        .collect();
    assert_eq!(changes, [(Some("job-search"), Some("opened"))]);
}
