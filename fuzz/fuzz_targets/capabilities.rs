//! The capability parsers and the tools classifier: no panic for any
//! family, model name, status or body, and every number they keep is a
//! plausible count (hostile metadata reads as unknown).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use modelroute_core::capabilities::tools::classify_tools;
use modelroute_core::capabilities::{read, Reply, Support, FAMILIES, MAX_TOKENS};
use modelroute_core::diagnostics::diagnose_capabilities;

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    family: u8,
    model: &'a str,
    models: Option<(u16, &'a [u8])>,
    extra: Vec<Option<(u16, &'a [u8])>>,
    min_context: u64,
}

fuzz_target!(|input: Input| {
    let family = FAMILIES[usize::from(input.family) % FAMILIES.len()].family;
    let models = input.models.map(|(status, body)| Reply { status, body });
    let extra: Vec<Option<Reply>> = input
        .extra
        .iter()
        .map(|r| r.map(|(status, body)| Reply { status, body }))
        .collect();
    let caps = read(family, input.model, models, &extra);
    for n in [caps.context.served, caps.context.max].into_iter().flatten() {
        assert!((1..=MAX_TOKENS).contains(&n));
    }
    for f in [&caps.tools, &caps.vision] {
        assert_eq!(f.source.is_some(), f.support != Support::Unknown);
    }
    let _ = serde_json::to_string(&caps).unwrap();
    let tools = input.models.and_then(|(status, body)| classify_tools(status, body));
    let found = diagnose_capabilities(
        Some(family),
        input.model,
        &caps,
        input.min_context,
        tools.as_ref(),
    );
    for d in found {
        assert!(d.severity <= d.code.max_severity());
    }
});
