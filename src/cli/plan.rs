//! `smartplus plan`: read the live account and show what an apply would change.

use std::path::PathBuf;

use clap::ValueEnum;

use super::target::{self, Target, TargetArgs, TargetKind};
use super::{CommandError, GlobalArgs, Outcome};
use crate::output::plan::{self as render, TargetLabel};
use crate::output::{Printer, diagnostics};
use crate::plan::saved::{self, SavedOptions, SavedPlan};
use crate::plan::{self, Plan};
use crate::spec::Validation;
use crate::workflow;

/// Read the live account and show the changes an apply would make.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub selection: Selection,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Save the plan to FILE for `smartplus apply --plan FILE` (valid for one hour).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Exit 2 when there are changes, 0 when there are none (1 on errors).
    #[arg(long)]
    pub detailed_exitcode: bool,
}

/// What to plan and what is allowed (shared with `apply`).
#[derive(Debug, Clone, clap::Args)]
pub struct Selection {
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
    #[command(flatten)]
    pub target: TargetArgs,
}

impl Selection {
    pub fn options(&self, now: jiff::Timestamp) -> plan::Options {
        plan::Options {
            allow_replace: self.allow_replace,
            allow_learning_reset: self.allow_learning_reset,
            prune: self.prune,
            targets: self.targets.clone(),
            excludes: self.excludes.clone(),
            now,
        }
    }

    pub fn saved_options(&self) -> SavedOptions {
        SavedOptions {
            allow_replace: self.allow_replace,
            allow_learning_reset: self.allow_learning_reset,
            prune: self.prune,
            targets: self.targets.clone(),
            excludes: self.excludes.clone(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Markdown,
}

/// Loads specs; prints diagnostics; `None` when they have errors.
pub(crate) fn load_valid(
    paths: &[PathBuf],
    printer: &Printer,
) -> Result<Option<Validation>, CommandError> {
    let v = workflow::load(&super::spec_paths(paths))?;
    if !v.diagnostics.is_empty() {
        let mut text = String::new();
        for d in &v.diagnostics {
            text.push_str(&diagnostics::render(d, v.text_of(&d.file), printer.color));
        }
        printer.stderr(&text);
    }
    if v.errors() > 0 {
        printer.stderr(&format!("{}\n", diagnostics::summary_line(&v)));
        return Ok(None);
    }
    Ok(Some(v))
}

pub fn label(t: &Target) -> TargetLabel {
    match &t.kind {
        TargetKind::Api { url } => TargetLabel::Api(url.clone()),
        TargetKind::Sandbox { .. } => TargetLabel::Sandbox(target::SANDBOX_STATE.to_string()),
    }
}

/// A plan with what it was made from.
pub(crate) struct Made {
    pub plan: Plan,
    pub saved: SavedPlan,
}

/// Validates, resolves the target, reads the account and plans.
pub(crate) async fn make(
    sel: &Selection,
    v: &Validation,
    t: &Target,
    printer: &Printer,
) -> Result<Made, CommandError> {
    let now = jiff::Timestamp::now();
    let opts = sel.options(now);
    let (plan, snapshot) = workflow::plan(&t.client, &t.advertiser_id, v, &opts).await?;
    printer.detail(&format!("{} API calls", t.client.calls()));
    let saved = SavedPlan {
        format_version: saved::FORMAT_VERSION,
        created_at: now,
        expires_at: now + saved::DEFAULT_TTL,
        target: label(t),
        advertiser_id: t.advertiser_id.clone(),
        spec_paths: super::spec_paths(&sel.paths)
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect(),
        spec_hash: workflow::spec_hash(v),
        fingerprints: saved::fingerprints(&snapshot.live),
        options: sel.saved_options(),
        plan: plan.clone(),
    };
    Ok(Made { plan, saved })
}

/// Prints the notice and target line first (stderr for machine formats).
pub(crate) fn announce(t: &Target, printer: &Printer, to_stdout: bool) {
    let mut lines = Vec::new();
    if let Some(n) = &t.notice {
        lines.push(n.clone());
    }
    if to_stdout {
        printer.data(&lines.join("\n"));
    } else {
        for l in lines {
            printer.status(&l);
        }
    }
}

/// Writes a file atomically (temporary file, then rename).
pub(crate) fn write_atomic(path: &std::path::Path, text: &str) -> Result<(), CommandError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("smartplus")
    ));
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| CommandError::user(format!("cannot write `{}`: {e}", path.display())))
}

pub fn run(args: Args, _global: &GlobalArgs, printer: &Printer) -> Result<Outcome, CommandError> {
    let Some(v) = load_valid(&args.selection.paths, printer)? else {
        return Ok(Outcome::Failure);
    };
    let spec_advertiser = workflow::advertiser(&v)?;
    let rt = super::runtime()?;
    rt.block_on(async {
        let t = target::resolve(&args.selection.target, spec_advertiser.as_deref()).await?;
        let human = args.format == Format::Human;
        if t.notice.is_some() {
            announce(&t, printer, human);
        }
        let made = make(&args.selection, &v, &t, printer).await;
        t.shutdown().await;
        let made = made?;
        let label = made.saved.target.clone();
        match args.format {
            Format::Human => printer.data(&render::human(&made.plan, &label)),
            Format::Json => printer.data(
                &serde_json::to_string_pretty(&render::json(&made.plan, &label))
                    .unwrap_or_default(),
            ),
            Format::Markdown => printer.data(&render::markdown(&made.plan, &label)),
        }
        if let Some(out) = &args.out {
            let text = serde_json::to_string_pretty(&made.saved)
                .map_err(|e| CommandError::internal(format!("cannot save the plan: {e}")))?;
            write_atomic(out, &text)?;
            printer.status(&format!("Saved the plan to `{}`", out.display()));
        }
        Ok(if made.plan.refused() {
            Outcome::Failure
        } else if args.detailed_exitcode && made.plan.has_changes() {
            Outcome::Changes
        } else {
            Outcome::Success
        })
    })
}
