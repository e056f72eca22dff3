//! Picture sizes from image headers (PNG, GIF, WebP from the first bytes; JPEG by
//! walking its markers to the frame header) and from an AVI's main header.

use std::io::{Read, Seek, SeekFrom};

use super::{Format, Probe, ProbeError, be16, be32, le16, le24, le32, read_up_to};

/// Most JPEG markers walked before the frame header must have come.
const MAX_JPEG_MARKERS: usize = 1024;
/// How far into an AVI its main header (`avih`) is looked for.
const AVI_HEADER_BYTES: u64 = 4096;

fn bad(format: Format, what: &str) -> ProbeError {
    ProbeError::Malformed {
        format,
        what: what.to_owned(),
    }
}

/// PNG, GIF and WebP: the size is in the first 30 bytes.
pub(super) fn header(head: &[u8], probe: &mut Probe) -> Result<(), ProbeError> {
    let format = probe.format;
    let short = || bad(format, "its header is cut short");
    let (w, h) = match format {
        Format::Png => {
            if head.get(12..16) != Some(b"IHDR") {
                return Err(bad(format, "it has no `IHDR` header first"));
            }
            (
                be32(head, 16).ok_or_else(short)?,
                be32(head, 20).ok_or_else(short)?,
            )
        }
        Format::Gif => (
            u32::from(le16(head, 6).ok_or_else(short)?),
            u32::from(le16(head, 8).ok_or_else(short)?),
        ),
        Format::Webp => match head.get(12..16).ok_or_else(short)? {
            b"VP8 " => {
                if head.get(23..26) != Some(b"\x9d\x01\x2a") {
                    return Err(bad(format, "its VP8 frame has no start code"));
                }
                (
                    u32::from(le16(head, 26).ok_or_else(short)? & 0x3fff),
                    u32::from(le16(head, 28).ok_or_else(short)? & 0x3fff),
                )
            }
            b"VP8L" => {
                let bits = le32(head, 21).ok_or_else(short)?;
                (1 + (bits & 0x3fff), 1 + ((bits >> 14) & 0x3fff))
            }
            b"VP8X" => (
                1 + le24(head, 24).ok_or_else(short)?,
                1 + le24(head, 27).ok_or_else(short)?,
            ),
            _ => return Err(bad(format, "its first chunk is not VP8, VP8L or VP8X")),
        },
        _ => return Ok(()),
    };
    probe.width = Some(w);
    probe.height = Some(h);
    Ok(())
}

/// JPEG: markers are walked (each segment skipped by its length) to the first
/// start-of-frame, which holds the size.
pub(super) fn jpeg<R: Read + Seek>(
    src: &mut R,
    size: u64,
    probe: &mut Probe,
) -> Result<(), ProbeError> {
    let format = Format::Jpeg;
    let mut at = 2u64;
    for _ in 0..MAX_JPEG_MARKERS {
        src.seek(SeekFrom::Start(at))?;
        let b = read_up_to(src, 16)?;
        // Fill bytes (0xFF) may precede a marker.
        let Some(skip) = b.iter().position(|x| *x != 0xff) else {
            return Err(bad(format, "it ends before its frame header"));
        };
        if skip == 0 {
            return Err(bad(format, "a segment does not start with a marker"));
        }
        let marker = b[skip];
        at += skip as u64 + 1;
        match marker {
            // Markers without a segment.
            0x01 | 0xd0..=0xd7 => continue,
            0xd9 | 0xda => return Err(bad(format, "its image data starts before a frame header")),
            _ => {}
        }
        let seg = &b[skip + 1..];
        let len = u64::from(be16(seg, 0).ok_or_else(|| bad(format, "a segment is cut short"))?);
        if len < 2 || at + len > size {
            return Err(bad(format, "a segment is longer than the file"));
        }
        let frame = matches!(marker, 0xc0..=0xcf) && !matches!(marker, 0xc4 | 0xc8 | 0xcc);
        if frame {
            let h = be16(seg, 3).ok_or_else(|| bad(format, "its frame header is cut short"))?;
            let w = be16(seg, 5).ok_or_else(|| bad(format, "its frame header is cut short"))?;
            probe.width = Some(u32::from(w));
            probe.height = Some(u32::from(h));
            return Ok(());
        }
        at += len;
    }
    Err(bad(format, "no frame header within its first segments"))
}

/// AVI: the main header (`avih`) gives frame time, frame count and size.
pub(super) fn avi<R: Read + Seek>(src: &mut R, probe: &mut Probe) -> Result<(), ProbeError> {
    src.seek(SeekFrom::Start(0))?;
    let head = read_up_to(src, AVI_HEADER_BYTES)?;
    let Some(at) = head.windows(4).position(|w| w == b"avih") else {
        return Err(bad(Format::Avi, "it has no main header (`avih`)"));
    };
    let body = at + 8;
    let short = || bad(Format::Avi, "its main header is cut short");
    let micros = le32(&head, body).ok_or_else(short)?;
    let frames = le32(&head, body + 16).ok_or_else(short)?;
    probe.width = Some(le32(&head, body + 32).ok_or_else(short)?);
    probe.height = Some(le32(&head, body + 36).ok_or_else(short)?);
    if micros > 0 && frames > 0 {
        probe.duration = Some(f64::from(frames) * f64::from(micros) / 1_000_000.0);
    }
    Ok(())
}
