//! `smartplus import`: write spec files from the Smart+ campaigns already in an account.

use std::path::PathBuf;

use super::args::TargetArgs;
use super::{CommandError, Outcome};
use crate::import::{ImportError, Scope};
use crate::ops;
use crate::output::Printer;
use crate::output::import as render;

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
fn which(args: &Args) -> Result<Scope, CommandError> {
    match (args.all, args.campaign_ids.is_empty()) {
        (true, false) => Err(CommandError::user(
            "`--all` and `--campaign-id` cannot be combined: pass one of them",
        )),
        (false, true) => Err(CommandError::user(
            "nothing to import: pass `--all` or `--campaign-id ID`",
        )),
        (true, true) => Ok(Scope::All),
        (false, false) => {
            let mut ids: Vec<String> = Vec::new();
            for id in &args.campaign_ids {
                let id = id.trim();
                if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(CommandError::user(format!(
                        "campaign id `{id}` is not a string of digits: pass the id as Ads Manager shows it"
                    )));
                }
                if !ids.iter().any(|i| i == id) {
                    ids.push(id.to_string());
                }
            }
            Ok(Scope::Ids(ids))
        }
    }
}

pub(super) fn run(args: &Args, printer: &Printer) -> Result<Outcome, CommandError> {
    let request = ops::import::Request {
        which: which(args)?,
        out_dir: args.out_dir.clone(),
        force: args.force,
        allow_partial: args.allow_partial,
    };
    let cwd = std::env::current_dir()
        .map_err(|e| CommandError::internal(format!("cannot find the current directory: {e}")))?;
    let target_request = args
        .target
        .request(None)
        .read_token_file()
        .map_err(ops::Error::from)?;
    let (read, label) = super::runtime()?.block_on(async {
        let target = ops::target::resolve(&target_request, None)
            .await
            .map_err(ops::Error::from)?;
        super::announce(&target, printer);
        let label = target.label().describe(&target.advertiser_id);
        let read = ops::import::read(&target, &request, &cwd).await;
        printer.detail(&format!("{} API calls", target.client.calls()));
        target.shutdown().await;
        Ok::<_, CommandError>((read, label))
    })?;
    let prepared = match read {
        Ok(prepared) => prepared,
        Err(ops::Error::Import(ImportError::NotManageable { campaigns })) => {
            // The settings help the user rebuild it; show them before the error.
            printer.stderr(&render::unmanaged_section(&campaigns));
            printer.stderr("\n");
            return Err(ops::Error::from(ImportError::NotManageable { campaigns }).into());
        }
        Err(e) => return Err(e.into()),
    };
    let prepared = &prepared;
    ops::import::make_room(prepared, &request)?;
    for u in &prepared.unmanaged {
        printer.warn(&render::unmanaged_warning(u));
    }
    for c in &prepared.refused {
        printer.stderr(&format!("error: {}\n", render::refused_error(c)));
    }
    for f in &prepared.files {
        if !f.campaign.unsupported.is_empty() {
            printer.warn(&render::partial_warning(&f.campaign));
        }
        ops::import::write(f)?;
        printer.status(&render::written_line(&f.path));
    }
    printer.data(&render::human(prepared, &args.out_dir, &label));
    Ok(if prepared.incomplete() {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}
