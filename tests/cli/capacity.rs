//! Capacity against benchmarks: 004's worked IPS figures, every benchmark under, at and over its
//! mark, missing figures named, overrides from the map and from `--benchmarks FILE`, and the
//! `benchmarks` command.

use crate::support::{close, ecomap_cmd as ecomap, load, stdout};
use ecomap::analysis::benchmarks::{CapacityReport, Check, FidelityBand, Standing, capacity};
use ecomap::analysis::funding::funding;
use ecomap::benchmarks::{self, Benchmarks, Evidence, OverrideFrom};

fn report(example: &str) -> (CapacityReport, Benchmarks) {
    let eco = load(example);
    let (table, d) = benchmarks::resolve(Some(&eco.map), &[]);
    assert!(d.0.is_empty(), "{:?}", d.0);
    (capacity(&eco, &table), table)
}

fn check<'r>(r: &'r CapacityReport, name: &str, service: Option<&str>) -> &'r Check {
    r.checks
        .iter()
        .find(|c| c.check == name && c.service.as_ref().map(|s| s.as_str()) == service)
        .unwrap_or_else(|| panic!("no check {name} {service:?}"))
}

/// The value of the working step described as `what`.
fn step(c: &Check, what: &str) -> f64 {
    c.working
        .iter()
        .find(|s| s.what == what)
        .unwrap_or_else(|| panic!("no step `{what}` in {}", c.check))
        .value
}

/// The standing of the comparison whose description starts with `what`.
fn standing(c: &Check, what: &str) -> Standing {
    c.comparisons
        .iter()
        .find(|x| x.what.starts_with(what))
        .unwrap_or_else(|| panic!("no comparison `{what}` in {}", c.check))
        .standing
}

#[test]
fn ips_demand_follows_004s_parameters_not_its_example() {
    // 004 §37: 2,000 × 92% × 30% = 552 potential referrals. §38 says "around 11" specialists, but
    // from its own 40 clients a year 552 ÷ 40 = 13.8; team leaders 13.8 ÷ 5 = 2.76 (004 §39) or
    // 13.8 ÷ 6 = 2.3 (IPS Grow). High case: 1,840 × 0.5 = 920, ÷ 40 = 23, ÷ 5 = 4.6, ÷ 6 = 3.83.
    let (r, _) = report("examples/ips-demand-004.yaml");
    let c = check(&r, "ips-demand", None);
    assert!(close(step(c, "out of work"), 1840.0));
    assert!(close(
        step(c, "potential referrals a year (low case)"),
        552.0
    ));
    assert!(close(
        step(c, "employment specialists needed (low case)"),
        13.8
    ));
    assert!(close(step(c, "team leaders needed (low case, 004)"), 2.76));
    assert!(close(
        step(c, "team leaders needed (low case, IPS Grow)"),
        2.3
    ));
    assert!(close(
        step(c, "potential referrals a year (high case)"),
        920.0
    ));
    assert!(close(
        step(c, "employment specialists needed (high case)"),
        23.0
    ));
    assert!(close(step(c, "team leaders needed (high case, 004)"), 4.6));
    // The 11 specialists 004 suggests fall short of the 13.8 its parameters give.
    assert_eq!(
        standing(c, "IPS employment specialists mapped"),
        Standing::Under
    );
    assert_eq!(standing(c, "IPS places mapped"), Standing::Under);

    // The working, as a commissioner reads it.
    let text = stdout(&["capacity", "examples/ips-demand-004.yaml"]);
    for line in [
        ("1,840", "out of work", "= 2,000 × 0.92"),
        (
            "552",
            "potential referrals a year (low case)",
            "= 1,840 × 0.3",
        ),
        (
            "13.8",
            "employment specialists needed (low case)",
            "= 552 ÷ 40",
        ),
        ("2.76", "team leaders needed (low case, 004)", "= 13.8 ÷ 5"),
        (
            "2.3",
            "team leaders needed (low case, IPS Grow)",
            "= 13.8 ÷ 6",
        ),
    ] {
        assert!(
            text.lines().any(|l| {
                let l = l.trim_start();
                l.starts_with(line.0) && l.contains(line.1) && l.ends_with(line.2)
            }),
            "no line {line:?} in\n{text}"
        );
    }
    assert!(
        crate::support::squash(&text)
            .contains("ips-specialists-per-team-leader-ips-grow = 6: IPS Grow")
    );
}

#[test]
fn every_benchmark_comes_out_under_at_and_over_its_mark() {
    use Standing::{At, Over, Under};
    // Worked in each example's header comment.
    let (under, _) = report("examples/capacity-under.yaml");
    let (at, _) = report("examples/capacity-at.yaml");
    let (over, _) = report("examples/capacity-over.yaml");

    // IPS demand: mapped WTE and places against the low-high range.
    for (r, want) in [(&under, Under), (&at, At), (&over, Over)] {
        let c = check(r, "ips-demand", None);
        assert_eq!(standing(c, "IPS employment specialists mapped"), want);
        assert_eq!(standing(c, "IPS places mapped"), want);
    }
    // IPS service health.
    let u = check(&under, "ips-service-health", Some("ips"));
    let a = check(&at, "ips-service-health", Some("ips-a"));
    let b = check(&at, "ips-service-health", Some("ips-b"));
    let o = check(&over, "ips-service-health", Some("ips"));
    // Caseload 20 or fewer: 15, 20, 22.
    assert_eq!(
        [
            standing(u, "active caseload"),
            standing(a, "active caseload"),
            standing(o, "active caseload")
        ],
        [Under, At, Over]
    );
    // People per specialist, first year 35: 30, 35 (ips-a), 45.
    let first = "people per specialist, first year";
    assert_eq!(
        [standing(u, first), standing(a, first), standing(o, first)],
        [Under, At, Over]
    );
    // After the first year 40: 30, 40 (ips-b), 45.
    let after = "people per specialist, after";
    assert_eq!(
        [standing(u, after), standing(b, after), standing(o, after)],
        [Under, At, Over]
    );
    // Into paid work 40%, over the out-of-work clients (all of them here): 0.3, 0.4 (ips-b), 0.5.
    let jobs = "share of out-of-work clients moving into paid work";
    assert_eq!(
        [standing(u, jobs), standing(b, jobs), standing(o, jobs)],
        [Under, At, Over]
    );
    // Sustained 65%: 0.5, 0.65 (ips-a), 0.8.
    let kept = "share of job starts sustained";
    assert_eq!(
        [standing(u, kept), standing(a, kept), standing(o, kept)],
        [Under, At, Over]
    );
    // Fidelity, fair from 74: 70, 74 (ips-a), 118.
    let fu = check(&under, "ips-fidelity", Some("ips"));
    let fa = check(&at, "ips-fidelity", Some("ips-a"));
    let fo = check(&over, "ips-fidelity", Some("ips"));
    assert_eq!(
        [
            standing(fu, "fidelity"),
            standing(fa, "fidelity"),
            standing(fo, "fidelity")
        ],
        [Under, At, Over]
    );
    // 002 and 004 §47 ratios.
    for (name, what) in [
        ("cmht-specialists", "IPS employment specialists mapped"),
        (
            "primary-care-specialists",
            "primary-care employment specialists",
        ),
        ("social-enterprise-places", "social-enterprise places"),
        ("talking-therapies-advisers", "employment advisers"),
    ] {
        let got = [&under, &at, &over].map(|r| standing(check(r, name, None), what));
        assert_eq!(got, [Under, At, Over], "{name}");
    }
    // Caseload 25 or below: job-support's 20, 25, 30.
    let got = [&under, &at, &over]
        .map(|r| standing(check(r, "caseloads", None), "caseload of job-support"));
    assert_eq!(got, [Under, At, Over]);
}

#[test]
fn fidelity_scores_fall_in_their_bands_and_below_fair_is_flagged() {
    let (under, _) = report("examples/capacity-under.yaml");
    let (at, _) = report("examples/capacity-at.yaml");
    let (over, _) = report("examples/capacity-over.yaml");
    let band = |r: &CapacityReport, s: &str| check(r, "ips-fidelity", Some(s)).band;
    assert_eq!(
        band(&under, "ips"),
        Some(FidelityBand::NotSupportedEmployment)
    );
    assert_eq!(band(&at, "ips-a"), Some(FidelityBand::Fair));
    assert_eq!(band(&at, "ips-b"), Some(FidelityBand::Good));
    assert_eq!(band(&over, "ips"), Some(FidelityBand::Exemplary));
    let flagged = check(&under, "ips-fidelity", Some("ips"))
        .notes
        .iter()
        .any(|n| n.starts_with("below fair"));
    assert!(flagged);
    assert!(
        !check(&at, "ips-fidelity", Some("ips-a"))
            .notes
            .iter()
            .any(|n| n.starts_with("below fair"))
    );
}

#[test]
fn mapped_figures_come_from_services_when_the_area_does_not_give_them() {
    // capacity-over.yaml gives no figures for primary care or advisers: they are summed from its
    // ips-primary-care (3 WTE) and employment-adviser (3 WTE) services, and each working line says
    // which service. Its social-enterprise places are its area figure (20), never its
    // sheltered-work service's places (also 20): no line of that check reads a service.
    let (r, _) = report("examples/capacity-over.yaml");
    let c = check(&r, "primary-care-specialists", None);
    let from: Vec<&str> = c.working.iter().filter_map(|s| s.from.as_deref()).collect();
    assert!(from.contains(&"service ips-primary-care"), "{from:?}");
    assert!(close(c.comparisons[0].mapped, 3.0));
    let c = check(&r, "social-enterprise-places", None);
    assert!(close(c.comparisons[0].mapped, 20.0));
    assert!(close(step(c, "places expected (low end)"), 10.0));
    assert!(close(step(c, "places expected (high end)"), 15.0));
    let from: Vec<&str> = c.working.iter().filter_map(|s| s.from.as_deref()).collect();
    assert!(
        from.contains(&"area.figures.social_enterprise_places"),
        "{from:?}"
    );
    assert!(!from.iter().any(|f| f.starts_with("service ")), "{from:?}");
}

#[test]
fn sheltered_work_is_never_counted_as_social_enterprise_places() {
    // maps/riverside gives no area.figures.social_enterprise_places; its only places of that sort
    // are Greenway Enterprises' 24 sheltered-work placements, which are not 002's "places in
    // social enterprises … that offer job contracts on NMW or better". So the check compares
    // nothing: the figure is missing (the map shows no such places), never 24 against 25 to 37.5.
    let (r, _) = report("maps/riverside");
    let c = check(&r, "social-enterprise-places", None);
    assert!(c.comparisons.is_empty(), "{:?}", c.comparisons);
    assert_eq!(c.missing, vec!["area.figures.social_enterprise_places"]);
    assert!(
        !c.working
            .iter()
            .any(|s| s.from.as_deref() == Some("service sheltered-work")),
        "{:?}",
        c.working
    );
    assert!(
        c.notes
            .iter()
            .any(|n| n.contains("never the places of sheltered-work services")),
        "{:?}",
        c.notes
    );
    // The source's whole condition is quoted with the value.
    let says = r
        .sources
        .iter()
        .find(|b| b.id == "social-enterprise-places-low")
        .and_then(|b| b.says.clone())
        .unwrap_or_default();
    assert!(
        says.ends_with("that offer job contracts on NMW or better and where employees are involved in business decision-making"),
        "{says}"
    );
}

#[test]
fn missing_area_figures_are_named_not_assumed() {
    // examples/funding.yaml gives no population and no figures: every check that needs one says
    // which, and compares nothing.
    let (r, _) = report("examples/funding.yaml");
    let named: Vec<(&str, Vec<&str>)> = r
        .missing_figures
        .iter()
        .map(|m| (m.figure.as_str(), m.needed_for.clone()))
        .collect();
    assert_eq!(
        named,
        vec![
            ("area.figures.secondary_care_caseload", vec!["ips-demand"]),
            (
                "area.figures.community_mental_health_teams",
                vec!["cmht-specialists"]
            ),
            (
                "area.population",
                vec!["primary-care-specialists", "social-enterprise-places"]
            ),
            (
                "area.figures.talking_therapies_therapists_wte",
                vec!["talking-therapies-advisers"]
            ),
        ]
    );
    assert!(check(&r, "ips-demand", None).comparisons.is_empty());
    assert!(check(&r, "cmht-specialists", None).comparisons.is_empty());

    // capacity-under.yaml has no share in work: named, and the national 8% (004 §36b) used and cited.
    let (r, _) = report("examples/capacity-under.yaml");
    assert_eq!(
        r.missing_figures[0].figure,
        "area.figures.secondary_care_in_work"
    );
    let c = check(&r, "ips-demand", None);
    let national = c
        .working
        .iter()
        .find(|s| s.from.as_deref() == Some("ips-share-in-work-national"))
        .expect("cited");
    assert!(close(national.value, 0.08));
    assert!(close(step(c, "out of work"), 460.0));
}

#[test]
fn a_map_overrides_benchmarks_and_says_so() {
    // examples/benchmark-override.yaml: 30 clients per specialist, so 552 ÷ 30 = 18.4 specialists
    // (low case) and 920 ÷ 30 = 30.67 (high); the job club rated emerging.
    let (r, table) = report("examples/benchmark-override.yaml");
    let ov: Vec<(&str, f64, Option<f64>, OverrideFrom)> = r
        .overridden
        .iter()
        .map(|o| (o.id.as_str(), o.value, o.builtin, o.by))
        .collect();
    assert_eq!(
        ov,
        vec![
            (
                "ips-clients-per-specialist",
                30.0,
                Some(40.0),
                OverrideFrom::Map
            ),
            ("evidence-job-club", 1.0, Some(0.0), OverrideFrom::Map),
        ]
    );
    let c = check(&r, "ips-demand", None);
    assert!(close(
        step(c, "employment specialists needed (low case)"),
        18.4
    ));
    let eco = load("examples/benchmark-override.yaml");
    let f = funding(&eco, &table);
    assert_eq!(f.services[0].evidence, Evidence::Emerging);
    assert_eq!(f.evidence_overridden, vec!["evidence-job-club".to_owned()]);

    let text = stdout(&["capacity", "examples/benchmark-override.yaml"]);
    assert!(
        crate::support::squash(&text)
            .contains("- ips-clients-per-specialist = 30 (built in: 40), by the map"),
        "{text}"
    );
    assert!(
        crate::support::squash(&text).contains("ips-clients-per-specialist, overridden by the map")
    );
    let text = stdout(&["funding", "examples/benchmark-override.yaml"]);
    assert!(
        crate::support::squash(&text).contains("Evidence levels overridden: evidence-job-club.")
    );
}

#[test]
fn a_benchmarks_file_overrides_the_map() {
    // tests/fixtures/benchmarks/clients-46.yaml: 46 clients a year, over the map's 30: 552 ÷ 46 = 12.
    let text = stdout(&[
        "capacity",
        "examples/benchmark-override.yaml",
        "--benchmarks",
        "tests/fixtures/benchmarks/clients-46.yaml",
    ]);
    assert!(
        crate::support::squash(&text)
            .contains("- ips-clients-per-specialist = 46 (built in: 40), by --benchmarks file"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("12 ") && l.ends_with("= 552 ÷ 46")),
        "{text}"
    );
    let json = stdout(&[
        "benchmarks",
        "--benchmarks",
        "tests/fixtures/benchmarks/clients-46.yaml",
        "-f",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["type"], "benchmarks");
    let e = v["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["id"] == "ips-clients-per-specialist")
        .expect("entry")
        .clone();
    assert_eq!(e["value"], 46.0);
    assert_eq!(e["builtin"], 40.0);
    assert_eq!(e["overridden_by"], "file");
}

#[test]
fn an_unknown_benchmark_in_a_map_is_a_located_error() {
    for command in ["validate", "capacity", "funding", "show"] {
        let out = ecomap()
            .args([
                command,
                "tests/fixtures/benchmarks/unknown-in-map.yaml",
                "-f",
                "json",
            ])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{command}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let d = v["diagnostics"].as_array().expect("diagnostics");
        let found: Vec<(String, i64, i64)> = d
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap_or_default().to_owned(),
                    d["line"].as_i64().unwrap_or_default(),
                    d["column"].as_i64().unwrap_or_default(),
                )
            })
            .collect();
        // `ips-clients-per-specalist: 30` on line 8 (the unknown id at column 3), `ips-job-rate: 40`
        // on line 9 (the value out of range at column 17).
        assert_eq!(
            found,
            vec![
                ("unknown-benchmark".to_owned(), 8, 3),
                ("share-out-of-range".to_owned(), 9, 17)
            ],
            "{command}"
        );
        assert!(
            d[0]["help"]
                .as_str()
                .unwrap_or_default()
                .starts_with("did you mean `ips-clients-per-specialist`")
        );
    }
}

#[test]
fn an_unknown_benchmark_in_a_file_is_a_located_error() {
    let out = ecomap()
        .args([
            "capacity",
            "examples/capacity-at.yaml",
            "--benchmarks",
            "tests/fixtures/benchmarks/unknown-in-file.yaml",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert!(
        err.contains("error[unknown-benchmark]: there is no benchmark `ips-job-rat`"),
        "{err}"
    );
    assert!(
        err.contains("tests/fixtures/benchmarks/unknown-in-file.yaml:2:1"),
        "{err}"
    );
    assert!(err.contains("did you mean `ips-job-rate`?"));
    // A file that cannot be read is a usage error.
    let out = ecomap()
        .args([
            "capacity",
            "examples/capacity-at.yaml",
            "--benchmarks",
            "tests/fixtures/benchmarks/none.yaml",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn validate_checks_a_benchmarks_file_as_the_commands_that_use_it_do() {
    // `validate --benchmarks FILE` reads the file and checks its overrides over the map's, each
    // problem at its line in the file, with the exit code of a map error; without the option, or
    // with a file that holds good overrides, the map is valid as before.
    let run = |args: &[&str]| {
        let out = ecomap().args(args).output().expect("runs");
        let err = String::from_utf8(out.stderr).expect("utf-8");
        let text = String::from_utf8(out.stdout).expect("utf-8");
        (out.status.code(), text, err)
    };
    let with = |map: &str, file: &str| run(&["validate", map, "--benchmarks", file]);
    let file = "tests/fixtures/benchmarks/unknown-in-file.yaml";
    let (code, text, err) = with("examples/capacity-at.yaml", file);
    assert_eq!(code, Some(1), "{text}{err}");
    assert!(
        err.contains("error[unknown-benchmark]: there is no benchmark `ips-job-rat`"),
        "{err}"
    );
    assert!(err.contains(&format!("{file}:2:1")), "{err}");
    assert!(
        crate::support::squash(&text).contains("not valid, 1 error, 0 warnings"),
        "{text}"
    );
    let (code, text, _) = run(&["validate", "examples/capacity-at.yaml"]);
    assert_eq!(code, Some(0));
    assert!(
        crate::support::squash(&text).contains("valid, 0 errors"),
        "{text}"
    );
    let good = "tests/fixtures/benchmarks/clients-46.yaml";
    let (code, text, _) = with("examples/capacity-at.yaml", good);
    assert_eq!(code, Some(0), "{text}");

    let dir = tempfile::tempdir().expect("temp dir");
    // A low case the file sets above the high case the map keeps (0.5 built in) is the file's
    // problem, at the file's line: the map alone is valid.
    let low = dir.path().join("low.yaml");
    std::fs::write(&low, "ips-share-wanting-work-low: 0.6\n").expect("written");
    let low = low.to_str().expect("utf-8 path");
    let (code, _, err) = with("examples/benchmark-override.yaml", low);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("error[bad-range]"), "{err}");
    assert!(err.contains(&format!("{low}:1:")), "{err}");
    // An evidence level for a model outside the table needs a service of that model: checked
    // against the map when the map is valid (here it has one, and the override stands; without
    // one it is an error at the file), not when the map has errors of its own (it cannot be
    // checked against a map that is not one yet), which are then the only ones said.
    let map = std::fs::read_to_string("examples/gap-no-service.yaml").expect("example");
    let with_model = map.replace("model: in-work-support", "model: horticulture");
    let ok = dir.path().join("ok.yaml");
    std::fs::write(&ok, &with_model).expect("written");
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, format!("{with_model}benchmarks:\n  no-such: 1\n")).expect("written");
    let evidence = dir.path().join("evidence.yaml");
    std::fs::write(&evidence, "evidence-horticulture: 1\n").expect("written");
    let path = |p: &std::path::Path| p.to_str().expect("utf-8 path").to_owned();
    let evidence = path(&evidence);
    let (code, text, err) = with(&path(&ok), &evidence);
    assert_eq!(code, Some(0), "{text}{err}");
    let (code, _, err) = with("examples/gap-no-service.yaml", &evidence);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("there is no benchmark `evidence-horticulture`"),
        "{err}"
    );
    assert!(err.contains(&format!("{evidence}:1:1")), "{err}");
    let (code, text, err) = with(&path(&bad), &evidence);
    assert_eq!(code, Some(1));
    assert!(err.contains("there is no benchmark `no-such`"), "{err}");
    assert!(!err.contains("evidence-horticulture"), "{err}");
    assert!(
        crate::support::squash(&text).contains("not valid, 1 error"),
        "{text}"
    );
    // A file that cannot be read is a usage error, as for every command.
    let none = "tests/fixtures/benchmarks/none.yaml";
    let (code, _, err) = with("examples/capacity-at.yaml", none);
    assert_eq!(code, Some(2));
    assert!(err.contains(none), "{err}");
}

#[test]
fn the_benchmark_table_lists_every_value_with_its_source() {
    let text = stdout(&["benchmarks"]);
    let table = Benchmarks::builtin();
    for b in &table.entries {
        assert!(text.contains(&format!("\n{} = ", b.id)), "{} missing", b.id);
    }
    assert!(crate::support::squash(&text).contains("None overridden."));
    assert!(crate::support::squash(&text).contains("evidence-sheltered-work = -1 (against)"));
    assert!(text.contains("ips-clients-per-specialist = 40  people a fully trained employment specialist works with in a year\n    source: 004 §38"));
    // With a map, its overrides show.
    let text = stdout(&["benchmarks", "examples/benchmark-override.yaml"]);
    assert!(
        crate::support::squash(&text)
            .contains("Overridden: ips-clients-per-specialist, evidence-job-club.")
    );
    assert!(crate::support::squash(&text).contains(" overridden by the map (built in: 40)"));
}

#[test]
fn riverside_capacity_report_is_the_one_a_commissioner_expects() {
    // The bundled borough has 004's figures: 2,000 on secondary caseloads, 8% in work, so 552 to
    // 920 referrals and 13.8 to 23 specialists against its 5 WTE IPS team (under); fidelity 96
    // is fair; 40 therapists need 5 advisers against its 4 WTE (under). Its 24 sheltered-work
    // places are not social-enterprise places: that figure is missing, and the only one missing.
    let (r, _) = report("maps/riverside");
    let c = check(&r, "ips-demand", None);
    assert!(close(
        step(c, "employment specialists needed (low case)"),
        13.8
    ));
    assert_eq!(
        standing(c, "IPS employment specialists mapped"),
        Standing::Under
    );
    assert_eq!(
        check(&r, "ips-fidelity", Some("ips")).band,
        Some(FidelityBand::Fair)
    );
    let tt = check(&r, "talking-therapies-advisers", None);
    assert!(close(tt.comparisons[0].mapped, 4.0));
    assert_eq!(tt.comparisons[0].standing, Standing::Under);
    let se = check(&r, "social-enterprise-places", None);
    assert!(se.comparisons.is_empty());
    let missing: Vec<&str> = r
        .missing_figures
        .iter()
        .map(|m| m.figure.as_str())
        .collect();
    assert_eq!(missing, ["area.figures.social_enterprise_places"]);
    let md = stdout(&["capacity", "maps/riverside", "-f", "markdown"]);
    assert!(
        md.contains("| 13.8 | employment specialists needed (low case) | = 552 ÷ 40 |"),
        "{md}"
    );
}

#[test]
fn staff_of_none_leaves_people_per_specialist_unworked_and_says_why() {
    // An IPS service with no paid staff (`wte: 0`, allowed) that supported 40 people: 40 ÷ 0 has
    // no value, so the ratio is not worked or compared, and a note says why; never `inf`.
    let eco = crate::support::load_str(
        "area: { id: t, name: T }\n\
         commissioners:\n  c: { name: C, kind: local_authority }\n\
         services:\n  ips:\n    name: IPS\n    model: ips\n    stages: [job-search]\n    \
         capacity: { wte: 0 }\n    outcomes: { people_supported: 40 }\n    \
         funding: [{ from: c, amount: 1 }]\n",
    );
    let (table, _) = benchmarks::resolve(Some(&eco.map), &[]);
    let r = capacity(&eco, &table);
    let c = check(&r, "ips-service-health", Some("ips"));
    let not_worked: Vec<&String> = c
        .notes
        .iter()
        .filter(|n| n.contains("not worked"))
        .collect();
    assert_eq!(
        not_worked,
        vec![
            "people supported per specialist is not worked: `capacity.wte` of service `ips` is 0, and a number per none has no meaning"
        ]
    );
    assert!(
        c.working
            .iter()
            .all(|s| s.value.is_finite() && s.what != "people supported per specialist"),
        "{:?}",
        c.working
    );
    assert!(
        c.comparisons
            .iter()
            .all(|x| !x.what.contains("per specialist")),
        "{:?}",
        c.comparisons
    );
}

/// A map of one IPS service of 5 WTE supporting 190 people a year (38 a specialist), funded from
/// `start`, in an area whose period is `period`.
fn ips_since(start: &str, period: &str) -> CapacityReport {
    let yaml = format!(
        "area: {{ id: t, name: T, population: 100000{period} }}
commissioners:
  icb: {{ name: ICB, kind: nhs }}
services:
  ips:
    name: IPS
    model: ips
    stages: [job-search]
    referral: {{ self: true }}
    capacity: {{ people_per_year: 190, wte: 5 }}
    outcomes: {{ people_supported: 190 }}
    funding: [ {{ from: icb, amount: 100000, contract: {{ start: {start}, end: 2028-03-31 }} }} ]
cohorts:
  c: {{ name: C, size: 1000, needs: {{ job-search: 0.1 }}, enters_via: [ips] }}
"
    );
    let eco = crate::support::load_str(&yaml);
    let (table, _) = benchmarks::resolve(Some(&eco.map), &[]);
    capacity(&eco, &table)
}

#[test]
fn the_first_year_mark_is_compared_only_while_a_service_may_be_in_its_first_year() {
    // 190 ÷ 5 = 38 people a specialist: over the first-year mark (35), under the later one (40).
    let first = "people per specialist, first year";
    let later = "people per specialist, after the first year";
    let has = |r: &CapacityReport, what: &str| {
        check(r, "ips-service-health", Some("ips"))
            .comparisons
            .iter()
            .any(|x| x.what.starts_with(what))
    };
    // Funded since 2024-04-01, two years before the period 2026-27 begins (2026-04-01): past its
    // first year, so only the later mark is compared, and a note says why the other is not.
    let old = ips_since("2024-04-01", ", period: 2026-27");
    assert!(!has(&old, first) && has(&old, later));
    assert_eq!(
        standing(check(&old, "ips-service-health", Some("ips")), later),
        Standing::Under
    );
    let notes = &check(&old, "ips-service-health", Some("ips")).notes;
    assert!(
        notes.iter().any(|n| n.contains("funded since 2024-04-01")),
        "{notes:?}"
    );
    // Funded since 2025-06-01, under a year before 2026-04-01: it may be in its first year (the
    // map cannot say when the service began), so both marks are compared.
    let new = ips_since("2025-06-01", ", period: 2026-27");
    assert!(has(&new, first) && has(&new, later));
    assert_eq!(
        standing(check(&new, "ips-service-health", Some("ips")), first),
        Standing::Over
    );
    // Exactly a year before: past its first year.
    let year = ips_since("2025-04-01", ", period: 2026-27");
    assert!(!has(&year, first) && has(&year, later));
    // No period: nothing to count the year from, so both.
    let unknown = ips_since("2020-04-01", "");
    assert!(has(&unknown, first) && has(&unknown, later));
}
