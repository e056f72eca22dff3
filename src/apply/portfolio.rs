//! CTA portfolios that ads list by their calls to action: found in the account, or
//! made from the calls to action TikTok recommends to it. This runs before every
//! other step of an apply, one portfolio at a time; an ad whose portfolio could not
//! be had is skipped.

use serde_json::{Value, json};

use super::executor::StepError;
use crate::api::{ApiError, Client, lookups};
use crate::plan::model::NewPortfolio;
use crate::wire::catalog;

/// The id of a portfolio with exactly `p`'s calls to action, found or made.
pub async fn ensure(
    client: &Client,
    advertiser: &str,
    p: &NewPortfolio,
) -> Result<String, StepError> {
    // Another run (or a person) may have made it since the plan.
    if let Some(id) = find(client, advertiser, p).await? {
        return Ok(id);
    }
    let offered = lookups::cta_recommend(client, advertiser, &p.objective).await?;
    let mut content = Vec::new();
    for call in &p.calls_to_action {
        let asset = offered.iter().find(|a| {
            a.get("asset_content")
                .and_then(Value::as_str)
                .is_some_and(|t| catalog::cta_literal(t) == *call)
        });
        let Some(asset) = asset else {
            let names: Vec<&str> = offered
                .iter()
                .filter_map(|a| a.get("asset_content").and_then(Value::as_str))
                .collect();
            return Err(StepError::NotApplied {
                message: format!(
                    "TikTok offers no `{call}` call to action to this account for a portfolio (it offers: {})",
                    names.join(", ")
                ),
            });
        };
        content.push(json!({
            "asset_content": asset.get("asset_content").cloned().unwrap_or(Value::Null),
            "asset_ids": asset.get("asset_ids").cloned().unwrap_or_else(|| json!([])),
        }));
    }
    match lookups::create_cta_portfolio(client, advertiser, &content).await {
        Ok(id) => Ok(id),
        // The answer was lost: it may exist now; never make a second blindly.
        Err(e) if e.outcome_unknown() => match find(client, advertiser, p).await? {
            Some(id) => Ok(id),
            None => Err(e.into()),
        },
        Err(e) => Err(e.into()),
    }
}

async fn find(
    client: &Client,
    advertiser: &str,
    p: &NewPortfolio,
) -> Result<Option<String>, ApiError> {
    let listed = lookups::cta_portfolios(client, advertiser).await?;
    let found = catalog::Catalog {
        portfolios: Some(catalog::portfolios(&listed)),
        ..catalog::Catalog::default()
    };
    Ok(found.portfolio_with(&p.calls_to_action, &[]))
}
