//! Reading a map: only regular files, within a byte limit per file and over the whole map, with
//! the YAML budgets (aliases counted as what they stand for) over the whole map; a file that is
//! not UTF-8 is its own located diagnostic and the other files are still read; line numbers hold
//! for any line ending; every parser message is in ecomap's words, with a quoted line cut to a
//! readable width; control characters from the map reach the terminal only made visible.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Run, ecomap_in, synthetic_map, temp_dir, write_files};

/// `ecomap validate --format json ARGS` in `dir`: its one diagnostic's (code, file, line,
/// column, message), and the run.
fn only_diagnostic(dir: &Path, args: &[&str]) -> ((String, String, u64, u64, String), Run) {
    let mut all = vec!["validate", "--format", "json"];
    all.extend(args);
    let run = ecomap_in(dir, &all);
    let doc = run.json();
    let diagnostics = doc["diagnostics"].as_array().cloned().unwrap_or_default();
    assert_eq!(diagnostics.len(), 1, "{doc:#}");
    let d = &diagnostics[0];
    (
        (
            d["code"].as_str().unwrap_or("").to_owned(),
            d["file"].as_str().unwrap_or("").to_owned(),
            d["line"].as_u64().unwrap_or(0),
            d["column"].as_u64().unwrap_or(0),
            d["message"].as_str().unwrap_or("").to_owned(),
        ),
        run,
    )
}

/// The codes and places of every diagnostic of `validate --format json ARGS` in `dir`.
fn diagnostics(dir: &Path, args: &[&str]) -> Vec<(String, String, u64, u64)> {
    let mut all = vec!["validate", "--format", "json"];
    all.extend(args);
    let doc = ecomap_in(dir, &all).json();
    doc["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                d["file"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

const AREA: &str = "area: { id: t, name: T }\n";

#[cfg(unix)]
#[test]
fn a_file_of_only_document_markers_is_an_empty_file() {
    // `---` alone starts an empty document: in a folder map it adds nothing, as an empty file
    // or one of only comments adds nothing, and the map is valid (before, it was read as a key
    // `---` with no value, and the help said to write `---: …`).
    let dir = temp_dir();
    std::fs::create_dir(dir.path().join("map")).expect("a folder");
    write_files(
        dir.path(),
        &[
            (
                "map/area.yaml",
                "area: { id: t, name: T }\nservices:\n  s: { name: S, stages: [job-search], referral: { self: true } }\ncohorts:\n  c: { name: C, size: 10, needs: [job-search], enters_via: [s] }\n",
            ),
            ("map/zz-notes.yaml", "---\n# notes to come\n...\n"),
        ],
    );
    let run = ecomap_in(dir.path(), &["validate", "map"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("`---`"), "{}", run.stderr);
}

#[test]
fn a_named_pipe_or_a_device_is_not_a_map() {
    let dir = temp_dir();
    let fifo = dir.path().join("map.yaml");
    let made = Process::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    assert!(made, "mkfifo");
    // Reading a pipe nobody writes to would wait forever: the run must end by itself.
    let mut child = Process::new(assert_cmd::cargo::cargo_bin!("ecomap"))
        .args(["validate", "map.yaml"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("waitable") {
            break s;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("ecomap waited on the named pipe");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("piped"), &mut stderr)
        .expect("read");
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("map.yaml is a named pipe"), "{stderr}");

    // /dev/zero would be read for ever.
    let run = ecomap_in(dir.path(), &["validate", "/dev/zero"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("/dev/zero is a device"),
        "{}",
        run.stderr
    );

    // A folder given as the benchmark overrides is not called a map, nor said to be allowed.
    std::fs::create_dir(dir.path().join("overrides")).expect("a folder");
    write_files(dir.path(), &[("m.yaml", AREA)]);
    let run = ecomap_in(
        dir.path(),
        &["report", "m.yaml", "--benchmarks", "overrides"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("overrides is a folder: `--benchmarks` takes one YAML file of overrides"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_a_folder_is_its_own_diagnostic() {
    let dir = temp_dir();
    write_files(dir.path(), &[("a.yaml", AREA)]);
    let made = Process::new("mkfifo")
        .arg(dir.path().join("b.yaml"))
        .status()
        .is_ok_and(|s| s.success());
    assert!(made, "mkfifo");
    let ((code, file, line, column, message), _) = only_diagnostic(dir.path(), &["."]);
    assert_eq!(
        (code.as_str(), file.as_str(), line, column),
        ("unreadable-file", "./b.yaml", 1, 1)
    );
    assert!(message.contains("named pipe"), "{message}");
}

#[test]
fn a_folder_named_as_a_map_file_is_reported_not_skipped() {
    // `more.yml/` holds a services file: left out without a word, the map would lose its
    // services unseen. A folder not named as a map file (`notes/`) is no part of the map, and
    // says nothing.
    let dir = temp_dir();
    write_files(dir.path(), &[("a.yaml", AREA)]);
    for folder in ["more.yml", "notes"] {
        std::fs::create_dir(dir.path().join(folder)).expect("a folder");
        write_files(
            &dir.path().join(folder),
            &[("s.yaml", "services: { s: { name: S } }\n")],
        );
    }
    let ((code, file, line, column, message), run) = only_diagnostic(dir.path(), &["."]);
    assert_eq!(
        (code.as_str(), file.as_str(), line, column),
        ("unreadable-file", "./more.yml", 1, 1)
    );
    assert_eq!(
        message,
        "./more.yml is a folder, named as a map file: the files in it are not read"
    );
    assert_eq!(run.code, 1);
    let help = run.json()["diagnostics"][0]["help"].clone();
    assert!(
        help.as_str()
            .is_some_and(|h| h.contains("move the files you mean to be part of the map up")),
        "{help}"
    );
}

#[test]
fn no_message_about_a_file_is_the_systems_bare_error() {
    // A folder where a file is expected, a file where a folder is, a name that is not there:
    // each message names the path, says what is wrong in words and what to do, and never
    // passes on the system's `Is a directory (os error 21)`.
    let dir = temp_dir();
    write_files(dir.path(), &[("map.yaml", "area: { id: t, name: T }\n")]);
    std::fs::create_dir(dir.path().join("folder")).expect("a folder");
    let cases: [(&[&str], &str); 6] = [
        (
            &["import", "360giving", "folder", "--into", "map.yaml"],
            "error: cannot read folder: it is a folder, not a file: name a file\n",
        ),
        (
            &[
                "import",
                "ocds",
                "g.json",
                "--into",
                "map.yaml",
                "--mapping",
                "folder",
            ],
            "error: cannot read the mapping folder: it is a folder, not a file: name a file\n",
        ),
        (
            &[
                "import",
                "openreferral",
                "d.json",
                "-o",
                "out",
                "--mapping",
                "folder",
            ],
            "error: cannot read the mapping folder: it is a folder, not a file: name a file\n",
        ),
        (
            &["import", "openreferral", "d.json", "-o", "out"],
            "error: cannot read d.json: there is no such file or folder: check the path\n",
        ),
        (
            &["import", "csv", "map.yaml", "-o", "out"],
            "error: cannot read map.yaml: it is a file: `ecomap import csv` reads a folder of spreadsheet tables (area.csv, services.csv, …); name the folder that holds them (`ecomap docs spreadsheets`)\n",
        ),
        // The tables' folder would be made inside map.yaml, which is a file.
        (
            &["export", "csv", "map.yaml", "-o", "map.yaml/tables"],
            "error: cannot write map.yaml/tables: a part of the path is a file where a folder was expected: check the path, or name another folder\n",
        ),
    ];
    for (args, expected) in cases {
        let run = ecomap_in(dir.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr, expected, "{args:?}");
    }
    // A file the system cannot read (EIO): its words without their number.
    #[cfg(target_os = "linux")]
    {
        let run = ecomap_in(
            dir.path(),
            &["import", "openreferral", "/proc/self/mem", "-o", "out"],
        );
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr
                .starts_with("error: cannot read /proc/self/mem: input/output error: ")
                && run
                    .stderr
                    .contains("check that it is an ordinary file you may read")
                && !run.stderr.contains("os error"),
            "{}",
            run.stderr
        );
        // As a `--benchmarks` file: the help speaks of `--benchmarks`, not of a map's folder.
        let run = ecomap_in(
            dir.path(),
            &["capacity", "--benchmarks", "/proc/self/mem", "map.yaml"],
        );
        assert!(
            run.stderr.contains(
                "error[unreadable-file]: /proc/self/mem cannot be read: input/output error"
            ) && run
                .stderr
                .contains("`--benchmarks` takes one YAML file of overrides")
                && !run.stderr.contains("os error")
                && !run.stderr.contains("map's folder"),
            "{}",
            run.stderr
        );
    }
    assert!(!dir.path().join("out").exists());
}

#[test]
fn files_and_maps_larger_than_the_limits_are_refused() {
    let dir = temp_dir();
    // 2,000 bytes: a comment line of 1,975 and the area line of 25.
    let big = format!("#{}\n{AREA}", "x".repeat(1973));
    assert_eq!(big.len(), 2000);
    write_files(dir.path(), &[("big.yaml", &big)]);
    let ((code, file, line, column, message), run) =
        only_diagnostic(dir.path(), &["--max-file-size", "1000", "big.yaml"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        (code.as_str(), file.as_str(), line, column),
        ("input-too-large", "big.yaml", 1, 1)
    );
    assert!(message.contains("more than the 1,000 bytes"), "{message}");
    // Within the default limits it reads.
    assert_eq!(diagnostics(dir.path(), &["big.yaml"]), vec![]);

    // Three files of 400 bytes: the third takes the map over 1,000 bytes.
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).expect("made");
    let part = |n: usize| format!("#{}\n", "y".repeat(398 - n));
    write_files(
        &folder,
        &[
            ("a.yaml", &format!("{}{AREA}", part(AREA.len()))),
            ("b.yaml", &part(0)),
            ("c.yaml", &part(0)),
        ],
    );
    let ((code, file, ..), _) = only_diagnostic(&folder, &["--max-map-size", "1000", "."]);
    assert_eq!(
        (code.as_str(), file.as_str()),
        ("input-too-large", "./c.yaml")
    );
}

/// A file of five rules, each `any` of ten of the one before through an alias: a few hundred
/// bytes that stand for about 6.8 MB of YAML written out.
fn alias_heavy(id: usize) -> String {
    // a: `any` of 10 conditions `{ x: <60 letters> }`: 3 + 10 × (1 + 60) = 613 bytes of values;
    // b to e: `any` of 10 of the one before: 6,133, 61,333, 613,333 and 6,133,333 bytes.
    let word = "w".repeat(60);
    let mut y = String::from("rules:\n");
    let _ = writeln!(
        y,
        "  a{id}: &a{id} {{ any: [{}] }}",
        vec![format!("{{ x: {word} }}"); 10].join(", ")
    );
    let mut previous = format!("a{id}");
    for level in ["b", "c", "d", "e"] {
        let name = format!("{level}{id}");
        let refs = vec![format!("*{previous}"); 10].join(", ");
        let _ = writeln!(y, "  {name}: &{name} {{ any: [{refs}] }}");
        previous = name;
    }
    y
}

#[test]
fn the_yaml_budget_is_for_the_whole_map() {
    // Each file stands for 613 + 6,133 + 61,333 + 613,333 + 6,133,333 = 6,814,745 bytes of
    // values written out (and its keys), under the 33,554,432 (32 MiB) a map may hold. Four
    // such files are 27.3 MB, five would be 34.1 MB: the fifth, f4.yaml, is where the budget of
    // the whole map runs out.
    let dir = temp_dir();
    let mut files: Vec<(String, String)> = vec![("a.yaml".into(), AREA.into())];
    for i in 0..10 {
        files.push((format!("f{i}.yaml"), alias_heavy(i)));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    write_files(dir.path(), &refs);
    let ((code, file, _, _, message), _) = only_diagnostic(dir.path(), &["."]);
    assert_eq!(code, "yaml-limit", "{message}");
    assert!(message.contains("the whole map"), "{message}");
    assert_eq!(file, "./f4.yaml");
    // One such file alone is read: its rules are unused, and the last, e0, is too large a rule
    // (written out it is `any` of 10 of d0, each of 10 of c0, … : 10^5 = 100,000 attribute terms,
    // over the 10,000 a rule may stand for; d0 stands for 10,000, within it).
    let one = temp_dir();
    write_files(one.path(), &[("a.yaml", AREA), ("f.yaml", &alias_heavy(0))]);
    let codes: Vec<String> = diagnostics(one.path(), &["."])
        .into_iter()
        .map(|d| d.0)
        .collect();
    let mut expected = vec!["unused-rule"; 5];
    expected.insert(4, "rule-too-large");
    assert_eq!(codes, expected);
}

#[test]
fn a_file_that_is_not_utf8_is_located_and_the_others_still_read() {
    let dir = temp_dir();
    // b.yaml: line 3 `    name: Caf` then the Latin-1 byte for é (0xE9) at column 14.
    let mut b = b"cohorts:\n  c:\n    name: Caf".to_vec();
    b.push(0xE9);
    b.extend_from_slice(b"\n    size: 1\n");
    std::fs::write(dir.path().join("b.yaml"), &b).expect("written");
    // c.yaml: its own mistake, an unclosed bracket.
    write_files(dir.path(), &[("a.yaml", AREA), ("c.yaml", "stages: {\n")]);
    let found = diagnostics(dir.path(), &["."]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0], ("not-utf8".into(), "./b.yaml".into(), 3, 14));
    assert_eq!(found[1].0, "yaml-syntax");
    assert_eq!(found[1].1, "./c.yaml");

    // UTF-16, as some editors save: said so, at the start.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(AREA.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let one = temp_dir();
    std::fs::write(one.path().join("map.yaml"), utf16).expect("written");
    let ((code, _, line, column, message), _) = only_diagnostic(one.path(), &["map.yaml"]);
    assert_eq!((code.as_str(), line, column), ("not-utf8", 1, 1));
    assert!(message.contains("UTF-16"), "{message}");
}

#[test]
fn line_numbers_hold_for_every_line_ending() {
    // The same map, its error on line 3 column 22 (`many`), with \n, \r\n and lone \r endings.
    let lines = [AREA.trim_end(), "cohorts:", "  c: {name: C, size: many}"];
    for ending in ["\n", "\r\n", "\r"] {
        let dir = temp_dir();
        let text = lines.join(ending) + ending;
        write_files(dir.path(), &[("map.yaml", &text)]);
        let ((code, _, line, column, _), _) = only_diagnostic(dir.path(), &["map.yaml"]);
        assert_eq!(
            (code.as_str(), line, column),
            ("wrong-type", 3, 22),
            "{ending:?}"
        );
        let run = ecomap_in(dir.path(), &["validate", "map.yaml"]);
        assert!(
            run.stderr.contains("┌─ map.yaml:3:22"),
            "{ending:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("3 │   c: {name: C, size: many}\n"),
            "{ending:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn two_documents_in_one_file_are_said_in_ecomaps_words() {
    let dir = temp_dir();
    write_files(
        dir.path(),
        &[("map.yaml", &format!("{AREA}---\nservices: {{}}\n"))],
    );
    let ((code, _, line, column, message), run) = only_diagnostic(dir.path(), &["map.yaml"]);
    assert_eq!((code.as_str(), line, column), ("multiple-documents", 2, 1));
    assert!(!message.contains("from_str"), "{message}");
    let text = ecomap_in(dir.path(), &["validate", "map.yaml"]);
    assert!(!text.stderr.contains("from_str"), "{}", text.stderr);
    assert_eq!(run.code, 1);
}

#[test]
fn a_huge_value_is_refused_and_its_line_is_cut_to_a_readable_width() {
    // A name of 200,000 letters on line 2.
    let dir = temp_dir();
    let text = format!(
        "{AREA}cohorts: {{ c: {{ name: {}, size: 1 }} }}\n",
        "n".repeat(200_000)
    );
    write_files(dir.path(), &[("map.yaml", &text)]);
    let ((code, _, line, _, message), _) = only_diagnostic(dir.path(), &["map.yaml"]);
    assert_eq!((code.as_str(), line), ("yaml-limit", 2));
    assert!(message.contains("200,000"), "{message}");
    let run = ecomap_in(dir.path(), &["validate", "map.yaml"]);
    assert!(
        !run.stderr.contains("Scalar"),
        "internal text: {}",
        run.stderr
    );
    let longest = run
        .stderr
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    assert!(
        longest <= 200,
        "a line of {longest} characters:\n{}",
        &run.stderr[..2000]
    );
    assert!(run.stderr.contains('…'), "{}", run.stderr);

    // A mistake far along a long line: the quoted line is cut around it.
    let dir = temp_dir();
    let text = format!(
        "{AREA}cohorts: {{ c: {{ name: {}, size: many }} }}\n",
        "n".repeat(5_000)
    );
    write_files(dir.path(), &[("map.yaml", &text)]);
    let run = ecomap_in(dir.path(), &["validate", "map.yaml"]);
    let longest = run
        .stderr
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    assert!(longest <= 200, "a line of {longest} characters");
    assert!(run.stderr.contains("size: many"), "{}", run.stderr);
    // The place is still given in the file's own columns: `many` starts at column 5,031
    // (`cohorts: { c: { name: ` is 22 characters, then 5,000 n, then `, size: `).
    assert!(run.stderr.contains("map.yaml:2:5031"), "{}", run.stderr);
}

#[test]
fn a_key_given_no_value_is_named_not_taken_for_broken_yaml() {
    // The YAML is well formed; the key's value is missing. Positions counted by hand: the parser
    // points at the colon when nothing follows it, else at the value standing for nothing.
    for (text, line, column, key) in [
        // `  name:`: the colon is the 7th character of line 3.
        ("area:\n  id: t\n  name:\n", 3, 7, "name"),
        // `  name: ~`: the `~` is the 9th.
        ("area:\n  id: t\n  name: ~\n", 3, 9, "name"),
        // `area: { id: t, name: }`: `area: { id: t, ` is 15 characters, `name` 4 more, so the
        // colon after it is the 20th.
        ("area: { id: t, name: }\n", 1, 20, "name"),
        // `    size: null` under a cohort, line 4: `null` is the 11th.
        (
            "area: { id: t, name: T }\ncohorts:\n  c:\n    size: null\n",
            4,
            11,
            "size",
        ),
    ] {
        let dir = temp_dir();
        write_files(dir.path(), &[("map.yaml", text)]);
        let ((code, _, l, c, message), _) = only_diagnostic(dir.path(), &["map.yaml"]);
        assert_eq!(
            (code.as_str(), l, c, message.as_str()),
            (
                "wrong-type",
                line,
                column,
                format!("`{key}` has no value").as_str()
            ),
            "{text:?}"
        );
    }
}

#[test]
fn parser_messages_are_ecomaps_own() {
    // A tab used to indent, and a bracket never closed.
    for (text, words) in [
        ("area:\n\tid: t\n", "tab"),
        ("area: { id: t, name: T\n", "bracket"),
        ("area: { id: \"t, name: T }\n", "quote"),
    ] {
        let dir = temp_dir();
        write_files(dir.path(), &[("map.yaml", text)]);
        let ((code, _, _, _, message), _) = only_diagnostic(dir.path(), &["map.yaml"]);
        assert_eq!(code, "yaml-syntax", "{text:?}");
        assert!(message.contains(words), "{text:?}: {message}");
    }
}

#[test]
fn control_characters_from_the_map_are_made_visible() {
    // An escape sequence that would retitle the terminal, and one that turns text red, in an id
    // that is not on the map (so the diagnostic quotes it) and in a cohort's name (so `show`
    // prints it).
    let dir = temp_dir();
    let text = format!(
        "{AREA}providers: {{ p: {{ name: P }} }}\nservices:\n  s: {{ name: S, provider: \"\\e]0;pwned\\a\" }}\ncohorts:\n  c: {{ name: \"\\e[31mred\", size: 1 }}\n"
    );
    write_files(dir.path(), &[("map.yaml", &text)]);
    let run = ecomap_in(dir.path(), &["validate", "map.yaml"]);
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert!(!run.stderr.contains('\u{7}'), "{:?}", run.stderr);
    assert!(
        run.stderr.contains("\\u{1b}]0;pwned\\u{7}"),
        "{}",
        run.stderr
    );

    // The name also holds U+009B, a control character JSON leaves as it is.
    let fixed = text
        .replace("\\e]0;pwned\\a", "p")
        .replace("red\"", "red\\u009b\"");
    write_files(dir.path(), &[("map.yaml", &fixed)]);
    let show = ecomap_in(dir.path(), &["show", "map.yaml"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(!show.stdout.contains('\u{1b}'), "{:?}", show.stdout);
    assert!(
        show.stdout.contains("\\u{1b}[31mred\\u{9b}"),
        "{}",
        show.stdout
    );
    // In JSON, as JSON escapes: the same document, nothing raw.
    let json = ecomap_in(dir.path(), &["show", "--format", "json", "map.yaml"]);
    assert!(!json.stdout.contains('\u{9b}'), "{:?}", json.stdout);
    assert!(
        json.stdout.contains("\\u001b[31mred\\u009b"),
        "{}",
        json.stdout
    );
    assert_eq!(json.json()["cohorts"][0]["name"], "\u{1b}[31mred\u{9b}");
}

#[test]
fn a_big_honest_map_reads_within_the_default_limits() {
    // 15,000 services and 1,000 cohorts, as the performance work (issue 12) generates: about
    // 2.7 MB here; read and parsed under the default limits without a diagnostic.
    let dir = temp_dir();
    write_files(dir.path(), &[("big.yaml", &synthetic_map(15_000, 1_000))]);
    let sources = ecomap::load::read(&dir.path().join("big.yaml")).expect("readable");
    let (files, diagnostics) = ecomap::load::parse(&sources);
    assert!(diagnostics.0.is_empty(), "{diagnostics:?}");
    assert_eq!(files[0].1.services.len(), 15_000);
}

#[test]
fn a_file_that_cannot_be_read_does_not_hide_the_other_files_own_mistakes() {
    // c.yaml never closes its quote (line 3, column 11); b.yaml has a negative number of places
    // (line 6: `    capacity: { people_per_year: -5 }`, the `-5` after 4 spaces, `capacity: { ` and
    // `people_per_year: `, at column 34) and names a provider and a funder no file read defines.
    // The negative number is b.yaml's own mistake, reported now rather than after c.yaml is
    // mended; the references are held back, since c.yaml might define them, and c.yaml's
    // diagnostic says that checks across files wait for it.
    let dir = temp_dir();
    write_files(
        dir.path(),
        &[
            ("a.yaml", AREA),
            (
                "b.yaml",
                "services:\n  s:\n    name: S\n    provider: nobody\n    funding: [{ from: nobody-else, amount: 1 }]\n    capacity: { people_per_year: -5 }\n",
            ),
            ("c.yaml", "cohorts:\n  c:\n    name: \"C\n"),
        ],
    );
    assert_eq!(
        diagnostics(dir.path(), &["."]),
        vec![
            ("negative-value".to_owned(), "./b.yaml".to_owned(), 6, 34),
            ("yaml-syntax".to_owned(), "./c.yaml".to_owned(), 3, 11),
        ]
    );
    let doc = ecomap_in(dir.path(), &["validate", "--format", "json", "."]).json();
    let help = doc["diagnostics"][1]["help"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert!(
        help.contains(
            "Until this file can be read, its own checks and those across the map (ids, rules, funding) wait"
        ),
        "{help}"
    );
    // The same for a file that is a link to nothing.
    std::fs::remove_file(dir.path().join("c.yaml")).expect("removable");
    #[cfg(unix)]
    std::os::unix::fs::symlink("gone.yaml", dir.path().join("c.yaml")).expect("a link");
    #[cfg(unix)]
    assert_eq!(
        diagnostics(dir.path(), &["."]),
        vec![
            ("negative-value".to_owned(), "./b.yaml".to_owned(), 6, 34),
            ("unreadable-file".to_owned(), "./c.yaml".to_owned(), 1, 1),
        ]
    );
    // Once every file reads, the references are checked: two unknown ids.
    write_files(dir.path(), &[("c.yaml", "")]);
    let codes: Vec<String> = diagnostics(dir.path(), &["."])
        .into_iter()
        .map(|d| d.0)
        .filter(|c| c == "unknown-reference")
        .collect();
    assert_eq!(codes.len(), 2);
}

#[test]
fn a_key_glued_to_its_value_or_a_value_taken_for_a_comment_is_named() {
    // `  p: { name: P }` then `    sector:nhs` on line 4: YAML reads `sector:nhs` as one word.
    // The line's content starts at column 5.
    let dir = temp_dir();
    let text = format!("{AREA}providers:\n  p:\n    sector:nhs\n    name: P\n");
    write_files(dir.path(), &[("map.yaml", &text)]);
    let ((code, _, line, column, message), run) = only_diagnostic(dir.path(), &["map.yaml"]);
    assert_eq!((code.as_str(), line, column), ("yaml-syntax", 4, 5));
    assert!(
        message.contains("`sector:nhs` has no space after its colon"),
        "{message}"
    );
    assert!(
        run.json()["diagnostics"][0]["help"]
            .as_str()
            .is_some_and(|h| h.contains("add a space after the colon: `sector: nhs`"))
    );
    // `    name: #1 Trust` on line 4: the `#` starts a comment, so `name` has no value; the
    // parser points at the colon, column 9.
    let dir = temp_dir();
    let text = format!("{AREA}providers:\n  p:\n    name: #1 Trust\n");
    write_files(dir.path(), &[("map.yaml", &text)]);
    let ((code, _, line, column, message), run) = only_diagnostic(dir.path(), &["map.yaml"]);
    assert_eq!((code.as_str(), line, column), ("wrong-type", 4, 9));
    assert_eq!(
        message,
        "`name` has no value: the `#` after it starts a comment"
    );
    assert!(
        run.json()["diagnostics"][0]["help"]
            .as_str()
            .is_some_and(|h| h.contains("as `name: \"#1 Trust\"`"))
    );
}

#[test]
fn a_key_indented_less_than_its_entry_is_named_where_it_is() {
    // Line 5 `  size: 10` under `  c:` (line 3), whose `name` (line 4) is indented 4: `size` is
    // read as a cohort of its own, and `c` has none. The error points at `size` (line 5, column 3)
    // and says to indent it by 4, as `name` is.
    let dir = temp_dir();
    let text = format!("{AREA}cohorts:\n  c:\n    name: C\n  size: 10\n");
    write_files(dir.path(), &[("map.yaml", &text)]);
    let ((code, _, line, column, message), run) = only_diagnostic(dir.path(), &["map.yaml"]);
    assert_eq!((code.as_str(), line, column), ("missing-key", 5, 3));
    assert_eq!(
        message,
        "`size` is indented less than the entry `c` it belongs to"
    );
    assert!(
        run.json()["diagnostics"][0]["help"]
            .as_str()
            .is_some_and(|h| h.starts_with("indent `size:` by 4 spaces"))
    );
}

#[test]
fn a_key_moved_out_to_the_ids_is_named_with_the_entry_it_belongs_to() {
    // Line 5 `  stages: [job-search]` is at the ids' indentation under `services:`, below `  s:`
    // (line 3), whose key `name` (line 4) is indented 4: read as a service `stages` whose value
    // is a list, not a mapping. The error points at `stages` (column 3) and names `s`.
    let dir = temp_dir();
    let text = format!("{AREA}services:\n  s:\n    name: S\n  stages: [job-search]\n");
    write_files(dir.path(), &[("map.yaml", &text)]);
    let ((code, _, line, column, message), run) = only_diagnostic(dir.path(), &["map.yaml"]);
    assert_eq!((code.as_str(), line, column), ("wrong-type", 5, 3));
    assert_eq!(
        message,
        "`stages` is indented as an entry of its own, not as a key of `s` above it"
    );
    assert!(
        run.json()["diagnostics"][0]["help"]
            .as_str()
            .is_some_and(|h| h.starts_with("if `stages` belongs to `s`, indent it by 4 spaces"))
    );
}
