//! Live, an ad create a few seconds after its ad group's create can fail with a
//! message saying the ad group "does not exist", or that a "concurrent" operation
//! is in the way (reference §14; a production tool waits 3–11 s and tries again).
//!
//! Either answer is a refusal: nothing was created, so sending the same create again
//! cannot make a second ad (and it carries the same `request_id` besides).

use std::time::Duration;

use crate::api::ApiError;

/// Waits before each further attempt, the longest last.
pub const WAITS: [Duration; 3] = [
    Duration::from_secs(3),
    Duration::from_secs(6),
    Duration::from_secs(11),
];

/// Whether a failed ad create is the short lag after its ad group's create: "does
/// not exist" only counts for an ad group made moments ago (`fresh_parent`), while
/// "concurrent" means another write got in the way, whenever it comes.
pub fn is_settling(err: &ApiError, fresh_parent: bool) -> bool {
    let ApiError::Api { code, message, .. } = err else {
        return false;
    };
    let text = message.to_ascii_lowercase();
    let missing = *code == 40007 || text.contains("does not exist");
    let concurrent = text.contains("concurrent");
    (missing && fresh_parent) || concurrent
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(code: i64, message: &str) -> ApiError {
        ApiError::api("smart_plus/ad/create/", code, message, "r")
    }

    #[test]
    fn only_the_lag_answers_are_waited_out() {
        let missing = api(40007, "Ad group 1 does not exist.");
        assert!(is_settling(&missing, true));
        assert!(
            !is_settling(&missing, false),
            "an old ad group really is gone"
        );
        let worded = api(40002, "adgroup_id: ad group does not exist");
        assert!(is_settling(&worded, true));
        let concurrent = api(
            40202,
            "Concurrent operations on ad group 1; try again later.",
        );
        assert!(is_settling(&concurrent, false));
        assert!(!is_settling(
            &api(40002, "ad_text_list: You have duplicate titles"),
            true
        ));
        let lost = ApiError::transport(
            "smart_plus/ad/create/",
            crate::api::error::TransportKind::Closed,
            true,
            "closed",
        );
        assert!(!is_settling(&lost, true), "a lost answer is not a refusal");
    }

    #[test]
    fn waits_stay_within_what_live_use_shows() {
        assert_eq!(WAITS.first(), Some(&Duration::from_secs(3)));
        assert_eq!(WAITS.last(), Some(&Duration::from_secs(11)));
        assert!(WAITS.windows(2).all(|w| w[0] < w[1]));
    }
}
