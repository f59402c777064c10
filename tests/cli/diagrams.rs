//! Diagrams: every view of every example map is read by Graphviz's own `dot` without an error or a
//! warning, and the labels read back exactly as written; output is byte-identical run to run;
//! awkward names come out escaped and intact; pictures come from Graphviz or the built-in renderer
//! and say which, and PNG without Graphviz names the package to install.
#![allow(clippy::disallowed_macros)]

use std::io::Write;
use std::path::Path;
use std::process::{Command as Process, Stdio};

use crate::support::{load_path as load, maps, need, root, squash};
use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn ecomap() -> Command {
    crate::support::ecomap_cmd()
}

/// The arguments of every view of a map: ecosystem, funding, overlap, and routes for each cohort.
fn views(map: &Path) -> Vec<Vec<String>> {
    let eco = load(map);
    let mut v: Vec<Vec<String>> = ["ecosystem", "funding", "overlap"]
        .iter()
        .map(|view| vec!["--view".to_owned(), (*view).to_owned()])
        .collect();
    for id in eco.map.cohorts.keys() {
        v.push(vec![
            "--view".into(),
            "routes".into(),
            "--cohort".into(),
            id.to_string(),
        ]);
    }
    v
}

fn draw(map: &Path, args: &[String]) -> String {
    let out = ecomap()
        .arg("dot")
        .arg(map)
        .args(args)
        .output()
        .expect("ecomap runs");
    assert!(
        out.status.success(),
        "ecomap dot {} {args:?}: {}",
        map.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("DOT is UTF-8")
}

/// Runs Graphviz's `dot -T<format>` on `input`: its output and what it said on standard error.
fn graphviz(input: &str, format: &str) -> (Vec<u8>, String) {
    let mut child = Process::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot runs");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let text = input.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let out = child.wait_with_output().expect("dot finishes");
    writer
        .join()
        .expect("the writer thread ends")
        .expect("DOT is written");
    assert!(
        out.status.success(),
        "dot failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A label as Graphviz keeps it (an escString, `\"` already read as `"`), decoded into the text
/// it draws: `\\` is a backslash, `\n`, `\l`, `\r` are line breaks, and `&amp;` is `&` (Graphviz
/// reads entities when it draws; ecomap writes a name's `&` as `&amp;`, and no other entity).
fn decode(label: &str) -> String {
    let mut out = String::new();
    let mut chars = label.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'l' | 'r') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out.replace("&amp;", "&")
}

/// Every label Graphviz read: the graph's, clusters', nodes' and edges', decoded; and the names
/// of the nodes.
fn labels(json: &Value) -> (Vec<String>, Vec<String>) {
    let mut labels = Vec::new();
    let mut names = Vec::new();
    if let Some(l) = json.get("label").and_then(Value::as_str) {
        labels.push(decode(l));
    }
    for key in ["objects", "edges"] {
        for o in json
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(l) = o.get("label").and_then(Value::as_str) {
                labels.push(decode(l));
            }
            if key == "objects"
                && o.get("nodes").is_none()
                && let Some(n) = o.get("name").and_then(Value::as_str)
            {
                names.push(n.to_owned());
            }
        }
    }
    (labels, names)
}

/// The names each view must show, by the view's first argument after `--view`.
fn expected_names(map: &Path, args: &[String]) -> Vec<String> {
    let eco = load(map);
    let m = &eco.map;
    match args[1].as_str() {
        "ecosystem" => {
            let mut n = vec![m.area.name.clone()];
            n.extend(m.commissioners.values().map(|c| c.name.clone()));
            n.extend(m.services.values().map(|s| s.name.clone()));
            n.extend(m.cohorts.values().map(|c| c.name.clone()));
            n.extend(
                m.providers
                    .values()
                    .filter(|p| {
                        m.services
                            .values()
                            .any(|s| s.provider.as_ref() == Some(&p.id))
                    })
                    .map(|p| p.name.clone()),
            );
            n
        }
        "funding" => {
            let mut n: Vec<String> = m.cohorts.values().map(|c| c.name.clone()).collect();
            n.extend(
                m.services
                    .values()
                    .filter(|s| !s.funding.is_empty())
                    .map(|s| s.name.clone()),
            );
            n
        }
        "overlap" => ecomap::analysis::report::find_overlaps(&eco)
            .overlaps
            .iter()
            .flat_map(|o| o.services.clone())
            .map(|id| m.name_of(id.as_str()).to_owned())
            .collect(),
        _ => {
            let cohort = &m.cohorts[args[3].as_str()];
            let mut n = vec![cohort.name.clone()];
            // The stages someone in the cohort needs: a stage no one needs is not drawn.
            n.extend(cohort.stages_needed().map(|s| m.stages[s].name.clone()));
            n
        }
    }
}

#[test]
#[ignore = "needs graphviz"]
fn every_view_of_every_map_is_read_by_graphviz_without_warning_and_labels_survive() {
    need("dot", "-V", "graphviz");
    let mut checked = 0;
    let mut expected = 0;
    let maps = maps();
    for known in ["sample.yaml", "awkward-names.yaml", "riverside"] {
        assert!(
            maps.iter().any(|m| m.ends_with(known)),
            "{known} is not among the maps"
        );
    }
    for map in maps {
        expected += 3 + load(&map).map.cohorts.len();
        for args in views(&map) {
            let dot = draw(&map, &args);
            let (json, warnings) = graphviz(&dot, "json");
            assert_eq!(warnings, "", "{} {args:?}: Graphviz warned", map.display());
            let json: Value = serde_json::from_slice(&json).expect("Graphviz writes JSON");
            let (labels, _) = labels(&json);
            let squashed: Vec<String> = labels.iter().map(|l| squash(l)).collect();
            for name in expected_names(&map, &args) {
                let name = squash(&name);
                assert!(
                    squashed.iter().any(|l| l.contains(&name)),
                    "{} {args:?}: `{name}` is in no label Graphviz read: {squashed:?}",
                    map.display()
                );
            }
            // Every view has a legend.
            assert!(labels.iter().any(|l| l == "Legend"), "{args:?}: no legend");
            checked += 1;
        }
    }
    // 3 whole-map views for each map, and routes for each cohort (for the maps of this issue:
    // sample.yaml has 3 cohorts, awkward-names.yaml 1, riverside 8: 9 + 12 = 21 views).
    assert!(checked >= 21);
    assert_eq!(checked, expected);
}

#[test]
fn awkward_names_come_out_escaped_and_intact() {
    let map = root().join("examples/awkward-names.yaml");
    let dot = draw(&map, &["--view".into(), "ecosystem".into()]);
    // Escaped once, in DOT's own way: quotes and backslashes, line breaks as \n; < > as they are;
    // & as &amp; (Graphviz reads entities in labels, and draws &amp; as &).
    assert!(
        dot.contains(r#""cohort co\"hort"[shape="ellipse""#),
        "{dot}"
    );
    assert!(
        dot.contains(r#"label="People \"in\" <need> \\ Łódź\n100 people"#),
        "{dot}"
    );
    assert!(
        dot.contains(r#"label="Fund \"A\" &amp; <Co>\\\n(nhs)""#),
        "{dot}"
    );
    assert!(
        dot.contains(r#"subgraph "cluster provider prov\\id""#),
        "{dot}"
    );
    assert!(
        dot.contains(r#"label="Provider with\nnewline and Ünïcödé""#),
        "{dot}"
    );
}

#[test]
#[ignore = "needs graphviz"]
fn awkward_names_are_read_back_intact_by_graphviz() {
    need("dot", "-V", "graphviz");
    let map = root().join("examples/awkward-names.yaml");
    let dot = draw(&map, &["--view".into(), "ecosystem".into()]);
    let (json, warnings) = graphviz(&dot, "json");
    assert_eq!(warnings, "");
    let json: Value = serde_json::from_slice(&json).expect("JSON");
    let (labels, names) = labels(&json);
    // Ids read back as written, and labels exactly, line for line.
    for name in [
        "cohort co\"hort",
        "commissioner fund<er>",
        "service svc<2>",
        "service gate",
    ] {
        assert!(names.contains(&name.to_owned()), "{name} not in {names:?}");
    }
    for label in [
        "People \"in\" <need> \\ Łódź\n100 people\ncontinuity: in-work\nshort of places: job-search (10 of 50)",
        "Fund \"A\" & <Co>\\\n(nhs)",
        "<script>alert(1)</script>\ngateway · places unknown",
        "<img src=x\nonerror=alert(1)>\nips · 10 places",
        "Provider with\nnewline and Ünïcödé",
        "Zoë's \"Borough\" <b>bold</b> \\ back: the delivery ecosystem",
    ] {
        assert!(
            labels.contains(&label.to_owned()),
            "{label:?} not in {labels:?}"
        );
    }
    // Drawn, the markup is text.
    let (svg, _) = graphviz(&dot, "svg");
    let svg = String::from_utf8(svg).expect("SVG is UTF-8");
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!svg.contains("<script"));
    assert!(!svg.contains("<img"));
    // `Fund "A" & <Co>` drawn as written: its `&` is one `&` in the picture (`&amp;` in SVG).
    assert!(svg.contains("Fund &quot;A&quot; &amp; &lt;Co&gt;"), "{svg}");
}

#[test]
#[ignore = "needs graphviz"]
fn graphviz_is_given_the_diagram_through_a_pipe_never_a_file() {
    need("dot", "-V", "graphviz");
    // With no folder for temporary files, a drawing that went through a temporary `.dot` file
    // failed ("cannot write a temporary file"); through a pipe it is drawn, and nothing of the
    // map is ever left on disk, however the run ends.
    let dir = crate::support::temp_dir();
    let out = ecomap()
        .args(["dot", "maps/riverside", "-f", "svg", "-o"])
        .arg(dir.path().join("x.svg"))
        .env("TMPDIR", dir.path().join("no-such-folder"))
        .current_dir(root())
        .output()
        .expect("ecomap runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(dir.path().join("x.svg")).expect("the picture");
    assert!(svg.contains("<svg"), "{svg}");
}

#[test]
#[ignore = "needs graphviz"]
fn a_name_that_looks_like_an_entity_is_drawn_as_written() {
    need("dot", "-V", "graphviz");
    // Graphviz reads entities in labels: written as they are, `&lt;x&gt;` would be drawn `<x>`
    // and `&#65;` drawn `A`. Each `&` written as `&amp;`, the picture shows the name's own text:
    // in SVG, `&amp;lt;x&amp;gt;` and `&amp;#65;`.
    let dir = crate::support::temp_dir();
    let map = dir.path().join("amp.yaml");
    std::fs::write(
        &map,
        "area: { id: amp, name: \"A &lt;x&gt; &#65;\" }\n\
         services:\n  s: { name: \"S &amp; T\", stages: [job-search], referral: { self: true } }\n",
    )
    .expect("write");
    let dot = draw(&map, &["--view".into(), "ecosystem".into()]);
    let (svg, _) = graphviz(&dot, "svg");
    let svg = String::from_utf8(svg).expect("SVG is UTF-8");
    assert!(svg.contains("S &amp;amp; T"), "{svg}");
    assert!(svg.contains("A &amp;lt;x&amp;gt; &amp;#65;"), "{svg}");
}

#[test]
fn the_routes_view_draws_chains_and_gaps() {
    // examples/sample.yaml, young-nonclaimant (benefit none, care none, 16-24, enters at gp)
    // needs job search. The services offering it are ips (secondary care only), mind-employment,
    // work-health and the jobcentre (all three need an out-of-work benefit): none will take them,
    // so the one stage is a not-eligible gap, drawn as a red dashed line labelled with its kind, and no service
    // is on a route.
    let map = root().join("examples/sample.yaml");
    let dot = draw(
        &map,
        &[
            "--view".into(),
            "routes".into(),
            "--cohort".into(),
            "young-nonclaimant".into(),
        ],
    );
    assert!(
        dot.contains(r##""cohort young-nonclaimant" -> "stage job-search" [color="#c0272d" fontcolor="#c0272d" style="dashed" penwidth="2" label="not-eligible"]"##),
        "{dot}"
    );
    assert!(!dot.contains("\"service "), "{dot}");

    // smi-secondary (secondary care, ESA) enters at cmht and gp. Engagement: ips by cmht → ips
    // (cmht is an entry point), and mind-employment by walking in. In-work: ips, mind-employment
    // and work-health (jobcentre → work-health, the jobcentre walked into). No gaps.
    let dot = draw(
        &map,
        &[
            "--view".into(),
            "routes".into(),
            "--cohort".into(),
            "smi-secondary".into(),
        ],
    );
    for edge in [
        r#""cohort smi-secondary" -> "service cmht" [style="dotted" penwidth="1.5" arrowhead="vee"]"#,
        r##""service cmht" -> "service ips" [color="#777777" arrowsize="0.7"]"##,
        r#""service ips" -> "stage engagement" [style="bold" arrowhead="box"]"#,
        r#""cohort smi-secondary" -> "service mind-employment" [style="dotted" penwidth="1.5" arrowhead="onormal"]"#,
        r##""service jobcentre" -> "service work-health" [color="#777777" arrowsize="0.7"]"##,
        r#""service work-health" -> "stage in-work" [style="bold" arrowhead="box"]"#,
    ] {
        assert!(dot.contains(edge), "missing {edge}\n{dot}");
    }
    // Its engagement gap is one of capacity, drawn as a shortfall, not as a missing route.
    assert!(
        !dot.lines()
            .any(|l| l.contains(r#""cohort smi-secondary" -> "stage"#)
                && l.contains(r#"style="dashed""#)),
        "{dot}"
    );
}

#[test]
fn the_funding_view_draws_the_money_as_the_funding_analysis_follows_it() {
    // examples/funding.yaml (its header and tests/funding.rs work it by hand): NHS England funds
    // the ICB £60,000; the ICB pays the hub £54,000 and IPS £46,000; the council pays the hub
    // £36,000. The hub's £90,000 follows the places it gives each cohort (secondary 30, primary
    // 20, no-care 10 people: 3:2:1) = £45,000 / £30,000 / £15,000; IPS's £46,000 all reaches
    // secondary, the only cohort eligible for it. So secondary gets £91,000, primary £30,000,
    // no-care £15,000. Pens: 1 + 7 × amount / £60,000 (the largest line), to one decimal:
    // £60,000 → 8, £54,000 → 7.3, £45,000 → 6.25 → 6.3, £15,000 → 2.75 → 2.8.
    let map = root().join("examples/funding.yaml");
    let dot = draw(&map, &["--view".into(), "funding".into()]);
    for line in [
        r##""commissioner nhse" -> "commissioner icb" [color="#1f4e8c" fontcolor="#1f4e8c" penwidth="8" label="£60,000"]"##,
        r##""commissioner icb" -> "service hub" [color="#1f4e8c" fontcolor="#1f4e8c" penwidth="7.3" label="£54,000"]"##,
        r##""service hub" -> "cohort secondary" [color="#1f4e8c" fontcolor="#1f4e8c" penwidth="6.3" label="£45,000"]"##,
        r##""service hub" -> "cohort no-care" [color="#1f4e8c" fontcolor="#1f4e8c" penwidth="2.8" label="£15,000"]"##,
        r##""service ips" -> "cohort secondary" [color="#1f4e8c" fontcolor="#1f4e8c" penwidth="6.4" label="£46,000"]"##,
        r#"label="People on secondary mental\nhealth caseloads, out of\nwork\n100 people\n£91,000"]"#,
        r#"label="People treated in primary\ncare, out of work\n100 people\n£30,000"]"#,
    ] {
        assert!(dot.contains(line), "missing {line}\n{dot}");
    }
    // Every line of money: 1 between commissioners, 3 to services, 4 to cohorts (the hub's 3,
    // IPS's 1). The GP practices have no funding and are not drawn; all the money reaches a
    // cohort, so there is no note of money that reaches none.
    let money_lines = dot
        .lines()
        .filter(|l| l.contains(" -> ") && !l.contains("legend"))
        .count();
    assert_eq!(money_lines, 8, "{dot}");
    assert!(!dot.contains("service gp"), "{dot}");
    assert!(!dot.contains("\"reaches no cohort\""), "{dot}");
}

#[test]
fn the_overlap_view_draws_ranked_overlaps_and_marks_accepted_ones() {
    // examples/overlap-accepted.yaml: IPS and peer support both offer engagement to `smi` and
    // `eip`. The map accepts the overlap for `smi` only, so the overlap analysis reports two
    // entries for the pair: #1, the concern (eip's engagement), and #2, accepted (smi's), ranked
    // after concerns. The college overlaps nothing and is not drawn.
    let map = root().join("examples/overlap-accepted.yaml");
    let dot = draw(&map, &["--view".into(), "overlap".into()]);
    assert!(
        dot.contains(r##""service ips" -> "service peer-support" [dir="none" fontcolor="#6a3d9a" color="#6a3d9a:#ffffff:#6a3d9a" penwidth="1.5" label="#1\neip: engagement"]"##),
        "{dot}"
    );
    assert!(
        dot.contains(r##""service ips" -> "service peer-support" [dir="none" fontcolor="#6a3d9a" color="#6a3d9a:#ffffff:#6a3d9a" style="dashed" label="#2 accepted\nsmi: engagement"]"##),
        "{dot}"
    );
    assert!(!dot.contains("service college"), "{dot}");

    // In the ecosystem view, IPS and peer support each overlap one other service in an overlap
    // still for review (eip's), so both get the double purple frame; the college does not.
    let dot = draw(&map, &["--view".into(), "ecosystem".into()]);
    assert!(
        dot.contains(
            r#"peripheries="2" label="IPS service\nips · 60 places\noverlaps 1 other service"]"#
        ),
        "{dot}"
    );
    assert!(
        dot.contains(r#"peripheries="2" label="Peer support groups\npeer-support · 40 places\noverlaps 1 other service"]"#),
        "{dot}"
    );
    assert!(
        dot.contains(r##""service college"[shape="box" style="rounded,filled" fillcolor="#ffffff" color="#333333" label="College skills course\nskills · 30 places"]"##),
        "{dot}"
    );
}

#[test]
fn routes_view_asks_for_a_cohort_it_knows() {
    let map = root().join("examples/sample.yaml");
    ecomap()
        .args(["dot"])
        .arg(&map)
        .args(["--view", "routes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("add --cohort ID"))
        .stderr(predicate::str::contains(
            "smi-secondary, common-off-sick, young-nonclaimant",
        ));
    ecomap()
        .args(["dot"])
        .arg(&map)
        .args(["--view", "routes", "--cohort", "smi-secondry"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("smi-secondary"));
    ecomap()
        .args(["dot"])
        .arg(&map)
        .args(["--view", "funding", "--cohort", "smi-secondary"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--cohort goes with --view routes"));
}

#[test]
fn output_is_byte_identical_run_to_run() {
    let map = root().join("maps/riverside");
    for args in views(&map) {
        assert!(
            draw(&map, &args) == draw(&map, &args),
            "{args:?} changed between runs"
        );
    }
    let svg = |renderer: &str| {
        ecomap()
            .arg("dot")
            .arg(&map)
            .args(["--format", "svg", "--renderer", renderer])
            .output()
            .expect("runs")
            .stdout
    };
    let first = svg("builtin");
    assert!(String::from_utf8_lossy(&first).contains("<svg"));
    assert!(
        first == svg("builtin"),
        "the built-in renderer's SVG changed between runs"
    );
}

#[test]
#[ignore = "needs graphviz"]
fn graphviz_svg_is_byte_identical_run_to_run() {
    need("dot", "-V", "graphviz");
    let svg = || {
        ecomap()
            .arg("dot")
            .arg(root().join("maps/riverside"))
            .args(["--format", "svg", "--renderer", "graphviz"])
            .output()
            .expect("runs")
            .stdout
    };
    let first = svg();
    assert!(first.starts_with(b"<?xml"));
    assert!(first == svg(), "Graphviz's SVG changed between runs");
}

#[test]
fn the_builtin_renderer_draws_svg_and_says_so() {
    let map = root().join("examples/awkward-names.yaml");
    let out = ecomap()
        .arg("dot")
        .arg(&map)
        .args(["--format", "svg", "--renderer", "builtin"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let svg = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(svg.contains("<svg"));
    assert!(
        svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{svg}"
    );
    assert!(!svg.contains("<script"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("drawn by the built-in renderer"), "{err}");
    assert!(err.contains("apt-get install graphviz"), "{err}");
}

#[test]
fn without_graphviz_svg_falls_back_and_png_names_the_package_leaving_no_file() {
    let map = root().join("examples/sample.yaml");
    let empty = tempfile::tempdir().expect("a temporary folder");
    let out_dir = tempfile::tempdir().expect("a temporary folder");
    // No `dot` on an empty PATH.
    let png = out_dir.path().join("ecosystem.png");
    ecomap()
        .env("PATH", empty.path())
        .arg("dot")
        .arg(&map)
        .args(["--format", "png", "-o"])
        .arg(&png)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("PNG needs Graphviz").or(predicate::str::contains(
                "drawing PNG needs Graphviz's `dot` program",
            )),
        )
        .stderr(predicate::str::contains("apt-get install graphviz"));
    assert!(!png.exists());
    assert_eq!(
        std::fs::read_dir(out_dir.path()).expect("listable").count(),
        0
    );

    ecomap()
        .env("PATH", empty.path())
        .arg("dot")
        .arg(&map)
        .args(["--format", "svg", "--renderer", "graphviz"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("apt-get install graphviz"));

    let svg = out_dir.path().join("ecosystem.svg");
    ecomap()
        .env("PATH", empty.path())
        .arg("dot")
        .arg(&map)
        .args(["--format", "svg", "-o"])
        .arg(&svg)
        .assert()
        .success()
        .stderr(predicate::str::contains("drawn by the built-in renderer"));
    let text = std::fs::read_to_string(&svg).expect("the SVG is written");
    assert!(text.contains("Riverside IPS Service"));
}

#[test]
#[ignore = "needs graphviz"]
fn png_is_drawn_by_graphviz() {
    need("dot", "-V", "graphviz");
    let out = ecomap()
        .arg("dot")
        .arg(root().join("examples/sample.yaml"))
        .args(["--view", "funding", "--format", "png"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("drawn by Graphviz"));
}
