//! `smartplus import`: write spec files from the Smart+ campaigns already in an account.

use std::path::PathBuf;

use super::target::{self, TargetArgs};
use super::{CommandError, GlobalArgs, Outcome};
use crate::import::{self, ImportError, Selection, summary};
use crate::output::Printer;

/// Write spec files from the Smart+ campaigns already in the account
///
/// One file per campaign, ids pinned, so that the next `plan` shows no changes. Legacy
/// Smart+ and manual campaigns are listed with what to do about them; nothing is
/// written for them.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Import this campaign (by id; repeatable).
    #[arg(long = "campaign-id", value_name = "ID")]
    pub campaign_ids: Vec<String>,
    /// Import every Smart+ campaign of the advertiser, and list the legacy Smart+ and
    /// manual campaigns it cannot manage.
    #[arg(long)]
    pub all: bool,
    /// Directory to write the spec files to (created if missing).
    #[arg(long, value_name = "DIR", default_value = "campaigns")]
    pub out_dir: PathBuf,
    /// Overwrite spec files that already exist.
    #[arg(long)]
    pub force: bool,
    /// Also import campaigns with settings the spec format cannot express yet; the
    /// files list what they leave out.
    #[arg(long)]
    pub allow_partial: bool,
    #[command(flatten)]
    pub target: TargetArgs,
}

/// `--all` or the ids, checked and without repeats.
fn selection(args: &Args) -> Result<Selection, CommandError> {
    match (args.all, args.campaign_ids.is_empty()) {
        (true, false) => Err(CommandError::user(
            "`--all` and `--campaign-id` cannot be combined: pass one of them",
        )),
        (false, true) => Err(CommandError::user(
            "nothing to import: pass `--all` or `--campaign-id ID`",
        )),
        (true, true) => Ok(Selection::All),
        (false, false) => {
            let mut ids: Vec<String> = Vec::new();
            for id in &args.campaign_ids {
                let id = id.trim();
                if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(CommandError::user(format!(
                        "campaign id `{id}` is not a string of digits"
                    )));
                }
                if !ids.iter().any(|i| i == id) {
                    ids.push(id.to_string());
                }
            }
            Ok(Selection::Ids(ids))
        }
    }
}

pub fn run(args: Args, _global: &GlobalArgs, printer: &Printer) -> Result<Outcome, CommandError> {
    let selection = selection(&args)?;
    let cwd = std::env::current_dir()
        .map_err(|e| CommandError::internal(format!("cannot find the current directory: {e}")))?;
    let rt = super::runtime()?;
    let (read, label) = rt.block_on(async {
        let t = target::resolve(&args.target, None).await?;
        if t.notice.is_some() {
            super::plan::announce(&t, printer, false);
        }
        let label = super::plan::label(&t).describe(&t.advertiser_id);
        let read = import::read::read(&t.client, &t.advertiser_id, &selection).await;
        printer.detail(&format!("{} API calls", t.client.calls()));
        t.shutdown().await;
        Ok::<_, CommandError>((read.map_err(ImportError::from)?, label))
    })?;
    let opts = import::Options {
        selection,
        out_dir: args.out_dir.clone(),
        allow_partial: args.allow_partial,
        now: jiff::Timestamp::now(),
        schema_hint: import::names::schema_hint(&args.out_dir, &cwd),
    };
    let prepared = match import::prepare(&read, &opts) {
        Ok(p) => p,
        Err(ImportError::NotManageable { campaigns }) => {
            // The settings help the user rebuild it; show them before the error.
            printer.stderr(&summary::unmanaged_section(&campaigns));
            printer.stderr("\n");
            return Err(ImportError::NotManageable { campaigns }.into());
        }
        // A file that would not read back as what was imported is our bug.
        Err(e @ ImportError::Render { .. }) => {
            return Err(CommandError::Internal(miette::Report::new(e)));
        }
        Err(e) => return Err(e.into()),
    };
    if !args.force {
        let existing: Vec<PathBuf> = prepared
            .files
            .iter()
            .filter(|f| f.path.exists())
            .map(|f| f.path.clone())
            .collect();
        if !existing.is_empty() {
            return Err(ImportError::Exists { paths: existing }.into());
        }
    }
    if !prepared.files.is_empty() {
        std::fs::create_dir_all(&args.out_dir).map_err(|e| {
            CommandError::user(format!("cannot create `{}`: {e}", args.out_dir.display()))
        })?;
    }
    for u in &prepared.unmanaged {
        printer.warn(&summary::unmanaged_warning(u));
    }
    for c in &prepared.refused {
        printer.stderr(&format!("error: {}\n", summary::refused_error(c)));
    }
    for f in &prepared.files {
        if !f.campaign.unsupported.is_empty() {
            printer.warn(&summary::partial_warning(&f.campaign));
        }
        super::plan::write_atomic(&f.path, &f.text)?;
        printer.status(&summary::written_line(&f.path));
    }
    printer.data(&summary::human(&prepared, &args.out_dir, &label));
    Ok(if prepared.incomplete() {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}
