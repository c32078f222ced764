//! Id parsing and validation: no panic on any string, and the checks agree
//! with each other.
#![no_main]

use libfuzzer_sys::fuzz_target;
use modelroute_core::model_id::validity;
use modelroute_core::{is_local, is_valid_model_id, parse, requires_hf_token, Route};

fuzz_target!(|id: &str| {
    let valid = is_valid_model_id(id);
    assert_eq!(valid, validity(id).is_ok());
    let local = is_local(id);
    assert!(!local || valid, "a local id is always valid: {id:?}");
    assert_eq!(requires_hf_token(id), !local);
    let parsed = parse(id);
    if local {
        assert_eq!(parsed.route(), Route::Local);
    }
    let _ = serde_json::to_string(&parsed).unwrap();
});
