//! Flag groups several subcommands share, and how each becomes an engine request.

use std::num::NonZeroU32;
use std::path::PathBuf;

use crate::ops::{self, Selection};

/// The `--help` heading of the flags every command takes, apart from its own.
const GLOBAL: &str = "Global options";

/// Flags every subcommand takes.
#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// Never colour output (also set by the NO_COLOR environment variable).
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub no_color: bool,
    /// Print only results and errors.
    #[arg(short, long, global = true, conflicts_with = "verbose", help_heading = GLOBAL)]
    pub quiet: bool,
    /// Print more detail, such as the number of API calls.
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = GLOBAL)]
    pub verbose: u8,
}

/// How a report reads (`plan` and `status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Markdown,
}

/// What to plan and what is allowed (`plan` and `apply`).
#[derive(Debug, Clone, clap::Args)]
pub struct SelectionArgs {
    /// Spec files or directories [default: campaigns/]
    pub paths: Vec<PathBuf>,
    /// Only plan this campaign (by name; repeatable).
    #[arg(long = "target", value_name = "KEY")]
    pub targets: Vec<String>,
    /// Leave this campaign out (by name; repeatable).
    #[arg(long = "exclude", value_name = "KEY")]
    pub excludes: Vec<String>,
    /// Allow changes that delete and recreate an object (immutable fields).
    #[arg(long)]
    pub allow_replace: bool,
    /// Allow edits that restart the learning phase (objects under 7 days old, bid
    /// moves above 15%).
    #[arg(long)]
    pub allow_learning_reset: bool,
    /// Pause ad groups and ads (and, without --target, campaigns) that the spec no
    /// longer has. Nothing is ever deleted unless the spec says `status: deleted`.
    #[arg(long)]
    pub prune: bool,
    /// Allow creating an object beside an enabled live one that looks like it (same
    /// name up to case and spacing, or same settings): both will run and spend.
    #[arg(long)]
    pub allow_lookalike: bool,
    #[command(flatten)]
    pub target: TargetArgs,
}

impl SelectionArgs {
    pub fn selection(&self) -> Selection {
        Selection {
            allow_replace: self.allow_replace,
            allow_learning_reset: self.allow_learning_reset,
            prune: self.prune,
            targets: self.targets.clone(),
            excludes: self.excludes.clone(),
            allow_lookalike: self.allow_lookalike,
        }
    }
}

/// Target flags shared by plan, apply and import.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct TargetArgs {
    /// TikTok API base URL [env: SMARTPLUS_API_URL] [default: https://business-api.tiktok.com];
    /// http:// only for loopback hosts
    #[arg(long, value_name = "URL", help_heading = "Target")]
    pub api_url: Option<String>,
    /// Read the access token from FILE instead of the TIKTOK_ACCESS_TOKEN environment
    /// variable
    #[arg(long, value_name = "FILE", help_heading = "Target")]
    pub access_token_file: Option<PathBuf>,
    /// Advertiser account [env: SMARTPLUS_ADVERTISER_ID] [default: advertiser_id in the spec]
    #[arg(long, value_name = "ID", help_heading = "Target")]
    pub advertiser_id: Option<String>,
    /// Use the local sandbox (state in .smartplus/sandbox.json) instead of TikTok
    #[arg(long, help_heading = "Target")]
    pub sandbox: bool,
    /// Requests per second sent to the API
    #[arg(long, value_name = "N", default_value = "10", help_heading = "Target")]
    pub qps: Option<NonZeroU32>,
    /// This job is one of N using the app's --qps at once (a CI matrix's jobs):
    /// start at its share, --qps / N, and keep at least 80% of it unless the app
    /// keeps turning it away there
    #[arg(long, value_name = "N", help_heading = "Target")]
    pub qps_share: Option<NonZeroU32>,
}

impl TargetArgs {
    /// The request, with `max_in_flight` requests allowed at once (`None`: the
    /// client's default). The token file is read later, by
    /// [`ops::target::Request::read_token_file`].
    pub fn request(&self, max_in_flight: Option<usize>) -> ops::target::Request {
        ops::target::Request {
            api_url: self.api_url.clone(),
            access_token_file: self.access_token_file.clone(),
            file_token: None,
            advertiser_id: self.advertiser_id.clone(),
            sandbox: self.sandbox,
            qps: self.qps,
            qps_share: self.qps_share,
            max_in_flight,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, clap::Parser)]
    struct Cmd {
        #[command(flatten)]
        target: TargetArgs,
    }

    #[test]
    fn flags_parse() {
        use clap::{CommandFactory, Parser};
        Cmd::command().debug_assert();
        let cmd = Cmd::try_parse_from(["x"]).unwrap();
        assert_eq!(cmd.target.qps.map(NonZeroU32::get), Some(10));
        assert!(!cmd.target.sandbox);
        let cmd = Cmd::try_parse_from([
            "x",
            "--sandbox",
            "--qps",
            "3",
            "--qps-share",
            "4",
            "--advertiser-id",
            "5",
            "--api-url",
            "http://127.0.0.1:1",
            "--access-token-file",
            "t.txt",
        ])
        .unwrap();
        assert!(cmd.target.sandbox);
        assert_eq!(cmd.target.qps.map(NonZeroU32::get), Some(3));
        assert_eq!(cmd.target.advertiser_id.as_deref(), Some("5"));
        assert!(Cmd::try_parse_from(["x", "--qps", "0"]).is_err());
        assert!(Cmd::try_parse_from(["x", "--qps-share", "0"]).is_err());
        let req = cmd.target.request(Some(16));
        assert_eq!(req.qps_share.map(NonZeroU32::get), Some(4));
        assert_eq!(req.max_in_flight, Some(16));
        assert_eq!(req.api_url.as_deref(), Some("http://127.0.0.1:1"));
        assert!(req.sandbox);
    }
}
