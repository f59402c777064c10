//! The last table of the Markdown report: every service on the map.

use super::write::*;
use crate::analysis::report::ServiceBrief;
use crate::export::text::people;
use crate::model::Id;
use crate::money::Money;

/// Every service on the map, for readers who know them by name.
pub fn services_section(w: &mut Doc, services: &[ServiceBrief], currency: &str) {
    w.raw("## Services on the map\n\nPlaces and funding are per year; – means the map gives no funding (gateways such as GP practices, whose budgets lie outside the map).\n\n");
    w.raw("| id | name | model | stages | places | funding |\n");
    w.raw("|---|---|---|---|--:|--:|\n");
    for s in services {
        w.raw("| ")
            .text(s.id.as_str())
            .raw(" | ")
            .text(&s.name)
            .raw(" | ");
        w.text(&s.model).raw(" | ");
        let stages: Vec<&str> = s.stages.iter().map(Id::as_str).collect();
        w.text(&stages.join(", ")).raw(" | ");
        w.raw(&s.places.map_or_else(|| "unknown".to_owned(), people));
        w.raw(" | ");
        if s.spend == Money::ZERO {
            w.raw("–");
        } else {
            w.text(&money(s.spend, currency));
        }
        w.raw(" |\n");
    }
    w.raw("\n");
}
