//! Secrets known to the whole process, so that every byte smartplus writes can be
//! masked, the way CI systems mask their secrets.
//!
//! A secret enters the process in one place (`ops::target`, which reads the access
//! token and calls [`register`] before anything is printed). Text leaves through a few:
//! the printer (stdout, stderr), the log writer, `files::write_atomic` and the panic
//! hook, and each of them passes it through [`mask`]. Masking at those exits, rather
//! than at every place that formats a message, is what makes "no code path can leak
//! the token" hold for code paths nobody has written yet.

use std::borrow::Cow;
use std::sync::{PoisonError, RwLock};

/// What a masked secret is replaced with.
pub const MASK: &str = "[redacted]";

/// Values shorter than this are not masked: masking a short value would mangle
/// ordinary words, and a TikTok access token is 40 characters long.
pub const MIN_LEN: usize = 8;

/// The secrets and the other forms they are written in (JSON, URL encoding),
/// longest first so that a secret containing another is masked whole.
static SECRETS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Masks `secret` from now on, in every form it could be written in.
pub fn register(secret: &str) {
    let secret = secret.trim();
    if secret.chars().count() < MIN_LEN {
        return;
    }
    let json = serde_json::to_string(secret).unwrap_or_default();
    let forms = [
        secret.to_owned(),
        json.trim_matches('"').to_owned(),
        url::form_urlencoded::byte_serialize(secret.as_bytes()).collect::<String>(),
    ];
    let mut list = SECRETS.write().unwrap_or_else(PoisonError::into_inner);
    for form in forms {
        if !form.is_empty() && !list.contains(&form) {
            list.push(form);
        }
    }
    list.sort_by_key(|s| std::cmp::Reverse(s.len()));
}

/// `text` with every registered secret replaced by [`MASK`].
pub fn mask(text: &str) -> Cow<'_, str> {
    let list = SECRETS.read().unwrap_or_else(PoisonError::into_inner);
    if !list.iter().any(|s| text.contains(s.as_str())) {
        return Cow::Borrowed(text);
    }
    let mut out = text.to_owned();
    for s in list.iter() {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), MASK);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_secrets_are_masked_in_every_form() {
        register("unit-secret/with+odd\"chars");
        let text = "a unit-secret/with+odd\"chars b unit-secret%2Fwith%2Bodd%22chars c \
                    unit-secret/with+odd\\\"chars d";
        let masked = mask(text);
        assert_eq!(masked, "a [redacted] b [redacted] c [redacted] d");
        assert!(matches!(mask("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn short_values_are_not_masked() {
        register("tiny");
        assert_eq!(mask("a tiny word"), "a tiny word");
    }
}
