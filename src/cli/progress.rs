//! A progress bar on standard error for commands that work through many maps (`compare`), shown
//! only when standard error is a terminal and there is more than one step: never in a pipe, a
//! file, CI or the tests. It is cleared when done, so it leaves nothing behind among the
//! diagnostics printed after it.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar that threads may step at once.
pub(super) struct Bar(ProgressBar);

impl Bar {
    /// A bar of `len` steps, each one of `what` (a word of ours, such as `maps`).
    pub(super) fn new(len: usize, what: &str) -> Bar {
        let target = if len > 1 && std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(len as u64), target);
        let template = format!("[{{bar:40}}] {{pos}}/{{len}} {what}, {{elapsed}}");
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style.progress_chars("=> "));
        }
        Bar(bar)
    }

    /// One step done.
    pub(super) fn step(&self) {
        self.0.inc(1);
    }

    /// All done: the bar is cleared from the terminal.
    pub(super) fn finish(&self) {
        self.0.finish_and_clear();
    }
}
