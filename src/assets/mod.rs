//! Local media files in specs: found in the account or planned as uploads
//! ([`resolve`], at plan time: reads only), uploaded before the ads that name them
//! ([`upload`], at apply time), and remembered per ad account and content in
//! `smartplus.lock` beside the specs ([`lock`]). [`local`] hashes files and names
//! uploads after their content.

pub mod local;
pub mod lock;
pub mod resolve;
pub mod upload;

pub use resolve::{AssetsError, LockPlace, Resolved, resolve};
pub use upload::{UploadError, UploadReport, UploadReporter, UploadResult};
