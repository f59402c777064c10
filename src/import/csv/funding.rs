//! Reading funding.csv: one row per funding line, to a service (its `funding`) or a commissioner
//! (its `funded_by`). A row whose `status` is `planned` is a planned line (a contract not yet
//! awarded), whose `amount` may be empty; any other row is money being paid, and needs its amount.

use super::row::RowReader;
use super::{Reader, Sheet};
use crate::diag::Code;
use crate::import::cells;
use crate::import::nowhere;
use crate::import::tables;
use crate::model::{Contract, FundingLine, Id, Map, PlannedLine};
use crate::money::Money;
use crate::yaml::map::Entry;

/// A `status` cell: `planned` (in any case) for a planned line; anything else is a mistake, as in
/// a map (an empty cell is read as no status before this is asked).
fn parse_status(cell: &str) -> Result<bool, String> {
    let word = cell.trim();
    if word.eq_ignore_ascii_case(tables::PLANNED) {
        Ok(true)
    } else {
        Err(format!(
            "`{word}` is not a status of a funding line: leave `status` empty for money being paid, or write `planned` for a contract not yet awarded"
        ))
    }
}

impl Reader {
    /// Adds each row of funding.csv to the service or commissioner it is `to`.
    pub(super) fn funding(&mut self, sheet: &Sheet, map: &mut Map) {
        for row in &sheet.data.rows {
            let mut rr = RowReader::new(sheet, row);
            let to = rr.required(self, "to", "to");
            let from = rr.required(self, "from", "from");
            let status_given = rr.text("status", "status").is_some();
            let planned = rr.parse(self, "status", "status", parse_status);
            let amount = rr.parse(self, "amount", "amount", cells::parse_money);
            // A status that cannot be read is reported above; the missing amount follows from it.
            if rr.text("amount", "amount").is_none() && !status_given {
                self.error(
                    Code::MissingKey,
                    format!("row {} of {} has no amount", row.number, rr.file()),
                    rr.span("amount"),
                    "column `amount` is empty",
                    "fill in `amount`; for a contract not yet awarded, whose amount is not known, write `planned` in `status` instead",
                );
            }
            let earmark = rr.ids(self, "for", "for");
            let contract = Contract {
                start: rr.parse(self, "start", "contract.start", cells::parse_date),
                end: rr.parse(self, "end", "contract.end", cells::parse_date),
            };
            let source = rr.source(self, "source");
            let (Some(to), Some(from)) = (to, from) else {
                continue;
            };
            let Some(lines) = self.receiver(map, &to, &rr) else {
                continue;
            };
            let from = Id(from);
            let entry = if planned == Some(true) {
                lines.planned.push(PlannedLine {
                    from,
                    amount: amount.map(Money),
                    earmark,
                    contract,
                    source,
                    span: nowhere(),
                });
                Entry::Planned {
                    owner: Id(to),
                    index: lines.planned.len() - 1,
                }
            } else {
                // A status given but not `planned` has been reported: the row makes no line.
                let Some(amount) = amount.filter(|_| !status_given) else {
                    continue;
                };
                lines.counted.push(FundingLine {
                    from,
                    amount: Money(amount),
                    earmark,
                    earmark_span: None,
                    contract,
                    source,
                    span: nowhere(),
                });
                Entry::Funding {
                    owner: Id(to),
                    index: lines.counted.len() - 1,
                }
            };
            rr.finish(self, entry);
        }
    }

    /// The lines of the service or commissioner `to`; reports an id that is neither.
    fn receiver<'m>(&mut self, map: &'m mut Map, to: &str, rr: &RowReader) -> Option<Lines<'m>> {
        if !map.commissioners.contains_key(to) && !map.services.contains_key(to) {
            self.unknown_receiver(map, to, rr);
            return None;
        }
        if let Some(c) = map.commissioners.get_mut(to) {
            return Some(Lines {
                counted: &mut c.funded_by,
                planned: &mut c.planned,
            });
        }
        map.services.get_mut(to).map(|s| Lines {
            counted: &mut s.funding,
            planned: &mut s.planned,
        })
    }

    /// Reports funding to an id that is neither a service nor a commissioner.
    fn unknown_receiver(&mut self, map: &Map, to: &str, rr: &RowReader) {
        // A table of receivers that could not be read has its own error: the check waits for it.
        let receivers = [tables::SERVICES.file, tables::COMMISSIONERS.file];
        if self.unread.iter().any(|t| receivers.contains(t)) {
            return;
        }
        let known = map
            .commissioners
            .keys()
            .chain(map.services.keys())
            .map(Id::as_str);
        let help = crate::diag::did_you_mean(to, known).unwrap_or_else(|| {
            "name a service (services.csv) or a commissioner (commissioners.csv) that receives the money".into()
        });
        self.error(
            Code::UnknownReference,
            format!("funding to `{to}`, but there is no service or commissioner with that id"),
            rr.span("to"),
            "receives the money: unknown",
            help,
        );
    }
}

/// A receiver's funding lines: those counted as spend, and those planned.
struct Lines<'m> {
    counted: &'m mut Vec<FundingLine>,
    planned: &'m mut Vec<PlannedLine>,
}
