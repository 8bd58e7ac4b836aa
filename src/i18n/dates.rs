//! Dates in six languages, from CLDR through ICU4X.
//!
//! Month names, the order of day and month and the digits come from ICU4X's compiled CLDR data;
//! only the way a range or a single date is assembled from those pieces is per-language data
//! (`dates:` in the locale file), because CLDR's own interval formats do not match ITU usage
//! ("du 6 au 16 juin 2022", "2022年6月6日至16日", "Genève, 21-31 mars 2022"). ICU4X 2.4 has a
//! range formatter only behind its `unstable` feature, and its CLDR intervals differ from ITU's
//! anyway (es "21–31 mar 2022" without "de", zh "至" where ITU's tables write "18-19日").
//!
//! ITU writes the same range differently by where it lands, so a date is formatted in a
//! [`DateStyle`]: running text says "du 21 au 31 mars 2022" and "les 6 et 7 novembre 2021", the
//! cover "Genève, 21-31 mars 2022", a Chinese table "2021年1月18-19日". The locale's `cover:` and
//! `table:` blocks hold what differs from running text.

use icu_calendar::{Date as IcuDate, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{D, MD, YM, YMD};
use icu_locale::Locale as IcuLocale;

use crate::model::{Date, Month, When};
use crate::source::raw::{RawDatePatterns, RawDateStyle};

/// Where a date lands, which decides how it reads. A text entry's dates take the style of the
/// place the entry is shown in; `{{ dates('…', style='cover') }}` asks for another.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DateStyle {
    /// Paragraphs, list items, headings: "du 21 au 31 mars 2022".
    #[default]
    Text,
    /// The session line of the cover: "Genève, 21-31 mars 2022".
    Cover,
    /// A table cell: "2021年1月18-19日".
    Table,
}

impl DateStyle {
    pub const ALL: [DateStyle; 3] = [DateStyle::Text, DateStyle::Cover, DateStyle::Table];

    /// The name texts use in `style='…'`.
    pub fn name(self) -> &'static str {
        match self {
            DateStyle::Text => "text",
            DateStyle::Cover => "cover",
            DateStyle::Table => "table",
        }
    }

    pub fn from_name(name: &str) -> Option<DateStyle> {
        DateStyle::ALL
            .into_iter()
            .find(|style| style.name() == name)
    }
}

/// One style's patterns, with the keys it left out taken from running text.
struct StylePatterns {
    date: String,
    range_same_month: String,
    range_same_year: String,
    range: String,
    two_days: Option<String>,
}

impl StylePatterns {
    fn text(raw: &RawDatePatterns) -> StylePatterns {
        StylePatterns {
            date: raw.date.clone(),
            range_same_month: raw.range_same_month.clone(),
            range_same_year: raw.range_same_year.clone(),
            range: raw.range.clone(),
            two_days: raw.two_days.clone(),
        }
    }

    /// `style` over running text; its two-day form is only its own ("6-7 novembre 2021" on a
    /// cover, never running text's "les 6 et 7 novembre 2021").
    fn over_text(style: &RawDateStyle, raw: &RawDatePatterns) -> StylePatterns {
        let or_text = |own: &Option<String>, text: &String| own.clone().unwrap_or(text.clone());
        StylePatterns {
            date: or_text(&style.date, &raw.date),
            range_same_month: or_text(&style.range_same_month, &raw.range_same_month),
            range_same_year: or_text(&style.range_same_year, &raw.range_same_year),
            range: or_text(&style.range, &raw.range),
            two_days: style.two_days.clone(),
        }
    }
}

/// Formats dates for one language; built once per language and run.
pub struct DateFormatter {
    full: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    day_month: FixedCalendarDateTimeFormatter<Gregorian, MD>,
    day: FixedCalendarDateTimeFormatter<Gregorian, D>,
    month_year: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    month: String,
    text: StylePatterns,
    cover: StylePatterns,
    table: StylePatterns,
}

impl std::fmt::Debug for DateFormatter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DateFormatter").finish_non_exhaustive()
    }
}

impl DateFormatter {
    /// `locale` is a BCP 47 tag such as `en-GB` or `ar-u-nu-latn`.
    pub fn new(locale: &str, patterns: RawDatePatterns) -> Result<DateFormatter, String> {
        let locale = IcuLocale::try_from_str(locale)
            .map_err(|err| format!("`{locale}` is not a valid locale ({err})"))?;
        let prefs = (&locale).into();
        let error = |err: icu_datetime::DateTimeFormatterLoadError| {
            format!("no CLDR date data for `{locale}` ({err})")
        };
        Ok(DateFormatter {
            full: FixedCalendarDateTimeFormatter::try_new(prefs, YMD::long()).map_err(error)?,
            day_month: FixedCalendarDateTimeFormatter::try_new(prefs, MD::long()).map_err(error)?,
            day: FixedCalendarDateTimeFormatter::try_new(prefs, D::long()).map_err(error)?,
            month_year: FixedCalendarDateTimeFormatter::try_new(prefs, YM::long())
                .map_err(error)?,
            text: StylePatterns::text(&patterns),
            cover: StylePatterns::over_text(&patterns.cover, &patterns),
            table: StylePatterns::over_text(&patterns.table, &patterns),
            month: patterns.month,
        })
    }

    fn patterns(&self, style: DateStyle) -> &StylePatterns {
        match style {
            DateStyle::Text => &self.text,
            DateStyle::Cover => &self.cover,
            DateStyle::Table => &self.table,
        }
    }

    /// A single date, e.g. "22 July 2019".
    pub fn date(&self, date: Date, style: DateStyle) -> String {
        self.fill(&self.patterns(style).date, Some(date), None)
    }

    /// A month, e.g. "June 2020".
    pub fn month(&self, month: Month) -> String {
        let first = Date {
            year: month.year,
            month: month.month,
            day: 1,
        };
        self.month.replace(
            "{my}",
            &self.month_year.format(&gregorian(first)).to_string(),
        )
    }

    /// A range, e.g. "6–16 June 2022"; a range within one day is a single date.
    pub fn range(&self, start: Date, end: Date, style: DateStyle) -> String {
        let patterns = self.patterns(style);
        let same_month = start.year == end.year && start.month == end.month;
        let pattern = if start == end {
            return self.date(start, style);
        } else if same_month && end.day == start.day + 1 && patterns.two_days.is_some() {
            patterns.two_days.as_ref().expect("checked above")
        } else if same_month {
            &patterns.range_same_month
        } else if start.year == end.year {
            &patterns.range_same_year
        } else {
            &patterns.range
        };
        self.fill(pattern, Some(start), Some(end))
    }

    /// Any fact's date, in the form that suits it.
    pub fn when(&self, when: When, style: DateStyle) -> String {
        match when {
            When::Date(date) => self.date(date, style),
            When::Range(start, end) => self.range(start, end, style),
            When::Month(month) => self.month(month),
        }
    }

    /// Replaces `{dmy}`, `{start.d}`, `{end.dm}`… in a pattern with pieces of the dates.
    fn fill(&self, pattern: &str, first: Option<Date>, second: Option<Date>) -> String {
        crate::pattern::fill(pattern, |name| {
            let (date, piece) = match name.split_once('.') {
                Some(("start", piece)) => (first, piece),
                Some(("end", piece)) => (second.or(first), piece),
                _ => (first, name),
            };
            self.piece(date?, piece)
        })
    }

    fn piece(&self, date: Date, piece: &str) -> Option<String> {
        let icu = gregorian(date);
        Some(match piece {
            "dmy" => self.full.format(&icu).to_string(),
            "dm" => self.day_month.format(&icu).to_string(),
            "d" => self.day.format(&icu).to_string(),
            "my" => self.month_year.format(&icu).to_string(),
            // Years and bare day numbers are written in Western digits in every ITU language;
            // `{day}` exists because CLDR's Chinese day is "18日", and ITU's compact
            // "2021年1月18-19日" needs the number alone.
            "y" => date.year.to_string(),
            "day" => date.day.to_string(),
            _ => return None,
        })
    }
}

fn gregorian(date: Date) -> IcuDate<Gregorian> {
    IcuDate::try_new_gregorian(date.year, date.month, date.day).expect("model dates are validated")
}

/// The names of the pieces a date pattern may use, for validating locale files.
pub const PIECES: [&str; 6] = ["dmy", "dm", "d", "day", "my", "y"];

#[cfg(test)]
mod tests {
    use super::*;

    fn formatter(locale: &str, same_month: &str, date: &str) -> DateFormatter {
        DateFormatter::new(
            locale,
            RawDatePatterns {
                date: date.into(),
                month: "{my}".into(),
                range_same_month: same_month.into(),
                range_same_year: "{start.dm} – {end.dmy}".into(),
                range: "{start.dmy} – {end.dmy}".into(),
                two_days: None,
                cover: RawDateStyle::default(),
                table: RawDateStyle::default(),
            },
        )
        .unwrap()
    }

    /// The formatter of `lang` with the patterns of its locale file in agenda/locales/.
    fn real(lang: &str) -> DateFormatter {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("agenda/locales/{lang}.yaml"));
        let source = crate::source::SourceMap::new().read(&path).unwrap();
        let raw: crate::source::raw::RawLocale = source.parse().unwrap();
        DateFormatter::new(&raw.icu_locale, raw.dates).unwrap()
    }

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    /// Each language's rendering of one date and one range, with the patterns of its locale file
    /// in agenda/locales/: if CLDR data or a pattern changes, this shows exactly how.
    #[test]
    fn six_languages_render_one_date_and_one_range() {
        let cases = [
            ("en", "22 July 2019", "6–16 June 2022"),
            ("zh", "2019年7月22日", "2022年6月6日至16日"),
            ("fr", "22 juillet 2019", "du 6 au 16 juin 2022"),
            ("es", "22 de julio de 2019", "del 6 al 16 de junio de 2022"),
            ("ru", "22 июля 2019 года", "6–16 июня 2022 года"),
            ("ar", "22 يوليو 2019", "من 6 إلى 16 يونيو 2022"),
        ];
        for (lang, want_date, want_range) in cases {
            let f = real(lang);
            assert_eq!(
                f.date(d("2019-07-22"), DateStyle::Text),
                want_date,
                "{lang}"
            );
            assert_eq!(
                f.range(d("2022-06-06"), d("2022-06-16"), DateStyle::Text),
                want_range,
                "{lang}"
            );
        }
    }

    /// ITU's forms by place, from the real locale files: the cover's session line (Council 2022,
    /// and PP-18 across months), a table cell (RPM-EUR, two days, compact as in the Chinese
    /// seed's tables) and two days in running text (the Youth Summit before WTDC-21).
    #[test]
    fn six_languages_write_cover_table_and_two_day_dates_as_itu_does() {
        struct Case {
            lang: &'static str,
            cover: &'static str,
            cover_across_months: &'static str,
            table: &'static str,
            two_days: &'static str,
        }
        let cases = [
            Case {
                lang: "en",
                cover: "21-31 March 2022",
                cover_across_months: "29 October – 16 November 2018",
                table: "18-19 January 2021",
                two_days: "6 and 7 November 2021",
            },
            Case {
                lang: "fr",
                cover: "21-31 mars 2022",
                cover_across_months: "29 octobre – 16 novembre 2018",
                table: "18-19 janvier 2021",
                two_days: "les 6 et 7 novembre 2021",
            },
            Case {
                lang: "es",
                cover: "21-31 de marzo de 2022",
                cover_across_months: "29 de octubre – 16 de noviembre de 2018",
                table: "18-19 de enero de 2021",
                two_days: "los días 6 y 7 de noviembre de 2021",
            },
            Case {
                lang: "ru",
                cover: "21–31 марта 2022 г.",
                cover_across_months: "29 октября – 16 ноября 2018 г.",
                table: "18–19 января 2021 г.",
                two_days: "6 и 7 ноября 2021 года",
            },
            Case {
                lang: "ar",
                cover: "21-31 مارس 2022",
                cover_across_months: "29 أكتوبر - 16 نوفمبر 2018",
                table: "18-19 يناير 2021",
                two_days: "يومي 6 و7 نوفمبر 2021",
            },
            Case {
                lang: "zh",
                cover: "2022年3月21-31日",
                cover_across_months: "2018年10月29日-11月16日",
                table: "2021年1月18-19日",
                two_days: "2021年11月6日和7日",
            },
        ];
        for case in cases {
            let f = real(case.lang);
            let lang = case.lang;
            assert_eq!(
                f.range(d("2022-03-21"), d("2022-03-31"), DateStyle::Cover),
                case.cover,
                "{lang} cover"
            );
            assert_eq!(
                f.range(d("2018-10-29"), d("2018-11-16"), DateStyle::Cover),
                case.cover_across_months,
                "{lang} cover across months"
            );
            assert_eq!(
                f.range(d("2021-01-18"), d("2021-01-19"), DateStyle::Table),
                case.table,
                "{lang} table"
            );
            assert_eq!(
                f.range(d("2021-11-06"), d("2021-11-07"), DateStyle::Text),
                case.two_days,
                "{lang} two days"
            );
        }
    }

    #[test]
    fn styles_take_what_they_leave_out_from_running_text_except_two_days() {
        let f = DateFormatter::new(
            "en-GB",
            RawDatePatterns {
                date: "{dmy}".into(),
                month: "{my}".into(),
                range_same_month: "{start.d}–{end.dmy}".into(),
                range_same_year: "{start.dm} – {end.dmy}".into(),
                range: "{start.dmy} – {end.dmy}".into(),
                two_days: Some("{start.d} and {end.dmy}".into()),
                cover: RawDateStyle {
                    range_same_month: Some("{start.d}-{end.dmy}".into()),
                    ..RawDateStyle::default()
                },
                table: RawDateStyle {
                    two_days: Some("{start.d}/{end.dmy}".into()),
                    ..RawDateStyle::default()
                },
            },
        )
        .unwrap();
        let (start, next, later) = (d("2021-11-06"), d("2021-11-07"), d("2021-11-09"));
        assert_eq!(
            f.range(start, next, DateStyle::Text),
            "6 and 7 November 2021"
        );
        assert_eq!(f.range(start, next, DateStyle::Cover), "6-7 November 2021");
        assert_eq!(f.range(start, next, DateStyle::Table), "6/7 November 2021");
        assert_eq!(f.range(start, later, DateStyle::Text), "6–9 November 2021");
        assert_eq!(f.range(start, later, DateStyle::Cover), "6-9 November 2021");
        assert_eq!(f.range(start, later, DateStyle::Table), "6–9 November 2021");
        assert_eq!(
            f.range(d("2021-10-31"), d("2021-11-01"), DateStyle::Text),
            "31 October – 1 November 2021",
            "two days across months read as a range"
        );
        assert_eq!(f.date(start, DateStyle::Cover), "6 November 2021");
    }

    #[test]
    fn arabic_digits_are_pinned_to_latin_as_itu_writes_them() {
        let native = formatter("ar-u-nu-arab", "{start.d}-{end.dmy}", "{dmy}");
        let date = native.date(d("2019-07-22"), DateStyle::Text);
        assert!(date.contains('٢'), "{date}");
        let latin = formatter("ar-u-nu-latn", "{start.d}-{end.dmy}", "{dmy}");
        assert!(latin.date(d("2019-07-22"), DateStyle::Text).contains("22"));
    }

    #[test]
    fn ranges_across_months_and_years() {
        let f = formatter("en-GB", "{start.d}–{end.dmy}", "{dmy}");
        let text = DateStyle::Text;
        assert_eq!(
            f.range(d("2021-11-30"), d("2021-12-02"), text),
            "30 November – 2 December 2021"
        );
        assert_eq!(
            f.range(d("2021-12-30"), d("2022-01-02"), text),
            "30 December 2021 – 2 January 2022"
        );
        assert_eq!(
            f.range(d("2022-06-06"), d("2022-06-06"), text),
            "6 June 2022"
        );
        assert_eq!(
            f.month(Month {
                year: 2020,
                month: 6
            }),
            "June 2020"
        );
    }
}
