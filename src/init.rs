//! The starter map `ecomap init` writes: one entry of each kind, every key explained in comments,
//! the vocabularies (stages, models, kinds, sectors) listed from the tables the validator uses, so
//! the comments cannot fall behind them. It validates with no error and no warning as written (a
//! test runs it). Building the text only: writing it is the CLI's job.

use crate::model::{BUILTIN_STAGES, KNOWN_COMMISSIONER_KINDS, KNOWN_MODELS, KNOWN_SECTORS};

/// The file `ecomap init` writes in the folder it is given.
pub const STARTER_FILE: &str = "map.yaml";

const TEMPLATE: &str = include_str!("init.yaml");

/// `words` as comment lines of about 96 characters, each starting `prefix`.
fn comment_list(prefix: &str, words: &[&str]) -> String {
    let mut lines = vec![prefix.to_owned()];
    for (i, w) in words.iter().enumerate() {
        let sep = match i {
            0 => " ",
            _ if i + 1 == words.len() => " or ",
            _ => ", ",
        };
        let last = lines.last_mut().expect("there is always a line");
        if last.len() + sep.len() + w.len() > 96 {
            last.push_str(sep.trim_end());
            lines.push(format!("    # {w}"));
        } else {
            last.push_str(sep);
            last.push_str(w);
        }
    }
    lines.join("\n")
}

/// The starter map's text; `folder` is named in its advice to run `ecomap validate`.
pub fn starter_map(folder: &str) -> String {
    // A path is written into a comment: a line break in it must not end the comment.
    let folder: String = folder
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    let width = BUILTIN_STAGES
        .iter()
        .map(|(id, _)| id.len())
        .max()
        .unwrap_or(0);
    let stages: Vec<String> = BUILTIN_STAGES
        .iter()
        .map(|(id, meaning)| format!("#   {id:width$}  {meaning}"))
        .collect();
    TEMPLATE
        .replace(
            "{schema_line}",
            &format!(
                "# yaml-language-server: $schema={}",
                crate::docs::SCHEMA_URL
            ),
        )
        .replace("{folder}", &folder)
        .replace("{stages}", &stages.join("\n"))
        .replace(
            "# {commissioner_kinds}",
            &comment_list("# kind:", KNOWN_COMMISSIONER_KINDS),
        )
        .replace("# {sectors}", &comment_list("# sector:", KNOWN_SECTORS))
        .replace(
            "# {models}",
            &comment_list("# model (another word loads with a warning):", KNOWN_MODELS),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_filled_and_every_stage_listed() {
        let text = starter_map("my-map");
        for placeholder in [
            "{schema_line}",
            "{folder}",
            "{stages}",
            "{models}",
            "{sectors}",
        ] {
            assert!(!text.contains(placeholder), "{placeholder} left in");
        }
        for (id, _) in BUILTIN_STAGES {
            assert!(
                text.contains(&format!("#   {id} ")),
                "stage {id} not listed"
            );
        }
        assert!(text.contains("ecomap validate my-map"));
        assert!(text.starts_with("# yaml-language-server: $schema=https://"));
    }

    #[test]
    fn a_line_break_in_the_folder_cannot_leave_the_comment() {
        let text = starter_map("a\nb: 1");
        assert!(text.contains("ecomap validate a?b: 1"));
    }
}
