//! Lint checks on the words: what is not wrong enough to stop a build but undoes agendoc's
//! promise that names and dates are written once.
//!
//! - W0001: a glossary name spelt the way the glossary says to avoid.
//! - W0002: a date typed into a text instead of coming from a fact.
//! - W0003: a translation that drops or adds a placeholder of its original: a name or date
//!   written out by hand no longer follows the facts. A reason under `differs:` turns it into a
//!   note; a reason for an entry that does not differ is flagged, so reasons cannot rot.
//!
//! They read the loaded texts and locales only; `check` runs them, `build` does not.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic, Severity};
use unicode_segmentation::UnicodeSegmentation;

use crate::i18n::Locale;
use crate::i18n::dates::DateStyle;
use crate::model::texts::placeholders;
use crate::model::{Date, LoadedDocument};

/// Runs every lint check over every text of every document.
pub fn run(
    documents: &[LoadedDocument],
    locales: &BTreeMap<String, Arc<Locale>>,
) -> Vec<Diagnostic> {
    let mut out = glossary_variants(documents, locales);
    out.extend(hand_written_dates(documents, locales));
    out.extend(placeholder_mismatches(documents));
    out
}

/// Compares the placeholders of every translated entry with its original's, by identity
/// ([`placeholders`]: function and first argument).
pub fn placeholder_mismatches(documents: &[LoadedDocument]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for doc in documents {
        let Some(original) = doc.original() else {
            continue;
        };
        for (lang, text) in &doc.texts {
            if *lang == doc.document.original {
                for key in text.differs.keys() {
                    out.push(
                        Diagnostic::new(
                            Code::PlaceholderMismatch,
                            format!("a reason under `differs:` for `{key}` in the original text"),
                        )
                        .at_opt(text.locate_reason(key))
                        .with_hint("only a translation can differ from its original: remove it"),
                    );
                }
                continue;
            }
            for (key, value) in &text.entries {
                let Some(source) = original.entries.get(key) else {
                    continue;
                };
                let (dropped, added) = difference(&placeholders(source), &placeholders(value));
                if dropped.is_empty() && added.is_empty() {
                    continue;
                }
                let mut changes = Vec::new();
                if !dropped.is_empty() {
                    changes.push(format!("drops {}", quoted(&dropped)));
                }
                if !added.is_empty() {
                    changes.push(format!("adds {}", quoted(&added)));
                }
                let message = format!(
                    "entry `{key}` ({lang}) differs from the original ({}): it {}",
                    doc.document.original,
                    changes.join(" and ")
                );
                let location = match added.first() {
                    Some(added) => text.locate_in(key, &written_call(added)),
                    None => text.locate(key),
                };
                let diagnostic =
                    Diagnostic::new(Code::PlaceholderMismatch, message).at_opt(location);
                out.push(match text.differs.get(key) {
                    Some(reason) => diagnostic
                        .with_severity(Severity::Note)
                        .with_hint(format!("on purpose: {reason}")),
                    None => diagnostic.with_hint(format!(
                        "write the placeholder as the original does, or give the reason under \
                         `differs:` in the text file (`differs: {{ {key}: \"…\" }}`)"
                    )),
                });
            }
            for key in text.differs.keys() {
                let differs = match (text.entries.get(key), original.entries.get(key)) {
                    (Some(value), Some(source)) => placeholders(value) != placeholders(source),
                    _ => false,
                };
                if !differs {
                    out.push(
                        Diagnostic::new(
                            Code::PlaceholderMismatch,
                            format!(
                                "stale reason: entry `{key}` ({lang}) has the placeholders of the original"
                            ),
                        )
                        .at_opt(text.locate_reason(key))
                        .with_hint(format!("remove `{key}` from `differs:`")),
                    );
                }
            }
        }
    }
    out
}

/// What `original` has that `translation` lacks, and what it adds, each counted.
fn difference(original: &[String], translation: &[String]) -> (Vec<String>, Vec<String>) {
    let minus = |from: &[String], taken: &[String]| {
        let mut rest = taken.to_vec();
        let mut left = Vec::new();
        for item in from {
            match rest.iter().position(|r| r == item) {
                Some(at) => {
                    rest.remove(at);
                }
                None => left.push(item.clone()),
            }
        }
        left
    };
    (minus(original, translation), minus(translation, original))
}

fn quoted(placeholders: &[String]) -> String {
    placeholders
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The start of a call as a text writes it (`country('wtdc'`), to point at an added placeholder.
fn written_call(identity: &str) -> String {
    let inner = identity.trim_start_matches("{{ ").trim_end_matches(" }}");
    inner.strip_suffix(')').unwrap_or(inner).to_string()
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
pub fn hand_written_dates(
    documents: &[LoadedDocument],
    locales: &BTreeMap<String, Arc<Locale>>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for doc in documents {
        for (lang, text) in &doc.texts {
            let months = locales
                .get(lang)
                .map(|l| month_names(l))
                .unwrap_or_default();
            for (key, value) in &text.entries {
                if let Some(found) = find_hand_written_date(value, &months) {
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

/// The words a language names months with inside a full date ("July", "juillet", "июля",
/// "يوليو"), as CLDR writes them through the locale's own date pattern: each month's date with
/// the digits taken out, less the words every month shares ("de", "г.").
fn month_names(locale: &Locale) -> Vec<String> {
    let words = |month: u8| -> Vec<String> {
        let date = Date {
            year: 2000,
            month,
            day: 15,
        };
        locale
            .dates
            .date(date, DateStyle::Text)
            .split(|c: char| c.is_whitespace() || c.is_ascii_digit() || c.is_ascii_punctuation())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let all: Vec<Vec<String>> = (1..=12).map(words).collect();
    let mut names: Vec<String> = all
        .iter()
        .flatten()
        .filter(|word| !all.iter().all(|month| month.contains(word)))
        .cloned()
        .collect();
    names.sort();
    names.dedup();
    names
}

/// A day-precise date typed into text: "2022年6月6日", ISO dates, and a day, one of `months`
/// and a year near each other in either order ("22 July 2023", "22 de julio de 2023",
/// "July 22, 2023", "22 يوليو 2023").
fn find_hand_written_date(text: &str, months: &[String]) -> Option<String> {
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
    spelled_date(text, months)
}

/// A day (1–31), a month word and a year, with at most one short word ("de") between them.
fn spelled_date(text: &str, months: &[String]) -> Option<String> {
    if months.is_empty() {
        return None;
    }
    let words: Vec<(usize, &str)> = text
        .split_word_bound_indices()
        .filter(|(_, w)| !w.trim().is_empty() && *w != "," && *w != "،")
        .collect();
    let day = |w: &str| w.len() <= 2 && w.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d));
    let year = |w: &str| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit());
    let month = |w: &str| months.iter().any(|m| m == &w.to_lowercase());
    let linking = |w: &str| w.chars().count() <= 2 && !w.chars().any(|c| c.is_ascii_digit());
    // The index of the next word that is not a linking word, within one step.
    let next = |i: usize| -> Option<usize> {
        let j = i + 1;
        match words.get(j) {
            Some((_, w)) if linking(w) && !month(w) => {
                (words.get(j + 1).is_some()).then_some(j + 1)
            }
            Some(_) => Some(j),
            None => None,
        }
    };
    for i in 0..words.len() {
        let (Some(j), start) = (next(i), words[i].0) else {
            continue;
        };
        let Some(k) = next(j) else { continue };
        let (a, b, c) = (words[i].1, words[j].1, words[k].1);
        if (day(a) && month(b) && year(c)) || (month(a) && day(b) && year(c)) {
            let end = words[k].0 + c.len();
            return Some(text[start..end].to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::find_hand_written_date;

    #[test]
    fn spots_hand_written_dates() {
        let none: &[String] = &[];
        assert_eq!(
            find_hand_written_date("于2022年6月6日召开", none).as_deref(),
            Some("2022年6月6日")
        );
        assert_eq!(
            find_hand_written_date("on 2022-06-06 in", none).as_deref(),
            Some("2022-06-06")
        );
        assert_eq!(
            find_hand_written_date("2022-2025年ITU-D工作计划", none),
            None
        );
        assert_eq!(
            find_hand_written_date("第77号决议（2018年，迪拜）", none),
            None
        );
    }

    #[test]
    fn spots_spelled_dates_in_either_order_with_linking_words() {
        let months: Vec<String> = ["july", "julio", "juillet", "июля", "يوليو"]
            .map(String::from)
            .to_vec();
        for (text, date) in [
            ("held on 22 July 2023 in", "22 July 2023"),
            ("le 22 juillet 2023,", "22 juillet 2023"),
            ("el 22 de julio de 2023.", "22 de julio de 2023"),
            ("22 июля 2023 года", "22 июля 2023"),
            ("في 22 يوليو 2023", "22 يوليو 2023"),
            ("on July 22, 2023", "July 22, 2023"),
            ("les 6 et 7 juillet 2021", "7 juillet 2021"),
        ] {
            assert_eq!(
                find_hand_written_date(text, &months).as_deref(),
                Some(date),
                "{text}"
            );
        }
        for text in [
            "in July 2023",
            "Resolution 77 (2018)",
            "22 participants in 2023",
        ] {
            assert_eq!(find_hand_written_date(text, &months), None, "{text}");
        }
    }
}
