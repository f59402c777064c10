//! What the tests share: running the `ecomap` binary the way a user would (colour off, a fixed
//! terminal width, and a fixed "today" through `SOURCE_DATE_EPOCH`, so output is byte-for-byte
//! reproducible, the date a report was made included), loading maps through the library (a
//! path, or YAML written in the test), finding the bundled maps, and checking that an outside
//! program (Graphviz, Chromium) is installed.
#![allow(dead_code, clippy::disallowed_macros)]

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;
use ecomap::analysis::report::{Report, report};
use ecomap::graph::Ecosystem;
use ecomap::load::Sources;
use ecomap::model::Id;

mod round_trip;
pub(crate) use round_trip::{export_and_import, written_and_read};

/// What one run of `ecomap` did.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// Standard output parsed as JSON; panics with the output when it is not JSON.
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// The crate's root: maps in `examples/` are named relative to it, as a user in a clone would.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The day every test run takes for today: 2026-01-01, as seconds since 1970-01-01 UTC. Reports
/// say the date they were made, and `contracts` without `--as-of` or a period works from today.
pub(crate) const SOURCE_DATE_EPOCH: &str = "1767225600";

/// `SOURCE_DATE_EPOCH` for a day, worked by hand: 2028-01-15 is 21,198 days after 1970-01-01.
pub(crate) const EPOCH_2028_01_15: &str = "1831507200";

/// Runs `ecomap ARGS` from the crate's root.
pub(crate) fn ecomap(args: &[&str]) -> Run {
    ecomap_in(&root(), args)
}

/// Runs `ecomap ARGS` from `dir`.
pub(crate) fn ecomap_in(dir: &Path, args: &[&str]) -> Run {
    ecomap_with(dir, args, &[])
}

/// Runs `ecomap ARGS` from `dir` with more environment variables (which win over the defaults).
pub(crate) fn ecomap_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = assert_cmd::cargo::cargo_bin_cmd!("ecomap");
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // clap wraps help to the terminal's width, read from COLUMNS when there is no terminal.
        .env("COLUMNS", "100")
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH);
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().expect("the ecomap binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `ecomap ARGS` from `dir` with `input` on its standard input.
pub(crate) fn ecomap_with_stdin(dir: &Path, args: &[&str], input: &str) -> Run {
    let output = assert_cmd::cargo::cargo_bin_cmd!("ecomap")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .write_stdin(input)
        .output()
        .expect("the ecomap binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `ecomap ARGS` from `dir`, with arguments that need not be UTF-8 (file names).
pub(crate) fn ecomap_os(dir: &Path, args: &[&std::ffi::OsStr]) -> Run {
    let output = assert_cmd::cargo::cargo_bin_cmd!("ecomap")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("the ecomap binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A valid map of `services` services and `cohorts` cohorts, all alike: each cohort needs job
/// search and enters at the first service, which refers to every other. Big enough, it keeps
/// ecomap busy for a while.
pub(crate) fn synthetic_map(services: usize, cohorts: usize) -> String {
    use std::fmt::Write;
    let mut y = String::from(
        "area: { id: big, name: Big }\ncommissioners:\n  icb: { name: ICB, kind: nhs }\nproviders:\n  p: { name: P, sector: nhs }\ncohorts:\n",
    );
    for c in 0..cohorts {
        let _ = writeln!(
            y,
            "  c{c}: {{ name: Cohort {c}, size: 100, attributes: {{ care: secondary }}, needs: {{ job-search: 0.5 }}, enters_via: [s0] }}"
        );
    }
    y.push_str("services:\n");
    for s in 0..services {
        let _ = writeln!(
            y,
            "  s{s}: {{ name: Service {s}, provider: p, model: ips, stages: [job-search], referral: {{ self: true }}, capacity: {{ people_per_year: 10 }}, funding: [{{ from: icb, amount: 1000 }}] }}"
        );
    }
    y
}

/// A fresh temporary folder, removed when dropped.
pub(crate) fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Writes `files` (name, text) into `dir`.
pub(crate) fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("the test can write its map");
    }
}

/// An OpenDocument spreadsheet (`.ods`) at `path` whose sheets are `sheets`, each a name and the
/// XML of its rows (`<table:table-row>…`), laid out as LibreOffice writes one: a `mimetype` part
/// first, a manifest, and the sheets in `content.xml`.
pub(crate) fn write_ods(path: &Path, sheets: &[(&str, &str)]) {
    use std::io::Write as _;
    let tables: String = sheets
        .iter()
        .map(|(name, rows)| {
            format!(
                r#"<table:table table:name="{name}"><table:table-column table:number-columns-repeated="1024"/>{rows}</table:table>"#
            )
        })
        .collect();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.3"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    let parts = [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        (
            "META-INF/manifest.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
        ),
        ("content.xml", &content),
    ];
    let file = std::fs::File::create(path).expect("writable");
    let mut zip = zip::ZipWriter::new(file);
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("a part");
        zip.write_all(text.as_bytes()).expect("written");
    }
    zip.finish().expect("a spreadsheet");
}

/// A path inside the repository.
pub(crate) fn path(relative: &str) -> PathBuf {
    root().join(relative)
}

fn build(sources: Sources, what: &str) -> Ecosystem {
    let (files, parsed) = ecomap::load::parse(&sources);
    assert!(!parsed.has_errors(), "{what}: {parsed:?}");
    let (map, diagnostics) =
        ecomap::validate::validate(sources, files, ecomap::validate::Options::default());
    assert!(!diagnostics.has_errors(), "{what}: {diagnostics:?}");
    Ecosystem::new(map)
}

/// Loads a valid map from the repository; panics if it has errors.
pub(crate) fn load(relative: &str) -> Ecosystem {
    let p: &Path = &path(relative);
    let sources = ecomap::load::read(p).expect("the map is readable");
    build(sources, relative)
}

/// The diagnostics of a map written in the test (parse and validation), without building its
/// graph.
pub(crate) fn diagnostics_of(yaml: &str) -> ecomap::diag::Diagnostics {
    let mut sources = Sources::default();
    sources.add("test.yaml", yaml);
    ecomap::validate::check(&sources, ecomap::validate::Options::default()).1
}

/// Loads a valid map written in the test.
pub(crate) fn load_str(yaml: &str) -> Ecosystem {
    let mut sources = Sources::default();
    sources.add("test.yaml", yaml);
    build(sources, "test map")
}

/// The whole report of a map, with the benchmark table the map sets (built in, then its
/// `benchmarks:`).
pub(crate) fn report_of(eco: &Ecosystem) -> Report {
    let (table, diagnostics) = ecomap::benchmarks::resolve(Some(&eco.map), &[]);
    assert!(diagnostics.0.is_empty(), "{diagnostics:?}");
    report(eco, &table)
}

/// The whole report of a map in the repository.
pub(crate) fn analyse(relative: &str) -> Report {
    report_of(&load(relative))
}

/// Ids as strings, for comparing with literals.
pub(crate) fn ids(items: &[Id]) -> Vec<&str> {
    items.iter().map(Id::as_str).collect()
}

/// Folders under `examples/` that are not maps: `bad` holds maps with one mistake each,
/// `spreadsheets` the template tables of `ecomap import csv`.
pub(crate) const NOT_MAPS: &[&str] = &["bad", "spreadsheets"];

/// Every map bundled with the project: `examples/*.yaml` and each folder or file in `maps/`
/// (not the folders of [`NOT_MAPS`]), sorted.
pub(crate) fn bundled_maps() -> Vec<String> {
    let mut maps = Vec::new();
    for dir in ["examples", "maps"] {
        let Ok(entries) = std::fs::read_dir(path(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let yaml = p.extension().is_some_and(|x| x == "yaml" || x == "yml");
            let bad = p
                .file_name()
                .is_some_and(|n| NOT_MAPS.iter().any(|m| n == *m));
            if let (true, Some(name)) = ((p.is_dir() && !bad) || yaml, p.file_name()) {
                maps.push(format!("{dir}/{}", name.to_string_lossy()));
            }
        }
    }
    maps.sort();
    maps
}

/// Whether two figures of the sharing of places agree: it is solved as a linear programme and
/// kept to a millionth of a person.
pub(crate) fn near(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-4
}

/// Whether two figures are equal but for rounding.
pub(crate) fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The `ecomap` binary, run in the repository's root without colour, today fixed.
pub(crate) fn ecomap_cmd() -> Command {
    let mut c = Command::cargo_bin("ecomap").expect("the binary is built");
    c.current_dir(root())
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH);
    c
}

/// What `ecomap` prints with these arguments; panics unless it succeeds.
pub(crate) fn stdout(args: &[&str]) -> String {
    let out = ecomap_cmd().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Every example map (`examples/*.yaml`, in name order) and the bundled map `maps/riverside`.
pub(crate) fn maps() -> Vec<PathBuf> {
    let mut maps: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    maps.sort();
    maps.push(root().join("maps/riverside"));
    maps
}

/// Loads and validates a map through the library; panics on errors (these maps are valid).
pub(crate) fn load_path(path: &Path) -> Ecosystem {
    let sources = ecomap::load::read(path).expect("the map is readable");
    let (files, parsed) = ecomap::load::parse(&sources);
    assert!(!parsed.has_errors(), "{}: {parsed:?}", path.display());
    let (map, diagnostics) =
        ecomap::validate::validate(sources, files, ecomap::validate::Options::default());
    assert!(
        !diagnostics.has_errors(),
        "{}: {diagnostics:?}",
        path.display()
    );
    Ecosystem::new(map)
}

/// Checks that `program` runs, for a test marked `#[ignore = "needs …"]`: `cargo test` lists such
/// a test as ignored, and `cargo test -- --include-ignored` (what `.ci/run` does) runs it. Run
/// without the program, the test fails, naming the package to install; it never passes silently.
pub(crate) fn need(program: &str, version_arg: &str, package: &str) {
    let runs = Process::new(program)
        .arg(version_arg)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        runs,
        "`{program}` is not installed, and this test needs it: `apt-get install -y {package}` (.ci/run does)"
    );
}

/// Collapses every run of whitespace to one space: labels wrap names at spaces.
pub(crate) fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A gap's one-sentence summary, as reports print it.
pub(crate) fn summary(g: &ecomap::analysis::gaps::Gap) -> String {
    ecomap::export::words::gaps::summary(g).plain()
}

/// A gap's summary and what keeps the cohort from each service offering the stage, as one text.
pub(crate) fn reason(g: &ecomap::analysis::gaps::Gap) -> String {
    let mut out = summary(g);
    for b in &g.blockers {
        out.push(' ');
        out.push_str(&ecomap::export::words::gaps::blocker(b, &g.cohort).plain());
    }
    out
}

/// A gap's nearest fix, as reports print it.
pub(crate) fn fix(g: &ecomap::analysis::gaps::Gap) -> String {
    ecomap::export::words::gaps::fix(g).plain()
}

/// Copies `names` from the repository folder `from` into `dir`, for a test that changes them.
pub(crate) fn copy_files(from: &str, names: &[&str], dir: &Path) {
    for name in names {
        std::fs::copy(path(from).join(name), dir.join(name)).expect("the fixture copies");
    }
}

/// Text read from `dir`/`name`.
pub(crate) fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).expect("the file reads")
}

/// Everything a map holds, as JSON, for checking that a round trip loses nothing: every field of
/// every entity but the spans (where it was written) and the sources (the files read). Each struct
/// is taken apart whole, so a field added to the model does not compile here until it is dumped.
pub(crate) fn dump(map: &ecomap::model::Map) -> serde_json::Value {
    use ecomap::model::*;
    use serde_json::{Value, json};

    fn source(s: &Option<Source>) -> Value {
        serde_json::to_value(s).expect("a source serialises")
    }
    fn value(v: &AttrValue) -> Value {
        match v {
            AttrValue::Words(w) => json!({ "words": w }),
            AttrValue::Number(n) => json!({ "number": n }),
            AttrValue::Range { min, max } => json!({ "min": min, "max": max }),
        }
    }
    fn attributes(a: &indexmap::IndexMap<String, AttrValue>) -> Value {
        Value::Array(a.iter().map(|(k, v)| json!([k, value(v)])).collect())
    }
    fn condition(c: &Condition) -> Value {
        match c {
            Condition::Attribute { name, value: v } => {
                json!({ "attribute": name, "value": value(v) })
            }
            Condition::All(t) => json!({ "all": t.iter().map(condition).collect::<Vec<_>>() }),
            Condition::Any(t) => json!({ "any": t.iter().map(condition).collect::<Vec<_>>() }),
            Condition::Not(c) => json!({ "not": condition(c) }),
            Condition::Rule(r) => json!({ "rule": r }),
        }
    }
    fn line(l: &FundingLine) -> Value {
        let FundingLine {
            from,
            amount,
            earmark,
            earmark_span: _,
            contract,
            source: s,
            span: _,
        } = l;
        json!({ "from": from, "amount": amount, "for": earmark, "contract": contract, "source": source(s) })
    }
    fn planned_line(l: &PlannedLine) -> Value {
        let PlannedLine {
            from,
            amount,
            earmark,
            contract,
            source: s,
            span: _,
        } = l;
        json!({ "from": from, "amount": amount, "for": earmark, "contract": contract, "source": source(s), "status": "planned" })
    }
    let Map {
        sources: _,
        area,
        stages,
        commissioners,
        providers,
        rules,
        cohorts,
        services,
        benchmarks,
        accepted_overlaps,
    } = map;
    let Area {
        id,
        name,
        period,
        currency,
        population,
        working_age_population,
        figures,
        figures_source,
        illustrative,
        source: area_source,
        span: _,
    } = area;
    let area = json!({
        "id": id, "name": name, "period": period, "currency": currency, "population": population,
        "working_age_population": working_age_population,
        "figures": figures.iter().map(|(k, Figure { value, span: _ })| json!([k, value])).collect::<Vec<_>>(),
        "figures_source": source(figures_source), "illustrative": illustrative, "source": source(area_source),
    });
    let stages: Vec<Value> = stages
        .iter()
        .map(
            |(
                k,
                Stage {
                    id,
                    name,
                    description,
                    builtin,
                },
            )| json!([k, id, name, description, builtin]),
        )
        .collect();
    let commissioners: Vec<Value> = commissioners
        .iter()
        .map(|(k, c)| {
            let Commissioner {
                id,
                name,
                kind,
                identifiers,
                funded_by,
                planned,
                notes,
                source: s,
                span: _,
            } = c;
            json!([
                k,
                id,
                name,
                kind,
                identifiers,
                funded_by.iter().map(line).collect::<Vec<_>>(),
                planned.iter().map(planned_line).collect::<Vec<_>>(),
                notes,
                source(s)
            ])
        })
        .collect();
    let providers: Vec<Value> = providers
        .iter()
        .map(|(k, p)| {
            let Provider {
                id,
                name,
                sector,
                identifiers,
                notes,
                source: s,
                span: _,
            } = p;
            json!([k, id, name, sector, identifiers, notes, source(s)])
        })
        .collect();
    let rules: Vec<Value> = rules
        .iter()
        .map(|(k, r)| {
            let Rule {
                id,
                description,
                condition: c,
                notes,
                source: s,
                span: _,
            } = r;
            json!([k, id, description, condition(c), notes, source(s)])
        })
        .collect();
    let cohorts: Vec<Value> = cohorts
        .iter()
        .map(|(k, c)| {
            let Cohort {
                id,
                name,
                size,
                attributes: a,
                needs,
                enters_via,
                after_start,
                notes,
                source: s,
                span: _,
            } = c;
            let needs: Vec<Value> = needs.iter().map(|(k, v)| json!([k, v])).collect();
            json!([
                k,
                id,
                name,
                size,
                attributes(a),
                needs,
                enters_via,
                attributes(after_start),
                notes,
                source(s)
            ])
        })
        .collect();
    let services: Vec<Value> = services
        .iter()
        .map(|(k, s)| {
            let Service {
                id,
                name,
                provider,
                model,
                national,
                stages,
                eligibility,
                referral,
                capacity,
                fidelity,
                outcomes,
                employment_share,
                funding,
                planned,
                notes,
                source: src,
                span: _,
            } = s;
            let eligibility = match eligibility {
                Eligibility::Open => json!("open"),
                Eligibility::Rule(r) => json!({ "rule": r }),
                Eligibility::Inline(c) => json!({ "inline": condition(c) }),
            };
            let Referral {
                self_referral,
                from,
            } = referral;
            let Capacity {
                people_per_year,
                wte,
                caseload,
            } = capacity;
            let Outcomes {
                people_supported,
                out_of_work,
                job_starts,
                sustained_13_weeks,
            } = outcomes;
            json!([
                k,
                id,
                name,
                provider,
                model,
                national,
                stages,
                eligibility,
                [self_referral, from],
                [people_per_year, wte, caseload],
                fidelity,
                [
                    people_supported,
                    out_of_work,
                    job_starts,
                    sustained_13_weeks
                ],
                employment_share,
                funding.iter().map(line).collect::<Vec<_>>(),
                planned.iter().map(planned_line).collect::<Vec<_>>(),
                notes,
                source(src)
            ])
        })
        .collect();
    let benchmarks: Vec<Value> = benchmarks
        .iter()
        .map(
            |(
                k,
                BenchmarkOverride {
                    value,
                    span: _,
                    id_span: _,
                },
            )| json!([k, value]),
        )
        .collect();
    let accepted: Vec<Value> = accepted_overlaps
        .iter()
        .map(
            |AcceptedOverlap {
                 services,
                 cohort,
                 stage,
                 reason,
                 span: _,
             }| json!([services, cohort, stage, reason]),
        )
        .collect();
    json!({
        "area": area, "stages": stages, "commissioners": commissioners, "providers": providers,
        "rules": rules, "cohorts": cohorts, "services": services, "benchmarks": benchmarks,
        "accepted_overlaps": accepted,
    })
}

/// Validates files held in memory as one map; panics on errors.
pub(crate) fn load_files(files: &[(&str, &str)]) -> Ecosystem {
    let mut sources = Sources::default();
    for (name, text) in files {
        sources.add(*name, *text);
    }
    build(sources, "files in memory")
}

/// The funding of a map, with the benchmark table it sets; it must reconcile.
pub(crate) fn funding_of(eco: &Ecosystem) -> ecomap::analysis::funding::Funding {
    let (table, d) = ecomap::benchmarks::resolve(Some(&eco.map), &[]);
    assert!(d.0.is_empty(), "{d:?}");
    let f = ecomap::analysis::funding::funding(eco, &table);
    assert_eq!(
        ecomap::analysis::funding::reconcile(&f),
        Vec::<String>::new()
    );
    f
}
