//! The commands as a user runs them: `routes`, `gaps`, `overlap`, `report` and `check` on the
//! bundled and example maps; the JSON contract; exit codes; escaping; byte-identical output.

use std::process::Output;

use crate::support::path;
use serde_json::Value;

fn ecomap(args: &[&str]) -> Output {
    crate::support::ecomap_cmd()
        .current_dir(crate::support::root())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("ecomap runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8")
}

fn json(args: &[&str]) -> Value {
    let o = ecomap(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON")
}

#[test]
fn report_is_markdown_with_every_section() {
    let o = ecomap(&["report", "maps/riverside"]);
    assert_eq!(o.status.code(), Some(0));
    let md = stdout(&o);
    assert!(md.starts_with("# Gap report: Riverside (example borough), 2026-27\n\n"));
    // The summary's key numbers (worked out in tests/gaps.rs).
    assert!(md.contains("**22 have a route and 8 have none**"), "{md}");
    // Each person counted once: 80 + 62 + 208 + 540 = 890 without a route; none short of places.
    assert!(md.contains("**890 people without a route**"));
    assert!(md.contains("Where routes exist, none is short of the places stated."));
    // 16 pairs with a national service are open for review, 19 are needed for capacity, 1 is
    // accepted (tests/cli/overlap.rs).
    assert!(md.contains("**16 pairs of services overlap in whom they serve** and are open for review; 19 more are needed for capacity"));
    for heading in [
        "## How to read this report",
        "## Gaps",
        "### Capacity unknown",
        "## Overlaps",
        "### Accepted overlaps",
        "## Coverage",
        "## Funding",
        "## Capacity against benchmarks",
        "## Services on the map",
    ] {
        assert!(md.contains(&format!("\n{heading}\n")), "missing {heading}");
    }
    // Gaps are grouped by cohort, each with its fix.
    assert!(md.contains("- **engagement: unreachable** — 80 people with no route."));
    assert!(md.contains("*Nearest fix:* add `eip` to `ips`'s referral.from."));
    // The coverage table has a row per cohort and a column per stage needed.
    assert!(md.contains(
        "| cohort | people | engagement | job-search | in-work | retention | benefits-advice | employer-support | skills |"
    ));
    // smi-secondary: engagement met (5 routes); job search through the national jobcentre and
    // in-work through Access to Work once in work: capacity unknown (tests/cli/gaps.rs).
    assert!(md.contains(
        "| smi-secondary | 1,680 | ✓ 5 | ✓ 4, capacity unknown | ✓ 3, capacity unknown | – | ✓ 1 | – | – |"
    ));
    assert!(md.contains("| common-off-sick | 3,600 | – | – | – | ✓ 5, capacity unknown | ✓ 1 | ✗ **no-service** | – |"));
}

#[test]
fn report_gains_funding_and_capacity_after_coverage() {
    let md = stdout(&ecomap(&["report", "maps/riverside"]));
    let at = |heading: &str| {
        md.find(&format!("\n{heading}\n"))
            .unwrap_or_else(|| panic!("missing {heading}"))
    };
    // The gap findings first, then where the money goes and capacity against benchmarks, then the
    // list of services for reference.
    assert!(at("## Overlaps") < at("## Coverage"));
    assert!(at("## Coverage") < at("## Funding"));
    assert!(at("## Funding") < at("## Capacity against benchmarks"));
    assert!(at("## Capacity against benchmarks") < at("## Services on the map"));
    // The summary's funding numbers: Riverside spends £3,949,000 on services. Strong: `ips`
    // £285,000, all of it reaching smi-secondary (care: secondary; fidelity 96, above the fair
    // band's 74) = 7.2%. Emerging: ips-primary-care 115,000 + connect-to-work 880,000 (supported
    // employment) + mind-peer-support 48,000 = 1,043,000 = 26.4%. Limited: tt-employment-advisers
    // 190,000 (employment advisers, 004 §42) + workwell 240,000 + atw-mhss 95,000 + youth-hub
    // 200,000 + mind-employment 150,000 + job-club 27,000 = 902,000 = 22.8%. Against:
    // sheltered-work 168,000 + the day service's employment share, 340,000 × 0.25 = 85,000:
    // 253,000 = 6.4%; the other 255,000 of the day service is not employment support.
    // Access to Work (310,000) is a grant for adjustments: not rated, outside these shares.
    assert!(md.contains("Of the £3,949,000 a year, **£285,000 (7.2%) goes to models with strong evidence** of getting people into paid work (IPS, for people in secondary mental health care), £1,043,000 (26.4%) to models with emerging evidence and £902,000 (22.8%) to models with limited evidence; **£253,000 (6.4%) goes to models the evidence is against**, candidates for disinvestment. Not counted at its model's level: £255,000 of services' money beyond their employment share (not employment support)."), "{md}");
    // The headline capacity finding: 2,000 on secondary caseloads × (1 − 0.08) = 1,840 out of
    // work; × 0.3 = 552 and × 0.5 = 920 referrals; ÷ 40 = 13.8 to 23 specialists; `ips` has 5 WTE.
    assert!(md.contains("Against published benchmarks, the area needs 13.8 to 23 IPS employment specialists (004 §36-39) and **the map has 5 (whole-time equivalent, WTE), fewer than the low case**"));
    // Ids the funding analysis quotes are code, not escaped backticks.
    assert!(!md.contains("\\`"), "an escaped backtick in the report");
    assert!(md.contains(
        "eip-young × engagement (80 people): no service the cohort can reach offers `engagement`."
    ));
}

#[test]
fn report_summary_on_a_small_map_worked_by_hand() {
    // examples/capacity-under.yaml: services cmht (no funding), ips £95,000, job-support £40,000
    // (specialist-employment: limited) = £135,000. IPS scores 70 on fidelity, below the fair band
    // (74): not strong-evidence spend, but limited, as specialist employment (004 §26-28). So
    // none is strong, and £95,000 + £40,000 = £135,000 (100%) is limited.
    // IPS demand: 500 × (1 − 0.08, the national rate as the area gives none) = 460; × 0.3 = 138
    // and × 0.5 = 230 referrals; ÷ 40 = 3.45 to 5.75 specialists; 2 WTE mapped: under.
    // Comparisons (its header): 14. One is the talking-therapies 1:8 (1 adviser of 2), a target for
    // 40% of services, not each: counted apart, not reached. Of the other 13, 3 meet their mark
    // (caseload 15 against 20, caseloads 15 and 20 against 25): 10 do not. None is above a range
    // (both IPS demand comparisons are under it), so the summary says nothing of over-provision.
    // One area figure is missing: secondary_care_in_work.
    let md = stdout(&ecomap(&["report", "examples/capacity-under.yaml"]));
    let summary = md.lines().nth(2).expect("a summary");
    assert!(summary.ends_with(
        "Of the £135,000 a year, **none goes to models with strong evidence** of getting people into paid work (IPS, for people in secondary mental health care), £135,000 (100.0%) to models with limited evidence. Not counted at its model's level: £95,000 of IPS money spent by services below the fair band of fidelity (counted as specialist employment, 004 §26-28). Against published benchmarks, the area needs 3.45 to 5.75 IPS employment specialists (004 §36-39) and **the map has 2 (whole-time equivalent, WTE), fewer than the low case**; 10 of 13 comparisons with a benchmark are not met; a target set for a share of services, not each, is not reached (not counted as a shortfall); 1 area figure the benchmarks need is missing."
    ), "{summary}");
}

#[test]
fn report_applies_benchmark_overrides_from_a_file() {
    // 46 clients a specialist instead of 40: 138 ÷ 46 = 3 and 230 ÷ 46 = 5 specialists needed.
    let args = [
        "report",
        "examples/capacity-under.yaml",
        "--benchmarks",
        "tests/fixtures/benchmarks/clients-46.yaml",
    ];
    let md = stdout(&ecomap(&args));
    assert!(md.contains("Against published benchmarks (1 of them overridden), the area needs 3 to 5 IPS employment specialists"), "{md}");
    assert!(
        md.contains("- ips-clients-per-specialist = 46 (built in: 40), by --benchmarks file\n")
    );
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let v = json(&json_args);
    assert_eq!(
        v["capacity"]["overridden"][0]["id"],
        "ips-clients-per-specialist"
    );
    assert_eq!(v["capacity"]["overridden"][0]["value"], 46.0);
    assert_eq!(v["key"]["capacity"]["overridden"], 1);
    assert_eq!(v["key"]["capacity"]["ips_workforce"]["needed_low"], 3.0);
    assert_eq!(v["key"]["capacity"]["ips_workforce"]["needed_high"], 5.0);
}

#[test]
fn report_to_a_file_writes_only_the_file() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("report.md");
    let o = ecomap(&[
        "report",
        "maps/riverside",
        "-o",
        out.to_str().expect("UTF-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    let written = std::fs::read_to_string(&out).expect("the report is written");
    assert_eq!(written, stdout(&ecomap(&["report", "maps/riverside"])));
}

#[test]
fn report_as_json_holds_everything() {
    let v = json(&["report", "maps/riverside", "--format", "json"]);
    assert_eq!(v["type"], "report");
    assert_eq!(v["version"], ecomap::export::json::VERSION);
    assert_eq!(v["key"]["cohort_stages"], 30);
    assert_eq!(v["key"]["without_route"], 8);
    // Eight cohort-stages with no route, none short of places (tests/cli/gaps.rs); 36 overlapping
    // pairs (tests/cli/overlap.rs).
    assert_eq!(v["gaps"]["gaps"].as_array().map(Vec::len), Some(8));
    assert_eq!(v["overlaps"]["overlaps"].as_array().map(Vec::len), Some(36));
    assert_eq!(v["coverage"]["cohorts"].as_array().map(Vec::len), Some(8));
    assert_eq!(v["services"].as_array().map(Vec::len), Some(20));
    // Funding and capacity as `ecomap funding` and `ecomap capacity` give them (without their
    // `type` and `version`), and their key numbers. Money is in minor units: £285,000 = 28,500,000.
    let funding = json(&["funding", "maps/riverside", "--format", "json"]);
    let capacity = json(&["capacity", "maps/riverside", "--format", "json"]);
    for (k, x) in funding.as_object().expect("an object") {
        if k != "type" && k != "version" {
            assert_eq!(&v["funding"][k], x, "funding.{k}");
        }
    }
    for (k, x) in capacity.as_object().expect("an object") {
        if k != "type" && k != "version" {
            assert_eq!(&v["capacity"][k], x, "capacity.{k}");
        }
    }
    assert_eq!(v["funding"]["totals"]["to_services"], v["key"]["spend"]);
    let key = &v["key"];
    assert_eq!(key["funding"]["strong_evidence"]["spend"], 28_500_000);
    // Against: sheltered work £168,000 + a quarter of the day service's £340,000 (its
    // employment_share) = £253,000.
    assert_eq!(key["funding"]["evidence_against"]["spend"], 25_300_000);
    // Eight cohort-stages with need that no money reaches: those with no route.
    assert_eq!(key["funding"]["unfunded_need"], 8);
    assert_eq!(key["capacity"]["ips_workforce"]["needed_low"], 13.8);
    assert_eq!(key["capacity"]["ips_workforce"]["needed_high"], 23.0);
    assert_eq!(key["capacity"]["ips_workforce"]["mapped"], 5.0);
    assert_eq!(key["capacity"]["ips_workforce"]["standing"], "under");
    assert_eq!(key["capacity"]["overridden"], 0);
}

#[test]
fn gaps_json_contract() {
    // {"gaps": [{"cohort", "stage", "kind", "people", "reason", "services", "fix"}]} at least,
    // the reason and the fix as data: a kind, ids and numbers.
    let v = json(&["gaps", "maps/riverside", "--format", "json"]);
    assert_eq!(v["type"], "gaps");
    assert_eq!(v["version"], ecomap::export::json::VERSION);
    let gaps = v["gaps"].as_array().expect("a list");
    let kinds: Vec<&str> = gaps.iter().filter_map(|g| g["kind"].as_str()).collect();
    for kind in ["no-service", "unreachable", "undetermined", "not-eligible"] {
        assert!(kinds.contains(&kind), "no {kind} gap");
    }
    // A capacity gap as data (examples/gap-capacity.yaml): 50 need job search at `ips` (40
    // places); 40 get one: the reason names the full service and the numbers, and the fix links
    // the cohort to the work project's 30 unused places, or adds the 10 missing ones at `ips`.
    let c = json(&["gaps", "examples/gap-capacity.yaml", "--format", "json"]);
    let first = &c["gaps"][0];
    assert_eq!(first["kind"], "capacity");
    assert_eq!(
        (first["people"].as_f64(), first["need"].as_f64()),
        (Some(10.0), Some(50.0))
    );
    assert_eq!(first["reason"]["kind"], "capacity");
    assert_eq!(first["reason"]["bottleneck"], serde_json::json!(["ips"]));
    assert_eq!(first["reason"]["short"], 10.0);
    assert_eq!(first["services"], serde_json::json!(["ips"]));
    assert_eq!(first["fix"]["kind"], "places");
    assert_eq!(first["fix"]["add"], 10.0);
    assert_eq!(first["fix"]["at"], serde_json::json!(["ips"]));
    assert_eq!(first["fix"]["spare"]["service"], "work-project");
    assert_eq!(first["fix"]["spare"]["free"], 30.0);
    let eip = gaps
        .iter()
        .find(|g| g["cohort"] == "eip-young" && g["stage"] == "job-search")
        .expect("eip-young job-search");
    assert_eq!(eip["people"], 64.0);
    assert_eq!(eip["blockers"][0]["service"], "ips");
    assert_eq!(eip["blockers"][0]["obstacle"], "unreachable");
    assert_eq!(
        eip["blockers"][0]["link"],
        serde_json::json!({"from": "eip", "to": "ips"})
    );
    // The unreachable gap's reason lists the service it is eligible for and where it enters; the
    // fix is that referral link, as data.
    assert_eq!(eip["reason"]["kind"], "unreachable");
    assert_eq!(eip["reason"]["services"], serde_json::json!(["ips"]));
    assert_eq!(
        eip["fix"],
        serde_json::json!({"kind": "unblock", "unblock": {"change": "link", "link": {"from": "eip", "to": "ips"}}})
    );
    // The first capacity-unknown note: smi-secondary's job search, through the national jobcentre.
    assert_eq!(
        v["capacity_unknown"][0]["services"],
        serde_json::json!(["jobcentre"])
    );
    assert_eq!(
        v["capacity_unknown"][0]["national"],
        serde_json::json!(["jobcentre"])
    );
}

#[test]
fn overlap_json_contract() {
    // {"overlaps": [{"services": [a, b], "shared": [{"cohort", "stage"}], "people"}]} at least.
    let v = json(&["overlap", "maps/riverside", "--format", "json"]);
    assert_eq!(v["type"], "overlap");
    let first = &v["overlaps"][0];
    assert_eq!(
        first["services"],
        serde_json::json!(["jobcentre", "job-club"])
    );
    assert_eq!(first["shared"][0]["cohort"], "smi-secondary");
    assert_eq!(first["shared"][0]["stage"], "job-search");
    assert_eq!(first["people"], 1435.0);
    assert_eq!(first["rank"], 1);
    assert_eq!(first["accepted"], false);
    assert!(
        v["ranking"]
            .as_str()
            .is_some_and(|r| r.starts_with("Concerns come first"))
    );
    let last = v["overlaps"]
        .as_array()
        .and_then(|o| o.last())
        .expect("overlaps");
    assert_eq!(last["accepted"], true);
    assert!(last["accepted_reason"].is_string());
}

#[test]
fn routes_of_one_cohort() {
    let o = ecomap(&["routes", "maps/riverside", "--cohort", "eip-young"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.starts_with("eip-young — "));
    assert!(!text.contains("smi-secondary —"));
    assert!(text.contains("engagement (80 people): no route — unreachable gap"));
    let v = json(&[
        "routes",
        "maps/riverside",
        "--cohort",
        "smi-secondary",
        "--format",
        "json",
    ]);
    assert_eq!(v["type"], "routes");
    assert_eq!(v["cohorts"].as_array().map(Vec::len), Some(1));
    // In-work: Access to Work and its support service, joined once in work (chains of one,
    // shortest first), then cmht → ips; national services on the routes: capacity unknown.
    let in_work = &v["cohorts"][0]["stages"][2];
    assert_eq!(in_work["stage"], "in-work");
    assert_eq!(in_work["status"], "capacity-unknown");
    assert_eq!(
        in_work["routes"][0]["chain"],
        serde_json::json!(["access-to-work"])
    );
    assert_eq!(in_work["routes"][0]["after_start"], 0);
    assert_eq!(
        in_work["routes"][2]["chain"],
        serde_json::json!(["cmht", "ips"])
    );
    assert_eq!(
        in_work["capacity_note"]["national"],
        serde_json::json!(["access-to-work", "atw-mhss"])
    );
}

#[test]
fn an_unknown_cohort_is_a_usage_error() {
    let o = ecomap(&["routes", "maps/riverside", "--cohort", "eip-yong"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("there is no cohort `eip-yong`"), "{err}");
    assert!(err.contains("eip-young"), "{err}");
}

#[test]
fn formats_a_command_cannot_write_are_usage_errors() {
    assert_eq!(
        ecomap(&["report", "maps/riverside", "--format", "csv"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        ecomap(&["gaps", "maps/riverside", "--format", "markdown"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn check_exit_codes() {
    // Riverside has gaps and open overlaps: the default (gaps,overlap) fails.
    let o = ecomap(&["check", "maps/riverside"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.starts_with("maps/riverside: check failed\n"), "{text}");
    // capacity-max-flow has no gaps; its two projects overlap, but their 40 places are needed for
    // the 40 people who can use either: not a concern.
    let m = "examples/capacity-max-flow.yaml";
    assert_eq!(
        ecomap(&["check", m, "--fail-on", "overlap"]).status.code(),
        Some(0)
    );
    // overlap-over-supply's pair has 150 places for 100 people: over-supplied, a concern.
    assert_eq!(
        ecomap(&[
            "check",
            "examples/overlap-over-supply.yaml",
            "--fail-on",
            "overlap"
        ])
        .status
        .code(),
        Some(1)
    );
    assert_eq!(
        ecomap(&["check", m, "--fail-on", "gaps"]).status.code(),
        Some(0)
    );
    assert_eq!(
        ecomap(&["check", m, "--fail-on", "gaps,warnings"])
            .status
            .code(),
        Some(0)
    );
    // gap-no-service has a gap and no overlap.
    let g = "examples/gap-no-service.yaml";
    assert_eq!(
        ecomap(&["check", g, "--fail-on", "overlap"]).status.code(),
        Some(0)
    );
    assert_eq!(
        ecomap(&["check", g, "--fail-on", "overlap,gaps"])
            .status
            .code(),
        Some(1)
    );
    // The outcome as data, on the over-supplied pair (one overlap of concern, no gap).
    let o = ecomap(&[
        "check",
        "examples/overlap-over-supply.yaml",
        "--fail-on",
        "overlap",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["type"], "check");
    assert_eq!(v["fail_on"], serde_json::json!(["overlap"]));
    assert_eq!(v["failed"], serde_json::json!(["overlap"]));
    assert_eq!(
        (v["gaps"].as_u64(), v["overlaps"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(v["passed"], false);
    // An unknown gate is a usage error.
    assert_eq!(
        ecomap(&["check", m, "--fail-on", "gap"]).status.code(),
        Some(2)
    );
}

#[test]
fn check_fails_on_warnings_when_asked() {
    // A commissioner that funds nothing is a warning.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let map = dir.path().join("map.yaml");
    let text = std::fs::read_to_string(path("examples/gap-no-service.yaml")).expect("readable");
    let text = text.replace(
        "commissioners:\n",
        "commissioners:\n  idle: { name: Idle fund, kind: charity }\n",
    );
    std::fs::write(&map, text).expect("written");
    let m = map.to_str().expect("UTF-8 path");
    let o = ecomap(&["check", m, "--fail-on", "warnings"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        ecomap(&["check", m, "--fail-on", "overlap"]).status.code(),
        Some(0)
    );
}

#[test]
fn map_text_cannot_break_the_markdown() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let map = dir.path().join("awkward.yaml");
    std::fs::write(
        &map,
        r#"
area: { id: t, name: "Town <script>alert(1)</script>" }
cohorts:
  "a|b":
    name: "People | with *stars* and [links](http://x)"
    size: 100
    needs: { job-search: 0.5, employer-support: 0.1 }
    enters_via: [gp]
services:
  gp: { name: GP, model: gateway, stages: [access], referral: { self: true } }
  "x`y":
    name: "Club <b>one</b>"
    model: job-club
    stages: [job-search]
    referral: { self: true }
    capacity: { people_per_year: 10 }
  club_two:
    name: Club two
    model: job-club
    stages: [job-search]
    referral: { self: true }
    capacity: { people_per_year: 10 }
"#,
    )
    .expect("written");
    let o = ecomap(&["report", map.to_str().expect("UTF-8 path")]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let md = stdout(&o);
    assert!(!md.contains("<script>") && !md.contains("<b>"), "{md}");
    assert!(md.contains("&lt;script&gt;"));
    assert!(md.contains("\\[links\\](http://x)"));
    // Every table row keeps its number of cells: a `|` from the map is escaped.
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| a")).collect();
    assert!(!rows.is_empty(), "{md}");
    for line in rows {
        assert!(line.starts_with("| a\\|b |"), "{line}");
    }
}

#[test]
fn the_same_map_gives_byte_identical_output() {
    for args in [
        ["routes", "maps/riverside", "--format", "json"],
        ["gaps", "maps/riverside", "--format", "json"],
        ["overlap", "maps/riverside", "--format", "json"],
        ["report", "maps/riverside", "--format", "json"],
        ["report", "maps/riverside", "--format", "markdown"],
        ["gaps", "maps/riverside", "--format", "text"],
    ] {
        let first = ecomap(&args);
        let second = ecomap(&args);
        assert!(first.status.success());
        assert!(!first.stdout.is_empty());
        assert_eq!(first.stdout, second.stdout, "{args:?}");
    }
}

#[test]
fn the_bundled_report_in_docs_and_the_readme_are_current() {
    // docs/riverside-report.md is `ecomap report maps/riverside`; the README quotes its summary and
    // its gaps at a glance. Regenerate with the tests' day (support::SOURCE_DATE_EPOCH), which the
    // provenance gives as the day made:
    // `SOURCE_DATE_EPOCH=1767225600 cargo run -- report maps/riverside -o docs/riverside-report.md`
    // and copy into the README.
    let report = stdout(&ecomap(&["report", "maps/riverside"]));
    let docs = std::fs::read_to_string(path("docs/riverside-report.md")).expect("readable");
    assert!(docs == report, "docs/riverside-report.md is out of date");
    let readme = std::fs::read_to_string(path("README.md")).expect("readable");
    let summary = report.lines().nth(2).expect("a summary line");
    assert!(
        readme.contains(&format!("> {summary}")),
        "the README's summary is out of date"
    );
    let glance = report
        .lines()
        .skip_while(|l| !l.starts_with("| cohort | stage | kind |"))
        .take_while(|l| l.starts_with('|'));
    for line in glance {
        assert!(readme.contains(line), "the README lacks: {line}");
    }
}

/// The report says what its words mean before it uses them: WTE is spelled out at its first use
/// (the summary, above the guide), and the guide gives cohort-stage, overlap, WTE and IPS a line
/// each, in Markdown and HTML.
#[test]
fn the_report_spells_out_its_words() {
    let markdown = crate::support::ecomap(&["report", "maps/riverside"]).stdout;
    let first_wte = markdown.find("WTE").unwrap_or(usize::MAX);
    assert_eq!(
        markdown.find("(whole-time equivalent, WTE)"),
        Some(first_wte - "(whole-time equivalent, ".len()),
        "WTE is first used spelled out"
    );
    let guide = markdown
        .split("## How to read this report")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_default();
    for line in [
        "- **cohort-stage**: one cohort and one stage of support it needs",
        "- **overlap**: two services offering the same stage to the same cohort",
        "- **WTE**: whole-time equivalent",
        "- **IPS**: Individual Placement and Support",
    ] {
        assert!(guide.contains(line), "{line}\n{guide}");
    }
    let html = crate::support::ecomap(&["report", "--format", "html", "maps/riverside"]).stdout;
    assert!(html.contains("<h3>How to read this report</h3>"));
    assert!(html.contains("<dt>WTE</dt><dd>whole-time equivalent"));
    assert!(html.contains("<dt>IPS</dt><dd>Individual Placement and Support"));
}
