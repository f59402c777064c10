//! `ecomap import 360giving` and `ecomap import ocds`: read the file, place its awards on the map,
//! show every change, ask (or take --yes), then write each edited file whole and check the map
//! still validates, restoring the files as they were if it does not.

// This module prints the plan and asks the user.
#![allow(clippy::disallowed_macros)]

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::args::FundingImportArgs;
use super::exit;
use super::outfile::Output;
use super::output::{Failure, Session, summary_line, write_whole};
use crate::diag::Severity;
use crate::import::award::Read;
use crate::import::edit::{self, Edited};
use crate::import::{grants, ocds, place, preview};
use crate::load::{self, Sources};
use crate::validate::{self, Options};
use crate::visible::visible_inline;

/// The standards a funding import reads.
#[derive(Clone, Copy)]
pub(super) enum Standard {
    ThreeSixtyGiving,
    Ocds,
}

pub(super) fn import(
    session: &Session,
    standard: Standard,
    a: &FundingImportArgs,
) -> Result<u8, Failure> {
    session.format(match standard {
        Standard::ThreeSixtyGiving => "import 360giving",
        Standard::Ocds => "import ocds",
    })?;
    if session.output.is_some() {
        return Err(Failure::Usage(
            "`ecomap import` edits the map given with --into in place, and shows the changes on the terminal: -o is not used (lines that cannot be inserted go to --paste-to FILE)".into(),
        ));
    }
    let loaded = session.load(&a.into)?;
    let map = &loaded.eco.map;
    // The user's directions are checked before the file is read: a usage error comes first.
    let directions =
        place::Directions::new(map, &directions(session, a)?).map_err(Failure::Usage)?;
    let (read, one, many) = read_awards(session, standard, a)?;
    let texts: Vec<&str> = map
        .sources
        .files()
        .iter()
        .map(|f| f.text.as_str())
        .collect();
    let plan = place::plan(map, &read.awards, &directions, &texts);
    let edited = edit::prepare(&map.sources, &plan.additions);
    let shown = preview::render(
        &a.file.display().to_string(),
        (read.awards.len() + read.unreadable.len(), one, many),
        &read.unreadable,
        &plan,
        &edited,
        &map.area.currency,
        a.all,
    );
    print!("{shown}");
    // The edited map must validate before anything is offered for writing.
    let after = edited_sources(&map.sources, &edited);
    let (_, diagnostics) = validate::check(&after, Options { strict: false });
    if diagnostics.has_errors() {
        session.print_diagnostics(&diagnostics, &after);
        eprintln!(
            "error: the map would not validate with these lines: nothing written. Mend the map or the file, and run the import again."
        );
        return Ok(exit::MAP);
    }
    if edited.files.is_empty() && edited.paste.is_empty() {
        return Ok(exit::OK);
    }
    let paste_path = a
        .paste_to
        .clone()
        .unwrap_or_else(|| default_paste_path(&a.into));
    if a.dry_run {
        session.note("--dry-run: nothing written");
        return Ok(exit::OK);
    }
    // Every file to be written is checked before anything is written or asked: the map's
    // files (a link followed to the file it leads to, a read-only one only with --force), and
    // the lines to paste (as -o: never a file this run read, a folder, a device or a pipe).
    let mut files = Vec::new();
    for f in &edited.files {
        files.push(session.prepare_file("--into", Path::new(&f.name), true, &[])?);
    }
    let paste = if edited.paste.is_empty() {
        None
    } else {
        Some(session.prepare_file(
            "--paste-to",
            &paste_path,
            false,
            std::slice::from_ref(&a.file),
        )?)
    };
    if !a.yes && !confirm(&edited, &paste_path)? {
        eprintln!("Nothing written.");
        return Ok(exit::OK);
    }
    write(session, a, &edited, files, paste)
}

/// The awards of the file given, with the words for one and many of them.
fn read_awards(
    session: &Session,
    standard: Standard,
    a: &FundingImportArgs,
) -> Result<(Read, &'static str, &'static str), Failure> {
    let bytes = load::read_input(&a.file, &session.limits)
        .map_err(|why| Failure::Usage(format!("cannot read {}: {why}", a.file.display())))?;
    let max_cells = crate::import::table::max_cells(session.limits.file_bytes);
    let (read, name, one, many) = match standard {
        Standard::ThreeSixtyGiving => (
            grants::read(&a.file, bytes, max_cells),
            "360Giving",
            "grant",
            "grants",
        ),
        Standard::Ocds => (
            ocds::read(&bytes),
            "OCDS",
            "award or tender",
            "awards and tenders",
        ),
    };
    let read = read.map_err(|e| {
        Failure::Usage(format!(
            "cannot read {} as {name} data: {e}",
            a.file.display()
        ))
    })?;
    Ok((read, one, many))
}

/// `--to` and `--mapping` as (key, id) pairs, `--to` first; a key sent to two places is a usage
/// error (the same place twice is one direction).
fn directions(session: &Session, a: &FundingImportArgs) -> Result<Vec<(String, String)>, Failure> {
    let mut pairs = Vec::new();
    for t in &a.to {
        let Some((key, id)) = t.rsplit_once('=') else {
            return Err(Failure::Usage(format!(
                "--to {t}: write KEY=ID, such as --to 360G-abc-1=ips"
            )));
        };
        pairs.push((key.trim().to_owned(), id.trim().to_owned()));
    }
    if let Some(path) = &a.mapping {
        let bytes = load::read_input(path, &session.limits).map_err(|why| {
            Failure::Usage(format!("cannot read the mapping {}: {why}", path.display()))
        })?;
        let read: indexmap::IndexMap<String, String> =
            load::from_file_bytes(&path.display().to_string(), bytes).map_err(|found| {
                let (sources, d) = *found;
                let d = d.help(
                "a mapping file is YAML lines `KEY: ID`, such as `360G-abc-1: ips`, each key once",
            );
                eprint!(
                    "{}",
                    crate::diag::render::render(&[d], &sources, session.color_err)
                );
                Failure::Map
            })?;
        pairs.extend(read);
    }
    let mut seen: Vec<(String, String)> = Vec::new();
    for (key, id) in pairs {
        match seen.iter().find(|(k, _)| *k == key) {
            Some((_, first)) if *first != id => {
                return Err(Failure::Usage(format!(
                    "{key} is sent to two places, `{first}` and `{id}` (by --to or --mapping): send each grant or contract to one"
                )));
            }
            Some(_) => {}
            None => seen.push((key, id)),
        }
    }
    Ok(seen)
}

/// `MAP.to-paste.txt` beside the map (never inside a map's folder, where it would be read as
/// part of the map if it were YAML).
fn default_paste_path(into: &Path) -> PathBuf {
    let clean = into.components().as_path();
    let name = clean
        .file_name()
        .map_or_else(|| "map".to_owned(), |n| n.to_string_lossy().into_owned());
    clean.with_file_name(format!("{name}.to-paste.txt"))
}

/// The map's files with the edits made.
fn edited_sources(sources: &Sources, edited: &Edited) -> Sources {
    let mut out = Sources::default();
    for (i, f) in sources.files().iter().enumerate() {
        let text = edited
            .files
            .iter()
            .find(|e| e.file.0 == i)
            .map_or(f.text.as_str(), |e| e.new.as_str());
        out.add(f.name.clone(), text);
    }
    out
}

/// Asks on the terminal; elsewhere there is no one to ask, and writing needs --yes.
fn confirm(edited: &Edited, paste: &Path) -> Result<bool, Failure> {
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(Failure::Usage(
            "nothing written: this run is not on a terminal, so there is no one to ask. Run it again with --yes to write the changes shown, or with --dry-run to only show them".into(),
        ));
    }
    let mut what: Vec<String> = edited
        .files
        .iter()
        .map(|f| visible_inline(&f.name).into_owned())
        .collect();
    if !edited.paste.is_empty() {
        what.push(format!(
            "{} (lines to paste)",
            visible_inline(&paste.display().to_string())
        ));
    }
    eprint!("Write the changes to {}? [y/N] ", what.join(", "));
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| {
            Failure::Io(load::Error {
                path: "standard input".into(),
                kind: load::ErrorKind::Read(e),
            })
        })?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}

fn io(path: &str, e: std::io::Error) -> Failure {
    Failure::Io(load::Error {
        path: path.into(),
        kind: load::ErrorKind::Write(e),
    })
}

/// Writes each edited file whole (to the files `files` has checked, in the order of
/// `edited.files`), then reads the map back: if it does not validate, every file is put back as
/// it was. Then the lines to paste, if any.
fn write(
    session: &Session,
    a: &FundingImportArgs,
    edited: &Edited,
    files: Vec<Output>,
    paste: Option<Output>,
) -> Result<u8, Failure> {
    for f in &edited.files {
        let now = std::fs::read(&f.name).map_err(|e| io(&f.name, e))?;
        if now != f.old.as_bytes() {
            return Err(Failure::Usage(format!(
                "{} changed while the import ran: nothing written. Run the import again",
                f.name
            )));
        }
    }
    let mut written: Vec<(PathBuf, &edit::FileEdit)> = Vec::new();
    for (f, out) in edited.files.iter().zip(files) {
        let target = out.target().to_owned();
        if let Err(e) = out.write(f.new.as_bytes()) {
            restore(&written);
            return Err(Failure::Write(e));
        }
        written.push((target, f));
    }
    let sources = load::read(&a.into)?;
    let (_, diagnostics) = validate::check(&sources, Options { strict: false });
    if diagnostics.has_errors() {
        session.print_diagnostics(&diagnostics, &sources);
        restore(&written);
        eprintln!("error: the map did not validate once written, so every file is back as it was.");
        return Ok(exit::MAP);
    }
    let pasted = paste.as_ref().map(|p| p.given().to_owned());
    if let Some(paste) = paste {
        paste
            .write(paste_text(edited).as_bytes())
            .map_err(Failure::Write)?;
    }
    let lines = edited.lines_inserted();
    let files: Vec<String> = edited
        .files
        .iter()
        .map(|f| visible_inline(&f.name).into_owned())
        .collect();
    if lines > 0 {
        eprintln!(
            "Added {lines} funding {} to {}.",
            if lines == 1 { "line" } else { "lines" },
            files.join(", ")
        );
    }
    if let Some(pasted) = pasted {
        eprintln!(
            "Wrote the lines to paste by hand to {}.",
            visible_inline(&pasted.display().to_string())
        );
    }
    let mut verdict = summary_line(&diagnostics, &a.into, Some("valid"));
    if diagnostics.count(Severity::Warning) > 0 {
        verdict.push_str(" (run `ecomap validate` to see them)");
    }
    eprintln!("{verdict}");
    Ok(exit::OK)
}

/// Puts each file written back as it was (at the file written: a link's target).
fn restore(written: &[(PathBuf, &edit::FileEdit)]) {
    for (target, f) in written {
        if let Err(e) = write_whole(target, f.old.as_bytes()) {
            eprintln!(
                "error: could not put {} back as it was: {}",
                visible_inline(&f.name),
                crate::load::io_words(&e, crate::load::Doing::Writing)
            );
        }
    }
}

/// The lines ecomap could not insert, each list under a comment saying where it belongs.
fn paste_text(edited: &Edited) -> String {
    let mut out = String::from(
        "# Funding lines ecomap could not insert safely. Paste each list's lines into the list named\n# above it, indented to match, then run `ecomap validate`.\n",
    );
    for p in &edited.paste {
        let file = p
            .file
            .as_deref()
            .map_or_else(String::new, |f| format!(" in {f}"));
        out.push_str(&format!(
            "\n# {}{file} ({})\n{}",
            p.target.path(),
            p.reason,
            p.text
        ));
    }
    out
}
