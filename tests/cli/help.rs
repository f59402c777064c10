//! `--help` of the program and of each subcommand, pinned as snapshots: a change to what a user is
//! told about the options shows up in review.

use crate::support::ecomap;

#[test]
fn help_snapshots() {
    let commands = [
        None,
        Some("validate"),
        Some("show"),
        Some("eligibility"),
        Some("funding"),
        Some("capacity"),
        Some("benchmarks"),
        Some("dot"),
        Some("routes"),
        Some("gaps"),
        Some("overlap"),
        Some("report"),
        Some("check"),
        Some("contracts"),
        Some("what-if"),
        Some("compare"),
        Some("diff"),
        Some("generate"),
        Some("export"),
        Some("export graphml"),
        Some("export gexf"),
        Some("export kumu"),
        Some("init"),
        Some("schema"),
        Some("docs"),
        Some("completions"),
        Some("man"),
        Some("import"),
        Some("import 360giving"),
        Some("import ocds"),
        Some("import csv"),
        Some("import openreferral"),
        Some("export csv"),
    ];
    for command in commands {
        let args: Vec<&str> = command
            .into_iter()
            .flat_map(str::split_whitespace)
            .chain(["--help"])
            .collect();
        let run = ecomap(&args);
        assert_eq!(run.code, 0);
        assert_eq!(run.stderr, "");
        let name = command.unwrap_or("ecomap").replace(' ', "-");
        insta::assert_snapshot!(format!("help--{name}"), run.stdout);
    }
}
