//! Numerals for computed numbers: 1 → "I", "一", "a", "أ".
//!
//! The model counts (the third part, the eleventh item); each language's locale data says which
//! numeral system and pattern shows that count. Keeping the two apart is what lets one YAML edit
//! renumber all six languages.

use crate::source::raw::CounterStyle;

/// The numeral of `n` (1-based) in `style`.
pub fn numeral(n: usize, style: CounterStyle) -> String {
    match style {
        CounterStyle::Decimal => n.to_string(),
        CounterStyle::UpperRoman => roman(n),
        CounterStyle::LowerRoman => roman(n).to_lowercase(),
        CounterStyle::LowerLatin => alphabetic(n, &LATIN_LOWER),
        CounterStyle::UpperLatin => alphabetic(n, &LATIN_LOWER).to_uppercase(),
        CounterStyle::Chinese => chinese(n),
        CounterStyle::ArabicAbjad => alphabetic(n, &ARABIC_ABJAD),
        CounterStyle::CyrillicLower => alphabetic(n, &CYRILLIC_LOWER),
    }
}

/// Applies a counter pattern such as `"{})"` (`{}` and `{n}` are the numeral).
pub fn format_counter(n: usize, style: CounterStyle, pattern: &str) -> String {
    let numeral = numeral(n, style);
    pattern.replace("{}", &numeral).replace("{n}", &numeral)
}

/// The placeholders an agenda's numbering patterns may use.
pub const PLACEHOLDERS: [&str; 5] = ["", "n", "label", "parent", "prefix"];

/// The first `{…}` of `pattern` that is not a numbering placeholder.
pub fn unknown_placeholder(pattern: &str) -> Option<&str> {
    crate::pattern::placeholders(pattern).find(|name| !PLACEHOLDERS.contains(name))
}

/// The values a numbering pattern is filled with.
#[derive(Debug, Default, Clone, Copy)]
pub struct Fill<'a> {
    pub numeral: &'a str,
    pub label: &'a str,
    pub parent: &'a str,
    pub prefix: &'a str,
}

/// Fills `{n}` (or `{}`), `{label}`, `{parent}` and `{prefix}` in `pattern`.
pub fn fill(pattern: &str, values: Fill) -> String {
    crate::pattern::fill(pattern, |name| {
        let value = match name {
            "" | "n" => values.numeral,
            "label" => values.label,
            "parent" => values.parent,
            "prefix" => values.prefix,
            _ => return None,
        };
        Some(value.to_string())
    })
    .trim()
    .to_string()
}

const LATIN_LOWER: [&str; 26] = [
    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s",
    "t", "u", "v", "w", "x", "y", "z",
];

/// The abjad order UN Arabic texts letter sub-items with: أ ب ج د هـ و ز ح ط ي ك ل م ن س ع ف ص ق ر ش ت ث خ ذ ض ظ غ.
const ARABIC_ABJAD: [&str; 28] = [
    "أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف", "ص", "ق",
    "ر", "ش", "ت", "ث", "خ", "ذ", "ض", "ظ", "غ",
];

/// Russian list letters skip ё, й, ъ, ы, ь (GOST 2.105).
const CYRILLIC_LOWER: [&str; 28] = [
    "а", "б", "в", "г", "д", "е", "ж", "з", "и", "к", "л", "м", "н", "о", "п", "р", "с", "т", "у",
    "ф", "х", "ц", "ч", "ш", "щ", "э", "ю", "я",
];

/// a … z, then aa, ab … (as CSS `lower-alpha` does).
fn alphabetic(n: usize, letters: &[&str]) -> String {
    let base = letters.len();
    let mut n = n.max(1);
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(letters[n % base]);
        n /= base;
    }
    out.reverse();
    out.concat()
}

fn roman(mut n: usize) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// Chinese numerals as used for part numbers: 一 … 十, 十一 … 九十九; larger counts in digits.
fn chinese(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n].to_string(),
        10..=99 => {
            let (tens, ones) = (n / 10, n % 10);
            let mut out = String::new();
            if tens > 1 {
                out.push_str(DIGITS[tens]);
            }
            out.push('十');
            if ones > 0 {
                out.push_str(DIGITS[ones]);
            }
            out
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        let got: Vec<String> = (1..=4)
            .map(|n| numeral(n, CounterStyle::UpperRoman))
            .collect();
        assert_eq!(got, ["I", "II", "III", "IV"]);
        assert_eq!(numeral(14, CounterStyle::UpperRoman), "XIV");
        assert_eq!(numeral(1994, CounterStyle::UpperRoman), "MCMXCIV");
    }

    #[test]
    fn letters_run_on_past_z() {
        assert_eq!(numeral(1, CounterStyle::LowerLatin), "a");
        assert_eq!(numeral(3, CounterStyle::LowerLatin), "c");
        assert_eq!(numeral(26, CounterStyle::LowerLatin), "z");
        assert_eq!(numeral(27, CounterStyle::LowerLatin), "aa");
        assert_eq!(numeral(2, CounterStyle::UpperLatin), "B");
    }

    #[test]
    fn arabic_sub_items_follow_abjad_order() {
        let got: Vec<String> = (1..=5)
            .map(|n| numeral(n, CounterStyle::ArabicAbjad))
            .collect();
        assert_eq!(got, ["أ", "ب", "ج", "د", "هـ"]);
        assert_eq!(format_counter(2, CounterStyle::ArabicAbjad, "{})"), "ب)");
    }

    #[test]
    fn chinese_part_numbers() {
        let got: Vec<String> = [1, 2, 3, 10, 11, 20, 23]
            .iter()
            .map(|&n| numeral(n, CounterStyle::Chinese))
            .collect();
        assert_eq!(got, ["一", "二", "三", "十", "十一", "二十", "二十三"]);
    }

    #[test]
    fn cyrillic_letters_skip_ambiguous_ones() {
        assert_eq!(numeral(9, CounterStyle::CyrillicLower), "и");
        assert_eq!(numeral(10, CounterStyle::CyrillicLower), "к");
    }

    #[test]
    fn numbering_patterns_fill_in_one_pass() {
        let values = Fill {
            numeral: "2",
            label: "2)",
            parent: "PL 1",
            prefix: "{label}",
        };
        assert_eq!(fill("{parent}.{n}", values), "PL 1.2");
        assert_eq!(fill("{prefix} {n}", values), "{label} 2");
        assert_eq!(
            fill(
                "{prefix} {n}",
                Fill {
                    prefix: "",
                    ..values
                }
            ),
            "2"
        );
        assert_eq!(unknown_placeholder("{parent}.{m}"), Some("m"));
        assert_eq!(unknown_placeholder("{}) {label}"), None);
    }

    #[test]
    fn patterns_wrap_the_numeral() {
        assert_eq!(format_counter(13, CounterStyle::Decimal, "{})"), "13)");
        assert_eq!(
            format_counter(3, CounterStyle::UpperRoman, "Part {}"),
            "Part III"
        );
    }
}
