//! What one solution of the filling shows with no programme: rows that can rise, and rows that
//! cannot, from the moves of people between services.

use super::{Row, SAME, alone_in_cohort};

/// People served below this are taken as none when following moves between services.
pub(super) const SOME: f64 = 1e-6;

/// Who serves people where, and who could, in one solution of the filling: enough to show, with
/// no programme, that some rows can rise and that others cannot.
///
/// A rise is a chain of moves along which each step is a place freed. Row `i` takes a place at a
/// service where one is freed; a row whose cohort has no other row in the part (its places held
/// are its people served) frees a place where it serves people by taking one at a service where
/// one is freed, its share unchanged; and a row above its level (a free row above `level`, a
/// fixed row above its own) frees a place where it serves people outright. Each step moves a
/// little of people served, so the total stays the best and every other share stays where the
/// programme holds it. (A cohort with several rows frees a place only when all its rows there
/// move: such moves are left to the programmes.)
pub(super) struct Moves<'a> {
    rows: &'a [Row],
    share: &'a [f64],
    level: f64,
    fixed: &'a [Option<f64>],
    /// Per row: whether its cohort has no other row in the part.
    alone: Vec<bool>,
    /// Per service: the rows serving people there.
    holders: Vec<Vec<usize>>,
    /// Per service: the rows that could serve people there.
    users: Vec<Vec<usize>>,
}

impl<'a> Moves<'a> {
    pub(super) fn new(
        rows: &'a [Row],
        served: &[Vec<f64>],
        share: &'a [f64],
        level: f64,
        fixed: &'a [Option<f64>],
    ) -> Moves<'a> {
        let services = rows
            .iter()
            .flat_map(|r| r.options.iter().copied())
            .max()
            .map_or(0, |s| s + 1);
        let alone = alone_in_cohort(rows);
        let mut holders: Vec<Vec<usize>> = vec![Vec::new(); services];
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); services];
        for (i, r) in rows.iter().enumerate() {
            for (k, &s) in r.options.iter().enumerate() {
                users[s].push(i);
                if served[i][k] > SOME {
                    holders[s].push(i);
                }
            }
        }
        Moves {
            rows,
            share,
            level,
            fixed,
            alone,
            holders,
            users,
        }
    }

    /// Whether row `i` can give people up outright: it is above its level.
    fn above(&self, i: usize) -> bool {
        self.share[i] > self.fixed[i].unwrap_or(self.level) + SAME
    }

    /// The rows a chain of moves shows able to rise. A row it does not show may still rise by
    /// moves of a cohort with several rows.
    pub(super) fn can_rise(&self) -> Vec<bool> {
        let mut freed = vec![false; self.holders.len()];
        let mut queue: Vec<usize> = Vec::new();
        for (s, list) in self.holders.iter().enumerate() {
            if list.iter().any(|&i| self.alone[i] && self.above(i)) {
                freed[s] = true;
                queue.push(s);
            }
        }
        let mut rises = vec![false; self.rows.len()];
        let mut passed = vec![false; self.rows.len()];
        while let Some(s) = queue.pop() {
            for &i in &self.users[s] {
                // A row served in full has nothing to take.
                rises[i] |= self.share[i] < 1.0 - SAME;
                if passed[i] || !self.alone[i] {
                    continue;
                }
                passed[i] = true;
                for &t in &self.rows[i].options {
                    if !freed[t] && self.holders[t].contains(&i) {
                        freed[t] = true;
                        queue.push(t);
                    }
                }
            }
        }
        rises
    }

    /// Whether no row of `stuck` can rise, shown from every chain of moves that could start at
    /// one: the services they could take a place at, the rows serving people there, the services
    /// those could move to, and so on, meet no row above its level, and no cohort with several
    /// rows (whose moves only a programme can rule out). `false` when it cannot be shown so.
    pub(super) fn none_can_rise(&self, stuck: &[usize]) -> bool {
        let mut reached = vec![false; self.holders.len()];
        let mut met = vec![false; self.rows.len()];
        let mut queue: Vec<usize> = Vec::new();
        for &i in stuck {
            for &s in &self.rows[i].options {
                if !reached[s] {
                    reached[s] = true;
                    queue.push(s);
                }
            }
        }
        while let Some(s) = queue.pop() {
            for &j in &self.holders[s] {
                if met[j] {
                    continue;
                }
                met[j] = true;
                if self.above(j) || !self.alone[j] {
                    return false;
                }
                for &t in &self.rows[j].options {
                    if !reached[t] {
                        reached[t] = true;
                        queue.push(t);
                    }
                }
            }
        }
        true
    }
}
