//! What the tests share: one emulator wrapper ([`Emu`]), the real binary run against
//! it ([`Workdir`]), runs of it held to bounds on hostile input (`run_bounded`: killed
//! if hung, peak memory measured), and a scripted fake of TikTok's API ([`fake`]) for
//! the client's transport tests, where the real emulator would be too well-behaved.

mod bin;
#[cfg(target_os = "linux")]
mod bounded;
mod emu;
pub(crate) mod fake;

pub(crate) use bin::*;
#[cfg(target_os = "linux")]
pub(crate) use bounded::*;
pub(crate) use emu::*;

/// The token tests use; the token-leak tests search every output for it.
pub(crate) const TOKEN: &str = "e2e-secret-token-3f9c2a71d8";
/// The advertiser tests use; `Emu::config()` serves it.
pub(crate) const ADVERTISER: &str = "7000000000000000001";
