//! Exchanging translations with CAT tools: XLIFF 2.0 and gettext PO out, checked edits back in.
//!
//! Export writes every entry of one document in one language with its id, the English original,
//! the current translation, where it appears ("Annex, Part II, item 10 a)") and its state. Import
//! reads such a file back ([`read`]; the readers are `po` and `xliff`) and refuses, naming the
//! line and entry, anything hostile or anything that would break the build: a file too large,
//! not UTF-8 or with a DOCTYPE, an id given twice, a `{{ … }}` placeholder dropped or invented,
//! markup dropped, added or retargeted, an XLIFF code that cannot stand for the original's, an
//! entry or file of another document or language. [`apply`] writes the accepted changes into
//! `text/<lang>.yaml` at the parser's spans ([`crate::source::edit`]), so the diff shows only the
//! entries that changed, and reads the result back before it may be written.
//!
//! A CAT tool protects what it knows is code: XLIFF carries placeholders and markup as inline
//! codes ([`inline`]), PO as text with a note and Weblate's flags. Either way the import check is
//! what guarantees they survive.

pub mod inline;
mod po;
mod xliff;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::Locale;
use super::numbers::Numbers;
use super::status::{EntryState, fingerprint};
use crate::escape;
use crate::model::texts::{MAX_ENTRY_BYTES, TextFile, placeholders};
use crate::model::{Document, Kind, cell_key};
use crate::source::SourceFile;
use crate::source::edit::{self, ValueStyle};
use crate::source::raw::Markup;
use inline::{CodeKind, CodeMark, Marked, MarkupRules, Piece};

/// One entry as exchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub id: String,
    pub source: String,
    pub target: Option<String>,
    pub note: String,
    pub state: EntryState,
}

/// A translation file as read back from a CAT tool.
#[derive(Debug)]
pub struct Exchange {
    /// "XLIFF" or "PO", for messages.
    pub format: &'static str,
    pub document: String,
    /// Empty where the format does not say (PO).
    pub source_lang: String,
    pub target_lang: String,
    /// Every translated entry, in file order; entries with no translation are left out.
    pub targets: Vec<Target>,
    /// What was read but left out, each with its line ("obsolete entry ignored").
    pub notes: Vec<String>,
}

impl Exchange {
    fn new(format: &'static str) -> Exchange {
        Exchange {
            format,
            document: String::new(),
            source_lang: String::new(),
            target_lang: String::new(),
            targets: Vec::new(),
            notes: Vec::new(),
        }
    }
}

/// One translated entry of an [`Exchange`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub id: String,
    pub text: String,
    /// False for PO `fuzzy` and XLIFF `initial` segments: the translator has not confirmed it.
    pub reviewed: bool,
    /// The line of the entry (PO) or unit (XLIFF), for messages.
    pub line: usize,
    /// XLIFF: the target's inline codes in order, each with the Markdown its `<originalData>`
    /// gives; [`apply`] checks that `text` reads back as the same markup. None for PO, whose
    /// markup is text.
    pub codes: Option<Vec<CodeMark>>,
}

/// XLIFF 2.0 of one document in one language.
pub fn to_xliff(
    document: &str,
    source_lang: &str,
    target_lang: &str,
    original: &str,
    units: &[Unit],
    rules: &MarkupRules,
) -> Result<String> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 1);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("xliff")
        .with_attributes([
            ("xmlns", "urn:oasis:names:tc:xliff:document:2.0"),
            ("version", "2.0"),
            ("srcLang", source_lang),
            ("trgLang", target_lang),
        ])
        .write_inner_content(|w| {
            w.create_element("file")
                .with_attributes([("id", document), ("original", original)])
                .write_inner_content(|w| {
                    for unit in units {
                        write_unit(w, unit, rules)?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    let mut xml = String::from_utf8(writer.into_inner()).context("XLIFF is UTF-8")?;
    xml.push('\n');
    Ok(xml)
}

/// Text content, escaped as little as XML needs (`<`, `>`, `&`), so that quotes in `{{ term('…') }}`
/// stay readable in a CAT tool's raw view.
fn text(content: &str) -> BytesText<'_> {
    BytesText::from_escaped(quick_xml::escape::partial_escape(content))
}

fn write_unit(w: &mut Writer<Vec<u8>>, unit: &Unit, rules: &MarkupRules) -> std::io::Result<()> {
    let (state, sub_state) = match unit.state {
        EntryState::Translated => ("translated", None),
        EntryState::Missing => ("initial", Some("agendoc:new")),
        EntryState::Stale => ("initial", Some("agendoc:needs-review")),
        EntryState::Unreviewed => ("initial", Some("agendoc:unreviewed")),
    };
    let content = InlineXliff::of(&unit.source, unit.target.as_deref(), rules);
    w.create_element("unit")
        .with_attribute(("id", unit.id.as_str()))
        .write_inner_content(|w| {
            w.create_element("notes").write_inner_content(|w| {
                w.create_element("note")
                    .with_attribute(("category", "location"))
                    .write_text_content(text(&unit.note))?;
                Ok(())
            })?;
            if !content.data.is_empty() {
                w.create_element("originalData").write_inner_content(|w| {
                    for (id, data) in &content.data {
                        w.create_element("data")
                            .with_attribute(("id", id.as_str()))
                            .write_text_content(text(data))?;
                    }
                    Ok(())
                })?;
            }
            let mut segment = BytesStart::new("segment");
            segment.push_attribute(("state", state));
            if let Some(sub_state) = sub_state {
                segment.push_attribute(("subState", sub_state));
            }
            w.write_event(Event::Start(segment))?;
            // Written as one piece of markup: the writer's indentation would add whitespace
            // before an inline code that starts the content.
            w.create_element("source")
                .write_text_content(BytesText::from_escaped(&content.source))?;
            if let Some(target) = &content.target {
                w.create_element("target")
                    .write_text_content(BytesText::from_escaped(target))?;
            }
            w.write_event(Event::End(BytesEnd::new("segment")))?;
            Ok(())
        })?;
    Ok(())
}

/// One unit's inline codes in XLIFF: the Markdown each code stands for, once, in
/// `<originalData>`, and the source and target content with `<ph>` and `<pc>` in place of the
/// codes. A code of the translation takes the id of the original's code it stands for (the
/// same placeholder, footnote, link target; strong and emphasis in order); where its Markdown
/// differs (a placeholder with a grammatical form, `__` for `**`) it refers to data of its own.
/// A code the original lacks stays text, so that an untouched export imports unchanged.
struct InlineXliff {
    data: Vec<(String, String)>,
    source: String,
    target: Option<String>,
}

/// The `<data>` ids of one code: its start, and its end if it is paired.
type DataRefs = (String, Option<String>);

impl InlineXliff {
    fn of(source: &str, target: Option<&str>, rules: &MarkupRules) -> InlineXliff {
        let original = inline::parse(source, rules);
        let mut data = Vec::new();
        let mut add = |markdown: &str| {
            data.push((format!("d{}", data.len() + 1), markdown.to_string()));
            data.last().map(|(id, _)| id.clone()).unwrap_or_default()
        };
        let mut refs_of = |code: &inline::Code| -> DataRefs {
            (
                add(&code.start),
                code.kind.is_paired().then(|| add(&code.end)),
            )
        };
        let original_refs: Vec<Option<(usize, DataRefs)>> = original
            .codes
            .iter()
            .enumerate()
            .map(|(at, code)| Some((at, refs_of(code))))
            .collect();
        let source_xml = inline_xml(&original, &original_refs);
        let target_xml = target.map(|target| {
            let translation = inline::parse(target, rules);
            let refs: Vec<Option<(usize, DataRefs)>> = translation
                .align(&original)
                .into_iter()
                .zip(&translation.codes)
                .map(|(found, code)| {
                    let at = found?;
                    let (_, same) = original_refs[at].as_ref()?;
                    let theirs = &original.codes[at];
                    let refs = if theirs.start == code.start && theirs.end == code.end {
                        same.clone()
                    } else {
                        refs_of(code)
                    };
                    Some((at, refs))
                })
                .collect();
            inline_xml(&translation, &refs)
        });
        InlineXliff {
            data,
            source: source_xml,
            target: target_xml,
        }
    }
}

/// The XLIFF content of an entry: text escaped, each code with a number as `<ph>` or `<pc>`
/// (id = the original's code number, from 1), each code without one as its Markdown.
fn inline_xml(marked: &Marked, numbers: &[Option<(usize, DataRefs)>]) -> String {
    let mut out = String::new();
    for piece in &marked.pieces {
        let (code, numbered) = match piece {
            Piece::Text(text) => {
                out.push_str(&quick_xml::escape::partial_escape(text));
                continue;
            }
            Piece::Standalone(code) | Piece::Open(code) | Piece::Close(code) => {
                (&marked.codes[*code], numbers[*code].as_ref())
            }
        };
        let Some((at, (start, end))) = numbered else {
            let markdown = match piece {
                Piece::Close(_) => &code.end,
                _ => &code.start,
            };
            out.push_str(&quick_xml::escape::partial_escape(markdown));
            continue;
        };
        let id = at + 1;
        let attribute = |name: &str, value: &str| format!(" {name}=\"{}\"", attribute_value(value));
        match piece {
            Piece::Standalone(_) => {
                out.push_str(&format!(
                    "<ph id=\"{id}\" dataRef=\"{start}\" canCopy=\"no\" canDelete=\"no\""
                ));
                out.push_str(&attribute("disp", &code.start));
                let shown = match code.kind {
                    CodeKind::Symbol => code
                        .start
                        .strip_prefix('[')
                        .and_then(|s| s.strip_suffix(']')),
                    CodeKind::Autolink => code
                        .start
                        .strip_prefix('<')
                        .and_then(|s| s.strip_suffix('>')),
                    _ => None,
                };
                if let Some(shown) = shown {
                    out.push_str(&attribute("equiv", shown));
                }
                out.push_str("/>");
            }
            Piece::Open(_) => {
                let end = end.as_deref().unwrap_or_default();
                out.push_str(&format!(
                    "<pc id=\"{id}\" dataRefStart=\"{start}\" dataRefEnd=\"{end}\""
                ));
                out.push_str(match code.kind {
                    CodeKind::Strong => " type=\"fmt\" subType=\"xlf:b\"",
                    CodeKind::Emphasis => " type=\"fmt\" subType=\"xlf:i\"",
                    _ => " type=\"link\"",
                });
                out.push_str(" canCopy=\"no\" canDelete=\"no\"");
                out.push_str(&attribute("dispStart", &code.start));
                out.push_str(&attribute("dispEnd", &code.end));
                out.push('>');
            }
            _ => out.push_str("</pc>"),
        }
    }
    out
}

/// An attribute value in double quotes: `&`, `<` and `"` escaped, quotes `'` kept readable.
fn attribute_value(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
}

/// gettext PO of one document in one language: msgctxt is the id, fuzzy marks stale entries.
/// Placeholders and markup stay as text; an entry holding any gets a line for the translator
/// saying what to keep ([`PO_PLACEHOLDER_RULE`], [`PO_MARKUP_RULE`]) and Weblate's flags that
/// make its checks protect them ([`PO_PLACEHOLDER_FLAG`], `md-text`).
pub fn to_po(
    document: &str,
    target_lang: &str,
    original: &str,
    units: &[Unit],
    rules: &MarkupRules,
) -> Result<String> {
    use polib::catalog::Catalog;
    use polib::message::{Message, MessageFlags};
    use polib::metadata::CatalogMetadata;
    let mut metadata = CatalogMetadata::new();
    metadata.project_id_version = document.to_string();
    metadata.language = target_lang.to_string();
    metadata.mime_version = "1.0".into();
    metadata.content_type = "text/plain; charset=UTF-8".into();
    metadata.content_transfer_encoding = "8bit".into();
    let mut catalog = Catalog::new(metadata);
    for unit in units {
        let mut flags = MessageFlags::new();
        if matches!(unit.state, EntryState::Stale | EntryState::Unreviewed) {
            flags.add_flag("fuzzy");
        }
        let marked = inline::parse(&unit.source, rules);
        let has_markup = marked.codes.iter().any(|c| c.kind != CodeKind::Placeholder);
        let mut comments = unit.note.clone();
        if has_markup {
            flags.add_flag("md-text");
            flags.add_flag(PO_MARKUP_FLAG);
            comments.push('\n');
            comments.push_str(PO_MARKUP_RULE);
        } else if marked.has_codes() {
            flags.add_flag(PO_PLACEHOLDER_FLAG);
            comments.push('\n');
            comments.push_str(PO_PLACEHOLDER_RULE);
        }
        catalog.append_or_update(
            Message::build_singular()
                .with_msgctxt(unit.id.clone())
                .with_msgid(unit.source.clone())
                .with_msgstr(unit.target.clone().unwrap_or_default())
                .with_extracted_comments(comments)
                .with_source(original.to_string())
                .with_flags(flags)
                .done(),
        );
    }
    let mut buffer = std::io::BufWriter::new(Vec::new());
    polib::po_file::write(&catalog, &mut buffer).context("failed to write PO")?;
    String::from_utf8(buffer.into_inner().context("failed to write PO")?).context("PO is UTF-8")
}

/// The translator's note (`#.`) on a PO entry holding placeholders.
pub const PO_PLACEHOLDER_RULE: &str =
    "Keep each {{ … }} placeholder: its name and first argument exactly (a form may be added)";
/// The translator's note (`#.`) on a PO entry holding markup.
pub const PO_MARKUP_RULE: &str = "Keep {{ … }} placeholders (a form may be added) and the Markdown \
    marks **, *, [..](..), [..], <..>, [^..] exactly: move them, do not drop them";
/// Weblate's `placeholders` flag (docs.weblate.org, "Customizing behavior using flags") for a
/// PO entry: its check then wants each match of the original in the translation. A call is
/// matched up to its first argument (`{{ term('wtdc'`), since a translation may add a form.
/// The regular expression holds no comma: a `#,` line is split at commas.
pub const PO_PLACEHOLDER_FLAG: &str =
    r#"placeholders:r"\{\{ *\w+\( *'[^']*'|\{\{[^}(]*\}\}|\{%[^%]*%\}""#;
/// [`PO_PLACEHOLDER_FLAG`] with footnote references (`[^id]`); links are `md-text`'s part.
pub const PO_MARKUP_FLAG: &str =
    r#"placeholders:r"\{\{ *\w+\( *'[^']*'|\{\{[^}(]*\}\}|\{%[^%]*%\}|\[\^[^\]]+\]""#;

/// The largest translation file `import` reads. A whole ITU report exports to under 200 KiB;
/// anything near this size is not a translation of one, and is refused before it is parsed.
pub const MAX_EXCHANGE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a translation file, refusing one over [`MAX_EXCHANGE_BYTES`] before reading it.
pub fn read_file(path: &Path) -> Result<Exchange, Vec<String>> {
    let size = std::fs::metadata(path)
        .map_err(|err| vec![format!("failed to read it ({err})")])?
        .len();
    if size > MAX_EXCHANGE_BYTES {
        return Err(vec![too_large(size)]);
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_EXCHANGE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|err| vec![format!("failed to read it ({err})")])?;
    read(&bytes)
}

fn too_large(size: u64) -> String {
    format!(
        "the file is {:.1} MiB; translation files over {} MiB are refused",
        size as f64 / (1024.0 * 1024.0),
        MAX_EXCHANGE_BYTES / (1024 * 1024)
    )
}

/// Reads an XLIFF 2.0 or PO file (XLIFF if it starts with `<`) as edited by a CAT tool. Every
/// problem that needs no project to see is refused here, each naming its line, unit or entry;
/// whether the ids and the placeholders fit the document is [`apply`]'s part.
pub fn read(bytes: &[u8]) -> Result<Exchange, Vec<String>> {
    if bytes.len() as u64 > MAX_EXCHANGE_BYTES {
        return Err(vec![too_large(bytes.len() as u64)]);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(vec!["the file is UTF-16: save it as UTF-8".into()]);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let at = err.valid_up_to();
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        vec![format!(
            "line {line}: not valid UTF-8 (byte {at}); save the file as UTF-8"
        )]
    })?;
    if let Some(at) = text.find('\0') {
        return Err(vec![format!(
            "line {}: a NUL character",
            Lines::new(text).line(at as u64)
        )]);
    }
    if text.trim_start().starts_with('<') {
        xliff::read(text)
    } else {
        po::read(text)
    }
}

/// Line numbers of byte offsets of a file being read.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Lines { starts }
    }

    /// The 1-based line of a byte offset.
    fn line(&self, offset: u64) -> usize {
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        self.starts.partition_point(|&start| start <= offset).max(1)
    }
}

/// One translation of one document, as an import finds it.
pub struct ImportTarget<'a> {
    pub document: &'a str,
    pub original_lang: &'a str,
    pub lang: &'a str,
    /// The document's text keys, in document order.
    pub keys: &'a [String],
    /// The original's entries.
    pub original: &'a BTreeMap<String, String>,
    /// The translation's file as loaded; none if it does not exist yet.
    pub translation: Option<&'a TextFile>,
    /// Where the translation's file is, or will be.
    pub path: &'a Path,
    /// What the document's entries may hold.
    pub rules: MarkupRules<'a>,
}

/// What an import changes.
#[derive(Debug, Default)]
pub struct Imported {
    /// Entries whose text changed, in document order.
    pub changed: Vec<String>,
    /// Entries newly recorded as reviewed against the current original.
    pub reviewed: Vec<String>,
    /// The translation file's new text; none if nothing changes.
    pub text: Option<String>,
}

/// Checks `exchange` against the document and computes the translation file it makes: changed
/// entries replaced or inserted in `entries:`, reviewed ones recorded under `translated-from:`,
/// every other byte kept. The result is read back with the normal loader and refused unless it
/// holds exactly the imported values, so a wrong edit is never written. Nothing here panics,
/// whatever the exchange holds.
pub fn apply(exchange: &Exchange, target: &ImportTarget) -> Result<Imported, Vec<String>> {
    if exchange.document != target.document {
        return Err(vec![format!(
            "the file belongs to document `{}`, not `{}`",
            exchange.document, target.document
        )]);
    }
    let mut refusals = Vec::new();
    if exchange.target_lang != target.lang {
        refusals.push(format!(
            "the file is for `{}`, not `{}`",
            exchange.target_lang, target.lang
        ));
    }
    if !exchange.source_lang.is_empty() && exchange.source_lang != target.original_lang {
        refusals.push(format!(
            "the file translates from `{}`, but the original is `{}`",
            exchange.source_lang, target.original_lang
        ));
    }
    let empty = BTreeMap::new();
    let entries = target.translation.map_or(&empty, |t| &t.entries);
    let previous_from = target.translation.map_or(&empty, |t| &t.translated_from);
    let mut changes = BTreeMap::new();
    let mut from = BTreeMap::new();
    for imported in &exchange.targets {
        let (id, line) = (&imported.id, imported.line);
        let Some(source) = target.original.get(id).filter(|_| target.keys.contains(id)) else {
            let hint = crate::diagnostics::did_you_mean(id, target.keys.iter().map(String::as_str))
                .map(|hint| format!("; {hint}"))
                .unwrap_or_default();
            refusals.push(format!(
                "entry `{id}` does not belong to document `{}` (line {line}{hint})",
                target.document
            ));
            continue;
        };
        let previous = entries.get(id);
        if previous != Some(&imported.text) {
            let reason = imported
                .codes
                .as_ref()
                .and_then(|codes| unreadable_codes(codes, &imported.text, &target.rules))
                .or_else(|| {
                    refusal(
                        source,
                        previous.map(String::as_str),
                        &imported.text,
                        &target.rules,
                    )
                });
            if let Some(reason) = reason {
                refusals.push(format!(
                    "entry `{id}`: the translation {reason} (line {line})"
                ));
                continue;
            }
            if imported.text.len() > MAX_ENTRY_BYTES {
                refusals.push(format!(
                    "entry `{id}`: the translation is {} KiB; an entry may hold at most {} KiB \
                     (line {line})",
                    imported.text.len() / 1024,
                    MAX_ENTRY_BYTES / 1024
                ));
                continue;
            }
            changes.insert(id.clone(), imported.text.clone());
        }
        let print = fingerprint(source);
        if imported.reviewed && previous_from.get(id) != Some(&print) {
            from.insert(id.clone(), print);
        }
    }
    if !refusals.is_empty() {
        return Err(refusals);
    }
    let in_order = |ids: &BTreeMap<String, String>| -> Vec<String> {
        target
            .keys
            .iter()
            .filter(|key| ids.contains_key(*key))
            .cloned()
            .collect()
    };
    let mut imported = Imported {
        changed: in_order(&changes),
        reviewed: in_order(&from),
        text: None,
    };
    if changes.is_empty() && from.is_empty() {
        return Ok(imported);
    }
    let current = match target.translation {
        Some(file) => file.source.text.clone(),
        None => format!(
            "# yaml-language-server: $schema=../../schema/text.schema.json\nlang: {}\nentries:\n",
            target.lang
        ),
    };
    let mut fingerprint_order: Vec<String> =
        previous_from.keys().chain(from.keys()).cloned().collect();
    fingerprint_order.sort();
    fingerprint_order.dedup();
    let text = edit::set_values(
        &current,
        "entries",
        &changes,
        target.keys,
        ValueStyle::DoubleQuoted,
    )
    .and_then(|text| {
        edit::set_values(
            &text,
            "translated-from",
            &from,
            &fingerprint_order,
            ValueStyle::PlainWhereSafe,
        )
    })
    .map_err(|why| vec![format!("{} cannot be edited: {why}", target.path.display())])?;
    let mut expected_entries = entries.clone();
    expected_entries.extend(changes);
    let mut expected_from = previous_from.clone();
    expected_from.extend(from);
    read_back(&text, target, &expected_entries, &expected_from).map_err(|why| {
        vec![format!(
            "the edited {} would not read back as imported ({why}); an anchor, alias or tag \
             there may be in the way: edit the entry by hand",
            target.path.display()
        )]
    })?;
    imported.text = Some(text);
    Ok(imported)
}

/// Loads `text` as the translation file with the normal loader and compares what it holds.
fn read_back(
    text: &str,
    target: &ImportTarget,
    entries: &BTreeMap<String, String>,
    translated_from: &BTreeMap<String, String>,
) -> std::result::Result<(), String> {
    let source = SourceFile::new(target.path.to_path_buf(), text.to_string());
    let loaded = TextFile::from_source(Arc::new(source), target.lang).map_err(|problems| {
        problems
            .first()
            .map_or_else(|| "it does not load".into(), |d| d.message.clone())
    })?;
    for (name, found, expected) in [
        ("entries", &loaded.entries, entries),
        ("translated-from", &loaded.translated_from, translated_from),
    ] {
        if found != expected {
            let key = expected
                .iter()
                .find(|(key, value)| found.get(*key) != Some(*value))
                .map(|(key, _)| key)
                .or_else(|| found.keys().find(|key| !expected.contains_key(*key)));
            return Err(format!(
                "`{name}/{}` differs",
                key.map_or("?", String::as_str)
            ));
        }
    }
    Ok(())
}

/// Why a translation cannot be accepted, if it cannot.
///
/// A changed translation must keep the placeholders of the text it replaces — the previous
/// translation, or the original for a new entry — and may use no placeholder that neither has:
/// a CAT tool that mangles `{{ … }}` is caught, while a grammatical choice a translator made
/// earlier (an inflected name written out instead of `{{ country(…) }}`) stays allowed.
/// Placeholders are compared by function and first argument ([`placeholders`]), so a translation
/// may ask for a form the original does not (`{{ country('wtdc', 'du') }}`). In a document with
/// inline markup, the translation must also keep the original's markup
/// ([`inline::markup_refusal`]).
pub fn refusal(
    source: &str,
    previous: Option<&str>,
    target: &str,
    rules: &MarkupRules,
) -> Option<String> {
    let found = placeholders(target);
    let required = placeholders(previous.unwrap_or(source));
    let mut allowed = placeholders(source);
    allowed.extend(previous.map(placeholders).unwrap_or_default());
    if let Some(dropped) = required.iter().find(|p| !found.contains(p)) {
        return Some(format!("drops the placeholder `{dropped}`"));
    }
    if let Some(invented) = found.iter().find(|p| !allowed.contains(p)) {
        return Some(format!("invents the placeholder `{invented}`"));
    }
    if found.len() != required.len()
        && found.iter().any(|p| {
            found.iter().filter(|q| *q == p).count() > required.iter().filter(|q| *q == p).count()
        })
    {
        return Some("repeats a placeholder".to_string());
    }
    match rules.markup {
        Markup::Inline => {
            inline::markup_refusal(&inline::parse(source, rules), &inline::parse(target, rules))
        }
        Markup::Plain => None,
    }
}

/// Why the Markdown an XLIFF target's codes were turned back into does not read as those codes,
/// if it does not: its text holds markup of its own (`**`, `{{ … }}` typed as text), or codes
/// Markdown cannot write as nested (two strong in a row that merge, a link in a link).
fn unreadable_codes(codes: &[CodeMark], text: &str, rules: &MarkupRules) -> Option<String> {
    let read = inline::parse(text, rules).code_marks();
    if read == codes {
        return None;
    }
    let shown = |mark: Option<&CodeMark>| match mark {
        Some(CodeMark::Standalone(markdown)) => format!("`{markdown}`"),
        Some(CodeMark::Open(start, end)) => format!("`{start}…{end}`"),
        Some(CodeMark::Close) => "the end of a paired code".to_string(),
        None => "nothing".to_string(),
    };
    let at = read.iter().zip(codes).take_while(|(a, b)| a == b).count();
    Some(format!(
        "does not read back as its inline codes: where the codes have {}, the Markdown made of \
         them reads {} (markup typed as text, or codes Markdown cannot nest as written)",
        shown(codes.get(at)),
        shown(read.get(at))
    ))
}

/// Replaces (or appends) the `translated-from:` block, leaving the rest of the file as it was.
pub fn replace_translated_from(text: &str, from: &BTreeMap<String, String>) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut in_block = false;
    for line in text.split_inclusive('\n') {
        if line.starts_with("translated-from:") {
            in_block = true;
            continue;
        }
        if in_block && (line.starts_with(' ') || line.trim().is_empty()) {
            continue;
        }
        in_block = false;
        kept.push_str(line);
    }
    if !kept.ends_with('\n') {
        kept.push('\n');
    }
    kept.push_str("translated-from:\n");
    for (id, hash) in from {
        kept.push_str(&format!(
            "  {}: {}\n",
            edit::plain_or_quoted(id),
            edit::plain_or_quoted(hash)
        ));
    }
    kept
}

/// Where each entry appears, in words of `locale` ("Annex, Part II, item 10 a)"), for
/// translators' notes. `locale` is the document's original language: the notes sit next to the
/// original text.
pub fn locations(document: &Document, locale: &Locale) -> BTreeMap<String, String> {
    let places = &locale.places;
    let labels = &locale.labels;
    let numbers = Numbers::compute(document, locale);
    let join = |pieces: &[&str]| {
        pieces
            .iter()
            .filter(|piece| !piece.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(&places.separator)
    };
    let n = |pattern: &str, value: &str| pattern.replace("{n}", value);
    let mut out = BTreeMap::from([
        ("title".to_string(), places.title.clone()),
        ("summary".to_string(), labels.summary.clone()),
        (
            "action-required".to_string(),
            labels.action_required.clone(),
        ),
        ("references".to_string(), labels.references.clone()),
    ]);
    // The annex (if any) and the part the walk is in.
    let mut annex = String::new();
    let mut part = String::new();
    for visit in document.walk() {
        let node = visit.node;
        if visit.depth == 0 {
            annex.clear();
            part.clear();
        }
        let number = numbers.get(&node.id);
        let label = number.map_or("", |n| n.label.as_str());
        let section = visit
            .section
            .map(|s| n(&places.section, &locale.section(s)))
            .unwrap_or_default();
        let place = match &node.kind {
            Kind::Section { .. } => join(&[&section, &places.heading]),
            Kind::Paragraph { .. } => join(&[&section, &n(&places.paragraph, label)]),
            Kind::Text => join(&[&section, &places.text]),
            Kind::ListItem { position, .. } => {
                join(&[&section, &n(&places.list_item, &position.to_string())])
            }
            Kind::Table { columns } => {
                for column in columns {
                    let place = places
                        .table_header
                        .replace("{table}", &node.id)
                        .replace("{column}", column);
                    out.insert(cell_key(&node.id, column), join(&[&section, &place]));
                }
                continue;
            }
            Kind::Row => {
                let (Some(table), Some(Kind::Table { columns })) =
                    (visit.parent, visit.parent.map(|p| &p.kind))
                else {
                    continue;
                };
                for column in columns {
                    let place = places
                        .table_cell
                        .replace("{table}", &table.id)
                        .replace("{row}", &node.id)
                        .replace("{column}", column);
                    out.insert(cell_key(&node.id, column), join(&[&section, &place]));
                }
                continue;
            }
            Kind::Annex { title } => {
                annex = labels.annex.clone();
                out.insert(title.clone(), join(&[&annex, &places.annex_title]));
                continue;
            }
            Kind::Part { .. } => {
                let shown = if label.is_empty() { &node.id } else { label };
                part = join(&[&annex, &n(&places.part, shown)]);
                join(&[&part, &places.annex_title])
            }
            Kind::Item { depth, .. } => {
                let reference = number.and_then(|n| n.reference.as_deref());
                let shown = match (depth, reference) {
                    (0, _) if !label.is_empty() => label,
                    (_, Some(reference)) => reference,
                    _ => node.id.as_str(),
                };
                join(&[&part, &n(&places.item, shown)])
            }
            Kind::List(_) | Kind::Agenda { .. } => continue,
        };
        out.insert(node.id.clone(), place);
    }
    out
}

/// Earlier versions of the original text file, from git, to show what changed since a
/// translation was made: the fingerprint in `translated-from:` identifies the version.
pub struct OriginalHistory {
    versions: Vec<BTreeMap<String, String>>,
}

impl OriginalHistory {
    /// Reads up to 200 earlier versions; outside a git checkout there are none.
    pub fn read(root: &std::path::Path, file: &std::path::Path) -> OriginalHistory {
        let relative = file
            .strip_prefix(root)
            .unwrap_or(file)
            .to_string_lossy()
            .into_owned();
        let git = |args: &[&str]| {
            std::process::Command::new("git")
                .arg("-C")
                .arg(root)
                .args(args)
                .output()
                .ok()
                .filter(|output| output.status.success())
                .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
        };
        let commits =
            git(&["log", "--format=%H", "-n", "200", "--", &relative]).unwrap_or_default();
        let versions = commits
            .lines()
            .filter_map(|commit| git(&["show", &format!("{commit}:{relative}")]))
            .filter_map(|text| {
                let source = crate::source::SourceFile::new(file.to_path_buf(), text);
                source
                    .parse::<crate::source::raw::RawText>()
                    .ok()
                    .map(|raw| raw.entries)
            })
            .collect();
        OriginalHistory { versions }
    }

    /// The text of entry `id` in the version whose fingerprint is `hash`.
    pub fn find(&self, id: &str, hash: &str) -> Option<String> {
        self.versions
            .iter()
            .filter_map(|entries| entries.get(id))
            .find(|text| super::status::fingerprint(text) == hash)
            .cloned()
    }
}

/// A word-level diff of an old and a new original, as HTML with `<del>` and `<ins>`.
pub fn diff_html(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_words(old, new);
    let mut out = String::new();
    for change in diff.iter_all_changes() {
        let text = escape::html(change.value());
        match change.tag() {
            similar::ChangeTag::Delete => out.push_str(&format!("<del>{text}</del>")),
            similar::ChangeTag::Insert => out.push_str(&format!("<ins>{text}</ins>")),
            similar::ChangeTag::Equal => out.push_str(&text),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::symbols::SymbolRules;

    const PLAIN: MarkupRules<'static> = MarkupRules {
        markup: Markup::Plain,
        footnotes: &[],
        symbols: &EMPTY_RULES,
    };
    static EMPTY_RULES: SymbolRules = SymbolRules { rules: Vec::new() };

    fn unit(id: &str, state: EntryState) -> Unit {
        Unit {
            id: id.into(),
            source: "Kigali & {{ term('rwanda') }} <b>".into(),
            target: (state != EntryState::Missing)
                .then(|| "Kigali & {{ term('rwanda') }} « fr »".into()),
            note: "Section 1, paragraph 1.1".into(),
            state,
        }
    }

    fn target(id: &str, reviewed: bool) -> (String, String, bool) {
        (
            id.to_string(),
            "Kigali & {{ term('rwanda') }} « fr »".to_string(),
            reviewed,
        )
    }

    fn targets(exchange: &Exchange) -> Vec<(String, String, bool)> {
        exchange
            .targets
            .iter()
            .map(|t| (t.id.clone(), t.text.clone(), t.reviewed))
            .collect()
    }

    #[test]
    fn xliff_round_trips() {
        let units = [
            unit("a", EntryState::Translated),
            unit("b", EntryState::Stale),
            unit("c", EntryState::Missing),
            unit("d", EntryState::Unreviewed),
        ];
        let text = to_xliff("doc", "en", "fr", "agenda/doc/text/en.yaml", &units, &PLAIN).unwrap();
        assert!(text.contains("subState=\"agendoc:unreviewed\""), "{text}");
        let back = read(text.as_bytes()).unwrap();
        assert_eq!(
            (
                back.document.as_str(),
                back.source_lang.as_str(),
                back.target_lang.as_str()
            ),
            ("doc", "en", "fr")
        );
        assert_eq!(
            targets(&back),
            [target("a", true), target("b", false), target("d", false)]
        );
    }

    #[test]
    fn po_round_trips_with_fuzzy_for_stale_and_unreviewed() {
        let units = [
            unit("a", EntryState::Translated),
            unit("b", EntryState::Stale),
            unit("c", EntryState::Unreviewed),
        ];
        let text = to_po("doc", "fr", "agenda/doc/text/en.yaml", &units, &PLAIN).unwrap();
        assert!(
            text.contains("msgctxt \"a\"") && text.contains("#, fuzzy"),
            "{text}"
        );
        let back = read(text.as_bytes()).unwrap();
        assert_eq!(back.document, "doc");
        assert_eq!(
            targets(&back),
            [target("a", true), target("b", false), target("c", false)]
        );
    }

    #[test]
    fn po_reader_refuses_what_it_cannot_read_exactly() {
        let header =
            "msgid \"\"\nmsgstr \"\"\n\"Project-Id-Version: doc\\n\"\n\"Language: fr\\n\"\n\n";
        let po = |body: &str| read(format!("{header}{body}").as_bytes());
        let fails = |body: &str, expect: &str| {
            let problems = po(body).unwrap_err();
            assert!(
                problems.iter().any(|p| p.contains(expect)),
                "expected `{expect}` for {body:?}: {problems:?}"
            );
        };
        fails(
            "msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"\\q\"\n",
            "line 8: unknown escape `\\q`",
        );
        fails("msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"a\\\"\n", "line 8");
        fails(
            "msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"a\"b\"\n",
            "must be escaped",
        );
        fails(
            "msgctxt \"a\"\nmsgid \"x\"\nmsgid_plural \"xs\"\nmsgstr[0] \"y\"\nmsgstr[1] \"ys\"\n",
            "entry `a` (line 6): plural forms",
        );
        fails(
            "msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"1\"\n\nmsgctxt \"a\"\nmsgid \"x\"\nmsgstr \"2\"\n",
            "entry `a` appears twice (msgctxt on lines 6 and 10)",
        );
        fails("msgid \"x\"\nmsgstr \"y\"\n", "has no msgctxt");
        fails("\"stray\"\n", "continues no keyword");
        fails("msgstr\n", "not PO syntax");
        fails("msgctxt \"a\"\nmsgid \"x\"\n", "without msgstr");
        assert!(
            read(b"msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"y\"\n").unwrap_err()[0]
                .contains("no header")
        );
        // Obsolete entries are ignored, with a note.
        let read = po("msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"y\"\n\n#~ msgctxt \"a\"\n#~ msgid \"x\"\n#~ msgstr \"old\"\n").unwrap();
        assert_eq!(targets(&read), [("a".into(), "y".into(), true)]);
        assert_eq!(read.notes, ["line 10: obsolete entry (`#~`) ignored"]);
    }

    #[test]
    fn xliff_units_split_into_segments_are_joined_in_order() {
        let xliff = |unit: &str| {
            format!(
                "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\" trgLang=\"fr\"><file id=\"doc\">{unit}</file></xliff>"
            )
        };
        let segmented = xliff(
            "<unit id=\"a\"><segment state=\"translated\"><source>One.</source><target>Un.</target></segment>\
             <ignorable><source> </source></ignorable>\
             <segment state=\"final\"><source>Two.</source><target>Deux.</target></segment></unit>",
        );
        let read_back = read(segmented.as_bytes()).unwrap();
        assert_eq!(
            targets(&read_back),
            [("a".into(), "Un. Deux.".into(), true)]
        );
        let reordered = xliff(
            "<unit id=\"a\"><segment state=\"initial\"><source>One.</source><target order=\"3\">Deux.</target></segment>\
             <ignorable><source> </source><target>, </target></ignorable>\
             <segment><source>Two.</source><target order=\"1\">Un</target></segment></unit>",
        );
        assert_eq!(
            targets(&read(reordered.as_bytes()).unwrap()),
            [("a".into(), "Un, Deux.".into(), false)]
        );
    }

    #[test]
    fn apply_writes_a_new_translation_file_and_reads_it_back() {
        let keys = ["title", "a"].map(String::from).to_vec();
        let original = BTreeMap::from([
            ("title".to_string(), "Title".to_string()),
            ("a".to_string(), "One {{ term('x') }}".to_string()),
        ]);
        let target = ImportTarget {
            document: "doc",
            original_lang: "en",
            lang: "fr",
            keys: &keys,
            original: &original,
            translation: None,
            path: Path::new("text/fr.yaml"),
            rules: PLAIN,
        };
        let po = "msgid \"\"\nmsgstr \"\"\n\"Project-Id-Version: doc\\n\"\n\"Language: fr\\n\"\n\nmsgctxt \"a\"\nmsgid \"One\"\nmsgstr \"Un {{ term('x') }}\"\n\n#, fuzzy\nmsgctxt \"title\"\nmsgid \"Title\"\nmsgstr \"Titre\"\n";
        let imported = apply(&read(po.as_bytes()).unwrap(), &target).unwrap();
        assert_eq!(imported.changed, ["title", "a"]);
        assert_eq!(imported.reviewed, ["a"]);
        let print = fingerprint("One {{ term('x') }}");
        assert_eq!(
            imported.text.unwrap(),
            format!(
                "# yaml-language-server: $schema=../../schema/text.schema.json\nlang: fr\nentries:\n  title: \"Titre\"\n  a: \"Un {{{{ term('x') }}}}\"\ntranslated-from:\n  a: {}\n",
                edit::plain_or_quoted(&print)
            )
        );
        let other = read(po.replace("doc", "other").as_bytes()).unwrap();
        assert!(apply(&other, &target).unwrap_err()[0].contains("document `other`"));
    }

    #[test]
    fn refuses_broken_placeholders_and_markup() {
        let source = "in {{ city('wtdc') }} on {{ dates('wtdc') }}";
        let check = |target: &str| refusal(source, None, target, &PLAIN);
        assert_eq!(check("à {{city('wtdc')}} le {{ dates('wtdc') }}"), None);
        assert_eq!(
            check("au {{ city('wtdc', 'du') }} {{ dates(\"wtdc\", style='cover') }}"),
            None
        );
        assert!(
            check("{{ city('wtdc-addis', 'du') }} {{ dates('wtdc') }}")
                .unwrap()
                .contains("drops")
        );
        assert!(
            check("à Kigali le {{ dates('wtdc') }}")
                .unwrap()
                .contains("drops")
        );
        assert!(
            check("{{ city('wtdc') }} {{ dates('wtdc') }} {{ term('x') }}")
                .unwrap()
                .contains("invents")
        );
        // Markup is checked where the document has it; in a plain document `*` is a character.
        let inline = MarkupRules {
            markup: Markup::Inline,
            ..PLAIN
        };
        for (target, expect) in [
            ("{{ city('wtdc') }} **{{ dates('wtdc') }}", "`*`"),
            ("[{{ city('wtdc') }} {{ dates('wtdc') }}", "broken link"),
            (
                "[{{ city('wtdc') }}](http://x {{ dates('wtdc') }}",
                "broken link",
            ),
        ] {
            assert_eq!(check(target), None);
            let why = refusal(source, None, target, &inline).unwrap_or_default();
            assert!(why.contains(expect), "{target}: {why}");
        }
        // An inflected name chosen earlier instead of a call stays allowed; dropping more does not.
        let previous = "в Кигали (Руанде) {{ dates('wtdc') }}";
        assert_eq!(
            refusal(
                source,
                Some(previous),
                "в Кигали, Руанде, {{ dates('wtdc') }}",
                &PLAIN
            ),
            None
        );
        assert!(
            refusal(source, Some(previous), "в Кигали", &PLAIN)
                .unwrap()
                .contains("drops")
        );
    }

    #[test]
    fn replaces_only_the_fingerprint_block() {
        let text = "lang: fr\nentries:\n  a: \"un\"\ntranslated-from:\n  a: old\n";
        let from = BTreeMap::from([("a".to_string(), "new".to_string())]);
        assert_eq!(
            replace_translated_from(text, &from),
            "lang: fr\nentries:\n  a: \"un\"\ntranslated-from:\n  a: new\n"
        );
        assert_eq!(
            replace_translated_from("lang: fr\n", &from),
            "lang: fr\ntranslated-from:\n  a: new\n"
        );
    }

    #[test]
    fn diff_marks_words() {
        assert_eq!(
            diff_html("held in Geneva", "held in Kigali"),
            "held in <del>Geneva</del><ins>Kigali</ins>"
        );
    }

    proptest::proptest! {
        /// Whatever an entry and its translation hold, both formats give the translation back
        /// exactly; where the translation's codes are all the original's, they read back as
        /// written (a code the original lacks travels as text, see `InlineXliff`).
        #[test]
        fn exports_read_back_exactly(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "**", "*", "_", "[", "]", "(", ")", "[^fn]", "](https://x \"t\")",
                    "<https://y>", "<", ">", "&", "{{ f('a') }}", "{{ f('a', 'du') }}", "{{",
                    "}}", "\\", "&nbsp;", " ", "\n", "\"", "word", "é",
                ]),
                1..20,
            ),
            cut in 0usize..20,
        ) {
            let source: String = parts.concat();
            let translation: String = parts[cut.min(parts.len())..]
                .iter()
                .chain(&parts[..cut.min(parts.len())])
                .copied()
                .collect();
            let footnotes = ["fn".to_string()];
            let rules = MarkupRules {
                markup: Markup::Inline,
                footnotes: &footnotes,
                ..PLAIN
            };
            let units = [Unit {
                id: "a".into(),
                source,
                target: Some(translation.clone()),
                note: String::new(),
                state: EntryState::Translated,
            }];
            let xliff = to_xliff("doc", "en", "fr", "en.yaml", &units, &rules).unwrap();
            let po = to_po("doc", "fr", "en.yaml", &units, &rules).unwrap();
            for text in [xliff, po] {
                let read = read(text.as_bytes()).unwrap();
                let expected = usize::from(!translation.trim().is_empty());
                proptest::prop_assert_eq!(read.targets.len(), expected, "{}", text);
                if let Some(target) = read.targets.first() {
                    proptest::prop_assert_eq!(&target.text, &translation, "{}", text);
                    let aligned = inline::parse(&translation, &rules)
                        .align(&inline::parse(&units[0].source, &rules))
                        .iter()
                        .all(Option::is_some);
                    if let Some(codes) = target.codes.as_ref().filter(|_| aligned) {
                        proptest::prop_assert_eq!(
                            unreadable_codes(codes, &target.text, &rules),
                            None,
                            "{}",
                            text
                        );
                    }
                }
            }
        }
    }
}
