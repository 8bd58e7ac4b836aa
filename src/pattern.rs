//! Patterns with `{placeholders}`: the one small syntax of locale data and project settings.
//!
//! Date patterns (`{start.d}–{end.dmy}`), numbering patterns (`{parent}.{n}`) and symbol
//! addresses (`…/S{yy}-CL-{series|C}-{n:04}/{lang}`) all fill `{name}` in one left-to-right pass,
//! so a value put in can never be read as a placeholder. What a name means is the caller's.

/// Fills every `{name}` with `value(name)`; a name it does not know (`None`) stays as written,
/// and so does a `{` that never closes.
pub fn fill(pattern: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        match value(&rest[open + 1..open + close]) {
            Some(text) => out.push_str(&text),
            None => out.push_str(&rest[open..=open + close]),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The names of a pattern's placeholders, in order.
pub fn placeholders(pattern: &str) -> impl Iterator<Item = &str> {
    pattern
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_in_one_pass() {
        let filled = fill("{a}-{b}-{c", |name| match name {
            "a" => Some("{b}".into()),
            "b" => Some("2".into()),
            _ => None,
        });
        assert_eq!(filled, "{b}-2-{c");
        assert_eq!(fill("{x} y", |_| None), "{x} y");
        assert_eq!(
            placeholders("{start.d}–{end.dmy}").collect::<Vec<_>>(),
            ["start.d", "end.dmy"]
        );
    }
}
