//! A plan a marketer can review (#15): times in the spec's zone, every ad with its ad
//! group, list order kept where it means something, weekdays Monday first, creatives
//! one per line, lines within 100 columns, colour on a terminal (and never with
//! `NO_COLOR`), the Markdown `diff` block with its markers in the first column, and
//! help that fits the flags given.

use std::process::{Command, Output};

use insta::assert_snapshot;
use serde_json::Value;
use smartplus::output::text::width;

use crate::harness::*;

/// An ad group in Tokyo time, one with no zone at all, and an ad with two texts and
/// dayparting on Monday and Sunday; START and END are days (`YYYY-MM-DD`) to come.
const ZONES_TEMPLATE: &str = r#"advertiser_id: "7000000000000000001"
currency: USD
campaigns:
  - name: New year - JP and US
    objective: web_conversions
    sales_destination: website
    budget:
      cbo: true
      amount: 500
    ad_groups:
      - name: Tokyo
        optimization: { goal: convert, event: complete_payment, pixel_id: "7100000000000000001" }
        schedule:
          start: "START 00:00"
          end: "END 00:00"
          time_zone: Asia/Tokyo
          dayparting:
            sunday: ["10:00-18:00"]
            monday: ["09:00-17:00"]
        targeting: { locations: ["1861060"] }
        ads:
          - name: Hero video
            identity: { type: tiktok_user, id: "7200000000000000001" }
            creatives:
              - video: { id: v10033g50000newyr01, cover: "ad-site-i18n-sg/cover-01" }
              - video: { id: v10033g50000newyr02, cover: "ad-site-i18n-sg/cover-02" }
            texts: [First text, Second text]
            call_to_action_id: "7500000000000000001"
            landing_page: https://shop.example.com/new-year
      - name: Nowhere in particular
        optimization: { goal: convert, event: complete_payment, pixel_id: "7100000000000000001" }
        schedule:
          start: "START 00:00"
        targeting: { locations: ["6252001"] }
        ads:
          - name: Hero video
            identity: { type: tiktok_user, id: "7200000000000000001" }
            creatives:
              - video: { id: v10033g50000newyr01, cover: "ad-site-i18n-sg/cover-01" }
            texts: [First text]
            call_to_action_id: "7500000000000000001"
            landing_page: https://shop.example.com/new-year
"#;

/// The spec, starting a month from now and ending three weeks later.
fn zones() -> String {
    ZONES_TEMPLATE
        .replace("START", &day_ahead(30))
        .replace("END", &day_ahead(51))
}

fn ok(o: &Output, want: i32) -> String {
    assert_eq!(code(o), want, "{}", both(o));
    stdout(o)
}

/// Every line of `text` within 100 columns (East Asian wide characters count two).
fn assert_fits(text: &str) {
    for line in text.lines() {
        assert!(width(line) <= 100, "{} columns: {line}", width(line));
    }
}

#[test]
fn a_plan_of_the_fixtures_fits_in_100_columns() {
    let emu = Emu::start();
    let w = Workdir::with_fixtures();
    let out = ok(&w.run(&emu, &["plan"]), 0);
    assert_fits(&out);
    // Creatives one per line, every ad with its ad group.
    assert!(
        out.contains("      + creatives:\n            video v10033g50000hero01"),
        "{out}"
    );
    assert!(
        !out.contains("in campaign `Spring sale - US prospecting` will be created\n      + status: enabled\n      + identity"),
        "an ad named by its campaign alone:\n{out}"
    );
    assert_snapshot!("fixtures_plan", redact(&out));
}

#[test]
fn times_are_shown_in_the_zone_the_spec_writes_them_in() {
    let emu = Emu::start();
    let w = Workdir::new();
    w.write("zones.yaml", &zones());
    let out = ok(&w.run(&emu, &["plan"]), 0);
    // The spec's Tokyo midnight, as written, with its zone named; UTC only where the
    // spec names no zone, and said so.
    let (start, end) = (day_ahead(30), day_ahead(51));
    assert!(
        out.contains(&format!("+ schedule.start: {start} 00:00 Asia/Tokyo")),
        "{out}"
    );
    assert!(
        out.contains(&format!("+ schedule.end: {end} 00:00 Asia/Tokyo")),
        "{out}"
    );
    assert!(
        out.contains(&format!("+ schedule.start: {start} 00:00 UTC")),
        "{out}"
    );
    // The machine format keeps UTC, and says which zone people see.
    let json = ok(&w.run(&emu, &["plan", "--format", "json"]), 0);
    let doc: Value = serde_json::from_str(&json).expect("JSON");
    let tokyo = doc["changes"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == "Tokyo"))
        .expect("the Tokyo ad group");
    assert_eq!(tokyo["time_zone"], "Asia/Tokyo", "{tokyo:#}");
    let start = tokyo["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["path"] == "schedule.start"))
        .expect("a start");
    // Tokyo is nine hours ahead of UTC: its midnight is 15:00 the day before.
    let utc = jiff::civil::Date::strptime("%Y-%m-%d", day_ahead(30))
        .expect("date")
        .yesterday()
        .expect("a day before");
    assert_eq!(start["new"], format!("{utc} 15:00:00"), "{start:#}");
    let ads: Vec<&Value> = doc["changes"]
        .as_array()
        .map(|c| c.iter().filter(|c| c["kind"] == "ad").collect())
        .unwrap_or_default();
    assert_eq!(ads.len(), 2);
    assert_eq!(ads[0]["ad_group"], "Tokyo");
    assert_eq!(ads[1]["ad_group"], "Nowhere in particular");
    assert_snapshot!("zones_plan", redact_times(&out));
}

/// Makes every live Smart+ object 30 days old, past learning and bid windows.
fn age_everything(emu: &Emu) {
    let when = (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * 30))
        .strftime("%Y-%m-%d %H:%M:%S")
        .to_string();
    for (kind, key) in [
        ("campaign", "campaign_id"),
        ("adgroup", "adgroup_id"),
        ("ad", "smart_plus_ad_id"),
    ] {
        for o in emu.list(kind) {
            emu.age(kind, o[key].as_str().expect("id"), &when);
        }
    }
}

#[test]
fn text_order_is_kept_and_weekdays_come_monday_first() {
    let emu = Emu::start();
    let w = Workdir::new();
    w.write("zones.yaml", &zones());
    ok(&w.run(&emu, &["apply", "--auto-approve"]), 0);
    age_everything(&emu);
    // Applied as written, the plan is clean: the order of texts is kept on the way.
    ok(&w.run(&emu, &["plan", "--detailed-exitcode"]), 0);
    let swapped = zones()
        .replacen("[First text, Second text]", "[Second text, First text]", 1)
        .replace("\"10:00-18:00\"", "\"11:00-18:00\"")
        .replace("\"09:00-17:00\"", "\"08:00-17:00\"");
    w.write("zones.yaml", &swapped);
    let out = ok(&w.run(&emu, &["plan", "--detailed-exitcode"]), 2);
    // Order is a change of its own (the first text leads), shown in order.
    assert!(
        out.contains("~ texts: [First text, Second text] → [Second text, First text]"),
        "{out}"
    );
    let monday = out.find("schedule.dayparting.monday").expect("monday");
    let sunday = out.find("schedule.dayparting.sunday").expect("sunday");
    assert!(monday < sunday, "{out}");
    assert_fits(&out);
    assert_snapshot!("reordered_plan", redact_times(&out));
}

/// `smartplus plan` here against `emu`, colour left to the terminal, which
/// `CLICOLOR_FORCE` stands in for.
fn coloured(w: &Workdir, emu: &Emu, no_color: bool) -> Output {
    let mut c: Command = smartplus();
    c.current_dir(w.path())
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .env("SMARTPLUS_API_URL", &emu.url)
        .env("TIKTOK_ACCESS_TOKEN", TOKEN)
        .arg("plan");
    if no_color {
        c.env("NO_COLOR", "1");
    }
    c.output().expect("smartplus runs")
}

#[test]
fn colour_on_a_terminal_by_action_and_never_with_no_color() {
    let emu = Emu::start();
    let w = Workdir::new();
    w.write("zones.yaml", &zones());
    let out = ok(&coloured(&w, &emu, false), 0);
    let green = "\u{1b}[32m";
    assert!(
        out.contains(&format!(
            "{green}  + campaign `New year - JP and US` will be created"
        )),
        "{out:?}"
    );
    assert!(
        out.contains(&format!("{green}      + objective: web_conversions")),
        "{out:?}"
    );
    assert_snapshot!("coloured_plan", redact_times(&out).replace('\u{1b}', "␛"));
    let plain = ok(&coloured(&w, &emu, true), 0);
    assert!(!plain.contains('\u{1b}'), "NO_COLOR: {plain:?}");
    assert_eq!(plain, strip_ansi(&out), "the same plan, without colour");
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn markdown_diff_lines_start_with_their_marker() {
    let emu = Emu::start();
    let w = Workdir::new();
    w.write("zones.yaml", &zones());
    let md = ok(&w.run(&emu, &["plan", "--format", "markdown"]), 0);
    let block: Vec<&str> = md
        .lines()
        .skip_while(|l| !l.ends_with("diff"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .collect();
    assert!(block.len() > 10, "{md}");
    for line in &block {
        // A marker in the first column, or a context line (a space): never indented
        // markers, which GitHub does not colour.
        let first = line.chars().next().unwrap_or(' ');
        assert!(
            matches!(first, '+' | '-' | '!' | '|' | ' '),
            "{line:?}\n{md}"
        );
        assert!(!line.trim_start().is_empty(), "{md}");
        if first == ' ' {
            assert!(
                !line.trim_start().starts_with(['+', '-', '!']),
                "an indented marker: {line:?}"
            );
        }
    }
    assert!(
        block[0].starts_with("+ campaign `New year - JP and US`"),
        "{md}"
    );
    assert!(
        block
            .iter()
            .any(|l| l.starts_with("+         video v10033g50000newyr02")),
        "a creative line carries its marker: {md}"
    );
    assert!(md.contains("| Hero video (ad group Tokyo) |"), "{md}");
}

#[test]
fn learning_phase_help_fits_the_flag_and_a_refused_plan_is_not_saved() {
    let emu = Emu::start();
    // Ad groups that start at once: they learn from now on.
    let w = Workdir::with_fixture("web-cbo-automatic.yaml");
    ok(&w.run(&emu, &["apply", "--auto-approve"]), 0);
    // A 1% budget change, right after launch.
    let file = w.path().join("campaigns/web-cbo-automatic.yaml");
    let spec = std::fs::read_to_string(&file).expect("spec");
    w.write(
        "web-cbo-automatic.yaml",
        &spec.replace("amount: 500.00", "amount: 505.00"),
    );
    let saved = w.path().join("refused.plan");
    let o = w.run(&emu, &["plan", "--out", "refused.plan"]);
    let out = ok(&o, 1);
    assert!(out.contains("error[SP302]"), "{out}");
    assert!(
        out.contains("pass --allow-learning-reset to edit anyway"),
        "{out}"
    );
    assert!(!saved.exists(), "a refused plan is not saved");
    let err = stderr(&o);
    assert!(
        err.contains("warning: the plan was not saved to `refused.plan`: it is refused"),
        "{err}"
    );

    let allowed = w.run(
        &emu,
        &["plan", "--allow-learning-reset", "--out", "allowed.plan"],
    );
    let out = ok(&allowed, 0);
    assert!(out.contains("warning[SP302]"), "{out}");
    assert!(
        out.contains("edited anyway, as --allow-learning-reset asks"),
        "{out}"
    );
    assert!(!out.contains("pass --allow-learning-reset"), "{out}");
    assert!(w.path().join("allowed.plan").exists(), "{}", both(&allowed));
    assert_snapshot!("allowed_learning_reset", redact_days(&out));
}
