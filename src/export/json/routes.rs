//! The `routes` document: each cohort-stage's routes, or its gap; and the cohort × stage table
//! the report carries as `coverage`, which is the same rows without the gaps.

use serde::Serialize;

use super::gaps::{CapacityNote, Gap, Route, kind};
use super::values::{Ids, ids};
use super::{Body, values};
use crate::analysis::coverage::{self as c, Status};
use crate::analysis::report::{CohortRoutes, RoutesView, StageRoutes};

/// Each cohort's stages with their routes and gaps.
#[derive(Serialize)]
pub struct Routes<'a> {
    cohorts: Vec<Cohort<'a, Stage<'a>>>,
}

impl Body for Routes<'_> {
    const TYPE: &'static str = "routes";
}

impl<'a> From<&'a RoutesView<'a>> for Routes<'a> {
    fn from(v: &'a RoutesView<'a>) -> Self {
        Routes {
            cohorts: v.cohorts.iter().map(routes_of).collect(),
        }
    }
}

/// A cohort with its stages (`S`: with or without their gaps).
#[derive(Serialize)]
struct Cohort<'a, S> {
    cohort: &'a str,
    name: &'a str,
    size: u64,
    enters_via: Ids<'a>,
    stages: Vec<S>,
}

fn routes_of<'a>(c: &'a CohortRoutes<'a>) -> Cohort<'a, Stage<'a>> {
    Cohort {
        cohort: c.cohort.as_str(),
        name: c.name,
        size: c.size,
        enters_via: ids(c.enters_via),
        stages: c.stages.iter().map(Stage::from).collect(),
    }
}

/// A cohort-stage of `routes`: its coverage, with the gap or capacity note it has.
#[derive(Serialize)]
struct Stage<'a> {
    #[serde(flatten)]
    coverage: StageCoverage<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gap: Option<Gap<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    capacity_note: Option<CapacityNote<'a>>,
}

impl<'a> From<&'a StageRoutes<'a>> for Stage<'a> {
    fn from(s: &'a StageRoutes<'a>) -> Self {
        Stage {
            coverage: StageCoverage::from(s.coverage),
            gap: s.gap.map(Gap::from),
            capacity_note: s.capacity_note.map(CapacityNote::from),
        }
    }
}

/// The cohort × stage table of the report.
#[derive(Serialize)]
pub(super) struct Coverage<'a> {
    stages: Ids<'a>,
    cohorts: Vec<Cohort<'a, StageCoverage<'a>>>,
}

impl<'a> From<&'a c::Coverage> for Coverage<'a> {
    fn from(t: &'a c::Coverage) -> Self {
        Coverage {
            stages: ids(&t.stages),
            cohorts: t
                .cohorts
                .iter()
                .map(|c| Cohort {
                    cohort: c.cohort.as_str(),
                    name: &c.name,
                    size: c.size,
                    enters_via: ids(&c.enters_via),
                    stages: values::each(&c.stages),
                })
                .collect(),
        }
    }
}

/// One cohort-stage: its status, routes and the people served.
#[derive(Serialize)]
struct StageCoverage<'a> {
    cohort: &'a str,
    stage: &'a str,
    need: f64,
    status: &'static str,
    routes: Vec<Route<'a>>,
    served: Option<f64>,
    undetermined: Ids<'a>,
}

impl<'a> From<&'a c::StageCoverage> for StageCoverage<'a> {
    fn from(s: &'a c::StageCoverage) -> Self {
        StageCoverage {
            cohort: s.cohort.as_str(),
            stage: s.stage.as_str(),
            need: s.need,
            status: match s.status {
                Status::Covered => "covered",
                Status::CapacityUnknown => "capacity-unknown",
                Status::Gap(k) => kind(k),
            },
            routes: values::each(&s.routes),
            served: s.served,
            undetermined: ids(&s.undetermined),
        }
    }
}
