//! Canonical forms: two spec objects that mean the same thing to TikTok become equal.
//!
//! Both sides of a diff go through here: the desired object from the spec and the
//! live object raised from the wire. Defaults are made explicit, lists whose order
//! means nothing are sorted, and fields the platform ignores in the chosen mode are
//! dropped, so a freshly applied spec plans as no changes.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::spec::enums::{
    BidStrategy, BudgetMode, Gender, OptimizationEvent, OptimizationGoal, Placement, Status,
    TargetingMode,
};
use crate::spec::model::{
    Account, Ad, AdGroup, AdGroupBudget, App, Attribution, Bidding, Campaign, CampaignBudget,
    Carousel, Creative, Dayparting, Enhancements, Identity, Optimization, Placements, Schedule,
    Targeting, Video,
};
use crate::spec::{Open, Sp, schedule};

/// A canonical object as `spec.path → value`, e.g. `budget.amount → 50`.
pub type Flat = BTreeMap<String, Value>;

/// Brings a live object's flat form into the terms the desired one chose: a schedule
/// given as a duration is compared as the live end minus the live start.
pub fn align(desired: &Flat, live: &mut Flat) {
    const DURATION: &str = "schedule.duration";
    if !desired.contains_key(DURATION) {
        return;
    }
    let at = |live: &Flat, key: &str| {
        live.get(key)
            .and_then(Value::as_str)
            .and_then(schedule::parse_wire_time)
    };
    let span = match (at(live, "schedule.start"), at(live, "schedule.end")) {
        (Some(start), Some(end)) if end > start => Some(end.duration_since(start)),
        _ => None,
    };
    if let Some(span) = span {
        live.remove("schedule.end");
        live.insert(
            DURATION.to_string(),
            Value::String(schedule::format_duration(span)),
        );
    }
}

/// Flattens a canonical spec object into `path → value` (children and ids left out:
/// they are compared one by one).
pub fn flatten<T: serde::Serialize>(obj: &T) -> Flat {
    let mut out = Flat::new();
    if let Ok(Value::Object(map)) = serde_json::to_value(obj) {
        for (k, v) in map {
            if matches!(k.as_str(), "ad_groups" | "ads" | "id") {
                continue;
            }
            walk(&k, v, &mut out);
        }
    }
    out
}

fn walk(prefix: &str, v: Value, out: &mut Flat) {
    match v {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                walk(&format!("{prefix}.{k}"), v, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other);
        }
    }
}

fn sorted<T: Ord + Clone>(l: Option<&Sp<Vec<Sp<T>>>>) -> Option<Sp<Vec<Sp<T>>>> {
    let mut v: Vec<T> = l?.iter().map(|x| x.value.clone()).collect();
    v.sort();
    v.dedup();
    (!v.is_empty()).then(|| Sp::new(v.into_iter().map(Sp::new).collect()))
}

fn plain<T: Clone>(x: Option<&Sp<T>>) -> Option<Sp<T>> {
    x.map(|v| Sp::new(v.value.clone()))
}

/// A status always compares: absent means enabled.
fn status(s: Option<&Sp<Status>>) -> Sp<Status> {
    Sp::new(s.map(|s| s.value).unwrap_or_default())
}

/// The campaign's own settings (children left out: they are compared one by one).
pub fn campaign(c: &Campaign) -> Campaign {
    let mode = c.budget.effective_mode();
    Campaign {
        name: Sp::new(c.name.value.clone()),
        id: None,
        objective: Sp::new(c.objective.value),
        sales_destination: plain(c.sales_destination.as_ref()),
        app: c.app.as_ref().map(|a| {
            Sp::new(App {
                id: Sp::new(a.id.value.clone()),
                platform: Sp::new(a.platform.value),
                promotion_type: Some(Sp::new(
                    a.promotion_type
                        .as_ref()
                        .map(|p| p.value)
                        .unwrap_or_default(),
                )),
            })
        }),
        special_industries: sorted(c.special_industries.as_ref()),
        status: Some(status(c.status.as_ref())),
        budget: Sp::new(CampaignBudget {
            cbo: Sp::new(c.budget.cbo.value),
            mode: Some(Sp::new(mode)),
            amount: if mode == BudgetMode::Unlimited {
                None
            } else {
                plain(c.budget.amount.as_ref())
            },
        }),
        // Automation modules are declarations checked by rules; only the ad group
        // settings they describe reach the wire.
        automation: None,
        guidance: None,
        ad_groups: Sp::new(Vec::new()),
    }
}

/// The ad group's own settings in UTC, defaults explicit.
pub fn ad_group(g: &AdGroup, cbo: bool, account: Option<&Account>) -> AdGroup {
    let goal = g.optimization.goal.value;
    let event = match (&g.optimization.event, goal) {
        (Some(e), _) => Some(Sp::new(e.value.clone())),
        (None, OptimizationGoal::LandingPageView) => {
            Some(Sp::new(OptimizationEvent::LandingPageView.into()))
        }
        (None, _) => None,
    };
    let bidding = g
        .bidding
        .as_ref()
        .filter(|b| {
            !(b.strategy.value == BidStrategy::MaxDelivery
                && b.amount.is_none()
                && b.roas.is_none())
        })
        .map(|b| {
            Sp::new(Bidding {
                strategy: Sp::new(b.strategy.value),
                amount: plain(b.amount.as_ref()),
                roas: plain(b.roas.as_ref()),
            })
        });
    let schedule = g.schedule.as_ref().map(|s| canonical_schedule(s, account));
    let schedule = schedule.filter(|s| *s != Schedule::default()).map(Sp::new);
    let placements = match g.placements.as_ref().map(|p| &p.value) {
        Some(Placements::Chosen(list)) => {
            let mut v: Vec<Open<Placement>> = list.iter().map(|p| p.value.clone()).collect();
            v.sort();
            v.dedup();
            Some(Sp::new(Placements::Chosen(
                v.into_iter().map(Sp::new).collect(),
            )))
        }
        _ => None,
    };
    let mode = g
        .targeting
        .mode
        .as_ref()
        .map(|m| m.value)
        .unwrap_or_default();
    let t = &g.targeting;
    let suggestions = mode != TargetingMode::Automatic;
    let targeting = Targeting {
        mode: Some(Sp::new(mode)),
        locations: sorted(t.locations.as_ref()),
        languages: sorted(t.languages.as_ref()),
        minimum_age: (mode != TargetingMode::Manual).then(|| {
            Sp::new(
                t.minimum_age
                    .as_ref()
                    .map(|a| a.value.clone())
                    .unwrap_or_default(),
            )
        }),
        operating_systems: sorted(t.operating_systems.as_ref()),
        excluded_audiences: sorted(t.excluded_audiences.as_ref()),
        age_groups: if suggestions {
            sorted(t.age_groups.as_ref())
        } else {
            None
        },
        gender: if suggestions {
            plain(t.gender.as_ref()).filter(|g| g.value != Gender::Any)
        } else {
            None
        },
        interests: if suggestions {
            sorted(t.interests.as_ref())
        } else {
            None
        },
        interest_keywords: if suggestions {
            sorted(t.interest_keywords.as_ref())
        } else {
            None
        },
        audiences: if suggestions {
            sorted(t.audiences.as_ref())
        } else {
            None
        },
        behaviors: if suggestions {
            super::behaviors::canon(t.behaviors.as_ref())
        } else {
            None
        },
    };
    AdGroup {
        name: Sp::new(g.name.value.clone()),
        id: None,
        status: Some(status(g.status.as_ref())),
        budget: if cbo {
            None
        } else {
            g.budget.as_ref().map(|b| {
                Sp::new(AdGroupBudget {
                    mode: Sp::new(b.mode.value),
                    amount: Sp::new(b.amount.value),
                })
            })
        },
        optimization: Sp::new(Optimization {
            goal: Sp::new(goal),
            event,
            pixel_id: plain(g.optimization.pixel_id.as_ref()),
        }),
        bidding,
        schedule,
        placements,
        attribution: g.attribution.as_ref().map(|a| {
            Sp::new(Attribution {
                click: plain(a.click.as_ref()),
                view: plain(a.view.as_ref()),
                event_count: plain(a.event_count.as_ref()),
            })
        }),
        targeting: Sp::new(targeting),
        ads: Sp::new(Vec::new()),
    }
}

/// Start and end in UTC wire form, a duration in days or hours, dayparting as merged
/// ranges (or none if all day).
fn canonical_schedule(s: &Schedule, account: Option<&Account>) -> Schedule {
    let utc = |r: Result<Option<jiff::Timestamp>, _>| {
        r.ok().flatten().map(|t| Sp::new(schedule::wire_time(t)))
    };
    let end = utc(schedule::end_utc(s, account));
    Schedule {
        start: utc(schedule::start_utc(s, account)),
        // An end wins over a duration, as when the create body is made.
        duration: match (&end, schedule::duration(s)) {
            (None, Ok(Some(d))) => Some(Sp::new(schedule::format_duration(d))),
            _ => None,
        },
        end,
        time_zone: None,
        dayparting: s
            .dayparting
            .as_ref()
            .and_then(|d| schedule::dayparting_wire(d).ok().flatten())
            .and_then(|bits| dayparting_from_wire(&bits))
            .map(Sp::new),
    }
}

/// Reads the 336-character wire string back into ranges; `None` when it is all day
/// (all ones, or all zeros, which TikTok reads the same way).
pub fn dayparting_from_wire(bits: &str) -> Option<Dayparting> {
    let bits: Vec<bool> = bits.chars().map(|c| c == '1').collect();
    if bits.len() != 336 || bits.iter().all(|b| *b) || bits.iter().all(|b| !*b) {
        return None;
    }
    let day = |d: usize| -> Option<Sp<Vec<Sp<String>>>> {
        let slots = &bits[d * 48..(d + 1) * 48];
        let mut ranges = Vec::new();
        let mut i = 0;
        while i < 48 {
            if slots[i] {
                let start = i;
                while i < 48 && slots[i] {
                    i += 1;
                }
                let hm = |slot: usize| format!("{:02}:{:02}", slot / 2, (slot % 2) * 30);
                ranges.push(Sp::new(format!("{}-{}", hm(start), hm(i))));
            } else {
                i += 1;
            }
        }
        Some(Sp::new(ranges))
    };
    Some(Dayparting {
        monday: day(0),
        tuesday: day(1),
        wednesday: day(2),
        thursday: day(3),
        friday: day(4),
        saturday: day(5),
        sunday: day(6),
    })
}

/// The ad's settings with unordered lists sorted.
pub fn ad(a: &Ad) -> Ad {
    let mut creatives: Vec<Creative> = a.creatives.iter().map(|c| canonical_creative(c)).collect();
    creatives.sort_by_key(|c| serde_json::to_string(c).unwrap_or_default());
    let enhancements = a.enhancements.as_ref().and_then(|e| {
        let on = |f: &Option<Sp<bool>>| f.as_ref().filter(|b| b.value).map(|_| Sp::new(true));
        let out = Enhancements {
            quality: on(&e.quality),
            resize: on(&e.resize),
            music_refresh: on(&e.music_refresh),
            translate_and_dub: on(&e.translate_and_dub),
        };
        (out != Enhancements::default()).then(|| Sp::new(out))
    });
    Ad {
        name: Sp::new(a.name.value.clone()),
        id: None,
        status: Some(status(a.status.as_ref())),
        identity: Sp::new(Identity {
            kind: Sp::new(a.identity.kind.value),
            id: plain(a.identity.id.as_ref()),
            name: None,
            business_center_id: plain(a.identity.business_center_id.as_ref()),
        }),
        creatives: Sp::new(creatives.into_iter().map(Sp::new).collect()),
        // Text order means something (the first is the lead text): kept as written.
        texts: a
            .texts
            .as_ref()
            .filter(|t| !t.is_empty())
            .map(|t| Sp::new(t.iter().map(|x| Sp::new(x.value.clone())).collect())),
        calls_to_action: sorted(a.calls_to_action.as_ref()),
        call_to_action_id: plain(a.call_to_action_id.as_ref()),
        call_to_action_portfolio: sorted(a.call_to_action_portfolio.as_ref()),
        landing_page: plain(a.landing_page.as_ref()),
        instant_form_id: plain(a.instant_form_id.as_ref()),
        utm: a.utm.as_ref().filter(|m| !m.is_empty()).map(|m| {
            Sp::new(
                m.iter()
                    .map(|(k, v)| (k.clone(), Sp::new(v.value.clone())))
                    .collect(),
            )
        }),
        enhancements,
    }
}

fn canonical_creative(c: &Creative) -> Creative {
    Creative {
        video: c.video.as_ref().map(|v| {
            Sp::new(Video {
                id: plain(v.id.as_ref()),
                file: plain(v.file.as_ref()),
                cover: plain(v.cover.as_ref()),
            })
        }),
        carousel: c.carousel.as_ref().map(|car| {
            Sp::new(Carousel {
                // Image order is the order shown: kept.
                images: Sp::new(
                    car.images
                        .iter()
                        .map(|i| Sp::new(i.value.clone()))
                        .collect(),
                ),
                files: None,
                music: plain(car.music.as_ref()),
            })
        }),
        spark_post: plain(c.spark_post.as_ref()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn all_zero_dayparting_is_all_day_like_all_ones() {
        assert!(super::dayparting_from_wire(&"0".repeat(336)).is_none());
        assert!(super::dayparting_from_wire(&"1".repeat(336)).is_none());
        let mut bits = "1".repeat(336);
        bits.replace_range(0..48, &"0".repeat(48));
        let d = super::dayparting_from_wire(&bits).expect("Monday off");
        assert_eq!(d.monday.map(|m| m.value.len()), Some(0));
    }
}
