//! `plan`: read the account, plan, and describe the plan for `apply --plan`.

use std::borrow::Cow;
use std::path::Path;

use super::specs::Specs;
use super::target::Target;
use super::{Error, fs};
use crate::account::{self, Snapshot};
use crate::lookup;
use crate::plan::resolve;
use crate::plan::saved::{self, SavedPlan, TargetLabel};
use crate::plan::{self, DesiredCampaign, Options, Plan, Selection};
use crate::spec::diagnostic::Findings;
use crate::spec::model::Campaign;
use crate::spec::refs::{self, RefKind};
use crate::wire::catalog::Catalog;

/// A plan with what it was made from.
#[derive(Debug)]
pub struct Planned {
    pub plan: Plan,
    /// The account as it was read.
    pub snapshot: Snapshot,
    /// Where the plan was made.
    pub label: TargetLabel,
    /// The target's time the plan was made at.
    pub clock: jiff::Timestamp,
    /// The wall clock's.
    made: jiff::Timestamp,
    advertiser_id: String,
    selection: Selection,
    /// API calls made.
    pub calls: u64,
}

impl Planned {
    /// The plan as `plan --out` saves it. Made only when asked for: fingerprinting a
    /// large account and sealing its plan cost more than planning it.
    pub fn saved(&self, specs: &Specs) -> SavedPlan {
        SavedPlan {
            format_version: saved::FORMAT_VERSION,
            created_at: self.made,
            expires_at: self.made + saved::DEFAULT_TTL,
            clock: self.clock,
            target: self.label.clone(),
            advertiser_id: self.advertiser_id.clone(),
            spec_paths: specs.path_strings(),
            spec_hash: specs.hash(),
            fingerprints: saved::fingerprints(&self.snapshot.live),
            options: self.selection.clone(),
            plan: self.plan.clone(),
            seal: String::new(),
        }
        .sealed()
    }
}

/// Reads the account and plans the selected campaigns of `specs`.
pub async fn plan(target: &Target, specs: &Specs, selection: &Selection) -> Result<Planned, Error> {
    let opts = specs.options(selection, target);
    specs.check_prune(selection)?;
    // A saved plan's age is the file's, by the wall clock (a sandbox's may stand still).
    let made = jiff::Timestamp::now();
    let desired = specs.selected(selection)?;
    let (plan, snapshot) = read_and_plan(target, specs, &desired, &opts).await?;
    Ok(Planned {
        plan,
        snapshot,
        label: target.label(),
        clock: opts.now,
        made,
        advertiser_id: target.advertiser_id.clone(),
        selection: selection.clone(),
        calls: target.client.calls(),
    })
}

/// Reads what planning `desired` needs and plans it: the account and the lists its
/// readable names need (read together), then the names are resolved and the plan is
/// made from ids. Lifetime spend is read only when a budget changes, delivery only
/// when a learning rule speaks about an ad group, and both only sharpen the rules
/// (an account without report access still plans).
pub(super) async fn read_and_plan(
    target: &Target,
    specs: &Specs,
    desired: &[DesiredCampaign<'_>],
    opts: &Options,
) -> Result<(Plan, Snapshot), Error> {
    let (client, advertiser_id) = (&target.client, target.advertiser_id.as_str());
    // Local media first: each file becomes its id in the account, or an upload.
    let files = sources(specs, desired);
    let media = crate::assets::resolve(client, advertiser_id, &files, &target.lock_place()).await?;
    let with_media: Vec<DesiredCampaign<'_>> = desired
        .iter()
        .zip(&media.campaigns)
        .map(|(d, spec)| DesiredCampaign {
            spec: spec.as_ref(),
            account: d.account,
        })
        .collect();
    let references = refs::references_in(with_media.iter().map(|d| d.spec));
    let mut needs = lookup::Needs::of(&references);
    needs.portfolios = lists_portfolios(&with_media);
    let (mut snapshot, catalog) = tokio::try_join!(
        account::read(
            client,
            advertiser_id,
            &with_media,
            opts.selection.prunes_campaigns(),
        ),
        lookup::read(client, advertiser_id, &needs),
    )?;
    if let Some(spec_currency) = specs.currency()
        && !spec_currency.eq_ignore_ascii_case(&snapshot.info.currency)
    {
        return Err(Error::CurrencyMismatch {
            spec: spec_currency,
            account: snapshot.info.currency.clone(),
        });
    }
    let (resolved, resolutions) = resolve_all(&files, &with_media, &catalog, &snapshot)?;
    let desired: Vec<DesiredCampaign<'_>> = with_media
        .iter()
        .zip(&resolved)
        .map(|(d, spec)| DesiredCampaign {
            spec: spec.as_ref(),
            account: d.account,
        })
        .collect();
    let draft = plan::draft(advertiser_id, &desired, &snapshot.live, opts)?;
    let today = target
        .now()
        .to_zoned(crate::learning::zone(Some(&snapshot.info.timezone)))
        .date();
    let wanted = draft.spend_wanted();
    if !wanted.is_empty() {
        // A failed read leaves spend unknown: the budget rules cannot judge, and SP315
        // says so rather than letting their silence pass for a check.
        if let Err(e) =
            account::add_spend(client, advertiser_id, &mut snapshot.live, &wanted, today).await
        {
            snapshot.live.spend_unknown = Some(e.to_string());
        }
    }
    // Delivery only for the campaigns whose learning a rule cites: it sharpens the
    // finding, never decides it, so a failed read is left unsaid too.
    let learning = plan::rules::learning_wanted(&draft, &snapshot.live, opts);
    if !learning.is_empty() {
        let _ = account::add_delivery(client, advertiser_id, &mut snapshot.live, &learning, today)
            .await;
    }
    let mut plan = plan::finish(draft, &desired, &snapshot.live, opts);
    plan.spend.currency = Some(snapshot.info.currency.clone());
    plan.media = media.media;
    let catalog = name_places(target, &plan, catalog).await;
    plan.names = resolve::names(&plan, &catalog, resolutions);
    Ok((plan, snapshot))
}

/// Resolves the names of every desired campaign; names that do not resolve are
/// located diagnostics (SP140), all of them at once.
fn resolve_all<'a>(
    files: &[(&Path, &Campaign)],
    desired: &[DesiredCampaign<'a>],
    catalog: &Catalog,
    snapshot: &Snapshot,
) -> Result<(Vec<Cow<'a, Campaign>>, Vec<resolve::Resolution>), Error> {
    // Only a CTA portfolio chooses among ids in use.
    let in_use: Vec<String> = if lists_portfolios(desired) {
        snapshot
            .live
            .campaigns
            .iter()
            .flat_map(|c| c.ad_groups.iter().flatten())
            .flat_map(|g| g.ads.iter())
            .filter_map(|ad| {
                ad.get("ad_configuration")
                    .and_then(|c| crate::api::endpoints::id_of(c, "call_to_action_id"))
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut campaigns = Vec::with_capacity(desired.len());
    let mut resolutions = Vec::new();
    let mut diagnostics = Vec::new();
    for (d, (file, _)) in desired.iter().zip(files) {
        match resolve::resolve(d.spec, catalog, &in_use) {
            Ok(r) => {
                campaigns.push(r.campaign);
                resolutions.extend(r.resolutions);
            }
            Err(findings) => {
                let mut found = Findings::new();
                found.items = findings;
                diagnostics.extend(found.into_diagnostics(file));
            }
        }
    }
    if diagnostics.is_empty() {
        Ok((campaigns, resolutions))
    } else {
        Err(Error::Unresolved { diagnostics })
    }
}

/// Whether an ad of these campaigns lists the calls to action of a CTA portfolio.
fn lists_portfolios(desired: &[DesiredCampaign<'_>]) -> bool {
    desired.iter().any(|d| resolve::lists_portfolio(d.spec))
}

/// Reads the names of the regions and cities a plan shows by id, when the catalog
/// does not know them yet (one call); without them the plan shows the ids.
async fn name_places(target: &Target, plan: &Plan, mut catalog: Catalog) -> Catalog {
    let unknown: std::collections::BTreeSet<(String, String)> = resolve::shown_ids(plan)
        .into_iter()
        .filter(|(kind, id)| *kind == RefKind::Location && catalog.place_label(id).is_none())
        .map(|(_, id)| ("WEB_CONVERSIONS".to_owned(), id))
        .collect();
    if unknown.is_empty() {
        return catalog;
    }
    let needs = lookup::Needs {
        place_ids: unknown,
        ..lookup::Needs::default()
    };
    if let Ok(found) = lookup::read(&target.client, &target.advertiser_id, &needs).await {
        catalog.places.extend(found.places);
    }
    catalog
}

/// Each campaign with the spec file it comes from.
pub(super) fn sources<'a>(
    specs: &'a Specs,
    desired: &[DesiredCampaign<'a>],
) -> Vec<(&'a Path, &'a crate::spec::model::Campaign)> {
    desired
        .iter()
        .map(|d| (specs.file_of(d.spec).unwrap_or(Path::new("")), d.spec))
        .collect()
}

/// Saves a plan for `apply --plan`.
pub fn save(saved: &SavedPlan, path: &Path) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(saved).map_err(|e| Error::Internal {
        what: format!("cannot save the plan: {e}"),
    })?;
    // Saved plans describe the account: readable by their owner only.
    fs::write_atomic(path, &text, fs::Access::Private)
}
