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
//! - **Idle time does not count**: a call asked for over [`IDLE`] after it could
//!   have gone (an approval prompt) moves the probe's and the quiet period's
//!   clocks on by the wait, so a job does not come back from a pause at the
//!   ceiling on the strength of rejections it never risked.
//! - **A known share** (`--qps-share N`: the job is one of N that a CI matrix runs
//!   at once): the job starts at ceiling / N instead of the ceiling, counts as
//!   cut once already, and never goes below [`SHARE_FLOOR`] of that share. Jobs
//!   that only learn of each other from rejections are cut unevenly at the start
//!   (one job cut twice runs at half the pace of one cut once) and a deep cut
//!   leaves much of a small matrix's limit unused for seconds; both set the total,
//!   since the slowest job finishes last. Such a job probes by [`SHARE_GROWTH`]
//!   × share × (share / rate) per second, so that the matrix's jobs together
//!   probe as fast however many they are (scaled to the ceiling, eight jobs
//!   would probe sixteen times as fast as two, and be turned away twice as
//!   often). After [`QUIET`] without a cut it climbs past the share as any job
//!   does, taking up what finished jobs leave. A share the app cannot give (more jobs or other
//!   clients than said) is given up once [`SHARE_GIVE_UP`] cuts within
//!   [`SHARE_GIVE_UP_WITHIN`] were held at its floor, so a wrong `N` costs some
//!   rejected calls, never a stuck job. Only cuts count, not rejections: a burst
//!   of calls in flight when the limit was met, or a long run's scattered
//!   rejections, says nothing about the share.
//! - **Jitter**: each gap between sends is 1 / rate times a factor drawn
//!   uniformly within ±[`JITTER`], so the mean rate is kept. TikTok's limit
//!   behaves as a token bucket refilled at the limit; a job sending at exact
//!   intervals that was never cut meets each token as it refills, and the
//!   others are rejected at every probe until it has finished (traced in the
//!   simulation: one job done at 11 s, the other three at 48–53 s). Gaps
//!   drawn at random give every job its turn at the refilled token.
//! - **At most the ceiling in any second**: a short gap never lets more than
//!   `--qps` calls through within one second (the last [`WINDOW_SENDS`] sends
//!   are kept to check; above that ceiling no gap is shorter than 1 / ceiling),
//!   so jitter keeps the mean below the ceiling and never overshoots it.
//!
//! The constants were chosen with `cargo bench --bench shared_qps` (four jobs
//! sharing one app; see docs/scale.md) and a simulation of the same: gentler
//! probing means fewer rejected calls but a slower return to a freed share, and
//! probing that does not depend on the rate leaves jobs that were cut once far
//! behind the others. Holding cuts for a second after each, a gentler first cut
//! or a shorter quiet period each gave more rejected calls than they saved time;
//! so did a brisker probe (0.003), a slow start, cubic growth and a quiet period
//! that adapts. Jitter let the probe be twice as brisk as before ([`GROWTH`]
//! 0.002, was 0.001) for fewer rejected calls. None of them made four jobs that
//! know nothing of each other meet 1.2 × the bound reliably (about half the
//! runs). A known share did, in the simulation for two, three and four jobs in
//! nine runs of ten: a floor at the whole share (1.0) gave more rejected calls.
//! Giving the share up after three cuts at the floor within ten seconds gave it
//! up in a third of the jobs told the right share; after six, in one of 120 in
//! the simulation but one in thirty in the bench; after ten within twenty
//! seconds, in none of 240 simulated, while four jobs told they were two still
//! gave it up in six of seven and had 10% of their calls turned away instead of
//! 36% (8% with six). Counting rejections instead of
//! cuts (6 of the last 30 answers) gave a share up for a burst of calls in
//! flight. A share's probe scaled to the share ([`SHARE_GROWTH`] 0.024) rather
//! than the ceiling turned away 7% of the calls of eight jobs instead of 13%, 9%
//! of ten instead of 19%, and brought two jobs from 1.06 to 1.00 × the call
//! bound (simulated medians, 30 runs each); 0.016 and 0.032 did about as well,
//! and starting at 90% of the share did not help. docs/scale.md has the bench's
//! figures.
//!
//! Pure: time comes in as the [`Duration`] since any fixed origin and chance as
//! an [`Rng`] the caller passes (seeded in tests), so the tests need no clock.

use std::collections::VecDeque;
use std::num::NonZeroU32;
use std::time::Duration;

use rand::Rng;

/// The rate after the first rejection, as a fraction of the rate before.
pub const FIRST_CUT: f64 = 0.3;
/// The rate after a later rejection, as a fraction of the rate before.
pub const CUT: f64 = 0.5;
/// Additive probe: at the ceiling the rate grows by this fraction of it per
/// second; at half the ceiling by twice as much, and so on.
pub const GROWTH: f64 = 0.002;
/// Without a rejection for this long, the probe turns multiplicative too.
pub const QUIET: Duration = Duration::from_secs(10);
/// Multiplicative probe after [`QUIET`]: this fraction of the rate per second.
pub const QUIET_GROWTH: f64 = 0.1;
/// A call asked for this long after it could have gone marks the time between as
/// idle (an approval prompt, a slow local step): neither probing nor the quiet
/// period counts it. Waits for answers the next call depends on stay below it.
pub const IDLE: Duration = Duration::from_secs(5);
/// The lowest rate, as a fraction of the ceiling.
pub const FLOOR: f64 = 0.01;
/// Each gap between sends is 1 / rate times a factor within 1 ± this.
pub const JITTER: f64 = 0.3;
/// Additive probe of a job told its share: at its share the rate grows by this
/// fraction of it per second; at half of it by twice as much, and so on.
pub const SHARE_GROWTH: f64 = 0.024;
/// The lowest rate of a job told its share, as a fraction of that share: some
/// room below it, so the jobs' floors never add up to the whole limit.
pub const SHARE_FLOOR: f64 = 0.8;
/// Cuts held at the share's floor within [`SHARE_GIVE_UP_WITHIN`] that give the
/// share up: jobs at their right share are cut about once in five to ten
/// seconds, jobs told twice their share about once a second. A neighbour that
/// climbs after [`QUIET`] can cut a job at its floor six or eight times within
/// a few seconds before it is cut itself (seen in the bench), so the count
/// looks back further than that.
pub const SHARE_GIVE_UP: usize = 10;
/// See [`SHARE_GIVE_UP`].
pub const SHARE_GIVE_UP_WITHIN: Duration = Duration::from_secs(20);
/// The most sends kept to hold any second to the ceiling: above this ceiling
/// no gap is shorter than 1 / ceiling instead, so jitter only lengthens gaps.
pub const WINDOW_SENDS: usize = 1024;

const _: () = assert!(SHARE_GIVE_UP > 0 && JITTER < 1.0 && WINDOW_SENDS > 0);

/// The pacing state of one client (and its clones).
#[derive(Clone, Debug)]
pub struct Pacer {
    ceiling: f64,
    rate: f64,
    /// When the last calls were let through, oldest first: at most `window`.
    sends: VecDeque<Duration>,
    /// Sends that may fall within `window` / ceiling seconds.
    window: usize,
    /// The jitter factor of the gap after it, drawn when it was let through and
    /// applied to the rate of the moment (which may move during the gap).
    gap_factor: f64,
    /// When the rate was last cut.
    last_cut: Option<Duration>,
    /// Up to when growth has been added.
    grown_to: Duration,
    /// Rejections that cut the rate.
    cuts: u64,
    /// The job's known share of the ceiling, until given up.
    share: Option<f64>,
    /// When cuts were held at the share's floor, within [`SHARE_GIVE_UP_WITHIN`].
    floor_cuts: VecDeque<Duration>,
}

impl Pacer {
    /// A pacer that starts at, and never exceeds, `ceiling` calls per second.
    pub fn new(ceiling: NonZeroU32) -> Pacer {
        let window = usize::try_from(ceiling.get()).map_or(WINDOW_SENDS, |c| c.min(WINDOW_SENDS));
        let ceiling = f64::from(ceiling.get());
        Pacer {
            ceiling,
            rate: ceiling,
            sends: VecDeque::with_capacity(window),
            window,
            gap_factor: 1.0,
            last_cut: None,
            grown_to: Duration::ZERO,
            cuts: 0,
            share: None,
            floor_cuts: VecDeque::new(),
        }
    }

    /// A pacer for one of `jobs` jobs sharing the app's limit `ceiling` at once:
    /// starts at its share and keeps [`SHARE_FLOOR`] of it (see the module docs).
    /// One job is [`Pacer::new`].
    pub fn sharing(ceiling: NonZeroU32, jobs: NonZeroU32) -> Pacer {
        let mut pacer = Pacer::new(ceiling);
        if jobs.get() > 1 {
            let share = pacer.ceiling / f64::from(jobs.get());
            pacer.share = Some(share);
            pacer.rate = share.max(pacer.floor());
            // As if cut at the start: the next rejection cuts gently, and the
            // quiet period counts from here.
            pacer.last_cut = Some(Duration::ZERO);
        }
        pacer
    }

    /// Calls per second allowed now.
    pub fn rate(&self) -> f64 {
        self.rate
    }

    /// Rejections that cut the rate so far.
    pub fn cuts(&self) -> u64 {
        self.cuts
    }

    /// The lowest rate the job's share allows; `None` without a share or once it
    /// was given up.
    pub fn share_floor(&self) -> Option<f64> {
        self.share.map(|share| SHARE_FLOOR * share)
    }

    /// Lets a call through at `now` (`Ok`), or says how long to wait before asking
    /// again (`Err`). The wait is re-evaluated on asking: the rate may have moved.
    /// `rng` draws the jitter of the gap after a call let through.
    pub fn try_send<R: Rng + ?Sized>(
        &mut self,
        now: Duration,
        rng: &mut R,
    ) -> Result<(), Duration> {
        let mut due = Duration::ZERO;
        if let Some(&last) = self.sends.back() {
            let mut gap = self.gap_factor / self.rate;
            if (self.window as f64) < self.ceiling {
                // Too many sends to keep a second's worth: no gap shorter than
                // the ceiling's keeps every second within it instead.
                gap = gap.max(1.0 / self.ceiling);
            }
            due = last + Duration::from_secs_f64(gap);
        }
        if self.sends.len() == self.window
            && let Some(&oldest) = self.sends.front()
        {
            // `window` sends take at least `window` / ceiling seconds: the
            // ceiling holds over every second, however short one gap was.
            let span = Duration::from_secs_f64(self.window as f64 / self.ceiling);
            due = due.max(oldest + span);
        }
        if now < due {
            return Err(due.saturating_sub(now));
        }
        if !self.sends.is_empty() {
            let idle = now.saturating_sub(due);
            if idle > IDLE {
                // Nothing was learnt while nothing was sent: a job told its share
                // that waited a minute must not come back at the ceiling.
                self.grown_to = (self.grown_to + idle).min(now);
                self.last_cut = self.last_cut.map(|cut| (cut + idle).min(now));
            }
        }
        if self.sends.len() == self.window {
            self.sends.pop_front();
        }
        self.sends.push_back(now);
        self.gap_factor = rng.random_range(1.0 - JITTER..=1.0 + JITTER);
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
        let factor = if self.last_cut.is_none() {
            FIRST_CUT
        } else {
            CUT
        };
        let wanted = self.rate * factor;
        if let Some(share_floor) = self.share_floor()
            && wanted < share_floor
        {
            self.floor_cuts.push_back(now);
            while self
                .floor_cuts
                .front()
                .is_some_and(|&t| now.saturating_sub(t) > SHARE_GIVE_UP_WITHIN)
            {
                self.floor_cuts.pop_front();
            }
            if self.floor_cuts.len() >= SHARE_GIVE_UP {
                self.share = None;
                self.floor_cuts.clear();
            }
        }
        self.rate = wanted.max(self.floor());
        self.last_cut = Some(now);
        self.cuts += 1;
        true
    }

    fn floor(&self) -> f64 {
        (self.ceiling * FLOOR).max(self.share_floor().unwrap_or(0.0))
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
        let probe = match self.share {
            // Scaled to the share, so that N jobs together probe as fast whatever
            // N is; scaled to the ceiling, eight jobs probed sixteen times as fast
            // as two.
            Some(share) => SHARE_GROWTH * share * (share / self.rate),
            None => GROWTH * self.ceiling * (self.ceiling / self.rate),
        };
        let mut rate = self.rate + probe * dt;
        if quiet {
            rate += QUIET_GROWTH * self.rate * dt;
        }
        self.rate = rate.min(self.ceiling);
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;

    fn rng() -> StdRng {
        StdRng::seed_from_u64(16)
    }

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    fn pacer(qps: u32) -> Pacer {
        Pacer::new(NonZeroU32::new(qps).unwrap())
    }

    /// Sends as fast as the pacer allows from `from` for `seconds`; the count.
    fn sends(p: &mut Pacer, from: f64, seconds: f64) -> usize {
        let mut rng = rng();
        let mut now = secs(from);
        let end = secs(from + seconds);
        let mut n = 0;
        while now < end {
            match p.try_send(now, &mut rng) {
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
        let mut rng = rng();
        assert_eq!(p.try_send(secs(0.0), &mut rng), Ok(()));
        let wait = p.try_send(secs(0.0), &mut rng).unwrap_err();
        assert!((0.07..=0.13).contains(&wait.as_secs_f64()), "{wait:?}");
        // Ten a second at most and nearly that, however long it runs: short gaps
        // are held back to keep every second within the ceiling.
        let n = sends(&mut p, 1.0, 100.0);
        assert!((950..=1000).contains(&n), "{n}");
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
        let mut rng = rng();
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
                if pacers[i].try_send(now, &mut rng).is_ok() {
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

    #[test]
    fn gaps_vary_around_the_rate_keeping_its_mean() {
        // Five a second, half the ceiling: the ceiling's window never binds.
        let mut p = shared(10, 2);
        let mut rng = rng();
        let mut now = Duration::ZERO;
        let mut gaps = Vec::new();
        for _ in 0..10_000 {
            assert_eq!(p.try_send(now, &mut rng), Ok(()));
            let gap = p.try_send(now, &mut rng).unwrap_err();
            gaps.push(gap.as_secs_f64());
            now += gap;
        }
        let mean = gaps.iter().sum::<f64>() / 10_000.0;
        assert!((mean - 0.2).abs() < 0.002, "{mean}");
        let (min, max) = gaps
            .iter()
            .fold((f64::MAX, f64::MIN), |(lo, hi), &g| (lo.min(g), hi.max(g)));
        assert!((0.14 - 1e-9..0.144).contains(&min), "{min}");
        assert!((0.256..=0.26 + 1e-9).contains(&max), "{max}");
    }

    /// When `p` lets calls through, asked as fast as it allows for `seconds`.
    fn send_times(p: &mut Pacer, seconds: f64) -> Vec<Duration> {
        let mut rng = rng();
        let mut now = Duration::ZERO;
        let mut sent = Vec::new();
        while now < secs(seconds) {
            match p.try_send(now, &mut rng) {
                Ok(()) => {
                    sent.push(now);
                    p.on_success(now);
                }
                Err(wait) => now += wait,
            }
        }
        sent
    }

    /// The most of `sent` (in order) within any one second.
    fn most_in_a_second(sent: &[Duration]) -> usize {
        let mut most = 0;
        let mut first = 0;
        for (i, &t) in sent.iter().enumerate() {
            while sent[first] + secs(1.0) <= t {
                first += 1;
            }
            most = most.max(i + 1 - first);
        }
        most
    }

    #[test]
    fn no_second_holds_more_calls_than_the_ceiling() {
        // At the ceiling, gaps drawn short would put 11 or 12 calls in some
        // seconds; the window holds every second to 10 and the mean close to it.
        let sent = send_times(&mut pacer(10), 100.0);
        let most = most_in_a_second(&sent);
        assert!(most <= 10, "{most} calls within one second");
        assert!(sent.len() >= 950, "{}", sent.len());
        // Without the window (the pacer as it was), the same gaps overshoot.
        let mut free = pacer(10);
        free.window = usize::MAX;
        let most = most_in_a_second(&send_times(&mut free, 100.0));
        assert!(most > 10, "{most}");
    }

    /// An `Rng` without chance: every draw is the middle of its range, so every
    /// gap is exactly 1 / rate.
    struct Steady;

    impl rand::RngCore for Steady {
        fn next_u32(&mut self) -> u32 {
            1 << 31
        }
        fn next_u64(&mut self) -> u64 {
            1 << 63
        }
        fn fill_bytes(&mut self, dest: &mut [u8]) {
            dest.fill(0x80);
        }
    }

    /// Four jobs of 109 calls each (the bench's 100 creates and their reads)
    /// against one token bucket of 10 per second: see [`jobs_paced`]. For each
    /// seed, the seconds until the first and the last job were done.
    fn four_jobs(
        seeds: std::ops::Range<u64>,
        jitter: &mut dyn FnMut(u64) -> Box<dyn rand::RngCore>,
    ) -> Vec<(f64, f64)> {
        jobs_paced(4, seeds, &|| pacer(10), jitter).walls
    }

    /// What [`jobs_paced`] saw over all its seeds.
    struct Runs {
        /// For each seed, the seconds until the first and the last job were done.
        walls: Vec<(f64, f64)>,
        /// The share of calls rejected.
        rejected: f64,
        /// Jobs that gave their share up.
        gave_up: usize,
    }

    /// `jobs` jobs of 109 calls each (the bench's 100 creates and their reads)
    /// against one token bucket of 10 per second, in steps of 1 ms, paced by
    /// pacers from `new_pacer`: up to 8 calls in flight, answers after about
    /// `latency_ms`, a rejected call sent again after about a second.
    fn jobs_paced(
        jobs: usize,
        seeds: std::ops::Range<u64>,
        new_pacer: &dyn Fn() -> Pacer,
        jitter: &mut dyn FnMut(u64) -> Box<dyn rand::RngCore>,
    ) -> Runs {
        jobs_paced_at(jobs, 100, seeds, new_pacer, jitter)
    }

    /// [`jobs_paced`] with answers after about `latency_ms`.
    fn jobs_paced_at(
        jobs: usize,
        latency_ms: u64,
        seeds: std::ops::Range<u64>,
        new_pacer: &dyn Fn() -> Pacer,
        jitter: &mut dyn FnMut(u64) -> Box<dyn rand::RngCore>,
    ) -> Runs {
        let (mut calls, mut rejected, mut gave_up) = (0u32, 0u32, 0usize);
        let mut walls = Vec::new();
        for seed in seeds {
            let mut chance = StdRng::seed_from_u64(seed);
            let mut gaps = jitter(seed);
            let mut pacers: Vec<Pacer> = (0..jobs).map(|_| new_pacer()).collect();
            let start: Vec<u64> = (0..jobs).map(|_| chance.random_range(0..300)).collect();
            let mut left = vec![109u32; jobs];
            let mut ready = vec![109u32; jobs];
            let mut in_flight = vec![0u32; jobs];
            // (job, sent, when answered or back, ok)
            let mut answers: Vec<(usize, u64, u64, bool)> = Vec::new();
            let mut retries: Vec<(usize, u64)> = Vec::new();
            let mut tokens = 10.0_f64;
            let mut first_done = None;
            let mut ms = 0u64;
            while left.iter().any(|&l| l > 0) && ms < 600_000 {
                let now = Duration::from_millis(ms);
                tokens = (tokens + 0.01).min(10.0);
                answers.retain(|&(i, sent, at, ok)| {
                    if at != ms {
                        return true;
                    }
                    in_flight[i] -= 1;
                    if ok {
                        left[i] -= 1;
                        pacers[i].on_success(now);
                    } else {
                        pacers[i].on_rate_limited(Duration::from_millis(sent), now);
                        retries.push((i, ms + 1000 + chance.random_range(0..200)));
                    }
                    false
                });
                retries.retain(|&(i, at)| {
                    if at == ms {
                        ready[i] += 1;
                    }
                    at != ms
                });
                for k in 0..jobs {
                    let i = (k + usize::try_from(ms).unwrap_or(0)) % jobs;
                    if ms < start[i] || ready[i] == 0 || in_flight[i] >= 8 {
                        continue;
                    }
                    if pacers[i].try_send(now, &mut *gaps).is_ok() {
                        ready[i] -= 1;
                        in_flight[i] += 1;
                        let ok = tokens >= 1.0;
                        if ok {
                            tokens -= 1.0;
                        } else {
                            rejected += 1;
                        }
                        calls += 1;
                        let latency =
                            chance.random_range(latency_ms * 95 / 100..latency_ms * 110 / 100);
                        answers.push((i, ms, ms + latency.max(1), ok));
                    }
                }
                ms += 1;
                if first_done.is_none() && left.contains(&0) {
                    first_done = Some(ms);
                }
            }
            let had_share = new_pacer().share_floor().is_some();
            gave_up += pacers
                .iter()
                .filter(|p| had_share && p.share_floor().is_none())
                .count();
            let secs = |ms: u64| Duration::from_millis(ms).as_secs_f64();
            walls.push((secs(first_done.unwrap_or(ms)), secs(ms)));
        }
        Runs {
            walls,
            rejected: f64::from(rejected) / f64::from(calls.max(1)),
            gave_up,
        }
    }

    fn median(mut xs: Vec<f64>) -> f64 {
        xs.sort_by(f64::total_cmp);
        xs[xs.len() / 2]
    }

    #[test]
    fn jittered_gaps_keep_one_job_from_holding_the_refilled_tokens() {
        let jittered = four_jobs(0..9, &mut |seed| {
            Box::new(StdRng::seed_from_u64(seed + 1000))
        });
        let steady = four_jobs(0..9, &mut |_| Box::new(Steady));
        // Sending at exact intervals, a job never turned away meets each token as
        // it refills: done in under 20 s (over twice its share) while the others
        // are turned away at every probe.
        assert!(steady.iter().any(|w| w.0 < 20.0), "{steady:?}");
        assert!(jittered.iter().all(|w| w.0 > 20.0), "{jittered:?}");
        // And the four together within 1.2 × the bound, 436 calls / 10 per second.
        let last = median(jittered.iter().map(|w| w.1).collect());
        assert!(last < 1.2 * 43.6, "{last} s: {jittered:?}");
    }

    fn shared(qps: u32, jobs: u32) -> Pacer {
        Pacer::sharing(
            NonZeroU32::new(qps).unwrap(),
            NonZeroU32::new(jobs).unwrap(),
        )
    }

    #[test]
    fn one_job_alone_is_the_plain_pacer() {
        let p = shared(10, 1);
        assert!((p.rate() - 10.0).abs() < 1e-9);
        assert_eq!(p.share_floor(), None);
        let mut p = shared(10, 1);
        assert!(p.on_rate_limited(secs(0.0), secs(0.1)));
        assert!((p.rate() - 10.0 * FIRST_CUT).abs() < 1e-9, "{}", p.rate());
    }

    #[test]
    fn a_known_share_starts_there_cuts_gently_and_keeps_most_of_it() {
        let mut p = shared(10, 2);
        assert!((p.rate() - 5.0).abs() < 1e-9, "{}", p.rate());
        assert!((p.share_floor().unwrap() - 4.0).abs() < 1e-9);
        let mut rng = rng();
        assert_eq!(p.try_send(secs(0.0), &mut rng), Ok(()));
        let gap = p.try_send(secs(0.0), &mut rng).unwrap_err().as_secs_f64();
        assert!((0.14..=0.26).contains(&gap), "{gap}");
        // The others finished: it takes the whole limit after the quiet period.
        p.on_success(secs(60.0));
        assert!((p.rate() - 10.0).abs() < 1e-9, "{}", p.rate());
        // A rejection cuts as a later one does, not as a first...
        assert!(p.on_rate_limited(secs(60.0), secs(60.1)));
        assert!((p.rate() - 10.0 * CUT).abs() < 1e-9, "{}", p.rate());
        // ...and never below the share's floor.
        assert!(p.on_rate_limited(secs(60.2), secs(60.3)));
        assert!((p.rate() - 4.0).abs() < 1e-9, "{}", p.rate());
        assert!(p.on_rate_limited(secs(60.4), secs(60.5)));
        assert!((p.rate() - 4.0).abs() < 1e-9, "{}", p.rate());
        // It probes in proportion to its share, not to the ceiling.
        p.on_success(secs(61.5));
        let probed = 4.0 + SHARE_GROWTH * 5.0 * (5.0 / 4.0);
        assert!((p.rate() - probed).abs() < 1e-9, "{}", p.rate());
        // A share below the lowest rate starts at that.
        assert!((shared(10, 1000).rate() - 10.0 * FLOOR).abs() < 1e-9);
    }

    #[test]
    fn a_share_the_app_cannot_give_is_given_up() {
        // A cut every three seconds, each held at the floor: the share is kept.
        let mut p = shared(10, 4);
        let mut t = 0.0;
        for _ in 0..40 {
            t += 3.0;
            assert!(p.on_rate_limited(secs(t), secs(t + 0.1)));
        }
        assert!(p.share_floor().is_some());
        assert!((p.rate() - 2.0).abs() < 1e-9, "{}", p.rate());
        // Rejections of calls sent before the last cut (in flight when it came)
        // say nothing of the share, however many.
        for i in 0..50 {
            assert!(!p.on_rate_limited(secs(t), secs(t + 0.2 + f64::from(i) * 0.01)));
        }
        assert!(p.share_floor().is_some());
        // Cuts a second apart, as when twice the jobs said run: the share is given
        // up on the tenth within twenty seconds, and the rate goes below it.
        let mut p = shared(10, 4);
        for i in 1..=SHARE_GIVE_UP {
            let t = f64::from(u32::try_from(i).unwrap());
            assert!(p.share_floor().is_some(), "given up after {} cuts", i - 1);
            p.on_rate_limited(secs(t), secs(t + 0.1));
        }
        assert_eq!(p.share_floor(), None);
        assert!(p.rate() < 2.0, "{}", p.rate());
    }

    #[test]
    fn idle_time_neither_probes_nor_counts_as_quiet() {
        // A job told its share reads, waits a minute at an approval prompt, then
        // applies: it comes back at its share, not at the ceiling.
        let mut p = shared(10, 4);
        let mut rng = rng();
        assert_eq!(p.try_send(secs(1.0), &mut rng), Ok(()));
        p.on_success(secs(1.1));
        assert_eq!(p.try_send(secs(61.0), &mut rng), Ok(()));
        p.on_success(secs(61.1));
        assert!(p.rate() < 2.7, "{}", p.rate());
        // Nor is it quiet yet: five seconds on it has probed additively only.
        sends(&mut p, 61.2, 5.0);
        assert!(p.rate() < 3.0, "{}", p.rate());
        // Short waits (for an answer the next call needs) are not idle.
        let mut q = shared(10, 4);
        assert_eq!(q.try_send(secs(1.0), &mut rng), Ok(()));
        assert_eq!(q.try_send(secs(4.0), &mut rng), Ok(()));
        q.on_success(secs(4.1));
        let probed = 2.5 + SHARE_GROWTH * 2.5 * 4.1;
        assert!((q.rate() - probed).abs() < 0.01, "{}", q.rate());
    }

    #[test]
    fn a_ceiling_above_the_window_holds_too() {
        // 1500 a second: more sends than are kept, so no gap is shorter than
        // 1 / 1500 s instead.
        let sent = send_times(&mut pacer(1500), 10.0);
        let most = most_in_a_second(&sent);
        assert!(most <= 1500, "{most} calls within one second");
        assert!(sent.len() >= 10 * 1500 * 9 / 10, "{}", sent.len());
    }

    #[test]
    fn only_cuts_the_floor_held_count_towards_giving_a_share_up() {
        // Climbed to the ceiling after the others finished, the job is cut from 10
        // to 5 and 2.5 first: above its floor of 2, those two do not count, so
        // the share goes on the twelfth cut, not the tenth.
        let mut p = shared(10, 4);
        p.on_success(secs(100.0));
        assert!((p.rate() - 10.0).abs() < 1e-9, "{}", p.rate());
        for i in 1..=SHARE_GIVE_UP + 1 {
            let t = 100.0 + f64::from(u32::try_from(i).unwrap()) * 0.5;
            p.on_rate_limited(secs(t), secs(t + 0.1));
        }
        assert!(p.share_floor().is_some());
        p.on_rate_limited(secs(110.0), secs(110.1));
        assert_eq!(p.share_floor(), None);
    }

    #[test]
    fn a_right_share_is_kept_and_a_wrong_one_given_up() {
        let jitter =
            |seed| -> Box<dyn rand::RngCore> { Box::new(StdRng::seed_from_u64(seed + 1000)) };
        // Four jobs told they are four: each is cut now and then, rarely ten
        // times in twenty seconds.
        let right = jobs_paced(4, 0..20, &|| shared(10, 4), &mut { jitter });
        assert!(right.gave_up <= 2, "{} of 80 gave up", right.gave_up);
        // Four jobs told they are two: their floors add up to 16 a second against
        // 10, so kept, about a third of the calls would be turned away.
        let wrong = jobs_paced(4, 0..20, &|| shared(10, 2), &mut { jitter });
        assert!(wrong.gave_up >= 40, "{} of 80 gave up", wrong.gave_up);
        assert!(wrong.rejected < 0.12, "{}", wrong.rejected);
    }

    #[test]
    fn eight_jobs_told_their_share_are_seldom_turned_away() {
        let jitter =
            |seed| -> Box<dyn rand::RngCore> { Box::new(StdRng::seed_from_u64(seed + 1000)) };
        // Probing scaled to the ceiling, eight jobs together probed four times as
        // fast as four, and 13% of their calls were turned away.
        let eight = jobs_paced(8, 0..10, &|| shared(10, 8), &mut { jitter });
        assert!(eight.rejected < 0.09, "{}", eight.rejected);
        let last = median(eight.walls.iter().map(|w| w.1).collect());
        assert!(last < 1.1 * 87.2, "{last} s: {:?}", eight.walls);
    }

    #[test]
    fn jobs_told_their_share_finish_together_with_few_rejections() {
        let jitter =
            |seed| -> Box<dyn rand::RngCore> { Box::new(StdRng::seed_from_u64(seed + 1000)) };
        let told = jobs_paced(4, 0..9, &|| shared(10, 4), &mut { jitter });
        let untold = jobs_paced(4, 0..9, &|| pacer(10), &mut { jitter }).walls;
        let (told, told_rejected) = (told.walls, told.rejected);
        // Untold, the jobs cut unevenly at the start part ways: one is done long
        // before the others. Told, none gets far ahead of its share.
        assert!(untold.iter().any(|w| w.0 < 30.0), "{untold:?}");
        assert!(told.iter().all(|w| w.0 > 32.0), "{told:?}");
        let last = median(told.iter().map(|w| w.1).collect());
        assert!(last < 1.1 * 43.6, "{last} s: {told:?}");
        assert!(told_rejected < 0.05, "{told_rejected}");
    }
}
