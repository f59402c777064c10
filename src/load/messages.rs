//! The YAML parser's errors, the budget's breaches and the problems of reading a file, as
//! diagnostics in ecomap's own words: a code, a message a map writer understands, the place, and
//! how to mend it. Parser errors are told apart by their kind, never by their wording; no text of
//! the parser's reaches the user.

use std::ops::Range;

use serde_saphyr::granit_parser::ErrorKind as Scan;

use super::budget::{Breach, MAX_DEPTH, MAX_VALUE_BYTES};
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::source::{FileId, Problem, Sources, Span};

/// `1234567` → `1,234,567`.
fn thousands(n: u64) -> String {
    crate::money::group_thousands(n)
}

/// A problem reading a file, as a diagnostic at the start of the file (or at the first byte that
/// is not UTF-8).
pub(crate) fn read_problem(sources: &Sources, file: FileId, problem: &Problem) -> Diagnostic {
    let name = sources.name(file);
    let start = Span { file, range: 0..0 };
    match problem {
        Problem::FileTooLarge { limit } => Diagnostic::new(
            Code::InputTooLarge,
            format!("{name} has more than the {} bytes a map file may have", thousands(*limit)),
        )
        .at(start, "this file is too large")
        .help("is it a map? If it is, --max-file-size raises the limit (such as --max-file-size 64MB); `ecomap docs robustness` says why there is one"),
        Problem::MapTooLarge { limit } => Diagnostic::new(
            Code::InputTooLarge,
            format!(
                "with {name}, the map's files come to more than the {} bytes a map may have",
                thousands(*limit)
            ),
        )
        .at(start, "the map's limit is passed in this file")
        .help("--max-map-size raises the limit (such as --max-map-size 128MB); the files after this one were not read"),
        Problem::NotUtf8 { offset, .. } => Diagnostic::new(
            Code::NotUtf8,
            format!("{name} is not UTF-8 text"),
        )
        .at(
            Span {
                file,
                range: *offset..(*offset + '\u{FFFD}'.len_utf8()).min(sources.text(file).len()),
            },
            "this byte is not UTF-8",
        )
        .help("save the file as UTF-8 (most editors offer it under Save As, as the encoding); text written in Latin-1 or Windows-1252 is the usual cause"),
        Problem::Utf16 => Diagnostic::new(Code::NotUtf8, format!("{name} is UTF-16 text, not UTF-8"))
            .at(start, "this file is UTF-16")
            .help("save the file as UTF-8 (most editors offer it under Save As, as the encoding)"),
        Problem::Unreadable(why) => Diagnostic::new(
            Code::UnreadableFile,
            format!("{name} cannot be read: {why}"),
        )
        .at(start, "this file cannot be read")
        .help("a map's files are ordinary YAML files you may read: make this one such a file (or copy what it holds into one), or move it out of the folder"),
        Problem::Folder => Diagnostic::new(
            Code::UnreadableFile,
            format!("{name} is a folder, named as a map file: the files in it are not read"),
        )
        .at(start, "a folder, not a file")
        .help("a map is the .yaml and .yml files directly in its folder, never those in folders inside it: move the files you mean to be part of the map up into the map's folder, or rename this folder so its name does not end in .yaml or .yml"),
    }
}

/// A breach of the YAML budget, at the place it happened.
pub(crate) fn breach(file: FileId, breach: &Breach, at: usize) -> Diagnostic {
    let span = Span {
        file,
        range: at..at + 1,
    };
    let (code, message, help) = match breach {
        Breach::Bytes { limit } => (
            Code::YamlLimit,
            format!(
                "the whole map, with every alias written out, holds more than {} bytes of values",
                thousands(*limit)
            ),
            "an alias (`*name`) counts as all it stands for: write the entries out, or use fewer aliases; if the map is this big, --max-map-size raises the limit".to_owned(),
        ),
        Breach::Values { limit } => (
            Code::YamlLimit,
            format!(
                "the whole map, with every alias written out, holds more than {} values",
                thousands(*limit)
            ),
            "an alias (`*name`) counts as all it stands for: write the entries out, or use fewer aliases; if the map is this big, --max-map-size raises the limit".to_owned(),
        ),
        Breach::Depth => (
            Code::YamlLimit,
            format!("the YAML nests more than {MAX_DEPTH} levels deep"),
            "a map needs no deep nesting: split a deeply nested rule into named rules that use each other".to_owned(),
        ),
        Breach::LongValue { bytes } => (
            Code::YamlLimit,
            format!(
                "a value of {} bytes: a map's names and words take at most {}",
                thousands(*bytes as u64),
                thousands(MAX_VALUE_BYTES as u64)
            ),
            "shorten it; a long text belongs in a document the map cites in `source:`".to_owned(),
        ),
        Breach::SecondDocument => (
            Code::MultipleDocuments,
            "this file holds a second YAML document".to_owned(),
            "a map file is one document: remove this `---` line, or move what follows into a file of its own in the map's folder".to_owned(),
        ),
    };
    let label = match breach {
        Breach::SecondDocument => "a second document starts here",
        _ => "the limit is passed here",
    };
    Diagnostic::new(code, message).at(span, label).help(help)
}

/// Turns the parser's error into a diagnostic with a code, a message a map writer understands, a
/// location and help. Matches on the kind of error, never on its wording.
pub(crate) fn parse_error(sources: &Sources, file: FileId, e: &serde_saphyr::Error) -> Diagnostic {
    use serde_saphyr::Error as E;
    let span = e
        .location()
        .map(|l| sources.location_span(file, &l.into()))
        .unwrap_or(Span { file, range: 0..0 });
    let found = sources
        .text(file)
        .get(span.range.clone())
        .unwrap_or("")
        .trim()
        .to_owned();
    let mut inner = e;
    while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = inner {
        inner = error;
    }
    match inner {
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            let help = match did_you_mean(field, expected.iter().copied()) {
                Some(dym) => format!("{dym} The keys allowed here are: {}.", expected.join(", ")),
                None => format!("remove it, or use one of: {}.", expected.join(", ")),
            };
            Diagnostic::new(Code::UnknownKey, format!("unknown key `{field}`"))
                .at(span, "this key is not part of the map format here")
                .help(help)
        }
        E::SerdeMissingField { field, .. } => {
            let text = sources.text(file);
            let entry = entry_key(text, span.range.start);
            if let Some(d) = entry.clone().and_then(|e| indented_less(text, file, e, field)) {
                return d;
            }
            Diagnostic::new(Code::MissingKey, format!("missing key `{field}`"))
                // The parser reports the end of the entry; the entry's own key is where a reader looks.
                .at(
                    entry_key(sources.text(file), span.range.start)
                        .map_or(span, |range| Span { file, range }),
                    format!("this entry has no `{field}`"),
                )
                .help(format!(
                    "add `{field}: …`; `ecomap docs format` lists what each entry needs"
                ))
        }
        E::DuplicateMappingKey { key, .. } => {
            let key = key.clone().unwrap_or(found);
            let d = Diagnostic::new(Code::DuplicateKey, format!("the key `{key}` is given twice in one mapping"))
                .help("keep one of the two: YAML would keep only one, silently. Two entities need two ids");
            match earlier_sibling_key(sources.text(file), span.range.start, &key) {
                Some(first) => d
                    .at(span, "given again here…")
                    .also(Span { file, range: first }, "…after this one"),
                None => d.at(span, "given again here"),
            }
        }
        E::Budget { .. }
        | E::AliasReplayCounterOverflow { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => Diagnostic::new(
            Code::YamlLimit,
            "the aliases here stand for more than the loader reads safely",
        )
        .at(span, "the limit is passed here")
        .help("write the entries out instead of nesting aliases in aliases"),
        E::MultipleDocuments { .. } => Diagnostic::new(
            Code::MultipleDocuments,
            "this file holds a second YAML document",
        )
        .at(span, "a second document starts here")
        .help("a map file is one document: remove the `---` line, or move what follows into a file of its own in the map's folder"),
        E::UnknownAnchor { .. } => syntax(
            span,
            "an alias (`*name`) with no anchor (`&name`) before it".to_owned(),
            "give the anchor first, as `key: &name value`, or write the value out",
        ),
        E::RecursiveReferencesRequireWeakTypes { .. } => syntax(
            span,
            "an alias (`*name`) inside the value it names".to_owned(),
            "a value cannot contain itself: write it out",
        ),
        E::NullIntoString { .. }
        | E::InvalidScalar { .. }
        | E::Unexpected { .. }
        | E::SerdeInvalidType { .. }
            if is_no_value(&found) =>
        {
            no_value(sources.text(file), span)
        }
        other => {
            // A key glued to its value is read as one word: where the parser then stops (a
            // syntax error, or a word where a mapping belongs), the glued key is the cause.
            let text = sources.text(file);
            let d = value_error(other, span.clone(), found);
            if matches!(d.code, Code::YamlSyntax | Code::WrongType) {
                let mapping_expected = matches!(
                    other,
                    E::Unexpected {
                        expected: "mapping start",
                        ..
                    }
                );
                return (glued_colon(text, span.clone()))
                    .or_else(|| mapping_expected.then(|| key_moved_out(text, span)).flatten())
                    .unwrap_or(d);
            }
            d
        }
    }
}

/// A `yaml-syntax` diagnostic for a key written with no space after its colon (`sector:nhs`),
/// which YAML reads as one word, not a key and its value; `None` when the line at `span` is not
/// such a line.
fn glued_colon(text: &str, span: Span) -> Option<Diagnostic> {
    let start = span.range.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or("");
    let indent = line.len() - line.trim_start_matches(' ').len();
    let content = line[indent..].split(" #").next().unwrap_or("").trim_end();
    let (key, value) = content.split_once(':')?;
    let is_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !is_key || value.is_empty() || value.starts_with([' ', ':']) {
        return None;
    }
    let at = line_start + indent;
    Some(
        Diagnostic::new(
            Code::YamlSyntax,
            format!(
                "`{content}` has no space after its colon, so it is not read as a key and its value"
            ),
        )
        .at(
            Span {
                file: span.file,
                range: at..at + content.len(),
            },
            "no space after the colon",
        )
        .help(format!(
            "add a space after the colon: `{key}: {value}` (text that holds a colon, such as a \
             web address, is written in quotes)"
        )),
    )
}

/// Whether the text where the parser stopped is a key's missing value: nothing after the colon
/// (the parser points at the colon, or at the line's end), or YAML's words for nothing.
fn is_no_value(found: &str) -> bool {
    matches!(found, "" | ":" | "~" | "null" | "Null" | "NULL")
}

/// A `wrong-type` diagnostic for a key given no value (`name:` with nothing after it, or `~`),
/// naming the key written before the colon.
fn no_value(text: &str, span: Span) -> Diagnostic {
    let start = span.range.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = text.get(line_start..start).unwrap_or("");
    // The last key written before the colon: after a flow mapping's `{` or `,`, or a list's `- `.
    let written = before.trim_end().trim_end_matches(':');
    let key = written
        .rsplit([',', '{'])
        .next()
        .unwrap_or("")
        .trim()
        .trim_start_matches("- ")
        .trim()
        .trim_matches(['"', '\'']);
    // `name: #1 Trust`: a `#` after a space starts a comment, so the key has no value.
    let after = text
        .get(start..)
        .and_then(|t| t.lines().next())
        .unwrap_or("");
    let comment = after
        .trim_start_matches([':', '~'])
        .strip_prefix(' ')
        .map(str::trim_start)
        .filter(|c| c.starts_with('#'));
    let (message, help) = if let Some(comment) = comment.filter(|_| !key.is_empty()) {
        (
            format!("`{key}` has no value: the `#` after it starts a comment"),
            format!(
                "a `#` after a space starts a comment, which is not read: put the value in quotes, \
                 as `{key}: {}`",
                crate::yaml::scalar(comment.trim_end())
            ),
        )
    } else if key.is_empty() || key.contains([':', '{', '[', ',']) {
        (
            "a value is missing here".to_owned(),
            "write the value, or remove the key if it may be left out: `ecomap docs format` says \
             what each key takes"
                .to_owned(),
        )
    } else {
        (
            format!("`{key}` has no value"),
            format!(
                "write its value after the colon, as `{key}: …`, or remove the line if `{key}` may \
                 be left out: `ecomap docs format` says what each key takes"
            ),
        )
    };
    Diagnostic::new(Code::WrongType, message)
        .at(span, "no value here")
        .help(help)
}

/// A diagnostic for a value of the wrong kind, or YAML that is not well-formed.
fn value_error(inner: &serde_saphyr::Error, span: Span, found: String) -> Diagnostic {
    use serde_saphyr::Error as E;
    let wrong_type = |message: String| {
        Diagnostic::new(Code::WrongType, message)
            .at(span.clone(), "this value is not of the kind expected here")
            .help("see `ecomap docs format` for what this key takes")
    };
    match inner {
        E::InvalidScalar { .. } | E::Message { .. } | E::NonFiniteFloat { .. }
            if crate::decimal::hint(crate::decimal::token(&found)).is_some() =>
        {
            let number = crate::decimal::token(&found);
            let help = crate::decimal::hint(number).unwrap_or_default();
            Diagnostic::new(
                Code::WrongType,
                format!("`{number}` is not a decimal number"),
            )
            .at(span, "not written in decimal")
            .help(help)
        }
        E::NonFiniteFloat { .. } => wrong_type(format!("`{found}` is not a number ecomap takes")),
        E::InvalidScalar { ty, .. } => {
            let kind = match *ty {
                "boolean" => "true or false",
                "floating point" => "a number",
                _ => "a whole number",
            };
            let d = wrong_type(format!("`{found}` is not {kind}"));
            match crate::decimal::figure_hint(&found) {
                Some(help) if *ty != "boolean" => d.help(help),
                _ => d,
            }
        }
        E::Unexpected {
            expected: "sequence start",
            ..
        } => {
            let d = wrong_type(
                "expected a list here, such as [a, b] or lines starting with `- `".to_owned(),
            );
            match words_as_list(&found) {
                Some(list) => d.help(format!(
                    "a list is written in brackets: write `{list}`, or each item on a line of its own starting with `- `"
                )),
                None => d,
            }
        }
        E::Unexpected {
            expected: "mapping start",
            ..
        } => wrong_type("expected a mapping here: keys, each with a value".to_owned()),
        E::Unexpected {
            expected: "string scalar" | "scalar",
            ..
        } => wrong_type("expected a single word or text here, not a list or a mapping".to_owned()),
        E::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | E::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => wrong_type(format!("expected {expected}, not {unexpected}")),
        // Raised by our own visitors (money), whose messages are written for map writers.
        E::Message { msg, .. } => wrong_type(msg.clone()),
        E::ExternalMessage { source, .. } => match source.as_ref() {
            serde_saphyr::localizer::ExternalMessageSource::Parser(scan) => {
                let (message, help) = scanner(scan.kind());
                syntax(span, message, help)
            }
            _ => syntax(
                span,
                "the YAML is not well-formed here".to_owned(),
                "check indentation, colons after keys, and closing brackets and quotes",
            ),
        },
        E::Eof { .. } => syntax(
            span,
            "the file ends in the middle of a value".to_owned(),
            "close every bracket and quote",
        ),
        _ => syntax(
            span,
            "the YAML is not well-formed here".to_owned(),
            "check indentation, colons after keys, and closing brackets and quotes",
        ),
    }
}

/// Words written one after another with commas (`engagement, job-search`), as the list they were
/// meant as (`[engagement, job-search]`). `None` for anything else: a mapping, a list already, or
/// text over lines.
fn words_as_list(found: &str) -> Option<String> {
    let plain = !found.is_empty()
        && !found.starts_with(['[', '{', '"', '\'', '-'])
        && !found.contains(['\n', ':', '#']);
    plain.then(|| {
        let items: Vec<&str> = found.split(',').map(str::trim).collect();
        format!("[{}]", items.join(", "))
    })
}

/// A `yaml-syntax` diagnostic.
fn syntax(span: Span, message: String, help: &str) -> Diagnostic {
    Diagnostic::new(Code::YamlSyntax, message)
        .at(span, "the YAML is not well-formed here")
        .help(help)
}

/// What the YAML scanner found wrong, in a map writer's words, and how to mend it.
fn scanner(kind: &Scan) -> (String, &'static str) {
    let (message, help) = match kind {
        Scan::UnclosedQuotedScalar | Scan::DocumentIndicatorInQuotedScalar => (
            "this quote is never closed",
            "close the text with the same quote it opens with",
        ),
        Scan::UnclosedFlowCollection { .. }
        | Scan::UnexpectedEofFlowSequence
        | Scan::UnexpectedEofFlowMapping
        | Scan::UnexpectedEofImplicitFlowMapping => (
            "this bracket is never closed",
            "close every `[` with `]` and every `{` with `}`",
        ),
        Scan::MisplacedFlowCollectionEnd | Scan::MismatchedFlowCollectionEnd { .. } => (
            "a closing bracket that closes nothing, or the wrong kind of bracket",
            "close every `[` with `]` and every `{` with `}`",
        ),
        Scan::TabNotAllowed
        | Scan::TabInBlockIndentation
        | Scan::TabInIndentation
        | Scan::TabAtBlockScalarStart
        | Scan::TabInPlainScalar => (
            "a tab where YAML takes only spaces",
            "indent with spaces, not tabs (most editors can turn tabs into spaces)",
        ),
        Scan::InvalidIndentation
        | Scan::InvalidBlockScalarIndent
        | Scan::InvalidFlowScalarIndent
        | Scan::InvalidQuotedScalarIndent
        | Scan::ExpectedBlockMappingKey
        | Scan::ExpectedBlockSequenceEntry
        | Scan::BlockSequenceEntryNotAllowed
        | Scan::UnexpectedEofBlockSequence
        | Scan::UnexpectedEofBlockMapping => (
            "the indentation here does not line up",
            "indent each key of a mapping, and each `- ` of a list, by the same number of spaces",
        ),
        Scan::MappingValueNotAllowed
        | Scan::InvalidColonPlacement
        | Scan::InvalidMappingValueWhitespace
        | Scan::MappingKeyNotAllowed
        | Scan::SimpleKeyExpected
        | Scan::InvalidSimpleKey => (
            "a colon where YAML does not expect one",
            "put text that holds `: ` in quotes, and give each key on a line of its own",
        ),
        Scan::UnknownQuotedScalarEscape
        | Scan::InvalidQuotedScalarHexEscape
        | Scan::InvalidUnicodeEscape
        | Scan::InvalidLowSurrogateHexEscape
        | Scan::InvalidLowSurrogate
        | Scan::MissingLowSurrogate
        | Scan::UnpairedLowSurrogate => (
            "a backslash in double quotes that YAML does not know",
            "use single quotes for text with backslashes, or write `\\\\` for one backslash",
        ),
        Scan::UnknownAnchor | Scan::MissingAnchorOrAliasName => (
            "an alias (`*name`) with no anchor (`&name`) before it",
            "give the anchor first, as `key: &name value`, or write the value out",
        ),
        Scan::CommentNotSeparated | Scan::CommentInterceptedScalar => (
            "a `#` that starts a comment must follow a space",
            "put a space before `#`, or the text in quotes",
        ),
        Scan::UnexpectedEof => (
            "the file ends in the middle of a value",
            "close every bracket and quote",
        ),
        Scan::UnexpectedCharacter { .. } | Scan::PlainScalarStartsWithDashFlowIndicator => (
            "a character YAML does not take here",
            "put the text in quotes",
        ),
        _ => (
            "the YAML is not well-formed here",
            "check indentation, colons after keys, and closing brackets and quotes",
        ),
    };
    (message.to_owned(), help)
}

/// The indentation of the line content starting at `offset`, or `None` unless `offset` starts a
/// line's content (block style).
fn indent_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let indent = offset - line_start;
    text.get(line_start..offset)?
        .bytes()
        .all(|b| b == b' ')
        .then_some((line_start, indent))
}

/// The lines before `line_start` that hold something, nearest first, as (start of the line's
/// content, its indentation, the content); blank lines and comments are passed over.
fn earlier_lines(text: &str, line_start: usize) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut end = line_start;
    std::iter::from_fn(move || {
        while end > 0 {
            let start = text[..end - 1].rfind('\n').map_or(0, |i| i + 1);
            let line = &text[start..end - 1];
            end = start;
            let content = line.trim_start_matches(' ');
            if !content.is_empty() && !content.starts_with('#') {
                let indent = line.len() - content.len();
                return Some((start + indent, indent, content));
            }
        }
        None
    })
}

/// The key of the block mapping entry that holds the line at `offset`: the nearest earlier line
/// indented less (`job-club:` above `    model: …`), or its content after `- ` for an item of a list.
/// `None` unless `offset` starts a line's content, as in block style.
fn entry_key(text: &str, offset: usize) -> Option<Range<usize>> {
    let (line_start, indent) = indent_at(text, offset)?;
    let (at, _, content) = earlier_lines(text, line_start).find(|(_, here, _)| *here < indent)?;
    let item = content
        .strip_prefix("- ")
        .map_or(0, |rest| content.len() - rest.trim_start().len());
    let key = &content[item..];
    let width = key.find(':').unwrap_or(key.len());
    Some(at + item..at + item + width.max(1))
}

/// A `wrong-type` diagnostic for a key written at the indentation of the entries around it
/// (`  stages: […]` among services' ids) where an entry belongs, so its value is taken for an
/// entry's: the key is most often one of the entry above's, indented too little. `None` unless
/// the entry above has keys under it.
fn key_moved_out(text: &str, span: Span) -> Option<Diagnostic> {
    let start = span.range.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or("");
    let indent = line.len() - line.trim_start_matches(' ').len();
    let key = line[indent..].split_once(':')?.0;
    // The entry above, and the indentation of its first key (the line just under it).
    let mut first_key_indent = None;
    let mut entry = None;
    for (_, here, content) in earlier_lines(text, line_start) {
        if here <= indent {
            entry = (here == indent).then_some(content);
            break;
        }
        first_key_indent = Some(here);
    }
    let (entry, should) = (entry?.split_once(':')?.0, first_key_indent?);
    if indent == 0 {
        return None;
    }
    let at = line_start + indent;
    Some(
        Diagnostic::new(
            Code::WrongType,
            format!("`{key}` is indented as an entry of its own, not as a key of `{entry}` above it"),
        )
        .at(
            Span {
                file: span.file,
                range: at..at + key.len(),
            },
            format!("indented {indent} spaces, as the ids are"),
        )
        .help(format!(
            "if `{key}` belongs to `{entry}`, indent it by {should} spaces, as the other keys of `{entry}` are"
        )),
    )
}

/// A `missing-key` diagnostic for a key that is there, but indented less than the keys of the
/// entry it belongs to (`  size: 736` under `  smi:`, whose keys are indented four spaces), so it
/// is read as an entry of its own; `None` when no such line follows the entry's key at `entry`.
fn indented_less(text: &str, file: FileId, entry: Range<usize>, field: &str) -> Option<Diagnostic> {
    let (_, indent) = indent_at(text, entry.start)?;
    let name = text.get(entry.clone())?;
    let mut offset = text[entry.start..].find('\n')? + entry.start + 1;
    let mut child_indent = None;
    while offset < text.len() {
        let whole = text[offset..].split_inclusive('\n').next().unwrap_or("");
        let line = whole.trim_end_matches(['\n', '\r']);
        let content = line.trim_start_matches(' ');
        let here = line.len() - content.len();
        if !content.is_empty() && !content.starts_with('#') {
            if here < indent {
                return None;
            }
            if here == indent {
                let rest = content.strip_prefix(field)?;
                if !rest.trim_start_matches(' ').starts_with(':') {
                    return None;
                }
                let at = offset + here;
                let should = child_indent.unwrap_or(indent + 2);
                return Some(
                    Diagnostic::new(
                        Code::MissingKey,
                        format!("`{field}` is indented less than the entry `{name}` it belongs to"),
                    )
                    .at(
                        Span {
                            file,
                            range: at..at + field.len(),
                        },
                        format!("indented {here} spaces, as an entry of its own"),
                    )
                    .also(
                        Span { file, range: entry },
                        format!("`{name}` has no `{field}`"),
                    )
                    .help(format!(
                        "indent `{field}:` by {should} spaces, as the other keys of `{name}` are"
                    )),
                );
            }
            child_indent.get_or_insert(here);
        }
        offset += whole.len().max(1);
    }
    None
}

/// Where `key` was first given in the block mapping whose later key starts at `offset`: the nearest
/// earlier line at the same indentation that starts with `key:`, without leaving the mapping (a
/// line indented less ends the search). `None` for flow mappings (`{ a: 1, a: 2 }`) and when in doubt.
fn earlier_sibling_key(text: &str, offset: usize, key: &str) -> Option<Range<usize>> {
    let (line_start, indent) = indent_at(text, offset)?;
    for (at, here, content) in earlier_lines(text, line_start) {
        if here < indent {
            return None;
        }
        if here == indent {
            for written in [key.to_owned(), format!("\"{key}\""), format!("'{key}'")] {
                if let Some(rest) = content.strip_prefix(written.as_str())
                    && rest.trim_start_matches(' ').starts_with(':')
                {
                    return Some(at..at + written.len());
                }
            }
        }
    }
    None
}
