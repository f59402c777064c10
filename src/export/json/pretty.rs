//! The JSON writer: serde_json's pretty layout (a line for each value of an array or object,
//! indented two spaces a level, `": "` after a key), strings escaped as serde_json escapes them and
//! the characters it leaves raw that would act on a terminal (DEL, C1 controls, the marks that
//! reorder text) written as `\uXXXX`, fractions as [`figures`] gives them.
//!
//! A serializer of its own rather than serde_json's with a formatter: serde_json looks at every
//! byte of every string, key and id once to escape it and the formatter once more to find hidden
//! characters, through a call per run of plain text; here one pass over a string's bytes does
//! both, and plain text (nearly all of it) is copied in one go, eight bytes checked at a time.
//! The bytes are serde_json's: the tests hold this writer to serde_json's own serializer with
//! that formatter (`Safe` in this module's parent's tests) on every kind of value and on any
//! text, and the golden outputs (`tests/cli/golden.rs`) hold every JSON document of the bundled
//! maps and examples as it was.

use std::io::Write;

use serde::ser::{self, Serialize};
use serde_json::ser::{CompactFormatter, Formatter};

use crate::export::digits::figures;

/// Bytes kept before they go to the output.
const BUFFER: usize = 1 << 16;

/// Writes `value` to `out` as it is made, pretty-printed and ending in a line break.
pub(super) fn write<T: Serialize + ?Sized, W: Write>(value: &T, out: W) -> std::io::Result<()> {
    let mut w = Pretty {
        buf: Vec::with_capacity(BUFFER + 1024),
        out,
        depth: 0,
        has_value: false,
    };
    value.serialize(&mut w).map_err(Error::into_io)?;
    w.buf.push(b'\n');
    w.out.write_all(&w.buf)?;
    w.out.flush()
}

/// Why writing stopped: the output's own error (its kind kept: a closed pipe is not a failure),
/// or a value JSON cannot hold (a map key that is not a string or a number), given back as
/// invalid data, as serde_json gives it.
#[derive(Debug)]
pub(super) enum Error {
    Io(std::io::Error),
    Value(String),
}

impl Error {
    fn into_io(self) -> std::io::Error {
        match self {
            Error::Io(e) => e,
            Error::Value(m) => std::io::Error::new(std::io::ErrorKind::InvalidData, m),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Io(e) => e.fmt(f),
            Error::Value(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error::Value(msg.to_string())
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

type Result<T = ()> = std::result::Result<T, Error>;

/// The writer: a buffer handed to `out` as it fills, and where the layout stands.
pub(super) struct Pretty<W: Write> {
    buf: Vec<u8>,
    out: W,
    /// Arrays and objects open.
    depth: usize,
    /// Whether the array or object last closed, or the one open, has a value: serde_json's
    /// pretty printer breaks the line before a closing bracket only then.
    has_value: bool,
}

/// A comma, a line break and as many spaces as one copy takes; deeper indents take more.
const BREAK: &[u8] = b",\n                                                                ";

/// Per byte: whether it is written as it is inside a string (printable ASCII but `"` and `\`).
const PLAIN: [bool; 256] = {
    let mut plain = [false; 256];
    let mut b = b' ';
    while b <= b'~' {
        plain[b as usize] = b != b'"' && b != b'\\';
        b += 1;
    }
    plain
};

/// The digits of a `\uXXXX` escape, in lower case as serde_json writes them.
const HEX: &[u8; 16] = b"0123456789abcdef";

/// How many of the first bytes of `bytes` are [`PLAIN`]: eight at a time while none of the eight
/// is below a space, `"`, `\`, DEL or past ASCII, then one at a time.
fn plain(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    // The high bit of some byte set when a byte of `x` is zero (and perhaps in a byte above one
    // that is), never when none is.
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut n = 0;
    for eight in bytes.chunks_exact(8) {
        let x = u64::from_ne_bytes(eight.try_into().unwrap_or([0; 8]));
        let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        let odd = below_space
            | zero(x ^ (ONES * u64::from(b'"')))
            | zero(x ^ (ONES * u64::from(b'\\')))
            | zero(x ^ (ONES * 0x7f))
            | (x & HIGH);
        if odd != 0 {
            break;
        }
        n += 8;
    }
    n + bytes[n..]
        .iter()
        .take_while(|&&b| PLAIN[usize::from(b)])
        .count()
}

impl<W: Write> Pretty<W> {
    /// Hands the buffer to the output once it holds [`BUFFER`] bytes or more.
    fn spill(&mut self) -> Result {
        if self.buf.len() >= BUFFER {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// A line break (after a comma, or not) indented for the depth.
    fn line_break(&mut self, comma: bool) {
        let room = BREAK.len() - 2;
        let mut spaces = 2 * self.depth;
        let first = spaces.min(room);
        self.buf
            .extend_from_slice(&BREAK[usize::from(!comma)..2 + first]);
        spaces -= first;
        while spaces > 0 {
            let n = spaces.min(room);
            self.buf.extend_from_slice(&BREAK[2..2 + n]);
            spaces -= n;
        }
    }

    fn open(&mut self, bracket: u8) {
        self.depth += 1;
        self.has_value = false;
        self.buf.push(bracket);
    }

    fn close(&mut self, bracket: u8) {
        self.depth -= 1;
        if self.has_value {
            self.line_break(false);
        }
        self.buf.push(bracket);
    }

    /// `s` in quotes, escaped: `"` `\` and the controls below a space as serde_json escapes
    /// them, and every other character [`crate::visible::hidden`] finds as `\uXXXX`.
    fn string(&mut self, s: &str) -> Result {
        let bytes = s.as_bytes();
        self.buf.reserve(bytes.len() + 2);
        self.buf.push(b'"');
        let mut start = 0;
        loop {
            let at = start + plain(&bytes[start..]);
            self.buf.extend_from_slice(&bytes[start..at]);
            let Some(&b) = bytes.get(at) else {
                break;
            };
            start = at + 1;
            match b {
                b'"' => self.buf.extend_from_slice(b"\\\""),
                b'\\' => self.buf.extend_from_slice(b"\\\\"),
                b'\n' => self.buf.extend_from_slice(b"\\n"),
                b'\r' => self.buf.extend_from_slice(b"\\r"),
                b'\t' => self.buf.extend_from_slice(b"\\t"),
                0x08 => self.buf.extend_from_slice(b"\\b"),
                0x0c => self.buf.extend_from_slice(b"\\f"),
                0..0x80 => self.escape(u32::from(b)),
                _ => {
                    // A character of more than one byte starts here: `plain` stops only at the
                    // first byte of one.
                    let Some(c) = s[at..].chars().next() else {
                        break;
                    };
                    start = at + c.len_utf8();
                    if crate::visible::hidden(c) {
                        self.escape(u32::from(c));
                    } else {
                        self.buf.extend_from_slice(&bytes[at..start]);
                    }
                }
            }
        }
        self.buf.push(b'"');
        self.spill()
    }

    /// `\uXXXX` for a character of the Basic Multilingual Plane (every one that is escaped).
    fn escape(&mut self, c: u32) {
        self.buf.extend_from_slice(b"\\u");
        for shift in [12, 8, 4, 0] {
            self.buf.push(HEX[((c >> shift) & 0xf) as usize]);
        }
    }

    fn raw(&mut self, text: &[u8]) -> Result {
        self.buf.extend_from_slice(text);
        self.spill()
    }

    /// A number as serde_json's compact formatter writes it.
    fn number(&mut self, write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> Result {
        write(&mut self.buf)?;
        self.spill()
    }
}

/// An array or object being written: whether it was empty (closed already), at its first value,
/// or past it.
#[derive(PartialEq, Eq)]
pub(super) enum State {
    Empty,
    First,
    Rest,
}

pub(super) struct Compound<'a, W: Write> {
    w: &'a mut Pretty<W>,
    state: State,
}

impl<'a, W: Write> Compound<'a, W> {
    fn array(w: &'a mut Pretty<W>, len: Option<usize>) -> Self {
        w.open(b'[');
        Compound::opened(w, len, b']')
    }

    fn object(w: &'a mut Pretty<W>, len: Option<usize>) -> Self {
        w.open(b'{');
        Compound::opened(w, len, b'}')
    }

    fn opened(w: &'a mut Pretty<W>, len: Option<usize>, bracket: u8) -> Self {
        if len == Some(0) {
            w.close(bracket);
            Compound {
                w,
                state: State::Empty,
            }
        } else {
            Compound {
                w,
                state: State::First,
            }
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.w.line_break(self.state != State::First);
        self.state = State::Rest;
        value.serialize(&mut *self.w)?;
        self.w.has_value = true;
        Ok(())
    }

    fn key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.w.line_break(self.state != State::First);
        self.state = State::Rest;
        key.serialize(KeySerializer { w: &mut *self.w })
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.w.buf.extend_from_slice(b": ");
        value.serialize(&mut *self.w)?;
        self.w.has_value = true;
        Ok(())
    }

    fn end(self, bracket: u8) -> Result {
        if self.state != State::Empty {
            self.w.close(bracket);
        }
        self.w.spill()
    }

    /// Closes the object a variant's name opened (`{"variant": …}`) around its value.
    fn end_variant(self, bracket: u8) -> Result {
        let w = &mut *self.w;
        if self.state != State::Empty {
            w.close(bracket);
        }
        w.has_value = true;
        w.close(b'}');
        w.spill()
    }
}

impl<W: Write> Pretty<W> {
    /// `{"variant": ` before a variant's value.
    fn variant(&mut self, variant: &str) -> Result {
        self.open(b'{');
        self.line_break(false);
        self.string(variant)?;
        self.buf.extend_from_slice(b": ");
        Ok(())
    }
}

impl<'a, W: Write> ser::Serializer for &'a mut Pretty<W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, W>;
    type SerializeTuple = Compound<'a, W>;
    type SerializeTupleStruct = Compound<'a, W>;
    type SerializeTupleVariant = Compound<'a, W>;
    type SerializeMap = Compound<'a, W>;
    type SerializeStruct = Compound<'a, W>;
    type SerializeStructVariant = Compound<'a, W>;

    fn serialize_bool(self, v: bool) -> Result {
        self.raw(if v { b"true" } else { b"false" })
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result {
        self.number(|b| CompactFormatter.write_i64(b, v))
    }
    fn serialize_i128(self, v: i128) -> Result {
        self.number(|b| CompactFormatter.write_i128(b, v))
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result {
        self.number(|b| CompactFormatter.write_u64(b, v))
    }
    fn serialize_u128(self, v: u128) -> Result {
        self.number(|b| CompactFormatter.write_u128(b, v))
    }
    fn serialize_f32(self, v: f32) -> Result {
        if v.is_finite() {
            self.number(|b| CompactFormatter.write_f32(b, v))
        } else {
            self.raw(b"null")
        }
    }
    fn serialize_f64(self, v: f64) -> Result {
        if v.is_finite() {
            self.number(|b| CompactFormatter.write_f64(b, figures(v)))
        } else {
            self.raw(b"null")
        }
    }
    fn serialize_char(self, v: char) -> Result {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        let mut seq = Compound::array(self, Some(v.len()));
        for b in v {
            seq.element(b)?;
        }
        seq.end(b']')
    }
    fn serialize_none(self) -> Result {
        self.raw(b"null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.raw(b"null")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        self.raw(b"null")
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.variant(variant)?;
        value.serialize(&mut *self)?;
        self.has_value = true;
        self.close(b'}');
        self.spill()
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq> {
        Ok(Compound::array(self, len))
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple> {
        Ok(Compound::array(self, Some(len)))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Ok(Compound::array(self, Some(len)))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        self.variant(variant)?;
        Ok(Compound::array(self, Some(len)))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap> {
        Ok(Compound::object(self, len))
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Self::SerializeStruct> {
        Ok(Compound::object(self, Some(len)))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        self.variant(variant)?;
        Ok(Compound::object(self, Some(len)))
    }
}

impl<W: Write> ser::SerializeSeq for Compound<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        Compound::end(self, b']')
    }
}

impl<W: Write> ser::SerializeTuple for Compound<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        Compound::end(self, b']')
    }
}

impl<W: Write> ser::SerializeTupleStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        Compound::end(self, b']')
    }
}

impl<W: Write> ser::SerializeTupleVariant for Compound<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        self.end_variant(b']')
    }
}

impl<W: Write> ser::SerializeMap for Compound<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.key(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.value(value)
    }
    fn end(self) -> Result {
        Compound::end(self, b'}')
    }
}

impl<W: Write> ser::SerializeStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.key(key)?;
        self.value(value)
    }
    fn end(self) -> Result {
        Compound::end(self, b'}')
    }
}

impl<W: Write> ser::SerializeStructVariant for Compound<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.key(key)?;
        self.value(value)
    }
    fn end(self) -> Result {
        self.end_variant(b'}')
    }
}

/// A map's key: a string, or a finite number or a truth value written in quotes, as serde_json
/// takes them; anything else is refused as serde_json refuses it.
struct KeySerializer<'a, W: Write> {
    w: &'a mut Pretty<W>,
}

fn not_a_key() -> Error {
    Error::Value("key must be a string".to_owned())
}

fn not_finite() -> Error {
    Error::Value("float key must be finite (got NaN or +/-inf)".to_owned())
}

impl<W: Write> KeySerializer<'_, W> {
    fn quoted(self, write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> Result {
        self.w.buf.push(b'"');
        write(&mut self.w.buf)?;
        self.w.buf.push(b'"');
        self.w.spill()
    }
}

impl<W: Write> ser::Serializer for KeySerializer<'_, W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result {
        self.w.string(v)
    }
    fn serialize_char(self, v: char) -> Result {
        self.w.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.w.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_bool(self, v: bool) -> Result {
        self.quoted(|b| b.write_all(if v { b"true" } else { b"false" }))
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result {
        self.quoted(|b| CompactFormatter.write_i64(b, v))
    }
    fn serialize_i128(self, v: i128) -> Result {
        self.quoted(|b| CompactFormatter.write_i128(b, v))
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result {
        self.quoted(|b| CompactFormatter.write_u64(b, v))
    }
    fn serialize_u128(self, v: u128) -> Result {
        self.quoted(|b| CompactFormatter.write_u128(b, v))
    }
    fn serialize_f32(self, v: f32) -> Result {
        if !v.is_finite() {
            return Err(not_finite());
        }
        self.quoted(|b| CompactFormatter.write_f32(b, v))
    }
    fn serialize_f64(self, v: f64) -> Result {
        if !v.is_finite() {
            return Err(not_finite());
        }
        self.quoted(|b| CompactFormatter.write_f64(b, figures(v)))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result {
        Err(not_a_key())
    }
    fn serialize_none(self) -> Result {
        Err(not_a_key())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result {
        Err(not_a_key())
    }
    fn serialize_unit(self) -> Result {
        Err(not_a_key())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        Err(not_a_key())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result {
        Err(not_a_key())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(not_a_key())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(not_a_key())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(not_a_key())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(not_a_key())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(not_a_key())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(not_a_key())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(not_a_key())
    }
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn plain_stops_at_the_first_byte_that_is_not() {
        // Every length to three words and a tail, every odd byte at every place (and a second
        // odd byte after it, which must not be the one found): the count is the place.
        for len in 0..28 {
            let text = vec![b'a'; len];
            assert_eq!(plain(&text), len, "all plain, {len} bytes");
            for at in 0..len {
                for odd in [0x00, 0x1f, b'"', b'\\', 0x7f, 0x80, 0xc2, 0xff] {
                    let mut with = text.clone();
                    with[at] = odd;
                    if at + 1 < len {
                        with[len - 1] = b'"';
                    }
                    assert_eq!(plain(&with), at, "{odd:#x} at {at} of {len}");
                }
            }
        }
        // The bytes either side of each odd one are plain: a space, `!`, `#`, `[`, `]`, `~`.
        assert_eq!(plain(b" !#[]~ !#[]~ !#[]~"), 18);
    }
}
