//! A part's best solutions as pieces that share nothing, each filled on its own.
//!
//! The face (`face.rs`) says which options serve no one in any best solution. Without them, a
//! part often falls apart: rows and services linked only through idle options have nothing to
//! trade in a best solution. Each piece (the rows and services linked by options that are not
//! idle) is then a programme of its own, and the best solutions of the part are those of the
//! pieces side by side:
//! - a best solution of the part, taken on one piece, is a best solution of the piece: if the
//!   piece could serve more, that solution with the rest of the part left as it was would serve
//!   more than the best (the pieces share no service, and a cohort's places held at a service
//!   belong to the piece of that service);
//! - so the pieces' best totals add up to the part's, and the face of a piece is the face of the
//!   part on its rows and services.
//!
//! The fairest of the best, a lexicographic max-min of shares over a set of solutions that is the
//! product of the pieces' sets, is each piece's fairest side by side: raising the lowest share of
//! one piece never takes from another. The range of a row over the best solutions is its range
//! over its piece's. So each piece is filled, and its ranges found, with programmes as small as
//! the piece, and a row no option of which serves anyone is given no one.

use std::collections::BTreeMap;

use petgraph::unionfind::UnionFind;

use super::{Face, Row};

/// One piece of a part: its rows and services, with the options that are not idle.
pub(super) struct Piece {
    /// The piece's rows, as indices into the part's rows.
    pub(super) rows: Vec<usize>,
    /// Per row of the piece: its cohort, its need, and its options that are not idle, as indices
    /// into [`Piece::places`].
    pub(super) part_rows: Vec<Row>,
    /// Per row of the piece, per option kept: its position among the part row's options.
    kept: Vec<Vec<usize>>,
    /// Per service of the piece: its places.
    pub(super) places: Vec<f64>,
    /// The part's face on the piece.
    pub(super) face: Face,
}

/// The pieces of a part under its face, each with at least one row, in the order of their first
/// rows; one piece when the part does not fall apart (then `None`: the part is solved whole).
pub(super) fn pieces(rows: &[Row], places: &[f64], face: &Face) -> Option<Vec<Piece>> {
    // A row with an option past the services given places is no part the face was found for.
    if (rows.iter()).any(|r| r.options.iter().any(|&s| s >= places.len())) {
        return None;
    }
    // Rows and services joined by the options that are not idle.
    let n = rows.len();
    let mut joined = UnionFind::<usize>::new(n + places.len());
    for (i, r) in rows.iter().enumerate() {
        for (k, &s) in r.options.iter().enumerate() {
            if !face.idle[i][k] {
                joined.union(i, n + s);
            }
        }
    }
    // Pieces numbered in the order of their first rows; a row with every option idle is left out
    // (no best solution serves it anyone).
    let mut number: BTreeMap<usize, usize> = BTreeMap::new();
    let mut of_row: Vec<Option<usize>> = vec![None; n];
    for (i, (piece, idle)) in of_row.iter_mut().zip(&face.idle).enumerate() {
        if idle.iter().all(|&idle| idle) {
            continue;
        }
        let root = joined.find_mut(i);
        let next = number.len();
        *piece = Some(*number.entry(root).or_insert(next));
    }
    if number.len() < 2 {
        return None;
    }
    let mut out: Vec<Piece> = (0..number.len())
        .map(|_| Piece {
            rows: Vec::new(),
            part_rows: Vec::new(),
            kept: Vec::new(),
            places: Vec::new(),
            face: Face::default(),
        })
        .collect();
    // Each piece's services, numbered in the order first met.
    let mut local: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        let Some(p) = of_row[i] else { continue };
        let piece = &mut out[p];
        let mut options = Vec::new();
        let mut kept = Vec::new();
        for (k, &s) in r.options.iter().enumerate() {
            if face.idle[i][k] {
                continue;
            }
            let at = *local.entry(s).or_insert_with(|| {
                piece.places.push(places[s]);
                piece.face.filled.push(face.filled[s]);
                piece.places.len() - 1
            });
            options.push(at);
            kept.push(k);
        }
        piece.rows.push(i);
        piece.part_rows.push(Row {
            cohort: r.cohort,
            need: r.need,
            options,
        });
        piece.face.idle.push(vec![false; kept.len()]);
        piece.face.none.push(face.none[i]);
        piece.face.tight.push(face.tight[i]);
        piece.face.full.push(face.full[i]);
        piece.kept.push(kept);
    }
    Some(out)
}

impl Piece {
    /// The rows of the piece that are `asked` about (per part row), as indices into the
    /// piece's rows.
    pub(super) fn asked(&self, asked: &[bool]) -> Vec<usize> {
        (self.rows.iter().enumerate())
            .filter(|&(_, &i)| asked[i])
            .map(|(k, _)| k)
            .collect()
    }

    /// The people a solution of the part serves at the piece's options (`value` of a part row and
    /// option position): for a best solution, the piece's best total.
    pub(super) fn total(&self, value: impl Fn(usize, usize) -> f64) -> f64 {
        (self.rows.iter().zip(&self.kept))
            .flat_map(|(&i, kept)| kept.iter().map(move |&k| (i, k)))
            .map(|(i, k)| value(i, k))
            .sum()
    }

    /// Writes the piece's people served per row and option (`served`, in the piece's order) into
    /// the part's (`into`, per part row and option).
    pub(super) fn spread(&self, served: &[Vec<f64>], into: &mut [Vec<f64>]) {
        for ((&i, kept), at) in self.rows.iter().zip(&self.kept).zip(served) {
            for (&k, &v) in kept.iter().zip(at) {
                into[i][k] = v;
            }
        }
    }
}
