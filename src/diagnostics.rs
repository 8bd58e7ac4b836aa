//! Problems in the input, reported the way an editor can act on them.
//!
//! Every stage of the pipeline reports what is wrong with the YAML, the text or the templates as a
//! [`Diagnostic`]: a stable [`Code`], a one-line message, the file and byte range it points at and,
//! where there is one, a hint. Stages collect diagnostics instead of stopping at the first, so one
//! `agendoc check` shows everything. Printing goes through codespan-reporting over the run's
//! [`SourceMap`] (source line and caret, colour only on a terminal and never with `NO_COLOR`) or,
//! for CI annotations, JSON lines; no file is read again to print it.
//!
//! Internal failures (a full disk, a bug) are not diagnostics: they travel as `anyhow::Error`.

use std::io::IsTerminal;
use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;

use crate::source::{SourceMap, SourceView};

/// Declares the diagnostic codes once: the enum, its table and every lookup come from one list,
/// so a new code cannot be left out of `agendoc explain` or the tests that walk the table.
macro_rules! codes {
    ($($variant:ident = $id:literal $name:literal $explanation:literal,)*) => {
        /// Every kind of input problem, with the code and name that the README and
        /// `agendoc explain` document. Codes never change meaning; new kinds get new codes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            /// All codes, in order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable code, e.g. `E0003`; warnings are `W…`.
            pub fn id(self) -> &'static str {
                match self { $(Code::$variant => $id,)* }
            }

            /// The kebab-case name shown next to the code.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// What the problem means and how to fix it, for `agendoc explain`.
            pub fn explanation(self) -> &'static str {
                match self { $(Code::$variant => $explanation,)* }
            }
        }
    };
}

codes! {
    InvalidYaml = "E0001" "invalid-yaml"
        "The file is not valid YAML: a missing colon, an unclosed quote, a bad indent. Fix the \
         line shown; text containing `: ` or starting with `{` must be quoted.",
    TabIndentation = "E0002" "tab-indentation"
        "YAML indents with spaces only. Replace the tab characters at the start of the line with \
         spaces.",
    UnknownReference = "E0003" "unknown-reference"
        "`{{ ref('id') }}` names an id that no section, paragraph, part, item or annex has, or a \
         text entry belongs to no node. Check the spelling against document.yaml.",
    UnknownField = "E0004" "unknown-field"
        "A key that agendoc does not know, usually a typo (`tilte` for `title`). The hint names \
         the closest known key.",
    MissingField = "E0005" "missing-field"
        "A required key is absent. Add it as the message says.",
    DuplicateId = "E0006" "duplicate-id"
        "Two nodes of document.yaml share one id, or a mapping repeats a key. Ids name text \
         entries and anchors, so each must be unique: rename one.",
    BadDate = "E0007" "bad-date"
        "A fact's date is not a real calendar date in ISO form (YYYY-MM-DD, or YYYY-MM for a \
         month), or a range ends before it starts.",
    UnknownFact = "E0008" "unknown-fact"
        "`date('…')`, `dates('…')`, `month('…')`, `city('…')` or `country('…')` names a fact that \
         document.yaml does not define, or the fact lacks what was asked (a range, a city).",
    UnknownTerm = "E0009" "unknown-term"
        "`term('…')` names an id missing from the language's glossary (`terms:` in \
         agenda/locales/<lang>.yaml). Add the term to every locale or fix the id.",
    TemplateError = "E0010" "template-error"
        "A text entry or template could not be rendered: a syntax error in `{{ … }}`, an unknown \
         function or variable, or a loop that ran out of fuel.",
    MissingTranslation = "E0011" "missing-translation"
        "A text entry exists in the original language but not in this translation. The build \
         shows the original, marked; `--strict` refuses it.",
    StaleTranslation = "E0012" "stale-translation"
        "The original text changed since this translation was made (its fingerprint in \
         `translated-from:` differs). Review the translation, then run \
         `agendoc i18n accept --lang <lang> <id>`.",
    MissingGlyph = "E0013" "missing-glyph"
        "The PDF fonts for this language have no glyph for a character of the text: it would \
         print as an empty box. Replace the character or add a font that covers it.",
    InvalidValue = "E0014" "invalid-value"
        "A key has a value of the wrong kind (a list where text was expected, …) or a value \
         agendoc cannot use (an id with spaces, an entry over 64 KiB).",
    InvalidEncoding = "E0015" "invalid-encoding"
        "The file is not valid UTF-8. Save it as UTF-8.",
    UnknownLanguage = "E0016" "unknown-language"
        "A language code with no locale file in agenda/locales/, or a text file whose `lang:` \
         does not match its file name.",
    LayoutError = "E0017" "layout-error"
        "The Typst layout template failed on this document. The message comes from Typst.",
    DuplicateCode = "E0018" "duplicate-code"
        "Two agenda items get the same code: a `numbering:` pattern that does not use `{n}`, or \
         a pinned `code:` equal to a computed one. Codes name items in references and in the \
         session's records, so each must be unique.",
    BadSymbol = "E0019" "bad-symbol"
        "A document symbol (`documents:` of an agenda item) matches none of the project's symbol \
         patterns (`[[symbols]]` in agendoc.toml), so it cannot be linked. Fix the symbol or add \
         a pattern.",
    UnreviewedTranslation = "E0020" "unreviewed-translation"
        "A translation that was never accepted: `translated-from:` records no fingerprint of the \
         original it was made from (it was typed in by hand, or imported as fuzzy / initial), so \
         nothing says whether it matches the current original. Review it, then run \
         `agendoc i18n accept --lang <lang> <id>`. The build shows it, unmarked; `--strict` \
         refuses it.",
    MissingForm = "E0021" "missing-form"
        "A text asks for a grammatical form of a glossary term (`{{ term('id', 'du') }}`, \
         `{{ country('fact', 'gen') }}`) that the language cannot make for that term: the term \
         writes no such form under its `forms:`, and the locale's rule of that name under the \
         top-level `forms:` is missing, lists none of the term's `features:` and has no `other`, \
         or fills a pattern with a form the term does not write out (`\"в {prep}\"` needs \
         `forms: { prep: … }`). Add the form or the feature to the term, or the rule, in \
         agenda/locales/<lang>.yaml.",
    BadMarkup = "E0022" "bad-markup"
        "An entry's inline markup (a document with `markup: inline`) does what the subset cannot: \
         a link to something that is neither a web address (https://, http://, mailto:) nor a \
         document symbol the project's rules know, a footnote reference `[^id]` to no footnote \
         of `footnotes:`, a footnote placed twice or never, or a footnote inside a footnote. \
         Anything else outside the subset prints as typed; `\\[` writes a literal bracket.",
    BadRevision = "E0023" "bad-revision"
        "Change marks could not be made against the earlier state named by `issue: against` or \
         `--against`: git knows no such revision (in a shallow clone, fetch it first), the \
         document did not exist there, the project is not in a git repository, or the issue \
         number is not later than the one that state already holds (a revision 1 against a \
         revision 2). Name another revision, or build with `--clean` for no marks.",
    GlossaryVariant = "W0001" "glossary-variant"
        "The text spells a glossary name in a way the glossary lists under `avoid:`. Use \
         `{{ term('…') }}` instead.",
    DateContradiction = "W0002" "date-contradiction"
        "The text writes a date by hand that is not one of the document's facts. Add the date \
         to `facts:` and use `{{ date('…') }}`, so that it is shared by every language.",
    PlaceholderMismatch = "W0003" "placeholder-mismatch"
        "A translated entry does not have the placeholders of the original entry: it drops a \
         name, date or reference that the original computes (written out by hand, it no longer \
         follows the facts), or adds one. Placeholders are compared by function and first \
         argument, so `{{ country('wtdc', 'du') }}` stands for `{{ country('wtdc') }}`. If the \
         difference is wanted, say why under `differs:` in the text file \
         (`differs: { <entry id>: \"<reason>\" }`): it is then shown as a note. A reason for an \
         entry that does not differ is itself flagged, so reasons do not outlive their cause.",
}

impl Code {
    /// Looks a code up by `E0003` or by `unknown-reference`.
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
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
    /// Something known and explained (a difference a text gives a reason for): shown, never
    /// counted as a problem.
    Note,
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

impl Location {
    pub fn new(file: &Path, span: Range<usize>) -> Location {
        Location {
            file: file.to_path_buf(),
            span,
        }
    }
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
        self.location = Some(Location::new(file, span));
        self
    }

    /// Sets the location unless it is unknown; an earlier, more precise one is replaced only by
    /// a known one.
    pub fn at_opt(mut self, location: Option<Location>) -> Self {
        if location.is_some() {
            self.location = location;
        }
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_hint_opt(self, hint: Option<String>) -> Self {
        match hint {
            Some(hint) => self.with_hint(hint),
            None => self,
        }
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Counts of errors and warnings, for closing lines; notes are neither.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let of = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    (of(Severity::Error), of(Severity::Warning))
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

    pub fn print(&self, diagnostics: &[Diagnostic], sources: &SourceMap) {
        if self.json {
            for diagnostic in diagnostics {
                println!("{}", self.to_json(diagnostic, sources));
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
        let view = sources.view(&self.root);
        let config = term::Config::default();
        for diagnostic in diagnostics {
            let report = self.report(diagnostic, &view);
            let _ = term::emit_to_write_style(&mut stream.lock(), &config, &view, &report);
        }
    }

    /// The diagnostics as plain text, as the terminal shows them without colour.
    pub fn render_plain(&self, diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
        let view = sources.view(&self.root);
        let config = term::Config::default();
        let mut out = String::new();
        for diagnostic in diagnostics {
            let report = self.report(diagnostic, &view);
            let _ = term::emit_to_string(&mut out, &config, &view, &report);
        }
        out
    }

    fn report(&self, diagnostic: &Diagnostic, view: &SourceView) -> Report<usize> {
        let mut report = match diagnostic.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
            Severity::Note => Report::note(),
        }
        .with_code(format!(
            "{} {}",
            diagnostic.code.id(),
            diagnostic.code.name()
        ))
        .with_message(&diagnostic.message);
        if let Some(location) = &diagnostic.location {
            let (file, span) = view.locate(location);
            report = report.with_labels(vec![Label::primary(file, span)]);
        }
        if let Some(hint) = &diagnostic.hint {
            report = report.with_notes(vec![format!("hint: {hint}")]);
        }
        report
    }

    fn to_json(&self, diagnostic: &Diagnostic, sources: &SourceMap) -> String {
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
                let (line, column) = sources
                    .get(&location.file)
                    .map_or((1, 1), |file| file.line_column(location.span.start));
                (
                    Some(crate::source::display_path(&self.root, &location.file)),
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
    fn codes_are_unique_and_parse_back() {
        let mut ids: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), Code::ALL.len(), "two codes share an id");
        for &code in Code::ALL {
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
