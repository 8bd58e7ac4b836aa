//! `agendoc i18n`: status, export and import for CAT tools, review pages, accepting reviews.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::load;
use crate::Outcome;
use crate::cli::{ExchangeFormat, Selection};
use crate::escape;
use crate::i18n::exchange::{self, Unit};
use crate::i18n::status::{EntryState, Translation, fingerprint};
use crate::model::LoadedDocument;
use crate::workspace::Workspace;

pub fn status(root: &Path, selection: &Selection, json: bool) -> Result<Outcome> {
    let (workspace, _, _) = load(root, &selection.languages, &selection.documents, false)?;
    let Some(workspace) = workspace else {
        return Ok(Outcome::InputErrors);
    };
    let statuses: Vec<_> = Translation::all(&workspace.documents)
        .iter()
        .map(Translation::summary)
        .collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&statuses)?);
    } else {
        println!(
            "{:<24} {:<5} {:>10} {:>8} {:>6}",
            "document", "lang", "translated", "missing", "stale"
        );
        for s in &statuses {
            println!(
                "{:<24} {:<5} {:>10} {:>8} {:>6}",
                s.document,
                s.lang,
                s.translated,
                s.missing.len(),
                s.stale.len()
            );
        }
    }
    Ok(Outcome::Success)
}

/// Loads one language of one document; the translation need not exist yet.
fn open(root: &Path, lang: &str, document: Option<&str>) -> Result<Option<(Workspace, usize)>> {
    let documents: Vec<String> = document.map(|d| vec![d.to_string()]).unwrap_or_default();
    let (workspace, _, _) = load(root, &[lang.to_string()], &documents, false)?;
    let Some(workspace) = workspace else {
        return Ok(None);
    };
    if workspace.documents.len() != 1 {
        bail!("several documents: name one with --document");
    }
    if workspace.documents[0].document.original == lang {
        bail!(
            "`{lang}` is the original language of {}: it is not translated",
            workspace.documents[0].document.name
        );
    }
    Ok(Some((workspace, 0)))
}

fn units(workspace: &Workspace, doc: &LoadedDocument, lang: &str) -> Result<Vec<Unit>> {
    let original = doc.original().context("the original text is missing")?;
    let locale = workspace
        .locales
        .get(&doc.document.original)
        .context("the original language has no locale")?;
    let locations = exchange::locations(&doc.document, locale);
    let entries = doc.texts.get(lang).map(|t| &t.entries);
    Ok(Translation::of(doc, lang)
        .states
        .into_iter()
        .map(|(id, state)| Unit {
            source: original.entries.get(&id).cloned().unwrap_or_default(),
            target: entries.and_then(|e| e.get(&id)).cloned(),
            note: locations.get(&id).cloned().unwrap_or_default(),
            state,
            id,
        })
        .collect())
}

pub fn export(
    root: &Path,
    lang: &str,
    format: ExchangeFormat,
    document: Option<&str>,
    output: Option<&Path>,
) -> Result<Outcome> {
    let Some((workspace, index)) = open(root, lang, document)? else {
        return Ok(Outcome::InputErrors);
    };
    let doc = &workspace.documents[index];
    let units = units(&workspace, doc, lang)?;
    let original = doc.texts[&doc.document.original]
        .source
        .path
        .strip_prefix(&workspace.project.root)
        .unwrap_or(Path::new(""))
        .display()
        .to_string();
    let text = match format {
        ExchangeFormat::Xliff => exchange::to_xliff(
            &doc.document.name,
            &doc.document.original,
            lang,
            &original,
            &units,
        )?,
        ExchangeFormat::Po => exchange::to_po(&doc.document.name, lang, &original, &units)?,
    };
    match output {
        Some(path) => {
            crate::output::write_atomic(path, text.as_bytes())?;
            eprintln!(
                "i18n: {} entries of `{lang}` exported to {}",
                units.len(),
                path.display()
            );
        }
        None => print!("{text}"),
    }
    Ok(Outcome::Success)
}

pub fn import(root: &Path, file: &Path, expected_lang: Option<&str>) -> Result<Outcome> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("failed to read {}", file.display()))?;
    let exchange = if text.trim_start().starts_with("<?xml") || text.contains("<xliff") {
        exchange::from_xliff(&text)?
    } else {
        exchange::from_po(&text)?
    };
    let lang = exchange.target_lang.clone();
    let mut refusals = Vec::new();
    if let Some(expected) = expected_lang
        && expected != lang
    {
        refusals.push(format!("the file is for `{lang}`, not `{expected}`"));
    }
    let project = crate::project::Project::open(root)?;
    if !project.languages().contains(&lang) {
        refusals.push(format!(
            "the file is for `{lang}`, which is not a language of this project"
        ));
    }
    if !refusals.is_empty() {
        return refuse(file, &refusals);
    }
    if workspace_missing(root, &exchange.document) {
        return refuse(
            file,
            &[format!(
                "the file belongs to document `{}`, which this project does not have",
                exchange.document
            )],
        );
    }
    let Some((workspace, index)) = open(root, &lang, Some(&exchange.document))? else {
        return Ok(Outcome::InputErrors);
    };
    let doc = &workspace.documents[index];
    if !exchange.source_lang.is_empty() && exchange.source_lang != doc.document.original {
        refusals.push(format!(
            "the file translates from `{}`, but the original is `{}`",
            exchange.source_lang, doc.document.original
        ));
    }
    let original = doc
        .texts
        .get(&doc.document.original)
        .context("the original text is missing")?;
    let translation = doc.texts.get(&lang);
    let mut changes = BTreeMap::new();
    let mut from = translation
        .map(|t| t.translated_from.clone())
        .unwrap_or_default();
    for (id, target, reviewed) in &exchange.targets {
        let Some(source) = original.entries.get(id).filter(|_| doc.keys.contains(id)) else {
            refusals.push(format!(
                "entry `{id}` does not belong to document `{}`",
                doc.document.name
            ));
            continue;
        };
        let previous = translation.and_then(|t| t.entries.get(id));
        if previous != Some(target) {
            if let Some(reason) = exchange::refusal(source, previous.map(String::as_str), target) {
                refusals.push(format!("entry `{id}`: the translation {reason}"));
                continue;
            }
            changes.insert(id.clone(), target.clone());
        }
        if *reviewed {
            from.insert(id.clone(), fingerprint(source));
        }
    }
    if !refusals.is_empty() {
        return refuse(file, &refusals);
    }
    let path = doc
        .document
        .source
        .path
        .parent()
        .context("document folder")?
        .join("text")
        .join(format!("{lang}.yaml"));
    let current = match translation {
        Some(t) => t.source.text.clone(),
        None => format!(
            "# yaml-language-server: $schema=../../schema/text.schema.json\nlang: {lang}\nentries:\n"
        ),
    };
    let updated = exchange::update_entries(&current, &changes, &doc.keys);
    let previous_from = translation
        .map(|t| t.translated_from.clone())
        .unwrap_or_default();
    let updated = if from != previous_from {
        exchange::replace_translated_from(&updated, &from)
    } else {
        updated
    };
    if updated != current {
        crate::output::write_atomic(&path, updated.as_bytes())?;
    }
    println!(
        "i18n: imported {} changed entr(ies) into {}",
        changes.len(),
        path.display()
    );
    Ok(Outcome::Success)
}

fn workspace_missing(root: &Path, document: &str) -> bool {
    !root
        .join("agenda")
        .join(document)
        .join("document.yaml")
        .is_file()
}

fn refuse(file: &Path, refusals: &[String]) -> Result<Outcome> {
    for refusal in refusals {
        eprintln!("error: {}: {refusal}", file.display());
    }
    eprintln!(
        "error: import refused ({} problem(s)); nothing was written",
        refusals.len()
    );
    Ok(Outcome::InputErrors)
}

pub fn review(
    root: &Path,
    lang: &str,
    document: Option<&str>,
    output: Option<&Path>,
) -> Result<Outcome> {
    let Some((workspace, index)) = open(root, lang, document)? else {
        return Ok(Outcome::InputErrors);
    };
    let doc = &workspace.documents[index];
    let units = units(&workspace, doc, lang)?;
    let original_file = &doc.texts[&doc.document.original].source.path;
    let translated_from = doc
        .texts
        .get(lang)
        .map(|t| t.translated_from.clone())
        .unwrap_or_default();
    let history = exchange::OriginalHistory::read(&workspace.project.root, original_file);
    let dir = workspace.locales.get(lang).map_or("ltr", |l| l.dir());
    let mut rows = String::new();
    for unit in &units {
        let class = match unit.state {
            EntryState::Translated => "ok",
            EntryState::Missing => "missing",
            EntryState::Stale => "stale",
        };
        let change = match unit.state {
            EntryState::Stale => match translated_from
                .get(&unit.id)
                .and_then(|hash| history.find(&unit.id, hash))
            {
                Some(old) => format!(
                    "<p class=\"diff\">{}</p>",
                    exchange::diff_html(&old, &unit.source)
                ),
                None => "<p class=\"diff\">(the earlier original is not in the git history)</p>"
                    .to_string(),
            },
            _ => String::new(),
        };
        rows.push_str(&format!(
            "<tr class=\"{class}\"><th scope=\"row\"><code>{}</code><br><small>{}</small></th><td lang=\"{}\">{}{change}</td><td lang=\"{lang}\" dir=\"{dir}\">{}</td><td>{class}</td></tr>\n",
            escape::html(&unit.id),
            escape::html(&unit.note),
            escape::html(&doc.document.original),
            escape::html(&unit.source),
            escape::html(unit.target.as_deref().unwrap_or("")),
        ));
    }
    let counts = |state: EntryState| units.iter().filter(|u| u.state == state).count();
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Review: {name} ({lang})</title>\n<style>body{{font-family:\"Noto Sans\",sans-serif;margin:1rem}}table{{border-collapse:collapse;width:100%}}th,td{{border:1px solid #999;padding:.4rem;vertical-align:top;text-align:start}}tr.stale{{background:#fff4d6}}tr.missing{{background:#fde2e2}}del{{background:#f8c4c4}}ins{{background:#c8efc8;text-decoration:none}}.diff{{font-size:.9em;margin:.4rem 0 0}}</style>\n</head>\n<body>\n<main>\n<h1>Review of {name}: {lang} against {original}</h1>\n<p>{} translated, {} stale, {} missing.</p>\n<table>\n<thead><tr><th scope=\"col\">Entry</th><th scope=\"col\">Original</th><th scope=\"col\">Translation</th><th scope=\"col\">State</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n</main>\n</body>\n</html>\n",
        counts(EntryState::Translated),
        counts(EntryState::Stale),
        counts(EntryState::Missing),
        name = escape::html(&doc.document.name),
        original = escape::html(&doc.document.original),
    );
    let path = output.map(Path::to_path_buf).unwrap_or_else(|| {
        workspace
            .project
            .root
            .join("output")
            .join(lang)
            .join(format!("{}.review.html", doc.document.name))
    });
    crate::output::write_atomic(&path, page.as_bytes())?;
    println!("i18n: review page written to {}", path.display());
    Ok(Outcome::Success)
}

/// Records the current original's fingerprints for reviewed entries of one translation.
pub fn accept(root: &Path, lang: &str, document: Option<&str>, ids: &[String]) -> Result<Outcome> {
    let Some((workspace, index)) = open(root, lang, document)? else {
        return Ok(Outcome::InputErrors);
    };
    let doc = &workspace.documents[index];
    let original = doc
        .texts
        .get(&doc.document.original)
        .context("the original text is missing")?;
    let translation = doc
        .texts
        .get(lang)
        .with_context(|| format!("no text file for `{lang}`"))?;
    let mut from = translation.translated_from.clone();
    let chosen: Vec<&String> = if ids.is_empty() {
        translation.entries.keys().collect()
    } else {
        ids.iter().collect()
    };
    for id in chosen {
        let (Some(source), true) = (
            original.entries.get(id),
            translation.entries.contains_key(id),
        ) else {
            bail!("entry `{id}` is not in both the original and the `{lang}` translation");
        };
        from.insert(id.clone(), fingerprint(source));
    }
    from.retain(|id, _| translation.entries.contains_key(id));
    let text = exchange::replace_translated_from(&translation.source.text, &from);
    crate::output::write_atomic(&translation.source.path, text.as_bytes())?;
    println!(
        "i18n: {} entries of `{lang}` recorded as translated from the current original",
        from.len()
    );
    Ok(Outcome::Success)
}
