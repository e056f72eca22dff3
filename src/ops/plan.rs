//! `plan`: read the account, plan, and describe the plan for `apply --plan`.

use std::path::Path;

use super::specs::Specs;
use super::target::Target;
use super::{Error, fs};
use crate::account::{self, Snapshot};
use crate::plan::saved::{self, SavedPlan};
use crate::plan::{self, DesiredCampaign, Options, Plan, Selection};

/// A plan with what it was made from.
#[derive(Debug)]
pub struct Planned {
    pub plan: Plan,
    /// The account as it was read.
    pub snapshot: Snapshot,
    /// The plan as `plan --out` saves it.
    pub saved: SavedPlan,
    /// API calls made.
    pub calls: u64,
}

/// Reads the account and plans the selected campaigns of `specs`.
pub async fn plan(target: &Target, specs: &Specs, selection: &Selection) -> Result<Planned, Error> {
    let opts = Options {
        selection: selection.clone(),
        now: target.now(),
        movable_clock: target.is_sandbox(),
    };
    specs.check_prune(selection)?;
    // A saved plan's age is the file's, by the wall clock (a sandbox's may stand still).
    let made = jiff::Timestamp::now();
    let desired = specs.selected(selection)?;
    let (plan, snapshot) = read_and_plan(target, specs, &desired, &opts).await?;
    let saved = SavedPlan {
        format_version: saved::FORMAT_VERSION,
        created_at: made,
        expires_at: made + saved::DEFAULT_TTL,
        target: target.label(),
        advertiser_id: target.advertiser_id.clone(),
        spec_paths: specs.path_strings(),
        spec_hash: specs.hash(),
        fingerprints: saved::fingerprints(&snapshot.live),
        options: selection.clone(),
        plan: plan.clone(),
    };
    Ok(Planned {
        plan,
        snapshot,
        saved,
        calls: target.client.calls(),
    })
}

/// Reads what planning `desired` needs and plans it; lifetime spend is read only
/// when a budget changes, and only sharpens the rules (an account without report
/// access still plans).
pub(super) async fn read_and_plan(
    target: &Target,
    specs: &Specs,
    desired: &[DesiredCampaign<'_>],
    opts: &Options,
) -> Result<(Plan, Snapshot), Error> {
    let (client, advertiser_id) = (&target.client, target.advertiser_id.as_str());
    let mut snapshot = account::read(
        client,
        advertiser_id,
        desired,
        opts.selection.prunes_campaigns(),
    )
    .await?;
    if let Some(spec_currency) = specs.currency()
        && !spec_currency.eq_ignore_ascii_case(&snapshot.info.currency)
    {
        return Err(Error::CurrencyMismatch {
            spec: spec_currency,
            account: snapshot.info.currency.clone(),
        });
    }
    let draft = plan::draft(advertiser_id, desired, &snapshot.live, opts)?;
    let wanted = draft.spend_wanted();
    if !wanted.is_empty() {
        // A failed read leaves spend unknown; the rules then say nothing about it.
        let today = target
            .now()
            .to_zoned(account_zone(&snapshot.info.timezone))
            .date();
        let _ = account::add_spend(client, advertiser_id, &mut snapshot.live, &wanted, today).await;
    }
    let mut plan = plan::finish(draft, desired, &snapshot.live, opts);
    plan.spend.currency = Some(snapshot.info.currency.clone());
    Ok((plan, snapshot))
}

/// The account's time zone (its days bound "today's spend"); UTC when unknown.
fn account_zone(name: &str) -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get(name.trim()).unwrap_or(jiff::tz::TimeZone::UTC)
}

/// Saves a plan for `apply --plan`.
pub fn save(saved: &SavedPlan, path: &Path) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(saved).map_err(|e| Error::Internal {
        what: format!("cannot save the plan: {e}"),
    })?;
    // Saved plans describe the account: readable by their owner only.
    fs::write_atomic(path, &text, fs::Access::Private)
}
