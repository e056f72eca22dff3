//! `status`: read the account, its delivery and its creatives, and say where each
//! ad group stands. Reads only.

use serde_json::Value;

use super::Error;
use super::specs::Specs;
use super::target::Target;
use crate::account;
use crate::api::endpoints;
use crate::api::{ApiError, ErrorKind, Kind};
use crate::plan::DesiredCampaign;
use crate::status::{self, Inputs, Status};

/// What to report on.
#[derive(Clone, Copy, Debug, Default)]
pub struct Request {
    /// Every Smart+ campaign of the account, not only those the specs name.
    pub all: bool,
}

/// The report, and the API calls it took.
#[derive(Debug)]
pub struct Reported {
    pub status: Status,
    pub calls: u64,
}

/// Reads the campaigns `specs` name (or, with `all`, every Smart+ campaign), their
/// delivery over the last weeks and the manual ad rows, and makes the report.
/// Fails only when the account cannot be read; a report or manual read the account
/// refuses leaves those parts unknown, and says so.
pub async fn status(
    target: &Target,
    specs: Option<&Specs>,
    req: Request,
) -> Result<Reported, Error> {
    let written: Vec<DesiredCampaign> = specs.map(Specs::desired).unwrap_or_default();
    let (client, advertiser_id) = (&target.client, target.advertiser_id.as_str());
    // Local media files stand for the ids they were uploaded as, so the report tells
    // the spec's creatives from TikTok's; when they cannot be resolved, the files
    // match nothing and the rest of the report stands.
    let media = match specs {
        Some(specs) => {
            let files = super::plan::sources(specs, &written);
            crate::assets::resolve(client, advertiser_id, &files, &target.lock_place())
                .await
                .inspect_err(|e| tracing::info!("media files not resolved: {e}"))
                .ok()
        }
        None => None,
    };
    let desired: Vec<DesiredCampaign> = match &media {
        Some(m) => written
            .iter()
            .zip(&m.campaigns)
            .map(|(d, spec)| DesiredCampaign {
                spec: spec.as_ref(),
                account: d.account,
            })
            .collect(),
        None => written.clone(),
    };
    let mut snapshot = account::read(client, advertiser_id, &desired, req.all).await?;
    let ids: Vec<String> = snapshot
        .live
        .campaigns
        .iter()
        .filter(|c| c.ad_groups.is_some())
        .filter_map(|c| Kind::Campaign.id_of(&c.raw))
        .collect();
    let now = target.now();
    let today = now
        .to_zoned(crate::learning::zone(Some(&snapshot.info.timezone)))
        .date();
    let (delivery, manual) = tokio::join!(
        account::add_delivery(client, advertiser_id, &mut snapshot.live, &ids, today),
        manual_ads(client, advertiser_id, &ids),
    );
    delivery?;
    let manual = manual?;
    let manual_ads: Result<&[Value], &str> = match &manual {
        Ok(rows) => Ok(rows),
        Err(reason) => Err(reason),
    };
    let status = status::build(&Inputs {
        advertiser_id,
        live: &snapshot.live,
        desired: &desired,
        all: req.all,
        manual_ads,
        now,
    });
    Ok(Reported {
        status,
        calls: client.calls(),
    })
}

/// The manual ad rows of these campaigns; `Ok(Err(why))` when the account does not
/// let them be read (TikTok's own creatives are then unknown).
async fn manual_ads(
    client: &crate::api::Client,
    advertiser_id: &str,
    ids: &[String],
) -> Result<Result<Vec<Value>, String>, ApiError> {
    if ids.is_empty() {
        return Ok(Ok(Vec::new()));
    }
    match endpoints::list_manual_ads(client, advertiser_id, ids).await {
        Ok(rows) => Ok(Ok(rows)),
        Err(e) if matches!(e.kind(), ErrorKind::Unsupported | ErrorKind::Permission) => {
            Ok(Err(e.to_string()))
        }
        Err(e) => Err(e),
    }
}
