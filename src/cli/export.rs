//! `ecomap export`: the map for other tools. GraphML and GEXF go to standard output or `-o FILE`
//! like every other output; Kumu's two spreadsheets go into the folder `-o FOLDER`, each file
//! written whole.

use std::path::Path;

use super::args::{ExportCommand, MapArg};
use super::exit;
use super::output::{Failure, Session};
use crate::export::network::{self, gexf, graphml, kumu};
use crate::load;

pub(super) fn export(session: &Session, command: &ExportCommand) -> Result<u8, Failure> {
    match command {
        ExportCommand::Csv(a) => super::import::export_csv(session, a),
        ExportCommand::Graphml(a) => xml(session, a, "graphml"),
        ExportCommand::Gexf(a) => xml(session, a, "gexf"),
        ExportCommand::Kumu(a) => kumu(session, a),
    }
}

/// `--format` has no meaning here: each export writes one format.
fn no_format(session: &Session, what: &str) -> Result<(), Failure> {
    match session.format {
        Some(f) => Err(Failure::Usage(format!(
            "`ecomap export {what}` writes {what} only: leave out --format {}",
            f.name()
        ))),
        None => Ok(()),
    }
}

fn xml(session: &Session, a: &MapArg, what: &str) -> Result<u8, Failure> {
    no_format(session, what)?;
    let ending = format!(".{what}");
    session.one_kind(&format!("export {what}"), (what, &ending), &[])?;
    let loaded = session.load(&a.map)?;
    let net = network::network(&loaded.eco);
    let out = if what == "gexf" {
        gexf::gexf(&net)
    } else {
        graphml::graphml(&net)
    };
    session.emit(out.as_bytes())?;
    Ok(exit::OK)
}

fn kumu(session: &Session, a: &MapArg) -> Result<u8, Failure> {
    no_format(session, "kumu")?;
    let Some(dir) = session.output.as_deref() else {
        return Err(Failure::Usage(
            "`ecomap export kumu` writes two files, elements.csv and connections.csv: name their folder with -o FOLDER".into(),
        ));
    };
    if dir.is_file() {
        return Err(Failure::Usage(format!(
            "{} is a file: `ecomap export kumu` writes two files into the folder -o names",
            dir.display()
        )));
    }
    let loaded = session.load(&a.map)?;
    let sheets = kumu::kumu(&network::network(&loaded.eco));
    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
    for (name, text) in &sheets {
        session.emit_to(&dir.join(name), text.as_bytes())?;
    }
    session.note(&format!(
        "wrote {} and {} in {}",
        sheets[0].0,
        sheets[1].0,
        dir.display()
    ));
    Ok(exit::OK)
}

fn write_error(path: &Path, e: std::io::Error) -> Failure {
    Failure::Io(load::Error {
        path: path.to_owned(),
        kind: load::ErrorKind::Write(e),
    })
}
