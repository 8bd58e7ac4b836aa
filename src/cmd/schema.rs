//! `agendoc schema`: write the JSON Schemas of the YAML files.

use std::path::Path;

use crate::Outcome;
use crate::project::Project;

pub fn run(root: &Path, out: Option<&Path>) -> anyhow::Result<Outcome> {
    let project = Project::open(root)?;
    let dir = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| project.agenda.join("schema"));
    for path in write(&dir)? {
        println!("schema: wrote {}", path.display());
    }
    Ok(Outcome::Success)
}

/// Writes each JSON Schema into `dir` unless the file there is already that schema; returns
/// the files written.
pub fn write(dir: &Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let mut written = Vec::new();
    for (name, json) in crate::source::schema::schemas() {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(json.as_str()) {
            crate::output::write_atomic(&path, json.as_bytes())?;
            written.push(path);
        }
    }
    Ok(written)
}
