//! The words of a document: one validated text file per language.
//!
//! `text/<lang>.yaml` maps the document's ids to text entries. Loading checks what the structure
//! needs of them: the file says the language its name says, no entry is longer than any entry of
//! a real document could be, the original has an entry for every key of the structure and none
//! the structure lacks. Whether a translation is complete or stale is `i18n::status`'s concern.
//!
//! [`placeholders`] says what a translation must keep of its original: the `{{ … }}` calls that
//! compute names, dates and numbers, each known by its function and first argument, so that a
//! translation may ask for a grammatical form the original does not need
//! (`{{ country('wtdc', 'du') }}` for `{{ country('wtdc') }}`). The import of a CAT tool's file
//! and `agendoc check` (W0003) both compare by it.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::Document;
use crate::diagnostics::{Code, Diagnostic, Location, Severity, did_you_mean};
use crate::source::raw::RawText;
use crate::source::{SourceFile, SourceMap};

/// The longest text one entry may hold: ten times the longest paragraph of any ITU document, and
/// short enough that no entry can stall the layout of a PDF.
pub const MAX_ENTRY_BYTES: usize = 64 * 1024;

/// One language's text file of a document.
#[derive(Debug)]
pub struct TextFile {
    pub lang: String,
    pub source: Arc<SourceFile>,
    pub entries: BTreeMap<String, String>,
    /// For a translation: the fingerprint of the original entry each was translated from.
    pub translated_from: BTreeMap<String, String>,
    /// Why an entry's placeholders differ from the original's on purpose, by entry id.
    pub differs: BTreeMap<String, String>,
}

impl TextFile {
    /// Where entry `key` is written.
    pub fn locate(&self, key: &str) -> Option<Location> {
        self.source.locate_key(&entry_path(key))
    }

    /// Where the reason `differs:` gives for entry `key` is written.
    pub fn locate_reason(&self, key: &str) -> Option<Location> {
        self.source.locate_key(&format!("differs/{key}"))
    }

    /// Where `needle` is inside entry `key` (else the entry).
    pub fn locate_in(&self, key: &str, needle: &str) -> Option<Location> {
        self.source.locate_in(&entry_path(key), needle)
    }

    /// Reads and checks `path`, the text of `lang`.
    pub fn load(sources: &SourceMap, path: &Path, lang: &str) -> Result<TextFile, Vec<Diagnostic>> {
        let source = sources.read(path).map_err(|d| vec![d])?;
        TextFile::from_source(source, lang)
    }

    /// Checks text already read (a file about to be written reads back through this).
    pub fn from_source(source: Arc<SourceFile>, lang: &str) -> Result<TextFile, Vec<Diagnostic>> {
        let raw: RawText = source.parse().map_err(|d| vec![d])?;
        let mut problems = Vec::new();
        for (key, value) in &raw.entries {
            if value.len() > MAX_ENTRY_BYTES {
                problems.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!(
                            "entry `{key}` is {} KiB long; an entry may hold at most {} KiB",
                            value.len() / 1024,
                            MAX_ENTRY_BYTES / 1024
                        ),
                    )
                    .at_opt(source.locate_key(&entry_path(key)))
                    .with_hint("split the text into several paragraphs, each its own node of document.yaml"),
                );
            }
        }
        if raw.lang != lang {
            problems.push(
                Diagnostic::new(
                    Code::UnknownLanguage,
                    format!("`lang: {}` in the text file of `{lang}`", raw.lang),
                )
                .at_opt(source.locate_value("lang"))
                .with_hint(format!("the file name says `{lang}`: make them agree")),
            );
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(TextFile {
            lang: lang.to_string(),
            source,
            entries: raw.entries,
            translated_from: raw.translated_from,
            differs: raw.differs,
        })
    }
}

/// The placeholders of a text entry by identity, sorted: a call `{{ f('a', …) }}` is known by its
/// function and first argument only (`{{ f('a') }}`), whatever follows (a form, a style, a
/// filter); any other `{{ … }}` or `{% … %}` by its whitespace-normalized text; an unclosed one
/// as `{{…`.
pub fn placeholders(entry: &str) -> Vec<String> {
    let mut out: Vec<String> = placeholder_spans(entry)
        .into_iter()
        .map(|span| placeholder_identity(&entry[span]))
        .collect();
    if let Some(open) = unclosed_placeholder(entry) {
        out.push(format!("{open}…"));
    }
    out.sort();
    out
}

/// The identity of one placeholder as [`placeholders`] knows it (`{{ f('a') }}` for
/// `{{ f('a', 'du') }}`), given its whole text from `{{` or `{%` to the closing delimiter.
pub fn placeholder_identity(placeholder: &str) -> String {
    let open = &placeholder[..2];
    let close = if open == "{{" { "}}" } else { "%}" };
    let inner = &placeholder[2..placeholder.len() - 2];
    let identity = match open {
        "{{" => call_identity(inner),
        _ => None,
    }
    .unwrap_or_else(|| inner.split_whitespace().collect::<Vec<_>>().join(" "));
    format!("{open} {identity} {close}")
}

/// Where each closed `{{ … }}` and `{% … %}` of an entry is, in order: minijinja's delimiters,
/// each ending at the first closing delimiter after it. A text entry is a minijinja template, so
/// these spans are what the template engine replaces; everything between them is text.
pub fn placeholder_spans(entry: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut at = 0;
    while let Some((start, close)) = next_opening(entry, at) {
        let Some(end) = entry[start + 2..].find(close) else {
            break;
        };
        let end = start + 2 + end + 2;
        spans.push(start..end);
        at = end;
    }
    spans
}

/// The delimiter of the first placeholder that is never closed, if any.
fn unclosed_placeholder(entry: &str) -> Option<&'static str> {
    let after = placeholder_spans(entry).last().map_or(0, |span| span.end);
    next_opening(entry, after).map(|(_, close)| if close == "}}" { "{{" } else { "{%" })
}

/// The first `{{` or `{%` at or after `from`, with the delimiter that closes it.
fn next_opening(entry: &str, from: usize) -> Option<(usize, &'static str)> {
    let rest = &entry[from..];
    [("{{", "}}"), ("{%", "%}")]
        .into_iter()
        .filter_map(|(open, close)| rest.find(open).map(|at| (from + at, close)))
        .min_by_key(|(at, _)| *at)
}

/// `f('a')` for an expression that starts with a call `f('a', …)` or `f("a")`; `f()` for a call
/// without arguments; `f(x)` for a first argument that is not a string.
fn call_identity(expression: &str) -> Option<String> {
    let expression = expression.trim_start();
    let name_len = expression
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(expression.len());
    let function = &expression[..name_len];
    if function.is_empty() || function.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let arguments = expression[name_len..]
        .trim_start()
        .strip_prefix('(')?
        .trim_start();
    if let Some(quote) = arguments.chars().next().filter(|c| *c == '\'' || *c == '"') {
        let literal = &arguments[1..];
        let mut escaped = false;
        for (at, c) in literal.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                _ if c == quote => return Some(format!("{function}('{}')", &literal[..at])),
                _ => {}
            }
        }
        return None;
    }
    let mut depth = 0usize;
    for (at, c) in arguments.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth > 0 => depth -= 1,
            ')' | ',' if depth == 0 => {
                let first = arguments[..at]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                return Some(format!("{function}({first})"));
            }
            _ => {}
        }
    }
    None
}

/// The span path of an entry of a text file.
pub fn entry_path(key: &str) -> String {
    format!("entries/{key}")
}

/// The text files of `document` for `languages` (and always its original), with every problem.
pub fn load_texts(
    sources: &SourceMap,
    document: &Document,
    dir: &Path,
    languages: &[String],
) -> (BTreeMap<String, TextFile>, Vec<Diagnostic>) {
    let mut texts = BTreeMap::new();
    let mut problems = Vec::new();
    let mut wanted: Vec<&String> = languages.iter().collect();
    if !wanted.contains(&&document.original) {
        wanted.push(&document.original);
    }
    for lang in wanted {
        let path = dir.join("text").join(format!("{lang}.yaml"));
        if sources.get(&path).is_none() && !path.is_file() {
            if *lang == document.original {
                problems.push(
                    Diagnostic::new(
                        Code::MissingTranslation,
                        format!("the original text file {} is missing", path.display()),
                    )
                    .at_opt(document.source.locate_value("original"))
                    .with_hint(format!(
                        "create text/{lang}.yaml next to document.yaml, with `lang: {lang}` and `entries:`"
                    )),
                );
            }
            continue;
        }
        match TextFile::load(sources, &path, lang) {
            Ok(text) => {
                texts.insert(lang.clone(), text);
            }
            Err(found) => problems.extend(found),
        }
    }
    (texts, problems)
}

/// The original must have every entry the structure needs; an entry the structure lacks is a
/// warning (it may be a node deleted from document.yaml).
pub fn check_original(
    document: &Document,
    original: &TextFile,
    keys: &[String],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for key in keys {
        if !original.entries.contains_key(key) {
            problems.push(
                Diagnostic::new(
                    Code::MissingTranslation,
                    format!(
                        "entry `{key}` is missing from the original text ({})",
                        document.original
                    ),
                )
                .at_opt(document.locate_entry(key))
                .with_hint(format!(
                    "add `{key}: \"…\"` under `entries:` in {}",
                    original.source.path.display()
                )),
            );
        }
    }
    for key in super::front_matter(document.kind) {
        if original
            .entries
            .get(*key)
            .is_some_and(|text| text.trim().is_empty())
        {
            problems.push(
                Diagnostic::new(
                    Code::MissingField,
                    format!(
                        "entry `{key}` is empty: a {} needs it",
                        document.kind.name()
                    ),
                )
                .at_opt(original.locate(key))
                .with_hint(format!(
                    "write the document's {key}, or choose another `kind:`"
                )),
            );
        }
    }
    for key in original.entries.keys() {
        if !keys.contains(key) {
            problems.push(
                Diagnostic::new(
                    Code::UnknownReference,
                    format!("entry `{key}` belongs to no node of document.yaml"),
                )
                .at_opt(original.locate(key))
                .with_severity(Severity::Warning)
                .with_hint_opt(did_you_mean(key, keys.iter().map(String::as_str))),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn placeholders_are_known_by_function_and_first_argument() {
        assert_eq!(
            placeholders("au {{ country('wtdc', 'du') }} {{dates(\"wtdc\", style='cover')}}"),
            ["{{ country('wtdc') }}", "{{ dates('wtdc') }}"]
        );
        assert_eq!(
            placeholders("{{ country('wtdc') }}"),
            placeholders("{{country( 'wtdc' )}}")
        );
        assert_ne!(
            placeholders("{{ country('wtdc') }}"),
            placeholders("{{ country('wtdc-addis') }}")
        );
        assert_eq!(
            placeholders("{{ session_city }}, {% if x  %}{{ f() }}{{ g(a , b) }} {{ h("),
            [
                "{% if x %}",
                "{{ f() }}",
                "{{ g(a) }}",
                "{{ session_city }}",
                "{{…"
            ]
        );
    }
}
