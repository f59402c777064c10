//! Benchmarks as the sources say: labels written from the value in force, a figure the map lacks
//! named as missing (never 0, never "does not meet"), the table's version and dates, the IPS job
//! rate over out-of-work clients, the 1:8 adviser ratio as a target for 40% of services, 003 cited
//! only for what it asks, and `contracts` as of the start of the map's period. Each on a small
//! example of its own, its answer worked by hand here and in the example's header.

use ecomap::analysis::benchmarks::{CapacityReport, Check, Standing, capacity};
use ecomap::benchmarks::{self, Benchmarks};

use crate::support::{EPOCH_2028_01_15, close, ecomap, ecomap_with, load, root};

fn report(example: &str) -> CapacityReport {
    let eco = load(example);
    let (table, d) = benchmarks::resolve(Some(&eco.map), &[]);
    assert!(d.0.is_empty(), "{:?}", d.0);
    capacity(&eco, &table)
}

fn check<'r>(r: &'r CapacityReport, name: &str, service: Option<&str>) -> &'r Check {
    r.checks
        .iter()
        .find(|c| c.check == name && c.service.as_ref().map(|s| s.as_str()) == service)
        .unwrap_or_else(|| panic!("no check {name} {service:?}"))
}

/// What `ecomap ARGS` printed; panics unless it succeeded.
fn out(args: &[&str]) -> String {
    let run = ecomap(args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run.stdout
}

#[test]
fn every_label_is_written_from_the_value_in_force() {
    // examples/benchmark-labels.yaml overrides 002's one per 50,000 with one per 10,000:
    // 100,000 ÷ 10,000 = 10 specialists expected, 4 given: under.
    let map = "examples/benchmark-labels.yaml";
    let r = report(map);
    let c = check(&r, "primary-care-specialists", None);
    assert_eq!(
        c.title,
        "Employment specialists in primary care (one per 10,000 population; primary-care-population-per-specialist overridden by the map, built in 50,000)"
    );
    let cmp = &c.comparisons[0];
    assert_eq!(
        cmp.what,
        "primary-care employment specialists mapped (WTE) against one per 10,000 population"
    );
    assert!(close(cmp.mapped, 4.0));
    assert_eq!(
        cmp.mark,
        ecomap::analysis::benchmarks::Mark::AtLeast { value: 10.0 }
    );
    assert_eq!(cmp.standing, Standing::Under);

    // No output says the overridden rule, nor quotes the source's words for it.
    let outputs = [
        out(&["capacity", map]),
        out(&["capacity", map, "-f", "markdown"]),
        out(&["capacity", map, "-f", "json"]),
        out(&["report", map]),
        out(&["report", map, "-f", "json"]),
        out(&["report", map, "-f", "html", "--renderer", "builtin"]),
        out(&["benchmarks", map]),
        out(&["benchmarks", map, "-f", "json"]),
    ];
    for (i, text) in outputs.iter().enumerate() {
        for stale in ["one per 50,000", "per 50,000 general population"] {
            assert!(!text.contains(stale), "output {i} says `{stale}`:\n{text}");
        }
    }
    assert!(crate::support::squash(&outputs[0]).contains("one per 10,000 population"));
    // The built-in value is still named, as the value replaced.
    assert!(
        crate::support::squash(&outputs[6]).contains("overridden by the map (built in: 50,000)")
    );
    // Without the override, the rule is 002's, and its words are quoted.
    let builtin = out(&["capacity", "examples/capacity-at.yaml"]);
    assert!(
        crate::support::squash(&builtin)
            .contains("Employment specialists in primary care (002: one per 50,000 population)")
    );
    assert!(
        crate::support::squash(&builtin).contains(
            "\"In population terms this is one employment specialist in primary care per 50,000 general population\""
        )
    );
}

#[test]
fn a_working_line_names_its_source_only_while_its_value_is_in_force() {
    // examples/ips-demand-004.yaml with team leaders over 4 specialists (a --benchmarks file) and
    // 004's own 5 no longer in force: 13.8 ÷ 4 = 3.45 team leaders (low case), 23 ÷ 4 = 5.75 (high).
    let dir = crate::support::temp_dir();
    let file = dir.path().join("benchmarks.yaml");
    std::fs::write(&file, "ips-specialists-per-team-leader: 4\n").expect("written");
    let file = file.to_string_lossy().into_owned();
    // The working as Markdown: one row a line, however long (the text wraps long cells).
    let text = out(&[
        "capacity",
        "examples/ips-demand-004.yaml",
        "--benchmarks",
        &file,
        "-f",
        "markdown",
    ]);
    let line = |what: &str, calc: &str| {
        text.lines().any(|l| {
            l.contains(&format!("| {what} |")) && l.trim_end().ends_with(&format!("| {calc} |"))
        })
    };
    assert!(
        line(
            "specialists per team leader (overridden by --benchmarks file)",
            "ips-specialists-per-team-leader, overridden by --benchmarks file"
        ),
        "{text}"
    );
    assert!(
        line(
            "team leaders needed (low case, one per 4 specialists)",
            "= 13.8 ÷ 4"
        ),
        "{text}"
    );
    assert!(
        line(
            "team leaders needed (high case, one per 4 specialists)",
            "= 23 ÷ 4"
        ),
        "{text}"
    );
    assert!(
        !crate::support::squash(&text).contains("(004 §39)")
            && !crate::support::squash(&text).contains("case, 004)"),
        "{text}"
    );
    // IPS Grow's 6 is still in force, and still credited.
    assert!(
        line("team leaders needed (low case, IPS Grow)", "= 13.8 ÷ 6"),
        "{text}"
    );
}

#[test]
fn a_figure_the_map_lacks_is_missing_never_0_and_never_does_not_meet() {
    // examples/capacity-missing.yaml: no IPS, IPS-in-primary-care, sheltered-work or adviser
    // services, and none of their area figures.
    let r = report("examples/capacity-missing.yaml");
    let named: Vec<(&str, Vec<&str>)> = r
        .missing_figures
        .iter()
        .map(|m| (m.figure.as_str(), m.needed_for.clone()))
        .collect();
    assert_eq!(
        named,
        vec![
            ("area.figures.secondary_care_in_work", vec!["ips-demand"]),
            (
                "area.figures.community_mental_health_teams",
                vec!["cmht-specialists"]
            ),
            (
                "area.figures.primary_care_employment_specialists_wte",
                vec!["primary-care-specialists"]
            ),
            (
                "area.figures.social_enterprise_places",
                vec!["social-enterprise-places"]
            ),
            (
                "area.figures.talking_therapies_employment_advisers_wte",
                vec!["talking-therapies-advisers"]
            ),
        ]
    );
    // Nothing is compared, so nothing "does not meet" a benchmark.
    assert_eq!(r.comparisons().count(), 0);
    // IPS demand is still worked: 500 × 0.92 = 460; × 0.3 = 138 ÷ 40 = 3.45; × 0.5 = 230 ÷ 40 = 5.75.
    let w = r.ips_workforce.expect("the secondary caseload is given");
    assert!(close(w.needed_low, 3.45) && close(w.needed_high, 5.75));
    assert_eq!((w.ips_services, w.mapped, w.standing), (0, None, None));
    assert!(
        check(&r, "ips-demand", None)
            .missing
            .contains(&"services of model `ips`".to_owned())
    );

    let text = out(&["capacity", "examples/capacity-missing.yaml"]);
    assert!(
        !crate::support::squash(&text).contains("counted as 0"),
        "{text}"
    );
    assert!(
        !crate::support::squash(&text).contains("does not meet"),
        "{text}"
    );
    assert!(
        crate::support::squash(&text).contains("is missing, not taken as 0"),
        "{text}"
    );
    let summary = out(&["report", "examples/capacity-missing.yaml"]);
    assert!(
        summary.contains("the map shows no IPS service, so the workforce mapped is missing"),
        "{summary}"
    );
}

#[test]
fn the_table_has_a_version_an_as_of_date_and_each_value_its_source_and_date() {
    let t = Benchmarks::builtin();
    let json = ecomap(&["benchmarks", "-f", "json"]).json();
    assert_eq!(json["table"]["version"], t.table.version);
    assert_eq!(json["table"]["as_of"], t.table.as_of.to_string());
    // 002 is Peter Bates's guide of August 2010; its one-per-50,000 comes with its date and words.
    let entry = json["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["id"] == "primary-care-population-per-specialist")
        .expect("the entry");
    assert_eq!(entry["date"], "2010-08");
    assert!(
        entry["source"]
            .as_str()
            .is_some_and(|s| s.starts_with("002"))
    );
    assert_eq!(
        entry["says"],
        "In population terms this is one employment specialist in primary care per 50,000 general population"
    );
    assert_eq!(entry["checked"], true);
    let r002 = json["references"]
        .as_array()
        .expect("references")
        .iter()
        .find(|r| r["code"] == "002")
        .expect("002 is explained");
    assert_eq!(r002["date"], "2010-08");

    let text = out(&["benchmarks"]);
    let version = format!(
        "The benchmark table version {}, its values checked against their sources on {}, except {} not checked against a copy of their source: {}.",
        t.table.version,
        t.table.as_of,
        t.table.unchecked.len(),
        t.table.unchecked.join(", ")
    );
    assert!(crate::support::squash(&text).contains(&version), "{text}");
    assert!(crate::support::squash(&text).contains("; published 2010-08"));
    assert!(text.contains("\nReferences (the source codes cited above)\n- 002: Peter Bates"));
    // The capacity report names the table it used.
    let cap = ecomap(&["capacity", "examples/capacity-at.yaml", "-f", "json"]).json();
    assert_eq!(cap["table"]["version"], t.table.version);
}

#[test]
fn the_ips_job_rate_is_over_out_of_work_clients() {
    // examples/ips-job-rate.yaml: ips-east 34 job starts of 85 out of work = 0.4, at IPS Grow's 40%
    // (over all 100 supported it would read 0.34). ips-west gives no out_of_work: missing.
    let r = report("examples/ips-job-rate.yaml");
    let east = check(&r, "ips-service-health", Some("ips-east"));
    let rate = east
        .comparisons
        .iter()
        .find(|c| {
            c.what
                .starts_with("share of out-of-work clients moving into paid work")
        })
        .expect("the job rate");
    assert!(close(rate.mapped, 0.4));
    assert_eq!(rate.standing, Standing::At);
    assert!(rate.meets);
    let west = check(&r, "ips-service-health", Some("ips-west"));
    assert!(
        !west
            .comparisons
            .iter()
            .any(|c| c.what.contains("paid work"))
    );
    assert!(
        west.missing
            .contains(&"outcomes.out_of_work of service `ips-west`".to_owned())
    );
    assert!(
        west.notes
            .iter()
            .any(|n| n.contains("give outcomes.out_of_work"))
    );
    // The old wording, over everyone supported, is gone from every output.
    for text in [
        out(&["capacity", "examples/ips-job-rate.yaml"]),
        out(&["benchmarks"]),
    ] {
        assert!(
            !crate::support::squash(&text)
                .contains("share of people supported moving into paid work")
        );
        assert!(
            !crate::support::squash(&text)
                .contains("share of people supported who move into paid work")
        );
    }
    assert!(out(&["benchmarks"]).contains("share of out-of-work clients"));
}

#[test]
fn the_adviser_ratio_is_a_target_for_40_percent_of_services_and_judged_so() {
    // examples/talking-therapies-target.yaml: 40 therapists ÷ 8 = 5 advisers would reach 1:8; 4
    // mapped: under, which is no shortfall against a target for 40% of services.
    let map = "examples/talking-therapies-target.yaml";
    let r = report(map);
    let c = check(&r, "talking-therapies-advisers", None);
    assert_eq!(
        c.title,
        "Employment advisers in talking therapies (004 §47, §56f: one per 8 therapists, a target for 40% of services, not each)"
    );
    let cmp = &c.comparisons[0];
    assert_eq!(cmp.standing, Standing::Under);
    assert!(!cmp.meets);
    assert_eq!(cmp.target_share, Some(0.4));
    let text = out(&["capacity", map]);
    assert!(crate::support::squash(&text).contains(
        "4 against at least 5: under; not reached here, which is no shortfall against a target for 40% of services"
    ));
    // The summary counts it apart. No other comparison: the advisers' caseload of 20 is not held
    // to 002's 25 for employment specialists (004 §46: the advisers' programme is another).
    let key = &ecomap(&["report", map, "-f", "json"]).json()["key"]["capacity"];
    assert_eq!(key["comparisons"], 0);
    assert_eq!(key["not_met"], 0);
    assert_eq!(key["share_targets"], 1);
    assert_eq!(key["share_targets_reached"], 0);
    let summary = out(&["report", map]);
    assert!(summary.contains(
        "; a target set for a share of services, not each, is not reached (not counted as a shortfall)"
    ), "{summary}");
    // The table says so too.
    assert!(out(&["benchmarks"]).contains("40% of CCG-commissioned IAPT services"));
}

#[test]
fn source_003_is_not_cited_for_what_it_does_not_ask() {
    // 003 asks whether the share of disability employment resources reaching people with mental
    // health conditions matches their share of claimants: a national programme's question that a
    // map does not hold. No output of the bundled borough cites it.
    let three = Benchmarks::builtin()
        .references
        .into_iter()
        .find(|r| r.code == "003")
        .expect("003 is explained where it is cited");
    for args in [
        vec!["report", "maps/riverside"],
        vec!["report", "maps/riverside", "-f", "json"],
        vec!["funding", "maps/riverside"],
        vec!["funding", "maps/riverside", "-f", "markdown"],
        vec!["capacity", "maps/riverside"],
        vec!["benchmarks", "maps/riverside"],
    ] {
        let text = out(&args);
        assert!(!three.cited_in(&text), "{args:?} cites 003");
    }
}

#[test]
fn contracts_are_read_as_of_the_start_of_the_maps_period() {
    // examples/rural-2025-26.yaml, run on 2028-01-15 with no --as-of: as of 2025-04-01, the start
    // of the period (a UK financial year). The 12 months to 2026-04-01 hold the outreach contract
    // (ends 2026-03-31, £40,000); the IPS contract (2027-03-31) ends later; none has ended before.
    let at = |args: &[&str]| ecomap_with(&root(), args, &[("SOURCE_DATE_EPOCH", EPOCH_2028_01_15)]);
    let run = at(&["contracts", "examples/rural-2025-26.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "As of 2025-04-01, the start of the map's period 2025-26 (--as-of to choose another day)."
        ),
        "{}",
        run.stdout
    );
    let j = at(&["contracts", "examples/rural-2025-26.yaml", "-f", "json"]).json();
    assert_eq!(j["window"]["as_of"], "2025-04-01");
    assert_eq!(j["window"]["until"], "2026-04-01");
    assert_eq!(j["window"]["from"], "period");
    assert_eq!(j["window"]["period"], "2025-26");
    let ending: Vec<&str> = j["ending"]
        .as_array()
        .expect("ending")
        .iter()
        .filter_map(|e| e["service"].as_str())
        .collect();
    assert_eq!(ending, ["outreach"]);
    assert_eq!(j["already_ended"].as_array().map(Vec::len), Some(0));
    assert_eq!(j["ending_later"], 1);

    // --as-of still wins; a map with no period is read as of today, and says so.
    let given = at(&[
        "contracts",
        "examples/rural-2025-26.yaml",
        "--as-of",
        "2027-01-01",
    ]);
    assert!(given.stdout.contains("As of 2027-01-01 (--as-of)."));
    let today = at(&["contracts", "examples/retender.yaml"]);
    assert!(
        today
            .stdout
            .contains("As of today, 2028-01-15 (the map gives no area.period;"),
        "{}",
        today.stdout
    );
}

/// A small map: one IPS service with the outcomes and fidelity given, and a talking-therapies
/// service of 16 therapists with 1 WTE of employment advisers, who state a caseload of 30. No
/// population and no secondary caseload, so the area checks other than the advisers' compare
/// nothing.
fn ips_map(outcomes: &str, fidelity: u32) -> String {
    format!(
        "area:
  id: small
  name: Small area
  illustrative: true
  figures:
    talking_therapies_therapists_wte: 16
commissioners:
  icb:
    name: Integrated Care Board
    kind: nhs
cohorts:
  smi:
    name: People on secondary mental health caseloads
    size: 3000
    attributes: {{ care: secondary }}
    needs: {{ job-search: 0.5 }}
    enters_via: [cmht]
services:
  cmht:
    name: Community mental health teams
    model: clinical
    stages: [treatment]
  ips:
    name: IPS service
    model: ips
    stages: [engagement, job-search, in-work]
    referral: {{ from: [cmht] }}
    capacity: {{ people_per_year: 2000, wte: 50 }}
    fidelity: {fidelity}
    outcomes: {outcomes}
    funding:
      - from: icb
        amount: 100000
  advisers:
    name: Employment advisers in talking therapies
    model: employment-adviser
    stages: [job-search]
    referral: {{ self: true }}
    capacity: {{ people_per_year: 100, wte: 1, caseload: 30 }}
    funding:
      - from: icb
        amount: 40000
"
    )
}

#[test]
fn a_figure_under_its_mark_never_prints_as_the_mark() {
    // 799 job starts of 2,000 out of work: 799 ÷ 2,000 = 0.3995, under IPS Grow's 0.4; two
    // decimals would print 0.4 and read as at the mark. 519 of 799 sustained = 0.64956…, under
    // 0.65: three decimals give 0.650, still the mark; four give 0.6496.
    let dir = crate::support::temp_dir();
    crate::support::write_files(
        dir.path(),
        &[(
            "map.yaml",
            &ips_map(
                "{ people_supported: 2000, out_of_work: 2000, job_starts: 799, sustained_13_weeks: 519 }",
                100,
            ),
        )],
    );
    let run = crate::support::ecomap_in(dir.path(), &["capacity", "map.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = run.stdout;
    assert!(
        crate::support::squash(&text).contains(": 0.3995 against at least 0.4 (a value not checked against a copy of its source): under, does not meet it"),
        "{text}"
    );
    assert!(
        crate::support::squash(&text).contains(": 0.6496 against at least 0.65 (a value not checked against a copy of its source): under, does not meet it"),
        "{text}"
    );
    // The working's line of the ratio says the same.
    assert!(
        crate::support::squash(&text)
            .contains(" 0.3995 share of out-of-work clients moving into paid work"),
        "{text}"
    );
    assert!(
        !crate::support::squash(&text).contains("0.4 against at least 0.4: under"),
        "{text}"
    );
    assert!(
        !crate::support::squash(&text).contains("0.65 against at least 0.65: under"),
        "{text}"
    );
    // The advisers' caseload of 30 is not held to 002's 25 for employment specialists (a role
    // 004 §46 says does not strictly follow IPS): no comparison, and a note says why.
    assert!(
        !crate::support::squash(&text).contains("caseload of advisers"),
        "{text}"
    );
    assert!(
        crate::support::squash(&text)
            .contains("note: not held to this caseload: `advisers` (model `employment-adviser`)"),
        "{text}"
    );
    // 004 §47 counts therapists, not WTE: the assumption is said.
    assert!(
        crate::support::squash(&text).contains("004 §47 counts therapists"),
        "{text}"
    );
}

#[test]
fn an_overridden_value_is_never_credited_to_its_source_and_never_given_its_verdict() {
    // The map above (2,000 supported by 50 WTE = 40 a specialist; 800 of 2,000 into work = 0.4;
    // 520 of 800 sustained = 0.65; fidelity 77; 16 therapists, 1 adviser), with a file setting
    // 30 people a specialist, a job rate of 50%, 70% sustained, the fair band from 80 and the
    // adviser target for every service (a share of 1).
    let dir = crate::support::temp_dir();
    crate::support::write_files(
        dir.path(),
        &[
            (
                "map.yaml",
                &ips_map(
                    "{ people_supported: 2000, out_of_work: 2000, job_starts: 800, sustained_13_weeks: 520 }",
                    77,
                ),
            ),
            (
                "marks.yaml",
                "ips-people-per-specialist: 30\nips-job-rate: 0.5\nips-sustained-rate: 0.7\nips-fidelity-fair: 80\ntalking-therapies-adviser-target-share: 1\n",
            ),
        ],
    );
    let args = ["capacity", "map.yaml", "--benchmarks", "marks.yaml"];
    let run = crate::support::ecomap_in(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = run.stdout;
    // Each overridden IPS Grow mark is stated as the value in force, not credited to IPS Grow.
    for (what, rule) in [
        (
            "people per specialist, after the first year",
            "(at least 30; ips-people-per-specialist overridden by --benchmarks file, built in 40)",
        ),
        (
            "share of out-of-work clients moving into paid work",
            "(at least 50%; ips-job-rate overridden by --benchmarks file, built in 40%)",
        ),
        (
            "share of job starts sustained beyond 13 weeks",
            "(at least 70%; ips-sustained-rate overridden by --benchmarks file, built in 65%)",
        ),
    ] {
        assert!(
            crate::support::squash(&text).contains(&format!("→ {what} {rule}:")),
            "{what}: {text}"
        );
    }
    // The first-year mark is not overridden: still IPS Grow's 35. 40 a specialist is over it.
    assert!(
        crate::support::squash(&text).contains("→ people per specialist, first year (IPS Grow: at least 35): 40 against at least 35 (a value not checked against a copy of its source): over, meets it"),
        "{text}"
    );
    // 77 is below the fair band in force (80), which is all that can be said: the scale's
    // "not supported employment" is for its own floor of 74, which 77 is above.
    assert!(
        crate::support::squash(&text).contains("band: below the fair band in force"),
        "{text}"
    );
    assert!(
        !crate::support::squash(&text).contains("not supported employment"),
        "{text}"
    );
    // A share of 1 is every service: 16 ÷ 8 = 2 advisers expected, 1 mapped, under and not met.
    assert!(
        crate::support::squash(&text).contains("Employment advisers in talking therapies (one per 8 therapists in 100% of services, so in each; talking-therapies-adviser-target-share overridden by --benchmarks file, built in 40%)"),
        "{text}"
    );
    assert!(
        crate::support::squash(&text).contains(": 1 against at least 2: under, does not meet it"),
        "{text}"
    );
    assert!(
        !crate::support::squash(&text).contains("not each"),
        "{text}"
    );
    assert!(
        !crate::support::squash(&text).contains("no shortfall"),
        "{text}"
    );
    let json = crate::support::ecomap_in(dir.path(), &[&args[..], &["-f", "json"]].concat()).json();
    let checks = json["checks"].as_array().expect("checks");
    let tt = checks
        .iter()
        .find(|c| c["check"] == "talking-therapies-advisers")
        .expect("the advisers' check");
    assert_eq!(tt["comparisons"][0]["meets"], false);
    assert!(tt["comparisons"][0].get("target_share").is_none());
    let fidelity = checks
        .iter()
        .find(|c| c["check"] == "ips-fidelity")
        .expect("the fidelity check");
    assert_eq!(fidelity["band"], "below-fair");
}

#[test]
fn above_a_range_is_not_a_shortfall() {
    // examples/capacity-over.yaml. Its standards, worked by hand: IPS demand 6 WTE against 3 to 5
    // and 240 places against 120 to 200 (both above the range); ips caseload 22 against at most
    // 20 (not met), 45 a specialist against 35 and 40, job rate 0.5 against 0.4, sustained 0.8
    // against 0.65; ips-primary-care caseload 18 against 20; fidelity 118 against 74; 6 WTE
    // against 5 teams; 3 primary-care specialists against 2; caseloads 22, 18 and 30 against 25
    // (30 not met); 20 social-enterprise places against 10 to 15 (above the range). That is 15
    // comparisons, 2 not met, 3 above their range; the advisers' 1:8 is a share target, apart.
    let text = out(&["capacity", "examples/capacity-over.yaml"]);
    assert!(
        crate::support::squash(&text).contains("against those needed: 6 against 3 to 5: above the range; not a shortfall, possibly more than needed (worth a look)"),
        "{text}"
    );
    assert!(
        !text.contains("over, does not meet it\n   → IPS places"),
        "{text}"
    );
    let key =
        &ecomap(&["report", "examples/capacity-over.yaml", "-f", "json"]).json()["key"]["capacity"];
    assert_eq!(key["comparisons"], 15);
    assert_eq!(key["not_met"], 2);
    assert_eq!(key["above_range"], 3);
    let summary = out(&["report", "examples/capacity-over.yaml"]);
    assert!(
        summary.contains("; 2 of 15 comparisons with a benchmark are not met (3 figures are above their range: not shortfalls, possibly more than needed, worth a look)"),
        "{summary}"
    );
}

#[test]
fn values_not_checked_against_their_source_say_so_wherever_they_are_shown() {
    // IPS Grow's and the IPS-25 manual's values are not in the project's sources: 9 of them.
    let text = out(&["benchmarks"]);
    assert!(
        crate::support::squash(&text).contains("except 9 not checked against a copy of their source: ips-specialists-per-team-leader-ips-grow, ips-max-caseload, "),
        "{text}"
    );
    let block = |id: &str| {
        let start = text.find(&format!("\n{id} = ")).expect("listed");
        let rest = &text[start + 1..];
        crate::support::squash(&rest[..rest.find("\n\n").unwrap_or(rest.len())])
    };
    assert!(block("ips-max-caseload").contains("not checked against a copy of its source"));
    assert!(block("ips-fidelity-fair").contains("not checked against a copy of its source"));
    assert!(!block("ips-clients-per-specialist").contains("not checked"));
    // The capacity report marks each such value it used.
    let cap = out(&["capacity", "maps/riverside"]);
    assert!(
        crate::support::squash(&cap).contains("- ips-sustained-rate = 0.65: IPS Grow outcomes framework; undated; not checked against a copy of its source"),
        "{cap}"
    );
    let json = ecomap(&["capacity", "maps/riverside", "-f", "json"]).json();
    assert_eq!(json["table"]["unchecked"].as_array().map(Vec::len), Some(9));
    let job = json["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|b| b["id"] == "ips-job-rate")
        .expect("used");
    assert_eq!(job["checked"], false);
    assert!(job.get("says").is_none());
    // And the report's provenance.
    let md = out(&["report", "maps/riverside", "-f", "markdown"]);
    assert!(
        md.contains("(its values checked against their sources on 2026-12-03, except 9 not checked against a copy of their source: "),
        "{md}"
    );
}

#[test]
fn a_comparison_with_an_unchecked_value_says_so_on_its_own_line() {
    // maps/riverside: the IPS service's caseload 18 is held against the IPS-25 manual's 20 and
    // its fidelity 96 against the manual's fair band from 74, neither checked against a copy of
    // its source; the 6 WTE expected for 6 teams is 002's, checked.
    let unchecked = "(a value not checked against a copy of its source)";
    let text = out(&["capacity", "maps/riverside"]);
    // An entry starting `→`, with the lines it wraps onto (indented further, not a new entry).
    let line = |start: &str| {
        let mut lines = text
            .lines()
            .skip_while(|l| !l.trim_start().starts_with(start));
        let first = lines
            .next()
            .unwrap_or_else(|| panic!("no line {start}:\n{text}"));
        let rest = lines.take_while(|l| l.starts_with("     ") && !l.trim_start().starts_with('→'));
        crate::support::squash(
            &std::iter::once(first)
                .chain(rest)
                .collect::<Vec<_>>()
                .join(" "),
        )
    };
    assert!(
        line("→ fidelity score, fair or better").contains(&format!(
            ": 96 against at least 74 {unchecked}: over, meets it"
        )),
        "{text}"
    );
    assert!(
        line("→ active caseload per specialist").contains(&format!(
            ": 18 against at most 20 {unchecked}: under, meets it"
        )),
        "{text}"
    );
    let teams = line("→ IPS employment specialists mapped (WTE) against 1 WTE per team");
    assert!(
        teams.ends_with(": 5 against at least 6: under, does not meet it"),
        "{teams}"
    );
    // Markdown and HTML write the same line.
    for args in [
        vec!["capacity", "maps/riverside", "-f", "markdown"],
        vec![
            "report",
            "maps/riverside",
            "-f",
            "html",
            "--renderer",
            "builtin",
        ],
    ] {
        let page = out(&args);
        assert!(
            page.contains(&format!(
                "96 against at least 74 {unchecked}: over, meets it"
            )),
            "{args:?}"
        );
    }
    // JSON: each comparison's `checked`.
    let json = ecomap(&["capacity", "maps/riverside", "-f", "json"]).json();
    let comparisons: Vec<&serde_json::Value> = json["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .flat_map(|c| c["comparisons"].as_array().expect("comparisons"))
        .collect();
    let checked = |what: &str| {
        comparisons
            .iter()
            .find(|c| c["what"].as_str().is_some_and(|w| w.starts_with(what)))
            .map(|c| c["checked"].clone())
    };
    assert_eq!(
        checked("fidelity score, fair or better"),
        Some(serde_json::json!(false))
    );
    assert_eq!(
        checked("IPS employment specialists mapped (WTE) against 1 WTE per team"),
        Some(serde_json::json!(true))
    );
    // Overridden, the value is the map's, not the unchecked source's: the line no longer says it.
    let dir = crate::support::temp_dir();
    crate::support::write_files(dir.path(), &[("marks.yaml", "ips-fidelity-fair: 80\n")]);
    let marks = dir.path().join("marks.yaml");
    let marks = marks.to_str().expect("UTF-8 path");
    let text = out(&["capacity", "maps/riverside", "--benchmarks", marks]);
    assert!(
        crate::support::squash(&text).contains(": 96 against at least 80: over, meets it"),
        "{text}"
    );
}

#[test]
fn a_note_under_an_override_states_the_value_in_force_and_names_the_built_in_one_as_such() {
    // examples/benchmark-override.yaml sets 30 clients a specialist (built in 40); a file rates
    // sheltered work as limited (0; built in -1, against). Neither note says the built-in figure
    // as the one that applies: 30 is used, "552 / 40 = 13.8" is named as 004's own arithmetic on
    // the built-in value, and sheltered work is no longer called a candidate for disinvestment.
    let dir = crate::support::temp_dir();
    crate::support::write_files(
        dir.path(),
        &[("marks.yaml", "evidence-sheltered-work: 0\n")],
    );
    let marks = dir.path().join("marks.yaml");
    let marks = marks.to_str().expect("UTF-8 path");
    let map = "examples/benchmark-override.yaml";
    let text = out(&["benchmarks", map, "--benchmarks", marks]);
    let block = |id: &str| {
        let start = text.find(&format!("\n{id} = ")).expect("listed");
        let rest = &text[start + 1..];
        rest[..rest.find("\n\n").unwrap_or(rest.len())].to_owned()
    };
    let per = block("ips-clients-per-specialist");
    assert!(
        crate::support::squash(&per).contains("note: ecomap computes from the value in force, 30 (overridden by the map); 004's own worked example (§37-38) gives \"around 11\" specialists for 552 referrals, which does not follow from 004's own figure (built in: 40, and 552 / 40 = 13.8)"),
        "{per}"
    );
    assert!(
        !crate::support::squash(&per).contains("13.8, and ecomap computes"),
        "{per}"
    );
    let sheltered = block("evidence-sheltered-work");
    assert!(
        sheltered.contains("note: rated limited by --benchmarks file (built in: against, a candidate for disinvestment)"),
        "{sheltered}"
    );
    // Without overrides, the notes are the built-in ones.
    let builtin = out(&["benchmarks"]);
    assert!(builtin.contains("note: candidate for disinvestment\n"));
    assert!(
        crate::support::squash(&builtin)
            .contains("552 / 40 = 13.8, and ecomap computes from the parameters")
    );
    // JSON gives the note in force.
    let json = ecomap(&["benchmarks", map, "-f", "json"]).json();
    let entry = json["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["id"] == "ips-clients-per-specialist")
        .expect("listed");
    assert!(
        entry["note"]
            .as_str()
            .is_some_and(|n| n.starts_with("ecomap computes from the value in force, 30")),
        "{entry}"
    );
}

#[test]
fn the_html_summary_card_says_what_the_markdown_summary_says_of_figures_above_their_range() {
    // examples/capacity-over.yaml: 3 figures above their range (6 WTE against 3 to 5, 240 places
    // against 120 to 200, 20 social-enterprise places against 10 to 15), none counted as not met.
    let html = out(&[
        "report",
        "examples/capacity-over.yaml",
        "-f",
        "html",
        "--renderer",
        "builtin",
    ]);
    let card = html
        .lines()
        .find(|l| l.contains("href=\"#capacity\"") && l.contains("class=\"key"))
        .unwrap_or_else(|| panic!("no capacity card:\n{html}"));
    assert!(
        card.contains("of 15 benchmark comparisons are not met"),
        "{card}"
    );
    assert!(
        card.contains("3 figures are above their range: not shortfalls, possibly more than needed, worth a look"),
        "{card}"
    );
    // A map with none above a range says nothing of it (maps/riverside: all under or within).
    let riverside = out(&[
        "report",
        "maps/riverside",
        "-f",
        "html",
        "--renderer",
        "builtin",
    ]);
    assert!(!riverside.contains("above their range"));
    assert!(!riverside.contains("above its range"));
}

#[test]
fn the_headline_ips_workforce_never_prints_as_the_end_of_the_range_it_is_short_of() {
    // 2,000 on caseloads, 8% in work: 1,840 × 0.3 = 552 referrals ÷ 40 = 13.8 specialists (low
    // case), 920 ÷ 40 = 23 (high). 13.799 WTE mapped is under 13.8: two decimals would print it
    // 13.8 and read as the low case; three print 13.799.
    let dir = crate::support::temp_dir();
    crate::support::write_files(
        dir.path(),
        &[(
            "map.yaml",
            "area:
  id: small
  name: Small area
  illustrative: true
  figures: { secondary_care_caseload: 2000, secondary_care_in_work: 0.08 }
commissioners:
  icb: { name: ICB, kind: nhs }
cohorts:
  smi:
    name: People on secondary mental health caseloads
    size: 2000
    attributes: { care: secondary }
    needs: { job-search: 0.3 }
    enters_via: [ips]
services:
  ips:
    name: IPS service
    model: ips
    stages: [job-search]
    referral: { self: true }
    capacity: { people_per_year: 500, wte: 13.799 }
    funding: [ { from: icb, amount: 100000 } ]
",
        )],
    );
    let run = crate::support::ecomap_in(dir.path(), &["report", "map.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("the area needs 13.8 to 23 IPS employment specialists (004 §36-39) and **the map has 13.799 (whole-time equivalent, WTE), fewer than the low case**"),
        "{}",
        run.stdout
    );
    let cap = crate::support::ecomap_in(dir.path(), &["capacity", "map.yaml"]).stdout;
    assert!(cap.contains(": 13.799 against 13.8 to 23: under"), "{cap}");
}
