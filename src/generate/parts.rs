//! The parts of a generated map as plain data (commissioners, providers, services, cohorts,
//! funding lines, the area), before they are written as YAML, and the small helpers both builders
//! (`build` for the map, `services` for the services) draw them with.

use indexmap::IndexMap;

use super::cohorts::{self, COHORT_KINDS};
use super::rng::Rng;
use super::value::{Value, word};
use super::vocab::COMMISSIONER_KINDS;
use crate::date::Date;
use crate::unique::Numbered;

/// How many services are local and area-wide, and in how many localities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// Area-wide services: national programmes, lines, online support, the trust-wide IPS.
    pub area_wide: usize,
    /// Services in localities.
    pub local: usize,
    pub localities: usize,
}

impl Plan {
    /// The plan for `services` services: about one locality per 40 services unless `localities`
    /// is given, and area-wide programmes that do not multiply with the map (at most 80).
    pub fn new(services: usize, localities: Option<usize>) -> Plan {
        let area_wide = if services < 8 {
            0
        } else {
            services.div_ceil(10).min(8 + services / 250).min(80)
        };
        let local = services - area_wide;
        let localities = localities
            .unwrap_or_else(|| ((services + 20) / 40).min(local / 5).max(1))
            .min(local.max(1))
            .max(1);
        Plan {
            area_wide,
            local,
            localities,
        }
    }
}

/// A funding line: money from a commissioner a year, under a contract or not.
#[derive(Debug)]
pub(super) struct Line {
    pub(super) from: String,
    pub(super) amount: u64,
    pub(super) contract: Option<(Date, Date)>,
}

#[derive(Debug)]
pub(super) struct Commissioner {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) kind: &'static str,
    pub(super) funded_by: Option<Line>,
}

#[derive(Debug)]
pub(super) struct Provider {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) sector: &'static str,
}

#[derive(Debug)]
pub(super) struct Capacity {
    pub(super) people: u64,
    /// Whole-time equivalents in halves: 5 is 2.5.
    pub(super) wte_halves: Option<u64>,
    pub(super) caseload: Option<u64>,
}

#[derive(Debug)]
pub(super) struct Outcomes {
    pub(super) people_supported: u64,
    pub(super) job_starts: u64,
    pub(super) sustained_13_weeks: u64,
}

#[derive(Debug)]
pub(super) struct Service {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) provider: String,
    pub(super) model: &'static str,
    pub(super) stages: Vec<&'static str>,
    /// A rule id (`Value::Text`) or an inline condition.
    pub(super) eligibility: Option<Value>,
    pub(super) self_referral: bool,
    /// Services it takes referrals from, by index.
    pub(super) referred_from: Vec<usize>,
    pub(super) capacity: Option<Capacity>,
    pub(super) fidelity: Option<u64>,
    pub(super) outcomes: Option<Outcomes>,
    pub(super) funding: Vec<Line>,
}

/// The stages a cohort needs: a plain list, or each with the share needing it (in hundredths).
#[derive(Debug)]
pub(super) enum Needs {
    List(Vec<&'static str>),
    Shares(Vec<(&'static str, u64)>),
}

#[derive(Debug)]
pub(super) struct Cohort {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) size: u64,
    pub(super) attributes: Vec<(&'static str, Value)>,
    pub(super) needs: Needs,
    /// Services its people show up at, by index.
    pub(super) enters_via: Vec<usize>,
}

/// An overlap the generated partnership has looked at and accepts.
#[derive(Debug)]
pub(super) struct Accepted {
    pub(super) services: [usize; 2],
    pub(super) reason: &'static str,
}

/// The area's own figures.
#[derive(Debug)]
pub(super) struct Area {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) population: u64,
    pub(super) working_age: u64,
    pub(super) caseload: u64,
    /// Share of the secondary caseload in work, in hundredths.
    pub(super) in_work: u64,
    pub(super) cmhts: u64,
    pub(super) therapists: u64,
}

/// A whole generated map.
#[derive(Debug)]
pub(super) struct Generated {
    pub(super) plan: Plan,
    pub(super) area: Area,
    pub(super) commissioners: Vec<Commissioner>,
    pub(super) providers: Vec<Provider>,
    pub(super) rules: Vec<(String, Value)>,
    pub(super) cohorts: Vec<Cohort>,
    pub(super) services: Vec<Service>,
    pub(super) accepted: Vec<Accepted>,
}

/// Ids, unique across the whole map whatever their kind: a taken id gets `-2`, `-3`, ….
#[derive(Debug, Default)]
pub(super) struct Ids(Numbered);

impl Ids {
    pub(super) fn claim(&mut self, base: &str) -> String {
        self.0.take(base)
    }
}

/// `x` to the nearest multiple of `step` (halves up), at least `step`.
pub(super) fn round_to(x: u64, step: u64) -> u64 {
    ((x + step / 2) / step * step).max(step)
}

/// A word with its first letter in capitals.
pub(super) fn title(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// Providers by sector (`jcp` holds the jobcentre's own), each sector with at least one.
pub(super) type BySector = IndexMap<&'static str, Vec<String>>;

/// Services of each kind in each locality (`None`: area-wide), by index, in the order made.
pub(super) type ByLocalityKind = IndexMap<(Option<usize>, &'static str), Vec<usize>>;

/// A cohort of `kind`; now and then (not students, who lack several already) one attribute is
/// not recorded, so some of its eligibility is undetermined.
pub(super) fn draw_cohort(kind: &str, rng: &mut Rng) -> cohorts::Drawn {
    let mut drawn = cohorts::draw(kind, rng);
    if kind != "college-students" && rng.pct(6) {
        let attr = rng.pick(&["care", "benefit", "age", "employment", "sector"]);
        drawn.attributes.retain(|(k, _)| *k != attr);
        drawn.name.push_str(&format!(" ({attr} not recorded)"));
    }
    drawn
}

/// The cohort kinds in the order the first ten are drawn, then by weight.
pub(super) fn cohort_kind(j: usize, first: &[&'static str], rng: &mut Rng) -> &'static str {
    match first.get(j) {
        Some(k) => k,
        None => rng.weighted(COHORT_KINDS),
    }
}

/// A cohort's needs as written: a list of stages, or a mapping of stage to share.
pub(super) fn needs_value(needs: &Needs) -> Value {
    match needs {
        Needs::List(stages) => Value::List(stages.iter().map(|s| word(s)).collect()),
        Needs::Shares(shares) => Value::Map(
            shares
                .iter()
                .map(|(s, h)| ((*s).to_owned(), super::value::share(*h)))
                .collect(),
        ),
    }
}

/// Commissioners of each kind, in order.
pub(super) fn by_kind(commissioners: &[Commissioner]) -> IndexMap<&'static str, Vec<String>> {
    COMMISSIONER_KINDS
        .iter()
        .map(|k| {
            (
                *k,
                commissioners
                    .iter()
                    .filter(|c| c.kind == *k)
                    .map(|c| c.id.clone())
                    .collect(),
            )
        })
        .collect()
}
