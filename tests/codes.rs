//! Every diagnostic code points at a place: a file of the project, a line and a column.
//!
//! The table below triggers each code once on a copy of the minimal fixture. The list of codes
//! comes from the binary itself (`agendoc explain`, generated from the one declaration of the
//! codes), so a new code without a case here fails `every_code_has_a_case`.

mod common;

use std::collections::BTreeSet;

use common::TestProject;

const DOCUMENT: &str = "agenda/minimal/document.yaml";
const ENGLISH: &str = "agenda/minimal/text/en.yaml";
const FRENCH: &str = "agenda/minimal/text/fr.yaml";

/// One way to make `code` appear: edits to a fresh minimal project, then a command.
struct Case {
    code: &'static str,
    /// (file, from, to); `from` empty means write `to` as the whole file.
    edits: &'static [(&'static str, &'static str, &'static str)],
    /// The command; `check` unless the problem only shows when a PDF is laid out.
    command: &'static [&'static str],
    /// The file the diagnostic must point into.
    file: &'static str,
}

const CHECK: &[&str] = &["check", "--lang", "en"];

const CASES: &[Case] = &[
    Case {
        code: "E0001",
        edits: &[(DOCUMENT, "  number: C22/1", "  number: C22/1: x")],
        command: CHECK,
        file: DOCUMENT,
    },
    Case {
        code: "E0002",
        edits: &[(DOCUMENT, "  agenda-item: ADM 1", "\tagenda-item: ADM 1")],
        command: CHECK,
        file: DOCUMENT,
    },
    Case {
        code: "E0003",
        edits: &[(ENGLISH, "ref('item-one')", "ref('item-none')")],
        command: CHECK,
        file: ENGLISH,
    },
    Case {
        code: "E0004",
        edits: &[(DOCUMENT, "  agenda-item:", "  agenda-itme:")],
        command: CHECK,
        file: DOCUMENT,
    },
    Case {
        code: "E0005",
        edits: &[(DOCUMENT, "  number: C22/1\n", "")],
        command: CHECK,
        file: DOCUMENT,
    },
    Case {
        code: "E0006",
        edits: &[(
            DOCUMENT,
            "      - para: first\n",
            "      - para: first\n      - para: first\n",
        )],
        command: CHECK,
        file: DOCUMENT,
    },
    Case {
        code: "E0007",
        edits: &[(DOCUMENT, "2022-02-25", "2022-02-30")],
        command: CHECK,
        file: DOCUMENT,
    },
    Case {
        code: "E0008",
        edits: &[(DOCUMENT, "  date: day", "  date: dya")],
        command: CHECK,
        file: DOCUMENT,
    },
    Case {
        code: "E0009",
        edits: &[(ENGLISH, "\"Summary.\"", "\"Summary {{ term('genva') }}.\"")],
        command: CHECK,
        file: ENGLISH,
    },
    Case {
        code: "E0010",
        edits: &[(ENGLISH, "\"Summary.\"", "\"Summary {{ term( }}.\"")],
        command: CHECK,
        file: ENGLISH,
    },
    Case {
        code: "E0011",
        edits: &[(ENGLISH, "  letter-a: \"A lettered item.\"\n", "")],
        command: CHECK,
        file: DOCUMENT,
    },
    Case {
        code: "E0012",
        edits: &[(
            FRENCH,
            "",
            "lang: fr\nentries:\n  title: \"Un document minimal\"\ntranslated-from:\n  title: 0000000000000000\n",
        )],
        command: &["check", "--lang", "fr"],
        file: FRENCH,
    },
    Case {
        code: "E0020",
        edits: &[(
            FRENCH,
            "",
            "lang: fr\nentries:\n  title: \"Un document minimal\"\n",
        )],
        command: &["check", "--lang", "fr"],
        file: FRENCH,
    },
    Case {
        code: "E0021",
        edits: &[(
            ENGLISH,
            "\"Summary.\"",
            "\"Summary {{ term('geneva', 'nowhere') }}.\"",
        )],
        command: CHECK,
        file: ENGLISH,
    },
    Case {
        code: "E0022",
        edits: &[
            (DOCUMENT, "original: en", "original: en\nmarkup: inline"),
            (ENGLISH, "\"Summary.\"", "\"See [the file](notes.txt).\""),
        ],
        command: CHECK,
        file: ENGLISH,
    },
    Case {
        // Outside any git repository, as a test's temporary folder is.
        code: "E0023",
        edits: &[(
            DOCUMENT,
            "original: en",
            "original: en\nissue: { revision: 1, against: C22-1-original }",
        )],
        command: CHECK,
        file: DOCUMENT,
    },
    Case {
        code: "E0013",
        edits: &[(ENGLISH, "\"Summary.\"", "\"Summary 𓀀.\"")],
        command: CHECK,
        file: ENGLISH,
    },
    Case {
        code: "E0014",
        edits: &[(DOCUMENT, "para: first", "para: \"first para\"")],
        command: CHECK,
        file: DOCUMENT,
    },
    Case {
        code: "E0015",
        edits: &[(ENGLISH, "Summary.", "Sum\u{fffd}mary.")],
        command: CHECK,
        file: ENGLISH,
    },
    Case {
        code: "E0016",
        edits: &[(ENGLISH, "lang: en", "lang: fr")],
        command: CHECK,
        file: ENGLISH,
    },
    Case {
        code: "E0017",
        edits: &[("templates/report/en/document.typ", "", "#let x = (\n")],
        command: &["build", "--lang", "en", "--format", "pdf"],
        file: "templates/report/en/document.typ",
    },
    Case {
        code: "E0018",
        edits: &[
            (
                DOCUMENT,
                "        - id: item-one\n",
                "        - id: item-one\n        - { id: item-two, code: \"1\" }\n",
            ),
            (
                ENGLISH,
                "  item-one:",
                "  item-two: \"A second item\"\n  item-one:",
            ),
        ],
        command: CHECK,
        file: DOCUMENT,
    },
    Case {
        code: "E0019",
        edits: &[(
            DOCUMENT,
            "        - id: item-one\n",
            "        - id: item-one\n          documents: [\" C22/1\"]\n",
        )],
        command: CHECK,
        file: DOCUMENT,
    },
    Case {
        code: "W0001",
        edits: &[
            (
                "agenda/locales/en.yaml",
                "  geneva: Geneva\n",
                "  geneva: { name: Geneva, avoid: [Genf] }\n",
            ),
            (ENGLISH, "\"Summary.\"", "\"Summary from Genf.\""),
        ],
        command: CHECK,
        file: ENGLISH,
    },
    Case {
        code: "W0002",
        edits: &[(ENGLISH, "\"Summary.\"", "\"Summary of 2022-06-06.\"")],
        command: CHECK,
        file: ENGLISH,
    },
    Case {
        code: "W0003",
        edits: &[(
            FRENCH,
            "",
            "lang: fr\nentries:\n  first: \"Le premier paragraphe.\"\n",
        )],
        command: &["check", "--lang", "fr"],
        file: FRENCH,
    },
];

/// The codes `agendoc explain` lists.
fn all_codes() -> BTreeSet<String> {
    let project = TestProject::fixture("minimal");
    let output = project.agendoc(&["explain"]).output().unwrap();
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| line.split_whitespace().next().map(str::to_string))
        .collect()
}

#[test]
fn every_code_has_a_case() {
    let covered: BTreeSet<String> = CASES.iter().map(|case| case.code.to_string()).collect();
    let all = all_codes();
    assert!(all.len() >= 24, "{all:?}");
    let missing: Vec<_> = all.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "codes without a case in CASES: {missing:?}"
    );
}

/// `file:line:column` of the first diagnostic with `code` in codespan's output.
fn location_of(output: &str, code: &str) -> Option<String> {
    let mut lines = output.lines();
    lines.find(|line| line.contains(&format!("[{code} ")))?;
    let label = lines.next()?;
    Some(label.split_once("┌─ ")?.1.trim().to_string())
}

#[test]
fn every_code_points_at_a_file_line_and_column() {
    let mut failures = Vec::new();
    for case in CASES {
        let project = TestProject::fixture("minimal");
        for (file, from, to) in case.edits {
            if from.is_empty() {
                if let Some(dir) = project.path(file).parent() {
                    std::fs::create_dir_all(dir).unwrap();
                }
                project.write(file, to);
            } else if *to == "Sum\u{fffd}mary." {
                // Invalid UTF-8 cannot be written through a &str: replace with a raw 0xff byte.
                let bytes = std::fs::read(project.path(file)).unwrap();
                let at = bytes
                    .windows(from.len())
                    .position(|w| w == from.as_bytes())
                    .unwrap();
                let mut broken = bytes.clone();
                broken[at + 3] = 0xff;
                std::fs::write(project.path(file), broken).unwrap();
            } else {
                project.edit(file, from, to);
            }
        }
        let output = project.agendoc(case.command).output().unwrap();
        let text = String::from_utf8_lossy(&output.stderr).into_owned();
        match location_of(&text, case.code) {
            Some(location) => {
                let (file, rest) = location.split_once(':').unwrap_or((&location, ""));
                let mut numbers = rest.split(':').map(|n| n.parse::<usize>().unwrap_or(0));
                let (line, column) = (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0));
                if file != case.file || line == 0 || column == 0 {
                    failures.push(format!(
                        "{}: points at {location}, expected a line and column in {}",
                        case.code, case.file
                    ));
                }
            }
            None => failures.push(format!("{}: no located diagnostic in\n{text}", case.code)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
