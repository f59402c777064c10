//! The YAML budget of a whole map: before a file is parsed, its events are counted, each alias as
//! everything it stands for (its anchor's values, bytes and depth, aliases inside it included),
//! and charged to one budget for all the map's files. A few hundred bytes of nested aliases that
//! stand for gigabytes, or many files each just under a limit, stop at the place where the budget
//! runs out, before anything is built from them. One file also may not hold a second document,
//! nest deeper than [`MAX_DEPTH`], or hold a single value longer than [`MAX_VALUE_BYTES`].
//!
//! It reads events only; a file the YAML parser cannot read is left to the parser's own message.
//! A [`plain`] file (no anchor, no tag) need not be read first: the parser's own counts of it are
//! the budget's ([`Budget::charge_counted`]).

use std::collections::BTreeMap;

use serde_saphyr::granit_parser::{Event, Parser};

use crate::source::Limits;

/// At most this deep a nesting of mappings and lists (the top-level mapping is level 1), through
/// aliases too.
pub const MAX_DEPTH: usize = 100;
/// At most this many bytes in one value (a name, a citation): a map needs no longer text.
pub const MAX_VALUE_BYTES: usize = 64 * 1024;
/// One value (word, list or mapping) per this many bytes of the map's limit.
pub(super) const BYTES_PER_VALUE: u64 = 4;

/// Whether a file holds neither an anchor (`&`) nor a tag (`!`). In such a file every event
/// stands for itself alone, so the parser's own counts (values, and bytes of scalars) are the
/// budget's, and the file need not be read a first time to be counted.
pub(crate) fn plain(text: &str) -> bool {
    !text.contains(['&', '!'])
}

/// Where a file goes past the budget, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Breach {
    /// The whole map, aliases written out, holds more than this many bytes of values.
    Bytes { limit: u64 },
    /// The whole map, aliases written out, holds more than this many values.
    Values { limit: u64 },
    /// Nesting deeper than [`MAX_DEPTH`].
    Depth,
    /// One value of this many bytes.
    LongValue { bytes: usize },
    /// A second YAML document.
    SecondDocument,
}

/// What an anchor stands for: values, bytes of text, and levels of nesting (0 for a word).
#[derive(Debug, Clone, Copy)]
struct Size {
    values: u64,
    bytes: u64,
    depth: usize,
}

/// A mapping or list still open in the scan.
struct Open {
    anchor: usize,
    values_before: u64,
    bytes_before: u64,
    /// Its own level of nesting, and the deepest level reached inside it.
    level: usize,
    deepest: usize,
}

/// The budget of a map, charged file by file.
pub(crate) struct Budget {
    bytes_limit: u64,
    values_limit: u64,
    bytes: u64,
    values: u64,
    /// Set once the whole map's budget has run out: later files are not counted.
    spent: bool,
}

impl Budget {
    pub(crate) fn new(limits: &Limits) -> Budget {
        Budget {
            bytes_limit: limits.map_bytes,
            values_limit: limits.map_bytes / BYTES_PER_VALUE,
            bytes: 0,
            values: 0,
            spent: false,
        }
    }

    /// Whether an earlier file used up the whole map's budget.
    pub(crate) fn spent(&self) -> bool {
        self.spent
    }

    /// What is left of the budget: values, and bytes of values.
    pub(crate) fn left(&self) -> (u64, u64) {
        (
            self.values_limit.saturating_sub(self.values),
            self.bytes_limit.saturating_sub(self.bytes),
        )
    }

    /// Charges a [`plain`] file that the parser has read and counted: `values` values holding
    /// `bytes` bytes. No value can be longer than [`MAX_VALUE_BYTES`] when all of them together
    /// are not; otherwise, or if the file takes the map past its budget, the file is counted
    /// event by event, which finds the place.
    pub(crate) fn charge_counted(
        &mut self,
        text: &str,
        values: u64,
        bytes: u64,
    ) -> Result<(), (Breach, usize)> {
        let (values_left, bytes_left) = self.left();
        if bytes > MAX_VALUE_BYTES as u64 || values > values_left || bytes > bytes_left {
            return self.charge(text);
        }
        self.values += values;
        self.bytes += bytes;
        Ok(())
    }

    /// Charges a [`plain`] file that `load::fast` has read: `values` values holding `bytes`
    /// bytes, which it counted event by event as [`Budget::charge`] counts them, every value
    /// within [`MAX_VALUE_BYTES`] and the whole within what was left.
    pub(crate) fn charge_read(&mut self, values: u64, bytes: u64) {
        self.values += values;
        self.bytes += bytes;
    }

    /// Counts one file; on a breach, what was passed and the byte offset where.
    pub(crate) fn charge(&mut self, text: &str) -> Result<(), (Breach, usize)> {
        let mut open: Vec<Open> = Vec::new();
        let mut anchors: BTreeMap<usize, Size> = BTreeMap::new();
        let mut documents = 0;
        for event in Parser::new_from_str(text) {
            // A file the parser cannot read gets the parser's message, later.
            let Ok((event, span)) = event else {
                return Ok(());
            };
            let at = span.start.byte_offset().unwrap_or(0).min(text.len());
            let level = open.len();
            match event {
                Event::DocumentStart(..) => {
                    documents += 1;
                    if documents > 1 {
                        return Err((Breach::SecondDocument, at));
                    }
                }
                Event::Scalar(value, _, anchor, _) => {
                    if value.len() > MAX_VALUE_BYTES {
                        return Err((Breach::LongValue { bytes: value.len() }, at));
                    }
                    self.add(1, value.len() as u64, at)?;
                    if anchor != 0 {
                        let size = Size {
                            values: 1,
                            bytes: value.len() as u64,
                            depth: 0,
                        };
                        anchors.insert(anchor, size);
                    }
                }
                Event::MappingStart(_, anchor, _) | Event::SequenceStart(_, anchor, _) => {
                    if level + 1 > MAX_DEPTH {
                        return Err((Breach::Depth, at));
                    }
                    self.add(1, 0, at)?;
                    open.push(Open {
                        anchor,
                        values_before: self.values - 1,
                        bytes_before: self.bytes,
                        level: level + 1,
                        deepest: level + 1,
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    let Some(closed) = open.pop() else {
                        return Ok(());
                    };
                    if closed.anchor != 0 {
                        let size = Size {
                            values: self.values - closed.values_before,
                            bytes: self.bytes - closed.bytes_before,
                            depth: closed.deepest - closed.level + 1,
                        };
                        anchors.insert(closed.anchor, size);
                    }
                    if let Some(parent) = open.last_mut() {
                        parent.deepest = parent.deepest.max(closed.deepest);
                    }
                }
                Event::Alias(anchor) => {
                    // An alias of an anchor still open refers to itself: the parser says so.
                    let Some(size) = anchors.get(&anchor).copied() else {
                        return Ok(());
                    };
                    if level + size.depth > MAX_DEPTH {
                        return Err((Breach::Depth, at));
                    }
                    self.add(size.values, size.bytes, at)?;
                    if let Some(parent) = open.last_mut() {
                        parent.deepest = parent.deepest.max(level + size.depth);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn add(&mut self, values: u64, bytes: u64, at: usize) -> Result<(), (Breach, usize)> {
        self.values = self.values.saturating_add(values);
        self.bytes = self.bytes.saturating_add(bytes);
        if self.bytes > self.bytes_limit {
            self.spent = true;
            return Err((
                Breach::Bytes {
                    limit: self.bytes_limit,
                },
                at,
            ));
        }
        if self.values > self.values_limit {
            self.spent = true;
            return Err((
                Breach::Values {
                    limit: self.values_limit,
                },
                at,
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A budget of `bytes`, with values unlimited.
    fn budget(bytes: u64) -> Budget {
        let mut b = Budget::new(&Limits {
            file_bytes: bytes,
            map_bytes: bytes,
        });
        b.values_limit = u64::MAX;
        b
    }

    #[test]
    fn aliases_count_as_what_they_stand_for() {
        // `a` is a list of 3 words of 2 bytes (4 values, 6 bytes); `b` lists `a` 3 times
        // (1 + 12 values, 18 bytes); `c` lists `b` 3 times (1 + 39 values, 54 bytes). With the
        // keys (a, b, c: 3 values, 3 bytes) and the top mapping (1 value): 4 + 13 + 40 + 4 = 61
        // values, 6 + 18 + 54 + 3 = 81 bytes.
        let yaml = "a: &a [xx, yy, zz]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n";
        let mut b = budget(1_000);
        assert_eq!(b.charge(yaml), Ok(()));
        assert_eq!((b.values, b.bytes), (61, 81));
        // 80 bytes are not enough: the last alias passes the budget, on line 3 (which starts at
        // offset 38) at the third `*b`, column 13: offset 50.
        let mut b = budget(80);
        assert_eq!(b.charge(yaml), Err((Breach::Bytes { limit: 80 }, 50)));
        assert!(b.spent());
        // The values count too: 60 are not enough for 61.
        let mut b = budget(1_000);
        b.values_limit = 60;
        assert!(matches!(
            b.charge(yaml),
            Err((Breach::Values { limit: 60 }, _))
        ));
    }

    #[test]
    fn the_budget_is_for_all_files() {
        // 10 bytes a file: `k: vvvvvvvvv` (1 + 9); the third file passes 25.
        let mut b = budget(100);
        b.bytes_limit = 25;
        assert_eq!(b.charge("k: vvvvvvvvv\n"), Ok(()));
        assert_eq!(b.charge("k: vvvvvvvvv\n"), Ok(()));
        assert_eq!(
            b.charge("k: vvvvvvvvv\n"),
            Err((Breach::Bytes { limit: 25 }, 3))
        );
    }

    #[test]
    fn depth_counts_through_aliases() {
        // `a` is 3 levels deep; placed at level 98 (inside 97 lists and the top mapping) it
        // reaches 101.
        let nest = |lists: usize| {
            format!(
                "a: &a [[[x]]]\nb: {}*a{}\n",
                "[".repeat(lists),
                "]".repeat(lists)
            )
        };
        let yaml = nest(97);
        let at = yaml.find('*').expect("the alias");
        assert_eq!(budget(1_000_000).charge(&yaml), Err((Breach::Depth, at)));
        assert_eq!(budget(1_000_000).charge(&nest(96)), Ok(()));
    }

    #[test]
    fn a_second_document_and_a_long_value_are_found() {
        assert_eq!(
            budget(1_000).charge("a: 1\n---\nb: 2\n"),
            Err((Breach::SecondDocument, 5))
        );
        let long = format!("a: {}\n", "x".repeat(MAX_VALUE_BYTES + 1));
        assert_eq!(
            budget(1_000_000).charge(&long),
            Err((
                Breach::LongValue {
                    bytes: MAX_VALUE_BYTES + 1
                },
                3
            ))
        );
    }
}
