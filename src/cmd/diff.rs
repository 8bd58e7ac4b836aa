//! `agendoc diff`: each document's changes since a git revision, per language, in the terminal.
//!
//! Loads as a build does (the workspace, then the earlier state of every document at
//! `--against`), resolves and marks each document × language, and prints the changes the
//! marking listed, in reading order: where (in the document's own words), what kind, and the
//! text with its deletions and insertions. With colour, deletions are red and struck through and
//! insertions green and underlined; without (not a terminal, `NO_COLOR`), they are written as
//! git's word diff does: `[-…-]` and `{+…+}`.

use std::io::Write;
use std::path::Path;

use anstyle::{AnsiColor, Effects, Style};
use anyhow::Result;
use rayon::prelude::*;

use crate::Outcome;
use crate::build::Marks;
use crate::cli::DiffArgs;
use crate::diagnostics::{Diagnostic, Printer};
use crate::markup::Inline;
use crate::model::LoadedDocument;
use crate::project::Project;
use crate::resolve::{Change, ResolvedDocument, resolve_document};
use crate::revision;
use crate::source::SourceMap;
use crate::workspace::Workspace;

const HEADING: Style = Style::new().effects(Effects::BOLD);
const DELETED: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))
    .effects(Effects::STRIKETHROUGH);
const INSERTED: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)))
    .effects(Effects::UNDERLINE);
const CHANGED: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
const QUIET: Style = Style::new().effects(Effects::DIMMED);

pub fn run(root: &Path, args: &DiffArgs) -> Result<Outcome> {
    let project = Project::open(root)?;
    let printer = Printer::new(&project.root, false);
    let sources = SourceMap::new();
    let (workspace, mut diagnostics) = Workspace::load(
        project,
        &sources,
        &args.selection.languages,
        &args.selection.documents,
    );
    let workspace = workspace.and_then(|mut workspace| {
        let marks = Marks::Against(args.against.clone());
        let found = revision::load_earlier(&mut workspace, &sources, &marks);
        let failed = found.iter().any(Diagnostic::is_error);
        diagnostics.extend(found);
        (!failed).then_some(workspace)
    });
    let Some(workspace) = workspace else {
        printer.print(&diagnostics, &sources);
        return Ok(Outcome::InputErrors);
    };
    let jobs: Vec<(&LoadedDocument, &String)> = workspace
        .documents
        .iter()
        .flat_map(|doc| doc.languages.iter().map(move |lang| (doc, lang)))
        .collect();
    let results: Vec<Result<ResolvedDocument, Vec<Diagnostic>>> = jobs
        .par_iter()
        .map(|(doc, lang)| marked(&workspace, doc, lang))
        .collect();
    let mut documents = Vec::new();
    for result in results {
        match result {
            Ok(document) => documents.push(document),
            Err(problems) => diagnostics.extend(problems),
        }
    }
    printer.print(&diagnostics, &sources);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Ok(Outcome::InputErrors);
    }
    let mut stdout = anstream::stdout();
    let color = stdout.current_choice() != anstream::ColorChoice::Never;
    let text = documents
        .iter()
        .map(|document| render(document, color))
        .collect::<Vec<_>>()
        .join("\n");
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    let changed = documents.iter().any(|d| !d.changes.is_empty());
    Ok(if args.exit_code && changed {
        Outcome::InputErrors
    } else {
        Outcome::Success
    })
}

/// `doc` resolved in `lang` and marked against its earlier state; warnings are left to `check`.
fn marked(
    workspace: &Workspace,
    doc: &LoadedDocument,
    lang: &str,
) -> Result<ResolvedDocument, Vec<Diagnostic>> {
    let mut document = resolve_document(workspace, doc, lang)?.document;
    if let Some(earlier) = &doc.earlier {
        revision::mark(workspace, doc, earlier, lang, &mut document)?;
    }
    Ok(document)
}

/// One document in one language: a heading line, then one block per change, or "no changes".
pub fn render(document: &ResolvedDocument, color: bool) -> String {
    let paint = |style: Style, text: &str| {
        if color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    };
    let mut heading = format!("{} · {}", document.name, document.lang);
    if let Some(marks) = &document.marks {
        heading.push_str(&format!(" · against {} ({})", marks.against, marks.commit));
    }
    let mut out = format!("{}\n", paint(HEADING, &heading));
    if document.changes.is_empty() {
        out.push_str(&format!("  {}\n", paint(QUIET, "no changes")));
        return out;
    }
    for change in &document.changes {
        let (kind, style) = match change.change {
            Change::Changed => ("changed", CHANGED),
            Change::Inserted => ("inserted", INSERTED),
            Change::Deleted => ("deleted", DELETED),
        };
        let kind = paint(style.effects(Effects::BOLD), kind);
        out.push_str(&format!("  {} · {kind}\n    ", change.place));
        write_inlines(&mut out, change.text.inlines(), None, color);
        out.push('\n');
    }
    out
}

/// Writes `inlines` as plain text, their insertions and deletions marked; `mark` is the change
/// the text is inside of, if any.
fn write_inlines(out: &mut String, inlines: &[Inline], mark: Option<Change>, color: bool) {
    for inline in inlines {
        match inline {
            Inline::Text(text) => write_text(out, text, mark, color),
            Inline::Strong(children)
            | Inline::Emphasis(children)
            | Inline::Link { children, .. } => write_inlines(out, children, mark, color),
            Inline::FootnoteRef(id) => write_text(out, &format!("[^{id}]"), mark, color),
            Inline::Footnote { number, content } => {
                write_text(out, &format!("[^{number}: "), mark, color);
                write_inlines(out, content, mark, color);
                write_text(out, "]", mark, color);
            }
            Inline::Inserted(children) => {
                marked_run(out, children, Change::Inserted, color);
            }
            Inline::Deleted(children) => {
                marked_run(out, children, Change::Deleted, color);
            }
        }
    }
}

fn marked_run(out: &mut String, children: &[Inline], change: Change, color: bool) {
    let (open, close) = match change {
        Change::Deleted => ("[-", "-]"),
        _ => ("{+", "+}"),
    };
    if !color {
        out.push_str(open);
    }
    write_inlines(out, children, Some(change), color);
    if !color {
        out.push_str(close);
    }
}

/// Text, styled as the change it is inside of; line breaks become spaces, so that each change's
/// text stays on its line.
fn write_text(out: &mut String, text: &str, mark: Option<Change>, color: bool) {
    let text = text.replace('\n', " ");
    let style = match mark {
        Some(Change::Deleted) if color => DELETED,
        Some(Change::Inserted) if color => INSERTED,
        _ => {
            out.push_str(&text);
            return;
        }
    };
    out.push_str(&format!("{style}{text}{style:#}"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::Rich;

    fn sample() -> Rich {
        Rich::from_inlines(vec![
            Inline::Text("held in the ".into()),
            Inline::Deleted(vec![Inline::Text("last quarter".into())]),
            Inline::Inserted(vec![Inline::Strong(vec![Inline::Text(
                "first half".into(),
            )])]),
            Inline::Text(" of ".into()),
            Inline::Footnote {
                number: 1,
                content: vec![Inline::Inserted(vec![Inline::Text("New.".into())])],
            },
        ])
    }

    #[test]
    fn plain_marks_are_a_word_diff() {
        let mut out = String::new();
        write_inlines(&mut out, sample().inlines(), None, false);
        assert_eq!(
            out,
            "held in the [-last quarter-]{+first half+} of [^1: {+New.+}]"
        );
    }

    #[test]
    fn coloured_marks_are_styled_and_reset() {
        let mut out = String::new();
        write_inlines(&mut out, sample().inlines(), None, true);
        assert!(
            out.contains(&format!("{DELETED}last quarter{DELETED:#}")),
            "{out:?}"
        );
        assert!(
            out.contains(&format!("{INSERTED}first half{INSERTED:#}")),
            "{out:?}"
        );
        assert!(!out.contains("[-") && !out.contains("{+"), "{out:?}");
    }
}
