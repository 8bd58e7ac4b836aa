//! Editing a YAML file in place: values of one top-level mapping replaced or added where the
//! parser says they are, every other byte of the file kept.
//!
//! `agendoc i18n import` writes translations into `text/<lang>.yaml`, a file people also edit by
//! hand: its comments, blank lines, key order and block scalars are theirs, and the diff of an
//! import should show only the entries that changed. A line-based edit cannot tell `title:` under
//! `entries:` from `title:` under `translated-from:`, nor the lines of a `|` block from the next
//! entry; this module edits at the spans of [`YamlSpans`] instead. A value is replaced from its
//! first byte (anchor, tag or block indicator included) to its last by a double-quoted scalar
//! that escapes everything a YAML reader could fold or refuse; a new key goes on a line of its
//! own after the nearest key before it in the document's order.
//!
//! ```text
//! entries:                     entries:
//!   a: |                         a: "Un\nDeux\n"
//!     Un              →          b: "Trois"
//!     Deux                       c: x
//!   c: x
//! ```
//!
//! The caller still reads the result back with the normal loader before writing it: an edit this
//! module got wrong is refused, never written.

use std::collections::BTreeMap;
use std::ops::Range;

use super::spans::{NodeSpan, Written, YamlSpans};

/// How the values written by [`set_values`] look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueStyle {
    /// Always `"…"`: text entries.
    DoubleQuoted,
    /// Bare where YAML reads it back as the same string (`1b01e4295f7968ae`), else `"…"`:
    /// fingerprints.
    PlainWhereSafe,
}

/// One replacement of `range` by `text`; `rank` orders insertions at one offset.
struct Edit {
    range: Range<usize>,
    rank: usize,
    text: String,
}

/// Sets `values` in the top-level mapping `mapping` of `text`: an existing key's value is
/// replaced, a missing key is inserted after the nearest key before it in `order` (keys absent
/// from `order` go last), a missing mapping is appended at the end of the file. The error says
/// why the file cannot be edited this way (it is not valid YAML, `mapping` is a flow mapping that
/// would need a new key, an entry is a list…).
pub fn set_values(
    text: &str,
    mapping: &str,
    values: &BTreeMap<String, String>,
    order: &[String],
    style: ValueStyle,
) -> Result<String, String> {
    if values.is_empty() {
        return Ok(text.to_string());
    }
    let spans = YamlSpans::index(text);
    if !spans.complete || !spans.is_mapping("") {
        return Err("the file is not a valid YAML mapping".into());
    }
    if spans
        .node("")
        .is_some_and(|root| root.written == Written::Flow)
    {
        return Err("the file is one flow mapping `{ … }`; write it as indented keys".into());
    }
    let wanted = in_order(values, order);
    // New lines end as the file's lines do.
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut edits = Vec::new();
    match spans.node(mapping) {
        None => {
            refuse_an_open_last_block(text, &spans)?;
            if text.lines().any(|line| line.starts_with("...")) {
                return Err("the file ends its YAML document with `...`: remove that line".into());
            }
            let indent = match spans.keys("").first() {
                Some(first) => indentation(text, child_node(&spans, "", first)?)?,
                None => String::new(),
            };
            let mut block = String::new();
            if !text.is_empty() && !text.ends_with('\n') {
                block.push_str(newline);
            }
            block.push_str(&format!("{indent}{}:{newline}", plain_or_quoted(mapping)));
            for (key, value) in &wanted {
                block.push_str(&entry_line(
                    &format!("{indent}  "),
                    key,
                    value,
                    style,
                    newline,
                ));
            }
            edits.push(Edit {
                range: text.len()..text.len(),
                rank: 0,
                text: block,
            });
        }
        Some(node) if spans.is_mapping(mapping) => {
            let present = spans.keys(mapping);
            for (rank, (key, value)) in wanted.iter().enumerate() {
                if present.iter().any(|k| k == *key) {
                    let child = child_node(&spans, mapping, key)?;
                    let range = value_range(text, child)
                        .map_err(|why| format!("`{mapping}/{key}` {why}"))?
                        .replace;
                    let mut new = scalar(value, style);
                    if range.is_empty() && text[..range.start].ends_with(':') {
                        new.insert(0, ' ');
                    }
                    edits.push(Edit {
                        range,
                        rank,
                        text: new,
                    });
                    continue;
                }
                if node.written == Written::Flow {
                    return Err(format!(
                        "`{mapping}:` is written as a flow mapping `{{ … }}`, so `{key}` cannot be \
                         added to it; write it as an indented (block) mapping"
                    ));
                }
                let position = order.iter().position(|k| k == *key);
                let before = position.map_or(present.last(), |at| {
                    order[..at].iter().rev().find(|k| present.contains(*k))
                });
                let (at, indent) = match before {
                    Some(previous) => {
                        let child = child_node(&spans, mapping, previous)?;
                        let after = value_range(text, child)
                            .map_err(|why| format!("`{mapping}/{previous}` {why}"))?
                            .insert_after;
                        (after, indentation(text, child)?)
                    }
                    None => {
                        let first = present.first().ok_or("an empty mapping")?;
                        let child = child_node(&spans, mapping, first)?;
                        let key = child.key.clone().unwrap_or_else(|| child.value.clone());
                        (line_start(text, key.start), indentation(text, child)?)
                    }
                };
                let prefix = if at == text.len() && !text.ends_with('\n') {
                    refuse_an_open_last_block(text, &spans)?;
                    newline
                } else {
                    ""
                };
                edits.push(Edit {
                    range: at..at,
                    rank,
                    text: format!(
                        "{prefix}{}",
                        entry_line(&indent, key, value, style, newline)
                    ),
                });
            }
        }
        Some(node) if is_null(text, node) => {
            // `entries:` with nothing under it yet (a file just created).
            let key = node.key.clone().ok_or("the mapping has no key")?;
            let colon = text[key.end..]
                .find(':')
                .map(|at| key.end + at + 1)
                .ok_or("no `:` after the key")?;
            edits.push(Edit {
                range: colon..node.value.end.max(colon),
                rank: 0,
                text: String::new(),
            });
            let at = line_end(text, node.value.end.max(colon));
            let mut block = if at == text.len() && !text.ends_with('\n') {
                newline.to_string()
            } else {
                String::new()
            };
            let indent = format!("{}  ", indentation(text, node)?);
            for (key, value) in &wanted {
                block.push_str(&entry_line(&indent, key, value, style, newline));
            }
            edits.push(Edit {
                range: at..at,
                rank: 1,
                text: block,
            });
        }
        Some(_) => return Err(format!("`{mapping}:` holds no mapping")),
    }
    apply(text, edits)
}

/// A file that ends inside a block scalar without a final line break cannot grow at its end: the
/// line break the new lines need would become part of that value (`|` and `|+` keep it).
fn refuse_an_open_last_block(text: &str, spans: &YamlSpans) -> Result<(), String> {
    if text.ends_with('\n') {
        return Ok(());
    }
    let mut path = String::new();
    while let Some(last) = spans.keys(&path).last() {
        path = if path.is_empty() {
            last.clone()
        } else {
            format!("{path}/{last}")
        };
    }
    match spans.node(&path).map(|node| node.written) {
        Some(Written::Literal | Written::Folded) => Err(format!(
            "the file ends in the `|` or `>` block of `{path}` without a final line break; add \
             one, then import again"
        )),
        _ => Ok(()),
    }
}

/// `values` in the order of `order`, those it lacks last.
fn in_order<'a>(
    values: &'a BTreeMap<String, String>,
    order: &[String],
) -> Vec<(&'a String, &'a String)> {
    let mut wanted: Vec<_> = values.iter().collect();
    wanted.sort_by_key(|(key, _)| order.iter().position(|k| k == *key).unwrap_or(usize::MAX));
    wanted
}

fn child_node<'a>(spans: &'a YamlSpans, mapping: &str, key: &str) -> Result<&'a NodeSpan, String> {
    let path = if mapping.is_empty() {
        key.to_string()
    } else {
        format!("{mapping}/{key}")
    };
    spans
        .node(&path)
        .ok_or_else(|| format!("`{mapping}/{key}` has no position"))
}

fn apply(text: &str, mut edits: Vec<Edit>) -> Result<String, String> {
    edits.sort_by_key(|edit| (edit.range.start, edit.rank));
    let mut out =
        String::with_capacity(text.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut cursor = 0;
    for edit in edits {
        if edit.range.start < cursor || edit.range.end > text.len() {
            return Err("two edits overlap".into());
        }
        out.push_str(&text[cursor..edit.range.start]);
        out.push_str(&edit.text);
        cursor = edit.range.end;
    }
    out.push_str(&text[cursor..]);
    Ok(out)
}

/// Where a value is: the bytes to replace, and where a line after it may be inserted.
struct ValueRange {
    replace: Range<usize>,
    insert_after: usize,
}

fn value_range(text: &str, node: &NodeSpan) -> Result<ValueRange, String> {
    let start = node.value.start.min(text.len());
    let replace = match node.written {
        // An empty value (`key:` with nothing, or only a comment, after it) has its span at the
        // colon; the new value goes after it.
        Written::Plain if node.value.is_empty() && text[start..].starts_with(':') => {
            start + 1..start + 1
        }
        Written::Plain | Written::Alias => start..node.value.end.clamp(start, text.len()),
        Written::SingleQuoted | Written::DoubleQuoted => {
            let quote = skip_properties(text, start);
            start..quoted_end(text, quote).ok_or("has an unclosed quote")?
        }
        Written::Literal | Written::Folded => return block_scalar_range(text, node),
        Written::Block | Written::Flow => {
            return Err("is not a text but a mapping or a list".into());
        }
    };
    Ok(ValueRange {
        insert_after: line_end(text, replace.end),
        replace,
    })
}

/// A block scalar runs from its `|` or `>` (which the parser's span leaves out) to its last line
/// indented deeper than its key; its trailing blank lines belong to it only when it keeps them
/// (`|+`), and are left in place when it is replaced.
fn block_scalar_range(text: &str, node: &NodeSpan) -> Result<ValueRange, String> {
    let key = node.key.clone().ok_or("is a block scalar without a key")?;
    let key_end = if text[key.start..].starts_with(['"', '\'']) {
        quoted_end(text, key.start).ok_or("has an unclosed quote in its key")?
    } else {
        key.end
    };
    let colon = text[key_end..]
        .find(':')
        .map(|at| key_end + at + 1)
        .ok_or("has no `:` after its key")?;
    let start = skip_properties(text, colon);
    if !text[start..].starts_with(['|', '>']) {
        return Err("is a block scalar whose `|` or `>` was not found".into());
    }
    let header_len = text[start + 1..]
        .find(|c: char| !matches!(c, '+' | '-' | '1'..='9'))
        .unwrap_or(text.len() - start - 1);
    let header = &text[start + 1..start + 1 + header_len];
    let keep = header.contains('+');
    let key_indent = key.start - line_start(text, key.start);
    let explicit = header
        .chars()
        .find_map(|c| c.to_digit(10))
        .map(|d| key_indent + d as usize);
    let mut content_end = start + 1 + header_len;
    let mut indent = explicit;
    let mut at = line_end(text, start);
    while at < text.len() {
        let next = line_end(text, at);
        let line = text[at..next].trim_end_matches(['\n', '\r']);
        let spaces = line.len() - line.trim_start_matches(' ').len();
        if line.trim().is_empty() {
            at = next;
            continue;
        }
        let needed = *indent.get_or_insert(spaces);
        if spaces < needed || spaces <= key_indent {
            break;
        }
        content_end = at + line.len();
        at = next;
    }
    let insert_after = if keep {
        at
    } else {
        line_end(text, content_end)
    };
    Ok(ValueRange {
        replace: start..content_end,
        insert_after,
    })
}

/// Past a node's anchor (`&a`) and tag (`!!str`), and the spaces and line breaks after them.
fn skip_properties(text: &str, mut at: usize) -> usize {
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n']);
        at += rest.len() - trimmed.len();
        if trimmed.starts_with('#') {
            at = line_end(text, at);
            continue;
        }
        if trimmed.starts_with(['&', '!']) {
            at += trimmed
                .find(|c: char| c.is_whitespace())
                .unwrap_or(trimmed.len());
            continue;
        }
        return at;
    }
}

/// The end (past the closing quote) of the quoted scalar that opens at `at`.
fn quoted_end(text: &str, at: usize) -> Option<usize> {
    let quote = text[at..]
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\''))?;
    let mut chars = text[at + 1..].char_indices();
    while let Some((offset, c)) = chars.next() {
        match (quote, c) {
            ('"', '\\') => {
                chars.next();
            }
            ('\'', '\'') => {
                if text[at + 1 + offset + 1..].starts_with('\'') {
                    chars.next();
                } else {
                    return Some(at + 1 + offset + 1);
                }
            }
            ('"', '"') => return Some(at + 1 + offset + 1),
            _ => {}
        }
    }
    None
}

/// The spaces before a mapping key, which a new sibling key repeats.
fn indentation(text: &str, node: &NodeSpan) -> Result<String, String> {
    let key = node.key.clone().ok_or("a key without a position")?;
    let indent = &text[line_start(text, key.start)..key.start];
    if indent.chars().all(|c| c == ' ') {
        Ok(indent.to_string())
    } else {
        Err("a key that does not start its line".into())
    }
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |newline| newline + 1)
}

/// The start of the line after the one holding byte `at` (the end of the text on the last line).
fn line_end(text: &str, at: usize) -> usize {
    text[at..]
        .find('\n')
        .map_or(text.len(), |newline| at + newline + 1)
}

fn is_null(text: &str, node: &NodeSpan) -> bool {
    node.written == Written::Plain
        && matches!(
            text.get(node.value.clone()).map(str::trim),
            Some("" | "~" | "null" | "Null" | "NULL")
        )
}

fn entry_line(indent: &str, key: &str, value: &str, style: ValueStyle, newline: &str) -> String {
    format!(
        "{indent}{}: {}{newline}",
        plain_or_quoted(key),
        scalar(value, style)
    )
}

/// `text` bare where YAML reads it back as the same string (an id, a fingerprint), else
/// double-quoted.
pub fn plain_or_quoted(text: &str) -> String {
    if reads_back_plain(text) {
        text.to_string()
    } else {
        double_quoted(text)
    }
}

fn scalar(value: &str, style: ValueStyle) -> String {
    match style {
        ValueStyle::PlainWhereSafe => plain_or_quoted(value),
        ValueStyle::DoubleQuoted => double_quoted(value),
    }
}

/// Whether `text`, written bare, reads back as the same string: ids and fingerprints, not
/// `true`, `null`, `1e5` or anything with punctuation YAML gives a meaning.
fn reads_back_plain(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphanumeric())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && matches!(
            serde_yaml::from_str::<serde_yaml::Value>(text),
            Ok(serde_yaml::Value::String(read)) if read == text
        )
}

/// A YAML double-quoted scalar holding exactly `text` on one line: quotes, backslashes, control
/// characters and every character a YAML reader treats as a line break (U+0085, U+2028, U+2029)
/// or refuses (U+FEFF inside a document, U+FFFE, U+FFFF) are escaped.
pub fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' => out.push_str(&format!("\\x{:02X}", c as u32)),
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn set(text: &str, values: &[(&str, &str)], order: &[&str]) -> Result<String, String> {
        let values = values
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let order: Vec<String> = order.iter().map(|k| k.to_string()).collect();
        set_values(text, "entries", &values, &order, ValueStyle::DoubleQuoted)
    }

    fn entries(text: &str) -> BTreeMap<String, String> {
        #[derive(serde::Deserialize)]
        struct File {
            entries: BTreeMap<String, String>,
        }
        serde_yaml::from_str::<File>(text).unwrap().entries
    }

    #[test]
    fn replaces_values_of_every_style_keeping_comments() {
        let text = "# head\nentries:\n  a: \"x\" # about a\n  b: |\n    one\n    two\n\n  # about c\n  c: plain\n    two lines\n  d: 'it''s'\n  e: >-\n    folded\ntranslated-from:\n  a: 1b01e4295f7968ae\n";
        let out = set(
            text,
            &[("a", "A"), ("b", "B"), ("c", "C"), ("d", "D"), ("e", "E")],
            &["a", "b", "c", "d", "e"],
        )
        .unwrap();
        assert_eq!(
            out,
            "# head\nentries:\n  a: \"A\" # about a\n  b: \"B\"\n\n  # about c\n  c: \"C\"\n  d: \"D\"\n  e: \"E\"\ntranslated-from:\n  a: 1b01e4295f7968ae\n"
        );
    }

    #[test]
    fn inserts_a_missing_entry_after_its_predecessor_never_in_another_mapping() {
        // The entry removed from `entries:` still has its fingerprint below (the import bug).
        let text = "entries:\n  a: |\n    one\n  c: \"three\"\ntranslated-from:\n  a: x1\n  b: x2\n  c: x3\n";
        let out = set(text, &[("b", "two")], &["a", "b", "c"]).unwrap();
        assert_eq!(
            out,
            "entries:\n  a: |\n    one\n  b: \"two\"\n  c: \"three\"\ntranslated-from:\n  a: x1\n  b: x2\n  c: x3\n"
        );
        let first = set(text, &[("0", "zero")], &["0", "a", "b", "c"]).unwrap();
        assert!(
            first.starts_with("entries:\n  \"0\": \"zero\"\n  a: |"),
            "{first}"
        );
        let last = set(text, &[("z", "end")], &["a", "c"]).unwrap();
        assert!(
            last.contains("  c: \"three\"\n  z: \"end\"\ntranslated-from:"),
            "{last}"
        );
    }

    /// Found by the fuzzer: an empty value's span is its colon, and the value went before it.
    #[test]
    fn fills_an_empty_value_after_its_colon() {
        let text = "entries:\n  a: x\n  e: # only a comment\n  f:\nz: 1\n";
        let out = set(text, &[("e", "five"), ("f", "six")], &["a", "e", "f"]).unwrap();
        assert_eq!(
            out,
            "entries:\n  a: x\n  e: \"five\" # only a comment\n  f: \"six\"\nz: 1\n"
        );
    }

    #[test]
    fn new_mappings_and_entries_follow_the_file_s_indentation() {
        let values = BTreeMap::from([("a".to_string(), "1b01e4295f7968ae".to_string())]);
        let out = set_values(
            "  lang: fr\n  entries:\n    a: x\n",
            "translated-from",
            &values,
            &[],
            ValueStyle::PlainWhereSafe,
        )
        .unwrap();
        assert_eq!(
            out,
            "  lang: fr\n  entries:\n    a: x\n  translated-from:\n    a: 1b01e4295f7968ae\n"
        );
        assert_eq!(
            set("  lang: fr\n  entries:\n", &[("a", "x")], &["a"]).unwrap(),
            "  lang: fr\n  entries:\n    a: \"x\"\n"
        );
        assert!(
            set_values(
                "lang: fr\n...\n",
                "entries",
                &values,
                &[],
                ValueStyle::DoubleQuoted
            )
            .is_err()
        );
        assert!(set("{lang: fr, entries: {a: x}}", &[("a", "y")], &["a"]).is_err());
    }

    /// Found by the fuzzer: appending to a file that ends inside a block scalar, with no final
    /// line break, changed that block's value (the read-back refused it; now it is said why).
    #[test]
    fn will_not_grow_a_file_that_ends_inside_a_block() {
        let text = "lang: fr\nentries:\n  a: |+\n ";
        let values = BTreeMap::from([("a".to_string(), "x".to_string())]);
        let refused = set_values(
            text,
            "translated-from",
            &values,
            &[],
            ValueStyle::PlainWhereSafe,
        );
        assert!(
            refused
                .unwrap_err()
                .contains("`entries/a` without a final line break")
        );
        assert!(set(text, &[("b", "deux")], &["a", "b"]).is_err());
        assert!(set(&format!("{text}\n"), &[("b", "deux")], &["a", "b"]).is_ok());
    }

    #[test]
    fn keeps_trailing_lines_of_a_block_that_keeps_them() {
        let text = "entries:\n  a: |+\n    one\n\n  c: x\n";
        let out = set(text, &[("b", "two")], &["a", "b", "c"]).unwrap();
        assert_eq!(entries(&out)["a"], "one\n\n");
        assert_eq!(entries(&out)["b"], "two");
    }

    #[test]
    fn new_lines_end_as_the_file_does() {
        let out = set(
            "entries:\r\n  a: x\r\n  c: z\r\n",
            &[("b", "y")],
            &["a", "b", "c"],
        )
        .unwrap();
        assert_eq!(out, "entries:\r\n  a: x\r\n  b: \"y\"\r\n  c: z\r\n");
    }

    #[test]
    fn fills_an_empty_mapping_and_adds_a_missing_one() {
        let out = set(
            "lang: fr\nentries:\n",
            &[("b", "2"), ("a", "1")],
            &["b", "a"],
        )
        .unwrap();
        assert_eq!(out, "lang: fr\nentries:\n  b: \"2\"\n  a: \"1\"\n");
        let values = BTreeMap::from([("a".to_string(), "1b01e4295f7968ae".to_string())]);
        let out = set_values(
            "entries:\n  a: x",
            "translated-from",
            &values,
            &[],
            ValueStyle::PlainWhereSafe,
        )
        .unwrap();
        assert_eq!(
            out,
            "entries:\n  a: x\ntranslated-from:\n  a: 1b01e4295f7968ae\n"
        );
    }

    #[test]
    fn refuses_what_it_cannot_edit() {
        assert!(
            set("entries: {a: x}\n", &[("b", "y")], &["a", "b"])
                .unwrap_err()
                .contains("flow")
        );
        assert_eq!(
            set("entries: {a: x}\n", &[("a", "y")], &["a"]).unwrap(),
            "entries: {a: \"y\"}\n"
        );
        assert!(set("entries: [\n", &[("a", "y")], &["a"]).is_err());
        assert!(set("entries:\n  a:\n    - x\n", &[("a", "y")], &["a"]).is_err());
    }

    #[test]
    fn fingerprints_stay_bare_unless_yaml_would_read_a_number() {
        assert_eq!(
            scalar("1b01e4295f7968ae", ValueStyle::PlainWhereSafe),
            "1b01e4295f7968ae"
        );
        assert_eq!(
            scalar("1234567812345678", ValueStyle::PlainWhereSafe),
            "\"1234567812345678\""
        );
        assert_eq!(scalar("1.5e3", ValueStyle::PlainWhereSafe), "\"1.5e3\"");
        assert_eq!(scalar("true", ValueStyle::PlainWhereSafe), "\"true\"");
    }

    proptest! {
        #[test]
        fn any_text_reads_back_exactly(value in any::<String>(), key in "[a-z0-9][a-z0-9:.-]{0,12}") {
            let text = "entries:\n  a: |\n    one\n  z: \"last\" # c\n";
            let out = set(text, &[(&key, &value)], &["a", &key, "z"]).unwrap();
            let read = entries(&out);
            prop_assert_eq!(&read[&key], &value);
            prop_assert_eq!(read.len(), if key == "a" || key == "z" { 2 } else { 3 });
        }
    }
}
