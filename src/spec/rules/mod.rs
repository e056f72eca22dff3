//! Offline Smart+ rules: one file per rule, each with a stable code, a severity and
//! docs in `docs/rules.md`. `REGISTRY` lists them all, in code order.

use super::diagnostic::{Findings, Severity};
use super::model::{Ad, AdGroup, Campaign, SpecFile};

mod sp101_objective;
mod sp102_ad_group_count;

/// What a rule is: shown in diagnostics and checked against the docs.
#[derive(Debug)]
pub struct RuleInfo {
    /// Stable code, e.g. `SP101`.
    pub code: &'static str,
    /// Short kebab-case name.
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what the rule enforces.
    pub summary: &'static str,
}

/// Inputs a rule may need besides the file itself.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// Account currency from the command line or the spec; USD floors when unknown.
    pub currency: Option<String>,
}

impl Context {
    /// The currency for this file: the command line wins over the spec.
    pub fn currency_for<'a>(&'a self, file: &'a SpecFile) -> Option<&'a str> {
        self.currency
            .as_deref()
            .or(file.currency.as_ref().map(|c| c.as_str()))
    }
}

pub trait Rule: Sync {
    fn info(&self) -> &'static RuleInfo;
    fn check(&self, file: &SpecFile, ctx: &Context, out: &mut Findings);
}

/// Every offline rule.
pub static REGISTRY: &[&dyn Rule] = &[
    &sp101_objective::Objective,
    &sp102_ad_group_count::AdGroupCount,
];

/// Runs every rule over one file.
pub fn check(file: &SpecFile, ctx: &Context) -> Findings {
    let mut out = Findings::new();
    for rule in REGISTRY {
        rule.check(file, ctx, &mut out);
    }
    out
}

/// Looks a rule up by code (validate rules only).
pub fn find(code: &str) -> Option<&'static RuleInfo> {
    REGISTRY.iter().map(|r| r.info()).find(|i| i.code == code)
}

/// Every ad group of a file with its campaign.
pub fn ad_groups(file: &SpecFile) -> impl Iterator<Item = (&Campaign, &AdGroup)> {
    file.campaigns
        .iter()
        .flat_map(|c| c.ad_groups.iter().map(move |g| (c, g)))
}

/// Every ad of a file with its campaign and ad group.
pub fn ads(file: &SpecFile) -> impl Iterator<Item = (&Campaign, &AdGroup, &Ad)> {
    ad_groups(file).flat_map(|(c, g)| g.ads.iter().map(move |a| (c, g, a)))
}
