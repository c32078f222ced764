//! The README's tables are checked against the code they describe.

const README: &str = include_str!("../../README.md");

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
