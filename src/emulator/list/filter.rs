//! The `filtering` keys of the list endpoints: how each one is read from the
//! request and what it compares on a record.

use std::borrow::Cow;
use std::collections::HashSet;

use serde_json::Value;

use crate::emulator::check::{self, Obj};
use crate::emulator::clock;
use crate::emulator::state::{Automation, Kind, Lineage, Record, State};
use crate::emulator::wire::{ApiError, ApiResult, code};

const PRIMARY_STATUSES: &[&str] = &[
    "STATUS_ALL",
    "STATUS_NOT_DELETE",
    "STATUS_DELETE",
    "STATUS_DELIVERY_OK",
    "STATUS_DISABLE",
    "STATUS_NOT_DELIVERY",
    "STATUS_TIME_DONE",
];

/// One accepted `filtering` key.
#[derive(Clone, Copy)]
pub(in crate::emulator) struct Filter {
    key: &'static str,
    test: Test,
    checked: Checked,
}

/// When a malformed filter value is refused.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Checked {
    /// Before any record is looked at.
    Upfront,
    /// Only once a record passes every filter before this one, so a list that
    /// is empty by then answers normally. These filters have always been read
    /// this late here; reading them up front would change answers.
    WhenReached,
}

/// What a filter compares.
#[derive(Clone, Copy)]
enum Test {
    /// At most 100 ids; the record's field must be one of them.
    Ids(Field),
    /// The `primary_status` filter (default `STATUS_NOT_DELETE`).
    PrimaryStatus,
    /// Case-insensitive part of the record field named like the filter.
    NameContains,
    /// One enum value or a list of them; the record's field must be one of them.
    OneOf(Field),
    /// `is_smart_performance_campaign`: whether the record is legacy Smart+.
    LegacySmartPlus,
    /// A `YYYY-MM-DD HH:MM:SS` bound on a timestamp field of the record.
    Time(&'static str, Bound),
    /// Accepted and ignored, as live ignores it (`operation_status`).
    Ignored,
}

/// Which way a time filter bounds its field.
#[derive(Clone, Copy)]
pub(in crate::emulator) enum Bound {
    /// At or after the given time.
    From,
    /// At or before the given time.
    Until,
    /// Strictly after the given time.
    After,
}

/// A value of the record a filter compares.
#[derive(Clone, Copy)]
pub(in crate::emulator) enum Field {
    /// The record's own id.
    Id,
    /// The id of the record's campaign (itself for a campaign).
    CampaignId,
    /// The id of the record's ad group (itself for an ad group).
    AdGroupId,
    /// A field of the record.
    Own(&'static str),
    /// A field of the record's campaign.
    Campaign(&'static str),
    /// A field of an ad's ad group.
    AdGroup(&'static str),
    /// The computed `secondary_status`.
    SecondaryStatus,
    /// `campaign_automation_type`: which product built the record.
    Automation,
}

impl Filter {
    const fn new(key: &'static str, test: Test) -> Filter {
        Filter {
            key,
            test,
            checked: Checked::Upfront,
        }
    }

    /// `key` lists ids; `field` must be one of them.
    pub(in crate::emulator) const fn ids(key: &'static str, field: Field) -> Filter {
        Filter::new(key, Test::Ids(field))
    }

    /// `primary_status`.
    pub(in crate::emulator) const fn primary_status() -> Filter {
        Filter::new("primary_status", Test::PrimaryStatus)
    }

    /// The record field named `key` contains the value, ignoring case.
    pub(in crate::emulator) const fn name(key: &'static str) -> Filter {
        Filter::new(key, Test::NameContains)
    }

    /// `field` is the value or one of the values given.
    pub(in crate::emulator) const fn one_of(key: &'static str, field: Field) -> Filter {
        Filter::new(key, Test::OneOf(field))
    }

    /// `is_smart_performance_campaign`.
    pub(in crate::emulator) const fn legacy_smart_plus() -> Filter {
        Filter::new("is_smart_performance_campaign", Test::LegacySmartPlus)
    }

    /// The time in `field` is on the `bound` side of the given time.
    pub(in crate::emulator) const fn time(
        key: &'static str,
        field: &'static str,
        bound: Bound,
    ) -> Filter {
        Filter::new(key, Test::Time(field, bound))
    }

    /// Accepted, and ignored: every record passes.
    pub(in crate::emulator) const fn ignored(key: &'static str) -> Filter {
        Filter::new(key, Test::Ignored)
    }

    /// Refuses a malformed value only when a record reaches this filter.
    pub(in crate::emulator) const fn when_reached(self) -> Filter {
        Filter {
            checked: Checked::WhenReached,
            ..self
        }
    }

    #[cfg(test)]
    pub(super) fn key(&self) -> &'static str {
        self.key
    }

    pub(super) fn checked(&self) -> Checked {
        self.checked
    }

    /// Reads this filter from `filtering`; `None` when it is not given.
    pub(super) fn read(&self, f: &Obj) -> ApiResult<Option<Check>> {
        let key = self.key;
        Ok(match self.test {
            Test::Ids(field) => {
                id_list(f, key)?.map(|l| Check::Ids(field, l.into_iter().collect()))
            }
            Test::PrimaryStatus => Some(Check::PrimaryStatus(primary_status(f)?)),
            Test::NameContains => {
                check::opt_str(f, key)?.map(|s| Check::NameContains(key, s.to_lowercase()))
            }
            Test::OneOf(field) => values(f, key)?.map(|l| Check::OneOf(field, l)),
            Test::LegacySmartPlus => check::opt_bool(f, key)?.map(Check::LegacySmartPlus),
            Test::Time(field, bound) => match check::opt_str(f, key)? {
                Some(s) => Some(Check::Time(
                    field,
                    bound,
                    check::time(&format!("filtering.{key}"), s)?,
                )),
                None => None,
            },
            Test::Ignored => None,
        })
    }
}

/// A filter as given in one request, ready to compare.
pub(super) enum Check {
    Ids(Field, HashSet<String>),
    PrimaryStatus(String),
    NameContains(&'static str, String),
    OneOf(Field, Vec<String>),
    LegacySmartPlus(bool),
    Time(&'static str, Bound, i64),
}

/// A record being listed, with what filters need to look around it.
pub(super) struct Row<'a> {
    pub(super) st: &'a State,
    pub(super) kind: Kind,
    pub(super) id: &'a str,
    pub(super) rec: &'a Record,
    /// Its ad group and campaign, looked up once for every filter.
    pub(super) lineage: Lineage<'a>,
}

/// The `primary_status` values whose match depends on the clock: an end passed
/// (see [`primary_status_matches`]).
const BY_THE_CLOCK: &[&str] = &[
    "STATUS_TIME_DONE",
    "STATUS_DELIVERY_OK",
    "STATUS_NOT_DELIVERY",
];

impl Check {
    /// Whether what this check matches changes as the clock moves, with no write.
    pub(super) fn reads_the_clock(&self) -> bool {
        matches!(self, Check::PrimaryStatus(s) if BY_THE_CLOCK.contains(&s.as_str()))
    }

    pub(super) fn matches(&self, row: &Row<'_>) -> bool {
        match self {
            Check::Ids(field, ids) => ids.contains(field.value(row).unwrap_or_default().as_ref()),
            Check::PrimaryStatus(status) => primary_status_matches(row, status),
            Check::NameContains(key, part) => row
                .rec
                .str(key)
                .unwrap_or_default()
                .to_lowercase()
                .contains(part.as_str()),
            Check::OneOf(field, values) => field
                .value(row)
                .is_some_and(|v| values.iter().any(|x| *x == v)),
            Check::LegacySmartPlus(want) => *want == (row.rec.automation == Automation::SmartPlus),
            Check::Time(field, bound, t) => {
                row.rec
                    .str(field)
                    .and_then(clock::parse)
                    .is_some_and(|v| match bound {
                        Bound::From => v >= *t,
                        Bound::Until => v <= *t,
                        Bound::After => v > *t,
                    })
            }
        }
    }
}

impl Field {
    fn value<'a>(self, row: &Row<'a>) -> Option<Cow<'a, str>> {
        let Row {
            st,
            kind,
            id,
            rec,
            lineage,
        } = *row;
        match self {
            Field::Id => Some(Cow::Borrowed(id)),
            Field::CampaignId => lineage.campaign_id.map(Cow::Borrowed),
            Field::AdGroupId => match kind {
                Kind::Campaign => None,
                Kind::AdGroup => Some(Cow::Borrowed(id)),
                Kind::Ad => rec.parent.as_deref().map(Cow::Borrowed),
            },
            Field::Own(key) => rec.str(key).map(Cow::Borrowed),
            Field::Campaign(key) => lineage
                .campaign
                .flatten()
                .and_then(|c| c.str(key))
                .map(Cow::Borrowed),
            Field::AdGroup(key) => st
                .adgroups
                .get(rec.parent.as_deref().unwrap_or_default())
                .and_then(|g| g.str(key))
                .map(Cow::Borrowed),
            Field::SecondaryStatus => Some(Cow::Owned(st.status_of(id, rec, &lineage))),
            Field::Automation => Some(Cow::Borrowed(rec.automation.wire())),
        }
    }
}

/// An id filter (`campaign_ids`, …): at most 100 ids.
fn id_list(f: &Obj, key: &str) -> ApiResult<Option<Vec<String>>> {
    let label = format!("filtering.{key}");
    let Some(list) = check::opt_str_list(f, key).map_err(|e| ApiError {
        message: e.message.replacen(key, &label, 1),
        ..e
    })?
    else {
        return Ok(None);
    };
    if list.len() > crate::facts::MAX_FILTER_IDS {
        return Err(ApiError::new(
            code::TOO_MANY_IDS,
            format!(
                "Too many ids in {label}: at most {} are allowed, got {}.",
                crate::facts::MAX_FILTER_IDS,
                list.len()
            ),
        ));
    }
    Ok(Some(list))
}

/// A filter holding one enum value or a list of them.
fn values(f: &Obj, key: &str) -> ApiResult<Option<Vec<String>>> {
    match f.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(vec![s.clone()])),
        Some(Value::Array(_)) => check::opt_str_list(f, key),
        Some(_) => Err(ApiError::param(
            &format!("filtering.{key}"),
            "Not a valid string.",
        )),
    }
}

/// Checks the `primary_status` filter and returns it (default `STATUS_NOT_DELETE`).
fn primary_status(f: &Obj) -> ApiResult<String> {
    match check::opt_str(f, "primary_status") {
        Ok(None) => Ok("STATUS_NOT_DELETE".into()),
        Ok(Some(s)) => {
            check::check_enum("filtering.primary_status", s, PRIMARY_STATUSES)?;
            Ok(s.to_owned())
        }
        Err(_) => Err(ApiError::param(
            "filtering.primary_status",
            "Not a valid string.",
        )),
    }
}

/// Whether a record passes a `primary_status` filter. Only what the status asks
/// is worked out: the default, `STATUS_NOT_DELETE`, needs no delivery status.
fn primary_status_matches(row: &Row<'_>, status: &str) -> bool {
    let Row {
        st,
        id,
        rec,
        lineage,
        ..
    } = *row;
    let deleted = lineage.deleted(rec);
    let off = || st.status_of(id, rec, &lineage).ends_with("_DISABLE");
    let time_done = || {
        rec.str("schedule_end_time")
            .and_then(clock::parse)
            .is_some_and(|end| end <= st.clock.now())
    };
    match status {
        "STATUS_ALL" => true,
        "STATUS_DELETE" => deleted,
        "STATUS_NOT_DELETE" => !deleted,
        "STATUS_DISABLE" => !deleted && off(),
        "STATUS_TIME_DONE" => !deleted && time_done(),
        "STATUS_DELIVERY_OK" => !deleted && !off() && !time_done(),
        "STATUS_NOT_DELIVERY" => !deleted && (off() || time_done()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::emulator::clock::Clock;

    #[test]
    fn only_the_statuses_that_read_the_clock_say_so() {
        let mut st = State::new("7000000000000000001", 1, Clock::seeded());
        let mut data = Obj::new();
        data.insert("schedule_end_time".into(), json!("2026-01-01 00:00:10"));
        let rec = Record {
            seq: 1,
            automation: Automation::UpgradedSmartPlus,
            deleted: false,
            parent: None,
            status_override: None,
            data,
        };
        let statuses = [
            "STATUS_ALL",
            "STATUS_DELETE",
            "STATUS_NOT_DELETE",
            "STATUS_DISABLE",
            "STATUS_TIME_DONE",
            "STATUS_DELIVERY_OK",
            "STATUS_NOT_DELIVERY",
        ];
        let at = |st: &State, status: &str| {
            let row = Row {
                st,
                kind: Kind::AdGroup,
                id: "1",
                rec: &rec,
                lineage: st.lineage(Kind::AdGroup, "1", &rec),
            };
            primary_status_matches(&row, status)
        };
        let before: Vec<bool> = statuses.iter().map(|s| at(&st, s)).collect();
        st.clock.advance(60);
        for (status, was) in statuses.iter().zip(before) {
            let moved = at(&st, status) != was;
            let says = Check::PrimaryStatus((*status).to_owned()).reads_the_clock();
            assert_eq!(moved, says, "{status}");
        }
    }
}
