//! PDF through the typst crate, in-process.
//!
//! The `.typ` template (see [`super::typ`]) turns the [`ResolvedDocument`] into Typst markup
//! (every text escaped as a string literal), and Typst lays it out with the layout library in
//! `templates/council.typ`. [`PdfEngine`] is loaded once per run: the fonts (built in, or the
//! project's own `fonts/`), the font book, the standard library and the template files. Each
//! compilation gets a small [`CompileWorld`] over that engine, so languages compile in parallel
//! threads sharing everything.
//!
//! The world is closed: files come only from the loaded templates (per-language overrides
//! first), packages are refused, and `today()` is the document's date, so the same sources give
//! the same bytes.
//! Typst does not report missing glyphs (an unknown font is a warning, a missing character a
//! silent box), so [`PdfEngine::check_glyphs`] checks every character against the language's fonts
//! first, and font warnings are errors.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Result;
use typst::diag::{FileError, FileResult, PackageError, Severity as TypstSeverity};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::{Format, RenderContext, Renderer, Setup};
use crate::defaults::Folder;
use crate::diagnostics::{Code, Diagnostic, Location, Severity};
use crate::project::Project;
use crate::resolve::ResolvedDocument;
use crate::template::{TemplateChain, Templates};

pub const FORMAT: Format = Format {
    name: "pdf",
    extension: "pdf",
    default: true,
    about: "PDF/A-2b, tagged, laid out by Typst with agendoc's fonts (or the project's fonts/)",
    load,
};

/// A file of fonts/ from which Typst reads no face: left out silently, its text would print in
/// another face of the family or as boxes. An input error, not agendoc's failure.
#[derive(Debug)]
pub struct UnreadableFont(pub PathBuf);

impl std::fmt::Display for UnreadableFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} holds no font Typst can read", self.0.display())
    }
}

impl std::error::Error for UnreadableFont {}

impl UnreadableFont {
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::new(Code::MissingGlyph, self.to_string())
            .at(&self.0, 0..0)
            .with_hint(
                "replace it with an intact TrueType or OpenType file, or remove it from fonts/",
            )
    }
}

fn load(setup: &Setup) -> anyhow::Result<Box<dyn Renderer>> {
    Ok(Box::new(PdfRenderer {
        engine: PdfEngine::load(setup.project, setup.templates)?,
    }))
}

struct PdfRenderer {
    engine: PdfEngine,
}

impl Renderer for PdfRenderer {
    fn render(
        &self,
        document: &ResolvedDocument,
        context: &RenderContext,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let glyphs = self.engine.check_glyphs(document);
        if !glyphs.is_empty() {
            return Err(glyphs);
        }
        let markup =
            super::typ::markup(document, context.templates, &context.chain).map_err(|d| vec![d])?;
        let template = context
            .templates
            .find(&context.chain, "document.typ")
            .unwrap_or_else(|| "templates/document.typ".to_string());
        self.engine
            .compile(markup, document, &template, &context.chain)
    }
}

/// Fonts, library and layout files, loaded once per run and shared by every compilation.
pub struct PdfEngine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    /// Template files by their path relative to the project (`templates/council.typ`).
    files: Arc<HashMap<String, Bytes>>,
    /// Where each template file is, to name the file a layout error is in.
    paths: Arc<HashMap<String, PathBuf>>,
}

impl PdfEngine {
    /// Loads every font the project uses (its own `fonts/` and the built-in ones it does not
    /// replace); layout files come from the already loaded templates.
    pub fn load(project: &Project, templates: &Templates) -> Result<PdfEngine> {
        let mut fonts = Vec::new();
        for file in project.layered(Folder::Fonts)? {
            let before = fonts.len();
            fonts.extend(Font::iter(Bytes::new(file.bytes)));
            if fonts.len() == before {
                return Err(UnreadableFont(file.path).into());
            }
        }
        anyhow::ensure!(!fonts.is_empty(), "agendoc was built without fonts");
        let files = templates
            .files()
            .map(|(name, text)| (name.to_string(), Bytes::from_string(text.to_string())))
            .collect();
        Ok(PdfEngine {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            paths: Arc::new(
                templates
                    .files()
                    .map(|(name, _)| (name.to_string(), templates.path(name)))
                    .collect(),
            ),
            files: Arc::new(files),
        })
    }

    /// Where the template file `name` is.
    fn path(&self, name: &str) -> PathBuf {
        self.paths
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    }

    /// Family names of the loaded fonts, for diagnostics.
    fn families(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .fonts
            .iter()
            .map(|font| font.info().family.clone())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Every character of the document must have a glyph in one of the language's fonts.
    pub fn check_glyphs(&self, document: &ResolvedDocument) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let lower: Vec<String> = document.fonts.iter().map(|f| f.to_lowercase()).collect();
        let fonts: Vec<&Font> = self
            .fonts
            .iter()
            .filter(|font| lower.contains(&font.info().family.to_lowercase()))
            .collect();
        for family in &document.fonts {
            if !fonts
                .iter()
                .any(|font| font.info().family.eq_ignore_ascii_case(family))
            {
                problems.push(
                    Diagnostic::new(
                        Code::MissingGlyph,
                        format!("font `{family}` for `{}` is not in fonts/", document.lang),
                    )
                    .at_opt(document.fonts_location.clone())
                    .with_hint(format!("fonts available: {}", self.families().join(", "))),
                );
            }
        }
        let mut reported = BTreeSet::new();
        for shown in &document.shown {
            let text = &shown.text;
            for c in text.chars() {
                if c.is_whitespace()
                    || c.is_control()
                    || is_invisible_format(c)
                    || reported.contains(&c)
                {
                    continue;
                }
                if !fonts
                    .iter()
                    .any(|font| font.info().coverage.contains(c as u32))
                {
                    reported.insert(c);
                    let context: String = text.chars().take(40).collect();
                    let location = shown.locate(&c.to_string());
                    problems.push(
                        Diagnostic::new(
                            Code::MissingGlyph,
                            format!(
                                "character `{c}` (U+{:04X}) has no glyph in the PDF fonts of `{}` ({}), in “{context}…”",
                                c as u32,
                                document.lang,
                                document.fonts.join(", ")
                            ),
                        )
                        .at_opt(location)
                        .with_hint("replace the character, or add a font covering it to fonts/ and to `pdf-fonts:` in the locale"),
                    );
                }
            }
        }
        problems
    }

    /// Compiles generated Typst markup to PDF bytes; `template` is the template that made it,
    /// where errors in the markup are reported.
    pub fn compile(
        &self,
        markup: String,
        document: &ResolvedDocument,
        template: &str,
        chain: &TemplateChain,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let main_path = format!("/{}-{}.typ", document.name, document.lang);
        let main_id = file_id(&main_path)
            .map_err(|message| vec![Diagnostic::new(Code::LayoutError, message)])?;
        let today = parse_iso(&document.iso_date);
        let world = CompileWorld {
            engine: self,
            main: Source::new(main_id, markup),
            today,
            template,
            chain,
        };
        let warned = typst::compile::<PagedDocument>(&world);
        let mut problems: Vec<Diagnostic> = Vec::new();
        for warning in &warned.warnings {
            let is_font = warning.message.contains("font");
            let diagnostic = layout_diagnostic(&world, warning, &document.lang);
            problems.push(if is_font {
                diagnostic.with_severity(Severity::Error)
            } else {
                diagnostic.with_severity(Severity::Warning)
            });
        }
        let paged = match warned.output {
            Ok(paged) => paged,
            Err(errors) => {
                problems.extend(
                    errors
                        .iter()
                        .map(|error| layout_diagnostic(&world, error, &document.lang)),
                );
                return Err(problems);
            }
        };
        if problems.iter().any(Diagnostic::is_error) {
            return Err(problems);
        }
        let standards = PdfStandards::new(&[PdfStandard::A_2b]).map_err(|err| {
            vec![
                Diagnostic::new(
                    Code::LayoutError,
                    format!("PDF standard refused: {}", err.message()),
                )
                .at(&self.path(template), 0..0),
            ]
        })?;
        let options = PdfOptions {
            ident: Smart::Custom(format!("agendoc/{}/{}", document.name, document.lang)),
            timestamp: today.map(Timestamp::new_utc),
            standards,
            tagged: true,
            ..PdfOptions::default()
        };
        typst_pdf::pdf(&paged, &options).map_err(|errors| {
            errors
                .iter()
                .map(|error| layout_diagnostic(&world, error, &document.lang))
                .collect()
        })
    }
}

/// Zero-width characters that shape text but need no glyph of their own.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
}

/// A Typst diagnostic, located in the template file it happened in. An error in the generated
/// markup is a fault of the template that generated it (text cannot become code), so it points
/// at that template and quotes the generated line.
fn layout_diagnostic(
    world: &CompileWorld,
    diagnostic: &typst::diag::SourceDiagnostic,
    lang: &str,
) -> Diagnostic {
    let mut message = format!("Typst ({lang}): {}", diagnostic.message);
    let mut location = Location::new(&world.engine.path(world.template), 0..0);
    if let Some(id) = diagnostic.span.id()
        && let Ok(source) = world.source(id)
        && let Some(range) = world.range(diagnostic.span)
    {
        if id == world.main.id() {
            let snippet: String = source
                .text()
                .get(range)
                .unwrap_or_default()
                .chars()
                .take(60)
                .collect();
            message = format!("{message} (in the markup it generated: `{snippet}`)");
        } else if let Some(path) = world.find(id.get().vpath().get_without_slash()) {
            location = Location::new(&world.engine.path(&path), range);
        }
    }
    let mut out = Diagnostic::new(Code::LayoutError, message).at_opt(Some(location));
    if diagnostic.severity == TypstSeverity::Warning {
        out = out.with_severity(Severity::Warning);
    }
    if let Some(hint) = diagnostic.hints.first() {
        out = out.with_hint(hint.v.to_string());
    }
    out
}

fn parse_iso(text: &str) -> Option<Datetime> {
    let date = crate::model::Date::parse(text)?;
    Datetime::from_ymd(date.year, date.month, date.day)
}

fn file_id(path: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(path).map_err(|err| format!("bad path {path}: {err:?}"))?;
    Ok(FileId::new(RootedPath::new(VirtualRoot::Project, vpath)))
}

/// One compilation: the engine plus this document's main file and date.
struct CompileWorld<'a> {
    engine: &'a PdfEngine,
    main: Source,
    today: Option<Datetime>,
    /// The template the main file was made from.
    template: &'a str,
    /// Where imports are looked up.
    chain: &'a TemplateChain,
}

impl CompileWorld<'_> {
    /// The project path of `path` along the chain.
    fn find(&self, path: &str) -> Option<String> {
        self.chain
            .candidates(path)
            .find(|candidate| self.engine.files.contains_key(candidate))
    }

    /// A template file, looked up along the chain. Nothing outside the templates exists.
    fn template_file(&self, id: FileId) -> FileResult<Bytes> {
        let rooted = id.get();
        if let VirtualRoot::Package(spec) = rooted.root() {
            return Err(FileError::Package(PackageError::Other(Some(
                format!("{spec} cannot be imported: agendoc builds offline from templates/ only")
                    .into(),
            ))));
        }
        let path = rooted.vpath().get_without_slash();
        self.find(path)
            .and_then(|found| self.engine.files.get(&found))
            .cloned()
            .ok_or_else(|| {
                FileError::Other(Some(
                    format!("{path} is not a file of templates/ (access denied)").into(),
                ))
            })
    }
}

impl World for CompileWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let bytes = self.template_file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_string()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.template_file(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
