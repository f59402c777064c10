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
    let room = limits.map_bytes.saturating_sub(already);
    let limit = limits.file_bytes.min(room);
    let bytes = match within(path, limit) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
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
        Err(p) => return problem(p),
    };
    let read = bytes.len() as u64;
    let (text, problem) = decode(bytes);
    FileRead {
        text,
        problem,
        bytes: read,
    }
}

/// The bytes of the regular file `path`, or `None` when it has more than `limit`; a folder, a
/// named pipe, a device, a socket, a link to nothing or a file that cannot be read is the
/// problem. Nothing is waited on, and nothing past the limit is read.
pub(crate) fn within(path: &Path, limit: u64) -> Result<Option<Vec<u8>>, Problem> {
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(Problem::Folder);
    }
    let mut file = open(path).map_err(Problem::Unreadable)?;
    // The file itself, now open, not what its name pointed at a moment ago.
    match file.metadata() {
        Ok(m) if m.is_file() => {}
        Ok(m) => {
            return Err(Problem::Unreadable(format!(
                "it is {}, not a file",
                special_kind(&m.file_type())
            )));
        }
        Err(e) => return Err(Problem::Unreadable(describe(&e))),
    }
    let mut bytes = Vec::new();
    // One byte more than allowed tells a file at the limit from one over it, and a file that
    // grows while it is read is never read past the limit.
    if let Err(e) = (&mut file)
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
    {
        return Err(Problem::Unreadable(describe(&e)));
    }
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// The bytes of a file an import reads (a standard's file, a table, a mapping), within the
/// limit a map's file has (`--max-file-size`) and by the same guards; or why not, in words
/// that follow the file's name (`cannot read FILE: …`).
pub fn input(path: &Path, limits: &Limits) -> Result<Vec<u8>, String> {
    match within(path, limits.file_bytes) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(format!(
            "it has more than the {} bytes ecomap reads from one file: is it the file you meant? If it is, --max-file-size raises the limit (such as --max-file-size 64MB); `ecomap docs robustness` says why there is one",
            crate::money::group_thousands(limits.file_bytes)
        )),
        Err(Problem::Folder) => Err("it is a folder, not a file: name a file".to_owned()),
        Err(Problem::Unreadable(why)) => Err(match why.as_str() {
            "there is no such file" => "there is no such file or folder: check the path".to_owned(),
            "permission denied" => "permission denied: make it readable for this user (such as `chmod u+r`), or copy it to where you may read it".to_owned(),
            // A folder, a pipe, a device, a link to nothing: said of what it is.
            _ if why.starts_with("it is ") => {
                format!("{why}: give an ordinary file (save what it holds to a file first)")
            }
            // The system's words (`input/output error`), as for a map's file.
            _ => format!(
                "{why}: it could not be read as a file; check that it is an ordinary file you may read (not a device, or a file of /proc or /sys), or copy it to a file and give that"
            ),
        }),
        // `within` gives no other problem: the text is not decoded yet.
        Err(_) => Err("it cannot be read: give an ordinary file".to_owned()),
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
