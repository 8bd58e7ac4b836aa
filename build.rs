//! agendoc carries its default templates, locale data and fonts inside the binary
//! (`src/defaults.rs`). Cargo notices when an embedded file changes; this makes it notice a file
//! added to or removed from those folders as well.

fn main() {
    for folder in ["templates", "agenda/locales", "fonts"] {
        println!("cargo:rerun-if-changed={folder}");
    }
}
