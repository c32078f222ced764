//! `export --write`: put an export where its agent reads it.
//!
//! Where each agent reads its file is a table ([`LOCATIONS`]): the
//! variable that moves it (`CODEX_HOME`, `XDG_CONFIG_HOME`), else a path
//! under `HOME`. An existing file is merged, never clobbered: the merge
//! ([`merge`]) replaces only what the export writes (a provider table, the
//! keys that select it) and keeps every other key. A file that cannot be
//! parsed is refused and left untouched. Before the new text replaces a
//! file, the old one is copied to the first free `<file>.bak`, `.bak.2`, …
//! and the new text is written to a temporary file in the same directory
//! and renamed over the old one, so a crash never leaves half a file.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use modelroute_core::{Env as _, ExportFormat};

use crate::environment::Environment;
use crate::error::CliError;

pub mod merge;

/// How an agent's file is found, and how an export goes into it.
#[derive(Debug)]
pub struct Location {
    /// The format whose text this is.
    pub format: ExportFormat,
    /// A variable that names the directory holding the file, when set.
    pub dir_var: Option<&'static str>,
    /// The directory under `dir_var`, when it is set.
    pub under_var: &'static str,
    /// The directory under `HOME` otherwise.
    pub under_home: &'static str,
    /// The file's name; `{name}` is the export's own name for the file
    /// (goose: the provider id).
    pub file: &'static str,
    /// How the export goes into an existing file.
    pub merge: merge::Merge,
}

/// Every format `--write` knows, with where its agent reads it. Sources:
/// Codex `CODEX_HOME` (default `~/.codex`,
/// https://developers.openai.com/codex/config-advanced); OpenCode's global
/// config `$XDG_CONFIG_HOME/opencode/opencode.json`
/// (https://opencode.ai/docs/config/#global); pi's
/// `~/.pi/agent/models.json` (`PI_CODING_AGENT_DIR` moves the directory);
/// goose's `$XDG_CONFIG_HOME/goose/custom_providers/`
/// (`declarative_providers.rs`); aider's `.aider.model.metadata.json` in the
/// home directory (aider also reads one in the git root and the current
/// directory: https://aider.chat/docs/config/adv-model-settings.html).
pub const LOCATIONS: &[Location] = &[
    Location {
        format: ExportFormat::Codex,
        dir_var: Some("CODEX_HOME"),
        under_var: "",
        under_home: ".codex",
        file: "config.toml",
        merge: merge::Merge::CodexToml,
    },
    Location {
        format: ExportFormat::Opencode,
        dir_var: Some("XDG_CONFIG_HOME"),
        under_var: "opencode",
        under_home: ".config/opencode",
        file: "opencode.json",
        merge: merge::Merge::JsonKeys(&[&["$schema"], &["provider", "*"], &["model"]]),
    },
    Location {
        format: ExportFormat::Pi,
        dir_var: Some("PI_CODING_AGENT_DIR"),
        under_var: "",
        under_home: ".pi/agent",
        file: "models.json",
        merge: merge::Merge::JsonKeys(&[&["providers", "*"]]),
    },
    Location {
        format: ExportFormat::Goose,
        dir_var: Some("XDG_CONFIG_HOME"),
        under_var: "goose/custom_providers",
        under_home: ".config/goose/custom_providers",
        file: "{name}.json",
        merge: merge::Merge::Replace,
    },
    Location {
        format: ExportFormat::AiderMetadata,
        dir_var: None,
        under_var: "",
        under_home: "",
        file: ".aider.model.metadata.json",
        merge: merge::Merge::JsonKeys(&[&["*"]]),
    },
];

/// What `--write` did.
#[derive(Debug)]
pub struct Written {
    /// The file written.
    pub path: PathBuf,
    /// The copy of the file it replaced, if there was one.
    pub backup: Option<PathBuf>,
    /// How many keys of the old file were kept beside the export's.
    pub kept: usize,
}

/// The location row of `format`, or a usage error naming the formats
/// that have one.
pub fn location(format: ExportFormat) -> Result<&'static Location, CliError> {
    LOCATIONS
        .iter()
        .find(|l| l.format == format)
        .ok_or_else(|| {
            let names: Vec<&str> = LOCATIONS.iter().map(|l| l.format.name()).collect();
            CliError::Usage {
                code: Some("write_unsupported"),
                message: format!(
                    "`--write` does not know where `{format}` goes: it writes {}",
                    names.join(", ")
                ),
                hints: vec![
                "print the export and put it where your tool reads it (docs/export.md says where)"
                    .to_owned(),
                "`--file PATH` with `--write` writes any of those formats to a path you choose"
                    .to_owned(),
            ],
            }
        })
}

/// Where the agent reads `format`'s file: `file` when given, else the
/// table's location under its variable or `HOME`.
pub fn path_for(
    loc: &Location,
    name: &str,
    env: &Environment,
    file: Option<&Path>,
) -> Result<PathBuf, CliError> {
    if let Some(f) = file {
        return Ok(f.to_owned());
    }
    let file_name = loc.file.replace("{name}", name);
    if let Some(dir) = loc
        .dir_var
        .and_then(|v| env.var(v))
        .filter(|d| !d.is_empty())
    {
        return Ok(Path::new(dir).join(loc.under_var).join(file_name));
    }
    let home = env
        .var("HOME")
        .filter(|h| !h.is_empty())
        .ok_or_else(|| CliError::Usage {
            code: Some("write_no_home"),
            message: "`--write` cannot find the home directory: HOME is not set".to_owned(),
            hints: vec!["set HOME, or give the file with `--file PATH`".to_owned()],
        })?;
    Ok(Path::new(home).join(loc.under_home).join(file_name))
}

/// Merges `text` (the export) into the file at `path` and writes it,
/// backing up the old file.
pub fn write(loc: &Location, path: &Path, text: &str) -> Result<Written, CliError> {
    let old = match fs::read_to_string(path) {
        Ok(s) => Some(s),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(CliError::io(
                format!("cannot read {} to merge into it", path.display()),
                e,
            ))
        }
    };
    let (new_text, kept) = match &old {
        None => (text.to_owned(), 0),
        Some(old) => loc.merge.apply(old, text).map_err(|why| CliError::Config {
            path: path.to_owned(),
            message: why,
        })?,
    };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(dir) = dir {
        fs::create_dir_all(dir)
            .map_err(|e| CliError::io(format!("cannot create {}", dir.display()), e))?;
    }
    let backup = match old {
        Some(_) => Some(backup(path)?),
        None => None,
    };
    replace(path, &new_text)?;
    Ok(Written {
        path: path.to_owned(),
        backup,
        kept,
    })
}

/// Copies `path` to its first free `.bak` name.
fn backup(path: &Path) -> Result<PathBuf, CliError> {
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            ".bak".to_owned()
        } else {
            format!(".bak.{n}")
        };
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let candidate = PathBuf::from(name);
        if !candidate.exists() {
            fs::copy(path, &candidate)
                .map_err(|e| CliError::io(format!("cannot back up {}", path.display()), e))?;
            return Ok(candidate);
        }
        n += 1;
    }
}

/// Writes `text` to a temporary file beside `path` and renames it over
/// `path`, keeping the old file's permissions.
fn replace(path: &Path, text: &str) -> Result<(), CliError> {
    let mut tmp_name = path.as_os_str().to_owned();
    tmp_name.push(format!(".modelroute-{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp_name);
    let fail = |e| CliError::io(format!("cannot write {}", path.display()), e);
    let mut f = fs::File::create(&tmp).map_err(fail)?;
    let written = f
        .write_all(text.as_bytes())
        .and_then(|()| f.sync_all())
        .and_then(|()| match fs::metadata(path) {
            Ok(m) => fs::set_permissions(&tmp, m.permissions()),
            Err(_) => Ok(()),
        })
        .and_then(|()| fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_location_is_a_format_with_a_file() {
        for l in LOCATIONS {
            assert!(!l.file.is_empty());
            assert_eq!(location(l.format).unwrap().format, l.format);
        }
        assert!(location(ExportFormat::Env).is_err());
    }

    #[test]
    fn backups_never_overwrite_one_another() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("c.json");
        fs::write(&f, "{\"a\": 1}").unwrap();
        assert_eq!(backup(&f).unwrap(), dir.path().join("c.json.bak"));
        assert_eq!(backup(&f).unwrap(), dir.path().join("c.json.bak.2"));
    }
}
