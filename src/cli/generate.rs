//! `ecomap generate`: options in, synthetic maps out, to standard output, a file, or (with
//! `--areas`) one file per area in a folder, made in parallel and each written whole.

use rayon::prelude::*;

use super::args::GenerateArgs;
use super::exit;
use super::output::{Failure, Session, write_whole};
use crate::generate::{self, MAX_AREAS, Options};
use crate::load;

pub(super) fn generate(session: &Session, a: &GenerateArgs) -> Result<u8, Failure> {
    if let Some(f) = session.format {
        return Err(Failure::Usage(format!(
            "`ecomap generate` writes YAML maps only: leave out --format {}",
            f.name()
        )));
    }
    session.one_kind("generate", ("YAML maps", ".yaml"), &[])?;
    let options = Options {
        services: a.services,
        cohorts: a.cohorts,
        commissioners: a.commissioners,
        localities: a.localities,
        seed: a.seed,
    };
    options.check().map_err(Failure::Usage)?;
    let Some(count) = a.areas else {
        let text = generate::map(&options);
        session.emit(text.as_bytes())?;
        return Ok(exit::OK);
    };
    if !(1..=MAX_AREAS).contains(&count) {
        return Err(Failure::Usage(format!(
            "--areas must be from 1 to {MAX_AREAS}, not {count}"
        )));
    }
    let Some(dir) = &session.output else {
        return Err(Failure::Usage(
            "--areas writes one file per area into a folder: name it with -o DIR".into(),
        ));
    };
    let io = |path: &std::path::Path, e| {
        Failure::Io(load::Error {
            path: path.to_owned(),
            kind: load::ErrorKind::Write(e),
        })
    };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    // Each area is made and written on its own; the first failure in area order is reported.
    let failures: Vec<Failure> = (1..=count)
        .into_par_iter()
        .filter_map(|number| {
            let path = dir.join(format!("{}.yaml", generate::area_id(number, count)));
            let text = generate::area(&options, number, count);
            write_whole(&path, text.as_bytes())
                .err()
                .map(|e| io(&path, e))
        })
        .collect();
    if let Some(f) = failures.into_iter().next() {
        return Err(f);
    }
    // What to do with them, when the folder holds these maps and nothing else.
    let folder = dir.display();
    let typed = super::output::for_shell(dir);
    let alone = load::maps_in_folder(dir, session.limits).is_some_and(|m| m.len() == count);
    session.note(&if alone {
        format!(
            "wrote {count} maps into {folder}; `ecomap compare {typed}` compares them, a row each"
        )
    } else {
        format!(
            "wrote {count} map{} into {folder}",
            if count == 1 { "" } else { "s" }
        )
    });
    Ok(exit::OK)
}
