//! The HTML report (`ecomap report MAP --format html`): one self-contained page. Opened in
//! headless Chromium it loads with no console message and no network request, its diagrams and
//! tables (gaps, overlaps, coverage, funding, capacity) are in the DOM, and names that look like
//! markup show as text and run nothing. Checks that need no browser run everywhere, among them the
//! hand-worked answers of small example maps as the page shows them.
#![allow(clippy::disallowed_macros)]

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::Duration;

use crate::support::{load_path as load, need, root};
use serde_json::Value;
use wait_timeout::ChildExt;

fn report(map: &Path) -> String {
    report_drawn_by(map, "auto")
}

/// The HTML report of `map`, its diagrams drawn by `renderer` (auto, graphviz, builtin).
fn report_drawn_by(map: &Path, renderer: &str) -> String {
    let out = crate::support::ecomap_cmd()
        .arg("report")
        .arg(map)
        .args(["--format", "html", "--renderer", renderer])
        .output()
        .expect("ecomap runs");
    assert!(
        out.status.success(),
        "ecomap report {} --format html: {}",
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
        "summary", "diagrams", "gaps", "overlaps", "coverage", "routes", "funding", "capacity",
        "map",
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
#[ignore = "needs chromium"]
fn the_browser_check_sees_requests_and_console_messages() {
    // The harness itself: a page that asks the network for an image and logs an error is caught.
    need(CHROMIUM, "--version", "chromium");
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

/// The part of a page (or DOM) from `<section id="ID">` to its end.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<section id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no section {id}"));
    let len = page[start..].find("</section>").expect("the section ends");
    &page[start..start + len]
}

/// Tables of a class in `html`, and the rows of their bodies (each table has one header row).
fn tables(html: &str, class: &str) -> (usize, usize) {
    let marker = format!("<table class=\"{class}\">");
    let mut count = 0;
    let mut rows = 0;
    for part in html.split(&marker).skip(1) {
        let table = part.split("</table>").next().unwrap_or("");
        count += 1;
        rows += table.matches("<tr").count() - 1;
    }
    (count, rows)
}

#[test]
#[ignore = "needs chromium"]
fn riverside_report_loads_clean_with_its_diagrams_and_tables() {
    need(CHROMIUM, "--version", "chromium");
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
    let eco = load(&map);
    for s in eco.map.services.values() {
        assert!(dom.contains(&s.name), "{} is not in the page", s.name);
    }

    // Gaps (docs/riverside-report.md lists them; worked out in tests/cli/gaps.rs): 8 cohort-stages
    // with no route, in 4 cohorts (eip-young, smi-primary, young-nonclaimant, common-off-sick):
    // one table each, one row a gap.
    let gaps = section(dom, "gaps");
    assert_eq!(tables(gaps, "gaps"), (4, 8), "gap tables and rows");
    // eip-young's fix is the analysis's own, its ids as code.
    assert!(
        gaps.contains("add <code>eip</code> to <code>ips</code>'s referral.from"),
        "nearest fix"
    );
    for kind in ["unreachable", "undetermined", "not-eligible", "no-service"] {
        assert!(
            gaps.contains(&format!("<span class=\"gap\">{kind}</span>")),
            "no {kind} gap in the table"
        );
    }

    // Overlaps: 16 for review (the pairs with a national service, whose places are notional), 19
    // needed for capacity (tests/cli/overlap.rs) and 1 accepted (maps/riverside/accepted.yaml
    // accepts IPS and Mind peer support for smi-secondary's engagement), ranked in one table, the
    // accepted one and those needed for capacity marked.
    let overlaps = section(dom, "overlaps");
    assert_eq!(
        tables(overlaps, "overlaps"),
        (1, 36),
        "overlap table and rows"
    );
    assert_eq!(overlaps.matches("<tr class=\"accepted\">").count(), 1);
    assert_eq!(overlaps.matches("<tr class=\"needed\">").count(), 19);
    assert_eq!(overlaps.matches("<td>for review</td>").count(), 16);

    // Coverage: smi-secondary's engagement is met, 504 of 504; its in-work (252) has national
    // services on its routes: capacity unknown.
    let coverage = section(dom, "coverage");
    assert_eq!(tables(coverage, "coverage").0, 1);
    assert!(coverage.contains("✓ 504 of 504"), "coverage");
    assert!(coverage.contains("? 252 need"), "coverage");

    // Funding: 8 commissioners and 8 cohorts; the need no money reaches is the 8 cohort-stages
    // with no route (every cohort-stage with a route reaches a funded service); the sheltered
    // work and the day service's employment share (£168,000 + £340,000 × 0.25) are the
    // disinvestment candidates: £253,000.
    let funding = section(dom, "funding");
    assert_eq!(tables(funding, "funding-commissioners"), (1, 8));
    assert_eq!(tables(funding, "funding-cohorts"), (1, 8));
    assert_eq!(tables(funding, "funding-unreached"), (1, 8));
    assert_eq!(tables(funding, "funding-evidence").0, 1);
    assert!(
        funding.contains("£253,000"),
        "spend the evidence is against"
    );
    assert!(funding.contains("candidates for disinvestment"));

    // Capacity: Riverside's 2,000 people on secondary caseloads, 8% in work, 30% wanting work:
    // 552 referrals a year, ÷ 40 = 13.8 specialists, each step a line of working.
    let capacity = section(dom, "capacity");
    assert!(tables(capacity, "working").0 >= 1);
    assert!(capacity.contains("<td>= 552 ÷ 40</td>"), "the working");
    assert!(capacity.contains(">13.8</td>"));
}

#[test]
fn names_that_look_like_markup_show_as_text_and_run_nothing() {
    let map = root().join("examples/awkward-names.yaml");
    let html = report(&map);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("<img"));
}

#[test]
fn characters_that_reorder_or_hide_text_show_as_escapes() {
    // An area named with a right-to-left override (U+202E), a line separator (U+2028) and a bell
    // (U+0007). Raw, the override would turn round everything written after it on its line (the
    // page's own figures); each is written as its escape instead, as text and Markdown show it.
    let dir = crate::support::temp_dir();
    let map = dir.path().join("ctl.yaml");
    std::fs::write(
        &map,
        r#"area: { id: ctl, name: "Ctl \u202E rtl \u2028 ls \a bell", currency: GBP }
providers:
  p: { name: P, sector: voluntary }
services:
  s: { name: S, provider: p, stages: [job-search], referral: { self: true } }
cohorts:
  c: { name: C, size: 10, needs: [job-search], enters_via: [s] }
"#,
    )
    .expect("written");
    let html = report_drawn_by(&map, "builtin");
    for c in ['\u{202E}', '\u{2028}', '\u{7}'] {
        assert!(
            !html.contains(c),
            "U+{:04X} is in the page raw",
            u32::from(c)
        );
    }
    let shown = r"Ctl \u{202e} rtl \u{2028} ls \u{7} bell";
    for place in [
        format!("<title>{shown}: employment support ecosystem</title>"),
        format!("<h1>{shown}: employment support ecosystem</h1>"),
        format!("<p class=\"lead\">{shown}. "),
        format!("the area {shown} (id ctl)"),
    ] {
        assert!(html.contains(&place), "{place} is not in the page");
    }
}

#[test]
#[ignore = "needs chromium"]
fn names_that_look_like_markup_run_nothing_in_the_browser() {
    need(CHROMIUM, "--version", "chromium");
    let html = report(&root().join("examples/awkward-names.yaml"));
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

/// Every `href="#…"` in the page names an id of the page.
fn links_stay_in_the_page(html: &str) {
    for (i, _) in html.match_indices("href=\"#") {
        let target = &html[i + 7..];
        let id = &target[..target.find('"').expect("the value ends")];
        assert!(
            html.contains(&format!(" id=\"{id}\"")),
            "href=\"#{id}\" names no id of the page"
        );
    }
}

#[test]
fn the_builtin_renderer_draws_every_diagram_of_the_page() {
    // Without Graphviz the page is drawn by the built-in renderer: maps/riverside has 3 whole-map
    // diagrams and a routes diagram for each of its 8 cohorts, 11 in all, and none is refused.
    let html = report_drawn_by(&root().join("maps/riverside"), "builtin");
    assert!(!html.contains("could not be drawn"), "a diagram is missing");
    assert_eq!(html.matches("<svg").count(), 3 + 8);
    // Edge labels follow their edge (`<textPath href="#…">`), each naming its own figure's path.
    assert!(
        html.contains("<textPath href=\"#d1-arrow0\""),
        "no edge label"
    );
    links_stay_in_the_page(&html);
}

#[test]
#[ignore = "needs chromium"]
fn the_builtin_renderers_page_loads_clean_in_the_browser() {
    need(CHROMIUM, "--version", "chromium");
    let html = report_drawn_by(&root().join("maps/riverside"), "builtin");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let opened = open(&write_page(dir.path(), "builtin.html", &html));
    assert_eq!(opened.console, Vec::<String>::new(), "console messages");
    assert_eq!(opened.requests, Vec::<String>::new(), "network requests");
    // 3 whole-map diagrams and 8 cohorts' routes, with their edge labels along the edges.
    assert_eq!(opened.dom.matches("<svg").count(), 3 + 8);
    assert!(opened.dom.contains("<textPath href=\"#d1-arrow0\""));
}

#[test]
fn names_holding_javascript_are_text_in_every_diagram() {
    // tests/fixtures/hostile/javascript-names.yaml: one cohort, so 3 + 1 diagrams, each kept, the
    // names drawn as text (escaped), no link anywhere but into the page.
    let map = root().join("tests/fixtures/hostile/javascript-names.yaml");
    let html = report_drawn_by(&map, "builtin");
    assert!(!html.contains("could not be drawn"), "a diagram is missing");
    assert_eq!(html.matches("<svg").count(), 3 + 1);
    assert!(
        html.contains(">javascript:alert(1)</"),
        "the service's name as text"
    );
    assert!(
        html.contains(">JaVaScRiPt:alert(1) people</tspan>"),
        "the cohort's name as text in a diagram"
    );
    links_stay_in_the_page(&html);
}

#[test]
#[ignore = "needs graphviz"]
fn names_holding_javascript_are_text_in_every_graphviz_diagram() {
    need("dot", "-V", "graphviz");
    let map = root().join("tests/fixtures/hostile/javascript-names.yaml");
    let html = report_drawn_by(&map, "graphviz");
    assert!(!html.contains("could not be drawn"), "a diagram is missing");
    assert_eq!(html.matches("<svg").count(), 3 + 1);
    assert!(
        html.contains(">javascript:alert(1)</"),
        "the service's name as text"
    );
    links_stay_in_the_page(&html);
}

#[test]
fn an_accepted_overlap_is_ranked_last_and_marked_with_its_reason() {
    // examples/overlap-accepted.yaml, worked in its header: IPS and peer support share engagement
    // for `eip` (30 people) and `smi` (50). The map accepts `smi`'s, so the pair is reported
    // twice: #1 for review (eip: engagement, 30 people), #2 accepted with the map's reason (smi:
    // engagement, 50 people). Both: 60 + 40 = 100 places for the 80 people who can use either,
    // over-supplied by 20; spend £80,000 + £15,000 = £95,000. The acceptance of IPS + college
    // matches nothing (the college offers only skills).
    let html = report(&root().join("examples/overlap-accepted.yaml"));
    let overlaps = section(&html, "overlaps");
    assert_eq!(tables(overlaps, "overlaps"), (1, 2));
    let rows: Vec<&str> = overlaps.split("<tr").skip(2).collect();
    assert!(rows[0].starts_with("><td class=\"num\">1</td><td>IPS service<br>+ Peer support groups</td><td>engagement: eip</td><td class=\"num\">30</td><td>100 for 80<br><strong>over-supplied by 20</strong></td><td class=\"num\">£95,000</td>"), "{}", rows[0]);
    assert!(rows[0].contains("<td>for review</td>"), "{}", rows[0]);
    assert!(
        rows[1].starts_with(" class=\"accepted\"><td class=\"num\">2</td>"),
        "{}",
        rows[1]
    );
    assert!(
        rows[1].contains("<td>engagement: smi</td><td class=\"num\">50</td>"),
        "{}",
        rows[1]
    );
    assert!(
        rows[1].contains(
            "<td>accepted: Peer support complements IPS; people use both at once (004 §40d).</td>"
        ),
        "{}",
        rows[1]
    );
    assert!(
        overlaps.contains("<li>ips + college</li>"),
        "unmatched acceptance"
    );
}

#[test]
fn funding_shows_money_per_person_need_no_money_reaches_and_single_funders() {
    // examples/funding.yaml, worked in its header and in tests/funding.rs: `secondary` receives
    // £45,000 from the hub and £46,000 from IPS, £91,000 for its 30 people needing support =
    // £3,033.33 each; `primary` £30,000 / 20 = £1,500; `no-care` £15,000 / 10 = £1,500, and its
    // 5 people needing in-work support have no route, so no money reaches them. `secondary`'s
    // in-work money all comes from IPS, paid by the ICB alone. IPS (strong evidence) is
    // £46,000; the hub (limited) £90,000, pooled.
    let html = report(&root().join("examples/funding.yaml"));
    let funding = section(&html, "funding");
    assert!(funding.contains("<td>People on secondary mental health caseloads, out of work</td><td class=\"num\">30</td><td class=\"num\">£91,000</td><td class=\"num\">£3,033.33</td>"), "{funding}");
    assert!(
        funding.contains(
            "<td class=\"num\">10</td><td class=\"num\">£15,000</td><td class=\"num\">£1,500</td>"
        ),
        "{funding}"
    );
    assert_eq!(tables(funding, "funding-unreached"), (1, 1));
    assert!(funding.contains("<td>People in no treatment, out of work</td><td>in-work</td><td class=\"num\">5</td><td>no service the cohort can reach offers <code>in-work</code></td>"), "{funding}");
    assert_eq!(tables(funding, "funding-concentration"), (1, 1));
    assert!(funding.contains("<td>Integrated Care Board</td><td>every service bringing <code>in-work</code> money to this cohort is paid by <code>icb</code></td>"), "{funding}");
    assert!(
        funding.contains("<td>strong</td><td class=\"num\">£46,000</td>"),
        "{funding}"
    );
    assert!(
        funding.contains("<td>Employment hub</td><td>limited</td><td class=\"num\">£90,000</td>"),
        "{funding}"
    );
    assert!(funding.contains("<td>pooled</td>"), "{funding}");
}

#[test]
fn capacity_shows_its_working_line_by_line() {
    // examples/ips-demand-004.yaml: 004's own figures. 2,000 × (1 − 0.08) = 1,840 out of work;
    // × 0.3 = 552 referrals a year; ÷ 40 = 13.8 specialists; the service's 11 are under the 13.8
    // to 23 needed. Each figure is a row: the value, what it is, where from or its sum.
    let html = report(&root().join("examples/ips-demand-004.yaml"));
    let capacity = section(&html, "capacity");
    for row in [
        "<td class=\"num\">2,000</td><td>working-age people on secondary mental health caseloads</td><td>area.figures.secondary_care_caseload</td>",
        "<td class=\"num\">1,840</td><td>out of work</td><td>= 2,000 × 0.92</td>",
        "<td class=\"num\">13.8</td><td>employment specialists needed (low case)</td><td>= 552 ÷ 40</td>",
    ] {
        assert!(capacity.contains(row), "missing {row}\n{capacity}");
    }
    assert!(capacity.contains("<li class=\"short\">IPS employment specialists mapped (WTE) against those needed: 11 against 13.8 to 23: under, does not meet it</li>"), "{capacity}");
    // The area figures the other checks need are named, not assumed.
    assert!(capacity.contains("<code>area.population</code>, needed for primary-care-specialists, social-enterprise-places"), "{capacity}");
}

#[test]
fn a_benchmarks_file_changes_the_working_and_is_named() {
    // examples/ips-demand-004.yaml has 552 potential referrals a year (low case). With 46 clients
    // per specialist instead of 004's 40, the specialists needed are 552 ÷ 46 = 12, and the page
    // says which benchmark was overridden, by what and from what.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("benchmarks.yaml");
    std::fs::write(&file, "ips-clients-per-specialist: 46\n").expect("written");
    let out = crate::support::ecomap_cmd()
        .arg("report")
        .arg(root().join("examples/ips-demand-004.yaml"))
        .args(["--format", "html", "--benchmarks"])
        .arg(&file)
        .output()
        .expect("ecomap runs");
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).expect("UTF-8");
    let capacity = section(&html, "capacity");
    assert!(
        capacity.contains("<td class=\"num\">12</td><td>employment specialists needed (low case)</td><td>= 552 ÷ 46</td>"),
        "{capacity}"
    );
    assert!(
        capacity.contains(
            "<li>ips-clients-per-specialist = 46 (built in: 40), by --benchmarks file</li>"
        ),
        "{capacity}"
    );
}

/// Writes a generated map of `services` and `cohorts` (seed 3) into `dir`, and returns its path.
fn generated(dir: &Path, services: usize, cohorts: usize) -> PathBuf {
    let path = dir.join(format!("generated-{services}-{cohorts}.yaml"));
    let (s, c) = (services.to_string(), cohorts.to_string());
    let run = crate::support::ecomap(&[
        "generate",
        "--services",
        &s,
        "--cohorts",
        &c,
        "--seed",
        "3",
        "-o",
        path.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    path
}

#[test]
fn above_a_page_only_the_overview_is_drawn_and_the_page_says_what_is_left_out() {
    // 420 services and 70 cohorts: 490 together, above the 400 a diagram on a page can show. Only
    // the overview (the delivery ecosystem) is tried; the funding and overlap diagrams are left
    // out (2 figures saying so), and the routes diagrams of all 70 cohorts with one note, not 70.
    let dir = crate::support::temp_dir();
    let html = report_drawn_by(&generated(dir.path(), 420, 70), "builtin");
    assert_eq!(
        html.matches("This diagram is left out: the map has 490 services and cohorts")
            .count(),
        2
    );
    assert_eq!(html.matches("The routes diagrams are left out").count(), 1);
    assert!(
        !html.contains("<figcaption>Routes: "),
        "a routes figure was drawn"
    );
    // The overview was tried: 506 nodes are beyond the built-in renderer, which says so.
    assert_eq!(html.matches("This diagram could not be drawn").count(), 1);
}

#[test]
fn above_what_can_be_laid_out_the_overview_too_is_left_out() {
    // 2,450 services and 60 cohorts: 2,510 together, above the 2,500 an overview can be laid out
    // for in reasonable time. All three whole-map diagrams are left out, each saying why (the
    // overview with its own reason), and no renderer is asked: the built-in one, asked, would
    // refuse so many nodes and the page would say "could not be drawn".
    let dir = crate::support::temp_dir();
    let html = report_drawn_by(&generated(dir.path(), 2450, 60), "builtin");
    assert_eq!(
        html.matches("This diagram is left out: the map has 2510 services and cohorts")
            .count(),
        3
    );
    // The overview's reason: once on its figure, once in the page's list of what was left out.
    assert_eq!(
        html.matches("more than one diagram can be laid out in reasonable time (at most 2500)")
            .count(),
        2
    );
    assert_eq!(html.matches("This diagram could not be drawn").count(), 0);
    assert!(!html.contains("<svg"), "a diagram was drawn");
}

#[test]
#[ignore = "needs graphviz"]
fn above_sixty_cohorts_their_routes_diagrams_are_left_out() {
    // 40 services and 61 cohorts: 101 together is a page's size, but 61 routes diagrams are more
    // than the 60 a page holds: the whole-map diagrams are drawn, the routes left out once.
    need("dot", "-V", "graphviz");
    let dir = crate::support::temp_dir();
    let html = report_drawn_by(&generated(dir.path(), 40, 61), "graphviz");
    assert!(html.contains("The routes diagrams are left out: the map has 61 cohorts"));
    assert!(
        !html.contains("<figcaption>Routes: "),
        "a routes figure was drawn"
    );
    assert!(!html.contains("This diagram is left out"));
    assert_eq!(
        html.matches("<svg").count(),
        3,
        "the three whole-map diagrams"
    );
}

#[test]
fn the_summary_card_counts_a_target_for_a_share_of_services_apart() {
    // examples/talking-therapies-target.yaml: the advisers' caseload of 20 is not held to 002's 25
    // (a caseload for employment specialists, 004 §46); the 4 advisers against 40 therapists ÷ 8 =
    // 5 fall short of a target set for 40% of services, not each, which is no shortfall of one
    // area. So 0 of 0 comparisons is not met, as the Markdown and JSON summaries count it, and the
    // target is named apart.
    let html = report(&root().join("examples/talking-therapies-target.yaml"));
    assert!(
        html.contains(
            "<span class=\"n\">0</span><span class=\"what\">of 0 benchmark comparisons are not met</span>"
        ),
        "{}",
        section(&html, "summary")
    );
    assert!(
        html.contains(
            "a target set for a share of services, not each, is not reached (not counted as a shortfall)"
        ),
        "{}",
        section(&html, "summary")
    );
}
