use std::collections::BTreeMap;

use serde_json::json;

use super::*;
use crate::learning::advice::Advice;
use crate::spec::Sp;
use crate::spec::model::{AdGroup, Campaign, Guidance};
use crate::wire::Day;

fn t(s: &str) -> Timestamp {
    crate::spec::schedule::parse_wire_time(s).expect("a wire time")
}

/// A CBO campaign (500 a day) with two ad groups launched on 03-01, one ad each.
fn account(delivery: Delivery) -> LiveAccount {
    let group = |id: &str, name: &str| LiveAdGroup {
        raw: json!({
            "adgroup_id": id, "adgroup_name": name, "campaign_id": "1",
            "create_time": "2026-03-01 00:00:00", "modify_time": "2026-03-01 00:00:00",
            "schedule_start_time": "2026-03-01 00:00:00", "operation_status": "ENABLE",
            "targeting_optimization_mode": "AUTOMATIC", "bid_type": "BID_TYPE_NO_BID",
        }),
        ads: vec![json!({
            "smart_plus_ad_id": format!("{id}0"), "ad_name": format!("{name} ad"),
            "adgroup_id": id, "modify_time": "2026-03-01 00:00:00",
            "creative_list": [{"ad_material_id": "m1", "creative_info": {
                "ad_format": "SINGLE_VIDEO", "video_info": {"video_id": "v1"}}}],
        })],
    };
    LiveAccount {
        campaigns: vec![
            LiveCampaign {
                raw: json!({
                    "campaign_id": "1", "campaign_name": "Shared", "budget_optimize_on": true,
                    "budget_mode": "BUDGET_MODE_DYNAMIC_DAILY_BUDGET", "budget": 500,
                    "operation_status": "ENABLE", "modify_time": "2026-03-01 00:00:00",
                }),
                ad_groups: Some(vec![group("11", "A"), group("12", "B")]),
            },
            LiveCampaign {
                raw: json!({"campaign_id": "2", "campaign_name": "Elsewhere"}),
                ad_groups: None,
            },
        ],
        currency: Some("USD".into()),
        time_zone: Some("Etc/UTC".into()),
        delivery,
        ..LiveAccount::default()
    }
}

/// One conversion a day at 490 spend for A, nothing for B, over `days` days.
fn starved(days: u32) -> Delivery {
    let mut a = BTreeMap::new();
    let first: Date = "2026-03-01".parse().expect("date");
    for i in 0..days {
        let day = first.checked_add(Span::new().days(i)).expect("date");
        a.insert(
            day,
            Day {
                spend: Money::new(Decimal::from(490)),
                impressions: 1000,
                clicks: 10,
                conversions: 1,
            },
        );
    }
    Delivery::Known(BTreeMap::from([("11".to_owned(), a)]))
}

fn spec() -> Campaign {
    Campaign {
        name: Sp::new("Shared".into()),
        guidance: Some(Sp::new(Guidance {
            historical_cpa: Some(Sp::new(Money::new(Decimal::from(25)))),
        })),
        ad_groups: Sp::new(vec![
            AdGroup {
                name: Sp::new("A".into()),
                ..AdGroup::default()
            },
            AdGroup {
                name: Sp::new("Gone".into()),
                ..AdGroup::default()
            },
        ]),
        ..Campaign::default()
    }
}

#[test]
fn a_starved_group_under_cbo_is_sized_by_the_shared_budget() {
    let live = account(starved(12));
    let spec = spec();
    let desired = [DesiredCampaign {
        spec: &spec,
        account: None,
    }];
    let status = build(&Inputs {
        advertiser_id: "7",
        live: &live,
        desired: &desired,
        all: false,
        manual_ads: Err("no permission"),
        now: t("2026-03-12 12:00:00"),
    });
    assert_eq!(status.campaigns.len(), 1, "only what the spec names");
    assert_eq!(status.creatives_unknown.as_deref(), Some("no permission"));
    let c = &status.campaigns[0];
    assert!(c.cbo && c.in_spec);
    assert_eq!(c.missing, ["Gone"]);
    assert_eq!(
        c.budget.and_then(|b| b.week),
        Some(Money::new(Decimal::from(3500)))
    );
    let names: Vec<(&str, bool)> = c
        .ad_groups
        .iter()
        .map(|g| (g.name.as_str(), g.in_spec))
        .collect();
    assert_eq!(names, [("A", true), ("B", false)]);
    let a = &c.ad_groups[0];
    assert_eq!(a.estimate.state, State::UnlikelyToExit);
    assert_eq!(a.historical_cpa, Some(Money::new(Decimal::from(25))));
    assert_eq!(
        a.advice[0],
        Advice::RaiseBudget {
            current: Some(Decimal::from(500)),
            towards: Some(Decimal::from(4900)),
            multiple: 10,
            cpa: Some((Decimal::from(490), CpaSource::Observed)),
            shared: true,
        }
    );
    // B has not converted at all: unlikely too, so not a merge partner that helps.
    assert_eq!(c.ad_groups[1].estimate.state, State::UnlikelyToExit);
    assert!(
        a.advice.iter().all(|x| x.kind() != "merge"),
        "{:?}",
        a.advice
    );
    // Without the manual read, only the selected creatives are listed.
    assert_eq!(a.ads[0].creatives.len(), 1);
    assert_eq!(a.ads[0].creatives[0].source, creatives::Source::Selected);
    let f = c.figures.expect("figures");
    assert_eq!(f.conversions_7d, 7);
    assert_eq!(f.spend_today, Money::new(Decimal::from(490)));
}

#[test]
fn all_adds_the_campaigns_no_spec_names_and_no_report_is_said() {
    let live = account(Delivery::Unknown {
        reason: "no report access".into(),
    });
    let status = build(&Inputs {
        advertiser_id: "7",
        live: &live,
        desired: &[],
        all: true,
        manual_ads: Ok(&[]),
        now: t("2026-03-12 12:00:00"),
    });
    let names: Vec<&str> = status.campaigns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Shared", "Elsewhere"]);
    assert_eq!(status.delivery_unknown.as_deref(), Some("no report access"));
    assert!(status.campaigns[0].figures.is_none());
    let a = &status.campaigns[0].ad_groups[0];
    assert_eq!(a.estimate.state, State::Unknown, "past the week, no report");
    assert!(a.advice.is_empty());
    assert!(status.campaigns[1].ad_groups.is_empty());
}
