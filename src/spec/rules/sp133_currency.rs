//! SP133: the currency is one TikTok bills in.

use crate::facts::CURRENCIES;
use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo};
use crate::spec::suggest;

pub(super) struct Currency;

static INFO: RuleInfo = RuleInfo {
    code: "SP133",
    name: "currency",
    severity: Severity::Error,
    summary: "the currency is one TikTok bills in",
};

impl Rule for Currency {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        let Some(currency) = &file.currency else {
            return;
        };
        if crate::facts::currency(currency.trim()).is_some() {
            return;
        }
        let codes = CURRENCIES.iter().map(|(c, _, _)| *c);
        let upper = currency.trim().to_ascii_uppercase();
        let help = match suggest::closest(&upper, codes.clone()) {
            Some(s) => format!(
                "did you mean `{s}`? TikTok bills in: {}",
                codes.collect::<Vec<_>>().join(", ")
            ),
            None => format!("TikTok bills in: {}", codes.collect::<Vec<_>>().join(", ")),
        };
        out.report(
            &INFO,
            currency.pos,
            format!("`{}` is not a currency TikTok bills in", currency.value),
            "unknown currency",
            help,
        );
    }
}
