//! Files and folders only the service's own user can read: folders `0700`, files `0600`, a
//! data directory that others can read is refused; and the clean-up of temporary files.

use std::fs;
use std::io;
use std::path::Path;

/// The mode of every folder the service creates.
pub const DIR_MODE: u32 = 0o700;
/// The mode of every file the service creates.
pub const FILE_MODE: u32 = 0o600;

/// Sets the process's file-creation mask so that nothing it creates (the database's journal
/// files included) is readable by group or others.
pub fn restrict_umask() {
    #[cfg(unix)]
    {
        rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    }
}

/// Creates `dir` (and missing parents) with mode `0700`.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(DIR_MODE);
    }
    builder.create(dir)
}

/// Options that create a new file with mode `0600` (or truncate an existing one).
pub fn private_file_options() -> fs::OpenOptions {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(FILE_MODE);
    }
    options
}

/// Makes an existing file `0600` (the database, which SQLite creates itself).
pub fn make_private(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if path.exists() {
            fs::set_permissions(path, fs::Permissions::from_mode(FILE_MODE))?;
        }
    }
    let _ = path;
    Ok(())
}

/// Why a data folder is not private.
#[derive(Debug, thiserror::Error)]
#[error(
    "{path} can be read by other users (mode {mode:o}); the service keeps personal data there. \
     Run `chmod 700 {path}` (and `chmod -R go-rwx {path}`), or choose another folder"
)]
pub struct NotPrivate {
    pub path: String,
    pub mode: u32,
}

/// Refuses a folder that its group or other users can read, write or enter.
pub fn check_private_dir(dir: &Path) -> Result<(), NotPrivate> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(metadata) = fs::metadata(dir) {
            let mode = metadata.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(NotPrivate {
                    path: dir.display().to_string(),
                    mode,
                });
            }
        }
    }
    let _ = dir;
    Ok(())
}

/// Deletes every file in `dir` (a folder of temporary files left by a stop in the middle of
/// a write); returns how many.
pub fn clean_temporary(dir: &Path) -> io::Result<usize> {
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Free bytes for the service's user on the file system holding `path` (`None` when it
/// cannot be told).
pub fn free_bytes(path: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        let stats = rustix::fs::statvfs(path).ok()?;
        Some(stats.f_bavail.saturating_mul(stats.f_frsize))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_folders_and_files_are_private_and_open_folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        create_private_dir(&nested).unwrap();
        check_private_dir(&nested).unwrap();
        let file = nested.join("f");
        std::io::Write::write_all(&mut private_file_options().open(&file).unwrap(), b"x").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&nested).unwrap().permissions().mode() & 0o777,
                0o700
            );
            assert_eq!(
                fs::metadata(&file).unwrap().permissions().mode() & 0o777,
                0o600
            );
            fs::set_permissions(&nested, fs::Permissions::from_mode(0o755)).unwrap();
            let error = check_private_dir(&nested).unwrap_err();
            assert!(error.to_string().contains("chmod 700"), "{error}");
        }
        assert_eq!(clean_temporary(&nested).unwrap(), 1);
        assert!(free_bytes(dir.path()).unwrap_or(1) > 0);
    }
}
