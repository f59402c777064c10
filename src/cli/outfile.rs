//! `-o FILE`, and the files an import writes (`--into`, `--paste-to`): the output is written only
//! to a regular file or a new name (a symbolic link is followed only to a regular file), never
//! over a read-only file (one this user may not write) without `--force`, never over a file the run has read (but the map an
//! import edits). It goes through a temporary file beside the target, named
//! `.ecomap-XXXXXX.tmp`, made before the work starts (so a folder that is missing is found at
//! once) and renamed into place at the end, so the target is written whole or not at all. A run
//! interrupted by a signal removes its temporary file before it ends (`crate::interrupt`).
//!
//! Messages name what the user named, never the temporary file. This module must not write
//! anything but the temporary file and the target.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::load::special_kind;

/// Where `-o FILE` goes, checked, with its temporary file ready.
pub(super) struct Output {
    /// The path as the user gave it, for messages.
    given: PathBuf,
    /// Where the bytes go: the given path, or the regular file a link leads to.
    target: PathBuf,
    temp: Temp,
}

impl Output {
    /// Checks what is at `path` and makes the temporary file beside it.
    pub(super) fn prepare(path: &Path, force: bool) -> Result<Output, String> {
        Output::prepare_for("-o", path, force)
    }

    /// [`Output::prepare`] for a file named by `option` (`-o`, `--paste-to`, `--into`), which
    /// messages name.
    pub(super) fn prepare_for(option: &str, path: &Path, force: bool) -> Result<Output, String> {
        let cannot = |why: String| format!("cannot write {}: {why}", path.display());
        let target = target(option, path, force).map_err(cannot)?;
        let dir = folder_of(&target);
        match std::fs::metadata(dir) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(cannot(format!("{} is not a folder", dir.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(cannot(format!(
                    "the folder {} does not exist",
                    dir.display()
                )));
            }
            Err(e) => return Err(cannot(describe(&e))),
        }
        let temp = Temp::new(dir).map_err(|e| cannot(describe(&e)))?;
        Ok(Output {
            given: path.to_owned(),
            target,
            temp,
        })
    }

    /// Whether the output would land on one of `inputs` (by identity: the same file under
    /// another name, or through a link, counts).
    pub(super) fn is_one_of(&self, inputs: &[PathBuf]) -> bool {
        inputs.iter().any(|i| same_file(&self.target, i))
    }

    /// The path as the user gave it.
    pub(super) fn given(&self) -> &Path {
        &self.given
    }

    /// Where the bytes go: the path given, or the regular file a link there leads to.
    pub(super) fn target(&self) -> &Path {
        &self.target
    }

    /// Writes `bytes` to the temporary file and renames it over the target.
    pub(super) fn write(self, bytes: &[u8]) -> Result<(), String> {
        self.write_with(|w| w.write_all(bytes))
    }

    /// Writes what `fill` writes (buffered) to the temporary file and renames it over the
    /// target: the output need not be held whole in memory first.
    pub(super) fn write_with(
        self,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), String> {
        let cannot =
            |e: std::io::Error| format!("cannot write {}: {}", self.given.display(), describe(&e));
        // The output keeps the permissions of the file it replaces.
        if let Ok(m) = std::fs::metadata(&self.target) {
            self.temp
                .file()
                .set_permissions(m.permissions())
                .map_err(cannot)?;
        }
        let mut buffered = std::io::BufWriter::new(self.temp.file());
        fill(&mut buffered).map_err(cannot)?;
        let file = buffered.into_inner().map_err(|e| cannot(e.into_error()))?;
        file.sync_all().map_err(cannot)?;
        self.temp.persist(&self.target).map_err(cannot)
    }
}

/// Where the bytes of `option path` go, or why they cannot.
fn target(option: &str, path: &Path, force: bool) -> Result<PathBuf, String> {
    let link = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(path.to_owned()),
        Err(e) => return Err(describe(&e)),
        Ok(m) => m.file_type().is_symlink(),
    };
    let (meta, target) = if link {
        match std::fs::metadata(path) {
            Ok(m) => (m, std::fs::canonicalize(path).map_err(|e| describe(&e))?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let to = std::fs::read_link(path).unwrap_or_default();
                return Err(format!(
                    "it is a link to nothing ({}); {option} follows a link only to a regular file",
                    to.display()
                ));
            }
            Err(e) => return Err(describe(&e)),
        }
    } else {
        (
            std::fs::symlink_metadata(path).map_err(|e| describe(&e))?,
            path.to_owned(),
        )
    };
    let kind = |what: &str| {
        let what = if link {
            format!("a link to {what}")
        } else {
            what.to_owned()
        };
        Err(format!(
            "it is {what}; {option} writes only to a regular file or a new name"
        ))
    };
    let t = meta.file_type();
    if t.is_dir() {
        return kind("a folder");
    }
    if !t.is_file() {
        return kind(special_kind(&t));
    }
    if force {
        return Ok(target);
    }
    if meta.permissions().readonly() {
        return Err("it is read-only; --force writes over it".to_owned());
    }
    if !may_write(&target) {
        return Err(
            "you may not write it (it belongs to another user, or its permissions keep you out); write elsewhere, or --force replaces it"
                .to_owned(),
        );
    }
    Ok(target)
}

/// Whether this user may write the file at `path`, as the system decides (access(2)): its
/// permission bits alone do not say, since a file another user owns may be writable by them and
/// not by this one. The output replaces the file by renaming, which needs only the folder to be
/// writable, so without this check a file the user may not write would be replaced all the same.
#[cfg(unix)]
fn may_write(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `path` is a NUL-terminated string that lives across the call; faccessat only
    // reads it. AT_EACCESS: the ids the run acts with, as opening the file would use.
    unsafe { libc::faccessat(libc::AT_FDCWD, path.as_ptr(), libc::W_OK, libc::AT_EACCESS) == 0 }
}

#[cfg(not(unix))]
fn may_write(_: &Path) -> bool {
    true
}

/// The folder a file is in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Whether two paths name the same file.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    matches!(
        (std::fs::canonicalize(a), std::fs::canonicalize(b)),
        (Ok(x), Ok(y)) if x == y
    )
}

/// An I/O error in words that name no file, with what to do (an error that carries a path
/// carries the temporary file's, which no message names).
fn describe(e: &std::io::Error) -> String {
    crate::load::io_words(e, crate::load::Doing::Writing)
}

/// The temporary file: removed when dropped, or by the signal handler if the run is
/// interrupted, unless it has been renamed into place.
struct Temp {
    /// `None` once renamed into place.
    file: Option<tempfile::NamedTempFile>,
}

impl Temp {
    fn new(dir: &Path) -> std::io::Result<Temp> {
        let mut builder = tempfile::Builder::new();
        builder.prefix(".ecomap-").suffix(".tmp").rand_bytes(6);
        // An ordinary new file's permissions (the umask applied), not a private temporary's, so
        // a report can be shared or served as it is.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let mut pending = crate::interrupt::pending();
        let file = builder.tempfile_in(dir)?;
        pending.files.push(file.path().to_owned());
        Ok(Temp { file: Some(file) })
    }

    fn file(&self) -> &std::fs::File {
        self.file
            .as_ref()
            .expect("the temporary file is there until it is renamed")
            .as_file()
    }

    fn persist(mut self, target: &Path) -> std::io::Result<()> {
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        let mut pending = crate::interrupt::pending();
        let path = file.path().to_owned();
        let result = file.persist(target).map(drop).map_err(|e| e.error);
        pending.files.retain(|p| *p != path);
        result
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            let mut pending = crate::interrupt::pending();
            let path = file.path().to_owned();
            drop(file);
            pending.files.retain(|p| *p != path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_no_file() {
        let wrapped = std::io::Error::new(
            std::io::ErrorKind::NotFound,
            tempfile::Builder::new()
                .tempfile_in("/no/such/folder/at/all")
                .expect_err("no such folder"),
        );
        // tempfile's error names the temporary file it tried to make; ours does not.
        assert_eq!(
            describe(&wrapped),
            "there is no such folder to write it in, and it cannot be made there: check the path, or make the folder first"
        );
        // The system's error 28 (ENOSPC) is a full disk: said so, with what to do, never as
        // `No space left on device (os error 28)`.
        let os = std::io::Error::from_raw_os_error(28);
        assert_eq!(
            describe(&os),
            "the disk is full: free some space, or write it elsewhere"
        );
        // An error of no kind ecomap words (EIO, 5): the system's words without their number.
        let eio = std::io::Error::from_raw_os_error(5);
        assert_eq!(
            describe(&eio),
            "input/output error: check the disk and the folder, or write it elsewhere"
        );
    }
}
