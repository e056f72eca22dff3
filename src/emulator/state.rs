//! One advertiser's objects, held in memory and optionally mirrored to a JSON file
//! (with every other advertiser the emulator serves).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::clock::Clock;

/// Layout version of a state file holding one advertiser: the [`State`] itself.
const STATE_VERSION: u32 = 1;
/// Layout version of a state file holding several: `{"version": 2, "accounts":
/// [State, ...]}`. A file with one advertiser keeps layout 1, so a state saved by a
/// version that knew only one advertiser still loads, and the other way round.
const STATE_VERSION_MANY: u32 = 2;

/// Which product built a campaign (and so its ad groups and ads).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Automation {
    /// `campaign_automation_type` `UPGRADED_SMART_PLUS`: what `/smart_plus/*` manages.
    UpgradedSmartPlus,
    /// Legacy Smart+ (`SMART_PLUS`, `is_smart_performance_campaign`).
    SmartPlus,
    /// A manual campaign.
    Manual,
}

impl Automation {
    pub fn wire(self) -> &'static str {
        match self {
            Automation::UpgradedSmartPlus => "UPGRADED_SMART_PLUS",
            Automation::SmartPlus => "SMART_PLUS",
            Automation::Manual => "MANUAL",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Campaign,
    AdGroup,
    Ad,
}

impl Kind {
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Campaign => "campaign",
            Kind::AdGroup => "ad group",
            Kind::Ad => "ad",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "campaign" => Some(Kind::Campaign),
            "adgroup" | "ad_group" => Some(Kind::AdGroup),
            "ad" => Some(Kind::Ad),
            _ => None,
        }
    }
}

/// One stored object: what the client sent plus server-filled fields, as returned.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Record {
    /// Creation order, for stable listing.
    pub seq: u64,
    pub automation: Automation,
    /// Deleted objects stay as tombstones (visible with `STATUS_ALL`).
    #[serde(default)]
    pub deleted: bool,
    /// Campaign id of an ad group; ad group id of an ad.
    #[serde(default)]
    pub parent: Option<String>,
    /// Delivery status overriding the computed one (set through `/_emulator/object`).
    #[serde(default)]
    pub status_override: Option<String>,
    pub data: Map<String, Value>,
}

impl Record {
    pub fn str(&self, key: &str) -> Option<&str> {
        self.data.get(key).and_then(Value::as_str)
    }
}

/// What a create's `request_id` made, and when (real time, so that a test's moved
/// or frozen clock does not stretch the window).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct KeyUse {
    pub id: String,
    /// Unix milliseconds.
    pub at_ms: i64,
}

/// One ad group's delivery on one day, as set for tests.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayFigures {
    /// A decimal string in the account currency.
    pub spend: String,
    pub impressions: u64,
    pub clicks: u64,
    pub conversions: u64,
}

/// An uploaded video or image in the account's asset library.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Asset {
    /// Upload order, for listing newest first.
    pub seq: u64,
    /// `video_id` or `image_id`: what ads reference.
    pub id: String,
    pub material_id: String,
    pub file_name: String,
    /// MD5 of the bytes, lowercase hex.
    pub signature: String,
    pub size: u64,
    pub format: String,
    #[serde(default)]
    pub width: Option<u32>,
    #[serde(default)]
    pub height: Option<u32>,
    /// Seconds (videos).
    #[serde(default)]
    pub duration: Option<f64>,
    pub create_time: String,
}

/// Everything the emulator remembers; this is what the state file holds.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct State {
    pub version: u32,
    pub advertiser_id: String,
    pub campaigns: BTreeMap<String, Record>,
    pub adgroups: BTreeMap<String, Record>,
    pub ads: BTreeMap<String, Record>,
    /// Create `request_id`s still inside their window, by `kind:request_id`.
    #[serde(default)]
    pub requests: BTreeMap<String, KeyUse>,
    /// Lifetime spend per campaign or ad group id, as a decimal string.
    #[serde(default)]
    pub spend: BTreeMap<String, String>,
    /// Today's spend per campaign or ad group id (part of the lifetime spend).
    #[serde(default)]
    pub spend_today: BTreeMap<String, String>,
    /// Delivery set through `/_emulator/delivery`: ad group id → the account's day
    /// (`YYYY-MM-DD`) → figures. They win over synthetic delivery.
    #[serde(default)]
    pub delivery: BTreeMap<String, BTreeMap<String, DayFigures>>,
    /// Pixels, identities, audiences, forms and CTA portfolios (seeded; a state file
    /// from before they existed gets the seeded ones).
    #[serde(default)]
    pub assets: super::assets::Assets,
    /// The asset library: uploaded videos and images by id.
    #[serde(default)]
    pub videos: BTreeMap<String, Asset>,
    #[serde(default)]
    pub images: BTreeMap<String, Asset>,
    /// Counter behind ids and creation order.
    pub counter: u64,
    /// Mixed into ids so runs with different seeds get different ids.
    pub id_seed: u64,
    pub clock: Clock,
    /// Ad ids per ad group, rebuilt on load: counting an ad group's ads must not
    /// scan every ad of the account.
    #[serde(skip)]
    pub ads_by_group: std::collections::HashMap<String, Vec<String>>,
    /// Bumped by every write: what was worked out from one generation (a list's
    /// matching ids) holds until the next.
    #[serde(skip)]
    pub generation: u64,
}

impl State {
    /// Adds an ad and indexes it under its ad group.
    pub fn insert_ad(&mut self, id: String, record: Record) {
        if let Some(parent) = &record.parent {
            self.ads_by_group
                .entry(parent.clone())
                .or_default()
                .push(id.clone());
        }
        self.ads.insert(id, record);
    }

    /// Rebuilds the indexes after loading.
    pub fn reindex(&mut self) {
        self.ads_by_group.clear();
        for (id, r) in &self.ads {
            if let Some(parent) = &r.parent {
                self.ads_by_group
                    .entry(parent.clone())
                    .or_default()
                    .push(id.clone());
            }
        }
    }

    pub fn new(advertiser_id: &str, id_seed: u64, clock: Clock) -> Self {
        State {
            version: STATE_VERSION,
            advertiser_id: advertiser_id.to_owned(),
            campaigns: BTreeMap::new(),
            adgroups: BTreeMap::new(),
            ads: BTreeMap::new(),
            requests: BTreeMap::new(),
            spend: BTreeMap::new(),
            spend_today: BTreeMap::new(),
            delivery: BTreeMap::new(),
            assets: super::assets::Assets::seeded(),
            videos: BTreeMap::new(),
            images: BTreeMap::new(),
            counter: 0,
            id_seed,
            clock,
            ads_by_group: std::collections::HashMap::new(),
            generation: 0,
        }
    }

    pub fn map(&self, kind: Kind) -> &BTreeMap<String, Record> {
        match kind {
            Kind::Campaign => &self.campaigns,
            Kind::AdGroup => &self.adgroups,
            Kind::Ad => &self.ads,
        }
    }

    pub fn map_mut(&mut self, kind: Kind) -> &mut BTreeMap<String, Record> {
        match kind {
            Kind::Campaign => &mut self.campaigns,
            Kind::AdGroup => &mut self.adgroups,
            Kind::Ad => &mut self.ads,
        }
    }

    /// Next creation sequence number.
    pub fn next_seq(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    /// A fresh 16-digit id, unique across every kind; reproducible from the seed
    /// and the counter, so a state file keeps producing new ids after a restart.
    pub fn new_id(&mut self) -> String {
        loop {
            let n = self.next_seq();
            let mixed = splitmix64(self.id_seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            // 16 digits starting with 17 or 18, like the ids TikTok hands out.
            let id = 1_700_000_000_000_000 + mixed % 200_000_000_000_000;
            let id = id.to_string();
            if !self.campaigns.contains_key(&id)
                && !self.adgroups.contains_key(&id)
                && !self.ads.contains_key(&id)
                && !self.is_material_id(&id)
            {
                return id;
            }
        }
    }

    fn is_material_id(&self, id: &str) -> bool {
        self.ads.values().any(|ad| {
            ad.data
                .get("creative_list")
                .and_then(Value::as_array)
                .is_some_and(|list| {
                    list.iter()
                        .any(|c| c.get("ad_material_id").and_then(Value::as_str) == Some(id))
                })
        })
    }

    /// Whether an object or one of its ancestors is deleted.
    pub fn effectively_deleted(&self, kind: Kind, id: &str) -> bool {
        match self.map(kind).get(id) {
            None => true,
            Some(rec) => self.lineage(kind, id, rec).deleted(rec),
        }
    }

    /// Campaign id an object belongs to.
    pub fn campaign_of(&self, kind: Kind, id: &str) -> Option<String> {
        let rec = self.map(kind).get(id)?;
        self.lineage(kind, id, rec).campaign_id.map(str::to_owned)
    }

    /// The ad group and campaign above a record, looked up once: listing
    /// thousands of records asks each of them several questions about its
    /// ancestors.
    pub fn lineage<'a>(&'a self, kind: Kind, id: &'a str, rec: &'a Record) -> Lineage<'a> {
        let (group, campaign_id) = match kind {
            Kind::Campaign => (None, Some(id)),
            Kind::AdGroup => (None, rec.parent.as_deref()),
            Kind::Ad => {
                let group = rec.parent.as_deref().map(|g| (g, self.adgroups.get(g)));
                let campaign_id = group.and_then(|(_, g)| g).and_then(|g| g.parent.as_deref());
                (group, campaign_id)
            }
        };
        let campaign = match kind {
            Kind::Campaign => Some(Some(rec)),
            _ => campaign_id.map(|c| self.campaigns.get(c)),
        };
        Lineage {
            kind,
            group,
            campaign_id,
            campaign,
        }
    }

    /// Live (not deleted) ad groups of a campaign, in creation order.
    pub fn live_adgroups_of(&self, campaign_id: &str) -> Vec<&Record> {
        let mut v: Vec<&Record> = self
            .adgroups
            .iter()
            .filter(|(id, r)| {
                r.parent.as_deref() == Some(campaign_id)
                    && !self.effectively_deleted(Kind::AdGroup, id)
            })
            .map(|(_, r)| r)
            .collect();
        v.sort_by_key(|r| r.seq);
        v
    }

    /// Live ads of an ad group.
    pub fn live_ads_of(&self, adgroup_id: &str) -> usize {
        self.ads_by_group.get(adgroup_id).map_or(0, |ids| {
            ids.iter()
                .filter(|id| !self.effectively_deleted(Kind::Ad, id))
                .count()
        })
    }

    /// The object as the API returns it: stored data plus computed status.
    pub fn render(&self, kind: Kind, id: &str) -> Option<Map<String, Value>> {
        let rec = self.map(kind).get(id)?;
        let mut data = rec.data.clone();
        data.insert(
            "secondary_status".into(),
            Value::String(self.secondary_status(kind, id)),
        );
        Some(data)
    }

    /// `secondary_status`, derived from the object and its parents.
    pub fn secondary_status(&self, kind: Kind, id: &str) -> String {
        let Some(rec) = self.map(kind).get(id) else {
            return String::new();
        };
        self.status_of(id, rec, &self.lineage(kind, id, rec))
    }

    /// `secondary_status` of a record whose lineage is known.
    pub fn status_of(&self, id: &str, rec: &Record, lineage: &Lineage<'_>) -> String {
        let kind = lineage.kind;
        let prefix = match kind {
            Kind::Campaign => "CAMPAIGN_STATUS",
            Kind::AdGroup => "ADGROUP_STATUS",
            Kind::Ad => "AD_STATUS",
        };
        if lineage.deleted(rec) {
            return format!("{prefix}_DELETE");
        }
        let disabled = rec.str("operation_status") == Some("DISABLE");
        if kind != Kind::Campaign {
            let campaign_off = lineage
                .campaign
                .flatten()
                .is_some_and(|c| c.str("operation_status") == Some("DISABLE"));
            if campaign_off {
                return format!("{prefix}_CAMPAIGN_DISABLE");
            }
        }
        if kind == Kind::Ad {
            let group_off = lineage
                .group
                .and_then(|(_, g)| g)
                .is_some_and(|g| g.str("operation_status") == Some("DISABLE"));
            if group_off {
                return "AD_STATUS_ADGROUP_DISABLE".into();
            }
        }
        if disabled {
            return format!("{prefix}_DISABLE");
        }
        if let Some(s) = &rec.status_override {
            return s.clone();
        }
        match kind {
            Kind::Campaign => "CAMPAIGN_STATUS_ENABLE".into(),
            Kind::AdGroup => {
                if self.live_ads_of(id) == 0 {
                    "ADGROUP_STATUS_CREATE".into()
                } else {
                    "ADGROUP_STATUS_DELIVERY_OK".into()
                }
            }
            Kind::Ad => "AD_STATUS_AUDIT".into(),
        }
    }
}

/// What is above a record: its ad group (an ad's) and its campaign, each looked
/// up once. `None` where the record names no parent; `Some(None)` where it names
/// one that does not exist.
#[derive(Clone, Copy, Debug)]
pub struct Lineage<'a> {
    pub kind: Kind,
    /// An ad's ad group: its id and record.
    pub group: Option<(&'a str, Option<&'a Record>)>,
    /// The campaign's id (the record's own for a campaign).
    pub campaign_id: Option<&'a str>,
    pub campaign: Option<Option<&'a Record>>,
}

impl Lineage<'_> {
    /// Whether `rec` (the record this lineage is of) or an ancestor is deleted; a
    /// parent that does not exist counts as deleted.
    pub fn deleted(&self, rec: &Record) -> bool {
        if rec.deleted {
            return true;
        }
        let campaign_gone = || self.campaign.is_some_and(|c| c.is_none_or(|c| c.deleted));
        match self.kind {
            Kind::Campaign => false,
            Kind::AdGroup => campaign_gone(),
            Kind::Ad => match self.group {
                None => false,
                Some((_, None)) => true,
                Some((_, Some(g))) => g.deleted || campaign_gone(),
            },
        }
    }
}

/// A well-mixed 64-bit value from a counter (SplitMix64).
pub fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

#[derive(Debug, thiserror::Error)]
pub enum StateFileError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Read(#[from] crate::files::ReadError),
    #[error("{0}")]
    Write(#[from] crate::files::WriteError),
    #[error("not an emulator state file: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("state file layout {found} is not supported (expected {expected})")]
    Version { found: u32, expected: u32 },
    #[error("the state file holds {0} advertisers, not one")]
    Several(usize),
}

/// Largest state file read (a sandbox with thousands of campaigns is a few MiB).
pub const MAX_STATE_BYTES: u64 = 128 << 20;

/// Reads a state file holding one advertiser; `Ok(None)` when it does not exist yet.
pub fn load(path: &Path) -> Result<Option<State>, StateFileError> {
    let Some(mut accounts) = load_accounts(path)? else {
        return Ok(None);
    };
    if accounts.len() != 1 {
        return Err(StateFileError::Several(accounts.len()));
    }
    Ok(accounts.pop())
}

/// Reads a state file of either layout (a regular file, at most
/// [`MAX_STATE_BYTES`]): every advertiser it holds, in file order; `Ok(None)` when
/// it does not exist yet.
pub fn load_accounts(path: &Path) -> Result<Option<Vec<State>>, StateFileError> {
    #[derive(Deserialize)]
    struct Layout {
        version: u32,
    }
    let bytes = match crate::files::read_regular(path, MAX_STATE_BYTES) {
        Ok(b) => b,
        Err(crate::files::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
    };
    let layout: Layout = serde_json::from_slice(&bytes)?;
    let mut accounts = match layout.version {
        STATE_VERSION => vec![serde_json::from_slice::<State>(&bytes)?],
        STATE_VERSION_MANY => serde_json::from_slice::<Many>(&bytes)?.accounts,
        found => {
            return Err(StateFileError::Version {
                found,
                expected: STATE_VERSION_MANY,
            });
        }
    };
    for state in &mut accounts {
        if state.version != STATE_VERSION {
            return Err(StateFileError::Version {
                found: state.version,
                expected: STATE_VERSION,
            });
        }
        state.reindex();
    }
    Ok(Some(accounts))
}

/// Layout 2: every advertiser's state.
#[derive(Deserialize)]
struct Many {
    accounts: Vec<State>,
}

/// Writes one advertiser's state atomically (layout 1).
pub fn save(path: &Path, state: &State) -> Result<(), StateFileError> {
    save_accounts(path, &[state])
}

/// Writes every advertiser's state atomically: layout 1 for one advertiser, layout
/// 2 for several (`files::write_atomic`: a temporary file created exclusively
/// beside it, fsync, rename), so a crash leaves either the old or the new file,
/// never half of one, and a planted symlink is never written through.
pub fn save_accounts(path: &Path, accounts: &[&State]) -> Result<(), StateFileError> {
    #[derive(Serialize)]
    struct ManyRef<'a> {
        version: u32,
        accounts: &'a [&'a State],
    }
    let text = match accounts {
        [one] => serde_json::to_string_pretty(one)?,
        _ => serde_json::to_string_pretty(&ManyRef {
            version: STATE_VERSION_MANY,
            accounts,
        })?,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    crate::files::write_atomic(path, &text, crate::files::Access::Shared)?;
    Ok(())
}
