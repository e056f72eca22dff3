//! `status` rendering: human (one block per campaign and ad group), JSON (see
//! docs/cli.md) and Markdown for a scheduled job's comment or chat post.

use std::fmt::Write;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::text;
use crate::facts::{
    BID_STEP_WINDOW_DAYS, LEARNING_CONVERSIONS_PER_WEEK, LEARNING_PHASE_DAYS,
    LEARNING_VERDICT_DAYS, MAX_BID_STEP_PERCENT,
};
use crate::learning::advice::{Advice, CpaSource};
use crate::learning::{self, Estimate, State};
use crate::plan::saved::TargetLabel;
use crate::spec::Money;
use crate::spec::enums::BudgetMode;
use crate::status::{
    AdGroupStatus, AdStatus, Budget, CampaignStatus, CreativeStatus, Figures, Modules, Source,
    Status, used_percent,
};

pub const FORMAT_VERSION: u32 = 1;

/// How amounts, days and times read: in the account's currency and time zone.
struct Units {
    zone: TimeZone,
    /// Decimal places of the currency.
    places: u32,
    now: Timestamp,
}

impl Units {
    fn of(s: &Status) -> Units {
        let places = s
            .currency
            .as_deref()
            .and_then(crate::facts::currency)
            .map_or(2, |(_, d)| d);
        Units {
            zone: learning::zone(Some(&s.time_zone)),
            places,
            now: s.now,
        }
    }

    fn money(&self, m: Money) -> String {
        let mut d = m.0.round_dp(self.places);
        d.rescale(self.places);
        d.to_string()
    }

    fn opt_money(&self, m: Option<Money>) -> Option<String> {
        m.map(|m| self.money(m))
    }

    /// `2026-03-12 13:00`, in the account's time zone.
    fn time(&self, t: Timestamp) -> String {
        t.to_zoned(self.zone.clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
    }

    /// RFC 3339 with the account's offset, for JSON.
    fn stamp(&self, t: Timestamp) -> String {
        t.to_zoned(self.zone.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string()
    }

    /// `3 days ago`, `today`, `in 2 days`.
    fn ago(&self, t: Timestamp) -> String {
        let days = learning::whole_days(t, self.now);
        match days {
            0 if t <= self.now => "today".to_owned(),
            1 => "1 day ago".to_owned(),
            d if d > 1 => format!("{d} days ago"),
            _ => {
                let ahead = learning::whole_days(self.now, t);
                match ahead {
                    0 => "later today".to_owned(),
                    1 => "in 1 day".to_owned(),
                    d => format!("in {d} days"),
                }
            }
        }
    }
}

/// A delivery status literal in words: `ADGROUP_STATUS_DELIVERY_OK` → `delivering`.
fn delivery_words(literal: Option<&str>, enabled: bool) -> String {
    let Some(literal) = literal else {
        return if enabled { "enabled" } else { "paused" }.to_owned();
    };
    let tail = ["CAMPAIGN_STATUS_", "ADGROUP_STATUS_", "AD_STATUS_"]
        .iter()
        .find_map(|p| literal.strip_prefix(p))
        .unwrap_or(literal);
    let words = match tail {
        "DELIVERY_OK" | "ENABLE" => "delivering",
        "NOT_START" => "not started",
        "TIME_DONE" => "schedule over",
        "DISABLE" => "paused",
        "CAMPAIGN_DISABLE" => "campaign paused",
        "ADGROUP_DISABLE" => "ad group paused",
        "BUDGET_EXCEED" => "budget spent",
        "CAMPAIGN_EXCEED" => "campaign budget spent",
        "BALANCE_EXCEED" => "account balance too low",
        "AUDIT" | "REAUDIT" => "in review",
        "AUDIT_DENY" => "rejected",
        "CREATE" => "no ads yet",
        "DELETE" => "deleted",
        "FROZEN" => "frozen",
        "PARTIAL_AUDIT_DELIVERY_OK" => "delivering (some ads rejected)",
        "PARTIAL_AUDIT_NO_DELIVERY" => "not delivering (some ads rejected)",
        other => return text::line(&other.to_ascii_lowercase().replace('_', " ")).into_owned(),
    };
    words.to_owned()
}

fn state_words(state: State) -> &'static str {
    match state {
        State::Scheduled => "scheduled",
        State::Learning => "learning",
        State::Exited => "exited",
        State::UnlikelyToExit => "unlikely to exit",
        State::Ended => "ended",
        State::Unknown => "unknown",
    }
}

fn modules_words(m: &Modules) -> String {
    let placement = match &m.placements {
        None => "automatic".to_owned(),
        Some(list) => list.join(", "),
    };
    let rotation = m.creative_rotation.map_or("default", |r| r.yaml());
    format!(
        "targeting {} · bidding {} · placement {} · creative rotation {}",
        m.targeting.yaml(),
        m.bidding.yaml(),
        text::line(&placement),
        rotation
    )
}

/// The learning line: the estimate in words, for a terminal or a comment.
fn learning_words(e: &Estimate, u: &Units) -> String {
    let counts = match (e.conversions_7d, e.projected_7d) {
        (Some(n), Some(p)) => format!(
            "{n} conversions in 7 days, on pace for {p} a week (~{LEARNING_CONVERSIONS_PER_WEEK} needed)"
        ),
        _ => "conversions not reported".to_owned(),
    };
    let safe = match (e.safe_from, e.safe_at) {
        (Some(d), Some(at)) if at <= u.now => format!("edits are safe (since {d})"),
        (Some(d), _) => format!("edits are safe from {d}"),
        _ => String::new(),
    };
    let since = match (e.restarted, e.since) {
        (true, Some(s)) => format!(
            " since the edit of {} (the account shows that something changed, not what)",
            u.time(s)
        ),
        _ => String::new(),
    };
    match e.state {
        State::Scheduled => format!(
            "scheduled: starts {}; after that, {safe}",
            e.launch.map(|l| u.time(l)).unwrap_or_default()
        ),
        State::Learning => format!("learning{since}: {counts}; {safe}"),
        State::UnlikelyToExit => format!("unlikely to exit{since}: {counts}; {safe}"),
        State::Exited => format!(
            "exited{}: {counts}; edits are safe (bids: at most {MAX_BID_STEP_PERCENT}% every {BID_STEP_WINDOW_DAYS} days)",
            e.exited_on.map(|d| format!(" by {d}")).unwrap_or_default()
        ),
        State::Ended => "ended: its schedule is over".to_owned(),
        State::Unknown => format!(
            "unknown: past its first {LEARNING_PHASE_DAYS} days, and the report could not be read"
        ),
    }
}

fn cpa_words(cpa: Option<(Decimal, CpaSource)>, u: &Units) -> String {
    match cpa {
        Some((c, CpaSource::Observed)) => {
            format!("the CPA of {} seen over 7 days", u.money(Money::new(c)))
        }
        Some((c, CpaSource::Historical)) => {
            format!("the historical CPA of {}", u.money(Money::new(c)))
        }
        None => "a CPA (none is known yet: set `guidance.historical_cpa`)".to_owned(),
    }
}

/// One piece of advice in words (`names` made safe by `name`).
fn advice_words(a: &Advice, u: &Units, name: &dyn Fn(&str) -> String) -> String {
    match a {
        Advice::Paused => {
            "it is paused: no conversions come in while it is; enable it, or leave it ended"
                .to_owned()
        }
        Advice::RaiseBudget {
            current,
            towards,
            multiple,
            cpa,
            shared,
        } => {
            let whose = if *shared { "the campaign's" } else { "its" };
            let from = current
                .map(|c| format!(" from {}", u.money(Money::new(c))))
                .unwrap_or_default();
            let to = towards
                .map(|t| format!(" towards {}", u.money(Money::new(t))))
                .unwrap_or_default();
            format!(
                "raise {whose} daily budget{from}{to} ({multiple}× {})",
                cpa_words(*cpa, u)
            )
        }
        Advice::Broaden {
            budget_used_percent,
            manual_targeting,
        } => {
            let mut why = Vec::new();
            if let Some(p) = budget_used_percent {
                why.push(format!("it spent only {p}% of its budget in 7 days"));
            }
            if *manual_targeting {
                why.push("it uses manual targeting".to_owned());
            }
            format!("broaden the audience: {}", why.join(" and "))
        }
        Advice::Merge { with, together } => format!(
            "merge it with {}: together they are on pace for {together} a week",
            with.iter().map(|n| name(n)).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn budget_words(b: &Budget, u: &Units) -> String {
    match (b.mode, b.amount, b.per_day) {
        (BudgetMode::Unlimited, ..) => "unlimited".to_owned(),
        (BudgetMode::Total, Some(a), Some(d)) => {
            format!(
                "{} total ({}/day over its schedule)",
                u.money(a),
                u.money(d)
            )
        }
        (BudgetMode::Total, Some(a), None) => format!("{} total", u.money(a)),
        (_, Some(a), _) => format!("{}/day", u.money(a)),
        _ => "unknown".to_owned(),
    }
}

/// `spent 88.00 today (88%), 616.00 of 700.00 in 7 days (88%)`.
fn spend_words(f: &Figures, b: Option<&Budget>, u: &Units) -> String {
    let pct = |spent: Money, of: Option<Money>| {
        used_percent(spent, of)
            .map(|p| format!(" ({p}%)"))
            .unwrap_or_default()
    };
    let day = b.and_then(|b| b.per_day);
    let week = b.and_then(|b| b.week);
    let of_week = week
        .filter(|w| w.0 > Decimal::ZERO)
        .map(|w| format!(" of {}", u.money(w)))
        .unwrap_or_default();
    format!(
        "spent {} today{}, {}{of_week} in 7 days{}",
        u.money(f.spend_today),
        pct(f.spend_today, day),
        u.money(f.spend_7d),
        pct(f.spend_7d, week),
    )
}

fn cpa_line(f: &Figures, historical: Option<Money>, u: &Units) -> String {
    let seen = f.cpa_7d().map_or_else(
        || "no conversions in 7 days".to_owned(),
        |c| format!("{} over 7 days", u.money(c)),
    );
    match (f.cpa_7d(), historical) {
        (Some(c), Some(h)) if h.0 > Decimal::ZERO => {
            let diff = ((c.0 - h.0) * Decimal::from(100) / h.0).round();
            let side = if diff >= Decimal::ZERO {
                "above"
            } else {
                "below"
            };
            format!(
                "{seen}, {}% {side} the historical {}",
                diff.abs(),
                u.money(h)
            )
        }
        (_, Some(h)) => format!("{seen} (historical {})", u.money(h)),
        _ => seen,
    }
}

fn creative_words(c: &CreativeStatus) -> String {
    let what = match (c.kind, c.material.as_slice()) {
        (_, []) => c.name.clone().unwrap_or_else(|| "creative".to_owned()),
        (crate::status::CreativeKind::Carousel, images) => {
            format!("carousel of {} images ({})", images.len(), images[0])
        }
        (kind, [one, ..]) => format!("{} {one}", kind.as_str()),
    };
    let id =
        c.id.as_ref()
            .map(|i| format!(" (id {i})"))
            .unwrap_or_default();
    let off = if c.enabled { "" } else { ", disabled" };
    let name = match (&c.name, c.material.is_empty()) {
        (Some(n), false) => format!(" `{n}`"),
        _ => String::new(),
    };
    text::line(&format!("{what}{name}{id}{off}")).into_owned()
}

fn ad_summary(a: &AdStatus) -> String {
    let mut parts = Vec::new();
    for (source, words) in [
        (Source::Spec, "from the spec"),
        (Source::Selected, "selected in the account"),
        (Source::Platform, "added by TikTok"),
    ] {
        let n = a.count(source);
        if n > 0 {
            parts.push(format!("{n} {words}"));
        }
    }
    if parts.is_empty() {
        parts.push("no creatives".to_owned());
    }
    let mut s = parts.join(", ");
    if !a.enhancements.is_empty() {
        let _ = write!(s, "; Symphony: {}", a.enhancements.join(", "));
    }
    match a.auto_add {
        Some(true) => s.push_str("; auto-add on"),
        Some(false) => s.push_str("; auto-add off"),
        None => {}
    }
    s
}

fn id_words(id: Option<&String>) -> String {
    id.map(|i| format!(" (id {})", text::line(i)))
        .unwrap_or_default()
}

/// The header lines every format shares.
fn header(s: &Status, u: &Units) -> String {
    format!(
        "Status on {} ({}), amounts in {}. Learning needs about {LEARNING_CONVERSIONS_PER_WEEK} conversions a week and {LEARNING_PHASE_DAYS} days without significant edits.",
        u.time(s.now),
        text::line(&s.time_zone),
        text::line(s.currency.as_deref().unwrap_or("the account currency")),
    )
}

/// The human report.
pub fn human(s: &Status, target: &TargetLabel) -> String {
    let u = Units::of(s);
    let mut out = String::new();
    let _ = writeln!(out, "{}", text::line(&target.describe(&s.advertiser_id)));
    let _ = writeln!(out, "{}", header(s, &u));
    if let Some(why) = &s.delivery_unknown {
        let _ = writeln!(out, "note: no delivery figures: {}", text::line(why));
    }
    if let Some(why) = &s.creatives_unknown {
        let _ = writeln!(
            out,
            "note: the creatives TikTok added could not be listed: {}",
            text::line(why)
        );
    }
    if s.campaigns.is_empty() && s.missing.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "No Smart+ campaigns to report on.");
    }
    for c in &s.campaigns {
        let _ = writeln!(out);
        campaign_human(&mut out, c, &u);
    }
    for name in &s.missing {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "campaign `{}`: not in the account (plan and apply create it)",
            text::line(name)
        );
    }
    out
}

/// `campaign `Name` (id 1) [not in a spec]: delivering`.
fn headline(what: &str, name: &str, id: Option<&String>, in_spec: bool, status: &str) -> String {
    let spec = if in_spec { "" } else { " [not in a spec]" };
    format!(
        "{what} `{}`{}{spec}: {status}",
        text::line(name),
        id_words(id)
    )
}

fn campaign_human(out: &mut String, c: &CampaignStatus, u: &Units) {
    let status = delivery_words(c.secondary_status.as_deref(), c.enabled);
    let _ = writeln!(
        out,
        "{}",
        headline("campaign", &c.name, c.id.as_ref(), c.in_spec, &status)
    );
    let budget = c
        .budget
        .as_ref()
        .map_or("unknown".to_owned(), |b| budget_words(b, u));
    let shared = if c.cbo {
        ", shared by its ad groups (CBO)"
    } else {
        ""
    };
    match &c.figures {
        Some(f) if c.cbo => {
            let _ = writeln!(
                out,
                "  budget    {budget}{shared}; {}",
                spend_words(f, c.budget.as_ref(), u)
            );
        }
        Some(f) => {
            let _ = writeln!(out, "  budget    {budget}; {}", spend_words(f, None, u));
        }
        None => {
            let _ = writeln!(out, "  budget    {budget}{shared}");
        }
    }
    if let Some(f) = &c.figures {
        let _ = writeln!(
            out,
            "  results   {} conversions in 7 days; CPA {}",
            f.conversions_7d,
            cpa_line(f, c.historical_cpa, u)
        );
    }
    for g in &c.ad_groups {
        let _ = writeln!(out);
        group_human(out, g, u);
    }
    for name in &c.missing {
        let _ = writeln!(out);
        let _ = writeln!(out, "  ad group `{}`: not in the account", text::line(name));
    }
}

fn group_human(out: &mut String, g: &AdGroupStatus, u: &Units) {
    let status = delivery_words(g.secondary_status.as_deref(), g.enabled);
    let _ = writeln!(
        out,
        "  {}",
        headline("ad group", &g.name, g.id.as_ref(), g.in_spec, &status)
    );
    let e = &g.estimate;
    let mut when = match e.launch {
        Some(l) if l > u.now => format!("starts {} ({})", u.time(l), u.ago(l)),
        Some(l) => format!("launched {} ({})", u.time(l), u.ago(l)),
        None => "launch unknown".to_owned(),
    };
    match g.last_edit {
        Some(t) => {
            let _ = write!(when, "; last edited {} ({})", u.time(t), u.ago(t));
        }
        None if e.launch.is_some_and(|l| l <= u.now) => when.push_str("; not edited since"),
        None => {}
    }
    if let Some(end) = g.end {
        let _ = write!(when, "; ends {}", u.time(end));
    }
    let _ = writeln!(out, "    timeline  {when}");
    let _ = writeln!(out, "    learning  {}", learning_words(e, u));
    let name = |n: &str| format!("`{}`", text::line(n));
    for (i, a) in g.advice.iter().enumerate() {
        let label = if i == 0 { "advice" } else { "" };
        let _ = writeln!(out, "    {label:9} {}", advice_words(a, u, &name));
    }
    if let Some(f) = &g.figures {
        let budget = g
            .budget
            .as_ref()
            .map_or_else(|| "the campaign's".to_owned(), |b| budget_words(b, u));
        let _ = writeln!(
            out,
            "    budget    {budget}; {}",
            spend_words(f, g.budget.as_ref(), u)
        );
        let _ = writeln!(out, "    CPA       {}", cpa_line(f, g.historical_cpa, u));
    } else if let Some(b) = &g.budget {
        let _ = writeln!(out, "    budget    {}", budget_words(b, u));
    }
    let _ = writeln!(out, "    buying    {}", modules_words(&g.automation));
    for a in &g.ads {
        let _ = writeln!(
            out,
            "    {}",
            headline("ad", &a.name, a.id.as_ref(), a.in_spec, &ad_summary(a))
        );
        for c in &a.creatives {
            let _ = writeln!(out, "      {:9} {}", c.source.as_str(), creative_words(c));
        }
    }
    for name in &g.missing {
        let _ = writeln!(out, "    ad `{}`: not in the account", text::line(name));
    }
}

fn figures_json(f: &Figures, u: &Units) -> Value {
    json!({
        "spend_today": u.money(f.spend_today),
        "spend_7d": u.money(f.spend_7d),
        "impressions_7d": f.impressions_7d,
        "clicks_7d": f.clicks_7d,
        "conversions_7d": f.conversions_7d,
        "cpa_7d": u.opt_money(f.cpa_7d()),
    })
}

fn budget_json(b: &Budget, u: &Units) -> Value {
    json!({
        "mode": b.mode.yaml(),
        "amount": u.opt_money(b.amount),
        "per_day": u.opt_money(b.per_day),
        "last_7d": u.opt_money(b.week),
    })
}

fn advice_json(a: &Advice, u: &Units) -> Value {
    let message = advice_words(a, u, &|n| format!("`{n}`"));
    let mut v = json!({"kind": a.kind(), "message": message});
    let extra = match a {
        Advice::Paused => json!({}),
        Advice::RaiseBudget {
            current,
            towards,
            multiple,
            cpa,
            shared,
        } => json!({
            "current": current.map(|c| u.money(Money::new(c))),
            "towards": towards.map(|t| u.money(Money::new(t))),
            "cpa_multiple": multiple,
            "cpa": cpa.map(|(c, _)| u.money(Money::new(c))),
            "cpa_source": cpa.map(|(_, s)| match s {
                CpaSource::Observed => "observed",
                CpaSource::Historical => "historical",
            }),
            "shared_budget": shared,
        }),
        Advice::Broaden {
            budget_used_percent,
            manual_targeting,
        } => {
            json!({"budget_used_percent": budget_used_percent, "manual_targeting": manual_targeting})
        }
        Advice::Merge { with, together } => {
            json!({"with": with, "projected_7d_together": together})
        }
    };
    if let (Some(m), Value::Object(e)) = (v.as_object_mut(), extra) {
        m.extend(e);
    }
    v
}

fn modules_json(m: &Modules) -> Value {
    json!({
        "targeting": m.targeting.yaml(),
        "bidding": m.bidding.yaml(),
        "placement": m.placements.as_ref().map_or(json!("automatic"), |l| json!(l)),
        "creative_rotation": m.creative_rotation.map(crate::spec::enums::Automation::yaml),
    })
}

fn group_json(g: &AdGroupStatus, u: &Units) -> Value {
    let e = &g.estimate;
    let launched = e.launch.filter(|l| *l <= u.now);
    let ads: Vec<Value> = g
        .ads
        .iter()
        .map(|a| {
            json!({
                "name": a.name,
                "id": a.id,
                "in_spec": a.in_spec,
                "enabled": a.enabled,
                "secondary_status": a.secondary_status,
                "enhancements": a.enhancements,
                "auto_add": a.auto_add,
                "creative_counts": {
                    "spec": a.count(Source::Spec),
                    "selected": a.count(Source::Selected),
                    "platform": a.count(Source::Platform),
                },
                "creatives": a.creatives.iter().map(|c| json!({
                    "source": c.source.as_str(),
                    "kind": c.kind.as_str(),
                    "material": c.material,
                    "id": c.id,
                    "name": c.name,
                    "enabled": c.enabled,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "name": g.name,
        "id": g.id,
        "in_spec": g.in_spec,
        "enabled": g.enabled,
        "secondary_status": g.secondary_status,
        "launched_at": e.launch.map(|t| u.stamp(t)),
        "days_since_launch": launched.map(|l| learning::whole_days(l, u.now)),
        "last_edit_at": g.last_edit.map(|t| u.stamp(t)),
        "days_since_last_edit": g.last_edit.map(|t| learning::whole_days(t, u.now)),
        "ends_at": g.end.map(|t| u.stamp(t)),
        "learning": {
            "state": e.state.as_str(),
            "conversions_7d": e.conversions_7d,
            "projected_7d": e.projected_7d,
            "safe_to_edit_from": e.safe_from.map(|d| d.to_string()),
            "since": e.since.map(|t| u.stamp(t)),
            "restarted_by_edit": e.restarted,
            "exited_on": e.exited_on.map(|d| d.to_string()),
            "advice": g.advice.iter().map(|a| advice_json(a, u)).collect::<Vec<_>>(),
        },
        "budget": g.budget.as_ref().map(|b| budget_json(b, u)),
        "figures": g.figures.as_ref().map(|f| figures_json(f, u)),
        "historical_cpa": u.opt_money(g.historical_cpa),
        "automation": modules_json(&g.automation),
        "ads": ads,
        "missing_ads": g.missing,
    })
}

/// The `status --format json` document.
pub fn json(s: &Status, target: &TargetLabel) -> Value {
    let u = Units::of(s);
    let campaigns: Vec<Value> = s
        .campaigns
        .iter()
        .map(|c| {
            json!({
                "name": c.name,
                "id": c.id,
                "in_spec": c.in_spec,
                "enabled": c.enabled,
                "secondary_status": c.secondary_status,
                "cbo": c.cbo,
                "budget": c.budget.as_ref().map(|b| budget_json(b, &u)),
                "figures": c.figures.as_ref().map(|f| figures_json(f, &u)),
                "historical_cpa": u.opt_money(c.historical_cpa),
                "ad_groups": c.ad_groups.iter().map(|g| group_json(g, &u)).collect::<Vec<_>>(),
                "missing_ad_groups": c.missing,
            })
        })
        .collect();
    json!({
        "format_version": FORMAT_VERSION,
        "target": super::plan::target_json(target, &s.advertiser_id),
        "as_of": u.stamp(s.now),
        "time_zone": s.time_zone,
        "today": s.today.to_string(),
        "currency": s.currency,
        "thresholds": {
            "learning_days": LEARNING_PHASE_DAYS,
            "conversions_per_week": LEARNING_CONVERSIONS_PER_WEEK,
            "verdict_days": LEARNING_VERDICT_DAYS,
            "max_bid_step_percent": MAX_BID_STEP_PERCENT,
            "bid_step_days": BID_STEP_WINDOW_DAYS,
        },
        "delivery": {"known": s.delivery_unknown.is_none(), "reason": s.delivery_unknown},
        "platform_creatives": {"known": s.creatives_unknown.is_none(), "reason": s.creatives_unknown},
        "campaigns": campaigns,
        "missing_campaigns": s.missing,
    })
}

/// The report as a Markdown comment.
pub fn markdown(s: &Status, target: &TargetLabel) -> String {
    let u = Units::of(s);
    let mut out = String::new();
    let _ = writeln!(out, "### smartplus status");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "`{}`",
        text::line(&target.describe(&s.advertiser_id)).replace('`', "'")
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", text::md_message(&header(s, &u)));
    for (what, why) in [
        ("No delivery figures", &s.delivery_unknown),
        (
            "The creatives TikTok added could not be listed",
            &s.creatives_unknown,
        ),
    ] {
        if let Some(why) = why {
            let _ = writeln!(out);
            let _ = writeln!(out, "> [!WARNING]");
            let _ = writeln!(out, "> {what}: {}", text::md(why));
        }
    }
    for c in &s.campaigns {
        campaign_markdown(&mut out, c, &u);
    }
    if !s.missing.is_empty() {
        let _ = writeln!(out);
        let names: Vec<String> = s.missing.iter().map(|n| text::md(n)).collect();
        let _ = writeln!(out, "Not in the account yet: {}", names.join(", "));
    }
    out
}

fn campaign_markdown(out: &mut String, c: &CampaignStatus, u: &Units) {
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "#### {} — {}",
        text::md(&c.name),
        delivery_words(c.secondary_status.as_deref(), c.enabled)
    );
    let _ = writeln!(out);
    let budget = c
        .budget
        .as_ref()
        .map_or("unknown".to_owned(), |b| budget_words(b, u));
    let mut line = format!("Budget {}{}", budget, if c.cbo { " (CBO)" } else { "" });
    if let Some(f) = &c.figures {
        let of = if c.cbo { c.budget.as_ref() } else { None };
        let _ = write!(
            line,
            "; {}; {} conversions, CPA {}",
            spend_words(f, of, u),
            f.conversions_7d,
            cpa_line(f, c.historical_cpa, u)
        );
    }
    let _ = writeln!(out, "{}", text::md(&line));
    if !c.ad_groups.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "| ad group | delivery | learning | conversions 7d | on pace for | safe to edit from | spend today | spend 7d | CPA 7d |"
        );
        let _ = writeln!(out, "|---|---|---|---:|---:|---|---:|---:|---:|");
        for g in &c.ad_groups {
            let e = &g.estimate;
            let n = |v: Option<u64>| v.map_or("–".to_owned(), |n| n.to_string());
            let (today, week, cpa) = g.figures.as_ref().map_or(
                ("–".to_owned(), "–".to_owned(), "–".to_owned()),
                |f| {
                    (
                        u.money(f.spend_today),
                        u.money(f.spend_7d),
                        u.opt_money(f.cpa_7d()).unwrap_or_else(|| "–".to_owned()),
                    )
                },
            );
            let _ = writeln!(
                out,
                "| {} | {} | **{}** | {} | {} | {} | {today} | {week} | {cpa} |",
                text::md(&g.name),
                text::md(&delivery_words(g.secondary_status.as_deref(), g.enabled)),
                state_words(e.state),
                n(e.conversions_7d),
                n(e.projected_7d),
                e.safe_from.map_or("–".to_owned(), |d| d.to_string()),
            );
        }
    }
    let advised: Vec<&AdGroupStatus> = c
        .ad_groups
        .iter()
        .filter(|g| !g.advice.is_empty())
        .collect();
    if !advised.is_empty() {
        let _ = writeln!(out);
        let name = |n: &str| format!("`{n}`");
        for g in advised {
            let words: Vec<String> = g
                .advice
                .iter()
                .map(|a| text::md_message(&advice_words(a, u, &name)))
                .collect();
            let _ = writeln!(
                out,
                "- ⚠️ **{}** is unlikely to leave learning: {}",
                text::md(&g.name),
                words.join("; ")
            );
        }
    }
    if !c.missing.is_empty() {
        let _ = writeln!(out);
        let names: Vec<String> = c.missing.iter().map(|n| text::md(n)).collect();
        let _ = writeln!(
            out,
            "Ad groups not in the account yet: {}",
            names.join(", ")
        );
    }
    if c.ad_groups.is_empty() {
        return;
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "<details><summary>Automation and creatives</summary>");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "| ad group | targeting | bidding | placement | creative rotation |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for g in &c.ad_groups {
        let m = &g.automation;
        let placement = m
            .placements
            .as_ref()
            .map_or("automatic".to_owned(), |l| l.join(", "));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            text::md(&g.name),
            m.targeting.yaml(),
            m.bidding.yaml(),
            text::md(&placement),
            m.creative_rotation.map_or("default", |r| r.yaml()),
        );
    }
    let _ = writeln!(out);
    for g in &c.ad_groups {
        for a in &g.ads {
            let _ = writeln!(
                out,
                "- {} / {}: {}",
                text::md(&g.name),
                text::md(&a.name),
                text::md(&ad_summary(a))
            );
            for cr in a.creatives.iter().filter(|c| c.source == Source::Platform) {
                let _ = writeln!(
                    out,
                    "  - added by TikTok: {}",
                    text::md(&creative_words(cr))
                );
            }
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "</details>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivery_literals_read_as_words() {
        assert_eq!(
            delivery_words(Some("ADGROUP_STATUS_DELIVERY_OK"), true),
            "delivering"
        );
        assert_eq!(
            delivery_words(Some("CAMPAIGN_STATUS_DISABLE"), false),
            "paused"
        );
        assert_eq!(delivery_words(Some("AD_STATUS_AUDIT"), true), "in review");
        assert_eq!(
            delivery_words(Some("ADGROUP_STATUS_SOMETHING_NEW"), true),
            "something new"
        );
        assert_eq!(delivery_words(None, false), "paused");
        // A literal from outside cannot reach the terminal raw.
        assert_eq!(delivery_words(Some("X\u{1b}[2J"), true), "x\\u{1b}[2j");
    }

    #[test]
    fn amounts_keep_the_currency_places() {
        let u = Units {
            zone: TimeZone::UTC,
            places: 0,
            now: Timestamp::UNIX_EPOCH,
        };
        assert_eq!(u.money(Money::new("1234.6".parse().unwrap())), "1235");
        let u = Units { places: 2, ..u };
        assert_eq!(u.money(Money::new("7".parse().unwrap())), "7.00");
        assert_eq!(u.ago(Timestamp::UNIX_EPOCH), "today");
        let later = Timestamp::from_second(3 * 86_400).unwrap();
        assert_eq!(u.ago(later), "in 3 days");
    }
}
