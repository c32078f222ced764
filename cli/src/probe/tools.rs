//! `probe --tools`: one chat request with one trivial function
//! (`tool_choice: "auto"`, a small `max_tokens`), its answer sorted by
//! core into a real call, plain text, a refusal, or a call left in the
//! text; the capability diagnostics are then read again with it.

use modelroute_core::capabilities::tools::{classify_tools, tools_body, ToolsOutcome};
use modelroute_core::capabilities::Capabilities;
use modelroute_core::diagnostics::diagnose_capabilities;
use modelroute_core::probe::{classify_completion, ProbeTarget};

use super::{Checks, Found, Progress};
use crate::failure::ProbeFailure;
use crate::net::{self, send};

/// Sends the tools request and records what it got in `found`.
pub(super) async fn stage(
    target: &ProbeTarget,
    client: &reqwest::Client,
    checks: Checks,
    progress: &Progress,
    found: &mut Found,
) -> Result<(), ProbeFailure> {
    progress.start("tools");
    let req = net::post_json(
        client,
        &target.chat_url,
        target.api_key.as_deref(),
        &[],
        tools_body(&target.model),
    );
    let answer = match send(req).await {
        Ok(a) => a,
        Err(kind) => return Err(progress.fail(target, kind)),
    };
    let Some(tools) = classify_tools(answer.status, &answer.body) else {
        // An answer that says nothing about tools is the failure it is.
        return match classify_completion(
            &target.chat_url,
            answer.status,
            answer.content_type.as_deref(),
            &answer.body,
        ) {
            Err(kind) => Err(progress.fail(target, kind)),
            Ok(()) => {
                progress.end("warning", "an answer without a message".to_owned());
                Ok(())
            }
        };
    };
    let (outcome, what) = match tools.outcome {
        ToolsOutcome::ToolCalls => ("ok", "a real tool call"),
        ToolsOutcome::Text => ("warning", "plain text, no call"),
        ToolsOutcome::Refused => ("warning", "refused"),
        ToolsOutcome::CallAsText => ("warning", "a call written into the text"),
    };
    progress.end(outcome, format!("{what}: {}", tools.detail));
    let caps = found
        .capabilities
        .clone()
        .unwrap_or_else(Capabilities::unknown);
    found.diagnostics = diagnose_capabilities(
        found.family,
        &target.model,
        &caps,
        checks.min_context,
        Some(&tools),
    );
    found.tools_probe = Some(tools);
    Ok(())
}
