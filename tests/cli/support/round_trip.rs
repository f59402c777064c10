//! Round trips a map is put through to check that nothing is lost: the map writer, and the
//! spreadsheet tables (`export csv` then `import csv`). Compare what comes back with `dump`.

use std::path::Path;

use super::{ecomap, load_files, temp_dir};

/// Exports `map` to spreadsheet tables (`DIR/tables`) and imports them again (`DIR/map`); returns
/// `DIR`. Both commands must succeed.
pub(crate) fn export_and_import(map: &Path) -> tempfile::TempDir {
    let dir = temp_dir();
    let tables = dir.path().join("tables");
    let again = dir.path().join("map");
    let run = ecomap(&[
        "export",
        "csv",
        &map.display().to_string(),
        "-o",
        &tables.display().to_string(),
    ]);
    assert_eq!(run.code, 0, "export {}: {}", map.display(), run.stderr);
    let run = ecomap(&[
        "import",
        "csv",
        &tables.display().to_string(),
        "-o",
        &again.display().to_string(),
    ]);
    assert_eq!(
        run.code,
        0,
        "import {}: {}{}",
        map.display(),
        run.stdout,
        run.stderr
    );
    dir
}

/// `map` as the map writer writes it, read back as a map.
pub(crate) fn written_and_read(map: &ecomap::model::Map) -> ecomap::model::Map {
    let files = ecomap::yaml::map::write(map, &Default::default());
    let named: Vec<(&str, &str)> = files.iter().map(|f| (f.name, f.text.as_str())).collect();
    load_files(&named).map
}
