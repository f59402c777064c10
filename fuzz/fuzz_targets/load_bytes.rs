//! The loader over bytes: any bytes as a map file (or, when the first byte is odd, the rest split
//! at each zero byte into the files of a folder map), read, parsed, checked, its diagnostics
//! rendered as text and JSON; a map that passes is analysed in full. Nothing may panic, and
//! nothing may take long for a small input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let mut sources = ecomap::load::Sources::default();
    if first % 2 == 0 {
        sources.add_bytes("map.yaml", rest.to_vec());
    } else {
        for (i, part) in rest.split(|&b| b == 0).take(4).enumerate() {
            sources.add_bytes(format!("{i}.yaml"), part.to_vec());
        }
    }
    let (map, diagnostics) =
        ecomap::validate::check(&sources, ecomap::validate::Options { strict: true });
    let _ = ecomap::diag::render::render(&diagnostics.0, &sources, false);
    let _ = ecomap::diag::render::render(&diagnostics.0, &sources, true);
    let _ = ecomap::export::json::document(&ecomap::export::json::Diagnostics::new(
        &diagnostics,
        &sources,
        "fuzz.yaml",
    ));
    if let Some(map) = map {
        let eco = ecomap::graph::Ecosystem::new(map);
        assert_eq!(eco.verify(), Vec::<String>::new());
        let (table, _) = ecomap::benchmarks::resolve(Some(&eco.map), &[]);
        let report = ecomap::analysis::report::report(&eco, &table);
        let _ = ecomap::export::markdown::report(&report);
        let made = ecomap::date::Date::parse("2026-04-01").expect("a date");
        let provenance = ecomap::analysis::provenance::provenance(&eco, &table, "fuzz.yaml", made);
        let _ = ecomap::export::json::document(&ecomap::export::json::Report::new(
            &report,
            &provenance,
        ));
    }
});
