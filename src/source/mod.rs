//! Loading the YAML sources: the first stage of the pipeline and the only place that names the
//! YAML library.
//!
//! Files are read whole, checked for things YAML parsers report badly (invalid UTF-8, tabs in
//! indentation), then deserialized into the `Raw…` structs of [`raw`]. Those mirror the files
//! exactly and reject unknown keys; turning them into the validated model is `model`'s job. A
//! parse failure becomes a [`Diagnostic`] with the file, the byte offset the parser reported and,
//! for a misspelt key, the closest known key as a hint.
//!
//! `serde_yaml` is archived upstream; swapping it for a maintained fork touches this module only.

pub mod raw;
pub mod schema;

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diagnostics::{Code, Diagnostic, did_you_mean};

/// One input file, kept in memory so that later stages can point into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

impl SourceFile {
    /// Reads a file, refusing invalid UTF-8 with a diagnostic that names the first bad byte.
    pub fn read(path: &Path) -> Result<SourceFile, Diagnostic> {
        let bytes = std::fs::read(path).map_err(|err| {
            Diagnostic::new(
                Code::InvalidYaml,
                format!("failed to read {} ({err})", path.display()),
            )
        })?;
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile {
                path: path.to_path_buf(),
                text,
            }),
            Err(err) => {
                let offset = err.utf8_error().valid_up_to();
                Err(
                    Diagnostic::new(Code::InvalidEncoding, "file is not valid UTF-8")
                        .at(path, offset..offset + 1)
                        .with_hint("save the file with UTF-8 encoding"),
                )
            }
        }
    }

    /// Deserializes the whole file into `T`, after the checks YAML parsers report poorly.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        if let Some(diagnostic) = self.find_tab_indentation() {
            return Err(diagnostic);
        }
        if self.text.contains('\0') {
            let offset = self.text.find('\0').unwrap_or(0);
            return Err(
                Diagnostic::new(Code::InvalidYaml, "file contains a NUL character")
                    .at(&self.path, offset..offset + 1)
                    .with_hint("remove the NUL byte; YAML text cannot contain it"),
            );
        }
        let text = self.text.strip_prefix('\u{feff}').unwrap_or(&self.text);
        let bom = self.text.len() - text.len();
        // Deserializing into a map keeps the last of two equal keys silently; a generic YAML
        // value refuses them, with a location, so that pass catches duplicates.
        if let Err(err) = serde_yaml::from_str::<serde_yaml::Value>(text)
            && err.to_string().contains("duplicate entry")
        {
            return Err(self.yaml_error(&err, bom));
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
                     `letters:`, `bullets:` or `dashes:`; a term is a name or `{name:, avoid:}`"
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
        let mut diagnostic = Diagnostic::new(code, message).at(&self.path, span);
        if let Some(hint) = hint {
            diagnostic = diagnostic.with_hint(hint);
        }
        diagnostic
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

    /// The span of `key:` as a mapping key (first occurrence at the start of a line).
    pub fn find_key(&self, key: &str) -> Option<Range<usize>> {
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let unquoted = trimmed
                .strip_prefix('"')
                .and_then(|t| t.strip_prefix(key))
                .and_then(|t| t.strip_prefix('"'));
            let plain = trimmed.strip_prefix(key);
            if unquoted.or(plain).is_some_and(|rest| rest.starts_with(':')) {
                let start = offset + indent;
                return Some(start..start + key.len());
            }
            offset += line.len();
        }
        None
    }

    /// The span of the `nth` (0-based) occurrence of `word` as a whole id token.
    pub fn find_word(&self, word: &str, nth: usize) -> Option<Range<usize>> {
        if word.is_empty() {
            return None;
        }
        let is_id_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.');
        self.text
            .match_indices(word)
            .filter(|(at, _)| {
                let before = self.text[..*at].chars().next_back();
                let after = self.text[at + word.len()..].chars().next();
                !before.is_some_and(is_id_char) && !after.is_some_and(is_id_char)
            })
            .nth(nth)
            .map(|(at, _)| at..at + word.len())
    }

    /// The span of `needle` inside the value of entry `key`, or the key itself.
    pub fn find_in_entry(&self, key: &str, needle: &str) -> Option<Range<usize>> {
        let key_span = self.find_key(key)?;
        let line_end = self.text[key_span.start..]
            .find('\n')
            .map_or(self.text.len(), |i| key_span.start + i);
        if !needle.is_empty()
            && let Some(at) = self.text[key_span.end..line_end].find(needle)
        {
            let start = key_span.end + at;
            return Some(start..start + needle.len());
        }
        Some(key_span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from("t.yaml"),
            text: text.to_string(),
        }
    }

    #[test]
    fn tab_in_indentation_is_reported_at_the_tab() {
        let source = file("a:\n\tb: 1\n");
        let err = source.parse::<serde_yaml::Value>().unwrap_err();
        assert_eq!(err.code, Code::TabIndentation);
        assert_eq!(err.location.unwrap().span, 3..4);
    }

    #[test]
    fn finds_whole_words_only() {
        let source = file("para: item-1\npara: item-10\n");
        assert_eq!(source.find_word("item-1", 0), Some(6..12));
        assert_eq!(source.find_word("item-1", 1), None);
    }
}
