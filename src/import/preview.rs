//! What an import will change, in words: each new line with where it goes and the exact text
//! inserted, then what is on the map already, what was skipped and what could not be placed (with
//! why and what to do). Text for the terminal, made here and printed by the CLI.

use std::fmt::Write;

use crate::import::award::Unreadable;
use crate::import::edit::Edited;
use crate::import::place::{Plan, date_text};

/// Everything the user needs to decide: read, placed, not placed.
/// `read` is how many were read, with the word for one and for many.
pub fn render(
    file: &str,
    read: (usize, &str, &str),
    unreadable: &[Unreadable],
    plan: &Plan,
    edited: &Edited,
    currency: &str,
) -> String {
    let mut out = String::new();
    let (n, one, many) = read;
    let _ = writeln!(out, "Read {n} {} from {file}.", plural(n, one, many));
    let lines: usize = edited
        .files
        .iter()
        .flat_map(|f| &f.insertions)
        .map(|i| i.count)
        .sum();
    if lines > 0 {
        let _ = writeln!(
            out,
            "\nWill add {lines} funding {}:",
            plural(lines, "line", "lines")
        );
    }
    for f in &edited.files {
        for ins in &f.insertions {
            let _ = writeln!(
                out,
                "\n  {} — {}, line {}",
                ins.target.path(),
                f.name,
                ins.line
            );
            for a in plan.additions.iter().filter(|a| a.target == ins.target) {
                describe(&mut out, a, currency);
            }
            for l in ins.text.lines() {
                let _ = writeln!(out, "    + {l}");
            }
        }
    }
    if !edited.paste.is_empty() {
        let n: usize = edited
            .paste
            .iter()
            .map(|p| {
                plan.additions
                    .iter()
                    .filter(|a| a.target == p.target)
                    .count()
            })
            .sum();
        let _ = writeln!(
            out,
            "\n{n} funding {} cannot be inserted safely, and will be written to a file to paste from:",
            plural(n, "line", "lines")
        );
        for p in &edited.paste {
            let file = p
                .file
                .as_deref()
                .map_or_else(String::new, |f| format!(" — {f}"));
            let _ = writeln!(out, "\n  {}{file}: {}", p.target.path(), p.reason);
            for a in plan.additions.iter().filter(|a| a.target == p.target) {
                describe(&mut out, a, currency);
            }
        }
    }
    if !plan.present.is_empty() {
        let _ = writeln!(
            out,
            "\nOn the map already, not added again: {}",
            plan.present.len()
        );
        for (r, why) in &plan.present {
            let _ = writeln!(out, "  {r}: {why}");
        }
    }
    if !plan.skipped.is_empty() {
        let _ = writeln!(out, "\nSkipped: {}", plan.skipped.len());
        for (r, why) in &plan.skipped {
            let _ = writeln!(out, "  {r}: {why}");
        }
    }
    let not_placed = plan.unplaced.len() + unreadable.len();
    if not_placed > 0 {
        let _ = writeln!(
            out,
            "\nNot placed: {not_placed} (the map is not changed for these)"
        );
        for u in unreadable {
            let _ = writeln!(
                out,
                "  {} ({}): cannot be read: {}",
                u.reference, u.place, u.reason
            );
        }
        for u in &plan.unplaced {
            let _ = writeln!(out, "  {} ({}), {}", u.reference, u.place, u.what);
            let _ = writeln!(out, "    why: {}", u.reason);
            for h in &u.help {
                let _ = writeln!(out, "    to place it: {h}");
            }
        }
    }
    if lines == 0 && edited.paste.is_empty() {
        let _ = writeln!(out, "\nNothing to add to the map.");
    }
    out
}

/// Funder → recipient, the amounts and dates, and how each was matched.
fn describe(out: &mut String, a: &crate::import::place::Addition, currency: &str) {
    let award = &a.award;
    let to = award
        .recipients
        .iter()
        .map(|r| r.name.clone())
        .collect::<Vec<_>>()
        .join(" and ");
    let to = if to.is_empty() {
        "no supplier yet".to_owned()
    } else {
        to
    };
    let _ = writeln!(out, "    {}: {} → {to}", award.reference, award.funder.name);
    let amount = match (a.line.planned, award.amount, a.line.amount) {
        (true, _, _) => "planned, no amount (not counted as spend)".to_owned(),
        (false, Some(total), Some(year)) if total != year => format!(
            "{} awarded, {} a year",
            total.display(currency),
            year.display(currency)
        ),
        (false, _, Some(year)) => format!("{} a year", year.display(currency)),
        _ => "no amount".to_owned(),
    };
    let _ = writeln!(
        out,
        "      {amount}, {currency}; {} to {}{}",
        date_text(a.line.contract.start),
        date_text(a.line.contract.end),
        award
            .awarded_on
            .map_or_else(String::new, |d| format!("; awarded {d}"))
    );
    for h in &a.how {
        let _ = writeln!(out, "      {h}");
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
