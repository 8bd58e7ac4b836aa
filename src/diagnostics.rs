//! Problems in the input, reported the way an editor can act on them.
//!
//! Every stage of the pipeline reports what is wrong with the YAML, the text or the templates as a
//! [`Diagnostic`]: a stable [`Code`], a one-line message, the file and byte range it points at and,
//! where there is one, a hint. Stages collect diagnostics instead of stopping at the first, so one
//! `agendoc check` shows everything. Printing goes through codespan-reporting (source line and
//! caret, colour only on a terminal and never with `NO_COLOR`) or, for CI annotations, JSON.
//!
//! Internal failures (a full disk, a bug) are not diagnostics: they travel as `anyhow::Error`.

use std::io::IsTerminal;
use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;

/// Every kind of input problem, with the code and name that the README and `agendoc explain`
/// document. Codes never change meaning; new kinds get new codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Code {
    InvalidYaml,
    TabIndentation,
    UnknownReference,
    UnknownField,
    MissingField,
    DuplicateId,
    BadDate,
    UnknownFact,
    UnknownTerm,
    TemplateError,
    MissingTranslation,
    StaleTranslation,
    MissingGlyph,
    InvalidValue,
    InvalidEncoding,
    UnknownLanguage,
    LayoutError,
    GlossaryVariant,
    DateContradiction,
}

impl Code {
    /// All codes, in order, for `agendoc explain` and the README table.
    pub const ALL: [Code; 19] = [
        Code::InvalidYaml,
        Code::TabIndentation,
        Code::UnknownReference,
        Code::UnknownField,
        Code::MissingField,
        Code::DuplicateId,
        Code::BadDate,
        Code::UnknownFact,
        Code::UnknownTerm,
        Code::TemplateError,
        Code::MissingTranslation,
        Code::StaleTranslation,
        Code::MissingGlyph,
        Code::InvalidValue,
        Code::InvalidEncoding,
        Code::UnknownLanguage,
        Code::LayoutError,
        Code::GlossaryVariant,
        Code::DateContradiction,
    ];

    /// The stable code, e.g. `E0003`; warnings are `W…`.
    pub fn id(self) -> &'static str {
        match self {
            Code::InvalidYaml => "E0001",
            Code::TabIndentation => "E0002",
            Code::UnknownReference => "E0003",
            Code::UnknownField => "E0004",
            Code::MissingField => "E0005",
            Code::DuplicateId => "E0006",
            Code::BadDate => "E0007",
            Code::UnknownFact => "E0008",
            Code::UnknownTerm => "E0009",
            Code::TemplateError => "E0010",
            Code::MissingTranslation => "E0011",
            Code::StaleTranslation => "E0012",
            Code::MissingGlyph => "E0013",
            Code::InvalidValue => "E0014",
            Code::InvalidEncoding => "E0015",
            Code::UnknownLanguage => "E0016",
            Code::LayoutError => "E0017",
            Code::GlossaryVariant => "W0001",
            Code::DateContradiction => "W0002",
        }
    }

    /// The kebab-case name shown next to the code.
    pub fn name(self) -> &'static str {
        match self {
            Code::InvalidYaml => "invalid-yaml",
            Code::TabIndentation => "tab-indentation",
            Code::UnknownReference => "unknown-reference",
            Code::UnknownField => "unknown-field",
            Code::MissingField => "missing-field",
            Code::DuplicateId => "duplicate-id",
            Code::BadDate => "bad-date",
            Code::UnknownFact => "unknown-fact",
            Code::UnknownTerm => "unknown-term",
            Code::TemplateError => "template-error",
            Code::MissingTranslation => "missing-translation",
            Code::StaleTranslation => "stale-translation",
            Code::MissingGlyph => "missing-glyph",
            Code::InvalidValue => "invalid-value",
            Code::InvalidEncoding => "invalid-encoding",
            Code::UnknownLanguage => "unknown-language",
            Code::LayoutError => "layout-error",
            Code::GlossaryVariant => "glossary-variant",
            Code::DateContradiction => "date-contradiction",
        }
    }

    /// What the problem means and how to fix it, for `agendoc explain`.
    pub fn explanation(self) -> &'static str {
        match self {
            Code::InvalidYaml => {
                "The file is not valid YAML: a missing colon, an unclosed quote, a bad indent. \
                 Fix the line shown; text containing `: ` or starting with `{` must be quoted."
            }
            Code::TabIndentation => {
                "YAML indents with spaces only. Replace the tab characters at the start of the line \
                 with spaces."
            }
            Code::UnknownReference => {
                "`{{ ref('id') }}` names an id that no section, paragraph, part, item or annex has. \
                 Check the spelling against document.yaml."
            }
            Code::UnknownField => {
                "A key that agendoc does not know, usually a typo (`tilte` for `title`). The hint \
                 names the closest known key."
            }
            Code::MissingField => "A required key is absent. Add it as the message says.",
            Code::DuplicateId => {
                "Two nodes of document.yaml share one id. Ids name text entries and anchors, so \
                 each must be unique: rename one."
            }
            Code::BadDate => {
                "A fact's date is not a real calendar date in ISO form (YYYY-MM-DD, or YYYY-MM for \
                 a month), or a range ends before it starts."
            }
            Code::UnknownFact => {
                "`date('…')`, `dates('…')`, `month('…')`, `city('…')` or `country('…')` names a fact \
                 that document.yaml does not define, or the fact lacks what was asked (a range, a city)."
            }
            Code::UnknownTerm => {
                "`term('…')` names an id missing from the language's glossary (`terms:` in \
                 agenda/locales/<lang>.yaml). Add the term to every locale or fix the id."
            }
            Code::TemplateError => {
                "A text entry or template could not be rendered: a syntax error in `{{ … }}`, an \
                 unknown function or variable, or a loop that ran out of fuel."
            }
            Code::MissingTranslation => {
                "A text entry exists in the original language but not in this translation. The \
                 build shows the original, marked; `--strict` refuses it."
            }
            Code::StaleTranslation => {
                "The original text changed since this translation was made (its fingerprint in \
                 `translated-from:` differs). Review the translation, then run \
                 `agendoc i18n accept --lang <lang> <id>`."
            }
            Code::MissingGlyph => {
                "The PDF fonts for this language have no glyph for a character of the text: it \
                 would print as an empty box. Replace the character or add a font that covers it."
            }
            Code::InvalidValue => {
                "A key has a value of the wrong kind (a list where text was expected, …)."
            }
            Code::InvalidEncoding => "The file is not valid UTF-8. Save it as UTF-8.",
            Code::UnknownLanguage => {
                "A language code with no locale file in agenda/locales/, or a text file whose `lang:` \
                 does not match its file name."
            }
            Code::LayoutError => {
                "The Typst layout template failed on this document. The message comes from Typst."
            }
            Code::GlossaryVariant => {
                "The text spells a glossary name in a way the glossary lists under `avoid:`. Use \
                 `{{ term('…') }}` instead."
            }
            Code::DateContradiction => {
                "The text writes a date by hand that is not one of the document's facts. Add the \
                 date to `facts:` and use `{{ date('…') }}`, so that it is shared by every language."
            }
        }
    }

    /// Looks a code up by `E0003` or by `unknown-reference`.
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL
            .into_iter()
            .find(|code| code.id().eq_ignore_ascii_case(text) || code.name() == text)
    }

    fn is_warning(self) -> bool {
        self.id().starts_with('W')
    }
}

/// Whether a diagnostic stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the input.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub location: Option<Location>,
    pub hint: Option<String>,
}

/// Where a diagnostic points: a file of the project and a byte range in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub span: Range<usize>,
}

impl Diagnostic {
    /// An error, or a warning for the `W…` codes.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        let severity = if code.is_warning() {
            Severity::Warning
        } else {
            Severity::Error
        };
        Diagnostic {
            severity,
            code,
            message: message.into(),
            location: None,
            hint: None,
        }
    }

    pub fn at(mut self, file: &Path, span: Range<usize>) -> Self {
        self.location = Some(Location {
            file: file.to_path_buf(),
            span,
        });
        self
    }

    pub fn at_opt(self, location: Option<Location>) -> Self {
        match location {
            Some(location) => self.at(&location.file, location.span),
            None => self,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Suggests the closest of `candidates` to a misspelt `word`, for "did you mean" hints.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// A "did you mean" hint, if a close candidate exists.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(|best| format!("did you mean `{best}`?"))
}

/// Line and column (both 1-based, column in characters) of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Prints diagnostics for humans (codespan-reporting) or machines (JSON lines).
pub struct Printer {
    root: PathBuf,
    json: bool,
}

impl Printer {
    /// `root` is the project folder: files are shown relative to it.
    pub fn new(root: &Path, json: bool) -> Self {
        Printer {
            root: root.to_path_buf(),
            json,
        }
    }

    pub fn print(&self, diagnostics: &[Diagnostic]) {
        if self.json {
            for diagnostic in diagnostics {
                println!("{}", self.to_json(diagnostic));
            }
            return;
        }
        let color = if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
            || !std::io::stderr().is_terminal()
        {
            termcolor::ColorChoice::Never
        } else {
            termcolor::ColorChoice::Auto
        };
        let stream = termcolor::StandardStream::stderr(color);
        let config = term::Config::default();
        for diagnostic in diagnostics {
            let (files, report) = self.report(diagnostic);
            let _ = term::emit_to_write_style(&mut stream.lock(), &config, &files, &report);
        }
    }

    /// The diagnostics as plain text, as the terminal shows them without colour.
    pub fn render_plain(&self, diagnostics: &[Diagnostic]) -> String {
        let config = term::Config::default();
        let mut out = String::new();
        for diagnostic in diagnostics {
            let (files, report) = self.report(diagnostic);
            let _ = term::emit_to_string(&mut out, &config, &files, &report);
        }
        out
    }

    fn report(&self, diagnostic: &Diagnostic) -> (SimpleFiles<String, String>, Report<usize>) {
        let mut files = SimpleFiles::new();
        let mut report = match diagnostic.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        }
        .with_code(format!(
            "{} {}",
            diagnostic.code.id(),
            diagnostic.code.name()
        ))
        .with_message(&diagnostic.message);
        if let Some(location) = &diagnostic.location {
            let shown = self.display_path(&location.file);
            let text = std::fs::read(&location.file)
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_default();
            let start = floor_char_boundary(&text, location.span.start.min(text.len()));
            let end = floor_char_boundary(&text, location.span.end.clamp(start, text.len()));
            let file = files.add(shown, text);
            report = report.with_labels(vec![Label::primary(file, start..end)]);
        }
        if let Some(hint) = &diagnostic.hint {
            report = report.with_notes(vec![format!("hint: {hint}")]);
        }
        (files, report)
    }

    fn display_path(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }

    fn to_json(&self, diagnostic: &Diagnostic) -> String {
        #[derive(Serialize)]
        struct Json<'a> {
            file: Option<String>,
            line: Option<usize>,
            column: Option<usize>,
            severity: Severity,
            code: &'static str,
            name: &'static str,
            message: &'a str,
            hint: Option<&'a str>,
        }
        let (file, line, column) = match &diagnostic.location {
            Some(location) => {
                let text = std::fs::read(&location.file)
                    .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                    .unwrap_or_default();
                let (line, column) = line_column(&text, location.span.start);
                (
                    Some(self.display_path(&location.file)),
                    Some(line),
                    Some(column),
                )
            }
            None => (None, None, None),
        };
        serde_json::to_string(&Json {
            file,
            line,
            column,
            severity: diagnostic.severity,
            code: diagnostic.code.id(),
            name: diagnostic.code.name(),
            message: &diagnostic.message,
            hint: diagnostic.hint.as_deref(),
        })
        .expect("diagnostics serialize")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "a: 1\nb: 基加利 x\n";
        let offset = text.find('x').unwrap();
        assert_eq!(line_column(text, offset), (2, 8));
        assert_eq!(line_column(text, 0), (1, 1));
    }

    #[test]
    fn codes_are_unique_and_parse_back() {
        for code in Code::ALL {
            assert_eq!(Code::parse(code.id()), Some(code));
            assert_eq!(Code::parse(code.name()), Some(code));
        }
    }

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(closest("tilte", ["title", "summary"]), Some("title"));
        assert_eq!(closest("zzz", ["title", "summary"]), None);
    }
}
