//! 004 §36-39's bottom-up estimate of IPS demand: people on secondary mental health caseloads,
//! less those in paid work, times the share wanting work in a year (a low and a high case), give
//! the potential referrals; divided by the clients a specialist works with in a year, the
//! specialists needed; divided by those a team leader supervises, the team leaders. Set against the
//! IPS services mapped. A chain of figures rather than one ratio, so it is worked here and not as a
//! row of [`super::table`].

use super::working::{Field, Working, figure, from_figure, mapped_total, of_model};
use super::{Check, IpsWorkforce, Mark, Op, compare, number};
use crate::benchmarks::{Benchmarks, ids};
use crate::model::Map;

/// `source` while the benchmark's built-in value is in force; once it is overridden, the value in
/// force (`one per 6 specialists`), which the source did not give.
fn cited(t: &Benchmarks, id: &str, source: &str) -> String {
    match t.at(id).overridden_by {
        None => source.to_owned(),
        Some(_) => format!("one per {} specialists", number(t.value(id))),
    }
}

/// 004 §36-39: potential referrals to IPS, the specialists and team leaders they need, against
/// the IPS services mapped; with the workforce in short, when the figures allow.
pub(super) fn check(m: &Map, t: &Benchmarks) -> (Check, Option<IpsWorkforce>) {
    let mut b = Working::new(
        "ips-demand",
        "IPS demand (004 §36-39): potential referrals a year and the workforce they need",
        t,
    );
    let Some(out_of_work) = out_of_work(&mut b, m, t) else {
        return (b.done(), None);
    };
    let low = needed(&mut b, t, out_of_work, "low", ids::WANTING_WORK_LOW);
    let high = needed(&mut b, t, out_of_work, "high", ids::WANTING_WORK_HIGH);
    let ips = of_model(m, "ips");
    let mut workforce = IpsWorkforce {
        needed_low: low.1,
        needed_high: high.1,
        ips_services: ips.len(),
        mapped: None,
        standing: None,
    };
    if ips.is_empty() {
        // A map that shows no IPS service has not said the area has none: missing, not 0.
        b.missing("services of model `ips`");
        b.note("no service of model `ips` on the map: the IPS workforce and places mapped are missing, not taken as 0; map the IPS services (with capacity.wte and capacity.people_per_year) if the area has them");
    } else {
        against_mapped(&mut b, m, low, high, &mut workforce);
    }
    // The note on 004's own worked example is about the built-in value only.
    let per = t.at(ids::CLIENTS_PER_SPECIALIST);
    if let (Some(n), None) = (&per.note, per.overridden_by) {
        b.note(n.clone());
    }
    (b.done(), Some(workforce))
}

/// The working-age people on secondary mental health caseloads who are out of work; `None` (the
/// figure noted missing) without the caseload.
fn out_of_work(b: &mut Working<'_>, m: &Map, t: &Benchmarks) -> Option<f64> {
    let caseload_name = "secondary_care_caseload";
    let in_work_name = "secondary_care_in_work";
    let Some(caseload) = figure(m, caseload_name) else {
        b.missing(from_figure(caseload_name));
        b.note("give area.figures.secondary_care_caseload (working-age people on secondary mental health caseloads, from the trust or MHSDS) to estimate IPS demand");
        return None;
    };
    b.fig(
        caseload,
        "working-age people on secondary mental health caseloads",
        from_figure(caseload_name),
    );
    let in_work = match figure(m, in_work_name) {
        Some(v) => b.fig(v, "share of them in paid work", from_figure(in_work_name)),
        None => {
            b.missing(from_figure(in_work_name));
            b.note(match t.at(ids::SHARE_IN_WORK_NATIONAL).overridden_by {
                None => "area.figures.secondary_care_in_work is missing: the national rate is used (004 §36b); give the local MHSDS figure".to_owned(),
                Some(by) => format!("area.figures.secondary_care_in_work is missing: the share set for ips-share-in-work-national (overridden by {by}) is used; give the local MHSDS figure"),
            });
            b.bench(
                ids::SHARE_IN_WORK_NATIONAL,
                "share in paid work, national rate",
            )
        }
    };
    let not_in_work = b.calc(
        "share not in paid work",
        &[(Op::Start, 1.0), (Op::Minus, in_work)],
    );
    Some(b.calc(
        "out of work",
        &[(Op::Start, caseload), (Op::Times, not_in_work)],
    ))
}

/// One case (`low` or `high`, by the share wanting work `share_id`): the potential referrals a
/// year and the specialists they need, with the team leaders by 004 and by IPS Grow.
fn needed(
    b: &mut Working<'_>,
    t: &Benchmarks,
    out_of_work: f64,
    case: &str,
    share_id: &str,
) -> (f64, f64) {
    let share = b.bench(
        share_id,
        format!("share wanting paid work in a year ({case} case)"),
    );
    let referrals = b.calc(
        format!("potential referrals a year ({case} case)"),
        &[(Op::Start, out_of_work), (Op::Times, share)],
    );
    let per = b.bench(
        ids::CLIENTS_PER_SPECIALIST,
        "people per employment specialist a year",
    );
    let specialists = b.calc(
        format!("employment specialists needed ({case} case)"),
        &[(Op::Start, referrals), (Op::Divide, per)],
    );
    let span = b.bench_cited(
        ids::SPECIALISTS_PER_TEAM_LEADER,
        "specialists per team leader",
        "004 §39",
    );
    b.calc(
        format!(
            "team leaders needed ({case} case, {})",
            cited(t, ids::SPECIALISTS_PER_TEAM_LEADER, "004")
        ),
        &[(Op::Start, specialists), (Op::Divide, span)],
    );
    let grow = b.bench_cited(
        ids::SPECIALISTS_PER_TEAM_LEADER_IPS_GROW,
        "specialists per team leader",
        "IPS Grow calculator",
    );
    b.calc(
        format!(
            "team leaders needed ({case} case, {})",
            cited(t, ids::SPECIALISTS_PER_TEAM_LEADER_IPS_GROW, "IPS Grow")
        ),
        &[(Op::Start, specialists), (Op::Divide, grow)],
    );
    (referrals, specialists)
}

/// The IPS specialists and places mapped against those needed (`low` and `high`: referrals and
/// specialists in each case).
fn against_mapped(
    b: &mut Working<'_>,
    m: &Map,
    low: (f64, f64),
    high: (f64, f64),
    workforce: &mut IpsWorkforce,
) {
    let wte = mapped_total(
        b,
        m,
        None,
        Some("ips"),
        "IPS employment specialists mapped (WTE)",
        Field::Wte,
    );
    let places = mapped_total(
        b,
        m,
        None,
        Some("ips"),
        "IPS places mapped a year",
        Field::Places,
    );
    if let Some(wte) = wte {
        let c = compare(
            "IPS employment specialists mapped (WTE) against those needed",
            wte,
            Mark::Between {
                low: low.1,
                high: high.1,
            },
            &[
                ids::WANTING_WORK_LOW,
                ids::WANTING_WORK_HIGH,
                ids::CLIENTS_PER_SPECIALIST,
            ],
        );
        workforce.mapped = Some(wte);
        workforce.standing = Some(c.standing);
        b.compare(c);
    }
    if let Some(places) = places {
        b.compare(compare(
            "IPS places mapped a year against potential referrals",
            places,
            Mark::Between {
                low: low.0,
                high: high.0,
            },
            &[ids::WANTING_WORK_LOW, ids::WANTING_WORK_HIGH],
        ));
    }
}
