//! Thin helpers for the Smart+ calls. Paths live in [`paths`], once.
//!
//! Objects stay [`serde_json::Value`]: the planner owns the mapping to spec types.
//! Ids are strings and are never parsed as numbers (they exceed 2^53).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::future::Future;

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};
use tokio::task::JoinSet;

use super::client::{Client, Idempotency, json_param};
use super::error::{ApiError, ErrorKind};
use super::kind::{Kind, Op, OperationStatus};
use crate::facts;

/// Endpoint paths, relative to `/open_api/v1.3/`.
pub mod paths {
    pub const CAMPAIGN_GET: &str = "smart_plus/campaign/get/";
    pub const CAMPAIGN_CREATE: &str = "smart_plus/campaign/create/";
    pub const CAMPAIGN_UPDATE: &str = "smart_plus/campaign/update/";
    pub const CAMPAIGN_STATUS: &str = "smart_plus/campaign/status/update/";
    pub const ADGROUP_GET: &str = "smart_plus/adgroup/get/";
    pub const ADGROUP_CREATE: &str = "smart_plus/adgroup/create/";
    pub const ADGROUP_UPDATE: &str = "smart_plus/adgroup/update/";
    pub const ADGROUP_STATUS: &str = "smart_plus/adgroup/status/update/";
    pub const ADGROUP_BUDGET: &str = "smart_plus/adgroup/budget/update/";
    pub const AD_GET: &str = "smart_plus/ad/get/";
    pub const AD_CREATE: &str = "smart_plus/ad/create/";
    pub const AD_UPDATE: &str = "smart_plus/ad/update/";
    pub const AD_STATUS: &str = "smart_plus/ad/status/update/";
    /// The manual campaign list, which also shows legacy Smart+ and manual campaigns.
    pub const MANUAL_CAMPAIGN_GET: &str = "campaign/get/";
    /// The manual ad list: one row per creative of a Smart+ ad, including the
    /// creatives TikTok added itself (reference §14).
    pub const MANUAL_AD_GET: &str = "ad/get/";
    pub const ADVERTISER_INFO: &str = "advertiser/info/";
    pub const REPORT: &str = "report/integrated/get/";
}

/// Fields asked of `campaign/get/` to tell manual, legacy and upgraded Smart+ apart.
pub const MANUAL_CAMPAIGN_FIELDS: &[&str] = &[
    "campaign_id",
    "campaign_name",
    "campaign_automation_type",
    "is_smart_performance_campaign",
    "objective_type",
    "budget",
    "budget_mode",
    "operation_status",
];

/// Report parameters for lifetime spend. [inf: the generic integrated report,
/// assumed to cover Smart+ campaigns as auction campaigns]
pub(super) mod report {
    pub(super) const REPORT_TYPE: &str = "BASIC";
    pub(super) const CAMPAIGN_LEVEL: &str = "AUCTION_CAMPAIGN";
    pub(in crate::api) const ADGROUP_LEVEL: &str = "AUCTION_ADGROUP";
    pub(super) const PAGE_SIZE: u32 = 1000;
}

/// Which ads to list.
#[derive(Clone, Copy, Debug)]
pub enum AdScope<'a> {
    /// Every ad of these campaigns.
    Campaigns(&'a [String]),
    /// Every ad of these ad groups.
    AdGroups(&'a [String]),
}

/// A created object: its new id and the whole answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Created {
    pub id: String,
    pub data: Value,
}

/// What a batched status change did, id by id. TikTok answers code 0 even when
/// some ids failed, so failures arrive here rather than as an error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatusOutcome {
    pub succeeded: Vec<String>,
    pub failed: Vec<StatusFailure>,
}

/// One id a status change did not apply to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusFailure {
    pub id: String,
    pub message: String,
}

/// Account settings that decide money and time handling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdvertiserInfo {
    pub advertiser_id: String,
    pub name: Option<String>,
    /// ISO code, e.g. `USD`.
    pub currency: String,
    /// IANA name, e.g. `Etc/UTC`.
    pub timezone: String,
}

/// Lifetime spend per id, or why it is not known. Spend only informs warnings,
/// so an account without report access still plans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spend {
    Known(BTreeMap<String, Decimal>),
    Unknown { reason: String },
}

/// A fresh `request_id`: a positive 64-bit integer as a string (reference §4).
pub fn new_request_id() -> String {
    let id = (rand::random::<u64>() >> 1).max(1);
    id.to_string()
}

/// A money amount as the JSON number TikTok expects, from its exact decimal text
/// (never through a float).
pub fn money_value(amount: Decimal) -> Option<Value> {
    match crate::spec::Money::new(amount).to_json() {
        Value::Null => None,
        v => Some(v),
    }
}

/// An id field as a string, whether the server sent a string or a number.
pub fn id_of(object: &Value, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        // serde_json keeps integers exact (u64), so this does not lose digits.
        Value::Number(n) if n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

/// Smart+ campaigns of the account, or only those with the given ids.
pub async fn list_campaigns(
    client: &Client,
    advertiser_id: &str,
    campaign_ids: Option<&[String]>,
) -> Result<Vec<Value>, ApiError> {
    let items = match campaign_ids {
        None => {
            client
                .list_all(
                    Kind::Campaign.path(Op::Get),
                    advertiser_id,
                    None,
                    None,
                    facts::PAGE_SIZE_CAMPAIGN,
                )
                .await?
        }
        Some(ids) => {
            list_by_ids(
                client,
                advertiser_id,
                Kind::Campaign.path(Op::Get),
                Kind::Campaign.ids_key(),
                ids,
                facts::PAGE_SIZE_CAMPAIGN,
            )
            .await?
        }
    };
    Ok(dedup_by_id(items, Kind::Campaign))
}

/// Every campaign through the manual `campaign/get/`, with the fields that tell
/// manual, legacy Smart+ and upgraded Smart+ apart.
pub async fn list_all_campaigns_manual(
    client: &Client,
    advertiser_id: &str,
) -> Result<Vec<Value>, ApiError> {
    let items = client
        .list_all(
            paths::MANUAL_CAMPAIGN_GET,
            advertiser_id,
            Some(MANUAL_CAMPAIGN_FIELDS),
            None,
            facts::PAGE_SIZE_CAMPAIGN,
        )
        .await?;
    Ok(dedup_by_id(items, Kind::Campaign))
}

/// Smart+ ad groups of these campaigns.
pub async fn list_adgroups(
    client: &Client,
    advertiser_id: &str,
    campaign_ids: &[String],
) -> Result<Vec<Value>, ApiError> {
    let items = list_by_ids(
        client,
        advertiser_id,
        Kind::AdGroup.path(Op::Get),
        Kind::Campaign.ids_key(),
        campaign_ids,
        facts::PAGE_SIZE_ADGROUP,
    )
    .await?;
    Ok(dedup_by_id(items, Kind::AdGroup))
}

/// Smart+ ads of these campaigns or ad groups.
pub async fn list_ads(
    client: &Client,
    advertiser_id: &str,
    scope: AdScope<'_>,
) -> Result<Vec<Value>, ApiError> {
    let (key, ids) = match scope {
        AdScope::Campaigns(ids) => (Kind::Campaign.ids_key(), ids),
        AdScope::AdGroups(ids) => (Kind::AdGroup.ids_key(), ids),
    };
    let items = list_by_ids(
        client,
        advertiser_id,
        Kind::Ad.path(Op::Get),
        key,
        ids,
        facts::PAGE_SIZE_AD,
    )
    .await?;
    Ok(dedup_by_id(items, Kind::Ad))
}

/// The manual `ad/get/` rows of these campaigns: one per creative of each Smart+
/// ad (with its parent's `smart_plus_ad_id`), the creatives TikTok added included.
/// No `fields`: live refuses any name it does not know.
pub async fn list_manual_ads(
    client: &Client,
    advertiser_id: &str,
    campaign_ids: &[String],
) -> Result<Vec<Value>, ApiError> {
    list_by_ids(
        client,
        advertiser_id,
        paths::MANUAL_AD_GET,
        Kind::Campaign.ids_key(),
        campaign_ids,
        facts::PAGE_SIZE_AD,
    )
    .await
}

/// Lists with an id filter, 100 ids per request, the chunks fetched concurrently.
async fn list_by_ids(
    client: &Client,
    advertiser_id: &str,
    path: &'static str,
    filter_key: &'static str,
    ids: &[String],
    page_size: u32,
) -> Result<Vec<Value>, ApiError> {
    per_chunk(path, ids, facts::MAX_FILTER_IDS, |chunk| {
        let client = client.clone();
        let advertiser_id = advertiser_id.to_owned();
        async move {
            let filtering = json!({ filter_key: chunk });
            client
                .list_all(path, &advertiser_id, None, Some(&filtering), page_size)
                .await
        }
    })
    .await
}

/// Runs `f` on each chunk of `ids` concurrently and concatenates the results in
/// chunk order. No ids, no calls.
async fn per_chunk<T, F, Fut>(
    path: &str,
    ids: &[String],
    size: usize,
    f: F,
) -> Result<Vec<T>, ApiError>
where
    T: Send + 'static,
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Result<Vec<T>, ApiError>> + Send + 'static,
{
    let mut tasks = JoinSet::new();
    for (index, chunk) in ids.chunks(size.max(1)).enumerate() {
        let fut = f(chunk.to_vec());
        tasks.spawn(async move { (index, fut.await) });
    }
    let mut results = BTreeMap::new();
    while let Some(joined) = tasks.join_next().await {
        let (index, result) = joined.map_err(|e| ApiError::Internal {
            path: path.to_owned(),
            detail: e.to_string(),
        })?;
        results.insert(index, result?);
    }
    Ok(results.into_values().flatten().collect())
}

/// Drops repeats of an id, which pages can produce when objects change while
/// they are read. Objects without the id are kept.
fn dedup_by_id(items: Vec<Value>, kind: Kind) -> Vec<Value> {
    let mut seen = HashSet::new();
    items
        .into_iter()
        .filter(|item| kind.id_of(item).is_none_or(|id| seen.insert(id)))
        .collect()
}

/// Sets `advertiser_id` and makes sure a `request_id` is there, so that retries
/// of this body are recognised as the same create.
fn create_body(advertiser_id: &str, mut body: Map<String, Value>) -> Value {
    body.insert("advertiser_id".into(), advertiser_id.into());
    body.entry("request_id")
        .or_insert_with(|| new_request_id().into());
    Value::Object(body)
}

fn write_body(advertiser_id: &str, mut body: Map<String, Value>) -> Value {
    body.insert("advertiser_id".into(), advertiser_id.into());
    Value::Object(body)
}

fn created(path: &str, data: Value, key: &str) -> Result<Created, ApiError> {
    match id_of(&data, key) {
        Some(id) => Ok(Created { id, data }),
        None => Err(ApiError::BadResponse {
            path: path.to_owned(),
            detail: format!("no `{key}` in the answer"),
        }),
    }
}

/// Creates an object; returns its new id.
///
/// Campaign and ad group creates are idempotent: the body's `request_id` (added when
/// missing) makes a retried create return the same object. Pass your own
/// `request_id` to stay idempotent across runs. Ad creates are NOT treated as
/// idempotent, though they may carry a `request_id` (see
/// `facts::wire_uncertain::AD_REQUEST_ID_DEDUPLICATES`): when the answer is lost the
/// error has `outcome_unknown()` set, and the caller must list the ad group's ads
/// before trying again.
pub async fn create(
    client: &Client,
    advertiser_id: &str,
    kind: Kind,
    body: Map<String, Value>,
) -> Result<Created, ApiError> {
    let path = kind.path(Op::Create);
    let (body, idempotency) = match kind {
        Kind::Campaign | Kind::AdGroup => {
            (create_body(advertiser_id, body), Idempotency::Idempotent)
        }
        // An ad create carries a `request_id` too, but is not trusted to be
        // idempotent until TikTok is known to de-duplicate it.
        Kind::Ad if !facts::wire_uncertain::AD_REQUEST_ID_DEDUPLICATES => {
            (write_body(advertiser_id, body), Idempotency::NonIdempotent)
        }
        Kind::Ad => (create_body(advertiser_id, body), Idempotency::Idempotent),
    };
    let data = client.post(path, &body, idempotency).await?;
    created(path, data, kind.id_key())
}

/// Updates an object (the body carries its id and the changed fields). Lists are
/// replaced, so repeating the same body is harmless. A bid change on an ad group is
/// copied by TikTok to every ad group of the campaign.
pub async fn update(
    client: &Client,
    advertiser_id: &str,
    kind: Kind,
    body: Map<String, Value>,
) -> Result<Value, ApiError> {
    let body = write_body(advertiser_id, body);
    client
        .post(kind.path(Op::Update), &body, Idempotency::Idempotent)
        .await
}

/// Changes the status of objects, 20 ids per call, one batch after another.
///
/// Campaigns and ad groups report per-id failures in `data.error_list` (code 0
/// notwithstanding); ads answer with the ids they changed, and requested ids missing
/// from it are failures. Either way failures come back in the outcome; a failed
/// batch stops here with its error, and the batches before it stay applied.
pub async fn set_status(
    client: &Client,
    advertiser_id: &str,
    kind: Kind,
    ids: &[String],
    status: OperationStatus,
) -> Result<StatusOutcome, ApiError> {
    let path = kind.path(Op::Status);
    let mut outcome = StatusOutcome::default();
    for batch in ids.chunks(facts::MAX_BATCH_IDS) {
        let body = json!({
            "advertiser_id": advertiser_id,
            kind.ids_key(): batch,
            "operation_status": status.wire(),
        });
        let data = client.post(path, &body, Idempotency::Idempotent).await?;
        let failed = match kind {
            Kind::Campaign | Kind::AdGroup => error_list(&data, kind.id_key()),
            Kind::Ad => unconfirmed(path, &data, batch)?,
        };
        let failed_ids: HashSet<&str> = failed.iter().map(|f| f.id.as_str()).collect();
        outcome.succeeded.extend(
            batch
                .iter()
                .filter(|id| !failed_ids.contains(id.as_str()))
                .cloned(),
        );
        outcome.failed.extend(failed);
    }
    Ok(outcome)
}

fn error_list(data: &Value, id_key: &str) -> Vec<StatusFailure> {
    let Some(list) = data.get("error_list").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|entry| {
            let id = id_of(entry, id_key)?;
            let message = entry
                .get("error_message")
                .and_then(Value::as_str)
                .unwrap_or("failed")
                .to_owned();
            Some(StatusFailure { id, message })
        })
        .collect()
}

/// The ids of `batch` an ad status answer (`{smart_plus_ad_ids, status}`) does not
/// confirm.
fn unconfirmed(path: &str, data: &Value, batch: &[String]) -> Result<Vec<StatusFailure>, ApiError> {
    let Some(done) = data.get(Kind::Ad.ids_key()).and_then(Value::as_array) else {
        return Err(ApiError::BadResponse {
            path: path.to_owned(),
            detail: format!("no `{}` in the answer", Kind::Ad.ids_key()),
        });
    };
    let done: BTreeSet<String> = done
        .iter()
        .filter_map(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) if n.is_u64() => Some(n.to_string()),
            _ => None,
        })
        .collect();
    Ok(batch
        .iter()
        .filter(|id| !done.contains(*id))
        .map(|id| StatusFailure {
            id: id.clone(),
            message: "not confirmed in TikTok's answer".into(),
        })
        .collect())
}

/// Sets ad group budgets immediately, 20 per call.
pub async fn update_adgroup_budgets(
    client: &Client,
    advertiser_id: &str,
    budgets: &[(String, Decimal)],
) -> Result<(), ApiError> {
    for batch in budgets.chunks(facts::MAX_BATCH_IDS) {
        let mut entries = Vec::with_capacity(batch.len());
        for (id, amount) in batch {
            let Some(budget) = money_value(*amount) else {
                return Err(ApiError::Internal {
                    path: paths::ADGROUP_BUDGET.to_owned(),
                    detail: format!("budget {amount} is not representable"),
                });
            };
            entries.push(json!({ "adgroup_id": id, "budget": budget }));
        }
        let body = json!({ "advertiser_id": advertiser_id, "budget": entries });
        client
            .post(paths::ADGROUP_BUDGET, &body, Idempotency::Idempotent)
            .await?;
    }
    Ok(())
}

/// Currency and time zone of the account.
pub async fn advertiser_info(
    client: &Client,
    advertiser_id: &str,
) -> Result<AdvertiserInfo, ApiError> {
    let path = paths::ADVERTISER_INFO;
    let data = client
        .get(
            path,
            &[
                ("advertiser_ids", json_param(&[advertiser_id])),
                (
                    "fields",
                    json_param(&[
                        "advertiser_id",
                        "name",
                        "currency",
                        "timezone",
                        "display_timezone",
                    ]),
                ),
            ],
        )
        .await?;
    let bad = |detail: &str| ApiError::BadResponse {
        path: path.to_owned(),
        detail: detail.to_owned(),
    };
    let list = data
        .get("list")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("no `list` in the answer"))?;
    let entry = list
        .iter()
        .find(|e| id_of(e, "advertiser_id").as_deref() == Some(advertiser_id))
        .or_else(|| list.first())
        .ok_or_else(|| bad("the advertiser is not in the answer"))?;
    let text = |key: &str| {
        entry
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    Ok(AdvertiserInfo {
        advertiser_id: advertiser_id.to_owned(),
        name: text("name"),
        currency: text("currency").ok_or_else(|| bad("no `currency` for the advertiser"))?,
        timezone: text("timezone")
            .or_else(|| text("display_timezone"))
            .ok_or_else(|| bad("no `timezone` for the advertiser"))?,
    })
}

/// Spend of these campaigns: lifetime, or on one day (the account's time zone).
pub async fn spend_by_campaign(
    client: &Client,
    advertiser_id: &str,
    campaign_ids: &[String],
    day: Option<jiff::civil::Date>,
) -> Result<Spend, ApiError> {
    spend(
        client,
        advertiser_id,
        campaign_ids,
        (report::CAMPAIGN_LEVEL, "campaign_id"),
        day,
    )
    .await
}

/// Spend of the ad groups of these campaigns: lifetime, or on one day.
pub async fn spend_by_adgroup(
    client: &Client,
    advertiser_id: &str,
    campaign_ids: &[String],
    day: Option<jiff::civil::Date>,
) -> Result<Spend, ApiError> {
    spend(
        client,
        advertiser_id,
        campaign_ids,
        (report::ADGROUP_LEVEL, "adgroup_id"),
        day,
    )
    .await
}

async fn spend(
    client: &Client,
    advertiser_id: &str,
    campaign_ids: &[String],
    (data_level, dimension): (&'static str, &'static str),
    day: Option<jiff::civil::Date>,
) -> Result<Spend, ApiError> {
    // Lifetime, or one day (`start_date` = `end_date`, in the account's time zone).
    let period: Vec<(String, String)> = match day {
        None => vec![("query_lifetime".to_owned(), "true".to_owned())],
        Some(d) => {
            let d = d.strftime("%Y-%m-%d").to_string();
            vec![
                ("start_date".to_owned(), d.clone()),
                ("end_date".to_owned(), d),
            ]
        }
    };
    let rows = report_rows(
        client,
        advertiser_id,
        campaign_ids,
        (data_level, &[dimension], &["spend"]),
        &period,
    )
    .await;
    let rows = match rows {
        Ok(rows) => rows,
        Err(err) if spend_unavailable(&err) => {
            return Ok(Spend::Unknown {
                reason: err.to_string(),
            });
        }
        Err(err) => return Err(err),
    };
    let mut spend = BTreeMap::new();
    for row in &rows {
        let Some(id) = row.get("dimensions").and_then(|d| id_of(d, dimension)) else {
            return Ok(Spend::Unknown {
                reason: format!("a report row has no `{dimension}`"),
            });
        };
        let amount = match row.get("metrics").and_then(|m| m.get("spend")) {
            Some(Value::String(s)) => s.parse::<Decimal>().ok(),
            Some(Value::Number(n)) => n.to_string().parse::<Decimal>().ok(),
            _ => None,
        };
        let Some(amount) = amount else {
            return Ok(Spend::Unknown {
                reason: format!("the report has no readable spend for {dimension} {id}"),
            });
        };
        *spend.entry(id).or_insert(Decimal::ZERO) += amount;
    }
    Ok(Spend::Known(spend))
}

/// Every row the integrated report has for the campaigns `campaign_ids` (100 per
/// call, the calls concurrent): at `data_level`, by `dimensions`, with `metrics`,
/// over `period` (`query_lifetime`, or `start_date` and `end_date`).
pub(super) async fn report_rows(
    client: &Client,
    advertiser_id: &str,
    campaign_ids: &[String],
    (data_level, dimensions, metrics): (&'static str, &[&str], &[&str]),
    period: &[(String, String)],
) -> Result<Vec<Value>, ApiError> {
    let fixed = [
        ("advertiser_id".to_owned(), advertiser_id.to_owned()),
        ("report_type".to_owned(), report::REPORT_TYPE.to_owned()),
        ("data_level".to_owned(), data_level.to_owned()),
        ("dimensions".to_owned(), json_param(dimensions)),
        ("metrics".to_owned(), json_param(metrics)),
    ];
    per_chunk(
        paths::REPORT,
        campaign_ids,
        facts::MAX_FILTER_IDS,
        |chunk| {
            let client = client.clone();
            let mut params = fixed.to_vec();
            params.push((
                "filtering".to_owned(),
                json!([{
                    "field_name": "campaign_ids",
                    "filter_type": "IN",
                    "filter_value": json_param(&chunk),
                }])
                .to_string(),
            ));
            params.extend(period.iter().cloned());
            async move {
                client
                    .list_pages(paths::REPORT, params, report::PAGE_SIZE)
                    .await
            }
        },
    )
    .await
}

/// Errors that mean "no spend data here" rather than "the call failed".
pub(super) fn spend_unavailable(err: &ApiError) -> bool {
    matches!(err.kind(), ErrorKind::Unsupported | ErrorKind::Permission)
        || matches!(err.http_status(), Some(404 | 405 | 501))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_positive_64_bit_integers() {
        for _ in 0..100 {
            let id = new_request_id();
            let n: i64 = id.parse().unwrap();
            assert!(n > 0, "{id}");
        }
        assert_ne!(new_request_id(), new_request_id());
    }

    #[test]
    fn create_body_keeps_a_given_request_id() {
        let mut body = Map::new();
        body.insert("request_id".into(), "42".into());
        body.insert("advertiser_id".into(), "wrong".into());
        let body = create_body("7", body);
        assert_eq!(body["request_id"], "42");
        assert_eq!(body["advertiser_id"], "7");
        let body = create_body("7", Map::new());
        assert!(body["request_id"].as_str().is_some_and(|s| !s.is_empty()));
    }

    #[test]
    fn ids_stay_exact() {
        let v: Value = serde_json::from_str(
            r#"{"a": "1728545382536225", "b": 9007199254740993, "c": 1.5, "d": ""}"#,
        )
        .unwrap();
        assert_eq!(id_of(&v, "a").as_deref(), Some("1728545382536225"));
        assert_eq!(id_of(&v, "b").as_deref(), Some("9007199254740993"));
        assert_eq!(id_of(&v, "c"), None);
        assert_eq!(id_of(&v, "d"), None);
        assert_eq!(id_of(&v, "missing"), None);
    }

    #[test]
    fn dedup_keeps_first_occurrence() {
        let items = vec![
            json!({"campaign_id": "1", "n": 1}),
            json!({"campaign_id": "2"}),
            json!({"campaign_id": "1", "n": 2}),
            json!({"other": true}),
            json!({"other": true}),
        ];
        let out = dedup_by_id(items, Kind::Campaign);
        assert_eq!(out.len(), 4);
        assert_eq!(out[0]["n"], 1);
    }

    #[test]
    fn error_list_parsing() {
        let data = json!({
            "campaign_list": [{"campaign_id": "1", "status": "DISABLE"}],
            "error_list": [{"campaign_id": "2", "error_message": "deleted"}, {"x": 1}],
        });
        assert_eq!(
            error_list(&data, "campaign_id"),
            vec![StatusFailure {
                id: "2".into(),
                message: "deleted".into()
            }]
        );
        assert!(error_list(&json!({}), "campaign_id").is_empty());
    }

    #[test]
    fn money_is_a_plain_number() {
        let v = money_value("12.34".parse().unwrap()).unwrap();
        assert_eq!(v.to_string(), "12.34");
        let v = money_value("5000".parse().unwrap()).unwrap();
        assert_eq!(v.to_string(), "5000");
        // Digits beyond what a float holds survive: the text is sent as written.
        let v = money_value("1234567890123.456789".parse().unwrap()).unwrap();
        assert_eq!(v.to_string(), "1234567890123.456789");
    }

    #[test]
    fn spend_unavailable_classification() {
        assert!(spend_unavailable(&ApiError::api("r/", 40008, "m", "r")));
        assert!(spend_unavailable(&ApiError::api("r/", 40001, "m", "r")));
        assert!(spend_unavailable(&ApiError::Http {
            path: "r/".into(),
            status: 404,
            body: String::new()
        }));
        assert!(!spend_unavailable(&ApiError::api("r/", 40105, "m", "r")));
        assert!(!spend_unavailable(&ApiError::api("r/", 50000, "m", "r")));
    }
}
