//! The comparison: a document resolved now against the same document, in the same language,
//! resolved from an earlier state.
//!
//! Nodes are matched by id, never by position, so a paragraph inserted before others does not
//! make every later one look changed, and numbers are never compared: an item renumbered
//! because another was inserted before it carries no mark. A node only the new state has is
//! inserted, whole; one only the old state has is deleted and shown where it stood, whole, with
//! its old number. Inside a node present in both, its text is compared word by word (each Han
//! character or punctuation mark a word of its own, so Chinese is compared character by
//! character), keeping the marks (strong, emphasis, links) each word carries.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::markup::{Inline, Rich};
use crate::resolve::{Change, ResolvedDocument, ResolvedNode, ResolvedSymbol};

/// What [`mark`] found beyond the marks themselves.
#[derive(Debug, Default)]
pub struct Found {
    /// For a changed node whose changes all fall in one sentence of several: that sentence's
    /// index from 0, which a corrigendum names ("second sentence").
    pub sentence: BTreeMap<String, usize>,
}

/// Marks in `new` every change since `old`.
pub fn mark(old: &ResolvedDocument, new: &mut ResolvedDocument) -> Found {
    let mut found = Found::default();
    for (key, old_text, new_text) in [
        ("title", &old.title, &mut new.title),
        ("summary", &old.summary, &mut new.summary),
        (
            "action-required",
            &old.action_required,
            &mut new.action_required,
        ),
        ("references", &old.references, &mut new.references),
    ] {
        if let Some(diff) = diff(old_text, new_text) {
            if let Some(sentence) = diff.sentence {
                found.sentence.insert(key.to_string(), sentence);
            }
            *new_text = diff.text;
        }
    }
    for note in &mut new.footnotes {
        let before = old.footnotes.iter().find(|before| before.id == note.id);
        match before {
            Some(before) => {
                if let Some(diff) = diff(&before.text, &note.text) {
                    note.text = diff.text;
                }
            }
            None => note.text = wrap(&note.text, Change::Inserted),
        }
    }
    let mut old_nodes = HashMap::new();
    index(&old.body, &mut old_nodes);
    let mut new_ids = BTreeSet::new();
    ids(&new.body, &mut new_ids);
    let merging = Merging { old_nodes, new_ids };
    let body = std::mem::take(&mut new.body);
    new.body = merging.merge(&old.body, body, &mut found);
    found
}

struct Merging<'a> {
    old_nodes: HashMap<&'a str, &'a ResolvedNode>,
    new_ids: BTreeSet<String>,
}

impl Merging<'_> {
    /// The children of a node: the new ones, each compared with its old self, and the deleted
    /// old ones where they stood.
    fn merge(
        &self,
        old: &[ResolvedNode],
        new: Vec<ResolvedNode>,
        found: &mut Found,
    ) -> Vec<ResolvedNode> {
        let mut out = Vec::with_capacity(new.len());
        // Old children before `next` are placed (kept, or shown deleted).
        let mut next = 0;
        // Nodes without an id (a list) pair with the old one of the same kind and rank.
        let mut unnamed_rank = 0;
        for node in new {
            let matched: Option<(Option<usize>, &ResolvedNode)> = if node.id.is_empty() {
                let rank = unnamed_rank;
                unnamed_rank += 1;
                old.iter()
                    .enumerate()
                    .filter(|(_, o)| o.id.is_empty())
                    .nth(rank)
                    .filter(|(_, o)| o.kind == node.kind)
                    .map(|(at, o)| (Some(at), o))
            } else {
                self.old_nodes.get(node.id.as_str()).map(|o| {
                    let at = old.iter().position(|sibling| sibling.id == node.id);
                    (at, *o)
                })
            };
            match matched {
                Some((at, before)) => {
                    if let Some(at) = at.filter(|at| *at >= next) {
                        self.place_deleted(&old[next..at], &mut out);
                        next = at + 1;
                    }
                    out.push(self.compare(before, node, found));
                }
                None => out.push(changed_whole(node, Change::Inserted)),
            }
        }
        self.place_deleted(&old[next..], &mut out);
        out
    }

    /// Old nodes the new state lacks, shown deleted; those it kept elsewhere are left out.
    fn place_deleted(&self, old: &[ResolvedNode], out: &mut Vec<ResolvedNode>) {
        for node in old {
            let kept = !node.id.is_empty() && self.new_ids.contains(&node.id);
            if !kept && !node.id.is_empty() {
                out.push(changed_whole(node.clone(), Change::Deleted));
            }
        }
    }

    fn compare(
        &self,
        old: &ResolvedNode,
        mut new: ResolvedNode,
        found: &mut Found,
    ) -> ResolvedNode {
        let mut changed = false;
        if let Some(diff) = diff(&old.text, &new.text) {
            if let Some(sentence) = diff.sentence {
                found.sentence.insert(new.id.clone(), sentence);
            }
            new.text = diff.text;
            changed = true;
        }
        let cells = std::mem::take(&mut new.cells);
        let count = cells.len().max(old.cells.len());
        let mut new_cells = cells.into_iter();
        for index in 0..count {
            let cell = match (old.cells.get(index), new_cells.next()) {
                (Some(before), Some(now)) => match diff(before, &now) {
                    Some(diff) => {
                        changed = true;
                        diff.text
                    }
                    None => now,
                },
                (None, Some(now)) => {
                    changed = true;
                    wrap(&now, Change::Inserted)
                }
                (Some(before), None) => {
                    changed = true;
                    wrap(before, Change::Deleted)
                }
                (None, None) => Rich::default(),
            };
            new.cells.push(cell);
        }
        let listed = |symbols: &[ResolvedSymbol], symbol: &str| {
            symbols.iter().any(|other| other.symbol == symbol)
        };
        let mut documents = Vec::new();
        for symbol in &new.documents {
            let mut symbol = symbol.clone();
            if !listed(&old.documents, &symbol.symbol) {
                symbol.change = Some(Change::Inserted);
                changed = true;
            }
            documents.push(symbol);
        }
        for symbol in old
            .documents
            .iter()
            .filter(|s| !listed(&new.documents, &s.symbol))
        {
            let mut symbol = symbol.clone();
            symbol.change = Some(Change::Deleted);
            changed = true;
            documents.push(symbol);
        }
        new.documents = documents;
        if changed {
            new.change = Some(Change::Changed);
        }
        let children = std::mem::take(&mut new.children);
        new.children = self.merge(&old.children, children, found);
        new
    }
}

/// A node inserted or deleted whole, with everything in it.
fn changed_whole(mut node: ResolvedNode, change: Change) -> ResolvedNode {
    node.change = Some(change);
    node.text = wrap(&node.text, change);
    for cell in &mut node.cells {
        *cell = wrap(cell, change);
    }
    for symbol in &mut node.documents {
        symbol.change = Some(change);
    }
    node.children = std::mem::take(&mut node.children)
        .into_iter()
        .map(|child| changed_whole(child, change))
        .collect();
    node
}

/// `text` inside one insertion or deletion.
fn wrap(text: &Rich, change: Change) -> Rich {
    if text.is_empty() {
        return text.clone();
    }
    let inlines = text.inlines().to_vec();
    Rich::from_inlines(vec![match change {
        Change::Deleted => Inline::Deleted(inlines),
        _ => Inline::Inserted(inlines),
    }])
}

fn index<'a>(nodes: &'a [ResolvedNode], into: &mut HashMap<&'a str, &'a ResolvedNode>) {
    for node in nodes {
        if !node.id.is_empty() {
            into.insert(node.id.as_str(), node);
        }
        index(&node.children, into);
    }
}

fn ids(nodes: &[ResolvedNode], into: &mut BTreeSet<String>) {
    for node in nodes {
        if !node.id.is_empty() {
            into.insert(node.id.clone());
        }
        ids(&node.children, into);
    }
}

/// A text with its changes marked.
pub struct Diff {
    pub text: Rich,
    /// The one sentence (from 0) all changes fall in, when the text has several.
    pub sentence: Option<usize>,
}

/// The mark a word carries.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Style {
    Strong,
    Emphasis,
    Link(String),
}

impl Style {
    fn around(&self, children: Vec<Inline>) -> Inline {
        match self {
            Style::Strong => Inline::Strong(children),
            Style::Emphasis => Inline::Emphasis(children),
            Style::Link(url) => Inline::Link {
                url: url.clone(),
                children,
            },
        }
    }
}

/// A word, a space, a punctuation mark or a footnote, with its marks.
#[derive(Debug, Clone)]
struct Token {
    styles: Vec<Style>,
    atom: Inline,
}

impl Token {
    /// What makes two tokens the same: a footnote is the same footnote whatever its number
    /// (its text is compared apart).
    fn key(&self) -> (Vec<Style>, String) {
        let text = match &self.atom {
            Inline::Text(text) => text.clone(),
            Inline::Footnote { .. } => "\u{0}footnote".to_string(),
            other => format!("\u{0}{other:?}"),
        };
        (self.styles.clone(), text)
    }

    fn text(&self) -> &str {
        match &self.atom {
            Inline::Text(text) => text,
            _ => "",
        }
    }

    fn is_space(&self) -> bool {
        let text = self.text();
        !text.is_empty() && text.chars().all(char::is_whitespace)
    }
}

/// `new` with the changes since `old` marked, or `None` if the words and marks are the same.
pub fn diff(old: &Rich, new: &Rich) -> Option<Diff> {
    if old == new {
        return None;
    }
    let before = tokens(old);
    let now = tokens(new);
    let before_keys: Vec<_> = before.iter().map(Token::key).collect();
    let now_keys: Vec<_> = now.iter().map(Token::key).collect();
    if before_keys == now_keys {
        // Only a footnote's number differs (or its text, compared below).
        let same: Vec<(Option<Change>, Token)> = before
            .iter()
            .zip(&now)
            .map(|(b, n)| (None, with_footnote_diff(b, n)))
            .collect();
        let text = rebuild(&same);
        return (text != *new).then_some(Diff {
            text,
            sentence: None,
        });
    }
    let ops = capture_diff_slices(Algorithm::Myers, &before_keys, &now_keys);
    let mut out: Vec<(Option<Change>, Token)> = Vec::new();
    let mut deleted: Vec<Token> = Vec::new();
    let mut inserted: Vec<Token> = Vec::new();
    let flush = |out: &mut Vec<(Option<Change>, Token)>, d: &mut Vec<Token>, i: &mut Vec<Token>| {
        out.extend(d.drain(..).map(|t| (Some(Change::Deleted), t)));
        out.extend(i.drain(..).map(|t| (Some(Change::Inserted), t)));
    };
    for (at, op) in ops.iter().enumerate() {
        match *op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                let kept = &now[new_index..new_index + len];
                // A space between two changes joins them: one struck phrase, one new phrase.
                let between = (!deleted.is_empty() || !inserted.is_empty())
                    && at + 1 < ops.len()
                    && kept.iter().all(Token::is_space);
                if between {
                    deleted.extend(before[old_index..old_index + len].iter().cloned());
                    inserted.extend(kept.iter().cloned());
                    continue;
                }
                flush(&mut out, &mut deleted, &mut inserted);
                for offset in 0..len {
                    let token =
                        with_footnote_diff(&before[old_index + offset], &now[new_index + offset]);
                    out.push((None, token));
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => deleted.extend(before[old_index..old_index + old_len].iter().cloned()),
            DiffOp::Insert {
                new_index, new_len, ..
            } => inserted.extend(now[new_index..new_index + new_len].iter().cloned()),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                deleted.extend(before[old_index..old_index + old_len].iter().cloned());
                inserted.extend(now[new_index..new_index + new_len].iter().cloned());
            }
        }
    }
    flush(&mut out, &mut deleted, &mut inserted);
    Some(Diff {
        sentence: changed_sentence(&out),
        text: rebuild(&out),
    })
}

/// The new token, its footnote's text marked against the old one's.
fn with_footnote_diff(old: &Token, new: &Token) -> Token {
    match (&old.atom, &new.atom) {
        (
            Inline::Footnote {
                content: before, ..
            },
            Inline::Footnote { number, content },
        ) => {
            let before = Rich::from_inlines(before.clone());
            let now = Rich::from_inlines(content.clone());
            match diff(&before, &now) {
                Some(diff) => Token {
                    styles: new.styles.clone(),
                    atom: Inline::Footnote {
                        number: *number,
                        content: diff.text.inlines().to_vec(),
                    },
                },
                None => new.clone(),
            }
        }
        _ => new.clone(),
    }
}

/// The sentence all changes fall in, counting the sentences of the new text, if it has more
/// than one.
fn changed_sentence(tokens: &[(Option<Change>, Token)]) -> Option<usize> {
    let mut sentence = 0;
    let mut touched = BTreeSet::new();
    let shown: Vec<&(Option<Change>, Token)> = tokens
        .iter()
        .filter(|(change, _)| *change != Some(Change::Deleted))
        .collect();
    let mut ends_after = vec![false; shown.len()];
    for (at, (_, token)) in shown.iter().enumerate() {
        ends_after[at] = match token.text() {
            "。" | "！" | "？" | "؟" => true,
            "." | "!" | "?" => {
                let next_is_space = shown.get(at + 1).is_some_and(|(_, next)| next.is_space());
                let starts_sentence = shown.get(at + 2).is_some_and(|(_, next)| {
                    next.text()
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_alphabetic() && !c.is_lowercase())
                });
                let abbreviation = at > 0 && is_abbreviation(shown[at - 1].1.text());
                next_is_space && starts_sentence && !abbreviation
            }
            _ => false,
        };
    }
    let mut shown_at = 0;
    for (change, _) in tokens {
        if change.is_some() {
            touched.insert(sentence);
        }
        if *change != Some(Change::Deleted) {
            if ends_after[shown_at] && shown_at + 1 < shown.len() {
                sentence += 1;
            }
            shown_at += 1;
        }
    }
    (sentence > 0 && touched.len() == 1).then(|| *touched.first().expect("one"))
}

/// Words a full stop abbreviates rather than ends a sentence with, as ITU texts write them
/// ("No. 42", "Rev. Dubai", "Doc. C22/10", "Res. 77"; French, Spanish and Russian forms).
const ABBREVIATIONS: &[&str] = &[
    "No", "Nos", "Rev", "Res", "Doc", "Docs", "Add", "Corr", "Art", "Vol", "Mr", "Mrs", "Ms", "Dr",
    "Rév", "Núm", "Sr", "Sra", "Sres", "Res", "Dec", "Rec", "Fig", "cf", "etc", "п", "пп", "ст",
    "г", "гг", "т", "им",
];

fn is_abbreviation(word: &str) -> bool {
    ABBREVIATIONS.contains(&word)
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

/// The tokens of a text: words, runs of spaces, and each punctuation mark and Han character
/// alone.
fn tokens(text: &Rich) -> Vec<Token> {
    fn walk(inlines: &[Inline], styles: &mut Vec<Style>, out: &mut Vec<Token>) {
        for inline in inlines {
            let style = match inline {
                Inline::Text(text) => {
                    out.extend(words(text).into_iter().map(|word| Token {
                        styles: styles.clone(),
                        atom: Inline::Text(word.to_string()),
                    }));
                    continue;
                }
                Inline::Strong(_) => Style::Strong,
                Inline::Emphasis(_) => Style::Emphasis,
                Inline::Link { url, .. } => Style::Link(url.clone()),
                atom => {
                    out.push(Token {
                        styles: styles.clone(),
                        atom: atom.clone(),
                    });
                    continue;
                }
            };
            styles.push(style);
            walk(inline_children(inline), styles, out);
            styles.pop();
        }
    }
    let mut out = Vec::new();
    walk(text.inlines(), &mut Vec::new(), &mut out);
    out
}

fn inline_children(inline: &Inline) -> &[Inline] {
    match inline {
        Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { children: c, .. } => c,
        _ => &[],
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Word,
    Alone,
}

fn class(c: char) -> Class {
    let alone = c.is_ascii_punctuation()
        || matches!(c as u32,
            0x00A1..=0x00BF        // Latin-1 punctuation: « » ¿ ¡
            | 0x2010..=0x205E      // general punctuation: dashes, quotes, …
            | 0x2E80..=0x303F      // CJK radicals, symbols and punctuation
            | 0x3040..=0x30FF      // kana
            | 0x3400..=0x4DBF      // Han extension A
            | 0x4E00..=0x9FFF      // Han
            | 0xF900..=0xFAFF      // Han compatibility
            | 0xFF00..=0xFFEF      // full-width forms
            | 0x060C | 0x061B | 0x061F | 0x066A..=0x066D) // Arabic punctuation
        || (c as u32) >= 0x20000;
    if alone {
        Class::Alone
    } else if c.is_whitespace() {
        Class::Space
    } else {
        Class::Word
    }
}

fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut last: Option<Class> = None;
    for (at, c) in text.char_indices() {
        let now = class(c);
        if let Some(last) = last
            && (now != last || now == Class::Alone)
        {
            out.push(&text[start..at]);
            start = at;
        }
        last = Some(now);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The text again from its tokens: the strong, emphasis and link marks around the words that
/// carry them, and inside them each run of inserted or deleted words in one change mark.
fn rebuild(tokens: &[(Option<Change>, Token)]) -> Rich {
    let tokens: Vec<&(Option<Change>, Token)> = tokens.iter().collect();
    Rich::from_inlines(styled(&tokens, 0))
}

fn styled(tokens: &[&(Option<Change>, Token)], depth: usize) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        let (change, token) = tokens[at];
        let style = token.styles.get(depth);
        let end = tokens[at..]
            .iter()
            .position(|(c, t)| match style {
                Some(style) => t.styles.get(depth) != Some(style),
                None => t.styles.len() > depth || c != change,
            })
            .map_or(tokens.len(), |length| at + length);
        let run = &tokens[at..end];
        match style {
            Some(style) => out.push(style.around(styled(run, depth + 1))),
            None => {
                let mut atoms = Vec::new();
                append(
                    &mut atoms,
                    run.iter().map(|(_, t)| t.atom.clone()).collect(),
                );
                match change {
                    Some(Change::Inserted) => out.push(Inline::Inserted(atoms)),
                    Some(Change::Deleted) => out.push(Inline::Deleted(atoms)),
                    _ => append(&mut out, atoms),
                }
            }
        }
        at = end;
    }
    out
}

/// Appends, joining neighbouring texts.
fn append(out: &mut Vec<Inline>, inlines: Vec<Inline>) {
    for inline in inlines {
        match (out.last_mut(), inline) {
            (Some(Inline::Text(last)), Inline::Text(text)) => last.push_str(&text),
            (_, inline) => out.push(inline),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(old: &str, new: &str) -> String {
        diff(&Rich::plain(old), &Rich::plain(new))
            .map(|diff| diff.text.markdown())
            .unwrap_or_else(|| "(same)".into())
    }

    #[test]
    fn words_are_compared_whole_and_spaces_between_changes_join_them() {
        assert_eq!(marked("the cat sat", "the cat sat"), "(same)");
        assert_eq!(
            marked("the cat sat down", "the dog sat down"),
            "the {--cat--}{++dog++} sat down"
        );
        assert_eq!(
            marked("the old grey cat", "the young black cat"),
            "the {--old grey--}{++young black++} cat"
        );
        assert_eq!(marked("a b", "a b c"), "a b{++ c++}");
    }

    #[test]
    fn chinese_is_compared_character_by_character() {
        assert_eq!(
            marked("理事会审议", "理事会核准"),
            "理事会{--审议--}{++核准++}"
        );
    }

    #[test]
    fn marks_are_kept_around_the_words_that_carry_them() {
        let emphasis = |text: &str| Inline::Emphasis(vec![Inline::Text(text.into())]);
        let old = Rich::from_inlines(vec![Inline::Text("see ".into()), emphasis("the report")]);
        let new = Rich::from_inlines(vec![
            Inline::Text("see ".into()),
            emphasis("the new report"),
        ]);
        assert_eq!(
            diff(&old, &new).unwrap().text.markdown(),
            "see *the {++new ++}report*"
        );
    }

    #[test]
    fn the_one_changed_sentence_is_found() {
        let one =
            |old: &str, new: &str| diff(&Rich::plain(old), &Rich::plain(new)).unwrap().sentence;
        assert_eq!(
            one("One. Two three. Four.", "One. Two four. Four."),
            Some(1)
        );
        assert_eq!(one("One. Two.", "Uno. Two."), Some(0));
        assert_eq!(one("One. Two.", "Uno. Dos."), None);
        assert_eq!(one("Only one", "Only two"), None);
        assert_eq!(one("一。二。", "一。三。"), Some(1));
        // Abbreviations and numbers do not end sentences.
        assert_eq!(
            one(
                "Under No. 42 of Rev. Dubai it was. The WTDC. It is.",
                "Under No. 42 of Rev. Dubai it was. The WTDC. It was."
            ),
            Some(2)
        );
    }
}
