//! `ecomap import openreferral`: each test directory in `tests/fixtures/openreferral/` (its README
//! says where each shape comes from) becomes the map worked out by hand below, which validates;
//! nothing personal is carried into it, and what could not be placed is listed.

use std::path::{Path, PathBuf};

use ecomap::model::{AttrValue, Condition, Eligibility, Map};

use crate::support::{
    ecomap, ecomap_in, ecomap_with_stdin, load_path, path, temp_dir, write_files,
};

/// Imports `input` into `DIR/example`; returns the folder, the map and what was printed.
fn import(input: &str, extra: &[&str]) -> (tempfile::TempDir, Map, crate::support::Run) {
    let dir = temp_dir();
    let out = dir.path().join("example");
    let input = path(input).display().to_string();
    let mut args = vec!["import", "openreferral", input.as_str(), "-o"];
    let out_s = out.display().to_string();
    args.push(&out_s);
    args.extend(extra);
    let run = ecomap(&args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // The map written validates with no errors (warnings are expected: no amounts, no cohorts).
    let check = ecomap(&["validate", "--format", "json", &out_s]).json();
    assert_eq!(check["errors"], 0, "{check:#}");
    let map = load_path(&out).map;
    (dir, map, run)
}

fn ids<T>(m: &indexmap::IndexMap<ecomap::model::Id, T>) -> Vec<&str> {
    m.keys().map(|k| k.as_str()).collect()
}

fn stages(map: &Map, service: &str) -> Vec<String> {
    map.services[service]
        .stages
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn rule_range(map: &Map, rule: &str) -> (Option<f64>, Option<f64>) {
    match &map.rules[rule].condition {
        Condition::Attribute {
            name,
            value: AttrValue::Range { min, max },
        } if name == "age" => (*min, *max),
        other => panic!("{rule} is not an age range: {other:?}"),
    }
}

fn eligibility(map: &Map, service: &str) -> Option<String> {
    match &map.services[service].eligibility {
        Eligibility::Open => None,
        Eligibility::Rule(r) => Some(r.to_string()),
        Eligibility::Inline(c) => Some(format!("{c:?}")),
    }
}

/// Every file written, as one text.
fn written(dir: &Path) -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("example"))
        .expect("the map folder")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("readable"))
        .collect()
}

#[test]
fn two_pages_of_an_open_referral_uk_feed_become_this_map() {
    let (dir, map, run) = import("tests/fixtures/openreferral/oruk-v1-pages", &[]);
    // Organisations org-1 (Example Mind), org-2 (… NHS Trust) and org-3 (Example Youth Trust), in
    // the order services name them; "NHS" in a name makes the sector nhs.
    assert_eq!(
        ids(&map.providers),
        [
            "example-mind",
            "example-mental-health-nhs-trust",
            "example-youth-trust"
        ]
    );
    assert_eq!(
        map.providers["example-mental-health-nhs-trust"].sector,
        "nhs"
    );
    assert_eq!(map.providers["example-mind"].sector, "other");
    // Five services: 103 is on both pages, read once.
    assert_eq!(
        ids(&map.services),
        [
            "working-well-employment-support",
            "riverside-ips",
            "job-club",
            "benefits-advice-drop-in",
            "counselling-for-young-people"
        ]
    );
    // 101: term "Employment support" → job-search; "Volunteering" is in no table; one age range,
    // 18 to 64, becomes a rule; its funder is named, so a commissioner.
    let ww = &map.services["working-well-employment-support"];
    assert_eq!(
        ww.provider.as_ref().map(|p| p.as_str()),
        Some("example-mind")
    );
    assert_eq!(ww.model, "other");
    assert_eq!(
        stages(&map, "working-well-employment-support"),
        ["job-search"]
    );
    assert_eq!(
        eligibility(&map, "working-well-employment-support").as_deref(),
        Some("age-18-to-64")
    );
    let notes = ww.notes.as_deref().unwrap_or("");
    for line in [
        "Eligibility (free text): Adults with mental health problems",
        "Taxonomy terms not mapped: Volunteering",
        "Service areas: Example Borough",
        "Call [phone number left out] to refer yourself.",
    ] {
        assert!(notes.contains(line), "{line:?} not in {notes}");
    }
    // 102: the phrase "Individual Placement and Support" in its description → model ips and its
    // three stages; minimum 18, maximum -1 (not set) → 18 or more; the funding is a sentence.
    assert_eq!(map.services["riverside-ips"].model, "ips");
    assert_eq!(
        stages(&map, "riverside-ips"),
        ["engagement", "job-search", "in-work"]
    );
    assert_eq!(
        eligibility(&map, "riverside-ips").as_deref(),
        Some("age-18-or-more")
    );
    // 103: "Job clubs" → model job-club; ages -1/-1 are not set: open to all.
    assert_eq!(map.services["job-club"].model, "job-club");
    assert_eq!(eligibility(&map, "job-club"), None);
    // 104: no organisation, so no provider; two age ranges, so no rule.
    assert!(map.services["benefits-advice-drop-in"].provider.is_none());
    assert_eq!(stages(&map, "benefits-advice-drop-in"), ["benefits-advice"]);
    assert_eq!(eligibility(&map, "benefits-advice-drop-in"), None);
    // 105, whose id is a number: "Counselling" → clinical, treatment; 11 to 25.
    assert_eq!(stages(&map, "counselling-for-young-people"), ["treatment"]);
    assert_eq!(
        ids(&map.rules),
        ["age-18-to-64", "age-18-or-more", "age-11-to-25"]
    );
    assert_eq!(rule_range(&map, "age-18-to-64"), (Some(18.0), Some(64.0)));
    assert_eq!(rule_range(&map, "age-18-or-more"), (Some(18.0), None));
    assert_eq!(rule_range(&map, "age-11-to-25"), (Some(11.0), Some(25.0)));
    // Funders named: the council (101, 103) and the lottery (105); "Council" and "Lottery" say
    // their kinds. No amounts: no funding lines.
    assert_eq!(
        ids(&map.commissioners),
        ["example-borough-council", "national-lottery-community-fund"]
    );
    assert_eq!(
        map.commissioners["example-borough-council"].kind,
        "local_authority"
    );
    assert_eq!(
        map.commissioners["national-lottery-community-fund"].kind,
        "lottery"
    );
    assert!(map.services.values().all(|s| s.funding.is_empty()));
    assert!(map.cohorts.is_empty());
    // What was read, made and not placed, and the personal data left out: e-mail addresses of
    // 101 and 102 (2); the contact's number and the one in 101's description (2).
    let out = &run.stdout;
    for expected in [
        "page-1.json: 3 services (the directory says 5 in all)",
        "2 commissioners, 3 providers, 5 services, 3 rules, 0 cohorts, 0 funding lines",
        "service 103 in page-1.json and page-2.json: the same service twice (overlapping pages): read once",
        "1 service with no organisation (104)",
        "service 104 (Benefits advice drop-in): age limits 16 to 24 and 25 to 64",
        "service 104 (Benefits advice drop-in): status inactive",
        "service 102 (Riverside IPS): funding \"This service is funded by the NHS through the integrated care board.\"",
        "taxonomy term \"Mental health > Employment\" (1 service)",
        "Left out: 2 e-mail addresses and 2 phone numbers",
        "Add cohorts",
        // Two funders fund nothing yet; four services offering support have no funding (the
        // fifth offers treatment alone).
        "valid, 0 errors, 6 warnings",
    ] {
        assert!(out.contains(expected), "{expected:?} not in:\n{out}");
    }
    let text = written(dir.path());
    assert!(text.contains("  # from: Open Referral service 101, in page-1.json\n  # funded by example-borough-council: add `funding:` lines with the amounts\n  working-well-employment-support:\n"), "{text}");
    assert!(text.contains("# No cohorts on this map."));
    // Nothing personal is written: no e-mail address, no phone number, no contact's name.
    for personal in ["@", "01632", "Jo Bloggs"] {
        assert!(!text.contains(personal), "{personal} was written");
    }
}

#[test]
fn an_hsds3_page_with_vendor_fields_keeps_them_as_notes() {
    let (dir, map, run) = import("tests/fixtures/openreferral/hsds3-page.json", &[]);
    // The organisation's GB-COH identifier is kept; the second service names an organisation by
    // id alone, which has no name anywhere: no provider.
    assert_eq!(ids(&map.providers), ["example-works-cic"]);
    assert_eq!(
        map.providers["example-works-cic"].identifiers,
        ["GB-COH-01234567"]
    );
    assert_eq!(
        ids(&map.services),
        ["pathways-to-work", "next-steps-for-young-people"]
    );
    // "Skills & Training" matches "skills and training": model skills, stage skills; ages -1.
    let p = &map.services["pathways-to-work"];
    assert_eq!(p.model, "skills");
    assert_eq!(stages(&map, "pathways-to-work"), ["skills"]);
    assert_eq!(eligibility(&map, "pathways-to-work"), None);
    // The vendor field's hierarchy and stray spaces are tidied, and it is never made a rule.
    let notes = p.notes.as_deref().unwrap_or("");
    assert!(
        notes.contains("Target audience (vendor field): Adults > Mental health; Unemployed"),
        "{notes}"
    );
    assert!(
        notes.contains("Service areas: Example Borough; Neighbour District"),
        "{notes}"
    );
    assert!(
        map.services["next-steps-for-young-people"]
            .provider
            .is_none()
    );
    assert_eq!(ids(&map.rules), ["age-16-to-24"]);
    assert_eq!(
        map.commissioners["example-combined-authority"].kind,
        "combined_authority"
    );
    for expected in [
        "hsds3-page.json says the directory holds 120 services: only 2 were read: fetch every page",
        "organisation 0f0e0d0c-0b0a-4909-8807-060504030201: the directory gives no name for it",
        "target audience \"Adults > Mental health\" (1 service): held only in a vendor field (pc_targetAudience)",
        "service areas Example Borough (1 service), Neighbour District (1 service)",
        // a.person@ (metadata and pc_metadata: one address) and b.person@ (assurer_email); one
        // contact number.
        "Left out: 2 e-mail addresses and 1 phone number",
    ] {
        assert!(
            run.stdout.contains(expected),
            "{expected:?} not in:\n{}",
            run.stdout
        );
    }
    let text = written(dir.path());
    for personal in ["@", "1632", "A Person"] {
        assert!(!text.contains(personal), "{personal} was written");
    }
}

#[test]
fn an_hsds_csv_data_package_becomes_this_map() {
    let (dir, map, run) = import("tests/fixtures/openreferral/hsds-csv", &[]);
    // "Council" in the organisation's name makes it public.
    assert_eq!(
        ids(&map.providers),
        [
            "example-council-supported-employment",
            "example-peer-network"
        ]
    );
    assert_eq!(
        map.providers["example-council-supported-employment"].sector,
        "public"
    );
    // s1: "Supported employment" → specialist-employment, job-search and in-work; 18, -1.
    let s1 = &map.services["supported-employment-team"];
    assert_eq!(s1.model, "specialist-employment");
    assert_eq!(
        stages(&map, "supported-employment-team"),
        ["job-search", "in-work"]
    );
    assert_eq!(
        eligibility(&map, "supported-employment-team").as_deref(),
        Some("age-18-or-more")
    );
    assert!(
        s1.notes
            .as_deref()
            .unwrap_or("")
            .contains("Contact [e-mail address left out].")
    );
    // s2: "Peer support" → the model alone; its eligibility comes from eligibility.csv, whose
    // column is spelt `serviceId`.
    let s2 = &map.services["peer-support-group"];
    assert_eq!(s2.model, "peer-support");
    assert!(s2.stages.is_empty());
    assert!(
        s2.notes
            .as_deref()
            .unwrap_or("")
            .contains("Eligibility (free text): Anyone with experience of mental ill health")
    );
    assert_eq!(ids(&map.commissioners), ["example-borough-council"]);
    // team@, sam.smith@ (in contacts and in s1's description: one address), enquiries@ and
    // lee.jones@: 4; the two contacts' numbers: 2.
    assert!(
        run.stdout
            .contains("Left out: 4 e-mail addresses and 2 phone numbers"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("eligibility.csv: 1 row"),
        "{}",
        run.stdout
    );
    let text = written(dir.path());
    assert!(
        text.contains("# from: Open Referral organisation o1, in organizations.csv row 2"),
        "{text}"
    );
    for personal in ["@", "01632", "07700", "Sam Smith"] {
        assert!(!text.contains(personal), "{personal} was written");
    }
}

#[test]
fn a_bare_list_a_file_and_one_service_on_standard_input() {
    let (_dir, map, _) = import("tests/fixtures/openreferral/bare-array.json", &[]);
    assert_eq!(ids(&map.services), ["access-point"]);
    // "Back to work" → job-search; "Council" → public.
    assert_eq!(stages(&map, "access-point"), ["job-search"]);
    assert_eq!(map.providers["example-council"].sector, "public");
    // One service, on standard input, in camel case, with no organisation.
    let dir = temp_dir();
    let run = ecomap_with_stdin(
        dir.path(),
        &["import", "openreferral", "-", "-o", "from-stdin"],
        r#"{ "id": "x1", "name": "Walk-in advice", "minimumAge": 25, "maximumAge": 0 }"#,
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let map = load_path(&dir.path().join("from-stdin")).map;
    // A maximum of 0 is read as not set: 25 or more. The area is named after the folder.
    assert_eq!(ids(&map.rules), ["age-25-or-more"]);
    assert_eq!(map.area.id.as_str(), "from-stdin");
    assert!(
        run.stdout.contains("standard input: 1 service"),
        "{}",
        run.stdout
    );
}

#[test]
fn services_of_one_name_are_numbered_in_the_order_read() {
    // Four services named "Job Club" and one "Job Club 3", whose id words are `job-club-3`,
    // read second: the first Job Club is `job-club`; `job-club-3` is then taken by its own
    // name, so the other three are numbered 2, 4 and 5 (3 skipped, being taken). The providers
    // follow the same rule: five organisations named "Library" are `library` to `library-5`.
    let names = ["Job Club", "Job Club 3", "Job Club", "Job Club", "Job Club"];
    let page: Vec<String> = (names.iter().enumerate())
        .map(|(k, name)| {
            format!(
                r#"{{ "id": "s{k}", "name": "{name}", "organization": {{ "id": "o{k}", "name": "Library" }} }}"#
            )
        })
        .collect();
    let dir = temp_dir();
    let run = ecomap_with_stdin(
        dir.path(),
        &["import", "openreferral", "-", "-o", "clubs"],
        &format!("[{}]", page.join(",\n")),
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let map = load_path(&dir.path().join("clubs")).map;
    assert_eq!(
        ids(&map.services),
        [
            "job-club",
            "job-club-3",
            "job-club-2",
            "job-club-4",
            "job-club-5"
        ]
    );
    assert_eq!(
        ids(&map.providers),
        [
            "library",
            "library-2",
            "library-3",
            "library-4",
            "library-5"
        ]
    );
}

#[test]
fn a_mapping_file_overrides_the_built_in_table() {
    let dir = temp_dir();
    let mapping = dir.path().join("mapping.yaml");
    std::fs::write(
        &mapping,
        "terms:\n  Volunteering: { stages: [engagement] }\n  employment support: {}\n",
    )
    .expect("writable");
    let m = mapping.display().to_string();
    let (_out, map, run) = import(
        "tests/fixtures/openreferral/oruk-v1-pages",
        &["--mapping", &m],
    );
    // 101's "Employment support" now maps to nothing, "Volunteering" to engagement.
    assert_eq!(
        stages(&map, "working-well-employment-support"),
        ["engagement"]
    );
    assert!(
        run.stdout
            .contains("taxonomy term \"Employment support\" (1 service)"),
        "{}",
        run.stdout
    );
    // A stage that is not built in is refused, with its place.
    std::fs::write(&mapping, "terms:\n  x: { stages: [job-serach] }\n").expect("writable");
    let run = ecomap(&[
        "import",
        "openreferral",
        "tests/fixtures/openreferral/bare-array.json",
        "--mapping",
        &m,
        "-o",
        &dir.path().join("m").display().to_string(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("mapping.yaml:2:17: `job-serach` is not a stage"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_or_foreign_file_is_an_error_and_writes_nothing() {
    let dir = temp_dir();
    std::fs::write(
        dir.path().join("cut.json"),
        "{\n  \"content\": [\n    { \"id\": 1,, }\n",
    )
    .expect("writable");
    std::fs::write(
        dir.path().join("other.json"),
        "{ \"type\": \"FeatureCollection\" }",
    )
    .expect("writable");
    for (file, expected) in [
        (
            "cut.json",
            "error[json-syntax]: cut.json is not well-formed JSON",
        ),
        (
            "other.json",
            "error[json-syntax]: other.json is not a list of services",
        ),
    ] {
        let input = dir.path().join(file).display().to_string();
        let out = dir.path().join("map");
        let run = ecomap(&[
            "import",
            "openreferral",
            &input,
            "-o",
            &out.display().to_string(),
        ]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains(expected), "{}", run.stderr);
        assert!(!out.exists());
    }
    // The syntax error is shown where the parser stopped: line 3, column 15, the stray comma.
    let input = dir.path().join("cut.json").display().to_string();
    let run = ecomap(&[
        "import",
        "openreferral",
        &input,
        "-o",
        &dir.path().join("map").display().to_string(),
    ]);
    assert!(run.stderr.contains("cut.json:3:15"), "{}", run.stderr);
}

#[test]
fn the_documentation_lists_every_entry_of_the_built_in_mapping() {
    let doc = std::fs::read_to_string(path("docs/openreferral.md")).expect("the page exists");
    let m = ecomap::import::mapping::Mapping::builtin();
    for (kind, entries) in [("term", &m.terms), ("phrase", &m.phrases)] {
        let table_start = doc
            .find(&format!("| {kind} | model | stages |"))
            .unwrap_or_else(|| panic!("no table of {kind}s"));
        let table: String = doc[table_start..]
            .lines()
            .take_while(|l| l.starts_with('|'))
            .collect::<Vec<_>>()
            .join("\n");
        for (key, target) in entries {
            let row = table
                .lines()
                .find(|l| {
                    l.split('|')
                        .nth(1)
                        .is_some_and(|c| c.split(',').any(|t| t.trim() == key))
                })
                .unwrap_or_else(|| panic!("{kind} {key:?} is not in docs/openreferral.md"));
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            assert_eq!(
                cells[2],
                target.model.as_deref().unwrap_or(""),
                "{kind} {key:?}: model"
            );
            assert_eq!(cells[3], target.stages.join(", "), "{kind} {key:?}: stages");
        }
    }
}

#[test]
fn organisations_with_their_services_and_a_dump_of_both_lists() {
    let dir = temp_dir();
    // A page of the /organizations endpoint: each organisation holds its services, which name no
    // organisation themselves. 2 organisations here, not 2 services: no "holds more" note.
    let page = r#"{ "content": [
        { "id": "o1", "name": "Example Council", "services": [ { "id": "s1", "name": "Into Work" } ] },
        { "id": "o2", "name": "Example Mind", "services": [ { "id": "s2", "name": "Peer Group" }, { "id": "s3", "name": "Drop-in" } ] }
      ], "totalElements": 2 }"#;
    let run = ecomap_with_stdin(
        dir.path(),
        &["import", "openreferral", "-", "-o", "orgs"],
        page,
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        !run.stdout.contains("says the directory holds"),
        "{}",
        run.stdout
    );
    let map = load_path(&dir.path().join("orgs")).map;
    assert_eq!(ids(&map.providers), ["example-council", "example-mind"]);
    let provider = |s: &str| map.services[s].provider.as_ref().map(|p| p.to_string());
    assert_eq!(provider("into-work").as_deref(), Some("example-council"));
    assert_eq!(provider("drop-in").as_deref(), Some("example-mind"));
    // A dump of both lists: services name their organisation by id, the list names it.
    let dump = r#"{ "organizations": [ { "id": "o9", "name": "Named Elsewhere Trust" } ],
                    "services": [ { "id": "s9", "name": "Work Club", "organization_id": "o9" } ] }"#;
    let run = ecomap_with_stdin(
        dir.path(),
        &["import", "openreferral", "-", "-o", "dump"],
        dump,
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let map = load_path(&dir.path().join("dump")).map;
    assert_eq!(
        map.services["work-club"]
            .provider
            .as_ref()
            .map(|p| p.as_str()),
        Some("named-elsewhere-trust")
    );
    // The same id for two different organisations: the first is kept (as the CSV package keeps
    // it), and the second is reported, never dropped without a word.
    let twice = r#"{ "organizations": [ { "id": "o9", "name": "Named Elsewhere Trust" },
                                        { "id": "o9", "name": "Another Charity" } ],
                     "services": [ { "id": "s9", "name": "Work Club", "organization_id": "o9" } ] }"#;
    let run = ecomap_with_stdin(
        dir.path(),
        &["import", "openreferral", "-", "-o", "twice"],
        twice,
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let map = load_path(&dir.path().join("twice")).map;
    assert_eq!(ids(&map.providers), ["named-elsewhere-trust"]);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(
        said.contains(
            "organisation o9, listed twice: twice, and the two differ: the first kept (\"Named Elsewhere Trust\"), not \"Another Charity\""
        ),
        "{said}"
    );
}

#[test]
fn a_directory_never_gives_a_funding_line_planned_or_paid() {
    // Open Referral has funders' names but no amounts, and no contracts: a funder becomes a
    // commissioner named in the service's notes, never a line of money, planned or paid.
    for input in [
        "tests/fixtures/openreferral/oruk-v1-pages",
        "tests/fixtures/openreferral/hsds3-page.json",
        "tests/fixtures/openreferral/hsds-csv",
        "tests/fixtures/openreferral/bare-array.json",
    ] {
        let (dir, map, _) = import(input, &[]);
        assert!(!map.services.is_empty(), "{input}");
        for s in map.services.values() {
            assert!(
                s.funding.is_empty() && s.planned.is_empty(),
                "{input}: {}",
                s.id
            );
        }
        for c in map.commissioners.values() {
            assert!(
                c.funded_by.is_empty() && c.planned.is_empty(),
                "{input}: {}",
                c.id
            );
        }
        // No key of a funding line is written (the notes may say `status:` in their text).
        let text = written(dir.path());
        let keys = ["funding:", "funded_by:", "status:", "amount:"];
        let line = text
            .lines()
            .find(|l| keys.iter().any(|k| l.trim_start().starts_with(k)));
        assert_eq!(line, None, "{input}");
    }
    // At least one of them names a funder, so the test has something to turn away.
    let (_dir, map, _) = import("tests/fixtures/openreferral/oruk-v1-pages", &[]);
    assert!(!map.commissioners.is_empty());
}

#[test]
fn a_map_too_large_to_be_read_back_is_not_written() {
    // The import writes only maps that load: the map it makes is held to the same limits every
    // command reads a map under. With a limit of 3,500 bytes a file, the two pages of the Open
    // Referral UK feed (3,206 and 1,486 bytes) are read, but the services they make (five, with
    // their descriptions and notes, near 4 KB of YAML) cannot be read back: nothing is written,
    // and the message says which file, how large, and the flag that raises the limit.
    let dir = temp_dir();
    let input = path("tests/fixtures/openreferral/oruk-v1-pages")
        .display()
        .to_string();
    let out = dir.path().join("small");
    let out_s = out.display().to_string();
    let run = ecomap(&[
        "--max-file-size",
        "3500",
        "import",
        "openreferral",
        &input,
        "-o",
        &out_s,
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(!out.exists(), "a map was written");
    assert!(
        run.stderr.contains(".yaml would be")
            && run
                .stderr
                .contains("more than the 3,500 a map file may have")
            && run.stderr.contains("--max-file-size")
            && run.stderr.contains("no map was written"),
        "{}",
        run.stderr
    );
}

#[test]
fn what_a_directory_gives_that_cannot_be_read_is_reported_not_dropped() {
    // services.csv lists s1 only. Its eligibility row gives ages in words; a second row names a
    // service, s9, that the package does not list. Neither can go on the map, and each is said.
    let dir = temp_dir();
    std::fs::create_dir(dir.path().join("pkg")).expect("a folder");
    write_files(
        dir.path(),
        &[
            ("pkg/services.csv", "id,name\ns1,Job Club\n"),
            (
                "pkg/eligibility.csv",
                "id,service_id,minimum_age,maximum_age\ne1,s1,eighteen,64\ne2,s9,16,24\n",
            ),
        ],
    );
    let run = ecomap_in(dir.path(), &["import", "openreferral", "pkg", "-o", "out"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let said = format!("{}{}", run.stdout, run.stderr);
    for words in [
        "service s1 (services.csv row 2): its `minimum_age` (`eighteen`) is not a number of years: left out",
        "eligibility.csv row 3: it names the service `s9`, which the services table does not list: left out",
    ] {
        assert!(said.contains(words), "{words}\n{said}");
    }
    // The JSON shape says the same of an age in words.
    let one = r#"{ "id": "s1", "name": "Job Club", "minimum_age": "abc" }"#;
    let run = ecomap_with_stdin(
        dir.path(),
        &["import", "openreferral", "-", "-o", "json"],
        one,
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(
        said.contains("its `minimum_age` (\"abc\") is not a number of years: left out"),
        "{said}"
    );
}

#[test]
fn names_from_the_directory_cannot_forge_lines_or_reorder_text_in_the_report() {
    // A service whose name holds a line break followed by a line that looks like ecomap's own,
    // U+202E (right-to-left override) and an escape sequence (ESC [31m, red); a taxonomy term
    // with U+202E. The report lists both (a closed service, a term not in the table), each on its
    // own line with the hidden characters as `\u{…}` escapes.
    let dir = temp_dir();
    write_files(
        dir.path(),
        &[(
            "d.json",
            r#"[{"id": "s-1", "name": "Access\nerror: forged\u202e Point\u001b[31m", "status": "closed",
                 "organization": {"id": "o-1", "name": "Example Council"},
                 "service_taxonomys": [{"taxonomy": {"name": "Back to\u202e work"}}]}]"#,
        )],
    );
    let run = ecomap_in(dir.path(), &["import", "openreferral", "d.json", "-o", "m"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    for expected in [
        "  - service s-1 (Access\\nerror: forged\\u{202e} Point\\u{1b}[31m): status closed: imported all the same",
        "  - taxonomy term \"Back to\\u{202e} work\" (1 service): not in the mapping table",
    ] {
        assert!(out.contains(expected), "missing: {expected}\n{out}");
    }
    assert!(
        !out.lines().any(|l| l.starts_with("error: forged")),
        "{out}"
    );
    assert!(
        !out.chars()
            .any(|c| c != '\n' && (c.is_control() || c == '\u{202e}')),
        "{out:?}"
    );
    // The map keeps the name as the directory gives it, the mark and the escape written as
    // YAML escapes, so it reads back the same and shows nothing hidden in an editor.
    let map = load_path(&dir.path().join("m")).map;
    let name = &map.services.values().next().expect("one service").name;
    assert_eq!(name, "Access\nerror: forged\u{202e} Point\u{1b}[31m");
    let services = std::fs::read_to_string(dir.path().join("m/services.yaml")).expect("written");
    assert!(services.contains("\\u202E"), "{services}");
    assert!(!services.contains('\u{202e}'), "{services}");
}

#[test]
fn a_text_too_long_for_a_map_is_shown_where_the_input_holds_it() {
    // 70,000 bytes is more than the 65,536 a map's value may hold (docs/robustness.md).
    let long = "A".repeat(70_000);
    let dir = temp_dir();
    // Line 2 `{"id": "s-2", "name": "AAA…"}]`: the name's opening quote follows `{` (1),
    // `"id"` (4), `: ` (2), `"s-2"` (5), `, ` (2), `"name"` (6) and `: ` (2), at column 23.
    let json = format!(
        "[{{\"id\": \"s-1\", \"name\": \"Club\"}},\n{{\"id\": \"s-2\", \"name\": \"{long}\"}}]\n"
    );
    // The HSDS CSV package: row 2's description starts after `s1,` and `Club,`, at column 9.
    let csv = format!("id,name,description\ns1,Club,{long}\n");
    // Two texts of 40,000 bytes, each within the limit, that the import gathers into one
    // service's notes: found only once put together, and said of the record.
    let gathered = format!(
        "[{{\"id\": \"s-3\", \"name\": \"Club\", \"description\": \"{d}\", \"eligibility_description\": \"{d}\"}}]",
        d = "B".repeat(40_000)
    );
    std::fs::create_dir(dir.path().join("package")).expect("a folder");
    write_files(
        dir.path(),
        &[
            ("d.json", &json),
            ("package/services.csv", &csv),
            ("g.json", &gathered),
        ],
    );
    for (input, expected) in [
        (
            "d.json",
            "error[yaml-limit]: the `name` of service `s-2` is 70,000 bytes long: a map's names and words take at most 65,536, so no map can hold it\n  ┌─ d.json:2:23\n",
        ),
        (
            "package",
            "error[yaml-limit]: the `description` of row 2 is 70,000 bytes long: a map's names and words take at most 65,536, so no map can hold it\n  ┌─ package/services.csv:2:9\n",
        ),
        (
            "g.json",
            "error[yaml-limit]: the `notes` made from Open Referral service s-3, in g.json, is longer than the 65,536 bytes a map's names and words may be, so no map can hold it\n",
        ),
    ] {
        let run = ecomap_in(dir.path(), &["import", "openreferral", input, "-o", "m"]);
        assert_eq!(run.code, 1, "{input}: {}", run.stderr);
        assert!(run.stderr.starts_with(expected), "{input}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("or leave this record out of the file, and run the import again"),
            "{input}: {}",
            run.stderr
        );
        // Nothing points at the map, which was not written, nor blames ecomap.
        assert!(!run.stderr.contains("m/services.yaml"), "{}", run.stderr);
        assert!(!run.stderr.contains("fault in ecomap"), "{}", run.stderr);
        assert!(!dir.path().join("m").exists());
    }
}

#[test]
fn a_large_package_joins_each_service_to_its_rows_and_shows_the_first_warnings_and_unplaced() {
    // 60 services of one organisation, each linked to the term `t1`, "Supported employment"
    // (job-search and in-work, as `an_hsds_csv_data_package_becomes_this_map` works out). The
    // taxonomy lists `t1` twice: the first row names it, as a directory's first word on a term
    // is the one read; the second, "Housing", is in no mapping and would give no stages.
    let mut services = String::from("id,organization_id,name,description,status\n");
    let mut links = String::from("id,service_id,taxonomy_id\n");
    // Each with an eligibility in words, which no rule can hold: 60 things not placed.
    let mut in_words = String::from("id,service_id,eligibility\n");
    for k in 1..=60 {
        services.push_str(&format!(
            "s{k},o1,Employment team {k},Job coaching.,active\n"
        ));
        links.push_str(&format!("st{k},s{k},t1\n"));
        in_words.push_str(&format!("e{k},s{k},Adults on the estate\n"));
    }
    let dir = temp_dir();
    std::fs::create_dir(dir.path().join("package")).expect("a folder for the package");
    write_files(
        dir.path(),
        &[
            ("package/services.csv", &services),
            ("package/service_taxonomy.csv", &links),
            ("package/eligibility.csv", &in_words),
            (
                "package/taxonomy.csv",
                "id,name,parent_id,vocabulary\nt1,Supported employment,,Service types\nt1,Housing,,Service types\n",
            ),
            (
                "package/organizations.csv",
                "id,name,description\no1,Example Employment Trust,A charity.\n",
            ),
        ],
    );
    let run = ecomap_in(
        dir.path(),
        &["import", "openreferral", "package", "-o", "example"],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let map = load_path(&dir.path().join("example")).map;
    assert_eq!(map.services.len(), 60);
    for (id, s) in &map.services {
        let stages: Vec<String> = s.stages.iter().map(|s| s.to_string()).collect();
        assert_eq!(stages, ["job-search", "in-work"], "{id}");
    }
    // Every service offers support and has no funding line (a directory states no amounts): 60
    // warnings, of which the first 20 are shown and the other 40 counted.
    assert_eq!(
        run.stderr.matches("warning[unfunded-service]").count(),
        20,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "note: 40 more warnings not shown (unfunded-service 40); `ecomap validate` lists every one"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("example: valid, 0 errors, 60 warnings"),
        "{}",
        run.stdout
    );
    // The 60 eligibilities in words: the first 50 listed (s1 to s50, in the services' order),
    // the other 10 counted; with --all, all 60.
    let in_words = "eligibility \"Adults on the estate\"";
    assert!(
        run.stdout.contains("Could not place (60):\n"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches(in_words).count(), 50, "{}", run.stdout);
    assert!(
        run.stdout.contains("(Employment team 50)"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("(Employment team 51)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\n  and 10 more (--all lists every one)\n"),
        "{}",
        run.stdout
    );
    let all = ecomap_in(
        dir.path(),
        &[
            "import",
            "openreferral",
            "package",
            "-o",
            "example",
            "--force",
            "--all",
        ],
    );
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert_eq!(all.stdout.matches(in_words).count(), 60, "{}", all.stdout);
    assert!(!all.stdout.contains("more (--all"), "{}", all.stdout);
}
