//! Dates and times as a registrant reads them: `dd/mm/yyyy HH:mm` in Vietnam time (UTC+7),
//! from the service's Unix milliseconds or RFC 3339 timestamps. Used by the app's receipt and
//! the service's e-mail, so both say the same.

/// Vietnam's offset from UTC, in seconds (no daylight saving time).
const VIETNAM_OFFSET_SECS: i64 = 7 * 3600;

/// `dd/mm/yyyy HH:mm` in Vietnam time for a Unix timestamp in milliseconds.
pub fn vietnam_time_from_unix_ms(ms: i64) -> String {
    let secs = ms.div_euclid(1000) + VIETNAM_OFFSET_SECS;
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{day:02}/{month:02}/{year:04} {:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60
    )
}

/// `dd/mm/yyyy HH:mm` in Vietnam time for an RFC 3339 timestamp (`2026-11-25T17:31:08Z`,
/// `2026-11-26T00:31:08+07:00`, fractions of a second allowed); `None` if it is not one.
pub fn vietnam_time_from_rfc3339(timestamp: &str) -> Option<String> {
    unix_secs_from_rfc3339(timestamp).map(|secs| vietnam_time_from_unix_ms(secs * 1000))
}

/// Seconds since the Unix epoch of an RFC 3339 timestamp.
pub fn unix_secs_from_rfc3339(timestamp: &str) -> Option<i64> {
    let t = timestamp.trim().as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = t.get(range)?;
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(digits).ok()?.parse().ok()
    };
    if t.len() < 20 || t[4] != b'-' || t[7] != b'-' || !matches!(t[10], b'T' | b't' | b' ') {
        return None;
    }
    if t[13] != b':' || t[16] != b':' {
        return None;
    }
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    if second > 60 {
        return None;
    }
    let mut rest = 19;
    if t.get(rest) == Some(&b'.') {
        rest += 1;
        while t.get(rest).is_some_and(u8::is_ascii_digit) {
            rest += 1;
        }
    }
    let offset = match *t.get(rest)? {
        b'Z' | b'z' if t.len() == rest + 1 => 0,
        sign @ (b'+' | b'-') if t.len() == rest + 6 && t[rest + 3] == b':' => {
            let minutes = number(rest + 1..rest + 3)? * 60 + number(rest + 4..rest + 6)?;
            if sign == b'+' {
                minutes * 60
            } else {
                -minutes * 60
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month as u32, day as u32);
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_evenings_are_the_next_morning_in_vietnam() {
        // 2026-11-25T17:31:08Z is 00:31 on the 26th in Hà Nội.
        assert_eq!(
            vietnam_time_from_unix_ms(1_795_627_868_000),
            "26/11/2026 00:31"
        );
        assert_eq!(
            vietnam_time_from_rfc3339("2026-11-25T17:31:08Z").as_deref(),
            Some("26/11/2026 00:31")
        );
        assert_eq!(vietnam_time_from_unix_ms(0), "01/01/1970 07:00");
        // The year's last evening in UTC is New Year's morning in Vietnam.
        assert_eq!(
            vietnam_time_from_rfc3339("2025-12-31T20:05:59.123Z").as_deref(),
            Some("01/01/2026 03:05")
        );
        // An offset is honoured; a leap day survives.
        assert_eq!(
            vietnam_time_from_rfc3339("2028-02-29T08:00:00+07:00").as_deref(),
            Some("29/02/2028 08:00")
        );
        assert_eq!(
            vietnam_time_from_rfc3339("2028-02-29T08:00:00-01:00").as_deref(),
            Some("29/02/2028 16:00")
        );
    }

    #[test]
    fn what_is_not_a_timestamp_is_refused() {
        for bad in [
            "",
            "2026-11-25",
            "2026-11-25T17:31:08",
            "2026-13-25T17:31:08Z",
            "2026-11-25T24:31:08Z",
            "2026-11-25T17:31:08Zjunk",
            "2026-11-25T17:31:08+0700",
            "२०२६-11-25T17:31:08Z",
        ] {
            assert_eq!(vietnam_time_from_rfc3339(bad), None, "{bad}");
        }
    }
}
