//! What a run leaves behind if a signal ends it: nothing. When SIGINT (Ctrl-C), SIGTERM, SIGHUP
//! (the terminal closed) or SIGQUIT arrives, the Graphviz programs the run started are killed and
//! waited for, and the temporary files of `-o FILE` not yet renamed into place are removed; then
//! the program ends as the signal would have ended it. The handler is a thread of its own, started
//! the first time there is something to clear up.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, OnceLock};

/// What a signal must clear up.
#[derive(Default)]
pub(crate) struct Pending {
    /// Temporary files not yet renamed into place.
    pub(crate) files: Vec<PathBuf>,
    /// Programs started and not yet waited for, by process id.
    pub(crate) children: Vec<u32>,
}

static PENDING: Mutex<Pending> = Mutex::new(Pending {
    files: Vec::new(),
    children: Vec::new(),
});

/// What a signal must clear up, held: while a file is made or renamed, or a program started or
/// waited for, so the handler never acts half-way through.
pub(crate) fn pending() -> MutexGuard<'static, Pending> {
    install();
    PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Starts the thread that waits for the signals, once.
fn install() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
            // Without the handler a signal still ends the run; only what it started stays.
            if let Ok(mut signals) =
                signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT])
            {
                std::thread::spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        let _held = clear_up();
                        let _ = signal_hook::low_level::emulate_default_handler(signal);
                        std::process::exit(128 + signal);
                    }
                });
            }
        }
    });
}

/// Starts `command` as a program a signal must not leave running: the run waits for it, and
/// [`waited`] takes it off the list once it has.
pub(crate) fn spawn(command: &mut std::process::Command) -> std::io::Result<std::process::Child> {
    let mut pending = pending();
    let child = command.spawn()?;
    pending.children.push(child.id());
    Ok(child)
}

/// Takes a program started by [`spawn`] off the list, once it has been waited for.
pub(crate) fn waited(child: &std::process::Child) {
    pending().children.retain(|&c| c != child.id());
}

/// Kills and waits for every program still running, and removes every temporary file. The lock
/// is returned held: nothing may be started or renamed into place after this.
#[cfg(unix)]
fn clear_up() -> MutexGuard<'static, Pending> {
    let mut pending = PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for pid in pending.children.drain(..) {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            continue;
        };
        // SAFETY: kill and waitpid take a process id and (waitpid) a null status pointer, which
        // it does not write through. The id is of a child started by `spawn` and not yet taken off
        // the list, which happens as soon as it has been waited for.
        unsafe {
            libc::kill(pid, libc::SIGKILL);
            libc::waitpid(pid, std::ptr::null_mut(), 0);
        }
    }
    for path in pending.files.drain(..) {
        let _ = std::fs::remove_file(path);
    }
    pending
}
