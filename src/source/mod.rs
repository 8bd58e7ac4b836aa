//! Loading the sources: the first stage of the pipeline and the only place that names the YAML
//! library.
//!
//! Every file a run reads (YAML, templates) goes through one [`SourceMap`], which keeps its text
//! so that later stages can point into it and the diagnostics printer never reads a file twice.
//! A YAML file is checked for what parsers report badly (invalid UTF-8, tabs in indentation, NUL
//! bytes, repeated keys), then deserialized into the `Raw…` structs of [`raw`]; those mirror the
//! files exactly and reject unknown keys. Positions of keys and values come from
//! [`spans::YamlSpans`], built from a parser that keeps marks; [`edit`] changes values in place at
//! those spans (the import of translations). Turning raw structs into the
//! validated model is `model`'s job.
//!
//! `serde_yaml` is archived upstream; swapping it for a maintained fork touches this module only.

pub mod edit;
pub mod raw;
pub mod schema;
pub mod spans;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use serde::de::DeserializeOwned;

use crate::diagnostics::{Code, Diagnostic, Location, did_you_mean};
use spans::YamlSpans;

/// One input file, kept in memory for the whole run.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
    spans: OnceLock<YamlSpans>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> SourceFile {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        SourceFile {
            path,
            text,
            line_starts,
            spans: OnceLock::new(),
        }
    }

    /// Line and column (both 1-based, column in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let column = self.text[self.line_starts[line]..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// The span of line `line` (1-based), without its line break.
    pub fn line_span(&self, line: usize) -> Range<usize> {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return 0..0;
        };
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next.saturating_sub(1));
        start..end.max(start)
    }

    /// Where each key and value of this YAML file is.
    pub fn spans(&self) -> &YamlSpans {
        self.spans.get_or_init(|| YamlSpans::index(&self.text))
    }

    /// A location in this file.
    pub fn location(&self, span: Range<usize>) -> Location {
        Location::new(&self.path, span)
    }

    /// The key of the node at `path` (its value for sequence entries).
    pub fn locate_key(&self, path: &str) -> Option<Location> {
        self.spans().key(path).map(|span| self.location(span))
    }

    /// The value of the node at `path`.
    pub fn locate_value(&self, path: &str) -> Option<Location> {
        self.spans().value(path).map(|span| self.location(span))
    }

    /// `needle` inside the value of the node at `path`, else that value (or key) itself: where a
    /// problem found in one entry's text is.
    pub fn locate_in(&self, path: &str, needle: &str) -> Option<Location> {
        self.locate_first_of(path, &[needle])
    }

    /// The first of `needles` found inside the value of the node at `path`, else that value (or
    /// key) itself: a problem named by several spellings (`'du'`, `"du"`) is where one is.
    pub fn locate_first_of(&self, path: &str, needles: &[&str]) -> Option<Location> {
        let node = self.spans().node(path)?;
        let value = node.value.clone();
        let written = self.text.get(value.clone());
        for needle in needles.iter().filter(|needle| !needle.is_empty()) {
            if let Some(at) = written.and_then(|v| v.find(needle)) {
                let start = value.start + at;
                return Some(self.location(start..start + needle.len()));
            }
        }
        Some(self.location(node.key.clone().unwrap_or(value)))
    }

    /// Deserializes the whole file into `T`, after the checks YAML parsers report poorly.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        if let Some(diagnostic) = self.find_tab_indentation() {
            return Err(diagnostic);
        }
        if let Some(offset) = self.text.find('\0') {
            return Err(
                Diagnostic::new(Code::InvalidYaml, "file contains a NUL character")
                    .at(&self.path, offset..offset + 1)
                    .with_hint("remove the NUL byte; YAML text cannot contain it"),
            );
        }
        let text = self.text.strip_prefix('\u{feff}').unwrap_or(&self.text);
        let bom = self.text.len() - text.len();
        // Deserializing keeps the last of two equal keys silently; the span index saw them all.
        if let Some(duplicate) = self.spans().duplicates.first() {
            return Err(Diagnostic::new(
                Code::DuplicateId,
                format!("duplicate entry with key `{}`", duplicate.key),
            )
            .at(&self.path, duplicate.span.clone())
            .with_hint("each key may appear once in a mapping: remove or rename one"));
        }
        serde_yaml::from_str(text).map_err(|err| self.yaml_error(&err, bom))
    }

    fn find_tab_indentation(&self) -> Option<Diagnostic> {
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
            if let Some(tab) = line[..indent].find('\t') {
                let at = offset + tab;
                return Some(
                    Diagnostic::new(Code::TabIndentation, "tab character in indentation")
                        .at(&self.path, at..at + 1)
                        .with_hint("YAML indents with spaces: replace the tab with spaces"),
                );
            }
            offset += line.len();
        }
        None
    }

    /// serde_yaml's error as a diagnostic. serde's error model carries only a message, so the
    /// kind of problem is read from it; the position comes from the error itself.
    fn yaml_error(&self, err: &serde_yaml::Error, bom: usize) -> Diagnostic {
        let message = err.to_string();
        // serde_yaml appends " at line L column C"; the location is shown separately.
        let message = match message.find(" at line ") {
            Some(cut) => message[..cut].to_string(),
            None => message,
        };
        let span = match err.location() {
            Some(location) => {
                let start = (location.index() + bom).min(self.text.len());
                start..self.token_end(start)
            }
            None => 0..0,
        };
        // serde_yaml prefixes the path of the offending key: "header: unknown field `x`, …".
        let (code, hint) = if let Some((_, rest)) = message.split_once("unknown field `") {
            let field = rest.split('`').next().unwrap_or_default();
            let expected: Vec<&str> = message
                .split("expected ")
                .nth(1)
                .map(|list| list.split('`').skip(1).step_by(2).collect())
                .unwrap_or_default();
            let hint = did_you_mean(field, expected.iter().copied())
                .or_else(|| Some(format!("known keys here: {}", expected.join(", "))));
            (Code::UnknownField, hint)
        } else if message.contains("missing field") {
            (
                Code::MissingField,
                Some("add the key shown, at the place the caret points".into()),
            )
        } else if message.contains("untagged enum") {
            (
                Code::InvalidValue,
                Some(
                    "a list entry is an id, or a mapping with `id:` and optionally one of \
                     `letters:`, `bullets:` or `dashes:`"
                        .into(),
                ),
            )
        } else if message.contains("invalid type") || message.contains("invalid value") {
            (Code::InvalidValue, None)
        } else if message.contains("unknown variant") {
            let variant = message.split('`').nth(1).unwrap_or_default();
            let expected: Vec<&str> = message.split('`').skip(3).step_by(2).collect();
            (
                Code::UnknownField,
                did_you_mean(variant, expected.iter().copied()),
            )
        } else if message.contains("duplicate entry") {
            (
                Code::DuplicateId,
                Some("each key may appear once in a mapping: remove or rename one".into()),
            )
        } else if message.contains("recursion limit") || message.contains("repetition limit") {
            (
                Code::InvalidYaml,
                Some("the file nests too deeply or expands aliases too much".into()),
            )
        } else {
            (
                Code::InvalidYaml,
                Some("check quoting and indentation on this line and the one above".into()),
            )
        };
        Diagnostic::new(code, message)
            .at(&self.path, span)
            .with_hint_opt(hint)
    }

    /// End of the word starting at `start`, so the caret underlines the offending key or value.
    fn token_end(&self, start: usize) -> usize {
        let rest = &self.text[start..];
        let len = rest
            .char_indices()
            .find(|(_, c)| c.is_whitespace() || *c == ':' || *c == ',')
            .map_or(rest.len(), |(i, _)| i);
        start + len.max(rest.chars().next().map_or(0, char::len_utf8))
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Every file a run read, by path: the one place source text lives.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Mutex<HashMap<PathBuf, Arc<SourceFile>>>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Reads a file once, refusing invalid UTF-8 with a diagnostic that names the first bad byte
    /// (the text is kept, lossily, so that the diagnostic can show its line).
    pub fn read(&self, path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
        if let Some(file) = self.get(path) {
            return Ok(file);
        }
        let bytes = std::fs::read(path).map_err(|err| {
            Diagnostic::new(
                Code::InvalidYaml,
                format!("failed to read {} ({err})", path.display()),
            )
            .at(path, 0..0)
        })?;
        match String::from_utf8(bytes) {
            Ok(text) => Ok(self.add(path.to_path_buf(), text)),
            Err(err) => {
                let offset = err.utf8_error().valid_up_to();
                self.add(
                    path.to_path_buf(),
                    String::from_utf8_lossy(err.as_bytes()).into_owned(),
                );
                Err(
                    Diagnostic::new(Code::InvalidEncoding, "file is not valid UTF-8")
                        .at(path, offset..offset + 1)
                        .with_hint("save the file with UTF-8 encoding"),
                )
            }
        }
    }

    /// Registers text under `path` (a file read elsewhere, or one made in memory).
    pub fn add(&self, path: PathBuf, text: String) -> Arc<SourceFile> {
        let file = Arc::new(SourceFile::new(path.clone(), text));
        self.files
            .lock()
            .expect("no panics while locked")
            .insert(path, file.clone());
        file
    }

    pub fn get(&self, path: &Path) -> Option<Arc<SourceFile>> {
        self.files
            .lock()
            .expect("no panics while locked")
            .get(path)
            .cloned()
    }

    /// A snapshot for codespan-reporting, naming files relative to `root`.
    pub fn view(&self, root: &Path) -> SourceView {
        let files: Vec<Arc<SourceFile>> = self
            .files
            .lock()
            .expect("no panics while locked")
            .values()
            .cloned()
            .collect();
        let names = files.iter().map(|f| display_path(root, &f.path)).collect();
        SourceView {
            files,
            names,
            root: root.to_path_buf(),
            missing: Mutex::new(Vec::new()),
        }
    }
}

/// `path` relative to `root` where it is inside it.
pub fn display_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The files of a [`SourceMap`] as codespan-reporting reads them.
pub struct SourceView {
    files: Vec<Arc<SourceFile>>,
    names: Vec<String>,
    root: PathBuf,
    /// Files a diagnostic names but the run never read (a folder, a file that vanished).
    missing: Mutex<Vec<String>>,
}

impl SourceView {
    /// The file id and clamped span of a location.
    pub fn locate(&self, location: &Location) -> (usize, Range<usize>) {
        match self.files.iter().position(|f| f.path == location.file) {
            Some(id) => {
                let text = &self.files[id].text;
                let start = floor_char_boundary(text, location.span.start.min(text.len()));
                let end = floor_char_boundary(text, location.span.end.clamp(start, text.len()));
                (id, start..end)
            }
            None => {
                let mut missing = self.missing.lock().expect("no panics while locked");
                missing.push(display_path(&self.root, &location.file));
                (self.files.len() + missing.len() - 1, 0..0)
            }
        }
    }

    fn file(&self, id: usize) -> Option<&SourceFile> {
        self.files.get(id).map(Arc::as_ref)
    }
}

impl<'a> codespan_reporting::files::Files<'a> for SourceView {
    type FileId = usize;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<String, codespan_reporting::files::Error> {
        if let Some(name) = self.names.get(id) {
            return Ok(name.clone());
        }
        self.missing
            .lock()
            .expect("no panics while locked")
            .get(id - self.files.len())
            .cloned()
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.file(id).map_or("", |file| file.text.as_str()))
    }

    fn line_index(
        &'a self,
        id: usize,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.file(id).map_or(0, |file| {
            file.line_starts
                .partition_point(|&start| start <= byte_index)
                - 1
        }))
    }

    fn line_range(
        &'a self,
        id: usize,
        line_index: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        let Some(file) = self.file(id) else {
            return Ok(0..0);
        };
        let start = *file.line_starts.get(line_index).ok_or(
            codespan_reporting::files::Error::LineTooLarge {
                given: line_index,
                max: file.line_starts.len() - 1,
            },
        )?;
        let end = file
            .line_starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(file.text.len());
        Ok(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(PathBuf::from("t.yaml"), text.to_string())
    }

    #[test]
    fn tab_in_indentation_is_reported_at_the_tab() {
        let err = file("a:\n\tb: 1\n")
            .parse::<serde_yaml::Value>()
            .unwrap_err();
        assert_eq!(err.code, Code::TabIndentation);
        assert_eq!(err.location.unwrap().span, 3..4);
    }

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let source = file("a: 1\nb: 基加利 x\n");
        let offset = source.text.find('x').unwrap();
        assert_eq!(source.line_column(offset), (2, 8));
        assert_eq!(source.line_column(0), (1, 1));
    }

    #[test]
    fn locates_a_needle_inside_one_entry_only() {
        let source = file("entries:\n  a: \"x {{ ref('y') }}\"\n  b: \"{{ ref('y') }}\"\n");
        let location = source.locate_in("entries/b", "ref('y')").unwrap();
        assert_eq!(location.span.start, source.text.rfind("ref('y')").unwrap());
    }

    #[test]
    fn repeated_keys_are_refused_at_the_second() {
        let source = file("a: 1\nb: 2\na: 3\n");
        let err = source.parse::<serde_yaml::Value>().unwrap_err();
        assert_eq!(err.code, Code::DuplicateId);
        assert_eq!(err.location.unwrap().span, 10..11);
    }
}
