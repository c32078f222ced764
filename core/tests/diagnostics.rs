//! Diagnostics against setups people actually got wrong.
//!
//! `MISTAKES` holds mistaken setups taken from public bug reports: each row
//! names the issue it comes from (`owner/repo#N`) and, in a comment, what the
//! reporter had. The setup is carried over to modelroute's variables and
//! prefixes where the report used another tool's. `UNREPORTED` covers the
//! codes no report was found for. `CORRECT` holds working setups that must
//! produce nothing at all. Each row pins the exact codes emitted, in order.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use modelroute_core::diagnostics::{
    code_entry, diagnose, diagnose_with, Context, Diagnostic, Platform, Severity, Suggestion,
    DIAGNOSTIC_CODES, FOREIGN_VARIABLES, NEAR_MISS_PREFIXES,
};
use modelroute_core::{resolve, ResolveOptions, LOCAL_PROVIDERS};
use proptest::prelude::*;

use Platform::{Linux, MacOs, Unknown};

/// One setup and what diagnose must say about it.
struct Case {
    /// The public report the setup comes from, `owner/repo#N`.
    issue: &'static str,
    id: &'static str,
    env: &'static [(&'static str, &'static str)],
    platform: Platform,
    /// Every code emitted, in order.
    codes: &'static [&'static str],
    /// The suggestion of the last diagnostic: a model id or a value to set.
    suggestion: Option<&'static str>,
}

const fn case(
    issue: &'static str,
    id: &'static str,
    env: &'static [(&'static str, &'static str)],
    codes: &'static [&'static str],
    suggestion: Option<&'static str>,
) -> Case {
    Case {
        issue,
        id,
        env,
        platform: Unknown,
        codes,
        suggestion,
    }
}

const fn on(platform: Platform, c: Case) -> Case {
    Case { platform, ..c }
}

const MISTAKES: &[Case] = &[
    // --- bind addresses
    // curl to 0.0.0.0:11434 refused; the maintainer points at 127.0.0.1.
    case(
        "ollama/ollama#2132",
        "ollama/llama2",
        &[("OLLAMA_BASE_URL", "http://0.0.0.0:11434")],
        &["base_url_bind_address"],
        Some("http://127.0.0.1:11434"),
    ),
    // api_base http://0.0.0.0:8080/v1 for a vLLM served on port 8080.
    case(
        "BerriAI/litellm#5316",
        "vllm/data/Llama-3-8B-Instruct",
        &[("VLLM_BASE_URL", "http://0.0.0.0:8080/v1")],
        &["base_url_bind_address", "other_server_port"],
        Some("llamacpp/data/Llama-3-8B-Instruct"),
    ),
    // VLLM_API_BASE="http://0.0.0.0:8888" (Letta's variable).
    case(
        "letta-ai/letta#2580",
        "vllm/Qwen/Qwen2.5-7B-Instruct",
        &[("LOCAL_LLM_BASE_URL", "http://0.0.0.0:8888")],
        &["base_url_bind_address"],
        Some("http://127.0.0.1:8888"),
    ),
    // Scheme-less OLLAMA_HOST forms copied as a base URL: `0.0.0.0:11434`.
    case(
        "crewAIInc/crewAI#7205",
        "ollama/llama3.2",
        &[("OLLAMA_BASE_URL", "0.0.0.0:11434")],
        &["base_url_missing_scheme", "base_url_bind_address"],
        Some("http://127.0.0.1:11434"),
    ),
    // --- missing scheme, blank, pasted assignment
    // Same report: `127.0.0.1:11434`, Ollama's documented default form.
    case(
        "crewAIInc/crewAI#7205",
        "ollama/llama3.2",
        &[("LOCAL_LLM_BASE_URL", "127.0.0.1:11434")],
        &["base_url_missing_scheme"],
        Some("http://127.0.0.1:11434"),
    ),
    // A scheme-less base_url `ollama:11434` ignored by the client.
    case(
        "langchain-ai/langchain#34042",
        "ollama/llama3.1:8b",
        &[("OLLAMA_BASE_URL", "ollama:11434")],
        &["base_url_missing_scheme"],
        Some("http://ollama:11434"),
    ),
    // OLLAMA_BASE_URL left blank in .env: "Request URL is missing an
    // 'http://' or 'https://' protocol".
    case(
        "langchain-ai/local-deep-researcher#38",
        "ollama/llama3.2",
        &[("OLLAMA_BASE_URL", "  ")],
        &["blank_base_url"],
        None,
    ),
    // OLLAMA_ENDPOINT=OLLAMA_ENDPOINT=http://localhost:7799/ in .env.
    case(
        "browser-use/web-ui#381",
        "ollama/qwen2.5:7b",
        &[("OLLAMA_BASE_URL", "OLLAMA_ENDPOINT=http://localhost:7799/")],
        &["unsupported_base_url_scheme", "base_url_localhost"],
        Some("http://127.0.0.1:7799"),
    ),
    // --- endpoints pasted as the base
    // openai_base_url ".../v1/chat/completions" -> /chat/completions twice.
    case(
        "harry0703/MoneyPrinterTurbo#57",
        "vllm/meta-llama/Llama-3.1-8B-Instruct",
        &[(
            "LOCAL_LLM_BASE_URL",
            "http://127.0.0.1:8000/v1/chat/completions",
        )],
        &["base_url_endpoint_path"],
        Some("http://127.0.0.1:8000/v1"),
    ),
    // baseURL "http://host.docker.internal:11434/v1/chat/completions".
    case(
        "danny-avila/LibreChat#4654",
        "ollama/llama3.1",
        &[(
            "OLLAMA_BASE_URL",
            "http://host.docker.internal:11434/v1/chat/completions",
        )],
        &["base_url_endpoint_path", "docker_host_on_linux"],
        None,
    ),
    // apiBase "http://192.168.120.243:9000/v1/chat/completions".
    case(
        "continuedev/continue#6044",
        "ollama/qwen-2.5-coder-instruct-7b",
        &[(
            "OLLAMA_BASE_URL",
            "http://192.168.120.243:9000/v1/chat/completions",
        )],
        &["base_url_endpoint_path"],
        Some("http://192.168.120.243:9000/v1"),
    ),
    // ".../v1/chat/completions/chat/completions not found".
    case(
        "nanbingxyz/5ire#190",
        "lm_studio/qwen2.5-7b-instruct",
        &[(
            "LMSTUDIO_BASE_URL",
            "http://127.0.0.1:1234/v1/chat/completions",
        )],
        &["base_url_endpoint_path"],
        Some("http://127.0.0.1:1234/v1"),
    ),
    // "chat/completions" written twice after an endpoint was saved as base.
    case(
        "TheJusticeMan/pure-chat-llm#46",
        "llamacpp/gemma-3-4b-it",
        &[(
            "LLAMACPP_BASE_URL",
            "http://127.0.0.1:8080/v1/chat/completions/",
        )],
        &["base_url_endpoint_path"],
        Some("http://127.0.0.1:8080/v1"),
    ),
    // LM Studio reached at .../v1 by a client adding /v1: GET /v1/v1/models.
    case(
        "stardomains3/oxproxion#70",
        "lm_studio/google/gemma-3-4b",
        &[("LMSTUDIO_BASE_URL", "http://192.168.0.2:1234/v1/v1")],
        &["base_url_double_v1"],
        Some("http://192.168.0.2:1234/v1"),
    ),
    // --- native APIs
    // Same report: http://192.68.0.2:1234/api, LM Studio's native REST API.
    case(
        "stardomains3/oxproxion#70",
        "lm_studio/google/gemma-3-4b",
        &[("LMSTUDIO_BASE_URL", "http://192.168.0.2:1234/api")],
        &["base_url_native_api"],
        Some("http://192.168.0.2:1234"),
    ),
    // 'http://localhost:11434/api/chat' with Ollama's OpenAI endpoint wanted.
    case(
        "BerriAI/litellm#8010",
        "ollama/llama3.2:3b",
        &[("OLLAMA_BASE_URL", "http://localhost:11434/api/chat")],
        &["base_url_native_api", "base_url_localhost"],
        Some("http://127.0.0.1:11434"),
    ),
    // base_url http://localhost:11434/api/generate -> 404.
    case(
        "NVIDIA-NeMo/Guardrails#729",
        "ollama/llama3",
        &[("OLLAMA_BASE_URL", "http://localhost:11434/api/generate")],
        &["base_url_native_api", "base_url_localhost"],
        Some("http://127.0.0.1:11434"),
    ),
    // Ollama API (`/api`) vs its OpenAI-compatible API (`/v1`).
    case(
        "feiskyer/chatgpt-copilot#659",
        "ollama/llama3",
        &[("OLLAMA_BASE_URL", "http://10.18.252.32:11434/api")],
        &["base_url_native_api"],
        Some("http://10.18.252.32:11434"),
    ),
    // "/api, /v1 or the root?" in .env, with 404s and 400s.
    case(
        "elie222/inbox-zero#1155",
        "ollama/llama3:latest",
        &[("LOCAL_LLM_BASE_URL", "http://127.0.0.1:11434/api")],
        &["base_url_native_api"],
        Some("http://127.0.0.1:11434"),
    ),
    // "localhost:11434/api/chat" tried, then ".../api/chat/chat/completion".
    case(
        "Dodelidoo-Labs/sonobarr#40",
        "ollama/llama3",
        &[("OLLAMA_BASE_URL", "http://127.0.0.1:11434/api/chat/")],
        &["base_url_native_api"],
        Some("http://127.0.0.1:11434"),
    ),
    // --- version segments, query strings
    // A /v4 base (z.ai) with /v1 added by the client: 404.
    case(
        "omnimind-ai/OmniBot#317",
        "vllm/glm-4.6",
        &[("LOCAL_LLM_BASE_URL", "https://api.z.ai/api/coding/paas/v4")],
        &["base_url_version_segment"],
        Some("https://api.z.ai/api/coding/paas"),
    ),
    // "http://myvllm:8000/v1?api-version=2025-01-01-preview".
    case(
        "Security-Onion-Solutions/securityonion#15841",
        "vllm/gpt-oss-20b",
        &[(
            "VLLM_BASE_URL",
            "http://myvllm:8000/v1?api-version=2025-01-01-preview",
        )],
        &["base_url_query"],
        Some("http://myvllm:8000/v1"),
    ),
    // --- localhost, TLS on loopback
    // ECONNREFUSED ::1:11434 while Ollama listened on IPv4.
    case(
        "promptfoo/promptfoo#160",
        "ollama/llama2:13b",
        &[("OLLAMA_BASE_URL", "http://localhost:11434")],
        &["base_url_localhost"],
        Some("http://127.0.0.1:11434"),
    ),
    // "dial tcp [::1]:11434: connect: connection refused".
    case(
        "songquanpeng/one-api#1877",
        "ollama/qwen2.5:7b",
        &[("LOCAL_LLM_BASE_URL", "http://localhost:11434")],
        &["base_url_localhost"],
        Some("http://127.0.0.1:11434"),
    ),
    // .env example changed to 127.0.0.1 for Ollama and LM Studio (IPv6).
    case(
        "stackblitz-labs/bolt.diy#877",
        "lm_studio/qwen2.5-coder-7b-instruct",
        &[("LMSTUDIO_BASE_URL", "http://localhost:1234")],
        &["base_url_localhost"],
        Some("http://127.0.0.1:1234"),
    ),
    // "Head https://localhost:11434/: server gave HTTP response to HTTPS client".
    case(
        "ollama/ollama#7708",
        "ollama/llama3.2",
        &[("OLLAMA_BASE_URL", "https://localhost:11434")],
        &["https_on_loopback", "base_url_localhost"],
        Some("http://127.0.0.1:11434"),
    ),
    // llm_api_url 'https://127.0.0.1:11434': SSL WRONG_VERSION_NUMBER.
    case(
        "feder-cr/invisible_playwright_mcp#576",
        "ollama/llama2",
        &[("OLLAMA_BASE_URL", "https://127.0.0.1:11434")],
        &["https_on_loopback"],
        Some("http://127.0.0.1:11434"),
    ),
    // --- credentials in the URL
    // OLLAMA_BASE_URL=https://user:pass@ollama-host.internalnetwork.tld/.
    case(
        "open-webui/open-webui#2814",
        "ollama/llama3",
        &[(
            "OLLAMA_BASE_URL",
            "https://user:pass@ollama-host.internalnetwork.tld/",
        )],
        &["base_url_credentials"],
        Some("https://ollama-host.internalnetwork.tld"),
    ),
    // Basic auth wanted in OLLAMA_HOST: user:password before the host.
    case(
        "ollama/ollama#3203",
        "ollama/llama3",
        &[("OLLAMA_BASE_URL", "http://admin:1234@192.168.1.20:11434")],
        &["base_url_credentials"],
        Some("http://192.168.1.20:11434"),
    ),
    // https://<user>:<pwd>@domain.com entered, nothing happens.
    case(
        "Jeffser/Alpaca#1200",
        "ollama/llama3",
        &[("OLLAMA_BASE_URL", "https://alice:pw@ollama.example.com")],
        &["base_url_credentials"],
        Some("https://ollama.example.com"),
    ),
    // --- another server's port
    // OLLAMA_BASE_URL="http://127.0.0.1:1234" to reach LM Studio.
    case(
        "assafelovic/gpt-researcher#1355",
        "ollama/hermes-3-llama-3.2-3b",
        &[("OLLAMA_BASE_URL", "http://127.0.0.1:1234")],
        &["other_server_port"],
        Some("lm_studio/hermes-3-llama-3.2-3b"),
    ),
    // llama.cpp on :8080 configured through the Ollama option.
    case(
        "vierisid/jarvis#194",
        "ollama/qwen3-8b",
        &[("OLLAMA_BASE_URL", "http://192.168.1.50:8080")],
        &["other_server_port"],
        Some("llamacpp/qwen3-8b"),
    ),
    // --- host.docker.internal on Linux
    // "lookup host.docker.internal ... no such host" on Linux.
    on(
        Linux,
        case(
            "docker/genai-stack#39",
            "ollama/llama2",
            &[("OLLAMA_BASE_URL", "http://host.docker.internal:11434")],
            &["docker_host_on_linux"],
            None,
        ),
    ),
    // Docs: host.docker.internal needs --add-host on Linux.
    on(
        Linux,
        case(
            "Mintplex-Labs/anything-llm#754",
            "lm_studio/llama-3.2-3b-instruct",
            &[("LOCAL_LLM_BASE_URL", "http://host.docker.internal:1234")],
            &["docker_host_on_linux"],
            None,
        ),
    ),
    // CentOS: "Could not resolve host: host.docker.internal".
    case(
        "sugarforever/chat-ollama#438",
        "ollama/llama3",
        &[("OLLAMA_BASE_URL", "http://host.docker.internal:11434")],
        &["docker_host_on_linux"],
        None,
    ),
    // --- keys over plain HTTP
    // Remote Ollama: "the API doesn't have any authentication or
    // encryption": a proxy's key sent over http:// to a public address.
    case(
        "ollama/ollama#2053",
        "ollama/llama3",
        &[
            ("OLLAMA_BASE_URL", "http://203.0.113.10:11434"),
            ("OLLAMA_API_KEY", "sk-proxy-token-1234"),
        ],
        &["plain_http_key"],
        None,
    ),
    // vLLM reachable on every interface, asking for TLS and keys.
    case(
        "vllm-project/vllm#23052",
        "vllm/Qwen/Qwen2.5-7B-Instruct",
        &[
            ("VLLM_BASE_URL", "http://vllm.example.com:8000/v1"),
            ("VLLM_API_KEY", "token-abc123"),
        ],
        &["plain_http_key"],
        None,
    ),
    // Remote Ollama over http from a LAN client; proxy or ssh -L advised.
    case(
        "ollama/ollama#5644",
        "ollama/llama3",
        &[
            ("OLLAMA_BASE_URL", "http://192.168.1.30:11434"),
            ("LOCAL_LLM_API_KEY", "sk-lan-token-5678"),
        ],
        &["plain_http_key"],
        None,
    ),
    // --- model ids
    // `--model ollama:qwen3-coder` sent as is: model not found.
    case(
        "anthropics/claude-code#33643",
        "ollama:qwen3-coder",
        &[],
        &["near_miss_prefix"],
        Some("ollama/qwen3-coder"),
    ),
    // LiteLLM's `ollama_chat/` prefix, which aider recommends.
    case(
        "Aider-AI/aider#3701",
        "ollama_chat/qwen2.5-coder:7b",
        &[],
        &["near_miss_prefix"],
        Some("ollama/qwen2.5-coder:7b"),
    ),
    // OLLAMA_API_BASE=http://127.0.0.1:1234 with ollama_chat/ for LM Studio.
    case(
        "Aider-AI/aider#4477",
        "ollama_chat/google/gemma-3n-e4b",
        &[("OLLAMA_API_BASE", "http://127.0.0.1:1234")],
        &["near_miss_prefix"],
        Some("ollama/google/gemma-3n-e4b"),
    ),
    // Same report, prefix fixed: the variable is LiteLLM's.
    case(
        "Aider-AI/aider#4477",
        "ollama/google/gemma-3n-e4b",
        &[("OLLAMA_API_BASE", "http://127.0.0.1:1234")],
        &["foreign_variable"],
        Some("http://127.0.0.1:1234"),
    ),
    // any-llm names the provider `lmstudio`.
    case(
        "mozilla-ai/any-llm#443",
        "lmstudio/qwen2.5-coder-7b-instruct",
        &[],
        &["near_miss_prefix"],
        Some("lm_studio/qwen2.5-coder-7b-instruct"),
    ),
    // provider_name = lm-studio.
    case(
        "Fosowl/agenticSeek#37",
        "lm-studio/lmstudio-community/gemma-2-2b-it-GGUF",
        &[],
        &["near_miss_prefix"],
        Some("lm_studio/lmstudio-community/gemma-2-2b-it-GGUF"),
    ),
    // LiteLLM needs `hosted_vllm/` for a vLLM server.
    case(
        "huggingface/lighteval#1060",
        "hosted_vllm/meta-llama/Llama-3.1-8B-Instruct",
        &[],
        &["near_miss_prefix"],
        Some("vllm/meta-llama/Llama-3.1-8B-Instruct"),
    ),
    // `--api_base https://localhost:8080/v1` for a llamafile: 400s.
    case(
        "openinterpreter/openinterpreter#1016",
        "llamacpp/mixtral-8x7b-instruct-v0.1",
        &[("LLAMACPP_BASE_URL", "https://localhost:8080/v1")],
        &["https_on_loopback", "base_url_localhost"],
        Some("http://127.0.0.1:8080/v1"),
    ),
    // "Add support for local llama-cpp".
    case(
        "ImDarkTom/LlamaPen#20",
        "llama-cpp/qwen3-8b",
        &[],
        &["near_miss_prefix"],
        Some("llamacpp/qwen3-8b"),
    ),
    // "Ollama" capitalised: no models; "ollama": models.
    case(
        "danny-avila/LibreChat#4654",
        "Ollama/llama3.1",
        &[],
        &["near_miss_prefix"],
        Some("ollama/llama3.1"),
    ),
    // `--provider openai-compatible`: the generic route other tools have.
    case(
        "ai-christianson/RA.Aid#81",
        "openai-compat/llama2",
        &[],
        &["reserved_prefix"],
        None,
    ),
    // " tinyllama" pasted with a space: "file does not exist".
    case(
        "open-webui/open-webui#457",
        "ollama/tinyllama ",
        &[],
        &["whitespace_in_id"],
        Some("ollama/tinyllama"),
    ),
    // PR "trim whitespace in model name": a leading space hides the prefix.
    case(
        "jakobhoeg/nextjs-ollama-llm-ui#31",
        " ollama/llama3",
        &[],
        &["whitespace_in_id"],
        Some("ollama/llama3"),
    ),
    // --- other tools' variables
    // OLLAMA_HOST=0.0.0.0:11434 set for the server, read by clients too.
    case(
        "ollama/ollama-python#407",
        "ollama/llama3",
        &[("OLLAMA_HOST", "0.0.0.0:11434")],
        &["foreign_variable"],
        Some("http://127.0.0.1:11434"),
    ),
    // OLLAMA_HOST=192.168.1.10:11434 in the systemd unit.
    case(
        "ollama/ollama#4540",
        "ollama/llama3",
        &[("OLLAMA_HOST", "192.168.1.10:11434")],
        &["foreign_variable"],
        Some("http://192.168.1.10:11434"),
    ),
    // OLLAMA_HOST=127.0.0.1:11435 to move Ollama off a busy port.
    case(
        "ollama/ollama#2194",
        "ollama/llama3",
        &[("OLLAMA_HOST", "127.0.0.1:11435")],
        &["foreign_variable"],
        Some("http://127.0.0.1:11435"),
    ),
    // OLLAMA_API_BASE=http://ollama:11434 for LiteLLM in Docker.
    case(
        "BerriAI/litellm#9445",
        "ollama/PetrosStav/gemma3-tools:4b",
        &[("OLLAMA_API_BASE", "http://ollama:11434")],
        &["foreign_variable"],
        Some("http://ollama:11434"),
    ),
    // export OLLAMA_API_BASE=http://10.0.0.10:11434 (aider, remote Ollama).
    case(
        "Aider-AI/aider#3452",
        "ollama/deepseek-coder-v2:16b-lite-instruct-q4_K_M",
        &[("OLLAMA_API_BASE", "http://10.0.0.10:11434")],
        &["foreign_variable"],
        Some("http://10.0.0.10:11434"),
    ),
    // LM_STUDIO_API_BASE and LM_STUDIO_API_KEY, as aider's docs say.
    case(
        "hotovo/aider-desk#230",
        "lm_studio/qwen2.5-coder-14b-instruct",
        &[
            ("LM_STUDIO_API_BASE", "http://192.168.1.7:1234/v1"),
            ("LM_STUDIO_API_KEY", "dummy-api-key"),
        ],
        &["foreign_variable", "foreign_variable"],
        None,
    ),
    // hosted_vllm without its key variable.
    case(
        "BerriAI/litellm#7291",
        "vllm/meta-llama/Llama-3.1-8B-Instruct",
        &[
            ("HOSTED_VLLM_API_BASE", "http://gpu-node:8000/v1"),
            ("HOSTED_VLLM_API_KEY", "token-abc123"),
        ],
        &["foreign_variable", "foreign_variable"],
        None,
    ),
    // OPENAI_API_BASE=http://localhost:1234/v1 for LM Studio.
    case(
        "OpenBMB/ChatDev#207",
        "lm_studio/mistral-7b-instruct",
        &[("OPENAI_API_BASE", "http://localhost:1234/v1")],
        &["foreign_variable"],
        // `localhost` would draw a second fix.
        Some("http://127.0.0.1:1234"),
    ),
    // "Try using OPENAI_BASE_URL instead" for an Ollama on another server.
    case(
        "crewAIInc/crewAI#1337",
        "ollama/llama3.1",
        &[("OPENAI_BASE_URL", "http://192.168.1.100:11434/v1")],
        &["foreign_variable"],
        Some("http://192.168.1.100:11434"),
    ),
    // --- URLs a URL parser rejects (resolve keeps the reference's answer)
    // "Invalid port: 'b51a:cc66:f0::'": an IPv6 address put in a base URL
    // without brackets.
    case(
        "odysseus-dev/odysseus#4234",
        "ollama/qwen3:8b",
        &[("OLLAMA_BASE_URL", "http://fd07:b51a:cc66:f0::1:11434/v1")],
        &["base_url_invalid_ipv6"],
        Some("http://[fd07:b51a:cc66:f0::1]:11434/v1"),
    ),
    // Review: a raw "::1" gives "http://::1:11434", an invalid URL.
    case(
        "dyad-sh/dyad#598",
        "ollama/llama3.2",
        &[("OLLAMA_BASE_URL", "http://::1:11434")],
        &["base_url_invalid_ipv6"],
        Some("http://[::1]:11434"),
    ),
    // Ports typed with extra digits (`0.0.0.0:444444`), accepted by the
    // config and refused at connect time.
    case(
        "rathole-org/rathole#369",
        "vllm/Qwen/Qwen2.5-7B-Instruct",
        &[("VLLM_BASE_URL", "http://127.0.0.1:444444")],
        &["base_url_invalid_port"],
        Some("http://127.0.0.1:8000"),
    ),
    // --- names one typo away from ours
    // LM_STUDIO_BASE_URL, the spelling another agent's .env uses.
    case(
        "virattt/dexter#278",
        "lm_studio/qwen2.5-7b-instruct",
        &[("LM_STUDIO_BASE_URL", "http://127.0.0.1:1234/v1")],
        &["near_miss_variable"],
        Some("http://127.0.0.1:1234/v1"),
    ),
    // --- other tools' key variables
    // OPENAI_API_KEY=EMPTY "for locally hosted models" (a vLLM server).
    case(
        "EleutherAI/lm-evaluation-harness#1963",
        "vllm/model_path",
        &[("OPENAI_API_KEY", "EMPTY")],
        &["foreign_variable"],
        None,
    ),
    // OPENAI_API_KEY="sk-dummy1234" beside OPENAI_API_BASE for LM Studio.
    case(
        "OpenBMB/ChatDev#207",
        "lm_studio/mistral-7b-instruct",
        &[
            ("OPENAI_API_KEY", "sk-dummy1234"),
            ("OPENAI_API_BASE", "http://localhost:1234/v1"),
        ],
        &["foreign_variable", "foreign_variable"],
        None,
    ),
    // os.environ["OPENAI_API_KEY"] = "NA" for a vLLM endpoint.
    case(
        "crewAIInc/crewAI#388",
        "vllm/your_model",
        &[
            ("OPENAI_API_KEY", "NA"),
            ("OPENAI_API_BASE", "http://gpu-box:8000/v1"),
        ],
        &["foreign_variable", "foreign_variable"],
        None,
    ),
    // VLLM_API_BASE in the docs, where the tool reads VLLM_BASE_URL.
    case(
        "OpenBMB/AgentVerse#146",
        "vllm/meta-llama/Llama-3.1-8B-Instruct",
        &[("VLLM_API_BASE", "http://gpu-node:8000")],
        &["foreign_variable"],
        Some("http://gpu-node:8000"),
    ),
    // --- a local server configured, a router id
    // api_base at a vLLM server, model "local/model_name": "still calls
    // the Huggingface api".
    case(
        "The-PR-Agent/pr-agent#1121",
        "local/model_name",
        &[("VLLM_BASE_URL", "http://127.0.0.1:8000/v1")],
        &["router_id_with_local_server"],
        Some("vllm/local/model_name"),
    ),
    // meta-llama/Llama-2-7b-chat-hf on a vLLM server: "LLM Provider NOT
    // provided".
    case(
        "BerriAI/litellm#1134",
        "meta-llama/Llama-2-7b-chat-hf",
        &[("VLLM_BASE_URL", "http://127.0.0.1:8000")],
        &["router_id_with_local_server"],
        Some("vllm/meta-llama/Llama-2-7b-chat-hf"),
    ),
];

/// Codes for which no public report was found: still checked, not counted.
const UNREPORTED: &[Case] = &[
    case(
        "",
        "llamafile/mistral-7b-instruct-v0.2",
        &[],
        &["near_miss_prefix"],
        Some("llamacpp/mistral-7b-instruct-v0.2"),
    ),
    case("", "", &[], &["empty_model_id"], None),
    case("", "vllm/", &[], &["empty_model_name"], None),
    case(
        "",
        "ollama/llama3",
        &[("OLLAMA_BASE_URL", "http://:11434")],
        &["base_url_missing_host"],
        Some("http://127.0.0.1:11434"),
    ),
    case(
        "",
        "vllm/m",
        &[("VLLM_BASE_URL", "http://127.0.0.1:8000/v1/models")],
        &["base_url_endpoint_path"],
        Some("http://127.0.0.1:8000/v1"),
    ),
    case(
        "",
        "llamacpp/m",
        &[("LLAMACPP_BASE_URL", "ws://127.0.0.1:8080")],
        &["unsupported_base_url_scheme"],
        None,
    ),
    case(
        "",
        "vllm/m",
        &[("VLLM_BASE_URL", "http://[::]:8000/V1")],
        &["base_url_version_segment", "base_url_bind_address"],
        Some("http://[::1]:8000"),
    ),
];

/// The issue's own examples of each new class (modelroute#19).
const ISSUE_EXAMPLES: &[Case] = &[
    case(
        "",
        "ollama/llama3.1:8b",
        &[("OLLAMA_BASE_URL", "http://localhost;11434")],
        &["base_url_invalid_host", "base_url_localhost"],
        Some("http://127.0.0.1:11434"),
    ),
    case(
        "",
        "llamacpp/qwen3-8b",
        &[("LLAMACPP_BASE_URL", "http://local host:8080")],
        &["base_url_whitespace", "base_url_localhost"],
        Some("http://127.0.0.1:8080"),
    ),
    case(
        "",
        "ollama/llama3.1:8b",
        &[("OLAMA_BASE_URL", "http://gpu:11434")],
        &["near_miss_variable"],
        Some("http://gpu:11434"),
    ),
    case(
        "",
        "vllm/m",
        &[("VLLM_BASEURL", "http://gpu:8000")],
        &["near_miss_variable"],
        Some("http://gpu:8000"),
    ),
    case(
        "",
        "llamacpp/m",
        &[("LLAMA_CPP_BASE_URL", "http://gpu:8080")],
        &["near_miss_variable"],
        Some("http://gpu:8080"),
    ),
    case(
        "",
        "vllm/m",
        &[("OPENAI_API_KEY", "token-abc123")],
        &["foreign_variable"],
        None,
    ),
    // The missing scheme's suggestion is already the bind address's fix.
    case(
        "",
        "ollama/llama3.2",
        &[("OLLAMA_BASE_URL", "0.0.0.0:11434")],
        &["base_url_missing_scheme", "base_url_bind_address"],
        Some("http://127.0.0.1:11434"),
    ),
    case(
        "",
        "ollama/m",
        &[("OLLAMA_BASE_URL", "http://256.1.1.1:11434")],
        &["base_url_invalid_host"],
        None,
    ),
    case(
        "",
        "ollama/m",
        &[("OLLAMA_BASE_URL", "http://[::1:11434")],
        &["base_url_invalid_ipv6"],
        None,
    ),
    case(
        "",
        "ollama/m",
        &[("OLLAMA_BASE_URL", "http://127.0.0.1:11434x")],
        &["base_url_invalid_port"],
        Some("http://127.0.0.1:11434"),
    ),
];

const CORRECT: &[Case] = &[
    case("", "ollama/llama3.1:8b", &[], &[], None),
    case(
        "",
        "ollama/llama3.1:8b",
        &[("OLLAMA_BASE_URL", "http://127.0.0.1:11434")],
        &[],
        None,
    ),
    case(
        "",
        "ollama/qwen2.5:7b",
        &[("OLLAMA_BASE_URL", " http://127.0.0.1:11434/v1/ ")],
        &[],
        None,
    ),
    case(
        "",
        "ollama/llama3",
        &[("OLLAMA_BASE_URL", "http://192.168.1.10:11434")],
        &[],
        None,
    ),
    case("", "ollama/llama3", &[("OLLAMA_BASE_URL", "")], &[], None),
    case(
        "",
        "vllm/meta-llama/Llama-3.1-8B-Instruct",
        &[("VLLM_BASE_URL", "http://127.0.0.1:8000/v1")],
        &[],
        None,
    ),
    case(
        "",
        "vllm/meta-llama/Llama-3.1-8B-Instruct",
        &[
            ("VLLM_BASE_URL", "https://vllm.example.com/v1"),
            ("VLLM_API_KEY", "token-abc123"),
        ],
        &[],
        None,
    ),
    case(
        "",
        "vllm/Qwen/Qwen2.5-7B-Instruct",
        &[
            ("VLLM_BASE_URL", "http://10.0.0.5:8000"),
            ("LOCAL_LLM_API_KEY", "sk-local-no-key-required"),
        ],
        &[],
        None,
    ),
    case(
        "",
        "vllm/Qwen/Qwen2.5-7B-Instruct",
        &[("VLLM_BASE_URL", "http://gpu:8000")],
        &[],
        None,
    ),
    case("", "lm_studio/google/gemma-3-4b", &[], &[], None),
    case(
        "",
        "lm_studio/google/gemma-3-4b",
        &[("LOCAL_LLM_BASE_URL", "http://[::1]:1234")],
        &[],
        None,
    ),
    case(
        "",
        "lm_studio/google/gemma-3-4b",
        &[
            ("LM_STUDIO_API_KEY", "lm-studio"),
            ("LMSTUDIO_API_KEY", "lm-studio"),
        ],
        &[],
        None,
    ),
    case(
        "",
        "llamacpp/llama-3.1-8b-instruct",
        &[
            ("LLAMACPP_BASE_URL", "http://127.0.0.1:8080"),
            ("LLAMACPP_API_KEY", "secret-on-loopback"),
        ],
        &[],
        None,
    ),
    on(
        MacOs,
        case(
            "",
            "ollama/llama3",
            &[("OLLAMA_BASE_URL", "http://host.docker.internal:11434")],
            &[],
            None,
        ),
    ),
    case(
        "",
        "ollama/llama3",
        &[
            ("OLLAMA_HOST", "0.0.0.0:11434"),
            ("OLLAMA_BASE_URL", "http://127.0.0.1:11434"),
        ],
        &[],
        None,
    ),
    case(
        "",
        "ollama/llama3",
        &[("OPENAI_BASE_URL", "https://api.openai.com/v1")],
        &[],
        None,
    ),
    case(
        "",
        "openai/gpt-5",
        &[("OPENAI_BASE_URL", "http://localhost:11434/v1")],
        &[],
        None,
    ),
    case("", "moonshotai/Kimi-K2-Instruct:fastest", &[], &[], None),
    case("", "anthropic/claude-opus-4-7", &[], &[], None),
    case(
        "",
        "huggingface/meta-llama/Llama-3.1-8B-Instruct",
        &[],
        &[],
        None,
    ),
    case(
        "",
        "ollama/qwen2.5:7b",
        &[
            ("OLLAMA_BASE_URL", "https://gpu.example.com/ollama"),
            ("OLLAMA_API_KEY", "sk-proxy-token-1234"),
        ],
        &[],
        None,
    ),
    case(
        "",
        "vllm/m",
        &[
            ("VLLM_BASE_URL", "http://127.0.0.1:8000"),
            ("LOCAL_LLM_BASE_URL", "http://0.0.0.0:1"),
        ],
        &[],
        None,
    ),
    case(
        "",
        "lmstudio-community/Meta-Llama-3-8B-Instruct-GGUF",
        &[],
        &[],
        None,
    ),
];

/// Every table of setups with mistakes.
fn all_cases() -> impl Iterator<Item = &'static Case> {
    MISTAKES.iter().chain(UNREPORTED).chain(ISSUE_EXAMPLES)
}

fn run(c: &Case) -> Vec<Diagnostic> {
    diagnose_with(
        c.id,
        &c.env,
        &Context {
            platform: c.platform,
        },
    )
}

fn suggested(d: &Diagnostic) -> Option<&str> {
    match &d.suggestion {
        Some(Suggestion::SetVariable { value, .. }) => Some(value),
        Some(Suggestion::UseId { id }) => Some(id),
        None => None,
    }
}

/// Checks every row and lists all mismatches before failing.
fn check(table: &[Case]) {
    let mut failures = Vec::new();
    for c in table {
        let got = run(c);
        let codes: Vec<&str> = got.iter().map(|d| d.code.as_str()).collect();
        let last = got.last().and_then(suggested);
        if codes != c.codes || last != c.suggestion {
            failures.push(format!(
                "{} {:?} {:?}\n  want {:?} {:?}\n  got  {:?} {:?}\n{got:#?}",
                c.issue, c.id, c.env, c.codes, c.suggestion, codes, last
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn mistaken_setups_from_real_reports_get_the_right_diagnostic() {
    assert!(MISTAKES.len() >= 40, "{} mistaken setups", MISTAKES.len());
    check(MISTAKES);
}

#[test]
fn codes_without_a_report_are_still_checked() {
    check(UNREPORTED);
}

#[test]
fn the_issues_own_examples_get_the_right_diagnostic() {
    check(ISSUE_EXAMPLES);
}

#[test]
fn correct_setups_get_no_diagnostic_at_all() {
    assert!(CORRECT.len() >= 20, "{} correct setups", CORRECT.len());
    check(CORRECT);
}

#[test]
fn every_report_is_cited_as_owner_repo_number() {
    for c in MISTAKES {
        let (repo, number) = c.issue.split_once('#').expect(c.issue);
        let (owner, name) = repo.split_once('/').expect(c.issue);
        assert!(!owner.is_empty() && !name.is_empty(), "{}", c.issue);
        assert!(number.parse::<u32>().is_ok(), "{}", c.issue);
    }
}

/// What a llama.cpp server's capabilities raise: a context window of 2048
/// served of 8192 trained, no tool calls, asleep, and a tool call written
/// as text; every capability code once.
fn capability_findings() -> Vec<Diagnostic> {
    use modelroute_core::capabilities::tools::{ToolsOutcome, ToolsProbe};
    use modelroute_core::capabilities::{read, Family, Reply};
    let models = br#"{"data":[{"id":"m","meta":{"n_ctx":2048,"n_ctx_train":8192}}]}"#;
    let props = br#"{"chat_template_caps":{"supports_tool_calls":false},"is_sleeping":true}"#;
    let caps = read(
        Family::LlamaCpp,
        "m",
        Some(Reply::ok(models)),
        &[Some(Reply::ok(props))],
    );
    let as_text = ToolsProbe {
        outcome: ToolsOutcome::CallAsText,
        detail: String::new(),
    };
    modelroute_core::diagnostics::diagnose_capabilities(
        Some(Family::LlamaCpp),
        "m",
        &caps,
        4096,
        Some(&as_text),
    )
}

#[test]
fn every_code_in_the_table_is_emitted_and_every_emitted_code_is_in_it() {
    let mut emitted = BTreeSet::new();
    // The one code that needs an answer, not just the setup: a llama.cpp
    // server behind Ollama's variable.
    let served = ["smollm2".to_owned()];
    let answered = modelroute_core::diagnostics::Answered {
        server: "llama.cpp",
        api_base: "http://127.0.0.1:8080/v1",
        served: &served,
    };
    let ollama = modelroute_core::providers::local_provider_by_id("ollama").unwrap();
    let found = modelroute_core::diagnostics::server_family_mismatch(ollama, None, &answered);
    for c in all_cases() {
        for d in run(c).into_iter().chain(found.clone()) {
            let (_, max, _) = code_entry(d.code).unwrap_or_else(|| panic!("{} not listed", d.code));
            assert!(d.severity <= *max, "{} at {:?}", d.code, d.severity);
            emitted.insert(d.code.as_str());
        }
    }
    // The codes a probe's capabilities raise (their wording and fixes:
    // core/tests/capabilities.rs).
    for d in capability_findings() {
        let (_, max, _) = code_entry(d.code).unwrap();
        assert!(d.severity <= *max, "{} at {:?}", d.code, d.severity);
        emitted.insert(d.code.as_str());
    }
    let listed: BTreeSet<&str> = DIAGNOSTIC_CODES.iter().map(|(c, _, _)| *c).collect();
    assert_eq!(emitted, listed);
}

#[test]
fn every_severity_a_code_can_drop_to_is_reached() {
    // The info variants of codes whose highest severity is warning.
    let cases = [
        ("docker_host_on_linux", "sugarforever/chat-ollama#438"),
        ("plain_http_key", "ollama/ollama#5644"),
        ("other_server_port", "vierisid/jarvis#194"),
    ];
    for (code, issue) in cases {
        let c = MISTAKES.iter().find(|c| c.issue == issue).unwrap();
        let d = run(c).into_iter().find(|d| d.code == code).unwrap();
        assert_eq!(d.severity, Severity::Info, "{issue}");
    }
    let d = diagnose("ollama/m", &[("OLLAMA_HOST", "0.0.0.0")]);
    assert_eq!(d[0].severity, Severity::Info);
}

#[test]
fn every_foreign_variable_and_near_miss_is_caught() {
    for fv in FOREIGN_VARIABLES {
        let provider = match fv.target {
            modelroute_core::diagnostics::ForeignTarget::Provider(id) => {
                LOCAL_PROVIDERS.iter().find(|p| p.id == id).unwrap()
            }
            modelroute_core::diagnostics::ForeignTarget::AnyLocal => &LOCAL_PROVIDERS[0],
        };
        let id = format!("{}m", provider.prefix);
        let d = diagnose(&id, &[(fv.name, "http://10.1.2.3:9999/v1")]);
        assert_eq!(d.len(), 1, "{}: {d:#?}", fv.name);
        assert_eq!(d[0].variable.as_deref(), Some(fv.name));
        assert!(d[0].fix.contains(match fv.setting {
            modelroute_core::diagnostics::ForeignSetting::ApiKey => provider.api_key_env,
            _ => provider.base_url_env,
        }));
    }
    for (spelling, provider) in NEAR_MISS_PREFIXES {
        let d = diagnose(&format!("{spelling}model"), &modelroute_core::EmptyEnv);
        let want = format!("{provider}/model");
        assert_eq!(d.len(), 1, "{spelling}");
        assert_eq!(suggested(&d[0]), Some(want.as_str()), "{spelling}");
    }
    for p in LOCAL_PROVIDERS {
        for wrong in [p.prefix.to_uppercase(), format!("{}:", p.id)] {
            let d = diagnose(&format!("{wrong}model"), &modelroute_core::EmptyEnv);
            let want = format!("{}model", p.prefix);
            assert_eq!(suggested(&d[0]), Some(want.as_str()), "{wrong}");
        }
    }
}

#[test]
fn a_suggested_base_url_resolves_without_a_diagnostic() {
    // Following the last suggestion fixes every finding it addresses.
    for c in all_cases() {
        let got = run(c);
        let Some(Suggestion::SetVariable { variable, value }) =
            got.last().and_then(|d| d.suggestion.clone())
        else {
            continue;
        };
        if got.iter().any(|d| d.code == "foreign_variable") {
            continue;
        }
        let mut env: Vec<(&str, &str)> = c.env.to_vec();
        env.push((variable, value.as_str()));
        let after = diagnose_with(
            c.id,
            &env,
            &Context {
                platform: c.platform,
            },
        );
        let left: Vec<&str> = after
            .iter()
            .filter(|d| d.variable.as_deref() == Some(variable))
            .map(|d| d.code.as_str())
            .filter(|code| *code != "other_server_port" && *code != "plain_http_key")
            .collect();
        assert!(left.is_empty(), "{} {value}: {left:?}", c.issue);
        assert!(
            resolve(c.id.trim(), &env, &ResolveOptions::default()).is_ok(),
            "{} {value}",
            c.issue
        );
    }
}

#[test]
fn messages_and_fixes_follow_the_style() {
    for c in all_cases() {
        for d in run(c) {
            for text in [&d.message, &d.fix] {
                // The reference's own words (SPEC), which the resolve error
                // and its diagnostic share.
                if text.starts_with("Unsupported local model id: ") {
                    continue;
                }
                let first = text.chars().next().unwrap();
                assert!(
                    !first.is_uppercase() || text.starts_with('`') || first == 'O',
                    "{}: {text}",
                    d.code
                );
                assert!(!text.ends_with('.'), "{}: {text}", d.code);
            }
        }
    }
}

#[test]
fn diagnostics_serialize_with_the_documented_keys() {
    let d = diagnose("ollama/m", &[("OLLAMA_BASE_URL", "localhost:11434")]);
    let json = serde_json::to_value(&d[0]).unwrap();
    assert_eq!(json["code"], "base_url_missing_scheme");
    assert_eq!(json["severity"], "error");
    assert_eq!(json["variable"], "OLLAMA_BASE_URL");
    assert_eq!(json["suggestion"]["kind"], "set_variable");
    assert_eq!(json["suggestion"]["variable"], "OLLAMA_BASE_URL");
    // A fixed point: `localhost` would draw a second fix.
    assert_eq!(json["suggestion"]["value"], "http://127.0.0.1:11434");
    let d = diagnose("Ollama/m", &modelroute_core::EmptyEnv);
    let json = serde_json::to_value(&d[0]).unwrap();
    assert!(json.get("variable").is_none());
    assert_eq!(json["suggestion"]["kind"], "use_id");
    assert_eq!(json["suggestion"]["id"], "ollama/m");
}

#[test]
fn errors_agree_with_resolve() {
    // Where resolve fails on the base URL, diagnose reports the same code;
    // wherever both report a mistake, in the same words (the error's).
    for c in all_cases() {
        if let Err(e) = resolve(c.id, &c.env, &ResolveOptions::default()) {
            let found = run(c).into_iter().find(|d| d.code == e.code());
            if e.code().contains("base_url") {
                assert!(found.is_some(), "{}: {}", c.issue, e.code());
            }
            if let Some(d) = found {
                // The error's words, then what only the setup shows.
                assert!(
                    d.message.starts_with(&e.to_string()),
                    "{}: {} vs {e}",
                    c.issue,
                    d.message
                );
                assert_eq!(d.code.max_severity(), Severity::Error, "{}", c.issue);
            }
        }
    }
}

#[test]
fn docs_list_every_code_with_its_severity_and_summary() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/diagnostics.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let rows: Vec<(String, String, String)> = doc
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            (cells.len() == 3).then(|| {
                (
                    cells[0].trim_matches('`').to_owned(),
                    cells[1].to_owned(),
                    cells[2].to_owned(),
                )
            })
        })
        .collect();
    let want: Vec<(String, String, String)> = DIAGNOSTIC_CODES
        .iter()
        .map(|(c, s, d)| ((*c).to_owned(), s.as_str().to_owned(), (*d).to_owned()))
        .collect();
    assert_eq!(rows, want, "the code table in docs/diagnostics.md");
    for (code, _, _) in DIAGNOSTIC_CODES {
        assert!(
            doc.contains(&format!("### `{code}`")),
            "no section for {code}"
        );
    }
    for fv in FOREIGN_VARIABLES {
        assert!(doc.contains(&format!("`{}`", fv.name)), "{}", fv.name);
    }
    for (spelling, _) in NEAR_MISS_PREFIXES {
        assert!(doc.contains(&format!("`{spelling}`")), "{spelling}");
    }
}

/// Variable names diagnose reads, plus noise.
fn var_name() -> impl Strategy<Value = String> {
    let mut names: Vec<String> = LOCAL_PROVIDERS
        .iter()
        .flat_map(|p| [p.base_url_env, p.api_key_env])
        .chain(["LOCAL_LLM_BASE_URL", "LOCAL_LLM_API_KEY"])
        .chain(FOREIGN_VARIABLES.iter().map(|f| f.name))
        .map(str::to_owned)
        .collect();
    // Near misses of ours, and an unrelated name.
    names.extend(
        [
            "UNRELATED",
            "OLAMA_BASE_URL",
            "OLLAMA_BASEURL",
            "LM_STUDIO_BASE_URL",
            "VLLM_BASEURL",
            "llamacpp_base_url",
            "LOCAL_LLM_BASEURL",
            "VLLM_APIKEY",
            "HF_TOKEN_",
        ]
        .map(str::to_owned),
    );
    proptest::sample::select(names)
}

fn is_key_var(name: &str) -> bool {
    name == "LOCAL_LLM_API_KEY"
        || LOCAL_PROVIDERS.iter().any(|p| p.api_key_env == name)
        || FOREIGN_VARIABLES.iter().any(|f| {
            f.name == name && f.setting == modelroute_core::diagnostics::ForeignSetting::ApiKey
        })
}

const PASSWORD: &str = "hunter2-SECRET";
const KEY: &str = "sk-live-TOPSECRETKEY";

/// URL-ish values built from the parts the checks look at.
fn value() -> impl Strategy<Value = String> {
    let scheme = proptest::sample::select(vec![
        "",
        "http://",
        "https://",
        "HTTP://",
        "ftp://",
        "http:/",
        "X=http://",
    ]);
    let userinfo = proptest::sample::select(vec![
        String::new(),
        format!("user:{PASSWORD}@"),
        format!("{PASSWORD}@"),
    ]);
    let host = proptest::sample::select(vec![
        "",
        "localhost",
        "127.0.0.1",
        "0.0.0.0",
        "[::]",
        "[::1]",
        "::1",
        "host.docker.internal",
        "10.0.0.2",
        "203.0.113.5",
        "gpu",
        "a b",
        "é.example",
        "localhost;11434",
        "gpu,8000",
        "'gpu'",
        "fd00::5",
        "::1",
        "[::1",
        "[1:2]",
        "256.1.1.1",
        "a!b",
    ]);
    let port = proptest::sample::select(vec![
        "", ":", ":11434", ":1234", ":8000", ":8080", ":99999", ":x", ":11434x", ":444444",
    ]);
    let path = proptest::collection::vec(
        proptest::sample::select(vec![
            "/v1",
            "/V1",
            "/v2",
            "/api",
            "/chat",
            "/completions",
            "/models",
            "/",
            "/api/v0",
            "/x",
        ]),
        0..4,
    );
    let tail = proptest::sample::select(vec!["", "?a=b", "#frag", "?"]);
    prop_oneof![
        (scheme, userinfo, host, port, path, tail)
            .prop_map(|(s, u, h, p, path, t)| { format!("{s}{u}{h}{p}{}{t}", path.concat()) }),
        Just(KEY.to_owned()),
        "[ \\t\\n\u{1c}\u{a0}]{0,3}",
        any::<String>(),
    ]
}

fn model_id() -> impl Strategy<Value = String> {
    let mut prefixes: Vec<String> = LOCAL_PROVIDERS
        .iter()
        .map(|p| p.prefix.to_owned())
        .chain(NEAR_MISS_PREFIXES.iter().map(|(s, _)| (*s).to_owned()))
        .chain(
            [
                "openai-compat/",
                "openai/",
                "OLLAMA/",
                "ollama:",
                "",
                " ",
                "meta-llama/",
                "huggingface/",
            ]
            .map(str::to_owned),
        )
        .collect();
    prefixes.sort();
    (
        proptest::sample::select(prefixes),
        prop_oneof!["[a-z0-9./:_-]{0,12}", any::<String>()],
    )
        .prop_map(|(p, n)| format!("{p}{n}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn diagnose_never_panics_and_every_finding_is_well_formed(
        id in model_id(),
        env in proptest::collection::hash_map(var_name(), value(), 0..6),
        platform in proptest::sample::select(vec![Platform::Linux, Platform::MacOs, Platform::Windows, Platform::Unknown]),
    ) {
        let env: HashMap<String, String> = env;
        for d in diagnose_with(&id, &env, &Context { platform }) {
            let entry = code_entry(d.code);
            prop_assert!(entry.is_some(), "{} not listed", d.code);
            prop_assert!(d.severity <= entry.unwrap().1, "{} too severe", d.code);
            prop_assert!(!d.message.trim().is_empty(), "{}", d.code);
            prop_assert!(!d.fix.trim().is_empty(), "{}", d.code);
            // Secrets never reach a message or a fix: passwords in URLs are
            // masked, and keys are never printed.
            let keys_only_in_key_vars = env.iter().all(|(k, v)| !v.contains(KEY) || is_key_var(k));
            for text in [&d.message, &d.fix] {
                prop_assert!(!text.contains(PASSWORD), "{}: {text}", d.code);
                prop_assert!(!keys_only_in_key_vars || !text.contains(KEY), "{}: {text}", d.code);
            }
            match &d.suggestion {
                Some(Suggestion::SetVariable { value, .. }) => prop_assert!(!value.is_empty()),
                Some(Suggestion::UseId { id }) => prop_assert!(!id.is_empty()),
                None => {}
            }
        }
    }

    #[test]
    fn diagnose_is_diagnose_with_an_unknown_platform(
        id in model_id(),
        env in proptest::collection::hash_map(var_name(), value(), 0..6),
    ) {
        prop_assert_eq!(diagnose(&id, &env), diagnose_with(&id, &env, &Context::default()));
    }
}

/// The common real names of `tests/fixtures/common_env_names.txt`.
fn common_names() -> Vec<&'static str> {
    include_str!("fixtures/common_env_names.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// One id of each route, so every name modelroute reads is compared with.
fn ids_of_every_route() -> Vec<String> {
    let mut ids: Vec<String> = LOCAL_PROVIDERS
        .iter()
        .map(|p| format!("{}m", p.prefix))
        .collect();
    ids.extend(["org/m", "openai/m", "anthropic/m"].map(str::to_owned));
    ids
}

#[test]
fn common_variable_names_are_never_near_misses() {
    let names = common_names();
    assert!(names.len() >= 200, "{} names", names.len());
    let mut flagged = Vec::new();
    for id in ids_of_every_route() {
        for name in &names {
            let env = [(*name, "http://10.1.2.3:9999")];
            for d in diagnose(&id, &env) {
                if d.code == "near_miss_variable" {
                    flagged.push(format!("{name} ({id})"));
                }
            }
        }
    }
    // The false-positive rate: 0 of the list.
    assert!(flagged.is_empty(), "flagged: {flagged:?}");
}

#[test]
fn near_miss_names_are_caught_for_every_name_read() {
    // The names each route reads: a new provider row brings its own.
    let mut reads: Vec<(String, Vec<&str>)> = LOCAL_PROVIDERS
        .iter()
        .map(|p| {
            let shared = ["LOCAL_LLM_BASE_URL", "LOCAL_LLM_API_KEY"];
            (
                format!("{}m", p.prefix),
                [p.base_url_env, p.api_key_env, shared[0], shared[1]].to_vec(),
            )
        })
        .collect();
    reads.push((
        "org/m".into(),
        vec![
            "INFERENCE_TOKEN",
            "HF_TOKEN",
            "HUGGING_FACE_HUB_TOKEN",
            "HF_BILL_TO",
        ],
    ));
    reads.push(("openai/m".into(), vec!["OPENAI_BASE_URL", "OPENAI_API_KEY"]));
    for name in modelroute_core::ENV_VARS {
        assert!(
            reads.iter().any(|(_, r)| r.contains(&name)),
            "{name} is read by no route"
        );
    }
    let near = |id: &str, env: &[(&str, &str)], miss: &str| {
        diagnose(id, env)
            .iter()
            .any(|d| d.code == "near_miss_variable" && d.variable.as_deref() == Some(miss))
    };
    for (id, names) in &reads {
        for &name in names {
            let squashed = name.replace('_', "");
            let mut misses = vec![name.to_lowercase(), squashed.clone(), format!("{name}_")];
            if squashed.len() >= 8 {
                // One letter dropped, added, or the last two swapped.
                let n = name.len();
                let swapped = format!(
                    "{}{}{}",
                    &name[..n - 2],
                    &name[n - 1..],
                    &name[n - 2..n - 1]
                );
                misses.extend([
                    format!("{}{}", &name[..1], &name[2..]),
                    format!("{name}S"),
                    swapped,
                ]);
            }
            for miss in misses {
                let m = miss.as_str();
                assert!(
                    near(id, &[(m, "http://gpu:1")], m),
                    "{miss} for {name} ({id})"
                );
                // With the real variable set, the near miss changes nothing.
                assert!(
                    !near(id, &[(m, "http://gpu:1"), (name, "http://gpu:1")], m),
                    "{miss}"
                );
                // Another route does not read `name`: no word about it.
                assert!(!near("anthropic/m", &[(m, "http://gpu:1")], m), "{miss}");
            }
        }
    }
}

/// Which target a suggestion changes: a variable, or the id (`None`).
fn target(s: &Suggestion) -> Option<&'static str> {
    match s {
        Suggestion::SetVariable { variable, .. } => Some(*variable),
        Suggestion::UseId { .. } => None,
    }
}

/// The setup after a suggestion is applied.
fn apply(
    s: &Suggestion,
    id: &str,
    env: &HashMap<String, String>,
) -> (String, HashMap<String, String>) {
    let mut env = env.clone();
    match s {
        Suggestion::SetVariable { variable, value } => {
            env.insert((*variable).to_owned(), value.clone());
            (id.to_owned(), env)
        }
        Suggestion::UseId { id } => (id.clone(), env),
    }
}

/// Codes no check ever gives a suggestion: nothing to copy fixes them. The
/// fixed-point test fails if one of them shows up with a suggestion.
const NEVER_SUGGESTED: &[&str] = &[
    "empty_model_id",
    "empty_model_name",
    "reserved_prefix",
    "blank_base_url",
    "docker_host_on_linux",
    "plain_http_key",
    // What a server says about a model: the fix is on the server's side
    // (a flag, a template, a load), not a value to copy.
    "context_too_small",
    "tools_unsupported",
    "tool_call_as_text",
    "model_not_loaded",
];

/// Per code: how often it was emitted, and how often its suggestion was
/// applied and checked.
type Coverage = std::collections::BTreeMap<&'static str, (usize, usize)>;

/// Applying any suggestion leaves no further suggestion for the same
/// variable or id, and not the same code about the same variable; and the
/// suggestions of one result that change the same variable (or the id)
/// agree on its value, so there is one value to copy.
fn fixed_points_hold(
    id: &str,
    env: &HashMap<String, String>,
    context: &Context,
    coverage: &mut Coverage,
) -> Result<(), String> {
    let found = diagnose_with(id, env, context);
    let suggestions: Vec<&Suggestion> =
        found.iter().filter_map(|d| d.suggestion.as_ref()).collect();
    for (i, s) in suggestions.iter().enumerate() {
        if let Some(other) = suggestions[..i]
            .iter()
            .find(|o| target(o) == target(s) && o != &s)
        {
            return Err(format!(
                "{id:?} {env:?}: two values to copy, {other:?} and {s:?}"
            ));
        }
    }
    for d in found {
        let code: &'static str = code_entry(d.code).ok_or("unlisted code")?.0;
        let entry = coverage.entry(code).or_default();
        entry.0 += 1;
        let Some(s) = &d.suggestion else {
            continue;
        };
        if NEVER_SUGGESTED.contains(&code) {
            return Err(format!("{code} has a suggestion: {s:?}"));
        }
        entry.1 += 1;
        let (id2, env2) = apply(s, id, env);
        for after in diagnose_with(&id2, &env2, context) {
            let again = after
                .suggestion
                .as_ref()
                .is_some_and(|n| target(n) == target(s));
            let same = after.code == d.code && after.variable == d.variable;
            if again || same {
                return Err(format!(
                    "{id:?} {env:?}: applying {code}'s {s:?} leaves {} {:?} {:?}",
                    after.code, after.variable, after.suggestion
                ));
            }
        }
    }
    Ok(())
}

/// The codes that need a server's answer (issues 17 and 20), which no
/// environment alone raises: every provider against every server family,
/// and a llama.cpp server's capabilities that raise each capability code.
/// `server_family_mismatch` suggests the family's own base URL variable: set
/// it, and use the id the fix names (the family's prefix), and the same
/// server answering there is no mismatch and the environment has nothing
/// more to say about that variable.
fn answered_fixed_points_hold(coverage: &mut Coverage) -> Result<(), String> {
    use modelroute_core::diagnostics::{server_family_mismatch, Answered, SERVER_FAMILIES};
    use modelroute_core::providers::local_provider_by_id;

    let served = ["smollm2".to_owned()];
    for family in SERVER_FAMILIES {
        // A proxy (LiteLLM) fronts any server: never a mismatch.
        let Some(home) = family.provider.and_then(local_provider_by_id) else {
            continue;
        };
        // The family's server at its own default port on this machine, or
        // on another machine at a port no family uses by default. (On
        // another family's default port, `other_server_port` would speak
        // up from the environment alone, which cannot know who answers.)
        let port = home.default_base_url.rsplit(':').next().ok_or("no port")?;
        let here = format!("http://127.0.0.1:{port}/v1");
        for api_base in [here.as_str(), "http://gpu-box:9000/v1"] {
            let answered = Answered {
                server: family.name,
                api_base,
                served: &served,
            };
            for p in LOCAL_PROVIDERS {
                let Some(d) = server_family_mismatch(p, None, &answered) else {
                    continue;
                };
                let entry = coverage.entry(code_entry(d.code).ok_or("unlisted")?.0);
                let entry = entry.or_default();
                entry.0 += 1;
                let Some(s @ Suggestion::SetVariable { variable, .. }) = &d.suggestion else {
                    return Err(format!(
                        "{}: no variable to set: {:?}",
                        d.code, d.suggestion
                    ));
                };
                entry.1 += 1;
                let id = format!("{}{}", home.prefix, served[0]);
                let (id, env) = apply(s, &id, &HashMap::new());
                if let Some(again) = server_family_mismatch(home, Some(*variable), &answered) {
                    return Err(format!("{s:?} for {id}: still {}", again.message));
                }
                let context = Context { platform: Linux };
                for after in diagnose_with(&id, &env, &context) {
                    let again = after
                        .suggestion
                        .as_ref()
                        .is_some_and(|n| target(n) == target(s));
                    if again || after.variable.as_deref() == Some(*variable) {
                        return Err(format!(
                            "{id} {env:?}: applying {s:?} leaves {} {:?}",
                            after.code, after.suggestion
                        ));
                    }
                }
            }
        }
    }
    for d in capability_findings() {
        let code = code_entry(d.code).ok_or("unlisted code")?.0;
        coverage.entry(code).or_default().0 += 1;
        if let Some(s) = &d.suggestion {
            if NEVER_SUGGESTED.contains(&code) {
                return Err(format!("{code} has a suggestion: {s:?}"));
            }
        }
    }
    Ok(())
}

/// Two values for one variable (modelroute#19's review): two misspellings
/// of `OLLAMA_BASE_URL`, or a misspelling beside Ollama's own `OLLAMA_HOST`,
/// each holding another URL. Each is still reported; only the first
/// suggests the value to copy.
#[test]
fn one_variable_gets_one_value_to_copy() {
    let cases: [&[(&str, &str)]; 2] = [
        &[
            ("OLAMA_BASE_URL", "http://a:11434"),
            ("OLLAMA_BASEURL", "http://b:11434"),
        ],
        &[
            ("OLLAMA_HOST", "gpu:11434"),
            ("OLAMA_BASE_URL", "http://x:11434"),
        ],
    ];
    for env in cases {
        let found = diagnose("ollama/llama3", env);
        assert!(found.len() >= 2, "{env:?}: {found:#?}");
        let values: Vec<&Suggestion> = found.iter().filter_map(|d| d.suggestion.as_ref()).collect();
        assert_eq!(values.len(), 1, "{env:?}: {found:#?}");
    }
}

#[test]
fn every_suggestion_is_a_fixed_point_for_every_code() {
    use proptest::test_runner::{Config, TestRunner};
    use std::cell::RefCell;

    let coverage = RefCell::new(Coverage::new());
    // The setups of every table first, so each code is met at least once,
    // then generated ones.
    for c in all_cases().chain(CORRECT) {
        let env: HashMap<String, String> = c
            .env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let context = Context {
            platform: c.platform,
        };
        if let Err(e) = fixed_points_hold(c.id, &env, &context, &mut coverage.borrow_mut()) {
            panic!("{}: {e}", c.issue);
        }
    }
    let setups = (
        model_id(),
        proptest::collection::hash_map(var_name(), value(), 0..5),
        proptest::sample::select(vec![Linux, MacOs, Unknown]),
    );
    let mut runner = TestRunner::new(Config::with_cases(1500));
    runner
        .run(&setups, |(id, env, platform)| {
            fixed_points_hold(&id, &env, &Context { platform }, &mut coverage.borrow_mut())
                .map_err(proptest::test_runner::TestCaseError::fail)
        })
        .unwrap();
    let mut coverage = coverage.into_inner();
    if let Err(e) = answered_fixed_points_hold(&mut coverage) {
        panic!("{e}");
    }
    for (code, _, _) in DIAGNOSTIC_CODES {
        let (emitted, applied) = coverage.get(code).copied().unwrap_or_default();
        assert!(
            emitted > 0,
            "{code} was never emitted: the property is not checked for it"
        );
        assert!(
            applied > 0 || NEVER_SUGGESTED.contains(code),
            "{code}'s suggestion was never applied"
        );
    }
}
