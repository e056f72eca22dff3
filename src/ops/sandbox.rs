//! The local sandbox's state, outside any plan: what it holds, moving its clock, and
//! starting it afresh (`smartplus sandbox`).
//!
//! The sandbox is the emulator run in-process with its state in
//! [`SANDBOX_STATE`](super::target::SANDBOX_STATE); plans judge learning-phase ages and
//! bid steps by its clock (`Target::now`). Moving that clock is how the rules that
//! wait on time can be tried without waiting.

use std::path::{Path, PathBuf};

use jiff::{SignedDuration, Timestamp};

use crate::emulator::state::{self, Kind, State, StateFileError};

/// Why the sandbox could not be read or changed.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum SandboxError {
    #[error("cannot read the sandbox state `{}`: {source}", .path.display())]
    #[diagnostic(help(
        "fix or remove the file; `smartplus sandbox reset` removes it, and the next plan or apply starts a fresh sandbox"
    ))]
    Read {
        path: PathBuf,
        #[source]
        source: StateFileError,
    },
    #[error("there is no sandbox in this directory yet (no `{}`)", .path.display())]
    #[diagnostic(help(
        "the first `smartplus plan` or `smartplus apply` without a token (or with --sandbox) starts one"
    ))]
    Missing { path: PathBuf },
    #[error("cannot write the sandbox state `{}`: {source}", .path.display())]
    #[diagnostic(help("check that you may write to the directory `.smartplus`"))]
    Write {
        path: PathBuf,
        #[source]
        source: StateFileError,
    },
    #[error("cannot remove the sandbox state `{}`: {source}", .path.display())]
    #[diagnostic(help("check that you may write to the directory `.smartplus`"))]
    Remove {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot move the sandbox clock {by}: {why}")]
    Clock {
        by: String,
        why: &'static str,
        #[help]
        help: &'static str,
    },
}

/// What a sandbox holds, as `status` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The advertiser; in a sandbox holding several accounts (a multi-account
    /// repository), each of them, comma-separated, with the counts below summed.
    pub advertiser_id: String,
    /// Now, by the sandbox's clock.
    pub now: Timestamp,
    /// How far its clock is ahead of the real one (`None` when it stands still).
    pub ahead: Option<SignedDuration>,
    /// Objects not deleted: campaigns, ad groups, ads.
    pub campaigns: usize,
    pub ad_groups: usize,
    pub ads: usize,
    /// Ad groups in the first days of their learning phase (as `plan` and `status`
    /// count them), and when the last of them leaves it.
    pub learning: usize,
    pub learning_until: Option<Timestamp>,
}

/// The state file of the sandbox in `dir`.
pub fn state_path(dir: &Path) -> PathBuf {
    dir.join(super::target::SANDBOX_STATE)
}

/// Every account the sandbox holds (one, unless several advertisers were planned in
/// it); they share one clock.
fn load(path: &Path) -> Result<Option<Vec<State>>, SandboxError> {
    state::load_accounts(path).map_err(|source| SandboxError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// [`summarize`] over every account: ids listed, counts summed.
fn summarize_all(accounts: &[State]) -> Option<Summary> {
    let mut all = accounts.iter().map(summarize);
    let first = all.next()?;
    Some(all.fold(first, |mut sum, s| {
        sum.advertiser_id = format!("{}, {}", sum.advertiser_id, s.advertiser_id);
        sum.campaigns += s.campaigns;
        sum.ad_groups += s.ad_groups;
        sum.ads += s.ads;
        sum.learning += s.learning;
        sum.learning_until = sum.learning_until.max(s.learning_until);
        sum
    }))
}

fn ts(seconds: i64) -> Timestamp {
    Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn summarize(st: &State) -> Summary {
    let live = |k: Kind| st.map(k).values().filter(|r| !r.deleted).count();
    let now = st.clock.now();
    // The same estimate `plan` (SP302) and `status` make: an ad group learns from its
    // launch, not its creation, and an edit may restart it.
    let at = ts(now);
    let zone = crate::learning::zone(None);
    let mut learning = 0;
    let mut until: Option<Timestamp> = None;
    let wire = |r: &crate::emulator::state::Record| serde_json::Value::Object(r.data.clone());
    for (id, g) in st.adgroups.iter().filter(|(_, r)| !r.deleted) {
        let campaign = g
            .parent
            .as_deref()
            .and_then(|c| st.campaigns.get(c))
            .map_or(serde_json::Value::Null, wire);
        let ads: Vec<serde_json::Value> = st
            .ads
            .values()
            .filter(|a| !a.deleted && a.parent.as_deref() == Some(id.as_str()))
            .map(wire)
            .collect();
        let timeline = crate::learning::Timeline::of(&campaign, &wire(g), &ads);
        let estimate = crate::learning::estimate(&timeline, None, at, &zone);
        if estimate.in_freeze(at) {
            learning += 1;
            until = until.max(estimate.safe_at);
        }
    }
    Summary {
        advertiser_id: st.advertiser_id.clone(),
        now: ts(now),
        ahead: st
            .clock
            .frozen
            .is_none()
            .then(|| SignedDuration::from_secs(st.clock.offset_seconds)),
        campaigns: live(Kind::Campaign),
        ad_groups: live(Kind::AdGroup),
        ads: live(Kind::Ad),
        learning,
        learning_until: until,
    }
}

/// What the sandbox in `dir` holds; `None` when there is none yet.
pub fn status(dir: &Path) -> Result<Option<Summary>, SandboxError> {
    Ok(load(&state_path(dir))?.as_deref().and_then(summarize_all))
}

/// The clock before and after [`advance`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advanced {
    pub before: Timestamp,
    pub after: Summary,
}

/// The longest a single move may be: beyond it, timestamps stop making sense.
const MAX_MOVE: SignedDuration = SignedDuration::from_hours(24 * 366 * 10);

/// Moves the sandbox's clock forward by `by`.
pub fn advance(dir: &Path, by: SignedDuration) -> Result<Advanced, SandboxError> {
    let path = state_path(dir);
    let Some(mut accounts) = load(&path)? else {
        return Err(SandboxError::Missing { path });
    };
    if accounts.is_empty() {
        return Err(SandboxError::Missing { path });
    }
    let shown = crate::spec::schedule::format_duration(by);
    if by <= SignedDuration::ZERO {
        return Err(SandboxError::Clock {
            by: shown,
            why: "the clock only moves forward",
            help: "give a time ahead, e.g. `smartplus sandbox advance 7d`; \
                   `smartplus sandbox reset` starts afresh",
        });
    }
    if by > MAX_MOVE {
        return Err(SandboxError::Clock {
            by: shown,
            why: "that is more than ten years",
            help: "move it by less at a time, e.g. `smartplus sandbox advance 7d`",
        });
    }
    for st in &mut accounts {
        st.clock.advance(by.as_secs());
    }
    let refs: Vec<&State> = accounts.iter().collect();
    state::save_accounts(&path, &refs).map_err(|source| SandboxError::Write {
        path: path.clone(),
        source,
    })?;
    let Some(after) = summarize_all(&accounts) else {
        return Err(SandboxError::Missing { path });
    };
    // A clock in real time runs on while the state is saved: the move is `by`.
    let before = after.now.checked_sub(by).unwrap_or(after.now);
    Ok(Advanced { before, after })
}

/// Removes the sandbox in `dir`; what it held, or `None` when there was none.
pub fn reset(dir: &Path) -> Result<Option<Summary>, SandboxError> {
    let path = state_path(dir);
    // Read first: what is removed is said, and a file that is not a sandbox state
    // (a symlink to elsewhere, a device) is refused rather than removed.
    let Some(accounts) = load(&path)? else {
        return Ok(None);
    };
    std::fs::remove_file(&path).map_err(|source| SandboxError::Remove {
        path: path.clone(),
        source,
    })?;
    Ok(summarize_all(&accounts))
}

/// Reads a duration such as `7d`, `36h`, `2w`, `90m` or `1d12h` (weeks, days, hours,
/// minutes).
pub fn parse_duration(text: &str) -> Option<SignedDuration> {
    let mut total: i64 = 0;
    let mut digits = String::new();
    let mut any = false;
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: i64 = digits.parse().ok()?;
        digits.clear();
        let unit = match c {
            'w' => 7 * 24 * 60,
            'd' => 24 * 60,
            'h' => 60,
            'm' => 1,
            _ => return None,
        };
        total = total.checked_add(n.checked_mul(unit)?)?;
        any = true;
    }
    (any && digits.is_empty()).then(|| SignedDuration::from_mins(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_weeks_days_hours_minutes() {
        assert_eq!(parse_duration("7d"), Some(SignedDuration::from_hours(168)));
        assert_eq!(
            parse_duration("1d12h"),
            Some(SignedDuration::from_hours(36))
        );
        assert_eq!(parse_duration("2w"), Some(SignedDuration::from_hours(336)));
        assert_eq!(parse_duration("90m"), Some(SignedDuration::from_mins(90)));
        for bad in ["", "7", "d", "-1d", "7x", "1.5d", "99999999999999999999d"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_missing_sandbox_is_said_and_reset_is_quiet_about_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(status(dir.path()).expect("status"), None);
        assert!(matches!(
            advance(dir.path(), SignedDuration::from_hours(1)),
            Err(SandboxError::Missing { .. })
        ));
        assert_eq!(reset(dir.path()).expect("reset"), None);
    }

    #[test]
    fn the_clock_moves_forward_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = state_path(dir.path());
        let st = State::new(
            "7000000000000000001",
            1,
            crate::emulator::clock::Clock::seeded(),
        );
        state::save(&path, &st).expect("save");
        let moved = advance(dir.path(), SignedDuration::from_hours(24 * 7)).expect("advance");
        assert_eq!(
            moved.after.now.duration_since(moved.before),
            SignedDuration::from_hours(168)
        );
        assert_eq!(
            status(dir.path()).expect("status").map(|s| s.now),
            Some(moved.after.now)
        );
        // Zero is not "too much at once": the help says to give a time ahead.
        assert!(matches!(
            advance(dir.path(), SignedDuration::ZERO),
            Err(SandboxError::Clock { help, .. }) if help.starts_with("give a time ahead")
        ));
        assert!(matches!(
            advance(dir.path(), SignedDuration::from_hours(24 * 366 * 11)),
            Err(SandboxError::Clock { help, .. }) if help.starts_with("move it by less")
        ));
        assert!(reset(dir.path()).expect("reset").is_some());
        assert!(!path.exists());
    }
}
