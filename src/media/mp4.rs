//! ISO base media files (MP4, MOV, 3GP): the top-level boxes are walked by their
//! headers (seeking past `mdat`, never reading it), `moov` is read whole up to
//! [`super::MAX_MOOV_BYTES`], and from it `mvhd` (duration) and the video track's
//! `tkhd` (size and rotation).

use std::io::{Read, Seek, SeekFrom};

use super::{Format, Probe, ProbeError, be16, be32, be64, read_up_to};

/// Most top-level boxes looked at before giving up on finding `moov`.
const MAX_TOP_BOXES: usize = 4096;
/// Most boxes looked at inside `moov` (tracks, their media, …).
const MAX_INNER_BOXES: usize = 65_536;

pub(super) fn read<R: Read + Seek>(
    src: &mut R,
    size: u64,
    probe: &mut Probe,
) -> Result<(), ProbeError> {
    let format = probe.format;
    let bad = |what: &str| ProbeError::Malformed {
        format,
        what: what.to_owned(),
    };
    let mut at = 0u64;
    for _ in 0..MAX_TOP_BOXES {
        if at >= size {
            break;
        }
        src.seek(SeekFrom::Start(at))?;
        let header = read_up_to(src, 16)?;
        if header.len() < 8 {
            return Err(bad("its last box is cut short"));
        }
        let small = u64::from(be32(&header, 0).unwrap_or(0));
        let kind = &header[4..8];
        let (len, header_len) = match small {
            0 => (size - at, 8),
            1 => (
                be64(&header, 8).ok_or_else(|| bad("a box's 64-bit size is cut short"))?,
                16,
            ),
            n => (n, 8),
        };
        if len < header_len || len > size - at {
            return Err(bad(&format!(
                "a `{}` box claims {len} bytes, more than the file holds",
                printable(kind)
            )));
        }
        if kind == b"moov" {
            let body = len - header_len;
            if body > super::MAX_MOOV_BYTES {
                return Err(bad(&format!(
                    "its `moov` box is larger than {}",
                    crate::files::size(super::MAX_MOOV_BYTES)
                )));
            }
            src.seek(SeekFrom::Start(at + header_len))?;
            let moov = read_up_to(src, body)?;
            return movie(&moov, probe).map_err(|what| bad(&what));
        }
        at += len;
    }
    Err(bad(
        "it has no `moov` box (the file may be incomplete, or still being written)",
    ))
}

/// A box: its type and body.
type Child<'a> = ([u8; 4], &'a [u8]);

/// The children of a box body, in order; a broken one is an error.
fn children<'a>(body: &'a [u8], budget: &mut usize) -> Result<Vec<Child<'a>>, String> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while at + 8 <= body.len() {
        if *budget == 0 {
            return Err("its `moov` box holds too many boxes".into());
        }
        *budget -= 1;
        let small = be32(body, at).unwrap_or(0) as usize;
        let mut kind = [0u8; 4];
        kind.copy_from_slice(&body[at + 4..at + 8]);
        let (len, header) = match small {
            0 => (body.len() - at, 8),
            1 => {
                let big = be64(body, at + 8).ok_or("a box's 64-bit size is cut short")?;
                (usize::try_from(big).unwrap_or(usize::MAX), 16)
            }
            n => (n, 8),
        };
        if len < header || len > body.len() - at {
            return Err(format!(
                "a `{}` box inside `moov` claims more bytes than it has",
                printable(&kind)
            ));
        }
        out.push((kind, &body[at + header..at + len]));
        at += len;
    }
    Ok(out)
}

fn movie(moov: &[u8], probe: &mut Probe) -> Result<(), String> {
    let mut budget = MAX_INNER_BOXES;
    for (kind, body) in children(moov, &mut budget)? {
        match &kind {
            b"mvhd" => probe.duration = movie_duration(body),
            b"trak" => {
                if let Some((w, h)) = video_track(body, &mut budget)? {
                    // The first video track is the picture.
                    if probe.width.is_none() {
                        probe.width = Some(w);
                        probe.height = Some(h);
                    }
                }
            }
            _ => {}
        }
    }
    if probe.format != Format::Mov && probe.duration.is_none() {
        return Err("its `moov` box has no readable `mvhd` header".into());
    }
    Ok(())
}

/// `mvhd`: duration in seconds (version 0 has 32-bit times, version 1 64-bit).
fn movie_duration(b: &[u8]) -> Option<f64> {
    let (scale, duration) = match b.first()? {
        0 => (be32(b, 12)?, u64::from(be32(b, 16)?)),
        1 => (be32(b, 20)?, be64(b, 24)?),
        _ => return None,
    };
    if scale == 0 || duration == u64::MAX || (duration == u64::from(u32::MAX)) {
        return None;
    }
    Some(duration as f64 / f64::from(scale))
}

/// A track's picture size when it is a video track (`hdlr` says `vide`), as shown:
/// a 90° rotation in the matrix swaps width and height.
fn video_track(trak: &[u8], budget: &mut usize) -> Result<Option<(u32, u32)>, String> {
    let mut size = None;
    let mut video = false;
    for (kind, body) in children(trak, budget)? {
        match &kind {
            b"tkhd" => size = track_size(body),
            b"mdia" => {
                for (k, b) in children(body, budget)? {
                    if &k == b"hdlr" && b.get(8..12) == Some(b"vide") {
                        video = true;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(size.filter(|_| video))
}

fn track_size(b: &[u8]) -> Option<(u32, u32)> {
    // Version 0: 32-bit times and duration; version 1: 64-bit.
    let matrix = match b.first()? {
        0 => 40,
        1 => 52,
        _ => return None,
    };
    let a = be32(b, matrix)?;
    let d = be32(b, matrix + 16)?;
    let w = u32::from(be16(b, matrix + 36)?);
    let h = u32::from(be16(b, matrix + 40)?);
    // a = d = 0 (cos 90° in 16.16): the picture is turned a quarter.
    Some(if a == 0 && d == 0 { (h, w) } else { (w, h) })
}

fn printable(kind: &[u8]) -> String {
    kind.iter()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(*b)
            } else {
                '?'
            }
        })
        .collect()
}
