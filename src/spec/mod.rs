//! The campaign spec: model, loading with positions, and offline rules.

pub mod accounts;
pub mod convert;
pub mod diagnostic;
pub mod docs;
pub mod enums;
pub mod load;
pub mod media;
pub mod model;
pub mod money;
pub mod open;
pub mod read;
pub mod refs;
pub mod rules;
pub mod schedule;
pub mod span;
pub mod suggest;
pub mod tree;

pub use diagnostic::{Diagnostic, Severity};
pub use load::LoadedFile;
pub use model::SpecFile;
pub use money::Money;
pub use open::Open;
pub use span::{Pos, Sp};

/// The JSON Schema (draft-07) of the spec format.
pub fn json_schema() -> serde_json::Value {
    let settings = schemars::generate::SchemaSettings::draft07();
    let schema = settings.into_generator().into_root_schema_for::<SpecFile>();
    let mut schema = serde_json::to_value(schema).unwrap_or(serde_json::Value::Null);
    add_older_spellings(&mut schema);
    schema
}

/// Keys renamed since the first release, which specs may still use (schemars
/// leaves serde's aliases out).
const OLDER_SPELLINGS: &[(&str, &str)] =
    &[("pixel", "pixel_id"), ("instant_form", "instant_form_id")];

fn add_older_spellings(schema: &mut serde_json::Value) {
    let Some(defs) = schema
        .get_mut("definitions")
        .and_then(serde_json::Value::as_object_mut)
    else {
        return;
    };
    for def in defs.values_mut() {
        let Some(props) = def
            .get_mut("properties")
            .and_then(serde_json::Value::as_object_mut)
        else {
            continue;
        };
        for (key, older) in OLDER_SPELLINGS {
            if let Some(mut entry) = props.get(*key).cloned() {
                if let Some(o) = entry.as_object_mut() {
                    o.insert(
                        "description".into(),
                        format!("The older spelling of `{key}`.").into(),
                    );
                }
                props.insert((*older).to_owned(), entry);
            }
        }
    }
}

/// Result of validating a set of files.
#[derive(Debug, Default)]
pub struct Validation {
    pub files: Vec<LoadedFile>,
    /// Files that could not be parsed, with the text when it was readable.
    pub unreadable: Vec<(std::path::PathBuf, Option<String>)>,
    /// Paths that looked like specs but were not read (each also has a warning).
    pub skipped: Vec<read::Skipped>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Validation {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// Skipped paths that may hold campaigns (what `--prune` refuses to run with).
    pub fn lost(&self) -> impl Iterator<Item = &read::Skipped> {
        self.skipped.iter().filter(|s| s.lost())
    }

    /// Campaigns found, those left out of the rules for their problems included.
    pub fn campaigns(&self) -> usize {
        self.files
            .iter()
            .map(|f| f.spec.campaigns.len() + f.left_out)
            .sum()
    }

    /// The source text of a file, for rendering its diagnostics.
    pub fn text_of(&self, path: &std::path::Path) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.text.as_str())
            .or_else(|| {
                self.unreadable
                    .iter()
                    .find(|(p, _)| p == path)
                    .and_then(|(_, t)| t.as_deref())
            })
    }
}

/// Loads every file and runs every rule; problems in one file never hide another's.
pub fn validate(
    paths: &[std::path::PathBuf],
    ctx: &rules::Context,
) -> Result<Validation, load::LoadError> {
    let mut v = Validation::default();
    let found = read::discover(paths)?;
    v.diagnostics
        .extend(found.skipped.iter().map(read::Skipped::diagnostic));
    v.skipped = found.skipped;
    let files = found.files;
    // Files are independent: parse and check them on every core, keep file order.
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(files.len().max(1));
    let chunk = files.len().div_ceil(workers.max(1)).max(1);
    let results: Vec<Checked> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                (
                    part,
                    scope.spawn(move || part.iter().map(|p| check_one(p, ctx)).collect::<Vec<_>>()),
                )
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|(part, h)| {
                // A panic is a bug; report it per file rather than lose the files.
                h.join().unwrap_or_else(|_| {
                    part.iter()
                        .map(|p| {
                            Err(Box::new(load::Unloaded {
                                diagnostic: internal(p),
                                text: None,
                            }))
                        })
                        .collect()
                })
            })
            .collect()
    });
    for (path, outcome) in files.into_iter().zip(results) {
        match outcome {
            Ok((file, diagnostics)) => {
                v.diagnostics.extend(diagnostics);
                v.files.push(file);
            }
            // The snippet comes from the bytes already read, never from reading again.
            Err(unloaded) => {
                let load::Unloaded { diagnostic, text } = *unloaded;
                v.unreadable.push((path, text));
                v.diagnostics.push(diagnostic);
            }
        }
    }
    v.diagnostics.extend(duplicate_names_across_files(&v.files));
    v.diagnostics
        .sort_by(|a, b| (&a.file, a.pos.offset, a.code).cmp(&(&b.file, b.pos.offset, b.code)));
    Ok(v)
}

type Checked = Result<(LoadedFile, Vec<Diagnostic>), Box<load::Unloaded>>;

fn internal(path: &std::path::Path) -> Diagnostic {
    Diagnostic {
        code: load::SYNTAX_CODE,
        severity: Severity::Error,
        message: "internal error while checking this file (please report it)".into(),
        label: "here".into(),
        help: None,
        file: path.to_path_buf(),
        pos: Pos::default(),
    }
}

/// Every problem of one file: structural ones, then the rules' findings on what could
/// be read (see `spec::convert` for what the rules see).
fn check_one(path: &std::path::Path, ctx: &rules::Context) -> Checked {
    let mut file = load::load_file(path)?;
    let ctx = rules::Context {
        spec_file: Some(file.path.clone()),
        ..ctx.clone()
    };
    let mut diagnostics = std::mem::take(&mut file.problems);
    if file.checkable {
        diagnostics.extend(rules::check(&file.spec, &ctx).into_diagnostics(&file.path));
    }
    Ok((file, diagnostics))
}

/// The advertiser each file is for ([`accounts::assign`]), or `None` for every
/// file when they name one advertiser at most: then they are all one account's.
pub fn account_of_each(files: &[LoadedFile]) -> Vec<Option<String>> {
    let own: Vec<(std::path::PathBuf, Option<String>)> = files
        .iter()
        .map(|f| {
            (
                f.path.clone(),
                f.spec.advertiser_id.as_ref().map(|a| a.value.clone()),
            )
        })
        .collect();
    if accounts::named(&own).len() <= 1 {
        return vec![None; files.len()];
    }
    accounts::assign(&own)
}

/// Campaign names identify campaigns in the account, so they must be unique across
/// one account's files too (SP130 checks within one file).
fn duplicate_names_across_files(files: &[LoadedFile]) -> Vec<Diagnostic> {
    let owners = account_of_each(files);
    let mut first: std::collections::HashMap<(Option<&str>, &str), &std::path::Path> =
        std::collections::HashMap::default();
    let mut out = Vec::new();
    for (f, owner) in files.iter().zip(&owners) {
        let mut in_file = std::collections::HashSet::new();
        for c in f.spec.campaigns.iter() {
            let name = c.name.as_str();
            if !in_file.insert(name) {
                continue;
            }
            match first.get(&(owner.as_deref(), name)) {
                Some(other) => out.push(Diagnostic {
                    code: "SP130",
                    severity: Severity::Error,
                    message: format!("campaign `{name}` is also defined in `{}`", other.display()),
                    label: "second definition".into(),
                    help: Some(
                        "campaign names identify campaigns in the account; rename one of them"
                            .into(),
                    ),
                    file: f.path.clone(),
                    pos: c.name.pos,
                }),
                None => {
                    first.insert((owner.as_deref(), name), &f.path);
                }
            }
        }
    }
    out
}
