//! Exchanging translations with CAT tools: XLIFF 2.0 and gettext PO out, checked edits back in.
//!
//! Export writes every entry of one document in one language with its id, the English original,
//! the current translation, where it appears ("Annex, Part II, item 10 a)") and its state. Import
//! reads such a file back and refuses, naming the entry, anything that would break the build: a
//! `{{ … }}` placeholder dropped or invented, unbalanced `**` or brackets, an entry or file of
//! another document or language. Accepted changes are written into `text/<lang>.yaml` line by
//! line, so the diff shows only the entries that changed.
//!
//! Placeholders stay as literal `{{ … }}` text in both formats (CAT tools protect them with a
//! regular-expression placeholder rule); the import check is what guarantees they survive.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::Locale;
use super::numbers::Numbers;
use super::status::EntryState;
use crate::escape;
use crate::model::{Document, Kind, cell_key};

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
    pub document: String,
    pub source_lang: String,
    pub target_lang: String,
    /// (id, target, reviewed): `reviewed` is false for fuzzy / initial units.
    pub targets: Vec<(String, String, bool)>,
}

/// XLIFF 2.0 of one document in one language.
pub fn to_xliff(
    document: &str,
    source_lang: &str,
    target_lang: &str,
    original: &str,
    units: &[Unit],
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
                        write_unit(w, unit)?;
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

fn write_unit(w: &mut Writer<Vec<u8>>, unit: &Unit) -> std::io::Result<()> {
    let (state, sub_state) = match unit.state {
        EntryState::Translated => ("translated", None),
        EntryState::Missing => ("initial", Some("agendoc:new")),
        EntryState::Stale => ("initial", Some("agendoc:needs-review")),
    };
    w.create_element("unit")
        .with_attribute(("id", unit.id.as_str()))
        .write_inner_content(|w| {
            w.create_element("notes").write_inner_content(|w| {
                w.create_element("note")
                    .with_attribute(("category", "location"))
                    .write_text_content(text(&unit.note))?;
                Ok(())
            })?;
            let mut segment = BytesStart::new("segment");
            segment.push_attribute(("state", state));
            if let Some(sub_state) = sub_state {
                segment.push_attribute(("subState", sub_state));
            }
            w.write_event(Event::Start(segment))?;
            w.create_element("source")
                .write_text_content(text(&unit.source))?;
            if let Some(target) = &unit.target {
                w.create_element("target")
                    .write_text_content(text(target))?;
            }
            w.write_event(Event::End(BytesEnd::new("segment")))?;
            Ok(())
        })?;
    Ok(())
}

/// Reads an XLIFF 2.0 file written by [`to_xliff`] and edited by a tool.
pub fn from_xliff(text: &str) -> Result<Exchange> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut exchange = Exchange {
        document: String::new(),
        source_lang: String::new(),
        target_lang: String::new(),
        targets: Vec::new(),
    };
    let (mut unit, mut state, mut in_target, mut target) =
        (None::<String>, String::new(), false, None::<String>);
    let attr = |e: &quick_xml::events::BytesStart, name: &str| -> Result<Option<String>> {
        for a in e.attributes() {
            let a = a.context("malformed XML attribute")?;
            if a.key.as_ref() == name {
                return Ok(Some(
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .context("malformed XML attribute value")?
                        .into_owned(),
                ));
            }
        }
        Ok(None)
    };
    loop {
        match reader.read_event().context("malformed XLIFF")? {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "xliff" => {
                exchange.source_lang = attr(&e, "srcLang")?.unwrap_or_default();
                exchange.target_lang = attr(&e, "trgLang")?.unwrap_or_default();
            }
            Event::Start(e) if e.name().as_ref() == "file" => {
                exchange.document = attr(&e, "id")?.unwrap_or_default()
            }
            Event::Start(e) if e.name().as_ref() == "unit" => unit = attr(&e, "id")?,
            Event::Start(e) if e.name().as_ref() == "segment" => {
                state = attr(&e, "state")?.unwrap_or_default()
            }
            Event::Start(e) if e.name().as_ref() == "target" => {
                in_target = true;
                target = Some(String::new());
            }
            Event::Text(t) if in_target => {
                // Entities arrive as separate `GeneralRef` events, so text content is literal.
                target
                    .get_or_insert_with(String::new)
                    .push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_target => {
                let name: &str = r.as_ref();
                let resolved = match r
                    .resolve_char_ref()
                    .context("bad character reference in XLIFF")?
                {
                    Some(c) => Some(c.to_string()),
                    None => quick_xml::escape::resolve_predefined_entity(name).map(str::to_string),
                };
                target
                    .get_or_insert_with(String::new)
                    .push_str(&resolved.with_context(|| format!("unknown entity &{name};"))?);
            }
            Event::End(e) if e.name().as_ref() == "target" => in_target = false,
            Event::End(e) if e.name().as_ref() == "unit" => {
                if let (Some(id), Some(text)) = (unit.take(), target.take())
                    && !text.trim().is_empty()
                {
                    let reviewed = matches!(state.as_str(), "translated" | "reviewed" | "final");
                    exchange.targets.push((id, text, reviewed));
                }
                state.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if exchange.document.is_empty() || exchange.target_lang.is_empty() {
        bail!("not an agendoc XLIFF file: <file id> and trgLang are required");
    }
    Ok(exchange)
}

/// gettext PO of one document in one language: msgctxt is the id, fuzzy marks stale entries.
pub fn to_po(document: &str, target_lang: &str, original: &str, units: &[Unit]) -> Result<String> {
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
        if unit.state == EntryState::Stale {
            flags = "fuzzy".parse().expect("a valid flag");
        }
        catalog.append_or_update(
            Message::build_singular()
                .with_msgctxt(unit.id.clone())
                .with_msgid(unit.source.clone())
                .with_msgstr(unit.target.clone().unwrap_or_default())
                .with_extracted_comments(unit.note.clone())
                .with_source(original.to_string())
                .with_flags(flags)
                .done(),
        );
    }
    let mut buffer = std::io::BufWriter::new(Vec::new());
    polib::po_file::write(&catalog, &mut buffer).context("failed to write PO")?;
    String::from_utf8(buffer.into_inner().context("failed to write PO")?).context("PO is UTF-8")
}

/// Reads a PO file written by [`to_po`] and edited by a tool.
pub fn from_po(text: &str) -> Result<Exchange> {
    let catalog = polib::po_file::parse_from_reader(text.as_bytes())
        .map_err(|err| anyhow::anyhow!("malformed PO file ({err})"))?;
    let targets = catalog
        .messages()
        .filter_map(|message| {
            let id = message.msgctxt()?.to_string();
            let target = message.msgstr().ok()?.to_string();
            (!target.trim().is_empty()).then(|| (id, target, !message.is_fuzzy()))
        })
        .collect();
    Ok(Exchange {
        document: catalog.metadata.project_id_version.clone(),
        source_lang: String::new(),
        target_lang: catalog.metadata.language.clone(),
        targets,
    })
}

/// The `{{ … }}` and `{% … %}` pieces of a text, whitespace-normalized and sorted.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (open, close) in [("{{", "}}"), ("{%", "%}")] {
        let mut rest = text;
        while let Some(start) = rest.find(open) {
            let Some(end) = rest[start..].find(close) else {
                out.push(format!("{open}…"));
                break;
            };
            let inner: String = rest[start + 2..start + end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            out.push(format!("{open} {inner} {close}"));
            rest = &rest[start + end + 2..];
        }
    }
    out.sort();
    out
}

/// Why a translation cannot be accepted, if it cannot.
///
/// A changed translation must keep the placeholders of the text it replaces — the previous
/// translation, or the original for a new entry — and may use no placeholder that neither has:
/// a CAT tool that mangles `{{ … }}` is caught, while a grammatical choice a translator made
/// earlier (an inflected name written out instead of `{{ country(…) }}`) stays allowed.
pub fn refusal(source: &str, previous: Option<&str>, target: &str) -> Option<String> {
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
    if target.matches("**").count() % 2 == 1 {
        return Some("has an unbalanced `**`".into());
    }
    // A link destination runs to the first space; it must close there.
    let link_unclosed = target.match_indices("](").any(|(at, _)| {
        !target[at + 2..]
            .split(char::is_whitespace)
            .next()
            .unwrap_or("")
            .contains(')')
    });
    if target.matches('[').count() != target.matches(']').count() || link_unclosed {
        return Some("has unbalanced brackets (a broken link)".into());
    }
    None
}

/// Replaces or inserts `entries:` values in a text file's source, keeping every other line.
/// `order` is the document order of keys, used to place a new entry after its predecessor.
pub fn update_entries(text: &str, changes: &BTreeMap<String, String>, order: &[String]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for (key, value) in changes {
        let line = format!(
            "  {key}: {}",
            serde_json::to_string(value).expect("strings serialize")
        );
        let prefix = format!("  {key}: ");
        if let Some(existing) = lines.iter_mut().find(|l| l.starts_with(&prefix)) {
            *existing = line;
            continue;
        }
        let position = order.iter().position(|k| k == key).unwrap_or(0);
        let after = order[..position]
            .iter()
            .rev()
            .find_map(|previous| {
                lines
                    .iter()
                    .position(|l| l.starts_with(&format!("  {previous}: ")))
            })
            .or_else(|| lines.iter().position(|l| l.trim_end() == "entries:"));
        match after {
            Some(index) => lines.insert(index + 1, line),
            None => lines.push(line),
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
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
        kept.push_str(&format!("  {id}: {hash}\n"));
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

    #[test]
    fn xliff_round_trips() {
        let units = [
            unit("a", EntryState::Translated),
            unit("b", EntryState::Stale),
            unit("c", EntryState::Missing),
        ];
        let text = to_xliff("doc", "en", "fr", "agenda/doc/text/en.yaml", &units).unwrap();
        let back = from_xliff(&text).unwrap();
        assert_eq!(
            (
                back.document.as_str(),
                back.source_lang.as_str(),
                back.target_lang.as_str()
            ),
            ("doc", "en", "fr")
        );
        assert_eq!(
            back.targets,
            [
                (
                    "a".to_string(),
                    "Kigali & {{ term('rwanda') }} « fr »".to_string(),
                    true
                ),
                (
                    "b".to_string(),
                    "Kigali & {{ term('rwanda') }} « fr »".to_string(),
                    false
                )
            ]
        );
    }

    #[test]
    fn po_round_trips_with_fuzzy_for_stale() {
        let units = [
            unit("a", EntryState::Translated),
            unit("b", EntryState::Stale),
        ];
        let text = to_po("doc", "fr", "agenda/doc/text/en.yaml", &units).unwrap();
        assert!(
            text.contains("msgctxt \"a\"") && text.contains("#, fuzzy"),
            "{text}"
        );
        let back = from_po(&text).unwrap();
        assert_eq!(back.document, "doc");
        assert_eq!(
            back.targets.iter().map(|t| t.2).collect::<Vec<_>>(),
            [true, false]
        );
    }

    #[test]
    fn refuses_broken_placeholders_and_markup() {
        let source = "in {{ city('wtdc') }} on {{ dates('wtdc') }}";
        let check = |target: &str| refusal(source, None, target);
        assert_eq!(check("à {{city('wtdc')}} le {{ dates('wtdc') }}"), None);
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
        assert!(
            check("{{ city('wtdc') }} **{{ dates('wtdc') }}")
                .unwrap()
                .contains("**")
        );
        assert!(
            check("[{{ city('wtdc') }} {{ dates('wtdc') }}")
                .unwrap()
                .contains("link")
        );
        assert!(
            check("[{{ city('wtdc') }}](http://x {{ dates('wtdc') }}")
                .unwrap()
                .contains("link")
        );
        // An inflected name chosen earlier instead of a call stays allowed; dropping more does not.
        let previous = "в Кигали (Руанде) {{ dates('wtdc') }}";
        assert_eq!(
            refusal(
                source,
                Some(previous),
                "в Кигали, Руанде, {{ dates('wtdc') }}"
            ),
            None
        );
        assert!(
            refusal(source, Some(previous), "в Кигали")
                .unwrap()
                .contains("drops")
        );
    }

    #[test]
    fn updates_touch_only_the_changed_lines() {
        let text = "# comment\nlang: fr\nentries:\n  a: \"un\"\n  c: \"trois\"\ntranslated-from:\n  a: x\n";
        let changes = BTreeMap::from([
            ("a".to_string(), "UN".to_string()),
            ("b".to_string(), "deux \"2\"".to_string()),
        ]);
        let order = ["a".to_string(), "b".to_string(), "c".to_string()];
        assert_eq!(
            update_entries(text, &changes, &order),
            "# comment\nlang: fr\nentries:\n  a: \"UN\"\n  b: \"deux \\\"2\\\"\"\n  c: \"trois\"\ntranslated-from:\n  a: x\n"
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
}
