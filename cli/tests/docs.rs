//! The README's tables are checked against the code they describe.

const README: &str = include_str!("../../README.md");

#[test]
fn readme_lists_every_probe_exit_code() {
    for (_, code, exit, _) in modelroute_core::probe::FAILURE_CLASSES {
        assert!(
            README.contains(&format!("| {exit} | probe: ")),
            "README lacks exit code {exit} ({code})"
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
