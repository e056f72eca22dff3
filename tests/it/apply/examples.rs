//! Every example spec in `campaigns/` applies cleanly to a fresh account and then
//! plans to no changes: what apply sends is what plan expects to read back.

use std::path::{Path, PathBuf};

use crate::harness::*;

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("campaigns");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("campaigns/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    files
}

/// The spec's top-level `currency:`, so the emulator account matches it.
fn currency(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix("currency:"))
        .map(|c| c.trim().trim_matches('"').to_string())
}

#[test]
fn every_example_converges_after_apply() {
    let files = examples();
    assert!(!files.is_empty(), "no example specs in campaigns/");
    for path in files {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).expect("read example");
        let mut config = Emu::config();
        if let Some(c) = currency(&text) {
            config.currency = c;
        }
        let emu = Emu::with(config);
        let w = Workdir::new().with_assets();
        w.write(&name, &text);

        let apply = w.run(&emu, &["apply", "--auto-approve"]);
        assert_eq!(
            code(&apply),
            0,
            "{name}: apply failed\n{}{}",
            stdout(&apply),
            stderr(&apply)
        );
        assert!(
            stderr(&apply).contains("Apply complete"),
            "{name}: {}",
            stderr(&apply)
        );
        let plan = w.run(&emu, &["plan", "--detailed-exitcode"]);
        assert_eq!(
            code(&plan),
            0,
            "{name}: changes remain after apply\n{}{}",
            stdout(&plan),
            stderr(&plan)
        );
    }
}

/// Local date and time `days` ahead at `hh:mm` in `zone`, as a spec writes it.
fn local_ahead(zone: &str, days: i64, hh: i8, mm: i8) -> String {
    let tz = jiff::tz::TimeZone::get(zone).expect("zone");
    let day = jiff::Timestamp::now().to_zoned(tz).date() + jiff::ToSpan::days(days);
    day.at(hh, mm, 0, 0).strftime("%Y-%m-%d %H:%M").to_string()
}

/// Dated schedules in several zones (a Tokyo end, Berlin and Chicago starts, a New
/// York start and end from the account's zone) apply and then plan to no changes:
/// the coverage the examples gave before they stopped carrying dates.
#[test]
fn dated_schedules_in_several_zones_converge_after_apply() {
    let group = |name: &str, schedule: &str| {
        format!(
            "      - name: {name}\n        optimization: {{ goal: convert, event: complete_payment, pixel_id: \"7100000000000000001\" }}\n        schedule: {schedule}\n        targeting: {{ mode: automatic, locations: [\"6252001\"] }}\n        ads:\n          - name: Ad {name}\n            identity: {{ type: tiktok_user, id: \"7200000000000000001\" }}\n            creatives:\n              - video: {{ id: v10033g50000dated1, cover: \"ad-site-i18n-sg/cover-dated\" }}\n            texts: [Dated]\n            call_to_action_id: \"7500000000000000001\"\n            landing_page: https://shop.example.com/dated\n"
        )
    };
    let campaign = |name: &str, mode: &str, groups: &str| {
        format!(
            "  - name: {name}\n    objective: web_conversions\n    sales_destination: website\n    budget: {{ cbo: true, mode: {mode}, amount: 3000 }}\n    ad_groups:\n{groups}"
        )
    };
    let daily = [
        group(
            "Berlin morning",
            &format!(
                "{{ start: \"{}\", time_zone: Europe/Berlin }}",
                local_ahead("Europe/Berlin", 20, 6, 0)
            ),
        ),
        group(
            "Chicago morning",
            &format!(
                "{{ start: \"{}\", time_zone: America/Chicago }}",
                local_ahead("America/Chicago", 21, 7, 0)
            ),
        ),
    ]
    .concat();
    let lifetime = [
        group(
            "Tokyo flight",
            &format!(
                "{{ start: \"{}\", end: \"{}\", time_zone: Asia/Tokyo }}",
                local_ahead("Asia/Tokyo", 25, 0, 0),
                local_ahead("Asia/Tokyo", 55, 0, 0)
            ),
        ),
        group(
            "New York flight",
            &format!(
                "{{ start: \"{}\", end: \"{}\" }}",
                local_ahead("America/New_York", 22, 9, 30),
                local_ahead("America/New_York", 52, 21, 0)
            ),
        ),
    ]
    .concat();
    let spec = format!(
        "advertiser_id: \"7000000000000000001\"\ncurrency: USD\naccount:\n  measurement: pixel_and_events_api\n  time_zone: America/New_York\ncampaigns:\n{}{}",
        campaign("Dated daily", "dynamic_daily", &daily),
        campaign("Dated lifetime", "total", &lifetime)
    );
    let emu = Emu::start();
    let w = Workdir::new();
    w.write("dated.yaml", &spec);
    let o = w.run_plain(&["validate", "--deny-warnings"]);
    assert_eq!(code(&o), 0, "{}\n{spec}", both(&o));
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
}
