//! Inputs the fuzzers (`fuzz/`, `docs/robustness.md`) found or were seeded with, kept so they stay
//! harmless: `tests/fixtures/fuzz/load_bytes/` holds raw inputs of the loader target (the first
//! byte says one file or a folder), `tests/fixtures/fuzz/maps/` maps the analyses target built.
//! Each goes through what its target did, through the library for the loader's and through the
//! binary for the maps, and must end without a panic, with a documented exit code.

use std::path::PathBuf;

use crate::support::{ecomap, root};

fn fixtures(folder: &str) -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures/fuzz").join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    files
}

#[test]
fn the_loaders_inputs_load_check_and_render_without_a_panic() {
    let files = fixtures("load_bytes");
    assert!(!files.is_empty(), "no inputs kept");
    for path in files {
        let data = std::fs::read(&path).expect("readable");
        // As fuzz/fuzz_targets/load_bytes.rs: an even first byte, one file; odd, a folder of the
        // parts between zero bytes.
        let Some((&first, rest)) = data.split_first() else {
            continue;
        };
        let mut sources = ecomap::load::Sources::default();
        if first % 2 == 0 {
            sources.add_bytes("map.yaml", rest.to_vec());
        } else {
            for (i, part) in rest.split(|&b| b == 0).take(4).enumerate() {
                sources.add_bytes(format!("{i}.yaml"), part.to_vec());
            }
        }
        let outcome = std::panic::catch_unwind(|| {
            let (map, diagnostics) =
                ecomap::validate::check(&sources, ecomap::validate::Options { strict: true });
            let text = ecomap::diag::render::render(&diagnostics.0, &sources, false);
            // Whatever the input, what is printed stays readable: no control character but
            // line breaks, no line past a few hundred characters.
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'),
                "{}: a control character reaches the terminal",
                path.display()
            );
            if let Some(map) = map {
                let eco = ecomap::graph::Ecosystem::new(map);
                assert_eq!(eco.verify(), Vec::<String>::new());
                let (table, _) = ecomap::benchmarks::resolve(Some(&eco.map), &[]);
                let report = ecomap::analysis::report::report(&eco, &table);
                let _ = ecomap::export::markdown::report(&report);
            }
        });
        assert!(outcome.is_ok(), "{} panics", path.display());
    }
}

#[test]
fn the_analyses_maps_go_through_every_command_without_a_panic() {
    let files = fixtures("maps");
    assert!(!files.is_empty(), "no maps kept");
    for path in files {
        let map = path.display().to_string();
        let first_service = {
            let sources = ecomap::load::read(&path).expect("readable");
            let (files, _) = ecomap::load::parse(&sources);
            files
                .iter()
                .find_map(|(_, m)| m.services.keys().next().map(|k| k.value.clone()))
        };
        let mut runs = vec![
            vec!["validate", &map],
            vec!["report", &map],
            vec!["report", &map, "--format", "html", "--renderer", "builtin"],
            vec!["funding", &map, "--format", "csv", "--by", "service"],
            vec!["capacity", &map],
            vec!["contracts", &map, "--as-of", "2025-01-01", "--within", "24"],
            vec!["dot", &map, "--view", "funding"],
        ];
        if let Some(s) = &first_service {
            runs.push(vec!["what-if", &map, "--without", s]);
        }
        for args in runs {
            let run = ecomap(&args);
            assert!(
                [0, 1].contains(&run.code),
                "{args:?} ended with {}: {}",
                run.code,
                run.stderr
            );
            assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
        }
    }
}
