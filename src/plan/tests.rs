//! Planner unit tests: the diff is pure, so live accounts are built in memory.

use serde_json::{Value, json};

use super::model::{Action, Kind};
use super::{DesiredCampaign, Options, plan};
use crate::spec::SpecFile;
use crate::spec::load::parse_str;
use crate::wire::{LiveAccount, LiveAdGroup, LiveCampaign, lower};

fn now() -> jiff::Timestamp {
    "2026-11-20T12:00:00Z".parse().expect("valid time")
}

fn example(name: &str) -> SpecFile {
    let path = format!("{}/tests/fixtures/specs/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("example exists");
    let spec = parse_str(&text)
        .map_err(|d| d.message)
        .expect("example parses");
    resolved(&spec)
}

/// The spec with its names resolved against an account that has each of them once
/// (and a CTA portfolio of each list of calls to action), as `plan` does first.
fn resolved(spec: &SpecFile) -> SpecFile {
    use crate::spec::refs::{self, RefKind, Written};
    use crate::wire::catalog::{Catalog, Entry, Place, Portfolio};
    let mut catalog = Catalog {
        pixels: Some(Vec::new()),
        identities: Some(Vec::new()),
        audiences: Some(Vec::new()),
        interests: Some(Vec::new()),
        forms: Some(Vec::new()),
        portfolios: Some(Vec::new()),
        ..Catalog::default()
    };
    let mut next = 8_000_000_000_000_000u64;
    let mut id = || {
        next += 1;
        next.to_string()
    };
    for r in refs::references(spec) {
        match (r.read().expect("example references read"), r.kind) {
            (
                Written::Place {
                    name,
                    within,
                    country,
                },
                _,
            ) => {
                if catalog.places.values().any(|p| p.name == name) {
                    continue;
                }
                let mut parent = country.geoname_id.to_owned();
                for region in within.iter().rev() {
                    let pid = id();
                    catalog.places.insert(
                        pid.clone(),
                        Place {
                            id: pid.clone(),
                            name: region.clone(),
                            geo_type: "PROVINCE".into(),
                            country: country.iso.into(),
                            parent: Some(parent),
                        },
                    );
                    parent = pid;
                }
                let pid = id();
                catalog.places.insert(
                    pid.clone(),
                    Place {
                        id: pid,
                        name,
                        geo_type: "PROVINCE".into(),
                        country: country.iso.into(),
                        parent: Some(parent),
                    },
                );
            }
            (Written::Name(name), kind) => {
                let list = match kind {
                    RefKind::Pixel => &mut catalog.pixels,
                    RefKind::Identity(_) => &mut catalog.identities,
                    RefKind::Audience => &mut catalog.audiences,
                    RefKind::Interest => &mut catalog.interests,
                    RefKind::Form => &mut catalog.forms,
                    RefKind::Location => continue,
                };
                let list = list.get_or_insert_with(Vec::new);
                let identity_type = match kind {
                    RefKind::Identity(t) => Some(t.wire().to_owned()),
                    _ => None,
                };
                // A path `Parent > Child` is a chain of categories; `@handle` an
                // identity found by its user name.
                let mut parent: Option<String> = None;
                for part in name.split('>').map(str::trim) {
                    let (shown, aliases) = match part.strip_prefix('@') {
                        Some(handle) => (handle.to_owned(), vec![part.to_owned()]),
                        None => (part.to_owned(), Vec::new()),
                    };
                    let known = list
                        .iter()
                        .find(|e| e.name == shown && e.identity_type == identity_type)
                        .map(|e| e.id.clone());
                    let this = known.unwrap_or_else(|| {
                        let new = id();
                        list.push(Entry {
                            id: new.clone(),
                            name: shown,
                            aliases,
                            identity_type: identity_type.clone(),
                            parent: parent.clone(),
                            ..Entry::default()
                        });
                        new
                    });
                    parent = Some(this);
                }
            }
            _ => {}
        }
    }
    for c in spec.campaigns.iter() {
        for a in c.ad_groups.iter().flat_map(|g| g.ads.iter()) {
            if let Some(list) = &a.call_to_action_portfolio {
                let mut calls: Vec<String> = list.iter().map(|c| c.wire().to_owned()).collect();
                calls.sort();
                let portfolios = catalog.portfolios.get_or_insert_with(Vec::new);
                if !portfolios.iter().any(|p| p.calls_to_action == calls) {
                    portfolios.push(Portfolio {
                        id: id(),
                        calls_to_action: calls,
                    });
                }
            }
        }
    }
    let mut out = spec.clone();
    for c in &mut out.campaigns.value {
        *c = super::resolve::resolve(c, &catalog, &[])
            .map_err(|f| format!("{f:?}"))
            .expect("example names resolve")
            .campaign
            .into_owned();
    }
    out
}

/// What a server would hold after creating `body`: ids, times and filled defaults.
fn served(mut body: Value, id_key: &str, id: u64, created: &str) -> Value {
    let o = body.as_object_mut().expect("object body");
    o.insert(id_key.into(), json!(id.to_string()));
    o.insert("create_time".into(), json!(created));
    o.insert("modify_time".into(), json!(created));
    if id_key == "adgroup_id" {
        o.entry("click_attribution_window")
            .or_insert(json!("SEVEN_DAYS"));
        o.entry("view_attribution_window")
            .or_insert(json!("ONE_DAY"));
        o.entry("attribution_event_count").or_insert(json!("EVERY"));
        o.entry("pacing").or_insert(json!("PACING_MODE_SMOOTH"));
        o.entry("dayparting").or_insert(json!("1".repeat(336)));
        if o.get("placement_type") == Some(&json!("PLACEMENT_TYPE_AUTOMATIC")) {
            o.insert(
                "placements".into(),
                json!([
                    "PLACEMENT_TIKTOK",
                    "PLACEMENT_PANGLE",
                    "PLACEMENT_GLOBAL_APP_BUNDLE"
                ]),
            );
        }
    }
    if id_key == "smart_plus_ad_id"
        && let Some(Value::Array(list)) = o.get_mut("creative_list")
    {
        for (i, c) in list.iter_mut().enumerate() {
            if let Some(c) = c.as_object_mut() {
                c.insert("ad_material_id".into(), json!(format!("9{i}")));
                c.insert("material_operation_status".into(), json!("ENABLE"));
            }
        }
    }
    body
}

/// The account as it would be right after applying `spec`.
fn applied(spec: &SpecFile, created: &str) -> LiveAccount {
    let mut next = 1_000_000_000_000_000u64;
    let mut id = || {
        next += 1;
        next
    };
    let account = spec.account.as_ref();
    let campaigns = spec
        .campaigns
        .iter()
        .map(|c| {
            let ad_groups = c
                .ad_groups
                .iter()
                .map(|g| {
                    // Lowered when it was made: a start now is the creation's.
                    let at = crate::spec::schedule::parse_wire_time(created).expect("a wire time");
                    let body = lower::ad_group(c, g, account, at).expect("lowers");
                    LiveAdGroup {
                        raw: served(body, "adgroup_id", id(), created),
                        ads: g
                            .ads
                            .iter()
                            .map(|a| served(lower::ad(a), "smart_plus_ad_id", id(), created))
                            .collect(),
                    }
                })
                .collect();
            LiveCampaign {
                raw: served(lower::campaign(c), "campaign_id", id(), created),
                ad_groups: Some(ad_groups),
            }
        })
        .collect();
    LiveAccount {
        campaigns,
        ..Default::default()
    }
}

fn desired(spec: &SpecFile) -> Vec<DesiredCampaign<'_>> {
    spec.campaigns
        .iter()
        .map(|c| DesiredCampaign {
            spec: c,
            account: spec.account.as_ref(),
        })
        .collect()
}

fn opts() -> Options {
    Options {
        now: now(),
        ..Default::default()
    }
}

#[test]
fn every_fixture_plans_clean_after_apply() {
    let dir = format!("{}/tests/fixtures/specs", env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("tests/fixtures/specs/ exists") {
        let path = entry.expect("entry").path();
        // Only the specs (`campaigns/assets/` holds their media).
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let mut spec = example(&name);
        // Files become ids before planning (`assets::resolve`, which reads the
        // account): here each file stands for an id named after it.
        for c in &mut spec.campaigns.value {
            *c = crate::assets::resolve::substitute(c, &|_, f| {
                crate::spec::Sp::new(format!("id-of-{}", f.value))
            });
        }
        let live = applied(&spec, "2026-10-01 00:00:00");
        let p = plan("1", &desired(&spec), &live, &opts()).expect("plans");
        let changed: Vec<_> = p
            .changes
            .iter()
            .filter(|c| c.action != Action::Unchanged)
            .collect();
        assert!(
            changed.is_empty(),
            "{name}: expected no changes, got {changed:#?}"
        );
        seen += 1;
    }
    assert!(seen > 0);
}

#[test]
fn empty_account_creates_everything_in_order() {
    let spec = example("web-cbo-automatic.yaml");
    let p = plan("1", &desired(&spec), &LiveAccount::default(), &opts()).expect("plans");
    let kinds: Vec<(Action, Kind)> = p.changes.iter().map(|c| (c.action, c.kind)).collect();
    assert_eq!(kinds[0], (Action::Create, Kind::Campaign));
    assert!(kinds.iter().all(|(a, _)| *a == Action::Create));
    let groups = p.changes.iter().filter(|c| c.kind == Kind::AdGroup).count();
    assert_eq!(groups, spec.campaigns[0].ad_groups.len());
    let first_group = p
        .changes
        .iter()
        .find(|c| c.kind == Kind::AdGroup)
        .expect("group");
    assert_eq!(first_group.parent.as_deref(), Some("c0"));
    assert!(first_group.parent_id.is_none());
}

fn edited(f: impl FnOnce(&mut SpecFile)) -> (SpecFile, LiveAccount) {
    let spec = example("web-cbo-automatic.yaml");
    let live = applied(&spec, "2026-10-01 00:00:00");
    let mut spec = spec;
    f(&mut spec);
    (spec, live)
}

#[test]
fn budget_change_is_an_in_place_update() {
    let (spec, live) = edited(|s| {
        let b = &mut s.campaigns.value[0].budget.value;
        b.amount = Some(crate::spec::Sp::new("550".parse().expect("amount")));
    });
    let p = plan("1", &desired(&spec), &live, &opts()).expect("plans");
    let c = &p.changes[0];
    assert_eq!(c.action, Action::Update);
    assert_eq!(c.fields.len(), 1, "{:?}", c.fields);
    assert_eq!(c.fields[0].path, "budget.amount");
    assert_eq!(c.update, Some(json!({"budget": 550})));
    assert!(!p.refused());
}

#[test]
fn objective_change_is_a_refused_replace() {
    let (spec, live) = edited(|s| {
        s.campaigns.value[0].objective.value = crate::spec::enums::Objective::LeadGeneration;
    });
    let p = plan("1", &desired(&spec), &live, &opts()).expect("plans");
    assert_eq!(p.changes[0].action, Action::Replace);
    assert!(p.changes[0].findings.iter().any(|f| f.code == "SP301"));
    assert!(p.refused());
    let mut allowed = opts();
    allowed.selection.allow_replace = true;
    let p = plan("1", &desired(&spec), &live, &allowed).expect("plans");
    assert!(!p.refused());
    // Children of a replaced campaign are created under the new one.
    assert!(
        p.changes
            .iter()
            .filter(|c| c.kind == Kind::AdGroup)
            .all(|c| c.action == Action::Create)
    );
}

#[test]
fn edits_in_the_learning_phase_are_refused() {
    let spec = example("web-cbo-automatic.yaml");
    let live = applied(&spec, "2026-11-17 12:00:00");
    let mut spec = spec;
    spec.campaigns.value[0].budget.value.amount =
        Some(crate::spec::Sp::new("600".parse().expect("amount")));
    let p = plan("1", &desired(&spec), &live, &opts()).expect("plans");
    let f = p.changes[0]
        .findings
        .iter()
        .find(|f| f.code == "SP302")
        .expect("SP302");
    assert!(f.message.contains("3d 0h ago"), "{}", f.message);
    assert!(p.refused());
    // A rename is not an edit of what was learnt.
    let mut renamed = example("web-cbo-automatic.yaml");
    renamed.campaigns.value[0].name.value = "Renamed".into();
    let live_id = Kind::Campaign.id_of(&live.campaigns[0].raw).expect("id");
    renamed.campaigns.value[0].id = Some(crate::spec::Sp::new(live_id));
    let p = plan("1", &desired(&renamed), &live, &opts()).expect("plans");
    assert_eq!(p.changes[0].action, Action::Update);
    assert!(!p.refused(), "{:?}", p.changes[0].findings);
}

#[test]
fn an_ios_app_campaign_plans_clean_with_or_without_its_ad_groups() {
    let spec = *Box::new(
        parse_str(
            r#"
campaigns:
  - name: iOS launch
    objective: app_promotion
    app: {id: "7600000000000000001", platform: ios}
    budget: {cbo: true, amount: 100}
    ad_groups:
      - name: US
        optimization: {goal: install}
        targeting: {locations: ["6252001"]}
"#,
        )
        .map_err(|d| d.message)
        .expect("spec parses"),
    );
    let mut live = applied(&spec, "2026-10-01 00:00:00");
    let p = plan("1", &desired(&spec), &live, &opts()).expect("plans");
    assert_eq!(
        p.changes[0].action,
        Action::Unchanged,
        "{:#?}",
        p.changes[0]
    );
    // An apply that stopped after the campaign: nothing says the platform changed.
    live.campaigns[0].ad_groups = Some(Vec::new());
    let p = plan("1", &desired(&spec), &live, &opts()).expect("plans");
    assert_eq!(
        p.changes[0].action,
        Action::Unchanged,
        "{:#?}",
        p.changes[0]
    );
}

#[test]
fn creating_an_ad_group_that_started_long_ago_is_refused() {
    let mut spec = example("web-cbo-automatic.yaml");
    let g = &mut spec.campaigns.value[0].ad_groups.value[0];
    let schedule = g
        .schedule
        .get_or_insert_with(|| crate::spec::Sp::new(crate::spec::model::Schedule::default()));
    schedule.value.start = Some(crate::spec::Sp::new("2026-09-01 00:00".into()));
    let p = plan("1", &desired(&spec), &LiveAccount::default(), &opts()).expect("plans");
    let refusals: Vec<_> = p.all_findings().filter(|f| f.code == "SP310").collect();
    assert_eq!(refusals.len(), 1, "{refusals:?}");
    assert!(p.refused());
    // Once it exists, its old start is simply what it is: no finding.
    let live = applied(&spec, "2026-09-01 00:00:00");
    let p = plan("1", &desired(&spec), &live, &opts()).expect("plans");
    assert!(p.all_findings().all(|f| f.code != "SP310"));
}

/// A lifetime ad group that runs for a duration: its end counts from when it was
/// made, so later plans show no change until the duration itself changes.
#[test]
fn a_duration_counts_from_the_live_start() {
    let text = r#"
campaigns:
  - name: Flight
    objective: web_conversions
    sales_destination: website
    budget: { cbo: true, mode: total, amount: 9000 }
    ad_groups:
      - name: G
        optimization: { goal: click }
        schedule: { duration: 30d }
        targeting: { locations: ["6252001"] }
"#;
    let spec = *Box::new(parse_str(text).map_err(|d| d.message).expect("spec"));
    let live = applied(&spec, "2026-11-20 12:00:00");
    let group = &live.campaigns[0].ad_groups.as_ref().expect("read")[0].raw;
    assert_eq!(group["schedule_start_time"], json!("2026-11-20 12:00:00"));
    assert_eq!(group["schedule_end_time"], json!("2026-12-20 12:00:00"));
    // Three days on: the same flight.
    let later = Options {
        now: "2026-11-23T09:00:00Z".parse().expect("time"),
        ..opts()
    };
    let p = plan("1", &desired(&spec), &live, &later).expect("plans");
    assert!(!p.has_changes(), "{:#?}", p.changes);
    // A longer flight moves the end, from the same start.
    let mut longer = spec.clone();
    longer.campaigns.value[0].ad_groups.value[0]
        .schedule
        .as_mut()
        .expect("schedule")
        .value
        .duration = Some(crate::spec::Sp::new("45d".into()));
    let p = plan("1", &desired(&longer), &live, &later).expect("plans");
    let g = p
        .changes
        .iter()
        .find(|c| c.kind == Kind::AdGroup)
        .expect("ad group");
    assert_eq!(g.action, Action::Update);
    assert_eq!(g.fields.len(), 1, "{:?}", g.fields);
    assert_eq!(g.fields[0].path, "schedule.duration");
    assert_eq!(g.fields[0].old, Some(json!("30d")));
    assert_eq!(g.fields[0].new, Some(json!("45d")));
    let update = g.update.as_ref().expect("update body");
    assert_eq!(update["schedule_end_time"], json!("2027-01-04 12:00:00"));
    assert!(update.get("schedule_start_time").is_none(), "{update}");
}

/// Renaming a campaign, an ad group or an ad without `id:` (a case change, or a new
/// name with the same settings) is refused while the old one is enabled (SP314).
#[test]
fn renames_without_a_pin_are_refused_beside_the_live_object() {
    let spec = example("web-cbo-automatic.yaml");
    let live = applied(&spec, "2026-10-01 00:00:00");
    let sp314 = |p: &super::Plan| -> Vec<String> {
        p.findings
            .iter()
            .filter(|f| f.code == "SP314")
            .map(|f| format!("{}: {}", f.severity.as_str(), f.message))
            .collect()
    };
    let renamed = |edit: &dyn Fn(&mut crate::spec::model::Campaign)| {
        let mut s = spec.clone();
        edit(&mut s.campaigns.value[0]);
        s
    };
    let cases: Vec<(&str, SpecFile)> = vec![
        (
            "campaign case",
            renamed(&|c| c.name.value = c.name.value.to_uppercase()),
        ),
        (
            "campaign name",
            renamed(&|c| c.name.value = "Brand new name".into()),
        ),
        (
            "ad group spacing",
            renamed(&|c| c.ad_groups.value[0].name.value = "US  Broad".into()),
        ),
        (
            "ad group name",
            renamed(&|c| c.ad_groups.value[0].name.value = "Broad audience".into()),
        ),
        (
            "ad case",
            renamed(&|c| c.ad_groups.value[0].ads.value[0].name.value = "hero VIDEO".into()),
        ),
        (
            "ad name",
            renamed(&|c| c.ad_groups.value[0].ads.value[0].name.value = "Another ad".into()),
        ),
    ];
    for (case, s) in &cases {
        let p = plan("1", &desired(s), &live, &opts()).expect("plans");
        let found = sp314(&p);
        assert_eq!(found.len(), 1, "{case}: {found:?}");
        assert!(found[0].starts_with("error: "), "{case}: {found:?}");
        assert!(p.refused(), "{case}");
        let allowed = Options {
            selection: super::Selection {
                allow_lookalike: true,
                ..Default::default()
            },
            ..opts()
        };
        let p = plan("1", &desired(s), &live, &allowed).expect("plans");
        assert!(sp314(&p)[0].starts_with("warning: "), "{case}");
        assert!(!p.refused(), "{case}: {:?}", p.findings);
    }
    // The campaign rename names the live campaign, its status and budget.
    let p = plan("1", &desired(&cases[0].1), &live, &opts()).expect("plans");
    let message = &sp314(&p)[0];
    let id = Kind::Campaign.id_of(&live.campaigns[0].raw).expect("id");
    assert!(
        message.contains(&format!(
            "live campaign `Spring sale - US prospecting` (id {id}, enabled, daily budget 500)"
        )),
        "{message}"
    );
    // A paused look-alike spends nothing: no finding.
    let mut paused = live.clone();
    paused.campaigns[0].raw["operation_status"] = json!("DISABLE");
    let p = plan("1", &desired(&cases[1].1), &paused, &opts()).expect("plans");
    assert!(sp314(&p).is_empty(), "{:?}", p.findings);
    // A campaign another spec file has (outside `--target`) is nobody's look-alike.
    let outside = Options {
        outside: vec![("Spring sale - US prospecting".into(), None)],
        ..opts()
    };
    let p = plan("1", &desired(&cases[1].1), &live, &outside).expect("plans");
    assert!(sp314(&p).is_empty(), "{:?}", p.findings);
}

/// The account figure counts every enabled campaign: Smart+ ones the plan is not
/// about, legacy and manual ones; paused ones do not count, and a campaign the plan
/// pauses stops counting after it.
#[test]
fn the_account_budget_counts_every_enabled_campaign() {
    use crate::wire::{OtherCampaign, OtherKind};
    let spec = example("web-cbo-automatic.yaml");
    let mut live = applied(&spec, "2026-10-01 00:00:00");
    live.campaigns.push(LiveCampaign {
        raw: json!({"campaign_id": "77", "campaign_name": "Elsewhere", "objective_type": "WEB_CONVERSIONS",
            "budget_optimize_on": true, "budget_mode": "BUDGET_MODE_DYNAMIC_DAILY_BUDGET",
            "budget": 300, "operation_status": "ENABLE"}),
        ad_groups: None,
    });
    let other = |id: &str, mode: &str, budget: Value, status: &str, kind| OtherCampaign {
        id: id.into(),
        name: format!("Other {id}"),
        kind,
        raw: json!({"campaign_id": id, "budget_mode": mode, "budget": budget, "operation_status": status}),
    };
    live.others = vec![
        other(
            "81",
            "BUDGET_MODE_DAY",
            json!(50),
            "ENABLE",
            OtherKind::Manual,
        ),
        other(
            "82",
            "BUDGET_MODE_INFINITE",
            json!(0),
            "ENABLE",
            OtherKind::LegacySmartPlus,
        ),
        other(
            "83",
            "BUDGET_MODE_DAY",
            json!(1000),
            "DISABLE",
            OtherKind::Manual,
        ),
    ];
    let s = super::spend::summarise(&desired(&spec), &live, &[]);
    assert_eq!(s.others.count, 3, "{s:?}");
    assert_eq!(s.others.before.daily.to_string(), "350");
    assert!(
        s.others.before.uncapped,
        "a budget on ad groups is not read"
    );
    assert_eq!(s.account_before.daily.to_string(), "850");
    assert_eq!(s.account.daily.to_string(), "850");
    let paused = super::spend::summarise(&desired(&spec), &live, &["77".to_string()]);
    assert_eq!(paused.others.after.daily.to_string(), "50");
    assert_eq!(paused.account.daily.to_string(), "550");
    assert_eq!(paused.account_before.daily.to_string(), "850");
}

/// Shortening a flight so that its end has passed is refused before it is sent.
#[test]
fn a_shortened_duration_that_has_passed_is_refused() {
    let text = r#"
campaigns:
  - name: Flight
    objective: web_conversions
    sales_destination: website
    budget: { cbo: true, mode: total, amount: 9000 }
    ad_groups:
      - name: G
        optimization: { goal: click }
        schedule: { duration: 30d }
        targeting: { locations: ["6252001"] }
"#;
    let spec = *Box::new(parse_str(text).map_err(|d| d.message).expect("spec"));
    let live = applied(&spec, "2026-11-20 12:00:00");
    let mut shorter = spec.clone();
    shorter.campaigns.value[0].ad_groups.value[0]
        .schedule
        .as_mut()
        .expect("schedule")
        .value
        .duration = Some(crate::spec::Sp::new("2d".into()));
    let later = Options {
        now: "2026-11-25T00:00:00Z".parse().expect("time"),
        ..opts()
    };
    let p = plan("1", &desired(&shorter), &live, &later).expect("plans");
    assert!(p.refused());
    assert!(
        p.all_findings().any(|f| f.code == "SP313"),
        "{:#?}",
        p.changes
    );
}

#[test]
fn a_budget_change_repeats_deep_funnel_optimisation() {
    let spec = example("web-cbo-automatic.yaml");
    let mut live = applied(&spec, "2026-10-01 00:00:00");
    let mut changed = example("web-cbo-automatic.yaml");
    changed.campaigns.value[0].budget.value.amount =
        Some(crate::spec::Sp::new("600".parse().expect("amount")));
    let body = |live: &LiveAccount| {
        let p = plan("1", &desired(&changed), live, &opts()).expect("plans");
        assert_eq!(p.changes[0].action, Action::Update);
        p.changes[0].update.clone().expect("an update body")
    };
    assert!(body(&live).get("deep_funnel_optimization_status").is_none());
    // Live refuses the budget change of such a campaign unless it is sent again.
    let groups = live.campaigns[0].ad_groups.as_mut().expect("read");
    groups[0].raw["deep_funnel_toggle"] = json!("ON");
    let b = body(&live);
    assert_eq!(b["deep_funnel_optimization_status"], "ON");
    assert!(b.get("budget").is_some(), "{b}");
}

#[test]
fn all_ages_round_trips() {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/specs/web-cbo-automatic.yaml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("example exists")
    .replace("minimum_age: \"18+\"", "minimum_age: all");
    let spec = resolved(&parse_str(&text).map_err(|d| d.message).expect("parses"));
    let live = applied(&spec, "2026-10-01 00:00:00");
    let sent = &live.campaigns[0].ad_groups.as_ref().expect("read")[0].raw;
    assert_eq!(sent["targeting_spec"]["spc_audience_age"], "ALL");
    let p = plan("1", &desired(&spec), &live, &opts()).expect("plans");
    assert!(
        p.changes.iter().all(|c| c.action == Action::Unchanged),
        "{:#?}",
        p.changes
    );
}

#[test]
fn a_start_close_ahead_is_a_warning_and_a_passed_start_is_not_sent_again() {
    let mut spec = example("web-cbo-automatic.yaml");
    let set_schedule = |spec: &mut SpecFile, start: &str, end: &str| {
        let g = &mut spec.campaigns.value[0].ad_groups.value[0];
        let s = g
            .schedule
            .get_or_insert_with(|| crate::spec::Sp::new(crate::spec::model::Schedule::default()));
        s.value.start = Some(crate::spec::Sp::new(start.into()));
        s.value.end = Some(crate::spec::Sp::new(end.into()));
        s.value.time_zone = Some(crate::spec::Sp::new("UTC".into()));
    };
    // Five minutes ahead of the plan's clock (12:00 UTC): a warning, no refusal.
    set_schedule(&mut spec, "2026-11-20 12:05", "2026-12-20 12:05");
    let p = plan("1", &desired(&spec), &LiveAccount::default(), &opts()).expect("plans");
    let found: Vec<_> = p.all_findings().filter(|f| f.code == "SP310").collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity, crate::spec::Severity::Warning);
    assert!(!p.refused());
    // Once it runs, a new end goes out without the start that has passed.
    set_schedule(&mut spec, "2026-11-01 00:00", "2026-12-20 12:05");
    let live = applied(&spec, "2026-10-30 00:00:00");
    set_schedule(&mut spec, "2026-11-01 00:00", "2026-12-31 12:00");
    let p = plan("1", &desired(&spec), &live, &opts()).expect("plans");
    let group = p
        .changes
        .iter()
        .find(|c| c.kind == Kind::AdGroup && c.action == Action::Update)
        .expect("the end changes");
    let body = group.update.as_ref().expect("update body");
    assert_eq!(body["schedule_end_time"], "2026-12-31 12:00:00");
    assert!(body.get("schedule_start_time").is_none(), "{body}");
    assert!(p.all_findings().all(|f| f.code != "SP310"));
}

#[test]
fn campaigns_written_in_ids_are_resolved_without_a_copy() {
    use std::borrow::Cow;
    let spec = |location: &str| {
        parse_str(&format!(
            "campaigns:\n  - name: In ids\n    objective: web_conversions\n    sales_destination: website\n    budget: {{ cbo: true, mode: dynamic_daily, amount: 100 }}\n    ad_groups:\n      - name: G\n        optimization: {{ goal: convert, event: complete_payment, pixel_id: \"7100000000000000001\" }}\n        targeting: {{ locations: [\"{location}\"] }}\n        ads:\n          - name: A\n            identity: {{ type: tiktok_user, id: \"7200000000000000001\" }}\n            creatives:\n              - video: {{ id: v10033g50000x, cover: \"ad-site-i18n-sg/cover\" }}\n            texts: [Hi]\n            call_to_action_id: \"7500000000000000001\"\n            landing_page: https://shop.example.com/\n"
        ))
        .map_err(|d| d.message)
        .expect("spec parses")
    };
    let catalog = crate::wire::catalog::Catalog::default();
    let ids = spec("6252001");
    let r = super::resolve::resolve(&ids.campaigns[0], &catalog, &[]).expect("resolves");
    assert!(matches!(r.campaign, Cow::Borrowed(_)));
    assert!(r.resolutions.is_empty());
    // A country code is a name to resolve (offline): the copy carries its id.
    let country = spec("US");
    let r = super::resolve::resolve(&country.campaigns[0], &catalog, &[]).expect("resolves");
    let Cow::Owned(c) = r.campaign else {
        panic!("a campaign that names a country is copied");
    };
    let locations = c.ad_groups[0]
        .targeting
        .locations
        .as_ref()
        .expect("locations");
    assert_eq!(locations[0].value, "6252001");
    assert_eq!(r.resolutions.len(), 1);
}
