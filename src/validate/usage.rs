//! What validation saw used (rules, funders), for the warnings about what was not.

use indexmap::IndexMap;

use super::Context;
use crate::diag::{Code, Diagnostic};
use crate::model::{Commissioner, Id, Rule};

/// What validation saw used, for warnings about what was not.
#[derive(Default)]
pub(super) struct Usage {
    pub(super) rules: Vec<Id>,
    pub(super) funders: Vec<Id>,
}

impl Usage {
    pub(super) fn warn_unused(
        &self,
        cx: &mut Context,
        commissioners: &IndexMap<Id, Commissioner>,
        rules: &IndexMap<Id, Rule>,
    ) {
        for r in rules.values() {
            if !self.rules.contains(&r.id) {
                let d = Diagnostic::new(
                    Code::UnusedRule,
                    format!("no service and no rule uses the rule `{}`", r.id),
                )
                .at(r.span.clone(), "unused rule")
                .help("use it in a service's `eligibility`, or remove it");
                cx.push(d);
            }
        }
        for c in commissioners.values() {
            if !self.funders.contains(&c.id) {
                let d = Diagnostic::new(
                    Code::CommissionerFundsNothing,
                    format!(
                        "the commissioner `{}` funds no service and no other commissioner",
                        c.id
                    ),
                )
                .at(c.span.clone(), "funds nothing")
                .help(format!(
                    "add `funding: [{{ from: {}, amount: … }}]` to the services it pays for",
                    c.id
                ));
                cx.push(d);
            }
        }
    }
}
