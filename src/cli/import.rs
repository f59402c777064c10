//! `ecomap import …` and `ecomap export csv`: read the input, write the map (or the tables) to the
//! folder `-o` names, all or nothing, then say what was read, made and left out, and validate the
//! result with the usual diagnostics.

// Prints the import's report, as the CLI does.
#![allow(clippy::disallowed_macros)]

use std::path::{Path, PathBuf};

use super::args::{ExportCsvArgs, ImportCommand, ImportCsvArgs, ImportOpenReferralArgs};
use super::exit;
use super::folder;
use super::output::{Failure, Session, summary_line};
use crate::diag::{Diagnostics, Severity};
use crate::import::{self, Draft, Prepared};
use crate::load::Sources;
use crate::money::group_thousands;
use crate::validate::Options;
use crate::visible::{visible, visible_inline};

/// `ecomap import …`.
pub(super) fn import(session: &Session, command: &ImportCommand) -> Result<u8, Failure> {
    match command {
        ImportCommand::Csv(a) => import_csv(session, a),
        ImportCommand::OpenReferral(a) => import_openreferral(session, a),
        ImportCommand::ThreeSixtyGiving(a) => super::import_funding::import(
            session,
            super::import_funding::Standard::ThreeSixtyGiving,
            a,
        ),
        ImportCommand::Ocds(a) => {
            super::import_funding::import(session, super::import_funding::Standard::Ocds, a)
        }
    }
}

/// The folder `-o` names: an import or an export writes one.
fn output_folder(session: &Session, what: &str) -> Result<PathBuf, Failure> {
    session.output.clone().ok_or_else(|| {
        Failure::Usage(format!(
            "name the folder to write the {what} to with -o, such as -o my-area"
        ))
    })
}

fn import_csv(session: &Session, a: &ImportCsvArgs) -> Result<u8, Failure> {
    session.format("import csv")?;
    let out = output_folder(session, "map")?;
    let imported = match import::csv::read(&a.folder, &session.limits) {
        Ok(i) => i,
        Err(import::Failure::Io(path, message)) => {
            return Err(Failure::Usage(format!(
                "cannot read {}: {message}",
                path.display()
            )));
        }
        Err(import::Failure::Invalid(sources, diagnostics)) => {
            return Ok(refuse(session, &diagnostics, &sources, &a.folder));
        }
    };
    let prepared = import::prepare(&imported.draft, &out, options(session));
    if fails(session, &prepared.diagnostics) {
        let traced = import::csv::trace(&imported, &prepared);
        return Ok(refuse(session, &traced, &imported.sources, &a.folder));
    }
    finish(session, &imported.draft, &prepared, &out, (a.force, a.all))
}

fn import_openreferral(session: &Session, a: &ImportOpenReferralArgs) -> Result<u8, Failure> {
    use crate::import::mapping::Mapping;
    use crate::import::openreferral::{self, Input};
    session.format("import openreferral")?;
    let out = output_folder(session, "map")?;
    let mapping = match &a.mapping {
        None => Mapping::builtin(),
        Some(p) => {
            let cannot = |why: &str| {
                Failure::Usage(format!("cannot read the mapping {}: {why}", p.display()))
            };
            let bytes = crate::load::read_input(p, &session.limits).map_err(|w| cannot(&w))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| cannot("it is not UTF-8 text: save it as UTF-8"))?;
            Mapping::with_file(&p.display().to_string(), &text).map_err(Failure::Usage)?
        }
    };
    let input = if a.input == "-" {
        let limit = session.limits.file_bytes;
        let mut bytes = Vec::new();
        // One byte more than the limit tells a stream at the limit from one past it.
        std::io::Read::read_to_end(
            &mut std::io::Read::take(std::io::stdin(), limit.saturating_add(1)),
            &mut bytes,
        )
        .map_err(|e| {
            Failure::Usage(format!(
                "cannot read standard input: {}",
                crate::load::io_words(&e, crate::load::Doing::Reading)
            ))
        })?;
        if bytes.len() as u64 > limit {
            return Err(Failure::Usage(format!(
                "standard input has more than the {} bytes ecomap reads from one file: --max-file-size raises the limit (such as --max-file-size 64MB)",
                crate::money::group_thousands(limit)
            )));
        }
        Input::Stdin(bytes)
    } else {
        Input::Path(PathBuf::from(&a.input))
    };
    // The area is named after the folder written to, until the user names it.
    let name = out
        .file_name()
        .map_or_else(|| "area".to_owned(), |n| n.to_string_lossy().into_owned());
    let id = import::id_words(&name);
    let id = if id.is_empty() { "area".to_owned() } else { id };
    let draft = match openreferral::import(&input, &mapping, (&id, &name), &session.limits) {
        Ok(d) => d,
        Err(import::Failure::Io(path, message)) => {
            return Err(Failure::Usage(format!(
                "cannot read {}: {message}",
                path.display()
            )));
        }
        Err(import::Failure::Invalid(sources, diagnostics)) => {
            return Ok(refuse(session, &diagnostics, &sources, Path::new(&a.input)));
        }
    };
    let prepared = import::prepare(&draft, &out, options(session));
    if prepared.diagnostics.has_errors() {
        // A text of the input too long for a map, found only once put together (a service's
        // notes gather several of its texts): said of the record it came from.
        if let Some(d) = import::too_long_from_input(&draft, &prepared) {
            return Ok(refuse(session, &d, &prepared.sources, Path::new(&a.input)));
        }
        // The importer makes only maps that validate: an error here is a fault of ecomap's.
        session.print_diagnostics(&prepared.diagnostics, &prepared.sources);
        eprintln!(
            "{}; no map was written. This is a fault in ecomap's import: please report it with the input",
            summary_line(&prepared.diagnostics, &out, Some("not imported"))
        );
        return Ok(exit::MAP);
    }
    if fails(session, &prepared.diagnostics) {
        return Ok(refuse(
            session,
            &prepared.diagnostics,
            &prepared.sources,
            Path::new(&a.input),
        ));
    }
    finish(session, &draft, &prepared, &out, (a.force, a.all))
}

/// Whether the map would fail: it has errors, or warnings under `--deny warnings`.
fn fails(session: &Session, d: &Diagnostics) -> bool {
    d.has_errors() || (session.deny_warnings && d.count(Severity::Warning) > 0)
}

fn options(session: &Session) -> Options {
    Options {
        strict: session.strict,
    }
}

/// The input has errors: shows them, writes nothing.
fn refuse(session: &Session, diagnostics: &Diagnostics, sources: &Sources, input: &Path) -> u8 {
    session.print_diagnostics(diagnostics, sources);
    eprintln!(
        "{}; no map was written",
        summary_line(diagnostics, input, Some("not imported"))
    );
    exit::MAP
}

/// Writes the map of `prepared`, says what the import did, and shows the map's diagnostics.
fn finish(
    session: &Session,
    draft: &Draft,
    prepared: &Prepared,
    out: &Path,
    (force, all): (bool, bool),
) -> Result<u8, Failure> {
    let files: Vec<(&str, &[u8])> = prepared
        .files
        .iter()
        .map(|f| (f.name, f.text.as_bytes()))
        .collect();
    if let Some(why) = beyond_limits(session.limits, &files, out) {
        eprintln!("error: {why}; no map was written");
        return Ok(exit::MAP);
    }
    folder::write(out, &files, force, &folder::MAP)?;
    print!("{}", report_text(draft, out, all));
    let d = &prepared.diagnostics;
    session.print_some_diagnostics(d, &prepared.sources);
    println!("{}", summary_line(d, out, Some("valid")));
    Ok(exit::OK)
}

/// Why the map an import made could not be read back under `limits` (the same limits every
/// command reads a map under, `--max-file-size` and `--max-map-size`), if so: a map that says it is
/// valid must also load.
fn beyond_limits(
    limits: crate::load::Limits,
    files: &[(&str, &[u8])],
    out: &Path,
) -> Option<String> {
    let bytes = crate::money::group_thousands;
    let again = |flag: &str| {
        format!(
            "run the import again with a larger {flag} (such as {flag} 64MB), and give the same flag to every command that reads the map (`ecomap docs robustness`)"
        )
    };
    for (name, text) in files {
        let size = text.len() as u64;
        if size > limits.file_bytes {
            return Some(format!(
                "{} would be {} bytes, more than the {} a map file may have: {}",
                out.join(name).display(),
                bytes(size),
                bytes(limits.file_bytes),
                again("--max-file-size")
            ));
        }
    }
    let total: u64 = files.iter().map(|(_, t)| t.len() as u64).sum();
    (total > limits.map_bytes).then(|| {
        format!(
            "the map's files would come to {} bytes, more than the {} a map may have: {}",
            bytes(total),
            bytes(limits.map_bytes),
            again("--max-map-size")
        )
    })
}

/// What an import read, made, could not place and left out, and what to add next. Text from the
/// input (names, ids, terms) is shown with its hidden characters as escapes (`\n`, `\u{202e}`),
/// so a name cannot forge a line of the report, reorder one or drive the terminal.
/// Unless `all`, the list of what could not be placed stops at [`LISTED`], the rest counted.
fn report_text(draft: &Draft, out: &Path, all: bool) -> String {
    let r = &draft.report;
    let mut s = String::new();
    s.push_str("Read:\n");
    for line in &r.read {
        s.push_str(&format!("  {}\n", visible_inline(line)));
    }
    s.push_str(&format!(
        "Made {}: {}.\n",
        visible_inline(&out.display().to_string()),
        import::made(&draft.map).join(", ")
    ));
    if r.unplaced.is_empty() {
        s.push_str("Could not place: nothing.\n");
    } else {
        let n = r.unplaced.len();
        s.push_str(&format!(
            "Could not place ({}):\n",
            group_thousands(n as u64)
        ));
        let shown = if all { n } else { n.min(LISTED) };
        for u in &r.unplaced[..shown] {
            s.push_str(&format!(
                "  - {}: {}\n",
                visible_inline(&u.what),
                visible_inline(&u.why)
            ));
        }
        if n > shown {
            s.push_str(&format!(
                "  and {} more (--all lists every one)\n",
                group_thousands((n - shown) as u64)
            ));
        }
    }
    let left = r.left_out;
    if left.emails + left.phones > 0 {
        s.push_str(&format!(
            "Left out: {} and {} found in contact and metadata fields (a map never carries personal data).\n",
            plural(left.emails, "e-mail address", "e-mail addresses"),
            plural(left.phones, "phone number", "phone numbers"),
        ));
    }
    if !r.next.is_empty() {
        s.push_str("Next:\n");
        for line in &r.next {
            s.push_str(&format!("  - {}\n", visible_inline(line)));
        }
    }
    // Each item above is one line, its text from the input escaped where it is written; this is
    // the fence behind them.
    visible(&s).into_owned()
}

/// How many things an import could not place its report lists, unless all are asked for.
const LISTED: usize = 50;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(super) fn export_csv(session: &Session, a: &ExportCsvArgs) -> Result<u8, Failure> {
    session.format("export csv")?;
    let out = output_folder(session, "tables")?;
    let loaded = session.load(&a.map.map)?;
    let tables = crate::export::csv::tables::write(&loaded.eco.map);
    let files: Vec<(&str, &[u8])> = tables.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    folder::write(&out, &files, a.force, &folder::TABLES)?;
    println!(
        "Wrote {} tables to {}: {}.",
        files.len(),
        out.display(),
        files.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
    );
    Ok(exit::OK)
}
