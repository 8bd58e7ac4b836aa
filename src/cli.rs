//! The command line, as clap types. Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::build::{BuildOptions, Marks};
use crate::render::{FORMATS, Format};

/// Builds official ITU meeting documents kept as YAML into Markdown, HTML, PDF and Word in the six ITU
/// languages (Arabic, Chinese, English, French, Russian, Spanish).
#[derive(Debug, Parser)]
#[command(name = "agendoc", version, propagate_version = true)]
pub struct Cli {
    /// Run as if started in DIR: the project is the nearest folder from DIR up holding
    /// agendoc.toml; default: the current folder.
    #[arg(
        short = 'C',
        long = "project",
        global = true,
        value_name = "DIR",
        default_value = "."
    )]
    pub project: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a project in DIR: agendoc.toml, an example document that builds at once, and the
    /// JSON Schemas for editor completion.
    ///
    /// Templates, locale data and fonts stay built into agendoc; `agendoc eject` copies one out.
    Init {
        /// The folder to make the project in (created if missing); default: the current folder.
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// The languages the project publishes in, comma-separated (e.g. en,fr,zh); default:
        /// all six.
        #[arg(long, value_delimiter = ',', value_name = "LANG,…")]
        languages: Vec<String>,
    },
    /// Add a document to agenda/: NAME/document.yaml and its text in the project's languages.
    New {
        /// The document's name: its folder in agenda/ and its output files' name.
        name: String,
        /// What to start from.
        #[arg(long, value_enum, default_value = "report")]
        kind: crate::cmd::new::Starter,
    },
    /// Copy built-in templates, locale data or fonts into the project to edit them.
    ///
    /// A file in the project's templates/, locales/ or fonts/ replaces the built-in file of the
    /// same name; delete it to return to the default.
    Eject {
        /// Files or folders to copy, e.g. templates/council.typ, locales/fr.yaml, templates/report;
        /// default: every template and locale file.
        #[arg(value_name = "FILE")]
        files: Vec<String>,
        /// List every built-in file and whether the project replaces it.
        #[arg(long, conflicts_with = "files")]
        list: bool,
        /// Overwrite files of the project that differ from the built-in ones.
        #[arg(long)]
        force: bool,
    },
    /// Build documents into output/<lang>/<name>.{md,html,pdf} and output/manifest.json.
    ///
    /// Every number, date and name is computed from agenda/. Nothing is written unless the whole
    /// build succeeds; files whose content did not change are left untouched.
    Build(BuildArgs),
    /// Build, serve output/ on 127.0.0.1 and rebuild on every save; open pages reload themselves.
    Serve(ServeArgs),
    /// Check agenda/ for every error and warning without writing anything.
    Check(CheckArgs),
    /// Translation workflow: status of every language, accepting reviewed translations.
    #[command(subcommand)]
    I18n(I18nCommand),
    /// Re-hash output/ against output/manifest.json; exit 1 on any difference.
    Verify(VerifyArgs),
    /// Print each document's changes since a git revision, per language, for review.
    ///
    /// Deletions are red and struck through, insertions green and underlined; without colour
    /// (not a terminal, or NO_COLOR set) they are written `[-…-]` and `{+…+}`.
    Diff(DiffArgs),
    /// Write the JSON Schemas of the YAML files (for editor completion) to agenda/schema/.
    Schema {
        /// Folder to write to; default: <project>/agenda/schema.
        #[arg(long = "out", value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Print a shell completion script: `agendoc completions bash > /etc/bash_completion.d/agendoc`.
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff): `agendoc man > agendoc.1`.
    Man,
    /// Explain a diagnostic code, e.g. `agendoc explain E0003`.
    Explain {
        /// A code (E0003) or name (unknown-reference); omit to list all.
        code: Option<String>,
    },
}

/// Which documents and languages a command works on.
#[derive(Debug, Clone, Args)]
pub struct Selection {
    /// Documents to work on (folder names of agenda/); default: all.
    #[arg(value_name = "DOCUMENT")]
    pub documents: Vec<String>,
    /// A language to work on (ar, zh, en, fr, ru, es); repeatable; default: all six.
    #[arg(long = "lang", value_name = "LANG")]
    pub languages: Vec<String>,
}

#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// A format to write; repeatable; default: md, html, pdf and docx (typ writes the PDF's Typst source).
    #[arg(long = "format", value_name = "FORMAT", value_parser = format_names())]
    pub formats: Vec<String>,
    /// Output folder; default: <project>/output.
    #[arg(long = "out", value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Fail on any missing or stale translation instead of showing the original, marked.
    #[arg(long)]
    pub strict: bool,
    /// Render and rewrite every output, even those whose inputs did not change.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub marks: MarksArgs,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Change marks of a revision.
#[derive(Debug, Clone, Args)]
pub struct MarksArgs {
    /// Mark every change since this git revision (tag, branch, commit), overriding a
    /// document's `issue: against`.
    #[arg(long, value_name = "REF", conflicts_with = "clean")]
    pub against: Option<String>,
    /// No change marks, even where a document's `issue:` names an `against:` revision.
    #[arg(long)]
    pub clean: bool,
}

impl MarksArgs {
    pub fn marks(&self) -> Marks {
        match (&self.against, self.clean) {
            (_, true) => Marks::Clean,
            (Some(reference), false) => Marks::Against(reference.clone()),
            (None, false) => Marks::AsDocumentsSay,
        }
    }
}

impl BuildArgs {
    /// What the library's build needs from these arguments.
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            documents: self.selection.documents.clone(),
            languages: self.selection.languages.clone(),
            formats: self
                .formats
                .iter()
                .filter_map(|name| Format::named(name))
                .collect(),
            out: self.out.clone(),
            strict: self.strict,
            force: self.force,
            dry_run: false,
            marks: self.marks.marks(),
        }
    }
}

/// The `--format` values, from the renderers' registry.
fn format_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        FORMATS
            .iter()
            .map(|format| PossibleValue::new(format.name).help(format.about)),
    )
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub build: BuildArgs,
    /// Port on 127.0.0.1; the next free one is used if it is taken.
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
}

#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// The git revision (tag, branch, commit) to compare with.
    #[arg(long, value_name = "REF", required = true)]
    pub against: String,
    /// Exit 1 when there are changes, 0 when there are none (as `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// Treat missing and stale translations as errors.
    #[arg(long)]
    pub strict: bool,
    /// How to print diagnostics.
    #[arg(long = "format", value_enum, default_value = "human")]
    pub output: DiagnosticFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    /// Source snippets with a caret, for people.
    Human,
    /// One JSON object per line (file, line, column, severity, code, message), for CI.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum I18nCommand {
    /// Entries translated, missing and stale, per document and language.
    Status {
        #[command(flatten)]
        selection: Selection,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Export one language for a CAT tool: every entry with original, translation, location, state.
    Export {
        #[arg(long = "lang", value_name = "LANG")]
        lang: String,
        #[arg(long = "format", value_enum)]
        format: ExchangeFormat,
        /// The document (folder name of agenda/); default: the only one.
        #[arg(long = "document", value_name = "DOCUMENT")]
        document: Option<String>,
        /// Output file; default: standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Import an XLIFF or PO file back into text/<lang>.yaml; refuses broken placeholders or markup.
    Import {
        /// The .xlf/.xliff or .po file.
        file: PathBuf,
        /// Refuse the file unless it is for this language.
        #[arg(long = "lang", value_name = "LANG")]
        lang: Option<String>,
    },
    /// Write a side-by-side review page: original and translation, stale and missing highlighted.
    Review {
        #[arg(long = "lang", value_name = "LANG")]
        lang: String,
        #[arg(long = "document", value_name = "DOCUMENT")]
        document: Option<String>,
        /// Output file; default: output/<lang>/<name>.review.html.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Mark translations as reviewed against the current original (records its fingerprints).
    Accept {
        /// The language whose translations were reviewed.
        #[arg(long = "lang", value_name = "LANG")]
        lang: String,
        /// The document (folder name of agenda/); default: the only one.
        #[arg(long = "document", value_name = "DOCUMENT")]
        document: Option<String>,
        /// Entry ids to accept; default: every entry the translation has.
        ids: Vec<String>,
    },
}

/// File formats of the translation exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExchangeFormat {
    /// XLIFF 2.0 (OASIS), for Trados, memoQ, OmegaT.
    Xliff,
    /// gettext PO, for Weblate, Pontoon, Poedit.
    Po,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Output folder; default: <project>/output.
    #[arg(long = "out", value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
