//! `agendoc i18n`: translation status, and accepting reviewed translations.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::load;
use crate::Outcome;
use crate::cli::Selection;
use crate::i18n::status::fingerprint;

pub fn status(root: &Path, selection: &Selection, json: bool) -> Result<Outcome> {
    let (workspace, _) = load(root, &selection.languages, &selection.documents, false)?;
    let Some(workspace) = workspace else {
        return Ok(Outcome::InputErrors);
    };
    let statuses = workspace.status();
    if json {
        println!("{}", serde_json::to_string_pretty(&statuses)?);
    } else {
        println!(
            "{:<24} {:<5} {:>10} {:>8} {:>6}",
            "document", "lang", "translated", "missing", "stale"
        );
        for s in &statuses {
            println!(
                "{:<24} {:<5} {:>10} {:>8} {:>6}",
                s.document,
                s.lang,
                s.translated,
                s.missing.len(),
                s.stale.len()
            );
        }
    }
    Ok(Outcome::Success)
}

/// Records the current original's fingerprints for reviewed entries of one translation.
pub fn accept(root: &Path, lang: &str, document: Option<&str>, ids: &[String]) -> Result<Outcome> {
    let languages = vec![lang.to_string()];
    let documents: Vec<String> = document.map(|d| vec![d.to_string()]).unwrap_or_default();
    let (workspace, _) = load(root, &languages, &documents, false)?;
    let Some(workspace) = workspace else {
        return Ok(Outcome::InputErrors);
    };
    let [doc] = workspace.documents.as_slice() else {
        bail!("several documents: name one with --document");
    };
    if doc.document.original == lang {
        bail!(
            "`{lang}` is the original language of {}: it has nothing to accept",
            doc.document.name
        );
    }
    let original = doc
        .texts
        .get(&doc.document.original)
        .context("the original text is missing")?;
    let translation = doc
        .texts
        .get(lang)
        .with_context(|| format!("no text file for `{lang}`"))?;
    let mut from = translation.translated_from.clone();
    let chosen: Vec<&String> = if ids.is_empty() {
        translation.entries.keys().collect()
    } else {
        ids.iter().collect()
    };
    for id in chosen {
        let (Some(source), true) = (
            original.entries.get(id),
            translation.entries.contains_key(id),
        ) else {
            bail!("entry `{id}` is not in both the original and the `{lang}` translation");
        };
        from.insert(id.clone(), fingerprint(source));
    }
    from.retain(|id, _| translation.entries.contains_key(id));
    let text = replace_translated_from(&translation.source.text, &from);
    crate::output::write_atomic(&translation.source.path, text.as_bytes())?;
    println!(
        "i18n: {} entries of `{lang}` recorded as translated from the current original",
        from.len()
    );
    Ok(Outcome::Success)
}

/// Replaces (or appends) the `translated-from:` block, leaving the rest of the file as it was.
fn replace_translated_from(
    text: &str,
    from: &std::collections::BTreeMap<String, String>,
) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut in_block = false;
    for line in text.split_inclusive('\n') {
        if line.starts_with("translated-from:") {
            in_block = true;
            continue;
        }
        if in_block && (line.starts_with(' ') || line.trim().is_empty()) {
            continue;
        }
        in_block = false;
        kept.push_str(line);
    }
    if !kept.ends_with('\n') {
        kept.push('\n');
    }
    kept.push_str("translated-from:\n");
    for (id, hash) in from {
        kept.push_str(&format!("  {id}: {hash}\n"));
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_the_fingerprint_block() {
        let text = "lang: fr\nentries:\n  a: \"un\"\ntranslated-from:\n  a: old\n";
        let from = std::collections::BTreeMap::from([("a".to_string(), "new".to_string())]);
        assert_eq!(
            replace_translated_from(text, &from),
            "lang: fr\nentries:\n  a: \"un\"\ntranslated-from:\n  a: new\n"
        );
        assert_eq!(
            replace_translated_from("lang: fr\n", &from),
            "lang: fr\ntranslated-from:\n  a: new\n"
        );
    }
}
