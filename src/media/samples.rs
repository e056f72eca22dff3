//! Small files whose headers say what a test needs (format, size, duration):
//! enough for [`super::probe`] and the emulator, not pictures a player could show.
//! Tests and benchmarks build their media with these; `campaigns/assets/` holds
//! real, playable ones.

/// A PNG header of `w`×`h` pixels (an `IHDR` and an empty image end).
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut b, *b"IHDR", &ihdr);
    chunk(&mut b, *b"IEND", &[]);
    b
}

fn chunk(out: &mut Vec<u8>, kind: [u8; 4], data: &[u8]) {
    let len = u32::try_from(data.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&kind);
    out.extend_from_slice(data);
    // The CRC is not checked by anything that reads these.
    out.extend_from_slice(&[0, 0, 0, 0]);
}

/// A JPEG of `w`×`h` pixels: an APP0 segment, then a baseline frame header.
pub fn jpeg(w: u16, h: u16) -> Vec<u8> {
    let mut b = vec![0xff, 0xd8];
    b.extend_from_slice(&[0xff, 0xe0, 0x00, 0x10]);
    b.extend_from_slice(b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00");
    b.extend_from_slice(&[0xff, 0xc0, 0x00, 0x11, 0x08]);
    b.extend_from_slice(&h.to_be_bytes());
    b.extend_from_slice(&w.to_be_bytes());
    b.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    b.extend_from_slice(&[0xff, 0xd9]);
    b
}

/// A GIF header of `w`×`h` pixels.
pub fn gif(w: u16, h: u16) -> Vec<u8> {
    let mut b = b"GIF89a".to_vec();
    b.extend_from_slice(&w.to_le_bytes());
    b.extend_from_slice(&h.to_le_bytes());
    b.extend_from_slice(&[0, 0, 0, 0x3b]);
    b
}

fn riff(form: [u8; 4], body: &[u8]) -> Vec<u8> {
    let mut b = b"RIFF".to_vec();
    let len = u32::try_from(body.len() + 4).unwrap_or(u32::MAX);
    b.extend_from_slice(&len.to_le_bytes());
    b.extend_from_slice(&form);
    b.extend_from_slice(body);
    b
}

/// A WebP (extended format) of `w`×`h` pixels.
pub fn webp_vp8x(w: u32, h: u32) -> Vec<u8> {
    let mut body = b"VP8X".to_vec();
    body.extend_from_slice(&10u32.to_le_bytes());
    body.extend_from_slice(&[0, 0, 0, 0]);
    body.extend_from_slice(&(w - 1).to_le_bytes()[..3]);
    body.extend_from_slice(&(h - 1).to_le_bytes()[..3]);
    riff(*b"WEBP", &body)
}

/// A lossless WebP of `w`×`h` pixels.
pub fn webp_vp8l(w: u32, h: u32) -> Vec<u8> {
    let mut body = b"VP8L".to_vec();
    body.extend_from_slice(&5u32.to_le_bytes());
    body.push(0x2f);
    let bits = (w - 1) | ((h - 1) << 14);
    body.extend_from_slice(&bits.to_le_bytes());
    riff(*b"WEBP", &body)
}

/// A lossy WebP of `w`×`h` pixels.
pub fn webp_vp8(w: u16, h: u16) -> Vec<u8> {
    let mut body = b"VP8 ".to_vec();
    body.extend_from_slice(&10u32.to_le_bytes());
    body.extend_from_slice(&[0, 0, 0, 0x9d, 0x01, 0x2a]);
    body.extend_from_slice(&w.to_le_bytes());
    body.extend_from_slice(&h.to_le_bytes());
    riff(*b"WEBP", &body)
}

/// An AVI whose main header says `w`×`h`, `frames` frames of `micros` µs each.
pub fn avi(w: u32, h: u32, frames: u32, micros: u32) -> Vec<u8> {
    let mut avih = b"avih".to_vec();
    avih.extend_from_slice(&56u32.to_le_bytes());
    let mut fields = [0u32; 14];
    fields[0] = micros;
    fields[4] = frames;
    fields[8] = w;
    fields[9] = h;
    for f in fields {
        avih.extend_from_slice(&f.to_le_bytes());
    }
    let mut list = b"LIST".to_vec();
    list.extend_from_slice(&u32::try_from(avih.len() + 4).unwrap_or(0).to_le_bytes());
    list.extend_from_slice(b"hdrl");
    list.extend_from_slice(&avih);
    riff(*b"AVI ", &list)
}

fn boxed(kind: [u8; 4], body: &[u8]) -> Vec<u8> {
    let mut b = u32::try_from(body.len() + 8)
        .unwrap_or(u32::MAX)
        .to_be_bytes()
        .to_vec();
    b.extend_from_slice(&kind);
    b.extend_from_slice(body);
    b
}

/// An MP4 with one video track of `w`×`h` lasting `seconds` (at a 1000 Hz time
/// scale); `rotated` stores it turned a quarter, as phones do.
pub fn mp4(w: u16, h: u16, seconds: f64, rotated: bool) -> Vec<u8> {
    let mut out = boxed(*b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41");
    let mut mvhd = vec![0u8; 100];
    mvhd[12..16].copy_from_slice(&1000u32.to_be_bytes());
    // Whole milliseconds: the float is a test's round figure.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let ms = (seconds * 1000.0).round() as u32;
    mvhd[16..20].copy_from_slice(&ms.to_be_bytes());
    let mut tkhd = vec![0u8; 84];
    let (a, d) = if rotated {
        (0u32, 0u32)
    } else {
        (0x0001_0000, 0x0001_0000)
    };
    tkhd[40..44].copy_from_slice(&a.to_be_bytes());
    tkhd[56..60].copy_from_slice(&d.to_be_bytes());
    tkhd[76..78].copy_from_slice(&w.to_be_bytes());
    tkhd[80..82].copy_from_slice(&h.to_be_bytes());
    let mut hdlr = vec![0u8; 24];
    hdlr[8..12].copy_from_slice(b"vide");
    let mdia = boxed(*b"mdia", &boxed(*b"hdlr", &hdlr));
    let mut trak = boxed(*b"tkhd", &tkhd);
    trak.extend(mdia);
    let mut moov = boxed(*b"mvhd", &mvhd);
    moov.extend(boxed(*b"trak", &trak));
    out.extend(boxed(*b"moov", &moov));
    out.extend(boxed(*b"mdat", &[0u8; 16]));
    out
}
