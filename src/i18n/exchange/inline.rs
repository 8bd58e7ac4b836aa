//! The markup of a text entry as translators' tools see it: text with inline codes between.
//!
//! A CAT tool must let a translator move a placeholder or a link but never break one, so the
//! exchange formats need to know which parts of an entry are codes. The `{{ … }}` and `{% … %}`
//! spans (minijinja's delimiters, found as [`placeholder_spans`] finds them) are placeholders
//! in every document. In a document with `markup: inline`, pulldown-cmark then parses the entry
//! (the placeholders first hidden behind filler of the same length, so that offsets stay
//! valid and nothing inside a placeholder reads as Markdown), and the subset agendoc renders
//! becomes codes: strong, emphasis and links (to `http:`, `https:`, `mailto:` or a document
//! symbol) as paired codes; `[C22/35]` shortcuts, `<https://…>` autolinks and `[^id]` references
//! to declared footnotes as standalone codes. Everything else, `&nbsp;` and backslash escapes
//! included, is text, kept byte for byte, so that [`Marked::markdown`] gives back the entry.
//!
//! ```text
//! See **{{ term('wtdc') }}** and [C22/35][^fn-a].
//! Text("See ") Open(0) Standalone(1) Close(0) Text(" and ") Standalone(2) Standalone(3) Text(".")
//! ```
//!
//! [`markup_refusal`] is the check both formats share on import: a translation keeps the
//! original's footnotes, link targets, strong and emphasis, and leaves no `*` or bracket that
//! pulldown-cmark would not pair.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag};

use crate::model::symbols::SymbolRules;
use crate::model::texts::{placeholder_identity, placeholder_spans};
use crate::source::raw::Markup;

/// What a document lets its entries hold: what [`parse`] reads as codes.
#[derive(Debug, Clone, Copy)]
pub struct MarkupRules<'a> {
    pub markup: Markup,
    /// The ids of the document's footnotes: `[^id]` is a code only for these.
    pub footnotes: &'a [String],
    /// The project's symbol rules: `[C22/35]` is a code only for a symbol one of them matches.
    pub symbols: &'a SymbolRules,
}

/// What a code stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CodeKind {
    /// `{{ … }}` or `{% … %}`.
    Placeholder,
    /// `[^id]`, a declared footnote.
    Footnote,
    /// `[C22/35]`, a document symbol the project's rules link.
    Symbol,
    /// `<https://…>`.
    Autolink,
    /// `**…**` or `__…__`.
    Strong,
    /// `*…*` or `_…_`.
    Emphasis,
    /// `[…](https://…)` or `[…](C22/35)`.
    Link,
}

impl CodeKind {
    /// Whether the code encloses text (`<pc>` in XLIFF) rather than standing alone (`<ph>`).
    pub fn is_paired(self) -> bool {
        matches!(self, CodeKind::Strong | CodeKind::Emphasis | CodeKind::Link)
    }

    /// The code's name in messages.
    fn name(self) -> &'static str {
        match self {
            CodeKind::Placeholder => "placeholder",
            CodeKind::Footnote => "footnote reference",
            CodeKind::Symbol => "document reference",
            CodeKind::Autolink => "link",
            CodeKind::Strong => "strong emphasis",
            CodeKind::Emphasis => "emphasis",
            CodeKind::Link => "link",
        }
    }
}

/// One code of an entry, with the Markdown it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub kind: CodeKind,
    /// The Markdown of a standalone code, or what opens a paired one (`**`, `[`).
    pub start: String,
    /// What closes a paired code (`**`, `](https://…)`); empty for a standalone one.
    pub end: String,
}

impl Code {
    /// What a translation must keep of the code: a placeholder's identity (function and first
    /// argument), a footnote or symbol reference, a link's target; nothing of strong or emphasis
    /// (`**` and `__` are the same).
    pub fn key(&self) -> String {
        match self.kind {
            CodeKind::Placeholder => placeholder_identity(&self.start),
            CodeKind::Link => self.end.clone(),
            CodeKind::Strong | CodeKind::Emphasis => String::new(),
            CodeKind::Footnote | CodeKind::Symbol | CodeKind::Autolink => self.start.clone(),
        }
    }

    /// The code as a message shows it: `[^fn-a]`, `](https://…)`, `**…**`.
    fn shown(&self) -> String {
        match self.kind {
            CodeKind::Strong | CodeKind::Emphasis => format!("{}…{}", self.start, self.end),
            CodeKind::Link => format!("[…{}", self.end),
            _ => self.start.clone(),
        }
    }
}

/// One piece of an entry: text, or a code (an index into [`Marked::codes`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Standalone(usize),
    Open(usize),
    Close(usize),
}

/// An entry cut into text and codes, codes numbered in the order they open.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Marked {
    pub codes: Vec<Code>,
    pub pieces: Vec<Piece>,
}

/// A code as it appears in sequence, with its Markdown: what an import compares to see that
/// a translation's codes read back as the same markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeMark {
    Standalone(String),
    Open(String, String),
    Close,
}

impl Marked {
    /// The entry's text again, byte for byte.
    pub fn markdown(&self) -> String {
        self.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) => text.as_str(),
                Piece::Standalone(code) | Piece::Open(code) => &self.codes[*code].start,
                Piece::Close(code) => &self.codes[*code].end,
            })
            .collect()
    }

    /// The codes in the order they appear, without the text between them.
    pub fn code_marks(&self) -> Vec<CodeMark> {
        self.pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Text(_) => None,
                Piece::Standalone(code) => {
                    Some(CodeMark::Standalone(self.codes[*code].start.clone()))
                }
                Piece::Open(code) => {
                    let code = &self.codes[*code];
                    Some(CodeMark::Open(code.start.clone(), code.end.clone()))
                }
                Piece::Close(_) => Some(CodeMark::Close),
            })
            .collect()
    }

    /// Whether the entry holds any code.
    pub fn has_codes(&self) -> bool {
        !self.codes.is_empty()
    }

    /// For each code of `self` (a translation), the code of `original` it stands for: the first
    /// one not taken with the same kind and [`Code::key`]. None for a code the original lacks.
    pub fn align(&self, original: &Marked) -> Vec<Option<usize>> {
        let mut taken = vec![false; original.codes.len()];
        self.codes
            .iter()
            .map(|code| {
                let found = original
                    .codes
                    .iter()
                    .enumerate()
                    .position(|(at, candidate)| {
                        !taken[at] && candidate.kind == code.kind && candidate.key() == code.key()
                    })?;
                taken[found] = true;
                Some(found)
            })
            .collect()
    }

    /// The text pieces joined, codes left out.
    fn text(&self) -> String {
        self.pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Text(text) => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// What a marker of the entry is, before codes are numbered.
enum Role {
    Standalone(Code),
    /// A paired code's opening, with the number that pairs it with its closing.
    Open(usize, Code),
    Close(usize),
}

/// A span of the entry that is (part of) a code.
struct Marker {
    range: Range<usize>,
    role: Role,
}

/// Cuts `entry` into text and codes by the document's `rules`.
pub fn parse(entry: &str, rules: &MarkupRules) -> Marked {
    let spans = placeholder_spans(entry);
    let mut markers = match rules.markup {
        Markup::Inline => markdown_markers(entry, &spans, rules),
        Markup::Plain => Vec::new(),
    };
    for span in spans {
        // A placeholder inside a link's target is part of that code.
        if markers
            .iter()
            .any(|m| m.range.start < span.end && span.start < m.range.end)
        {
            continue;
        }
        let code = Code {
            kind: CodeKind::Placeholder,
            start: entry[span.clone()].to_string(),
            end: String::new(),
        };
        markers.push(Marker {
            range: span,
            role: Role::Standalone(code),
        });
    }
    markers.sort_by_key(|m| m.range.start);
    let mut marked = Marked::default();
    let mut pairs = BTreeMap::new();
    let mut at = 0;
    for marker in markers {
        if marker.range.start > at {
            marked
                .pieces
                .push(Piece::Text(entry[at..marker.range.start].to_string()));
        }
        at = marker.range.end;
        match marker.role {
            Role::Standalone(code) => {
                marked.codes.push(code);
                marked
                    .pieces
                    .push(Piece::Standalone(marked.codes.len() - 1));
            }
            Role::Open(pair, code) => {
                marked.codes.push(code);
                pairs.insert(pair, marked.codes.len() - 1);
                marked.pieces.push(Piece::Open(marked.codes.len() - 1));
            }
            Role::Close(pair) => marked.pieces.push(Piece::Close(pairs[&pair])),
        }
    }
    if at < entry.len() {
        marked.pieces.push(Piece::Text(entry[at..].to_string()));
    }
    marked
}

/// Whether `url` is a link target of the subset: a web or mail address.
fn is_address(url: &str) -> bool {
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| url.len() > scheme.len() && url.starts_with(scheme))
}

fn is_symbol(rules: &SymbolRules, symbol: &str) -> bool {
    rules.rules.iter().any(|rule| rule.pattern.is_match(symbol))
}

/// A container pulldown-cmark has opened, while its events are read.
struct Frame {
    /// The pair number and code, for strong, emphasis and links of the subset.
    code: Option<(usize, CodeKind)>,
    range: Range<usize>,
    /// Where the container's content ends so far: a link's closing `](…)` starts there.
    content_end: usize,
}

/// The markers of the inline subset, from pulldown-cmark's events over the entry with its
/// placeholders hidden.
fn markdown_markers(entry: &str, spans: &[Range<usize>], rules: &MarkupRules) -> Vec<Marker> {
    let mut hidden = entry.as_bytes().to_vec();
    for span in spans {
        // A span runs from `{` to `}`: replacing all its bytes keeps the text UTF-8.
        hidden[span.clone()].fill(b'x');
    }
    let hidden = String::from_utf8(hidden).unwrap_or_else(|_| entry.to_string());
    let symbols = rules.symbols;
    let mut markers = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    // Depth inside a construct outside the subset (or a standalone code), read as text.
    let mut literal = 0usize;
    let mut pairs = 0usize;
    let slice = |range: &Range<usize>| entry.get(range.clone()).unwrap_or_default().to_string();
    for (event, range) in events(&hidden, symbols) {
        if literal > 0 {
            match event {
                Event::Start(_) => literal += 1,
                Event::End(_) => literal -= 1,
                _ => {}
            }
            if literal == 0
                && let Some(parent) = frames.last_mut()
            {
                parent.content_end = parent.content_end.max(range.end);
            }
            continue;
        }
        match event {
            Event::Start(tag) => {
                let standalone = |kind| Code {
                    kind,
                    start: slice(&range),
                    end: String::new(),
                };
                let code = match tag {
                    Tag::Strong => Some(CodeKind::Strong),
                    Tag::Emphasis => Some(CodeKind::Emphasis),
                    Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url,
                        ..
                    } if is_address(&dest_url) || is_symbol(symbols, &dest_url) => {
                        Some(CodeKind::Link)
                    }
                    Tag::Link {
                        link_type: LinkType::ShortcutUnknown,
                        ..
                    } => {
                        markers.push(Marker {
                            range: range.clone(),
                            role: Role::Standalone(standalone(CodeKind::Symbol)),
                        });
                        literal = 1;
                        continue;
                    }
                    Tag::Link {
                        link_type: LinkType::Autolink,
                        dest_url,
                        ..
                    } if is_address(&dest_url) => {
                        markers.push(Marker {
                            range: range.clone(),
                            role: Role::Standalone(standalone(CodeKind::Autolink)),
                        });
                        literal = 1;
                        continue;
                    }
                    Tag::Link { .. } | Tag::Image { .. } | Tag::FootnoteDefinition(_) => {
                        literal = 1;
                        continue;
                    }
                    _ => None,
                };
                let code = code.map(|kind| {
                    pairs += 1;
                    (pairs, kind)
                });
                let opening = match code {
                    Some((_, CodeKind::Strong)) => 2,
                    Some(_) => 1,
                    None => 0,
                };
                frames.push(Frame {
                    code,
                    content_end: range.start + opening,
                    range,
                });
            }
            Event::End(_) => {
                let Some(frame) = frames.pop() else { continue };
                if let Some(parent) = frames.last_mut() {
                    parent.content_end = parent.content_end.max(frame.range.end);
                }
                let Some((pair, kind)) = frame.code else {
                    continue;
                };
                let range = frame.range;
                let (open, close) = match kind {
                    CodeKind::Strong => (range.start..range.start + 2, range.end - 2..range.end),
                    CodeKind::Link => (range.start..range.start + 1, frame.content_end..range.end),
                    _ => (range.start..range.start + 1, range.end - 1..range.end),
                };
                let code = Code {
                    kind,
                    start: slice(&open),
                    end: slice(&close),
                };
                markers.push(Marker {
                    range: open,
                    role: Role::Open(pair, code),
                });
                markers.push(Marker {
                    range: close,
                    role: Role::Close(pair),
                });
            }
            Event::FootnoteReference(label) => {
                if rules.footnotes.iter().any(|id| *id == *label) {
                    markers.push(Marker {
                        range: range.clone(),
                        role: Role::Standalone(Code {
                            kind: CodeKind::Footnote,
                            start: slice(&range),
                            end: String::new(),
                        }),
                    });
                }
                if let Some(frame) = frames.last_mut() {
                    frame.content_end = frame.content_end.max(range.end);
                }
            }
            _ => {
                if let Some(frame) = frames.last_mut() {
                    frame.content_end = frame.content_end.max(range.end);
                }
            }
        }
    }
    markers.sort_by_key(|m| m.range.start);
    let well_formed = markers
        .windows(2)
        .all(|pair| pair[0].range.end <= pair[1].range.start)
        && markers.iter().all(|m| !m.range.is_empty());
    if well_formed {
        markers
    } else {
        // pulldown-cmark's ranges did not cut the entry into separate markers: keep it as text
        // rather than guess.
        Vec::new()
    }
}

/// pulldown-cmark's events over `text`, each with its range; a shortcut reference `[C22/35]` to
/// a symbol the project's rules match is a link (`LinkType::ShortcutUnknown`). Footnotes are
/// pulldown-cmark's older kind, whose references need no definition in the text: the document
/// declares them.
fn events<'a>(text: &'a str, symbols: &SymbolRules) -> Vec<(Event<'a>, Range<usize>)> {
    let callback = |link: BrokenLink<'a>| -> Option<(CowStr<'a>, CowStr<'a>)> {
        (link.link_type == LinkType::Shortcut && is_symbol(symbols, &link.reference))
            .then(|| (link.reference, CowStr::from("")))
    };
    Parser::new_with_broken_link_callback(text, Options::ENABLE_OLD_FOOTNOTES, Some(callback))
        .into_offset_iter()
        .collect()
}

/// Why the markup of `translation` cannot replace `original`'s, if it cannot: a footnote
/// reference, a link target, a strong or an emphasis dropped, added or changed, or a `*`, `[` or
/// `]` left as text that the original does not have (markup pulldown-cmark does not pair).
/// Placeholders are [`super::refusal`]'s part.
pub fn markup_refusal(original: &Marked, translation: &Marked) -> Option<String> {
    let (had, has) = (counted(original), counted(translation));
    // The codes one side has more of than the other, each as shown in messages.
    let surplus = |of: &CodeCounts, over: &CodeCounts| -> Vec<(CodeKind, String)> {
        of.iter()
            .filter(|(key, (n, _))| over.get(*key).map_or(0, |found| found.0) < *n)
            .map(|((kind, _), (_, shown))| (*kind, shown.clone()))
            .collect()
    };
    let (missing, extra) = (surplus(&had, &has), surplus(&has, &had));
    match (missing.first(), extra.first()) {
        (Some((kind, was)), Some((other, now)))
            if kind == other
                && matches!(kind, CodeKind::Link | CodeKind::Autolink | CodeKind::Symbol) =>
        {
            return Some(format!("changes the link target `{was}` to `{now}`"));
        }
        (Some((kind, was)), _) => return Some(format!("drops the {} `{was}`", kind.name())),
        (None, Some((kind, now))) => {
            return Some(format!(
                "adds the {} `{now}`, which the original does not have",
                kind.name()
            ));
        }
        (None, None) => {}
    }
    let (before, after) = (original.text(), translation.text());
    for mark in ['*', '[', ']'] {
        if unescaped(&after, mark) > unescaped(&before, mark) {
            return Some(format!(
                "has a `{mark}` that Markdown does not pair (unbalanced markup, or a broken link \
                 or footnote reference); write `\\{mark}` for the character itself"
            ));
        }
    }
    None
}

/// An entry's codes other than placeholders, counted by kind and key, each with how a message
/// shows it.
type CodeCounts = BTreeMap<(CodeKind, String), (usize, String)>;

fn counted(marked: &Marked) -> CodeCounts {
    let mut counts = CodeCounts::new();
    for code in marked
        .codes
        .iter()
        .filter(|c| c.kind != CodeKind::Placeholder)
    {
        counts
            .entry((code.kind, code.key()))
            .or_insert((0, code.shown()))
            .0 += 1;
    }
    counts
}

/// How many times `mark` occurs in `text` without a backslash before it.
fn unescaped(text: &str, mark: char) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in text.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == mark {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::symbols::SymbolRule;

    fn symbols() -> SymbolRules {
        SymbolRules {
            rules: vec![SymbolRule {
                name: "Council document".into(),
                pattern: regex::Regex::new(r"^C\d{2}/\d+$").unwrap(),
                url: "https://www.itu.int/md/S{yy}-CL-C-{n:04}/{lang}".into(),
            }],
        }
    }

    fn inline(entry: &str) -> Marked {
        let symbols = symbols();
        let footnotes = ["fn-a".to_string()];
        let rules = MarkupRules {
            markup: Markup::Inline,
            footnotes: &footnotes,
            symbols: &symbols,
        };
        parse(entry, &rules)
    }

    fn starts(marked: &Marked) -> Vec<(CodeKind, &str, &str)> {
        marked
            .codes
            .iter()
            .map(|c| (c.kind, c.start.as_str(), c.end.as_str()))
            .collect()
    }

    const EVERY: &str = "On **{{ term('wtdc') }}**, see *the* [report](https://www.itu.int/r \"t\"), \
        [C22/35], [the letter](C22/36), <https://itu.int/x>[^fn-a] and {{ date('x', style='cover') }}&nbsp;\\*.";

    #[test]
    fn every_construct_is_a_code_and_the_rest_text() {
        let marked = inline(EVERY);
        assert_eq!(
            starts(&marked),
            [
                (CodeKind::Strong, "**", "**"),
                (CodeKind::Placeholder, "{{ term('wtdc') }}", ""),
                (CodeKind::Emphasis, "*", "*"),
                (CodeKind::Link, "[", "](https://www.itu.int/r \"t\")"),
                (CodeKind::Symbol, "[C22/35]", ""),
                (CodeKind::Link, "[", "](C22/36)"),
                (CodeKind::Autolink, "<https://itu.int/x>", ""),
                (CodeKind::Footnote, "[^fn-a]", ""),
                (CodeKind::Placeholder, "{{ date('x', style='cover') }}", ""),
            ]
        );
        assert_eq!(marked.markdown(), EVERY);
        assert_eq!(
            marked.pieces[..4],
            [
                Piece::Text("On ".into()),
                Piece::Open(0),
                Piece::Standalone(1),
                Piece::Close(0)
            ]
        );
    }

    #[test]
    fn outside_the_subset_is_text() {
        for text in [
            "[sic] and [x](javascript:alert(1)) and ![img](https://x/i.png)",
            "<b>raw</b> `**code**` [^undeclared] [C22/35 not a symbol]",
            "a * b ** c",
        ] {
            let marked = inline(text);
            assert!(!marked.has_codes(), "{text}: {:?}", marked.codes);
            assert_eq!(marked.markdown(), text);
        }
        let plain = parse(
            "**a** {{ f('x') }}",
            &MarkupRules {
                markup: Markup::Plain,
                footnotes: &[],
                symbols: &SymbolRules::default(),
            },
        );
        assert_eq!(
            starts(&plain),
            [(CodeKind::Placeholder, "{{ f('x') }}", "")]
        );
    }

    #[test]
    fn a_placeholder_in_a_link_target_belongs_to_the_link() {
        let marked = inline("[a](https://x/{{ f('y') }}) {{ g('z') }}");
        assert_eq!(
            starts(&marked),
            [
                (CodeKind::Link, "[", "](https://x/{{ f('y') }})"),
                (CodeKind::Placeholder, "{{ g('z') }}", ""),
            ]
        );
    }

    #[test]
    fn nested_codes_keep_their_order() {
        let marked = inline("***both*** [**bold link**](https://x)");
        assert_eq!(
            marked.code_marks(),
            [
                CodeMark::Open("*".into(), "*".into()),
                CodeMark::Open("**".into(), "**".into()),
                CodeMark::Close,
                CodeMark::Close,
                CodeMark::Open("[".into(), "](https://x)".into()),
                CodeMark::Open("**".into(), "**".into()),
                CodeMark::Close,
                CodeMark::Close,
            ]
        );
    }

    #[test]
    fn refuses_markup_a_translation_drops_changes_or_adds() {
        let original = inline(EVERY);
        let check = |translation: &str| markup_refusal(&original, &inline(translation));
        let moved = "{{ date('x') }} [^fn-a]<https://itu.int/x> [la lettre](C22/36) [C22/35] \
            [rapport](https://www.itu.int/r \"t\") *la* __{{ term('wtdc') }}__";
        assert_eq!(check(moved), None);
        let refused = |translation: &str, expect: &str| {
            let why = check(translation).unwrap_or_default();
            assert!(why.contains(expect), "{translation}: {why}");
        };
        refused(
            &moved.replace("[^fn-a]", ""),
            "drops the footnote reference `[^fn-a]`",
        );
        refused(
            &moved.replace("https://www.itu.int/r", "https://evil.example"),
            "changes the link target `[…](https://www.itu.int/r \"t\")` to `[…](https://evil.example \"t\")`",
        );
        refused(&moved.replace("*la*", "la"), "drops the emphasis");
        refused(&format!("{moved} *plus*"), "adds the emphasis");
        refused(&moved.replace("__{{", "{{"), "drops the strong emphasis");
        refused(&format!("{moved} **"), "has a `*`");
        refused(&format!("{moved} [^nope]"), "has a `[`");
        assert_eq!(check(&format!("{moved} \\*")), None);
    }

    proptest::proptest! {
        /// Whatever an entry holds, its pieces give it back byte for byte, and a translation
        /// that is the original itself is never refused.
        #[test]
        fn pieces_give_the_entry_back(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "**", "*", "_", "__", "[", "]", "(", ")", "[^fn-a]", "[^", "[C22/35]",
                    "](https://x)", "<https://y>", "<", ">", "{{ f('a') }}", "{{", "}}", "{%",
                    "%}", "\\", "&nbsp;", " ", "\n", "\n\n", "word", "é", "`", "!", "#", "- ",
                ]),
                0..24,
            )
        ) {
            let entry: String = parts.concat();
            let marked = inline(&entry);
            proptest::prop_assert_eq!(marked.markdown(), entry);
            proptest::prop_assert_eq!(markup_refusal(&marked, &marked), None);
        }
    }
}
