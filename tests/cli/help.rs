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

/// Each command's `--help` offers the formats that command writes and no other: `gaps` writes text
/// and JSON only (`ecomap gaps --format markdown` is refused), `report` Markdown, JSON and HTML, and
/// `init` one output of its own, so its help has no `--format` at all.
#[test]
fn each_command_lists_only_the_formats_it_writes() {
    let offered = |command: &[&str]| -> String {
        let args: Vec<&str> = command.iter().copied().chain(["--help"]).collect();
        let help = ecomap(&args).stdout;
        // The option's line and the lines its help wraps onto (indented, not a new option).
        let mut lines = help
            .lines()
            .skip_while(|l| !l.trim_start().starts_with("-f, --format"));
        let first = lines.next().unwrap_or_default();
        let wrapped =
            lines.take_while(|l| l.starts_with("      ") && !l.trim_start().starts_with('-'));
        std::iter::once(first)
            .chain(wrapped)
            .flat_map(str::split_whitespace)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(
        offered(&["gaps"]).ends_with("[possible values: text, json]"),
        "{}",
        offered(&["gaps"])
    );
    assert!(
        offered(&["report"]).ends_with("[possible values: markdown, json, html]"),
        "{}",
        offered(&["report"])
    );
    assert!(
        offered(&["dot"]).ends_with("[possible values: dot, svg, png, mermaid]"),
        "{}",
        offered(&["dot"])
    );
    assert!(
        offered(&["export", "csv"]).ends_with("[possible values: text]"),
        "{}",
        offered(&["export", "csv"])
    );
    assert_eq!(offered(&["init"]), "", "init takes no --format");
    // What the help offers is what the command takes: markdown is not among gaps' formats, and
    // asking for it is refused with the formats it writes.
    let refused = ecomap(&["gaps", "--format", "markdown", "maps/riverside"]);
    assert_eq!(refused.code, 2);
    assert_eq!(
        refused.stderr,
        "error: `ecomap gaps` cannot write --format markdown: it writes text, json\n"
    );
}
