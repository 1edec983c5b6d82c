//! Times of day written as `"HH:MM"` in scenario files.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

/// A time of day with minute precision, written `"HH:MM"` (24-hour clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    /// Minutes in a day.
    pub const DAY_MINUTES: u32 = 24 * 60;

    /// A time from minutes after midnight, wrapped into one day.
    pub fn from_minutes(minutes: u32) -> TimeOfDay {
        TimeOfDay((minutes % Self::DAY_MINUTES) as u16)
    }

    /// Minutes after midnight.
    pub fn minutes(self) -> u32 {
        u32::from(self.0)
    }

    /// Parses `"HH:MM"`.
    pub fn parse(text: &str) -> Option<TimeOfDay> {
        let (h, m) = text.split_once(':')?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return None;
        }
        let h: u32 = h.parse().ok()?;
        let m: u32 = m.parse().ok()?;
        (h < 24 && m < 60).then(|| TimeOfDay((h * 60 + m) as u16))
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        TimeOfDay::parse(&text).ok_or_else(|| {
            de::Error::custom(format!(
                "expected a time of day \"HH:MM\" from \"00:00\" to \"23:59\", found \"{text}\""
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_times_of_day() {
        assert_eq!(TimeOfDay::parse("09:05").map(TimeOfDay::minutes), Some(545));
        assert_eq!(
            TimeOfDay::parse("9:05").map(|t| t.to_string()),
            Some("09:05".into())
        );
        for bad in ["24:00", "12:60", "12", "ab:cd", "1:2", "", "123:00"] {
            assert_eq!(TimeOfDay::parse(bad), None, "{bad}");
        }
    }
}
