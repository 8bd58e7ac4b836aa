//! Grammatical forms of glossary terms: "du Rwanda", "de l'Ethiopie", "в Эфиопии".
//!
//! A text that puts a preposition or an article before `{{ country('wtdc') }}` reads wrong as
//! soon as the fact names another country ("au Ethiopie"). So the words that depend on the name
//! travel with it: a text asks for a form, `{{ country('wtdc', 'du') }}`, and the locale makes it.
//! A term may write a form out (`forms: { gen: Эфиопии }`); otherwise the locale's rule for that
//! form (`forms:` at the top of the locale file) fills a pattern, chosen by the first of the
//! term's `features:` the rule knows:
//!
//! ```yaml
//! forms:
//!   du: { plural: "des {name}", elided: "de l'{name}", feminine: "de la {name}", other: "du {name}" }
//!   in: "в {prep}"
//! terms:
//!   ethiopia: { name: Ethiopie, features: [elided, feminine], forms: { prep: Эфиопии } }
//! ```
//!
//! A form that cannot be made is an error (E0021), never the bare name: the bare name is exactly
//! the wrong text this exists to prevent.

use std::collections::BTreeMap;

use crate::diagnostics::{Code, Diagnostic};
use crate::source::SourceFile;
use crate::source::raw::{RawFormRule, RawTerm};

/// The key of a feature rule used when none of the term's features is listed.
pub const OTHER: &str = "other";

/// The placeholder every pattern may use: the term's name.
const NAME: &str = "name";

/// Why a form of a term cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormProblem {
    /// Neither the term nor the locale knows the form.
    Unknown,
    /// The locale's rule lists none of the term's features and has no `other`.
    NoFeature { listed: Vec<String> },
    /// The pattern the rule gives names a form the term does not write out.
    MissingForm { pattern: String, needed: String },
}

impl FormProblem {
    /// What went wrong, after "no form `f` of term `t` in `lang`".
    pub fn reason(&self, form: &str) -> String {
        match self {
            FormProblem::Unknown => {
                "the term writes no such form and the locale has no rule for it".to_string()
            }
            FormProblem::NoFeature { listed } => format!(
                "the rule `{form}` is for terms with a feature among {} and has no `{OTHER}`",
                list(listed)
            ),
            FormProblem::MissingForm { pattern, needed } => format!(
                "the rule `{form}` gives \"{pattern}\", which needs the term's own form `{needed}`"
            ),
        }
    }
}

/// The text of form `form` of `term`, by its own `forms:` or by the locale's `rules`.
pub fn resolve(
    term: &RawTerm,
    form: &str,
    rules: &BTreeMap<String, RawFormRule>,
) -> Result<String, FormProblem> {
    if let Some(text) = term.form(form) {
        return Ok(text.to_string());
    }
    let pattern = match rules.get(form) {
        None => return Err(FormProblem::Unknown),
        Some(RawFormRule::Pattern(pattern)) => pattern,
        Some(RawFormRule::ByFeature(by_feature)) => term
            .features()
            .iter()
            .find_map(|feature| by_feature.get(feature))
            .or_else(|| by_feature.get(OTHER))
            .ok_or_else(|| FormProblem::NoFeature {
                listed: by_feature.keys().cloned().collect(),
            })?,
    };
    if let Some(needed) = crate::pattern::placeholders(pattern)
        .find(|piece| *piece != NAME && term.form(piece).is_none())
    {
        return Err(FormProblem::MissingForm {
            pattern: pattern.clone(),
            needed: needed.to_string(),
        });
    }
    Ok(crate::pattern::fill(pattern, |piece| {
        if piece == NAME {
            Some(term.name().to_string())
        } else {
            term.form(piece).map(str::to_string)
        }
    }))
}

/// What a term offers, for the hint of a form it lacks: its forms and features, and the rules.
pub fn offered(term: &RawTerm, rules: &BTreeMap<String, RawFormRule>) -> String {
    let forms: Vec<String> = term
        .forms()
        .map(|forms| forms.keys().cloned().collect())
        .unwrap_or_default();
    let rules: Vec<String> = rules.keys().cloned().collect();
    format!(
        "its own forms: {}; its features: {}; the language's rules: {}",
        list(&forms),
        list(term.features()),
        list(&rules)
    )
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        names
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Checks the placeholder syntax of every pattern of a locale's `forms:` rules: each `{` closes,
/// each name is `name` or a form name, no `}` stands alone.
pub fn check_rules(rules: &BTreeMap<String, RawFormRule>, source: &SourceFile) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (form, rule) in rules {
        let patterns: Vec<(String, &String)> = match rule {
            RawFormRule::Pattern(pattern) => vec![(format!("forms/{form}"), pattern)],
            RawFormRule::ByFeature(by_feature) => {
                if by_feature.is_empty() {
                    problems.push(
                        Diagnostic::new(Code::InvalidValue, format!("the rule `{form}` is empty"))
                            .at_opt(source.locate_key(&format!("forms/{form}")))
                            .with_hint(format!(
                                "give a pattern per feature, e.g. `{form}: {{ feminine: \"… {{name}}\", {OTHER}: \"… {{name}}\" }}`"
                            )),
                    );
                }
                by_feature
                    .iter()
                    .map(|(feature, pattern)| (format!("forms/{form}/{feature}"), pattern))
                    .collect()
            }
        };
        for (path, pattern) in patterns {
            if let Some((piece, why)) = syntax_problem(pattern) {
                problems.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("the pattern \"{pattern}\" of the rule `{form}` {why}"),
                    )
                    .at_opt(source.locate_in(&path, &piece))
                    .with_hint(
                        "a pattern writes `{name}` for the term's name and `{<form>}` for one of \
                         the term's own `forms:`, e.g. \"de l'{name}\", \"в {prep}\"",
                    ),
                );
            }
        }
    }
    problems
}

/// The first piece of `pattern` that is not a well-formed placeholder, and what is wrong with it.
fn syntax_problem(pattern: &str) -> Option<(String, &'static str)> {
    let mut rest = pattern;
    while let Some(at) = rest.find(['{', '}']) {
        if rest[at..].starts_with('}') {
            return Some(("}".into(), "has a `}` that closes nothing"));
        }
        let Some(close) = rest[at..].find('}') else {
            return Some((rest[at..].to_string(), "has a `{` that never closes"));
        };
        let name = &rest[at + 1..at + close];
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Some((
                rest[at..=at + close].to_string(),
                "has a placeholder that names no form",
            ));
        }
        rest = &rest[at + close + 1..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::raw::RawTermEntry;

    fn term(name: &str, features: &[&str], forms: &[(&str, &str)]) -> RawTerm {
        RawTerm::Full(RawTermEntry {
            name: name.to_string(),
            features: features.iter().map(|f| f.to_string()).collect(),
            forms: forms
                .iter()
                .map(|(form, text)| (form.to_string(), text.to_string()))
                .collect(),
            avoid: Vec::new(),
        })
    }

    fn rules() -> BTreeMap<String, RawFormRule> {
        let du = [
            ("plural", "des {name}"),
            ("elided", "de l'{name}"),
            ("feminine", "de la {name}"),
            ("masculine", "du {name}"),
        ];
        BTreeMap::from([
            (
                "du".to_string(),
                RawFormRule::ByFeature(
                    du.iter()
                        .map(|(f, p)| (f.to_string(), p.to_string()))
                        .collect(),
                ),
            ),
            (
                "au".to_string(),
                RawFormRule::ByFeature(BTreeMap::from([
                    ("feminine".to_string(), "en {name}".to_string()),
                    (OTHER.to_string(), "au {name}".to_string()),
                ])),
            ),
            (
                "in".to_string(),
                RawFormRule::Pattern("в {prep}".to_string()),
            ),
        ])
    }

    #[test]
    fn an_explicit_form_comes_first() {
        let ethiopia = term("Ethiopie", &["feminine"], &[("du", "d'Ethiopie")]);
        assert_eq!(resolve(&ethiopia, "du", &rules()).unwrap(), "d'Ethiopie");
        let russian = term("Эфиопия", &[], &[("gen", "Эфиопии")]);
        assert_eq!(resolve(&russian, "gen", &rules()).unwrap(), "Эфиопии");
    }

    #[test]
    fn a_feature_rule_takes_the_terms_first_listed_feature() {
        let ethiopia = term("Ethiopie", &["elided", "feminine"], &[]);
        assert_eq!(resolve(&ethiopia, "du", &rules()).unwrap(), "de l'Ethiopie");
        // The term's order decides, not the rule's.
        let swapped = term("Ethiopie", &["feminine", "elided"], &[]);
        assert_eq!(resolve(&swapped, "du", &rules()).unwrap(), "de la Ethiopie");
        // A feature the rule does not list is passed over.
        let rwanda = term("Rwanda", &["city", "masculine"], &[]);
        assert_eq!(resolve(&rwanda, "du", &rules()).unwrap(), "du Rwanda");
    }

    #[test]
    fn other_is_the_fallback_of_a_feature_rule() {
        let rwanda = RawTerm::Name("Rwanda".to_string());
        assert_eq!(resolve(&rwanda, "au", &rules()).unwrap(), "au Rwanda");
        let france = term("France", &["feminine"], &[]);
        assert_eq!(resolve(&france, "au", &rules()).unwrap(), "en France");
    }

    #[test]
    fn a_plain_pattern_fills_the_terms_own_forms() {
        let ethiopia = term("Эфиопия", &[], &[("prep", "Эфиопии")]);
        assert_eq!(resolve(&ethiopia, "in", &rules()).unwrap(), "в Эфиопии");
    }

    #[test]
    fn a_form_that_cannot_be_made_is_an_error() {
        let rwanda = RawTerm::Name("Rwanda".to_string());
        assert_eq!(
            resolve(&rwanda, "dative", &rules()),
            Err(FormProblem::Unknown)
        );
        assert_eq!(
            resolve(&rwanda, "du", &rules()),
            Err(FormProblem::NoFeature {
                listed: ["elided", "feminine", "masculine", "plural"]
                    .map(String::from)
                    .to_vec()
            })
        );
        assert_eq!(
            resolve(&rwanda, "in", &rules()),
            Err(FormProblem::MissingForm {
                pattern: "в {prep}".to_string(),
                needed: "prep".to_string()
            })
        );
        let hint = offered(
            &term("Rwanda", &["masculine"], &[("gen", "Руанды")]),
            &rules(),
        );
        assert!(hint.contains("`gen`") && hint.contains("`masculine`") && hint.contains("`du`"));
    }

    #[test]
    fn spots_broken_placeholders() {
        assert_eq!(syntax_problem("de l'{name} et {gen}"), None);
        assert!(
            syntax_problem("de l'{name")
                .unwrap()
                .1
                .contains("never closes")
        );
        assert!(
            syntax_problem("de l'name}")
                .unwrap()
                .1
                .contains("closes nothing")
        );
        assert_eq!(syntax_problem("du {}").unwrap().0, "{}");
        assert_eq!(syntax_problem("du { name }").unwrap().0, "{ name }");
    }
}
