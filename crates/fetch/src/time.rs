//! Times as Grafana and Pyroscope users write them: `now`, `now-1h`, `now-30m`, `now-7d`, or epoch
//! milliseconds.

/// A time that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read the time {0:?}: use now, now-<N><s|m|h|d|w> or epoch milliseconds")]
pub struct TimeError(pub String);

/// Milliseconds since the epoch for `text`, relative to `now_ms`.
pub fn parse_time(text: &str, now_ms: i64) -> Result<i64, TimeError> {
    let t = text.trim();
    let err = || TimeError(text.to_owned());
    if t == "now" {
        return Ok(now_ms);
    }
    if let Some(rest) = t.strip_prefix("now-") {
        let unit = rest.chars().last().ok_or_else(err)?;
        let amount: i64 = rest[..rest.len() - unit.len_utf8()].parse().map_err(|_| err())?;
        let ms = match unit {
            's' => 1_000,
            'm' => 60_000,
            'h' => 3_600_000,
            'd' => 86_400_000,
            'w' => 7 * 86_400_000,
            _ => return Err(err()),
        };
        return amount.checked_mul(ms).and_then(|d| now_ms.checked_sub(d)).ok_or_else(err);
    }
    let ms: i64 = t.parse().map_err(|_| err())?;
    // Grafana sends milliseconds; a 10-digit number is seconds.
    Ok(if (1..10_000_000_000).contains(&ms) { ms * 1000 } else { ms })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_and_absolute_times() {
        let now = 1_764_000_000_000;
        assert_eq!(parse_time("now", now), Ok(now));
        assert_eq!(parse_time("now-1h", now), Ok(now - 3_600_000));
        assert_eq!(parse_time("now-30m", now), Ok(now - 1_800_000));
        assert_eq!(parse_time("now-7d", now), Ok(now - 7 * 86_400_000));
        assert_eq!(parse_time("1763990000000", now), Ok(1_763_990_000_000));
        assert_eq!(parse_time("1763990000", now), Ok(1_763_990_000_000));
        for bad in ["yesterday", "now-", "now-1y", "now-xh", ""] {
            assert!(parse_time(bad, now).is_err(), "{bad}");
        }
    }
}
