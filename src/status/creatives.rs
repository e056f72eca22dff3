//! Which creatives of a Smart+ ad come from where: the spec, a person choosing in
//! the account, or TikTok itself.
//!
//! `smart_plus/ad/get/` lists only the creatives someone selected; the manual
//! `ad/get/` has one row per creative, the ones TikTok added on its own included
//! (reference §14). A manual row that is none of the listed creatives (by its id,
//! else by what it shows) is one TikTok added.

use serde_json::Value;

use crate::api::OperationStatus;
use crate::spec::model::{Ad, Creative};

/// Where a creative comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// Named by the spec.
    Spec,
    /// Selected in the account, but not named by a spec (or the ad has none).
    Selected,
    /// Added by TikTok on its own (creative auto-add, Symphony).
    Platform,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Spec => "spec",
            Source::Selected => "selected",
            Source::Platform => "platform",
        }
    }
}

/// What kind of creative it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CreativeKind {
    Video,
    Carousel,
    SparkPost,
    /// Nothing smartplus recognises (a catalog creative, a row without material).
    Other,
}

impl CreativeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CreativeKind::Video => "video",
            CreativeKind::Carousel => "carousel",
            CreativeKind::SparkPost => "spark_post",
            CreativeKind::Other => "other",
        }
    }
}

/// One creative of an ad.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreativeStatus {
    pub source: Source,
    pub kind: CreativeKind,
    /// What it shows: the video id, the post id, the carousel's images.
    pub material: Vec<String>,
    /// Its id: `ad_material_id` on the Smart+ read; the manual read's `ad_id` for
    /// one TikTok added.
    pub id: Option<String>,
    /// The manual read's name for one TikTok added (it has no other).
    pub name: Option<String>,
    /// `material_operation_status` is not `DISABLE`.
    pub enabled: bool,
}

/// The video id TikTok reads back for a creative without a video of its own.
const NO_VIDEO: &str = "N/A";

fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Kind and material of a `creative_info` on the Smart+ read.
fn of_info(info: &Value) -> (CreativeKind, Vec<String>) {
    if let Some(post) = text(info, "tiktok_item_id") {
        return (CreativeKind::SparkPost, vec![post]);
    }
    let images: Vec<String> = info
        .get("image_info")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|i| text(i, "web_uri"))
        .collect();
    if info.get("ad_format").and_then(Value::as_str) == Some("CAROUSEL_ADS") {
        return (CreativeKind::Carousel, images);
    }
    match info
        .get("video_info")
        .and_then(|v| text(v, "video_id"))
        .filter(|v| v != NO_VIDEO)
    {
        Some(video) => (CreativeKind::Video, vec![video]),
        None => (CreativeKind::Other, Vec::new()),
    }
}

/// Kind and material of a manual `ad/get/` row (flat `video_id`, `image_ids`,
/// `tiktok_item_id`).
fn of_manual(row: &Value) -> (CreativeKind, Vec<String>) {
    if let Some(post) = text(row, "tiktok_item_id") {
        return (CreativeKind::SparkPost, vec![post]);
    }
    if let Some(video) = text(row, "video_id").filter(|v| v != NO_VIDEO) {
        return (CreativeKind::Video, vec![video]);
    }
    let images: Vec<String> = row
        .get("image_ids")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|i| i.as_str().map(str::to_owned))
        .collect();
    if images.is_empty() {
        (CreativeKind::Other, Vec::new())
    } else {
        (CreativeKind::Carousel, images)
    }
}

/// Kind and material of a spec creative.
fn of_spec(c: &Creative) -> (CreativeKind, Vec<String>) {
    if let Some(v) = &c.video {
        // A file is its id once media are resolved; unresolved, it matches nothing.
        (
            CreativeKind::Video,
            v.id.iter().map(|id| id.value.clone()).collect(),
        )
    } else if let Some(car) = &c.carousel {
        (
            CreativeKind::Carousel,
            car.images.iter().map(|i| i.value.clone()).collect(),
        )
    } else if let Some(post) = &c.spark_post {
        (CreativeKind::SparkPost, vec![post.value.clone()])
    } else {
        (CreativeKind::Other, Vec::new())
    }
}

/// The creatives of one Smart+ ad (`raw`, as `smart_plus/ad/get/` reads it), by
/// source: `spec` is its spec when one names it; `manual` are the manual read's
/// rows of this ad (`None` when that read failed: TikTok's own creatives are then
/// unknown, not absent).
pub fn classify(raw: &Value, spec: Option<&Ad>, manual: Option<&[&Value]>) -> Vec<CreativeStatus> {
    let named: Vec<(CreativeKind, Vec<String>)> = spec
        .map(|a| a.creatives.iter().map(|c| of_spec(c)).collect())
        .unwrap_or_default();
    let mut out: Vec<CreativeStatus> = raw
        .get("creative_list")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|item| {
            let info = item.get("creative_info").unwrap_or(item);
            let (kind, material) = of_info(info);
            let in_spec = kind != CreativeKind::Other
                && named.iter().any(|(k, m)| *k == kind && *m == material);
            CreativeStatus {
                source: if in_spec {
                    Source::Spec
                } else {
                    Source::Selected
                },
                kind,
                material,
                id: text(item, "ad_material_id").or_else(|| text(info, "smart_plus_creative_id")),
                name: None,
                enabled: item
                    .get("material_operation_status")
                    .and_then(Value::as_str)
                    .and_then(OperationStatus::from_wire)
                    != Some(OperationStatus::Disable),
            }
        })
        .collect();
    let selected = out.len();
    for row in manual.into_iter().flatten() {
        let id = text(row, "ad_id");
        let (kind, material) = of_manual(row);
        let known = out[..selected].iter().any(|c| {
            (id.is_some() && c.id == id)
                || (kind != CreativeKind::Other && c.kind == kind && c.material == material)
        });
        if known {
            continue;
        }
        out.push(CreativeStatus {
            source: Source::Platform,
            kind,
            material,
            id,
            name: text(row, "ad_name"),
            enabled: OperationStatus::of(row) != Some(OperationStatus::Disable),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Sp;
    use crate::spec::model::Video;
    use serde_json::json;

    fn video(id: &str) -> Sp<Creative> {
        Sp::new(Creative {
            video: Some(Sp::new(Video {
                id: Some(Sp::new(id.into())),
                file: None,
                cover: None,
            })),
            ..Creative::default()
        })
    }

    #[test]
    fn spec_selected_and_platform_creatives_are_told_apart() {
        let raw = json!({"smart_plus_ad_id": "5", "creative_list": [
            {"ad_material_id": "11", "material_operation_status": "ENABLE",
             "creative_info": {"ad_format": "SINGLE_VIDEO", "video_info": {"video_id": "v-spec"},
                               "image_info": [{"web_uri": "cover"}]}},
            {"ad_material_id": "12", "material_operation_status": "DISABLE",
             "creative_info": {"ad_format": "SINGLE_VIDEO", "tiktok_item_id": "post-1",
                               "video_info": {"video_id": "N/A"}}},
            {"ad_material_id": "13",
             "creative_info": {"ad_format": "CAROUSEL_ADS",
                               "image_info": [{"web_uri": "i1"}, {"web_uri": "i2"}]}},
        ]});
        let spec = Ad {
            creatives: Sp::new(vec![video("v-spec")]),
            ..Ad::default()
        };
        let rows = [
            json!({"ad_id": "11", "smart_plus_ad_id": "5", "video_id": "v-spec"}),
            // Same material under another id: still the selected carousel.
            json!({"ad_id": "99", "smart_plus_ad_id": "5", "image_ids": ["i1", "i2"]}),
            json!({"ad_id": "12", "smart_plus_ad_id": "5", "tiktok_item_id": "post-1"}),
            json!({"ad_id": "95", "smart_plus_ad_id": "5", "ad_name": "auto_Hero",
                   "video_id": null, "image_ids": []}),
        ];
        let manual: Vec<&Value> = rows.iter().collect();
        let out = classify(&raw, Some(&spec), Some(&manual));
        let got: Vec<(Source, CreativeKind, Option<&str>, bool)> = out
            .iter()
            .map(|c| (c.source, c.kind, c.id.as_deref(), c.enabled))
            .collect();
        assert_eq!(
            got,
            [
                (Source::Spec, CreativeKind::Video, Some("11"), true),
                (Source::Selected, CreativeKind::SparkPost, Some("12"), false),
                (Source::Selected, CreativeKind::Carousel, Some("13"), true),
                (Source::Platform, CreativeKind::Other, Some("95"), true),
            ]
        );
        assert_eq!(out[3].name.as_deref(), Some("auto_Hero"));
        assert_eq!(out[2].material, ["i1", "i2"]);
        // Without the manual read, TikTok's own are unknown: nothing is invented.
        assert_eq!(classify(&raw, None, None).len(), 3);
        assert!(
            classify(&raw, None, None)
                .iter()
                .all(|c| c.source == Source::Selected)
        );
    }
}
