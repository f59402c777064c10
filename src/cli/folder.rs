//! Writes a folder of files (an imported map, exported tables) all or nothing: every target is
//! checked before anything is written, each file is written to a temporary file first, and the
//! temporaries are renamed into place only when all are written. If a rename fails, what was
//! renamed is removed and any file it replaced is put back. An existing file is replaced only
//! with `--force`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::output::{Failure, replacing};

/// What a folder of files is, for messages and for guarding against stray files.
pub(super) struct Kind {
    /// `map` or `tables`.
    pub(super) what: &'static str,
    /// Extensions of files that would be read as part of it if left in the folder.
    pub(super) read_with: &'static [&'static str],
}

/// A map folder: any other YAML file in it would become part of the map.
pub(super) const MAP: Kind = Kind {
    what: "map",
    read_with: &["yaml", "yml"],
};

/// A folder of spreadsheet tables: `import csv` reads only the tables it knows.
pub(super) const TABLES: Kind = Kind {
    what: "tables",
    read_with: &[],
};

fn failure(path: &Path, e: std::io::Error) -> Failure {
    Failure::Io(crate::load::Error {
        path: path.to_owned(),
        kind: crate::load::ErrorKind::Write(e),
    })
}

/// Checks that `files` can be written into `dir`: it is a folder (or can be made), no target exists
/// unless `force`, and no other file would be read with them.
fn check(dir: &Path, names: &[&str], force: bool, kind: &Kind) -> Result<(), Failure> {
    if dir
        .extension()
        .is_some_and(|e| e == "yaml" || e == "yml" || e == "csv")
    {
        return Err(Failure::Usage(format!(
            "-o {} names a file, but the {} is written as a folder of files: name a folder, such as -o {}",
            dir.display(),
            kind.what,
            dir.with_extension("").display()
        )));
    }
    match std::fs::metadata(dir) {
        Err(_) => return Ok(()),
        Ok(m) if m.is_file() => {
            return Err(Failure::Usage(format!(
                "{} is a file, not a folder: name a folder to write the {} to",
                dir.display(),
                kind.what
            )));
        }
        Ok(m) if !m.is_dir() => {
            return Err(Failure::Usage(format!(
                "{} is {}, not a folder ecomap can write the {} into: name a folder (a new one is made)",
                dir.display(),
                crate::load::special_kind(&m.file_type()),
                kind.what
            )));
        }
        Ok(_) => {}
    }
    let existing: Vec<String> = names
        .iter()
        .filter(|n| dir.join(n).exists())
        .map(|n| dir.join(n).display().to_string())
        .collect();
    if !existing.is_empty() && !force {
        return Err(Failure::Usage(format!(
            "{} already exist{}: nothing was written. ecomap replaces files only when told to: add --force, or choose another folder",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" }
        )));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| failure(dir, e))?;
    let mut strays: Vec<String> = Vec::new();
    for e in entries.flatten() {
        let p = e.path();
        let read_with = p
            .extension()
            .is_some_and(|x| kind.read_with.iter().any(|r| x.eq_ignore_ascii_case(r)));
        let ours = p.file_name().is_some_and(|n| names.iter().any(|t| n == *t));
        if read_with && !ours && p.is_file() {
            strays.push(p.display().to_string());
        }
    }
    strays.sort();
    if !strays.is_empty() {
        return Err(Failure::Usage(format!(
            "{} would be read as part of the {}: nothing was written. Move {} away, or choose another folder",
            strays.join(", "),
            kind.what,
            if strays.len() == 1 { "it" } else { "them" }
        )));
    }
    Ok(())
}

/// Writes `files` (name, contents) into `dir`, all or nothing.
pub(super) fn write(
    dir: &Path,
    files: &[(&str, &[u8])],
    force: bool,
    kind: &Kind,
) -> Result<(), Failure> {
    let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
    check(dir, &names, force, kind)?;
    let created = !dir.exists();
    if created {
        std::fs::create_dir_all(dir).map_err(|e| failure(dir, e))?;
    }
    let result = write_all(dir, files);
    if result.is_err() && created {
        // The folder was made for these files: leave nothing behind.
        let _ = std::fs::remove_dir(dir);
    }
    result
}

fn write_all(dir: &Path, files: &[(&str, &[u8])]) -> Result<(), Failure> {
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        let permissions = replacing(&path, dir).map_err(|e| failure(&path, e))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".ecomap-")
            .tempfile_in(dir)
            .map_err(|e| failure(&path, e))?;
        tmp.write_all(bytes)
            .and_then(|()| tmp.as_file().set_permissions(permissions))
            .and_then(|()| tmp.as_file().sync_all())
            .map_err(|e| failure(&path, e))?;
        written.push((tmp, path));
    }
    // Every file is written: now put each in place, keeping what it replaces until all are in.
    let mut placed: Vec<(PathBuf, Option<tempfile::TempPath>)> = Vec::new();
    for (tmp, path) in written {
        let backup = match path.exists() {
            true => match keep_aside(dir, &path) {
                Ok(b) => Some(b),
                Err(e) => {
                    undo(placed);
                    return Err(failure(&path, e));
                }
            },
            false => None,
        };
        if let Err(e) = tmp.persist(&path) {
            if let Some(b) = backup {
                let _ = std::fs::rename(&b, &path);
                let _ = b.keep();
            }
            undo(placed);
            return Err(failure(&path, e.error));
        }
        placed.push((path, backup));
    }
    // The replaced files are removed as their backups drop.
    Ok(())
}

/// Moves an existing file to a temporary name in `dir`, to be put back if the write fails.
fn keep_aside(dir: &Path, path: &Path) -> std::io::Result<tempfile::TempPath> {
    let aside = tempfile::Builder::new()
        .prefix(".ecomap-replaced-")
        .tempfile_in(dir)?
        .into_temp_path();
    std::fs::rename(path, &aside)?;
    Ok(aside)
}

/// Removes the files put in place so far and puts back what they replaced.
fn undo(placed: Vec<(PathBuf, Option<tempfile::TempPath>)>) {
    for (path, backup) in placed.into_iter().rev() {
        let _ = std::fs::remove_file(&path);
        if let Some(b) = backup
            && std::fs::rename(&b, &path).is_ok()
        {
            let _ = b.keep();
        }
    }
}
