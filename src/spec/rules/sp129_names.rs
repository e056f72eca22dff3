//! SP129: names are 1 to 512 characters (CJK counting double) without emoji.

use crate::facts::MAX_NAME_LEN;
use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo};
use crate::spec::span::Sp;

pub(super) struct Names;

static INFO: RuleInfo = RuleInfo {
    code: "SP129",
    name: "names",
    severity: Severity::Error,
    summary: "names are 1–512 characters (CJK counts double) with no emoji",
};

/// Wide East Asian scripts, which TikTok counts as two characters.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF       // Hangul Jamo
        | 0x2E80..=0x2FDF     // CJK radicals
        | 0x3000..=0x303F     // CJK symbols and punctuation
        | 0x3040..=0x30FF     // Hiragana, Katakana
        | 0x3100..=0x31FF     // Bopomofo, Hangul compatibility, Katakana extensions
        | 0x3400..=0x4DBF     // CJK extension A
        | 0x4E00..=0x9FFF     // CJK unified ideographs
        | 0xAC00..=0xD7AF     // Hangul syllables
        | 0xF900..=0xFAFF     // CJK compatibility ideographs
        | 0xFF00..=0xFFEF     // full-width forms
        | 0x20000..=0x3134F   // CJK extensions B–G
    )
}

/// Emoji and the joiners that build them.
fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF     // emoticons, pictographs, transport, flags, symbols
        | 0x2600..=0x27BF     // miscellaneous symbols, dingbats
        | 0x2B00..=0x2BFF     // arrows and stars such as U+2B50
        | 0x231A..=0x231B     // watch, hourglass
        | 0x23E9..=0x23FA     // media controls
        | 0xFE0F              // emoji presentation selector
        | 0x200D              // zero-width joiner
        | 0x20E3              // keycap
        | 0xE0020..=0xE007F   // tag characters (subdivision flags)
    )
}

/// Length as TikTok counts it.
pub(crate) fn name_len(name: &str) -> usize {
    name.chars().map(|c| if is_cjk(c) { 2 } else { 1 }).sum()
}

fn check_name(kind: &str, name: &Sp<String>, out: &mut Findings) {
    if name.trim().is_empty() {
        out.report(
            &INFO,
            name.pos,
            format!("{kind} name is empty"),
            "empty",
            format!("give the {kind} a name of 1 to {MAX_NAME_LEN} characters"),
        );
        return;
    }
    let len = name_len(name);
    if len > MAX_NAME_LEN {
        out.report(
            &INFO,
            name.pos,
            format!("{kind} name is {len} characters long, more than {MAX_NAME_LEN}"),
            format!("{len} characters"),
            format!(
                "names are at most {MAX_NAME_LEN} characters, Chinese, Japanese and Korean \
                 characters counting two; shorten it"
            ),
        );
    }
    if let Some(emoji) = name.chars().find(|c| is_emoji(*c)) {
        out.report(
            &INFO,
            name.pos,
            format!(
                "{kind} name `{}` contains an emoji (U+{:04X})",
                name.value, emoji as u32
            ),
            "emoji",
            "TikTok refuses names with emoji; remove it",
        );
    }
}

impl Rule for Names {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for campaign in file.campaigns.iter() {
            check_name("campaign", &campaign.name, out);
            for group in campaign.ad_groups.iter() {
                check_name("ad group", &group.name, out);
                for ad in group.ads.iter() {
                    check_name("ad", &ad.name, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_counts_double_and_emoji_is_found() {
        assert_eq!(name_len("abc"), 3);
        assert_eq!(name_len("春のセール"), 10);
        assert_eq!(name_len("봄 세일"), 7);
        assert!("sale 🔥".chars().any(is_emoji));
        assert!(!"Spring sale - US (20% off) → now".chars().any(is_emoji));
    }
}
