//! Dates read as ITU writes them where they land: the cover's session line ("Genève, 21-31 mars
//! 2022"), table cells (the Chinese tables' "2021年1月18-19日") and running text, where two
//! consecutive days have their own form ("les 6 et 7 novembre 2021"). The styles are locale data
//! (`dates:` in agenda/locales/), chosen by where a text entry is shown; these tests build the
//! real project and read the Markdown.

mod common;

use common::{LANGUAGES, TestProject, plain};

const DOCUMENT: &str = "agenda/wtdc-preparations/document.yaml";

/// Asserts that `markdown` shows each of `wanted`, ignoring Markdown escapes and line breaks.
fn assert_shows(markdown: &str, lang: &str, wanted: &[&str]) {
    let shown = plain(markdown);
    for text in wanted {
        assert!(
            shown.contains(&plain(text)),
            "{lang}: `{text}` is not in the Markdown:\n{markdown}"
        );
    }
}

fn assert_does_not_show(markdown: &str, lang: &str, unwanted: &str) {
    assert!(
        !plain(markdown).contains(&plain(unwanted)),
        "{lang}: `{unwanted}` is still in the Markdown"
    );
}

#[test]
fn cover_table_and_two_days_read_as_itu_writes_them() {
    let project = TestProject::real();
    project.build(&["--format", "md"]);
    // (language, cover line, RPM-EUR's table cell, the Youth Summit's two days in text,
    // WTDC-22 in running text)
    let cases = [
        (
            "fr",
            "Genève, 21-31 mars 2022",
            "18-19 janvier 2021",
            "les 6 et 7 novembre 2021",
            "du 6 au 16 juin 2022",
        ),
        (
            "es",
            "Ginebra, 21-31 de marzo de 2022",
            "18-19 de enero de 2021",
            "los días 6 y 7 de noviembre de 2021",
            "del 6 al 16 de junio de 2022",
        ),
        (
            "ar",
            "جنيف، 21-31 مارس 2022",
            "18-19 يناير 2021",
            "يومي 6 و7 نوفمبر 2021",
            "من 6 إلى 16 يونيو 2022",
        ),
        (
            "en",
            "Geneva, 21-31 March 2022",
            "18-19 January 2021",
            "on 6 and 7 November 2021",
            "6–16 June 2022",
        ),
        (
            "ru",
            "Женева, 21–31 марта 2022 г.",
            "18–19 января 2021 г.",
            "6 и 7 ноября 2021 года",
            "6–16 июня 2022 года",
        ),
        (
            "zh",
            "2022年3月21-31日，日内瓦",
            "2021年1月18-19日（虚拟）",
            "2021年11月6日和7日",
            "2022年6月6日至16日",
        ),
    ];
    for (lang, cover, table, two_days, text) in cases {
        let markdown = project.output(lang, "md");
        assert_shows(&markdown, lang, &[cover, table, two_days, text]);
    }
    let zh = project.output("zh", "md");
    assert_does_not_show(&zh, "zh", "2021年1月18日至19日");
    assert_does_not_show(&zh, "zh", "2021年11月6日至7日");
}

/// The Council 2018 agenda is laid out as ITU's table: its items are table cells, so the
/// Plenipotentiary Conference's dates in an item's subject take the table style, across months.
#[test]
fn an_agenda_laid_out_as_a_table_writes_its_items_dates_as_table_cells() {
    let project = TestProject::real();
    project.build(&["council-2018-agenda", "--format", "md"]);
    for (lang, cover, item) in [
        (
            "en",
            "Geneva, 17-27 April 2018",
            "(Dubai, 29 October – 16 November 2018)",
        ),
        (
            "fr",
            "Genève, 17-27 avril 2018",
            "(Dubaï, 29 octobre – 16 novembre 2018)",
        ),
        (
            "zh",
            "2018年4月17-27日，日内瓦",
            "（迪拜，2018年10月29日-11月16日）",
        ),
    ] {
        let markdown = project.read(&format!("output/{lang}/council-2018-agenda.md"));
        assert_shows(&markdown, lang, &[cover, item]);
    }
}

/// Other facts: the Youth Summit lasts three days (no longer two), the session runs across two
/// months, RPM-EUR spans a month's end. Every language follows without a text being touched.
#[test]
fn changed_facts_read_right_in_every_language() {
    let project = TestProject::real();
    project.edit(
        DOCUMENT,
        "youth-summit-addis: { start: 2021-11-06, end: 2021-11-07,",
        "youth-summit-addis: { start: 2021-11-06, end: 2021-11-08,",
    );
    project.edit(
        DOCUMENT,
        "council-2022: { start: 2022-03-21, end: 2022-03-31,",
        "council-2022: { start: 2022-03-28, end: 2022-04-08,",
    );
    project.edit(
        DOCUMENT,
        "rpm-eur: { start: 2021-01-18, end: 2021-01-19 }",
        "rpm-eur: { start: 2021-01-31, end: 2021-02-02 }",
    );
    project.build(&["--format", "md"]);
    // (language, three days in text, cover across months, table cell across months)
    let cases = [
        (
            "fr",
            "avant la CMDT, du 6 au 8 novembre 2021,",
            "Genève, 28 mars – 8 avril 2022",
            "31 janvier – 2 février 2021 (virtuelle)",
        ),
        (
            "es",
            "Cumbre de la Juventud del 6 al 8 de noviembre de 2021,",
            "Ginebra, 28 de marzo – 8 de abril de 2022",
            "31 de enero – 2 de febrero de 2021 (virtual)",
        ),
        (
            "ar",
            "، من 6 إلى 8 نوفمبر 2021، في",
            "جنيف، 28 مارس - 8 أبريل 2022",
            "31 يناير - 2 فبراير 2021",
        ),
        (
            "en",
            "on 6–8 November 2021,",
            "Geneva, 28 March – 8 April 2022",
            "31 January – 2 February 2021 (virtual)",
        ),
        (
            "ru",
            "6–8 ноября 2021 года",
            "Женева, 28 марта – 8 апреля 2022 г.",
            "31 января – 2 февраля 2021 г.",
        ),
        (
            "zh",
            "之前的2021年11月6日至8日举行",
            "2022年3月28日-4月8日，日内瓦",
            "2021年1月31日-2月2日（虚拟）",
        ),
    ];
    assert_eq!(cases.len(), LANGUAGES.len());
    for (lang, three_days, cover, table) in cases {
        let markdown = project.output(lang, "md");
        assert_shows(&markdown, lang, &[three_days, cover, table]);
    }
    for (lang, two_days) in [
        ("fr", "les 6 et 7 novembre"),
        ("es", "los días 6 y 7"),
        ("ar", "يومي 6 و7"),
        ("zh", "6日和7日"),
    ] {
        assert_does_not_show(&project.output(lang, "md"), lang, two_days);
    }
}

/// `style='…'` asks for another style than the place's: here running text's in a table cell.
#[test]
fn a_text_can_ask_for_a_date_style() {
    let project = TestProject::real();
    project.edit(
        "agenda/wtdc-preparations/text/en.yaml",
        "dates('rpm-eur')",
        "dates('rpm-eur', style='text')",
    );
    project.edit(
        "agenda/wtdc-preparations/text/fr.yaml",
        "dates('rpm-eur')",
        "dates('rpm-eur', style='nope')",
    );
    let stderr = project.fails(&["build", "--format", "md"]);
    assert!(
        stderr.contains("unknown date style `nope`") && stderr.contains("text, cover, table"),
        "{stderr}"
    );
    project.edit(
        "agenda/wtdc-preparations/text/fr.yaml",
        "dates('rpm-eur', style='nope')",
        "dates('rpm-eur')",
    );
    project.build(&["--format", "md"]);
    assert_shows(
        &project.output("en", "md"),
        "en",
        &["18 and 19 January 2021 (virtual)"],
    );
}
