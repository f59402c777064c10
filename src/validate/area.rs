//! The `area`: its name, period, currency and figures.

use indexmap::IndexMap;

use super::Context;
use crate::diag::{Code, Diagnostic, Span};
use crate::load::FileId;
use crate::model::{Area, Figure, Id, KNOWN_FIGURES, Share, Source};
use crate::raw::*;

/// Figures that are shares rather than counts.
const SHARE_FIGURES: &[&str] = &["secondary_care_in_work"];

pub(super) fn area(cx: &mut Context, raw: Option<(FileId, Spanned<RawArea>)>) -> Area {
    let Some((file, raw)) = raw else {
        let first = FileId(0);
        let d = Diagnostic::new(Code::NoArea, "the map has no `area`")
            .at(Span { file: first, range: 0..0 }, "no `area` in any file of the map")
            .help(
                "add `area: { id: …, name: …, population: … }` to one file: the analyses need to know the place mapped",
            );
        cx.push(d);
        return Area::named(
            "unnamed",
            "Unnamed area",
            Span {
                file: first,
                range: 0..0,
            },
        );
    };
    let a = raw.value;
    let span = cx.span(file, &a.id);
    let population = a
        .population
        .as_ref()
        .and_then(|p| cx.non_negative(file, p, "the population"));
    let working_age_population = a
        .working_age_population
        .as_ref()
        .and_then(|p| cx.non_negative(file, p, "the working-age population"));
    let (figures, figures_source) = a
        .figures
        .as_ref()
        .map_or_else(|| (IndexMap::new(), None), |f| area_figures(cx, file, f));
    // The population is a figure like any other: under --strict it needs the area's `source`.
    if let Some(p) = a.population.as_ref().or(a.working_age_population.as_ref()) {
        cx.want_source(
            cx.span(file, p),
            "the area's population",
            a.source.is_some(),
        );
    }
    if let Some(p) = &a.period {
        period(cx, file, p);
    }
    let currency = a
        .currency
        .as_ref()
        .map_or_else(|| "GBP".to_owned(), |c| c.value.clone());
    Area {
        id: Id(a.id.value.clone()),
        name: a.name.value.clone(),
        period: a.period.as_ref().map(|p| p.value.clone()),
        currency,
        population,
        working_age_population,
        figures,
        figures_source,
        illustrative: a.illustrative.as_ref().is_some_and(|i| i.value),
        source: cx.source(file, &a.source),
        span,
    }
}

/// Warns of an `area.period` that is not read as dates: the map is still read, but the dated
/// questions (which contracts have ended, which end soon) are then answered as of today, not as of
/// the period's start.
fn period(cx: &mut Context, file: FileId, p: &Spanned<String>) {
    if crate::period::start(&p.value).is_err() {
        let d = Diagnostic::new(
            Code::UndatedPeriod,
            format!("the period `{}` cannot be read as dates", p.value),
        )
        .at(cx.span(file, p), "not read as dates")
        .help(format!(
            "write it as {}. As written, it is shown but not dated: `contracts` and the other \
             dated questions are answered as of today, not as of the period's start",
            crate::period::FORMS
        ));
        cx.push(d);
    }
}

/// `area.figures`: each known figure checked (a share, or a quantity), and their source.
fn area_figures(
    cx: &mut Context,
    file: FileId,
    f: &Spanned<RawFigures>,
) -> (IndexMap<String, Figure>, Option<Source>) {
    let mut figures = IndexMap::new();
    let figures_source = cx.source(file, &f.value.source);
    for (name, value) in &f.value.values {
        if !KNOWN_FIGURES.contains(&name.value.as_str()) {
            cx.known_word(
                file,
                name,
                KNOWN_FIGURES,
                Code::UnknownFigure,
                "area figure",
            );
        }
        let checked = if SHARE_FIGURES.contains(&name.value.as_str()) {
            cx.share(file, value, &format!("the figure `{}`", name.value))
                .map(Share::get)
        } else if name.value.ends_with("_wte") {
            cx.wte(file, value, &format!("the figure `{}`", name.value))
        } else {
            cx.non_negative(file, value, &format!("the figure `{}`", name.value))
        };
        if let Some(v) = checked {
            figures.insert(
                name.value.clone(),
                Figure {
                    value: v,
                    span: cx.span(file, value),
                },
            );
        }
    }
    let has = figures_source.is_some();
    cx.want_source(cx.span(file, f), "`area.figures`", has);
    (figures, figures_source)
}
