//! Recognises pprof's legacy formats so the user learns what the file is and how to convert it.

/// Name of the legacy format `raw` is in, if it is one.
pub fn detect(raw: &[u8]) -> Option<&'static str> {
    detect_binary_cpu(raw).or_else(|| detect_text(raw))
}

/// gperftools / old Go binary CPU profiles start with the header words `0, 3` (32- or 64-bit, either
/// endianness). A protobuf never starts with a zero byte (field number 0 is invalid).
fn detect_binary_cpu(raw: &[u8]) -> Option<&'static str> {
    const NAME: &str = "binary CPU profile (gperftools / Go before 1.9)";
    let word32 = |i: usize, le: bool| -> Option<u64> {
        let b: [u8; 4] = raw.get(i * 4..i * 4 + 4)?.try_into().ok()?;
        Some(if le { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) } as u64)
    };
    let word64 = |i: usize, le: bool| -> Option<u64> {
        let b: [u8; 8] = raw.get(i * 8..i * 8 + 8)?.try_into().ok()?;
        Some(if le { u64::from_le_bytes(b) } else { u64::from_be_bytes(b) })
    };
    for le in [true, false] {
        if word64(0, le) == Some(0) && word64(1, le) == Some(3) {
            return Some(NAME);
        }
        if word32(0, le) == Some(0) && word32(1, le) == Some(3) {
            return Some(NAME);
        }
    }
    None
}

/// The text formats google/pprof still parses (heap, contention, thread, threadcreate, goroutine...).
fn detect_text(raw: &[u8]) -> Option<&'static str> {
    const PREFIXES: [(&str, &str); 10] = [
        ("heap profile:", "heap text profile"),
        ("heap_v2/", "heap text profile"),
        ("--- heapz", "heapz text profile"),
        ("--- contention", "contention text profile"),
        ("--- mutex", "mutex text profile"),
        ("--- threadz", "threadz text profile"),
        ("threadcreate profile:", "threadcreate text profile"),
        ("goroutine profile:", "goroutine text profile (debug=1)"),
        ("goroutine ", "goroutine dump (debug=2)"),
        ("--- ", "legacy text profile"),
    ];
    PREFIXES.iter().find(|(prefix, _)| raw.starts_with(prefix.as_bytes())).map(|&(_, name)| name)
}

/// Bytes at the start of a file looked at to tell text from binary.
pub const TEXT_WINDOW_BYTES: usize = 1024;
/// Bytes per thousand of that window that may be other than text (control characters other than
/// whitespace, bytes that are not UTF-8) in a file still called text.
pub const MAX_BINARY_PER_MILLE: usize = 10;

/// Whether `raw` is text as a whole: at most [`MAX_BINARY_PER_MILLE`] ‰ of its first
/// [`TEXT_WINDOW_BYTES`] are control characters or invalid UTF-8. A protobuf message has length
/// and key bytes below 0x20 throughout, so one whose first byte happens to be printable (Go's
/// `time_nanos` key is `H`) is never taken for text.
pub fn looks_like_text(raw: &[u8]) -> bool {
    let window = &raw[..raw.len().min(TEXT_WINDOW_BYTES)];
    let mut binary = 0;
    let mut chunks = window.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        let control =
            |c: &char| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0b' | '\x0c');
        binary += chunk.valid().chars().filter(control).count();
        // A character cut by the end of the window is not damage.
        let cut_at_end = chunks.peek().is_none() && window.len() < raw.len();
        if !cut_at_end {
            binary += chunk.invalid().len();
        }
    }
    !window.is_empty() && binary * 1000 <= window.len() * MAX_BINARY_PER_MILLE
}

/// The first characters of `raw` when it is text ([`looks_like_text`]), for error messages.
pub fn text_start(raw: &[u8]) -> Option<String> {
    if !looks_like_text(raw) {
        return None;
    }
    let head = String::from_utf8_lossy(&raw[..raw.len().min(128)]);
    let mut s: String = head.chars().take(32).collect();
    if raw.len() > s.len() {
        s.push('…');
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_text_as_a_whole() {
        assert_eq!(text_start(b"hello world").as_deref(), Some("hello world"));
        let page = "<html><body>Not Found</body></html>\n".repeat(50);
        assert!(text_start(page.as_bytes()).unwrap().starts_with("<html><body>Not Found"));
        // Go's profile starts with `time_nanos`' key `H`, then binary.
        let mut go = vec![0x48, 0xdb, 0xf5, 0xed, 0xff, 0xa6, 0x90, 0xd2, 0x18, 0x50, 0x80];
        go.extend_from_slice(&[0x0a, 0x04, 0x08, 0x01, 0x10, 0x02]);
        go.extend_from_slice(b"some printable function names after it");
        assert_eq!(text_start(&go), None);
        // UTF-8 text cut in the middle of a character at the window's end is still text.
        let accented = "é".repeat(TEXT_WINDOW_BYTES);
        assert!(looks_like_text(&accented.as_bytes()[..TEXT_WINDOW_BYTES + 1]));
        assert!(!looks_like_text(b""));
    }
}
