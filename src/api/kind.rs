//! The three kinds of Smart+ object, and every wire fact that depends on the kind:
//! id and name keys, endpoint paths. Nothing else spells these keys.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A campaign, an ad group or an ad.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Campaign,
    AdGroup,
    Ad,
}

impl Kind {
    /// How users call it: `campaign`, `ad group`, `ad`.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Campaign => "campaign",
            Kind::AdGroup => "ad group",
            Kind::Ad => "ad",
        }
    }

    /// The key of its id on the wire. Smart+ ads have their own id key: `ad_id`
    /// names the platform's per-creative ads.
    pub const fn id_key(self) -> &'static str {
        match self {
            Kind::Campaign => "campaign_id",
            Kind::AdGroup => "adgroup_id",
            Kind::Ad => "smart_plus_ad_id",
        }
    }

    /// The key of a list of its ids (status calls, id filters).
    pub const fn ids_key(self) -> &'static str {
        match self {
            Kind::Campaign => "campaign_ids",
            Kind::AdGroup => "adgroup_ids",
            Kind::Ad => "smart_plus_ad_ids",
        }
    }

    /// The key of its name on the wire.
    pub const fn name_key(self) -> &'static str {
        match self {
            Kind::Campaign => "campaign_name",
            Kind::AdGroup => "adgroup_name",
            Kind::Ad => "ad_name",
        }
    }

    /// Its parent's kind (`None` for campaigns).
    pub fn parent(self) -> Option<Kind> {
        match self {
            Kind::Campaign => None,
            Kind::AdGroup => Some(Kind::Campaign),
            Kind::Ad => Some(Kind::AdGroup),
        }
    }

    /// The Smart+ endpoint for `op`, relative to `/open_api/v1.3/`.
    pub fn path(self, op: Op) -> &'static str {
        use super::endpoints::paths::{
            AD_CREATE, AD_GET, AD_STATUS, AD_UPDATE, ADGROUP_CREATE, ADGROUP_GET, ADGROUP_STATUS,
            ADGROUP_UPDATE, CAMPAIGN_CREATE, CAMPAIGN_GET, CAMPAIGN_STATUS, CAMPAIGN_UPDATE,
        };
        match (self, op) {
            (Kind::Campaign, Op::Get) => CAMPAIGN_GET,
            (Kind::Campaign, Op::Create) => CAMPAIGN_CREATE,
            (Kind::Campaign, Op::Update) => CAMPAIGN_UPDATE,
            (Kind::Campaign, Op::Status) => CAMPAIGN_STATUS,
            (Kind::AdGroup, Op::Get) => ADGROUP_GET,
            (Kind::AdGroup, Op::Create) => ADGROUP_CREATE,
            (Kind::AdGroup, Op::Update) => ADGROUP_UPDATE,
            (Kind::AdGroup, Op::Status) => ADGROUP_STATUS,
            (Kind::Ad, Op::Get) => AD_GET,
            (Kind::Ad, Op::Create) => AD_CREATE,
            (Kind::Ad, Op::Update) => AD_UPDATE,
            (Kind::Ad, Op::Status) => AD_STATUS,
        }
    }

    /// The id of a wire object of this kind, whether sent as a string or a number.
    pub fn id_of(self, raw: &Value) -> Option<String> {
        super::endpoints::id_of(raw, self.id_key())
    }

    /// The name of a wire object of this kind (empty when missing).
    pub fn name_of(self, raw: &Value) -> &str {
        raw.get(self.name_key())
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}

/// What an endpoint does to objects of a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Get,
    Create,
    Update,
    Status,
}

/// The `operation_status` of an object, as the status call sets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OperationStatus {
    Enable,
    Disable,
    Delete,
}

impl OperationStatus {
    /// The wire literal.
    pub fn wire(self) -> &'static str {
        match self {
            OperationStatus::Enable => "ENABLE",
            OperationStatus::Disable => "DISABLE",
            OperationStatus::Delete => "DELETE",
        }
    }

    /// Reads a wire literal; `None` for anything TikTok does not document.
    pub fn from_wire(s: &str) -> Option<OperationStatus> {
        match s {
            "ENABLE" => Some(OperationStatus::Enable),
            "DISABLE" => Some(OperationStatus::Disable),
            "DELETE" => Some(OperationStatus::Delete),
            _ => None,
        }
    }

    /// The `operation_status` of a wire object.
    pub fn of(raw: &Value) -> Option<OperationStatus> {
        raw.get("operation_status")
            .and_then(Value::as_str)
            .and_then(OperationStatus::from_wire)
    }
}

impl From<crate::spec::enums::Status> for OperationStatus {
    fn from(status: crate::spec::enums::Status) -> Self {
        match status {
            crate::spec::enums::Status::Enabled => OperationStatus::Enable,
            crate::spec::enums::Status::Disabled => OperationStatus::Disable,
            crate::spec::enums::Status::Deleted => OperationStatus::Delete,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn statuses_round_trip_and_unknown_ones_are_refused() {
        for s in [
            OperationStatus::Enable,
            OperationStatus::Disable,
            OperationStatus::Delete,
        ] {
            let v = serde_json::to_value(s).expect("serialises");
            assert_eq!(v, json!(s.wire()));
            assert_eq!(OperationStatus::from_wire(s.wire()), Some(s));
            assert_eq!(serde_json::from_value::<OperationStatus>(v).ok(), Some(s));
        }
        assert!(serde_json::from_value::<OperationStatus>(json!("PAUSE")).is_err());
        assert_eq!(OperationStatus::from_wire("disable"), None);
    }

    #[test]
    fn spec_statuses_map_to_operation_statuses() {
        use crate::spec::enums::Status;
        assert_eq!(
            OperationStatus::from(Status::Enabled),
            OperationStatus::Enable
        );
        assert_eq!(
            OperationStatus::from(Status::Disabled),
            OperationStatus::Disable
        );
        assert_eq!(
            OperationStatus::from(Status::Deleted),
            OperationStatus::Delete
        );
    }

    #[test]
    fn ids_are_read_as_strings_with_the_kind_s_key() {
        let ad = json!({"smart_plus_ad_id": 7_000_000_000_000_000_001u64, "ad_name": "a"});
        assert_eq!(Kind::Ad.id_of(&ad).as_deref(), Some("7000000000000000001"));
        assert_eq!(Kind::Ad.name_of(&ad), "a");
        assert_eq!(Kind::Campaign.id_of(&ad), None);
        assert_eq!(Kind::AdGroup.name_of(&ad), "");
    }
}
