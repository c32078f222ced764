//! Numbers as `serde_json` writes them, where the tape must agree with its
//! text: an `f32` crosses as the `f64` that JSON.parse reads from
//! serde_json's digits, and a float map key is serde_json's text. Neither is on the path of any value core serializes, so none
//! of this is linked into the package unless a caller uses it.

/// The shortest decimal digits that read back as `v` (`read` parses a
/// candidate as `v`'s type), the nearest of them when two are as short
/// and a tie going to the even digit, as serde_json's formatter picks
/// them; and the decimal exponent `kk` with `10^(kk-1) <= |v| < 10^kk`.
/// Each candidate is `v` rounded to `p` significant digits by Rust's exact
/// formatting (ties to even), for `p` = 1, 2, ...: the first that reads
/// back is the answer. (Rust's own shortest `{:e}` breaks ties the other
/// way: 2006753.25f32 is `2006753.3` there, `2006753.2` in serde_json.)
fn shortest(v: f64, read: impl Fn(&str) -> bool) -> (bool, String, isize) {
    let mut formatted = format!("{v:e}");
    for p in 0..17 {
        let nearest = format!("{v:.p$e}");
        if read(&nearest) {
            formatted = nearest;
            break;
        }
        // Where the gap on one side of `v` is twice the other (a power of
        // two), the nearest candidate may fall out on the narrow side while
        // its neighbour on the wide side still reads back.
        if let Some(other) = neighbour(&nearest, v).filter(|c| read(c)) {
            formatted = other;
            break;
        }
    }
    let (negative, rest) = match formatted.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, formatted.as_str()),
    };
    let (mantissa, exponent) = rest.split_once('e').unwrap_or((rest, "0"));
    let mut digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    let exponent: isize = exponent.parse().unwrap_or(0);
    (negative, digits, exponent + 1)
}

/// The candidate with as many digits next to `nearest` (`d.ddde±x`) on
/// the other side of `v`.
fn neighbour(nearest: &str, v: f64) -> Option<String> {
    let below = nearest.parse::<f64>().ok()?.abs() < v.abs();
    let (sign, rest) = match nearest.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", nearest),
    };
    let (mantissa, exponent) = rest.split_once('e')?;
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let n: u64 = digits.parse().ok()?;
    let other = if below { n + 1 } else { n.checked_sub(1)? }.to_string();
    if other == "0" {
        return None;
    }
    let shift = other.len() as isize - digits.len() as isize;
    let exponent = exponent.parse::<isize>().ok()? + shift;
    let (first, tail) = other.split_at(1);
    let point = if tail.is_empty() { "" } else { "." };
    Some(format!("{sign}{first}{point}{tail}e{exponent}"))
}

/// `v` as serde_json writes a float, laid out over the shortest digits:
/// `1.0`, `0.001234`, `1e+30`, `1.234e-7`. `high` is the largest
/// `kk` written without an exponent (16 for `f64`, 13 for `f32`), `low`
/// the smallest `kk` written as `0.000ddd` (-4 for `f64`, -5 for `f32`).
fn json_layout((negative, digits, kk): (bool, String, isize), high: isize, low: isize) -> String {
    let mut out = String::with_capacity(digits.len() + 8);
    if negative {
        out.push('-');
    }
    if digits.bytes().all(|d| d == b'0') {
        out.push_str("0.0");
        return out;
    }
    let length = digits.len() as isize;
    let k = kk - length;
    if 0 <= k && kk <= high {
        out.push_str(&digits);
        out.push_str(&"0".repeat(k.unsigned_abs()));
        out.push_str(".0");
    } else if 0 < kk && kk <= high {
        let (int, frac) = digits.split_at(kk.unsigned_abs());
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else if low <= kk && kk <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat(kk.unsigned_abs()));
        out.push_str(&digits);
    } else {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        if kk >= 1 {
            out.push('+');
        }
        out.push_str(&(kk - 1).to_string());
    }
    out
}

/// An `f64` map key as serde_json writes it (finite only).
pub(crate) fn f64_key(v: f64) -> String {
    json_layout(shortest(v, |c| c.parse() == Ok(v)), 16, -4)
}

/// An `f32` map key as serde_json writes it (finite only).
pub(crate) fn f32_key(v: f32) -> String {
    json_layout(shortest(f64::from(v), |c| c.parse() == Ok(v)), 13, -5)
}

/// The number JSON.parse reads from serde_json's text of `v`: the `f64`
/// nearest to `v`'s shortest decimal digits (not `f64::from(v)`, whose
/// binary value `0.10000000149011612` is not what `0.1` reads as).
pub(crate) fn f32_as_json_reads_it(v: f32) -> f64 {
    if !v.is_finite() {
        return f64::from(v);
    }
    let (negative, digits, kk) = shortest(f64::from(v), |c| c.parse() == Ok(v));
    let sign = if negative { "-" } else { "" };
    format!("{sign}0.{digits}e{kk}")
        .parse()
        .unwrap_or(f64::from(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The key serde_json writes for `k` in `{k: 0}`.
    fn serde_key<K: serde::Serialize>(k: K) -> String {
        struct One<K>(K);
        impl<K: serde::Serialize> serde::Serialize for One<K> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry(&self.0, &0)?;
                map.end()
            }
        }
        let json = serde_json::to_string(&One(k)).unwrap();
        json[2..json.len() - 4].to_owned()
    }

    #[test]
    fn float_keys_are_serde_json_text() {
        for v in [
            0.0, -0.0, 1.0, 0.1, 1e15, 1e16, 1e17, 1e-5, 1e-4, 1.5e300, 5e-324, -123.456,
        ] {
            assert_eq!(f64_key(v), serde_key(v), "{v}");
        }
        for v in [
            0.0f32, 1.0, 0.1, 1e12, 1e13, 1e14, 1e-6, 1e-5, 3.4e38, 1e-45,
        ] {
            assert_eq!(f32_key(v), serde_key(v), "{v}");
        }
    }

    #[test]
    fn f32_reads_as_its_shortest_digits() {
        assert_eq!(f32_as_json_reads_it(0.1), 0.1);
        assert_eq!(f32_as_json_reads_it(16_777_217.0), 16_777_216.0);
        assert!(f32_as_json_reads_it(f32::NAN).is_nan());
    }

    #[test]
    fn powers_of_two_match_serde_json() {
        // Where the gap below a number is half the gap above, the shortest
        // digits may not be the nearest ones: every such number.
        for e in -1074..=1023 {
            let v = 2f64.powi(e);
            assert_eq!(f64_key(v), serde_key(v), "2^{e}");
        }
        for e in -149..=127 {
            let v = 2f32.powi(e);
            assert_eq!(f32_key(v), serde_key(v), "2^{e}");
            let text = serde_json::to_string(&v).unwrap();
            assert_eq!(
                f32_as_json_reads_it(v),
                text.parse::<f64>().unwrap(),
                "2^{e}"
            );
        }
    }

    proptest! {
        #[test]
        fn f64_keys_match_serde_json(bits in any::<u64>()) {
            let v = f64::from_bits(bits);
            prop_assume!(v.is_finite());
            prop_assert_eq!(f64_key(v), serde_key(v));
        }

        #[test]
        fn f32_keys_and_values_match_serde_json(bits in any::<u32>()) {
            let v = f32::from_bits(bits);
            prop_assume!(v.is_finite());
            prop_assert_eq!(f32_key(v), serde_key(v));
            let text = serde_json::to_string(&v).unwrap();
            prop_assert_eq!(f32_as_json_reads_it(v), text.parse::<f64>().unwrap());
        }
    }
}
