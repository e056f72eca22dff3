//! The asset library: uploads (multipart, the file streamed from disk with the
//! MD5 signature TikTok checks), info by id, and search
//! (tiktok-assets-lookups-reporting.md §1).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use serde_json::{Value, json};
use tokio::io::AsyncReadExt;

use super::client::{Client, Idempotency, Streamed, json_param};
use super::endpoints::id_of;
use super::error::ApiError;
use crate::facts;

pub mod paths {
    pub const VIDEO_UPLOAD: &str = "file/video/ad/upload/";
    pub const IMAGE_UPLOAD: &str = "file/image/ad/upload/";
    pub const VIDEO_INFO: &str = "file/video/ad/info/";
    pub const IMAGE_INFO: &str = "file/image/ad/info/";
    pub const VIDEO_SEARCH: &str = "file/video/ad/search/";
    pub const IMAGE_SEARCH: &str = "file/image/ad/search/";
}

/// A video or an image, as the endpoints name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Media {
    Video,
    Image,
}

impl Media {
    fn id_key(self) -> &'static str {
        match self {
            Media::Video => "video_id",
            Media::Image => "image_id",
        }
    }
}

/// An asset in the library, as far as smartplus needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    /// `video_id` or `image_id`: what ads reference.
    pub id: String,
    pub file_name: String,
    /// MD5, lowercase hex.
    pub signature: String,
}

fn asset(kind: Media, v: &Value) -> Option<Asset> {
    let text = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Some(Asset {
        id: id_of(v, kind.id_key())?,
        file_name: text("file_name"),
        signature: text("signature").to_ascii_lowercase(),
    })
}

/// The assets among `ids` the account has; unknown ids are left out (TikTok drops
/// them silently). 60 videos or 100 images per call, the calls made in turn.
pub async fn info(
    client: &Client,
    advertiser_id: &str,
    kind: Media,
    ids: &[String],
) -> Result<Vec<Asset>, ApiError> {
    let (path, key, size) = match kind {
        Media::Video => (paths::VIDEO_INFO, "video_ids", facts::MAX_VIDEO_INFO_IDS),
        Media::Image => (paths::IMAGE_INFO, "image_ids", facts::MAX_IMAGE_INFO_IDS),
    };
    let mut out = Vec::new();
    for chunk in ids.chunks(size) {
        let data = client
            .get(
                path,
                &[
                    ("advertiser_id", advertiser_id.to_owned()),
                    (key, json_param(chunk)),
                ],
            )
            .await?;
        let list = data.get("list").and_then(Value::as_array);
        out.extend(list.into_iter().flatten().filter_map(|v| asset(kind, v)));
    }
    Ok(out)
}

/// Videos whose name contains `name` (TikTok matches names loosely: callers compare
/// the names they get back).
pub async fn search_videos(
    client: &Client,
    advertiser_id: &str,
    name: &str,
) -> Result<Vec<Asset>, ApiError> {
    let params = vec![
        ("advertiser_id".to_owned(), advertiser_id.to_owned()),
        (
            "filtering".to_owned(),
            json!({ "video_name": name }).to_string(),
        ),
    ];
    let items = client
        .list_pages(paths::VIDEO_SEARCH, params, facts::PAGE_SIZE_MEDIA_SEARCH)
        .await?;
    Ok(items
        .iter()
        .filter_map(|v| asset(Media::Video, v))
        .collect())
}

/// Every image of the account (image search has no name filter).
pub async fn all_images(client: &Client, advertiser_id: &str) -> Result<Vec<Asset>, ApiError> {
    let params = vec![("advertiser_id".to_owned(), advertiser_id.to_owned())];
    let items = client
        .list_pages(paths::IMAGE_SEARCH, params, facts::PAGE_SIZE_MEDIA_SEARCH)
        .await?;
    Ok(items
        .iter()
        .filter_map(|v| asset(Media::Image, v))
        .collect())
}

/// A local file to upload.
#[derive(Clone, Debug)]
pub struct LocalFile {
    pub path: PathBuf,
    /// Bytes; the upload sends exactly this many.
    pub size: u64,
    /// MD5 of those bytes, lowercase hex.
    pub md5: String,
    /// The name it gets in the library.
    pub file_name: String,
    pub mime: &'static str,
}

/// Bytes sent so far in this attempt (an attempt that is retried starts again).
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

/// Uploads `file`; returns the new asset. Not idempotent: an answer lost in transit
/// leaves the outcome unknown (`ApiError::outcome_unknown`); a repeated name is
/// refused with [`facts::DUPLICATE_MATERIAL_NAME`]. The caller resolves both by
/// name.
pub async fn upload(
    client: &Client,
    advertiser_id: &str,
    kind: Media,
    file: &LocalFile,
    progress: Progress,
) -> Result<Asset, ApiError> {
    let (path, file_field, signature_field) = match kind {
        Media::Video => (paths::VIDEO_UPLOAD, "video_file", "video_signature"),
        Media::Image => (paths::IMAGE_UPLOAD, "image_file", "image_signature"),
    };
    let boundary = format!(
        "smartplus-{:016x}{:016x}",
        rand::random::<u64>(),
        rand::random::<u64>()
    );
    // Fields in alphabetical order, the file last, as the official SDK sends them.
    let mut head = String::new();
    for (name, value) in [
        ("advertiser_id", advertiser_id),
        ("file_name", file.file_name.as_str()),
        ("upload_type", "UPLOAD_BY_FILE"),
        (signature_field, file.md5.as_str()),
    ] {
        let _ = write!(
            head,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        );
    }
    let _ = write!(
        head,
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
        file.file_name, file.mime
    );
    let tail = format!("\r\n--{boundary}--\r\n");
    let head = Bytes::from(head);
    let tail = Bytes::from(tail);
    let make = {
        let file = file.clone();
        let progress = progress.clone();
        move || -> Result<reqwest::Body, String> {
            Ok(reqwest::Body::wrap(FileBody::new(
                head.clone(),
                &file,
                tail.clone(),
                progress.clone(),
            )))
        }
    };
    // A minute, and a second more for every 100 kB.
    let timeout = Duration::from_secs(60 + file.size / 100_000);
    let body = Streamed {
        content_type: format!("multipart/form-data; boundary={boundary}"),
        timeout,
        make: &make,
    };
    let data = client
        .post_stream(path, &body, Idempotency::NonIdempotent)
        .await?;
    // A video answer is a list of one video; an image answer is the image.
    let item = match &data {
        Value::Array(items) => items.first(),
        other => Some(other),
    };
    item.and_then(|v| asset(kind, v))
        .ok_or_else(|| ApiError::BadResponse {
            path: path.to_owned(),
            detail: format!("no `{}` in the answer", kind.id_key()),
        })
}

/// Pieces of a file read as the body is sent: what was read so far goes to
/// `progress`. The file is read up to its planned size; a file that shrank in the
/// meantime fails the upload rather than send something else.
struct FileBody {
    head: Option<Bytes>,
    tail: Option<Bytes>,
    chunks: tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>,
    sent: u64,
    remaining: u64,
    progress: Progress,
}

/// Size of the pieces read from disk.
const CHUNK: usize = 256 << 10;

impl FileBody {
    fn new(head: Bytes, file: &LocalFile, tail: Bytes, progress: Progress) -> FileBody {
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        let path = file.path.clone();
        let size = file.size;
        tokio::spawn(async move {
            let read = async {
                let (f, _) = crate::files::open_regular(&path, size.max(1))
                    .map_err(|e| std::io::Error::other(e.to_string()))?;
                let mut f = tokio::fs::File::from_std(f).take(size);
                let mut left = size;
                while left > 0 {
                    let mut buf = vec![0u8; CHUNK.min(usize::try_from(left).unwrap_or(CHUNK))];
                    let n = f.read(&mut buf).await?;
                    if n == 0 {
                        return Err(std::io::Error::other(
                            "the file became shorter while it was uploaded",
                        ));
                    }
                    buf.truncate(n);
                    left -= n as u64;
                    if tx.send(Ok(Bytes::from(buf))).await.is_err() {
                        // The request was dropped: nobody reads any more.
                        return Ok(());
                    }
                }
                Ok(())
            };
            if let Err(e) = read.await {
                let _ = tx.send(Err(e)).await;
            }
        });
        FileBody {
            head: Some(head),
            tail: Some(tail),
            chunks: rx,
            sent: 0,
            remaining: file.size,
            progress,
        }
    }
}

impl http_body::Body for FileBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        if let Some(head) = self.head.take() {
            return Poll::Ready(Some(Ok(http_body::Frame::data(head))));
        }
        if self.remaining > 0 {
            return match self.chunks.poll_recv(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => {
                    let n = chunk.len() as u64;
                    self.remaining = self.remaining.saturating_sub(n);
                    self.sent += n;
                    (self.progress)(self.sent);
                    Poll::Ready(Some(Ok(http_body::Frame::data(chunk))))
                }
                Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => Poll::Ready(Some(Err(std::io::Error::other(
                    "the file could not be read to its end",
                )))),
            };
        }
        Poll::Ready(self.tail.take().map(|t| Ok(http_body::Frame::data(t))))
    }

    fn is_end_stream(&self) -> bool {
        self.head.is_none() && self.remaining == 0 && self.tail.is_none()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        let len = self.head.as_ref().map_or(0, |h| h.len() as u64)
            + self.remaining
            + self.tail.as_ref().map_or(0, |t| t.len() as u64);
        http_body::SizeHint::with_exact(len)
    }
}
