//! `agendoc eject`: copy built-in templates, locale data or fonts into the project to edit them.
//!
//! A copied file replaces the built-in one of the same name from the next build on; deleting it
//! returns to the default. `--list` shows, for every default, whether the project replaces it
//! and whether its copy still equals the built-in one: what to look at after upgrading agendoc.

use std::path::PathBuf;

use anyhow::Result;

use super::new::shown;
use super::usage;
use crate::Outcome;
use crate::defaults::{self, Default, Folder};
use crate::diagnostics::did_you_mean;
use crate::output::write_atomic;
use crate::project::Project;

/// `agendoc eject [FILE…] [--list] [--force]`.
pub fn run(start: &std::path::Path, files: &[String], list: bool, force: bool) -> Result<Outcome> {
    let project = Project::open(start)?;
    if list {
        print_list(&project)?;
        return Ok(Outcome::Success);
    }
    let everything = defaults::all();
    let chosen: Vec<Default> = if files.is_empty() {
        everything
            .iter()
            .filter(|file| file.folder != Folder::Fonts)
            .copied()
            .collect()
    } else {
        let mut chosen = Vec::new();
        for asked in files {
            let asked = asked.trim_start_matches("./").trim_end_matches('/');
            let matching: Vec<Default> = everything
                .iter()
                .filter(|file| names(&project, file).iter().any(|name| within(name, asked)))
                .copied()
                .collect();
            if matching.is_empty() {
                let paths: Vec<String> = everything.iter().map(Default::project_path).collect();
                return Ok(usage(
                    format!("agendoc has no built-in `{asked}`"),
                    did_you_mean(asked, paths.iter().map(String::as_str)).unwrap_or_else(|| {
                        "`agendoc eject --list` lists every built-in file".into()
                    }),
                ));
            }
            chosen.extend(matching);
        }
        chosen
    };
    for file in chosen {
        let target = destination(&project, &file);
        let shown = shown(&project.root, &target);
        match std::fs::read(&target) {
            Ok(bytes) if bytes == file.bytes => {
                println!("eject: {shown} is already the built-in file")
            }
            Ok(_) if !force => {
                println!("eject: kept {shown}, which the project has changed (--force replaces it)")
            }
            _ => {
                write_atomic(&target, file.bytes)?;
                println!("eject: wrote {shown}");
            }
        }
    }
    Ok(Outcome::Success)
}

/// Where a default goes in the project.
fn destination(project: &Project, file: &Default) -> PathBuf {
    project.own_dir(file.folder).join(file.name)
}

/// The names a default is asked for by: `locales/fr.yaml`, and its path in a project that keeps
/// its locales in `agenda/locales/`.
fn names(project: &Project, file: &Default) -> Vec<String> {
    let mut names = vec![file.project_path()];
    let actual = shown(&project.root, &destination(project, file)).replace('\\', "/");
    if !names.contains(&actual) {
        names.push(actual);
    }
    names
}

/// Whether `name` is `asked` or inside the folder `asked`.
fn within(name: &str, asked: &str) -> bool {
    name == asked
        || name
            .strip_prefix(asked)
            .is_some_and(|rest| rest.starts_with('/'))
}

fn print_list(project: &Project) -> Result<()> {
    for folder in Folder::ALL {
        for file in project.layered(folder)? {
            let path = format!("{}/{}", folder.name(), file.name);
            let state = if !file.own {
                "built in"
            } else {
                match defaults::get(folder, &file.name) {
                    None => "the project's own",
                    Some(default) if default.bytes == file.bytes.as_ref() => {
                        "ejected, same as built in"
                    }
                    Some(_) => "ejected and changed",
                }
            };
            let shown = if file.own {
                shown(&project.root, &file.path)
            } else {
                path
            };
            println!("{shown:<48} {state}");
        }
    }
    Ok(())
}
