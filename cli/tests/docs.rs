//! The README's tables are checked against the code they describe.

const README: &str = include_str!("../../README.md");
const PROBE_DOC: &str = include_str!("../../docs/probe.md");

/// The exit-code table lives in the binary (`cli/src/exit.rs`), so it is
/// read from `probe --help`, which prints it, one `  <exit>  <code>: …`
/// line per failure class of core.
#[test]
fn readme_lists_every_probe_exit_code() {
    let out = assert_cmd::Command::cargo_bin("modelroute")
        .unwrap()
        .args(["probe", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for (_, code) in modelroute_core::probe::FAILURE_CLASSES {
        let line = help
            .lines()
            .find(|l| l.contains(&format!(" {code}: ")))
            .unwrap_or_else(|| panic!("probe --help lacks {code}:\n{help}"));
        let exit: u8 = line.split_whitespace().next().unwrap().parse().unwrap();
        assert!(exit >= 10, "{line}");
        assert!(
            README.contains(&format!("| {exit} | probe: ")),
            "README lacks exit code {exit} ({code})"
        );
        assert!(
            PROBE_DOC.contains(&format!("| `{code}` | {exit} | ")),
            "docs/probe.md lacks {code} ({exit})"
        );
    }
}

#[test]
fn readme_lists_every_local_provider() {
    for p in modelroute_core::LOCAL_PROVIDERS {
        let row = format!("| `{}` | `{}`", p.prefix, p.base_url_env);
        assert!(README.contains(&row), "README lacks {row}");
        assert!(README.contains(p.api_key_env));
        assert!(README.contains(p.default_base_url));
    }
}

#[test]
fn probe_doc_lists_every_stage_and_server_family() {
    for stage in ["connect", "tls", "models", "completion"] {
        assert!(
            PROBE_DOC.contains(&format!("| `{stage}` | ")),
            "docs/probe.md lacks the {stage} stage"
        );
    }
    for family in modelroute_core::diagnostics::SERVER_FAMILIES {
        let prefix = family
            .provider
            .and_then(modelroute_core::providers::local_provider_by_id)
            .map_or("any".to_owned(), |p| format!("`{}`", p.prefix));
        let row = format!("| {} | ", family.name);
        let line = PROBE_DOC
            .lines()
            .find(|l| l.starts_with(&row))
            .unwrap_or_else(|| panic!("docs/probe.md lacks {}", family.name));
        assert!(line.contains(&format!(" | {prefix}")), "{line}");
        if let Some(hint) = family.model_hint {
            assert!(
                line.contains(&format!("`{} <model>`", hint.command)),
                "{line}"
            );
        }
    }
}
