//! `-o FILE` writes only a regular file or a new name, never over an input, through a temporary
//! file named `.ecomap-….tmp` beside it that a killed run does not leave behind; its errors name
//! what the user named, never the temporary.
#![cfg(unix)]

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Run, ecomap_os, root, synthetic_map, temp_dir};

const SAMPLE: &str = "examples/sample.yaml";

/// Runs `ecomap show SAMPLE -o OUT` (plus `extra`) from the repository's root.
fn show_to(out: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&OsStr> = vec![OsStr::new("show"), OsStr::new(SAMPLE), OsStr::new("-o")];
    args.push(out.as_os_str());
    args.extend(extra.iter().map(OsStr::new));
    ecomap_os(&root(), &args)
}

/// Names of the entries of `dir` that look like ecomap's temporary files.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("listable")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.starts_with(".ecomap") || n.starts_with(".tmp"))
        .collect()
}

fn mkfifo(path: &Path) {
    let ok = Process::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo {} failed", path.display());
}

#[test]
fn a_named_pipe_a_folder_or_a_device_is_refused() {
    let dir = temp_dir();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let run = show_to(&fifo, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is a named pipe"), "{}", run.stderr);
    assert!(
        std::fs::symlink_metadata(&fifo)
            .expect("still there")
            .file_type()
            .is_fifo(),
        "the pipe was replaced"
    );

    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).expect("made");
    let run = show_to(&folder, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is a folder"), "{}", run.stderr);
    assert!(folder.is_dir());

    // A character device: /dev/null, which only root could replace; a copy of it in the
    // temporary folder when the tests run as root (mknod needs root), so nothing outside is at risk.
    let device = dir.path().join("null");
    let made = Process::new("mknod")
        .arg(&device)
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let device = if made {
        device
    } else {
        Path::new("/dev/null").to_owned()
    };
    let run = show_to(&device, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is a device"), "{}", run.stderr);
    assert!(
        std::fs::symlink_metadata(&device)
            .expect("still there")
            .file_type()
            .is_char_device(),
        "the device was replaced"
    );
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn a_link_is_followed_to_a_regular_file_only() {
    let dir = temp_dir();
    let target = dir.path().join("report.txt");
    std::fs::write(&target, "old").expect("written");
    let link = dir.path().join("link.txt");
    symlink(&target, &link).expect("linked");
    let run = show_to(&link, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The link is still a link, and its target has the output.
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("there")
            .file_type()
            .is_symlink()
    );
    let written = std::fs::read_to_string(&target).expect("read");
    assert!(written.contains("Riverside"), "{written}");

    // A link to a pipe, and a link to nothing, are refused and left as they are.
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let to_pipe = dir.path().join("to-pipe");
    symlink(&fifo, &to_pipe).expect("linked");
    let run = show_to(&to_pipe, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("named pipe"), "{}", run.stderr);
    let dangling = dir.path().join("dangling");
    symlink(dir.path().join("nowhere"), &dangling).expect("linked");
    let run = show_to(&dangling, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("a link to nothing"), "{}", run.stderr);
    assert!(!dir.path().join("nowhere").exists());
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn a_read_only_file_is_replaced_only_with_force() {
    let dir = temp_dir();
    let out = dir.path().join("report.txt");
    std::fs::write(&out, "keep").expect("written");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let run = show_to(&out, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("read-only"), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "keep");
    let run = show_to(&out, &["--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::read_to_string(&out)
            .expect("read")
            .contains("Riverside")
    );
}

#[test]
#[ignore = "needs root (to run ecomap as another user); CI runs it as root"]
fn a_file_this_user_may_not_write_is_replaced_only_with_force() {
    // Root's file, 0644, in a folder anyone may write: another user cannot write the file, though
    // its bits say it is not read-only, and could replace it by renaming. Making the file another
    // user's needs root.
    let root_user = Process::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    assert!(
        root_user,
        "this test needs root: run it as root, as CI does"
    );
    let dir = temp_dir();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).expect("chmod");
    std::fs::copy(root().join(SAMPLE), dir.path().join("map.yaml")).expect("copied");
    let out = dir.path().join("other.txt");
    std::fs::write(&out, "root's").expect("written");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let as_nobody = |extra: &[&str]| {
        Process::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(assert_cmd::cargo::cargo_bin!("ecomap"))
            .args(["show", "map.yaml", "-o", "other.txt"])
            .args(extra)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("setpriv runs")
    };
    let run = as_nobody(&[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write other.txt: you may not write it"),
        "{stderr}"
    );
    assert!(stderr.contains("--force replaces it"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "root's");
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    // With --force, the user's own copy takes its place (the folder lets them).
    let run = as_nobody(&["--force"]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        std::fs::read_to_string(&out)
            .expect("read")
            .contains("Riverside")
    );
}

#[test]
fn an_input_is_never_written_whatever_its_name() {
    let dir = temp_dir();
    // A map whose name is not UTF-8 (the byte 0xFF), given as input and output.
    let name = OsStr::from_bytes(b"m\xff.yaml");
    let map = dir.path().join(name);
    std::fs::copy(root().join(SAMPLE), &map).expect("copied");
    let before = std::fs::read(&map).expect("read");
    let run = ecomap_os(
        dir.path(),
        &[OsStr::new("report"), name, OsStr::new("-o"), name],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("never writes over"), "{}", run.stderr);
    assert_eq!(std::fs::read(&map).expect("read"), before);

    // --benchmarks FILE is read, so it is an input too.
    let bench = dir.path().join("b.yaml");
    std::fs::write(&bench, "ips-clients-per-specialist: 46\n").expect("written");
    let run = ecomap_os(
        &root(),
        &[
            OsStr::new("report"),
            OsStr::new(SAMPLE),
            OsStr::new("--benchmarks"),
            bench.as_os_str(),
            OsStr::new("-o"),
            bench.as_os_str(),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("never writes over"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&bench).expect("read"),
        "ips-clients-per-specialist: 46\n"
    );

    // The same file by another name: a link to the map.
    let link = dir.path().join("link.yaml");
    symlink(&map, &link).expect("linked");
    let run = ecomap_os(
        dir.path(),
        &[
            OsStr::new("show"),
            name,
            OsStr::new("-o"),
            OsStr::new("link.yaml"),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(std::fs::read(&map).expect("read"), before);
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn a_missing_folder_is_named_and_no_temporary_is() {
    let dir = temp_dir();
    let out = dir.path().join("no-such-folder").join("report.md");
    let run = show_to(&out, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let folder = dir.path().join("no-such-folder");
    assert!(
        run.stderr
            .contains(&format!("the folder {} does not exist", folder.display())),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(".ecomap-"), "{}", run.stderr);
}

/// Starts `ecomap validate --format json BIG -o OUT` in `dir`, waits until its temporary file is
/// there, sends `signal`, and returns how the process ended.
fn interrupt(dir: &Path, signal: &str) -> std::process::ExitStatus {
    // 40,000 cohorts: several seconds to read and check, time enough to be interrupted.
    std::fs::write(dir.join("big.yaml"), synthetic_map(1, 40_000)).expect("written");
    let mut child = Process::new(assert_cmd::cargo::cargo_bin!("ecomap"))
        .args(["validate", "--format", "json", "big.yaml", "-o", "out.json"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("ecomap starts");
    let start = Instant::now();
    while leftovers(dir).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no temporary file appeared"
        );
        assert!(
            child.try_wait().expect("waitable").is_none(),
            "ecomap ended before it could be interrupted"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let names = leftovers(dir);
    assert!(
        names
            .iter()
            .all(|n| n.starts_with(".ecomap-") && n.ends_with(".tmp")),
        "{names:?}"
    );
    let sent = Process::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .is_ok_and(|s| s.success());
    assert!(sent, "kill {signal} failed");
    child.wait().expect("ecomap ends")
}

#[test]
fn an_interrupted_run_leaves_no_temporary_file() {
    use std::os::unix::process::ExitStatusExt;
    // SIGHUP is what closing the terminal sends; SIGQUIT is Ctrl-\.
    for (signal, number) in [("-TERM", 15), ("-INT", 2), ("-HUP", 1), ("-QUIT", 3)] {
        let dir = temp_dir();
        let status = interrupt(dir.path(), signal);
        // It ends as the signal ends a program, having removed its temporary file first.
        assert_eq!(status.signal(), Some(number), "{signal}: {status:?}");
        assert_eq!(leftovers(dir.path()), Vec::<String>::new(), "{signal}");
        assert!(!dir.path().join("out.json").exists(), "{signal}");
    }
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // `ecomap report … | head`: the reader closes the pipe after a few bytes. The bundled borough's
    // reports (about 300 KB of JSON) are larger than a pipe holds, so the writer meets the closed
    // pipe while writing; that ends the run quietly and successfully, in JSON (written as it is
    // made) as in Markdown (written whole).
    for format in ["json", "markdown"] {
        let mut child = Process::new(assert_cmd::cargo::cargo_bin!("ecomap"))
            .current_dir(root())
            .env("NO_COLOR", "1")
            .args(["report", "maps/riverside", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        let mut stdout = child.stdout.take().expect("piped");
        let mut first = [0u8; 16];
        std::io::Read::read_exact(&mut stdout, &mut first).expect("some output");
        drop(stdout);
        let out = child.wait_with_output().expect("ends");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Runs `ecomap ARGS` in `dir` against the bundled borough (named by its full path).
fn in_dir(dir: &Path, args: &[&str]) -> Run {
    let map = root().join("maps/riverside");
    let map = map.to_str().expect("a UTF-8 path");
    let args: Vec<&str> = args
        .iter()
        .map(|a| if *a == "MAP" { map } else { a })
        .collect();
    crate::support::ecomap_in(dir, &args)
}

#[test]
fn the_ending_of_the_output_name_chooses_the_format() {
    let dir = temp_dir();
    // Without --format, each name's ending chooses: an HTML page, JSON, a DOT graph, an SVG
    // picture (drawn by the built-in renderer, so no Graphviz is needed), a Mermaid flowchart.
    let cases = [
        (
            &["report", "MAP", "-o", "r.html"][..],
            "r.html",
            "<!DOCTYPE html>",
        ),
        (
            &["report", "MAP", "-o", "R.HTM"][..],
            "R.HTM",
            "<!DOCTYPE html>",
        ),
        (
            &["report", "MAP", "-o", "r.json"][..],
            "r.json",
            "{\n  \"type\": \"report\"",
        ),
        (&["dot", "MAP", "-o", "p.gv"][..], "p.gv", "digraph"),
        (
            &["dot", "MAP", "--renderer", "builtin", "-o", "p.svg"][..],
            "p.svg",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?><svg",
        ),
        (&["dot", "MAP", "-o", "p.mmd"][..], "p.mmd", "---\ntitle:"),
        (
            &["funding", "MAP", "-o", "f.csv"][..],
            "f.csv",
            "origin,payer,service",
        ),
    ];
    for (args, name, starts) in cases {
        let run = in_dir(dir.path(), args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        let written = std::fs::read_to_string(dir.path().join(name)).expect("written");
        assert!(
            written.starts_with(starts),
            "{args:?}: {}",
            &written[..written.len().min(200)]
        );
    }
    // A name without an ending ecomap knows keeps the command's first format, as before.
    let run = in_dir(dir.path(), &["report", "MAP", "-o", "r.out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(dir.path().join("r.out")).expect("written");
    assert!(written.starts_with("# Gap report"), "{written:.80}");
}

#[test]
fn a_name_that_belies_the_format_is_refused_and_nothing_written() {
    let dir = temp_dir();
    let cases = [
        // `report` writes no picture: the message lists the endings it does write.
        (
            &["report", "MAP", "-o", "r.png"][..],
            "r.png",
            "`ecomap report` cannot write r.png: a .png file holds a PNG picture, and it writes markdown, json, html; name the file .md, .json or .html",
        ),
        // No command writes PDF.
        (
            &["dot", "MAP", "-o", "p.pdf"][..],
            "p.pdf",
            "a .pdf file holds a PDF document, which ecomap does not write, and it writes dot, svg, png, mermaid; name the file .dot, .svg, .png or .mmd",
        ),
        // --format and the ending contradict each other: one of them is a mistake.
        (
            &["report", "-f", "markdown", "MAP", "-o", "r.html"][..],
            "r.html",
            "--format markdown and the name r.html disagree: a .html file holds a web page (HTML); change one or the other",
        ),
        (
            &["export", "graphml", "MAP", "-o", "g.json"][..],
            "g.json",
            "`ecomap export graphml` cannot write g.json: a .json file holds JSON, and it writes graphml only; name the file .graphml",
        ),
        (
            &[
                "generate",
                "--services",
                "2",
                "--cohorts",
                "1",
                "-o",
                "g.html",
            ][..],
            "g.html",
            "`ecomap generate` cannot write g.html: a .html file holds a web page (HTML), and it writes YAML maps only; name the file .yaml",
        ),
        (
            &["schema", "-o", "s.md"][..],
            "s.md",
            "`ecomap schema` cannot write s.md: a .md file holds Markdown, and it writes a JSON Schema only; name the file .json",
        ),
    ];
    for (args, name, said) in cases {
        let run = in_dir(dir.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(said), "{args:?}: {}", run.stderr);
        assert!(!dir.path().join(name).exists(), "{args:?}");
        assert_eq!(leftovers(dir.path()), Vec::<String>::new(), "{args:?}");
    }
    // The same format named twice (an alias, another ending of it) agrees.
    let run = in_dir(
        dir.path(),
        &["report", "-f", "md", "MAP", "-o", "r.markdown"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A command of one output takes a name that fits it: the schema is JSON, a page Markdown.
    let run = in_dir(dir.path(), &["schema", "-o", "s.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = in_dir(dir.path(), &["docs", "format", "-o", "format.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_dash_for_the_output_is_standard_output() {
    let dir = temp_dir();
    let run = in_dir(dir.path(), &["show", "MAP", "-o", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Riverside"), "{}", run.stdout);
    assert!(!dir.path().join("-").exists(), "a file named - was written");
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    // A command that writes a folder cannot write it to standard output.
    let run = in_dir(dir.path(), &["export", "kumu", "MAP", "-o", "-"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("-o - is standard output, but this command writes a folder"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("-").exists());
}

/// Runs `ecomap ARGS` through the shell with `redirect` applied (`>&-` closes standard output),
/// from the repository's root: the exit code and standard error.
fn with_redirect(args: &str, redirect: &str) -> (Option<i32>, String) {
    let out = Process::new("sh")
        .arg("-c")
        .arg(format!("exec \"$0\" {args} {redirect}"))
        .arg(assert_cmd::cargo::cargo_bin!("ecomap"))
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_standard_stream_is_an_error_not_silence() {
    // Output to a closed standard output is lost: exit 2, as a full disk is.
    let (code, stderr) = with_redirect("show examples/sample.yaml", ">&-");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write standard output: it is closed"),
        "{stderr}"
    );
    // With -o FILE, standard output is not needed.
    let dir = temp_dir();
    let out = dir.path().join("s.txt");
    let (code, stderr) = with_redirect(
        &format!("show examples/sample.yaml -o {}", out.display()),
        ">&-",
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(out.exists());
    // A closed standard input has no map on it; nor has an empty one. Neither is taken for an
    // empty map (which would be reported as a map with no `area`).
    let (code, stderr) = with_redirect("validate -", "<&-");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot read <stdin>: standard input is closed"),
        "{stderr}"
    );
    assert!(!stderr.contains("no-area"), "{stderr}");
    let (code, stderr) = with_redirect("validate -", "</dev/null");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot read <stdin>: nothing came on standard input"),
        "{stderr}"
    );
}

/// The process ids of the children of `pid` whose command line holds `arg` (from /proc).
fn children_with(pid: u32, arg: &str) -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("children")).ok())
        .flat_map(|c| {
            c.split_whitespace()
                .filter_map(|p| p.parse().ok())
                .collect::<Vec<u32>>()
        })
        .filter(|c| {
            std::fs::read(format!("/proc/{c}/cmdline"))
                .is_ok_and(|line| line.split(|&b| b == 0).any(|a| a == arg.as_bytes()))
        })
        .collect()
}

#[test]
#[ignore = "needs graphviz"]
fn an_interrupted_drawing_leaves_no_graphviz_running() {
    use std::os::unix::process::ExitStatusExt;
    crate::support::need("dot", "-V", "graphviz");
    let dir = temp_dir();
    // 3,000 services: Graphviz takes minutes to lay them out, time enough to interrupt it.
    let run = crate::support::ecomap_in(
        dir.path(),
        &[
            "generate",
            "--services",
            "3000",
            "--cohorts",
            "300",
            "-o",
            "big.yaml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (signal, number) in [("-TERM", 15), ("-HUP", 1), ("-QUIT", 3), ("-INT", 2)] {
        let mut child = Process::new(assert_cmd::cargo::cargo_bin!("ecomap"))
            .args(["-f", "svg", "dot", "big.yaml", "-o", "big.svg"])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("ecomap starts");
        let start = Instant::now();
        let dot = loop {
            // `dot -Tsvg`, drawing (not `dot -V`, asked its version first).
            if let Some(&dot) = children_with(child.id(), "-Tsvg").first() {
                break dot;
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "Graphviz did not start"
            );
            assert!(
                child.try_wait().expect("waitable").is_none(),
                "ecomap ended before it could be interrupted"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let sent = Process::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        assert!(sent, "kill {signal} failed");
        let status = child.wait().expect("ecomap ends");
        assert_eq!(status.signal(), Some(number), "{signal}: {status:?}");
        // Graphviz was killed and waited for: its process is gone, not left running (nor a
        // zombie, which would still have its entry in /proc).
        assert!(
            !Path::new(&format!("/proc/{dot}")).exists(),
            "{signal}: Graphviz ({dot}) still running"
        );
        assert_eq!(leftovers(dir.path()), Vec::<String>::new(), "{signal}");
        assert!(!dir.path().join("big.svg").exists(), "{signal}");
    }
}
