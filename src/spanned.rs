//! A value read from YAML with the place it came from: [`Spanned`] and its [`Location`].
//!
//! Two readers build them. The fast reader of plain files (`load`'s) hands the place over as a
//! short sequence of numbers before the value, through the newtype named [`NAME`]; serde-saphyr,
//! which does not know that name, hands itself back, and its own `Spanned` reads the place.
//! Either way the value and its place are the same (a test reads every bundled map both ways).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};

/// The newtype name a [`Spanned`] asks its reader for.
pub(crate) const NAME: &str = "__ecomap_spanned";

/// Where a value starts in its file: line and column (both from 1), and where the reader knows
/// them, its first byte and its length in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Location {
    pub line: u32,
    pub column: u32,
    pub bytes: Option<(u32, u32)>,
}

impl Location {
    pub fn line(&self) -> u64 {
        u64::from(self.line)
    }

    pub fn column(&self) -> u64 {
        u64::from(self.column)
    }

    /// The first byte, where known.
    pub fn byte_offset(&self) -> Option<u64> {
        self.bytes.map(|(at, _)| u64::from(at))
    }

    /// The length in bytes, where known.
    pub fn byte_len(&self) -> Option<u64> {
        self.bytes.map(|(_, len)| u64::from(len))
    }
}

impl From<serde_saphyr::Location> for Location {
    fn from(l: serde_saphyr::Location) -> Location {
        let small = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        let s = l.span();
        Location {
            line: small(l.line()),
            column: small(l.column()),
            bytes: s
                .byte_offset()
                .zip(s.byte_len())
                .and_then(|(at, len)| Some((u32::try_from(at).ok()?, u32::try_from(len).ok()?))),
        }
    }
}

/// A value with the place in its file it came from: where it is used (`referenced`) and where it
/// is written (`defined`), which differ only for a value reached through an alias.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    pub value: T,
    pub referenced: Location,
    pub defined: Location,
}

impl<T> From<serde_saphyr::Spanned<T>> for Spanned<T> {
    fn from(s: serde_saphyr::Spanned<T>) -> Spanned<T> {
        Spanned {
            value: s.value,
            referenced: s.referenced.into(),
            defined: s.defined.into(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Spanned<T>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value")
            }

            /// serde-saphyr: its own `Spanned` reads the place.
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<Spanned<T>, D::Error> {
                serde_saphyr::Spanned::<T>::deserialize(d).map(Spanned::from)
            }

            /// The fast reader: line, column, first byte and length, then the value.
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Spanned<T>, A::Error> {
                let mut number = || -> Result<u32, A::Error> {
                    seq.next_element()?
                        .ok_or_else(|| de::Error::custom("a place without its numbers"))
                };
                let (line, column, at, len) = (number()?, number()?, number()?, number()?);
                let value = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::custom("a place without its value"))?;
                let place = Location {
                    line,
                    column,
                    bytes: Some((at, len)),
                };
                Ok(Spanned {
                    value,
                    referenced: place,
                    defined: place,
                })
            }
        }
        d.deserialize_newtype_struct(NAME, V(PhantomData))
    }
}
