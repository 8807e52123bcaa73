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

/// The first characters of `raw` when it is plain text (printable UTF-8), for error messages.
pub fn text_start(raw: &[u8]) -> Option<String> {
    let head = &raw[..raw.len().min(48)];
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) if e.valid_up_to() > 0 && raw.len() > 48 => {
            std::str::from_utf8(&head[..e.valid_up_to()]).ok()?
        }
        Err(_) => return None,
    };
    let printable = text.chars().all(|c| !c.is_control() || c.is_ascii_whitespace());
    printable.then(|| {
        let mut s: String = text.chars().take(32).collect();
        if raw.len() > s.len() {
            s.push('…');
        }
        s
    })
}
