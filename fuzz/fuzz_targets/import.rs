//! Arbitrary bytes through `agendoc i18n import`'s library half: a translation file read as PO
//! or XLIFF (`exchange::read`) and applied to a text file (`exchange::apply`, which edits the
//! YAML at the parser's spans and reads the result back). Anything may be refused; nothing may
//! panic or hang.
//!
//! The first byte picks what the rest is:
//! - 0: a translation file, applied to a fixed French text with block scalars and comments;
//! - 1: the French text file itself, with fixed translations of every shape to apply to it;
//! - 2: translations (split at NUL bytes) applied to the fixed French text.
//!
//! In modes 1 and 2 an edit that the read-back refuses is a bug of the edit (quoting, a span)
//! unless the file uses anchors, aliases or tags, which an edit may not keep: that panics, so
//! the fuzzer reports it.
#![no_main]

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use agendoc::i18n::exchange::inline::MarkupRules;
use agendoc::i18n::exchange::{self, Exchange, ImportTarget, Target};
use agendoc::model::symbols::SymbolRules;
use agendoc::model::texts::TextFile;
use agendoc::source::SourceFile;
use agendoc::source::raw::Markup;
use libfuzzer_sys::fuzz_target;

const KEYS: [&str; 6] = ["title", "a", "b", "c", "d", "e"];

const FRENCH: &str = "# The French text.\nlang: fr\nentries:\n  title: \"Titre\"\n  a: \"Un\" # a comment\n  b: |\n    Deux\n    lignes\n\n  # About d.\n  d: plain\n    folded\n  e: 'it''s'\ntranslated-from:\n  title: 0b9ea6dba3ea5d7c\n  c: 1b01e4295f7968ae\n";

fn original() -> BTreeMap<String, String> {
    KEYS.iter()
        .map(|key| (key.to_string(), format!("Original {key}")))
        .collect()
}

fn text_file(text: &str) -> Option<TextFile> {
    let source = SourceFile::new("fuzz/fr.yaml".into(), text.to_string());
    TextFile::from_source(Arc::new(source), "fr").ok()
}

fn apply(exchange: &Exchange, translation: &TextFile) -> Result<exchange::Imported, Vec<String>> {
    let keys: Vec<String> = KEYS.iter().map(|k| k.to_string()).collect();
    let original = original();
    let symbols = SymbolRules::default();
    let footnotes = ["fn".to_string()];
    let target = ImportTarget {
        document: "doc",
        original_lang: "en",
        lang: "fr",
        keys: &keys,
        original: &original,
        translation: Some(translation),
        path: Path::new("fuzz/fr.yaml"),
        rules: MarkupRules {
            markup: Markup::Inline,
            footnotes: &footnotes,
            symbols: &symbols,
        },
    };
    exchange::apply(exchange, &target)
}

/// An edit the read-back refused, in a file with nothing an edit may drop.
fn check_read_back(yaml: &str, result: &Result<exchange::Imported, Vec<String>>) {
    if let Err(problems) = result
        && let Some(problem) = problems.iter().find(|p| p.contains("would not read back"))
        && !yaml.contains(['&', '*', '!'])
    {
        panic!("the edit did not read back: {problem}\n--- file:\n{yaml}");
    }
}

fn exchange_of(values: Vec<(String, String)>) -> Exchange {
    Exchange {
        format: "PO",
        document: "doc".into(),
        source_lang: String::new(),
        target_lang: "fr".into(),
        targets: values
            .into_iter()
            .enumerate()
            .map(|(line, (id, text))| Target {
                id,
                text,
                reviewed: line % 2 == 0,
                line,
                codes: None,
            })
            .collect(),
        notes: Vec::new(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 3 {
        0 => {
            let french = text_file(FRENCH).expect("the fixed text loads");
            if let Ok(exchange) = exchange::read(rest) {
                let _ = apply(&exchange, &french);
            }
        }
        1 => {
            let Ok(yaml) = std::str::from_utf8(rest) else {
                return;
            };
            let Some(french) = text_file(yaml) else {
                return;
            };
            let values = [
                "Un",
                "deux\nlignes\n",
                "x: y # z",
                "'quoted' \"twice\"",
                "  spaces around  ",
                "- a list? no",
            ];
            let exchange = exchange_of(
                KEYS.iter()
                    .skip(1)
                    .zip(values)
                    .map(|(key, value)| (key.to_string(), value.to_string()))
                    .collect(),
            );
            let result = apply(&exchange, &french);
            check_read_back(yaml, &result);
        }
        _ => {
            let french = text_file(FRENCH).expect("the fixed text loads");
            let Ok(values) = std::str::from_utf8(rest) else {
                return;
            };
            let exchange = exchange_of(
                KEYS.iter()
                    .zip(values.split('\0'))
                    .map(|(key, value)| (key.to_string(), value.to_string()))
                    .collect(),
            );
            let result = apply(&exchange, &french);
            check_read_back(FRENCH, &result);
            if let Ok(imported) = &result
                && let Some(text) = &imported.text
            {
                let read = text_file(text).expect("an applied edit loads");
                for target in &exchange.targets {
                    if imported.changed.contains(&target.id) {
                        assert_eq!(read.entries.get(&target.id), Some(&target.text));
                    }
                }
            }
        }
    }
});
