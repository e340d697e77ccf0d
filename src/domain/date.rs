//! Dates as fact sheets write them: a day, a month or a year.

use std::fmt;

/// A date with the precision its author gave: `2024-01-01`, `2024-01` or `2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// A full calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Day {
    pub fn today() -> Day {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Day::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// Converts a count of days since 1970-01-01 (civil calendar, Howard Hinnant's algorithm).
    pub fn from_days_since_epoch(days: i64) -> Day {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Day { year, month, day }
    }
}

impl Day {
    /// The count of days since 1970-01-01: the inverse of [`Day::from_days_since_epoch`].
    pub fn days_since_epoch(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let yoe = year - era * 400;
        let month = i64::from(self.month);
        let mp = if month > 2 { month - 3 } else { month + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

/// A moment, in whole seconds since 1970-01-01T00:00:00Z: when a file last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Midnight (UTC) at the start of `day`.
    pub fn from_day(day: Day) -> Timestamp {
        Timestamp(day.days_since_epoch() * 86_400)
    }

    pub fn day(self) -> Day {
        Day::from_days_since_epoch(self.0.div_euclid(86_400))
    }

    /// RFC 3339 in UTC, as Atom and IATI want it: `2024-01-31T09:30:00Z`.
    pub fn rfc3339(self) -> String {
        let secs = self.0.rem_euclid(86_400);
        format!(
            "{}T{:02}:{:02}:{:02}Z",
            self.day(),
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    Malformed,
    NoSuchDay { year: i32, month: u8, day: u8 },
    NoSuchMonth(u8),
    OutOfRange(i32),
}

impl PartialDate {
    pub fn parse(text: &str) -> Result<PartialDate, DateError> {
        let parts: Vec<&str> = text.trim().split('-').collect();
        let number = |s: &str, len: usize| -> Result<u32, DateError> {
            if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().map_err(|_| DateError::Malformed)
            } else {
                Err(DateError::Malformed)
            }
        };
        let year = number(parts.first().copied().unwrap_or(""), 4)? as i32;
        if !(1900..=2200).contains(&year) {
            return Err(DateError::OutOfRange(year));
        }
        let month = match parts.get(1) {
            Some(m) => {
                let m = number(m, 2)? as u8;
                if !(1..=12).contains(&m) {
                    return Err(DateError::NoSuchMonth(m));
                }
                Some(m)
            }
            None => None,
        };
        let day = match (parts.get(2), month) {
            (Some(d), Some(m)) => {
                let d = number(d, 2)? as u8;
                if d == 0 || d > days_in_month(year, m) {
                    return Err(DateError::NoSuchDay {
                        year,
                        month: m,
                        day: d,
                    });
                }
                Some(d)
            }
            _ => None,
        };
        if parts.len() > 3 {
            return Err(DateError::Malformed);
        }
        Ok(PartialDate { year, month, day })
    }

    pub fn first_day(self) -> Day {
        Day {
            year: self.year,
            month: self.month.unwrap_or(1),
            day: self.day.unwrap_or(1),
        }
    }

    pub fn last_day(self) -> Day {
        let month = self.month.unwrap_or(12);
        Day {
            year: self.year,
            month,
            day: self.day.unwrap_or_else(|| days_in_month(self.year, month)),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_days_months_and_years() {
        assert_eq!(
            PartialDate::parse("2024-01-31"),
            Ok(PartialDate {
                year: 2024,
                month: Some(1),
                day: Some(31)
            })
        );
        assert_eq!(
            PartialDate::parse("2024-02"),
            Ok(PartialDate {
                year: 2024,
                month: Some(2),
                day: None
            })
        );
        assert_eq!(
            PartialDate::parse("2024"),
            Ok(PartialDate {
                year: 2024,
                month: None,
                day: None
            })
        );
    }

    #[test]
    fn refuses_impossible_dates() {
        assert_eq!(
            PartialDate::parse("2024-02-30"),
            Err(DateError::NoSuchDay {
                year: 2024,
                month: 2,
                day: 30
            })
        );
        assert!(PartialDate::parse("2023-02-29").is_err());
        assert!(PartialDate::parse("2024-02-29").is_ok());
        assert_eq!(
            PartialDate::parse("2024-13"),
            Err(DateError::NoSuchMonth(13))
        );
        assert_eq!(PartialDate::parse("01/02/2024"), Err(DateError::Malformed));
        assert_eq!(PartialDate::parse("24-01-01"), Err(DateError::Malformed));
    }

    #[test]
    fn partial_dates_span_their_period() {
        let d = PartialDate::parse("2024-02").expect("valid");
        assert_eq!(
            d.last_day(),
            Day {
                year: 2024,
                month: 2,
                day: 29
            }
        );
        assert_eq!(
            PartialDate::parse("2026")
                .expect("valid")
                .last_day()
                .to_string(),
            "2026-12-31"
        );
    }

    #[test]
    fn counts_days_since_the_epoch_both_ways() {
        for days in [-800_000, -1, 0, 59, 60, 11_016, 19_723, 20_000, 100_000] {
            assert_eq!(Day::from_days_since_epoch(days).days_since_epoch(), days);
        }
        let t = Timestamp(1_706_693_400);
        assert_eq!(t.rfc3339(), "2024-01-31T09:30:00Z");
        assert_eq!(
            Timestamp::from_day(t.day()).rfc3339(),
            "2024-01-31T00:00:00Z"
        );
    }

    #[test]
    fn converts_epoch_days() {
        assert_eq!(Day::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(Day::from_days_since_epoch(19_723).to_string(), "2024-01-01");
    }
}
