//! Undo and redo of form edits: a stack of whole-station snapshots.
//!
//! The station is small and `Clone + PartialEq`, so every change is a snapshot. Typing bursts in one
//! field are merged into one step: a change continues the previous step when it is in the same
//! focused field and comes less than [`MERGE_WINDOW`] after it.

use std::time::{Duration, Instant};

use crate::model::StationFile;

/// Changes in the same field closer together than this are one undo step.
pub const MERGE_WINDOW: Duration = Duration::from_millis(1000);
/// How many steps are kept.
pub const MAX_STEPS: usize = 200;

/// The undo and redo stacks.
#[derive(Debug, Clone)]
pub struct History {
    undo: Vec<StationFile>,
    redo: Vec<StationFile>,
    current: StationFile,
    last_change: Option<(Instant, Option<u64>)>,
}

impl History {
    /// A history that starts at `station`.
    pub fn new(station: &StationFile) -> History {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            current: station.clone(),
            last_change: None,
        }
    }

    /// Forgets everything; `station` is the new starting point (after open or new).
    pub fn reset(&mut self, station: &StationFile) {
        *self = History::new(station);
    }

    /// Moves the starting point without making an undo step (e.g. paths rewritten by 另存为).
    pub fn rebase(&mut self, station: &StationFile) {
        self.current = station.clone();
    }

    /// Records the station as it is after this frame. `focus` identifies the focused field, if any.
    /// Returns whether the station changed.
    pub fn note(&mut self, station: &StationFile, focus: Option<u64>, now: Instant) -> bool {
        if *station == self.current {
            return false;
        }
        let merge = matches!(
            self.last_change,
            Some((when, Some(field))) if Some(field) == focus && now.saturating_duration_since(when) < MERGE_WINDOW
        );
        if !merge {
            let previous = std::mem::replace(&mut self.current, station.clone());
            self.undo.push(previous);
            if self.undo.len() > MAX_STEPS {
                self.undo.remove(0);
            }
        } else {
            self.current = station.clone();
        }
        self.redo.clear();
        self.last_change = Some((now, focus));
        true
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Goes one step back. `station` must be the station as last noted.
    pub fn undo(&mut self, station: &mut StationFile) -> bool {
        let Some(previous) = self.undo.pop() else {
            return false;
        };
        let now = std::mem::replace(&mut self.current, previous);
        self.redo.push(now);
        *station = self.current.clone();
        self.last_change = None;
        true
    }

    /// Goes one step forward again.
    pub fn redo(&mut self, station: &mut StationFile) -> bool {
        let Some(next) = self.redo.pop() else {
            return false;
        };
        let now = std::mem::replace(&mut self.current, next);
        self.undo.push(now);
        *station = self.current.clone();
        self.last_change = None;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> StationFile {
        let mut station = StationFile::new();
        station.station.name = name.to_owned();
        station
    }

    #[test]
    fn typing_burst_is_one_step_and_undo_redo_work() {
        let start = Instant::now();
        let mut station = named("");
        let mut history = History::new(&station);
        for (i, text) in ["柳", "柳溪", "柳溪镇"].iter().enumerate() {
            station = named(text);
            history.note(
                &station,
                Some(7),
                start + Duration::from_millis(100 * i as u64),
            );
        }
        // A different field: a new step.
        station.contacts.hotline = "123".to_owned();
        history.note(&station, Some(8), start + Duration::from_millis(400));
        assert!(history.undo(&mut station));
        assert_eq!(station, named("柳溪镇"));
        assert!(history.undo(&mut station));
        assert_eq!(station, named(""));
        assert!(!history.undo(&mut station));
        assert!(history.redo(&mut station));
        assert_eq!(station, named("柳溪镇"));
        // A new edit drops the redo stack.
        station = named("X");
        history.note(&station, None, start + Duration::from_secs(5));
        assert!(!history.can_redo());
    }

    #[test]
    fn a_pause_starts_a_new_step() {
        let start = Instant::now();
        let mut station = named("");
        let mut history = History::new(&station);
        station = named("a");
        history.note(&station, Some(1), start);
        station = named("ab");
        history.note(&station, Some(1), start + Duration::from_secs(3));
        assert!(history.undo(&mut station));
        assert_eq!(station, named("a"));
    }
}
