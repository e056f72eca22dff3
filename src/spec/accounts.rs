//! Which ad account each spec file is for, when a repository holds specs for
//! several (one folder per account, or `advertiser_id` in each file).
//!
//! A file is for the advertiser it names itself. A file that names none is for the
//! advertiser of its folder: the one advertiser the files of that folder and its
//! subfolders name. A folder whose files name none looks to the folder above; a
//! folder whose files name several settles nothing, and neither does any folder
//! above it: such a file is for no account in particular, and a multi-account plan
//! refuses it rather than guess. So a new client folder whose files forget
//! `advertiser_id` is refused, never taken for a neighbour's account.
//!
//! `accounts/acme/account.yaml` may hold `advertiser_id` (and no campaigns) while
//! every other file of `accounts/acme/`, subfolders included, leaves it out.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The advertiser each file is for, in the order given: `files` pairs each path
/// with the advertiser the file names itself (`None` when it names none or could
/// not be read).
pub fn assign(files: &[(PathBuf, Option<String>)]) -> Vec<Option<String>> {
    // The advertisers named anywhere under each folder.
    let mut named_under: HashMap<&Path, BTreeSet<&str>> = HashMap::new();
    for (path, advertiser) in files {
        if let Some(a) = advertiser {
            let mut dir = Some(folder(path));
            while let Some(d) = dir {
                named_under.entry(d).or_default().insert(a.as_str());
                dir = d.parent();
            }
        }
    }
    files
        .iter()
        .map(|(path, own)| {
            own.clone().or_else(|| {
                // The nearest folder above the file under which any is named.
                let mut dir = Some(folder(path));
                while let Some(d) = dir {
                    if let Some(set) = named_under.get(d) {
                        let mut it = set.iter();
                        return match (it.next(), it.next()) {
                            (Some(one), None) => Some((*one).to_owned()),
                            _ => None,
                        };
                    }
                    dir = d.parent();
                }
                None
            })
        })
        .collect()
}

/// The distinct advertisers the files name themselves, sorted.
pub fn named(files: &[(PathBuf, Option<String>)]) -> BTreeSet<String> {
    files.iter().filter_map(|(_, a)| a.clone()).collect()
}

/// The folder a file is in (`""` for a bare file name).
fn folder(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, Option<&str>)]) -> Vec<(PathBuf, Option<String>)> {
        list.iter()
            .map(|(p, a)| (PathBuf::from(p), a.map(str::to_owned)))
            .collect()
    }

    fn assigned(list: &[(&str, Option<&str>)]) -> Vec<Option<String>> {
        assign(&files(list))
    }

    #[allow(clippy::unnecessary_wraps)] // reads like the expected values
    fn some(a: &str) -> Option<String> {
        Some(a.to_owned())
    }

    #[test]
    fn a_file_naming_its_advertiser_is_for_it() {
        assert_eq!(
            assigned(&[("c/a.yaml", Some("1")), ("c/b.yaml", Some("2"))]),
            [some("1"), some("2")]
        );
    }

    #[test]
    fn a_file_naming_none_takes_its_folders_advertiser_or_the_one_above() {
        let got = assigned(&[
            ("accounts/acme/account.yaml", Some("1")),
            ("accounts/acme/spring.yaml", None),
            ("accounts/acme/q3/summer.yaml", None),
            ("accounts/globex/account.yml", Some("2")),
            ("accounts/globex/x.yaml", None),
        ]);
        assert_eq!(got, [some("1"), some("1"), some("1"), some("2"), some("2")]);
    }

    #[test]
    fn a_folder_naming_several_settles_nothing() {
        let got = assigned(&[
            ("c/a.yaml", Some("1")),
            ("c/b.yaml", Some("2")),
            ("c/loose.yaml", None),
            ("c/sub/deeper.yaml", None),
        ]);
        assert_eq!(got, [some("1"), some("2"), None, None]);
        // A file beside one account's folders is not taken for a neighbour's,
        // nor is a new folder that names no advertiser yet.
        let got = assigned(&[
            ("accounts/initech.yaml", Some("3")),
            ("accounts/acme/a.yaml", Some("1")),
            ("accounts/loose.yaml", None),
            ("accounts/newclient/x.yaml", None),
        ]);
        assert_eq!(got, [some("3"), some("1"), None, None]);
        // A nearer folder wins over one above.
        assert_eq!(
            assigned(&[
                ("r/top.yaml", Some("1")),
                ("r/sub/named.yaml", Some("2")),
                ("r/sub/loose.yaml", None),
            ]),
            [some("1"), some("2"), some("2")]
        );
        // Where one advertiser is named in all, every file is its.
        assert_eq!(
            assigned(&[("a/x.yaml", Some("1")), ("b/y.yaml", None)]),
            [some("1"), some("1")]
        );
    }

    #[test]
    fn the_same_advertiser_named_twice_in_a_folder_is_one() {
        assert_eq!(
            assigned(&[
                ("a.yaml", Some("1")),
                ("b.yaml", Some("1")),
                ("c.yaml", None)
            ]),
            [some("1"), some("1"), some("1")]
        );
        assert_eq!(
            named(&files(&[
                ("a.yaml", Some("2")),
                ("b.yaml", Some("1")),
                ("c.yaml", Some("2"))
            ])),
            BTreeSet::from(["1".to_owned(), "2".to_owned()])
        );
    }
}
