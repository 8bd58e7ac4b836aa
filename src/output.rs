//! Writing outputs: atomically, only when changed, and listed in a manifest.
//!
//! Nothing is written until every output of the run has been rendered without error, so a failed
//! build leaves `output/` as it was. Each file is written to a temporary file in its own folder and
//! renamed over the old one, so an interrupted build never leaves half a file. A file whose new
//! bytes equal the old ones is not touched (its mtime stays), which keeps rebuilds cheap for
//! publishing pipelines that sync by mtime. `manifest.json` lists every file with its SHA-256.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Set while a set of outputs is being written: an interrupt then waits for the set to be whole.
static WRITING: AtomicBool = AtomicBool::new(false);
/// Set when an interrupt arrived during writing.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Rendering happens in memory, so an interrupt before writing may stop the process at once
/// with nothing written; an interrupt while files are being renamed into place (a few
/// milliseconds) must let that finish, so that `output/` is always one whole build, old or new.
/// Returns whether the process may stop now; otherwise the write in progress will end with
/// [`Interrupted`].
pub fn interrupt() -> bool {
    if WRITING.load(Ordering::SeqCst) {
        INTERRUPTED.store(true, Ordering::SeqCst);
        false
    } else {
        true
    }
}

/// The error of a write that finished whole after an interrupt arrived.
#[derive(Debug)]
pub struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted: the build was written whole before stopping")
    }
}

impl std::error::Error for Interrupted {}

/// One rendered file, before it is written.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output folder, with `/` separators.
    pub path: String,
    pub lang: String,
    pub format: String,
    pub bytes: Vec<u8>,
    /// Hash of everything the file was made from; empty for files made from the whole run.
    pub inputs: String,
}

/// One line of `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub path: String,
    pub lang: String,
    pub format: String,
    pub bytes: u64,
    pub sha256: String,
    /// Hash of the sources this file was built from: a later build with the same inputs skips it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub inputs: String,
}

/// `output/manifest.json`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub generator: String,
    pub files: Vec<ManifestEntry>,
}

/// What a write did, for the summary line.
#[derive(Debug, Default)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hexadecimal of a digest.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    stage(path, bytes)?
        .persist(path)
        .with_context(|| format!("failed to replace {}", path.display()))?;
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, synced to disk, not yet renamed. Dropping
/// the returned file deletes it.
fn stage(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    let dir = path.parent().context("output path has no folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("failed to create {}", dir.display()))?;
    let mut temp = tempfile::Builder::new()
        .prefix(".agendoc-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("failed to create a temporary file in {}", dir.display()))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("failed to write {}", path.display()))?;
    // Temporary files are private (0600); published outputs are world-readable like any file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o644))
            .with_context(|| format!("failed to set permissions of {}", path.display()))?;
    }
    Ok(temp)
}

/// Writes every file (skipping unchanged ones) and updates the manifest, keeping the entries of
/// files this run did not build as long as they still exist.
pub fn write_all(out_dir: &Path, files: &[OutputFile], force: bool) -> Result<WriteReport> {
    WRITING.store(true, Ordering::SeqCst);
    let result = write_files(out_dir, files, force);
    WRITING.store(false, Ordering::SeqCst);
    if INTERRUPTED.load(Ordering::SeqCst) {
        result?;
        return Err(Interrupted.into());
    }
    result
}

fn write_files(out_dir: &Path, files: &[OutputFile], force: bool) -> Result<WriteReport> {
    let mut report = WriteReport::default();
    let manifest_path = out_dir.join("manifest.json");
    let mut entries: BTreeMap<String, ManifestEntry> = read_manifest(&manifest_path)
        .map(|manifest| {
            manifest
                .files
                .into_iter()
                .map(|entry| (entry.path.clone(), entry))
                .collect()
        })
        .unwrap_or_default();
    entries.retain(|path, _| out_dir.join(path).is_file());
    // Two phases: first every changed file is written in full beside its target (the only step
    // that needs disk space: a full disk fails here, the staged files are deleted and output/ is
    // untouched), then all are renamed into place.
    let mut staged = Vec::new();
    for file in files {
        let target = out_dir.join(&file.path);
        let unchanged = !force && std::fs::read(&target).is_ok_and(|old| old == file.bytes);
        if unchanged {
            report.unchanged += 1;
        } else {
            staged.push((stage(&target, &file.bytes)?, target));
            report.written += 1;
        }
        entries.insert(
            file.path.clone(),
            ManifestEntry {
                path: file.path.clone(),
                lang: file.lang.clone(),
                format: file.format.clone(),
                bytes: file.bytes.len() as u64,
                sha256: sha256_hex(&file.bytes),
                inputs: file.inputs.clone(),
            },
        );
    }
    let manifest_staged = {
        let manifest = Manifest {
            generator: format!("agendoc {}", env!("CARGO_PKG_VERSION")),
            files: entries.into_values().collect(),
        };
        let mut json =
            serde_json::to_vec_pretty(&manifest).context("failed to serialize the manifest")?;
        json.push(b'\n');
        match std::fs::read(&manifest_path).map_or(true, |old| old != json) {
            true => Some(stage(&manifest_path, &json)?),
            false => None,
        }
    };
    for (temp, target) in staged {
        temp.persist(&target)
            .with_context(|| format!("failed to replace {}", target.display()))?;
    }
    if let Some(temp) = manifest_staged {
        temp.persist(&manifest_path)
            .with_context(|| format!("failed to replace {}", manifest_path.display()))?;
    }
    Ok(report)
}

pub fn read_manifest(path: &Path) -> Option<Manifest> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// Whether `path` in `out_dir` is listed with these inputs and still has the listed content.
pub fn is_current(out_dir: &Path, previous: Option<&Manifest>, path: &str, inputs: &str) -> bool {
    previous.is_some_and(|manifest| {
        manifest.files.iter().any(|entry| {
            entry.path == path
                && entry.inputs == inputs
                && std::fs::read(out_dir.join(path))
                    .is_ok_and(|bytes| sha256_hex(&bytes) == entry.sha256)
        })
    })
}

/// Differences between `output/` and its manifest: (path, problem).
pub fn verify(out_dir: &Path) -> Result<Vec<(PathBuf, String)>> {
    let manifest_path = out_dir.join("manifest.json");
    let manifest = read_manifest(&manifest_path).with_context(|| {
        format!(
            "failed to read {} (run `agendoc build` first)",
            manifest_path.display()
        )
    })?;
    let mut problems = Vec::new();
    for entry in &manifest.files {
        let path = out_dir.join(&entry.path);
        match std::fs::read(&path) {
            Ok(bytes) if sha256_hex(&bytes) == entry.sha256 => {}
            Ok(_) => problems.push((path, "content differs from the manifest".to_string())),
            Err(err) => problems.push((path, format!("cannot be read ({err})"))),
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_files_keep_their_mtime() {
        let dir = tempfile::tempdir().unwrap();
        let file = OutputFile {
            path: "en/a.md".into(),
            lang: "en".into(),
            format: "md".into(),
            bytes: b"x".to_vec(),
            inputs: String::new(),
        };
        assert_eq!(
            write_all(dir.path(), std::slice::from_ref(&file), false)
                .unwrap()
                .written,
            1
        );
        let before = std::fs::metadata(dir.path().join("en/a.md"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let again = write_all(dir.path(), &[file], false).unwrap();
        assert_eq!((again.written, again.unchanged), (0, 1));
        assert_eq!(
            std::fs::metadata(dir.path().join("en/a.md"))
                .unwrap()
                .modified()
                .unwrap(),
            before
        );
        assert!(verify(dir.path()).unwrap().is_empty());
        std::fs::write(dir.path().join("en/a.md"), "tampered").unwrap();
        assert_eq!(verify(dir.path()).unwrap().len(), 1);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("en")).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary files left behind");
    }
}
