//! The list (`get`) endpoints. All six (`/smart_plus/` and manual campaign, ad
//! group and ad lists) run one implementation, [`list`], described per endpoint by
//! a [`ListSpec`]: which records it shows, which `filtering` keys it accepts and
//! what each compares, its page-size cap and how a record renders. Paging is
//! shared with the report.

mod filter;
mod shape;

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value, json};

pub(super) use self::filter::{Bound, Field, Filter};
use self::filter::{Check, Checked, Row};
use super::app::App;
use super::check::Obj;
use super::request::Req;
use super::state::{Automation, Kind, Lineage, Record, State};
use super::wire::{ApiError, ApiResult};

/// What one list endpoint shows and how.
pub(super) struct ListSpec {
    pub(super) kind: Kind,
    /// The largest `page_size` accepted.
    pub(super) page_size_cap: u32,
    /// `/smart_plus/` lists show Upgraded Smart+ records only; the manual ones
    /// show every product.
    pub(super) upgraded_only: bool,
    /// The `filtering` keys accepted, in the order the unknown-filter error
    /// lists them.
    pub(super) accepted: &'static [&'static str],
    /// The same keys in the order they are compared. Filters read up front are
    /// read in this order too, before any record; a filter read late reports
    /// its error only for a record that passed every filter listed before it.
    /// Both orders decide which error a request with several bad filters gets.
    pub(super) filters: &'static [Filter],
    /// The `fields` accepted, when the endpoint refuses others (the manual reads
    /// do, naming the position: `fields.3`); `None` leaves unknown ones out.
    pub(super) fields: Option<&'static [&'static str]>,
    pub(super) view: View,
}

/// How a listed record renders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum View {
    /// As stored plus `secondary_status`; an ad also names its `adgroup_id`.
    SmartPlus,
    /// Also `campaign_automation_type` and `is_smart_performance_campaign`, which
    /// tell products apart; an ad also gets `ad_id` and `adgroup_id`. A record
    /// whose campaign is missing cannot say its product, so it is left out.
    Manual,
}

/// `filtering.creation_filter_start_time`, read late as it always was.
pub(super) const CREATED_FROM: Filter =
    Filter::time("creation_filter_start_time", "create_time", Bound::From).when_reached();
/// `filtering.creation_filter_end_time`, read late as it always was.
pub(super) const CREATED_UNTIL: Filter =
    Filter::time("creation_filter_end_time", "create_time", Bound::Until).when_reached();

/// Answers a list request: checks paging, `fields` and `filtering`, then pages
/// the matching records, newest first.
pub(super) fn list(app: &App, req: &Req, spec: &ListSpec) -> ApiResult<Value> {
    let p = params(req, spec.page_size_cap, spec.accepted)?;
    if let (Some(known), Some(asked)) = (spec.fields, &p.fields) {
        known_fields(asked, known)?;
    }
    let mut checks = Vec::with_capacity(spec.filters.len());
    for filter in spec.filters {
        let check = filter.read(&p.filtering);
        checks.push(match filter.checked() {
            Checked::Upfront => Ok(check?),
            Checked::WhenReached => check,
        });
    }
    app.read(|st| {
        let key = ListKey {
            generation: st.generation,
            // A filter that reads the clock matches anew as it moves (every second:
            // the clock's unit), write or not.
            clock: checks
                .iter()
                .any(|c| matches!(c, Ok(Some(c)) if c.reads_the_clock()))
                .then(|| st.clock.now()),
            kind: spec.kind,
            view: spec.view,
            upgraded_only: spec.upgraded_only,
            filtering: Value::Object(p.filtering.clone()).to_string(),
        };
        let known = app.recent_lists().get(&key);
        let matched = if let Some(ids) = known {
            ids
        } else {
            let ids = Arc::new(matching(st, spec, &checks)?);
            app.recent_lists().put(key, Arc::clone(&ids));
            ids
        };
        let ids: Vec<&str> = matched.iter().map(String::as_str).collect();
        if spec.view == View::Manual && spec.kind == Kind::Ad {
            // One row per creative of a Smart+ ad (see `shape`).
            let rows: Vec<(&str, usize)> = ids
                .into_iter()
                .flat_map(|id| {
                    let n = shape::manual_ad_rows(st, id);
                    (0..n).map(move |i| (id, i))
                })
                .collect();
            return Ok(page(rows, &p.paging, p.fields.as_deref(), |(id, n)| {
                let base = spec.view.render(st, spec.kind, id)?;
                let upgraded = st
                    .ads
                    .get(id)
                    .is_some_and(|r| r.automation == Automation::UpgradedSmartPlus);
                Some(if upgraded {
                    shape::manual_ad_row(&base, n)
                } else {
                    base
                })
            }));
        }
        Ok(page(ids, &p.paging, p.fields.as_deref(), |id| {
            spec.view.render(st, spec.kind, id)
        }))
    })
}

/// The ids a list shows, newest first: every record of its kind that passes the
/// filters (the first filter error found is the answer).
fn matching(
    st: &State,
    spec: &ListSpec,
    checks: &[ApiResult<Option<Check>>],
) -> ApiResult<Vec<String>> {
    let mut ids = Vec::new();
    // Records with one parent share what is above them: an ad group's ads are
    // looked up once, not once each (a list call reads every record of its kind).
    let mut above: HashMap<Option<&str>, Lineage<'_>> = HashMap::new();
    for (id, rec) in records_newest_first(st, spec.kind) {
        if spec.upgraded_only && rec.automation != Automation::UpgradedSmartPlus {
            continue;
        }
        let lineage = match spec.kind {
            Kind::Campaign => st.lineage(spec.kind, id, rec),
            Kind::AdGroup | Kind::Ad => *above
                .entry(rec.parent.as_deref())
                .or_insert_with(|| st.lineage(spec.kind, id, rec)),
        };
        let row = Row {
            st,
            kind: spec.kind,
            id,
            rec,
            lineage,
        };
        if passes(checks, &row)? && spec.view.shows(&row) {
            ids.push(id.to_owned());
        }
    }
    Ok(ids)
}

/// What decides which ids a list request matches: the state's generation, the
/// endpoint, the filters and, for a filter that reads it, the clock (paging and
/// `fields` do not).
#[derive(PartialEq, Eq)]
struct ListKey {
    generation: u64,
    clock: Option<i64>,
    kind: Kind,
    view: View,
    upgraded_only: bool,
    filtering: String,
}

/// The matching ids of the last few list requests. A plan of a large account
/// reads dozens of pages of one filtered list; without this, each page matched
/// every record of the account again (and the list calls cost the emulator more
/// than the plan cost the client).
#[derive(Default)]
pub(in crate::emulator) struct Recent(Vec<(ListKey, Arc<Vec<String>>)>);

/// How many recent answers are kept: a plan pages a few lists at once.
const RECENT: usize = 8;

impl Recent {
    fn get(&self, key: &ListKey) -> Option<Arc<Vec<String>>> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, ids)| Arc::clone(ids))
    }

    fn put(&mut self, key: ListKey, ids: Arc<Vec<String>>) {
        // Answers of an older generation can never match again.
        self.0
            .retain(|(k, _)| k.generation == key.generation && *k != key);
        if self.0.len() >= RECENT {
            self.0.remove(0);
        }
        self.0.push((key, ids));
    }
}

/// Refuses the first `fields` name the endpoint does not know, by its position,
/// the way live does (`fields.32`).
fn known_fields(asked: &[String], known: &[&str]) -> ApiResult<()> {
    match asked.iter().position(|f| !known.contains(&f.as_str())) {
        None => Ok(()),
        Some(i) => Err(ApiError::param(
            &format!("fields.{i}"),
            format!(
                "Invalid field `{}`; accepted fields are: {}.",
                asked[i],
                known.join(", ")
            ),
        )),
    }
}

/// Whether a record passes every given filter, compared in order; a filter read
/// late reports its error here.
fn passes(checks: &[ApiResult<Option<Check>>], row: &Row<'_>) -> ApiResult<bool> {
    for check in checks {
        match check {
            Err(e) => return Err(e.clone()),
            Ok(Some(c)) if !c.matches(row) => return Ok(false),
            Ok(_) => {}
        }
    }
    Ok(true)
}

#[cfg(test)]
impl ListSpec {
    /// Mismatches between the keys accepted and the filters that read them.
    pub(super) fn flaws(&self) -> Vec<String> {
        let read: Vec<&str> = self.filters.iter().map(Filter::key).collect();
        let unread = self.accepted.iter().filter(|k| !read.contains(k));
        let unaccepted = read.iter().filter(|k| !self.accepted.contains(k));
        unread
            .map(|k| format!("`{k}` is accepted but never read"))
            .chain(unaccepted.map(|k| format!("`{k}` is read but not accepted")))
            .collect()
    }
}

impl View {
    fn shows(self, row: &Row<'_>) -> bool {
        match self {
            View::SmartPlus => true,
            View::Manual => row.lineage.campaign.flatten().is_some(),
        }
    }

    fn render(self, st: &State, kind: Kind, id: &str) -> Option<Obj> {
        let mut obj = st.render(kind, id)?;
        if self == View::SmartPlus {
            shape::smart_plus(st, kind, id, &mut obj);
        }
        let upgraded = st
            .campaign_of(kind, id)
            .and_then(|c| st.campaigns.get(&c))
            .is_some_and(|c| c.automation == Automation::UpgradedSmartPlus);
        if self == View::Manual && kind == Kind::AdGroup && upgraded {
            shape::manual_ad_group(&mut obj);
        }
        if self == View::Manual {
            let cid = st.campaign_of(kind, id)?;
            let a = st.campaigns.get(&cid).map(|c| c.automation)?;
            obj.insert("campaign_automation_type".into(), json!(a.wire()));
            obj.insert(
                "is_smart_performance_campaign".into(),
                json!(a == Automation::SmartPlus),
            );
        }
        if kind == Kind::Ad {
            if self == View::Manual {
                // The manual endpoint names the ad id `ad_id`.
                if let Some(v) = obj.get("smart_plus_ad_id").cloned() {
                    obj.insert("ad_id".into(), v);
                }
            }
            let group = st.ads.get(id).and_then(|r| r.parent.clone());
            obj.insert("adgroup_id".into(), json!(group.unwrap_or_default()));
        }
        Some(obj)
    }
}

/// `page` and `page_size`.
pub(super) struct Paging {
    page: u64,
    page_size: u64,
}

struct ListParams {
    paging: Paging,
    fields: Option<Vec<String>>,
    filtering: Obj,
}

fn positive_int(req: &Req, key: &str, default: u64) -> ApiResult<u64> {
    match req.query.get(key) {
        None => Ok(default),
        Some(s) => match s.trim().parse::<u64>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(ApiError::param(key, "Must be an integer of at least 1.")),
        },
    }
}

/// Reads `page` and `page_size` (at most `cap`).
pub(super) fn paging(req: &Req, cap: u32) -> ApiResult<Paging> {
    let page = positive_int(req, "page", 1)?;
    let page_size = positive_int(req, "page_size", 10)?;
    if page_size > u64::from(cap) {
        return Err(ApiError::param(
            "page_size",
            format!("Must be between 1 and {cap}."),
        ));
    }
    Ok(Paging { page, page_size })
}

fn params(req: &Req, cap: u32, accepted: &[&str]) -> ApiResult<ListParams> {
    let paging = paging(req, cap)?;
    let fields = match req.json_param("fields")? {
        None => None,
        Some(Value::Array(a)) => Some(
            a.into_iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s),
                    _ => Err(ApiError::param("fields", "Every field must be a string.")),
                })
                .collect::<ApiResult<Vec<_>>>()?,
        ),
        Some(_) => return Err(ApiError::param("fields", "Must be a JSON list of strings.")),
    };
    let filtering = match req.json_param("filtering")? {
        None => Map::new(),
        Some(Value::Object(o)) => o,
        Some(_) => return Err(ApiError::param("filtering", "Must be a JSON object.")),
    };
    for key in filtering.keys() {
        if !accepted.contains(&key.as_str()) {
            return Err(ApiError::param(
                &format!("filtering.{key}"),
                format!(
                    "Unknown filter; accepted filters are: {}.",
                    accepted.join(", ")
                ),
            ));
        }
    }
    Ok(ListParams {
        paging,
        fields,
        filtering,
    })
}

/// Pages matching items, rendering only the ones on the page (large accounts list
/// thousands of ads; rendering each for every page made listing quadratic), and
/// keeps only the `fields` asked for.
pub(super) fn page<T>(
    items: Vec<T>,
    p: &Paging,
    fields: Option<&[String]>,
    mut render: impl FnMut(T) -> Option<Obj>,
) -> Value {
    let total = items.len() as u64;
    let total_page = total.div_ceil(p.page_size);
    let skip = (p.page - 1).saturating_mul(p.page_size);
    let list: Vec<Value> = items
        .into_iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .take(usize::try_from(p.page_size).unwrap_or(usize::MAX))
        .filter_map(&mut render)
        .map(|obj| Value::Object(project(obj, fields)))
        .collect();
    // The list is moved in, not serialized again as `json!` would.
    let mut data = Map::new();
    data.insert("list".into(), Value::Array(list));
    data.insert(
        "page_info".into(),
        json!({
            "page": p.page,
            "page_size": p.page_size,
            "total_number": total,
            "total_page": total_page,
        }),
    );
    Value::Object(data)
}

fn project(obj: Obj, fields: Option<&[String]>) -> Obj {
    match fields {
        None => obj,
        // In the order asked for; unknown fields are left out.
        Some(fields) => {
            let mut obj = obj;
            fields
                .iter()
                .filter_map(|f| obj.remove(f).map(|v| (f.clone(), v)))
                .collect()
        }
    }
}

/// Records of a kind with their ids, newest first (TikTok lists by creation time,
/// descending), borrowed: a list call looks at every record of its kind.
fn records_newest_first(st: &State, kind: Kind) -> Vec<(&str, &Record)> {
    let mut v: Vec<(&str, &Record)> = st
        .map(kind)
        .iter()
        .map(|(id, r)| (id.as_str(), r))
        .collect();
    v.sort_unstable_by_key(|(_, r)| std::cmp::Reverse(r.seq));
    v
}

/// Ids of a kind, newest first (TikTok lists by creation time, descending).
pub(super) fn newest_first(st: &State, kind: Kind) -> Vec<String> {
    let mut v: Vec<(&String, u64)> = st.map(kind).iter().map(|(id, r)| (id, r.seq)).collect();
    v.sort_by_key(|e| std::cmp::Reverse(e.1));
    v.into_iter().map(|(id, _)| id.clone()).collect()
}
