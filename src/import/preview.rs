//! What an import will change, in words: each new line with where it goes and the exact text
//! inserted, then what is on the map already, what was skipped and what could not be placed (with
//! why and what to do). Text for the terminal, made here and printed by the CLI.

use std::fmt::Write;

use crate::import::award::Unreadable;
use crate::import::edit::Edited;
use crate::import::place::{Plan, date_text};
use crate::visible::{visible, visible_inline};

/// Everything the user needs to decide: read, placed, not placed. `read` is how many were read,
/// with the word for one and for many. Text from the file (names, references, reasons that quote
/// them) is shown with its hidden characters as escapes (`\n`, `\u{202e}`, `\u{1b}`): each item
/// stays on its own line, so a name cannot forge a line, reorder one or drive the terminal.
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
    let _ = writeln!(
        out,
        "Read {n} {} from {}.",
        plural(n, one, many),
        visible_inline(file)
    );
    let lines = additions(&mut out, plan, edited, currency);
    pastes(&mut out, plan, edited, currency);
    for (title, list) in [
        ("On the map already, not added again", &plan.present),
        ("Skipped", &plan.skipped),
    ] {
        if !list.is_empty() {
            let _ = writeln!(out, "\n{title}: {}", list.len());
            for (r, why) in list {
                let _ = writeln!(out, "  {}: {}", visible_inline(r), visible_inline(why));
            }
        }
    }
    not_placed(&mut out, plan, unreadable);
    if lines == 0 && edited.paste.is_empty() {
        let _ = writeln!(out, "\nNothing to add to the map.");
    }
    // Every piece from the file is escaped where it is written; this is the fence behind them.
    visible(&out).into_owned()
}

/// The lines to insert, each list with its lines as the file will hold them. Returns how many.
fn additions(out: &mut String, plan: &Plan, edited: &Edited, currency: &str) -> usize {
    let lines = edited.lines_inserted();
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
                visible_inline(&ins.target.path()),
                visible_inline(&f.name),
                ins.line
            );
            for a in plan.additions.iter().filter(|a| a.target == ins.target) {
                describe(out, a, currency);
            }
            for l in ins.text.lines() {
                let _ = writeln!(out, "    + {}", visible_inline(l));
            }
        }
    }
    lines
}

/// The lines that cannot be inserted, with why.
fn pastes(out: &mut String, plan: &Plan, edited: &Edited, currency: &str) {
    if edited.paste.is_empty() {
        return;
    }
    let of = |p: &crate::import::edit::Paste| {
        plan.additions
            .iter()
            .filter(|a| a.target == p.target)
            .collect::<Vec<_>>()
    };
    let n: usize = edited.paste.iter().map(|p| of(p).len()).sum();
    let _ = writeln!(
        out,
        "\n{n} funding {} cannot be inserted safely, and will be written to a file to paste from:",
        plural(n, "line", "lines")
    );
    for p in &edited.paste {
        let file = p
            .file
            .as_deref()
            .map_or_else(String::new, |f| format!(" — {}", visible_inline(f)));
        let _ = writeln!(
            out,
            "\n  {}{file}: {}",
            visible_inline(&p.target.path()),
            visible_inline(&p.reason)
        );
        for a in of(p) {
            describe(out, a, currency);
        }
    }
}

/// What could not be read or placed, with why and what to do.
fn not_placed(out: &mut String, plan: &Plan, unreadable: &[Unreadable]) {
    let n = plan.unplaced.len() + unreadable.len();
    if n == 0 {
        return;
    }
    let _ = writeln!(out, "\nNot placed: {n} (the map is not changed for these)");
    for u in unreadable {
        let _ = writeln!(
            out,
            "  {} ({}): cannot be read: {}",
            visible_inline(&u.reference),
            visible_inline(&u.place),
            visible_inline(&u.reason)
        );
    }
    for u in &plan.unplaced {
        let _ = writeln!(
            out,
            "  {} ({}), {}",
            visible_inline(&u.reference),
            visible_inline(&u.place),
            visible_inline(&u.what)
        );
        let _ = writeln!(out, "    why: {}", visible_inline(&u.reason));
        for h in &u.help {
            let _ = writeln!(out, "    to place it: {}", visible_inline(h));
        }
    }
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
    let _ = writeln!(
        out,
        "    {}: {} → {}",
        visible_inline(&award.reference),
        visible_inline(&award.funder.name),
        visible_inline(&to)
    );
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
        let _ = writeln!(out, "      {}", visible_inline(h));
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
