//! How fast to send: a pacer that shares the app's rate limit with processes it
//! cannot see.
//!
//! TikTok's QPS limit belongs to the developer app, so every job using the app
//! (one per ad account in a CI matrix) draws on the same budget, and the only
//! sign of the others is a rejected call (`40100`, or `40133` for one
//! advertiser's limit). The pacer starts at the ceiling (`--qps`), cuts its rate
//! multiplicatively when a call is rejected, and probes back up additively while
//! calls go through: the rule that lets independent senders settle on fair
//! shares of a limit, as TCP's congestion control does.
//!
//! - **Cut**: to [`FIRST_CUT`] of the rate on the first rejection (nothing is
//!   known yet, and jobs of a matrix start together, each at the ceiling), to
//!   [`CUT`] on later ones. A rejection of a call sent before the last cut says
//!   nothing new (it was sent at the old rate) and is ignored, so one burst of
//!   rejections cuts once.
//! - **Probe**: [`GROWTH`] × ceiling × (ceiling / rate) per second while calls go
//!   through: a job cut far below the ceiling probes back faster than one near
//!   it, so shares that a rejection made unequal (only the unlucky job whose call
//!   met the empty bucket is cut) draw together again within a few cuts instead
//!   of staying apart for the rest of the run. After [`QUIET`] without a
//!   rejection, also [`QUIET_GROWTH`] × rate per second, so a job left alone (the
//!   others finished) is back at the ceiling within seconds.
//! - **Never** above the ceiling, nor below [`FLOOR`] × ceiling.
//!
//! The constants were chosen with `cargo bench --bench shared_qps` (four jobs
//! sharing one app; see docs/scale.md) and a simulation of the same: gentler
//! probing means fewer rejected calls but a slower return to a freed share, and
//! probing that does not depend on the rate leaves jobs that were cut once far
//! behind the others (four jobs then took 1.31 × the bound; with it 1.10–1.34 × over
//! fifteen runs). Holding cuts for a second after each, a gentler first cut or a
//! shorter quiet period each gave more rejected calls than they saved time.
//!
//! Pure: time comes in as the [`Duration`] since any fixed origin, so the tests
//! need no clock.

use std::num::NonZeroU32;
use std::time::Duration;

/// The rate after the first rejection, as a fraction of the rate before.
pub const FIRST_CUT: f64 = 0.3;
/// The rate after a later rejection, as a fraction of the rate before.
pub const CUT: f64 = 0.5;
/// Additive probe: at the ceiling the rate grows by this fraction of it per
/// second; at half the ceiling by twice as much, and so on.
pub const GROWTH: f64 = 0.001;
/// Without a rejection for this long, the probe turns multiplicative too.
pub const QUIET: Duration = Duration::from_secs(10);
/// Multiplicative probe after [`QUIET`]: this fraction of the rate per second.
pub const QUIET_GROWTH: f64 = 0.1;
/// The lowest rate, as a fraction of the ceiling.
pub const FLOOR: f64 = 0.01;

/// The pacing state of one client (and its clones).
#[derive(Clone, Debug)]
pub struct Pacer {
    ceiling: f64,
    rate: f64,
    /// When the last call was let through.
    last_send: Option<Duration>,
    /// When the rate was last cut.
    last_cut: Option<Duration>,
    /// Up to when growth has been added.
    grown_to: Duration,
    /// Rejections that cut the rate.
    cuts: u64,
}

impl Pacer {
    /// A pacer that starts at, and never exceeds, `ceiling` calls per second.
    pub fn new(ceiling: NonZeroU32) -> Pacer {
        let ceiling = f64::from(ceiling.get());
        Pacer {
            ceiling,
            rate: ceiling,
            last_send: None,
            last_cut: None,
            grown_to: Duration::ZERO,
            cuts: 0,
        }
    }

    /// Calls per second allowed now.
    pub fn rate(&self) -> f64 {
        self.rate
    }

    /// Rejections that cut the rate so far.
    pub fn cuts(&self) -> u64 {
        self.cuts
    }

    /// Lets a call through at `now` (`Ok`), or says how long to wait before asking
    /// again (`Err`). The wait is re-evaluated on asking: the rate may have moved.
    pub fn try_send(&mut self, now: Duration) -> Result<(), Duration> {
        if let Some(last) = self.last_send {
            let due = last + Duration::from_secs_f64(1.0 / self.rate);
            if now < due {
                return Err(due.saturating_sub(now));
            }
        }
        self.last_send = Some(now);
        Ok(())
    }

    /// A call went through, answered at `now`: probe upwards.
    pub fn on_success(&mut self, now: Duration) {
        self.grow(now);
    }

    /// A call sent at `sent` was rejected by a rate limit, answered at `now`. Cuts
    /// the rate unless the call was sent before the last cut; `true` when it cut.
    pub fn on_rate_limited(&mut self, sent: Duration, now: Duration) -> bool {
        self.grow(now);
        if self.last_cut.is_some_and(|cut| sent < cut) {
            return false;
        }
        let factor = if self.cuts == 0 { FIRST_CUT } else { CUT };
        self.rate = (self.rate * factor).max(self.floor());
        self.last_cut = Some(now);
        self.cuts += 1;
        true
    }

    fn floor(&self) -> f64 {
        self.ceiling * FLOOR
    }

    /// Adds the growth from `grown_to` to `now`.
    fn grow(&mut self, now: Duration) {
        if now <= self.grown_to {
            return;
        }
        let dt = now.saturating_sub(self.grown_to).as_secs_f64();
        self.grown_to = now;
        let quiet = self
            .last_cut
            .is_none_or(|cut| now.saturating_sub(cut) > QUIET);
        let mut rate = self.rate + GROWTH * self.ceiling * (self.ceiling / self.rate) * dt;
        if quiet {
            rate += QUIET_GROWTH * self.rate * dt;
        }
        self.rate = rate.min(self.ceiling);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    fn pacer(qps: u32) -> Pacer {
        Pacer::new(NonZeroU32::new(qps).unwrap())
    }

    /// Sends as fast as the pacer allows from `from` for `seconds`; the count.
    fn sends(p: &mut Pacer, from: f64, seconds: f64) -> usize {
        let mut now = secs(from);
        let end = secs(from + seconds);
        let mut n = 0;
        while now < end {
            match p.try_send(now) {
                Ok(()) => {
                    n += 1;
                    p.on_success(now);
                }
                Err(wait) => now += wait,
            }
        }
        n
    }

    #[test]
    fn paces_at_the_ceiling_without_rejections() {
        let mut p = pacer(10);
        assert_eq!(p.try_send(secs(0.0)), Ok(()));
        let wait = p.try_send(secs(0.0)).unwrap_err();
        assert!((wait.as_secs_f64() - 0.1).abs() < 1e-9, "{wait:?}");
        // Ten a second, never more, however long it runs.
        let n = sends(&mut p, 1.0, 10.0);
        assert!((99..=101).contains(&n), "{n}");
        assert!((p.rate() - 10.0).abs() < 1e-9);
    }

    #[test]
    fn a_rejection_cuts_hard_first_then_gently() {
        let mut p = pacer(10);
        assert!(p.on_rate_limited(secs(0.0), secs(0.1)));
        assert!((p.rate() - 3.0).abs() < 0.01, "{}", p.rate());
        assert!(p.on_rate_limited(secs(0.2), secs(0.3)));
        assert!((p.rate() - 1.5).abs() < 0.01, "{}", p.rate());
        assert_eq!(p.cuts(), 2);
    }

    #[test]
    fn rejections_of_calls_sent_before_a_cut_do_not_cut_again() {
        let mut p = pacer(10);
        assert!(p.on_rate_limited(secs(1.0), secs(1.05)));
        let after_one = p.rate();
        // A burst of calls sent at the old rate, answered after the cut.
        for i in 0..8 {
            let sent = 0.9 + f64::from(i) * 0.01;
            assert!(!p.on_rate_limited(secs(sent), secs(1.1)));
        }
        assert!((p.rate() - after_one).abs() < 0.01);
        // A call sent after the cut does.
        assert!(p.on_rate_limited(secs(1.2), secs(1.25)));
        assert!(p.rate() < after_one);
    }

    #[test]
    fn the_rate_never_leaves_floor_and_ceiling() {
        let mut p = pacer(10);
        // A rejection every 10 ms: far more than the probe makes up for.
        for i in 0..100 {
            let t = f64::from(i) * 0.01;
            p.on_rate_limited(secs(t), secs(t + 0.01));
        }
        assert!((p.rate() - 0.1).abs() < 1e-9, "{}", p.rate());
        p.on_success(secs(10_000.0));
        assert!((p.rate() - 10.0).abs() < 1e-9, "{}", p.rate());
    }

    #[test]
    fn probes_up_slowly_after_a_cut_then_faster_when_quiet() {
        let mut p = pacer(10);
        p.on_rate_limited(secs(0.0), secs(0.0));
        p.on_rate_limited(secs(0.0), secs(0.0));
        let cut = p.rate();
        // Within the quiet period: additive, GROWTH × ceiling × ceiling / rate per
        // second (one step here, so the rate at its start).
        p.on_success(secs(5.0));
        let additive = cut + GROWTH * 10.0 * (10.0 / cut) * 5.0;
        assert!((p.rate() - additive).abs() < 1e-9, "{}", p.rate());
        // Long after the last cut a freed share is taken back within seconds.
        let n = sends(&mut p, 11.0, 30.0);
        assert!((p.rate() - 10.0).abs() < 1e-9, "{}", p.rate());
        assert!(n > 150, "{n}");
    }

    #[test]
    fn independent_pacers_sharing_a_limit_settle_on_fair_shares() {
        // Four pacers against one token bucket of 10 per second, in steps of 1 ms:
        // each call takes a token or is rejected; the answer arrives 50 ms later.
        let mut pacers: Vec<Pacer> = (0..4).map(|_| pacer(10)).collect();
        let mut tokens = 10.0_f64;
        let mut accepted = [0u32; 4];
        let mut rejected = 0u32;
        let mut answers: Vec<(usize, u64, u64, bool)> = Vec::new();
        for ms in 0..120_000u64 {
            let now = Duration::from_millis(ms);
            tokens = (tokens + 0.01).min(10.0);
            answers.retain(|&(i, sent, at, ok)| {
                if at != ms {
                    return true;
                }
                if ok {
                    pacers[i].on_success(now);
                } else {
                    pacers[i].on_rate_limited(Duration::from_millis(sent), now);
                }
                false
            });
            // Rotate who goes first, as arrival order would.
            for k in 0..4 {
                let i = (k + usize::try_from(ms % 4).unwrap_or(0)) % 4;
                if pacers[i].try_send(now).is_ok() {
                    let ok = tokens >= 1.0;
                    if ok {
                        tokens -= 1.0;
                        if ms >= 60_000 {
                            accepted[i] += 1;
                        }
                    } else {
                        rejected += 1;
                    }
                    answers.push((i, ms, ms + 50, ok));
                }
            }
        }
        // Over the last minute: the limit used well, shared fairly.
        let total: u32 = accepted.iter().sum();
        assert!(total >= 540, "{total} of 600 possible: {accepted:?}");
        for a in accepted {
            assert!(
                f64::from(a) > 0.6 * f64::from(total) / 4.0,
                "unfair: {accepted:?}"
            );
        }
        assert!(
            f64::from(rejected) < 0.05 * f64::from(total * 2),
            "{rejected} rejected"
        );
    }
}
