//! `ecomap generate`: the maps it makes are valid whatever the size and seed, the same arguments
//! give the same bytes, and the shape is the one promised (localities gating local services,
//! undetermined eligibility, pooled and two-level funding, every kind of rule).

use ecomap::eligibility::Ternary;
use ecomap::generate::{self, Options};
use proptest::prelude::*;

use crate::support::{diagnostics_of, ecomap, load_str, temp_dir};

fn options(services: usize, cohorts: usize, seed: u64) -> Options {
    Options {
        services,
        cohorts,
        commissioners: None,
        localities: None,
        seed,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever the size, the seed, the number of commissioners and localities, and whether it is
    /// one map or one area of many, validation finds no error.
    #[test]
    fn every_generated_map_validates(
        services in 1usize..400,
        cohorts in 1usize..120,
        seed in any::<u64>(),
        commissioners in proptest::option::of(1usize..14),
        localities in proptest::option::of(1usize..12),
        area in proptest::option::of(1usize..5),
    ) {
        let o = Options { services, cohorts, commissioners, localities, seed };
        let yaml = match area {
            None => generate::map(&o),
            Some(n) => generate::area(&o, n, 4),
        };
        let d = diagnostics_of(&yaml);
        prop_assert!(!d.has_errors(), "{o:?} area {area:?}: {:?}", d.0.iter().filter(|d| d.severity == ecomap::diag::Severity::Error).collect::<Vec<_>>());
    }
}

#[test]
fn the_sizes_asked_for_are_made_at_bench_sizes() {
    // 150 services: area-wide min(⌈150/10⌉ = 15, 8 + 150/250 = 8, 80) = 8; localities
    // min((150 + 20)/40 = 4, 142/5 = 28) = 4; commissioners 4 + 150/500 = 4.
    let yaml = generate::map(&options(150, 40, 1));
    assert!(yaml.contains("# 4 localities, 8 area-wide services; same arguments, same bytes.\n"));
    let eco = load_str(&yaml);
    assert_eq!(eco.map.services.len(), 150);
    assert_eq!(eco.map.cohorts.len(), 40);
    assert_eq!(eco.map.commissioners.len(), 4);
    // 1,500 services: commissioners 4 + 1500/500 = 7; area-wide min(150, 8 + 6 = 14, 80) = 14;
    // localities min(1520/40 = 38, 1486/5) = 38.
    let big = options(1500, 10, 2);
    assert_eq!(big.commissioners(), 7);
    assert_eq!(
        big.plan(),
        generate::Plan {
            area_wide: 14,
            local: 1486,
            localities: 38
        }
    );
}

#[test]
fn a_cohort_is_gated_out_of_other_localities_services() {
    // 150 services in 4 localities: every local service's eligibility holds a `locality` term in a
    // conjunction (its own locality, one in ten also the next one's), and every cohort states its
    // locality, so a cohort passes the gate of its own locality's services and at most those of
    // the locality before it: never more than half the 142 local services. The 8 area-wide
    // services are not gated on a locality.
    let eco = load_str(&generate::map(&options(150, 40, 3)));
    let localities: Vec<String> = eco
        .map
        .cohorts
        .values()
        .map(|c| {
            format!(
                "{:?}",
                c.attributes
                    .get("locality")
                    .expect("every cohort states it")
            )
        })
        .collect();
    assert!(localities.iter().any(|l| l != &localities[0]));
    let area_wide = 8;
    let local = eco.map.services.len() - area_wide;
    for (c, cohort) in eco.map.cohorts.values().enumerate() {
        let open_local = (0..local)
            .filter(|&s| eco.verdict(c, s) != Ternary::No)
            .count();
        assert!(
            open_local <= local / 2,
            "{} may use {open_local} of {local} local services",
            cohort.id
        );
    }
}

#[test]
fn some_eligibility_is_undetermined_and_money_is_pooled_two_levels_deep() {
    // The first ten cohorts are one of each kind, so the first locality has college students, who
    // state no care setting; its IPS service's eligibility always asks for secondary care (alone,
    // or with an age, employment or benefit term), which they neither meet nor fail.
    let eco = load_str(&generate::map(&options(150, 40, 1)));
    let undetermined = (0..eco.map.cohorts.len())
        .flat_map(|c| (0..eco.map.services.len()).map(move |s| (c, s)))
        .filter(|&(c, s)| eco.verdict(c, s) == Ternary::Unknown)
        .count();
    assert!(undetermined > 0);
    // A fifth of IPS and employment projects' funding is pooled: some service has two funders.
    assert!(eco.map.services.values().any(|s| s.funding.len() >= 2));
    // NHS England funds the ICB, which funds services: two levels of money.
    let icb = &eco.map.commissioners["icb"];
    assert_eq!(icb.funded_by.len(), 1);
    assert_eq!(icb.funded_by[0].from.as_str(), "nhs-england");
}

#[test]
fn every_kind_of_rule_is_written() {
    let yaml = generate::map(&options(150, 40, 1));
    // A word, a list, a range, `not`, `any`, `all`, a reference, a description; an inline
    // condition on a service.
    for needle in [
        "    care: secondary\n",
        "    benefit: [uc, esa, esa-wrag, jsa]\n",
        "    age: { min: 16, max: 24 }\n",
        "    not: { condition: none }\n",
        "    any:\n",
        "    all:\n",
        "      - rule: secondary-care\n",
        "    description: Lives in ",
        "    eligibility: { ",
        "    referral: { self: true",
    ] {
        assert!(yaml.contains(needle), "no {needle:?}");
    }
}

#[test]
fn the_same_arguments_give_the_same_bytes() {
    let args = [
        "generate",
        "--services",
        "60",
        "--cohorts",
        "12",
        "--seed",
        "9",
    ];
    let first = ecomap(&args);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(first.stderr, "");
    assert_eq!(ecomap(&args).stdout, first.stdout);
    assert_eq!(first.stdout, generate::map(&options(60, 12, 9)));
    let other = ecomap(&[
        "generate",
        "--services",
        "60",
        "--cohorts",
        "12",
        "--seed",
        "10",
    ]);
    assert_ne!(other.stdout, first.stdout);
}

#[test]
fn areas_are_written_one_file_each_and_validate() {
    let dir = temp_dir();
    let out = dir.path().join("areas");
    let out_s = out.to_str().expect("a UTF-8 temporary path");
    let args = [
        "generate",
        "--areas",
        "3",
        "--services",
        "40",
        "--cohorts",
        "8",
        "--seed",
        "5",
        "-o",
        out_s,
    ];
    let run = ecomap(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    // The folder holds these three maps alone: the note says how to compare them.
    assert_eq!(
        run.stderr,
        format!(
            "note: wrote 3 maps into {out_s}; `ecomap compare {out_s}` compares them, a row each\n"
        )
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("the folder was made")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["area-0001.yaml", "area-0002.yaml", "area-0003.yaml"]
    );
    let o = options(40, 8, 5);
    let texts: Vec<String> = names
        .iter()
        .map(|n| std::fs::read_to_string(out.join(n)).expect("readable"))
        .collect();
    for (i, text) in texts.iter().enumerate() {
        // Each area is seeded from the seed and its number, and named by it.
        assert_eq!(text, &generate::area(&o, i + 1, 3));
        assert!(text.contains(&format!("  id: area-000{}\n", i + 1)));
    }
    assert_ne!(texts[0], texts[1]);
    // Each file is a map of its own, and the folder a folder of maps: compared side by side, named
    // one by one or as the folder, a header and one row each, in the order given.
    let files: Vec<String> = names
        .iter()
        .map(|n| out.join(n).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["compare", "--format", "csv"];
    args.extend(files.iter().map(String::as_str));
    let compare = ecomap(&args);
    assert_eq!(compare.code, 0, "{}", compare.stderr);
    let rows: Vec<&str> = compare.stdout.lines().collect();
    assert_eq!(rows.len(), 4, "{}", compare.stdout);
    for (i, row) in rows[1..].iter().enumerate() {
        assert!(row.contains(&format!(",area-000{},", i + 1)), "{row}");
    }
    let folder = ecomap(&["compare", "--format", "csv", out_s]);
    assert_eq!(folder.code, 0, "{}", folder.stderr);
    assert_eq!(folder.stdout, compare.stdout);
}

#[test]
fn mistakes_in_the_arguments_are_usage_errors() {
    let none = ecomap(&["generate", "--services", "0", "--cohorts", "3"]);
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.contains("--services must be from 1 to"),
        "{}",
        none.stderr
    );
    let no_dir = ecomap(&[
        "generate",
        "--areas",
        "2",
        "--services",
        "5",
        "--cohorts",
        "3",
    ]);
    assert_eq!(no_dir.code, 2);
    assert!(no_dir.stderr.contains("-o DIR"), "{}", no_dir.stderr);
    let json = ecomap(&[
        "generate",
        "--services",
        "5",
        "--cohorts",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(json.code, 2);
    assert!(json.stderr.contains("YAML maps only"), "{}", json.stderr);
}

#[test]
fn a_map_written_to_a_file_validates() {
    let dir = temp_dir();
    let file = dir.path().join("big.yaml");
    let f = file.to_str().expect("a UTF-8 temporary path");
    let run = ecomap(&["generate", "--services", "300", "--cohorts", "60", "-o", f]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = ecomap(&["validate", f]);
    assert_eq!(v.code, 0, "{}", v.stderr);
    assert!(v.stdout.contains(": valid, 0 errors"), "{}", v.stdout);
}
