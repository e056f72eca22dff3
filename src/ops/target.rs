//! Choosing the account: API URL, token, advertiser, or the local sandbox.
//!
//! Rules (cli-contract.md, "Choosing the account"):
//! - `--sandbox` always means the local sandbox, and may not be combined with a
//!   token or an API URL (ambiguous).
//! - No token and no API URL: the local sandbox, announced by [`Target::notice`];
//!   refused when `CI` is set, so a pipeline never silently applies to a sandbox.
//! - An API URL without a token is an error; `http://` only for loopback hosts.
//! - The advertiser comes from `--advertiser-id`, `SMARTPLUS_ADVERTISER_ID` or the
//!   spec, in that order; the sandbox falls back to its own.

use std::num::NonZeroU32;
use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretString};

use crate::api::{ApiError, Client, ClientOptions, check_base_url};
use crate::emulator;
use crate::plan::saved::TargetLabel;

/// TikTok's production API.
pub const DEFAULT_API_URL: &str = "https://business-api.tiktok.com";
/// Where the local sandbox keeps its state, relative to the working directory.
pub const SANDBOX_STATE: &str = ".smartplus/sandbox.json";

const ENV_API_URL: &str = "SMARTPLUS_API_URL";
const ENV_TOKEN: &str = "TIKTOK_ACCESS_TOKEN";
const ENV_ADVERTISER: &str = "SMARTPLUS_ADVERTISER_ID";
const ENV_CI: &str = "CI";

/// What the user asked for: flags and settings, before the environment is read.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// `--api-url`.
    pub api_url: Option<String>,
    /// `--access-token-file`.
    pub access_token_file: Option<PathBuf>,
    /// The token from `access_token_file`, once [`Request::read_token_file`] read it.
    pub file_token: Option<SecretString>,
    /// `--advertiser-id`.
    pub advertiser_id: Option<String>,
    /// `--sandbox`.
    pub sandbox: bool,
    /// Requests per second sent to the API (the client's default when `None`).
    pub qps: Option<NonZeroU32>,
    /// `--qps-share`: jobs sharing `qps` at once (the client's default, one, when
    /// `None`).
    pub qps_share: Option<NonZeroU32>,
    /// Requests in flight at once (the client's default when `None`).
    pub max_in_flight: Option<usize>,
}

impl Request {
    /// Reads `--access-token-file` now, once, so that the token is masked (see
    /// [`crate::secret`]) before anything else is read or printed: a spec file that is
    /// a symlink to the token file must not show it in its diagnostic.
    pub fn read_token_file(mut self) -> Result<Request, TargetError> {
        if let (Some(path), None) = (&self.access_token_file, &self.file_token) {
            self.file_token = Some(SecretString::from(read_token_file(path)?));
        }
        Ok(self)
    }
}

/// Masks the token of `TIKTOK_ACCESS_TOKEN` in everything the process writes from now
/// on; called first thing, before any output.
pub fn mask_environment_token() {
    if let Ok(token) = std::env::var(ENV_TOKEN) {
        crate::secret::register(&token);
    }
}

/// Where the calls go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetKind {
    /// TikTok's API (or a compatible server) at this base URL.
    Api { url: String },
    /// The in-process emulator, with its state in this file.
    Sandbox { state_path: PathBuf },
}

/// A resolved target: the account to read and change, and a client for it.
#[derive(Debug)]
pub struct Target {
    pub kind: TargetKind,
    pub advertiser_id: String,
    pub client: Client,
    /// A line to print before anything else, when the choice was implicit.
    pub notice: Option<String>,
    /// The running sandbox; stopped by [`Target::shutdown`].
    emulator: Option<emulator::Handle>,
}

impl Target {
    /// The target as saved plans and rendered plans name it.
    pub fn label(&self) -> TargetLabel {
        match &self.kind {
            TargetKind::Api { url } => TargetLabel::Api(url.clone()),
            TargetKind::Sandbox { .. } => TargetLabel::Sandbox(SANDBOX_STATE.to_string()),
        }
    }

    /// Where uploads are remembered: `smartplus.lock` beside the specs for TikTok;
    /// the sandbox keeps its own next to its state (its ids mean nothing elsewhere).
    pub fn lock_place(&self) -> crate::assets::LockPlace {
        match &self.kind {
            TargetKind::Api { .. } => crate::assets::LockPlace::BesideSpecs,
            TargetKind::Sandbox { state_path } => {
                crate::assets::LockPlace::At(state_path.with_file_name("sandbox.lock"))
            }
        }
    }

    /// Now, by the target's clock: the learning phase, bid steps and start times
    /// are judged against it. The sandbox keeps its own clock, which may have been
    /// moved; TikTok's is the real one.
    pub fn now(&self) -> jiff::Timestamp {
        match &self.emulator {
            Some(handle) => handle.now(),
            None => jiff::Timestamp::now(),
        }
    }

    /// Whether this is the local sandbox (whose clock `smartplus sandbox advance` moves).
    pub fn is_sandbox(&self) -> bool {
        matches!(self.kind, TargetKind::Sandbox { .. })
    }

    /// Stops the sandbox (saving its state); nothing to do for the API.
    pub async fn shutdown(self) {
        if let Some(handle) = self.emulator {
            handle.shutdown().await;
        }
    }
}

/// Why no target could be chosen.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum TargetError {
    #[error("no access token and CI is set: refusing to fall back to the local sandbox")]
    #[diagnostic(
        code(smartplus::target::ci_sandbox),
        help(
            "set TIKTOK_ACCESS_TOKEN (or pass --access-token-file FILE) to use TikTok, or pass --sandbox to use the local sandbox on purpose"
        )
    )]
    CiNeedsToken,

    #[error("--sandbox cannot be combined with {conflict}")]
    #[diagnostic(
        code(smartplus::target::ambiguous),
        help(
            "drop --sandbox to use TikTok, or unset TIKTOK_ACCESS_TOKEN and SMARTPLUS_API_URL and drop --api-url/--access-token-file to use the sandbox"
        )
    )]
    SandboxAmbiguous { conflict: String },

    #[error("no access token for `{url}`")]
    #[diagnostic(
        code(smartplus::target::no_token),
        help(
            "set TIKTOK_ACCESS_TOKEN or pass --access-token-file FILE; without --api-url the local sandbox is used"
        )
    )]
    UrlWithoutToken { url: String },

    // The cause goes on a line of its own, said once.
    #[error("cannot read the access token file `{path}`")]
    #[diagnostic(
        code(smartplus::target::token_file),
        help("check the path given to --access-token-file, or set TIKTOK_ACCESS_TOKEN instead")
    )]
    TokenFile {
        path: PathBuf,
        #[source]
        source: crate::files::ReadError,
    },

    #[error("the access token file `{path}` is empty")]
    #[diagnostic(
        code(smartplus::target::token_file),
        help(
            "write the access token on the file's first line, or set TIKTOK_ACCESS_TOKEN instead"
        )
    )]
    TokenFileEmpty { path: PathBuf },

    #[error("the access token from {origin} contains spaces or control characters")]
    #[diagnostic(
        code(smartplus::target::token),
        help("the token is a single word; check for a stray quote or line break")
    )]
    TokenMalformed { origin: String },

    #[error("no advertiser id")]
    #[diagnostic(
        code(smartplus::target::no_advertiser),
        help(
            "pass --advertiser-id ID, set SMARTPLUS_ADVERTISER_ID, or add `advertiser_id` to the spec"
        )
    )]
    NoAdvertiser,

    #[error("advertiser id `{id}` from {origin} is not a string of digits")]
    #[diagnostic(
        code(smartplus::target::bad_advertiser),
        help(
            "write the advertiser id as Ads Manager shows it, digits only (quoted in YAML: \"7000000000000000001\")"
        )
    )]
    BadAdvertiser { id: String, origin: String },

    #[error(transparent)]
    #[diagnostic(transparent)]
    Api(#[from] ApiError),

    #[error("cannot create `{path}` for the local sandbox: {source}")]
    #[diagnostic(
        code(smartplus::target::sandbox_dir),
        help(
            "run smartplus in a directory you may write to, or use TikTok: set TIKTOK_ACCESS_TOKEN"
        )
    )]
    SandboxDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot find the current directory: {0}")]
    #[diagnostic(
        code(smartplus::target::cwd),
        help("the directory smartplus runs in was removed; `cd` into an existing one")
    )]
    CurrentDir(#[source] std::io::Error),

    #[error("cannot start the local sandbox")]
    #[diagnostic(
        code(smartplus::target::sandbox),
        help(
            "the sandbox keeps its state in .smartplus/sandbox.json: `smartplus sandbox reset` starts it afresh (its campaigns are lost), or use TikTok: set TIKTOK_ACCESS_TOKEN"
        )
    )]
    Emulator(#[source] emulator::EmulatorError),
}

/// The advertiser asked for by `--advertiser-id` or `SMARTPLUS_ADVERTISER_ID`, in
/// that order (before the spec is read: it picks one account's files from a
/// multi-account tree).
pub fn requested_advertiser(args: &Request) -> Option<String> {
    requested_in(args, &|key| std::env::var(key).ok())
}

fn requested_in(args: &Request, env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    args.advertiser_id
        .clone()
        .or_else(|| non_empty(env(ENV_ADVERTISER)))
        .map(|a| a.trim().to_owned())
}

/// Resolves the target from flags, the process environment and the spec's
/// `advertiser_id`; starts the sandbox when that is the choice.
pub async fn resolve(args: &Request, spec_advertiser: Option<&str>) -> Result<Target, TargetError> {
    let cwd = std::env::current_dir().map_err(TargetError::CurrentDir)?;
    resolve_in(args, spec_advertiser, &|key| std::env::var(key).ok(), &cwd).await
}

/// [`resolve`] with an explicit environment and working directory (for tests).
pub async fn resolve_in(
    args: &Request,
    spec_advertiser: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    cwd: &Path,
) -> Result<Target, TargetError> {
    let defaults = ClientOptions::default();
    let options = ClientOptions {
        qps: args.qps.unwrap_or(defaults.qps),
        qps_share: args.qps_share.unwrap_or(defaults.qps_share),
        // Apply may run more steps at once than the default allows in flight.
        max_in_flight: args.max_in_flight.unwrap_or(defaults.max_in_flight).max(1),
        ..defaults
    };
    match choose(args, spec_advertiser, env)? {
        Choice::Api {
            url,
            token,
            advertiser_id,
        } => {
            let client = Client::new(&url, token, options)?;
            Ok(Target {
                kind: TargetKind::Api { url },
                advertiser_id,
                client,
                notice: None,
                emulator: None,
            })
        }
        Choice::Sandbox {
            advertiser_id,
            notice,
        } => start_sandbox(cwd, advertiser_id, notice, options).await,
    }
}

/// The decision, before anything is started.
#[derive(Debug)]
enum Choice {
    Api {
        url: String,
        token: SecretString,
        advertiser_id: String,
    },
    Sandbox {
        advertiser_id: Option<String>,
        notice: Option<String>,
    },
}

/// A setting and where it came from (for messages).
struct Sourced {
    value: String,
    origin: &'static str,
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

fn choose(
    args: &Request,
    spec_advertiser: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Choice, TargetError> {
    let api_url = match (&args.api_url, non_empty(env(ENV_API_URL))) {
        (Some(url), _) => Some(Sourced {
            value: url.clone(),
            origin: "--api-url",
        }),
        (None, Some(url)) => Some(Sourced {
            value: url.trim().to_owned(),
            origin: ENV_API_URL,
        }),
        (None, None) => None,
    };
    let env_token = env(ENV_TOKEN);
    let env_token_blank = env_token.as_deref().is_some_and(|t| t.trim().is_empty());
    let env_token = non_empty(env_token);

    let advertiser = [
        (args.advertiser_id.clone(), "--advertiser-id"),
        (non_empty(env(ENV_ADVERTISER)), ENV_ADVERTISER),
        (spec_advertiser.map(str::to_owned), "the spec"),
    ]
    .into_iter()
    .find_map(|(value, origin)| {
        value.map(|v| Sourced {
            value: v.trim().to_owned(),
            origin,
        })
    });
    if let Some(adv) = &advertiser {
        check_advertiser(adv)?;
    }
    let advertiser_id = advertiser.map(|a| a.value);

    if args.sandbox {
        let conflict = if args.access_token_file.is_some() {
            Some("--access-token-file".to_owned())
        } else if env_token.is_some() {
            Some(format!("{ENV_TOKEN} (it is set)"))
        } else {
            api_url.as_ref().map(|u| u.origin.to_owned())
        };
        if let Some(conflict) = conflict {
            return Err(TargetError::SandboxAmbiguous { conflict });
        }
        return Ok(Choice::Sandbox {
            advertiser_id,
            notice: None,
        });
    }

    let token = match (&args.access_token_file, &args.file_token) {
        (Some(_), Some(read)) => Some((read.expose_secret().to_owned(), "--access-token-file")),
        (Some(path), None) => Some((read_token_file(path)?, "--access-token-file")),
        (None, _) => env_token.map(|t| (t.trim().to_owned(), ENV_TOKEN)),
    };
    if let Some((token, _)) = &token {
        crate::secret::register(token);
    }

    let Some((token, token_origin)) = token else {
        if let Some(url) = api_url {
            return Err(TargetError::UrlWithoutToken {
                url: crate::api::client::shown_url(&url.value),
            });
        }
        if non_empty(env(ENV_CI)).is_some() {
            return Err(TargetError::CiNeedsToken);
        }
        let why = if env_token_blank {
            format!("{ENV_TOKEN} is empty")
        } else {
            format!("no {ENV_TOKEN} set")
        };
        return Ok(Choice::Sandbox {
            advertiser_id,
            notice: Some(format!("using the local sandbox ({SANDBOX_STATE}): {why}")),
        });
    };
    if !token.chars().all(|c| c.is_ascii_graphic()) {
        return Err(TargetError::TokenMalformed {
            origin: token_origin.to_owned(),
        });
    }

    let url = api_url.map_or_else(|| DEFAULT_API_URL.to_owned(), |u| u.value);
    let parsed = check_base_url(&url)?;
    let advertiser_id = advertiser_id.ok_or(TargetError::NoAdvertiser)?;
    Ok(Choice::Api {
        url: display_url(parsed),
        token: SecretString::from(token),
        advertiser_id,
    })
}

/// The URL as shown to users: no query, no fragment, no trailing slash.
fn display_url(mut url: url::Url) -> String {
    url.set_query(None);
    url.set_fragment(None);
    url.as_str().trim_end_matches('/').to_owned()
}

fn check_advertiser(adv: &Sourced) -> Result<(), TargetError> {
    if adv.value.is_empty() || !adv.value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TargetError::BadAdvertiser {
            id: adv.value.clone(),
            origin: adv.origin.to_owned(),
        });
    }
    Ok(())
}

/// Largest access token file read (a token is 40 characters).
const MAX_TOKEN_FILE_BYTES: u64 = 64 << 10;

/// Reads the token file with the care given to specs (a regular file, bounded) and
/// masks what it holds before anything can show it.
fn read_token_file(path: &Path) -> Result<String, TargetError> {
    let bytes = crate::files::read_regular(path, MAX_TOKEN_FILE_BYTES).map_err(|source| {
        TargetError::TokenFile {
            path: path.to_owned(),
            source,
        }
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let token = text.trim();
    crate::secret::register(token);
    if token.is_empty() {
        return Err(TargetError::TokenFileEmpty {
            path: path.to_owned(),
        });
    }
    Ok(token.to_owned())
}

async fn start_sandbox(
    cwd: &Path,
    advertiser_id: Option<String>,
    notice: Option<String>,
    options: ClientOptions,
) -> Result<Target, TargetError> {
    let state_path = cwd.join(SANDBOX_STATE);
    if let Some(dir) = state_path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| TargetError::SandboxDir {
            path: dir.to_owned(),
            source,
        })?;
    }
    let mut config = emulator::Config {
        state_file: Some(state_path.clone()),
        // Advertisers planned before keep their objects: one sandbox holds every
        // account of a multi-account repository.
        adopt_saved_advertisers: true,
        // The sandbox cannot know the real account's library: ids a spec names are
        // taken as there; files are uploaded to it as to TikTok.
        any_asset_id: true,
        ..emulator::Config::default()
    };
    // The sandbox serves whichever advertiser the spec names, so that a spec
    // written for a real account can be tried locally unchanged.
    if let Some(id) = advertiser_id {
        config.advertiser_id = id;
    }
    let token = SecretString::from(config.access_token.clone());
    let advertiser_id = config.advertiser_id.clone();
    let handle = emulator::start(config)
        .await
        .map_err(TargetError::Emulator)?;
    let client = match Client::new(&handle.url(), token, options) {
        Ok(client) => client,
        Err(err) => {
            handle.shutdown().await;
            return Err(err.into());
        }
    };
    Ok(Target {
        kind: TargetKind::Sandbox { state_path },
        advertiser_id,
        client,
        notice,
        emulator: Some(handle),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const TOKEN: &str = "tok-secret-0123456789";

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |key| map.get(key).cloned()
    }

    fn args() -> Request {
        Request::default()
    }

    fn choose_with(
        args: &Request,
        spec: Option<&str>,
        pairs: &[(&str, &str)],
    ) -> Result<Choice, TargetError> {
        choose(args, spec, &env(pairs))
    }

    fn assert_no_secret(err: &TargetError) {
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(TOKEN), "{shown}");
        let help = miette::Diagnostic::help(err).map(|h| h.to_string());
        assert!(!help.unwrap_or_default().contains(TOKEN));
    }

    #[test]
    fn nothing_set_falls_back_to_the_sandbox_with_a_notice() {
        let Choice::Sandbox {
            advertiser_id,
            notice,
        } = choose_with(&args(), None, &[]).unwrap()
        else {
            panic!("not the sandbox");
        };
        assert_eq!(advertiser_id, None);
        assert_eq!(
            notice.as_deref(),
            Some("using the local sandbox (.smartplus/sandbox.json): no TIKTOK_ACCESS_TOKEN set")
        );
    }

    #[test]
    fn a_blank_token_is_named_as_empty() {
        let Choice::Sandbox { notice, .. } =
            choose_with(&args(), None, &[(ENV_TOKEN, "  ")]).unwrap()
        else {
            panic!("not the sandbox");
        };
        assert_eq!(
            notice.as_deref(),
            Some("using the local sandbox (.smartplus/sandbox.json): TIKTOK_ACCESS_TOKEN is empty")
        );
    }

    #[test]
    fn ci_refuses_the_implicit_sandbox() {
        for ci in ["true", "1"] {
            let err = choose_with(&args(), Some("1"), &[(ENV_CI, ci)]).unwrap_err();
            assert!(matches!(err, TargetError::CiNeedsToken), "{err:?}");
            let help = miette::Diagnostic::help(&err).unwrap().to_string();
            let text = format!("{err} {help}");
            assert!(text.contains("TIKTOK_ACCESS_TOKEN"), "{text}");
            assert!(text.contains("--sandbox"), "{text}");
        }
        // An empty CI is not set.
        assert!(matches!(
            choose_with(&args(), None, &[(ENV_CI, "")]).unwrap(),
            Choice::Sandbox { .. }
        ));
    }

    #[test]
    fn explicit_sandbox_works_under_ci_without_notice() {
        let a = Request {
            sandbox: true,
            ..args()
        };
        let Choice::Sandbox {
            advertiser_id,
            notice,
        } = choose_with(&a, Some("42"), &[(ENV_CI, "true")]).unwrap()
        else {
            panic!("not the sandbox");
        };
        assert_eq!(advertiser_id.as_deref(), Some("42"));
        assert_eq!(notice, None);
    }

    #[test]
    fn sandbox_with_a_token_or_url_is_ambiguous() {
        type Case<'a> = (Request, Vec<(&'a str, &'a str)>, &'a str);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token");
        std::fs::write(&file, TOKEN).unwrap();
        let sandbox = Request {
            sandbox: true,
            ..args()
        };
        let cases: Vec<Case> = vec![
            (
                sandbox.clone(),
                vec![(ENV_TOKEN, TOKEN)],
                "TIKTOK_ACCESS_TOKEN",
            ),
            (
                Request {
                    access_token_file: Some(file.clone()),
                    ..sandbox.clone()
                },
                vec![],
                "--access-token-file",
            ),
            (
                Request {
                    api_url: Some("http://127.0.0.1:1".into()),
                    ..sandbox.clone()
                },
                vec![],
                "--api-url",
            ),
            (
                sandbox.clone(),
                vec![(ENV_API_URL, "http://127.0.0.1:1")],
                "SMARTPLUS_API_URL",
            ),
        ];
        for (a, pairs, named) in cases {
            let err = choose_with(&a, None, &pairs).unwrap_err();
            assert!(
                matches!(&err, TargetError::SandboxAmbiguous { conflict } if conflict.contains(named)),
                "{err:?}"
            );
            assert_no_secret(&err);
        }
    }

    #[test]
    fn token_selects_the_production_api() {
        let Choice::Api {
            url,
            advertiser_id,
            token,
        } = choose_with(
            &args(),
            Some("7000"),
            &[(ENV_TOKEN, &format!(" {TOKEN}\n"))],
        )
        .unwrap()
        else {
            panic!("not the API");
        };
        assert_eq!(url, DEFAULT_API_URL);
        assert_eq!(advertiser_id, "7000");
        assert_eq!(secrecy::ExposeSecret::expose_secret(&token), TOKEN);
    }

    #[test]
    fn advertiser_precedence_flag_env_spec() {
        let pick = |flag: Option<&str>, env_adv: Option<&str>, spec: Option<&str>| {
            let a = Request {
                advertiser_id: flag.map(str::to_owned),
                ..args()
            };
            let mut pairs = vec![(ENV_TOKEN, TOKEN)];
            if let Some(e) = env_adv {
                pairs.push((ENV_ADVERTISER, e));
            }
            match choose_with(&a, spec, &pairs) {
                Ok(Choice::Api { advertiser_id, .. }) => Ok(advertiser_id),
                Ok(other) => panic!("{other:?}"),
                Err(e) => Err(e),
            }
        };
        assert_eq!(pick(Some("1"), Some("2"), Some("3")).unwrap(), "1");
        assert_eq!(pick(None, Some("2"), Some("3")).unwrap(), "2");
        assert_eq!(pick(None, None, Some("3")).unwrap(), "3");
        let err = pick(None, None, None).unwrap_err();
        assert!(matches!(err, TargetError::NoAdvertiser));
        let help = miette::Diagnostic::help(&err).unwrap().to_string();
        assert!(help.contains("--advertiser-id"), "{help}");
        assert!(help.contains("SMARTPLUS_ADVERTISER_ID"), "{help}");
        let err = pick(Some("12a"), None, None).unwrap_err();
        assert!(
            matches!(&err, TargetError::BadAdvertiser { id, origin } if id == "12a" && origin == "--advertiser-id"),
            "{err:?}"
        );
    }

    #[test]
    fn the_requested_advertiser_is_the_flag_else_the_environment() {
        let flag = Request {
            advertiser_id: Some(" 1 ".into()),
            ..args()
        };
        let env_2 = env(&[(ENV_ADVERTISER, "2")]);
        assert_eq!(requested_in(&flag, &env_2).as_deref(), Some("1"));
        assert_eq!(requested_in(&args(), &env_2).as_deref(), Some("2"));
        assert_eq!(requested_in(&args(), &env(&[(ENV_ADVERTISER, " ")])), None);
        assert_eq!(requested_in(&args(), &env(&[])), None);
    }

    #[test]
    fn api_url_rules() {
        let with_url = |url: &str| Request {
            api_url: Some(url.into()),
            advertiser_id: Some("1".into()),
            ..args()
        };
        // URL without token.
        let err = choose_with(&with_url("http://127.0.0.1:9"), None, &[]).unwrap_err();
        assert!(
            matches!(err, TargetError::UrlWithoutToken { .. }),
            "{err:?}"
        );
        let err =
            choose_with(&args(), Some("1"), &[(ENV_API_URL, "https://example.test")]).unwrap_err();
        assert!(
            matches!(err, TargetError::UrlWithoutToken { .. }),
            "{err:?}"
        );
        // The URL without a token is refused even under CI (it is not a fallback).
        let err = choose_with(&with_url("http://127.0.0.1:9"), None, &[(ENV_CI, "1")]).unwrap_err();
        assert!(
            matches!(err, TargetError::UrlWithoutToken { .. }),
            "{err:?}"
        );
        // Non-loopback http.
        let err =
            choose_with(&with_url("http://example.com"), None, &[(ENV_TOKEN, TOKEN)]).unwrap_err();
        assert!(
            matches!(err, TargetError::Api(ApiError::InvalidUrl { .. })),
            "{err:?}"
        );
        assert_no_secret(&err);
        // Loopback http with a token; flag beats env.
        let Choice::Api { url, .. } = choose_with(
            &with_url("http://127.0.0.1:9/"),
            None,
            &[(ENV_TOKEN, TOKEN), (ENV_API_URL, "https://other.test")],
        )
        .unwrap() else {
            panic!("not the API");
        };
        assert_eq!(url, "http://127.0.0.1:9");
    }

    #[test]
    fn token_file_is_trimmed_and_beats_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token");
        std::fs::write(&file, format!("\n  {TOKEN}  \n")).unwrap();
        let a = Request {
            access_token_file: Some(file.clone()),
            advertiser_id: Some("1".into()),
            ..args()
        };
        let Choice::Api { token, .. } = choose_with(&a, None, &[(ENV_TOKEN, "from-env")]).unwrap()
        else {
            panic!("not the API");
        };
        assert_eq!(secrecy::ExposeSecret::expose_secret(&token), TOKEN);

        std::fs::write(&file, " \n\t").unwrap();
        let err = choose_with(&a, None, &[]).unwrap_err();
        assert!(matches!(err, TargetError::TokenFileEmpty { .. }), "{err:?}");

        let missing = Request {
            access_token_file: Some(dir.path().join("nope")),
            ..a.clone()
        };
        let err = choose_with(&missing, None, &[]).unwrap_err();
        assert!(matches!(err, TargetError::TokenFile { .. }), "{err:?}");

        std::fs::write(&file, format!("{TOKEN} second-word")).unwrap();
        let err = choose_with(&a, None, &[]).unwrap_err();
        assert!(matches!(err, TargetError::TokenMalformed { .. }), "{err:?}");
        assert_no_secret(&err);
    }

    #[test]
    fn choice_debug_hides_the_token() {
        let choice = choose_with(&args(), Some("1"), &[(ENV_TOKEN, TOKEN)]).unwrap();
        let debug = format!("{choice:?}");
        assert!(!debug.contains(TOKEN), "{debug}");
    }

    #[tokio::test]
    async fn api_target_describes_itself_without_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let a = Request {
            advertiser_id: Some("7002238017842757633".into()),
            ..args()
        };
        let target = resolve_in(&a, None, &env(&[(ENV_TOKEN, TOKEN)]), dir.path())
            .await
            .unwrap();
        assert_eq!(
            target.label().describe(&target.advertiser_id),
            "target: https://business-api.tiktok.com, advertiser 7002238017842757633"
        );
        assert!(matches!(target.kind, TargetKind::Api { .. }));
        assert_eq!(target.notice, None);
        let debug = format!("{target:?}");
        assert!(!debug.contains(TOKEN), "{debug}");
        assert_eq!(target.client.calls(), 0);
        target.shutdown().await;
        // Nothing was created for an API target.
        assert!(!dir.path().join(".smartplus").exists());
    }
}
