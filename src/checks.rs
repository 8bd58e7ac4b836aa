//! Lint checks on the words: what is not wrong enough to stop a build but undoes agendoc's
//! promise that names and dates are written once.
//!
//! - W0001: a glossary name spelt the way the glossary says to avoid.
//! - W0002: a date typed into a text instead of coming from a fact.
//!
//! Both read the loaded texts and locales only; `check` runs them, `build` does not.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Locale;
use crate::model::{Date, LoadedDocument};

/// Runs every lint check over every text of every document.
pub fn run(
    documents: &[LoadedDocument],
    locales: &BTreeMap<String, Arc<Locale>>,
) -> Vec<Diagnostic> {
    let mut out = glossary_variants(documents, locales);
    out.extend(hand_written_dates(documents));
    out
}

/// Flags glossary spellings to avoid, in every text of every loaded language.
pub fn glossary_variants(
    documents: &[LoadedDocument],
    locales: &BTreeMap<String, Arc<Locale>>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for doc in documents {
        for (lang, text) in &doc.texts {
            let Some(locale) = locales.get(lang) else {
                continue;
            };
            for (term_id, term) in &locale.terms {
                for variant in term.avoid() {
                    for (key, value) in &text.entries {
                        if value.contains(variant.as_str()) {
                            out.push(
                                Diagnostic::new(
                                    Code::GlossaryVariant,
                                    format!(
                                        "`{variant}` in entry `{key}`: the glossary spells it `{}`",
                                        term.name()
                                    ),
                                )
                                .at_opt(text.locate_in(key, variant))
                                .with_hint(format!("write {{{{ term('{term_id}') }}}}")),
                            );
                        }
                    }
                }
            }
        }
    }
    out
}

/// Flags dates written by hand in a text instead of coming from the facts.
pub fn hand_written_dates(documents: &[LoadedDocument]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for doc in documents {
        for text in doc.texts.values() {
            for (key, value) in &text.entries {
                if let Some(found) = find_hand_written_date(value) {
                    out.push(
                        Diagnostic::new(
                            Code::DateContradiction,
                            format!("entry `{key}` writes the date `{found}` by hand"),
                        )
                        .at_opt(text.locate_in(key, &found))
                        .with_hint("add it to `facts:` in document.yaml and write {{ date('…') }}, so every language shows the same date"),
                    );
                }
            }
        }
    }
    out
}

/// A day-precise date typed into text: "2022年6月6日", ISO dates.
fn find_hand_written_date(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    for start in 0..chars.len() {
        let rest: String = chars[start..chars.len().min(start + 12)].iter().collect();
        let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
        let year_len = digits(&rest);
        if year_len == 4 && (start == 0 || !chars[start - 1].is_ascii_digit()) {
            let after = &rest[4..];
            if let Some(tail) = after.strip_prefix('年') {
                let month_len = digits(tail);
                if month_len > 0 && tail[month_len..].starts_with('月') {
                    let day_part = &tail[month_len + '月'.len_utf8()..];
                    let day_len = digits(day_part);
                    if day_len > 0 && day_part[day_len..].starts_with('日') {
                        return Some(
                            rest.chars()
                                .take(4 + 1 + month_len + 1 + day_len + 1)
                                .collect(),
                        );
                    }
                }
            }
            if Date::parse(&rest.chars().take(10).collect::<String>()).is_some() {
                return Some(rest.chars().take(10).collect());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::find_hand_written_date;

    #[test]
    fn spots_hand_written_dates() {
        assert_eq!(
            find_hand_written_date("于2022年6月6日召开").as_deref(),
            Some("2022年6月6日")
        );
        assert_eq!(
            find_hand_written_date("on 2022-06-06 in").as_deref(),
            Some("2022-06-06")
        );
        assert_eq!(find_hand_written_date("2022-2025年ITU-D工作计划"), None);
        assert_eq!(find_hand_written_date("第77号决议（2018年，迪拜）"), None);
    }
}
