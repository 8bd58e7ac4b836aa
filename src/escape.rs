//! Escaping text from YAML for each target format.
//!
//! Text written by editors and translators is plain text: whatever it contains (`#`, `$`, `]`,
//! `<script>`, `|`, `{{`) must print literally and never become Markdown structure, HTML or Typst
//! code. The templating stage applies these functions automatically by the template's extension
//! (`.md` → [`markdown`], `.typ` → [`typst_markup`]; `.html` uses minijinja's HTML escaping), so a
//! template author cannot forget one. Line breaks inside a YAML value collapse to spaces: a value
//! is one paragraph, one cell or one heading.

/// Escapes plain text for use inside a Markdown paragraph, list item, table cell or heading.
///
/// Every ASCII punctuation character that CommonMark or GFM could read as syntax is
/// backslash-escaped; at the start of the text, list and heading markers are escaped too, since
/// the text may begin a line.
pub fn markdown(text: &str) -> String {
    markdown_fragment(&collapse_whitespace(text), true)
}

/// Escapes a piece of one line of text for Markdown, as [`markdown`] does, without trimming it;
/// `at_start` when the piece begins the line (where list and heading markers count).
pub fn markdown_fragment(text: &str, at_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut leading_digits = at_start;
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        let line_start = at_start && index == 0;
        // `1.` or `1)` begins an ordered list only when a space or the line's end follows.
        let ends_marker = chars.peek().is_none_or(|(_, next)| next.is_whitespace());
        let needs_escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '&' | '!' | '{'
            | '}' | '$' => true,
            '-' | '+' | '=' if line_start => true,
            '.' | ')' if leading_digits && index > 0 && ends_marker => true,
            _ => false,
        };
        if !c.is_ascii_digit() {
            leading_digits = false;
        }
        if needs_escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes plain text for Typst markup as an embedded string literal: `#"…";`.
///
/// Inside a string literal only `\` and `"` are special, so nothing in the text can become Typst
/// syntax (`#read(…)`, `$…$`, `<label>`, `@ref`, `//`, `]`); the trailing `;` ends the embedded
/// expression, so what the template writes next cannot continue it.
pub fn typst_markup(text: &str) -> String {
    typst_markup_fragment(&collapse_whitespace(text))
}

/// Escapes plain text as a Typst string literal, quotes included, for code positions.
pub fn typst_string(text: &str) -> String {
    typst_literal(&collapse_whitespace(text))
}

/// A piece of one line of text as embedded Typst string literal (`#"…";`), spaces kept.
pub fn typst_markup_fragment(text: &str) -> String {
    format!("#{};", typst_literal(text))
}

fn typst_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Escapes text for HTML or XML content and attribute values (`&`, `<`, `>`, `"`), for the
/// pages and files agendoc writes without a template (review page, XLIFF, serve's overlay).
pub fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Escapes text for XML content and attribute values (`&`, `<`, `>`, `"`, `'`) and drops the
/// characters XML 1.0 cannot hold at all (C0 controls but tab and line breaks, U+FFFE, U+FFFF),
/// for the Word file's parts.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes what may not stand in a link destination of Markdown, HTML or Typst (spaces,
/// quotes, brackets, parentheses, angle brackets, backslashes), for addresses made from the
/// project's symbol rules.
pub fn url(text: &str) -> String {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    const UNSAFE: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'\'')
        .add(b'<')
        .add(b'>')
        .add(b'`')
        .add(b'(')
        .add(b')')
        .add(b'[')
        .add(b']')
        .add(b'{')
        .add(b'}')
        .add(b'|')
        .add(b'\\')
        .add(b'^');
    utf8_percent_encode(text, UNSAFE).to_string()
}

/// One line, single-spaced, without control characters (NUL, form feed…), which no format shows.
/// No-break spaces are kept: they are typed to keep words together.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.trim_matches(is_breaking_space).chars() {
        if is_breaking_space(c) {
            pending_space = true;
        } else if c.is_control() {
            continue;
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

fn is_breaking_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_metacharacters_are_escaped() {
        assert_eq!(markdown("a | b"), "a \\| b");
        assert_eq!(markdown("# not a heading"), "\\# not a heading");
        assert_eq!(markdown("1. not a list"), "1\\. not a list");
        assert_eq!(markdown("14) not a list"), "14\\) not a list");
        assert_eq!(markdown("- not a bullet"), "\\- not a bullet");
        assert_eq!(
            markdown("<script>alert(1)</script>"),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(markdown("[x](javascript:y)"), "\\[x\\](javascript:y)");
        assert_eq!(markdown("Heading {#evil}"), "Heading \\{\\#evil\\}");
    }

    #[test]
    fn markdown_keeps_ordinary_text() {
        assert_eq!(
            markdown("TDAG-21/2/13(Rev.1), 6–16 June 2022."),
            "TDAG-21/2/13(Rev.1), 6–16 June 2022."
        );
        assert_eq!(markdown("基加利 2.1"), "基加利 2.1");
        assert_eq!(markdown("2.10"), "2.10");
        assert_eq!(markdown("line\none\r\n  two"), "line one two");
    }

    #[test]
    fn urls_cannot_break_out_of_a_link() {
        assert_eq!(
            url("https://x/a b)(c\"<d>"),
            "https://x/a%20b%29%28c%22%3Cd%3E"
        );
        assert_eq!(
            url("https://www.itu.int/md/S18-CL-C-0001/en"),
            "https://www.itu.int/md/S18-CL-C-0001/en"
        );
    }

    #[test]
    fn typst_text_is_a_string_literal() {
        assert_eq!(
            typst_markup("#read(\"/etc/passwd\")"),
            "#\"#read(\\\"/etc/passwd\\\")\";"
        );
        assert_eq!(
            typst_markup("a\\b $x$ ] <l> @r // c"),
            "#\"a\\\\b $x$ ] <l> @r // c\";"
        );
        assert_eq!(typst_string("x\u{0}y"), "\"xy\"");
    }

    /// Whatever the text, parsing the escaped Markdown yields exactly that text back as text.
    #[test]
    fn markdown_round_trips_through_pulldown_cmark() {
        use pulldown_cmark::{Event, Options, Parser};
        let samples = [
            "plain",
            "a|b",
            "*x* _y_ **z**",
            "`code`",
            "<b>&amp;</b>",
            "# h",
            "1. x",
            "> q",
            "- y",
            "[l](u)",
            "![i](u)",
            "\\",
            "~~s~~",
            "a  b",
            "&#x41;",
            "x\\*y",
            "---",
            "===",
            "+ z",
            "{#id}",
            "$x$",
            "https://x.y",
            "<https://x.y>",
            "9) z",
            "a\\",
            "[^1]",
        ];
        for sample in samples {
            let escaped = markdown(sample);
            let text: String = Parser::new_ext(
                &escaped,
                Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
            )
            .filter_map(|event| match event {
                Event::Text(t) => Some(t.into_string()),
                Event::Start(pulldown_cmark::Tag::Paragraph) | Event::End(_) => None,
                other => panic!("{sample:?} produced {other:?}"),
            })
            .collect();
            assert_eq!(
                text,
                collapse_whitespace(sample),
                "{sample:?} → {escaped:?}"
            );
        }
    }

    mod properties {
        use proptest::prelude::*;
        use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

        use super::super::*;

        /// The text pulldown-cmark reads back from one escaped paragraph, or None if the escaped
        /// text produced anything but a paragraph of text.
        fn read_back(escaped: &str) -> Option<String> {
            let mut text = String::new();
            for event in Parser::new_ext(
                escaped,
                Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
            ) {
                match event {
                    Event::Text(t) => text.push_str(&t),
                    Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
                    _ => return None,
                }
            }
            Some(text)
        }

        proptest! {
            /// Any text, Markdown-escaped, parses back as exactly that text: no structure, no
            /// HTML, no entity, whatever a translator types.
            #[test]
            fn any_text_survives_markdown(text in "\\PC{1,80}") {
                let expected = collapse_whitespace(&text);
                prop_assume!(!expected.is_empty());
                prop_assert_eq!(read_back(&markdown(&text)), Some(expected));
            }

            /// The same with ASCII punctuation, where Markdown syntax lives, over-represented.
            #[test]
            fn punctuation_survives_markdown(text in "[ -~]{1,60}") {
                let expected = collapse_whitespace(&text);
                prop_assume!(!expected.is_empty());
                prop_assert_eq!(read_back(&markdown(&text)), Some(expected));
            }

            /// A Typst string literal always closes where it should: every inner quote and
            /// backslash is escaped, so the text cannot end the literal early.
            #[test]
            fn typst_literals_are_closed(text in any::<String>()) {
                let literal = typst_string(&text);
                let inner = &literal[1..literal.len() - 1];
                let mut chars = inner.chars();
                while let Some(c) = chars.next() {
                    prop_assert_ne!(c, '"');
                    if c == '\\' {
                        prop_assert!(matches!(chars.next(), Some('\\' | '"')));
                    }
                }
            }
        }
    }
}
