//! A campaign whose objective is not a Smart+ one smartplus manages is never written:
//! a spec with it would fail `validate` (SP101), and no other objective may stand in
//! for it, so `--allow-partial` does not write it either, and the message says so.

use serde_json::{Value, json};

use crate::harness::*;

/// The documented lead generation campaign (no ad groups), under `objective`.
fn campaign(id: &str, name: &str, objective: &str) -> Value {
    let mut c = super::fixtures::fixture("campaign_get.json")[0].clone();
    assert_eq!(c["objective_type"], "LEAD_GENERATION", "{c}");
    c["campaign_id"] = json!(id);
    c["campaign_name"] = json!(name);
    c["objective_type"] = json!(objective);
    c
}

fn served() -> Emu {
    let emu = Emu::with(smartplus::emulator::Config {
        seed_account: false,
        ..Emu::config()
    });
    let r = emu.blocking_post(
        "/_emulator/objects",
        json!({"campaigns": [
            campaign("1800000000000101", "Product sales", "PRODUCT_SALES"),
            campaign("1800000000000102", "Shop ads", "SHOP_ADS"),
            campaign("1800000000000103", "Leads", "LEAD_GENERATION"),
        ]}),
    );
    assert_eq!(r["added"], 3, "{r}");
    emu
}

#[test]
fn campaigns_with_other_objectives_are_refused_even_with_allow_partial() {
    let emu = served();
    let w = Workdir::new();
    for extra in [&[][..], &["--allow-partial"][..]] {
        let mut args = vec!["import", "--all", "--advertiser-id", ADVERTISER];
        args.extend_from_slice(&["--out-dir", "imported", "--force"]);
        args.extend_from_slice(extra);
        let out = w.run(&emu, &args);
        assert_eq!(code(&out), 1, "{extra:?}: {}", both(&out));
        let err = stderr(&out);
        for needle in [
            "campaign `Product sales` (id 1800000000000101) not imported",
            "objective_type `PRODUCT_SALES` is not a Smart+ objective",
            "objective_type `SHOP_ADS` is not a Smart+ objective",
            "--allow-partial does not write it either",
        ] {
            assert!(
                err.contains(needle),
                "{extra:?}: `{needle}` missing:\n{err}"
            );
        }
        // Said once, as the reason, not as a setting --allow-partial could drop.
        assert!(!err.contains("objective_type: "), "{err}");
        assert!(!err.contains("pass --allow-partial"), "{err}");
        let mut written: Vec<String> = std::fs::read_dir(w.path().join("imported"))
            .expect("the other campaign is written")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        written.sort();
        assert_eq!(written, ["leads.yaml"], "{extra:?}: {}", both(&out));
    }
    // What was written is valid.
    let validate = w.run_plain(&["validate", "imported"]);
    assert_eq!(code(&validate), 0, "{}", both(&validate));
    // Asked for by id, the refusal is the same.
    let out = w.run(
        &emu,
        &[
            "import",
            "--campaign-id",
            "1800000000000101",
            "--advertiser-id",
            ADVERTISER,
            "--out-dir",
            "by-id",
            "--allow-partial",
        ],
    );
    assert_eq!(code(&out), 1, "{}", both(&out));
    assert!(
        stdout(&out).contains("objective_type `PRODUCT_SALES`"),
        "{}",
        both(&out)
    );
    assert!(!w.path().join("by-id/product-sales.yaml").exists());
}
