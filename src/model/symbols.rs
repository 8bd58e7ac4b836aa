//! Document symbols: the language-neutral references to other documents an agenda lists
//! ("C23/35", "C23/INF/3", "C23/35(Rev.1)"), and the addresses they link to.
//!
//! A symbol is written once in document.yaml and shown in every language; translators never see
//! it. The project's `agendoc.toml` says which symbols exist and where they live, one
//! `[[symbols]]` rule each: a regular expression with named groups and a URL pattern that uses
//! them (`{yy}`, `{n:04}` zero-padded to four digits, `{series|C}` with a default) and `{lang}`,
//! the language of the page that links:
//!
//! ```toml
//! [[symbols]]
//! name = "Council document"
//! pattern = '^C(?<yy>\d{2})/(?:(?<series>INF|DT)/)?(?<n>\d+)$'
//! url = "https://www.itu.int/md/S{yy}-CL-{series|C}-{n:04}/{lang}"
//! ```
//!
//! A symbol no rule matches is an error (E0019); a project without rules shows symbols unlinked.

use regex::Regex;

/// One kind of symbol and its address.
#[derive(Debug, Clone)]
pub struct SymbolRule {
    pub name: String,
    pub pattern: Regex,
    pub url: String,
}

/// The project's symbol rules, tried in order.
#[derive(Debug, Clone, Default)]
pub struct SymbolRules {
    pub rules: Vec<SymbolRule>,
}

/// Why a rule's URL pattern cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub enum UrlPatternError {
    /// `{name}` names no group of the pattern.
    UnknownGroup(String),
    /// `{n:…}` with a width that is not `0` followed by digits.
    BadWidth(String),
}

impl SymbolRule {
    /// Checks that every `{…}` of the URL names a group of the pattern (or `lang`).
    pub fn check(&self) -> Result<(), UrlPatternError> {
        for token in crate::pattern::placeholders(&self.url) {
            let (name, width, _) = split_token(token);
            if name != "lang" && !self.pattern.capture_names().flatten().any(|g| g == name) {
                return Err(UrlPatternError::UnknownGroup(name.to_string()));
            }
            if let Some(width) = width
                && (!width.starts_with('0') || width.parse::<usize>().is_err())
            {
                return Err(UrlPatternError::BadWidth(token.to_string()));
            }
        }
        Ok(())
    }
}

impl SymbolRules {
    /// Whether `symbol` can be shown: some rule matches it, or there are no rules.
    pub fn accepts(&self, symbol: &str) -> bool {
        !symbol.trim().is_empty()
            && symbol.trim() == symbol
            && (self.rules.is_empty() || self.rules.iter().any(|r| r.pattern.is_match(symbol)))
    }

    /// The address of `symbol` for a page in `lang`, from the first rule that matches.
    pub fn url(&self, symbol: &str, lang: &str) -> Option<String> {
        let rule = self.rules.iter().find(|r| r.pattern.is_match(symbol))?;
        let captures = rule.pattern.captures(symbol)?;
        Some(crate::pattern::fill(&rule.url, |token| {
            let (name, width, default) = split_token(token);
            let value = match name {
                "lang" => lang,
                _ => captures
                    .name(name)
                    .map(|m| m.as_str())
                    .filter(|v| !v.is_empty())
                    .or(default)
                    .unwrap_or(""),
            };
            Some(match width.and_then(|w| w.parse::<usize>().ok()) {
                Some(width) => format!("{value:0>width$}"),
                None => value.to_string(),
            })
        }))
    }

    /// The names of the rules, for hints.
    pub fn names(&self) -> String {
        self.rules
            .iter()
            .map(|r| format!("{} ({})", r.name, r.pattern.as_str()))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// `name:04|default` → (name, width, default).
fn split_token(token: &str) -> (&str, Option<&str>, Option<&str>) {
    let (token, default) = match token.split_once('|') {
        Some((token, default)) => (token, Some(default)),
        None => (token, None),
    };
    match token.split_once(':') {
        Some((name, width)) => (name, Some(width), default),
        None => (token, None, default),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn council() -> SymbolRules {
        SymbolRules {
            rules: vec![SymbolRule {
                name: "Council document".into(),
                pattern: Regex::new(
                    r"^C(?<yy>\d{2})/(?:(?<series>INF|DT)/)?(?<n>\d+)(?:\((?:Rev|Add)\.\d+\))?$",
                )
                .unwrap(),
                url: "https://www.itu.int/md/S{yy}-CL-{series|C}-{n:04}/{lang}".into(),
            }],
        }
    }

    #[test]
    fn symbols_link_to_the_language_of_the_page() {
        let rules = council();
        assert_eq!(
            rules.url("C23/35", "fr").as_deref(),
            Some("https://www.itu.int/md/S23-CL-C-0035/fr")
        );
        assert_eq!(
            rules.url("C23/INF/3", "zh").as_deref(),
            Some("https://www.itu.int/md/S23-CL-INF-0003/zh")
        );
        assert_eq!(
            rules.url("C23/35(Rev.1)", "en").as_deref(),
            Some("https://www.itu.int/md/S23-CL-C-0035/en")
        );
        assert!(rules.accepts("C23/35(Rev.1)"));
        assert!(!rules.accepts("C23-35"));
        assert!(!rules.accepts(" C23/35"));
        assert!(SymbolRules::default().accepts("anything/at all"));
    }

    #[test]
    fn url_patterns_name_existing_groups() {
        let mut rule = council().rules.remove(0);
        assert_eq!(rule.check(), Ok(()));
        rule.url = "https://x/{year}".into();
        assert_eq!(
            rule.check(),
            Err(UrlPatternError::UnknownGroup("year".into()))
        );
        rule.url = "https://x/{n:4}".into();
        assert_eq!(rule.check(), Err(UrlPatternError::BadWidth("n:4".into())));
    }
}
