//! SP107: a carousel has 1 to 35 images and exactly one music track.

use crate::facts::MAX_CAROUSEL_IMAGES;
use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ads};

pub(super) struct Carousel;

static INFO: RuleInfo = RuleInfo {
    code: "SP107",
    name: "carousel",
    severity: Severity::Error,
    summary: "a carousel has 1 to 35 images and exactly one music track",
};

impl Rule for Carousel {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, _, ad) in ads(file) {
            for creative in ad.creatives.iter() {
                let Some(carousel) = &creative.carousel else {
                    continue;
                };
                // Files stand in for ids (SP141 refuses both at once).
                let (n, pos) = match &carousel.files {
                    Some(files) if carousel.images.is_empty() => (files.len(), files.pos),
                    _ => (carousel.images.len(), carousel.images.pos),
                };
                let pos = crate::spec::rules::list_pos_or(pos, carousel.pos);
                if n == 0 {
                    out.report(
                        &INFO,
                        pos,
                        format!("a carousel in ad `{}` has no images", ad.name.value),
                        "empty",
                        format!("a carousel takes 1 to {MAX_CAROUSEL_IMAGES} image ids"),
                    );
                } else if n > MAX_CAROUSEL_IMAGES {
                    out.report(
                        &INFO,
                        pos,
                        format!(
                            "a carousel in ad `{}` has {n} images, more than {MAX_CAROUSEL_IMAGES}",
                            ad.name.value
                        ),
                        format!("{n} images"),
                        format!(
                            "a carousel takes at most {MAX_CAROUSEL_IMAGES} images; split them \
                             over two carousels"
                        ),
                    );
                }
                match &carousel.music {
                    None => out.report(
                        &INFO,
                        carousel.pos,
                        format!("a carousel in ad `{}` has no music", ad.name.value),
                        "no `music`",
                        "a carousel needs exactly one music track: add `music: <music id>`",
                    ),
                    Some(music) if music.trim().is_empty() => out.report(
                        &INFO,
                        music.pos,
                        format!("a carousel in ad `{}` has an empty music id", ad.name.value),
                        "empty",
                        "a carousel needs exactly one music track: give its music id",
                    ),
                    Some(_) => {}
                }
            }
        }
    }
}
