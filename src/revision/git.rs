//! A folder's files as they were at an earlier git revision, read with the `git` command from
//! the object store: nothing is checked out, the work tree and the index are not touched.
//!
//! Git is asked with `-C <folder>`, so a project may sit anywhere inside its repository, and
//! paths are relative to that folder (`ls-tree` without `--full-name`, `<commit>:./<path>`).

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Why an earlier state could not be read: what to say, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitProblem {
    pub message: String,
    pub hint: String,
}

/// The files of a folder at one commit.
#[derive(Debug)]
pub struct Snapshot {
    /// The full commit id the revision named.
    pub commit: String,
    /// Each file's path relative to the folder, and its bytes.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Reads the document of `dir` (document.yaml, text/*.yaml) at `reference` (a tag, branch, commit or `HEAD~2`).
pub fn snapshot(dir: &Path, reference: &str) -> Result<Snapshot, GitProblem> {
    if reference.is_empty() || reference.starts_with('-') || reference.contains("..") {
        return Err(GitProblem {
            message: format!("`{reference}` is not a git revision"),
            hint: "name a tag, a branch or a commit, e.g. `C22-10-original` or `HEAD~1`".into(),
        });
    }
    let spec = format!("{reference}^{{commit}}");
    let commit = git(dir, &["rev-parse", "--verify", "--quiet", &spec])
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string());
    let Some(commit) = commit else {
        let inside = git(dir, &["rev-parse", "--is-inside-work-tree"]);
        if !inside.as_ref().is_ok_and(|out| out.status.success()) {
            return Err(GitProblem {
                message: format!(
                    "change marks against `{reference}` need git history, and {} is not in a git repository{}",
                    dir.display(),
                    match inside {
                        Err(err) => format!(" (git could not run: {err})"),
                        Ok(_) => String::new(),
                    }
                ),
                hint: "build without `--against` (or with `--clean`), or build from a clone of the repository".into(),
            });
        }
        let shallow = git(dir, &["rev-parse", "--is-shallow-repository"])
            .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "true");
        let hint = if shallow {
            format!(
                "this clone is shallow and may lack it: run `git fetch --unshallow`, or `git fetch origin tag {reference}`"
            )
        } else {
            "name a tag (`git tag` lists them), a branch or a commit id".to_string()
        };
        return Err(GitProblem {
            message: format!("git knows no commit `{reference}`"),
            hint,
        });
    };
    let listed = git(
        dir,
        &["ls-tree", "-r", "-z", "--name-only", &commit, "--", "."],
    )
    .map_err(|err| GitProblem {
        message: format!("git could not list {reference}: {err}"),
        hint: String::new(),
    })?;
    let names: Vec<String> = listed
        .stdout
        .split(|byte| *byte == 0)
        .filter(|name| !name.is_empty())
        .map(|name| String::from_utf8_lossy(name).into_owned())
        .collect();
    if !names.iter().any(|name| name == "document.yaml") {
        return Err(GitProblem {
            message: format!(
                "the document did not exist at `{reference}` ({}): no document.yaml in its folder there",
                short(&commit)
            ),
            hint: "name a revision at which the document was already committed (`git log -- <folder>` lists them)".into(),
        });
    }
    // What the loader reads: the structure and the texts (a document's own templates are the
    // current ones).
    let names: Vec<String> = names
        .into_iter()
        .filter(|name| {
            name == "document.yaml" || (name.starts_with("text/") && name.ends_with(".yaml"))
        })
        .collect();
    let files = read_blobs(dir, &commit, names).map_err(|err| GitProblem {
        message: format!("git could not read the document at {reference}: {err}"),
        hint: String::new(),
    })?;
    Ok(Snapshot { commit, files })
}

/// The files `names` (relative to `dir`) at `commit`, read by one `git cat-file --batch`.
fn read_blobs(
    dir: &Path,
    commit: &str,
    names: Vec<String>,
) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut child = command(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut stdin = child.stdin.take().expect("piped");
    let requests: String = names
        .iter()
        .map(|name| format!("{commit}:./{name}\n"))
        .collect();
    // Written from a thread: git answers while it reads, and both pipes have limited room.
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let mut out = BufReader::new(child.stdout.take().expect("piped"));
    let mut files = Vec::with_capacity(names.len());
    for name in names {
        let mut header = String::new();
        out.read_line(&mut header)?;
        // "<object> blob <size>", or "<request> missing".
        let size = match header.trim_end().rsplit_once(' ') {
            Some((kind, size)) if kind.ends_with(" blob") => size.parse::<usize>().ok(),
            _ => None,
        };
        let Some(size) = size else {
            return Err(std::io::Error::other(format!(
                "{name}: {}",
                header.trim_end()
            )));
        };
        let mut bytes = vec![0; size + 1];
        out.read_exact(&mut bytes)?;
        bytes.pop();
        files.push((name, bytes));
    }
    let _ = writer.join();
    child.wait()?;
    Ok(files)
}

/// The first 12 characters of a commit id, as editors see them in `git log`.
pub fn short(commit: &str) -> &str {
    &commit[..commit.len().min(12)]
}

fn git(dir: &Path, args: &[&str]) -> std::io::Result<Output> {
    command(dir).args(args).output()
}

fn command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        // Nothing of the user's environment may point git elsewhere or prompt.
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env("GIT_TERMINAL_PROMPT", "0");
    command
}
