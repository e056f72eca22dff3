//! The fuzz harness: the readers of outside data (the spec loader from a file, the
//! saved-plan reader, the sandbox state reader, the API client's answers) take
//! generated and mutated input for a fixed time each, and never panic; what they
//! accept, the next step can use.
//!
//! Each target runs for [`BUDGET`] (at least [`MIN_CASES`] cases) from a random seed,
//! printed on failure; `SMARTPLUS_FUZZ_SEED=N cargo test --test it hostile::props`
//! replays it.

use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Value, json};
use smartplus::api::{Client, ClientOptions, Policy};

use super::*;
use crate::harness::fake::{Fake, Reply};
use crate::validate::props::{Mutation, apply, examples, mutation};

/// Time each target runs for.
const BUDGET: Duration = Duration::from_millis(800);
/// Cases each target runs at least, however slow the machine.
const MIN_CASES: u32 = 40;

/// Runs `check` on values from `strategy` until the budget is spent.
fn fuzz<S>(target: &str, strategy: S, mut check: impl FnMut(&S::Value))
where
    S: Strategy,
    S::Value: Debug,
{
    let seed: u64 = std::env::var("SMARTPLUS_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    let bytes: Vec<u8> = seed.to_le_bytes().repeat(4);
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let deadline = Instant::now() + BUDGET;
    let mut cases = 0u32;
    while cases < MIN_CASES || Instant::now() < deadline {
        let value = strategy
            .new_tree(&mut runner)
            .expect("a generated value")
            .current();
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| check(&value))) {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            panic!(
                "{target}: case {cases} failed (replay with SMARTPLUS_FUZZ_SEED={seed}): {why}\ninput: {value:?}"
            );
        }
        cases += 1;
    }
}

/// Byte-level damage to any input.
#[derive(Clone, Debug)]
enum Damage {
    Keep,
    Truncate(usize),
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
    Repeat(usize, usize, u8),
}

fn damage() -> impl Strategy<Value = Damage> {
    let nasty = prop_oneof![
        Just(b"\0".to_vec()),
        Just(b"\xff\xfe".to_vec()),
        Just("\u{feff}".as_bytes().to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\x1b[2J".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"{".to_vec()),
        Just(b"]".to_vec()),
        Just(b"9999999999999999999999".to_vec()),
        proptest::collection::vec(any::<u8>(), 1..8),
    ];
    prop_oneof![
        Just(Damage::Keep),
        any::<usize>().prop_map(Damage::Truncate),
        (any::<usize>(), nasty).prop_map(|(at, b)| Damage::Insert(at, b)),
        (any::<usize>(), 1..64usize).prop_map(|(at, n)| Damage::Remove(at, n)),
        (any::<usize>(), 1..4usize, any::<u8>()).prop_map(|(at, n, b)| Damage::Repeat(at, n, b)),
    ]
}

fn damaged(bytes: &[u8], d: &Damage) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let at = |i: usize| i % (out.len() + 1);
    match d {
        Damage::Keep => {}
        Damage::Truncate(i) => out.truncate(at(*i)),
        Damage::Insert(i, b) => {
            let i = at(*i);
            out.splice(i..i, b.iter().copied());
        }
        Damage::Remove(i, n) => {
            let i = at(*i);
            let end = (i + n).min(out.len());
            out.drain(i..end);
        }
        Damage::Repeat(i, n, b) => {
            let i = at(*i);
            out.splice(i..i, std::iter::repeat_n(*b, n * 1000));
        }
    }
    out
}

/// A JSON value changed at one place: replaced by an odd value, or removed.
#[derive(Clone, Debug)]
struct Edit {
    at: usize,
    with: Option<Value>,
}

fn edit() -> impl Strategy<Value = Edit> {
    let odd = prop_oneof![
        Just(Value::Null),
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(18_446_744_073_709_551_615u64)),
        Just(json!(1.5e300)),
        Just(json!("")),
        Just(json!("2026-02-30T25:61:00Z")),
        Just(json!("\u{1b}[2J\0")),
        Just(json!([])),
        Just(json!({})),
        Just(json!(true)),
        Just(json!([[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]])),
        "[a-z_]{0,12}".prop_map(Value::String),
    ];
    (any::<usize>(), proptest::option::weighted(0.85, odd)).prop_map(|(at, with)| Edit { at, with })
}

/// Applies `edit` to the `at`-th node of `v` (depth first, modulo the node count).
fn edited(v: &Value, e: &Edit) -> Value {
    fn count(v: &Value) -> usize {
        1 + match v {
            Value::Array(a) => a.iter().map(count).sum(),
            Value::Object(o) => o.values().map(count).sum(),
            _ => 0,
        }
    }
    fn walk(v: &mut Value, target: &mut usize, with: Option<&Value>) -> bool {
        let children: Vec<String> = match v {
            Value::Object(o) => o.keys().cloned().collect(),
            _ => Vec::new(),
        };
        if let Value::Object(o) = v {
            for k in children {
                if *target == 0 {
                    match with {
                        Some(w) => o.insert(k, w.clone()),
                        None => o.remove(&k),
                    };
                    return true;
                }
                *target -= 1;
                if walk(o.get_mut(&k).expect("key"), target, with) {
                    return true;
                }
            }
        } else if let Value::Array(a) = v {
            for i in 0..a.len() {
                if *target == 0 {
                    match with {
                        Some(w) => a[i] = w.clone(),
                        None => {
                            a.remove(i);
                        }
                    }
                    return true;
                }
                *target -= 1;
                if walk(&mut a[i], target, with) {
                    return true;
                }
            }
        }
        false
    }
    let mut out = v.clone();
    let mut target = e.at % count(v).max(1);
    walk(&mut out, &mut target, e.with.as_ref());
    out
}

/// JSON text from `seed`: a few structural edits, then byte damage.
fn json_input(seed: &Value) -> impl Strategy<Value = Vec<u8>> + use<> {
    let seed = seed.clone();
    (proptest::collection::vec(edit(), 0..4), damage()).prop_map(move |(edits, d)| {
        let v = edits.iter().fold(seed.clone(), |v, e| edited(&v, e));
        damaged(&serde_json::to_vec_pretty(&v).expect("JSON"), &d)
    })
}

/// A saved plan and the sandbox's state file, made by the real binary.
fn seeds() -> (Value, Value) {
    let w = Workdir::with_fixture(EXAMPLE);
    let o = w.run_plain(&["plan", "--sandbox", "--out", "plan.json"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let read = |p: &str| -> Value {
        serde_json::from_slice(&std::fs::read(w.path().join(p)).expect("seed file")).expect("JSON")
    };
    (read("plan.json"), read(".smartplus/sandbox.json"))
}

#[test]
fn fuzz_the_spec_loader_from_files() {
    let texts = examples();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("fuzzed.yaml");
    let input = prop_oneof![
        (
            any::<usize>(),
            proptest::collection::vec(mutation(), 0..4),
            damage()
        )
            .prop_map(move |(pick, ms, d): (usize, Vec<Mutation>, Damage)| {
                let text = ms
                    .iter()
                    .fold(texts[pick % texts.len()].clone(), |t, m| apply(&t, m));
                damaged(text.as_bytes(), &d)
            }),
        proptest::collection::vec(any::<u8>(), 0..512),
    ];
    let ctx = smartplus::spec::rules::Context::default();
    fuzz("spec loader", input, |bytes| {
        std::fs::write(&path, bytes).expect("write");
        let v = smartplus::spec::validate(std::slice::from_ref(&path), &ctx).expect("a file");
        // Either parsed, or one located error; never both, never neither.
        assert_eq!(v.files.len() + v.unreadable.len(), 1);
        if !v.unreadable.is_empty() {
            assert!(v.errors() >= 1, "{:?}", v.diagnostics);
        }
        for d in &v.diagnostics {
            assert!(d.pos.line >= 1 && d.pos.column >= 1, "{d:?}");
        }
    });
}

/// Found by the fuzzer (seed 5811288956317870725): a misspelt key in an anchored
/// mapping was read as the key it meant at the first alias only; the later uses got
/// a stand-in, which the rules then judged (an unlocated SP110).
#[test]
fn a_misspelt_key_behind_an_alias_is_lost_at_every_use_not_stood_in() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("aliased.yaml");
    let ad = |n: u32| {
        format!(
            "          - {{name: Ad {n}, identity: *brand, call_to_action_id: \"7500000000000000001\", creatives: [{{video: {{id: v{n}, cover: c{n}}}}}], texts: [Hi]}}\n"
        )
    };
    let text = format!(
        "shared:\n  identity: &brand {{tyep: tiktok_user, id: \"7200000000000000001\"}}\ncurrency: USD\ncampaigns:\n  - name: Summer sale\n    objective: web_conversions\n    sales_destination: website\n    budget: {{cbo: true, amount: 200}}\n    ad_groups:\n      - name: US broad\n        optimization: {{goal: convert, event: complete_payment, pixel_id: \"7100000000000000001\"}}\n        targeting: {{locations: [\"6252001\"]}}\n        ads:\n{}{}",
        ad(1),
        ad(2)
    );
    std::fs::write(&path, text).expect("write");
    let ctx = smartplus::spec::rules::Context::default();
    let v = smartplus::spec::validate(std::slice::from_ref(&path), &ctx).expect("a file");
    let codes: Vec<&str> = v.diagnostics.iter().map(|d| d.code).collect();
    assert!(v.errors() >= 1, "the misspelling is an error: {codes:?}");
    for d in &v.diagnostics {
        assert!(d.pos.line >= 1 && d.pos.column >= 1, "{d:?}");
        assert_ne!(d.code, "SP110", "a stand-in reached the rules: {d:?}");
    }
}

#[test]
fn fuzz_the_saved_plan_and_state_readers() {
    let (plan, state) = seeds();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("fuzzed.json");
    fuzz("saved-plan reader", json_input(&plan), |bytes| {
        std::fs::write(&path, bytes).expect("write");
        if let Ok(saved) = smartplus::ops::apply::read_saved(&path) {
            // What is accepted can be checked against the world.
            let _ = saved.check_offline(
                jiff::Timestamp::now(),
                &saved.target,
                &saved.advertiser_id,
                &saved.spec_hash,
            );
        }
    });
    fuzz("sandbox state reader", json_input(&state), |bytes| {
        std::fs::write(&path, bytes).expect("write");
        let _ = smartplus::emulator::state::load(&path);
    });
}

#[test]
fn fuzz_the_api_answers() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let answer: Arc<Mutex<(u16, Vec<u8>)>> = Arc::default();
    let served = Arc::clone(&answer);
    let fake = rt.block_on(Fake::start(move |_, _| {
        let (status, body) = served.lock().expect("answer").clone();
        Reply::http(status, &String::from_utf8_lossy(&body))
    }));
    let options = ClientOptions {
        qps: std::num::NonZeroU32::new(100_000).expect("non-zero"),
        retry: Policy {
            max_attempts: 1,
            ..Policy::default()
        },
        ..ClientOptions::default()
    };
    let client =
        Client::new(&fake.url, secrecy::SecretString::from(TOKEN), options).expect("client");
    let page = json!({
        "code": 0, "message": "OK", "request_id": "1",
        "data": {
            "list": [{"campaign_id": "1", "campaign_name": "A"}, {"campaign_id": "2"}],
            "page_info": {"page": 1, "page_size": 1000, "total_number": 2, "total_page": 1}
        }
    });
    let body = prop_oneof![
        4 => json_input(&page),
        1 => proptest::collection::vec(any::<u8>(), 0..256),
        1 => Just(b"<html><title>502 Bad Gateway</title></html>".to_vec()),
    ];
    let status = prop_oneof![8 => Just(200u16), 1 => Just(400u16), 1 => Just(503u16)];
    fuzz("API answers", (status, body), |(status, body)| {
        *answer.lock().expect("answer") = (*status, body.clone());
        let result =
            rt.block_on(client.list_all("smart_plus/campaign/get/", ADVERTISER, None, None, 1000));
        if let Err(e) = result {
            let shown = e.to_string();
            assert!(!shown.contains(TOKEN), "{shown}");
            assert!(shown.len() < 2000, "{} bytes: {shown}", shown.len());
        }
        let _ = rt.block_on(client.get("smart_plus/campaign/get/", &[]));
    });
}
