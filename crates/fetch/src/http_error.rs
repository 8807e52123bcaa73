//! What of an HTTP error's body goes into the message: a server's one-line explanation, never an
//! error page's HTML.

/// Characters of a body line kept in a message.
pub const MAX_DETAIL_CHARS: usize = 200;

/// The part of an error response's body worth showing: its first non-blank line (at most
/// [`MAX_DETAIL_CHARS`] characters), or nothing for an HTML page (`text/html`, or a body that starts
/// with `<`) or an empty body.
pub fn error_detail(content_type: Option<&str>, body: &str) -> Option<String> {
    let html = content_type.is_some_and(|t| t.trim_start().starts_with("text/html"));
    if html || body.trim_start().starts_with('<') {
        return None;
    }
    let line = body.lines().map(str::trim).find(|l| !l.is_empty())?;
    let mut detail: String = line.chars().take(MAX_DETAIL_CHARS).collect();
    if detail.len() < line.len() {
        detail.push('…');
    }
    Some(detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_pages_are_left_out_and_text_keeps_its_first_line() {
        let page = "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head></html>";
        assert_eq!(error_detail(Some("text/html; charset=utf-8"), page), None);
        assert_eq!(error_detail(None, page), None);
        assert_eq!(error_detail(Some("text/html"), "Not found"), None);
        assert_eq!(
            error_detail(Some("text/plain"), "\n  404 page not found\nsecond line\n").as_deref(),
            Some("404 page not found")
        );
        let json = r#"{"code":"invalid_argument","message":"bad selector"}"#;
        assert_eq!(error_detail(Some("application/json"), json).as_deref(), Some(json));
        assert_eq!(error_detail(None, "  \n "), None);
        let long = "x".repeat(500);
        let cut = error_detail(None, &long).unwrap();
        assert_eq!(cut.chars().count(), MAX_DETAIL_CHARS + 1);
        assert!(cut.ends_with('…'));
    }
}
