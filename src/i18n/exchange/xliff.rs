//! Reading XLIFF 2.0 back from a CAT tool.
//!
//! The file comes from outside, so the reader trusts none of it: a DOCTYPE is refused before any
//! entity could be declared (no external entities, no entity expansion), names are matched in the
//! XLIFF 2.0 namespace only, and every unit id must be unique. Tools split a unit into several
//! `<segment>`s (sentence by sentence) with `<ignorable>` whitespace between them; the unit's
//! translation is their targets joined in order (an `<ignorable>` without a target keeps its
//! source), following the targets' `order` attribute where a tool reordered them. Inline codes
//! (`<ph>`, `<pc>`, …) are refused: agendoc exports none, and `{{ … }}` placeholders travel as
//! text.

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};

use super::{Exchange, Lines, Target};

const XLIFF_2: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// XLIFF 2.1 and 2.2 keep 2.0's namespace and only add modules.
const VERSIONS: [&str; 3] = ["2.0", "2.1", "2.2"];

/// A `<segment>` or an `<ignorable>` of the unit being read.
#[derive(Default)]
struct Piece {
    segment: bool,
    state: String,
    source: String,
    target: Option<String>,
    order: Option<usize>,
}

/// The unit being read.
struct Unit {
    id: String,
    line: usize,
    pieces: Vec<Piece>,
}

/// Where in a unit the reader is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Inside {
    Other,
    Source,
    Target,
}

pub(super) fn read(text: &str) -> Result<Exchange, Vec<String>> {
    let lines = Lines::new(text);
    let mut reader = NsReader::from_str(text);
    let mut exchange = Exchange::new("XLIFF");
    let mut problems = Vec::new();
    let mut seen_root = false;
    let mut seen_file = false;
    let mut unit: Option<Unit> = None;
    let mut piece: Option<Piece> = None;
    let mut inside = Inside::Other;
    let mut unit_lines: std::collections::HashMap<String, usize> = Default::default();
    // Depth inside an element of another namespace (tool metadata), whose content is skipped.
    let mut foreign = 0usize;
    loop {
        // The line of the next markup, past the whitespace before it.
        let position = usize::try_from(reader.buffer_position()).unwrap_or(text.len());
        let rest = text.get(position..).unwrap_or("");
        let at = lines.line((position + rest.len() - rest.trim_start().len()) as u64);
        let (namespace, event) = match reader.read_resolved_event() {
            Ok((namespace, event)) => (is_xliff(&namespace), event),
            Err(err) => {
                problems.push(format!(
                    "line {}: malformed XML ({err})",
                    lines.line(reader.error_position())
                ));
                return Err(problems);
            }
        };
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::DocType(_) => {
                problems.push(format!(
                    "line {at}: a DOCTYPE declaration is refused: XLIFF needs none, and it could \
                     declare external entities or entities that expand without end"
                ));
                return Err(problems);
            }
            Event::Decl(decl) => {
                if let Some(Ok(encoding)) = decl.encoding()
                    && !["utf-8", "utf8"]
                        .iter()
                        .any(|utf8| encoding.eq_ignore_ascii_case(utf8))
                {
                    problems.push(format!(
                        "line {at}: the file declares encoding `{encoding}`; agendoc reads UTF-8 only"
                    ));
                    return Err(problems);
                }
            }
            Event::Start(element) | Event::Empty(element) => {
                if foreign > 0 {
                    foreign += usize::from(!empty);
                    continue;
                }
                let name = element.local_name().as_ref().to_string();
                if !seen_root {
                    seen_root = true;
                    if let Err(problem) = check_root(&element, &name, namespace) {
                        problems.push(format!("line {at}: {problem}"));
                        return Err(problems);
                    }
                    exchange.source_lang = attribute(&element, "srcLang").unwrap_or_default();
                    exchange.target_lang = attribute(&element, "trgLang").unwrap_or_default();
                    continue;
                }
                let in_unit = unit.as_ref().map_or(String::new(), |u| {
                    format!("unit `{}` (line {})", u.id, u.line)
                });
                if !namespace {
                    if inside == Inside::Target {
                        problems.push(format!(
                            "{in_unit}: element `<{name}>` of another namespace inside <target>"
                        ));
                    }
                    foreign += usize::from(!empty);
                    continue;
                }
                match name.as_str() {
                    "file" => {
                        if seen_file {
                            problems.push(format!(
                                "line {at}: a second <file>: an agendoc XLIFF file holds one document"
                            ));
                            return Err(problems);
                        }
                        seen_file = true;
                        exchange.document = attribute(&element, "id").unwrap_or_default();
                    }
                    "unit" => {
                        let id = attribute(&element, "id").unwrap_or_default();
                        if id.is_empty() {
                            problems.push(format!("line {at}: a <unit> without an id"));
                        } else if let Some(first) = unit_lines.get(&id) {
                            problems.push(format!(
                                "unit `{id}` appears twice (lines {first} and {at})"
                            ));
                        } else {
                            unit_lines.insert(id.clone(), at);
                        }
                        unit = (!empty).then(|| Unit {
                            id,
                            line: at,
                            pieces: Vec::new(),
                        });
                    }
                    "segment" | "ignorable" if unit.is_some() => {
                        piece = Some(Piece {
                            segment: name == "segment",
                            state: attribute(&element, "state").unwrap_or_default(),
                            ..Piece::default()
                        });
                        if empty && let Some(unit) = unit.as_mut() {
                            unit.pieces.extend(piece.take());
                        }
                    }
                    "source" if piece.is_some() && !empty => inside = Inside::Source,
                    "target" if piece.is_some() => {
                        if let Some(lang) = attribute(&element, "xml:lang")
                            && lang != exchange.target_lang
                        {
                            problems.push(format!(
                                "{in_unit}: a <target> in `{lang}` in a file for `{}`",
                                exchange.target_lang
                            ));
                        }
                        let order = attribute(&element, "order");
                        let current = piece.as_mut().expect("checked above");
                        current.target = Some(String::new());
                        current.order = match order.map(|o| o.parse::<usize>()) {
                            Some(Ok(order)) => Some(order),
                            Some(Err(_)) => {
                                problems.push(format!(
                                    "{in_unit}: a <target> whose `order` is not a number"
                                ));
                                None
                            }
                            None => None,
                        };
                        if !empty {
                            inside = Inside::Target;
                        }
                    }
                    "cp" if inside != Inside::Other => {
                        let code = attribute(&element, "hex")
                            .and_then(|hex| u32::from_str_radix(&hex, 16).ok())
                            .and_then(char::from_u32);
                        match code {
                            Some(c) => push_text(&mut piece, inside, &c.to_string()),
                            None => problems
                                .push(format!("{in_unit}: a <cp> whose `hex` is no character")),
                        }
                    }
                    "mrk" | "sm" | "em" => {}
                    "ph" | "pc" | "sc" | "ec" if inside == Inside::Target => {
                        problems.push(format!(
                            "{in_unit}: inline code `<{name}>` in the translation: agendoc's \
                             texts have none; keep `{{{{ … }}}}` placeholders as plain text"
                        ));
                    }
                    _ => {}
                }
            }
            Event::End(element) => {
                if foreign > 0 {
                    foreign -= 1;
                    continue;
                }
                match element.local_name().as_ref() {
                    "source" | "target" => inside = Inside::Other,
                    "segment" | "ignorable" => {
                        if let (Some(unit), Some(done)) = (unit.as_mut(), piece.take()) {
                            unit.pieces.push(done);
                        }
                    }
                    "unit" => {
                        if let Some(done) = unit.take() {
                            match join(&done) {
                                Ok(Some(target)) => exchange.targets.push(target),
                                Ok(None) => {}
                                Err(problem) => problems.push(format!(
                                    "unit `{}` (line {}): {problem}",
                                    done.id, done.line
                                )),
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(content) if foreign == 0 && inside != Inside::Other => {
                push_text(&mut piece, inside, &content.xml10_content());
            }
            Event::CData(content) if foreign == 0 && inside != Inside::Other => {
                push_text(&mut piece, inside, &content.into_inner());
            }
            Event::GeneralRef(reference) if foreign == 0 && inside != Inside::Other => {
                let name: String = AsRef::<str>::as_ref(&reference).to_string();
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => {
                        quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string)
                    }
                    Err(_) => None,
                };
                match resolved {
                    Some(text) => push_text(&mut piece, inside, &text),
                    None => {
                        problems.push(format!("line {at}: unknown entity or character `&{name};`"))
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root {
        problems.push("no <xliff> element: not an XLIFF file".into());
    } else if exchange.document.is_empty() || exchange.target_lang.is_empty() {
        problems.push(
            "not an agendoc XLIFF file: `<file id>` (the document) and `trgLang` are required"
                .into(),
        );
    }
    if problems.is_empty() {
        Ok(exchange)
    } else {
        Err(problems)
    }
}

fn is_xliff(namespace: &ResolveResult) -> bool {
    matches!(namespace, ResolveResult::Bound(Namespace(ns)) if *ns == XLIFF_2)
}

fn check_root(element: &BytesStart, name: &str, xliff_namespace: bool) -> Result<(), String> {
    let version = attribute(element, "version").unwrap_or_default();
    if name != "xliff" {
        return Err(format!("the root element is <{name}>, not <xliff>"));
    }
    if !xliff_namespace {
        let declared = attribute(element, "xmlns").unwrap_or_else(|| "none".into());
        return Err(format!(
            "XLIFF {version} (namespace `{declared}`): agendoc reads XLIFF 2.0, namespace \
             `urn:oasis:names:tc:xliff:document:2.0`; export again with `agendoc i18n export \
             --format xliff`, or have the tool save XLIFF 2.0"
        ));
    }
    if !VERSIONS.contains(&version.as_str()) {
        return Err(format!(
            "XLIFF version `{version}`: agendoc reads XLIFF 2.0 (version=\"2.0\")"
        ));
    }
    Ok(())
}

fn attribute(element: &BytesStart, name: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn push_text(piece: &mut Option<Piece>, inside: Inside, text: &str) {
    let Some(piece) = piece else { return };
    match inside {
        Inside::Source => piece.source.push_str(text),
        Inside::Target => piece.target.get_or_insert_with(String::new).push_str(text),
        Inside::Other => {}
    }
}

/// The unit's translation: every segment's target in order, or none if no segment has one.
fn join(unit: &Unit) -> Result<Option<Target>, String> {
    let segments: Vec<&Piece> = unit.pieces.iter().filter(|p| p.segment).collect();
    let translated = segments
        .iter()
        .filter(|p| p.target.as_deref().is_some_and(|t| !t.trim().is_empty()))
        .count();
    if translated == 0 {
        return Ok(None);
    }
    if translated < segments.len() {
        return Err(format!(
            "{translated} of its {} segments are translated; translate all or none",
            segments.len()
        ));
    }
    let mut slots: Vec<Option<&str>> = vec![None; unit.pieces.len()];
    for (position, piece) in unit.pieces.iter().enumerate() {
        // Every segment has a target here; an ignorable without one keeps its source.
        let text = piece.target.as_deref().unwrap_or(&piece.source);
        let slot = piece.order.map_or(position, |order| order.wrapping_sub(1));
        match slots.get_mut(slot) {
            Some(free @ None) => *free = Some(text),
            _ => {
                return Err(format!(
                    "the `order` of its targets is not one place each (1 to {})",
                    unit.pieces.len()
                ));
            }
        }
    }
    let reviewed = segments
        .iter()
        .all(|p| matches!(p.state.as_str(), "translated" | "reviewed" | "final"));
    Ok(Some(Target {
        id: unit.id.clone(),
        text: slots.into_iter().flatten().collect(),
        reviewed,
        line: unit.line,
    }))
}
