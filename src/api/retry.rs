//! When to retry a failed call: one pure decision function, tested without a network.
//!
//! The rule that matters most: a write that is not idempotent (ad create, whose
//! `request_id` TikTok is not known to honour) is retried only when the error proves
//! nothing happened. A lost answer makes its outcome unknown, and retrying could
//! create a duplicate ad.

use std::time::Duration;

use rand::Rng;

use super::error::{ApiError, TransportKind, is_qps_limit_code};

/// What the failed call was, which decides what may be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallKind {
    /// A GET: always safe to repeat.
    Read,
    /// A write that can be repeated safely: create with a `request_id`, update,
    /// status change, budget update.
    IdempotentWrite,
    /// A write that must not happen twice: ad create.
    NonIdempotentWrite,
}

/// The outcome of [`decide`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Try again after this long.
    Retry(Duration),
    /// Return the error to the caller.
    GiveUp,
}

/// Backoff settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Delay before the second attempt (before jitter); doubles each attempt.
    pub base: Duration,
    /// No delay is longer than this.
    pub cap: Duration,
    /// Attempts in all, the first included, counting failures other than rate
    /// limits.
    pub max_attempts: u32,
    /// Rejections by a per-second rate limit (40100, 40133) one call may meet
    /// before giving up. The pacer slows down on each, so while other jobs share
    /// the app's limit a call may meet several; each proves nothing happened.
    pub max_rate_limited: u32,
    /// After a per-second rate limit (40100, 40133), wait at least this long so the
    /// next try lands in the next second.
    pub rate_limit_floor: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            base: Duration::from_millis(200),
            cap: Duration::from_secs(5),
            max_attempts: 5,
            max_rate_limited: 30,
            rate_limit_floor: Duration::from_secs(1),
        }
    }
}

impl Policy {
    /// No retries at all.
    pub fn never() -> Self {
        Policy {
            max_attempts: 1,
            max_rate_limited: 1,
            ..Policy::default()
        }
    }
}

/// Decides whether to retry after `attempt` failures of `err`'s class (1 after
/// the first) ended in `err`. Rate limits (40100, 40133) are one class, counted
/// against [`Policy::max_rate_limited`]; every other failure is the other, counted
/// against [`Policy::max_attempts`]. `rng` supplies the jitter; pass a seeded one
/// for reproducible delays.
pub fn decide<R: Rng + ?Sized>(
    policy: &Policy,
    attempt: u32,
    err: &ApiError,
    call: CallKind,
    rng: &mut R,
) -> Decision {
    let rate_limited = err.return_code().is_some_and(is_qps_limit_code);
    let max = if rate_limited {
        policy.max_rate_limited
    } else {
        policy.max_attempts
    };
    if attempt >= max {
        return Decision::GiveUp;
    }
    let allowed = match call {
        CallKind::Read | CallKind::IdempotentWrite => err.is_retryable(),
        CallKind::NonIdempotentWrite => proves_nothing_happened(err),
    };
    if !allowed {
        return Decision::GiveUp;
    }
    if rate_limited {
        // The next second, jittered so parallel callers do not all come back in
        // the same millisecond. Not longer each time: the pacer is what slows down.
        let jitter = policy.base.mul_f64(rng.random_range(0.0..=1.0));
        return Decision::Retry(
            (policy.rate_limit_floor + jitter).min(policy.cap.max(policy.rate_limit_floor)),
        );
    }
    Decision::Retry(backoff(policy, attempt, rng))
}

/// Errors after which a write certainly did not happen: rejections TikTok sends
/// before doing anything, an HTTP 503, and a connection that was never made.
fn proves_nothing_happened(err: &ApiError) -> bool {
    match err {
        ApiError::Api { code, .. } => matches!(code, 40100 | 40133 | 40202 | 50000),
        ApiError::Http { status, .. } => *status == 503,
        ApiError::Transport {
            kind: TransportKind::Connect,
            outcome_unknown: false,
            ..
        } => true,
        _ => false,
    }
}

/// Exponential backoff with "equal jitter": between half and all of
/// `base × 2^(attempt-1)`, capped.
fn backoff<R: Rng + ?Sized>(policy: &Policy, attempt: u32, rng: &mut R) -> Duration {
    let exp = attempt.saturating_sub(1).min(30);
    let full = policy.base.saturating_mul(1u32 << exp).min(policy.cap);
    let fraction: f64 = rng.random_range(0.5..=1.0);
    full.mul_f64(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn rng() -> StdRng {
        StdRng::seed_from_u64(7)
    }

    fn api(code: i64) -> ApiError {
        ApiError::api("p/", code, "m", "r")
    }

    fn http(status: u16) -> ApiError {
        ApiError::Http {
            path: "p/".into(),
            status,
            body: String::new(),
        }
    }

    fn transport(kind: TransportKind, outcome_unknown: bool) -> ApiError {
        ApiError::transport("p/", kind, outcome_unknown, "x")
    }

    fn retries(err: &ApiError, call: CallKind) -> bool {
        matches!(
            decide(&Policy::default(), 1, err, call, &mut rng()),
            Decision::Retry(_)
        )
    }

    const ALL_CODES: &[i64] = &[
        40000, 40001, 40002, 40006, 40007, 40008, 40009, 40011, 40014, 40016, 40050, 40100, 40102,
        40104, 40105, 40106, 40118, 40125, 40133, 40202, 40300, 40502, 41001, 50000, 50002, 51000,
        51021, 51999, 60001, 61000, 99999,
    ];

    #[test]
    fn reads_and_idempotent_writes_retry_exactly_the_retryable_codes() {
        let retryable = [
            40016, 40100, 40133, 40202, 50000, 50002, 51000, 51021, 51999, 60001,
        ];
        for call in [CallKind::Read, CallKind::IdempotentWrite] {
            for &code in ALL_CODES {
                assert_eq!(
                    retries(&api(code), call),
                    retryable.contains(&code),
                    "{call:?} code {code}"
                );
            }
        }
    }

    #[test]
    fn non_idempotent_writes_retry_only_proven_rejections() {
        let safe = [40100, 40133, 40202, 50000];
        for &code in ALL_CODES {
            assert_eq!(
                retries(&api(code), CallKind::NonIdempotentWrite),
                safe.contains(&code),
                "code {code}"
            );
        }
    }

    #[test]
    fn http_statuses() {
        for status in [500, 502, 503, 504] {
            assert!(retries(&http(status), CallKind::Read), "{status}");
            assert!(
                retries(&http(status), CallKind::IdempotentWrite),
                "{status}"
            );
            assert_eq!(
                retries(&http(status), CallKind::NonIdempotentWrite),
                status == 503,
                "{status}"
            );
        }
        for status in [400, 401, 403, 404, 405] {
            for call in [
                CallKind::Read,
                CallKind::IdempotentWrite,
                CallKind::NonIdempotentWrite,
            ] {
                assert!(!retries(&http(status), call), "{call:?} {status}");
            }
        }
    }

    #[test]
    fn transport_failures() {
        use TransportKind::*;
        for kind in [Connect, Timeout, Closed] {
            assert!(retries(&transport(kind, false), CallKind::Read), "{kind:?}");
            // Same request_id: repeating a lost write is safe.
            assert!(
                retries(&transport(kind, true), CallKind::IdempotentWrite),
                "{kind:?}"
            );
            // Never repeat an ad create whose answer was lost.
            assert!(
                !retries(&transport(kind, true), CallKind::NonIdempotentWrite),
                "{kind:?}"
            );
        }
        // A connection that was never made proves nothing was sent.
        assert!(retries(
            &transport(Connect, false),
            CallKind::NonIdempotentWrite
        ));
        assert!(!retries(
            &transport(Timeout, false),
            CallKind::NonIdempotentWrite
        ));
        assert!(!retries(
            &transport(Closed, false),
            CallKind::NonIdempotentWrite
        ));
    }

    #[test]
    fn unusable_answers_are_not_retried() {
        let errs = [
            ApiError::BadJson {
                path: "p/".into(),
                status: 200,
                detail: "x".into(),
                body: String::new(),
            },
            ApiError::BadResponse {
                path: "p/".into(),
                detail: "x".into(),
            },
            ApiError::InvalidUrl {
                url: "x".into(),
                reason: "x".into(),
            },
        ];
        for err in &errs {
            for call in [
                CallKind::Read,
                CallKind::IdempotentWrite,
                CallKind::NonIdempotentWrite,
            ] {
                assert!(!retries(err, call), "{err:?} {call:?}");
            }
        }
    }

    #[test]
    fn gives_up_after_max_attempts() {
        let policy = Policy::default();
        let err = api(50000);
        for attempt in 1..policy.max_attempts {
            assert!(matches!(
                decide(&policy, attempt, &err, CallKind::Read, &mut rng()),
                Decision::Retry(_)
            ));
        }
        for attempt in [policy.max_attempts, policy.max_attempts + 1, u32::MAX] {
            assert_eq!(
                decide(&policy, attempt, &err, CallKind::Read, &mut rng()),
                Decision::GiveUp
            );
        }
        assert_eq!(
            decide(&Policy::never(), 1, &err, CallKind::Read, &mut rng()),
            Decision::GiveUp
        );
    }

    #[test]
    fn backoff_doubles_within_jitter_bounds_and_is_capped() {
        let policy = Policy {
            max_attempts: 40,
            ..Policy::default()
        };
        let mut r = rng();
        for attempt in 1..40 {
            let Decision::Retry(d) = decide(&policy, attempt, &api(50000), CallKind::Read, &mut r)
            else {
                panic!("attempt {attempt} not retried");
            };
            let full = Duration::from_millis(200)
                .saturating_mul(1u32 << (attempt - 1).min(30))
                .min(Duration::from_secs(5));
            assert!(
                d >= full / 2 && d <= full,
                "attempt {attempt}: {d:?} vs {full:?}"
            );
            assert!(d <= policy.cap);
        }
    }

    #[test]
    fn qps_limits_wait_for_the_next_second() {
        let policy = Policy::default();
        for code in [40100, 40133] {
            for attempt in 1..policy.max_attempts {
                let Decision::Retry(d) =
                    decide(&policy, attempt, &api(code), CallKind::Read, &mut rng())
                else {
                    panic!("{code} not retried");
                };
                assert!(
                    d >= Duration::from_secs(1),
                    "{code} attempt {attempt}: {d:?}"
                );
                assert!(d <= policy.cap, "{code} attempt {attempt}: {d:?}");
            }
        }
        // Other rate limits use the plain backoff.
        let Decision::Retry(d) = decide(&policy, 1, &api(40016), CallKind::Read, &mut rng()) else {
            panic!("40016 not retried");
        };
        assert!(d < Duration::from_secs(1));
    }

    #[test]
    fn rate_limits_have_their_own_budget_and_do_not_back_off_further() {
        let policy = Policy::default();
        assert!(policy.max_rate_limited > policy.max_attempts);
        for call in [
            CallKind::Read,
            CallKind::IdempotentWrite,
            CallKind::NonIdempotentWrite,
        ] {
            for attempt in 1..policy.max_rate_limited {
                let Decision::Retry(d) = decide(&policy, attempt, &api(40100), call, &mut rng())
                else {
                    panic!("{call:?} attempt {attempt} not retried");
                };
                assert!(
                    d >= policy.rate_limit_floor && d <= policy.rate_limit_floor + policy.base,
                    "{call:?} attempt {attempt}: {d:?}"
                );
            }
            assert_eq!(
                decide(
                    &policy,
                    policy.max_rate_limited,
                    &api(40133),
                    call,
                    &mut rng()
                ),
                Decision::GiveUp
            );
        }
        // Other failures keep their own, smaller budget.
        assert_eq!(
            decide(
                &policy,
                policy.max_attempts,
                &api(50000),
                CallKind::Read,
                &mut rng()
            ),
            Decision::GiveUp
        );
    }

    #[test]
    fn jitter_is_reproducible_with_a_seed_and_varies_without_one() {
        let policy = Policy::default();
        let a = decide(
            &policy,
            3,
            &api(50000),
            CallKind::Read,
            &mut StdRng::seed_from_u64(1),
        );
        let b = decide(
            &policy,
            3,
            &api(50000),
            CallKind::Read,
            &mut StdRng::seed_from_u64(1),
        );
        assert_eq!(a, b);
        let delays: std::collections::BTreeSet<_> = (0..20)
            .map(|seed| {
                decide(
                    &policy,
                    3,
                    &api(50000),
                    CallKind::Read,
                    &mut StdRng::seed_from_u64(seed),
                )
            })
            .map(|d| format!("{d:?}"))
            .collect();
        assert!(delays.len() > 1, "jitter never varied: {delays:?}");
    }
}
