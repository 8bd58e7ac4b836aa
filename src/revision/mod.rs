//! Revisions: a document marked against an earlier state of its own sources.
//!
//! Every entry and node has a stable id, and every translation is keyed by it, so a revision is
//! compared node by node rather than by guessing which paragraph became which. The earlier
//! state is read from git ([`git`]), loaded by the same loader as the current one, resolved in
//! the same language with the same locale, and [`compare`]d with the current resolved document.
//! The marks travel in the resolved document (`Inline::Inserted`/`Deleted`, `node.change`), so
//! each renderer shows them its own way and none of them compares anything.

pub mod compare;
pub mod git;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::build::Marks;
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::i18n::Locale;
use crate::i18n::exchange::locations;
use crate::model::{Earlier, IssueKind, LoadedDocument};
use crate::resolve::{
    Change, ResolvedChange, ResolvedDocument, ResolvedMarks, ResolvedNode, resolve_document,
};
use crate::source::SourceMap;
use crate::workspace::{Workspace, load_document};

/// Attaches to each document of `workspace` the earlier state its changes are marked against:
/// the command line's revision, or the document's own `issue: against`, unless `--clean`.
pub fn load_earlier(
    workspace: &mut Workspace,
    sources: &SourceMap,
    marks: &Marks,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for index in 0..workspace.documents.len() {
        let doc = &workspace.documents[index];
        let document = &doc.document;
        let (reference, location) = match marks {
            Marks::Clean => continue,
            Marks::Against(reference) => (reference.clone(), None),
            Marks::AsDocumentsSay => {
                match document.issue.as_ref().and_then(|i| i.against.clone()) {
                    Some(reference) => (reference, document.source.locate_value("issue/against")),
                    None => continue,
                }
            }
        };
        let problem = |message: String, hint: String, location: Option<Location>| {
            Diagnostic::new(Code::BadRevision, format!("{}: {message}", document.name))
                .at_opt(location.or_else(|| document.source.locate_key("name")))
                .with_hint(hint)
        };
        let dir = workspace.project.agenda.join(&document.folder);
        let snapshot = match git::snapshot(&dir, &reference) {
            Ok(snapshot) => snapshot,
            Err(err) => {
                problems.push(problem(err.message, err.hint, location));
                continue;
            }
        };
        // The earlier files live in memory, under a path that says where they come from.
        let earlier_dir: PathBuf = workspace
            .project
            .agenda
            .join(format!("{}@{reference}", document.folder));
        for (name, bytes) in snapshot.files {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            sources.add(earlier_dir.join(name), text);
        }
        let (earlier, found) = load_document(
            sources,
            &earlier_dir,
            &document.folder,
            &workspace.project,
            &doc.languages,
            &workspace.symbols,
        );
        let failed = found.iter().any(Diagnostic::is_error);
        problems.extend(found);
        let Some(earlier) = earlier.filter(|_| !failed) else {
            continue;
        };
        if let (Some(now), Some(then)) = (&document.issue, &earlier.document.issue)
            && now.kind == then.kind
            && now.number <= then.number
        {
            let kind = now.kind.name();
            problems.push(problem(
                format!(
                    "this is {kind} {}, but `{reference}` already holds {kind} {}",
                    now.number, then.number
                ),
                format!(
                    "a new {kind} takes the next number: `{kind}: {}`; or mark against an earlier revision",
                    then.number + 1
                ),
                document
                    .source
                    .locate_value(&format!("issue/{kind}"))
                    .or(location),
            ));
            continue;
        }
        workspace.documents[index].earlier = Some(Arc::new(Earlier {
            reference,
            commit: snapshot.commit,
            document: earlier,
        }));
    }
    problems
}

/// Marks `document` (`doc` resolved in `lang`) against `earlier` resolved in the same language,
/// and lists the changes with their places in words.
pub fn mark(
    workspace: &Workspace,
    doc: &LoadedDocument,
    earlier: &Earlier,
    lang: &str,
    document: &mut ResolvedDocument,
) -> Result<(), Vec<Diagnostic>> {
    let before = resolve_document(workspace, &earlier.document, lang)?.document;
    let found = compare::mark(&before, document);
    document.marks = Some(ResolvedMarks {
        against: earlier.reference.clone(),
        commit: git::short(&earlier.commit).to_string(),
    });
    let Some(locale) = workspace.locales.get(lang) else {
        return Ok(());
    };
    // A change or a deletion is named by where it stands in the earlier issue, the one readers
    // hold; an insertion by where it stands now.
    let places = Places {
        now: locations(&doc.document, locale),
        before: locations(&earlier.document.document, locale),
    };
    let mut changes = Vec::new();
    for (key, text) in [
        ("title", &document.title),
        ("summary", &document.summary),
        ("action-required", &document.action_required),
        ("references", &document.references),
    ] {
        if text.has_changes() {
            changes.push(change(key, Change::Changed, text, &places, &found, locale));
        }
    }
    list_changes(&document.body, &places, &found, locale, &mut changes);
    document.changes = changes;
    // A corrigendum lists these instead of its body.
    document.corrections = document
        .issue
        .as_ref()
        .is_some_and(|issue| issue.kind == IssueKind::Corrigendum);
    Ok(())
}

/// Entries' places in words, in the current and in the earlier state.
struct Places {
    now: BTreeMap<String, String>,
    before: BTreeMap<String, String>,
}

impl Places {
    fn of(&self, id: &str, change: Change) -> Option<&String> {
        let (first, second) = match change {
            Change::Inserted => (&self.now, &self.before),
            _ => (&self.before, &self.now),
        };
        find(first, id).or_else(|| find(second, id))
    }
}

/// An entry's place; a row has no entry of its own, so its first cell names its place.
fn find<'a>(places: &'a BTreeMap<String, String>, id: &str) -> Option<&'a String> {
    let prefix = format!("{id}.");
    places.get(id).or_else(|| {
        places
            .iter()
            .find(|(key, _)| key.starts_with(&prefix))
            .map(|(_, place)| place)
    })
}

fn list_changes(
    nodes: &[ResolvedNode],
    places: &Places,
    found: &compare::Found,
    locale: &Locale,
    out: &mut Vec<ResolvedChange>,
) {
    for node in nodes {
        match node.change {
            // A node inserted or deleted whole is one change, everything in it included.
            Some(whole @ (Change::Inserted | Change::Deleted)) => {
                out.push(change(
                    &node.id,
                    whole,
                    &node_text(node),
                    places,
                    found,
                    locale,
                ));
                continue;
            }
            Some(Change::Changed) => {
                out.push(change(
                    &node.id,
                    Change::Changed,
                    &node_text(node),
                    places,
                    found,
                    locale,
                ));
            }
            None => {}
        }
        list_changes(&node.children, places, found, locale, out);
    }
}

/// A node's text, or its cells one after the other.
fn node_text(node: &ResolvedNode) -> crate::markup::Rich {
    if !node.text.is_empty() || node.cells.is_empty() {
        return node.text.clone();
    }
    let mut inlines = Vec::new();
    for (index, cell) in node.cells.iter().enumerate() {
        if index > 0 {
            inlines.push(crate::markup::Inline::Text(" | ".into()));
        }
        inlines.extend(cell.inlines().iter().cloned());
    }
    crate::markup::Rich::from_inlines(inlines)
}

fn change(
    id: &str,
    change: Change,
    text: &crate::markup::Rich,
    places: &Places,
    found: &compare::Found,
    locale: &Locale,
) -> ResolvedChange {
    let words = &locale.places;
    let mut place = places
        .of(id, change)
        .cloned()
        .unwrap_or_else(|| id.to_string());
    if let Some(sentence) = found.sentence.get(id).filter(|_| change == Change::Changed) {
        let ordinal = words
            .sentences
            .get(*sentence)
            .cloned()
            .unwrap_or_else(|| words.sentence.replace("{n}", &(sentence + 1).to_string()));
        place = format!("{place}{}{ordinal}", words.separator);
    }
    let pattern = match change {
        Change::Changed => &words.replace,
        Change::Deleted => &words.delete,
        Change::Inserted => &words.insert,
    };
    ResolvedChange {
        id: id.to_string(),
        change,
        instruction: pattern.replace("{place}", &place),
        place,
        text: text.clone(),
    }
}
