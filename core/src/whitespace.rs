//! Python's idea of whitespace.
//!
//! The reference is Python: it trims with `str.strip()` and tests with
//! `str.isspace()`. Their character set differs from Rust's
//! [`char::is_whitespace`] (Python also counts the information separators
//! U+001C..U+001F and leaves out nothing Rust has), so every trim and every
//! whitespace check in modelroute goes through this module instead of the
//! standard library.

/// Every code point Python's `str.isspace()` accepts, in ascending order.
///
/// Written out as data so the table test below can compare it to the SPEC
/// list one entry at a time.
pub const PYTHON_WHITESPACE: &[char] = &[
    '\u{0009}', '\u{000A}', '\u{000B}', '\u{000C}', '\u{000D}', '\u{001C}', '\u{001D}', '\u{001E}',
    '\u{001F}', '\u{0020}', '\u{0085}', '\u{00A0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}',
    '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200A}',
    '\u{2028}', '\u{2029}', '\u{202F}', '\u{205F}', '\u{3000}',
];

/// Whether `c` is whitespace for Python's `str.isspace()`.
///
/// ```
/// use modelroute_core::whitespace::is_py_space;
/// assert!(is_py_space('\u{1F}'));  // Rust's char::is_whitespace says no
/// assert!(!is_py_space('x'));
/// ```
#[inline]
pub fn is_py_space(c: char) -> bool {
    // Fast path: almost every character a model id holds is printable ASCII.
    if c.is_ascii() {
        return matches!(c, '\t'..='\r' | '\u{1C}'..='\u{20}');
    }
    PYTHON_WHITESPACE.binary_search(&c).is_ok()
}

/// Whether `s` contains any Python whitespace character.
#[inline]
pub fn contains_py_space(s: &str) -> bool {
    // Byte scan first: a non-ASCII byte sends the rest to the char scan.
    match s
        .bytes()
        .position(|b| !b.is_ascii() || matches!(b, b'\t'..=b'\r' | 0x1C..=0x20))
    {
        None => false,
        // Every byte before `i` is ASCII, so `i` starts a character.
        Some(i) => s[i..].chars().any(is_py_space),
    }
}

/// The first Python whitespace character in `s` and its byte offset.
pub fn first_py_space(s: &str) -> Option<(usize, char)> {
    // Byte scan up to the first candidate, as in `contains_py_space`.
    let start = s
        .bytes()
        .position(|b| !b.is_ascii() || matches!(b, b'\t'..=b'\r' | 0x1C..=0x20))?;
    s[start..]
        .char_indices()
        .find(|&(_, c)| is_py_space(c))
        .map(|(i, c)| (start + i, c))
}

/// `s.strip()` as Python does it.
///
/// ```
/// use modelroute_core::whitespace::py_strip;
/// assert_eq!(py_strip("\u{1C} http://x \u{3000}"), "http://x");
/// ```
#[inline]
pub fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique_for_binary_search() {
        assert!(PYTHON_WHITESPACE.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn table_matches_spec_section_2() {
        // SPEC §2: U+0009..U+000D, U+001C..U+001F, U+0020, U+0085, U+00A0,
        // U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
        let mut expected: Vec<char> = Vec::new();
        expected.extend('\u{9}'..='\u{D}');
        expected.extend('\u{1C}'..='\u{1F}');
        expected.extend(['\u{20}', '\u{85}', '\u{A0}', '\u{1680}']);
        expected.extend('\u{2000}'..='\u{200A}');
        expected.extend(['\u{2028}', '\u{2029}', '\u{202F}', '\u{205F}', '\u{3000}']);
        assert_eq!(PYTHON_WHITESPACE, expected.as_slice());
    }

    #[test]
    fn every_code_point_below_0x3001_agrees_with_the_table() {
        for c in (0u32..0x3001).filter_map(char::from_u32) {
            assert_eq!(is_py_space(c), PYTHON_WHITESPACE.contains(&c), "{c:?}");
        }
    }

    #[test]
    fn differs_from_rust_exactly_on_information_separators() {
        for c in (0u32..0x3001).filter_map(char::from_u32) {
            if is_py_space(c) != c.is_whitespace() {
                assert!(('\u{1C}'..='\u{1F}').contains(&c), "{c:?}");
            }
        }
    }

    #[test]
    fn contains_agrees_with_a_plain_char_scan() {
        for s in [
            "",
            "abc",
            "a b",
            "é\u{3000}",
            "é",
            "x\u{1F}",
            "日本語",
            "a\u{85}",
        ] {
            assert_eq!(contains_py_space(s), s.chars().any(is_py_space), "{s:?}");
        }
    }

    #[test]
    fn strip_removes_only_python_whitespace() {
        assert_eq!(py_strip("\u{1F}\t a b \u{2029}"), "a b");
        assert_eq!(py_strip("\u{200B}x"), "\u{200B}x"); // zero width space is not whitespace
        assert_eq!(py_strip("   "), "");
        assert_eq!(first_py_space("ab c"), Some((2, ' ')));
        assert_eq!(first_py_space("abc"), None);
        assert_eq!(first_py_space("é\u{3000}x"), Some((2, '\u{3000}')));
        assert_eq!(first_py_space("éé"), None);
    }
}
