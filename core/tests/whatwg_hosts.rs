//! Core's URL checks against the WHATWG URL test data, for the host rules
//! they cover (`tests/fixtures/whatwg_hosts.json` names the subset, its
//! source and licence).
//!
//! Each input is set as a base URL and diagnosed. Where WHATWG rejects the
//! URL, a diagnostic about its host or port must say so; where WHATWG
//! accepts it, none may, with two rules where core is deliberately
//! stricter, each checked from the data rather than listed: whitespace
//! anywhere in a base URL (WHATWG percent-encodes it in a path), and a host
//! name with a character DNS names never hold (`!`, `;`, `~`, ... which
//! WHATWG lets through, and no resolver finds).

use modelroute_core::diagnostics::diagnose;
use serde_json::Value;

/// The codes that judge a URL's syntax.
const SYNTAX: &[&str] = &[
    "base_url_whitespace",
    "base_url_invalid_host",
    "base_url_invalid_ipv6",
    "base_url_invalid_port",
    "base_url_missing_host",
];

/// A DNS-shaped host name, an IPv4 address or a bracketed IPv6 address.
fn dns_host(hostname: &str) -> bool {
    hostname.starts_with('[')
        || hostname
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[test]
fn base_url_checks_agree_with_whatwg_on_hosts_and_ports() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/whatwg_hosts.json"
    );
    let data: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = data["cases"].as_array().unwrap();
    assert!(cases.len() >= 150, "{} cases", cases.len());
    let (mut rejected, mut accepted, mut stricter) = (0, 0, 0);
    let mut failures = Vec::new();
    for case in cases {
        let input = case["input"].as_str().unwrap();
        let found: Vec<&str> = diagnose("ollama/m", &[("OLLAMA_BASE_URL", input)])
            .iter()
            .map(|d| d.code.as_str())
            .filter(|c| SYNTAX.contains(c))
            .collect();
        let whatwg_fails = case["failure"].as_bool() == Some(true);
        let want_flag = if input.contains(char::is_whitespace) {
            stricter += 1;
            found.contains(&"base_url_whitespace")
        } else if whatwg_fails {
            rejected += 1;
            !found.is_empty()
        } else if !dns_host(case["hostname"].as_str().unwrap()) {
            stricter += 1;
            found.contains(&"base_url_invalid_host")
        } else {
            accepted += 1;
            found.is_empty()
        };
        if !want_flag {
            failures.push(format!(
                "{input:?} (WHATWG fails: {whatwg_fails}): {found:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The subset exercises each way the checks can go.
    assert!(
        rejected >= 50 && accepted >= 50 && stricter >= 5,
        "{rejected} {accepted} {stricter}"
    );
}
