//! Prints the resolution of a model id as JSON, with the environment given
//! as `NAME=VALUE` arguments: `cargo run -p modelroute-core --example resolve -- ollama/llama3.1:8b OLLAMA_BASE_URL=http://gpu:11434`.
use modelroute_core::{resolve, ResolveOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let id = args
        .next()
        .unwrap_or_else(|| "ollama/llama3.1:8b".to_owned());
    let env: Vec<(String, String)> = args
        .filter_map(|a| a.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
        .collect();
    match resolve(&id, &env, &ResolveOptions::default()) {
        Ok(r) => println!(
            "{}",
            serde_json::to_string_pretty(&r).expect("serializable")
        ),
        Err(e) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&e).expect("serializable")
            );
            std::process::exit(3);
        }
    }
}
