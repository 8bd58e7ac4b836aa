//! Facts: the dates and places a document mentions, written once in document.yaml.
//!
//! A fact holds a date, a range or a month, and optionally a city and a country (glossary ids).
//! Text entries never type a date or a place; they call `date('…')`, `city('…')`, so moving a
//! conference is one edit that every language follows. Calendar validity (no 30 February) is
//! ICU4X's, the same library that later formats the dates.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::SourceFile;
use crate::source::raw::RawFact;

/// A calendar date, checked to exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, refusing dates that do not exist (2022-02-30).
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year: i32 = parse_digits(parts.next()?, 4)?;
        let month: u8 = parse_digits(parts.next()?, 2)?;
        let day: u8 = parse_digits(parts.next()?, 2)?;
        icu_calendar::Date::try_new_gregorian(year, month, day).ok()?;
        Some(Date { year, month, day })
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A year and month, for facts known to the month only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    pub year: i32,
    pub month: u8,
}

impl Month {
    pub fn parse(text: &str) -> Option<Month> {
        let (year, month) = text.trim().split_once('-')?;
        let year = parse_digits(year, 4)?;
        let month = parse_digits(month, 2)?;
        icu_calendar::Date::try_new_gregorian(year, month, 1).ok()?;
        Some(Month { year, month })
    }
}

fn parse_digits<T: std::str::FromStr>(text: &str, len: usize) -> Option<T> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok())?
}

/// When a fact happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Date(Date),
    Range(Date, Date),
    Month(Month),
}

impl When {
    /// The year it starts in.
    pub fn year(self) -> i32 {
        match self {
            When::Date(date) | When::Range(date, _) => date.year,
            When::Month(month) => month.year,
        }
    }

    /// The first day, when known to the day.
    pub fn first_day(self) -> Option<Date> {
        match self {
            When::Date(date) | When::Range(date, _) => Some(date),
            When::Month(_) => None,
        }
    }
}

/// A fact written once and shown by every language: a date or range, maybe a city and country.
#[derive(Debug, Clone)]
pub struct Fact {
    pub when: Option<When>,
    /// Glossary id of the city.
    pub city: Option<String>,
    /// Glossary id of the country.
    pub country: Option<String>,
}

/// Validates the fact `name` of document.yaml.
pub fn validate(name: &str, raw: &RawFact, source: &SourceFile) -> Result<Fact, Diagnostic> {
    let at = |field: &str| {
        source
            .locate_value(&format!("facts/{name}/{field}"))
            .or_else(|| source.locate_key(&format!("facts/{name}")))
    };
    let date = |field: &str, text: &String| {
        Date::parse(text).ok_or_else(|| {
            Diagnostic::new(Code::BadDate, format!("`{text}` in fact `{name}` is not a valid date"))
                .at_opt(at(field))
                .with_hint("write dates as YYYY-MM-DD, e.g. 2022-06-06, and check the day exists in that month")
        })
    };
    let when = match (&raw.date, &raw.start, &raw.end, &raw.month) {
        (Some(single), None, None, None) => Some(When::Date(date("date", single)?)),
        (None, Some(start), Some(end), None) => {
            let (start_date, end_date) = (date("start", start)?, date("end", end)?);
            if end_date < start_date {
                return Err(Diagnostic::new(
                    Code::BadDate,
                    format!("fact `{name}` ends ({end}) before it starts ({start})"),
                )
                .at_opt(at("end"))
                .with_hint("swap `start` and `end`"));
            }
            Some(When::Range(start_date, end_date))
        }
        (None, None, None, Some(month)) => {
            Some(When::Month(Month::parse(month).ok_or_else(|| {
                Diagnostic::new(
                    Code::BadDate,
                    format!("`{month}` in fact `{name}` is not a valid month"),
                )
                .at_opt(at("month"))
                .with_hint("write months as YYYY-MM, e.g. 2020-06")
            })?))
        }
        (None, None, None, None) => None,
        _ => {
            return Err(
                Diagnostic::new(Code::BadDate, format!("fact `{name}` mixes date kinds"))
                    .at_opt(source.locate_key(&format!("facts/{name}")))
                    .with_hint("give `date:`, or `start:` and `end:`, or `month:`"),
            );
        }
    };
    Ok(Fact {
        when,
        city: raw.city.clone(),
        country: raw.country.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert_eq!(
            Date::parse("2022-06-06"),
            Some(Date {
                year: 2022,
                month: 6,
                day: 6
            })
        );
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day), Some(29));
        for bad in [
            "2022-02-29",
            "2022-13-01",
            "2022-6-6",
            "22-06-06",
            "2022-06-31",
            "tomorrow",
            "2022-00-10",
            "2022-01-00",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(Month::parse("2020-13"), None);
        assert_eq!(Month::parse("2020-06").map(|m| m.month), Some(6));
    }
}
