//! What the analysis tests share: loading a map (a path, or YAML text) through the library, and
//! running the `ecomap` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use ecomap::analysis::report::{Report, report};
use ecomap::graph::Ecosystem;
use ecomap::load::Sources;
use ecomap::model::Id;

/// The repository's root.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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
pub(crate) fn ecomap() -> Command {
    let mut c = Command::cargo_bin("ecomap").expect("the binary is built");
    c.current_dir(root()).env("NO_COLOR", "1");
    c
}

/// What `ecomap` prints with these arguments; panics unless it succeeds.
pub(crate) fn stdout(args: &[&str]) -> String {
    let out = ecomap().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}
