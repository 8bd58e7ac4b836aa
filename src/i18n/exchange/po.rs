//! Reading gettext PO back from a CAT tool.
//!
//! A strict reader of its own rather than polib's lenient one (which panics on some malformed
//! lines and keeps the last of two entries with one msgctxt): every line is either a comment, a
//! keyword with one quoted string, or a continuation string, and anything else is refused with
//! its line. agendoc names every entry by `msgctxt`, so an entry without one, a msgctxt given
//! twice, plural forms (`msgid_plural`, `msgstr[n]`, which agendoc never exports) and an escape
//! other than C's (`\n`, `\t`, `\"`, `\\`, …) are refused. Obsolete entries (`#~`, which msgmerge
//! and Weblate keep at the end of a file for entries gone from the template) are ignored with a
//! note: they are no translation of anything current.

use std::collections::HashMap;

use super::{Exchange, Target};

/// The keywords of an entry, in the order a PO file writes them.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Field {
    Context,
    Id,
    IdPlural,
    Str,
    StrPlural,
}

/// The entry being read.
#[derive(Default)]
struct Entry {
    line: usize,
    fuzzy: bool,
    context: Option<String>,
    id: Option<String>,
    plural: bool,
    translation: Option<String>,
    last: Option<Field>,
}

impl Entry {
    fn is_empty(&self) -> bool {
        self.last.is_none() && !self.fuzzy
    }
}

pub(super) fn read(text: &str) -> Result<Exchange, Vec<String>> {
    let mut reader = Reader {
        exchange: Exchange::new("PO"),
        problems: Vec::new(),
        contexts: HashMap::new(),
        header_seen: false,
    };
    let mut entry = Entry::default();
    let mut in_obsolete = false;
    for (index, raw) in text.split('\n').enumerate() {
        let number = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw).trim();
        if line.starts_with("#~") {
            if !in_obsolete {
                reader
                    .exchange
                    .notes
                    .push(format!("line {number}: obsolete entry (`#~`) ignored"));
            }
            in_obsolete = true;
            continue;
        }
        in_obsolete = false;
        if line.is_empty() {
            reader.finish(&mut entry);
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if entry.last.is_some() {
                reader.finish(&mut entry);
            }
            if let Some(flags) = comment.strip_prefix(',') {
                entry.fuzzy |= flags.split(',').any(|flag| flag.trim() == "fuzzy");
                if entry.line == 0 {
                    entry.line = number;
                }
            }
            continue;
        }
        let (field, rest) = match keyword(line) {
            Some(found) => found,
            None if line.starts_with('"') => match entry.last {
                Some(field) => (field, line),
                None => {
                    reader
                        .problems
                        .push(format!("line {number}: a string that continues no keyword"));
                    continue;
                }
            },
            None => {
                let shown: String = line.chars().take(40).collect();
                reader
                    .problems
                    .push(format!("line {number}: not PO syntax: `{shown}`"));
                continue;
            }
        };
        let value = match unquote(rest) {
            Ok(value) => value,
            Err(problem) => {
                reader.problems.push(format!("line {number}: {problem}"));
                continue;
            }
        };
        let continuation = line.starts_with('"');
        if !continuation {
            // A keyword that does not follow the last one in order starts the next entry.
            let starts_next = entry.last.is_some_and(|last| {
                field != Field::StrPlural && (field <= last || last >= Field::Str) || field < last
            });
            if starts_next {
                reader.finish(&mut entry);
            }
            if entry.line == 0 {
                entry.line = number;
            }
            entry.last = Some(field);
        }
        let slot = match field {
            Field::Context => &mut entry.context,
            Field::Id => &mut entry.id,
            Field::IdPlural | Field::StrPlural => {
                entry.plural = true;
                continue;
            }
            Field::Str => &mut entry.translation,
        };
        if !continuation && slot.is_some() {
            reader
                .problems
                .push(format!("line {number}: a keyword given twice in one entry"));
        }
        slot.get_or_insert_with(String::new).push_str(&value);
    }
    reader.finish(&mut entry);
    if !reader.header_seen && reader.problems.is_empty() {
        reader.problems.push(
            "no header entry (`msgid \"\"`) naming the document (`Project-Id-Version`) and the \
             language (`Language`): not an agendoc PO file"
                .into(),
        );
    } else if reader.header_seen
        && (reader.exchange.document.is_empty() || reader.exchange.target_lang.is_empty())
    {
        reader.problems.push(
            "the header names no document (`Project-Id-Version`) or no language (`Language`)"
                .into(),
        );
    }
    if reader.problems.is_empty() {
        Ok(reader.exchange)
    } else {
        Err(reader.problems)
    }
}

/// The keyword a line starts with and the rest of the line.
fn keyword(line: &str) -> Option<(Field, &str)> {
    let (word, rest) = line.split_once([' ', '\t'])?;
    let field = match word {
        "msgctxt" => Field::Context,
        "msgid" => Field::Id,
        "msgid_plural" => Field::IdPlural,
        "msgstr" => Field::Str,
        plural if plural.starts_with("msgstr[") => Field::StrPlural,
        _ => return None,
    };
    Some((field, rest.trim_start()))
}

/// The text of one C-style quoted string that makes up the whole of `quoted`.
fn unquote(quoted: &str) -> Result<String, String> {
    let inner = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .filter(|_| quoted.len() >= 2)
        .ok_or_else(|| {
            "a string must be written in double quotes, alone on its line".to_string()
        })?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let escaped = match chars.next() {
                    Some('n') => '\n',
                    Some('t') => '\t',
                    Some('r') => '\r',
                    Some('"') => '"',
                    Some('\\') => '\\',
                    Some('a') => '\u{7}',
                    Some('b') => '\u{8}',
                    Some('f') => '\u{c}',
                    Some('v') => '\u{b}',
                    Some('\'') => '\'',
                    Some('?') => '?',
                    Some(other) => {
                        return Err(format!(
                            "unknown escape `\\{other}` in a string (PO knows \\n, \\t, \\\", \\\\ …)"
                        ));
                    }
                    None => return Err("a string ends with a lone backslash".into()),
                };
                out.push(escaped);
            }
            '"' => return Err("a `\"` inside a string must be escaped as `\\\"`".into()),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// What reading a PO file has found so far.
struct Reader {
    exchange: Exchange,
    problems: Vec<String>,
    /// The line of each msgctxt seen, to name both places of one given twice.
    contexts: HashMap<String, usize>,
    header_seen: bool,
}

impl Reader {
    /// Ends the entry being read: the header, a translation, or a problem.
    fn finish(&mut self, entry: &mut Entry) {
        let done = std::mem::take(entry);
        if done.is_empty() {
            return;
        }
        let line = done.line;
        let Some(id) = done.id else {
            self.problems
                .push(format!("line {line}: an entry without msgid"));
            return;
        };
        if done.plural {
            let entry = done.context.map_or_else(
                || format!("line {line}"),
                |context| format!("entry `{context}` (line {line})"),
            );
            self.problems.push(format!(
                "{entry}: plural forms (msgid_plural, msgstr[n]) are not used by \
             agendoc; an entry has one msgstr"
            ));
            return;
        }
        let Some(translation) = done.translation else {
            self.problems
                .push(format!("line {line}: an entry without msgstr"));
            return;
        };
        let Some(context) = done.context else {
            if id.is_empty() && !self.header_seen {
                self.header_seen = true;
                read_header(&translation, line, &mut self.exchange, &mut self.problems);
            } else if id.is_empty() {
                self.problems
                    .push(format!("line {line}: a second header entry (`msgid \"\"`)"));
            } else {
                let shown: String = id.chars().take(40).collect();
                self.problems.push(format!(
                    "line {line}: the entry `{shown}` has no msgctxt; agendoc names every entry by \
                 its msgctxt"
                ));
            }
            return;
        };
        if let Some(first) = self.contexts.get(&context) {
            self.problems.push(format!(
                "entry `{context}` appears twice (msgctxt on lines {first} and {line})"
            ));
            return;
        }
        self.contexts.insert(context.clone(), line);
        if !translation.trim().is_empty() {
            self.exchange.targets.push(Target {
                id: context,
                text: translation,
                reviewed: !done.fuzzy,
                line,
                codes: None,
            });
        }
    }
}

fn read_header(header: &str, line: usize, exchange: &mut Exchange, problems: &mut Vec<String>) {
    for field in header.lines() {
        let Some((name, value)) = field.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim() {
            "Project-Id-Version" => exchange.document = value.to_string(),
            "Language" => exchange.target_lang = value.to_string(),
            "Content-Type" => {
                let charset = value
                    .split(';')
                    .find_map(|part| part.trim().strip_prefix("charset="))
                    .unwrap_or("UTF-8");
                if !charset.eq_ignore_ascii_case("utf-8") && charset != "CHARSET" {
                    problems.push(format!(
                        "line {line}: the header declares charset `{charset}`; agendoc reads \
                         UTF-8 only"
                    ));
                }
            }
            _ => {}
        }
    }
}
