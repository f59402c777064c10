//! The coverage section of the Markdown report: the cohort × stage table.

use super::write::*;
use crate::analysis::coverage::{Coverage, Status};
use crate::analysis::gaps::GapKind;
use crate::export::text::people;

/// The words in a coverage cell.
fn cell(status: Status, routes: usize, short: f64) -> String {
    match status {
        Status::Covered => format!("✓ {routes}"),
        Status::CapacityUnknown => format!("✓ {routes}, capacity unknown"),
        Status::Gap(GapKind::Capacity) => format!("✓ {routes}, **{} short**", people(short)),
        Status::Gap(kind) => format!("✗ **{}**", kind.name()),
    }
}

/// The cohort × stage table of coverage.
pub fn coverage_section(w: &mut Doc, c: &Coverage) {
    w.raw("## Coverage\n\n");
    w.raw("Each cell is a stage a cohort needs: ✓ with the number of routes, or ✗ with the kind of gap; – where the cohort does not need the stage.\n\n");
    w.raw("| cohort | people |");
    for s in &c.stages {
        w.raw(" ").text(s.as_str()).raw(" |");
    }
    w.raw("\n|---|--:|");
    for _ in &c.stages {
        w.raw("---|");
    }
    w.raw("\n");
    for row in &c.cohorts {
        w.raw("| ").text(row.cohort.as_str());
        w.raw(" | ").raw(&people(row.size)).raw(" |");
        for s in &c.stages {
            w.raw(" ");
            match row.stage(s.as_str()) {
                Some(sc) => {
                    let short = (sc.need - sc.served.unwrap_or(sc.need)).max(0.0);
                    w.raw(&cell(sc.status, sc.routes.len(), short));
                }
                None => {
                    w.raw("–");
                }
            }
            w.raw(" |");
        }
        w.raw("\n");
    }
    w.raw("\n");
}
