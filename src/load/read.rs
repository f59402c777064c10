//! Reads a map's files from disk within limits: only regular files (a named pipe, a device or a
//! socket is never opened for reading, so nothing can block or stream without end), at most
//! [`Limits::file_bytes`] a file and [`Limits::map_bytes`] for all of them. A file that cannot be
//! taken (too large, not UTF-8, unreadable) becomes a [`Problem`] the loader reports as a
//! diagnostic of its own; the other files are still read. Nothing here writes.

use std::io::Read as _;
use std::path::Path;

use crate::source::{Limits, Problem};

/// A file as read: its text (empty when it could not be taken), or the problem.
pub(crate) struct FileRead {
    pub(crate) text: String,
    pub(crate) problem: Option<Problem>,
    /// Bytes read, counted against the map's limit.
    pub(crate) bytes: u64,
}

/// What a file that is neither a regular file nor a folder is, in words.
pub(crate) fn special_kind(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = t;
    "not a regular file"
}

/// Reads one file of a map, `already` bytes having been read for the map.
pub(crate) fn file(path: &Path, limits: &Limits, already: u64) -> FileRead {
    let problem = |p: Problem| FileRead {
        text: String::new(),
        problem: Some(p),
        bytes: 0,
    };
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return problem(Problem::Folder);
    }
    let mut file = match open(path) {
        Ok(f) => f,
        Err(why) => return problem(Problem::Unreadable(why)),
    };
    // The file itself, now open, not what its name pointed at a moment ago.
    match file.metadata() {
        Ok(m) if m.is_file() => {}
        Ok(m) => {
            return problem(Problem::Unreadable(format!(
                "it is {}, not a file",
                special_kind(&m.file_type())
            )));
        }
        Err(e) => return problem(Problem::Unreadable(describe(&e))),
    }
    let room = limits.map_bytes.saturating_sub(already);
    let limit = limits.file_bytes.min(room);
    let mut bytes = Vec::new();
    // One byte more than allowed tells a file at the limit from one over it, and a file that
    // grows while it is read is never read past the limit.
    if let Err(e) = (&mut file).take(limit + 1).read_to_end(&mut bytes) {
        return problem(Problem::Unreadable(describe(&e)));
    }
    if bytes.len() as u64 > limit {
        return problem(if limit == limits.file_bytes {
            Problem::FileTooLarge {
                limit: limits.file_bytes,
            }
        } else {
            Problem::MapTooLarge {
                limit: limits.map_bytes,
            }
        });
    }
    let read = bytes.len() as u64;
    let (text, problem) = decode(bytes);
    FileRead {
        text,
        problem,
        bytes: read,
    }
}

/// Which of standard input (bit 0) and output (bit 1) were closed when the program started
/// (`<&-`, `>&-`). Noted before Rust's runtime starts, which opens `/dev/null` in the place of a
/// closed standard stream, after which a closed one cannot be told from one sent to `/dev/null`:
/// Rust would then read a closed standard input as an empty map, and lose the output written to
/// a closed standard output without a word.
static CLOSED_AT_START: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Runs as the program is loaded, before `main` and Rust's runtime (an ELF constructor).
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static NOTE_CLOSED_STREAMS: extern "C" fn() = {
    extern "C" fn note() {
        let bits = u8::from(closed(0)) | (u8::from(closed(1)) << 1);
        CLOSED_AT_START.store(bits, std::sync::atomic::Ordering::SeqCst);
    }
    note
};

/// Whether standard input was closed when the program started (known on Linux; elsewhere taken
/// as open).
pub fn stdin_closed() -> bool {
    CLOSED_AT_START.load(std::sync::atomic::Ordering::SeqCst) & 1 != 0
}

/// Whether standard output was closed when the program started.
pub fn stdout_closed() -> bool {
    CLOSED_AT_START.load(std::sync::atomic::Ordering::SeqCst) & 2 != 0
}

/// Whether the descriptor `fd` is closed.
#[cfg(target_os = "linux")]
fn closed(fd: i32) -> bool {
    // SAFETY: F_GETFD reads the descriptor's flags and touches no memory of ours.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
    flags == -1 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EBADF)
}

/// Opens a file for reading without waiting: a named pipe with no writer would block an
/// ordinary open.
fn open(path: &Path) -> Result<std::fs::File, String> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() && !m.is_dir() => {
            return Err(format!(
                "it is {}, not a file",
                special_kind(&m.file_type())
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(match std::fs::symlink_metadata(path) {
                Ok(_) => "it is a link to nothing".to_owned(),
                Err(_) => "there is no such file".to_owned(),
            });
        }
        _ => {}
    }
    options.open(path).map_err(|e| describe(&e))
}

/// UTF-8 text, or why the bytes are not.
pub(crate) fn decode(bytes: Vec<u8>) -> (String, Option<Problem>) {
    let utf16_mark = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    // UTF-16 without a mark: ASCII text has a zero byte in every other place.
    let head = &bytes[..bytes.len().min(64)];
    let utf16_zeros = head.len() >= 4
        && (head.iter().step_by(2).all(|&b| b == 0)
            || head.iter().skip(1).step_by(2).all(|&b| b == 0));
    if utf16_mark || utf16_zeros {
        return (String::new(), Some(Problem::Utf16));
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let len = e.utf8_error().error_len().unwrap_or(1);
            // The text before the first bad sequence is shown, so the place can be pointed at.
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            (text, Some(Problem::NotUtf8 { offset, len }))
        }
    }
}

/// An I/O error in words, without a file name.
fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::NotFound => "there is no such file".to_owned(),
        // The diagnostic's help says what to do.
        _ => super::system_words(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_text_is_located() {
        assert_eq!(
            decode(b"ab\xe9cd".to_vec()).1,
            Some(Problem::NotUtf8 { offset: 2, len: 1 })
        );
        assert_eq!(decode(b"\xff\xfea\x00".to_vec()).1, Some(Problem::Utf16));
        assert_eq!(
            decode(b"a\x00r\x00e\x00a\x00".to_vec()).1,
            Some(Problem::Utf16)
        );
        assert_eq!(
            decode("Łódź: 1\n".as_bytes().to_vec()),
            ("Łódź: 1\n".to_owned(), None)
        );
    }
}
