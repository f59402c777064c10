//! A fast reader for the plain files of a map, with no anchor and no tag (most of them): the YAML
//! parser's events handed straight to serde, counted for the budget as they pass.
//!
//! serde-saphyr reads any YAML and words every problem well, but spends most of its time on what
//! a plain file never needs (aliases, merges, tags, comments, replays). This reader takes only
//! what it can read exactly as serde-saphyr would, and gives up, with nothing built, at anything
//! else: an anchor, an alias or a tag; a plain word that YAML might take for something other than
//! a word, a whole number or a decimal (`yes`, `0x10`, `1e3`, `.5`); a key that is not such a
//! word or quoted; a key written twice; nesting past [`DEEPEST`] levels; a value past the
//! budget's limits; any error at all. The loader then reads the file with serde-saphyr, which
//! finds and words the problem. So what it builds is always what serde-saphyr would build from the
//! same file (a test reads every bundled map, generated maps and a list of awkward files both
//! ways).

use std::borrow::Cow;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span, StrInput};

use super::budget::{MAX_DEPTH, MAX_VALUE_BYTES};
use crate::spanned;

/// At most this deep a nesting this reader follows (a map's deepest, a condition inside a
/// condition, is some ten levels): each level is a few frames of the stack, and deeper files,
/// up to [`MAX_DEPTH`], are left to serde-saphyr, which guards its stack as it goes.
const DEEPEST: usize = 32;

/// `text` as `T`, with the values read and the bytes they hold (as the budget counts them), if
/// it is read whole within `(values, bytes)`; `None` when the reader gives up.
pub(super) fn parse<T: de::DeserializeOwned>(
    text: &str,
    (values, bytes): (u64, u64),
) -> Option<(T, u64, u64)> {
    let mut r = Reader {
        parser: Parser::new_from_str(text),
        peeked: None,
        values: 0,
        bytes: 0,
        depth: 0,
        limits: (values, bytes),
    };
    // The stream and its one document open.
    if !matches!(r.next().ok()?.0, Event::StreamStart) {
        return None;
    }
    if !matches!(r.next().ok()?.0, Event::DocumentStart(..)) {
        return None;
    }
    let value = T::deserialize(&mut r).ok()?;
    // Then only the end: a second document is the budget's to word.
    if !matches!(r.next().ok()?.0, Event::DocumentEnd) {
        return None;
    }
    if !matches!(r.next().ok()?.0, Event::StreamEnd) {
        return None;
    }
    Some((value, r.values, r.bytes))
}

/// The reader gave up: serde-saphyr reads the file.
#[derive(Debug)]
pub(super) struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("left to serde-saphyr")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<M: fmt::Display>(_: M) -> GiveUp {
        GiveUp
    }
}

type Result<T> = std::result::Result<T, GiveUp>;

struct Reader<'a> {
    parser: Parser<'a, StrInput<'a>>,
    peeked: Option<(Event<'a>, Span)>,
    values: u64,
    bytes: u64,
    /// Mappings and lists open.
    depth: usize,
    /// The budget left: values, and bytes of values.
    limits: (u64, u64),
}

/// What YAML makes of a plain word, where the reader is sure.
enum Plain {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Decimal(f64),
    Word,
}

/// What YAML makes of the plain scalar `s`; `None` where the reader leaves it to serde-saphyr.
fn plain(s: &str) -> Option<Plain> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Plain::Null),
        "true" => return Some(Plain::Bool(true)),
        "false" => return Some(Plain::Bool(false)),
        _ => {}
    }
    let first = s.as_bytes()[0];
    if first.is_ascii_alphabetic() {
        // Words YAML 1.1 reads as booleans, and the floats Rust's parser knows by name.
        const NOT_WORDS: &[&str] = &[
            "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf", "infinity",
        ];
        let lower = s.to_ascii_lowercase();
        return (!NOT_WORDS.contains(&lower.as_str())).then_some(Plain::Word);
    }
    let digits = s.strip_prefix('-').unwrap_or(s);
    if s.starts_with('-') && digits.trim_start_matches(['0', '.']).is_empty() {
        // Minus nought: a float reader keeps the sign.
        return None;
    }
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    // No leading zero (octal in YAML 1.1), no exponent, sign or separator.
    if !all_digits(whole) || (whole.len() > 1 && whole.starts_with('0')) {
        return None;
    }
    match fraction {
        None if s.starts_with('-') => s.parse().ok().map(Plain::Signed),
        None => s.parse().ok().map(Plain::Unsigned),
        Some(f) if all_digits(f) => s.parse().ok().map(Plain::Decimal),
        Some(_) => None,
    }
}

/// A plain scalar YAML reads as nothing: not a word for a string.
fn nullish(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

impl<'a> Reader<'a> {
    /// The next event, counted. Gives up at an anchor, an alias, a tag, a breach of the
    /// budget's limits, and a parser error.
    fn next(&mut self) -> Result<(Event<'a>, Span)> {
        if let Some(e) = self.peeked.take() {
            return Ok(e);
        }
        let (event, span) = self.parser.next().ok_or(GiveUp)?.map_err(|_| GiveUp)?;
        match &event {
            Event::Scalar(value, _, anchor, tag) => {
                if *anchor != 0 || tag.is_some() || value.len() > MAX_VALUE_BYTES {
                    return Err(GiveUp);
                }
                self.count(value.len() as u64)?;
            }
            Event::MappingStart(_, anchor, tag) | Event::SequenceStart(_, anchor, tag) => {
                if *anchor != 0 || tag.is_some() || self.depth + 1 > DEEPEST.min(MAX_DEPTH) {
                    return Err(GiveUp);
                }
                self.depth += 1;
                self.count(0)?;
            }
            Event::MappingEnd | Event::SequenceEnd => self.depth = self.depth.saturating_sub(1),
            Event::Alias(_) | Event::UnresolvedAlias(_) | Event::Anchor(..) => {
                return Err(GiveUp);
            }
            _ => {}
        }
        Ok((event, span))
    }

    fn count(&mut self, bytes: u64) -> Result<()> {
        self.values += 1;
        self.bytes += bytes;
        if self.values > self.limits.0 || self.bytes > self.limits.1 {
            return Err(GiveUp);
        }
        Ok(())
    }

    fn peek(&mut self) -> Result<&(Event<'a>, Span)> {
        if self.peeked.is_none() {
            let e = self.next()?;
            self.peeked = Some(e);
        }
        self.peeked.as_ref().ok_or(GiveUp)
    }

    /// The next event, a scalar: its text and whether it is plain.
    fn scalar(&mut self) -> Result<(Cow<'a, str>, bool)> {
        match self.next()?.0 {
            Event::Scalar(value, style, ..) => Ok((value, style == ScalarStyle::Plain)),
            _ => Err(GiveUp),
        }
    }

    /// Passes over one value, whatever it holds.
    fn skip(&mut self) -> Result<()> {
        let mut open = 0usize;
        loop {
            match self.next()?.0 {
                Event::MappingStart(..) | Event::SequenceStart(..) => open += 1,
                Event::MappingEnd | Event::SequenceEnd => {
                    open = open.checked_sub(1).ok_or(GiveUp)?
                }
                Event::Scalar(..) => {}
                _ => return Err(GiveUp),
            }
            if open == 0 {
                return Ok(());
            }
        }
    }
}

/// The place of an event as serde-saphyr gives it: line, column from 1, first byte and length.
fn place(span: &Span) -> Result<[u32; 4]> {
    let small = |n: usize| u32::try_from(n).map_err(|_| GiveUp);
    let at = span.start.byte_offset().ok_or(GiveUp)?;
    let end = span.end.byte_offset().ok_or(GiveUp)?;
    Ok([
        small(span.start.line())?,
        small(span.start.col() + 1)?,
        small(at)?,
        small(end.saturating_sub(at))?,
    ])
}

impl<'de> Deserializer<'de> for &mut Reader<'_> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.peek()?.0 {
            Event::MappingStart(..) => return self.deserialize_map(visitor),
            Event::SequenceStart(..) => return self.deserialize_seq(visitor),
            Event::Scalar(..) => {}
            _ => return Err(GiveUp),
        }
        let (text, is_plain) = self.scalar()?;
        if !is_plain {
            return visitor.visit_str(&text);
        }
        match plain(&text).ok_or(GiveUp)? {
            Plain::Null => visitor.visit_unit(),
            Plain::Bool(b) => visitor.visit_bool(b),
            Plain::Unsigned(n) => visitor.visit_u64(n),
            Plain::Signed(n) => visitor.visit_i64(n),
            Plain::Decimal(x) => visitor.visit_f64(x),
            Plain::Word => visitor.visit_str(&text),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.scalar()? {
            (t, true) if t == "true" => visitor.visit_bool(true),
            (t, true) if t == "false" => visitor.visit_bool(false),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let (text, is_plain) = self.scalar()?;
        match is_plain.then(|| plain(&text)).flatten() {
            Some(Plain::Unsigned(n)) => visitor.visit_f64(n as f64),
            Some(Plain::Signed(n)) => visitor.visit_f64(n as f64),
            Some(Plain::Decimal(x)) => visitor.visit_f64(x),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.scalar()? {
            (t, true) if nullish(&t) => Err(GiveUp),
            (t, _) => visitor.visit_str(&t),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.peek()?.0 {
            Event::Scalar(t, ScalarStyle::Plain, ..) if nullish(t) => {
                self.next()?;
                visitor.visit_none()
            }
            Event::MappingEnd | Event::SequenceEnd => Err(GiveUp),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.scalar()? {
            (t, true) if nullish(&t) => visitor.visit_unit(),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name != spanned::NAME {
            return visitor.visit_newtype_struct(self);
        }
        let numbers = place(&self.peek()?.1)?;
        visitor.visit_seq(Placed {
            reader: self,
            numbers,
            given: 0,
        })
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if !matches!(self.next()?.0, Event::SequenceStart(..)) {
            return Err(GiveUp);
        }
        let value = visitor.visit_seq(Items { reader: self })?;
        // Every item read: a visitor that stopped early is left to serde-saphyr.
        match self.next()?.0 {
            Event::SequenceEnd => Ok(value),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if !matches!(self.next()?.0, Event::MappingStart(..)) {
            return Err(GiveUp);
        }
        let value = visitor.visit_map(Entries {
            reader: self,
            keys: Keys::default(),
        })?;
        match self.next()?.0 {
            Event::MappingEnd => Ok(value),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip()?;
        visitor.visit_unit()
    }

    /// Whole numbers, as YAML reads them untyped.
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i128 u8 u16 u32 u128
    }

    // What a map's types never ask for: left to serde-saphyr.
    fn deserialize_char<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value> {
        Err(GiveUp)
    }
}

/// A [`spanned::Spanned`]: the four numbers of its place, then the value.
struct Placed<'r, 'a> {
    reader: &'r mut Reader<'a>,
    numbers: [u32; 4],
    given: usize,
}

impl<'de> SeqAccess<'de> for Placed<'_, '_> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let k = self.given;
        self.given += 1;
        match self.numbers.get(k) {
            Some(&n) => seed.deserialize(n.into_deserializer()).map(Some),
            None if k == 4 => seed.deserialize(&mut *self.reader).map(Some),
            None => Ok(None),
        }
    }
}

struct Items<'r, 'a> {
    reader: &'r mut Reader<'a>,
}

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if matches!(self.reader.peek()?.0, Event::SequenceEnd) {
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

/// The keys of one mapping so far, to find one written twice.
#[derive(Default)]
struct Keys<'a> {
    few: Vec<Cow<'a, str>>,
    many: indexmap::IndexSet<Cow<'a, str>>,
}

impl<'a> Keys<'a> {
    /// Notes `key`; `false` if it was there already.
    fn first_time(&mut self, key: Cow<'a, str>) -> bool {
        const FEW: usize = 16;
        if self.many.is_empty() {
            if self.few.contains(&key) {
                return false;
            }
            self.few.push(key);
            if self.few.len() > FEW {
                self.many.extend(self.few.drain(..));
            }
            return true;
        }
        self.many.insert(key)
    }
}

struct Entries<'r, 'a> {
    reader: &'r mut Reader<'a>,
    keys: Keys<'a>,
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match &self.reader.peek()?.0 {
            Event::MappingEnd => return Ok(None),
            // A plain key must be a word (not a number, a boolean, null or a merge); a quoted
            // key is text whatever it says.
            Event::Scalar(key, style, ..) => {
                let word = *style != ScalarStyle::Plain || matches!(plain(key), Some(Plain::Word));
                if !word || !self.keys.first_time(key.clone()) {
                    return Err(GiveUp);
                }
            }
            _ => return Err(GiveUp),
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.reader)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::{RawMap, Spanned};
    use proptest::prelude::*;
    use serde::Deserialize;

    /// Any YAML value, as an untyped reader sees it, every key and item with its place.
    #[derive(Debug, PartialEq)]
    enum Any {
        Null,
        Bool(bool),
        Unsigned(u64),
        Signed(i64),
        Float(f64),
        Text(String),
        List(Vec<Spanned<Any>>),
        Map(Vec<(Spanned<String>, Spanned<Any>)>),
    }

    impl<'de> Deserialize<'de> for Any {
        fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Any, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Any;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("anything")
                }
                fn visit_unit<E: de::Error>(self) -> std::result::Result<Any, E> {
                    Ok(Any::Null)
                }
                fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<Any, E> {
                    Ok(Any::Bool(v))
                }
                fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Any, E> {
                    Ok(Any::Unsigned(v))
                }
                fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Any, E> {
                    Ok(Any::Signed(v))
                }
                fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Any, E> {
                    Ok(Any::Float(v))
                }
                fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Any, E> {
                    Ok(Any::Text(v.to_owned()))
                }
                fn visit_seq<A: SeqAccess<'de>>(
                    self,
                    mut s: A,
                ) -> std::result::Result<Any, A::Error> {
                    let mut items = Vec::new();
                    while let Some(item) = s.next_element()? {
                        items.push(item);
                    }
                    Ok(Any::List(items))
                }
                fn visit_map<A: MapAccess<'de>>(
                    self,
                    mut m: A,
                ) -> std::result::Result<Any, A::Error> {
                    let mut entries = Vec::new();
                    while let Some(key) = m.next_key()? {
                        entries.push((key, m.next_value()?));
                    }
                    Ok(Any::Map(entries))
                }
            }
            d.deserialize_any(V)
        }
    }

    /// A document read here and by serde-saphyr, in words: `None` where this reader gives up.
    /// A document the budget refuses (nested too deep, say) is never given to serde-saphyr, and
    /// this reader must give up on it.
    fn both<T: de::DeserializeOwned + fmt::Debug>(text: &str) -> (Option<String>, Option<String>) {
        let fast = parse::<T>(text, (u64::MAX, u64::MAX)).map(|(v, ..)| format!("{v:?}"));
        let mut budget = super::super::budget::Budget::new(&crate::source::Limits::default());
        if budget.charge(text).is_err() {
            assert_eq!(fast, None, "{text}");
            return (None, None);
        }
        let slow = serde_saphyr::from_str::<T>(text)
            .ok()
            .map(|v| format!("{v:?}"));
        (fast, slow)
    }

    /// What this reader builds is what serde-saphyr builds, and it counts as the budget does.
    fn agrees<T: de::DeserializeOwned + fmt::Debug>(text: &str) -> bool {
        let (fast, slow) = both::<T>(text);
        if fast.is_some() {
            assert_eq!(fast, slow, "{text}");
            let counted = parse::<T>(text, (u64::MAX, u64::MAX)).map(|(_, v, b)| (v, b));
            let mut budget = super::super::budget::Budget::new(&crate::source::Limits::default());
            let before = budget.left();
            assert_eq!(budget.charge(text), Ok(()));
            let after = budget.left();
            assert_eq!(
                counted,
                Some((before.0 - after.0, before.1 - after.1)),
                "{text}"
            );
        }
        fast.is_some()
    }

    #[test]
    fn every_bundled_map_and_generated_map_reads_as_serde_saphyr_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = vec![];
        let mut dirs = vec![root.join("maps"), root.join("examples")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).expect("a folder") {
                let path = entry.expect("an entry").path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml") {
                    // Not a file of text (an example of a bad map): no reader's business.
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        files.push(text);
                    }
                }
            }
        }
        for (services, cohorts, seed) in [(150, 40, 1), (500, 150, 2), (60, 12, 3)] {
            let options = crate::generate::Options {
                services,
                cohorts,
                commissioners: None,
                localities: None,
                seed,
            };
            files.push(crate::generate::map(&options));
            files.push(crate::generate::area(&options, 2, 5));
        }
        let mut read = 0;
        let mut left = vec![];
        for text in &files {
            let refused = (super::super::budget::Budget::new(&crate::source::Limits::default()))
                .charge(text)
                .is_err();
            let slow_reads = !refused && serde_saphyr::from_str::<RawMap>(text).is_ok();
            if agrees::<RawMap>(text) {
                read += 1;
            } else if super::super::budget::plain(text) && slow_reads {
                left.push(text.lines().next().unwrap_or_default());
            }
        }
        // Every bundled file serde-saphyr reads is read here too, but for the examples of a size
        // written with an exponent (`1e30`) and of a range bound of `.nan`, which this reader
        // leaves to serde-saphyr.
        assert!(
            left.iter()
                .all(|first| first.contains("exponent") || first.contains("`.nan`")),
            "{left:#?}"
        );
        // The bundled map's files, the examples that parse and the generated maps.
        assert!(read >= 80, "{read} files read");
    }

    #[test]
    fn awkward_scalars_read_the_same_or_are_left_to_serde_saphyr() {
        // Words YAML reads as something else, numbers in every notation, quoted text, block
        // text, nulls, keys of every kind: each is read as serde-saphyr reads it, or left.
        let read = [
            "a: b",
            "a: 12",
            "a: -12",
            "a: 12.50",
            "a: 0",
            "a: true",
            "a: false",
            "a:",
            "a: ~",
            "a: null",
            "a: 'yes'",
            "a: \"x\\ty\"",
            "a: |\n  one\n  two\n",
            "a: >\n  one\n  two\n",
            "a: [b, 1, 2.5, ~]",
            "a: {b: c}",
            "\"1\": x",
            "'a b': c",
            "a: b c # note",
            "a: -0.5",
            "[a, b]",
            "\"<<\": x",
            "a: 1\nA: 2",
            "a: 18446744073709551615",
            "a: -9223372036854775808",
        ];
        for text in read {
            assert!(agrees::<Any>(text), "{text}");
        }
        let left = [
            "a: yes",
            "a: No",
            "a: on",
            "a: OFF",
            "a: y",
            "a: 0x10",
            "a: 0o7",
            "a: 012",
            "a: 1e3",
            "a: .5",
            "a: 5.",
            "a: +1",
            "a: 1_000",
            "a: .inf",
            "a: -.inf",
            "a: .nan",
            "a: nan",
            "a: inf",
            "a: -0",
            "a: True",
            "1: x",
            "true: x",
            "~: x",
            "<<: {b: c}",
            "a: &x b",
            "a: !!str 1",
            "a: !t b",
            "a: b\na: c",
            "a: b\n\"a\": c",
            "a: b\n'a': c",
            "a: 18446744073709551616",
            "a: 2024-01-01",
            "--- \na: b\n---\nc: d",
        ];
        for text in left {
            assert!(!agrees::<Any>(text), "{text}");
        }
        // Nesting: 32 levels (the top mapping and 31 lists) are read, 33 are left.
        let nest = |lists: usize| format!("a: {}x{}", "[".repeat(lists), "]".repeat(lists));
        assert!(agrees::<Any>(&nest(31)));
        assert!(!agrees::<Any>(&nest(32)));
        assert!(!agrees::<Any>(&nest(150)));
        // For the map's own types: a number where a name goes is text; a name where a number
        // goes, or null where text goes, is left.
        assert!(agrees::<RawMap>("stages: {s: {name: 12}}"));
        assert!(agrees::<RawMap>(
            "cohorts: {c: {name: C, size: 12, needs: [s]}}"
        ));
        assert!(!agrees::<RawMap>("cohorts: {c: {name: C, size: twelve}}"));
        assert!(agrees::<RawMap>("stages: {s: {name: ~}}"));
        assert!(!agrees::<RawMap>("cohorts: {c: {name: ~}}"));
        assert!(!agrees::<RawMap>("stages: {s: {name: N, nickname: n}}"));
    }

    /// A scalar of any kind this reader reads or leaves.
    fn a_scalar() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z][a-z0-9 _-]{0,12}",
            "-?[0-9]{1,20}",
            "-?[0-9]{1,6}\\.[0-9]{0,6}",
            prop::sample::select(vec![
                "yes",
                "No",
                "TRUE",
                "true",
                "false",
                "null",
                "~",
                "",
                "0x1F",
                "1e5",
                ".5",
                "'quoted'",
                "\"esc\\u00e9\"",
                "'it''s'",
                "nan",
                "Inf",
                "-0",
                "007",
                "a: b",
                "- x",
                "[1, two]",
                "{k: v}",
                "#x",
                "x #y",
            ])
            .prop_map(str::to_owned),
        ]
    }

    /// A small document: a mapping of keys to scalars, lists and mappings, block or flow.
    fn a_document() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            3 => "[a-z][a-z0-9_-]{0,8}",
            1 => a_scalar(),
        ];
        let leaf = prop_oneof![
            3 => a_scalar(),
            1 => proptest::collection::vec(a_scalar(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            1 => proptest::collection::vec((key.clone(), a_scalar()), 0..4).prop_map(|v| {
                let e: Vec<String> = v.iter().map(|(k, x)| format!("{k}: {x}")).collect();
                format!("{{{}}}", e.join(", "))
            }),
        ];
        let entry = prop_oneof![
            3 => (key.clone(), leaf.clone()).prop_map(|(k, v)| format!("{k}: {v}\n")),
            1 => (key.clone(), proptest::collection::vec(leaf.clone(), 1..3)).prop_map(|(k, v)| {
                let items: String = v.iter().map(|x| format!("  - {x}\n")).collect();
                format!("{k}:\n{items}")
            }),
            1 => (key, proptest::collection::vec(("[a-z]{1,6}", leaf), 1..3)).prop_map(|(k, v)| {
                let items: String = v.iter().map(|(k, x)| format!("  {k}: {x}\n")).collect();
                format!("{k}:\n{items}")
            }),
        ];
        proptest::collection::vec(entry, 1..6).prop_map(|e| e.concat())
    }

    proptest::proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn a_random_document_reads_the_same_or_is_left_to_serde_saphyr(text in a_document()) {
            agrees::<Any>(&text);
        }
    }
}
