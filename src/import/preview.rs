//! What an import will change, in words: each new line with where it goes and the exact text
//! inserted, then what is on the map already, what was skipped and what could not be placed (with
//! why and what to do). Text for the terminal, made here and printed by the CLI.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::import::award::{Org, Unreadable};
use crate::import::edit::Edited;
use crate::import::place::{Plan, Role, date_text};
use crate::money::{Money, group_thousands};
use crate::visible::{visible, visible_inline};

/// Everything the user needs to decide: read, placed, not placed. `read` is how many were read,
/// with the word for one and for many. Text from the file (names, references, reasons that quote
/// them) is shown with its hidden characters as escapes (`\n`, `\u{202e}`, `\u{1b}`): each item
/// stays on its own line, so a name cannot forge a line, reorder one or drive the terminal.
///
/// Unless `all` is set, the lists stay readable when a file is a national funder's (a hundred
/// thousand grants, nearly all to organisations elsewhere): past [`LISTED`] awards whose funder or
/// recipient is not on the map, nor near a name on it, those organisations are summed up, the
/// [`LISTED`] with the most money named; the skipped and those on the map already are listed to
/// [`LISTED`] and the rest counted, and so are those that cannot be read (a file of another shape,
/// perhaps, where every award fails alike). Every other award not placed (something on the map to
/// mend or choose) is always listed.
pub fn render(
    file: &str,
    read: (usize, &str, &str),
    unreadable: &[Unreadable],
    plan: &Plan,
    edited: &Edited,
    currency: &str,
    all: bool,
) -> String {
    let mut out = String::new();
    let (n, one, many) = read;
    let _ = writeln!(
        out,
        "Read {} {} from {}.",
        group_thousands(n as u64),
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
            let _ = writeln!(out, "\n{title}: {}", group_thousands(list.len() as u64));
            let shown = if all { list.len() } else { LISTED };
            for (r, why) in list.iter().take(shown) {
                let _ = writeln!(out, "  {}: {}", visible_inline(r), visible_inline(why));
            }
            if list.len() > shown {
                let more = group_thousands((list.len() - shown) as u64);
                let _ = writeln!(out, "  and {more} more (--all lists them)");
            }
        }
    }
    not_placed(&mut out, plan, unreadable, (one, many, currency), all);
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

/// How many awards a list shows before the rest are counted (see [`render`]).
pub const LISTED: usize = 20;

/// What could not be read or placed, with why and what to do. `words`: the words for one award
/// and for many, and the map's currency.
fn not_placed(
    out: &mut String,
    plan: &Plan,
    unreadable: &[Unreadable],
    words: (&str, &str, &str),
    all: bool,
) {
    let n = plan.unplaced.len() + unreadable.len();
    if n == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "\nNot placed: {} (the map is not changed for these)",
        group_thousands(n as u64)
    );
    let shown = if all { unreadable.len() } else { LISTED };
    for u in unreadable.iter().take(shown) {
        let _ = writeln!(
            out,
            "  {} ({}): cannot be read: {}",
            visible_inline(&u.reference),
            visible_inline(&u.place),
            visible_inline(&u.reason)
        );
    }
    if unreadable.len() > shown {
        let more = unreadable.len() - shown;
        let _ = writeln!(
            out,
            "  and {} more that cannot be read (--all lists them)",
            group_thousands(more as u64)
        );
    }
    let off_map = plan.unplaced.iter().filter(|u| u.off_map.is_some()).count();
    let summed = !all && off_map > LISTED;
    for u in plan
        .unplaced
        .iter()
        .filter(|u| !summed || u.off_map.is_none())
    {
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
    if summed {
        for role in [Role::Funder, Role::Recipient] {
            off_the_map(out, plan, role, words);
        }
    }
}

/// An organisation nowhere on the map, with its awards, their money and what to add so that it
/// matches.
struct Away<'a> {
    org: &'a Org,
    awards: usize,
    money: Money,
    help: &'a [String],
}

/// The awards whose organisation in `role` is not on the map, nor near a name on it, summed up
/// by organisation: how many, how much, and the [`LISTED`] organisations with the most money.
fn off_the_map(
    out: &mut String,
    plan: &Plan,
    role: Role,
    (one, many, currency): (&str, &str, &str),
) {
    // Per organisation, in the order first met.
    let mut orgs: Vec<Away<'_>> = Vec::new();
    let mut at: BTreeMap<(&str, &[String]), usize> = BTreeMap::new();
    for u in &plan.unplaced {
        let Some(o) = u.off_map.as_ref().filter(|o| o.role == role) else {
            continue;
        };
        let key = (o.org.name.as_str(), o.org.identifiers.as_slice());
        let i = *at.entry(key).or_insert_with(|| {
            orgs.push(Away {
                org: &o.org,
                awards: 0,
                money: Money::ZERO,
                help: &u.help,
            });
            orgs.len() - 1
        });
        orgs[i].awards += 1;
        orgs[i].money += o.amount.unwrap_or(Money::ZERO);
    }
    if orgs.is_empty() {
        return;
    }
    let awards: usize = orgs.iter().map(|o| o.awards).sum();
    let money: Money = orgs.iter().map(|o| o.money).sum();
    let (who, what) = match role {
        Role::Funder => ("funder", "funders"),
        Role::Recipient => ("recipient", "recipients"),
    };
    let _ = writeln!(
        out,
        "\n  {} {} whose {who} is not on the map, nor near a name on it: {} {}, {} awarded in all.",
        group_thousands(awards as u64),
        plural(awards, one, many),
        group_thousands(orgs.len() as u64),
        plural(orgs.len(), who, what),
        money.display(currency),
    );
    // Most money first, then most awards, then as first met.
    orgs.sort_by(|a, b| b.money.cmp(&a.money).then(b.awards.cmp(&a.awards)));
    if orgs.len() > LISTED {
        let _ = writeln!(
            out,
            "  The {LISTED} with the most money (--all lists every {}):",
            one
        );
    }
    for o in orgs.iter().take(LISTED) {
        let _ = writeln!(
            out,
            "    {}: {} awarded in {} {}",
            visible_inline(&o.org.label()),
            o.money.display(currency),
            group_thousands(o.awards as u64),
            plural(o.awards, one, many)
        );
        for h in o.help {
            let _ = writeln!(out, "      to place: {}", visible_inline(h));
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
