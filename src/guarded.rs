//! Libraries that read what a user hands ecomap (a spreadsheet, say) may stop with a panic on a
//! damaged or crafted file. [`run`] turns such a panic into `None`, for the caller to say in
//! ecomap's words, with nothing printed on the way: the user sees one message, never a program's
//! trace.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`run`]: its panics are caught there, and said nothing of.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `read` and returns what it gives, or `None` if it panicked, printing nothing.
pub fn run<T>(read: impl FnOnce() -> T) -> Option<T> {
    quiet_hook();
    let was = GUARDED.with(|g| g.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(read)).ok();
    GUARDED.with(|g| g.set(was));
    result
}

/// Installs, once, a panic hook that says nothing of a panic inside [`run`] and leaves every
/// other panic to the hook there was before.
fn quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let before = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                before(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::run;

    #[test]
    fn a_panic_in_a_guarded_reading_is_none_and_an_answer_is_kept() {
        let text = String::from("grants");
        assert_eq!(run(|| text.len()), Some(6));
        let v: Vec<u8> = Vec::new();
        assert_eq!(run(|| v[3]), None);
        // The hook is itself again outside: a later answer is still kept.
        assert_eq!(run(|| 1 + 1), Some(2));
    }
}
