//! Reading the live account for the planner, with the fewest calls the API allows.
//!
//! Round one lists the Smart+ campaigns and the account settings together; round
//! two reads the ad groups and ads of only the campaigns the spec names (id filters
//! of 100, the largest pages each endpoint allows, pages fetched concurrently), and
//! the manual campaign list only when a spec name matched no Smart+ campaign.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::api::Kind;
use crate::api::endpoints::{self, AdvertiserInfo, Spend};
use crate::api::report::{self, Daily};
use crate::api::{ApiError, Client};
use crate::plan::DesiredCampaign;
use crate::spec::Money;
use crate::wire::{
    Day, Delivery, LiveAccount, LiveAdGroup, LiveCampaign, OtherCampaign, OtherKind,
};

/// The account and what we know of it.
#[derive(Debug)]
pub struct Snapshot {
    pub live: LiveAccount,
    pub info: AdvertiserInfo,
}

/// Which live campaigns the spec names: by pinned id, else by name.
fn named<'a>(campaigns: &'a [Value], desired: &[DesiredCampaign]) -> (Vec<&'a Value>, bool) {
    let mut out = Vec::new();
    let mut unmatched = false;
    for d in desired {
        let hits: Vec<&Value> = campaigns
            .iter()
            .filter(|c| match &d.spec.id {
                Some(id) => Kind::Campaign.id_of(c).as_deref() == Some(id.as_str()),
                None => Kind::Campaign.name_of(c) == d.spec.name.as_str(),
            })
            .collect();
        unmatched |= hits.is_empty();
        out.extend(hits);
    }
    (out, unmatched)
}

/// Reads what planning `desired` needs. With `all`, every Smart+ campaign is read in
/// full (import, `--prune`).
pub async fn read(
    client: &Client,
    advertiser_id: &str,
    desired: &[DesiredCampaign<'_>],
    all: bool,
) -> Result<Snapshot, ApiError> {
    let (campaigns, info) = tokio::try_join!(
        endpoints::list_campaigns(client, advertiser_id, None),
        endpoints::advertiser_info(client, advertiser_id),
    )?;
    let (wanted, unmatched) = if all {
        (campaigns.iter().collect(), false)
    } else {
        named(&campaigns, desired)
    };
    let mut ids: Vec<String> = wanted
        .iter()
        .filter_map(|c| Kind::Campaign.id_of(c))
        .collect();
    ids.sort();
    ids.dedup();
    let children = async {
        if ids.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        tokio::try_join!(
            endpoints::list_adgroups(client, advertiser_id, &ids),
            endpoints::list_ads(client, advertiser_id, endpoints::AdScope::Campaigns(&ids)),
        )
    };
    let others = async {
        if unmatched || all {
            endpoints::list_all_campaigns_manual(client, advertiser_id).await
        } else {
            Ok(Vec::new())
        }
    };
    let ((groups, ads), others) = tokio::try_join!(children, others)?;
    let mut live = assemble(campaigns, &ids, groups, ads, others);
    live.currency = Some(info.currency.clone());
    live.time_zone = Some(info.timezone.clone());
    Ok(Snapshot { live, info })
}

/// Builds the tree from flat lists.
pub fn assemble(
    campaigns: Vec<Value>,
    read_ids: &[String],
    groups: Vec<Value>,
    ads: Vec<Value>,
    others: Vec<Value>,
) -> LiveAccount {
    let mut ads_by_group: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for ad in ads {
        if let Some(g) = Kind::AdGroup.id_of(&ad) {
            ads_by_group.entry(g).or_default().push(ad);
        }
    }
    let mut groups_by_campaign: BTreeMap<String, Vec<LiveAdGroup>> = BTreeMap::new();
    for g in groups {
        let gid = Kind::AdGroup.id_of(&g).unwrap_or_default();
        let cid = Kind::Campaign.id_of(&g).unwrap_or_default();
        let ads = ads_by_group.remove(&gid).unwrap_or_default();
        groups_by_campaign
            .entry(cid)
            .or_default()
            .push(LiveAdGroup { raw: g, ads });
    }
    let campaigns = campaigns
        .into_iter()
        .map(|raw| {
            let id = Kind::Campaign.id_of(&raw).unwrap_or_default();
            let ad_groups = read_ids
                .contains(&id)
                .then(|| groups_by_campaign.remove(&id).unwrap_or_default());
            LiveCampaign { raw, ad_groups }
        })
        .collect();
    let others = others
        .into_iter()
        .filter_map(|raw| {
            let kind = match raw.get("campaign_automation_type").and_then(Value::as_str) {
                Some("UPGRADED_SMART_PLUS") => return None,
                Some("SMART_PLUS") => OtherKind::LegacySmartPlus,
                _ if raw
                    .get("is_smart_performance_campaign")
                    .and_then(Value::as_bool)
                    == Some(true) =>
                {
                    OtherKind::LegacySmartPlus
                }
                _ => OtherKind::Manual,
            };
            Some(OtherCampaign {
                id: Kind::Campaign.id_of(&raw).unwrap_or_default(),
                name: Kind::Campaign.name_of(&raw).to_string(),
                kind,
                raw,
            })
        })
        .collect();
    LiveAccount {
        campaigns,
        others,
        ..LiveAccount::default()
    }
}

/// Adds lifetime and today's spend of the given campaigns and their ad groups, when
/// reported (an account without report access leaves why in `spend_unknown`);
/// `today` is the account's current day (in its time zone).
pub async fn add_spend(
    client: &Client,
    advertiser_id: &str,
    live: &mut LiveAccount,
    campaign_ids: &[String],
    today: jiff::civil::Date,
) -> Result<(), ApiError> {
    if campaign_ids.is_empty() {
        return Ok(());
    }
    let day = Some(today);
    let (c, g, c_today, g_today) = tokio::try_join!(
        endpoints::spend_by_campaign(client, advertiser_id, campaign_ids, None),
        endpoints::spend_by_adgroup(client, advertiser_id, campaign_ids, None),
        endpoints::spend_by_campaign(client, advertiser_id, campaign_ids, day),
        endpoints::spend_by_adgroup(client, advertiser_id, campaign_ids, day),
    )?;
    for (s, is_today) in [(c, false), (g, false), (c_today, true), (g_today, true)] {
        if let Spend::Unknown { reason } = &s {
            live.spend_unknown.get_or_insert_with(|| reason.clone());
        }
        if let Spend::Known(map) = s {
            let into = if is_today {
                &mut live.spend_today
            } else {
                &mut live.spend
            };
            for (id, amount) in map {
                into.insert(id, Money::new(amount));
            }
        }
    }
    Ok(())
}

/// Reads what the ad groups of these campaigns delivered, per account day, over the
/// longest range the report gives by day ([`crate::facts::REPORT_MAX_DAYS_BY_DAY`],
/// ending `today`). An account without report access gets
/// [`Delivery::Unknown`]; other failures are errors.
pub async fn add_delivery(
    client: &Client,
    advertiser_id: &str,
    live: &mut LiveAccount,
    campaign_ids: &[String],
    today: jiff::civil::Date,
) -> Result<(), ApiError> {
    let from = today
        .checked_sub(jiff::Span::new().days(crate::facts::REPORT_MAX_DAYS_BY_DAY - 1))
        .unwrap_or(today);
    live.delivery =
        match report::adgroup_days(client, advertiser_id, campaign_ids, from, today).await? {
            Daily::Known(by_group) => Delivery::Known(
                by_group
                    .into_iter()
                    .map(|(id, days)| {
                        let days = days
                            .into_iter()
                            .map(|(date, r)| {
                                let day = Day {
                                    spend: Money::new(r.spend),
                                    impressions: r.impressions,
                                    clicks: r.clicks,
                                    conversions: r.conversions,
                                };
                                (date, day)
                            })
                            .collect();
                        (id, days)
                    })
                    .collect(),
            ),
            Daily::Unknown { reason } => Delivery::Unknown { reason },
        };
    Ok(())
}
