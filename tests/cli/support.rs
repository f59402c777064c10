//! What the tests share: running the `ecomap` binary the way a user would (colour off, a fixed
//! terminal width, so output is byte-for-byte reproducible), loading maps through the library (a
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

/// Runs `ecomap ARGS` from the crate's root.
pub(crate) fn ecomap(args: &[&str]) -> Run {
    ecomap_in(&root(), args)
}

/// Runs `ecomap ARGS` from `dir`.
pub(crate) fn ecomap_in(dir: &Path, args: &[&str]) -> Run {
    let output = assert_cmd::cargo::cargo_bin_cmd!("ecomap")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // clap wraps help to the terminal's width, read from COLUMNS when there is no terminal.
        .env("COLUMNS", "100")
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

/// Every map bundled with the project: `examples/*.yaml` and each folder or file in `maps/`
/// (not `examples/bad`, whose maps each hold a mistake), sorted.
pub(crate) fn bundled_maps() -> Vec<String> {
    let mut maps = Vec::new();
    for dir in ["examples", "maps"] {
        let Ok(entries) = std::fs::read_dir(path(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let yaml = p.extension().is_some_and(|x| x == "yaml" || x == "yml");
            let bad = p.file_name().is_some_and(|n| n == "bad");
            if let (true, Some(name)) = ((p.is_dir() && !bad) || yaml, p.file_name()) {
                maps.push(format!("{dir}/{}", name.to_string_lossy()));
            }
        }
    }
    maps.sort();
    maps
}

/// Whether two figures are equal but for rounding.
pub(crate) fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// The `ecomap` binary, run in the repository's root without colour.
pub(crate) fn ecomap_cmd() -> Command {
    let mut c = Command::cargo_bin("ecomap").expect("the binary is built");
    c.current_dir(root()).env("NO_COLOR", "1");
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
