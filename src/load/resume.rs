//! Reading a file past its mistakes of value and key: the parser stops at the first (an unknown
//! key, a word where a number belongs), so the file is read again with the lines that hold it
//! blanked, until it reads or a mistake of another kind (of YAML syntax, of a limit) is met. Each
//! mistake is reported where it is written, and the file, less what was blanked, is given back so
//! the checks of one place (dates, shares, known words) are made on the rest of it.
//!
//! Blanking keeps every byte's offset and every line's number: each character of a blanked line is
//! replaced by spaces of its width in bytes, so every place found in the blanked text is the place
//! in the file as written.

use std::ops::Range;

use super::budget::Budget;
use crate::diag::{Code, Diagnostic};
use crate::raw::RawMap;
use crate::source::{FileId, Sources};

/// The most times a file is read again: past this many mistakes, mending some first is quicker.
const MAX_READS: usize = 50;

/// Whether a file is read again past a mistake of this kind: one of a key or a value, which
/// leaves the rest of the file as well-formed as it was.
pub(crate) fn resumable(code: Code) -> bool {
    matches!(
        code,
        Code::UnknownKey | Code::MissingKey | Code::WrongType | Code::DuplicateKey
    )
}

/// Reads file `id` again past `first` and each mistake after it. Returns the file less the lines
/// blanked, if it then reads, and every mistake found, `first` first.
pub(super) fn read_past(
    sources: &Sources,
    id: FileId,
    first: Diagnostic,
) -> (Option<RawMap>, Vec<Diagnostic>) {
    let mut text = sources.text(id).to_owned();
    // The entries a key was blanked from: a key missing from one of them is the blanked key.
    let mut trimmed: Vec<Range<usize>> = Vec::new();
    let mut next = blank_for(&text, &first, &mut trimmed);
    let mut found = vec![first];
    for _ in 0..MAX_READS {
        let Some(blank) = next.take() else { break };
        blank_with_emptied_parents(&mut text, blank);
        let mut patched = sources.clone();
        patched.files[id.0].text.clone_from(&text);
        let mut budget = Budget::new(&sources.limits);
        let d = match super::parse_file::<RawMap>(&patched, id, &mut budget, false) {
            Ok(map) => return (Some(map.unwrap_or_default()), found),
            Err(d) => *d,
        };
        if !resumable(d.code) || found.last().is_some_and(|last| same_place(&d, last)) {
            break;
        }
        if d.code == Code::MissingKey && within(&d, &trimmed) {
            // The key was there, misspelt or with a wrong value, and is reported already: its
            // entry goes, without a second report.
            next = at(&d).and_then(|at| entry_lines(&text, at));
            continue;
        }
        next = blank_for(&text, &d, &mut trimmed);
        found.push(d);
    }
    (None, found)
}

/// Where a diagnostic points, as a byte offset.
fn at(d: &Diagnostic) -> Option<usize> {
    d.primary.as_ref().map(|l| l.span.range.start)
}

/// The lines to blank past `d`, if any can be told.
fn blank_for(text: &str, d: &Diagnostic, trimmed: &mut Vec<Range<usize>>) -> Option<Range<usize>> {
    lines_to_blank(text, at(d)?, d.code, trimmed)
}

fn same_place(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.code == b.code && a.primary.as_ref().map(|l| &l.span) == b.primary.as_ref().map(|l| &l.span)
}

fn within(d: &Diagnostic, trimmed: &[Range<usize>]) -> bool {
    d.primary
        .as_ref()
        .is_some_and(|l| trimmed.iter().any(|r| r.contains(&l.span.range.start)))
}

/// The lines to blank for a mistake at `at`: an unknown or repeated key with what is under it,
/// a value with the key it is under, anything else with the whole entry (a service, a cohort, …)
/// that holds it; what holds the lines blanked is noted in `trimmed`. `None` when no line can be
/// told.
fn lines_to_blank(
    text: &str,
    at: usize,
    code: Code,
    trimmed: &mut Vec<Range<usize>>,
) -> Option<Range<usize>> {
    let entry = entry_lines(text, at)?;
    let key = key_lines(text, at).filter(|k| k.start > entry.start || k.end < entry.end);
    let blank = match (code, key) {
        (Code::UnknownKey | Code::DuplicateKey | Code::WrongType, Some(key)) => key,
        _ => entry,
    };
    trimmed.extend(parent_lines(text, blank.start));
    Some(blank)
}

/// The lines of the key that holds the line starting at byte `start` (`area:` above `  name:`),
/// with all under it.
fn parent_lines(text: &str, start: usize) -> Option<Range<usize>> {
    let lines = lines(text);
    let here = line_index(&lines, start);
    let parent = (0..here)
        .rev()
        .find(|&i| lines[i].2 && lines[i].1 < lines[here].1)?;
    Some(block(text, &lines, parent, lines[parent].1))
}

/// The lines of `text` as (start, indentation, whether it holds anything), in order.
fn lines(text: &str) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        let holds = !content.trim().is_empty() && !content.starts_with('#');
        out.push((start, indent, holds));
        start += line.len();
    }
    out
}

/// The index of the line that holds byte `at`.
fn line_index(lines: &[(usize, usize, bool)], at: usize) -> usize {
    lines
        .partition_point(|(start, ..)| *start <= at)
        .saturating_sub(1)
}

/// The byte range from line `from` to the start of the next line after it that holds something
/// and is indented `indent` or less (the end of the text if none).
fn block(text: &str, lines: &[(usize, usize, bool)], from: usize, indent: usize) -> Range<usize> {
    let end = (lines.iter().skip(from + 1))
        .find(|(_, i, holds)| *holds && *i <= indent)
        .map_or(text.len(), |(start, ..)| *start);
    lines[from].0..end
}

/// The entry that holds byte `at`: the line under a top-level key at the indentation of that
/// key's entries (`  ips:` under `services:`) with the lines under it; a top-level line when
/// `at` is on one.
fn entry_lines(text: &str, at: usize) -> Option<Range<usize>> {
    let lines = lines(text);
    let here = line_index(&lines, at);
    let top = (0..=here).rev().find(|&i| lines[i].2 && lines[i].1 == 0)?;
    if top == here {
        return Some(block(text, &lines, top, 0));
    }
    let child = (lines.iter().skip(top + 1)).find(|(_, _, holds)| *holds)?.1;
    let entry = (top + 1..=here)
        .rev()
        .find(|&i| lines[i].2 && lines[i].1 <= child)?;
    Some(block(text, &lines, entry, lines[entry].1))
}

/// The line that holds byte `at` (a key, or a key and its value) with the lines under it.
fn key_lines(text: &str, at: usize) -> Option<Range<usize>> {
    let lines = lines(text);
    let here = line_index(&lines, at);
    let (_, indent, holds) = lines[here];
    holds.then(|| block(text, &lines, here, indent))
}

/// Blanks `range` and each key above it that is left with nothing under it (`  c:` once its
/// keys are blanked, `cohorts:` once its entries are): such a key would be reported as a key with
/// no value.
fn blank_with_emptied_parents(text: &mut String, range: Range<usize>) {
    let mut start = range.start;
    let mut indent = {
        let lines = lines(text);
        lines[line_index(&lines, start)].1
    };
    blank_lines(text, range);
    loop {
        let lines = lines(text);
        let here = line_index(&lines, start);
        let Some(parent) = (0..here).rev().find(|&i| lines[i].2 && lines[i].1 < indent) else {
            return;
        };
        let under = block(text, &lines, parent, lines[parent].1);
        let holds_more = (lines.iter().skip(parent + 1))
            .take_while(|(s, ..)| *s < under.end)
            .any(|(_, _, holds)| *holds);
        let key = text[under.clone()].lines().next().unwrap_or("");
        let key = key.split(" #").next().unwrap_or(key).trim_end();
        if holds_more || !key.ends_with(':') {
            return;
        }
        start = under.start;
        indent = lines[parent].1;
        blank_lines(text, under);
    }
}

/// Replaces every character in `range` but line breaks by spaces of its width in bytes.
fn blank_lines(text: &mut String, range: Range<usize>) {
    let blanked: String = text[range.clone()]
        .chars()
        .flat_map(|c| {
            let n = if c == '\n' || c == '\r' {
                0
            } else {
                c.len_utf8()
            };
            std::iter::repeat_n(' ', n).chain((n == 0).then_some(c))
        })
        .collect();
    text.replace_range(range, &blanked);
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAP: &str =
        "area: { id: t, name: T }\nservices:\n  a:\n    name: A\n    sise: 3\n  b:\n    name: B\n";

    #[test]
    fn an_entry_is_its_line_and_the_lines_under_it() {
        // Lines of 25, 10, 5, 12 and 12 bytes: `  a:` (line 3) starts at byte 35, `    sise: 3`
        // (line 5) at 52, and `  b:`, where the entry ends, at 64.
        let at = MAP.find("sise").unwrap_or(0);
        assert_eq!(entry_lines(MAP, at), Some(35..64));
        // The key's own lines: line 5 alone, from anywhere on it.
        assert_eq!(key_lines(MAP, at), Some(52..64));
        assert_eq!(key_lines(MAP, at + 6), Some(52..64));
    }

    #[test]
    fn blanking_keeps_every_offset_and_line() {
        let mut text = "  x: £1\n  y: 2\n".to_owned();
        blank_lines(&mut text, 0..9);
        assert_eq!(text.len(), "  x: £1\n  y: 2\n".len());
        assert_eq!(text, format!("{}\n  y: 2\n", " ".repeat(8)));
    }
}
