//! The templating stage: minijinja renders the text entries and the document templates.
//!
//! Two uses, one engine:
//! - **Text entries** (`text/<lang>.yaml`) and locale labels are small templates whose functions
//!   put computed values into the words: `term('kigali')`, `date('cl-19-33')`, `dates('wtdc')`,
//!   `month(…)`, `year(…)`, `city(…)`, `country(…)`, `ref('item-…')`, `quote(…)`. An unknown
//!   id is an error naming the entry, never an empty string. `term`, `city` and `country` take
//!   a grammatical form as a second argument (`country('wtdc', 'du')`: "du Rwanda"), made by
//!   [`crate::i18n::forms`]; a form the language cannot make is an error too (E0021). `date()` and `dates()` write in the
//!   style of the place the entry is shown in ([`DateStyle`]: running text, cover, table cell),
//!   which the caller passes; `style='…'` in the call overrides it.
//! - **Document templates** (`templates/`, with `templates/<lang>/` overriding per language) turn
//!   the resolved document into Markdown, Typst or an HTML page. They are read once per run.
//!   Escaping is automatic by extension: `.md` escapes for Markdown, `.typ` for Typst markup,
//!   `.html` for HTML; only values marked safe (the HTML body produced by pulldown-cmark) pass
//!   through.
//!
//! Both run with strict undefined behaviour and a fuel limit, so a typo or a template that loops
//! forever fails with a diagnostic instead of producing a wrong or endless document.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use minijinja::value::{Kwargs, Serde, Value};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};

use crate::diagnostics::{Code, Diagnostic, Location, did_you_mean};
use crate::escape;
use crate::i18n::numbers::Numbers;
use crate::i18n::{DateStyle, Locale, forms};
use crate::markup::{ChangeSyntax, Inline, Rich};
use crate::model::{Document, TextFile, When};
use crate::source::raw::{Markup, RawTerm};
use crate::source::{SourceFile, SourceMap};

/// How much work one text entry may do before it is stopped (a few hundred function calls).
const TEXT_FUEL: u64 = 20_000;
/// How much work one document template may do; generous for 5,000-item agendas.
const TEMPLATE_FUEL: u64 = 50_000_000;

/// A problem found by a template function, kept with enough to locate it in the entry.
#[derive(Debug, Clone)]
struct FunctionProblem {
    code: Code,
    message: String,
    /// What to point at in the entry, most precise first; the first found is shown.
    needles: Vec<String>,
    hint: Option<String>,
}

/// What the text functions see: one document in one language.
struct TextScope {
    document: Arc<Document>,
    locale: Arc<Locale>,
    numbers: Arc<Numbers>,
    problems: Mutex<Vec<FunctionProblem>>,
    /// Where the entry being rendered is shown, so its dates read as ITU writes them there.
    date_style: Mutex<DateStyle>,
}

impl TextScope {
    fn fail(&self, code: Code, message: String, needle: &str, hint: Option<String>) -> Error {
        self.fail_at(code, message, vec![needle.to_string()], hint)
    }

    fn fail_at(
        &self,
        code: Code,
        message: String,
        needles: Vec<String>,
        hint: Option<String>,
    ) -> Error {
        self.problems
            .lock()
            .expect("no panics while locked")
            .push(FunctionProblem {
                code,
                message: message.clone(),
                needles,
                hint,
            });
        Error::new(ErrorKind::InvalidOperation, message)
    }

    fn fact(&self, name: &str) -> Result<&crate::model::Fact, Error> {
        self.document.facts.get(name).ok_or_else(|| {
            self.fail(
                Code::UnknownFact,
                format!("unknown fact `{name}`"),
                name,
                did_you_mean(name, self.document.facts.keys().map(String::as_str))
                    .or_else(|| Some("facts are defined under `facts:` in document.yaml".into())),
            )
        })
    }

    fn when(&self, name: &str, wanted: &str) -> Result<When, Error> {
        self.fact(name)?.when.ok_or_else(|| {
            self.fail(
                Code::UnknownFact,
                format!("fact `{name}` has no date"),
                name,
                Some(format!("give it a date to use `{wanted}`")),
            )
        })
    }

    fn set_date_style(&self, style: DateStyle) {
        *self.date_style.lock().expect("no panics while locked") = style;
    }

    /// The style of the entry being rendered, or the one `style='…'` names.
    fn date_style(&self, name: &str, kwargs: &Kwargs) -> Result<DateStyle, Error> {
        let asked: Option<&str> = kwargs.get("style")?;
        kwargs.assert_all_used()?;
        match asked {
            None => Ok(*self.date_style.lock().expect("no panics while locked")),
            Some(asked) => DateStyle::from_name(asked).ok_or_else(|| {
                self.fail(
                    Code::InvalidValue,
                    format!("unknown date style `{asked}` for fact `{name}`"),
                    asked,
                    Some(format!(
                        "date styles: {}",
                        DateStyle::ALL.map(DateStyle::name).join(", ")
                    )),
                )
            }),
        }
    }

    /// The name of glossary term `id`, or its grammatical form `form`.
    fn term(&self, id: &str, form: Option<&str>) -> Result<String, Error> {
        let term = self.glossary_term(id)?;
        match form {
            None => Ok(term.name().to_string()),
            Some(form) => self.form(id, term, form, id, None),
        }
    }

    /// Form `form` of `term` (glossary id `id`), asked for by a call whose first argument is
    /// `argument`; `place` says which fact's city or country it is.
    fn form(
        &self,
        id: &str,
        term: &RawTerm,
        form: &str,
        argument: &str,
        place: Option<(&str, &str)>,
    ) -> Result<String, Error> {
        let lang = &self.locale.lang;
        forms::resolve(term, form, &self.locale.forms).map_err(|problem| {
            let whose = match place {
                Some((which, fact)) => format!("term `{id}` ({which} of fact `{fact}`)"),
                None => format!("term `{id}`"),
            };
            let fix = match &problem {
                forms::FormProblem::MissingForm { needed, .. } => format!(
                    "add `forms: {{ {needed}: \"…\" }}` to `{id}` in {}",
                    self.locale.file_to_edit
                ),
                _ => format!(
                    "add `forms: {{ {form}: \"…\" }}` to `{id}`, or a rule `{form}:` under \
                     `forms:`, or the right feature, in {}",
                    self.locale.file_to_edit
                ),
            };
            let needles = ["'", "\""]
                .into_iter()
                .flat_map(|quote| {
                    [
                        format!("{quote}{argument}{quote}, {quote}{form}{quote}"),
                        format!("{quote}{argument}{quote},{quote}{form}{quote}"),
                        format!("{quote}{form}{quote}"),
                    ]
                })
                .chain([argument.to_string()])
                .collect();
            self.fail_at(
                Code::MissingForm,
                format!(
                    "no form `{form}` of {whose} in `{lang}`: {}",
                    problem.reason(form)
                ),
                needles,
                Some(format!(
                    "{}; {fix}",
                    forms::offered(term, &self.locale.forms)
                )),
            )
        })
    }

    fn glossary_term(&self, id: &str) -> Result<&RawTerm, Error> {
        match self.locale.terms.get(id) {
            Some(term) => Ok(term),
            None => Err(self.fail(
                Code::UnknownTerm,
                format!("unknown term `{id}` in the `{}` glossary", self.locale.lang),
                id,
                did_you_mean(id, self.locale.terms.keys().map(String::as_str)).or_else(|| {
                    Some(format!(
                        "add it under `terms:` in {}",
                        self.locale.file_to_edit
                    ))
                }),
            )),
        }
    }

    /// The city or country (`which`) of fact `name`, or its grammatical form `form`.
    fn place(&self, name: &str, which: &str, form: Option<&str>) -> Result<String, Error> {
        let fact = self.fact(name)?;
        let term = if which == "city" {
            &fact.city
        } else {
            &fact.country
        };
        match (term, form) {
            (Some(id), None) => self.term(id, None),
            (Some(id), Some(form)) => {
                let term = self.glossary_term(id)?;
                self.form(id, term, form, name, Some((which, name)))
            }
            (None, _) => Err(self.fail(
                Code::UnknownFact,
                format!("fact `{name}` has no {which}"),
                name,
                Some(format!(
                    "add `{which}: <glossary id>` to the fact in document.yaml"
                )),
            )),
        }
    }
}

/// The name an entry with inline markup renders under, which turns its escaping on.
const INLINE_ENTRY: &str = "entry.inline";

/// Builds the environment text entries render in.
fn text_environment(scope: Arc<TextScope>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(TEXT_FUEL));
    env.set_recursion_limit(20);
    // An entry of a document with inline markup is read as Markdown after rendering: what a
    // placeholder gives (a name, a date) is escaped so that it stays text.
    env.set_auto_escape_callback(|name| match name {
        INLINE_ENTRY => AutoEscape::Custom("markdown".into()),
        _ => AutoEscape::None,
    });
    env.set_formatter(
        |out, state, value| match (state.auto_escape(), value.as_str()) {
            (AutoEscape::Custom(_), Some(text)) if !value.is_safe() => out
                .write_str(&escape::markdown(text))
                .map_err(|_| Error::new(ErrorKind::WriteFailure, "failed to write an entry")),
            _ => minijinja::escape_formatter(out, state, value),
        },
    );
    let s = scope.clone();
    env.add_function("term", move |id: &str, form: Option<&str>| s.term(id, form));
    let s = scope.clone();
    env.add_function("date", move |name: &str, kwargs: Kwargs| {
        let style = s.date_style(name, &kwargs)?;
        match s.when(name, "date")? {
            When::Date(date) => Ok(s.locale.dates.date(date, style)),
            When::Range(..) => Err(s.fail(
                Code::UnknownFact,
                format!("fact `{name}` is a range"),
                name,
                Some(format!("use `dates('{name}')`")),
            )),
            When::Month(_) => Err(s.fail(
                Code::UnknownFact,
                format!("fact `{name}` is a month"),
                name,
                Some(format!("use `month('{name}')`")),
            )),
        }
    });
    let s = scope.clone();
    env.add_function("dates", move |name: &str, kwargs: Kwargs| {
        let style = s.date_style(name, &kwargs)?;
        Ok(s.locale.dates.when(s.when(name, "dates")?, style))
    });
    let s = scope.clone();
    env.add_function("month", move |name: &str| match s.when(name, "month")? {
        When::Month(month) => Ok(s.locale.dates.month(month)),
        When::Date(date) | When::Range(date, _) => Ok(s.locale.dates.month(crate::model::Month {
            year: date.year,
            month: date.month,
        })),
    });
    let s = scope.clone();
    env.add_function("year", move |name: &str| match s.when(name, "year")? {
        When::Month(month) => Ok(month.year.to_string()),
        When::Date(date) | When::Range(date, _) => Ok(date.year.to_string()),
    });
    let s = scope.clone();
    env.add_function("city", move |name: &str, form: Option<&str>| {
        s.place(name, "city", form)
    });
    let s = scope.clone();
    env.add_function("country", move |name: &str, form: Option<&str>| {
        s.place(name, "country", form)
    });
    let s = scope.clone();
    env.add_function("ref", move |id: &str| match s.numbers.get(id) {
        Some(number) => number.reference.clone().ok_or_else(|| {
            s.fail(
                Code::UnknownReference,
                format!("`{id}` has no number to refer to"),
                id,
                Some("it is unnumbered (a bullet, an unnumbered item, a table): refer to its section or item instead".into()),
            )
        }),
        None => Err(s.fail(
            Code::UnknownReference,
            format!("unknown reference `{id}`"),
            id,
            did_you_mean(id, s.numbers.ids())
                .or_else(|| Some("ref() takes the id of a section, paragraph, lettered item, part, agenda item or annex".into())),
        )),
    });
    let s = scope;
    env.add_function("quote", move |text: &str| Ok(s.locale.quote(text)));
    env
}

/// Renders text entries of one document in one language.
pub struct TextRenderer {
    env: Environment<'static>,
    scope: Arc<TextScope>,
}

impl TextRenderer {
    pub fn new(
        document: Arc<Document>,
        locale: Arc<Locale>,
        numbers: Arc<Numbers>,
    ) -> TextRenderer {
        let scope = Arc::new(TextScope {
            document,
            locale,
            numbers,
            problems: Mutex::new(Vec::new()),
            date_style: Mutex::new(DateStyle::Text),
        });
        TextRenderer {
            env: text_environment(scope.clone()),
            scope,
        }
    }

    /// Renders one entry shown where dates read in `style`; `file` and `key` locate problems.
    pub fn render_entry(
        &self,
        source: &str,
        file: &TextFile,
        key: &str,
        style: DateStyle,
    ) -> Result<String, Diagnostic> {
        let path = crate::model::texts::entry_path(key);
        self.scope.set_date_style(style);
        let name = match self.scope.document.markup {
            Markup::Inline => Some(INLINE_ENTRY),
            Markup::Plain => None,
        };
        self.render(name, source, Value::UNDEFINED, &file.source, &path)
            .map_err(|diagnostic| Diagnostic {
                message: format!("in entry `{key}`: {}", diagnostic.message),
                ..diagnostic
            })
    }

    /// Renders a label of the locale file with its variables; its own date calls, if any, read
    /// as running text (the cover's `session_dates` comes formatted in the cover style).
    pub fn render_label(
        &self,
        key: &str,
        source: &str,
        vars: &BTreeMap<&str, String>,
    ) -> Result<String, Diagnostic> {
        let locale_file = self.scope.locale.source.clone();
        self.scope.set_date_style(DateStyle::Text);
        self.render(
            None,
            source,
            Value::from(Serde(vars)),
            &locale_file,
            &format!("labels/{key}"),
        )
        .map_err(|diagnostic| Diagnostic {
            message: format!("in label `{key}`: {}", diagnostic.message),
            ..diagnostic
        })
    }

    /// Renders `source`, the value at `path` of `file`; problems point into that value.
    /// Renders `source` under `name` (its escaping) or as a plain string.
    fn render(
        &self,
        name: Option<&str>,
        source: &str,
        ctx: Value,
        file: &SourceFile,
        path: &str,
    ) -> Result<String, Diagnostic> {
        self.scope
            .problems
            .lock()
            .expect("no panics while locked")
            .clear();
        let rendered = match name {
            Some(name) => self.env.render_named_str(name, source, ctx),
            None => self.env.render_str(source, ctx),
        };
        let err = match rendered {
            Ok(text) => return Ok(text),
            Err(err) => err,
        };
        let recorded = self
            .scope
            .problems
            .lock()
            .expect("no panics while locked")
            .pop();
        Err(match recorded {
            Some(problem) => Diagnostic::new(problem.code, problem.message)
                .at_opt(
                    file.locate_first_of(
                        path,
                        &problem
                            .needles
                            .iter()
                            .map(String::as_str)
                            .collect::<Vec<_>>(),
                    ),
                )
                .with_hint_opt(problem.hint),
            None => {
                let location = err
                    .range()
                    .and_then(|range| source.get(range))
                    .filter(|piece| !piece.is_empty())
                    .and_then(|piece| file.locate_in(path, piece))
                    .or_else(|| file.locate_in(path, "{{"))
                    .or_else(|| file.locate_in(path, "{%"))
                    .or_else(|| file.locate_key(path));
                template_diagnostic(&err, true).at_opt(location)
            }
        })
    }
}

fn template_diagnostic(err: &Error, in_text: bool) -> Diagnostic {
    let mut message = err.kind().to_string();
    if let Some(detail) = err.detail() {
        message = format!("{message}: {detail}");
    }
    let hint = match err.kind() {
        ErrorKind::UnknownFunction => Some(
            "text functions: term, date, dates, month, year, city, country, ref, quote".to_string(),
        ),
        ErrorKind::UndefinedError if in_text => {
            Some("write names as function calls with quotes, e.g. {{ term('kigali') }}".to_string())
        }
        ErrorKind::UndefinedError => {
            Some("the template names a value the document does not have".to_string())
        }
        ErrorKind::OutOfFuel => {
            Some("the template does too much work; remove the loop".to_string())
        }
        ErrorKind::SyntaxError => Some(
            "check the {{ … }} and {% … %} pairs; literal braces cannot appear in text".to_string(),
        ),
        _ => None,
    };
    let diagnostic = Diagnostic::new(Code::TemplateError, message);
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// Where one document in one language looks for its templates, most specific first:
///
/// ```text
/// agenda/<document>/templates/<lang>/   agenda/<document>/templates/
/// templates/<kind>/<lang>/              templates/<kind>/
/// templates/<lang>/                     templates/
/// ```
///
/// `{% include %}`, `{% import %}` and Typst's `#import` follow the same chain, so any file can
/// be overridden for one document, one kind or one language without copying the others.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TemplateChain {
    dirs: Vec<String>,
}

impl TemplateChain {
    /// The chain of a document kept in `agenda/<folder>/`, of `kind`, in `lang`.
    pub fn new(folder: &str, kind: &str, lang: &str) -> TemplateChain {
        TemplateChain {
            dirs: vec![
                format!("agenda/{folder}/templates/{lang}"),
                format!("agenda/{folder}/templates"),
                format!("templates/{kind}/{lang}"),
                format!("templates/{kind}"),
                format!("templates/{lang}"),
                "templates".to_string(),
            ],
        }
    }

    /// Only the default folder, for pages about no one document (`index.html`).
    pub fn defaults() -> TemplateChain {
        TemplateChain {
            dirs: vec!["templates".to_string()],
        }
    }

    /// The paths `name` may have, most specific first, relative to the project.
    pub fn candidates<'a>(&'a self, name: &'a str) -> impl Iterator<Item = String> + 'a {
        self.dirs.iter().map(move |dir| format!("{dir}/{name}"))
    }
}

/// Every template file of a project (`templates/` and each document's `templates/`), read once
/// and shared by every document and language, by path relative to the project.
struct TemplateFiles {
    files: HashMap<String, Arc<SourceFile>>,
    /// The chains templates were rendered with; a template's name in the engine is
    /// `<chain index>|<name>`, which lets includes resolve along the same chain.
    chains: Mutex<Vec<TemplateChain>>,
}

impl TemplateFiles {
    /// The path (relative to the project) of `name` along `chain`.
    fn find(&self, chain: &TemplateChain, name: &str) -> Option<String> {
        chain
            .candidates(name)
            .find(|path| self.files.contains_key(path))
    }

    /// The chain and name of an engine name `<chain index>|<name>`.
    fn split(&self, engine_name: &str) -> Option<(TemplateChain, String)> {
        let (index, name) = engine_name.split_once('|')?;
        let chains = self.chains.lock().expect("no panics while locked");
        Some((
            chains.get(index.parse::<usize>().ok()?)?.clone(),
            name.to_string(),
        ))
    }

    /// The engine name of `name` along `chain`.
    fn engine_name(&self, chain: &TemplateChain, name: &str) -> String {
        let mut chains = self.chains.lock().expect("no panics while locked");
        let index = match chains.iter().position(|c| c == chain) {
            Some(index) => index,
            None => {
                chains.push(chain.clone());
                chains.len() - 1
            }
        };
        format!("{index}|{name}")
    }
}

/// The document templates of a project and the engine that renders them.
pub struct Templates {
    env: Environment<'static>,
    root: PathBuf,
    files: Arc<TemplateFiles>,
}

impl Templates {
    /// Reads every template into memory (and into the run's source map, so that template
    /// errors can show their line): the built-in defaults, replaced file by file by the
    /// project's `templates/`, and each document's own `templates/`.
    pub fn load(project: &crate::project::Project, sources: &SourceMap) -> Result<Templates> {
        let mut files = HashMap::new();
        for file in project.layered(crate::defaults::Folder::Templates)? {
            let text = String::from_utf8(file.bytes.as_ref().to_vec())
                .with_context(|| format!("template {} is not UTF-8 text", file.path.display()))?;
            files.insert(
                format!("templates/{}", file.name),
                sources.add(file.path, text),
            );
        }
        for document in project.document_dirs()? {
            let dir = document.join("templates");
            let mut names = Vec::new();
            crate::project::collect_names(&project.root, &dir, &mut names)
                .with_context(|| format!("failed to read templates in {}", dir.display()))?;
            for name in names {
                let path = project.root.join(&name);
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("failed to read template {}", path.display()))?;
                files.insert(name, sources.add(path, text));
            }
        }
        let files = Arc::new(TemplateFiles {
            files,
            chains: Mutex::new(Vec::new()),
        });
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(TEMPLATE_FUEL));
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .keep_trailing_newline(true)
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()
                .context("template syntax settings")?,
        );
        env.set_auto_escape_callback(|name| {
            let name = name.strip_suffix(".j2").unwrap_or(name);
            match name.rsplit('.').next() {
                Some("md") => AutoEscape::Custom("markdown".into()),
                Some("typ") => AutoEscape::Custom("typst".into()),
                Some("html") => AutoEscape::Html,
                _ => AutoEscape::None,
            }
        });
        env.set_formatter(|out, state, value| {
            let write_failed =
                |_| Error::new(ErrorKind::WriteFailure, "failed to write template output");
            let plain;
            let rich = match value.downcast_object_ref::<Rich>() {
                Some(rich) => rich,
                None => match (state.auto_escape(), value.as_str()) {
                    // In Markdown and Typst a string is plain text; numbers, booleans and what
                    // the templates mark safe print as themselves.
                    (AutoEscape::Custom(_), Some(text)) if !value.is_safe() => {
                        plain = Rich::plain(text);
                        &plain
                    }
                    (AutoEscape::Custom(_), _) => {
                        return write!(out, "{value}").map_err(write_failed);
                    }
                    _ => return minijinja::escape_formatter(out, state, value),
                },
            };
            let written = match state.auto_escape() {
                AutoEscape::Custom(kind) if kind == "markdown" => {
                    // The page's source (`html` set) writes changes as <ins>/<del>.
                    let page = state.lookup("html").is_some_and(|html| html.is_true());
                    rich.markdown_with(if page {
                        ChangeSyntax::Html
                    } else {
                        ChangeSyntax::CriticMarkup
                    })
                }
                AutoEscape::Custom(_) => rich.typst(),
                AutoEscape::Html => escape::html(&rich.plain_text()),
                _ => rich.plain_text(),
            };
            out.write_str(&written).map_err(write_failed)
        });
        // Filters take any value: a rich text gives its plain text.
        env.add_filter("typst_string", |text: Value| {
            Value::from_safe_string(escape::typst_string(&text.to_string()))
        });
        env.add_filter("markdown", |text: Value| {
            Value::from_safe_string(escape::markdown(&text.to_string()))
        });
        env.add_filter("url", |text: Value| {
            Value::from_safe_string(escape::url(&text.to_string()))
        });
        // `{{ node.number | marked(node.change) }}`: a computed number or symbol of a node a
        // revision inserted or deleted, marked as its text is.
        env.add_filter("marked", |value: Value, change: Value| {
            let wrap = match change.as_str() {
                Some("inserted") => Inline::Inserted,
                Some("deleted") => Inline::Deleted,
                _ => return value,
            };
            let inlines = match value.downcast_object_ref::<Rich>() {
                Some(rich) => rich.inlines().to_vec(),
                None => Rich::plain(&value.to_string()).inlines().to_vec(),
            };
            if inlines.is_empty() {
                return value;
            }
            Value::from_object(Rich::from_inlines(vec![wrap(inlines)]))
        });
        // An include or import names a file; it is looked up along the including template's chain.
        env.set_path_join_callback(|name, parent| {
            let chain = parent.split_once('|').map_or("", |(chain, _)| chain);
            format!("{chain}|{name}").into()
        });
        let loader_files = files.clone();
        env.set_loader(move |engine_name| {
            let Some((chain, name)) = loader_files.split(engine_name) else {
                return Ok(None);
            };
            Ok(loader_files
                .find(&chain, &name)
                .and_then(|path| loader_files.files.get(&path))
                .map(|file| file.text.clone()))
        });
        Ok(Templates {
            env,
            root: project.root.clone(),
            files,
        })
    }

    /// Every template file by its path relative to the project, as read at load time.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .files
            .iter()
            .map(|(name, file)| (name.as_str(), file.text.as_str()))
    }

    /// Where the template `name` (`templates/council.typ`) is: in the project, or under
    /// `(built-in)/` for a default.
    pub fn path(&self, name: &str) -> PathBuf {
        self.files
            .files
            .get(name)
            .map_or_else(|| self.root.join(name), |file| file.path.clone())
    }

    /// The path (relative to the project) of the file `name` resolves to along `chain`.
    pub fn find(&self, chain: &TemplateChain, name: &str) -> Option<String> {
        self.files.find(chain, name)
    }

    /// The file a template error happened in (an included one, or `name` along `chain`), as a
    /// path relative to the project, and that file if it exists.
    fn error_file(
        &self,
        err: &Error,
        chain: &TemplateChain,
        name: &str,
    ) -> (String, Option<&Arc<SourceFile>>) {
        let (chain, name) = err
            .name()
            .and_then(|engine_name| self.files.split(engine_name))
            .unwrap_or_else(|| (chain.clone(), name.to_string()));
        match self.files.find(&chain, &name) {
            Some(path) => {
                let file = self.files.files.get(&path);
                (path, file)
            }
            None => (format!("templates/{name}"), None),
        }
    }

    /// Where a template error happened: the file, and the range or line minijinja reports.
    fn locate(&self, err: &Error, chain: &TemplateChain, name: &str) -> Location {
        let (path, file) = self.error_file(err, chain, name);
        let span = match (file, err.range(), err.line()) {
            (Some(_), Some(range), _) => range,
            (Some(file), None, Some(line)) => file.line_span(line),
            _ => 0..0,
        };
        Location::new(&self.path(&path), span)
    }

    /// Renders `name` looked up along `chain`.
    pub fn render(
        &self,
        name: &str,
        chain: &TemplateChain,
        ctx: &impl serde::Serialize,
    ) -> Result<String, Diagnostic> {
        let shown = |err: &Error| self.error_file(err, chain, name).0;
        let engine_name = self.files.engine_name(chain, name);
        let template = self.env.get_template(&engine_name).map_err(|err| {
            let path = shown(&err);
            template_diagnostic(&err, false)
                .at_opt(Some(self.locate(&err, chain, name)))
                .with_hint(format!("{path} is missing or does not compile"))
        })?;
        template.render(Value::from(Serde(ctx))).map_err(|err| {
            let line = err
                .line()
                .map(|line| format!(" (line {line})"))
                .unwrap_or_default();
            let diagnostic = template_diagnostic(&err, false);
            Diagnostic {
                message: format!("{}{line}: {}", shown(&err), diagnostic.message),
                ..diagnostic
            }
            .at_opt(Some(self.locate(&err, chain, name)))
        })
    }
}
