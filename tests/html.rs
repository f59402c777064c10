//! The HTML report: one self-contained page. Opened in headless Chromium it loads with no console
//! message and no network request, its diagrams and tables are in the DOM, and names that look
//! like markup show as text and run nothing. Checks that need no browser run everywhere.
#![allow(clippy::disallowed_macros)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use support::{have, load, root};
use wait_timeout::ChildExt;

fn report(map: &Path) -> String {
    let out = Command::cargo_bin("ecomap")
        .expect("the ecomap binary is built")
        .arg("html")
        .arg(map)
        .output()
        .expect("ecomap runs");
    assert!(
        out.status.success(),
        "ecomap html {}: {}",
        map.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("HTML is UTF-8")
}

/// What Chromium made of a page.
struct Opened {
    dom: String,
    /// Lines of Chromium's log that carry the page's console messages.
    console: Vec<String>,
    /// URLs the page itself asked for over the network.
    requests: Vec<String>,
}

const CHROMIUM: &str = "chromium";

/// Opens `page` in headless Chromium with a fresh profile, as the issue asks, and returns its DOM
/// after loading, the page's console messages, and the network requests the page made (read from
/// Chromium's net log: requests whose network isolation key is the page's `file://` origin; the
/// browser's own background requests have other keys).
fn open(page: &Path) -> Opened {
    let profile = tempfile::tempdir().expect("a temporary folder");
    let netlog = profile.path().join("netlog.json");
    let mut child = Process::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
        ])
        .arg(format!(
            "--user-data-dir={}",
            profile.path().join("profile").display()
        ))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut s);
        s
    });
    let status = child
        .wait_timeout(Duration::from_secs(120))
        .expect("chromium can be waited for");
    let Some(status) = status else {
        let _ = child.kill();
        let _ = child.wait();
        panic!(
            "chromium took more than two minutes to load {}",
            page.display()
        );
    };
    assert!(status.success(), "chromium failed: {status}");
    let dom = out.join().expect("the reader ends");
    let log = err.join().expect("the reader ends");
    let console = log
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_owned)
        .collect();
    let net: Value = serde_json::from_str(
        &std::fs::read_to_string(&netlog).expect("chromium wrote its net log"),
    )
    .expect("the net log is JSON");
    let mut requests = Vec::new();
    for e in net["events"].as_array().expect("net log events") {
        let p = &e["params"];
        let from_page = p["network_isolation_key"]
            .as_str()
            .is_some_and(|k| k.contains("file://"));
        if let (true, Some(url)) = (from_page, p["url"].as_str())
            && !requests.iter().any(|r| r == url)
        {
            requests.push(url.to_owned());
        }
    }
    Opened {
        dom,
        console,
        requests,
    }
}

fn write_page(dir: &Path, name: &str, html: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, html).expect("the page is written");
    path
}

#[test]
fn the_page_needs_nothing_from_outside() {
    let html = report(&root().join("maps/riverside"));
    // A content policy that allows no script and no request, and nothing that would fetch.
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
    ));
    for bad in [
        "<script",
        "<link",
        "@import",
        "<iframe",
        "<img",
        "src=\"http",
        "url(http",
    ] {
        assert!(!html.contains(bad), "the page contains {bad}");
    }
    // Every link stays in the page.
    for (i, _) in html.match_indices("href=\"") {
        let target = &html[i + 6..];
        assert!(
            target.starts_with('#'),
            "a link leaves the page: {}",
            &target[..40.min(target.len())]
        );
    }
    // Print styles, and the sections in the contents.
    assert!(html.contains("@media print"));
    for id in [
        "summary", "diagrams", "routes", "overlaps", "coverage", "funding",
    ] {
        assert!(
            html.contains(&format!("<li><a href=\"#{id}\">")),
            "{id} not in contents"
        );
        assert!(
            html.contains(&format!("<section id=\"{id}\">")),
            "{id} has no section"
        );
    }
}

#[test]
fn the_report_is_byte_identical_run_to_run() {
    let map = root().join("maps/riverside");
    assert!(
        report(&map) == report(&map),
        "the report changed between runs"
    );
}

#[test]
fn the_browser_check_sees_requests_and_console_messages() {
    // The harness itself: a page that asks the network for an image and logs an error is caught.
    if !have(CHROMIUM, "--version", "chromium") {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let page = write_page(
        dir.path(),
        "leaky.html",
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title></head><body>\
         <img src=\"http://127.0.0.1:9/x.png\"><script>console.error(\"boom\")</script></body></html>",
    );
    let opened = open(&page);
    assert_eq!(opened.requests, vec!["http://127.0.0.1:9/x.png".to_owned()]);
    assert!(
        opened.console.iter().any(|l| l.contains("boom")),
        "{:?}",
        opened.console
    );
}

#[test]
fn riverside_report_loads_clean_with_its_diagrams_and_tables() {
    if !have(CHROMIUM, "--version", "chromium") {
        return;
    }
    let map = root().join("maps/riverside");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let page = write_page(dir.path(), "report.html", &report(&map));
    let opened = open(&page);
    assert_eq!(opened.console, Vec::<String>::new(), "console messages");
    assert_eq!(opened.requests, Vec::<String>::new(), "network requests");
    let dom = &opened.dom;
    // Three whole-map diagrams and one routes diagram for each of the 8 cohorts, each an SVG with
    // a legend.
    assert_eq!(dom.matches("<svg").count(), 3 + 8, "diagrams in the DOM");
    assert_eq!(dom.matches(">Legend</text>").count(), 11);
    // Tables: commissioners, services, cohorts; one routes table per cohort; overlaps; coverage;
    // three groups of funding flows (commissioner to commissioner, to services, to cohorts).
    assert_eq!(
        dom.matches("<table").count(),
        3 + 8 + 1 + 1 + 3,
        "tables in the DOM"
    );
    let eco = load(&map);
    for s in eco.map.services.values() {
        assert!(dom.contains(&s.name), "{} is not in the page", s.name);
    }
    // The coverage table marks smi-secondary's in-work as short: 200 of 252 (IPS's places).
    assert!(dom.contains("! 200 of 252"), "coverage");
}

#[test]
fn names_that_look_like_markup_show_as_text_and_run_nothing() {
    let map = root().join("examples/awkward-names.yaml");
    let html = report(&map);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("<img"));
    if !have(CHROMIUM, "--version", "chromium") {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let page = write_page(dir.path(), "awkward.html", &html);
    let opened = open(&page);
    assert_eq!(opened.console, Vec::<String>::new(), "console messages");
    assert_eq!(opened.requests, Vec::<String>::new(), "network requests");
    let dom = &opened.dom;
    // The browser made no script or image element of them: they are text, shown as written.
    assert!(!dom.contains("<script"), "a script element");
    assert!(!dom.contains("<img"), "an image element");
    assert!(!dom.contains("onerror=\""), "an event attribute");
    assert!(
        dom.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"),
        "the name as text"
    );
    assert!(
        dom.contains("<td>&lt;img src=x onerror=alert(1)&gt;</td>"),
        "the name as text"
    );
    assert!(
        dom.contains("People \"in\" &lt;need&gt; \\ Łódź"),
        "quotes, backslash, letters"
    );
    assert_eq!(dom.matches("<svg").count(), 3 + 1);
}
