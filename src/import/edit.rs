//! A map edited in place: new funding lines inserted as text into the right list (a service's
//! `funding:`, created if absent; a commissioner's `funded_by:`), each under a comment saying where
//! it came from, and every other byte of the file kept as it was. The loader's spans find each
//! entity; the text around it is read line by line. Block lists are extended in the style of their
//! items (block or flow mappings); a one-line flow list (`[…]`) gets the new items before its `]`.
//! An entity written as a flow mapping is not edited: its lines go to a paste list instead. Every
//! edit is read back and must give the map as before plus the new lines and nothing else, or it is
//! not made. Nothing here writes a file.

use indexmap::IndexMap;
use serde_json::Value;

use crate::import::place::{Addition, NewLine, Target};
use crate::import::yaml::{self, block_item, flow_item, line_value};
use crate::load::{self, FileId, Sources};
use crate::raw::{RawMap, Spanned};

/// The edits to a map, and the lines that could not be inserted.
#[derive(Debug, Default)]
pub struct Edited {
    pub files: Vec<FileEdit>,
    pub paste: Vec<Paste>,
}

impl Edited {
    /// The new lines inserted into the map's files (not those to paste).
    pub fn lines_inserted(&self) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.insertions)
            .map(|i| i.count)
            .sum()
    }
}

/// One file's edit.
#[derive(Debug)]
pub struct FileEdit {
    pub file: FileId,
    pub name: String,
    pub old: String,
    pub new: String,
    /// Each target's inserted text with the line of the new file where it starts, in file order.
    pub insertions: Vec<Inserted>,
}

/// Text inserted for one target.
#[derive(Debug)]
pub struct Inserted {
    pub target: Target,
    /// 1-based line of the new file where the inserted text starts.
    pub line: usize,
    /// The lines of the new file holding what was inserted (comment lines included).
    pub text: String,
    /// The new lines it holds.
    pub count: usize,
}

/// Lines for a list ecomap could not edit safely, for the user to paste.
#[derive(Debug)]
pub struct Paste {
    pub target: Target,
    pub file: Option<String>,
    pub reason: String,
    /// The lines, as a block list at no indentation.
    pub text: String,
}

/// A target, its new lines, and the offset of its entity's id in its file.
type Located<'a> = (Target, Vec<&'a NewLine>, usize);

/// One place in a file to insert text.
#[derive(Debug, Clone)]
struct Insertion {
    at: usize,
    text: String,
}

/// Works out every edit for `additions` on the map read from `sources`. Each file's edits are
/// applied one target at a time, last place first, and each is read back: an edit that would give
/// anything but the map plus its new lines goes to [`Edited::paste`] instead.
pub fn prepare(sources: &Sources, additions: &[Addition]) -> Edited {
    let mut by_target: IndexMap<Target, Vec<&NewLine>> = IndexMap::new();
    for a in additions {
        by_target.entry(a.target.clone()).or_default().push(&a.line);
    }
    let (raw, _) = crate::load::parse(sources);
    let mut edited = Edited::default();
    let mut per_file: IndexMap<FileId, Vec<Located<'_>>> = IndexMap::new();
    for (target, lines) in by_target {
        match locate(sources, &raw, &target) {
            Some((file, offset)) => per_file
                .entry(file)
                .or_default()
                .push((target, lines, offset)),
            None => edited.paste.push(paste(
                target,
                None,
                "it is not found in the map's files".to_owned(),
                &lines,
            )),
        }
    }
    for (file, targets) in per_file {
        let name = sources.files()[file.0].name.clone();
        let old = sources.text(file).to_owned();
        edit_file(file, name, old, targets, &mut edited);
    }
    edited
}

fn edit_file(
    file: FileId,
    name: String,
    old: String,
    targets: Vec<Located<'_>>,
    edited: &mut Edited,
) {
    let Ok(mut expected) = load::from_str::<Value>(&old) else {
        for (t, lines, _) in targets {
            edited.paste.push(paste(
                t,
                Some(name.clone()),
                "its file could not be read back to check an edit".to_owned(),
                &lines,
            ));
        }
        return;
    };
    let mut planned: Vec<(Target, Vec<Insertion>, Vec<NewLine>)> = Vec::new();
    for (target, lines, offset) in targets {
        match insertions(&old, offset, &target, &lines) {
            Ok(ins) => planned.push((target, ins, lines.into_iter().cloned().collect())),
            Err(reason) => edited
                .paste
                .push(paste(target, Some(name.clone()), reason, &lines)),
        }
    }
    // Last place first, so the earlier offsets still hold in the text as edited.
    planned
        .sort_by_key(|(_, ins, _)| std::cmp::Reverse(ins.iter().map(|i| i.at).max().unwrap_or(0)));
    let mut text = old.clone();
    let mut made: Vec<(Target, Vec<Insertion>, usize)> = Vec::new();
    for (target, ins, lines) in planned {
        let candidate = apply(&text, &ins);
        let mut want = expected.clone();
        push_lines(&mut want, &target, &lines);
        let reads_back = load::from_str::<Value>(&candidate).is_ok_and(|v| v == want);
        if reads_back {
            text = candidate;
            expected = want;
            made.push((target, ins, lines.len()));
        } else {
            let new_lines: Vec<&NewLine> = lines.iter().collect();
            edited.paste.push(paste(
                target,
                Some(name.clone()),
                "the edit did not read back as the map plus the new lines (an unusual layout here)"
                    .to_owned(),
                &new_lines,
            ));
        }
    }
    if made.is_empty() {
        return;
    }
    let mut insertions = located(&text, &made);
    insertions.sort_by_key(|i| i.line);
    edited.files.push(FileEdit {
        file,
        name,
        old,
        new: text,
        insertions,
    });
}

/// Each target's changed lines of the new file (whole lines, so an item added inside a `[…]`
/// shows with its line), with the 1-based line where they start.
fn located(new: &str, made: &[(Target, Vec<Insertion>, usize)]) -> Vec<Inserted> {
    let mut all: Vec<(usize, &Target, &Insertion, usize)> = made
        .iter()
        .flat_map(|(t, ins, count)| ins.iter().map(move |i| (i.at, t, i, *count)))
        .collect();
    all.sort_by_key(|(at, ..)| *at);
    let mut shift = 0;
    let mut spans: IndexMap<&Target, (usize, usize, usize)> = IndexMap::new();
    for (at, target, ins, count) in all {
        let lead = ins.text.len() - ins.text.trim_start_matches(['\r', '\n']).len();
        let (start, end) = (at + shift + lead, at + shift + ins.text.len());
        shift += ins.text.len();
        let span = spans.entry(target).or_insert((start, end, count));
        span.0 = span.0.min(start);
        span.1 = span.1.max(end);
    }
    spans
        .into_iter()
        .map(|(target, (start, end, count))| {
            let line_start = new[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = if new[..end].ends_with('\n') {
                end
            } else {
                new[end..].find('\n').map_or(new.len(), |i| end + i)
            };
            Inserted {
                target: target.clone(),
                line: new[..line_start].matches('\n').count() + 1,
                text: new[line_start..line_end]
                    .trim_end_matches(['\r', '\n'])
                    .to_owned(),
                count,
            }
        })
        .collect()
}

fn apply(text: &str, ins: &[Insertion]) -> String {
    let mut sorted: Vec<&Insertion> = ins.iter().collect();
    sorted.sort_by_key(|i| std::cmp::Reverse(i.at));
    let mut out = text.to_owned();
    for i in sorted {
        out.insert_str(i.at, &i.text);
    }
    out
}

/// The file and the offset of the entity's id, from the loader's spans.
fn locate(sources: &Sources, raw: &[(FileId, RawMap)], target: &Target) -> Option<(FileId, usize)> {
    for (file, map) in raw {
        let key: Option<&Spanned<String>> = match target {
            Target::Service(id) => map.services.keys().find(|k| k.value == id.0),
            Target::Commissioner(id) => map.commissioners.keys().find(|k| k.value == id.0),
        };
        if let Some(k) = key {
            return Some((*file, sources.span_of(*file, k).range.start));
        }
    }
    None
}

fn paste(target: Target, file: Option<String>, reason: String, lines: &[&NewLine]) -> Paste {
    let mut text = String::new();
    for l in lines {
        text.push_str(&block_item(l, 0, 2, "\n"));
    }
    Paste {
        target,
        file,
        reason,
        text,
    }
}

/// A line of the file: where it starts, where its content ends (before the line break), where
/// the next line starts.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    next: usize,
}

fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let (end, next) = match text[start..].find('\n') {
            Some(i) => (start + i, start + i + 1),
            None => (text.len(), text.len()),
        };
        let end = if end > start && text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        out.push(Line { start, end, next });
        start = next;
    }
    out
}

fn indent(text: &str, l: Line) -> usize {
    text[l.start..l.end].len() - text[l.start..l.end].trim_start_matches(' ').len()
}

fn content(text: &str, l: Line) -> &str {
    text[l.start..l.end].trim_start_matches(' ')
}

/// Holds something: neither blank nor only a comment.
fn is_content(text: &str, l: Line) -> bool {
    let c = content(text, l).trim_end();
    !c.is_empty() && !c.starts_with('#')
}

/// What follows `key:` on a line, without a trailing comment: `None` if the line is not that key.
fn after_key<'t>(line: &'t str, key: &str) -> Option<&'t str> {
    let rest = [key.to_owned(), format!("\"{key}\""), format!("'{key}'")]
        .iter()
        .find_map(|k| line.strip_prefix(k.as_str()))?;
    let rest = rest.trim_start_matches(' ').strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some(strip_comment(rest).trim())
}

/// `rest` without a comment (a `#` after a space, outside quotes).
fn strip_comment(rest: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if prev == ' ' || prev == '\t' => return &rest[..i],
            _ => {}
        }
        prev = c;
    }
    rest
}

/// The entity's key as written on its line, and what follows its colon.
fn entity_rest(text: &str, l: Line, offset: usize) -> Option<&str> {
    let line = &text[offset..l.end];
    let (key_end, _) = if let Some(q) = line.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = line[1..].find(q)? + 2;
        (close, ())
    } else {
        (line.find(':')?, ())
    };
    let rest = line[key_end..].trim_start_matches(' ').strip_prefix(':')?;
    Some(strip_comment(rest).trim())
}

/// Where and what to insert for one target, worked out on the file as it was read.
fn insertions(
    text: &str,
    offset: usize,
    target: &Target,
    new: &[&NewLine],
) -> Result<Vec<Insertion>, String> {
    let (list_key, what) = match target {
        Target::Service(id) => ("funding", format!("the service `{id}`")),
        Target::Commissioner(id) => ("funded_by", format!("the commissioner `{id}`")),
    };
    let all = lines(text);
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let k0 = all
        .iter()
        .position(|l| l.start <= offset && offset <= l.end)
        .ok_or("its place in the file is not found")?;
    let indent0 = indent(text, all[k0]);
    if all[k0].start + indent0 != offset {
        return Err(format!(
            "{what} is inside a flow mapping (`{{ … }}`), which ecomap does not edit"
        ));
    }
    match entity_rest(text, all[k0], offset) {
        Some("") => {}
        Some(v) if v.starts_with('{') => {
            return Err(format!(
                "{what} is written as a flow mapping (`{{ … }}`), which ecomap does not edit"
            ));
        }
        _ => {
            return Err(format!(
                "{what} has a value on its key's line (an anchor or alias), which ecomap does not edit"
            ));
        }
    }
    let (last, child_indent) = entity_block(text, &all, k0, indent0);
    let c = child_indent.unwrap_or(indent0 + 2);
    let key_line = (k0 + 1..=last).find(|&i| {
        indent(text, all[i]) == c && after_key(content(text, all[i]), list_key).is_some()
    });
    let Some(k) = key_line else {
        // No list yet: the key and its items at the end of the entity's block.
        let mut t = format!("{}{list_key}:{eol}", " ".repeat(c));
        for l in new {
            t.push_str(&block_item(l, c + 2, 2, eol));
        }
        return Ok(vec![at_line_end(text, all[last], t)]);
    };
    let rest = after_key(content(text, all[k]), list_key).unwrap_or("");
    if rest.is_empty() {
        return block_list(text, &all, k, last, c, new, eol);
    }
    if rest.starts_with('[') {
        return flow_list(text, all[k], c, new, eol).ok_or_else(|| {
            format!("`{list_key}:` of {what} is a flow list over several lines, which ecomap does not edit")
        });
    }
    Err(format!(
        "`{list_key}:` of {what} is written as `{rest}`, not a list ecomap can add to"
    ))
}

/// An insertion after the line `l`; at the end of a file with no final line break, one is added
/// first (and none after).
fn at_line_end(text: &str, l: Line, body: String) -> Insertion {
    let t = if l.next == text.len() && !text.ends_with('\n') {
        let eol = if body.ends_with("\r\n") { "\r\n" } else { "\n" };
        format!("{eol}{}", body.strip_suffix(eol).unwrap_or(&body))
    } else {
        body
    };
    Insertion {
        at: l.next,
        text: t,
    }
}

/// The entity's block: the lines after its key (line `k0`) indented more than `indent0`, up to
/// its last content line; and the indentation of its keys, if it has any.
fn entity_block(text: &str, all: &[Line], k0: usize, indent0: usize) -> (usize, Option<usize>) {
    let mut last = k0;
    let mut child_indent = None;
    for (i, l) in all.iter().enumerate().skip(k0 + 1) {
        if !is_content(text, *l) {
            continue;
        }
        let ind = indent(text, *l);
        if ind <= indent0 {
            break;
        }
        child_indent.get_or_insert(ind);
        last = i;
    }
    (last, child_indent)
}

/// Items added inside a one-line flow list (`funding: […]` on line `l`, keys at indentation `c`)
/// before its `]`, with their comments on lines of their own above the key. `None` when the list
/// does not close on its line.
fn flow_list(text: &str, l: Line, c: usize, new: &[&NewLine], eol: &str) -> Option<Vec<Insertion>> {
    let open = l.start + text[l.start..l.end].find('[')?;
    let close = closing_bracket(text, open, l.end)?;
    let inside = text[open + 1..close].trim();
    let joined = new
        .iter()
        .map(|n| flow_item(n))
        .collect::<Vec<_>>()
        .join(", ");
    let item_text = if inside.is_empty() {
        joined
    } else if inside.ends_with(',') {
        format!(" {joined}")
    } else {
        format!(", {joined}")
    };
    let comments = new
        .iter()
        .map(|n| format!("{}# {}{eol}", " ".repeat(c), yaml::comment(&n.comment)))
        .collect();
    Some(vec![
        Insertion {
            at: l.start,
            text: comments,
        },
        Insertion {
            at: close,
            text: item_text,
        },
    ])
}

/// Items added after the last item of a block list whose key is on line `k`.
fn block_list(
    text: &str,
    all: &[Line],
    k: usize,
    last_in_entity: usize,
    c: usize,
    new: &[&NewLine],
    eol: &str,
) -> Result<Vec<Insertion>, String> {
    let first = (k + 1..=last_in_entity).find(|&i| is_content(text, all[i]));
    let dash = |i: usize| {
        let t = content(text, all[i]);
        t == "-" || t.starts_with("- ")
    };
    let Some(first) =
        first.filter(|&i| indent(text, all[i]) > c || (indent(text, all[i]) == c && dash(i)))
    else {
        // `funding:` with nothing under it: the items go right under the key.
        let mut t = String::new();
        for l in new {
            t.push_str(&block_item(l, c + 2, 2, eol));
        }
        return Ok(vec![at_line_end(text, all[k], t)]);
    };
    let d = indent(text, all[first]);
    if !dash(first) {
        return Err("its list is not written as `- ` items".to_owned());
    }
    let (mut last, mut last_item) = (first, first);
    for (i, l) in all
        .iter()
        .enumerate()
        .take(last_in_entity + 1)
        .skip(first + 1)
    {
        if !is_content(text, *l) {
            continue;
        }
        let ind = indent(text, *l);
        if ind > d {
            last = i;
        } else if ind == d && dash(i) {
            last = i;
            last_item = i;
        } else {
            break;
        }
    }
    let item = content(text, all[last_item]);
    let after_dash = item[1..].trim_start_matches(' ');
    let mut t = String::new();
    if after_dash.starts_with('{') {
        for l in new {
            t.push_str(&format!(
                "{}# {}{eol}",
                " ".repeat(d),
                yaml::comment(&l.comment)
            ));
            t.push_str(&format!("{}- {}{eol}", " ".repeat(d), flow_item(l)));
        }
    } else {
        let key_col = (item.len() - after_dash.len()).max(2);
        for l in new {
            t.push_str(&block_item(l, d, key_col, eol));
        }
    }
    Ok(vec![at_line_end(text, all[last], t)])
}

/// The `]` closing the `[` at `open`, on the same line (before `line_end`).
fn closing_bracket(text: &str, open: usize, line_end: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in text[open..line_end].char_indices() {
        match (quote, c) {
            (Some('"'), '\\') => {}
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `doc` with `lines` added to the target's list.
fn push_lines(doc: &mut Value, target: &Target, lines: &[NewLine]) {
    let (section, key) = match target {
        Target::Service(_) => ("services", "funding"),
        Target::Commissioner(_) => ("commissioners", "funded_by"),
    };
    let Some(entity) = doc
        .get_mut(section)
        .and_then(|s| s.get_mut(target.id().as_str()))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let list = entity
        .entry(key)
        .or_insert_with(|| Value::Array(Vec::new()));
    if list.is_null() {
        *list = Value::Array(Vec::new());
    }
    if let Some(items) = list.as_array_mut() {
        items.extend(lines.iter().map(line_value));
    }
}
