//! `agendoc i18n`: status, export and import for CAT tools, review pages, accepting reviews.
//!
//! A command line naming a language or document the project lacks, or leaving the document
//! unnamed where there are several, is a usage error (exit 2); a translation file that cannot be
//! imported is an input error (exit 1), and nothing is written.

use std::path::Path;

use anyhow::{Context, Result};

use super::load;
use super::usage;
use crate::Outcome;
use crate::cli::{ExchangeFormat, Selection};
use crate::diagnostics::did_you_mean;
use crate::escape;
use crate::i18n::exchange::inline::MarkupRules;
use crate::i18n::exchange::{self, ImportTarget, Unit};
use crate::i18n::status::{EntryState, Translation, fingerprint};
use crate::model::{LoadedDocument, TextFile};
use crate::project::Project;
use crate::workspace::Workspace;

pub fn status(root: &Path, selection: &Selection, json: bool) -> Result<Outcome> {
    let project = Project::open(root)?;
    for lang in &selection.languages {
        if let Err(outcome) = check_language(&project, lang) {
            return Ok(outcome);
        }
    }
    for document in &selection.documents {
        if let Err(outcome) = check_document(&project, document) {
            return Ok(outcome);
        }
    }
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
            "{:<24} {:<5} {:>10} {:>8} {:>6} {:>10}",
            "document", "lang", "translated", "missing", "stale", "unreviewed"
        );
        for s in &statuses {
            println!(
                "{:<24} {:<5} {:>10} {:>8} {:>6} {:>10}",
                s.document,
                s.lang,
                s.translated,
                s.missing.len(),
                s.stale.len(),
                s.unreviewed.len()
            );
        }
    }
    Ok(Outcome::Success)
}

/// Prints a usage error: the command line asks for something this project cannot do.
fn check_language(project: &Project, lang: &str) -> Result<(), Outcome> {
    let known = project.languages();
    if known.iter().any(|l| l == lang) {
        return Ok(());
    }
    Err(usage(
        format!("unknown language `{lang}`"),
        did_you_mean(lang, known.iter().map(String::as_str))
            .unwrap_or_else(|| format!("the languages of this project: {}", known.join(", "))),
    ))
}

/// The folder names of the project's documents.
fn document_names(project: &Project) -> Result<Vec<String>> {
    Ok(project
        .document_dirs()?
        .iter()
        .filter_map(|dir| dir.file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .collect())
}

fn check_document(project: &Project, document: &str) -> Result<(), Outcome> {
    let names = document_names(project).unwrap_or_default();
    if names.iter().any(|name| name == document) {
        return Ok(());
    }
    Err(usage(
        format!("unknown document `{document}`"),
        did_you_mean(document, names.iter().map(String::as_str)).unwrap_or_else(|| {
            format!(
                "a document is a folder of agenda/ holding document.yaml; this project has: {}",
                names.join(", ")
            )
        }),
    ))
}

/// Loads one language of one document, which must be a translation; the translation's file
/// need not exist yet. `Err` is the outcome of a usage or input error, already printed.
fn open(root: &Path, lang: &str, document: Option<&str>) -> Result<Result<Workspace, Outcome>> {
    let project = Project::open(root)?;
    if let Err(outcome) = check_language(&project, lang) {
        return Ok(Err(outcome));
    }
    let names = document_names(&project)?;
    match document {
        Some(document) => {
            if let Err(outcome) = check_document(&project, document) {
                return Ok(Err(outcome));
            }
        }
        None if names.len() > 1 => {
            return Ok(Err(usage(
                "several documents: name one with --document".into(),
                format!("the documents of this project: {}", names.join(", ")),
            )));
        }
        None => {}
    }
    let documents: Vec<String> = document.map(|d| vec![d.to_string()]).unwrap_or_default();
    let (workspace, _, _) = load(root, &[lang.to_string()], &documents, false)?;
    let Some(workspace) = workspace else {
        return Ok(Err(Outcome::InputErrors));
    };
    let Some(doc) = workspace.documents.first() else {
        return Ok(Err(Outcome::InputErrors));
    };
    if doc.document.original == lang {
        let others: Vec<&str> = doc
            .published
            .iter()
            .filter(|l| **l != lang)
            .map(String::as_str)
            .collect();
        return Ok(Err(usage(
            format!(
                "`{lang}` is the original language of {}: it is not translated",
                doc.document.name
            ),
            format!("name one of its translations: {}", others.join(", ")),
        )));
    }
    Ok(Ok(workspace))
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

/// What `doc`'s entries may hold, for the inline codes of the exchange formats.
fn markup_rules<'a>(workspace: &'a Workspace, doc: &'a LoadedDocument) -> MarkupRules<'a> {
    MarkupRules {
        markup: doc.document.markup,
        footnotes: &doc.document.footnotes,
        symbols: &workspace.symbols,
    }
}

pub fn export(
    root: &Path,
    lang: &str,
    format: ExchangeFormat,
    document: Option<&str>,
    output: Option<&Path>,
) -> Result<Outcome> {
    let workspace = match open(root, lang, document)? {
        Ok(workspace) => workspace,
        Err(outcome) => return Ok(outcome),
    };
    let doc = &workspace.documents[0];
    let units = units(&workspace, doc, lang)?;
    let original = doc.texts[&doc.document.original]
        .source
        .path
        .strip_prefix(&workspace.project.root)
        .unwrap_or(Path::new(""))
        .display()
        .to_string();
    let rules = markup_rules(&workspace, doc);
    let text = match format {
        ExchangeFormat::Xliff => exchange::to_xliff(
            &doc.document.name,
            &doc.document.original,
            lang,
            &original,
            &units,
            &rules,
        )?,
        ExchangeFormat::Po => exchange::to_po(&doc.document.name, lang, &original, &units, &rules)?,
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
    let exchange = match exchange::read_file(file) {
        Ok(exchange) => exchange,
        Err(problems) => return Ok(refuse(file, &problems)),
    };
    for note in &exchange.notes {
        eprintln!("note: {}: {note}", file.display());
    }
    let lang = exchange.target_lang.clone();
    let mut refusals = Vec::new();
    if let Some(expected) = expected_lang
        && expected != lang
    {
        refusals.push(format!(
            "the file is for `{lang}` (its {} language), not `{expected}`",
            if exchange.format == "PO" {
                "`Language:`"
            } else {
                "`trgLang`"
            }
        ));
    }
    let project = Project::open(root)?;
    let languages = project.languages();
    if !languages.contains(&lang) {
        refusals.push(format!(
            "the file is for `{lang}`, which is not a language of this project ({})",
            languages.join(", ")
        ));
    }
    if !document_names(&project)?.contains(&exchange.document) {
        refusals.push(format!(
            "the file belongs to document `{}`, which this project does not have",
            exchange.document
        ));
    }
    if !refusals.is_empty() {
        return Ok(refuse(file, &refusals));
    }
    let documents = [exchange.document.clone()];
    let (workspace, _, _) = load(root, std::slice::from_ref(&lang), &documents, false)?;
    let Some(workspace) = workspace else {
        return Ok(Outcome::InputErrors);
    };
    let doc = workspace
        .documents
        .first()
        .context("the document named by the file did not load")?;
    if doc.document.original == lang {
        return Ok(refuse(
            file,
            &[format!(
                "the file is for `{lang}`, the original language of {}: there is no translation to import",
                doc.document.name
            )],
        ));
    }
    let original = doc.original().context("the original text is missing")?;
    let path = doc
        .document
        .source
        .path
        .parent()
        .context("document folder")?
        .join("text")
        .join(format!("{lang}.yaml"));
    let target = ImportTarget {
        document: &doc.document.name,
        original_lang: &doc.document.original,
        lang: &lang,
        keys: &doc.keys,
        original: &original.entries,
        translation: doc.texts.get(&lang),
        path: &path,
        rules: markup_rules(&workspace, doc),
    };
    let imported = match exchange::apply(&exchange, &target) {
        Ok(imported) => imported,
        Err(problems) => return Ok(refuse(file, &problems)),
    };
    if let Some(text) = &imported.text {
        crate::output::write_atomic(&path, text.as_bytes())?;
    }
    println!(
        "i18n: imported {} changed entr(ies) and {} new review(s) into {}",
        imported.changed.len(),
        imported.reviewed.len(),
        path.display()
    );
    Ok(Outcome::Success)
}

/// Prints why a translation file is refused; nothing was written.
fn refuse(file: &Path, refusals: &[String]) -> Outcome {
    /// Enough to act on; a file wrong throughout says so in its first lines.
    const SHOWN: usize = 50;
    for refusal in refusals.iter().take(SHOWN) {
        eprintln!("error: {}: {refusal}", file.display());
    }
    if refusals.len() > SHOWN {
        eprintln!("error: … and {} more", refusals.len() - SHOWN);
    }
    eprintln!(
        "error: import refused ({} problem(s)); nothing was written",
        refusals.len()
    );
    Outcome::InputErrors
}

pub fn review(
    root: &Path,
    lang: &str,
    document: Option<&str>,
    output: Option<&Path>,
) -> Result<Outcome> {
    let workspace = match open(root, lang, document)? {
        Ok(workspace) => workspace,
        Err(outcome) => return Ok(outcome),
    };
    let doc = &workspace.documents[0];
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
            EntryState::Unreviewed => "unreviewed",
        };
        let change = match unit.state {
            EntryState::Unreviewed => format!(
                "<p class=\"diff\">(no fingerprint recorded: never accepted; run <code>agendoc i18n accept --lang {lang} {}</code>)</p>",
                escape::html(&unit.id)
            ),
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
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Review: {name} ({lang})</title>\n<style>body{{font-family:\"Noto Sans\",sans-serif;margin:1rem}}table{{border-collapse:collapse;width:100%}}th,td{{border:1px solid #999;padding:.4rem;vertical-align:top;text-align:start}}tr.stale{{background:#fff4d6}}tr.missing{{background:#fde2e2}}tr.unreviewed{{background:#e8eefc}}del{{background:#f8c4c4}}ins{{background:#c8efc8;text-decoration:none}}.diff{{font-size:.9em;margin:.4rem 0 0}}</style>\n</head>\n<body>\n<main>\n<h1>Review of {name}: {lang} against {original}</h1>\n<p>{} translated, {} stale, {} missing, {} unreviewed.</p>\n<table>\n<thead><tr><th scope=\"col\">Entry</th><th scope=\"col\">Original</th><th scope=\"col\">Translation</th><th scope=\"col\">State</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n</main>\n</body>\n</html>\n",
        counts(EntryState::Translated),
        counts(EntryState::Stale),
        counts(EntryState::Missing),
        counts(EntryState::Unreviewed),
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

/// The text of `translation` recording the current fingerprints of `original` for `ids` (every
/// entry it has if empty), and how many entries it records; `Err` names an id that is not in
/// both.
pub fn accepted(
    original: &TextFile,
    translation: &TextFile,
    ids: &[String],
) -> Result<(String, usize), String> {
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
            return Err(id.clone());
        };
        from.insert(id.clone(), fingerprint(source));
    }
    from.retain(|id, _| translation.entries.contains_key(id));
    let text = exchange::replace_translated_from(&translation.source.text, &from);
    Ok((text, from.len()))
}

/// Records the current original's fingerprints for reviewed entries of one translation.
pub fn accept(root: &Path, lang: &str, document: Option<&str>, ids: &[String]) -> Result<Outcome> {
    let workspace = match open(root, lang, document)? {
        Ok(workspace) => workspace,
        Err(outcome) => return Ok(outcome),
    };
    let doc = &workspace.documents[0];
    let original = doc
        .texts
        .get(&doc.document.original)
        .context("the original text is missing")?;
    let Some(translation) = doc.texts.get(lang) else {
        return Ok(usage(
            format!("`{}` has no `{lang}` text file yet", doc.document.name),
            format!("create it with `agendoc i18n export --lang {lang}` and `agendoc i18n import`"),
        ));
    };
    let (text, count) = match accepted(original, translation, ids) {
        Ok(accepted) => accepted,
        Err(id) => {
            return Ok(usage(
                format!("entry `{id}` is not in both the original and the `{lang}` translation"),
                "`agendoc i18n status --json` lists the entries of each translation".into(),
            ));
        }
    };
    crate::output::write_atomic(&translation.source.path, text.as_bytes())?;
    println!("i18n: {count} entries of `{lang}` recorded as translated from the current original");
    Ok(Outcome::Success)
}
