//! In-process store for a single node (the embedded default).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

struct Entry {
    value: String,
    expires: Instant,
}

#[derive(Clone)]
pub struct MemoryStore {
    prefix: Arc<str>,
    map: Arc<Mutex<HashMap<String, Entry>>>,
}

/// Above this many keys, expired ones are swept on write.
const SWEEP_AT: usize = 10_000;

impl MemoryStore {
    pub fn new(prefix: &str) -> Self {
        Self { prefix: prefix.into(), map: Arc::default() }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        // A panic while holding the lock cannot leave a half-written entry, so a poisoned map
        // is still consistent.
        self.map.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn live<'a>(map: &'a mut HashMap<String, Entry>, key: &str, now: Instant) -> Option<&'a mut Entry> {
        if map.get(key).is_some_and(|e| e.expires <= now) {
            map.remove(key);
        }
        map.get_mut(key)
    }

    pub fn incr_in_window(&self, key: &str, window: Duration) -> (i64, Duration) {
        let key = format!("{}{key}", self.prefix);
        let now = Instant::now();
        let mut map = self.lock();
        if map.len() > SWEEP_AT {
            map.retain(|_, e| e.expires > now);
        }
        match Self::live(&mut map, &key, now) {
            Some(entry) => {
                let n = entry.value.parse::<i64>().unwrap_or(0) + 1;
                entry.value = n.to_string();
                (n, entry.expires.saturating_duration_since(now))
            }
            None => {
                map.insert(key, Entry { value: "1".to_owned(), expires: now + window });
                (1, window)
            }
        }
    }

    /// A version counter: its value, after adding `add`; a counter that does not exist yet
    /// starts at `start`.
    pub fn version(&self, key: &str, start: i64, add: i64) -> i64 {
        let key = format!("{}{key}", self.prefix);
        let now = Instant::now();
        let mut map = self.lock();
        let entry = match Self::live(&mut map, &key, now) {
            Some(e) => e,
            None => map.entry(key).or_insert(Entry { value: start.to_string(), expires: now + super::FOREVER }),
        };
        let n = entry.value.parse::<i64>().unwrap_or(start) + add;
        entry.value = n.to_string();
        n
    }

    pub fn counter(&self, key: &str) -> Option<(i64, Duration)> {
        let key = format!("{}{key}", self.prefix);
        let now = Instant::now();
        let mut map = self.lock();
        Self::live(&mut map, &key, now)
            .map(|e| (e.value.parse().unwrap_or(0), e.expires.saturating_duration_since(now)))
    }

    pub fn get(&self, key: &str) -> Option<String> {
        let key = format!("{}{key}", self.prefix);
        let mut map = self.lock();
        Self::live(&mut map, &key, Instant::now()).map(|e| e.value.clone())
    }

    pub fn set(&self, key: &str, value: &str, ttl: Duration) {
        let key = format!("{}{key}", self.prefix);
        let mut map = self.lock();
        map.insert(key, Entry { value: value.to_owned(), expires: Instant::now() + ttl });
    }

    pub fn delete(&self, key: &str) {
        let key = format!("{}{key}", self.prefix);
        self.lock().remove(&key);
    }
}
