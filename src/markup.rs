//! Inline markup of text entries: the little structure a sentence may carry.
//!
//! A document with `markup: inline` lets its entries hold a small subset of Markdown: strong
//! (`**…**`), emphasis (`*…*`), links to web addresses (`[text](https://…)`, `<https://…>`) and to
//! document symbols (`[C22/10]`, `[text](C22/10)`, addressed by the project's symbol rules),
//! footnote references (`[^id]`) and `&nbsp;`. The subset is read by pulldown-cmark itself, on
//! the entry as one paragraph; whatever pulldown-cmark reads as anything else (raw HTML, code,
//! images, other entities) is put back as the characters typed, so it prints literally as in a
//! plain document. A document without `markup: inline` gets [`Rich::plain`]: one text, no marks.
//!
//! The result, a [`Rich`] tree, is what every renderer reads: the template formatter writes it
//! as Markdown, as Typst content or as plain text, so text never passes through a format as
//! markup it was not meant to be. Text from placeholders (`{{ term('…') }}`) reaches the parser
//! backslash-escaped (see `template::TextRenderer`), so a name holding `*` stays a name.

use std::fmt::Write as _;
use std::sync::Arc;

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::{Serialize, Serializer};

use crate::escape;

/// A piece of inline text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Characters shown as they are (a no-break space is U+00A0).
    Text(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Link {
        url: String,
        children: Vec<Inline>,
    },
    /// `[^id]` as written; [`Rich::number_footnotes`] makes it a [`Inline::Footnote`].
    FootnoteRef(String),
    /// A numbered footnote and its text, placed where it is referenced.
    Footnote {
        number: usize,
        content: Vec<Inline>,
    },
    /// Text a revision inserted, and text it deleted (`revision::compare` makes them; no entry
    /// writes them).
    Inserted(Vec<Inline>),
    Deleted(Vec<Inline>),
}

/// How Markdown writes change marks: as CriticMarkup (`{++ … ++}`, `{-- … --}`) in the
/// deliverable, which stays readable as text, or as `<ins>`/`<del>` in the page's source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeSyntax {
    CriticMarkup,
    Html,
}

impl Inline {
    /// What a mark holds; nothing for text and footnotes (a footnote's text is shown apart).
    fn children(&self) -> &[Inline] {
        match self {
            Inline::Strong(c)
            | Inline::Emphasis(c)
            | Inline::Link { children: c, .. }
            | Inline::Inserted(c)
            | Inline::Deleted(c) => c,
            Inline::Text(_) | Inline::FootnoteRef(_) | Inline::Footnote { .. } => &[],
        }
    }

    /// The same mark around `children`; text and footnotes as they are.
    fn with_children(&self, children: Vec<Inline>) -> Inline {
        match self {
            Inline::Strong(_) => Inline::Strong(children),
            Inline::Emphasis(_) => Inline::Emphasis(children),
            Inline::Inserted(_) => Inline::Inserted(children),
            Inline::Deleted(_) => Inline::Deleted(children),
            Inline::Link { url, .. } => Inline::Link {
                url: url.clone(),
                children,
            },
            other => other.clone(),
        }
    }
}

/// The text of one entry, as every format receives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rich(Arc<Vec<Inline>>);

/// A markup problem in an entry: what is wrong, and the characters of the entry it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    pub message: String,
    /// The piece of the entry to point at.
    pub needle: String,
    pub hint: String,
}

/// What parsing an entry needs from the document: its footnotes and its symbol rules.
pub struct Context<'a> {
    /// The ids an entry may reference as `[^id]`.
    pub footnotes: &'a [String],
    /// The address of a document symbol, if the project's rules know it.
    pub symbol_url: &'a dyn Fn(&str) -> Option<String>,
}

/// Prepended so that the entry is read as one paragraph whatever it starts with (`#`, `-`,
/// `1.`, `[x]: …`, `<div>`); its characters are dropped from the first text.
const LEAD: &str = "x ";

impl Rich {
    /// Plain text: every character shown as typed.
    pub fn plain(text: &str) -> Rich {
        let text = escape::collapse_whitespace(text);
        if text.is_empty() {
            return Rich::default();
        }
        Rich(Arc::new(vec![Inline::Text(text)]))
    }

    /// Reads an entry holding inline markup. Marks packed so tightly that Markdown cannot write
    /// them back as the same marks (`**_**_x_`) are refused, so every format agrees.
    pub fn parse(source: &str, context: &Context) -> Result<Rich, MarkupError> {
        let rich = Rich::read(source, context)?;
        let back = Rich::read(&rich.markdown(), context).map(|back| back.normalized());
        if back.as_ref() != Ok(&rich.normalized()) {
            return Err(MarkupError {
                message: "these marks are too tightly packed to mean one thing in every format"
                    .into(),
                needle: source.trim().to_string(),
                hint: "separate adjacent marks with a space or a word, or escape a literal `*`, \
                       `_` or `[` with `\\`"
                    .into(),
            });
        }
        Ok(rich)
    }

    /// The tree as its Markdown reads back: texts merged, addresses as written.
    fn normalized(&self) -> Vec<Inline> {
        fn walk(inlines: &[Inline]) -> Vec<Inline> {
            let mut out: Vec<Inline> = Vec::new();
            for inline in inlines {
                let inline = match inline {
                    Inline::Text(t) => Inline::Text(t.replace('\u{2060}', "")),
                    Inline::Link { url, children } => Inline::Link {
                        url: escape::url(url),
                        children: walk(children),
                    },
                    mark => mark.with_children(walk(mark.children())),
                };
                match (out.last_mut(), inline) {
                    (Some(Inline::Text(a)), Inline::Text(b)) => a.push_str(&b),
                    (_, Inline::Text(t)) if t.is_empty() => {}
                    (_, other) => out.push(other),
                }
            }
            out
        }
        walk(&self.0)
    }

    fn read(source: &str, context: &Context) -> Result<Rich, MarkupError> {
        let text = escape::collapse_whitespace(source);
        let undeclared =
            footnote_look_alikes(&text).find(|id| !context.footnotes.iter().any(|f| f == id));
        if let Some(id) = undeclared {
            return Err(MarkupError {
                message: format!("`[^{id}]` names no footnote of this document"),
                needle: format!("[^{id}]"),
                hint: format!(
                    "declare it under `footnotes:` in document.yaml and give it a text \
                     entry, or write `\\[^{id}]` for the characters"
                ),
            });
        }
        let mut input = format!("{LEAD}{text}");
        // GFM footnotes are references only when defined; the definitions are read and dropped.
        for id in context.footnotes {
            let _ = write!(input, "\n\n[^{id}]: .");
        }
        let mut on_broken = |link: BrokenLink| -> Option<(CowStr, CowStr)> {
            let reference = link.reference.to_string();
            (context.symbol_url)(&reference).map(|url| (url.into(), "".into()))
        };
        let parser = Parser::new_with_broken_link_callback(
            &input,
            Options::ENABLE_FOOTNOTES,
            Some(&mut on_broken),
        );
        let mut reader = Reader {
            input: &input,
            stack: vec![Vec::new()],
            skip: None,
            urls: Vec::new(),
            context,
        };
        for (event, range) in parser.into_offset_iter() {
            if matches!(event, Event::End(TagEnd::Paragraph)) {
                break;
            }
            reader.event(event, range)?;
        }
        let mut inlines = reader.stack.pop().unwrap_or_default();
        strip_lead(&mut inlines);
        Ok(Rich(Arc::new(inlines)))
    }

    /// A text made of `inlines` as they are.
    pub fn from_inlines(inlines: Vec<Inline>) -> Rich {
        Rich(Arc::new(inlines))
    }

    pub fn inlines(&self) -> &[Inline] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The same text with `prefix` (plain) before it.
    pub fn prefixed(&self, prefix: &str) -> Rich {
        let mut inlines = vec![Inline::Text(format!("{prefix} "))];
        inlines.extend(self.0.iter().cloned());
        Rich(Arc::new(inlines))
    }

    /// Whether a revision's marks are in it, footnotes included.
    pub fn has_changes(&self) -> bool {
        fn any(inlines: &[Inline]) -> bool {
            inlines.iter().any(|inline| match inline {
                Inline::Inserted(_) | Inline::Deleted(_) => true,
                Inline::Footnote { content, .. } => any(content),
                mark => any(mark.children()),
            })
        }
        any(&self.0)
    }

    /// The footnotes referenced, in order.
    pub fn footnote_refs(&self) -> Vec<String> {
        fn walk(inlines: &[Inline], out: &mut Vec<String>) {
            for inline in inlines {
                if let Inline::FootnoteRef(id) = inline {
                    out.push(id.clone());
                }
                walk(inline.children(), out);
            }
        }
        let mut out = Vec::new();
        walk(&self.0, &mut out);
        out
    }

    /// Replaces each footnote reference by its number and text.
    pub fn number_footnotes(&self, note: &dyn Fn(&str) -> Option<(usize, Rich)>) -> Rich {
        fn walk(inlines: &[Inline], note: &dyn Fn(&str) -> Option<(usize, Rich)>) -> Vec<Inline> {
            inlines
                .iter()
                .map(|inline| match inline {
                    Inline::FootnoteRef(id) => match note(id) {
                        Some((number, text)) => Inline::Footnote {
                            number,
                            content: text.0.to_vec(),
                        },
                        None => inline.clone(),
                    },
                    mark => mark.with_children(walk(mark.children(), note)),
                })
                .collect()
        }
        Rich(Arc::new(walk(&self.0, note)))
    }

    /// The words as read: marks dropped, footnotes left out (they are shown on their own), and
    /// so is text a revision deleted.
    pub fn plain_text(&self) -> String {
        fn walk(inlines: &[Inline], out: &mut String) {
            for inline in inlines {
                match inline {
                    Inline::Text(text) => out.push_str(text),
                    Inline::Deleted(_) => {}
                    mark => walk(mark.children(), out),
                }
            }
        }
        let mut out = String::new();
        walk(&self.0, &mut out);
        out
    }

    /// CommonMark: text backslash-escaped, marks as `**`, `*`, `[…](…)`, `[^n]`, changes as
    /// CriticMarkup.
    pub fn markdown(&self) -> String {
        self.markdown_with(ChangeSyntax::CriticMarkup)
    }

    /// CommonMark, with changes written as `changes` says.
    pub fn markdown_with(&self, changes: ChangeSyntax) -> String {
        fn walk(inlines: &[Inline], out: &mut String, at_start: &mut bool, changes: ChangeSyntax) {
            for (index, inline) in inlines.iter().enumerate() {
                // `[^1][text](url)` would read as one reference; a word joiner keeps them apart.
                let before_link = matches!(inlines.get(index + 1), Some(Inline::Link { .. }));
                match inline {
                    // A no-break space is written as itself: it reads as a space in the file.
                    // Braces are escaped too, so typed CriticMarkup stays text.
                    Inline::Text(text) => {
                        out.push_str(&escape::markdown_fragment(text, *at_start));
                    }
                    Inline::Strong(c) => {
                        out.push_str("**");
                        walk(c, out, &mut false, changes);
                        out.push_str("**");
                    }
                    Inline::Emphasis(c) => {
                        out.push('*');
                        walk(c, out, &mut false, changes);
                        out.push('*');
                    }
                    Inline::Inserted(c) | Inline::Deleted(c) => {
                        let inserted = matches!(inline, Inline::Inserted(_));
                        let (open, close) = match (changes, inserted) {
                            (ChangeSyntax::CriticMarkup, true) => ("{++", "++}"),
                            (ChangeSyntax::CriticMarkup, false) => ("{--", "--}"),
                            (ChangeSyntax::Html, true) => ("<ins>", "</ins>"),
                            (ChangeSyntax::Html, false) => ("<del>", "</del>"),
                        };
                        out.push_str(open);
                        walk(c, out, &mut false, changes);
                        out.push_str(close);
                    }
                    Inline::Link { url, children } => {
                        out.push('[');
                        walk(children, out, &mut false, changes);
                        let _ = write!(out, "]({})", escape::url(url));
                    }
                    Inline::Footnote { number, .. } => {
                        let _ = write!(out, "[^{number}]");
                        if before_link {
                            out.push('\u{2060}');
                        }
                    }
                    Inline::FootnoteRef(id) => {
                        let _ = write!(out, "[^{id}]");
                    }
                }
                *at_start = false;
            }
        }
        let mut out = String::new();
        walk(&self.0, &mut out, &mut true, changes);
        out
    }

    /// Typst markup: text as string literals, marks as `strong`, `emph`, `link`, `footnote`.
    pub fn typst(&self) -> String {
        fn walk(inlines: &[Inline], out: &mut String) {
            for inline in inlines {
                match inline {
                    Inline::Text(text) => out.push_str(&escape::typst_markup_fragment(text)),
                    Inline::Strong(c) => wrap(out, "#strong[", c),
                    Inline::Emphasis(c) => wrap(out, "#emph[", c),
                    Inline::Link { url, children } => {
                        let open = format!("#link({})[", escape::typst_string(url));
                        wrap(out, &open, children)
                    }
                    Inline::Footnote { content, .. } => wrap(out, "#footnote[", content),
                    Inline::Inserted(c) => wrap(out, "#inserted[", c),
                    Inline::Deleted(c) => wrap(out, "#deleted[", c),
                    Inline::FootnoteRef(_) => {}
                }
            }
        }
        fn wrap(out: &mut String, open: &str, children: &[Inline]) {
            out.push_str(open);
            walk(children, out);
            out.push_str("];");
        }
        let mut out = String::new();
        walk(&self.0, &mut out);
        out
    }
}

impl std::fmt::Display for Rich {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.plain_text())
    }
}

/// Templates receive a `Rich` as an object the formatter recognises (see `template.rs`); any
/// other serializer (JSON) gets its plain text.
impl Serialize for Rich {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if minijinja::value::serializing_for_value() {
            minijinja::Value::from_object(self.clone()).serialize(serializer)
        } else {
            serializer.serialize_str(&self.plain_text())
        }
    }
}

impl minijinja::value::Object for Rich {
    fn repr(self: &Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Plain
    }

    fn is_true(self: &Arc<Self>) -> bool {
        !self.0.is_empty()
    }

    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.plain_text())
    }
}

/// Turns pulldown-cmark's events for the entry into inlines.
struct Reader<'a> {
    input: &'a str,
    /// The children of each open mark; the bottom one is the entry's.
    stack: Vec<Vec<Inline>>,
    /// Inside an image: the events until its end are already put back as typed.
    skip: Option<usize>,
    /// The addresses of the links open.
    urls: Vec<String>,
    context: &'a Context<'a>,
}

impl Reader<'_> {
    fn push(&mut self, inline: Inline) {
        let children = self
            .stack
            .last_mut()
            .expect("the entry's level is never popped");
        match (children.last_mut(), inline) {
            (Some(Inline::Text(last)), Inline::Text(text)) => last.push_str(&text),
            (_, inline) => children.push(inline),
        }
    }

    fn typed(&mut self, range: std::ops::Range<usize>) {
        let text = self.input[range].to_string();
        self.push(Inline::Text(text));
    }

    fn event(&mut self, event: Event, range: std::ops::Range<usize>) -> Result<(), MarkupError> {
        if let Some(depth) = self.skip.as_mut() {
            match event {
                Event::Start(_) => *depth += 1,
                Event::End(_) if *depth == 0 => self.skip = None,
                Event::End(_) => *depth -= 1,
                _ => {}
            }
            return Ok(());
        }
        match event {
            Event::Start(Tag::Paragraph) => {}
            Event::Text(text) => {
                let typed = &self.input[range.clone()];
                if typed.starts_with('&') && typed != &*text {
                    // An entity: only `&nbsp;` is markup; any other prints as typed.
                    let shown = if typed == "&nbsp;" { "\u{a0}" } else { typed };
                    self.push(Inline::Text(shown.to_string()));
                } else {
                    self.push(Inline::Text(text.into_string()));
                }
            }
            Event::SoftBreak | Event::HardBreak => self.push(Inline::Text(" ".into())),
            // An e-mail autolink is not in the subset (translators' tools see it as text too).
            Event::Start(Tag::Image { .. })
            | Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => {
                self.typed(range);
                self.skip = Some(0);
            }
            Event::Start(Tag::Strong | Tag::Emphasis | Tag::Link { .. }) => {
                if let Event::Start(Tag::Link { dest_url, .. }) = &event {
                    self.check_link(dest_url)?;
                }
                self.stack.push(Vec::new());
            }
            Event::End(end @ (TagEnd::Strong | TagEnd::Emphasis | TagEnd::Link)) => {
                let children = self.stack.pop().unwrap_or_default();
                // Emphasis inside emphasis (`*a *b* c*`) is emphasis: nested, it would need
                // delimiters Markdown cannot always write back unambiguously.
                let inline = match end {
                    TagEnd::Strong => Inline::Strong(unnest(children, |i| match i {
                        Inline::Strong(c) => Ok(c),
                        other => Err(other),
                    })),
                    TagEnd::Emphasis => Inline::Emphasis(unnest(children, |i| match i {
                        Inline::Emphasis(c) => Ok(c),
                        other => Err(other),
                    })),
                    // A link inside a link (`[<https://…>](…)`) is its text: HTML cannot nest them.
                    _ => Inline::Link {
                        url: self.urls.pop().unwrap_or_default(),
                        children: unnest(children, |i| match i {
                            Inline::Link { children, .. } => Ok(children),
                            other => Err(other),
                        }),
                    },
                };
                self.push(inline);
            }
            Event::FootnoteReference(id) => self.push(Inline::FootnoteRef(id.into_string())),
            // Code, raw HTML and anything else outside the subset: the characters as typed.
            _ => self.typed(range),
        }
        Ok(())
    }

    /// Accepts a link's target, keeping its address for the link's end.
    fn check_link(&mut self, target: &str) -> Result<(), MarkupError> {
        let url = match (self.context.symbol_url)(target) {
            Some(url) => url,
            None if is_web_address(target) => target.to_string(),
            None => {
                return Err(MarkupError {
                    message: format!(
                        "a link to `{target}`, which is neither a web address nor a document \
                             symbol"
                    ),
                    needle: target.to_string(),
                    hint: "link to https://…, http://…, mailto:… or a symbol the project's \
                               rules know (agendoc.toml); write `\\[` for a literal bracket"
                        .into(),
                });
            }
        };
        self.urls.push(url);
        Ok(())
    }
}

/// The ids of the unescaped `[^id]`s of an entry.
fn footnote_look_alikes(typed: &str) -> impl Iterator<Item = &str> {
    typed.match_indices("[^").filter_map(|(at, _)| {
        if typed[..at].ends_with('\\') {
            return None;
        }
        let rest = &typed[at + 2..];
        let end = rest.find(']')?;
        let id = &rest[..end];
        crate::model::is_id(id).then_some(id)
    })
}

/// The children with those `same` recognises replaced by their own children.
fn unnest(children: Vec<Inline>, same: fn(Inline) -> Result<Vec<Inline>, Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for child in children {
        let pieces = match same(child) {
            Ok(inner) => inner,
            Err(other) => vec![other],
        };
        for piece in pieces {
            match (out.last_mut(), piece) {
                (Some(Inline::Text(last)), Inline::Text(text)) => last.push_str(&text),
                (_, piece) => out.push(piece),
            }
        }
    }
    out
}

fn is_web_address(target: &str) -> bool {
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| target.len() > scheme.len() && target.starts_with(scheme))
}

/// Drops [`LEAD`] from the first text.
fn strip_lead(inlines: &mut Vec<Inline>) {
    if let Some(Inline::Text(first)) = inlines.first_mut() {
        first.replace_range(..LEAD.len().min(first.len()), "");
        if first.is_empty() {
            inlines.remove(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbols(symbol: &str) -> Option<String> {
        symbol
            .strip_prefix("C22/")
            .map(|n| format!("https://docs.example/C22-{n}"))
    }

    fn parse(source: &str) -> Result<Rich, MarkupError> {
        let footnotes = ["fn-one".to_string()];
        Rich::parse(
            source,
            &Context {
                footnotes: &footnotes,
                symbol_url: &symbols,
            },
        )
    }

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    #[test]
    fn the_subset_is_read() {
        let rich = parse("A **strong** and *emph* [C22/10], [the doc](C22/11)[^fn-one] <https://itu.int/x>&nbsp;y").unwrap();
        assert_eq!(
            rich.inlines(),
            &[
                text("A "),
                Inline::Strong(vec![text("strong")]),
                text(" and "),
                Inline::Emphasis(vec![text("emph")]),
                text(" "),
                Inline::Link {
                    url: "https://docs.example/C22-10".into(),
                    children: vec![text("C22/10")]
                },
                text(", "),
                Inline::Link {
                    url: "https://docs.example/C22-11".into(),
                    children: vec![text("the doc")]
                },
                Inline::FootnoteRef("fn-one".into()),
                text(" "),
                Inline::Link {
                    url: "https://itu.int/x".into(),
                    children: vec![text("https://itu.int/x")]
                },
                text("\u{a0}y"),
            ]
        );
        assert_eq!(
            rich.markdown(),
            "A **strong** and *emph* [C22/10](https://docs.example/C22-10), [the \
             doc](https://docs.example/C22-11)[^fn-one] [https://itu.int/x](https://itu.int/x)\u{a0}y"
        );
    }

    #[test]
    fn what_is_outside_the_subset_prints_as_typed() {
        for source in [
            "# not a heading",
            "- not a list",
            "1. not a list",
            "> not a quote",
            "`code` and <b>html</b> and &amp; and &#65;",
            "![image](x.png) after",
            "[not a symbol] and [x]: y",
            "~~strike~~ $x$ {#id}",
            "<div>block</div>",
            "write to <name@example.org>",
        ] {
            let rich = parse(source).unwrap();
            assert_eq!(rich.inlines(), &[text(source)], "{source}");
        }
    }

    #[test]
    fn bad_links_and_unknown_footnotes_are_refused() {
        let error = parse("see [x](javascript:alert(1))").unwrap_err();
        assert_eq!(error.needle, "javascript:alert(1)");
        let error = parse("see [x](other.html)").unwrap_err();
        assert_eq!(error.needle, "other.html");
        let error = parse("a note[^fn-two]").unwrap_err();
        assert_eq!(error.needle, "[^fn-two]");
    }

    #[test]
    fn escaped_marks_are_characters() {
        let rich = parse(r"\*not emphasis\* and 2 \* 3").unwrap();
        assert_eq!(rich.inlines(), &[text("*not emphasis* and 2 * 3")]);
        assert_eq!(rich.markdown(), r"\*not emphasis\* and 2 \* 3");
    }

    #[test]
    fn typst_gets_content_and_string_literals() {
        let rich = parse("**a \"b\"** [c](https://x.y/\")").unwrap();
        assert_eq!(
            rich.typst(),
            "#strong[#\"a \\\"b\\\"\";];#\" \";#link(\"https://x.y/\\\"\")[#\"c\";];"
        );
    }

    #[test]
    fn every_footnote_reference_is_checked() {
        let error = parse("a[^fn-one] b[^fn-two]").unwrap_err();
        assert_eq!(error.needle, "[^fn-two]");
        assert!(parse(r"a[^fn-one] b\[^fn-two]").is_ok());
    }

    #[test]
    fn footnotes_are_numbered_in_place() {
        let rich = parse("a[^fn-one] b").unwrap();
        assert_eq!(rich.footnote_refs(), ["fn-one"]);
        let numbered = rich.number_footnotes(&|_| Some((3, Rich::plain("the note"))));
        assert_eq!(numbered.markdown(), "a[^3] b");
        assert_eq!(numbered.plain_text(), "a b");
        assert_eq!(
            numbered.typst(),
            "#\"a\";#footnote[#\"the note\";];#\" b\";"
        );
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        /// Words and every mark of the subset, and marks outside it, in any order.
        fn entry() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                "[a-zé中ع]{1,6}",
                Just(" ".to_string()),
                Just("**".to_string()),
                Just("*".to_string()),
                Just("_".to_string()),
                Just("[".to_string()),
                Just("]".to_string()),
                Just("(https://x.y/a)".to_string()),
                Just("(C22/10)".to_string()),
                Just("[C22/10]".to_string()),
                Just("[^fn-one]".to_string()),
                Just("<https://x.y>".to_string()),
                Just("&nbsp;".to_string()),
                Just("&amp;".to_string()),
                Just("`".to_string()),
                Just("<b>".to_string()),
                Just("\\".to_string()),
                Just("#".to_string()),
                Just("$".to_string()),
                Just("1.".to_string()),
                Just("\"".to_string()),
            ];
            prop::collection::vec(piece, 1..16).prop_map(|pieces| pieces.concat())
        }

        /// pulldown-cmark's reading of written Markdown, as a tree to compare.
        fn reread(markdown: &str) -> Vec<Inline> {
            let input = format!("{markdown}\n\n[^3]: note\n");
            let mut stack = vec![Vec::new()];
            let mut urls = Vec::new();
            for event in Parser::new_ext(&input, Options::ENABLE_FOOTNOTES) {
                match event {
                    Event::End(TagEnd::Paragraph) => break,
                    Event::Text(text) => match stack.last_mut().unwrap().last_mut() {
                        Some(Inline::Text(last)) => last.push_str(&text),
                        _ => stack
                            .last_mut()
                            .unwrap()
                            .push(Inline::Text(text.into_string())),
                    },
                    Event::Start(Tag::Link { dest_url, .. }) => {
                        urls.push(dest_url.into_string());
                        stack.push(Vec::new());
                    }
                    Event::Start(Tag::Strong | Tag::Emphasis) => stack.push(Vec::new()),
                    Event::End(end) if end != TagEnd::Paragraph => {
                        let children = stack.pop().unwrap();
                        stack.last_mut().unwrap().push(match end {
                            TagEnd::Strong => Inline::Strong(children),
                            TagEnd::Emphasis => Inline::Emphasis(children),
                            _ => Inline::Link {
                                url: urls.pop().unwrap(),
                                children,
                            },
                        });
                    }
                    Event::FootnoteReference(n) => {
                        stack.last_mut().unwrap().push(Inline::Footnote {
                            number: n.parse().unwrap(),
                            content: Vec::new(),
                        })
                    }
                    Event::Start(Tag::Paragraph) => {}
                    other => panic!("{markdown:?} gave {other:?}"),
                }
            }
            stack.pop().unwrap()
        }

        /// The tree as the Markdown writes it: footnotes numbered, addresses percent-encoded.
        fn as_written(inlines: &[Inline]) -> Vec<Inline> {
            inlines
                .iter()
                .map(|inline| match inline {
                    Inline::Text(t) => Inline::Text(t.clone()),
                    Inline::Strong(c) => Inline::Strong(as_written(c)),
                    Inline::Emphasis(c) => Inline::Emphasis(as_written(c)),
                    Inline::Link { url, children } => Inline::Link {
                        url: escape::url(url),
                        children: as_written(children),
                    },
                    Inline::FootnoteRef(_) | Inline::Footnote { .. } => Inline::Footnote {
                        number: 3,
                        content: Vec::new(),
                    },
                    Inline::Inserted(c) => Inline::Inserted(as_written(c)),
                    Inline::Deleted(c) => Inline::Deleted(as_written(c)),
                })
                .collect()
        }

        fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
            let mut out: Vec<Inline> = Vec::new();
            for inline in inlines {
                let inline = match inline {
                    Inline::Text(t) => Inline::Text(t.replace('\u{2060}', "")),
                    Inline::Strong(c) => Inline::Strong(merge_text(c)),
                    Inline::Emphasis(c) => Inline::Emphasis(merge_text(c)),
                    Inline::Link { url, children } => Inline::Link {
                        url,
                        children: merge_text(children),
                    },
                    other => other,
                };
                match (out.last_mut(), inline) {
                    (Some(Inline::Text(a)), Inline::Text(b)) => a.push_str(&b),
                    (_, Inline::Text(t)) if t.is_empty() => {}
                    (_, other) => out.push(other),
                }
            }
            out
        }

        proptest! {
            /// Whatever marks an entry holds, it is refused, or its Markdown reads back as the
            /// same tree: marks balanced, the same words in the same order.
            #[test]
            fn markdown_reads_back_as_the_entry(source in entry()) {
                let Ok(rich) = parse(&source) else { return Ok(()); };
                let numbered = rich.number_footnotes(&|_| Some((3, Rich::plain("note"))));
                let written = numbered.markdown();
                if written.is_empty() {
                    prop_assert!(rich.is_empty());
                    return Ok(());
                }
                prop_assert_eq!(
                    merge_text(reread(&written)),
                    merge_text(as_written(numbered.inlines())),
                    "{:?} was written {:?}", source, written
                );
            }
        }
    }

    #[test]
    fn typed_change_marks_stay_text_and_real_ones_are_written_per_target() {
        let typed = Rich::plain("a {++b++} {--c--}");
        assert_eq!(typed.markdown(), "a \\{++b++\\} \\{--c--\\}");
        let marked = Rich::from_inlines(vec![
            Inline::Text("a ".into()),
            Inline::Deleted(vec![Inline::Text("b".into())]),
            Inline::Inserted(vec![Inline::Text("<c>".into())]),
        ]);
        assert_eq!(marked.markdown(), "a {--b--}{++\\<c\\>++}");
        assert_eq!(
            marked.markdown_with(ChangeSyntax::Html),
            "a <del>b</del><ins>\\<c\\></ins>"
        );
        assert_eq!(marked.plain_text(), "a <c>");
        assert!(marked.typst().contains("#deleted["));
    }
}
