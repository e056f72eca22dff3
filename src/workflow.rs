//! The steps plan, apply and import share: specs in, live account read, plan out.

use std::path::PathBuf;

use crate::account::{self, Snapshot};
use crate::api::{ApiError, Client};
use crate::plan::{self, DesiredCampaign, Plan};
use crate::spec::{self, Validation};

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum WorkflowError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Load(#[from] spec::load::LoadError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Plan(#[from] plan::PlanError),
    #[error("spec files name different advertisers: {0} and {1}")]
    #[diagnostic(help("plan one account at a time: split the files or pass --advertiser-id"))]
    AdvertiserConflict(String, String),
    #[error("the spec says currency {spec}, but the account bills in {account}")]
    #[diagnostic(help("budgets are in the account currency; fix `currency:` in the spec"))]
    CurrencyMismatch { spec: String, account: String },
}

/// Loads and validates the spec files.
pub fn load(paths: &[PathBuf]) -> Result<Validation, WorkflowError> {
    Ok(spec::validate(paths, &spec::rules::Context::default())?)
}

/// The campaigns the files describe, in file order.
pub fn desired(v: &Validation) -> Vec<DesiredCampaign<'_>> {
    v.files
        .iter()
        .flat_map(|f| {
            f.spec.campaigns.iter().map(move |c| DesiredCampaign {
                spec: c,
                account: f.spec.account.as_ref(),
            })
        })
        .collect()
}

/// The one advertiser the files name, if any.
pub fn advertiser(v: &Validation) -> Result<Option<String>, WorkflowError> {
    let mut found: Option<String> = None;
    for f in &v.files {
        if let Some(a) = &f.spec.advertiser_id {
            match &found {
                Some(prev) if prev != a.as_str() => {
                    return Err(WorkflowError::AdvertiserConflict(
                        prev.clone(),
                        a.value.clone(),
                    ));
                }
                _ => found = Some(a.value.clone()),
            }
        }
    }
    Ok(found)
}

/// The currency the files name, if any.
pub fn currency(v: &Validation) -> Option<String> {
    v.files
        .iter()
        .find_map(|f| f.spec.currency.as_ref().map(|c| c.to_ascii_uppercase()))
}

/// Hash of the spec files, for saved plans.
pub fn spec_hash(v: &Validation) -> String {
    let files: Vec<(String, Vec<u8>)> = v
        .files
        .iter()
        .map(|f| {
            (
                f.path.to_string_lossy().into_owned(),
                f.text.as_bytes().to_vec(),
            )
        })
        .collect();
    plan::saved::spec_hash(&files)
}

/// Reads the account and plans; reads spend only when a budget changes.
pub async fn plan(
    client: &Client,
    advertiser_id: &str,
    v: &Validation,
    opts: &plan::Options,
) -> Result<(Plan, Snapshot), WorkflowError> {
    let all = desired(v);
    let selected = plan::select(all, opts)?;
    let mut snapshot = account::read(
        client,
        advertiser_id,
        &selected,
        opts.prune && opts.targets.is_empty(),
    )
    .await?;
    if let Some(spec_currency) = currency(v)
        && !spec_currency.eq_ignore_ascii_case(&snapshot.info.currency)
    {
        return Err(WorkflowError::CurrencyMismatch {
            spec: spec_currency,
            account: snapshot.info.currency.clone(),
        });
    }
    let mut p = plan::plan(advertiser_id, &selected, &snapshot.live, opts)?;
    let budget_campaigns: Vec<String> = p
        .changes
        .iter()
        .filter(|c| {
            c.fields
                .iter()
                .any(|f| f.path == "budget.amount" && f.old.is_some())
        })
        .map(|c| c.campaign.clone())
        .collect();
    if !budget_campaigns.is_empty() {
        let ids: Vec<String> = snapshot
            .live
            .campaigns
            .iter()
            .filter(|c| {
                budget_campaigns
                    .iter()
                    .any(|n| n == plan::live::name_of(plan::Kind::Campaign, &c.raw))
            })
            .filter_map(|c| plan::live::id_of(plan::Kind::Campaign, &c.raw))
            .collect();
        // Spend only sharpens a warning: an account without report access still plans.
        if account::add_spend(client, advertiser_id, &mut snapshot.live, &ids)
            .await
            .is_ok()
        {
            p = plan::plan(advertiser_id, &selected, &snapshot.live, opts)?;
        }
    }
    p.spend.currency = Some(snapshot.info.currency.clone());
    Ok((p, snapshot))
}
