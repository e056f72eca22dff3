//! Every readable spec value and the wire literal it stands for.
//!
//! This is the one place where `cost_cap` becomes `BID_TYPE_CUSTOM`: the loader,
//! the request builder and `import` all go through these tables. Vocabularies
//! TikTok extends are read through [`Open`](super::open::Open), which also carries
//! literals not listed here.

use serde::{Deserialize, Serialize};

/// Declares a spec enum: its YAML spelling, its wire literal, and docs for the schema.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[doc = $doc:literal])* $variant:ident = ($yaml:literal, $wire:literal), )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
        pub enum $name {
            $( $(#[doc = $doc])* #[serde(rename = $yaml)] $variant, )+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$( $name::$variant, )+];

            /// The literal TikTok's API uses.
            pub fn wire(self) -> &'static str {
                match self { $( $name::$variant => $wire, )+ }
            }

            /// The spelling used in spec files.
            pub fn yaml(self) -> &'static str {
                match self { $( $name::$variant => $yaml, )+ }
            }

            /// Reads a wire literal back (used by `import` and the live-state reader).
            pub fn from_wire(s: &str) -> Option<Self> {
                match s { $( $wire => Some($name::$variant), )+ _ => None }
            }

            /// Reads a spec spelling.
            pub fn from_yaml(s: &str) -> Option<Self> {
                match s { $( $yaml => Some($name::$variant), )+ _ => None }
            }
        }

        impl crate::spec::open::Vocabulary for $name {
            const NAMES: &'static [&'static str] = &[$( $yaml, )+];
            fn yaml(self) -> &'static str {
                $name::yaml(self)
            }
            fn wire(self) -> &'static str {
                $name::wire(self)
            }
            fn from_yaml(s: &str) -> Option<Self> {
                $name::from_yaml(s)
            }
            fn from_wire(s: &str) -> Option<Self> {
                $name::from_wire(s)
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::ALL[0]
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.yaml())
            }
        }
    };
}

wire_enum! {
    /// Campaign objective. Only the first three are Smart+ objectives; the rest are
    /// accepted by the parser so that `validate` can say why they are refused.
    pub enum Objective {
        /// Website conversions.
        WebConversions = ("web_conversions", "WEB_CONVERSIONS"),
        /// App installs or retargeting.
        AppPromotion = ("app_promotion", "APP_PROMOTION"),
        /// Lead generation.
        LeadGeneration = ("lead_generation", "LEAD_GENERATION"),
        /// Not a Smart+ objective.
        Traffic = ("traffic", "TRAFFIC"),
        /// Not a Smart+ objective.
        Reach = ("reach", "REACH"),
        /// Not a Smart+ objective.
        VideoViews = ("video_views", "VIDEO_VIEWS"),
        /// Not a Smart+ objective.
        Engagement = ("engagement", "ENGAGEMENT"),
        /// Not a Smart+ objective.
        ProductSales = ("product_sales", "PRODUCT_SALES"),
    }
}

impl Objective {
    pub fn is_smart_plus(self) -> bool {
        matches!(
            self,
            Objective::WebConversions | Objective::AppPromotion | Objective::LeadGeneration
        )
    }
}

wire_enum! {
    /// Where conversions happen.
    pub enum SalesDestination {
        Website = ("website", "WEBSITE"),
        App = ("app", "APP"),
        WebAndApp = ("web_and_app", "WEB_AND_APP"),
    }
}

wire_enum! {
    /// Kind of app promotion.
    pub enum AppPromotionType {
        AppInstall = ("app_install", "APP_INSTALL"),
        AppRetargeting = ("app_retargeting", "APP_RETARGETING"),
        Minis = ("minis", "MINIS"),
    }
}

wire_enum! {
    /// Regulated special ad categories.
    pub enum SpecialIndustry {
        Housing = ("housing", "HOUSING"),
        Employment = ("employment", "EMPLOYMENT"),
        Credit = ("credit", "CREDIT"),
    }
}

wire_enum! {
    /// Delivery status of a campaign, ad group or ad.
    pub enum Status {
        Enabled = ("enabled", "ENABLE"),
        Disabled = ("disabled", "DISABLE"),
        /// Delete the object (only ever done because the spec says so).
        Deleted = ("deleted", "DELETE"),
    }
}

wire_enum! {
    /// Budget mode. Which ones are allowed depends on campaign budget optimisation.
    pub enum BudgetMode {
        /// A daily figure TikTok averages over the week (one day may spend up to 125%).
        DynamicDaily = ("dynamic_daily", "BUDGET_MODE_DYNAMIC_DAILY_BUDGET"),
        /// A fixed daily cap (campaign level, without CBO).
        Daily = ("daily", "BUDGET_MODE_DAY"),
        /// A lifetime budget; needs an end date.
        Total = ("total", "BUDGET_MODE_TOTAL"),
        /// No campaign-level cap (without CBO only).
        Unlimited = ("unlimited", "BUDGET_MODE_INFINITE"),
    }
}

impl BudgetMode {
    pub fn is_daily(self) -> bool {
        matches!(self, BudgetMode::DynamicDaily | BudgetMode::Daily)
    }
}

wire_enum! {
    /// What the ad group optimises for.
    pub enum OptimizationGoal {
        Click = ("click", "CLICK"),
        Convert = ("convert", "CONVERT"),
        LandingPageView = ("landing_page_view", "TRAFFIC_LANDING_PAGE_VIEW"),
        Value = ("value", "VALUE"),
        Install = ("install", "INSTALL"),
        InAppEvent = ("in_app_event", "IN_APP_EVENT"),
        LeadGeneration = ("lead_generation", "LEAD_GENERATION"),
        Conversation = ("conversation", "CONVERSATION"),
    }
}

wire_enum! {
    /// Pixel or app event the ad group optimises for.
    pub enum OptimizationEvent {
        CompletePayment = ("complete_payment", "SHOPPING"),
        AddToCart = ("add_to_cart", "ON_WEB_CART"),
        AddBilling = ("add_billing", "ADD_BILLING"),
        InitiateCheckout = ("initiate_checkout", "INITIATE_ORDER"),
        CompleteRegistration = ("complete_registration", "ON_WEB_REGISTER"),
        FormSubmit = ("form_submit", "FORM"),
        Subscribe = ("subscribe", "ON_WEB_SUBSCRIBE"),
        ViewContent = ("view_content", "ON_WEB_DETAIL"),
        LandingPageView = ("landing_page_view", "LANDING_PAGE_VIEW"),
        Purchase = ("purchase", "ACTIVE_PAY"),
        Registration = ("registration", "ACTIVE_REGISTER"),
    }
}

wire_enum! {
    /// Bid strategy (the bidding automation module).
    pub enum BidStrategy {
        /// Maximum delivery: spend the budget, no cost target.
        MaxDelivery = ("max_delivery", "BID_TYPE_NO_BID"),
        /// Cost cap: target a cost per result.
        CostCap = ("cost_cap", "BID_TYPE_CUSTOM"),
        /// Minimum return on ad spend (value optimisation).
        MinRoas = ("min_roas", "VO_MIN_ROAS"),
        /// Highest value (value optimisation, no target).
        HighestValue = ("highest_value", "VO_HIGHEST_VALUE"),
    }
}

impl BidStrategy {
    /// The `bid_type` sent with this strategy; value strategies ride on `NO_BID`.
    pub fn bid_type(self) -> &'static str {
        match self {
            BidStrategy::CostCap => "BID_TYPE_CUSTOM",
            _ => "BID_TYPE_NO_BID",
        }
    }

    /// The `deep_bid_type` sent with this strategy, if any.
    pub fn deep_bid_type(self) -> Option<&'static str> {
        match self {
            BidStrategy::MinRoas => Some("VO_MIN_ROAS"),
            BidStrategy::HighestValue => Some("VO_HIGHEST_VALUE"),
            _ => None,
        }
    }
}

/// Targeting mode (the targeting automation module). Two wire fields carry it:
/// `targeting_optimization_mode` and `suggestion_audience_enabled`.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum TargetingMode {
    /// TikTok finds the audience inside the hard controls.
    #[default]
    #[serde(rename = "automatic")]
    Automatic,
    /// Automatic, steered by audience suggestions.
    #[serde(rename = "automatic_with_suggestions")]
    AutomaticWithSuggestions,
    /// Only the audience you describe.
    #[serde(rename = "manual")]
    Manual,
}

impl TargetingMode {
    /// `targeting_optimization_mode` on the wire.
    pub fn wire(self) -> &'static str {
        match self {
            TargetingMode::Manual => "MANUAL",
            _ => "AUTOMATIC",
        }
    }

    /// `suggestion_audience_enabled` on the wire.
    pub fn suggestions(self) -> bool {
        self == TargetingMode::AutomaticWithSuggestions
    }

    pub fn yaml(self) -> &'static str {
        match self {
            TargetingMode::Automatic => "automatic",
            TargetingMode::AutomaticWithSuggestions => "automatic_with_suggestions",
            TargetingMode::Manual => "manual",
        }
    }

    /// Reads the two wire fields back.
    pub fn from_wire(mode: &str, suggestions: bool) -> Option<Self> {
        match (mode, suggestions) {
            ("MANUAL", _) => Some(TargetingMode::Manual),
            ("AUTOMATIC", true) => Some(TargetingMode::AutomaticWithSuggestions),
            ("AUTOMATIC", false) => Some(TargetingMode::Automatic),
            _ => None,
        }
    }
}

impl std::fmt::Display for TargetingMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.yaml())
    }
}

wire_enum! {
    pub enum Gender {
        Female = ("female", "GENDER_FEMALE"),
        Male = ("male", "GENDER_MALE"),
        Any = ("any", "GENDER_UNLIMITED"),
    }
}

wire_enum! {
    pub enum AgeGroup {
        Age13To17 = ("13-17", "AGE_13_17"),
        Age18To24 = ("18-24", "AGE_18_24"),
        Age25To34 = ("25-34", "AGE_25_34"),
        Age35To44 = ("35-44", "AGE_35_44"),
        Age45To54 = ("45-54", "AGE_45_54"),
        Age55Plus = ("55+", "AGE_55_100"),
    }
}

wire_enum! {
    /// Minimum age, a hard control available in automatic targeting.
    pub enum MinimumAge {
        Over18 = ("18+", "OVER_EIGHTEEN"),
        Over25 = ("25+", "OVER_TWENTY_FIVE"),
        /// Every age TikTok allows for the promoted content.
        All = ("all", "ALL"),
    }
}

wire_enum! {
    pub enum OperatingSystem {
        Android = ("android", "ANDROID"),
        Ios = ("ios", "IOS"),
    }
}

wire_enum! {
    /// A placement chosen by hand.
    pub enum Placement {
        Tiktok = ("tiktok", "PLACEMENT_TIKTOK"),
        Pangle = ("pangle", "PLACEMENT_PANGLE"),
        GlobalAppBundle = ("global_app_bundle", "PLACEMENT_GLOBAL_APP_BUNDLE"),
    }
}

wire_enum! {
    pub enum ClickWindow {
        Off = ("off", "OFF"),
        OneDay = ("1d", "ONE_DAY"),
        SevenDays = ("7d", "SEVEN_DAYS"),
        FourteenDays = ("14d", "FOURTEEN_DAYS"),
        TwentyEightDays = ("28d", "TWENTY_EIGHT_DAYS"),
        ThirtyDays = ("30d", "THIRTY_DAYS"),
        ThirtyTwoDays = ("32d", "THIRTY_TWO_DAYS"),
        OneHundredEightyDays = ("180d", "ONE_HUNDRED_EIGHTY_DAYS"),
    }
}

wire_enum! {
    pub enum ViewWindow {
        Off = ("off", "OFF"),
        OneDay = ("1d", "ONE_DAY"),
        SevenDays = ("7d", "SEVEN_DAYS"),
    }
}

wire_enum! {
    pub enum EventCount {
        Every = ("every", "EVERY"),
        Once = ("once", "ONCE"),
    }
}

wire_enum! {
    /// Who the ad is posted as.
    pub enum IdentityType {
        /// Non-Spark custom identity (name and avatar).
        Custom = ("custom", "CUSTOMIZED_USER"),
        /// Spark: a TikTok account you own.
        TiktokUser = ("tiktok_user", "TT_USER"),
        /// Spark: a TikTok account authorised through Business Center.
        BusinessCenter = ("business_center", "BC_AUTH_TT"),
        /// Spark: a creator account authorised by code.
        AuthCode = ("auth_code", "AUTH_CODE"),
    }
}

impl IdentityType {
    pub fn is_spark(self) -> bool {
        !matches!(self, IdentityType::Custom)
    }
}

wire_enum! {
    pub enum CallToAction {
        LearnMore = ("learn_more", "LEARN_MORE"),
        ShopNow = ("shop_now", "SHOP_NOW"),
        SignUp = ("sign_up", "SIGN_UP"),
        Download = ("download", "DOWNLOAD"),
        InstallNow = ("install_now", "INSTALL_NOW"),
        ContactUs = ("contact_us", "CONTACT_US"),
        BookNow = ("book_now", "BOOK_NOW"),
        GetQuote = ("get_quote", "GET_QUOTE"),
        OrderNow = ("order_now", "ORDER_NOW"),
        ApplyNow = ("apply_now", "APPLY_NOW"),
        Subscribe = ("subscribe", "SUBSCRIBE"),
        PlayGame = ("play_game", "PLAY_GAME"),
        WatchNow = ("watch_now", "WATCH_NOW"),
    }
}

wire_enum! {
    /// Measurement the advertiser has in place.
    pub enum Measurement {
        Pixel = ("pixel", "PIXEL"),
        EventsApi = ("events_api", "EVENTS_API"),
        PixelAndEventsApi = ("pixel_and_events_api", "PIXEL_AND_EVENTS_API"),
    }
}

/// Symphony enhancements: each spec key of `enhancements` and the strategies of
/// `ad_configuration.creative_auto_enhancement_strategy_list` it turns on
/// (D-1843317378982914). `quality` covers videos and images alike.
pub const ENHANCEMENT_STRATEGIES: &[(&str, &[&str])] = &[
    ("quality", &["VIDEO_QUALITY", "IMAGE_QUALITY"]),
    ("resize", &["IMAGE_RESIZE"]),
    ("music_refresh", &["MUSIC_REFRESH"]),
    ("translate_and_dub", &["TRANSLATE_AND_DUB"]),
];

wire_enum! {
    /// Whether an automation module is left to TikTok.
    pub enum Automation {
        Automatic = ("automatic", "ON"),
        Manual = ("manual", "OFF"),
    }
}

wire_enum! {
    /// Where a behaviour was seen (`targeting_spec.actions[].action_scene`).
    pub enum ActionScene {
        /// People who acted on videos of the chosen categories.
        Video = ("video", "VIDEO_RELATED"),
        /// People who acted on creators of the chosen categories.
        Creator = ("creator", "CREATOR_RELATED"),
        /// People who viewed the chosen hashtags.
        Hashtag = ("hashtag", "HASHTAG_RELATED"),
    }
}

wire_enum! {
    /// What people did (`targeting_spec.actions[].video_user_actions`); each belongs
    /// to one scene.
    pub enum UserAction {
        WatchedToEnd = ("watched_to_end", "WATCHED_TO_END"),
        Liked = ("liked", "LIKED"),
        Commented = ("commented", "COMMENTED"),
        Shared = ("shared", "SHARED"),
        Followed = ("followed", "FOLLOWING"),
        ViewedProfile = ("viewed_profile", "VIEW_HOMEPAGE"),
        ViewedHashtag = ("viewed_hashtag", "VIEW_HASHTAG"),
    }
}

impl UserAction {
    /// The scene TikTok takes this action in (and only in).
    pub fn scene(self) -> ActionScene {
        match self {
            UserAction::WatchedToEnd
            | UserAction::Liked
            | UserAction::Commented
            | UserAction::Shared => ActionScene::Video,
            UserAction::Followed | UserAction::ViewedProfile => ActionScene::Creator,
            UserAction::ViewedHashtag => ActionScene::Hashtag,
        }
    }
}

impl ActionScene {
    /// Only video behaviours have a look-back period; TikTok stores 0 (none) for the
    /// others whatever is sent.
    pub fn has_period(self) -> bool {
        self == ActionScene::Video
    }
}
