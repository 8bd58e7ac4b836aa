//! translate-toolkit's `pofilter` over the PO export of every translation of the real project,
//! its findings compared with the accepted ones in `tests/fixtures/pofilter-accepted.txt`: a
//! new finding fails, and so does an accepted one that no longer occurs, so the list stays true.
//!
//! pofilter cannot be told what a `{{ … }}` placeholder is: its variable syntaxes come with
//! presets for other projects (`--mozilla` knows `{{ }}`), and even those keep a variable's text,
//! quotes included, so `{{ term('wtdc') }}` counts as two quotes, which French punctuation rules
//! even turn into « ». The test therefore hands pofilter a copy of each export in which every
//! placeholder of msgid and msgstr is one word made of its function and first argument
//! (`term_wtdc`), whatever form a translation adds: pofilter's checks then judge the prose,
//! while the placeholders themselves are agendoc's own check (W0003, and the import's).
//! `isfuzzy` and `untranslated` are left out: they report states, which `agendoc i18n status`
//! lists.

mod common;

use std::collections::BTreeSet;

use common::{TestProject, have_tools, repo, tool};

const ACCEPTED: &str = "tests/fixtures/pofilter-accepted.txt";

/// One finding: document, language, pofilter's test, entry.
type Finding = (String, String, String, String);

/// One line of the accepted list; `*` matches anything.
struct Accepted {
    line: usize,
    fields: [String; 4],
}

impl Accepted {
    fn matches(&self, finding: &Finding) -> bool {
        let values = [&finding.0, &finding.1, &finding.2, &finding.3];
        self.fields
            .iter()
            .zip(values)
            .all(|(field, value)| field == "*" || field == value)
    }
}

fn accepted() -> Vec<Accepted> {
    let text = std::fs::read_to_string(repo().join(ACCEPTED)).unwrap();
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(at, line)| {
            let (rule, reason) = line
                .split_once(" # ")
                .unwrap_or_else(|| panic!("{ACCEPTED}:{}: no ` # reason`", at + 1));
            assert!(
                !reason.trim().is_empty(),
                "{ACCEPTED}:{}: no reason",
                at + 1
            );
            let fields: Vec<String> = rule.split_whitespace().map(String::from).collect();
            let fields: [String; 4] = fields.try_into().unwrap_or_else(|_| {
                panic!(
                    "{ACCEPTED}:{}: want `document lang test entry # reason`",
                    at + 1
                )
            });
            Accepted {
                line: at + 1,
                fields,
            }
        })
        .collect()
}

/// Every translation of the project: (document, language).
fn translations(project: &TestProject) -> Vec<(String, String)> {
    let output = project
        .agendoc(&["i18n", "status", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let status: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    status
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["document"].as_str().unwrap().to_string(),
                s["lang"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The PO with each placeholder of its msgid and msgstr lines replaced by one word naming it.
fn placeholders_as_words(po: &str) -> String {
    // Strings continued over several lines are joined, so that no placeholder is cut.
    let joined = po.replace("\"\n\"", "");
    joined
        .split_inclusive('\n')
        .map(|line| {
            if !(line.starts_with("msgid ") || line.starts_with("msgstr ")) {
                return line.to_string();
            }
            let mut out = String::new();
            let mut at = 0;
            for span in agendoc::model::texts::placeholder_spans(line) {
                let identity = agendoc::model::texts::placeholder_identity(&line[span.clone()]);
                let word: Vec<&str> = identity
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|part| !part.is_empty())
                    .collect();
                out.push_str(&line[at..span.start]);
                out.push_str(&word.join("_"));
                at = span.end;
            }
            out.push_str(&line[at..]);
            out
        })
        .collect()
}

/// pofilter's findings in one PO file, by test and entry.
fn pofilter(project: &TestProject, po: &str, lang: &str) -> Vec<(String, String)> {
    let input = project.path("check.po");
    let output = project.path("findings.po");
    let _ = std::fs::remove_file(&output);
    std::fs::write(&input, po).unwrap();
    let status = tool("pofilter")
        .args(["--progress=none", "--errorlevel=message"])
        .arg(format!("--language={lang}"))
        .args(["--excludefilter=isfuzzy", "--excludefilter=untranslated"])
        .arg("-i")
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .status()
        .unwrap();
    assert!(status.success(), "pofilter runs");
    // pofilter writes nothing when it finds nothing.
    let Ok(found) = std::fs::read_to_string(&output) else {
        return Vec::new();
    };
    let mut findings = Vec::new();
    for entry in found.replace("\"\n\"", "").split("\n\n") {
        let Some(context) = entry
            .lines()
            .find_map(|l| l.strip_prefix("msgctxt \"")?.strip_suffix('"'))
        else {
            continue;
        };
        for line in entry.lines() {
            if let Some(test) = line.strip_prefix("# (pofilter) ") {
                let test = test.split(':').next().unwrap_or(test);
                findings.push((test.to_string(), context.to_string()));
            }
        }
    }
    findings
}

#[test]
fn pofilter_finds_nothing_new_in_any_translation() {
    if !have_tools(
        "pofilter_finds_nothing_new_in_any_translation",
        &["pofilter"],
    ) {
        return;
    }
    let project = TestProject::real();
    let mut found: BTreeSet<Finding> = BTreeSet::new();
    for (document, lang) in translations(&project) {
        let path = project.path("export.po");
        project
            .agendoc(&["i18n", "export", "--lang", &lang, "--format", "po"])
            .args(["--document", &document, "-o"])
            .arg(&path)
            .assert()
            .success();
        let po = placeholders_as_words(&project.read("export.po"));
        for (test, entry) in pofilter(&project, &po, &lang) {
            found.insert((document.clone(), lang.clone(), test, entry));
        }
    }
    let accepted = accepted();
    let new: Vec<String> = found
        .iter()
        .filter(|finding| !accepted.iter().any(|a| a.matches(finding)))
        .map(|(document, lang, test, entry)| format!("{document} {lang} {test} {entry}"))
        .collect();
    let gone: Vec<String> = accepted
        .iter()
        .filter(|a| !found.iter().any(|finding| a.matches(finding)))
        .map(|a| format!("line {}: {}", a.line, a.fields.join(" ")))
        .collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "pofilter's findings differ from {ACCEPTED} ({} found).\nNew findings (fix the \
         translation, or add a line with the reason):\n{}\nAccepted findings that no longer \
         occur (remove them):\n{}",
        found.len(),
        new.join("\n"),
        gone.join("\n")
    );
}
