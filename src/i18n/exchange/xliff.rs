//! Reading XLIFF 2.0 back from a CAT tool.
//!
//! The file comes from outside, so the reader trusts none of it: a DOCTYPE is refused before any
//! entity could be declared (no external entities, no entity expansion), names are matched in the
//! XLIFF 2.0 namespace only, and every unit id must be unique. Tools split a unit into several
//! `<segment>`s (sentence by sentence) with `<ignorable>` whitespace between them; the unit's
//! translation is their targets joined in order (an `<ignorable>` without a target keeps its
//! source), following the targets' `order` attribute where a tool reordered them.
//!
//! Placeholders and markup travel as inline codes (`super::inline`): a target's `<ph>`, `<pc>`
//! and `<sc>`/`<ec>` pairs (which tools make of a `<pc>` they split or move) become the
//! Markdown their `<originalData>` holds again. A code is refused where it cannot stand for the
//! original's: an id the unit's source has no code for, or gives to the other kind of code, an
//! id used twice, a reference to data the unit lacks, an `<ec>` that closes a code still
//! enclosing another (misnested) or one that is not open, a code never closed (unbalanced).
//! Whether the codes still are the original's markup (a link target, a footnote kept) needs the
//! document, and is [`super::apply`]'s part.

use std::collections::{HashMap, HashSet};

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};

use super::inline::CodeMark;
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
    target: Option<Vec<Token>>,
    order: Option<usize>,
}

/// What a target holds, in order: text and inline codes as written.
#[derive(Debug, Clone)]
enum Token {
    Text(String),
    Ph {
        id: String,
        data: Option<String>,
    },
    PcStart {
        id: String,
        start: Option<String>,
        end: Option<String>,
    },
    PcEnd,
    Sc {
        id: String,
        data: Option<String>,
        isolated: bool,
    },
    Ec {
        start: Option<String>,
        data: Option<String>,
        isolated: bool,
    },
}

/// The unit being read.
struct Unit {
    id: String,
    line: usize,
    pieces: Vec<Piece>,
    /// `<originalData>`: the Markdown each code stands for, by data id.
    data: HashMap<String, String>,
    /// The ids of the codes of the unit's source, each with whether it is paired.
    source_codes: HashMap<String, bool>,
}

/// Where in a unit the reader is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Inside {
    Other,
    Source,
    Target,
    Data,
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
    // The `<data>` being read: its id and text.
    let mut data: Option<(String, String)> = None;
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
                            data: HashMap::new(),
                            source_codes: HashMap::new(),
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
                        current.target = Some(Vec::new());
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
                            Some(c) => push_text(&mut piece, &mut data, inside, &c.to_string()),
                            None => problems
                                .push(format!("{in_unit}: a <cp> whose `hex` is no character")),
                        }
                    }
                    "data" if unit.is_some() && inside == Inside::Other => {
                        let id = attribute(&element, "id").unwrap_or_default();
                        if empty {
                            record_data(unit.as_mut(), &mut problems, &in_unit, id, String::new());
                        } else {
                            data = Some((id, String::new()));
                            inside = Inside::Data;
                        }
                    }
                    "mrk" | "sm" | "em" => {}
                    "ph" | "pc" | "sc" if inside == Inside::Source => {
                        if let (Some(unit), Some(id)) = (unit.as_mut(), attribute(&element, "id")) {
                            unit.source_codes.insert(id, name != "ph");
                        }
                    }
                    "ph" | "pc" | "sc" | "ec" if inside == Inside::Target => {
                        let id = attribute(&element, "id").unwrap_or_default();
                        let token = match name.as_str() {
                            "ph" => Token::Ph {
                                id,
                                data: attribute(&element, "dataRef"),
                            },
                            "pc" => Token::PcStart {
                                id,
                                start: attribute(&element, "dataRefStart"),
                                end: attribute(&element, "dataRefEnd"),
                            },
                            "sc" => Token::Sc {
                                id,
                                data: attribute(&element, "dataRef"),
                                isolated: attribute(&element, "isolated").as_deref() == Some("yes"),
                            },
                            _ => Token::Ec {
                                start: attribute(&element, "startRef"),
                                data: attribute(&element, "dataRef"),
                                isolated: attribute(&element, "isolated").as_deref() == Some("yes"),
                            },
                        };
                        push_token(&mut piece, token);
                        if name == "pc" && empty {
                            push_token(&mut piece, Token::PcEnd);
                        }
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
                    "pc" if inside == Inside::Target => push_token(&mut piece, Token::PcEnd),
                    "data" if inside == Inside::Data => {
                        inside = Inside::Other;
                        if let Some((id, text)) = data.take() {
                            record_data(unit.as_mut(), &mut problems, "", id, text);
                        }
                    }
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
                push_text(&mut piece, &mut data, inside, &content.xml10_content());
            }
            Event::CData(content) if foreign == 0 && inside != Inside::Other => {
                push_text(&mut piece, &mut data, inside, &content.into_inner());
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
                    Some(text) => push_text(&mut piece, &mut data, inside, &text),
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

fn push_text(
    piece: &mut Option<Piece>,
    data: &mut Option<(String, String)>,
    inside: Inside,
    text: &str,
) {
    if inside == Inside::Data {
        if let Some((_, data)) = data {
            data.push_str(text);
        }
        return;
    }
    let Some(piece) = piece else { return };
    match inside {
        Inside::Source => piece.source.push_str(text),
        Inside::Target => {
            let tokens = piece.target.get_or_insert_with(Vec::new);
            if let Some(Token::Text(last)) = tokens.last_mut() {
                last.push_str(text);
            } else {
                tokens.push(Token::Text(text.to_string()));
            }
        }
        Inside::Other | Inside::Data => {}
    }
}

fn push_token(piece: &mut Option<Piece>, token: Token) {
    if let Some(piece) = piece {
        piece.target.get_or_insert_with(Vec::new).push(token);
    }
}

/// Keeps one `<data>` of the unit's `<originalData>`.
fn record_data(
    unit: Option<&mut Unit>,
    problems: &mut Vec<String>,
    in_unit: &str,
    id: String,
    text: String,
) {
    let Some(unit) = unit else { return };
    if unit.data.insert(id.clone(), text).is_some() {
        let in_unit = if in_unit.is_empty() {
            format!("unit `{}` (line {})", unit.id, unit.line)
        } else {
            in_unit.to_string()
        };
        problems.push(format!("{in_unit}: <data id=\"{id}\"> given twice"));
    }
}

/// Whether a target holds anything: text other than whitespace, or a code.
fn is_translated(tokens: &[Token]) -> bool {
    tokens.iter().any(|token| match token {
        Token::Text(text) => !text.trim().is_empty(),
        _ => true,
    })
}

/// The unit's translation: every segment's target in order, or none if no segment has one.
fn join(unit: &Unit) -> Result<Option<Target>, String> {
    let segments: Vec<&Piece> = unit.pieces.iter().filter(|p| p.segment).collect();
    let translated = segments
        .iter()
        .filter(|p| p.target.as_deref().is_some_and(is_translated))
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
    let mut slots: Vec<Option<Vec<Token>>> = vec![None; unit.pieces.len()];
    for (position, piece) in unit.pieces.iter().enumerate() {
        // Every segment has a target here; an ignorable without one keeps its source.
        let tokens = piece
            .target
            .clone()
            .unwrap_or_else(|| vec![Token::Text(piece.source.clone())]);
        let slot = piece.order.map_or(position, |order| order.wrapping_sub(1));
        match slots.get_mut(slot) {
            Some(free @ None) => *free = Some(tokens),
            _ => {
                return Err(format!(
                    "the `order` of its targets is not one place each (1 to {})",
                    unit.pieces.len()
                ));
            }
        }
    }
    let (text, codes) = markdown(unit, slots.into_iter().flatten().flatten())?;
    let reviewed = segments
        .iter()
        .all(|p| matches!(p.state.as_str(), "translated" | "reviewed" | "final"));
    Ok(Some(Target {
        id: unit.id.clone(),
        text,
        reviewed,
        line: unit.line,
        codes: Some(codes),
    }))
}

/// A paired code open while a target is read back.
struct Open {
    id: String,
    /// A `<pc>`'s closing Markdown; none for an `<sc>`, whose `<ec>` brings its own.
    end: Option<String>,
    /// Its place in the code marks, to complete an `<sc>`'s when its `<ec>` comes.
    mark: usize,
}

/// A target's text with each code replaced by the Markdown it stands for, and its codes in
/// order; or why its codes cannot stand for the source's.
fn markdown(
    unit: &Unit,
    tokens: impl Iterator<Item = Token>,
) -> Result<(String, Vec<CodeMark>), String> {
    let mut text = String::new();
    let mut marks = Vec::new();
    let mut seen = HashSet::new();
    let mut open: Vec<Open> = Vec::new();
    let check = |id: &str, paired: bool, seen: &mut HashSet<String>| -> Result<(), String> {
        match unit.source_codes.get(id) {
            None if id.is_empty() => Err("an inline code without an id".to_string()),
            None => Err(format!(
                "inline code `{id}` is no code of the source (an unknown code id)"
            )),
            Some(&in_source) if in_source != paired => Err(format!(
                "code `{id}` is {} in the source but {} in the translation",
                if in_source { "paired" } else { "a <ph>" },
                if paired { "paired" } else { "a <ph>" }
            )),
            Some(_) if !seen.insert(id.to_string()) => Err(format!(
                "code `{id}` appears twice in the translation (a duplicated code)"
            )),
            Some(_) => Ok(()),
        }
    };
    let data = |id: &str, reference: &Option<String>| -> Result<String, String> {
        let Some(reference) = reference else {
            return Err(format!("code `{id}` refers to no original data"));
        };
        unit.data.get(reference).cloned().ok_or_else(|| {
            format!("code `{id}` refers to data `{reference}`, which <originalData> does not hold")
        })
    };
    for token in tokens {
        match token {
            Token::Text(more) => text.push_str(&more),
            Token::Ph {
                id,
                data: reference,
            } => {
                check(&id, false, &mut seen)?;
                let markdown = data(&id, &reference)?;
                text.push_str(&markdown);
                marks.push(CodeMark::Standalone(markdown));
            }
            Token::PcStart { id, start, end } => {
                check(&id, true, &mut seen)?;
                let (start, end) = (data(&id, &start)?, data(&id, &end)?);
                text.push_str(&start);
                marks.push(CodeMark::Open(start, end.clone()));
                open.push(Open {
                    id,
                    end: Some(end),
                    mark: marks.len() - 1,
                });
            }
            Token::PcEnd => match open.pop() {
                Some(Open { end: Some(end), .. }) => {
                    text.push_str(&end);
                    marks.push(CodeMark::Close);
                }
                Some(inner) => {
                    return Err(format!(
                        "a <pc> ends while code `{}`, opened inside it, is still open (misnested \
                         codes)",
                        inner.id
                    ));
                }
                None => return Err("a </pc> closes no code".into()),
            },
            Token::Sc { id, isolated, .. }
            | Token::Ec {
                start: Some(id),
                isolated,
                ..
            } if isolated => {
                return Err(format!(
                    "code `{id}` is isolated (its other half is in another unit): a unit's \
                     codes must open and close within it"
                ));
            }
            Token::Sc {
                id,
                data: reference,
                ..
            } => {
                check(&id, true, &mut seen)?;
                let start = data(&id, &reference)?;
                text.push_str(&start);
                marks.push(CodeMark::Open(start, String::new()));
                open.push(Open {
                    id,
                    end: None,
                    mark: marks.len() - 1,
                });
            }
            Token::Ec {
                start,
                data: reference,
                ..
            } => {
                let start = start.unwrap_or_default();
                let at = open.iter().rposition(|o| o.id == start && o.end.is_none());
                match at {
                    Some(at) if at + 1 == open.len() => {
                        let closed = open.pop().expect("found above");
                        let end = data(&start, &reference)?;
                        if let CodeMark::Open(_, slot) = &mut marks[closed.mark] {
                            *slot = end.clone();
                        }
                        text.push_str(&end);
                        marks.push(CodeMark::Close);
                    }
                    Some(at) => {
                        return Err(format!(
                            "code `{start}` closes before code `{}`, opened inside it (misnested \
                             codes)",
                            open[at + 1].id
                        ));
                    }
                    None => {
                        return Err(format!(
                            "an <ec> closes code `{start}`, which is not open (unbalanced codes)"
                        ));
                    }
                }
            }
        }
    }
    if let Some(unclosed) = open.first() {
        return Err(format!(
            "code `{}` is opened but never closed (unbalanced codes)",
            unclosed.id
        ));
    }
    Ok((text, marks))
}
