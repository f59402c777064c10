//! `ecomap dot --format mermaid`: every view of every bundled map, and of a map whose names hold
//! everything Mermaid treats specially, is checked line by line against the rules of Mermaid's
//! flowchart grammar for the subset ecomap writes (below), and the hostile names come back intact
//! once Mermaid's entity codes are decoded.
//!
//! The subset: optional front matter (`---`, `title: "…"`, `---`, the title escaped as a label
//! is); the header `flowchart LR|TB`;
//! node definitions `id["label"]` in one of six shapes; `subgraph id ["title"]` … `end`; edges
//! `a --> b` in six link styles, with an optional label `|"label"|`; `classDef`, `class` and
//! `linkStyle` lines. Ids are letters, digits and `_`, start with a letter and are no keyword.
//! Labels are double-quoted and hold no `"` and none of the characters Mermaid reads as syntax or
//! markup (`< > & | ; : % # [ ] { } \` and the backtick) except as entity codes `#60;` and line
//! breaks `<br>`; no line is a comment or a directive (`%%`), and style lines hold no `;`.

use std::collections::BTreeMap;

use crate::exports::{CMHT_NAME, COHORT_NAME, HOSTILE, IPS_NAME, PROVIDER_NAME};
use crate::support::{bundled_maps, ecomap, ecomap_in, squash, temp_dir, write_files};

/// Words the flowchart grammar reserves.
const KEYWORDS: &[&str] = &[
    "end",
    "graph",
    "flowchart",
    "subgraph",
    "style",
    "class",
    "classDef",
    "linkStyle",
    "click",
    "call",
    "href",
    "direction",
    "default",
];

const SHAPES: &[(&str, &str)] = &[
    ("([", "])"),
    ("((", "))"),
    ("{{", "}}"),
    ("[", "]"),
    ("(", ")"),
    (">", "]"),
];

const LINKS: &[&str] = &["-.->", "-.-", "==>", "===", "-->", "---"];

/// A flowchart as the checker read it.
#[derive(Debug, Default)]
struct Flowchart {
    title: Option<String>,
    /// id → label, decoded.
    nodes: BTreeMap<String, String>,
    /// (from, link, to, label decoded).
    edges: Vec<(String, String, String, Option<String>)>,
    /// (id, title decoded).
    subgraphs: Vec<(String, String)>,
}

fn id(text: &str) -> Result<&str, String> {
    let ok = text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(text));
    if ok {
        Ok(text)
    } else {
        Err(format!("`{text}` is not a safe id"))
    }
}

/// A quoted label's inside, checked and decoded: entity codes → characters, `<br>` → line break.
fn label(text: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("<br>") {
            out.push('\n');
            rest = after;
            continue;
        }
        if c == '#' {
            let end = rest
                .find(';')
                .ok_or_else(|| format!("a raw # in `{text}`"))?;
            let code: u32 = rest[1..end]
                .parse()
                .map_err(|_| format!("`{}` is not an entity code", &rest[..=end]))?;
            out.push(char::from_u32(code).ok_or("a bad code")?);
            rest = &rest[end + 1..];
            continue;
        }
        if "\"<>&|;:%[]{}\\`#".contains(c) || c.is_control() {
            return Err(format!("a raw {c:?} in the label `{text}`"));
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    Ok(out)
}

/// `"…"` → its inside, checked and decoded.
fn quoted(text: &str) -> Result<String, String> {
    let inner = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .ok_or_else(|| format!("`{text}` is not quoted"))?;
    label(inner)
}

fn styles(text: &str) -> Result<(), String> {
    for part in text.split(',') {
        let (prop, value) = part
            .split_once(':')
            .ok_or_else(|| format!("`{part}` is not prop:value"))?;
        let prop_ok = !prop.is_empty() && prop.chars().all(|c| c.is_ascii_lowercase() || c == '-');
        let value_ok = !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "#. ".contains(c));
        if !prop_ok || !value_ok {
            return Err(format!("`{part}` is not a plain style"));
        }
    }
    Ok(())
}

fn node(line: &str, chart: &mut Flowchart) -> Result<(), String> {
    let split = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .ok_or_else(|| format!("`{line}` is not a statement"))?;
    let (name, shape) = line.split_at(split);
    let name = id(name)?;
    for (open, close) in SHAPES {
        if let Some(body) = shape.strip_prefix(open).and_then(|b| b.strip_suffix(close))
            && body.starts_with('"')
        {
            let text = quoted(body)?;
            if chart.nodes.insert(name.to_owned(), text).is_some() {
                return Err(format!("{name} is defined twice"));
            }
            return Ok(());
        }
    }
    Err(format!("`{line}` is no node definition"))
}

fn edge(line: &str, chart: &mut Flowchart) -> Result<bool, String> {
    let Some((from, rest)) = line.split_once(' ') else {
        return Ok(false);
    };
    let Some(style) = LINKS.iter().find(|l| rest.starts_with(**l)) else {
        return Ok(false);
    };
    let after = &rest[style.len()..];
    let (text, to) = if let Some(quoted_label) = after.strip_prefix("|\"") {
        // A label holds no raw `"`, so the first one closes it.
        let end = quoted_label
            .find('"')
            .ok_or("an edge label is not closed")?;
        let to = quoted_label[end..]
            .strip_prefix("\"| ")
            .ok_or_else(|| format!("`{line}`: a label is |\"…\"| then a space"))?;
        (Some(label(&quoted_label[..end])?), to)
    } else {
        let to = after
            .strip_prefix(' ')
            .ok_or_else(|| format!("`{line}`: a space after the link"))?;
        (None, to)
    };
    chart.edges.push((
        id(from)?.to_owned(),
        (*style).to_owned(),
        id(to)?.to_owned(),
        text,
    ));
    Ok(true)
}

/// Checks a flowchart against the grammar's rules for ecomap's subset, and reads it.
fn check(text: &str) -> Result<Flowchart, String> {
    let mut chart = Flowchart::default();
    let mut lines: Vec<&str> = text.lines().collect();
    if lines.first() == Some(&"---") {
        let title = lines
            .get(1)
            .and_then(|l| l.strip_prefix("title: "))
            .ok_or("front matter without a title")?;
        let title: String = serde_json::from_str(title).map_err(|e| e.to_string())?;
        // The title is escaped as a label is: no raw markup, entity codes decoded here.
        let title = label(&title)?;
        if lines.get(2) != Some(&"---") {
            return Err("front matter not closed".into());
        }
        chart.title = Some(title);
        lines.drain(..3);
    }
    let header = lines.first().ok_or("no header")?;
    if !["flowchart LR", "flowchart TB"].contains(header) {
        return Err(format!("`{header}` is not a flowchart header"));
    }
    let (mut depth, mut classes, mut link_styles) = (0usize, Vec::new(), Vec::new());
    for raw in &lines[1..] {
        let line = raw.trim_start();
        if line.starts_with("%%") || line != line.trim_end() || line.is_empty() {
            return Err(format!("`{raw}`: a comment, directive or stray space"));
        }
        if let Some(rest) = line.strip_prefix("subgraph ") {
            let (name, title) = rest.split_once(' ').ok_or("a subgraph needs a title")?;
            let title = title
                .strip_prefix('[')
                .and_then(|t| t.strip_suffix(']'))
                .ok_or("a subgraph title is [\"…\"]")?;
            let title = quoted(title)?;
            chart.subgraphs.push((id(name)?.to_owned(), title));
            depth += 1;
        } else if line == "end" {
            depth = depth.checked_sub(1).ok_or("`end` without a subgraph")?;
        } else if let Some(rest) = line.strip_prefix("classDef ") {
            let (name, style) = rest.split_once(' ').ok_or("classDef NAME STYLE")?;
            id(name)?;
            styles(style)?;
        } else if let Some(rest) = line.strip_prefix("class ") {
            let (members, name) = rest.split_once(' ').ok_or("class IDS NAME")?;
            id(name)?;
            for m in members.split(',') {
                classes.push(id(m)?.to_owned());
            }
        } else if let Some(rest) = line.strip_prefix("linkStyle ") {
            let (indices, style) = rest.split_once(' ').ok_or("linkStyle N STYLE")?;
            for i in indices.split(',') {
                link_styles.push(i.parse::<usize>().map_err(|e| e.to_string())?);
            }
            styles(style)?;
        } else if !edge(line, &mut chart)? {
            node(line, &mut chart)?;
        }
    }
    if depth != 0 {
        return Err("a subgraph is not closed".into());
    }
    for (from, _, to, _) in &chart.edges {
        for end in [from, to] {
            if !chart.nodes.contains_key(end) {
                return Err(format!("the edge end {end} is no node"));
            }
        }
    }
    if let Some(c) = classes.iter().find(|c| !chart.nodes.contains_key(*c)) {
        return Err(format!("class names {c}, which is no node"));
    }
    if let Some(i) = link_styles.iter().find(|i| **i >= chart.edges.len()) {
        return Err(format!(
            "linkStyle {i}: there are {} links",
            chart.edges.len()
        ));
    }
    Ok(chart)
}

#[test]
fn the_checker_rejects_what_mermaid_would_misread() {
    for bad in [
        "flowchart LR\n  a[\"x\"y\"]\n",
        "flowchart LR\n  a[\"<b>x</b>\"]\n",
        "flowchart LR\n  a[\"x\"] %% no\n",
        "flowchart LR\n  %% comment\n",
        "flowchart LR\n  end[\"x\"]\n",
        "flowchart LR\n  a[\"x\"]\n  a --> b\n",
        "flowchart LR\n  a[\"a:b\"]\n",
        "flowchart LR\n  subgraph s [\"x\"]\n",
        "flowchart LR\n  a[\"x\"]\n  linkStyle 0 stroke:#000\n",
        "flowchart LR\n  a[\"x\"]\n  classDef k fill:#fff;\n",
        "graph LR\n",
    ] {
        assert!(check(bad).is_err(), "accepted: {bad}");
    }
    let good = "flowchart LR\n  a[\"x #60;y#62;<br>z\"]\n  b([\"w\"])\n  a -.->|\"e\"| b\n";
    let chart = check(good).expect("valid");
    assert_eq!(chart.nodes["a"], "x <y>\nz");
}

/// The runs of `ecomap dot` for each view of a map; the routes view of its first cohort.
fn views(map: &str) -> Vec<Vec<String>> {
    let mut runs: Vec<Vec<String>> = ["ecosystem", "funding", "overlap"]
        .iter()
        .map(|v| vec!["--view".to_owned(), (*v).to_owned()])
        .collect();
    let summary = ecomap(&["show", map, "-f", "json"]).json();
    if let Some(c) = summary["cohorts"][0]["id"].as_str() {
        runs.push(vec![
            "--view".into(),
            "routes".into(),
            "--cohort".into(),
            c.to_owned(),
        ]);
    }
    runs
}

#[test]
fn every_view_of_every_bundled_map_follows_the_grammar() {
    for map in bundled_maps() {
        for view in views(&map) {
            let mut args = vec!["dot", map.as_str(), "--format", "mermaid"];
            args.extend(view.iter().map(String::as_str));
            let run = ecomap(&args);
            assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
            let chart = check(&run.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"));
            // The same things as the DOT view: one Mermaid link per DOT edge.
            args.truncate(2);
            args.extend(view.iter().map(String::as_str));
            let dot = ecomap(&args).stdout;
            assert_eq!(chart.edges.len(), dot.matches(" -> ").count(), "{args:?}");
            assert!(chart.title.is_some(), "{args:?}");
        }
    }
}

#[test]
fn hostile_names_come_out_escaped_and_intact() {
    let dir = temp_dir();
    write_files(dir.path(), &[("map.yaml", HOSTILE)]);
    for view in views_of_hostile() {
        let mut args = vec!["dot", "map.yaml", "--format", "mermaid"];
        args.extend(view.iter().copied());
        let run = ecomap_in(dir.path(), &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let chart = check(&run.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}\n{}", run.stdout));
        let titles = chart.subgraphs.iter().map(|(_, t)| t);
        let all: Vec<String> = chart
            .nodes
            .values()
            .chain(titles)
            .map(|l| squash(l))
            .collect();
        let has = |name: &str| all.iter().any(|l| l.contains(&squash(name)));
        // Labels wrap at spaces, so whitespace is compared squashed.
        assert!(has(COHORT_NAME), "{args:?}: {all:?}");
        assert!(has(CMHT_NAME), "{args:?}: {all:?}");
        assert!(has(IPS_NAME), "{args:?}: {all:?}");
        if view.contains(&"ecosystem") {
            // The provider frames its services: its name is a subgraph's title.
            assert!(has(PROVIDER_NAME), "{all:?}");
            assert_eq!(
                chart.title.as_deref(),
                Some("Town <&> \"quoted\": the delivery ecosystem")
            );
        }
    }
    // The same map gives the same bytes.
    let once = ecomap_in(dir.path(), &["dot", "map.yaml", "--format", "mermaid"]).stdout;
    let again = ecomap_in(dir.path(), &["dot", "map.yaml", "--format", "mermaid"]).stdout;
    assert_eq!(once, again);
}

fn views_of_hostile() -> Vec<Vec<&'static str>> {
    vec![
        vec!["--view", "ecosystem"],
        vec!["--view", "routes", "--cohort", "smi"],
    ]
}

#[test]
fn mermaid_is_only_for_dot() {
    let run = ecomap(&["report", "examples/sample.yaml", "--format", "mermaid"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot write --format mermaid"),
        "{}",
        run.stderr
    );
}

/// The title of `examples/awkward-names.yaml`'s diagram, `Zoë's "Borough" <b>bold</b> \ back`,
/// reaches the front matter as entity codes, as its labels do: `<` as `#60;`, `>` as `#62;`, `"`
/// as `#34;`, `\` as `#92;`; no raw markup.
#[test]
fn the_title_is_escaped_as_the_labels_are() {
    let run = ecomap(&["dot", "-f", "mermaid", "examples/awkward-names.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let title = run.stdout.lines().nth(1).unwrap_or_default();
    assert!(
        title.starts_with("title: \"Zoë's #34;Borough#34; #60;b#62;bold#60;/b#62; #92; back"),
        "{title}"
    );
    assert!(!title.contains('<') && !title.contains('>'), "{title}");
}
