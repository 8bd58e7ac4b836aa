//! `agendoc verify`: does output/ still match its manifest?

use std::path::Path;

use crate::Outcome;
use crate::cli::VerifyArgs;
use crate::project::Project;

pub fn run(root: &Path, args: &VerifyArgs) -> anyhow::Result<Outcome> {
    let project = Project::open(root)?;
    let out = args.out.clone().unwrap_or_else(|| project.output_dir());
    let problems = crate::output::verify(&out)?;
    for (path, problem) in &problems {
        eprintln!("error: {}: {problem}", path.display());
    }
    if problems.is_empty() {
        println!(
            "verify: every file of {} matches manifest.json",
            out.display()
        );
        Ok(Outcome::Success)
    } else {
        eprintln!(
            "verify: {} file(s) differ from manifest.json",
            problems.len()
        );
        Ok(Outcome::InputErrors)
    }
}
