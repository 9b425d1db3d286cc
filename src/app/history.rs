//! Undo and redo of form edits: a stack of whole-station snapshots.
//!
//! The station is small and `Clone + PartialEq`, so every change is a snapshot. Typing bursts in one
//! field are merged into one step: a change continues the previous step when it is in the same
//! focused field and comes less than [`MERGE_WINDOW`] after it. State that must go back with the
//! station (`E`: the keys of list items, so that a move undone takes its items' field ids back
//! too) travels with each snapshot; it alone never makes a step.

use std::time::{Duration, Instant};

use crate::model::StationFile;

/// Changes in the same field closer together than this are one undo step.
pub const MERGE_WINDOW: Duration = Duration::from_millis(1000);
/// How many steps are kept.
pub const MAX_STEPS: usize = 200;

/// The undo and redo stacks.
#[derive(Debug, Clone)]
pub struct History<E> {
    undo: Vec<(StationFile, E)>,
    redo: Vec<(StationFile, E)>,
    current: StationFile,
    /// The travelling state as of the last frame noted.
    current_extra: E,
    last_change: Option<(Instant, Option<u64>)>,
}

impl<E: Clone + PartialEq> History<E> {
    /// A history that starts at `station`.
    pub fn new(station: &StationFile, extra: &E) -> History<E> {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            current: station.clone(),
            current_extra: extra.clone(),
            last_change: None,
        }
    }

    /// Forgets everything; `station` is the new starting point (after open or new).
    pub fn reset(&mut self, station: &StationFile, extra: &E) {
        *self = History::new(station, extra);
    }

    /// Moves the starting point without making an undo step (e.g. paths rewritten by 另存为).
    pub fn rebase(&mut self, station: &StationFile) {
        self.current = station.clone();
    }

    /// Records the station (and `extra`) as they are after this frame. `focus` identifies the
    /// focused field, if any. Returns whether the station changed.
    pub fn note(
        &mut self,
        station: &StationFile,
        extra: &E,
        focus: Option<u64>,
        now: Instant,
    ) -> bool {
        if *station == self.current {
            if self.current_extra != *extra {
                self.current_extra = extra.clone();
            }
            return false;
        }
        let merge = matches!(
            self.last_change,
            Some((when, Some(field))) if Some(field) == focus && now.saturating_duration_since(when) < MERGE_WINDOW
        );
        let previous_extra = std::mem::replace(&mut self.current_extra, extra.clone());
        if !merge {
            let previous = std::mem::replace(&mut self.current, station.clone());
            self.undo.push((previous, previous_extra));
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
    pub fn undo(&mut self, station: &mut StationFile, extra: &mut E) -> bool {
        let Some(previous) = self.undo.pop() else {
            return false;
        };
        let now = self.replace(previous, station, extra);
        self.redo.push(now);
        true
    }

    /// Goes one step forward again.
    pub fn redo(&mut self, station: &mut StationFile, extra: &mut E) -> bool {
        let Some(next) = self.redo.pop() else {
            return false;
        };
        let now = self.replace(next, station, extra);
        self.undo.push(now);
        true
    }

    /// Makes `snapshot` the current state (given out in `station` and `extra`); returns the
    /// state it replaces.
    fn replace(
        &mut self,
        (snapshot, snapshot_extra): (StationFile, E),
        station: &mut StationFile,
        extra: &mut E,
    ) -> (StationFile, E) {
        let now = std::mem::replace(&mut self.current, snapshot);
        let now_extra = std::mem::replace(&mut self.current_extra, snapshot_extra);
        *station = self.current.clone();
        *extra = self.current_extra.clone();
        self.last_change = None;
        (now, now_extra)
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
        let mut history = History::new(&station, &());
        for (i, text) in ["柳", "柳溪", "柳溪镇"].iter().enumerate() {
            station = named(text);
            history.note(
                &station,
                &(),
                Some(7),
                start + Duration::from_millis(100 * i as u64),
            );
        }
        // A different field: a new step.
        station.contacts.hotline = "123".to_owned();
        history.note(&station, &(), Some(8), start + Duration::from_millis(400));
        assert!(history.undo(&mut station, &mut ()));
        assert_eq!(station, named("柳溪镇"));
        assert!(history.undo(&mut station, &mut ()));
        assert_eq!(station, named(""));
        assert!(!history.undo(&mut station, &mut ()));
        assert!(history.redo(&mut station, &mut ()));
        assert_eq!(station, named("柳溪镇"));
        // A new edit drops the redo stack.
        station = named("X");
        history.note(&station, &(), None, start + Duration::from_secs(5));
        assert!(!history.can_redo());
    }

    #[test]
    fn a_pause_starts_a_new_step() {
        let start = Instant::now();
        let mut station = named("");
        let mut history = History::new(&station, &());
        station = named("a");
        history.note(&station, &(), Some(1), start);
        station = named("ab");
        history.note(&station, &(), Some(1), start + Duration::from_secs(3));
        assert!(history.undo(&mut station, &mut ()));
        assert_eq!(station, named("a"));
    }

    #[test]
    fn what_travels_with_the_station_goes_back_as_it_was_before_the_change() {
        let start = Instant::now();
        let mut station = named("");
        let mut keys = vec![1, 2];
        let mut history = History::new(&station, &keys);
        // Keys alone change (items drawn for the first time): no step.
        keys.push(3);
        assert!(!history.note(&station, &keys, None, start));
        assert!(!history.can_undo());
        // A move changes both.
        station = named("moved");
        keys.swap(0, 1);
        assert!(history.note(&station, &keys, None, start));
        assert!(history.undo(&mut station, &mut keys));
        assert_eq!((station.clone(), keys.clone()), (named(""), vec![1, 2, 3]));
        assert!(history.redo(&mut station, &mut keys));
        assert_eq!((station, keys), (named("moved"), vec![2, 1, 3]));
    }
}
