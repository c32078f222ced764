//! Criterion benchmarks for the hot paths: `cargo bench -p modelroute-core --bench resolve`.

use std::collections::{BTreeMap, HashMap};
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use modelroute_core::{is_valid_model_id, report, resolve, ResolveOptions};

/// A 30-variable environment like a developer shell's, with the local
/// provider's own variables set.
fn env30() -> HashMap<String, String> {
    let mut env: HashMap<String, String> = (0..26)
        .map(|i| {
            (
                format!("SOME_VARIABLE_{i}"),
                format!("value-{i}-{}", "x".repeat(i)),
            )
        })
        .collect();
    env.insert("OLLAMA_BASE_URL".into(), "http://127.0.0.1:11434/".into());
    env.insert("LOCAL_LLM_BASE_URL".into(), "http://shared:8000".into());
    env.insert("OLLAMA_API_KEY".into(), "sk-ollama-key-0123456789".into());
    env.insert("PATH".into(), "/usr/local/bin:/usr/bin:/bin".into());
    assert_eq!(env.len(), 30);
    env
}

fn benches(c: &mut Criterion) {
    let env = env30();
    let opts = ResolveOptions::default();
    c.bench_function("resolve local id, 30-variable env", |b| {
        b.iter(|| resolve(black_box("ollama/llama3.1:8b"), black_box(&env), &opts))
    });
    let btree: BTreeMap<String, String> = env.clone().into_iter().collect();
    c.bench_function("resolve local id, 30-variable env (BTreeMap)", |b| {
        b.iter(|| resolve(black_box("ollama/llama3.1:8b"), black_box(&btree), &opts))
    });
    c.bench_function("report + serialize, local id", |b| {
        b.iter(|| serde_json::to_string(&report(black_box("ollama/llama3.1:8b"), &env, &opts)))
    });
    c.bench_function("resolve hf router id, 30-variable env", |b| {
        b.iter(|| {
            resolve(
                black_box("moonshotai/Kimi-K2-Instruct:fastest"),
                black_box(&env),
                &opts,
            )
        })
    });
    c.bench_function("is_valid_model_id", |b| {
        b.iter(|| is_valid_model_id(black_box("vllm/meta-llama/Llama-3.1-8B-Instruct")))
    });
    c.bench_function("is_valid_model_id, hf router id", |b| {
        b.iter(|| is_valid_model_id(black_box("moonshotai/Kimi-K2-Instruct:fastest")))
    });
}

criterion_group!(group, benches);
criterion_main!(group);
