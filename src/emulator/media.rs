//! `/file/video/ad/*` and `/file/image/ad/*`: uploads (multipart or JSON), info by
//! id, and search. Names are unique per kind in an account (40911); the MD5 the
//! client sends must match the bytes; a video is answered as a one-item list, an
//! image as an object (tiktok-assets-lookups-reporting.md §1).

use md5::Digest as _;
use serde_json::{Map, Value, json};

use super::app::App;
use super::list;
use super::request::Req;
use super::state::{Asset, State};
use super::wire::{ApiError, ApiResult, code};
use crate::facts;
use crate::media::{Format, ProbeError};

/// What is uploaded: the words that differ between videos and images.
#[derive(Clone, Copy)]
struct Kind {
    noun: &'static str,
    file_field: &'static str,
    signature_field: &'static str,
    id_key: &'static str,
    ids_key: &'static str,
    upload_types: &'static [&'static str],
    max_bytes: u64,
    max_info_ids: usize,
    search_page_cap: u32,
}

const VIDEO: Kind = Kind {
    noun: "video",
    file_field: "video_file",
    signature_field: "video_signature",
    id_key: "video_id",
    ids_key: "video_ids",
    upload_types: &[
        "UPLOAD_BY_FILE",
        "UPLOAD_BY_URL",
        "UPLOAD_BY_FILE_ID",
        "UPLOAD_BY_VIDEO_ID",
    ],
    max_bytes: facts::MAX_VIDEO_BYTES,
    max_info_ids: facts::MAX_VIDEO_INFO_IDS,
    search_page_cap: 100,
};

const IMAGE: Kind = Kind {
    noun: "image",
    file_field: "image_file",
    signature_field: "image_signature",
    id_key: "image_id",
    ids_key: "image_ids",
    upload_types: &["UPLOAD_BY_FILE", "UPLOAD_BY_URL", "UPLOAD_BY_FILE_ID"],
    max_bytes: facts::MAX_IMAGE_BYTES,
    max_info_ids: facts::MAX_IMAGE_INFO_IDS,
    search_page_cap: 1000,
};

impl Kind {
    fn library(self, st: &State) -> &std::collections::BTreeMap<String, Asset> {
        if self.noun == "video" {
            &st.videos
        } else {
            &st.images
        }
    }

    fn library_mut(self, st: &mut State) -> &mut std::collections::BTreeMap<String, Asset> {
        if self.noun == "video" {
            &mut st.videos
        } else {
            &mut st.images
        }
    }
}

/// Largest upload body the routes read: TikTok's video limit and a margin for the
/// form around it.
#[allow(clippy::cast_possible_truncation)] // 501 MiB fits every pointer width served
pub(super) const MAX_UPLOAD_BODY: usize = (facts::MAX_VIDEO_BYTES + (1 << 20)) as usize;

pub(super) fn upload_video(app: &App, req: &Req) -> ApiResult<Value> {
    // A video answer is a list of one video.
    upload(app, req, VIDEO).map(|v| json!([v]))
}

pub(super) fn upload_image(app: &App, req: &Req) -> ApiResult<Value> {
    upload(app, req, IMAGE)
}

pub(super) fn video_info(app: &App, req: &Req) -> ApiResult<Value> {
    info(app, req, VIDEO)
}

pub(super) fn image_info(app: &App, req: &Req) -> ApiResult<Value> {
    info(app, req, IMAGE)
}

pub(super) fn video_search(app: &App, req: &Req) -> ApiResult<Value> {
    search(app, req, VIDEO)
}

pub(super) fn image_search(app: &App, req: &Req) -> ApiResult<Value> {
    search(app, req, IMAGE)
}

/// A form field or JSON value as text (forms carry only strings).
fn text<'a>(req: &'a Req, key: &str) -> ApiResult<Option<&'a str>> {
    match req.body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(ApiError::param(key, "Not a valid string.")),
    }
}

/// A boolean as JSON or as a form field (the SDK sends Python's `True`/`False`).
fn flag(req: &Req, key: &str) -> ApiResult<bool> {
    match req.body.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Ok(true),
            "false" | "" => Ok(false),
            _ => Err(ApiError::param(key, "Not a valid boolean.")),
        },
        Some(_) => Err(ApiError::param(key, "Not a valid boolean.")),
    }
}

fn upload(app: &App, req: &Req, kind: Kind) -> ApiResult<Value> {
    let upload_type = text(req, "upload_type")?.unwrap_or("UPLOAD_BY_FILE");
    super::check::check_enum("upload_type", upload_type, kind.upload_types)?;
    if upload_type == "UPLOAD_BY_VIDEO_ID" {
        // Registers a video the library has again: the same video comes back.
        let id = text(req, "video_id")?
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::missing("video_id"))?;
        return app.read(|st| {
            st.videos
                .get(id)
                .map(|a| render(a, kind))
                .ok_or_else(|| ApiError::not_found(format!("Video {id}")))
        });
    }
    if upload_type != "UPLOAD_BY_FILE" {
        // The emulator reaches no other server and keeps no chunked files.
        return Err(ApiError::param(
            "upload_type",
            format!("{upload_type} is not supported by the emulator; use UPLOAD_BY_FILE."),
        ));
    }
    for f in [
        "flaw_detect",
        "auto_fix_enabled",
        "auto_bind_enabled",
        "is_third_party",
    ] {
        flag(req, f)?;
    }
    let Some((part_name, bytes)) = req.files.get(kind.file_field) else {
        return Err(ApiError::missing(kind.file_field));
    };
    let signature = text(req, kind.signature_field)?
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::missing(kind.signature_field))?
        .to_ascii_lowercase();
    let md5 = hex(&md5::Md5::digest(bytes));
    if signature != md5 {
        return Err(ApiError::param(
            kind.signature_field,
            "The signature does not match the file's MD5; the file may have changed in transit.",
        ));
    }
    if bytes.len() as u64 > kind.max_bytes {
        return Err(ApiError::param(
            kind.file_field,
            format!(
                "The {} is larger than {}.",
                kind.noun,
                crate::files::size(kind.max_bytes)
            ),
        ));
    }
    let probe = crate::media::probe_bytes(bytes).map_err(|e| match e {
        ProbeError::Malformed { what, .. } => {
            ApiError::param(kind.file_field, format!("The file is damaged: {what}."))
        }
        _ => ApiError::param(kind.file_field, "The file format is not supported."),
    })?;
    let fits = if kind.noun == "video" {
        probe.format.is_video()
    } else {
        matches!(probe.format, Format::Jpeg | Format::Png)
    };
    if !fits {
        return Err(ApiError::param(
            kind.file_field,
            format!(
                "{} files cannot be uploaded as an ad {}.",
                probe.format.name(),
                kind.noun
            ),
        ));
    }
    if kind.noun == "image"
        && let Some((w, h)) = probe.dimensions()
        && u64::from(w) * u64::from(h) > facts::MAX_IMAGE_PIXELS
    {
        return Err(ApiError::param(
            kind.file_field,
            format!(
                "The image has {w}×{h} pixels; at most {} are allowed.",
                facts::MAX_IMAGE_PIXELS
            ),
        ));
    }
    let name = match text(req, "file_name")?.map(str::trim) {
        Some(n) if !n.is_empty() => n.to_owned(),
        _ => part_name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| n.chars().take(facts::MAX_FILE_NAME_CHARS).collect())
            .ok_or_else(|| ApiError::missing("file_name"))?,
    };
    if name.chars().count() > facts::MAX_FILE_NAME_CHARS {
        return Err(ApiError::param(
            "file_name",
            format!("Must be 1 to {} characters.", facts::MAX_FILE_NAME_CHARS),
        ));
    }
    app.write(|st| {
        // Images with the same bytes come back as the image already there, under
        // its first name [3p GO2, one sample]; videos never do.
        if kind.noun == "image"
            && let Some(same) = st.images.values().find(|a| a.signature == md5)
        {
            return Ok(render(same, kind));
        }
        if kind.library(st).values().any(|a| a.file_name == name) {
            return Err(ApiError::new(
                facts::DUPLICATE_MATERIAL_NAME,
                "Duplicated material name.",
            ));
        }
        let seq = st.next_seq();
        let mix = super::state::splitmix64(st.id_seed ^ seq.wrapping_mul(0xA5A5_5A5A_1234_5678));
        let id = if kind.noun == "video" {
            format!("v10033g50000{mix:016x}")
        } else {
            let day: String = st
                .clock
                .now_string()
                .chars()
                .filter(char::is_ascii_digit)
                .take(8)
                .collect();
            format!("ad-site-i18n-sg/{day}{mix:016x}{:08x}", seq & 0xffff_ffff)
        };
        let asset = Asset {
            seq,
            id: id.clone(),
            material_id: st.new_id(),
            file_name: name,
            signature: md5,
            size: bytes.len() as u64,
            format: probe.format.wire().to_owned(),
            width: probe.width,
            height: probe.height,
            duration: probe.duration,
            create_time: st.clock.now_string(),
        };
        let out = render(&asset, kind);
        kind.library_mut(st).insert(id, asset);
        Ok(out)
    })
}

/// An asset as the upload, info and search answers show it.
fn render(a: &Asset, kind: Kind) -> Value {
    let mut o = Map::new();
    o.insert(kind.id_key.into(), json!(a.id));
    o.insert("material_id".into(), json!(a.material_id));
    o.insert("file_name".into(), json!(a.file_name));
    o.insert("signature".into(), json!(a.signature));
    o.insert("size".into(), json!(a.size));
    o.insert("format".into(), json!(a.format));
    o.insert("width".into(), json!(a.width.unwrap_or(0)));
    o.insert("height".into(), json!(a.height.unwrap_or(0)));
    o.insert("displayable".into(), json!(true));
    o.insert("create_time".into(), json!(a.create_time));
    o.insert("modify_time".into(), json!(a.create_time));
    if kind.noun == "video" {
        o.insert("duration".into(), json!(a.duration.unwrap_or(0.0)));
        o.insert("allow_download".into(), json!(true));
    } else {
        o.insert("is_carousel_usable".into(), json!(true));
    }
    Value::Object(o)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A JSON list of ids from the query.
fn id_list(req: &Req, key: &str, max: usize) -> ApiResult<Option<Vec<String>>> {
    let Some(v) = req.json_param(key)? else {
        return Ok(None);
    };
    let Value::Array(items) = v else {
        return Err(ApiError::param(key, "Must be a JSON list of ids."));
    };
    if items.len() > max {
        return Err(ApiError::param(
            key,
            format!("At most {max} ids; got {}.", items.len()),
        ));
    }
    items
        .into_iter()
        .map(|v| match v {
            Value::String(s) => Ok(s),
            Value::Number(n) => Ok(n.to_string()),
            _ => Err(ApiError::param(key, "Every id must be a string.")),
        })
        .collect::<ApiResult<Vec<_>>>()
        .map(Some)
}

/// Info by id: unknown ids are left out of the answer, silently.
fn info(app: &App, req: &Req, kind: Kind) -> ApiResult<Value> {
    let ids = id_list(req, kind.ids_key, kind.max_info_ids)?
        .filter(|l| !l.is_empty())
        .ok_or_else(|| ApiError::missing(kind.ids_key))?;
    app.read(|st| {
        let lib = kind.library(st);
        let list: Vec<Value> = ids
            .iter()
            .filter_map(|id| lib.get(id))
            .map(|a| render(a, kind))
            .collect();
        Ok(json!({ "list": list }))
    })
}

/// Search: newest first, filtered by ids, material ids, a name fragment (videos),
/// width and height.
fn search(app: &App, req: &Req, kind: Kind) -> ApiResult<Value> {
    let paging = list::paging(req, kind.search_page_cap)?;
    let filtering = match req.json_param("filtering")? {
        None => Map::new(),
        Some(Value::Object(o)) => o,
        Some(_) => return Err(ApiError::param("filtering", "Must be a JSON object.")),
    };
    let strings = |key: &str| -> ApiResult<Option<Vec<String>>> {
        match filtering.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(a)) => a
                .iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s.clone()),
                    Value::Number(n) => Ok(n.to_string()),
                    _ => Err(ApiError::param(
                        &format!("filtering.{key}"),
                        "Every id must be a string.",
                    )),
                })
                .collect::<ApiResult<Vec<_>>>()
                .map(Some),
            Some(_) => Err(ApiError::param(
                &format!("filtering.{key}"),
                "Must be a list.",
            )),
        }
    };
    let ids = strings(kind.ids_key)?;
    let materials = strings("material_ids")?;
    let name = match filtering.get("video_name") {
        Some(Value::String(s)) if kind.noun == "video" => Some(s.to_lowercase()),
        None | Some(Value::Null) => None,
        Some(_) if kind.noun != "video" => {
            return Err(ApiError::param("filtering.video_name", "Unknown filter."));
        }
        Some(_) => {
            return Err(ApiError::param(
                "filtering.video_name",
                "Not a valid string.",
            ));
        }
    };
    let number = |key: &str| filtering.get(key).and_then(Value::as_u64);
    let (width, height) = (number("width"), number("height"));
    app.read(|st| {
        let mut found: Vec<&Asset> = kind
            .library(st)
            .values()
            .filter(|a| ids.as_ref().is_none_or(|l| l.contains(&a.id)))
            .filter(|a| {
                materials
                    .as_ref()
                    .is_none_or(|l| l.contains(&a.material_id))
            })
            // `video_name` is a fuzzy match: a fragment, in any case.
            .filter(|a| {
                name.as_ref()
                    .is_none_or(|n| a.file_name.to_lowercase().contains(n))
            })
            .filter(|a| width.is_none_or(|w| a.width.map(u64::from) == Some(w)))
            .filter(|a| height.is_none_or(|h| a.height.map(u64::from) == Some(h)))
            .collect();
        found.sort_by_key(|a| std::cmp::Reverse(a.seq));
        Ok(list::page(found, &paging, None, |a| {
            match render(a, kind) {
                Value::Object(o) => Some(o),
                _ => None,
            }
        }))
    })
}

/// Refuses an ad whose creatives name videos or images the account does not have
/// (unless `Config::any_asset_id`). Posts (`tiktok_item_id`) and the `"N/A"` a read
/// shows for a post's video need none.
pub(super) fn check_assets(app: &App, st: &State, ad: &Map<String, Value>) -> ApiResult<()> {
    if app.config.any_asset_id {
        return Ok(());
    }
    let Some(list) = ad.get("creative_list").and_then(Value::as_array) else {
        return Ok(());
    };
    for (i, c) in list.iter().enumerate() {
        let Some(info) = c.get("creative_info") else {
            continue;
        };
        let at = |k: &str| format!("creative_list[{i}].creative_info.{k}");
        if info.get("tiktok_item_id").and_then(Value::as_str).is_some() {
            continue;
        }
        if let Some(video) = info
            .get("video_info")
            .and_then(|v| v.get("video_id"))
            .and_then(Value::as_str)
            .filter(|v| *v != "N/A" && !v.is_empty())
            && !st.videos.contains_key(video)
        {
            return Err(ApiError::new(
                code::PARAM_ERROR,
                format!(
                    "{}: Video {video} does not exist in this ad account; upload it first (/file/video/ad/upload/).",
                    at("video_info.video_id")
                ),
            ));
        }
        for img in info
            .get("image_info")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(uri) = img.get("web_uri").and_then(Value::as_str)
                && !uri.is_empty()
                && !st.images.contains_key(uri)
            {
                return Err(ApiError::new(
                    code::PARAM_ERROR,
                    format!(
                        "{}: Image {uri} does not exist in this ad account; upload it first (/file/image/ad/upload/).",
                        at("image_info.web_uri")
                    ),
                ));
            }
        }
    }
    Ok(())
}
