//! Live campaigns become spec files: raised by `wire::raise` (the one wire → spec
//! mapping), then made short and readable for a person to maintain.
//!
//! Pure: the live objects and the account facts in, spec files out.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use serde_json::Value;

use crate::api::Kind;
use crate::api::endpoints::AdvertiserInfo;
use crate::spec::enums::{BudgetMode, Objective};
use crate::spec::model::{Account, AdGroup, Campaign, Dayparting, SpecFile};
use crate::spec::{Sp, schedule};
use crate::wire::{LiveCampaign, raise};

/// What every imported file says about the account.
#[derive(Clone, Debug)]
pub struct AccountFacts {
    pub advertiser_id: String,
    pub currency: String,
    /// The account's IANA time zone, when it names one jiff knows.
    pub time_zone: Option<String>,
    /// The zone schedules are written in (UTC when the account's is unknown).
    pub tz: TimeZone,
}

impl AccountFacts {
    pub fn new(info: &AdvertiserInfo) -> Self {
        let known = TimeZone::get(info.timezone.trim()).ok();
        AccountFacts {
            advertiser_id: info.advertiser_id.clone(),
            currency: info.currency.to_ascii_uppercase(),
            time_zone: known.as_ref().map(|_| info.timezone.trim().to_string()),
            tz: known.unwrap_or(TimeZone::UTC),
        }
    }

    /// The `account:` block of every imported file.
    pub fn account(&self) -> Account {
        Account {
            time_zone: self.time_zone.clone().map(Sp::new),
            ..Account::default()
        }
    }
}

/// One Upgraded Smart+ campaign as a spec file, and what stands in its way.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    /// The file: account facts and this one campaign, ids pinned.
    pub file: SpecFile,
    pub ad_groups: usize,
    pub ads: usize,
    /// Settings the spec format cannot express yet, as `where: key: value`.
    pub unsupported: Vec<String>,
    /// Why no valid spec can be written for it as it is.
    pub conflicts: Vec<Conflict>,
}

/// What keeps a live campaign from being written as a valid spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Conflict {
    /// A name used twice where a spec needs it unique: what, and where.
    DuplicateName(String),
    /// An objective that is not a Smart+ one smartplus manages (the literal as read,
    /// empty when there is none): a spec with it would not validate (SP101), and no
    /// other objective may stand in for it.
    Objective(String),
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Conflict::DuplicateName(what) => f.write_str(what),
            Conflict::Objective(o) if o.is_empty() => f.write_str("no objective_type"),
            Conflict::Objective(o) => write!(f, "objective_type `{o}` is not a Smart+ objective"),
        }
    }
}

impl Conflict {
    /// What the user can do about it.
    pub fn help(&self) -> &'static str {
        match self {
            Conflict::DuplicateName(_) => {
                "names identify campaigns, ad groups and ads in a spec; rename one of them in Ads Manager and import again"
            }
            Conflict::Objective(_) => {
                "smartplus manages Smart+ campaigns for web conversions, app promotion and lead generation; a spec with another objective would not validate, so --allow-partial does not write it either: leave the campaign in Ads Manager"
            }
        }
    }
}

impl Candidate {
    pub fn campaign(&self) -> Option<&Campaign> {
        self.file.campaigns.first()
    }
}

/// When an object was created, for ordering (wire times sort as text).
fn created(raw: &Value) -> String {
    raw.get("create_time")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Oldest first, so a file reads in the order the campaign was built. Lists come
/// newest first, so objects made in the same second keep their order reversed.
fn by_age<T>(items: &mut [T], raw: impl Fn(&T) -> &Value) {
    items.reverse();
    items.sort_by_key(|x| created(raw(x)));
}

/// Orders live campaigns oldest first (file names given to duplicates follow it).
pub fn sort_campaigns(campaigns: &mut [&LiveCampaign]) {
    by_age(campaigns, |c| &c.raw);
}

/// Builds the spec file for one live campaign; `now` decides whether a start has passed.
pub fn campaign(lc: &LiveCampaign, facts: &AccountFacts, now: jiff::Timestamp) -> Candidate {
    let mut groups: Vec<(&Value, Vec<Value>)> = lc
        .ad_groups
        .iter()
        .flatten()
        .map(|g| {
            let mut ads = g.ads.clone();
            by_age(&mut ads, |a| a);
            (&g.raw, ads)
        })
        .collect();
    by_age(&mut groups, |g| g.0);
    let groups: Vec<(&Value, &[Value])> = groups.iter().map(|(g, ads)| (*g, &ads[..])).collect();
    let raised = raise::campaign(&lc.raw, &groups, &facts.tz);
    let mut c = raised.value;
    let account = facts.account();
    tidy_campaign(&mut c);
    for (g, (raw, _)) in c.ad_groups.value.iter_mut().zip(&groups) {
        tidy_schedule(g, raw, &account, now);
        tidy_attribution(g);
    }
    // A campaign without ad groups is imported as it is (SP207 warns about it).
    let mut conflicts = duplicate_names(&c);
    let mut unsupported = raised.unsupported;
    if let Some(literal) = foreign_objective(&lc.raw) {
        // Said once, as the reason nothing is written, not as a setting to drop.
        unsupported.retain(|u| !u.starts_with("objective_type:"));
        conflicts.insert(0, Conflict::Objective(literal));
    }
    Candidate {
        id: Kind::Campaign.id_of(&lc.raw).unwrap_or_default(),
        name: Kind::Campaign.name_of(&lc.raw).to_string(),
        ad_groups: c.ad_groups.len(),
        ads: c.ad_groups.iter().map(|g| g.ads.len()).sum(),
        file: SpecFile {
            advertiser_id: Some(Sp::new(facts.advertiser_id.clone())),
            currency: Some(Sp::new(facts.currency.clone())),
            account: Some(account),
            shared: None,
            campaigns: Sp::new(vec![c]),
        },
        unsupported,
        conflicts,
    }
}

/// The live objective, when it is not a Smart+ objective smartplus knows: a
/// platform literal it does not list (`PRODUCT_SALES` is listed only to be refused),
/// or none at all.
fn foreign_objective(raw: &Value) -> Option<String> {
    let literal = raw
        .get("objective_type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let smart_plus = Objective::from_wire(literal).is_some_and(Objective::is_smart_plus);
    (!smart_plus).then(|| literal.to_owned())
}

/// Leaves out attribution windows when all are the server's defaults (7-day click,
/// 1-day view, every conversion): a spec that says nothing gets the same. Click and
/// view are sent together, so one non-default keeps them all.
fn tidy_attribution(g: &mut crate::spec::model::AdGroup) {
    use crate::spec::enums::{ClickWindow, EventCount, ViewWindow};
    let defaults = g.attribution.as_ref().is_some_and(|a| {
        a.click
            .as_ref()
            .is_none_or(|c| c.value == ClickWindow::SevenDays)
            && a.view
                .as_ref()
                .is_none_or(|v| v.value == ViewWindow::OneDay)
            && a.event_count
                .as_ref()
                .is_none_or(|e| e.value == EventCount::Every)
    });
    if defaults {
        g.attribution = None;
    }
}

/// Leaves out what the platform would fill in anyway.
fn tidy_campaign(c: &mut Campaign) {
    let default_mode = if *c.budget.cbo {
        BudgetMode::DynamicDaily
    } else {
        BudgetMode::Unlimited
    };
    let budget = &mut c.budget.value;
    if budget
        .mode
        .as_ref()
        .is_some_and(|m| m.value == default_mode)
    {
        budget.mode = None;
    }
}

/// The schedule in the file's own terms: the account's zone unless it cannot say the
/// same instants, no start once a schedule without end has started, whole minutes
/// without seconds, and only the weekdays that do not deliver all day.
fn tidy_schedule(g: &mut AdGroup, raw: &Value, account: &Account, now: jiff::Timestamp) {
    let Some(s) = g.schedule.as_mut() else {
        return;
    };
    let s = &mut s.value;
    let wire = |key: &str| {
        raw.get(key)
            .and_then(Value::as_str)
            .and_then(schedule::parse_wire_time)
    };
    let open_ended = raw.get("schedule_type").and_then(Value::as_str) != Some("SCHEDULE_START_END");
    // A start "now" is sent a few minutes ahead of the create (TikTok refuses one
    // that is not in the future), a minute's slack on top.
    let from_now = wire("create_time")
        .map(|t| t + jiff::SignedDuration::from_mins(crate::facts::START_LEAD_MINUTES + 1));
    let begun = |t: jiff::Timestamp| t <= now || from_now.is_some_and(|f| t <= f);
    if open_ended && wire("schedule_start_time").is_none_or(begun) {
        // "From now" (begun, or about to): the spec says it by leaving the start
        // out; a past start would also be refused if the ad group were ever created
        // again.
        s.start = None;
    }
    let account_zone = account.time_zone.as_ref().map(|z| z.value.as_str());
    if s.time_zone.as_ref().map(|z| z.value.as_str()) == account_zone {
        s.time_zone = None;
    }
    // A local time repeated by a clock change reads back as its earlier instant; when
    // that is not the live one, the schedule is written in UTC instead.
    let start_ok = s.start.is_none()
        || schedule::start_utc(s, Some(account)).ok().flatten() == wire("schedule_start_time");
    let end_ok = s.end.is_none()
        || schedule::end_utc(s, Some(account)).ok().flatten() == wire("schedule_end_time");
    if !(start_ok && end_ok) {
        let utc = |t: Option<jiff::Timestamp>| t.map(|t| Sp::new(schedule::wire_time(t)));
        s.start = if s.start.is_some() {
            utc(wire("schedule_start_time"))
        } else {
            None
        };
        s.end = if s.end.is_some() {
            utc(wire("schedule_end_time"))
        } else {
            None
        };
        s.time_zone = Some(Sp::new("UTC".to_string()));
    }
    for t in [&mut s.start, &mut s.end].into_iter().flatten() {
        if let Some(short) = t.value.strip_suffix(":00").filter(|v| v.len() == 16) {
            t.value = short.to_string();
        }
    }
    if let Some(d) = s.dayparting.as_mut() {
        drop_all_day(&mut d.value);
    }
    if s.start.is_none() && s.end.is_none() && s.dayparting.is_none() {
        g.schedule = None;
    }
}

/// Weekdays that deliver all day are left out (a weekday left out delivers all day).
fn drop_all_day(d: &mut Dayparting) {
    for day in [
        &mut d.monday,
        &mut d.tuesday,
        &mut d.wednesday,
        &mut d.thursday,
        &mut d.friday,
        &mut d.saturday,
        &mut d.sunday,
    ] {
        let all_day = day
            .as_ref()
            .is_some_and(|r| r.len() == 1 && r[0].value == "00:00-24:00");
        if all_day {
            *day = None;
        }
    }
}

/// Names that appear twice where the spec needs them unique.
fn duplicate_names(c: &Campaign) -> Vec<Conflict> {
    let mut out = Vec::new();
    let report = |names: Vec<(&str, Option<&Sp<String>>)>, what: &str, scope: &str| {
        let mut seen: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (name, id) in names {
            seen.entry(name)
                .or_default()
                .push(id.map(|i| i.value.clone()).unwrap_or_default());
        }
        seen.into_iter()
            .filter(|(_, ids)| ids.len() > 1)
            .map(|(name, ids)| {
                Conflict::DuplicateName(format!(
                    "{} {what}s {scope} are named `{name}` (ids {})",
                    ids.len(),
                    ids.join(", ")
                ))
            })
            .collect::<Vec<_>>()
    };
    out.extend(report(
        c.ad_groups
            .iter()
            .map(|g| (g.name.as_str(), g.id.as_ref()))
            .collect(),
        "ad group",
        "of this campaign",
    ));
    for g in c.ad_groups.iter() {
        out.extend(report(
            g.ads
                .iter()
                .map(|a| (a.name.as_str(), a.id.as_ref()))
                .collect(),
            "ad",
            &format!("of ad group `{}`", g.name.value),
        ));
    }
    out
}

/// Campaigns whose names are used twice in the import: the planner identifies
/// campaigns by name across files, so neither can be imported as it is.
pub fn mark_duplicate_campaigns(candidates: &mut [Candidate]) {
    let mut ids_by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in candidates.iter() {
        ids_by_name
            .entry(c.name.clone())
            .or_default()
            .push(c.id.clone());
    }
    for c in candidates.iter_mut() {
        let Some(ids) = ids_by_name.get(&c.name).filter(|ids| ids.len() > 1) else {
            continue;
        };
        c.conflicts.insert(
            0,
            Conflict::DuplicateName(format!(
                "{} campaigns are named `{}` (ids {})",
                ids.len(),
                c.name,
                ids.join(", ")
            )),
        );
    }
}

#[cfg(test)]
fn schedule_of(c: &Candidate, group: usize) -> Option<crate::spec::model::Schedule> {
    c.campaign()
        .and_then(|c| c.ad_groups.value.get(group))
        .and_then(|g| g.schedule.as_ref())
        .map(|s| s.value.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::LiveAdGroup;
    use serde_json::json;

    fn facts(zone: &str) -> AccountFacts {
        AccountFacts::new(&AdvertiserInfo {
            advertiser_id: "7000000000000000001".into(),
            name: None,
            currency: "usd".into(),
            timezone: zone.into(),
        })
    }

    fn now() -> jiff::Timestamp {
        "2026-06-01T00:00:00Z".parse().expect("time")
    }

    fn group(id: &str, name: &str, extra: Value) -> Value {
        let mut g = json!({
            "adgroup_id": id,
            "adgroup_name": name,
            "campaign_id": "1",
            "promotion_type": "WEBSITE",
            "optimization_goal": "CLICK",
            "billing_event": "CPC",
            "bid_type": "BID_TYPE_NO_BID",
            "schedule_type": "SCHEDULE_FROM_NOW",
            "schedule_start_time": "2026-01-01 00:00:00",
            "dayparting": "1".repeat(336),
            "placement_type": "PLACEMENT_TYPE_AUTOMATIC",
            "targeting_optimization_mode": "AUTOMATIC",
            "suggestion_audience_enabled": false,
            "targeting_spec": {"location_ids": ["6252001"], "spc_audience_age": "OVER_EIGHTEEN"},
            "operation_status": "ENABLE",
            "create_time": "2026-01-01 00:00:00",
        });
        if let (Value::Object(g), Value::Object(e)) = (&mut g, extra) {
            g.extend(e);
        }
        g
    }

    fn live(groups: Vec<Value>) -> LiveCampaign {
        LiveCampaign {
            raw: json!({
                "campaign_id": "1",
                "campaign_name": "Sale",
                "objective_type": "WEB_CONVERSIONS",
                "sales_destination": "WEBSITE",
                "budget_optimize_on": true,
                "budget_mode": "BUDGET_MODE_DYNAMIC_DAILY_BUDGET",
                "budget": 50,
                "operation_status": "ENABLE",
            }),
            ad_groups: Some(
                groups
                    .into_iter()
                    .map(|raw| LiveAdGroup {
                        raw,
                        ads: Vec::new(),
                    })
                    .collect(),
            ),
        }
    }

    #[test]
    fn defaults_are_left_out_and_ids_pinned() {
        let c = campaign(
            &live(vec![group("11", "G", json!({}))]),
            &facts("Etc/UTC"),
            now(),
        );
        let spec = c.campaign().expect("campaign");
        assert_eq!(spec.id.as_ref().map(|i| i.as_str()), Some("1"));
        assert_eq!(spec.budget.mode, None, "dynamic daily is the CBO default");
        assert_eq!(
            spec.budget.amount.as_ref().map(|a| a.to_string()),
            Some("50".into())
        );
        let g = &spec.ad_groups[0];
        assert_eq!(g.id.as_ref().map(|i| i.as_str()), Some("11"));
        assert!(g.schedule.is_none(), "from now, all day: {:?}", g.schedule);
        assert!(g.targeting.minimum_age.is_none());
        assert_eq!(c.file.currency.as_ref().map(|c| c.as_str()), Some("USD"));
        assert_eq!(
            c.file
                .account
                .as_ref()
                .and_then(|a| a.time_zone.as_ref())
                .map(|z| z.as_str()),
            Some("Etc/UTC")
        );
        assert!(c.conflicts.is_empty() && c.unsupported.is_empty());
    }

    #[test]
    fn schedule_is_written_in_the_account_zone_without_seconds() {
        let g = group(
            "11",
            "G",
            json!({
                "schedule_type": "SCHEDULE_START_END",
                "schedule_start_time": "2026-12-01 05:00:00",
                "schedule_end_time": "2026-12-31 05:00:30",
                "dayparting": format!("{}{}", "0".repeat(48), "1".repeat(288)),
            }),
        );
        let c = campaign(&live(vec![g]), &facts("America/New_York"), now());
        let s = schedule_of(&c, 0).expect("schedule");
        assert_eq!(
            s.start.as_ref().map(|t| t.as_str()),
            Some("2026-12-01 00:00")
        );
        assert_eq!(
            s.end.as_ref().map(|t| t.as_str()),
            Some("2026-12-31 00:00:30")
        );
        assert_eq!(s.time_zone, None);
        let d = s.dayparting.expect("dayparting");
        assert_eq!(d.monday.as_ref().map(|m| m.len()), Some(0));
        assert!(d.tuesday.is_none() && d.sunday.is_none());
    }

    #[test]
    fn a_start_without_end_is_kept_until_it_has_passed() {
        let future = group(
            "11",
            "G",
            json!({"schedule_start_time": "2026-12-01 05:00:00"}),
        );
        let c = campaign(&live(vec![future]), &facts("America/New_York"), now());
        let s = schedule_of(&c, 0).expect("schedule");
        assert_eq!(
            s.start.as_ref().map(|t| t.as_str()),
            Some("2026-12-01 00:00")
        );
        assert_eq!(s.end, None);
        let past = group(
            "11",
            "G",
            json!({"schedule_start_time": "2026-05-01 05:00:00"}),
        );
        let c = campaign(&live(vec![past]), &facts("America/New_York"), now());
        assert_eq!(schedule_of(&c, 0), None);
    }

    #[test]
    fn a_repeated_local_time_falls_back_to_utc() {
        // 06:30 UTC is the second 01:30 in New York on 2026-11-01.
        let g = group(
            "11",
            "G",
            json!({
                "schedule_type": "SCHEDULE_START_END",
                "schedule_start_time": "2026-11-01 06:30:00",
                "schedule_end_time": "2026-12-01 05:00:00",
            }),
        );
        let c = campaign(&live(vec![g]), &facts("America/New_York"), now());
        let s = schedule_of(&c, 0).expect("schedule");
        assert_eq!(s.time_zone.as_ref().map(|z| z.as_str()), Some("UTC"));
        assert_eq!(
            s.start.as_ref().map(|t| t.as_str()),
            Some("2026-11-01 06:30")
        );
        assert_eq!(s.end.as_ref().map(|t| t.as_str()), Some("2026-12-01 05:00"));
    }

    #[test]
    fn unknown_account_zone_writes_utc_explicitly() {
        let g = group(
            "11",
            "G",
            json!({
                "schedule_type": "SCHEDULE_START_END",
                "schedule_end_time": "2026-12-01 05:00:00",
            }),
        );
        let c = campaign(&live(vec![g]), &facts("Mars/Olympus"), now());
        assert!(
            c.file
                .account
                .as_ref()
                .is_some_and(|a| a.time_zone.is_none())
        );
        let s = schedule_of(&c, 0).expect("schedule");
        assert_eq!(s.time_zone.as_ref().map(|z| z.as_str()), Some("UTC"));
    }

    #[test]
    fn a_campaign_without_ad_groups_is_imported() {
        let c = campaign(&live(Vec::new()), &facts("Etc/UTC"), now());
        assert_eq!(c.conflicts, []);
        assert!(c.campaign().is_some_and(|c| c.ad_groups.is_empty()));
    }

    #[test]
    fn duplicate_names_are_conflicts() {
        let c = campaign(
            &live(vec![
                group("11", "G", json!({})),
                group("12", "G", json!({})),
            ]),
            &facts("Etc/UTC"),
            now(),
        );
        assert_eq!(c.conflicts.len(), 1, "{:?}", c.conflicts);
        assert!(
            c.conflicts[0].to_string().contains("ids 12, 11"),
            "{:?}",
            c.conflicts
        );
        let mut two = vec![c.clone(), c];
        two[1].id = "2".into();
        mark_duplicate_campaigns(&mut two);
        assert!(
            two[0].conflicts[0]
                .to_string()
                .contains("2 campaigns are named `Sale` (ids 1, 2)")
        );
    }
}
