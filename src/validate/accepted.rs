//! An overlap the partnership has accepted: the services, the stages and the reason.

use indexmap::IndexMap;

use super::stages::stage;
use super::{Context, Kind};
use crate::diag::{Code, Diagnostic};
use crate::load::FileId;
use crate::model::{AcceptedOverlap, Id, Stage};
use crate::raw::*;

pub(super) fn accepted(
    cx: &mut Context,
    file: FileId,
    raw: &Spanned<RawAcceptedOverlap>,
    stages: &IndexMap<Id, Stage>,
) -> AcceptedOverlap {
    let a = &raw.value;
    let services = a
        .services
        .iter()
        .filter_map(|s| cx.resolve(file, s, Kind::Service, "`accepted_overlaps.services`"))
        .collect();
    if a.services.len() < 2 {
        let d = Diagnostic::new(
            Code::MissingKey,
            "an accepted overlap names fewer than two services",
        )
        .at(cx.span(file, raw), "needs two services")
        .help("write `services: [a, b]` with the two services whose overlap is accepted");
        cx.push(d);
    }
    AcceptedOverlap {
        services,
        cohort: a
            .cohort
            .as_ref()
            .and_then(|c| cx.resolve(file, c, Kind::Cohort, "`accepted_overlaps.cohort`")),
        stage: a.stage.as_ref().and_then(|s| stage(cx, file, s, stages)),
        reason: a.reason.as_ref().map(|r| r.value.clone()),
        span: cx.span(file, raw),
    }
}
