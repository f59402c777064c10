//! Renders diagnostics as text with the offending lines, through codespan-reporting (which can
//! label two files in one diagnostic, as a duplicate id across a map's folder needs).
//!
//! codespan-reporting is given an excerpt of each file, not the file: only the lines a diagnostic
//! points at, each cut to a readable width around its label, with control characters made visible
//! (`\u{1b}`), and line numbers and columns that are the file's own. So a line of 100 MB prints as
//! a line of the terminal's width, a line ending is a line ending whichever kind it is, and nothing
//! from the map can steer the terminal.

use std::ops::Range;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error, Files};
use codespan_reporting::term::{self, termcolor};

use super::{Diagnostic, Severity};
use crate::source::{FileId, Sources};
use crate::visible::{shorten, visible_inline};

/// The widest a quoted source line is shown, in characters.
const LINE_WIDTH: usize = 120;
/// How far into a cut line its label starts, in characters.
const LEAD: usize = 40;
/// The longest a message, label or help is shown, in characters.
const MESSAGE_WIDTH: usize = 1_000;
/// The longest a quoted value (between backticks) in a message is shown, in characters.
const QUOTE_WIDTH: usize = 80;

/// Every diagnostic as text, with ANSI colour when `color` is set.
pub fn render(diagnostics: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let config = term::Config::default();
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    for d in diagnostics {
        let severity = match d.severity {
            Severity::Error => cs::Severity::Error,
            Severity::Warning => cs::Severity::Warning,
        };
        let labels: Vec<(bool, &super::Label)> = d
            .primary
            .iter()
            .map(|l| (true, l))
            .chain(d.secondary.iter().map(|l| (false, l)))
            .collect();
        let excerpts = Excerpts::new(sources, &labels);
        let labels = labels
            .iter()
            .map(|(primary, l)| {
                let range = excerpts.place(l.span.file, &l.span.range);
                let label = if *primary {
                    cs::Label::primary(l.span.file.0, range)
                } else {
                    cs::Label::secondary(l.span.file.0, range)
                };
                label.with_message(words(&l.message))
            })
            .collect();
        let mut diagnostic = cs::Diagnostic::new(severity)
            .with_code(d.code.name())
            .with_message(words(&d.message))
            .with_labels(labels);
        if let Some(help) = &d.help {
            diagnostic = diagnostic.with_notes(vec![format!("help: {}", words(help))]);
        }
        if term::emit_to_write_style(&mut buffer, &config, &excerpts, &diagnostic).is_err() {
            // A label that cannot be drawn: the message alone.
            let line = format!(
                "{}[{}]: {}\n",
                severity_word(d.severity),
                d.code.name(),
                words(&d.message)
            );
            buffer = append(buffer, &line);
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// A message for the terminal: on one line, control characters visible, quoted values and the
/// whole cut to a readable length.
fn words(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(MESSAGE_WIDTH));
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        // Odd parts are between backticks: a value quoted from the map.
        if i % 2 == 1 {
            out.push_str(&shorten(part, QUOTE_WIDTH));
        } else {
            out.push_str(part);
        }
    }
    shorten(&visible_inline(&out), MESSAGE_WIDTH).into_owned()
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn append(mut buffer: termcolor::Buffer, text: &str) -> termcolor::Buffer {
    use std::io::Write;
    // Writing to an in-memory buffer cannot fail.
    let _ = buffer.write_all(text.as_bytes());
    buffer
}

/// The lines one diagnostic points at, file by file, as codespan-reporting is to show them.
struct Excerpts {
    /// By file id; files the diagnostic does not point into are empty.
    files: Vec<Excerpt>,
}

#[derive(Default)]
struct Excerpt {
    name: String,
    /// The shown lines, each ending in `\n`.
    text: String,
    lines: Vec<Shown>,
}

/// One line as shown: where it is in the excerpt, and how the excerpt maps to the file.
struct Shown {
    /// 0-based line of the file.
    line: usize,
    /// The line's bytes in the file (without its line break).
    source: Range<usize>,
    /// Its text in the excerpt (without the `\n`).
    range: Range<usize>,
    /// For each character shown: its offset in the excerpt, the offset in the file it stands for,
    /// and that character's 1-based column in the file (`…` marks stand for the cut text).
    chars: Vec<(usize, usize, usize)>,
}

impl Excerpts {
    fn new(sources: &Sources, labels: &[(bool, &super::Label)]) -> Excerpts {
        let mut files: Vec<Excerpt> = (0..sources.files().len())
            .map(|_| Excerpt::default())
            .collect();
        // Each line a label starts on, with the place to show (the primary label's start first).
        let mut wanted: Vec<(FileId, usize, usize)> = Vec::new();
        for (_, l) in labels {
            let file = l.span.file;
            let line = sources.line_of(file, l.span.range.start);
            if !wanted.iter().any(|(f, n, _)| *f == file && *n == line) {
                wanted.push((file, line, l.span.range.start));
            }
        }
        wanted.sort_by_key(|(f, n, _)| (f.0, *n));
        // codespan-reporting shows the line between two labelled lines one apart, rather than
        // a break: it must be in the excerpt too.
        let between: Vec<(FileId, usize, usize)> = wanted
            .windows(2)
            .filter(|w| w[0].0 == w[1].0 && w[1].1 == w[0].1 + 2)
            .filter_map(|w| {
                let start = sources.line_range(w[0].0, w[0].1 + 1)?.start;
                Some((w[0].0, w[0].1 + 1, start))
            })
            .collect();
        wanted.extend(between);
        wanted.sort_by_key(|(f, n, _)| (f.0, *n));
        for (file, line, focus) in wanted {
            let (Some(excerpt), Some(source)) =
                (files.get_mut(file.0), sources.line_range(file, line))
            else {
                continue;
            };
            excerpt.name = visible_inline(sources.name(file)).into_owned();
            let text = &sources.text(file)[source.clone()];
            excerpt.push(line, source, text, focus);
        }
        Excerpts { files }
    }

    /// The excerpt's range for a label's range in the file: from its start, to the end of its
    /// first line at most.
    fn place(&self, file: FileId, range: &Range<usize>) -> Range<usize> {
        let Some(shown) = self.files.get(file.0).and_then(|e| {
            e.lines
                .iter()
                .find(|s| s.source.start <= range.start && range.start <= s.source.end)
        }) else {
            return 0..0;
        };
        let start = shown.at(range.start);
        let end = shown.at(range.end.min(shown.source.end)).max(start);
        start..end
    }
}

impl Excerpt {
    /// Adds a line of the file, made visible and cut around `focus` (a byte offset in the file).
    /// Only the characters shown are looked at one by one, however long the line.
    fn push(&mut self, line: usize, source: Range<usize>, text: &str, focus: usize) {
        let mut focus_at = focus.saturating_sub(source.start).min(text.len());
        while !text.is_char_boundary(focus_at) {
            focus_at -= 1;
        }
        // The window of characters shown: the whole line when it fits, else LEAD characters
        // before the focus (more when the line ends sooner) and the rest after.
        let (first_byte, first_column) = if text.chars().nth(LINE_WIDTH).is_none() {
            (0, 0)
        } else {
            let before = &text[..focus_at];
            let before_count = before.chars().count();
            let after_count = text[focus_at..].chars().take(LINE_WIDTH).count();
            let lead = LEAD.max(LINE_WIDTH - after_count).min(before_count);
            let byte = match lead {
                0 => focus_at,
                n => before.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i),
            };
            (byte, before_count - lead)
        };
        let start = self.text.len();
        let mut chars = Vec::new();
        if first_column > 0 {
            // The mark stands for the last character cut.
            let cut = text[..first_byte]
                .char_indices()
                .next_back()
                .map_or(0, |(i, _)| i);
            chars.push((self.text.len(), source.start + cut, first_column));
            self.text.push('…');
        }
        let mut shown = text[first_byte..].char_indices();
        for (n, (i, c)) in shown.by_ref().take(LINE_WIDTH).enumerate() {
            chars.push((
                self.text.len(),
                source.start + first_byte + i,
                first_column + n + 1,
            ));
            if c == '\t' {
                self.text.push(c);
            } else {
                self.text
                    .push_str(&visible_inline(c.encode_utf8(&mut [0; 4])));
            }
        }
        if let Some((i, _)) = shown.next() {
            let column = chars.last().map_or(1, |c| c.2 + 1);
            chars.push((self.text.len(), source.start + first_byte + i, column));
            self.text.push('…');
        }
        // The end of the line stands for the end of the line in the file.
        let end_column = chars.last().map_or(1, |c| c.2 + 1);
        chars.push((self.text.len(), source.end, end_column));
        let range = start..self.text.len();
        self.text.push('\n');
        self.lines.push(Shown {
            line,
            source,
            range,
            chars,
        });
    }
}

impl Shown {
    /// The excerpt offset standing for a file offset on this line (the nearest shown place).
    fn at(&self, offset: usize) -> usize {
        let i = self.chars.partition_point(|(_, at, _)| *at < offset);
        let (start, ..) = self.chars[i.min(self.chars.len() - 1)];
        start
    }

    /// The file's column for an excerpt offset on this line.
    fn column(&self, offset: usize) -> usize {
        let i = self.chars.partition_point(|(at, ..)| *at <= offset);
        self.chars[i.saturating_sub(1)].2
    }
}

impl<'a> Files<'a> for Excerpts {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, Error> {
        self.files
            .get(id)
            .map(|e| e.name.as_str())
            .ok_or(Error::FileMissing)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, Error> {
        self.files
            .get(id)
            .map(|e| e.text.as_str())
            .ok_or(Error::FileMissing)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, Error> {
        let excerpt = self.files.get(id).ok_or(Error::FileMissing)?;
        let shown = excerpt
            .lines
            .iter()
            .find(|s| byte_index <= s.range.end)
            .or(excerpt.lines.last())
            .ok_or(Error::FileMissing)?;
        Ok(shown.line)
    }

    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        let shown = self.shown(id, line_index)?;
        Ok(shown.column(byte_index))
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, Error> {
        let shown = self.shown(id, line_index)?;
        Ok(shown.range.start..shown.range.end + 1)
    }
}

impl Excerpts {
    fn shown(&self, id: usize, line: usize) -> Result<&Shown, Error> {
        let excerpt = self.files.get(id).ok_or(Error::FileMissing)?;
        excerpt
            .lines
            .iter()
            .find(|s| s.line == line)
            .ok_or(Error::LineTooLarge {
                given: line,
                max: excerpt.lines.last().map_or(0, |s| s.line),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, Span};

    fn one(text: &str, range: Range<usize>) -> String {
        let mut sources = Sources::default();
        let file = sources.add("m.yaml", text);
        let d = Diagnostic::new(Code::WrongType, "bad").at(Span { file, range }, "here");
        render(&[d], &sources, false)
    }

    #[test]
    fn lines_and_columns_are_the_files_own() {
        // Line 3 (after a lone CR and a CRLF, so it starts at offset 11), column 5: `x`.
        let out = one("a: 1\rb: 2\r\nc: 3x\n", 15..16);
        assert!(out.contains("┌─ m.yaml:3:5"), "{out}");
        assert!(out.contains("3 │ c: 3x\n"), "{out}");
    }

    #[test]
    fn a_long_line_is_cut_around_its_label() {
        // The label at column 1,001 of a line of 2,000 characters.
        let text = format!("{}XY{}\n", "a".repeat(1000), "b".repeat(998));
        let out = one(&text, 1000..1002);
        assert!(out.contains("┌─ m.yaml:1:1001"), "{out}");
        assert!(
            out.contains(&format!("1 │ …{}XY", "a".repeat(LEAD))),
            "{out}"
        );
        assert!(
            out.lines().all(|l| l.chars().count() < LINE_WIDTH + 20),
            "{out}"
        );
        assert!(out.contains("^^ here"), "{out}");
    }

    #[test]
    fn control_characters_are_shown_as_escapes() {
        let out = one("name: \u{1b}[31mred\u{7}\n", 6..16);
        assert!(!out.contains('\u{1b}'), "{out:?}");
        assert!(out.contains("name: \\u{1b}[31mred\\u{7}"), "{out}");
    }
}
