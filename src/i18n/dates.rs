//! Dates in six languages, from CLDR through ICU4X.
//!
//! Month names, the order of day and month and the digits come from ICU4X's compiled CLDR data;
//! only the way a range or a single date is assembled from those pieces is per-language data
//! (`dates:` in the locale file), because CLDR's own interval formats do not match ITU usage
//! ("6–16 June 2022", "2022年6月6日至16日", "du 6 au 16 juin 2022").

use icu_calendar::{Date as IcuDate, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{D, MD, YM, YMD};
use icu_locale::Locale as IcuLocale;

use crate::model::{Date, Month, When};
use crate::source::raw::RawDatePatterns;

/// Formats dates for one language; built once per language and run.
pub struct DateFormatter {
    full: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    day_month: FixedCalendarDateTimeFormatter<Gregorian, MD>,
    day: FixedCalendarDateTimeFormatter<Gregorian, D>,
    month_year: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    patterns: RawDatePatterns,
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
            patterns,
        })
    }

    /// A single date, e.g. "22 July 2019".
    pub fn date(&self, date: Date) -> String {
        self.fill(&self.patterns.date, Some(date), None)
    }

    /// A month, e.g. "June 2020".
    pub fn month(&self, month: Month) -> String {
        let first = Date {
            year: month.year,
            month: month.month,
            day: 1,
        };
        self.patterns.month.replace(
            "{my}",
            &self.month_year.format(&gregorian(first)).to_string(),
        )
    }

    /// A range, e.g. "6–16 June 2022"; a range within one day is a single date.
    pub fn range(&self, start: Date, end: Date) -> String {
        let pattern = if start == end {
            return self.date(start);
        } else if start.year == end.year && start.month == end.month {
            &self.patterns.range_same_month
        } else if start.year == end.year {
            &self.patterns.range_same_year
        } else {
            &self.patterns.range
        };
        self.fill(pattern, Some(start), Some(end))
    }

    /// Any fact's date, in the form that suits it.
    pub fn when(&self, when: When) -> String {
        match when {
            When::Date(date) => self.date(date),
            When::Range(start, end) => self.range(start, end),
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
            // Years are written without grouping in every ITU language, in Western digits.
            "y" => date.year.to_string(),
            _ => return None,
        })
    }
}

fn gregorian(date: Date) -> IcuDate<Gregorian> {
    IcuDate::try_new_gregorian(date.year, date.month, date.day).expect("model dates are validated")
}

/// The names of the pieces a date pattern may use, for validating locale files.
pub const PIECES: [&str; 5] = ["dmy", "dm", "d", "my", "y"];

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
            },
        )
        .unwrap()
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
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("agenda/locales/{lang}.yaml"));
            let source = crate::source::SourceMap::new().read(&path).unwrap();
            let raw: crate::source::raw::RawLocale = source.parse().unwrap();
            let f = DateFormatter::new(&raw.icu_locale, raw.dates).unwrap();
            assert_eq!(f.date(d("2019-07-22")), want_date, "{lang}");
            assert_eq!(
                f.range(d("2022-06-06"), d("2022-06-16")),
                want_range,
                "{lang}"
            );
        }
    }

    #[test]
    fn arabic_digits_are_pinned_to_latin_as_itu_writes_them() {
        let native = formatter("ar-u-nu-arab", "{start.d}-{end.dmy}", "{dmy}");
        assert!(
            native.date(d("2019-07-22")).contains('٢'),
            "{}",
            native.date(d("2019-07-22"))
        );
        let latin = formatter("ar-u-nu-latn", "{start.d}-{end.dmy}", "{dmy}");
        assert!(latin.date(d("2019-07-22")).contains("22"));
    }

    #[test]
    fn ranges_across_months_and_years() {
        let f = formatter("en-GB", "{start.d}–{end.dmy}", "{dmy}");
        assert_eq!(
            f.range(d("2021-11-30"), d("2021-12-02")),
            "30 November – 2 December 2021"
        );
        assert_eq!(
            f.range(d("2021-12-30"), d("2022-01-02")),
            "30 December 2021 – 2 January 2022"
        );
        assert_eq!(f.range(d("2022-06-06"), d("2022-06-06")), "6 June 2022");
        assert_eq!(
            f.month(Month {
                year: 2020,
                month: 6
            }),
            "June 2020"
        );
    }
}
