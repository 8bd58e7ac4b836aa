//! Word (Office Open XML, `.docx`): the resolved document written as WordprocessingML, the same
//! layout as the PDF (`templates/council.typ`) in Word's own structure.
//!
//! Everything a Word user edits is real: named paragraph and character styles ("ITU Numbered
//! Paragraph", "ITU Emphasis" …), tables with a repeated header row, page breaks, footnotes,
//! hyperlinks, a running header and a footer with a PAGE field, and a revision's marks as Word's
//! tracked changes (`w:ins`/`w:del`, author "agendoc", dated with the document's date). Numbers
//! are agendoc's computed numbers, written before a tab over a hanging indent, never Word's
//! auto-numbering, so they stay the numbers every other format shows.
//!
//! The package is written directly (XML text through [`escape::xml`], zipped by `zip`) rather than
//! with docx-rs: that crate cannot write `w:lang`, `w:rtl`, `w:bidiVisual` nor `w:tblHeader`,
//! which Arabic, Chinese and ITU's tables need. Nothing of the clock or the file system reaches
//! the bytes: the zip entries and the core properties carry the document's date.
//!
//! Right to left, everything mirrors as in the PDF: paragraphs carry `w:bidi`, runs `w:rtl`,
//! tables `w:bidiVisual`, and indents, borders and alignments are written as `left`/`right`,
//! which Word reads as the start and end sides of a right-to-left paragraph (the form every Word
//! version since 2007 reads; `start`/`end` came later).
//!
//! ```text
//! ResolvedDocument → Writer (document.xml, footnotes.xml, their links) → package() → .docx
//! ```

use std::fmt::Write as _;
use std::io::Write as _;

use super::{Format, RenderContext, Renderer, Setup};
use crate::diagnostics::{Code, Diagnostic};
use crate::escape;
use crate::markup::{Inline, Rich};
use crate::resolve::{Change, ResolvedDocument, ResolvedNode, ResolvedSymbol};
use crate::source::raw::{DocumentKind, Emphasis, Layout};

pub const FORMAT: Format = Format {
    name: "docx",
    extension: "docx",
    default: true,
    about: "Word (Office Open XML): named styles, real tables, footnotes, tracked changes",
    load,
};

fn load(_: &Setup) -> anyhow::Result<Box<dyn Renderer>> {
    Ok(Box::new(DocxRenderer))
}

struct DocxRenderer;

impl Renderer for DocxRenderer {
    fn render(
        &self,
        document: &ResolvedDocument,
        _: &RenderContext,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        package(document).map_err(|error| {
            vec![Diagnostic::new(
                Code::LayoutError,
                format!("failed to write the Word file ({error})"),
            )]
        })
    }
}

/// Twentieths of a point. The hanging indent of numbers is the PDF's 3.2em at 11pt.
const HANG: u32 = 709;
/// A list level's indent (the PDF's 2.2em).
const LIST_STEP: u32 = 484;
/// A4 with the PDF's margins (2.2cm sides and bottom, 2.4cm top).
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;
const MARGIN_SIDE: u32 = 1247;
const MARGIN_TOP: u32 = 1361;
const TEXT_WIDTH: u32 = PAGE_WIDTH - 2 * MARGIN_SIDE;
const ACCENT: &str = "00456E";

/// The relationship ids of the fixed parts; links get `rIdL1`, `rIdL2` …
const PARTS: &[(&str, &str, &str)] = &[
    ("rId1", "styles", "styles.xml"),
    ("rId2", "settings", "settings.xml"),
    ("rId3", "fontTable", "fontTable.xml"),
    ("rId4", "footnotes", "footnotes.xml"),
    ("rId5", "header", "header1.xml"),
    ("rId6", "header", "header2.xml"),
    ("rId7", "footer", "footer1.xml"),
    ("rId8", "footer", "footer2.xml"),
];

/// The `.docx` of one document: every part, zipped in a fixed order with the document's date.
fn package(doc: &ResolvedDocument) -> anyhow::Result<Vec<u8>> {
    let mut writer = Writer::new(doc);
    writer.document();
    let body = std::mem::take(&mut writer.body);
    let notes = std::mem::take(&mut writer.notes);
    let mut files: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("docProps/core.xml", core_properties(doc)),
        ("docProps/app.xml", APP.to_string()),
        ("word/document.xml", document_xml(doc, &body.xml)),
        ("word/_rels/document.xml.rels", rels(PARTS, &body.links)),
        ("word/styles.xml", styles(doc)),
        ("word/settings.xml", settings()),
        ("word/fontTable.xml", font_table(doc)),
        ("word/footnotes.xml", footnotes_xml(&notes.xml)),
        ("word/_rels/footnotes.xml.rels", rels(&[], &notes.links)),
        ("word/header1.xml", running_header(doc, true)),
        ("word/header2.xml", running_header(doc, false)),
        ("word/footer1.xml", footer(doc)),
        ("word/footer2.xml", footer(doc)),
    ];
    files.retain(|(_, xml)| !xml.is_empty());

    let date = zip_date(&doc.iso_date);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(date)
        .unix_permissions(0o644);
    for (name, xml) in files {
        zip.start_file(name, options)?;
        zip.write_all(xml.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The document's date for the zip entries (1980-01-01, the zip epoch, without one).
fn zip_date(iso: &str) -> zip::DateTime {
    let mut parts = iso.split('-').map(|part| part.parse::<u16>().ok());
    match (
        parts.next().flatten(),
        parts.next().flatten(),
        parts.next().flatten(),
    ) {
        (Some(year), Some(month), Some(day)) => {
            zip::DateTime::from_date_and_time(year, month as u8, day as u8, 0, 0, 0)
                .unwrap_or_default()
        }
        _ => zip::DateTime::default(),
    }
}

const NAMESPACES: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>agendoc</Application><Company>ITU</Company></Properties>"#;

/// Title, author, language and the document's date (never the clock).
fn core_properties(doc: &ResolvedDocument) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    );
    let _ = write!(
        xml,
        "<dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>ITU</dc:creator><cp:lastModifiedBy>ITU</cp:lastModifiedBy><dc:language>{}</dc:language>",
        escape::xml(&doc.title.plain_text()),
        escape::xml(&doc.header.symbol),
        language_tag(&doc.lang),
    );
    if !doc.iso_date.is_empty() {
        let date = escape::xml(&doc.iso_date);
        let _ = write!(
            xml,
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{date}T00:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{date}T00:00:00Z</dcterms:modified>"#
        );
    }
    xml.push_str("</cp:coreProperties>");
    xml
}

/// The language with the region Word's proofing tools expect.
fn language_tag(lang: &str) -> String {
    match lang {
        "ar" => "ar-SA".into(),
        "zh" => "zh-CN".into(),
        "en" => "en-GB".into(),
        "fr" => "fr-FR".into(),
        "ru" => "ru-RU".into(),
        "es" => "es-ES".into(),
        other => escape::xml(other),
    }
}

fn rels(fixed: &[(&str, &str, &str)], links: &[String]) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (id, kind, target) in fixed {
        let _ = write!(
            xml,
            r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/>"#
        );
    }
    for (index, url) in links.iter().enumerate() {
        let _ = write!(
            xml,
            r#"<Relationship Id="rIdL{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="{}" TargetMode="External"/>"#,
            index + 1,
            escape::xml(url)
        );
    }
    xml.push_str("</Relationships>");
    xml
}

fn rtl(doc: &ResolvedDocument) -> bool {
    doc.dir == "rtl"
}

/// The fonts as the PDF names them: Latin text in the first font (in right-to-left text, in the
/// last, the Latin fallback after the script's font); Arabic and Chinese in the first.
fn run_fonts(doc: &ResolvedDocument) -> String {
    let first = doc.fonts.first().map_or("Noto Sans", String::as_str);
    let last = doc.fonts.last().map_or("Noto Sans", String::as_str);
    let latin = escape::xml(if rtl(doc) { last } else { first });
    let script = escape::xml(first);
    format!(
        r#"<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{script}" w:cs="{script}"/>"#
    )
}

/// `w:lang` on the default run properties: the language in its slot (complex scripts for
/// Arabic, East Asian for Chinese).
fn run_language(doc: &ResolvedDocument) -> String {
    let tag = language_tag(&doc.lang);
    match doc.lang.as_str() {
        "ar" => format!(r#"<w:lang w:val="en-GB" w:eastAsia="zh-CN" w:bidi="{tag}"/>"#),
        // Latin words in Chinese text are English ones, with their line breaks (Word's own
        // default for Chinese); an ideograph takes the East Asian language.
        "zh" => format!(r#"<w:lang w:val="en-GB" w:eastAsia="{tag}" w:bidi="ar-SA"/>"#),
        _ => format!(r#"<w:lang w:val="{tag}" w:eastAsia="zh-CN" w:bidi="ar-SA"/>"#),
    }
}

/// One named style: `kind` paragraph or character, its properties as WordprocessingML.
fn style(kind: &str, id: &str, name: &str, based_on: Option<&str>, ppr: &str, rpr: &str) -> String {
    let mut xml = format!(
        r#"<w:style w:type="{kind}" w:customStyle="1" w:styleId="{id}"><w:name w:val="{name}"/>"#
    );
    if let Some(base) = based_on {
        let _ = write!(xml, r#"<w:basedOn w:val="{base}"/>"#);
    }
    xml.push_str(r#"<w:qFormat/>"#);
    if !ppr.is_empty() {
        let _ = write!(xml, "<w:pPr>{ppr}</w:pPr>");
    }
    if !rpr.is_empty() {
        let _ = write!(xml, "<w:rPr>{rpr}</w:rPr>");
    }
    xml.push_str("</w:style>");
    xml
}

fn styles(doc: &ResolvedDocument) -> String {
    let bidi = if rtl(doc) { "<w:bidi/>" } else { "" };
    let emphasis = match doc.emphasis {
        Emphasis::Italic => "<w:i/><w:iCs/>",
        Emphasis::Bold => "<w:b/><w:bCs/>",
    };
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {NAMESPACES}><w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:sz w:val="22"/><w:szCs w:val="22"/>{lang}</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{bidi}<w:spacing w:before="0" w:after="180" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#,
        fonts = run_fonts(doc),
        lang = run_language(doc),
    );
    xml.push_str(&format!(
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr>{bidi}</w:pPr></w:style><w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#
    ));
    let hang = format!(r#"<w:ind w:left="{HANG}" w:hanging="{HANG}"/>"#);
    let paragraph = |id: &str, name: &str, ppr: &str, rpr: &str| {
        style("paragraph", id, name, Some("Normal"), ppr, rpr)
    };
    for piece in [
        paragraph(
            "ITUHeaderBlock",
            "ITU Header Block",
            r#"<w:spacing w:after="60"/>"#,
            "",
        ),
        paragraph(
            "ITUReportBy",
            "ITU Report By",
            r#"<w:keepNext/><w:spacing w:before="320" w:after="160"/>"#,
            r#"<w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/>"#,
        ),
        paragraph(
            "ITUTitle",
            "ITU Title",
            r#"<w:keepNext/><w:spacing w:before="240" w:after="280"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/>"#,
            r#"<w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/>"#,
        ),
        paragraph(
            "ITUFrontMatterHeading",
            "ITU Front Matter Heading",
            r#"<w:keepNext/><w:spacing w:before="120" w:after="40"/>"#,
            "<w:b/><w:bCs/>",
        ),
        paragraph(
            "ITUFrontMatter",
            "ITU Front Matter",
            r#"<w:jc w:val="both"/>"#,
            "",
        ),
        paragraph(
            "ITUHeading2",
            "ITU Heading 2",
            &format!(
                r#"<w:keepNext/><w:spacing w:before="320" w:after="160"/>{hang}<w:outlineLvl w:val="1"/>"#
            ),
            "<w:b/><w:bCs/>",
        ),
        paragraph(
            "ITUHeading3",
            "ITU Heading 3",
            &format!(
                r#"<w:keepNext/><w:spacing w:before="300" w:after="140"/>{hang}<w:outlineLvl w:val="2"/>"#
            ),
            "<w:b/><w:bCs/>",
        ),
        paragraph(
            "ITUNumberedParagraph",
            "ITU Numbered Paragraph",
            &format!(r#"{hang}<w:jc w:val="both"/>"#),
            "",
        ),
        paragraph(
            "ITUParagraph",
            "ITU Paragraph",
            r#"<w:jc w:val="both"/>"#,
            "",
        ),
        paragraph(
            "ITUList",
            "ITU List",
            &format!(
                r#"<w:spacing w:after="100"/><w:ind w:left="{LIST_STEP}" w:hanging="{LIST_STEP}"/><w:jc w:val="both"/>"#
            ),
            "",
        ),
        paragraph(
            "ITUAgendaItem",
            "ITU Agenda Item",
            &format!(r#"<w:spacing w:after="100"/>{hang}"#),
            "",
        ),
        paragraph(
            "ITUTableText",
            "ITU Table Text",
            r#"<w:spacing w:after="0"/>"#,
            "",
        ),
        paragraph(
            "ITUTableHeading",
            "ITU Table Heading",
            r#"<w:keepNext/><w:spacing w:after="0"/>"#,
            "<w:b/><w:bCs/>",
        ),
        paragraph(
            "ITUAnnexHeading",
            "ITU Annex Heading",
            r#"<w:keepNext/><w:pageBreakBefore/><w:spacing w:after="120"/><w:jc w:val="center"/><w:outlineLvl w:val="1"/>"#,
            "<w:b/><w:bCs/>",
        ),
        paragraph(
            "ITUAnnexTitle",
            "ITU Annex Title",
            r#"<w:keepNext/><w:spacing w:after="280"/><w:jc w:val="center"/>"#,
            "<w:b/><w:bCs/>",
        ),
        paragraph(
            "ITUCorrection",
            "ITU Correction",
            &format!(r#"<w:ind w:left="{HANG}"/><w:jc w:val="both"/>"#),
            "",
        ),
        paragraph(
            "ITULegend",
            "ITU Legend",
            "",
            r#"<w:sz w:val="18"/><w:szCs w:val="18"/>"#,
        ),
        paragraph(
            "ITUClosing",
            "ITU Closing",
            r#"<w:spacing w:before="360"/><w:jc w:val="center"/>"#,
            "",
        ),
        paragraph(
            "ITURunningHeader",
            "ITU Running Header",
            r#"<w:spacing w:after="0"/><w:jc w:val="right"/>"#,
            r#"<w:sz w:val="18"/><w:szCs w:val="18"/>"#,
        ),
        paragraph(
            "ITUFooter",
            "ITU Footer",
            r#"<w:spacing w:after="0"/><w:jc w:val="center"/>"#,
            r#"<w:sz w:val="18"/><w:szCs w:val="18"/>"#,
        ),
        paragraph(
            "ITUFootnoteText",
            "ITU Footnote Text",
            r#"<w:spacing w:after="60"/>"#,
            r#"<w:sz w:val="18"/><w:szCs w:val="18"/>"#,
        ),
        style(
            "character",
            "ITUStrong",
            "ITU Strong",
            None,
            "",
            "<w:b/><w:bCs/>",
        ),
        style(
            "character",
            "ITUEmphasis",
            "ITU Emphasis",
            None,
            "",
            emphasis,
        ),
        style(
            "character",
            "ITUHyperlink",
            "ITU Hyperlink",
            None,
            "",
            r#"<w:u w:val="single"/>"#,
        ),
        style(
            "character",
            "ITUFootnoteReference",
            "ITU Footnote Reference",
            None,
            "",
            r#"<w:vertAlign w:val="superscript"/>"#,
        ),
    ] {
        xml.push_str(&piece);
    }
    xml.push_str("</w:styles>");
    xml
}

fn settings() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings {NAMESPACES}><w:defaultTabStop w:val="{HANG}"/><w:characterSpacingControl w:val="doNotCompress"/><w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#
    )
}

/// The document's fonts, each naming the next as its alternative (the PDF's fallback order).
fn font_table(doc: &ResolvedDocument) -> String {
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts {NAMESPACES}>"#
    );
    for (index, font) in doc.fonts.iter().enumerate() {
        let _ = write!(xml, r#"<w:font w:name="{}">"#, escape::xml(font));
        if let Some(next) = doc.fonts.get(index + 1) {
            let _ = write!(xml, r#"<w:altName w:val="{}"/>"#, escape::xml(next));
        }
        xml.push_str(r#"<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#);
    }
    xml.push_str("</w:fonts>");
    xml
}

fn footnotes_xml(notes: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {NAMESPACES}><w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{notes}</w:footnotes>"#
    )
}

/// The running header: the symbol with its issue, on later pages (`shown`), nothing on the first.
fn running_header(doc: &ResolvedDocument, shown: bool) -> String {
    let bidi = if rtl(doc) { "<w:bidi/>" } else { "" };
    let text = if shown {
        run(doc, &doc.header.symbol, "")
    } else {
        String::new()
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr {NAMESPACES}><w:p><w:pPr><w:pStyle w:val="ITURunningHeader"/>{bidi}</w:pPr>{text}</w:p></w:hdr>"#
    )
}

/// The footer: the page label ("Page {page}") around a PAGE field.
fn footer(doc: &ResolvedDocument) -> String {
    let bidi = if rtl(doc) { "<w:bidi/>" } else { "" };
    let label = doc
        .labels
        .get("page")
        .map_or("{page}", String::as_str)
        .to_string();
    let (before, after) = label.split_once("{page}").unwrap_or((&label, ""));
    let field = |kind: &str| format!(r#"<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>"#);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr {NAMESPACES}><w:p><w:pPr><w:pStyle w:val="ITUFooter"/>{bidi}</w:pPr>{}{}<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>{}<w:r><w:t>1</w:t></w:r>{}{}</w:p></w:ftr>"#,
        run(doc, before, ""),
        field("begin"),
        field("separate"),
        field("end"),
        run(doc, after, ""),
    )
}

/// One run of plain text with direct run properties `rpr`; nothing for empty text.
fn run(doc: &ResolvedDocument, text: &str, rpr: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let rtl = if rtl(doc) { "<w:rtl/>" } else { "" };
    format!(
        r#"<w:r><w:rPr>{rpr}{rtl}</w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
        escape::xml(text)
    )
}

fn document_xml(doc: &ResolvedDocument, body: &str) -> String {
    let bidi = if rtl(doc) { "<w:bidi/>" } else { "" };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {NAMESPACES}><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rId5"/><w:headerReference w:type="first" r:id="rId6"/><w:footerReference w:type="default" r:id="rId7"/><w:footerReference w:type="first" r:id="rId8"/><w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/><w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_SIDE}" w:bottom="{MARGIN_SIDE}" w:left="{MARGIN_SIDE}" w:header="709" w:footer="624" w:gutter="0"/><w:titlePg/>{bidi}</w:sectPr></w:body></w:document>"#
    )
}

/// An XML part being written, and the addresses its hyperlinks point to (`rIdL1` …).
#[derive(Default)]
struct Part {
    xml: String,
    links: Vec<String>,
}

impl Part {
    fn link(&mut self, url: &str) -> String {
        let index = match self.links.iter().position(|known| known == url) {
            Some(index) => index,
            None => {
                self.links.push(url.to_string());
                self.links.len() - 1
            }
        };
        format!("rIdL{}", index + 1)
    }
}

/// Which part text goes to: the body, or the footnotes.
#[derive(Clone, Copy)]
enum Into {
    Body,
    Notes,
}

/// How a run looks: the marks it sits in.
#[derive(Clone, Copy, Default)]
struct Marks {
    strong: bool,
    emphasis: bool,
    link: bool,
    change: Option<Change>,
}

/// Paragraph properties set on the paragraph itself, besides its style.
#[derive(Default, Clone, Copy)]
struct Para<'s> {
    /// The start-side indent and the hanging indent, where the style's are not the ones.
    indent: Option<(u32, u32)>,
    jc: Option<&'s str>,
    border_bottom: bool,
    keep_next: bool,
    /// A paragraph a revision inserted or deleted as a whole: its mark is tracked too, so that
    /// accepting or rejecting the change leaves no empty paragraph.
    change: Option<Change>,
}

struct Writer<'d> {
    doc: &'d ResolvedDocument,
    body: Part,
    notes: Part,
    /// The next id of a tracked change.
    change_id: u32,
    /// The revision date of tracked changes: the document's date.
    change_date: String,
}

impl<'d> Writer<'d> {
    fn new(doc: &'d ResolvedDocument) -> Writer<'d> {
        Writer {
            doc,
            body: Part::default(),
            notes: Part::default(),
            change_id: 1,
            change_date: if doc.iso_date.is_empty() {
                "2000-01-01T00:00:00Z".into()
            } else {
                format!("{}T00:00:00Z", escape::xml(&doc.iso_date))
            },
        }
    }

    fn part(&mut self, into: Into) -> &mut Part {
        match into {
            Into::Body => &mut self.body,
            Into::Notes => &mut self.notes,
        }
    }

    fn push(&mut self, into: Into, xml: &str) {
        self.part(into).xml.push_str(xml);
    }

    /// The whole body, in the order of the PDF's templates.
    fn document(&mut self) {
        let doc = self.doc;
        self.header_block();
        if doc.marks.is_some() {
            self.legend();
        }
        if doc.kind == DocumentKind::Report {
            let by = self.label("report-by");
            self.paragraph("ITUReportBy", &Para::default(), |w| {
                w.text(Into::Body, &by, Marks::default())
            });
        }
        self.paragraph("ITUTitle", &Para::default(), |w| {
            w.rich(Into::Body, &doc.title, Marks::default())
        });
        if doc.corrections {
            for change in &doc.changes {
                self.paragraph("ITUParagraph", &Para::default(), |w| {
                    w.text(Into::Body, &change.instruction, Marks::default())
                });
                self.paragraph("ITUCorrection", &Para::default(), |w| {
                    w.rich(Into::Body, &change.text, Marks::default())
                });
            }
        } else {
            if doc.kind == DocumentKind::Report {
                self.front_matter();
            }
            for node in &doc.body {
                match node.kind {
                    "section" => self.section(node),
                    "agenda" => self.agenda(node, "ITUHeading2"),
                    "annex" => self.annex(node),
                    _ => self.block(node),
                }
            }
        }
        if let Some(web) = &doc.web {
            let web = format!("• {web} •");
            self.paragraph("ITUClosing", &Para::default(), |w| {
                w.text(Into::Body, &web, Marks::default())
            });
        }
    }

    fn label(&self, key: &str) -> String {
        self.doc.labels.get(key).cloned().unwrap_or_default()
    }

    /// Session and place on the start side; agenda item, document, date and original language on
    /// the end side: a borderless two-column table, then the accent rule.
    fn header_block(&mut self) {
        let doc = self.doc;
        let header = &doc.header;
        let half = TEXT_WIDTH / 2;
        self.table_start(&[half, TEXT_WIDTH - half], false);
        self.push(Into::Body, "<w:tr>");
        self.cell_start(half);
        let big = r#"<w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/>"#;
        self.header_line(&header.session, big, "left");
        self.header_line(&header.session_place, "", "left");
        self.push(Into::Body, "</w:tc>");
        self.cell_start(TEXT_WIDTH - half);
        let lines: Vec<&String> = [
            &header.agenda_item,
            &header.document,
            &header.issued,
            &header.original,
        ]
        .into_iter()
        .filter(|line| !line.is_empty())
        .collect();
        let bold = match doc.kind {
            DocumentKind::Report => 2,
            DocumentKind::Agenda => 1,
        };
        for (index, line) in lines.into_iter().enumerate() {
            let rpr = if index < bold { "<w:b/><w:bCs/>" } else { "" };
            self.header_line(line, rpr, "right");
        }
        self.push(Into::Body, "</w:tc></w:tr></w:tbl>");
        let rule = Para {
            border_bottom: true,
            ..Para::default()
        };
        self.paragraph("ITUHeaderBlock", &rule, |_| {});
    }

    fn header_line(&mut self, text: &str, rpr: &str, jc: &str) {
        let para = Para {
            jc: Some(jc),
            ..Para::default()
        };
        let run = run(self.doc, text, rpr);
        self.paragraph("ITUHeaderBlock", &para, |w| w.push(Into::Body, &run));
    }

    /// What the change marks mean: the labels shown as inserted and deleted text look.
    fn legend(&mut self) {
        let label = self.label("changes");
        let inserted = self.label("inserted");
        let deleted = self.label("deleted");
        let doc = self.doc;
        let xml = format!(
            "{}{}{}{}",
            run(doc, &format!("{label}: "), ""),
            run(doc, &inserted, r#"<w:u w:val="single"/>"#),
            run(doc, " · ", ""),
            run(doc, &deleted, "<w:strike/>"),
        );
        self.paragraph("ITULegend", &Para::default(), |w| w.push(Into::Body, &xml));
    }

    /// The summary, action required and references in a framed box: a one-cell bordered table.
    fn front_matter(&mut self) {
        let doc = self.doc;
        self.table_start(&[TEXT_WIDTH], true);
        self.push(Into::Body, "<w:tr>");
        self.cell_start(TEXT_WIDTH);
        for (key, text) in [
            ("summary", &doc.summary),
            ("action-required", &doc.action_required),
            ("references", &doc.references),
        ] {
            let label = self.label(key);
            self.paragraph("ITUFrontMatterHeading", &Para::default(), |w| {
                w.text(Into::Body, &label, Marks::default())
            });
            self.paragraph("ITUFrontMatter", &Para::default(), |w| {
                w.rich(Into::Body, text, Marks::default())
            });
        }
        self.push(Into::Body, "</w:tc></w:tr></w:tbl>");
        // A table followed directly by another would merge with it in Word.
        self.paragraph("ITUParagraph", &Para::default(), |_| {});
    }

    fn section(&mut self, section: &ResolvedNode) {
        self.numbered("ITUHeading2", &Para::default(), section);
        for block in &section.children {
            self.block(block);
        }
    }

    fn block(&mut self, block: &ResolvedNode) {
        match block.kind {
            "paragraph" => self.numbered("ITUNumberedParagraph", &Para::default(), block),
            "text" => {
                let marks = node_marks(block);
                let para = Para {
                    change: marks.change,
                    ..Para::default()
                };
                self.paragraph("ITUParagraph", &para, |w| {
                    w.rich(Into::Body, &block.text, marks)
                });
            }
            "list" => self.list(block, 0),
            "table" => self.data_table(block),
            "section" => self.section(block),
            "agenda" => self.agenda(block, "ITUHeading3"),
            _ => {}
        }
    }

    /// A paragraph whose computed number hangs before its text: number, tab, text.
    fn numbered(&mut self, style: &str, para: &Para, node: &ResolvedNode) {
        let marks = node_marks(node);
        let para = Para {
            change: marks.change,
            ..*para
        };
        self.paragraph(style, &para, |w| {
            if !node.number.is_empty() {
                w.text(Into::Body, &node.number, marks);
                w.tab(Into::Body, marks);
            }
            w.rich(Into::Body, &node.text, marks);
        });
    }

    fn list(&mut self, list: &ResolvedNode, depth: u32) {
        for item in &list.children {
            let para = Para {
                indent: Some(((depth + 1) * LIST_STEP, LIST_STEP)),
                ..Para::default()
            };
            self.numbered("ITUList", &para, item);
            for nested in &item.children {
                self.list(nested, depth + 1);
            }
        }
    }

    /// A report's table: bordered, its header row repeated on every page.
    fn data_table(&mut self, table: &ResolvedNode) {
        let columns = table.cells.len().max(1) as u32;
        let widths = vec![TEXT_WIDTH / columns; columns as usize];
        self.table_start(&widths, true);
        self.push(
            Into::Body,
            "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
        );
        for (cell, width) in table.cells.iter().zip(&widths) {
            self.cell_start(*width);
            self.paragraph("ITUTableHeading", &Para::default(), |w| {
                w.rich(Into::Body, cell, Marks::default())
            });
            self.push(Into::Body, "</w:tc>");
        }
        self.push(Into::Body, "</w:tr>");
        for row in &table.children {
            let marks = node_marks(row);
            self.row_start(marks.change);
            for (cell, width) in row.cells.iter().zip(widths.iter().cycle()) {
                self.cell_start(*width);
                self.paragraph("ITUTableText", &Para::default(), |w| {
                    w.rich(Into::Body, cell, marks)
                });
                self.push(Into::Body, "</w:tc>");
            }
            self.push(Into::Body, "</w:tr>");
        }
        self.push(Into::Body, "</w:tbl>");
        self.paragraph("ITUParagraph", &Para::default(), |_| {});
    }

    /// An annex on a new page: its label and title centred, then its agendas.
    fn annex(&mut self, annex: &ResolvedNode) {
        let marks = node_marks(annex);
        self.paragraph("ITUAnnexHeading", &Para::default(), |w| {
            w.text(Into::Body, &annex.note, marks)
        });
        self.paragraph("ITUAnnexTitle", &Para::default(), |w| {
            w.rich(Into::Body, &annex.text, marks)
        });
        for child in &annex.children {
            match child.kind {
                "agenda" => self.agenda(child, "ITUHeading3"),
                _ => self.block(child),
            }
        }
    }

    /// An agenda: each part's heading, then its items as a list or as ITU's table.
    fn agenda(&mut self, agenda: &ResolvedNode, heading: &str) {
        for part in &agenda.children {
            if !part.text.is_empty() {
                let marks = node_marks(part);
                let para = Para {
                    change: marks.change,
                    ..Para::default()
                };
                self.paragraph(heading, &para, |w| {
                    if !part.number.is_empty() {
                        w.text(Into::Body, &part.number, marks);
                        w.tab(Into::Body, marks);
                    }
                    w.rich(Into::Body, &part.text, marks);
                    if !part.note.is_empty() {
                        w.text(Into::Body, &format!(" – {}", part.note), marks);
                    }
                });
            }
            if part.layout == Some(Layout::Table) {
                self.agenda_table(part);
            } else {
                for item in &part.children {
                    self.agenda_item(item);
                }
            }
        }
    }

    fn agenda_item(&mut self, item: &ResolvedNode) {
        let depth = item.depth as u32;
        let marks = node_marks(item);
        let para = Para {
            indent: Some(((depth + 1) * HANG, HANG)),
            change: marks.change,
            ..Para::default()
        };
        self.paragraph("ITUAgendaItem", &para, |w| {
            w.text(Into::Body, &item.number, marks);
            w.tab(Into::Body, marks);
            w.rich(Into::Body, &item.text, marks);
            if !item.documents.is_empty() {
                w.text(Into::Body, " (", marks);
                w.symbols(&item.documents, marks);
                w.text(Into::Body, ")", marks);
            }
        });
        for sub in &item.children {
            self.agenda_item(sub);
        }
    }

    /// ITU's agenda table: code | subject | documents, the header row repeated, no row split
    /// across pages, a sub-item's subject indented by its depth.
    fn agenda_table(&mut self, part: &ResolvedNode) {
        let widths = [1300, TEXT_WIDTH - 1300 - 2200, 2200];
        self.table_start(&widths, true);
        self.push(
            Into::Body,
            "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
        );
        for (key, width) in ["agenda-code", "agenda-subject", "agenda-documents"]
            .into_iter()
            .zip(widths)
        {
            let label = self.label(key);
            self.cell_start(width);
            self.paragraph("ITUTableHeading", &Para::default(), |w| {
                w.text(Into::Body, &label, Marks::default())
            });
            self.push(Into::Body, "</w:tc>");
        }
        self.push(Into::Body, "</w:tr>");
        for item in &part.children {
            self.agenda_row(item, &widths);
        }
        self.push(Into::Body, "</w:tbl>");
        self.paragraph("ITUParagraph", &Para::default(), |_| {});
    }

    fn agenda_row(&mut self, item: &ResolvedNode, widths: &[u32; 3]) {
        let marks = node_marks(item);
        let keep = if item.children.is_empty() {
            Para::default()
        } else {
            Para {
                keep_next: true,
                ..Para::default()
            }
        };
        self.row_start(marks.change);
        self.cell_start(widths[0]);
        self.paragraph("ITUTableText", &keep, |w| {
            w.text(Into::Body, &item.number, marks)
        });
        self.push(Into::Body, "</w:tc>");
        self.cell_start(widths[1]);
        let indent = Para {
            indent: (item.depth > 0).then_some((item.depth as u32 * 352, 0)),
            keep_next: keep.keep_next,
            ..Para::default()
        };
        self.paragraph("ITUTableText", &indent, |w| {
            w.rich(Into::Body, &item.text, marks)
        });
        self.push(Into::Body, "</w:tc>");
        self.cell_start(widths[2]);
        self.paragraph("ITUTableText", &keep, |w| w.symbols(&item.documents, marks));
        self.push(Into::Body, "</w:tc></w:tr>");
        for sub in &item.children {
            self.agenda_row(sub, widths);
        }
    }

    /// Document symbols, linked where the project knows their address, comma-separated.
    fn symbols(&mut self, symbols: &[ResolvedSymbol], marks: Marks) {
        for (index, symbol) in symbols.iter().enumerate() {
            if index > 0 {
                self.text(Into::Body, ", ", marks);
            }
            let marks = Marks {
                change: symbol.change.or(marks.change),
                ..marks
            };
            match &symbol.url {
                Some(url) => {
                    let link = vec![Inline::Link {
                        url: url.clone(),
                        children: vec![Inline::Text(symbol.symbol.clone())],
                    }];
                    self.inlines(Into::Body, &link, marks);
                }
                None => self.text(Into::Body, &symbol.symbol, marks),
            }
        }
    }

    /// Opens a table of columns `widths`; `bordered` draws every line (0.5pt), else none.
    fn table_start(&mut self, widths: &[u32], bordered: bool) {
        let bidi = if rtl(self.doc) { "<w:bidiVisual/>" } else { "" };
        let line = if bordered {
            r#"w:val="single" w:sz="4" w:space="0" w:color="000000""#
        } else {
            r#"w:val="nil""#
        };
        let mut xml = format!(
            r#"<w:tbl><w:tblPr>{bidi}<w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:tblBorders><w:top {line}/><w:left {line}/><w:bottom {line}/><w:right {line}/><w:insideH {line}/><w:insideV {line}/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="80" w:type="dxa"/><w:left w:w="100" w:type="dxa"/><w:bottom w:w="80" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0020" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>"#
        );
        for width in widths {
            let _ = write!(xml, r#"<w:gridCol w:w="{width}"/>"#);
        }
        xml.push_str("</w:tblGrid>");
        self.push(Into::Body, &xml);
    }

    /// A body row that is never split across pages; one a revision inserted or deleted is
    /// tracked as a row.
    fn row_start(&mut self, change: Option<Change>) {
        let tracked = match change.and_then(|change| self.stamp(change)) {
            Some((tag, attributes)) => format!("<{tag} {attributes}/>"),
            None => String::new(),
        };
        self.push(
            Into::Body,
            &format!("<w:tr><w:trPr><w:cantSplit/>{tracked}</w:trPr>"),
        );
    }

    fn cell_start(&mut self, width: u32) {
        self.push(
            Into::Body,
            &format!(r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>"#),
        );
    }

    /// One paragraph of `style` in the body, its runs written by `content`.
    fn paragraph(&mut self, style: &str, para: &Para, content: impl FnOnce(&mut Self)) {
        let ppr = self.ppr(style, para);
        self.push(Into::Body, &format!("<w:p>{ppr}"));
        content(self);
        self.push(Into::Body, "</w:p>");
    }

    /// Paragraph properties in the schema's order.
    fn ppr(&mut self, style: &str, para: &Para) -> String {
        let mut xml = format!(r#"<w:pPr><w:pStyle w:val="{style}"/>"#);
        if para.keep_next {
            xml.push_str("<w:keepNext/>");
        }
        if para.border_bottom {
            let _ = write!(
                xml,
                r#"<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="1" w:color="{ACCENT}"/></w:pBdr>"#
            );
        }
        if rtl(self.doc) {
            xml.push_str("<w:bidi/>");
        }
        if let Some((start, hanging)) = para.indent {
            let _ = write!(xml, r#"<w:ind w:left="{start}" w:hanging="{hanging}"/>"#);
        }
        if let Some(jc) = para.jc {
            let _ = write!(xml, r#"<w:jc w:val="{jc}"/>"#);
        }
        if let Some((tag, attributes)) = para.change.and_then(|change| self.stamp(change)) {
            let _ = write!(xml, "<w:rPr><{tag} {attributes}/></w:rPr>");
        }
        xml.push_str("</w:pPr>");
        xml
    }

    fn tab(&mut self, into: Into, marks: Marks) {
        let run = self.tracked("<w:r><w:tab/></w:r>".to_string(), marks.change);
        self.push(into, &run);
    }

    /// The element and attributes of a tracked insertion or deletion, with the next id; `None`
    /// for a change Word does not track as such (a changed text carries its own marks).
    fn stamp(&mut self, change: Change) -> Option<(&'static str, String)> {
        let tag = match change {
            Change::Inserted => "w:ins",
            Change::Deleted => "w:del",
            Change::Changed => return None,
        };
        let id = self.change_id;
        self.change_id += 1;
        Some((
            tag,
            format!(
                r#"w:id="{id}" w:author="agendoc" w:date="{}""#,
                self.change_date
            ),
        ))
    }

    /// `run` inside a tracked insertion or deletion, if `change` is one.
    fn tracked(&mut self, run: String, change: Option<Change>) -> String {
        match change.and_then(|change| self.stamp(change)) {
            Some((tag, attributes)) => format!("<{tag} {attributes}>{run}</{tag}>"),
            None => run,
        }
    }

    fn rich(&mut self, into: Into, rich: &Rich, marks: Marks) {
        self.inlines(into, rich.inlines(), marks);
    }

    fn inlines(&mut self, into: Into, inlines: &[Inline], marks: Marks) {
        for inline in inlines {
            match inline {
                Inline::Text(text) => self.text(into, text, marks),
                Inline::Strong(children) => self.inlines(
                    into,
                    children,
                    Marks {
                        strong: true,
                        ..marks
                    },
                ),
                Inline::Emphasis(children) => self.inlines(
                    into,
                    children,
                    Marks {
                        emphasis: true,
                        ..marks
                    },
                ),
                Inline::Inserted(children) => self.inlines(
                    into,
                    children,
                    Marks {
                        change: Some(Change::Inserted),
                        ..marks
                    },
                ),
                Inline::Deleted(children) => self.inlines(
                    into,
                    children,
                    Marks {
                        change: Some(Change::Deleted),
                        ..marks
                    },
                ),
                Inline::Link { url, children } => {
                    let id = self.part(into).link(url);
                    self.push(into, &format!(r#"<w:hyperlink r:id="{id}">"#));
                    self.inlines(
                        into,
                        children,
                        Marks {
                            link: true,
                            ..marks
                        },
                    );
                    self.push(into, "</w:hyperlink>");
                }
                Inline::Footnote { number, content } => self.footnote(into, *number, content),
                // Numbered by resolve before any renderer sees the text.
                Inline::FootnoteRef(_) => {}
            }
        }
    }

    /// A real Word footnote: the reference here, its text in footnotes.xml.
    fn footnote(&mut self, into: Into, number: usize, content: &[Inline]) {
        let rtl = if rtl(self.doc) { "<w:rtl/>" } else { "" };
        let reference = format!(r#"<w:rPr><w:rStyle w:val="ITUFootnoteReference"/>{rtl}</w:rPr>"#);
        self.push(
            into,
            &format!(r#"<w:r>{reference}<w:footnoteReference w:id="{number}"/></w:r>"#),
        );
        let ppr = self.ppr("ITUFootnoteText", &Para::default());
        self.push(
            Into::Notes,
            &format!(
                r#"<w:footnote w:id="{number}"><w:p>{ppr}<w:r>{reference}<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>"#
            ),
        );
        self.inlines(Into::Notes, content, Marks::default());
        self.push(Into::Notes, "</w:p></w:footnote>");
    }

    /// One run of text with its marks; inserted or deleted text as a tracked change.
    fn text(&mut self, into: Into, text: &str, marks: Marks) {
        if text.is_empty() {
            return;
        }
        let mut rpr = String::new();
        let style = if marks.link {
            Some("ITUHyperlink")
        } else if marks.emphasis {
            Some("ITUEmphasis")
        } else if marks.strong {
            Some("ITUStrong")
        } else {
            None
        };
        if let Some(style) = style {
            let _ = write!(rpr, r#"<w:rStyle w:val="{style}"/>"#);
        }
        if marks.strong {
            rpr.push_str("<w:b/><w:bCs/>");
        }
        if marks.emphasis {
            rpr.push_str(match self.doc.emphasis {
                Emphasis::Italic => "<w:i/><w:iCs/>",
                Emphasis::Bold => "<w:b/><w:bCs/>",
            });
        }
        if marks.link {
            rpr.push_str(r#"<w:u w:val="single"/>"#);
        }
        if rtl(self.doc) {
            rpr.push_str("<w:rtl/>");
        }
        let deleted = marks.change == Some(Change::Deleted);
        let element = if deleted { "w:delText" } else { "w:t" };
        let run = format!(
            r#"<w:r><w:rPr>{rpr}</w:rPr><{element} xml:space="preserve">{}</{element}></w:r>"#,
            escape::xml(text)
        );
        let xml = self.tracked(run, marks.change);
        self.push(into, &xml);
    }
}

/// A node a revision inserted or deleted as a whole is marked as one tracked change.
fn node_marks(node: &ResolvedNode) -> Marks {
    Marks {
        change: node
            .change
            .filter(|change| matches!(change, Change::Inserted | Change::Deleted)),
        ..Marks::default()
    }
}

#[cfg(test)]
mod tests {
    use super::zip_date;

    #[test]
    fn the_zip_date_is_the_documents() {
        let date = zip_date("2022-02-25");
        assert_eq!((date.year(), date.month(), date.day()), (2022, 2, 25));
        assert_eq!(zip_date(""), zip::DateTime::default());
    }
}
