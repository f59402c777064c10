//! Funding lines as YAML: a service's `funding` or a commissioner's `funded_by`, the lines counted
//! as spend first, then the planned ones (`status: planned`, an amount only where the map states
//! one), each tagged with its own entry so that a problem found in it can be traced back.

use super::{
    Entry, F, Provenance, Tagged, comments_of, list_field, money, source_field, tag, text_field,
};
use crate::model::{Contract, FundingLine, Id, PlannedLine, Source};
use crate::money::Money;
use crate::yaml::{Item, Node};

/// What the writer needs of a line, counted or planned.
struct Line<'a> {
    entry: Entry,
    from: &'a Id,
    amount: Option<Money>,
    planned: bool,
    earmark: &'a [Id],
    contract: Contract,
    source: &'a Option<Source>,
}

/// The field `key` (`funding` or `funded_by`) holding `counted` then `planned`; `None` when both
/// are empty, as a map without the key has neither.
pub(super) fn funding_field(
    key: &str,
    owner: &Id,
    counted: &[FundingLine],
    planned: &[PlannedLine],
    provenance: &Provenance,
) -> Option<F> {
    let counted = counted.iter().enumerate().map(|(index, l)| Line {
        entry: Entry::Funding {
            owner: owner.clone(),
            index,
        },
        from: &l.from,
        amount: Some(l.amount),
        planned: false,
        earmark: &l.earmark,
        contract: l.contract,
        source: &l.source,
    });
    let planned = planned.iter().enumerate().map(|(index, l)| Line {
        entry: Entry::Planned {
            owner: owner.clone(),
            index,
        },
        from: &l.from,
        amount: l.amount,
        planned: true,
        earmark: &l.earmark,
        contract: l.contract,
        source: &l.source,
    });
    let items: Vec<Item<Tagged>> = counted
        .chain(planned)
        .map(|line| item(&line, provenance))
        .collect();
    (!items.is_empty()).then(|| F::new(key, Node::Seq(items)))
}

/// One line, in the order docs/format.md lists its keys.
fn item(line: &Line, provenance: &Provenance) -> Item<Tagged> {
    let e = &line.entry;
    let mut f = vec![text_field(e, "from", line.from.as_str())];
    f.extend(
        line.amount
            .map(|a| F::new("amount", Node::Scalar(money(a))).tagged((e.clone(), "amount".into()))),
    );
    if line.planned {
        f.push(text_field(e, "status", "planned"));
    }
    if !line.earmark.is_empty() {
        f.push(list_field(e, "for", line.earmark));
    }
    let c = line.contract;
    if c.start.is_some() || c.end.is_some() {
        let dates = [("start", c.start), ("end", c.end)]
            .into_iter()
            .filter_map(|(k, d)| {
                d.map(|d| {
                    F::new(k, Node::Scalar(d.to_string()))
                        .tagged((e.clone(), format!("contract.{k}")))
                })
            })
            .collect();
        f.push(F::new("contract", Node::Map(dates)));
    }
    f.extend(source_field(e, "source", line.source));
    Item {
        comments: comments_of(provenance, e),
        value: Node::Map(f),
        tag: tag(e, ""),
    }
}
