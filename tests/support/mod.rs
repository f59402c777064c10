//! What the diagram and report tests share: finding the maps, loading them through the library,
//! and checking that an outside program (Graphviz, Chromium) is installed.
#![allow(dead_code, clippy::disallowed_macros)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use ecomap::graph::Ecosystem;

/// The repository's root.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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
pub(crate) fn load(path: &Path) -> Ecosystem {
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

/// Whether `program` runs. Missing under CI (`CI=true`, where `.ci/run` installs it), the test
/// fails loudly; elsewhere it is skipped with a note.
pub(crate) fn have(program: &str, version_arg: &str, package: &str) -> bool {
    let runs = Command::new(program)
        .arg(version_arg)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !runs {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!(
                "`{program}` is not installed, and CI must run this test: `apt-get install -y {package}` (.ci/run does)"
            );
        }
        eprintln!("note: skipping: `{program}` is not installed (apt-get install -y {package})");
    }
    runs
}

/// Collapses every run of whitespace to one space: labels wrap names at spaces.
pub(crate) fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
