//! Platform facts: limits, floors, dates and the wire details marked uncertain in
//! `tiktok-smartplus-api.md`. Everything that may need correcting lives here, once.
//!
//! The CLI's rules and the emulator both read these numbers; each keeps its own
//! checking code so that one can catch the other's mistakes.

/// Maximum ad groups in one Smart+ campaign.
pub const MAX_AD_GROUPS_PER_CAMPAIGN: usize = 30;
/// Maximum ads in one ad group.
pub const MAX_ADS_PER_AD_GROUP: usize = 30;
/// Creatives per ad.
pub const MAX_CREATIVES_PER_AD: usize = 50;
/// Ad texts per ad.
pub const MAX_TEXTS_PER_AD: usize = 5;
/// Calls to action per ad.
pub const MAX_CTAS_PER_AD: usize = 3;
/// Images per carousel.
pub const MAX_CAROUSEL_IMAGES: usize = 35;
/// UTM parameters per ad.
pub const MAX_UTM_PARAMS: usize = 14;
/// Name length limit (characters; CJK counts double).
pub const MAX_NAME_LEN: usize = 512;
/// IDs per status or budget batch.
pub const MAX_BATCH_IDS: usize = 20;
/// IDs per `*_ids` filter.
pub const MAX_FILTER_IDS: usize = 100;
/// Page size caps per list endpoint.
pub const PAGE_SIZE_CAMPAIGN: u32 = 1000;
pub const PAGE_SIZE_ADGROUP: u32 = 1000;
pub const PAGE_SIZE_AD: u32 = 100;

/// Media uploads (`/file/video/ad/upload/`, `/file/image/ad/upload/`;
/// tiktok-assets-lookups-reporting.md §1.2–1.3). "500 MB" and "50 MB" are read as
/// MiB, so that nothing TikTok takes is refused here. [inf]
pub const MAX_VIDEO_BYTES: u64 = 500 << 20;
pub const MAX_IMAGE_BYTES: u64 = 50 << 20;
/// Most pixels an ad image may have (1440×2560) [3p BB quoting doc].
pub const MAX_IMAGE_PIXELS: u64 = 3_686_400;
/// Video durations the help centre gives for in-feed ads, in seconds [doc HC].
pub const VIDEO_MIN_SECONDS: f64 = 5.0;
pub const VIDEO_MAX_SECONDS: f64 = 60.0;
/// Video aspect ratios TikTok takes (width, height), with the smallest resolution
/// the help centre gives for each [doc HC].
pub const VIDEO_RATIOS: &[(u32, u32, u32, u32)] =
    &[(9, 16, 720, 1280), (1, 1, 640, 640), (16, 9, 1280, 720)];
/// How far a ratio may be from one of [`VIDEO_RATIOS`] and still count as it
/// (TikTok's image search uses ±0.05 [3p BB]).
pub const RATIO_TOLERANCE: f64 = 0.02;
/// Upload `file_name` length (1–100 characters) [sdk].
pub const MAX_FILE_NAME_CHARS: usize = 100;
/// Ids per info call: 60 videos, 100 images [sdk; 3p BB].
pub const MAX_VIDEO_INFO_IDS: usize = 60;
pub const MAX_IMAGE_INFO_IDS: usize = 100;
/// Page size of the media searches (the SDK's cap for videos) [sdk].
pub const PAGE_SIZE_MEDIA_SEARCH: u32 = 100;
/// The return code of a repeated upload name ("Duplicated material name.") [3p GO1].
pub const DUPLICATE_MATERIAL_NAME: i64 = 40911;

/// Minimum ROAS target range.
pub const MIN_ROAS: &str = "0.01";
pub const MAX_ROAS: &str = "1000";

/// Budget floors in USD-equivalent units, multiplied by the currency ratio. [inf: the
/// general Marketing API floors, assumed to hold for Smart+]
pub const CAMPAIGN_BUDGET_FLOOR: i64 = 50;
pub const AD_GROUP_BUDGET_FLOOR: i64 = 20;
/// Budgets must stay below this many units × ratio.
pub const BUDGET_CEILING: i64 = 10_000_000;
/// A new budget must be at least this percentage of what was already spent. [inf]
pub const BUDGET_MIN_PERCENT_OF_SPEND: i64 = 105;

/// Schedules: latest start and end (UTC).
pub const LATEST_START: &str = "2028-01-01 00:00:00";
pub const LATEST_END: &str = "2038-01-01 00:00:00";
/// TikTok documents the latest start and end as fixed dates (as of 2026). A clock at
/// or past them (the emulator's, moved by tests or the sandbox) means the
/// documentation has moved on since; the limits are then read as the same kind of
/// horizon from now: a start within a year, an end within ten. `validate` checks the
/// documented dates, which must be updated here when TikTok moves them. [inf]
pub const START_HORIZON_DAYS: i64 = 365;
pub const END_HORIZON_DAYS: i64 = 3650;

/// The latest start TikTok accepts at `now` (Unix seconds).
pub fn latest_start(now: i64) -> i64 {
    horizon(LATEST_START, now, START_HORIZON_DAYS)
}

/// The latest end TikTok accepts at `now` (Unix seconds).
pub fn latest_end(now: i64) -> i64 {
    horizon(LATEST_END, now, END_HORIZON_DAYS)
}

fn horizon(documented: &str, now: i64, days: i64) -> i64 {
    let documented = jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M:%S", documented)
        .ok()
        .and_then(|dt| dt.to_zoned(jiff::tz::TimeZone::UTC).ok())
        .map_or(i64::MAX, |z| z.timestamp().as_second());
    if now < documented {
        documented
    } else {
        now.saturating_add(days * 24 * 60 * 60)
    }
}
/// TikTok refuses a start that is not in the future ("Start time must be in the
/// future"): live, a start of "now" was refused and once even now + 5 minutes, while
/// now + 5 to 10 minutes usually passes [field LIVE]. An ad group that starts "now" is
/// sent with a start this far ahead, and a start closer than this draws a warning.
pub const START_LEAD_MINUTES: i64 = 10;

/// The most places one `/tool/targeting/search/` answers (`FUZZY_SEARCH`: one
/// keyword, at most 100 results; assets reference §2.4). A full answer may have left
/// out a second place of the same name.
pub const PLACE_SEARCH_MAX_RESULTS: usize = 100;

/// Learning phase: no edits for this many days after creation.
pub const LEARNING_PHASE_DAYS: i64 = 7;
/// After learning, bids may move at most this percentage...
pub const MAX_BID_STEP_PERCENT: i64 = 15;
/// ...per this many days.
pub const BID_STEP_WINDOW_DAYS: i64 = 2;
/// Conversions a week that the learning phase needs.
pub const LEARNING_CONVERSIONS_PER_WEEK: i64 = 50;
/// Days of delivery after which a pace under [`LEARNING_CONVERSIONS_PER_WEEK`] is read
/// as a verdict (`unlikely_to_exit`) rather than noise: TikTok's help centre gives
/// manual campaigns about 3 days of learning, and fewer days say little about a
/// week's volume. [inf]
pub const LEARNING_VERDICT_DAYS: i64 = 3;
/// A scheduled start at most this long after creation is a start "now": learning is
/// counted from the creation. Live needs starts in the future, so smartplus sends a
/// start now as creation + [`START_LEAD_MINUTES`], and other tools do much the same;
/// counting from the nominal start would leave fresh ad groups open to edits for
/// those minutes and show them as `scheduled`. [inf]
pub const START_NOW_WITHIN_MINUTES: i64 = 60;
/// Edits within this long after an ad group starts delivering are its launch (its
/// ads go up just after it), not an edit that restarts learning. [inf]
pub const LAUNCH_SETTLE_MINUTES: i64 = 60;
/// The longest date range the integrated report takes with the `stat_time_day`
/// dimension [3p, quoting TikTok's doc].
pub const REPORT_MAX_DAYS_BY_DAY: i64 = 30;
/// Budget guidance: daily budget ≥ this × historical CPA (max delivery)...
pub const BUDGET_CPA_MULTIPLE: i64 = 10;
/// ...and this × for cost cap and minimum ROAS.
pub const BUDGET_CPA_MULTIPLE_CAPPED: i64 = 30;

/// `targeting_spec` keys that automatic targeting reads only with
/// `suggestion_audience_enabled` (its "audience suggestions"); without it TikTok drops
/// what was sent and reads back default ages and gender [doc; field LIVE].
pub const SUGGESTION_TARGETING_KEYS: &[&str] = &[
    "age_groups",
    "gender",
    "audience_ids",
    "interest_category_ids",
    "interest_keyword_ids",
    "purchase_intention_keyword_ids",
    "actions",
];

/// The United States as a location: once an ad group targets it, it may move to
/// other US locations (states) but may not drop the US [doc].
pub const US_LOCATION: &str = "6252001";
/// The US states and the District of Columbia, by the GeoNames ids TikTok's
/// location ids follow. [inf: TikTok's location list was not checked id by id]
pub const US_STATES: &[&str] = &[
    "4829764", "5879092", "5551752", "4099753", "5332921", "5417618", "4831725", "4142224",
    "4155751", "4197000", "5855797", "5596512", "4896861", "4921868", "4862182", "4273857",
    "6254925", "4331987", "4971068", "4361885", "6254926", "5001836", "5037779", "4436296",
    "4398678", "5667009", "5073708", "5509151", "5090174", "5101760", "5481136", "5128638",
    "4482348", "5690763", "5165418", "4544379", "5744337", "6254927", "5224323", "4597040",
    "5769223", "4662168", "4736286", "5549030", "5242283", "6254928", "5815135", "4826850",
    "5279468", "5843591", "4138106",
];

/// Countries by ISO 3166-1 alpha-2 code, with the GeoNames ids TikTok's location
/// ids follow (reference assets §2.1: every country checked there matches).
pub mod countries;

/// The country with this ISO code (any letter case).
pub fn country(iso: &str) -> Option<&'static countries::Country> {
    countries::COUNTRIES
        .iter()
        .find(|c| c.iso.eq_ignore_ascii_case(iso))
}

/// The country whose location id this is.
pub fn country_by_id(id: &str) -> Option<&'static countries::Country> {
    countries::COUNTRIES.iter().find(|c| c.geoname_id == id)
}

/// Whether a location id is the US or a place in it (as far as [`US_STATES`] knows).
pub fn is_us_location(id: &str) -> bool {
    id == US_LOCATION || US_STATES.contains(&id)
}

/// Ad accounts created on or after this day cannot create non-Spark ads at all,
/// and no account can deliver them on the TikTok placement.
pub const NON_SPARK_CUTOFF: &str = "2026-01-15";

/// Currency → (ratio to USD floors, decimal places).
pub const CURRENCIES: &[(&str, i64, u32)] = &[
    ("USD", 1, 2),
    ("EUR", 1, 2),
    ("GBP", 1, 2),
    ("AUD", 1, 2),
    ("CAD", 1, 2),
    ("SGD", 1, 2),
    ("BRL", 1, 2),
    ("HUF", 1, 0),
    ("PLN", 4, 2),
    ("CNY", 10, 2),
    ("HKD", 10, 2),
    ("MXN", 10, 2),
    ("THB", 10, 2),
    ("SEK", 10, 2),
    ("DKK", 10, 2),
    ("NOK", 10, 2),
    ("TRY", 10, 2),
    ("TWD", 10, 0),
    ("PHP", 50, 2),
    ("JPY", 100, 0),
    ("INR", 100, 2),
    ("KRW", 1000, 0),
    ("CLP", 1000, 0),
    ("IDR", 10000, 0),
    ("VND", 10000, 0),
];

/// The ratio and decimal places of a currency, if TikTok bills in it.
pub fn currency(code: &str) -> Option<(i64, u32)> {
    CURRENCIES
        .iter()
        .find(|(c, _, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, r, d)| (*r, *d))
}

/// Wire details that TikTok does not document precisely, or that its pages and live
/// use leave open. [inf]
///
/// Reference §14 (TikTok's own pages and live use) settled, and they now live with
/// the code that uses them: `promotion_type` `LEAD_GENERATION` for lead generation
/// ad groups (the ad group pages list it; `wire::lower`); Symphony enhancements as
/// `ad_configuration.creative_auto_enhancement_strategy_list` (`wire::lower`,
/// `spec::enums::ENHANCEMENT_STRATEGIES`); `ALL` as the "all ages"
/// `spc_audience_age` (`spec::enums::MinimumAge`); starts must lie in the future
/// ([`START_LEAD_MINUTES`](super::START_LEAD_MINUTES)); ad creates take a digits-only
/// `request_id`; Smart+ ad rows have `smart_plus_ad_id` and no `ad_id`.
///
/// Still open after §14, each kept in one place:
/// - the constants below;
/// - the margin a start needs: "now" is refused, now + 5 minutes usually passes
///   (once refused) — [`START_LEAD_MINUTES`](super::START_LEAD_MINUTES);
/// - the codes behind the "does not exist" / "concurrent" answers after an ad
///   group's create (`apply::settle` matches their words), and how long they last;
/// - whether `request_id` idempotency holds beyond "the same request twice within 10
///   seconds" (doc of the manual create, weak for Smart+): nothing relies on it alone;
/// - whether `call_to_action_list` beside a Spark identity is refused or ignored
///   when no portfolio is sent (smartplus refuses it, the safe reading);
/// - campaign `BUDGET_MODE_DAY` sent without `budget_optimize_on` (production tools
///   disagree), the 50/20 floors and the 105% rule on `/smart_plus/*`, a per-ad write
///   limit on REST (the MCP server allows one write per 5 s per ad), and whether rate
///   limits count per app or per token;
/// - how a CTA portfolio's `asset_content` spells a call to action (read as its English
///   text, `Learn more` for `LEARN_MORE`: `wire::catalog::cta_literal`), and whether
///   `/creative/portfolio/list/` lists CTA portfolios when asked for that type
///   (reference assets, "Still uncertain" 7);
/// - that location ids are GeoNames ids (every country checked matches:
///   `facts::countries`), and `POST` for the location tools (the SDK's; a third-party
///   client uses GET);
/// - the exact URL length the CDN refuses (about 8 KB; `emulator` uses 8192) and the
///   US places beyond the states ([`US_STATES`](super::US_STATES)).
pub mod wire_uncertain {
    /// Ad group key carrying the creative-rotation automation module.
    pub const CREATIVE_ROTATION_KEY: &str = "smart_creative_rotation";
    /// Default `primary_status` filter hides deleted objects on every list endpoint
    /// (documented for ad groups; assumed for campaigns and ads).
    pub const DEFAULT_HIDES_DELETED: bool = true;
    /// A duplicate create `request_id` returns the original object (not 40050).
    pub const DUPLICATE_REQUEST_ID_RETURNS_ORIGINAL: bool = true;
    /// Whether a repeated ad create with the same `request_id` is de-duplicated: two
    /// production tools send one and get code 0, none saw it de-duplicate. Ad creates
    /// are treated as not idempotent while this is `false`.
    pub const AD_REQUEST_ID_DEDUPLICATES: bool = false;
    /// Ad update replaces lists rather than merging them.
    pub const AD_UPDATE_REPLACES_LISTS: bool = true;
}

/// `promotion_type` of lead generation ad groups (its website or instant-form
/// variant is `promotion_target_type`).
pub const LEAD_GEN_PROMOTION_TYPE: &str = "LEAD_GENERATION";
