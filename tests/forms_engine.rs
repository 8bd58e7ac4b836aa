//! The engine of grammatical forms and the placeholder check, on a copy of the real project.
//!
//! Each test writes its own French rules and term features into the copied `fr.yaml`, and its own
//! entries into the copied texts, so it holds whatever the real locale data says at the time.

mod common;

use common::TestProject;

const FR_LOCALE: &str = "agenda/locales/fr.yaml";
const FR_TEXT: &str = "agenda/wtdc-preparations/text/fr.yaml";
const EN_TEXT: &str = "agenda/wtdc-preparations/text/en.yaml";

/// `text` with the mapping entry `key` (at two spaces' indent, with any deeper lines that continue
/// it) replaced by `line`.
fn replace_entry(text: &str, key: &str, line: &str) -> String {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    let mut found = false;
    while let Some(current) = lines.next() {
        if !found && current.starts_with(&format!("  {key}:")) {
            found = true;
            out.push(line.to_string());
            while lines
                .peek()
                .is_some_and(|next| next.starts_with("    ") || next.trim().is_empty())
            {
                lines.next();
            }
        } else {
            out.push(current.to_string());
        }
    }
    assert!(found, "no entry `{key}`");
    out.join("\n") + "\n"
}

/// `text` without its top-level block `key:` (that line and every indented or blank line after).
fn without_block(text: &str, key: &str) -> String {
    let mut out = Vec::new();
    let mut skipping = false;
    for line in text.lines() {
        if line.starts_with(&format!("{key}:")) {
            skipping = true;
            continue;
        }
        if skipping && (line.starts_with(' ') || line.trim().is_empty()) {
            continue;
        }
        skipping = false;
        out.push(line);
    }
    out.join("\n") + "\n"
}

/// Adds `rules` (YAML: form name → rule) to the copied French locale's `forms:`, replacing rules
/// of the same name, and gives Rwanda and Ethiopia their French names and features ahead of any
/// they have (Ethiopia also the written-out form `gen`). The rest of the locale stays as the real
/// one is, so the real texts keep their forms.
fn french_forms(project: &TestProject, rules: &str) {
    use serde_yaml::{Mapping, Value};
    let mut locale: Value = serde_yaml::from_str(&project.read(FR_LOCALE)).unwrap();
    let rules: Mapping = serde_yaml::from_str(rules).unwrap();
    let forms = locale
        .as_mapping_mut()
        .unwrap()
        .entry("forms".into())
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    for (name, rule) in rules {
        forms.as_mapping_mut().unwrap().insert(name, rule);
    }
    for (id, name, features, own_forms) in [
        ("rwanda", "Rwanda", vec!["masculine"], vec![]),
        (
            "ethiopia",
            "Ethiopie",
            vec!["elided", "feminine"],
            vec![("gen", "d'Ethiopie (gen)")],
        ),
    ] {
        let term = &mut locale["terms"][id];
        if let Value::String(_) = term {
            *term = Value::Mapping(Mapping::new());
        }
        term["name"] = name.into();
        let mut all: Vec<Value> = features.into_iter().map(Value::from).collect();
        for feature in term["features"].as_sequence().cloned().unwrap_or_default() {
            if !all.contains(&feature) {
                all.push(feature);
            }
        }
        term["features"] = Value::Sequence(all);
        if !term["forms"].is_mapping() {
            term["forms"] = Value::Mapping(Mapping::new());
        }
        for (form, text) in own_forms {
            term["forms"][form] = text.into();
        }
    }
    project.write(FR_LOCALE, &serde_yaml::to_string(&locale).unwrap());
}

/// A total `du` rule (with `other`), so real texts that ask for `du` still resolve.
const DU: &str = "du: { plural: \"des {name}\", elided: \"de l'{name}\", feminine: \"de la {name}\", masculine: \"du {name}\", other: \"du {name}\" }\n";

/// `file:line:column` of `needle` in a project file, `skip` characters in.
fn position_in(project: &TestProject, file: &str, needle: &str, skip: usize) -> String {
    let text = project.read(file);
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in {file}"))
        + skip;
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    format!("{file}:{line}:{column}")
}

/// Sets entry `key` of a text file to `value`.
fn set_entry(project: &TestProject, file: &str, key: &str, value: &str) {
    let text = replace_entry(&project.read(file), key, &format!("  {key}: \"{value}\""));
    project.write(file, &text);
}

/// Adds `key: "reason"` under `differs:` of a text file.
fn add_reason(project: &TestProject, file: &str, key: &str, reason: &str) {
    let text = project.read(file);
    let line = format!("  {key}: \"{reason}\"\n");
    let text = match text.find("\ndiffers:\n") {
        Some(at) => {
            let after = at + "\ndiffers:\n".len();
            format!("{}{line}{}", &text[..after], &text[after..])
        }
        None => format!("{text}differs:\n{line}"),
    };
    project.write(file, &text);
}

/// `agendoc check --lang fr`'s diagnostics.
fn check_french(project: &TestProject) -> String {
    let output = project
        .agendoc(&["check", "wtdc-preparations", "--lang", "fr"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The `file:line:column` of the first diagnostic whose first line contains `header`.
fn location(output: &str, header: &str) -> Option<String> {
    let mut lines = output.lines();
    lines.find(|line| line.contains(header))?;
    Some(lines.next()?.split_once("┌─ ")?.1.trim().to_string())
}

/// The first diagnostic whose first line contains `header`, up to the next one.
fn diagnostic<'a>(output: &'a str, header: &str) -> &'a str {
    let at = output
        .find(header)
        .unwrap_or_else(|| panic!("no `{header}` in\n{output}"));
    let rest = &output[output[..at].rfind('\n').map_or(0, |at| at + 1)..];
    let end = ["\nwarning[", "\nerror[", "\nnote[", "\ncheck:"]
        .iter()
        .filter_map(|next| rest.find(next))
        .min()
        .unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn a_text_asks_for_a_form_and_the_locale_makes_it() {
    let project = TestProject::real();
    french_forms(
        &project,
        &format!(
            "{DU}t-chez: \"chez {{name}} {{gen}}\"\nt-en: {{ feminine: \"en {{name}}\", other: \"au {{name}}\" }}\n"
        ),
    );
    set_entry(
        &project,
        FR_TEXT,
        "summary",
        "Le Gouvernement {{ country('wtdc', 'du') }}, celui {{ country('wtdc-addis', 'du') }}, \
         {{ country('wtdc', 't-en') }} et {{ country('wtdc-addis', 't-en') }}, \
         {{ term('ethiopia', 't-chez') }}, {{ term('ethiopia', 'gen') }}, {{ country('wtdc') }}.",
    );
    project.build(&["wtdc-preparations", "--lang", "fr", "--format", "md"]);
    let md = project.output("fr", "md");
    assert!(
        md.contains(
            "Le Gouvernement du Rwanda, celui de l'Ethiopie, au Rwanda et en Ethiopie, \
             chez Ethiopie d'Ethiopie (gen), d'Ethiopie (gen), Rwanda."
        ),
        "{md}"
    );
}

#[test]
fn a_form_the_language_cannot_make_is_an_error_at_the_call() {
    let project = TestProject::real();
    french_forms(
        &project,
        &format!("{DU}t-in: \"à {{loc}}\"\nt-au: {{ plural: \"aux {{name}}\" }}\n"),
    );
    for (form, reason) in [
        (
            "nowhere",
            "the term writes no such form and the locale has no rule for it",
        ),
        ("t-in", "needs the term's own form `loc`"),
        ("t-au", "has no `other`"),
    ] {
        set_entry(
            &project,
            FR_TEXT,
            "summary",
            &format!("Le Gouvernement du {{{{ country('wtdc', '{form}') }}}}."),
        );
        let stderr = project.fails(&["check", "wtdc-preparations", "--lang", "fr"]);
        let header = format!("error[E0021 missing-form]: in entry `summary`: no form `{form}`");
        assert_eq!(
            location(&stderr, &header),
            Some(project.position(FR_TEXT, &format!("'wtdc', '{form}'"))),
            "{stderr}"
        );
        let shown = diagnostic(&stderr, &header);
        for needle in [
            format!("no form `{form}` of term `rwanda` (country of fact `wtdc`) in `fr`"),
            reason.to_string(),
            "its features: `masculine`".to_string(),
            "agenda/locales/fr.yaml".to_string(),
        ] {
            assert!(shown.contains(&needle), "`{needle}` in\n{shown}");
        }
    }
}

#[test]
fn a_broken_rule_pattern_is_an_error_in_the_locale() {
    let project = TestProject::real();
    french_forms(&project, "t-broken: { masculine: \"du {name\" }\n");
    let stderr = project.fails(&["check", "wtdc-preparations", "--lang", "fr"]);
    let locale = project.read(FR_LOCALE);
    let anchor = locale.find("t-broken:").unwrap();
    let skip = locale[anchor..].find("{name").unwrap();
    assert_eq!(
        location(&stderr, "error[E0014 invalid-value]: the pattern"),
        Some(position_in(&project, FR_LOCALE, "t-broken:", skip)),
        "{stderr}"
    );
    assert!(stderr.contains("never closes"), "{stderr}");
}

#[test]
fn a_dropped_placeholder_warns_unless_a_reason_is_given() {
    let project = TestProject::real();
    let without_reasons = without_block(&project.read(FR_TEXT), "differs");
    project.write(FR_TEXT, &without_reasons);
    french_forms(&project, DU);
    set_entry(
        &project,
        EN_TEXT,
        "summary",
        "The {{ term('wtdc') }} in {{ city('wtdc') }}, {{ country('wtdc') }}, on {{ dates('wtdc') }}.",
    );
    set_entry(
        &project,
        FR_TEXT,
        "summary",
        "La {{ term('wtdc') }} à {{ city('wtdc') }} {{ dates('wtdc') }}.",
    );
    let header = "warning[W0003 placeholder-mismatch]: entry `summary` (fr)";
    let stderr = check_french(&project);
    assert_eq!(
        location(&stderr, header),
        Some(position_in(&project, FR_TEXT, "\n  summary:", 3)),
        "{stderr}"
    );
    assert!(
        diagnostic(&stderr, header).contains("drops `{{ country('wtdc') }}`"),
        "{stderr}"
    );
    let warnings = |stderr: &str| stderr.matches("warning[").count();
    let before = warnings(&stderr);

    add_reason(&project, FR_TEXT, "summary", "le pays est dit ailleurs");
    let stderr = check_french(&project);
    assert!(!stderr.contains(header), "{stderr}");
    let note = diagnostic(
        &stderr,
        "note[W0003 placeholder-mismatch]: entry `summary` (fr)",
    );
    assert!(note.contains("le pays est dit ailleurs"), "{note}");
    assert_eq!(warnings(&stderr), before - 1, "a note is not a warning");
    assert!(
        stderr.contains(&format!(", {} warning(s)", before - 1)),
        "{stderr}"
    );

    // A form of the same placeholder keeps it: the reason has gone stale.
    set_entry(
        &project,
        FR_TEXT,
        "summary",
        "La {{ term('wtdc') }} à {{ city('wtdc') }}, près {{ country('wtdc', 'du') }}, {{ dates('wtdc') }}.",
    );
    let stderr = check_french(&project);
    assert!(!stderr.contains("entry `summary` (fr) differs"), "{stderr}");
    assert_eq!(
        location(
            &stderr,
            "warning[W0003 placeholder-mismatch]: stale reason: entry `summary` (fr)"
        ),
        Some(position_in(&project, FR_TEXT, "\n  summary: \"le pays", 3)),
        "{stderr}"
    );
}
