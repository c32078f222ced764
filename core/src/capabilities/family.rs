//! The server families and the metadata requests each one answers.

use serde::Serialize;

/// A server family whose metadata modelroute reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Family {
    /// Ollama: `/api/show` and `/api/ps`.
    Ollama,
    /// llama.cpp's `llama-server`: `/v1/models` `meta` and `/props`.
    LlamaCpp,
    /// vLLM: `/v1/models` `max_model_len`.
    Vllm,
    /// LM Studio: `/api/v0/models`.
    LmStudio,
    /// LiteLLM's proxy: `/model/info`.
    LiteLlm,
    /// llama-cpp-python's server: publishes none of it.
    LlamaCppPython,
}

/// One request for metadata, relative to the server's root (the base URL
/// without its `/v1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetadataRequest {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The path from the root, e.g. `/api/show`.
    pub path: &'static str,
    /// The JSON body of a `POST`.
    pub body: Option<String>,
}

/// A family's row: its name as `probe`/`discover` report the server (the
/// names of [`SERVER_SIGNATURES`](crate::probe::SERVER_SIGNATURES) when
/// the `probe` feature is on), and the requests it answers beyond
/// `/models`. `{model}` in a body is the model's JSON string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FamilyRow {
    /// The family.
    pub family: Family,
    /// How the server is named (`Ollama 0.12.3` starts with `Ollama`).
    pub name: &'static str,
    /// `(method, path, body template)` of each extra request, in the order
    /// [`read`](super::read) takes the answers.
    pub requests: &'static [(&'static str, &'static str, Option<&'static str>)],
}

/// Every family, its name and its requests.
pub const FAMILIES: &[FamilyRow] = &[
    FamilyRow {
        family: Family::Ollama,
        name: "Ollama",
        requests: &[
            ("POST", "/api/show", Some(r#"{"model":{model}}"#)),
            ("GET", "/api/ps", None),
        ],
    },
    FamilyRow {
        family: Family::LlamaCpp,
        name: "llama.cpp",
        requests: &[("GET", "/props", None)],
    },
    FamilyRow {
        family: Family::Vllm,
        name: "vLLM",
        requests: &[],
    },
    FamilyRow {
        family: Family::LmStudio,
        name: "LM Studio",
        requests: &[("GET", "/api/v0/models", None)],
    },
    FamilyRow {
        family: Family::LiteLlm,
        name: "LiteLLM",
        requests: &[("GET", "/model/info", None)],
    },
    FamilyRow {
        family: Family::LlamaCppPython,
        name: "llama-cpp-python",
        requests: &[],
    },
];

impl Family {
    /// The family of a server named `server` (`"Ollama 0.12.3"`,
    /// `"llama.cpp"`), as `probe` and `discover` name it.
    ///
    /// ```
    /// use modelroute_core::capabilities::Family;
    /// assert_eq!(Family::from_server("Ollama 0.12.3"), Some(Family::Ollama));
    /// assert_eq!(Family::from_server("llama-cpp-python"), Some(Family::LlamaCppPython));
    /// assert_eq!(Family::from_server("nginx"), None);
    /// ```
    pub fn from_server(server: &str) -> Option<Family> {
        FAMILIES
            .iter()
            .filter(|row| {
                server == row.name
                    || server
                        .strip_prefix(row.name)
                        .is_some_and(|rest| rest.starts_with(' '))
            })
            .map(|row| row.family)
            .next()
    }

    /// Its row of [`FAMILIES`].
    pub fn row(self) -> &'static FamilyRow {
        FAMILIES
            .iter()
            .find(|row| row.family == self)
            .unwrap_or(&FAMILIES[FAMILIES.len() - 1])
    }

    /// The family's display name (`llama.cpp`).
    pub fn name(self) -> &'static str {
        self.row().name
    }
}

/// The extra requests to send for `model` on a `family` server.
///
/// ```
/// use modelroute_core::capabilities::{requests, Family};
/// let reqs = requests(Family::Ollama, "llama3.1:8b");
/// assert_eq!(reqs[0].path, "/api/show");
/// assert_eq!(reqs[0].body.as_deref(), Some(r#"{"model":"llama3.1:8b"}"#));
/// assert!(requests(Family::Vllm, "m").is_empty());
/// ```
pub fn requests(family: Family, model: &str) -> Vec<MetadataRequest> {
    let quoted = serde_json::Value::String(model.to_owned()).to_string();
    family
        .row()
        .requests
        .iter()
        .map(|(method, path, body)| MetadataRequest {
            method,
            path,
            body: body.map(|b| b.replace("{model}", &quoted)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_has_one_row() {
        for (i, row) in FAMILIES.iter().enumerate() {
            assert!(FAMILIES[..i].iter().all(|r| r.family != row.family));
            assert_eq!(row.family.row(), row);
            assert_eq!(Family::from_server(row.name), Some(row.family));
            // At most one extra request, but for Ollama, which spreads the
            // facts over two endpoints.
            assert!(row.requests.len() <= 1 || row.family == Family::Ollama);
        }
    }

    #[test]
    fn a_model_name_is_quoted_into_a_body() {
        let reqs = requests(Family::Ollama, "a\"b{model}");
        let body: serde_json::Value =
            serde_json::from_str(reqs[0].body.as_deref().unwrap()).unwrap();
        assert_eq!(body["model"], "a\"b{model}");
    }
}
