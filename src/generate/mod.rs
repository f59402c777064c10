//! `ecomap generate`: synthetic maps of a realistic shape, for benchmarks, tests and anyone who
//! wants to try the tool at scale. An area is split into localities of about 40 services (a
//! quarter of them gateways) plus area-wide programmes; local services are gated on the locality
//! so a cohort reaches about one locality's services and the area-wide ones; referral chains run
//! from the gateways; rules of every kind (`rule:` references, `any`, `all`, `not`, inline
//! conditions); money pooled between commissioners who fund each other two levels deep; cohorts of
//! ten kinds, some lacking an attribute so that some eligibility is undetermined.
//!
//! The same options give the same bytes: the random numbers are our own (splitmix64) and nothing
//! depends on hash order. Every map it makes validates with no error (a property test). It builds
//! text only: writing files is the CLI's business, and it never reads a map.

mod build;
mod cohorts;
mod kinds;
mod parts;
mod rng;
mod services;
mod value;
mod vocab;
mod write;
mod yaml;

pub use parts::Plan;

/// The largest map it makes: far beyond any area, small enough to fit in memory.
pub const MAX_SERVICES: usize = 1_000_000;
/// The most cohorts in one map.
pub const MAX_COHORTS: usize = 100_000;
/// The most areas in one run.
pub const MAX_AREAS: usize = 100_000;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub services: usize,
    pub cohorts: usize,
    /// Commissioners; by default 4, one more for every 500 services, at most 40.
    pub commissioners: Option<usize>,
    /// Localities; by default one for every 40 services.
    pub localities: Option<usize>,
    pub seed: u64,
}

impl Options {
    /// The number of commissioners.
    pub fn commissioners(&self) -> usize {
        self.commissioners
            .unwrap_or_else(|| (4 + self.services / 500).min(40))
    }

    /// How the services are split between localities and area-wide programmes.
    pub fn plan(&self) -> Plan {
        Plan::new(self.services, self.localities)
    }

    /// What to build: these options for map `index` (0 for a single map), area id `area_id`.
    fn spec<'a>(&self, index: u64, area_id: &'a str) -> build::Spec<'a> {
        build::Spec {
            services: self.services,
            cohorts: self.cohorts,
            commissioners: self.commissioners(),
            localities: self.localities,
            seed: self.seed,
            index,
            area_id,
        }
    }

    /// Whether the options make sense; otherwise what to change.
    pub fn check(&self) -> Result<(), String> {
        let within = |name: &str, value: usize, max: usize| {
            if (1..=max).contains(&value) {
                Ok(())
            } else {
                Err(format!("--{name} must be from 1 to {max}, not {value}"))
            }
        };
        within("services", self.services, MAX_SERVICES)?;
        within("cohorts", self.cohorts, MAX_COHORTS)?;
        if let Some(c) = self.commissioners {
            within("commissioners", c, 1000)?;
        }
        if let Some(l) = self.localities {
            within("localities", l, MAX_SERVICES)?;
        }
        Ok(())
    }

    /// The options as `ecomap generate` takes them, for the header of each file.
    fn flags(&self) -> String {
        let mut f = format!(
            "--services {} --cohorts {} --commissioners {} --seed {}",
            self.services,
            self.cohorts,
            self.commissioners(),
            self.seed
        );
        if let Some(l) = self.localities {
            f.push_str(&format!(" --localities {l}"));
        }
        f
    }
}

fn header(first: &str, plan: Plan) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{first}\nSynthetic map for performance comparisons: invented names and figures, not a real area.\n{}, {}; same arguments, same bytes.",
        plural(plan.localities, "locality", "localities"),
        plural(plan.area_wide, "area-wide service", "area-wide services"),
    )
}

/// One map (area id `synthetic`, seeded from the seed alone), as YAML.
pub fn map(options: &Options) -> String {
    let g = build::generate(&options.spec(0, "synthetic"));
    let first = format!("made by ecomap generate {}", options.flags());
    write::write(&g, &header(&first, g.plan))
}

/// The id and file name stem of area `number` (from 1) of `count`: `area-0001`.
pub fn area_id(number: usize, count: usize) -> String {
    let width = count.to_string().len().max(4);
    format!("area-{number:0width$}")
}

/// Area `number` (from 1) of `count`, seeded from the seed and its number, as YAML.
pub fn area(options: &Options, number: usize, count: usize) -> String {
    let id = area_id(number, count);
    let g = build::generate(&options.spec(number as u64, &id));
    let first = format!(
        "area {number} of {count}, made by ecomap generate --areas {count} {}",
        options.flags()
    );
    write::write(&g, &header(&first, g.plan))
}
