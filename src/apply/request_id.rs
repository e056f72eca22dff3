//! Deterministic `request_id`s: the same plan and object always send the same key,
//! so a retry after a lost answer returns the object already made.

use sha2::{Digest, Sha256};

/// A positive 63-bit integer as a decimal string (TikTok's `request_id` format).
pub fn derive(plan_seed: &str, change_key: &str, body: &serde_json::Value) -> String {
    let mut h = Sha256::new();
    h.update(plan_seed.as_bytes());
    h.update([0]);
    h.update(change_key.as_bytes());
    h.update([0]);
    h.update(body.to_string().as_bytes());
    let digest = h.finalize();
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    let n = (u64::from_be_bytes(bytes) >> 1).max(1);
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn same_inputs_same_key_and_any_difference_changes_it() {
        let body = json!({"campaign_name": "a"});
        let a = derive("seed", "c0", &body);
        assert_eq!(a, derive("seed", "c0", &body));
        assert_ne!(a, derive("seed", "c1", &body));
        assert_ne!(a, derive("other", "c0", &body));
        assert_ne!(a, derive("seed", "c0", &json!({"campaign_name": "b"})));
        assert!(a.parse::<u64>().is_ok_and(|n| n > 0 && n < (1 << 63)));
    }
}
