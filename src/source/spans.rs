//! Where each key and value of a YAML file is, from a parser that keeps positions.
//!
//! serde_yaml deserializes the typed `Raw…` structs but forgets positions once it succeeds, so
//! later stages (a duplicate id, an unknown fact, a broken `{{ … }}` in one entry) could only
//! guess a span by searching the text. [`YamlSpans`] is built from saphyr-parser's event stream
//! instead: every node is indexed by its path from the root (`entries/title`,
//! `body/3/content/0/para`, `annex/parts/1/items/4/id`), with the span of its key and of its
//! value, so a diagnostic points at exactly the node it is about. The same pass finds keys that
//! a mapping repeats, which serde_yaml would otherwise keep silently.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle};

/// The spans of one node: its key in the parent mapping (none for sequence entries and the
/// root) and its value.
///
/// The parser's value spans are exact for plain scalars, aliases and collections; a quoted
/// scalar's may run on over a comment that follows it, and a block scalar's starts at its first
/// line of content, not at its `|` or `>`. [`super::edit`] finds the exact ends from `written`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeSpan {
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
    pub written: Written,
}

/// How a node is written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// A `|` block scalar.
    Literal,
    /// A `>` block scalar.
    Folded,
    Alias,
    /// An indented mapping or sequence.
    Block,
    /// A `{ … }` mapping or `[ … ]` sequence.
    Flow,
}

/// A key repeated in one mapping: the second occurrence's span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    pub key: String,
    pub span: Range<usize>,
}

/// Every node of one YAML file by path, in byte offsets of the file's text.
#[derive(Debug, Default)]
pub struct YamlSpans {
    nodes: HashMap<String, NodeSpan>,
    /// The keys of every mapping, by the mapping's path, in the order the file writes them.
    keys: HashMap<String, Vec<String>>,
    pub duplicates: Vec<DuplicateKey>,
    /// Whether the parser read the whole file (else the index is empty).
    pub complete: bool,
}

/// One open collection while the events are read.
enum Frame {
    Mapping {
        path: String,
        start: usize,
        key: Option<Range<usize>>,
        written: Written,
        /// The key just read, waiting for its value.
        pending: Option<(String, Range<usize>)>,
        seen: Vec<String>,
    },
    Sequence {
        path: String,
        start: usize,
        key: Option<Range<usize>>,
        written: Written,
        next: usize,
    },
}

impl YamlSpans {
    /// Indexes `text`; a file the parser refuses gets an empty index (serde_yaml reports the
    /// syntax error itself, with its position).
    pub fn index(text: &str) -> YamlSpans {
        // The parser does not see a byte-order mark; offsets are shifted past it.
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        let offsets = CharOffsets::new(body, text.len() - body.len());
        let mut spans = YamlSpans::default();
        let mut stack: Vec<Frame> = Vec::new();
        for event in Parser::new_from_str(body) {
            let Ok((event, span)) = event else {
                return YamlSpans::default();
            };
            let start = offsets.byte(span.start.index());
            let end = offsets.byte(span.end.index());
            match event {
                Event::Scalar(value, style, ..) => {
                    let range = start..end.max(start);
                    if let Some(Frame::Mapping { pending, seen, .. }) = stack.last_mut()
                        && pending.is_none()
                    {
                        if seen.iter().any(|k| *k == *value) {
                            spans.duplicates.push(DuplicateKey {
                                key: value.to_string(),
                                span: range.clone(),
                            });
                        } else {
                            seen.push(value.to_string());
                        }
                        *pending = Some((value.to_string(), range));
                        continue;
                    }
                    let (path, key) = child(&mut stack);
                    let written = match style {
                        ScalarStyle::Plain => Written::Plain,
                        ScalarStyle::SingleQuoted => Written::SingleQuoted,
                        ScalarStyle::DoubleQuoted => Written::DoubleQuoted,
                        ScalarStyle::Literal => Written::Literal,
                        ScalarStyle::Folded => Written::Folded,
                    };
                    spans.nodes.insert(
                        path,
                        NodeSpan {
                            key,
                            value: range,
                            written,
                        },
                    );
                }
                Event::Alias(_) => {
                    let (path, key) = child(&mut stack);
                    spans.nodes.insert(
                        path,
                        NodeSpan {
                            key,
                            value: start..end,
                            written: Written::Alias,
                        },
                    );
                }
                Event::MappingStart(..) => {
                    let (path, key) = child(&mut stack);
                    stack.push(Frame::Mapping {
                        path,
                        start,
                        key,
                        written: collection_style(body_text(text, start), '{'),
                        pending: None,
                        seen: Vec::new(),
                    });
                }
                Event::SequenceStart(..) => {
                    let (path, key) = child(&mut stack);
                    stack.push(Frame::Sequence {
                        path,
                        start,
                        key,
                        written: collection_style(body_text(text, start), '['),
                        next: 0,
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    let (path, start, key, written) = match stack.pop() {
                        Some(Frame::Mapping {
                            path,
                            start,
                            key,
                            written,
                            seen,
                            ..
                        }) => {
                            spans.keys.insert(path.clone(), seen);
                            (path, start, key, written)
                        }
                        Some(Frame::Sequence {
                            path,
                            start,
                            key,
                            written,
                            ..
                        }) => (path, start, key, written),
                        None => continue,
                    };
                    let value = start..end.max(start);
                    spans.nodes.insert(
                        path,
                        NodeSpan {
                            key,
                            value,
                            written,
                        },
                    );
                }
                Event::StreamEnd => spans.complete = true,
                _ => {}
            }
        }
        spans
    }

    /// Whether the node at `path` is a mapping.
    pub fn is_mapping(&self, path: &str) -> bool {
        self.keys.contains_key(path)
    }

    /// The keys of the mapping at `path`, in file order (a repeated key once).
    pub fn keys(&self, path: &str) -> &[String] {
        self.keys.get(path).map_or(&[], Vec::as_slice)
    }

    /// The spans of the node at `path` (segments joined with `/`).
    pub fn node(&self, path: &str) -> Option<&NodeSpan> {
        self.nodes.get(path)
    }

    /// The span of the node's key if it has one, else of its value.
    pub fn key(&self, path: &str) -> Option<Range<usize>> {
        self.node(path)
            .map(|node| node.key.clone().unwrap_or_else(|| node.value.clone()))
    }

    /// The span of the node's value.
    pub fn value(&self, path: &str) -> Option<Range<usize>> {
        self.node(path).map(|node| node.value.clone())
    }
}

/// The text from byte `at` of the file (past a byte-order mark the parser did not see).
fn body_text(text: &str, at: usize) -> &str {
    text.get(at..).unwrap_or("")
}

/// A collection that starts at its opening bracket (after an anchor or a tag) is a flow
/// collection.
fn collection_style(mut from: &str, open: char) -> Written {
    while from.starts_with(['&', '!']) {
        let token = from.find(char::is_whitespace).unwrap_or(from.len());
        from = from[token..].trim_start();
    }
    if from.starts_with(open) {
        Written::Flow
    } else {
        Written::Block
    }
}

/// The path and key span of the next child of the innermost open collection.
fn child(stack: &mut [Frame]) -> (String, Option<Range<usize>>) {
    match stack.last_mut() {
        None => (String::new(), None),
        Some(Frame::Mapping { path, pending, .. }) => match pending.take() {
            Some((name, span)) => (join(path, &name), Some(span)),
            // A complex key (a mapping used as a key); never valid in agendoc's files.
            None => (join(path, "?"), None),
        },
        Some(Frame::Sequence { path, next, .. }) => {
            let index = *next;
            *next += 1;
            (join(path, &index.to_string()), None)
        }
    }
}

fn join(path: &str, segment: &str) -> String {
    if path.is_empty() {
        segment.to_string()
    } else {
        format!("{path}/{segment}")
    }
}

/// Maps the parser's character indices to byte offsets of the file.
struct CharOffsets {
    /// Byte offset of every character, or empty when the text is ASCII (then they are equal).
    bytes: Vec<usize>,
    len: usize,
    /// Bytes before the parsed text (a byte-order mark).
    base: usize,
}

impl CharOffsets {
    fn new(text: &str, base: usize) -> CharOffsets {
        let bytes = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(at, _)| at).collect()
        };
        CharOffsets {
            bytes,
            len: text.len(),
            base,
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        let offset = if self.bytes.is_empty() {
            char_index.min(self.len)
        } else {
            self.bytes.get(char_index).copied().unwrap_or(self.len)
        };
        self.base + offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_keys_and_values_by_path() {
        let text = "name: x\nbody:\n  - section: s1\n    content:\n      - para: 基加利\n      - para: p2\n";
        let spans = YamlSpans::index(text);
        let at = |s: &str| text.find(s).unwrap();
        assert_eq!(spans.key("name"), Some(0..4));
        assert_eq!(spans.value("name"), Some(6..7));
        assert_eq!(
            spans.value("body/0/content/1/para"),
            Some(at("p2")..at("p2") + 2)
        );
        assert_eq!(
            spans.value("body/0/content/0/para"),
            Some(at("基加利")..at("基加利") + "基加利".len())
        );
        assert_eq!(spans.value("body/0/section"), Some(at("s1")..at("s1") + 2));
    }

    #[test]
    fn finds_repeated_keys() {
        let text = "entries:\n  a: 1\n  b: 2\n  a: 3\n";
        let spans = YamlSpans::index(text);
        assert_eq!(
            spans.duplicates,
            [DuplicateKey {
                key: "a".into(),
                span: 25..26
            }]
        );
    }

    #[test]
    fn keeps_key_order_and_how_each_value_is_written() {
        let text =
            "entries:\n  z: \"q\"\n  a: |\n    block\n  m: plain\nflow: &f { x: 'y' }\nlist: [1]\n";
        let spans = YamlSpans::index(text);
        assert!(spans.complete);
        assert_eq!(spans.keys("entries"), ["z", "a", "m"]);
        assert_eq!(spans.keys(""), ["entries", "flow", "list"]);
        let written = |path: &str| spans.node(path).unwrap().written;
        assert_eq!(written("entries/z"), Written::DoubleQuoted);
        assert_eq!(written("entries/a"), Written::Literal);
        assert_eq!(written("entries/m"), Written::Plain);
        assert_eq!(written("entries"), Written::Block);
        assert_eq!(written("flow"), Written::Flow);
        assert_eq!(written("flow/x"), Written::SingleQuoted);
        assert_eq!(written("list"), Written::Flow);
        assert!(!YamlSpans::index("a: [").complete);
    }

    #[test]
    fn quoted_keys_and_flow_mappings() {
        let text = "facts:\n  \"d\": { date: 2022-02-30 }\n";
        let spans = YamlSpans::index(text);
        let at = text.find("2022").unwrap();
        assert_eq!(spans.value("facts/d/date"), Some(at..at + 10));
    }
}
