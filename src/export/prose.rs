//! Sentences for a reader, with the ids in them marked, so that each format shows an id its own
//! way (text and Markdown in backticks, HTML as `<code>`) and none has to find ids again in a
//! finished string. The words of each analysis are written once, in `export::words`, as `Prose`.

use std::fmt::Write;

/// One run of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Words, shown as they are.
    Text(String),
    /// An id from the map, shown as code.
    Id(String),
}

/// A sentence or a paragraph, made of words and ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prose {
    pieces: Vec<Piece>,
}

impl Prose {
    /// Words only.
    pub fn text(words: impl Into<String>) -> Prose {
        Prose {
            pieces: vec![Piece::Text(words.into())],
        }
    }

    /// One id.
    pub fn id(id: impl Into<String>) -> Prose {
        Prose {
            pieces: vec![Piece::Id(id.into())],
        }
    }

    /// "`a`, `b` and `c`"; "none" for no ids.
    pub fn ids<S: AsRef<str>>(ids: impl IntoIterator<Item = S>) -> Prose {
        let items: Vec<Prose> = ids.into_iter().map(|i| Prose::id(i.as_ref())).collect();
        Prose::list(items, "none")
    }

    /// "a, b and c", each item as given; `empty` for none.
    pub fn list(items: Vec<Prose>, empty: &str) -> Prose {
        let n = items.len();
        if n == 0 {
            return Prose::text(empty);
        }
        let mut out = Prose::default();
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                out.push(if i + 1 == n { " and " } else { ", " });
            }
            out.append(item);
        }
        out
    }

    /// A sentence from a template: each `{}` is replaced by the next part, in order.
    pub fn fill(template: &str, parts: impl IntoIterator<Item = Prose>) -> Prose {
        let mut parts = parts.into_iter();
        let mut out = Prose::default();
        let mut rest = template;
        while let Some(at) = rest.find("{}") {
            out.push(&rest[..at]);
            if let Some(p) = parts.next() {
                out.append(p);
            }
            rest = &rest[at + 2..];
        }
        out.push(rest);
        out
    }

    /// Adds words at the end.
    pub fn push(&mut self, words: &str) {
        if words.is_empty() {
            return;
        }
        if let Some(Piece::Text(t)) = self.pieces.last_mut() {
            t.push_str(words);
        } else {
            self.pieces.push(Piece::Text(words.to_owned()));
        }
    }

    /// Adds an id at the end.
    pub fn push_id(&mut self, id: &str) {
        self.pieces.push(Piece::Id(id.to_owned()));
    }

    /// Adds another sentence at the end.
    pub fn append(&mut self, other: Prose) {
        for p in other.pieces {
            match p {
                Piece::Text(t) => self.push(&t),
                Piece::Id(i) => self.pieces.push(Piece::Id(i)),
            }
        }
    }

    /// This followed by `other`.
    pub fn then(mut self, other: Prose) -> Prose {
        self.append(other);
        self
    }

    /// This followed by words.
    pub fn and(mut self, words: &str) -> Prose {
        self.push(words);
        self
    }

    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// As plain text, ids in backticks: what the terminal shows.
    pub fn plain(&self) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Id(i) => {
                    let _ = write!(out, "`{i}`");
                }
            }
        }
        out
    }
}

impl From<&str> for Prose {
    fn from(words: &str) -> Prose {
        Prose::text(words)
    }
}

impl From<String> for Prose {
    fn from(words: String) -> Prose {
        Prose::text(words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_puts_parts_in_order_and_keeps_ids_apart_from_words() {
        let p = Prose::fill(
            "{} is open to {} but not {}.",
            [
                Prose::id("ips"),
                Prose::ids(["a", "b`c"]),
                Prose::text("everyone"),
            ],
        );
        assert_eq!(
            p.plain(),
            "`ips` is open to `a` and `b`c` but not everyone."
        );
        assert_eq!(
            p.pieces()[0..2],
            [Piece::Id("ips".into()), Piece::Text(" is open to ".into())]
        );
        assert_eq!(Prose::ids(Vec::<&str>::new()).plain(), "none");
    }
}
