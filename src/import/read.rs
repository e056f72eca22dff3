//! Reading what an import needs: the selected Smart+ campaigns with their ad groups
//! and ads, the account's currency and time zone, and the campaigns smartplus cannot
//! manage (with every setting `campaign/get` returns for the legacy ones).

use serde_json::{Value, json};

use crate::account;
use crate::api::Kind;
use crate::api::endpoints::{self, AdScope, AdvertiserInfo, MANUAL_CAMPAIGN_FIELDS, paths};
use crate::api::{ApiError, Client};
use crate::facts;
use crate::wire::{LiveAccount, OtherKind};

/// Which campaigns to import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every Smart+ campaign; legacy and manual campaigns are listed.
    All,
    /// These campaign ids.
    Ids(Vec<String>),
}

/// The account as far as the selection needs it.
#[derive(Debug)]
pub struct Read {
    pub info: AdvertiserInfo,
    /// `campaigns`: the selected Upgraded Smart+ campaigns, read in full. `others`:
    /// legacy Smart+ and manual campaigns (all of them, or the requested ones).
    pub live: LiveAccount,
    /// Requested ids that are no campaign of the advertiser.
    pub missing: Vec<String>,
    /// What the account names that the campaigns use by id.
    pub catalog: crate::wire::catalog::Catalog,
    /// The library's file name of each video and image the ads use, by id (written
    /// beside the ids as comments: the files themselves cannot be had back).
    pub media_names: std::collections::BTreeMap<String, String>,
}

/// Reads the selection from the account.
pub async fn read(
    client: &Client,
    advertiser_id: &str,
    selection: &Scope,
) -> Result<Read, ApiError> {
    let (info, mut live, missing) = match selection {
        Scope::All => {
            let snapshot = account::read(client, advertiser_id, &[], true).await?;
            (snapshot.info, snapshot.live, Vec::new())
        }
        Scope::Ids(ids) => by_ids(client, advertiser_id, ids).await?,
    };
    let needs = super::readable::needs(&live);
    let names = async {
        // Names are a courtesy: without a list (no permission, a failed call) the
        // files hold ids, which plan just as well.
        Ok(names(client, advertiser_id, &needs)
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(
                    "ids are written as they are: cannot read what the account names them ({e})"
                );
                crate::wire::catalog::Catalog::default()
            }))
    };
    let (catalog, ()) =
        tokio::try_join!(names, add_legacy_details(client, advertiser_id, &mut live))?;
    let media_names = media_names(client, advertiser_id, &live).await;
    Ok(Read {
        info,
        live,
        missing,
        catalog,
        media_names,
    })
}

/// What the account names the campaigns' ids, and, for places, what `plan` will find
/// under those names: a place is written by name only if searching that name (as
/// `plan` does) finds it alone.
async fn names(
    client: &Client,
    advertiser_id: &str,
    needs: &crate::lookup::Needs,
) -> Result<crate::wire::catalog::Catalog, ApiError> {
    let mut catalog = crate::lookup::read(client, advertiser_id, needs).await?;
    let searches = crate::lookup::Needs {
        places: needs
            .place_ids
            .iter()
            .filter_map(|(objective, id)| {
                let p = catalog.places.get(id)?;
                Some((p.name.clone(), p.country.clone(), objective.clone()))
            })
            .collect(),
        ..crate::lookup::Needs::default()
    };
    if !searches.is_empty() {
        let found = crate::lookup::read(client, advertiser_id, &searches).await?;
        catalog.places.extend(found.places);
    }
    Ok(catalog)
}

/// The file names of the videos and images the ads use. Only a nicety: when the
/// library cannot be read, the ids are written without names.
async fn media_names(
    client: &Client,
    advertiser_id: &str,
    live: &LiveAccount,
) -> std::collections::BTreeMap<String, String> {
    use crate::api::media::{self, Media};
    let mut videos = std::collections::BTreeSet::new();
    let mut images = std::collections::BTreeSet::new();
    let ads = live
        .campaigns
        .iter()
        .flat_map(|c| c.ad_groups.iter().flatten())
        .flat_map(|g| g.ads.iter());
    for ad in ads {
        let creatives = ad.get("creative_list").and_then(Value::as_array);
        for info in creatives
            .into_iter()
            .flatten()
            .filter_map(|c| c.get("creative_info"))
        {
            if let Some(v) = info
                .get("video_info")
                .and_then(|v| v.get("video_id"))
                .and_then(Value::as_str)
                .filter(|v| !v.is_empty() && *v != "N/A")
            {
                videos.insert(v.to_owned());
            }
            let imgs = info.get("image_info").and_then(Value::as_array);
            for uri in imgs.into_iter().flatten().filter_map(|i| i.get("web_uri")) {
                if let Some(u) = uri.as_str().filter(|u| !u.is_empty()) {
                    images.insert(u.to_owned());
                }
            }
        }
    }
    let mut names = std::collections::BTreeMap::new();
    for (kind, ids) in [(Media::Video, videos), (Media::Image, images)] {
        if ids.is_empty() {
            continue;
        }
        let ids: Vec<String> = ids.into_iter().collect();
        match media::info(client, advertiser_id, kind, &ids).await {
            Ok(found) => names.extend(
                found
                    .into_iter()
                    .filter(|a| !a.file_name.is_empty())
                    .map(|a| (a.id, a.file_name)),
            ),
            Err(e) => tracing::info!("media names not read: {e}"),
        }
    }
    names
}

/// Reads only the requested campaigns; ids that are not Smart+ are looked up through
/// the manual list to say what they are.
async fn by_ids(
    client: &Client,
    advertiser_id: &str,
    ids: &[String],
) -> Result<(AdvertiserInfo, LiveAccount, Vec<String>), ApiError> {
    let (campaigns, info) = tokio::try_join!(
        endpoints::list_campaigns(client, advertiser_id, Some(ids)),
        endpoints::advertiser_info(client, advertiser_id),
    )?;
    let found: Vec<String> = campaigns
        .iter()
        .filter_map(|c| Kind::Campaign.id_of(c))
        .collect();
    let rest: Vec<String> = ids.iter().filter(|i| !found.contains(i)).cloned().collect();
    let children = async {
        if found.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        tokio::try_join!(
            endpoints::list_adgroups(client, advertiser_id, &found),
            endpoints::list_ads(client, advertiser_id, AdScope::Campaigns(&found)),
        )
    };
    let others = manual_campaigns(client, advertiser_id, &rest, Some(MANUAL_CAMPAIGN_FIELDS));
    let ((groups, ads), others) = tokio::try_join!(children, others)?;
    let live = account::assemble(campaigns, &found, groups, ads, others);
    let missing = rest
        .into_iter()
        .filter(|id| !live.others.iter().any(|o| &o.id == id))
        .collect();
    Ok((info, live, missing))
}

/// Campaigns by id through the manual `campaign/get/` (which lists every product).
/// `fields: None` asks for every field.
async fn manual_campaigns(
    client: &Client,
    advertiser_id: &str,
    ids: &[String],
    fields: Option<&[&str]>,
) -> Result<Vec<Value>, ApiError> {
    let mut out = Vec::new();
    for chunk in ids.chunks(facts::MAX_FILTER_IDS) {
        let filtering = json!({ "campaign_ids": chunk });
        out.extend(
            client
                .list_all(
                    paths::MANUAL_CAMPAIGN_GET,
                    advertiser_id,
                    fields,
                    Some(&filtering),
                    facts::PAGE_SIZE_CAMPAIGN,
                )
                .await?,
        );
    }
    Ok(out)
}

/// Replaces the few fields read for each legacy campaign with everything
/// `campaign/get/` knows, so the user can rebuild it as an Upgraded Smart+ campaign.
async fn add_legacy_details(
    client: &Client,
    advertiser_id: &str,
    live: &mut LiveAccount,
) -> Result<(), ApiError> {
    let ids: Vec<String> = live
        .others
        .iter()
        .filter(|o| o.kind == OtherKind::LegacySmartPlus)
        .map(|o| o.id.clone())
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    let details = manual_campaigns(client, advertiser_id, &ids, None).await?;
    for other in &mut live.others {
        let Some(Value::Object(full)) = details
            .iter()
            .find(|d| Kind::Campaign.id_of(d).as_deref() == Some(other.id.as_str()))
        else {
            continue;
        };
        let mut merged = full.clone();
        // The classifying fields read first stay as they were read.
        if let Value::Object(first) = &other.raw {
            for (k, v) in first {
                merged.insert(k.clone(), v.clone());
            }
        }
        other.raw = Value::Object(merged);
    }
    Ok(())
}
