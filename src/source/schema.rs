//! JSON Schemas of the three YAML file kinds, generated from the `Raw…` types.
//!
//! Editors point their YAML extension at these (each file starts with a
//! `# yaml-language-server: $schema=…` line) and get completion and red squiggles as they type.
//! `agendoc schema` writes them to `agenda/schema/`; a test keeps the committed copies current.

use schemars::schema_for;

use super::raw::{RawDocument, RawLocale, RawText};

/// `(file name, schema)` for document.yaml, text/<lang>.yaml and locales/<lang>.yaml.
pub fn schemas() -> Vec<(&'static str, String)> {
    let pretty = |schema: schemars::Schema| {
        let mut json = serde_json::to_string_pretty(&schema).expect("schemas serialize");
        json.push('\n');
        json
    };
    vec![
        ("document.schema.json", pretty(schema_for!(RawDocument))),
        ("text.schema.json", pretty(schema_for!(RawText))),
        ("locale.schema.json", pretty(schema_for!(RawLocale))),
    ]
}
