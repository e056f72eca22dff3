//! Building the changes: every matched pair becomes a create, update, replace,
//! delete, pause or unchanged entry, through the constructors of [`Change`]. Pure.
//!
//! No rule runs here: what the rules need besides the changes (matching issues,
//! each campaign's ad groups with their canonical bids) is handed on in the
//! [`Draft`].

use serde_json::Value;

use super::diff::{self, Bodies, creation_fields};
use super::lookalike;
use super::matching::{self, Issue};
use super::model::{Action, Change, Kind, NewPortfolio, Place, Plan, StartsNow};
use super::{DesiredCampaign, Options, PlanError};
use crate::spec::enums::Status;
use crate::spec::model::{Ad, AdGroup};
use crate::wire::canon::{self, Flat, flatten};
use crate::wire::{LiveAccount, LiveAdGroup, LiveCampaign, lower, raise};

/// A plan before its rules ran.
#[derive(Debug, Default)]
pub struct Draft {
    pub plan: Plan,
    /// Matching issues of the objects that were planned, in plan order.
    pub issues: Vec<Issue>,
    /// The ad groups of every campaign planned in place (not replaced), for rules
    /// that look across siblings.
    pub families: Vec<Family>,
}

/// One campaign's ad groups as cross-sibling rules see them.
#[derive(Debug, Default)]
pub struct Family {
    pub ad_groups: Vec<Member>,
}

/// One ad group of a [`Family`].
#[derive(Debug)]
pub struct Member {
    /// Index into the plan's changes.
    pub change: usize,
    /// Canonical desired fields, when the spec has the ad group.
    pub desired: Option<Flat>,
    /// Canonical live fields, when the ad group is live.
    pub live: Option<Flat>,
}

/// The plan key of a live object the spec does not have: by its id, so that the
/// same object gets the same key however the account is listed (saved plans and
/// the apply-time re-derivation compare changes by key).
fn live_key(prefix: &str, index: usize, kind: Kind, raw: &Value) -> String {
    match kind.id_of(raw) {
        Some(id) => format!("{prefix}{id}"),
        None => format!("{prefix}#{index}"),
    }
}

/// Whether an ad group starts "now" (the spec names no start), and whether its end
/// then counts from that start (a `duration`, no `end`).
fn starts_now(g: &AdGroup) -> Option<StartsNow> {
    let s = g.schedule.as_ref();
    if s.is_some_and(|s| s.start.is_some()) {
        return None;
    }
    let follows = s.is_some_and(|s| s.end.is_none() && s.duration.is_some());
    Some(if follows {
        StartsNow::EndFollows
    } else {
        StartsNow::StartOnly
    })
}

/// The zone a spec writes an object's times in: its schedule's, else the account's;
/// `None` for UTC.
fn zone_name(
    schedule: Option<&crate::spec::model::Schedule>,
    account: Option<&crate::spec::model::Account>,
) -> Option<String> {
    schedule
        .and_then(|s| s.time_zone.as_ref())
        .or_else(|| account.and_then(|a| a.time_zone.as_ref()))
        .map(|z| z.value.trim().to_string())
        .filter(|z| !z.is_empty() && jiff::tz::TimeZone::get(z).is_ok())
}

fn is_deleted(status: Option<&crate::spec::Sp<Status>>) -> bool {
    status.is_some_and(|s| s.value == Status::Deleted)
}

/// Builds the changes for every desired campaign.
pub fn build(
    advertiser_id: &str,
    desired: &[DesiredCampaign],
    live: &LiveAccount,
    opts: &Options,
) -> Result<Draft, PlanError> {
    let mut b = Builder {
        objective: "",
        opts,
        draft: Draft {
            plan: Plan {
                advertiser_id: advertiser_id.to_string(),
                ..Default::default()
            },
            ..Default::default()
        },
    };
    // One change per desired object at least: a large plan's vector grows once.
    let objects: usize = desired
        .iter()
        .map(|d| {
            1 + d
                .spec
                .ad_groups
                .iter()
                .map(|g| 1 + g.ads.len())
                .sum::<usize>()
        })
        .sum();
    b.draft.plan.changes.reserve(objects);
    let matched = matching::campaigns(desired, live);
    // Only a campaign about to be created can have a look-alike.
    let creates = matched
        .slots
        .iter()
        .any(|(lc, issues)| lc.is_none() && issues.is_empty());
    let lookalikes = if creates {
        lookalike::campaigns(live, &matched.unclaimed, opts)
    } else {
        Vec::new()
    };
    for (i, (d, (lc, issues))) in desired.iter().zip(matched.slots).enumerate() {
        let skip = lc.is_none() && !issues.is_empty();
        b.draft.issues.extend(issues);
        if skip {
            continue;
        }
        if lc.is_none() && !is_deleted(d.spec.status.as_ref()) {
            let flat = flatten(&canon::campaign(d.spec));
            let name = d.spec.name.as_str();
            b.draft.issues.extend(lookalike::find(
                Kind::Campaign,
                name,
                name,
                &flat,
                &lookalikes,
            ));
        }
        b.campaign(format!("c{i}"), d, lc)?;
    }
    b.draft.issues.extend(matched.duplicates);
    if opts.selection.prunes_campaigns() {
        for (i, lc) in matched.unclaimed {
            let name = Kind::Campaign.name_of(&lc.raw);
            if opts.selection.excludes.iter().any(|e| e == name) {
                continue;
            }
            b.prune(
                Kind::Campaign,
                Place::campaign(live_key("p", i, Kind::Campaign, &lc.raw), name),
                &lc.raw,
            );
        }
    }
    Ok(b.draft)
}

struct Builder<'a> {
    opts: &'a Options,
    draft: Draft,
    /// The objective of the campaign being built.
    objective: &'static str,
}

impl Builder<'_> {
    fn push(&mut self, change: Change) -> usize {
        self.draft.plan.changes.push(change);
        self.draft.plan.changes.len() - 1
    }

    /// Pauses a live object the spec no longer has, when it is enabled; returns
    /// its change index.
    fn prune(&mut self, kind: Kind, place: Place, raw: &Value) -> Option<usize> {
        if crate::api::OperationStatus::of(raw) != Some(crate::api::OperationStatus::Enable) {
            return None;
        }
        Some(self.push(Change::prune(
            place,
            kind,
            kind.name_of(raw),
            kind.id_of(raw),
        )))
    }

    fn campaign(
        &mut self,
        key: String,
        d: &DesiredCampaign,
        live: Option<&LiveCampaign>,
    ) -> Result<(), PlanError> {
        let spec = d.spec;
        self.objective = spec.objective.wire();
        let place = Place::campaign(key, &spec.name).in_zone(zone_name(None, d.account));
        let deleted = is_deleted(spec.status.as_ref());
        let Some(lc) = live else {
            if deleted {
                return Ok(());
            }
            self.push(Change::create(
                place.clone(),
                Kind::Campaign,
                &spec.name,
                creation_fields(Kind::Campaign, &canon::campaign(spec)),
                lower::campaign(spec),
            ));
            for (gi, g) in spec.ad_groups.iter().enumerate() {
                let at = place
                    .child(format!("{}/g{gi}", place.key), None)
                    .in_zone(zone_name(g.schedule.as_deref(), d.account));
                self.ad_group(at, d, g, None)?;
            }
            return Ok(());
        };
        let id = Kind::Campaign.id_of(&lc.raw);
        if deleted {
            self.push(Change::delete(place, Kind::Campaign, &spec.name, id));
            return Ok(());
        }
        // The app's platform lives on the ad groups (`promotion_type`): raise with the
        // first, which is all the campaign's own fields read (its ad groups are diffed
        // on their own below).
        let groups: Vec<(&Value, &[Value])> = lc
            .ad_groups
            .iter()
            .flatten()
            .take(1)
            .map(|g| (&g.raw, &[][..]))
            .collect();
        let mut raised = raise::campaign(&lc.raw, &groups, &jiff::tz::TimeZone::UTC).value;
        if groups.is_empty()
            && let Some(app) = spec.app.as_ref()
        {
            // No ad group tells the app yet (an apply stopped after the campaign):
            // TikTok keeps app and platform on the ad groups, so neither is a
            // difference; the kind of promotion is the campaign's own.
            let live_app = raised.app.get_or_insert_with(|| {
                crate::spec::Sp::new(crate::spec::model::App {
                    id: crate::spec::Sp::new(app.id.value.clone()),
                    platform: crate::spec::Sp::new(app.platform.value),
                    promotion_type: lc
                        .raw
                        .get("app_promotion_type")
                        .and_then(Value::as_str)
                        .and_then(crate::spec::enums::AppPromotionType::from_wire)
                        .map(crate::spec::Sp::new),
                })
            });
            live_app.value.platform = crate::spec::Sp::new(app.platform.value);
        }
        let mut diff = diff::diff_canonical(
            Kind::Campaign,
            &canon::campaign(spec),
            &canon::campaign(&raised),
            || Bodies::same(lower::campaign(spec)),
        );
        if let Some(update) = diff.update.as_mut() {
            let live: Vec<&Value> = lc.ad_groups.iter().flatten().map(|g| &g.raw).collect();
            lower::campaign_update_extras(update, &live);
        }
        let replaced = diff.action == Action::Replace;
        self.push(Change::diffed(
            place.clone(),
            Kind::Campaign,
            &spec.name,
            id.clone(),
            diff,
        ));
        let live_groups: &[LiveAdGroup] = lc.ad_groups.as_deref().unwrap_or(&[]);
        // A replaced campaign's children are made anew: nothing live to match.
        let candidates: Vec<&Value> = if replaced {
            Vec::new()
        } else {
            live_groups.iter().map(|g| &g.raw).collect()
        };
        let wanted: Vec<(&str, Option<&str>)> = spec
            .ad_groups
            .iter()
            .map(|g| (g.name.as_str(), g.id.as_ref().map(|s| s.as_str())))
            .collect();
        let matched = matching::children(Kind::AdGroup, &wanted, &candidates);
        let parent_id = if replaced { None } else { id.as_deref() };
        let mut family = Family::default();
        let lookalikes = if replaced {
            Vec::new()
        } else {
            lookalike::ad_groups(live_groups, &matched.unclaimed, *spec.budget.cbo, self.opts)
        };
        for ((gi, g), slot) in spec.ad_groups.iter().enumerate().zip(matched.slots) {
            self.draft.issues.extend(slot.issues);
            let lg = slot.live.map(|i| &live_groups[i]);
            if lg.is_none() && !is_deleted(g.status.as_ref()) {
                let flat = flatten(&canon::ad_group(g, *spec.budget.cbo, d.account));
                self.draft.issues.extend(lookalike::find(
                    Kind::AdGroup,
                    &g.name,
                    &spec.name,
                    &flat,
                    &lookalikes,
                ));
            }
            let at = place
                .child(format!("{}/g{gi}", place.key), parent_id)
                .in_zone(zone_name(g.schedule.as_deref(), d.account));
            if let Some(member) = self.ad_group(at, d, g, lg)? {
                family.ad_groups.push(member);
            }
        }
        if replaced {
            return Ok(());
        }
        let cbo = *spec.budget.cbo;
        for gi in matched.unclaimed {
            let lg = &live_groups[gi];
            // Not in the spec: its bid still moves with the cascade.
            let raised = raise::ad_group(&lg.raw, &[], cbo, &jiff::tz::TimeZone::UTC);
            let live_flat = flatten(&canon::ad_group(&raised.value, cbo, None));
            let key = live_key(&format!("{}/p", place.key), gi, Kind::AdGroup, &lg.raw);
            let pruned = if self.opts.selection.prune {
                self.prune(Kind::AdGroup, place.child(key.clone(), None), &lg.raw)
            } else {
                None
            };
            let at = place.child(key, id.as_deref());
            let change = match pruned {
                Some(i) => i,
                None => self.push(Change::unchanged(
                    at,
                    Kind::AdGroup,
                    Kind::AdGroup.name_of(&lg.raw),
                    Kind::AdGroup.id_of(&lg.raw),
                )),
            };
            family.ad_groups.push(Member {
                change,
                desired: None,
                live: Some(live_flat),
            });
        }
        self.draft.families.push(family);
        Ok(())
    }

    /// Plans one ad group and its ads; returns it as a family member when it has a
    /// change entry.
    fn ad_group(
        &mut self,
        place: Place,
        d: &DesiredCampaign,
        g: &AdGroup,
        live: Option<&LiveAdGroup>,
    ) -> Result<Option<Member>, PlanError> {
        let campaign = d.spec;
        let cbo = *campaign.budget.cbo;
        let deleted = is_deleted(g.status.as_ref());
        let lowered = lower::ad_group(campaign, g, d.account, lower::start_now(self.opts.now))?;
        let desired_canon = canon::ad_group(g, cbo, d.account);
        let desired_flat = flatten(&desired_canon);
        let starts_now = starts_now(g);
        let Some(lg) = live else {
            if deleted {
                return Ok(None);
            }
            let change = self.push(Change {
                starts_now,
                ..Change::create(
                    place.clone(),
                    Kind::AdGroup,
                    &g.name,
                    creation_fields(Kind::AdGroup, &desired_canon),
                    lowered,
                )
            });
            for (ai, a) in g.ads.iter().enumerate() {
                let at = place
                    .child(format!("{}/a{ai}", place.key), None)
                    .in_ad_group(&g.name)
                    .in_zone(zone_name(None, d.account));
                self.ad(at, a, None);
            }
            return Ok(Some(Member {
                change,
                desired: Some(desired_flat),
                live: None,
            }));
        };
        let id = Kind::AdGroup.id_of(&lg.raw);
        let raised = raise::ad_group(&lg.raw, &[], cbo, &jiff::tz::TimeZone::UTC);
        let live_flat = flatten(&canon::ad_group(&raised.value, cbo, None));
        if deleted {
            let change = self.push(Change::delete(place, Kind::AdGroup, &g.name, id));
            return Ok(Some(Member {
                change,
                desired: None,
                live: Some(live_flat),
            }));
        }
        // A start "from now" was fixed when the ad group was made: a duration counts
        // from there.
        let live_start = lg
            .raw
            .get("schedule_start_time")
            .and_then(Value::as_str)
            .and_then(crate::spec::schedule::parse_wire_time);
        let bodies = Bodies {
            update_from: lower::ad_group(
                campaign,
                g,
                d.account,
                live_start.unwrap_or_else(|| lower::start_now(self.opts.now)),
            )?,
            create: lowered,
            explicit_start: g.schedule.as_ref().is_some_and(|s| s.start.is_some()),
        };
        let diff = diff::diff(Kind::AdGroup, &desired_flat, &live_flat, || bodies);
        let replaced = diff.action == Action::Replace;
        let change = self.push(Change {
            starts_now: starts_now.filter(|_| replaced),
            ..Change::diffed(place.clone(), Kind::AdGroup, &g.name, id.clone(), diff)
        });
        let candidates: Vec<&Value> = if replaced {
            Vec::new()
        } else {
            lg.ads.iter().collect()
        };
        let wanted: Vec<(&str, Option<&str>)> = g
            .ads
            .iter()
            .map(|a| (a.name.as_str(), a.id.as_ref().map(|s| s.as_str())))
            .collect();
        let matched = matching::children(Kind::Ad, &wanted, &candidates);
        let parent_id = if replaced { None } else { id.as_deref() };
        let lookalikes = lookalike::ads(&candidates, &matched.unclaimed, self.opts);
        for ((ai, a), slot) in g.ads.iter().enumerate().zip(matched.slots) {
            self.draft.issues.extend(slot.issues);
            if slot.live.is_none() && !is_deleted(a.status.as_ref()) {
                let flat = flatten(&canon::ad(a));
                self.draft.issues.extend(lookalike::find(
                    Kind::Ad,
                    &a.name,
                    &campaign.name,
                    &flat,
                    &lookalikes,
                ));
            }
            let at = place
                .child(format!("{}/a{ai}", place.key), parent_id)
                .in_ad_group(&g.name)
                .in_zone(zone_name(None, d.account));
            self.ad(at, a, slot.live.map(|i| candidates[i]));
        }
        if self.opts.selection.prune && !replaced {
            for ai in matched.unclaimed {
                let key = live_key(&format!("{}/p", place.key), ai, Kind::Ad, candidates[ai]);
                let at = place
                    .child(key, None)
                    .in_ad_group(&g.name)
                    .in_zone(zone_name(None, d.account));
                self.prune(Kind::Ad, at, candidates[ai]);
            }
        }
        Ok(Some(Member {
            change,
            desired: Some(desired_flat),
            live: Some(live_flat),
        }))
    }

    fn ad(&mut self, place: Place, a: &Ad, live: Option<&Value>) {
        let deleted = is_deleted(a.status.as_ref());
        let Some(raw) = live else {
            if !deleted {
                let change = Change::create(
                    place,
                    Kind::Ad,
                    &a.name,
                    creation_fields(Kind::Ad, &canon::ad(a)),
                    lower::ad(a),
                );
                let change = self.with_portfolio(change, a);
                self.push(change);
            }
            return;
        };
        let id = Kind::Ad.id_of(raw);
        if deleted {
            self.push(Change::delete(place, Kind::Ad, &a.name, id));
            return;
        }
        let raised = raise::ad(raw);
        let diff = diff::diff_canonical(Kind::Ad, &canon::ad(a), &canon::ad(&raised.value), || {
            Bodies::same(lower::ad(a))
        });
        let change = Change::diffed(place, Kind::Ad, &a.name, id, diff);
        let change = self.with_portfolio(change, a);
        self.push(change);
    }

    /// An ad that lists the calls to action of a portfolio the account does not
    /// have yet: apply makes it first, and puts its id in the ad.
    fn with_portfolio(&mut self, mut change: Change, a: &Ad) -> Change {
        let Some(list) = &a.call_to_action_portfolio else {
            return change;
        };
        if change.action == Action::Unchanged {
            return change;
        }
        let mut calls: Vec<String> = list.iter().map(|c| c.wire().to_owned()).collect();
        calls.sort();
        calls.dedup();
        let portfolios = &mut self.draft.plan.portfolios;
        let known = portfolios
            .iter()
            .find(|p| p.calls_to_action == calls)
            .map(|p| p.key.clone());
        let key = known.unwrap_or_else(|| {
            let key = format!("cta{}", portfolios.len());
            portfolios.push(NewPortfolio {
                key: key.clone(),
                calls_to_action: calls,
                objective: self.objective.to_owned(),
            });
            key
        });
        change.portfolio = Some(key);
        change
    }
}
