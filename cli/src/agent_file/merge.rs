//! Merging an export into an agent's existing file: pure text in, text
//! out, so every rule is tested without a file system.
//!
//! The rule is the same for every syntax: the export's keys replace the
//! same keys in the file (a provider entry as a whole, so no stale field
//! of an old entry survives), every other key stays where it was, with
//! its value, and the file's own formatting where the parser keeps it
//! (TOML: comments and order, by `toml_edit`; JSON: key order). A file
//! that does not parse is refused: `Err` says why, and nothing is written.

use serde_json::{Map, Value};
use toml_edit::DocumentMut;

/// How an export goes into an existing file.
#[derive(Debug, Clone, Copy)]
pub enum Merge {
    /// Codex's `config.toml`: the export's top-level keys and its
    /// `[model_providers.<id>]` table replace those in the file.
    CodexToml,
    /// JSON: each path names what the export replaces; `*` stands for
    /// every key the export has at that level (`["provider", "*"]`: each
    /// provider entry of the export, and no other).
    JsonKeys(&'static [&'static [&'static str]]),
    /// The file is the export's own (named after it): replaced whole.
    Replace,
}

impl Merge {
    /// `export` merged into `old`, and how many of `old`'s keys were kept
    /// beside the export's; `Err` with the reason when `old` cannot be
    /// parsed.
    pub fn apply(self, old: &str, export: &str) -> Result<(String, usize), String> {
        match self {
            Merge::CodexToml => codex_toml(old, export),
            Merge::JsonKeys(paths) => json_keys(old, export, paths),
            Merge::Replace => Ok((export.to_owned(), 0)),
        }
    }
}

fn codex_toml(old: &str, export: &str) -> Result<(String, usize), String> {
    let mut doc: DocumentMut = old.parse().map_err(|e: toml_edit::TomlError| {
        format!("it is not valid TOML: {}", e.to_string().trim_end())
    })?;
    let new: DocumentMut = export
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("the export is not valid TOML: {e}"))?;
    let before = doc.len();
    let mut replaced = 0;
    for (key, item) in new.iter() {
        if key == "model_providers" {
            let Some(providers) = item.as_table() else {
                continue;
            };
            let table = doc.entry("model_providers").or_insert_with(|| {
                let mut t = toml_edit::Table::new();
                t.set_implicit(true);
                toml_edit::Item::Table(t)
            });
            let Some(table) = table.as_table_mut() else {
                return Err("its `model_providers` is not a table".to_owned());
            };
            for (id, entry) in providers.iter() {
                table.insert(id, entry.clone());
            }
            replaced += 1;
        } else {
            if doc.contains_key(key) {
                replaced += 1;
            }
            // Indexing keeps the existing key with its comments.
            doc[key] = item.clone();
        }
    }
    Ok((doc.to_string(), before.saturating_sub(replaced)))
}

fn json_keys(old: &str, export: &str, paths: &[&[&str]]) -> Result<(String, usize), String> {
    let mut doc: Value = serde_json::from_str(old).map_err(|e| {
        format!("it is not plain JSON ({e}); comments or trailing commas cannot be kept by a merge")
    })?;
    let new: Value =
        serde_json::from_str(export).map_err(|e| format!("the export is not JSON: {e}"))?;
    let (Some(doc_map), Some(new_map)) = (doc.as_object_mut(), new.as_object()) else {
        return Err("it is not a JSON object".to_owned());
    };
    let before: Vec<String> = doc_map.keys().cloned().collect();
    let mut touched = Vec::new();
    for path in paths {
        set_path(doc_map, new_map, path, &mut touched)?;
    }
    let kept = before.iter().filter(|k| !touched.contains(k)).count();
    let mut text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok((text, kept))
}

/// Copies what `path` names from `new` into `doc`; records the top-level
/// keys written.
fn set_path(
    doc: &mut Map<String, Value>,
    new: &Map<String, Value>,
    path: &[&str],
    touched: &mut Vec<String>,
) -> Result<(), String> {
    match path {
        [] => Ok(()),
        ["*"] => {
            for (k, v) in new {
                doc.insert(k.clone(), v.clone());
                touched.push(k.clone());
            }
            Ok(())
        }
        [key] => {
            if let Some(v) = new.get(*key) {
                doc.insert((*key).to_owned(), v.clone());
                touched.push((*key).to_owned());
            }
            Ok(())
        }
        [key, rest @ ..] => {
            let Some(Value::Object(inner_new)) = new.get(*key) else {
                return Ok(());
            };
            let slot = doc
                .entry((*key).to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            let Value::Object(inner_doc) = slot else {
                return Err(format!("its `{key}` is not an object"));
            };
            set_path(inner_doc, inner_new, rest, &mut Vec::new())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODEX_EXPORT: &str = "# header\nmodel = \"m\"\nmodel_provider = \"modelroute-x\"\n\n[model_providers.modelroute-x]\nname = \"X\"\nbase_url = \"http://h/v1\"\nwire_api = \"responses\"\n";

    #[test]
    fn codex_merge_keeps_other_keys_comments_and_providers() {
        let old = "# mine\nmodel = \"gpt-5\"\napproval_policy = \"never\" # keep\n\n[model_providers.other]\nname = \"O\"\n\n[model_providers.modelroute-x]\nname = \"old\"\nstale = 1\n\n[mcp_servers.a]\ncommand = \"a\"\n";
        let (text, kept) = Merge::CodexToml.apply(old, CODEX_EXPORT).unwrap();
        let doc: DocumentMut = text.parse().unwrap();
        assert_eq!(doc["model"].as_str(), Some("m"));
        assert_eq!(doc["model_provider"].as_str(), Some("modelroute-x"));
        assert_eq!(doc["approval_policy"].as_str(), Some("never"));
        assert_eq!(doc["model_providers"]["other"]["name"].as_str(), Some("O"));
        assert_eq!(
            doc["model_providers"]["modelroute-x"]["name"].as_str(),
            Some("X")
        );
        assert!(doc["model_providers"]["modelroute-x"]
            .get("stale")
            .is_none());
        assert_eq!(doc["mcp_servers"]["a"]["command"].as_str(), Some("a"));
        assert!(text.starts_with("# mine\n"), "{text}");
        assert!(text.contains("# keep"), "{text}");
        // approval_policy and mcp_servers; model was replaced.
        assert_eq!(kept, 2);
    }

    #[test]
    fn codex_merge_refuses_a_file_that_is_not_toml() {
        let err = Merge::CodexToml
            .apply("model = \n", CODEX_EXPORT)
            .unwrap_err();
        assert!(err.starts_with("it is not valid TOML"), "{err}");
        let err = Merge::CodexToml
            .apply("model_providers = 3\n", CODEX_EXPORT)
            .unwrap_err();
        assert_eq!(err, "its `model_providers` is not a table");
    }

    #[test]
    fn json_merge_replaces_only_the_exports_entries() {
        let paths: &[&[&str]] = &[&["$schema"], &["provider", "*"], &["model"]];
        let old = r#"{"theme": "dark", "provider": {"mine": {"npm": "x"}, "modelroute-x": {"old": true}}, "model": "a/b"}"#;
        let export = r#"{"$schema": "s", "provider": {"modelroute-x": {"npm": "y"}}, "model": "modelroute-x/m"}"#;
        let (text, kept) = Merge::JsonKeys(paths).apply(old, export).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["theme"], "dark");
        assert_eq!(v["provider"]["mine"]["npm"], "x");
        assert_eq!(
            v["provider"]["modelroute-x"],
            serde_json::json!({"npm": "y"})
        );
        assert_eq!(v["model"], "modelroute-x/m");
        assert_eq!(v["$schema"], "s");
        // The user's key order is kept; new keys come after.
        assert!(text.find("theme").unwrap() < text.find("provider").unwrap());
        assert_eq!(kept, 2, "theme and provider");
    }

    #[test]
    fn json_merge_refuses_comments_and_non_objects() {
        let paths: &[&[&str]] = &[&["*"]];
        let err = Merge::JsonKeys(paths)
            .apply("{\n // mine\n \"a\": 1\n}", "{}")
            .unwrap_err();
        assert!(err.starts_with("it is not plain JSON"), "{err}");
        let err = Merge::JsonKeys(paths).apply("[1]", "{}").unwrap_err();
        assert_eq!(err, "it is not a JSON object");
        let err = Merge::JsonKeys(&[&["provider", "*"]])
            .apply(r#"{"provider": 1}"#, r#"{"provider": {"a": {}}}"#)
            .unwrap_err();
        assert_eq!(err, "its `provider` is not an object");
    }
}
