//! What a media file is, read from its first bytes and its container headers: the
//! format (by content, never by extension), the size, and where the container
//! says so cheaply, the picture's width and height and the video's duration.
//!
//! Every file is hostile: reads are bounded (a header is at most a few KiB, a
//! `moov` box at most [`MAX_MOOV_BYTES`]), box and marker walks stop after a fixed
//! number of steps, and no length read from the file is trusted for arithmetic
//! without checking. Nothing here panics on any input (a property test feeds it
//! noise). It holds no rules: `spec` rules and the emulator judge the facts it
//! reads, each with its own code.

mod image;
mod mp4;

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// The media formats recognised by their content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Mp4,
    Mov,
    ThreeGp,
    Mpeg,
    Avi,
    Jpeg,
    Png,
    Gif,
    Webp,
}

impl Format {
    /// How people call it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Mp4 => "MP4",
            Format::Mov => "QuickTime MOV",
            Format::ThreeGp => "3GP",
            Format::Mpeg => "MPEG",
            Format::Avi => "AVI",
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Gif => "GIF",
            Format::Webp => "WebP",
        }
    }

    /// The lowercase word TikTok's info answers use (`format`).
    pub fn wire(self) -> &'static str {
        match self {
            Format::Mp4 => "mp4",
            Format::Mov => "mov",
            Format::ThreeGp => "3gp",
            Format::Mpeg => "mpeg",
            Format::Avi => "avi",
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::Gif => "gif",
            Format::Webp => "webp",
        }
    }

    pub fn is_video(self) -> bool {
        matches!(
            self,
            Format::Mp4 | Format::Mov | Format::ThreeGp | Format::Mpeg | Format::Avi
        )
    }

    /// A format TikTok takes for ad videos (`.mp4/.mov/.mpeg/.3gp/.avi`).
    pub fn uploadable_video(self) -> bool {
        self.is_video()
    }

    /// A format TikTok takes for ad images (JPEG or PNG).
    pub fn uploadable_image(self) -> bool {
        matches!(self, Format::Jpeg | Format::Png)
    }

    /// The MIME type an upload's file part carries.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Mp4 => "video/mp4",
            Format::Mov => "video/quicktime",
            Format::ThreeGp => "video/3gpp",
            Format::Mpeg => "video/mpeg",
            Format::Avi => "video/x-msvideo",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Gif => "image/gif",
            Format::Webp => "image/webp",
        }
    }
}

/// What was read about one file.
#[derive(Clone, Debug, PartialEq)]
pub struct Probe {
    pub format: Format,
    /// Bytes.
    pub size: u64,
    /// Pixels as shown (a rotated phone video counts as portrait).
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Seconds, for videos whose container says.
    pub duration: Option<f64>,
}

impl Probe {
    /// Width and height, when both are known and not zero.
    pub fn dimensions(&self) -> Option<(u32, u32)> {
        match (self.width, self.height) {
            (Some(w), Some(h)) if w > 0 && h > 0 => Some((w, h)),
            _ => None,
        }
    }
}

/// Why a file could not be probed.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    #[error("{0}")]
    Read(#[from] crate::files::ReadError),
    #[error(
        "it is not a video or image format smartplus recognises (MP4, MOV, 3GP, MPEG, AVI, JPEG, PNG, GIF, WebP)"
    )]
    Unknown,
    #[error("it looks like {} but {what}", .format.name())]
    Malformed { format: Format, what: String },
}

impl From<std::io::Error> for ProbeError {
    fn from(e: std::io::Error) -> Self {
        ProbeError::Read(crate::files::ReadError::Io(e))
    }
}

/// Largest file probed: the largest upload TikTok takes, with room to say by how
/// much a file is too large (the size check is the caller's).
pub const MAX_PROBE_BYTES: u64 = 1 << 40;

/// Largest `moov` box read into memory (a two-hour film's is a few MiB).
pub const MAX_MOOV_BYTES: u64 = 64 << 20;

/// Probes a file on disk: a regular file (symlinks followed), read in bounded pieces.
pub fn probe_path(path: &Path) -> Result<Probe, ProbeError> {
    let (file, size) = crate::files::open_regular(path, MAX_PROBE_BYTES)?;
    probe(&mut std::io::BufReader::new(file), size)
}

/// Probes bytes held in memory (an upload the emulator received).
pub fn probe_bytes(bytes: &[u8]) -> Result<Probe, ProbeError> {
    probe(&mut std::io::Cursor::new(bytes), bytes.len() as u64)
}

/// Probes `size` bytes of `src`, from its start.
pub fn probe<R: Read + Seek>(src: &mut R, size: u64) -> Result<Probe, ProbeError> {
    src.seek(SeekFrom::Start(0))?;
    let head = read_up_to(src, 64)?;
    let format = sniff(&head).ok_or(ProbeError::Unknown)?;
    let mut probe = Probe {
        format,
        size,
        width: None,
        height: None,
        duration: None,
    };
    match format {
        Format::Mp4 | Format::Mov | Format::ThreeGp => mp4::read(src, size, &mut probe)?,
        Format::Avi => image::avi(src, &mut probe)?,
        Format::Mpeg => {}
        Format::Jpeg => image::jpeg(src, size, &mut probe)?,
        Format::Png | Format::Gif | Format::Webp => image::header(&head, &mut probe)?,
    }
    Ok(probe)
}

/// The format from the first bytes.
fn sniff(head: &[u8]) -> Option<Format> {
    let at = |i: usize, magic: &[u8]| head.get(i..i + magic.len()) == Some(magic);
    if at(0, b"\x89PNG\r\n\x1a\n") {
        return Some(Format::Png);
    }
    if at(0, b"\xff\xd8\xff") {
        return Some(Format::Jpeg);
    }
    if at(0, b"GIF87a") || at(0, b"GIF89a") {
        return Some(Format::Gif);
    }
    if at(0, b"RIFF") && at(8, b"WEBP") {
        return Some(Format::Webp);
    }
    if at(0, b"RIFF") && at(8, b"AVI ") {
        return Some(Format::Avi);
    }
    if at(0, b"\x00\x00\x01\xba") || at(0, b"\x00\x00\x01\xb3") {
        return Some(Format::Mpeg);
    }
    if at(4, b"ftyp") {
        let brand = head.get(8..12)?;
        return Some(if brand == b"qt  " {
            Format::Mov
        } else if brand.starts_with(b"3g") {
            Format::ThreeGp
        } else {
            Format::Mp4
        });
    }
    // Old QuickTime files start with a box other than `ftyp`.
    if at(4, b"moov") || at(4, b"mdat") || at(4, b"wide") || at(4, b"free") {
        return Some(Format::Mov);
    }
    None
}

/// Reads up to `n` bytes (fewer at the end of the file).
fn read_up_to<R: Read>(src: &mut R, n: u64) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    src.take(n).read_to_end(&mut buf)?;
    Ok(buf)
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn be64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 3)?;
    Some(u32::from(s[0]) | u32::from(s[1]) << 8 | u32::from(s[2]) << 16)
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The aspect ratio of TikTok's list `(w, h, min w, min h)` a picture of `width`×`height` is, within
/// [`crate::facts::RATIO_TOLERANCE`].
pub fn ratio_of(width: u32, height: u32) -> Option<(u32, u32, u32, u32)> {
    if width == 0 || height == 0 {
        return None;
    }
    let r = f64::from(width) / f64::from(height);
    crate::facts::VIDEO_RATIOS
        .iter()
        .copied()
        .find(|(w, h, _, _)| {
            let want = f64::from(*w) / f64::from(*h);
            (r - want).abs() / want <= crate::facts::RATIO_TOLERANCE
        })
}

pub mod samples;

#[cfg(test)]
mod tests {
    use super::samples::*;
    use super::*;

    #[test]
    fn formats_are_told_by_content() {
        let png = probe_bytes(&png(720, 1280)).unwrap();
        assert_eq!(png.format, Format::Png);
        assert_eq!(png.dimensions(), Some((720, 1280)));
        let jpg = probe_bytes(&jpeg(640, 480)).unwrap();
        assert_eq!(
            (jpg.format, jpg.dimensions()),
            (Format::Jpeg, Some((640, 480)))
        );
        let gif = probe_bytes(&gif(10, 20)).unwrap();
        assert_eq!(
            (gif.format, gif.dimensions()),
            (Format::Gif, Some((10, 20)))
        );
        for webp in [webp_vp8x(300, 200), webp_vp8l(300, 200), webp_vp8(300, 200)] {
            let p = probe_bytes(&webp).unwrap();
            assert_eq!((p.format, p.dimensions()), (Format::Webp, Some((300, 200))));
        }
        let mp4 = probe_bytes(&mp4(720, 1280, 6.5, false)).unwrap();
        assert_eq!(mp4.format, Format::Mp4);
        assert_eq!(mp4.dimensions(), Some((720, 1280)));
        assert_eq!(mp4.duration, Some(6.5));
        let avi = probe_bytes(&avi(640, 640, 100, 40_000)).unwrap();
        assert_eq!(
            (avi.format, avi.dimensions()),
            (Format::Avi, Some((640, 640)))
        );
        assert_eq!(avi.duration, Some(4.0));
        assert!(matches!(
            probe_bytes(b"name: not a video"),
            Err(ProbeError::Unknown)
        ));
        assert!(matches!(probe_bytes(b""), Err(ProbeError::Unknown)));
    }

    #[test]
    fn a_rotated_phone_video_is_portrait() {
        let p = probe_bytes(&mp4(1280, 720, 10.0, true)).unwrap();
        assert_eq!(p.dimensions(), Some((720, 1280)));
    }

    #[test]
    fn a_moov_after_the_media_data_is_found() {
        let mut bytes = mp4(720, 1280, 8.0, false);
        // Move `moov` behind a large `mdat`: the walk seeks past it.
        let moov_at = bytes.windows(4).position(|w| w == b"moov").unwrap() - 4;
        let moov = bytes.split_off(moov_at);
        let mut mdat = (8u32 + 100_000).to_be_bytes().to_vec();
        mdat.extend_from_slice(b"mdat");
        mdat.resize(100_008, 0);
        bytes.extend(mdat);
        bytes.extend(moov);
        let p = probe_bytes(&bytes).unwrap();
        assert_eq!(p.duration, Some(8.0));
    }

    #[test]
    fn broken_containers_are_named_not_panicked_on() {
        let good = mp4(720, 1280, 6.0, false);
        for cut in [9, 20, 40, good.len() - 10] {
            let r = probe_bytes(&good[..cut]);
            assert!(r.is_err() || r.is_ok_and(|p| p.format == Format::Mp4));
        }
        let mut no_moov = b"\x00\x00\x00\x10ftypisom\x00\x00\x00\x00".to_vec();
        no_moov.extend_from_slice(b"\x00\x00\x00\x08free");
        assert!(matches!(
            probe_bytes(&no_moov),
            Err(ProbeError::Malformed {
                format: Format::Mp4,
                ..
            })
        ));
        let png = png(1, 1);
        assert!(matches!(
            probe_bytes(&png[..12]),
            Err(ProbeError::Malformed {
                format: Format::Png,
                ..
            })
        ));
        // A box claiming to be larger than the file.
        let mut lying = b"\x00\x00\x00\x10ftypisom\x00\x00\x00\x00".to_vec();
        lying.extend_from_slice(b"\xff\xff\xff\xf0moov");
        assert!(probe_bytes(&lying).is_err());
    }

    #[test]
    fn ratios_are_tiktok_s_three() {
        assert_eq!(ratio_of(1080, 1920).map(|r| (r.0, r.1)), Some((9, 16)));
        assert_eq!(ratio_of(720, 720).map(|r| (r.0, r.1)), Some((1, 1)));
        assert_eq!(ratio_of(1920, 1080).map(|r| (r.0, r.1)), Some((16, 9)));
        assert_eq!(ratio_of(640, 480), None);
        assert_eq!(ratio_of(0, 480), None);
    }

    proptest::proptest! {
        #[test]
        fn noise_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
            let _ = probe_bytes(&bytes);
        }

        #[test]
        fn damaged_samples_never_panic(flip in 0usize..400, byte in proptest::prelude::any::<u8>()) {
            for mut sample in [mp4(720, 1280, 6.0, true), jpeg(20, 30), png(3, 4), avi(9, 9, 1, 1), webp_vp8x(2, 2)] {
                if let Some(b) = sample.get_mut(flip) {
                    *b = byte;
                }
                let _ = probe_bytes(&sample);
            }
        }
    }
}
