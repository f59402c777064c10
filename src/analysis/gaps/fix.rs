//! The nearest change to the map that would close a gap, as data: which service, which rule and
//! terms, which referral link, how many places. The exporters put it into words.

use super::blockers::{Blocker, Link, Obstacle};
use crate::eligibility::{Match, Reason};
use crate::model::{Id, StageId};

/// What would let the cohort use one blocked service.
#[derive(Debug, Clone)]
pub enum Unblock {
    /// Add the missing referral link.
    Link { link: Link },
    /// Settle the service's eligibility for the cohort (state an attribute, or split the cohort
    /// by it), then add a referral link if it would still be out of reach.
    Settle {
        service: Id,
        /// The undetermined terms.
        terms: Vec<Reason>,
        then: Option<Link>,
    },
    /// Widen the service's eligibility, which excludes the cohort on these terms, settle the
    /// terms that would then still leave it undetermined (`unsettled`), and add a referral link
    /// if it would still be out of reach.
    Widen {
        service: Id,
        rule: Option<Id>,
        cohort: Id,
        terms: Vec<Reason>,
        unsettled: Vec<Reason>,
        then: Option<Link>,
    },
}

impl Unblock {
    /// The change that would let the cohort use `b`.
    pub fn of(b: &Blocker, cohort: &Id) -> Unblock {
        match b.obstacle {
            Obstacle::Unreachable => Unblock::Link {
                link: b.link.clone().unwrap_or_else(|| Link {
                    from: None,
                    to: b.service.clone(),
                }),
            },
            Obstacle::Undetermined => Unblock::Settle {
                service: b.service.clone(),
                terms: b
                    .because
                    .iter()
                    .filter(|r| matches!(r.matched, Match::Missing | Match::Partly))
                    .cloned()
                    .collect(),
                then: b.link.clone(),
            },
            Obstacle::NotEligible => Unblock::Widen {
                service: b.service.clone(),
                rule: b.rule.clone(),
                cohort: cohort.clone(),
                terms: b.because.clone(),
                unsettled: b.unsettled.clone(),
                then: b.link.clone(),
            },
        }
    }
}

/// Room at a service the cohort could use but does not reach.
#[derive(Debug, Clone)]
pub struct Spare {
    pub service: Id,
    /// Places it has that no one is given.
    pub free: f64,
    /// The link that would let the cohort reach it.
    pub link: Link,
}

/// The nearest fix of a gap.
#[derive(Debug, Clone)]
pub enum Fix {
    /// Open a blocked service to the cohort.
    Unblock { unblock: Unblock },
    /// A continuity gap: open a blocked service offering the stage, or add the stage to a service
    /// that already gives the cohort job-search support.
    Continue {
        unblock: Option<Unblock>,
        extend: Option<Id>,
        stage: StageId,
    },
    /// No service offers the stage: commission one the cohort can reach, or add the stage to a
    /// service it already uses (the nearest few).
    Commission { stage: StageId, add_to: Vec<Id> },
    /// Too few places: add them where they ran out, or first link the cohort to a service with
    /// room to spare.
    Places {
        add: f64,
        at: Vec<Id>,
        spare: Option<Spare>,
    },
    /// Nothing on the map says what would help.
    Unknown,
}
