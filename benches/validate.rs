//! How fast `validate` reads a large account, and how much memory it needs.
//!
//! Run with `cargo bench --bench validate`. It builds, in memory, a spec of 200 campaigns
//! × 30 ad groups × 3 ads shaped like `campaigns/web-cbo-automatic.yaml`, then measures
//! parse-only throughput, parse + rules throughput, the rules' share of the time, and the
//! peak heap during parse + rules (with a counting global allocator). Times are the best
//! of a few runs, by thread CPU time where Linux reports it (so other work on a shared
//! machine does not count) with wall-clock time beside. It prints the figures against the
//! goals and never fails on them: timings vary by machine.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::hint::black_box;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use smartplus::spec::load::parse_str;
use smartplus::spec::rules::{self, Context};

const CAMPAIGNS: usize = 200;
const AD_GROUPS: usize = 30;
const ADS: usize = 3;
/// Timed runs per measurement; the best is reported.
const RUNS: usize = 5;

const GOAL_MB_PER_S: f64 = 20.0;
const GOAL_RULES_OVERHEAD_PERCENT: f64 = 25.0;
const GOAL_PEAK_MULTIPLE: f64 = 10.0;

/// Counts live heap bytes and their high-water mark.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(n: usize) {
    let now = CURRENT.fetch_add(n, Ordering::Relaxed) + n;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

fn shrank(n: usize) {
    CURRENT.fetch_sub(n, Ordering::Relaxed);
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counters only
// observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// How shared settings are written in the generated spec.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    /// As in the example: anchors in `shared:`, aliases and merge keys in every ad group and ad.
    Anchored,
    /// The same settings written out in full at every use.
    Inline,
}

const PURCHASE: &str =
    "{ goal: convert, event: complete_payment, pixel_id: \"7100000000000000001\" }";
const BRAND: &str = "{ type: tiktok_user, id: \"7200000000000000001\" }";

/// A spec of `CAMPAIGNS` × `AD_GROUPS` × `ADS`, modelled on campaigns/web-cbo-automatic.yaml.
fn generate(shape: Shape) -> String {
    let mut s = String::with_capacity(16 << 20);
    s.push_str(
        "# yaml-language-server: $schema=../smartplus.schema.json\n\
         advertiser_id: \"7000000000000000001\"\n\
         currency: USD\n\
         account:\n  measurement: pixel_and_events_api\n  time_zone: America/New_York\n\n",
    );
    if shape == Shape::Anchored {
        s.push_str(
            "shared:\n  optimization: &purchase\n    goal: convert\n    event: complete_payment\n    \
             pixel_id: \"7100000000000000001\"\n  identity: &brand\n    type: tiktok_user\n    \
             id: \"7200000000000000001\"\n\n",
        );
    }
    s.push_str("campaigns:\n");
    let identity = match shape {
        Shape::Anchored => "*brand",
        Shape::Inline => BRAND,
    };
    for c in 0..CAMPAIGNS {
        let _ = write!(
            s,
            "  - name: Spring sale {c:03} - US prospecting\n    objective: web_conversions\n    \
             sales_destination: website\n    budget:\n      cbo: true\n      mode: dynamic_daily\n      \
             amount: 500.00\n    guidance:\n      historical_cpa: 12.50\n    ad_groups:\n"
        );
        for g in 0..AD_GROUPS {
            if g % 2 == 0 {
                let optimization = match shape {
                    Shape::Anchored => "*purchase",
                    Shape::Inline => PURCHASE,
                };
                let _ = write!(
                    s,
                    "      - name: US broad {g:02}\n        optimization: {optimization}\n        \
                     schedule:\n          start: \"2026-12-01 00:00\"\n          time_zone: America/New_York\n        \
                     targeting:\n          mode: automatic\n          locations: [\"6252001\"]\n          \
                     languages: [en]\n          minimum_age: \"18+\"\n        ads:\n"
                );
            } else {
                let _ = write!(
                    s,
                    "      - name: US lookalike {g:02}\n        optimization:\n"
                );
                match shape {
                    Shape::Anchored => s.push_str("          <<: *purchase\n"),
                    Shape::Inline => s.push_str(
                        "          goal: convert\n          event: complete_payment\n          \
                         pixel_id: \"7100000000000000001\"\n",
                    ),
                }
                s.push_str(
                    "        targeting:\n          mode: automatic\n          locations: [\"6252001\"]\n          \
                     excluded_audiences: [\"7300000000000000001\"]\n        ads:\n",
                );
            }
            for a in 0..ADS {
                if a % 2 == 0 {
                    let _ = write!(
                        s,
                        "          - name: Hero video {a}\n            identity: {identity}\n            \
                         creatives:\n              - video: {{ id: v10033g50000hero{a}1, cover: \"ad-site-i18n-sg/cover-hero-{a}1\" }}\n              \
                         - video: {{ id: v10033g50000hero{a}2, cover: \"ad-site-i18n-sg/cover-hero-{a}2\" }}\n            \
                         texts:\n              - Spring sale is on. Up to 40% off.\n            \
                         call_to_action_id: \"7500000000000000001\"\n            landing_page: https://shop.example.com/spring\n            \
                         utm:\n              utm_source: tiktok\n              utm_campaign: spring-sale\n"
                    );
                } else {
                    let _ = write!(
                        s,
                        "          - name: Carousel {a}\n            identity: {identity}\n            \
                         creatives:\n              - carousel:\n                  \
                         images: [\"ad-site-i18n-sg/img-1\", \"ad-site-i18n-sg/img-2\", \"ad-site-i18n-sg/img-3\"]\n                  \
                         music: \"7400000000000000001\"\n            texts: [Three looks for spring]\n            \
                         call_to_action_id: \"7500000000000000001\"\n            landing_page: https://shop.example.com/spring\n"
                    );
                }
            }
        }
    }
    s
}

/// Wall-clock and CPU time of one run.
#[derive(Clone, Copy)]
struct Timing {
    wall: Duration,
    /// This thread's CPU time (Linux, 10 ms resolution): the wall time the run would take
    /// on an idle machine, whatever else is running.
    cpu: Option<Duration>,
}

impl Timing {
    /// The time the goals are judged on: CPU time where the system reports it.
    fn judged(self) -> Duration {
        self.cpu.unwrap_or(self.wall)
    }
}

/// User + system CPU time of the calling thread, from `/proc/thread-self/stat`.
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which may contain spaces) start at field 3 (state);
    // utime and stime are fields 14 and 15, in clock ticks of 1/100 s on Linux.
    let rest = stat.rsplit_once(')')?.1;
    let mut fields = rest.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

/// Best of `runs` timed runs of `f`, after one warm-up run. The minimum, not the mean:
/// on a shared machine other work only ever adds time.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> Timing {
    black_box(f());
    let mut wall = Duration::MAX;
    let mut cpu: Option<Duration> = None;
    for _ in 0..runs {
        let cpu_start = thread_cpu_time();
        let start = Instant::now();
        black_box(f());
        wall = wall.min(start.elapsed());
        if let (Some(a), Some(b)) = (cpu_start, thread_cpu_time()) {
            let used = b.saturating_sub(a);
            cpu = Some(cpu.map_or(used, |c| c.min(used)));
        }
    }
    Timing { wall, cpu }
}

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64().max(1e-9)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// `12.3 MB/s` by CPU time, with the wall-clock figure beside it.
fn rate(bytes: usize, t: Timing) -> String {
    match t.cpu {
        Some(cpu) => format!(
            "{:>6.1} MB/s  (wall {:>5.1} MB/s, {:>5.0} ms)",
            mb_per_s(bytes, cpu),
            mb_per_s(bytes, t.wall),
            ms(t.wall)
        ),
        None => format!(
            "{:>6.1} MB/s  ({:>5.0} ms)",
            mb_per_s(bytes, t.wall),
            ms(t.wall)
        ),
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ok" } else { "MISSED" }
}

/// Parses and checks once, returning the peak heap above what was live before.
fn peak_heap(text: &str) -> usize {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    if let Ok(spec) = parse_str(text) {
        black_box(rules::check(&spec, &Context::default()));
    }
    PEAK.load(Ordering::Relaxed).saturating_sub(base)
}

/// The same YAML read into an untyped value with the same budget as `parse_str`: what the
/// YAML crate alone costs, without the spec types and their positions.
fn untyped(text: &str) -> bool {
    let mut options = serde_saphyr::options::Options::default();
    let mut budget = serde_saphyr::budget::Budget::default();
    budget.max_depth = smartplus::spec::load::MAX_DEPTH;
    budget.max_events = 50_000_000;
    budget.max_nodes = 20_000_000;
    options.budget = Some(budget);
    serde_saphyr::from_str_with_options::<serde_json::Value>(text, options).is_ok()
}

fn measure(label: &str, text: &str) -> Option<()> {
    let bytes = text.len();
    let ctx = Context::default();
    let spec = parse_str(text).ok()?;
    let parse = best(RUNS, || parse_str(text).is_ok());
    // Rules alone, on one parsed spec: a difference of two noisy parse timings would
    // drown them. Many runs, as they are fast.
    let rules_only = best(RUNS * 4, || rules::check(&spec, &ctx).len());
    let full = best(RUNS, || match parse_str(text) {
        Ok(spec) => rules::check(&spec, &ctx).len(),
        Err(_) => 0,
    });
    let reference = best(RUNS, || untyped(text));
    let findings = rules::check(&spec, &ctx).into_diagnostics(std::path::Path::new("bench.yaml"));
    let errors = findings
        .iter()
        .filter(|d| d.severity == smartplus::spec::Severity::Error)
        .count();
    drop(spec);
    let peak = peak_heap(text);

    let full_rate = mb_per_s(bytes, full.judged());
    // Rules run in microseconds to milliseconds: judge them on wall time, as CPU time
    // only counts whole ticks.
    let overhead = ms(rules_only.wall) / ms(parse.wall) * 100.0;
    let multiple = peak as f64 / bytes as f64;

    println!("{label}");
    println!("  {:<26}{:>6.1} MB", "input", bytes as f64 / 1e6);
    println!(
        "  {:<26}{:>6} errors, {} warnings",
        "rules found",
        errors,
        findings.len() - errors
    );
    println!("  {:<26}{}", "parse only", rate(bytes, parse));
    println!(
        "  {:<26}{}   goal >= {GOAL_MB_PER_S} MB/s: {}",
        "parse + rules",
        rate(bytes, full),
        verdict(full_rate >= GOAL_MB_PER_S)
    );
    println!(
        "  {:<26}{:>6.1} %     ({:.2} ms)   goal < {GOAL_RULES_OVERHEAD_PERCENT} %: {}",
        "rules over parse alone",
        overhead,
        ms(rules_only.wall),
        verdict(overhead < GOAL_RULES_OVERHEAD_PERCENT)
    );
    println!(
        "  {:<26}{:>6.1} x input ({:.0} MB)   goal < {GOAL_PEAK_MULTIPLE} x input: {}",
        "peak heap, parse + rules",
        multiple,
        peak as f64 / 1e6,
        verdict(multiple < GOAL_PEAK_MULTIPLE)
    );
    println!(
        "  {:<26}{}   reference: the YAML crate alone",
        "YAML to untyped value",
        rate(bytes, reference)
    );
    Some(())
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not: then only check
    // that the generated spec parses, quickly.
    let benchmarking = std::env::args().any(|a| a == "--bench");
    println!(
        "validate benchmark: {CAMPAIGNS} campaigns x {AD_GROUPS} ad groups x {ADS} ads \
         ({} ads), shaped like campaigns/web-cbo-automatic.yaml\n",
        CAMPAIGNS * AD_GROUPS * ADS
    );

    let mut parsed_any = false;
    for (label, shape) in [
        (
            "anchored (shared: + aliases + merge keys, as in the example)",
            Shape::Anchored,
        ),
        ("inline (every setting written out)", Shape::Inline),
    ] {
        let text = generate(shape);
        match parse_str(&text) {
            Ok(spec) => {
                let ads: usize = spec
                    .campaigns
                    .iter()
                    .flat_map(|c| c.ad_groups.iter())
                    .map(|g| g.ads.len())
                    .sum();
                if spec.campaigns.len() != CAMPAIGNS || ads != CAMPAIGNS * AD_GROUPS * ADS {
                    println!("{label}\n  generated spec has the wrong shape ({ads} ads)\n");
                    return ExitCode::FAILURE;
                }
                parsed_any = true;
                if benchmarking {
                    if measure(label, &text).is_none() {
                        return ExitCode::FAILURE;
                    }
                } else {
                    println!("{label}: parses ({} bytes)", text.len());
                }
            }
            Err(d) => {
                println!(
                    "{label}\n  {} bytes: REFUSED by parse_str at {}:{}: {} [{}]",
                    text.len(),
                    d.pos.line,
                    d.pos.column,
                    d.message,
                    d.code
                );
            }
        }
        println!();
    }
    if parsed_any {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
