//! Budgets against spend, from the command line: today's spend holds for ad group
//! budgets as for campaign ones (SP311), and when spend cannot be read the plan says
//! the budget rules could not check it (SP315) instead of passing in silence.

use serde_json::json;

use crate::harness::*;

/// Ad groups with their own budgets (no CBO).
const AD_GROUP_BUDGETS: &str = "web-ad-group-budgets-cost-cap.yaml";
/// A CBO campaign with a daily budget of 500.
const CBO: &str = "web-cbo-automatic.yaml";

fn ok(o: &std::process::Output) {
    assert_eq!(code(o), 0, "{}", both(o));
}

fn spec(w: &Workdir, name: &str) -> String {
    std::fs::read_to_string(w.path().join("campaigns").join(name)).expect("spec")
}

#[test]
fn an_ad_group_budget_under_todays_spend_is_refused_at_plan_time() {
    let emu = Emu::start();
    let w = Workdir::with_fixture(AD_GROUP_BUDGETS);
    ok(&w.run(&emu, &["apply", "--auto-approve"]));
    let group = emu
        .list("adgroup")
        .into_iter()
        .find(|g| g["adgroup_name"] == "DE 25-44 productivity")
        .expect("the ad group");
    let gid = id(&group, "adgroup_id");
    let r = emu.blocking_post(
        "/_emulator/spend",
        json!({"kind": "adgroup", "id": gid, "spend": "700", "today": "580"}),
    );
    assert_eq!(r["today"], "580", "{r}");
    let original = spec(&w, AD_GROUP_BUDGETS);
    let lowered = original.replacen("amount: 600 }", "amount: 550 }", 1);
    assert_ne!(lowered, original);
    w.write(AD_GROUP_BUDGETS, &lowered);
    let o = w.run(&emu, &["plan", "--allow-learning-reset"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    let out = stdout(&o);
    assert!(out.contains("error[SP311]"), "{out}");
    assert!(
        out.contains("ad group `DE 25-44 productivity` has spent 580"),
        "{out}"
    );
    assert!(
        out.contains("580.01 USD"),
        "the smallest budget that works: {out}"
    );
    // Applying it anyway would change nothing: the emulator ignores it, as TikTok does.
    // Above today's spend it goes through and the plan converges.
    w.write(
        AD_GROUP_BUDGETS,
        &original.replacen("amount: 600 }", "amount: 590 }", 1),
    );
    let o = w.run(&emu, &["apply", "--auto-approve", "--allow-learning-reset"]);
    ok(&o);
    assert!(!stdout(&o).contains("SP311"), "{}", both(&o));
    ok(&w.run(&emu, &["plan", "--detailed-exitcode"]));
}

#[test]
fn spend_that_cannot_be_read_is_said_not_passed_over() {
    let emu = Emu::start();
    let w = Workdir::with_fixture(CBO);
    ok(&w.run(&emu, &["apply", "--auto-approve"]));
    let raised = spec(&w, CBO).replace("amount: 500.00", "amount: 520");
    w.write(CBO, &raised);
    // No report access (the client reads it as "spend unknown"), then a report that
    // fails outright (an error the client does not expect): both are said.
    for (code_, reason) in [(40001, "No permission"), (40002, "report_type")] {
        let r = emu.blocking_post(
            "/_emulator/refuse",
            json!({"path": "report/integrated/get/", "code": code_,
                   "message": format!("{reason}: refused by the test")}),
        );
        assert_eq!(r["code"], code_, "{r}");
        let o = w.run(&emu, &["plan", "--allow-learning-reset"]);
        ok(&o);
        let out = stdout(&o);
        assert!(out.contains("warning[SP315]"), "{code_}: {out}");
        let flat = flat(&out);
        assert!(
            flat.contains("could not be checked against what it has spent today and in total"),
            "{code_}: {out}"
        );
        assert!(flat.contains(reason), "{code_}: the reason is given: {out}");
    }
    emu.blocking_post(
        "/_emulator/refuse",
        json!({"path": "report/integrated/get/", "code": null}),
    );
    let o = w.run(&emu, &["plan", "--allow-learning-reset"]);
    ok(&o);
    assert!(!stdout(&o).contains("SP315"), "{}", both(&o));
}
