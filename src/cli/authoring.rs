//! Commands that help people write maps and use the tool, rather than analyse a map: `init`,
//! `schema`, `docs`, `completions` and `man`. Each prints something built into the binary, or
//! (`init`) writes a new file and never overwrites one.

use std::io::Write;
use std::path::Path;

use super::args::{CompletionsArgs, DocsArgs, Format, InitArgs};
use super::exit;
use super::output::{Failure, Session, for_shell};
use crate::docs::{SCHEMA, TOPICS, topic_named};
use crate::init::{STARTER_FILE, starter_map};
use crate::load;

/// Neither `--format` nor `-o` means anything to `init`.
fn plain(session: &Session, command: &str) -> Result<(), Failure> {
    if let Some(f) = session.format {
        return Err(Failure::Usage(format!(
            "`ecomap {command}` has one output: leave out --format {}",
            f.name()
        )));
    }
    Ok(())
}

fn write_error(path: &Path, e: std::io::Error) -> Failure {
    Failure::Io(load::Error {
        path: path.to_owned(),
        kind: load::ErrorKind::Write(e),
    })
}

/// `ecomap init FOLDER`: the starter map in FOLDER/map.yaml. A folder that already holds a map
/// (any .yaml or .yml file) is refused, so nothing is overwritten and no two maps are mixed.
pub(super) fn init(session: &Session, a: &InitArgs) -> Result<u8, Failure> {
    plain(session, "init")?;
    if session.output.is_some() {
        return Err(Failure::Usage(
            "`ecomap init FOLDER` writes FOLDER/map.yaml: leave out -o".into(),
        ));
    }
    let dir = &a.folder;
    if let Some(kind) = not_a_folder(dir) {
        return Err(Failure::Usage(format!(
            "{} is {kind}, not a folder: `ecomap init` starts a map in a folder; name a new or empty one",
            dir.display()
        )));
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut yaml: Vec<String> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        yaml.sort();
        if let Some(first) = yaml.first() {
            return Err(Failure::Usage(format!(
                "{} already holds a map ({first}): `ecomap init` never writes over one; choose a new or empty folder",
                dir.display()
            )));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
    let path = dir.join(STARTER_FILE);
    let text = starter_map(&dir.display().to_string());
    // `create_new`: if the file appeared since the check above, it is left alone.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()));
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::AlreadyExists {
            let _ = std::fs::remove_file(&path);
        }
        return Err(write_error(&path, e));
    }
    session.note(&format!(
        "wrote {}: edit it, then run `ecomap validate {}`",
        path.display(),
        for_shell(dir)
    ));
    Ok(exit::OK)
}

/// What is at `path` when it is there and is not a folder (a link followed): "a file", "a
/// device", ….
fn not_a_folder(path: &Path) -> Option<&'static str> {
    let meta = std::fs::metadata(path).ok()?;
    let t = meta.file_type();
    if t.is_dir() {
        None
    } else if t.is_file() {
        Some("a file")
    } else {
        Some(load::special_kind(&t))
    }
}

/// `ecomap schema`: the JSON Schema of the map format.
pub(super) fn schema(session: &Session) -> Result<u8, Failure> {
    plain(session, "schema")?;
    session.one_kind("schema", ("a JSON Schema", ".json"), &[Format::Json])?;
    session.emit(SCHEMA.as_bytes())?;
    Ok(exit::OK)
}

/// `ecomap docs [TOPIC]`: a page of the documentation, or the list of pages.
pub(super) fn docs(session: &Session, a: &DocsArgs) -> Result<u8, Failure> {
    plain(session, "docs")?;
    let pages = [Format::Markdown, Format::Text];
    session.one_kind("docs", ("pages of Markdown", ".md"), &pages)?;
    let text = match a.topic.as_deref() {
        Some(name) => match topic_named(name) {
            Some(t) => t.text.to_owned(),
            None => {
                let names: Vec<&str> = TOPICS.iter().map(|t| t.name).collect();
                let hint = crate::diag::did_you_mean(name, names.iter().copied())
                    .unwrap_or_else(|| format!("the pages are: {}", names.join(", ")));
                return Err(Failure::Usage(format!("there is no page `{name}`; {hint}")));
            }
        },
        None => {
            let width = TOPICS.iter().map(|t| t.name.len()).max().unwrap_or(0);
            let mut out = String::from("Pages of the documentation (ecomap docs TOPIC):\n\n");
            for t in TOPICS {
                out.push_str(&format!("  {:width$}  {}\n", t.name, t.summary));
            }
            out
        }
    };
    session.emit(text.as_bytes())?;
    Ok(exit::OK)
}

/// `ecomap completions SHELL`: a completion script, generated from the command definitions.
pub(super) fn completions(session: &Session, a: &CompletionsArgs) -> Result<u8, Failure> {
    plain(session, "completions")?;
    let mut out = Vec::new();
    clap_complete::generate(a.shell, &mut super::args::command(), "ecomap", &mut out);
    session.emit(&out)?;
    Ok(exit::OK)
}

/// `ecomap man`: the manual page (roff), generated from the command definitions.
pub(super) fn man(session: &Session) -> Result<u8, Failure> {
    plain(session, "man")?;
    let mut out = Vec::new();
    clap_mangen::Man::new(super::args::command())
        .render(&mut out)
        .map_err(|e| write_error(Path::new("the manual page"), e))?;
    session.emit(&out)?;
    Ok(exit::OK)
}
