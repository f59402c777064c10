//! Stages: the built-in ones and those declared under `stages:`, and a stage named anywhere
//! resolved against them.

use indexmap::IndexMap;

use super::Context;
use super::{Entries, text};
use crate::diag::{Code, Diagnostic};
use crate::load::FileId;
use crate::model::{BUILTIN_STAGES, Id, Stage};
use crate::raw::*;

pub(super) fn stages(cx: &mut Context, declared: &Entries<RawStage>) -> IndexMap<Id, Stage> {
    let mut stages: IndexMap<Id, Stage> = BUILTIN_STAGES
        .iter()
        .map(|(id, name)| {
            (
                Id::from(*id),
                Stage {
                    id: Id::from(*id),
                    name: (*name).to_owned(),
                    description: None,
                    builtin: true,
                },
            )
        })
        .collect();
    for (file, id, raw) in declared {
        if stages.contains_key(id.value.as_str()) {
            let d = Diagnostic::new(
                Code::DuplicateId,
                format!("`{}` is a built-in stage already", id.value),
            )
            .at(cx.span(*file, id), "declared again")
            .help("remove this declaration: built-in stages need none");
            cx.push(d);
            continue;
        }
        let name = raw
            .value
            .name
            .as_ref()
            .map_or_else(|| id.value.clone(), |n| n.value.clone());
        stages.insert(
            Id(id.value.clone()),
            Stage {
                id: Id(id.value.clone()),
                name,
                description: text(&raw.value.description),
                builtin: false,
            },
        );
    }
    stages
}

/// Resolves a stage name against built-in and declared stages.
pub(super) fn stage(
    cx: &mut Context,
    file: FileId,
    s: &Spanned<String>,
    stages: &IndexMap<Id, Stage>,
) -> Option<Id> {
    if stages.contains_key(s.value.as_str()) {
        return Some(Id(s.value.clone()));
    }
    let help = match crate::diag::did_you_mean(&s.value, stages.keys().map(Id::as_str)) {
        Some(dym) => {
            format!("{dym} Or declare it under `stages:` if the map needs a stage of its own.")
        }
        None => format!(
            "the stages are: {}; declare others under `stages:`",
            stages.keys().map(Id::as_str).collect::<Vec<_>>().join(", ")
        ),
    };
    let d = Diagnostic::new(
        Code::UndeclaredStage,
        format!("`{}` is not a stage", s.value),
    )
    .at(cx.span(file, s), "undeclared stage")
    .help(help);
    cx.push(d);
    None
}
