//! The defaults agendoc carries inside its binary: the document templates, the locale data of
//! the six ITU languages and the fonts the PDF needs for their scripts.
//!
//! They are this repository's `templates/`, `agenda/locales/` and `fonts/`, read when agendoc is
//! compiled, so an installed binary needs no file beside it. A project uses a default unless it
//! has its own file of the same name ([`crate::project`] decides); `agendoc eject` copies a
//! default into the project for editing.

use include_dir::{Dir, include_dir};

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
static LOCALES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/agenda/locales");
static FONTS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/fonts");

/// A kind of file a project may take from the defaults or hold itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folder {
    Templates,
    Locales,
    Fonts,
}

impl Folder {
    pub const ALL: [Folder; 3] = [Folder::Templates, Folder::Locales, Folder::Fonts];

    /// The folder's name in a project, as `agendoc eject` and diagnostics write it.
    pub fn name(self) -> &'static str {
        match self {
            Folder::Templates => "templates",
            Folder::Locales => "locales",
            Folder::Fonts => "fonts",
        }
    }

    fn dir(self) -> &'static Dir<'static> {
        match self {
            Folder::Templates => &TEMPLATES,
            Folder::Locales => &LOCALES,
            Folder::Fonts => &FONTS,
        }
    }

    /// Whether a file of this folder is one agendoc reads (the fonts' licence is not).
    pub fn reads(self, name: &str) -> bool {
        match self {
            Folder::Templates => true,
            Folder::Locales => name.ends_with(".yaml"),
            Folder::Fonts => is_font(name),
        }
    }
}

/// A file the binary carries.
#[derive(Debug, Clone, Copy)]
pub struct Default {
    pub folder: Folder,
    /// Its path inside the folder, with `/` separators: `council.typ`, `report/document.md`.
    pub name: &'static str,
    pub bytes: &'static [u8],
}

impl Default {
    /// Its path in a project: `templates/council.typ`.
    pub fn project_path(&self) -> String {
        format!("{}/{}", self.folder.name(), self.name)
    }

    /// Its text; every default but the fonts is UTF-8 (a test makes sure).
    pub fn text(&self) -> &'static str {
        std::str::from_utf8(self.bytes).unwrap_or_default()
    }
}

/// Every default of `folder` agendoc reads, sorted by name.
pub fn files(folder: Folder) -> Vec<Default> {
    let mut found = Vec::new();
    collect(folder, folder.dir(), &mut found);
    found.sort_by_key(|file| file.name);
    found
}

/// Every default, folder by folder.
pub fn all() -> Vec<Default> {
    Folder::ALL.into_iter().flat_map(files).collect()
}

/// The default of `folder` named `name`.
pub fn get(folder: Folder, name: &str) -> Option<Default> {
    files(folder).into_iter().find(|file| file.name == name)
}

fn collect(folder: Folder, dir: &'static Dir<'static>, found: &mut Vec<Default>) {
    for file in dir.files() {
        let Some(name) = file.path().to_str() else {
            continue;
        };
        if folder.reads(name) {
            found.push(Default {
                folder,
                name,
                bytes: file.contents(),
            });
        }
    }
    for sub in dir.dirs() {
        collect(folder, sub, found);
    }
}

/// Whether `name` is a font file Typst reads.
pub fn is_font(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".ttf", ".otf", ".ttc", ".otc"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_binary_carries_templates_locales_and_fonts() {
        let templates = files(Folder::Templates);
        assert!(templates.iter().any(|f| f.name == "council.typ"));
        assert!(templates.iter().any(|f| f.name == "report/document.md"));
        let locales: Vec<&str> = files(Folder::Locales).iter().map(|f| f.name).collect();
        assert_eq!(
            locales,
            [
                "ar.yaml", "en.yaml", "es.yaml", "fr.yaml", "ru.yaml", "zh.yaml"
            ]
        );
        let fonts = files(Folder::Fonts);
        assert!(fonts.len() >= 4 && fonts.iter().all(|f| is_font(f.name)));
        for file in files(Folder::Templates)
            .iter()
            .chain(&files(Folder::Locales))
        {
            assert!(std::str::from_utf8(file.bytes).is_ok(), "{}", file.name);
        }
    }
}
