//! JSON as the imports read it: a key given twice in one object is an error (a reader that kept
//! the last would drop the first without a word), and every error is said in ecomap's words with
//! its line and column, told apart by its kind (the parser's own text never reaches the user).

use std::fmt;

use indexmap::IndexMap;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// Where a text stops being JSON, and why, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub line: usize,
    pub column: usize,
    pub what: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.what
        )
    }
}

/// How deep the parser reads lists and objects inside one another (one under its recursion limit
/// of 128).
const DEEPEST: usize = 127;

/// What the key given twice was, carried through the parser's error to be said in full.
const TWICE: &str = "a key given twice: ";

/// Reads `text` (a byte-order mark, as Windows tools save one, is read past) as one JSON value.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    read_with(text, |d| Strict::deserialize(d).map(|s| s.0))
}

/// A JSON text checked whole ([`check`]), to be read a part at a time: a file of a hundred
/// thousand grants is never held whole as values (about twenty times its size), only the part in
/// hand.
#[derive(Debug, Clone, Copy)]
pub struct Checked<'a>(&'a str);

/// One value inside a [`Checked`] text, as its text.
#[derive(Debug, Clone, Copy)]
pub struct Part<'a>(&'a RawValue);

/// Checks that `text` is one JSON value with no key given twice in an object, building nothing:
/// every mistake is found here, with its line and column, as [`parse`] finds it.
pub fn check(text: &str) -> Result<Checked<'_>, JsonError> {
    read_with(text, |d| Checking::deserialize(d).map(|_| ()))?;
    Ok(Checked(&text[bom(text)..]))
}

impl<'a> Checked<'a> {
    /// The members of the text's object, in file order; `None` when it is not an object.
    pub fn members(self) -> Option<IndexMap<String, Part<'a>>> {
        members_of(self.0)
    }

    /// The items of the text's list, in file order; `None` when it is not a list.
    pub fn items(self) -> Option<Vec<Part<'a>>> {
        items_of(self.0)
    }

    /// The whole text as a value.
    pub fn value(self) -> Value {
        value_of(self.0)
    }
}

impl<'a> Part<'a> {
    /// The items of the list this part is, in file order; `None` when it is not a list.
    pub fn items(self) -> Option<Vec<Part<'a>>> {
        items_of(self.0.get())
    }

    /// The members of the object this part is, in file order; `None` when it is not an object.
    pub fn members(self) -> Option<IndexMap<String, Part<'a>>> {
        members_of(self.0.get())
    }

    /// This part as a value.
    pub fn value(self) -> Value {
        value_of(self.0.get())
    }

    /// Whether this part is `null`.
    pub fn is_null(self) -> bool {
        self.0.get().trim() == "null"
    }
}

/// The members of the object `text` (from a checked text) is; `None` when it is not an object.
fn members_of(text: &str) -> Option<IndexMap<String, Part<'_>>> {
    let raw: IndexMap<String, &RawValue> = serde_json::from_str(text).ok()?;
    Some(raw.into_iter().map(|(k, v)| (k, Part(v))).collect())
}

/// The items of the list `text` (from a checked text) is; `None` when it is not a list.
fn items_of(text: &str) -> Option<Vec<Part<'_>>> {
    let raw: Vec<&RawValue> = serde_json::from_str(text).ok()?;
    Some(raw.into_iter().map(Part).collect())
}

/// `text` (from a checked text, so it is JSON) as a value.
fn value_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// The length of `text`'s byte-order mark (as Windows tools save one), if it has one.
fn bom(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

/// Runs `read` over `text` (a byte-order mark read past) to its end, its error said in words.
fn read_with<T>(
    text: &str,
    read: impl FnOnce(
        &mut serde_json::Deserializer<serde_json::de::StrRead<'_>>,
    ) -> serde_json::Result<T>,
) -> Result<T, JsonError> {
    let bom = bom(text);
    let body = &text[bom..];
    let mut reader = serde_json::Deserializer::from_str(body);
    let read = read(&mut reader).and_then(|v| reader.end().map(|()| v));
    read.map_err(|e| {
        // At the end of a file that ends with a line break the parser says column 0.
        let column = e.column().max(1) + if e.line() == 1 { bom } else { 0 };
        JsonError {
            line: e.line(),
            column,
            what: words(body, &e),
        }
    })
}

/// The parser's error `e` in words, by its kind and what the text holds where it stopped.
fn words(text: &str, e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => "the file ends before its JSON does (a `{`, `[` or `\"` is never closed): a download cut short ends mid-way, so fetch the file again".to_owned(),
        Category::Data => {
            let said = e.to_string();
            match said.find(TWICE) {
                Some(at) => {
                    let key = said[at + TWICE.len()..]
                        .rsplit_once(" at line ")
                        .map_or(&said[at + TWICE.len()..], |(k, _)| k);
                    format!(
                        "the key `{}` is given twice in one object: only one can be read, so keep the one you mean",
                        crate::visible::shorten(key, 60)
                    )
                }
                None => "a value here cannot be read as JSON".to_owned(),
            }
        }
        Category::Syntax | Category::Io => {
            let first = text.trim_start().chars().next();
            if let Some(c) = first.filter(|&c| {
                c != '{'
                    && c != '['
                    && e.line() == line_of_first(text)
                    && first_value_ends(text).is_none()
            }) {
                return format!(
                    "it is not JSON: JSON starts with `{{` or `[`, and this file starts with `{}`{}",
                    crate::visible::visible_inline(&c.to_string()),
                    if c == '<' { " (a web page, perhaps: an error page saved in place of the data)" } else { "" }
                );
            }
            // What went wrong, told apart by the parser's own words (its kinds are not public).
            let said = e.to_string();
            let is = |words: &[&str]| words.iter().any(|w| said.starts_with(w));
            if is(&["trailing characters"]) {
                "more text follows the end of the JSON: a file holds one JSON value (join the two, or keep one)".to_owned()
            } else if is(&["recursion limit exceeded"]) {
                format!("lists and objects are nested here more than {DEEPEST} deep, one inside another: no file of services, grants or contracts is, so it is not the file meant, or it was made to break readers")
            } else if is(&["trailing comma"]) {
                "a comma follows the last item of a list or an object: JSON allows none there, so remove it".to_owned()
            } else if is(&["control character"]) {
                "a text here holds a tab, a line break or another control character as it is: JSON writes them as `\\t`, `\\n` or `\\u0009` (or the text's closing quote is missing)".to_owned()
            } else if is(&["invalid unicode code point", "lone leading surrogate", "unexpected end of hex escape"]) {
                "a `\\u` escape here is no character: half of one written as two escapes, without its other half; write the character itself".to_owned()
            } else if is(&["invalid escape"]) {
                "a `\\` in a text here starts no escape JSON knows (`\\\"`, `\\\\`, `\\/`, `\\n`, `\\t`, `\\u` and four hex digits of a character): write a backslash itself as `\\\\`".to_owned()
            } else if is(&["number out of range"]) {
                "a number here is too large to read: no amount is, so it is not the number meant".to_owned()
            } else if is(&["invalid number"]) {
                "a number here is not written as JSON writes them: digits with no leading zero, a `-` before them, a `.` between digits, and text in double quotes".to_owned()
            } else if is(&["key must be a string"]) {
                "an object's key here is not in double quotes: JSON writes `\"key\": value`".to_owned()
            } else {
                "the JSON is broken here: a comma, a quote, a colon or a bracket is missing, or there is one too many".to_owned()
            }
        }
    }
}

/// The 1-based line of the first character that is not white space.
fn line_of_first(text: &str) -> usize {
    let lead = text.len() - text.trim_start().len();
    text[..lead].matches('\n').count() + 1
}

/// Where the first JSON value of `text` ends, when one is there whole.
fn first_value_ends(text: &str) -> Option<usize> {
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<de::IgnoredAny>();
    match values.next() {
        Some(Ok(_)) => Some(values.byte_offset()),
        _ => None,
    }
}

/// A JSON value read with every object's keys checked for one given twice.
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Strict, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Strict::deserialize(d).map(|s| s.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format!("{TWICE}{key}")));
            }
            let Strict(v) = map.next_value()?;
            object.insert(key, v);
        }
        Ok(Value::Object(object))
    }
}

/// A JSON value read for its mistakes alone: every object's keys checked for one given twice,
/// nothing kept.
struct Checking;

impl<'de> Deserialize<'de> for Checking {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Checking, D::Error> {
        d.deserialize_any(CheckingVisitor).map(|()| Checking)
    }
}

struct CheckingVisitor;

impl<'de> Visitor<'de> for CheckingVisitor {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<Checking>()?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if keys.contains(&key) {
                return Err(de::Error::custom(format!("{TWICE}{key}")));
            }
            map.next_value::<Checking>()?;
            keys.insert(key);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> JsonError {
        parse(text).expect_err("not JSON")
    }

    #[test]
    fn a_key_given_twice_is_found_at_its_second_place() {
        let e = error("{\n  \"id\": 1,\n  \"id\": 2\n}");
        assert_eq!(e.line, 3);
        assert!(
            e.what
                .starts_with("the key `id` is given twice in one object"),
            "{e}"
        );
        // The same key in two objects is no repeat.
        assert!(parse("[{\"id\": 1}, {\"id\": 2}]").is_ok());
    }

    #[test]
    fn a_checked_text_finds_the_mistakes_parse_finds_and_reads_a_part_at_a_time() {
        // Each mistake found where and as `parse` finds it: a key given twice deep in a list's
        // third item (line 4), a file cut short, text after the end, a stray comma, not JSON.
        for text in [
            "{\"releases\": [\n {\"ocid\": 1},\n {\"ocid\": 2},\n {\"a\": {\"x\": 1, \"x\": 2}}\n]}",
            "{\"grants\": [",
            "{} {}",
            "{\"a\": 1,}",
            "<html>",
            "\u{feff}{\"a\": 1, \"a\": 2}",
        ] {
            let checked = check(text).expect_err("a mistake");
            assert_eq!(checked, error(text), "{text}");
        }
        assert_eq!(
            check("{\"x\": {\"id\": 1, \"id\": 2}}")
                .expect_err("twice")
                .line,
            1
        );
        // Parts read as the whole would: members in file order, a list's items, each a value.
        let text = "\u{feff}{\"b\": [1, {\"c\": \"d\"}, [2]], \"a\": null}";
        let members = check(text).expect("JSON").members().expect("an object");
        assert_eq!(members.keys().collect::<Vec<_>>(), ["b", "a"]);
        let items = members["b"].items().expect("a list");
        let values: Vec<Value> = items.iter().map(|p| p.value()).collect();
        assert_eq!(
            values,
            parse(text).expect("JSON")["b"]
                .as_array()
                .expect("a list")
                .clone()
        );
        assert_eq!(items[1].members().expect("an object")["c"].value(), "d");
        // Not an object, not a list: none.
        assert!(members["a"].items().is_none() && items[0].members().is_none());
        assert!(check("[1]").expect("JSON").members().is_none());
    }

    #[test]
    fn lists_nested_too_deep_are_said_to_be_so() {
        // An object holding 200 lists one inside another: the parser stops at the 127th list, the
        // 128th value deep, and the words say why, not that the text is broken.
        let text = format!("{{\"g\": {}{}}}", "[".repeat(200), "]".repeat(200));
        let e = error(&text);
        assert!(
            e.what
                .starts_with("lists and objects are nested here more than 127 deep"),
            "{e}"
        );
        assert_eq!(check(&text).expect_err("too deep"), e);
        // 126 inside the object, 127 deep: read.
        let text = format!("{{\"g\": {}{}}}", "[".repeat(126), "]".repeat(126));
        assert!(parse(&text).is_ok() && check(&text).is_ok());
    }

    #[test]
    fn each_kind_of_mistake_is_said_in_words() {
        let e = error("{\"grants\": [");
        assert!(
            e.what.starts_with("the file ends before its JSON does"),
            "{e}"
        );
        let e = error("{} {}");
        assert!(
            e.what.starts_with("more text follows the end of the JSON"),
            "{e}"
        );
        let e = error("<html>");
        assert_eq!((e.line, e.column), (1, 1));
        assert!(e.what.contains("this file starts with `<`"), "{e}");
        // Each mistake by its kind, at the column of the character the parser stops at: the `}`
        // or `]` after a last comma, the `"` of a key after a value with no comma, the tab, the
        // `x` of `\x`, the quote after half a character (a high half wants its low half next; a
        // low half alone is found at its last digit), a number's last digit, the 1 after a 0,
        // the unquoted key.
        for (text, column, words) in [
            ("{\"a\": 1,}", 9, "a comma follows the last item"),
            ("[1, 2,]", 7, "a comma follows the last item"),
            ("{\"a\": 1 \"b\": 2}", 9, "the JSON is broken here"),
            ("{\"a\": \"x\ty\"}", 9, "a text here holds a tab"),
            (
                "{\"a\": \"\\x\"}",
                9,
                "a `\\` in a text here starts no escape",
            ),
            (
                "{\"a\": \"\\ud800\"}",
                14,
                "a `\\u` escape here is no character",
            ),
            (
                "{\"a\": \"\\udc00\"}",
                13,
                "a `\\u` escape here is no character",
            ),
            ("{\"a\": 1e400}", 11, "a number here is too large"),
            ("{\"a\": 01}", 8, "a number here is not written as JSON"),
            ("{a: 1}", 2, "an object's key here is not in double quotes"),
        ] {
            let e = error(text);
            assert!(e.what.starts_with(words), "{text}: {e}");
            assert_eq!((e.line, e.column), (1, column), "{text}: {e}");
        }
        for e in [
            error("{\"grants\": ["),
            error("{} {}"),
            error("{\"a\": 1,}"),
            error("{\"a\": 1e400}"),
            error("{\"a\": \"\\x\"}"),
        ] {
            assert!(
                !e.what.contains("EOF")
                    && !e.what.contains("trailing")
                    && !e.what.contains("expected"),
                "{e}"
            );
        }
        // A byte-order mark is read past, and columns on line 1 count it as the file has it.
        assert_eq!(
            parse("\u{feff}{\"a\": 1}").ok(),
            Some(serde_json::json!({"a": 1}))
        );
    }
}
