//! The commands that help people write maps and use the tool: `init` writes a starter map that
//! validates as written and never overwrites one; `schema` prints `docs/ecomap.schema.json`, which
//! every bundled map names on its first line; `docs` prints the pages every help text points at;
//! `completions` and `man` are generated from the command definitions; `-` reads a map from
//! standard input, named `<stdin>`.

use std::path::Path;

use ecomap::docs::{SCHEMA_URL, TOPICS};
use ecomap::model::{BUILTIN_STAGES, KNOWN_MODELS};

use crate::support::{
    bundled_maps, ecomap, ecomap_in, ecomap_with_stdin, path, root, temp_dir, write_files,
};

#[test]
fn init_writes_a_starter_map_that_validates_with_no_error_or_warning() {
    let dir = temp_dir();
    let run = ecomap_in(dir.path(), &["init", "my-map"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("ecomap validate my-map"),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(dir.path().join("my-map/map.yaml")).expect("written");
    // Editors find the schema from the first line.
    assert_eq!(
        text.lines().next(),
        Some(format!("# yaml-language-server: $schema={SCHEMA_URL}").as_str())
    );
    // Every built-in stage and every known model is listed in the comments.
    for (stage, _) in BUILTIN_STAGES {
        assert!(text.contains(&format!("#   {stage} ")), "stage {stage}");
    }
    for model in KNOWN_MODELS {
        assert!(text.contains(model), "model {model}");
    }
    // As written, it has no error and no warning, even with --strict (every figure has a source).
    let run = ecomap_in(
        dir.path(),
        &["validate", "my-map", "--strict", "--deny", "warnings"],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "my-map: valid, 0 errors, 0 warnings\n");
    // One of each entity: 1 commissioner, 1 provider, 1 rule, 1 cohort; two services (a gateway
    // where the cohort shows up, and the IPS service it is referred to).
    let summary = ecomap_in(dir.path(), &["show", "my-map", "-f", "json"]).json();
    let counts = &summary["counts"];
    assert_eq!(
        [
            &counts["commissioners"],
            &counts["providers"],
            &counts["rules"],
            &counts["cohorts"],
            &counts["services"]
        ],
        [1, 1, 1, 1, 2]
    );
    // And it is a map to learn from: the report runs on it.
    assert_eq!(ecomap_in(dir.path(), &["report", "my-map"]).code, 0);
}

#[test]
fn init_never_writes_over_a_map() {
    let dir = temp_dir();
    assert_eq!(ecomap_in(dir.path(), &["init", "m"]).code, 0);
    let file = dir.path().join("m/map.yaml");
    std::fs::write(&file, "# mine\n").expect("the test can write");
    let run = ecomap_in(dir.path(), &["init", "m"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("already holds a map (map.yaml)"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&file).expect("still there"),
        "# mine\n"
    );

    // A folder holding any map file is refused, and nothing is added to it.
    std::fs::create_dir(dir.path().join("other")).expect("mkdir");
    write_files(
        &dir.path().join("other"),
        &[("services.yml", "services: {}\n")],
    );
    let run = ecomap_in(dir.path(), &["init", "other"]);
    assert_eq!(run.code, 2);
    assert!(!dir.path().join("other/map.yaml").exists());

    // A file is no folder, nor is a device: each is named for what it is.
    write_files(dir.path(), &[("plain.txt", "x")]);
    let run = ecomap_in(dir.path(), &["init", "plain.txt"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("plain.txt is a file, not a folder: `ecomap init` starts a map in a folder"),
        "{}",
        run.stderr
    );
    let run = ecomap_in(dir.path(), &["init", "/dev/null"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "/dev/null is a device, not a folder: `ecomap init` starts a map in a folder"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn schema_prints_the_schema_in_docs() {
    let run = ecomap(&["schema"]);
    assert_eq!(run.code, 0);
    let file = std::fs::read_to_string(path("docs/ecomap.schema.json")).expect("the schema");
    assert_eq!(run.stdout, file);
}

#[test]
fn every_bundled_map_file_names_the_schema_on_its_first_line() {
    let mut files = Vec::new();
    for map in bundled_maps() {
        let p = path(&map);
        if p.is_dir() {
            let mut inside: Vec<_> = std::fs::read_dir(&p)
                .expect("readable")
                .flatten()
                .map(|e| e.path())
                .filter(|f| f.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(p);
        }
    }
    assert!(files.len() > 20, "{files:?}");
    for f in files {
        let text = std::fs::read_to_string(&f).expect("readable");
        let first = text.lines().next().unwrap_or("");
        let target = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{}: first line is `{first}`", f.display()));
        // The path is relative to the file, and leads to the schema in docs/.
        let dir = f.parent().expect("a file has a folder");
        let resolved = std::fs::canonicalize(dir.join(target))
            .unwrap_or_else(|e| panic!("{}: {target}: {e}", f.display()));
        assert_eq!(
            resolved,
            std::fs::canonicalize(path("docs/ecomap.schema.json")).expect("the schema")
        );
    }
}

#[test]
fn docs_prints_every_page_and_lists_them() {
    let list = ecomap(&["docs"]);
    assert_eq!(list.code, 0);
    for t in TOPICS {
        assert!(
            list.stdout.contains(&format!("  {} ", t.name)),
            "{}",
            t.name
        );
        let page = ecomap(&["docs", t.name]);
        assert_eq!(page.code, 0, "{}", t.name);
        // The page printed is the file in docs/, to the byte.
        let file = std::fs::read_to_string(path(&format!("docs/{}.md", t.name)))
            .unwrap_or_else(|e| panic!("docs/{}.md: {e}", t.name));
        assert_eq!(page.stdout, file, "{}", t.name);
    }
    let run = ecomap(&["docs", "formt"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`format`"), "{}", run.stderr);
}

/// Every `ecomap docs WORD` written in the source, the README or the docs.
fn pages_named(text: &str) -> Vec<String> {
    text.match_indices("ecomap docs ")
        .filter_map(|(i, m)| {
            let word: String = text[i + m.len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                .collect();
            (!word.is_empty()).then_some(word)
        })
        .filter(|w| w != "topic")
        .collect()
}

fn files_under(dir: &Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("readable").flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

#[test]
fn every_page_a_help_names_exists_and_no_help_names_a_path_in_a_clone() {
    let mut files = Vec::new();
    files_under(&root().join("src"), "rs", &mut files);
    files_under(&root().join("src"), "yaml", &mut files);
    files_under(&root().join("docs"), "md", &mut files);
    files.push(root().join("README.md"));
    let mut named = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable");
        for page in pages_named(&text) {
            assert!(
                TOPICS.iter().any(|t| t.name == page),
                "{} names `ecomap docs {page}`, which does not exist",
                f.display()
            );
            named += 1;
        }
        if f.extension().is_some_and(|x| x == "rs") {
            // Outside comments and tests, no text the program prints names a file in docs/.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for line in code.lines() {
                let t = line.trim_start();
                // The schema's published address is no path in a clone.
                if t.starts_with("//") || t.contains("include_str!") || t.contains("://") {
                    continue;
                }
                assert!(!t.contains("docs/"), "{}: `{t}`", f.display());
            }
        }
    }
    assert!(named >= 3, "the helps name pages: {named}");
    // The help of every command, as a user sees it.
    let top = ecomap(&["--help"]).stdout;
    assert!(!top.contains("docs/"), "{top}");
    // Command lines are indented two spaces; wrapped descriptions more.
    let commands: Vec<&str> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(
        commands.contains(&"docs") && commands.contains(&"export"),
        "{commands:?}"
    );
    for command in commands.iter().filter(|c| **c != "help") {
        let run = ecomap(&[command, "--help"]);
        assert_eq!(run.code, 0, "{command}");
        let help = run.stdout;
        assert!(!help.contains("docs/"), "{command}: {help}");
        for page in pages_named(&help) {
            assert!(TOPICS.iter().any(|t| t.name == page), "{command}: {page}");
        }
        // `ecomap help X` is clap's help of the command X: X must be one.
        for (i, m) in help.match_indices("ecomap help ") {
            let word: String = help[i + m.len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                .collect();
            assert!(
                commands.contains(&word.as_str()),
                "{command}: ecomap help {word}"
            );
        }
    }
}

#[test]
fn completions_and_the_manual_page_come_from_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = ecomap(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        // Every command is offered, the new ones included.
        for command in ["report", "export", "graphml", "init", "docs"] {
            assert!(run.stdout.contains(command), "{shell}: {command}");
        }
    }
    let bash = ecomap(&["completions", "bash"]).stdout;
    let check = std::process::Command::new("bash")
        .arg("-n")
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("piped")
                .write_all(bash.as_bytes())?;
            child.wait()
        });
    if let Ok(status) = check {
        assert!(status.success(), "bash -n rejects the bash completions");
    }
    let man = ecomap(&["man"]);
    assert_eq!(man.code, 0);
    assert!(man.stdout.contains(".TH ecomap 1"), "{}", man.stdout);
    assert!(man.stdout.contains(".SH SUBCOMMANDS"));
    assert!(man.stdout.contains("export"));
    assert_eq!(ecomap(&["completions", "tcsh"]).code, 2);
}

#[test]
fn a_dash_reads_the_map_from_standard_input() {
    let dir = temp_dir();
    let map = std::fs::read_to_string(path("examples/sample.yaml")).expect("the example");
    // The same map, read from a file and from standard input, gives the same report, but for the
    // map's name in its provenance.
    let from_file = ecomap(&["report", "examples/sample.yaml"]);
    let from_stdin = ecomap_with_stdin(dir.path(), &["report", "-"], &map);
    assert_eq!(from_stdin.code, 0, "{}", from_stdin.stderr);
    assert_eq!(
        from_stdin
            .stdout
            .replace("- Map: -,", "- Map: examples/sample.yaml,"),
        from_file.stdout
    );
    // Diagnostics name it `<stdin>`, with line and column: `{id: a}` lacks `name`, at line 1
    // column 8 (the `id` key of the entry, as for a file).
    let run = ecomap_with_stdin(dir.path(), &["validate", "-"], "area: {id: a}\n");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("<stdin>:1:8"), "{}", run.stderr);
    assert_eq!(run.stdout, "<stdin>: not valid, 1 error, 0 warnings\n");
    let json = ecomap_with_stdin(
        dir.path(),
        &["validate", "-", "-f", "json"],
        "area: {id: a}\n",
    );
    assert_eq!(json.json()["diagnostics"][0]["file"], "<stdin>");
    // Standard input holds one map: `-` twice is refused, not read as an empty second map.
    let run = ecomap_with_stdin(dir.path(), &["diff", "-", "-"], &map);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read <stdin> twice"),
        "{}",
        run.stderr
    );
    // Text that is not UTF-8 is located as in a file: here a UTF-16 byte-order mark.
    let output = assert_cmd::cargo::cargo_bin_cmd!("ecomap")
        .args(["validate", "-"])
        .write_stdin(vec![0xff, 0xfe, 0x00])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error[not-utf8]: <stdin> is UTF-16 text"),
        "{stderr}"
    );
}

#[test]
fn init_names_a_folder_with_a_space_as_the_shell_reads_it() {
    let dir = temp_dir();
    let run = ecomap_in(dir.path(), &["init", "my area"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Unquoted, `ecomap validate my area` would be two arguments: quoted, it pastes as it reads.
    assert!(
        run.stderr
            .contains("edit it, then run `ecomap validate 'my area'`"),
        "{}",
        run.stderr
    );
    // And the command as told runs, through a shell, on the map just written.
    let told = run
        .stderr
        .split('`')
        .nth(1)
        .expect("a command between backticks")
        .replacen("ecomap", "\"$0\"", 1);
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&told)
        .arg(assert_cmd::cargo::cargo_bin!("ecomap"))
        .current_dir(dir.path())
        .output()
        .expect("sh runs");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "my area: valid, 0 errors, 0 warnings\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
