//! Runs the `ecomap` binary the way a user would, with colour off and a fixed terminal width so
//! output is byte-for-byte reproducible.

use std::path::{Path, PathBuf};

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
