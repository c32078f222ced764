//! Python's `repr()` of a string, for messages the reference formats with
//! `{level!r}` (`Anthropic doesn't accept effort='max '`).

/// `repr(s)` as CPython prints it.
///
/// Quotes with `'` unless the text holds a `'` and no `"`. Escapes the
/// backslash, the chosen quote, `\t`, `\n`, `\r`, and every character Python
/// deems unprintable (controls, separators other than the space, format
/// characters, private use). Unassigned code points are not known to this
/// table and print as they are: see `docs/compat.md`.
///
/// ```
/// use modelroute_core::pyrepr::py_repr;
/// assert_eq!(py_repr("max"), "'max'");
/// assert_eq!(py_repr("it's"), "\"it's\"");
/// assert_eq!(py_repr("a\tb\u{1}"), "'a\\tb\\x01'");
/// ```
pub fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_unprintable(c) => {
                let n = u32::from(c);
                let escaped = if n < 0x100 {
                    format!("\\x{n:02x}")
                } else if n < 0x1_0000 {
                    format!("\\u{n:04x}")
                } else {
                    format!("\\U{n:08x}")
                };
                out.push_str(&escaped);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Code point ranges Python's `str.isprintable()` rejects, apart from
/// unassigned ones: Cc, Zs (but the space), Zl, Zp, Cf and Co.
const UNPRINTABLE: &[(u32, u32)] = &[
    (0x0000, 0x001F),
    (0x007F, 0x00A0),
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x1680, 0x1680),
    (0x180E, 0x180E),
    (0x2000, 0x200F),
    (0x2028, 0x202F),
    (0x205F, 0x2064),
    (0x2066, 0x206F),
    (0x3000, 0x3000),
    (0xE000, 0xF8FF),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
    (0xF0000, 0x10FFFF),
];

fn is_unprintable(c: char) -> bool {
    let n = u32::from(c);
    if (0x20..0x7F).contains(&n) {
        return false;
    }
    UNPRINTABLE.iter().any(|&(lo, hi)| (lo..=hi).contains(&n))
}

#[cfg(test)]
mod tests {
    use super::py_repr;

    #[test]
    fn matches_cpython_on_known_strings() {
        // Each right-hand side is what CPython 3.11 prints for repr(left).
        let cases = [
            ("", "''"),
            ("max", "'max'"),
            ("MAX ", "'MAX '"),
            ("it's", "\"it's\""),
            ("both'\"", "'both\\'\"'"),
            ("a\\b", "'a\\\\b'"),
            ("\u{7f}", "'\\x7f'"),
            ("\u{a0}", "'\\xa0'"),
            ("é", "'é'"),
            ("\u{2028}", "'\\u2028'"),
            ("\u{200b}", "'\\u200b'"),
            ("\u{feff}", "'\\ufeff'"),
            ("日本", "'日本'"),
            ("\u{1F600}", "'\u{1F600}'"),
            ("\u{F0000}", "'\\U000f0000'"),
        ];
        for (input, want) in cases {
            assert_eq!(py_repr(input), want, "{input:?}");
        }
    }

    #[test]
    fn ranges_are_sorted_and_disjoint() {
        assert!(super::UNPRINTABLE.windows(2).all(|w| w[0].1 < w[1].0));
    }
}
