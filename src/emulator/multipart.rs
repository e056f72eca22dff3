//! `multipart/form-data` bodies, as TikTok's upload endpoints take them (and the
//! official SDK sends every upload): form fields and file parts. The body was
//! already bounded by the route; parts and their headers are bounded here.

/// One part of the form.
pub(super) struct Part {
    pub(super) name: String,
    /// The file name a file part carries.
    pub(super) filename: Option<String>,
    /// Where its bytes are in the body (no copy is made).
    pub(super) data: std::ops::Range<usize>,
}

/// Most parts one form may have.
const MAX_PARTS: usize = 64;
/// Longest header block of one part.
const MAX_HEADER_BYTES: usize = 8 << 10;

/// The boundary of a `multipart/form-data` content type.
pub(super) fn boundary(content_type: &str) -> Option<String> {
    let mut pieces = content_type.split(';');
    let kind = pieces.next()?.trim();
    if !kind.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    pieces.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_owned())
            .filter(|b| !b.is_empty() && b.len() <= 200)
    })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = *needle.first()?;
    let mut at = from;
    while at + needle.len() <= hay.len() {
        let i = hay[at..].iter().position(|b| *b == first)? + at;
        if hay.get(i..i + needle.len()) == Some(needle) {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// The parts of `body`; an error says what is wrong, in a sentence.
pub(super) fn parse(body: &[u8], boundary: &str) -> Result<Vec<Part>, String> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut at = find(body, delimiter, 0).ok_or("The multipart body has no boundary.")?;
    let mut parts = Vec::new();
    loop {
        at += delimiter.len();
        if body.get(at..at + 2) == Some(b"--") {
            return Ok(parts);
        }
        if body.get(at..at + 2) != Some(b"\r\n") {
            return Err("A multipart boundary is not followed by a line break.".into());
        }
        at += 2;
        if parts.len() == MAX_PARTS {
            return Err(format!("The form has more than {MAX_PARTS} parts."));
        }
        let end = find(body, b"\r\n\r\n", at)
            .filter(|e| e - at <= MAX_HEADER_BYTES)
            .ok_or("A multipart part has no end to its headers.")?;
        let headers = String::from_utf8_lossy(&body[at..end]);
        let (name, filename) = disposition(&headers)?;
        let start = end + 4;
        let mut closing = b"\r\n".to_vec();
        closing.extend_from_slice(delimiter);
        let stop = find(body, &closing, start).ok_or("A multipart part is not closed.")?;
        parts.push(Part {
            name,
            filename,
            data: start..stop,
        });
        at = stop + 2;
    }
}

/// `Content-Disposition: form-data; name="…"; filename="…"`.
fn disposition(headers: &str) -> Result<(String, Option<String>), String> {
    let line = headers
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-disposition")
                .then_some(v)
        })
        .ok_or("A multipart part has no Content-Disposition header.")?;
    let mut name = None;
    let mut filename = None;
    for param in line.split(';').skip(1) {
        let Some((k, v)) = param.split_once('=') else {
            continue;
        };
        let v = v.trim().trim_matches('"').to_owned();
        match k.trim().to_ascii_lowercase().as_str() {
            "name" => name = Some(v),
            "filename" => filename = Some(v),
            _ => {}
        }
    }
    let name = name.ok_or("A multipart part has no name.")?;
    Ok((name, filename))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_files_are_read() {
        let body = b"preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"advertiser_id\"\r\n\r\n7\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"video_file\"; filename=\"a.mp4\"\r\nContent-Type: video/mp4\r\n\r\n\x00\r\n--X\x01\r\n--XyZ--\r\n";
        assert_eq!(
            boundary("multipart/form-data; boundary=\"XyZ\"").as_deref(),
            Some("XyZ")
        );
        assert_eq!(boundary("application/json"), None);
        let parts = parse(body, "XyZ").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "advertiser_id");
        assert_eq!(&body[parts[0].data.clone()], b"7");
        assert_eq!(parts[1].filename.as_deref(), Some("a.mp4"));
        assert_eq!(&body[parts[1].data.clone()], b"\x00\r\n--X\x01");
    }

    #[test]
    fn broken_forms_are_refused() {
        for body in [
            &b""[..],
            b"--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
            b"--B\r\nX: y\r\n\r\nv\r\n--B--",
            b"--Bjunk",
        ] {
            assert!(parse(body, "B").is_err(), "{body:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn noise_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256)) {
            let _ = parse(&bytes, "B");
        }
    }
}
