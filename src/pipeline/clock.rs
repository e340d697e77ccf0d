//! Stage timings, printed with `FICHE_TIMINGS=1`.

use std::time::Instant;

/// Times the stages of a build when `FICHE_TIMINGS` is set, for profiling by hand; prints
/// one line to standard error per build.
pub(super) struct StageClock {
    enabled: bool,
    last: Instant,
    stages: Vec<(&'static str, u128)>,
}

impl StageClock {
    pub(super) fn start() -> StageClock {
        StageClock {
            enabled: std::env::var_os("FICHE_TIMINGS").is_some(),
            last: Instant::now(),
            stages: Vec::new(),
        }
    }

    pub(super) fn mark(&mut self, stage: &'static str) {
        if self.enabled {
            let now = Instant::now();
            self.stages
                .push((stage, now.duration_since(self.last).as_micros()));
            self.last = now;
        }
    }

    pub(super) fn report(&self, rendered: usize) {
        if self.enabled {
            let parts: Vec<String> = self
                .stages
                .iter()
                .map(|(stage, us)| format!("{stage} {:.1} ms", *us as f64 / 1000.0))
                .collect();
            eprintln!("timings: {} ({rendered} files rendered)", parts.join(", "));
        }
    }
}
