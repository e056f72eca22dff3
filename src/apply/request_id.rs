//! Idempotency keys derived from what is created, never from when or by whom: two
//! runs (or two machines) creating the same object send the same `request_id`, so
//! within TikTok's window the second create returns the first one's object.
//!
//! The key covers the advertiser, the kind, the parent's id, the name and the
//! object's settings in the spec's own words (the plan's field list: it holds no
//! time, so runs planned seconds apart agree). A `generation` changes it once a key
//! turned out to be spent on an object since deleted, so a deliberate re-creation
//! still makes a new object.

use sha2::{Digest, Sha256};

/// Everything that makes one create the same as another.
#[derive(Clone, Copy, Debug)]
pub struct Identity<'a> {
    pub advertiser: &'a str,
    pub kind: crate::api::Kind,
    /// The parent's id (`None` for a campaign).
    pub parent: Option<&'a str>,
    pub name: &'a str,
    /// The object's settings, serialised deterministically.
    pub content: &'a str,
    /// 0, then one more each time the key was found spent on a deleted object.
    pub generation: u32,
}

/// A positive 63-bit integer as a decimal string (TikTok's `request_id` format:
/// digits only, fits an int64).
pub fn derive(id: &Identity) -> String {
    let mut h = Sha256::new();
    for part in [
        "smartplus-create-1",
        id.advertiser,
        id.kind.label(),
        id.parent.unwrap_or(""),
        id.name,
        id.content,
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.update(id.generation.to_le_bytes());
    let digest = h.finalize();
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    let n = (u64::from_be_bytes(bytes) >> 1).max(1);
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Kind;

    fn base() -> Identity<'static> {
        Identity {
            advertiser: "7",
            kind: Kind::AdGroup,
            parent: Some("17"),
            name: "Group A",
            content: r#"[{"path":"budget.amount","new":"50"}]"#,
            generation: 0,
        }
    }

    #[test]
    fn the_same_object_gets_the_same_key_and_any_difference_changes_it() {
        let a = derive(&base());
        assert_eq!(a, derive(&base()), "deterministic");
        assert!(a.bytes().all(|b| b.is_ascii_digit()));
        assert!(a.parse::<i64>().is_ok_and(|n| n > 0));
        let variants = [
            Identity {
                advertiser: "8",
                ..base()
            },
            Identity {
                kind: Kind::Ad,
                ..base()
            },
            Identity {
                parent: Some("18"),
                ..base()
            },
            Identity {
                parent: None,
                ..base()
            },
            Identity {
                name: "Group B",
                ..base()
            },
            Identity {
                content: "[]",
                ..base()
            },
            Identity {
                generation: 1,
                ..base()
            },
        ];
        for v in variants {
            assert_ne!(a, derive(&v), "{v:?}");
        }
    }

    #[test]
    fn parts_cannot_run_into_each_other() {
        let one = Identity {
            name: "ab",
            content: "c",
            ..base()
        };
        let two = Identity {
            name: "a",
            content: "bc",
            ..base()
        };
        assert_ne!(derive(&one), derive(&two));
    }
}
