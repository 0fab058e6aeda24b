//! Decoded values kept on this node, in front of the shared cache.
//!
//! Only for values stored under *versioned* keys (the key names the cache version it was
//! computed under, and a version never repeats, see [`super::Cache::version`]): such an entry
//! never goes stale, so a node may keep it without asking anyone, and a hit costs neither a
//! round trip to Redis nor decoding. The memory it holds is bounded by a weight budget; past it,
//! expired entries go first, then arbitrary ones.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

struct Entry<V: ?Sized> {
    value: Arc<V>,
    weight: usize,
    expires: Instant,
}

struct Inner<V: ?Sized> {
    map: HashMap<String, Entry<V>>,
    weight: usize,
}

pub struct LocalMemo<V: ?Sized> {
    inner: Mutex<Inner<V>>,
    budget: usize,
    ttl: Duration,
}

impl<V: ?Sized> LocalMemo<V> {
    /// A memo holding at most `budget` units of weight (the caller's measure of an entry's
    /// size), each entry for at most `ttl`.
    pub fn new(budget: usize, ttl: Duration) -> Self {
        Self { inner: Mutex::new(Inner { map: HashMap::new(), weight: 0 }), budget, ttl }
    }

    fn lock(&self) -> MutexGuard<'_, Inner<V>> {
        // Every update leaves the map consistent before it can panic, so a poisoned lock still
        // guards a usable map.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn get(&self, key: &str) -> Option<Arc<V>> {
        let now = Instant::now();
        let mut inner = self.lock();
        match inner.map.get(key) {
            Some(e) if e.expires > now => Some(e.value.clone()),
            Some(_) => {
                if let Some(e) = inner.map.remove(key) {
                    inner.weight -= e.weight;
                }
                None
            }
            None => None,
        }
    }

    /// Keeps `value` under `key`; a value heavier than the whole budget is not kept.
    pub fn insert(&self, key: String, value: Arc<V>, weight: usize) {
        if weight > self.budget {
            return;
        }
        let now = Instant::now();
        let mut inner = self.lock();
        if let Some(old) = inner.map.remove(&key) {
            inner.weight -= old.weight;
        }
        if inner.weight + weight > self.budget {
            inner.map.retain(|_, e| e.expires > now);
            inner.weight = inner.map.values().map(|e| e.weight).sum();
        }
        while inner.weight + weight > self.budget {
            let Some(victim) = inner.map.keys().next().cloned() else { break };
            if let Some(e) = inner.map.remove(&victim) {
                inner.weight -= e.weight;
            }
        }
        inner.weight += weight;
        inner.map.insert(key, Entry { value, weight, expires: now + self.ttl });
    }

    /// Total weight held (for tests and metrics).
    pub fn weight(&self) -> usize {
        self.lock().weight
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_values_within_the_budget() {
        let memo: LocalMemo<str> = LocalMemo::new(10, Duration::from_secs(60));
        memo.insert("a".into(), Arc::from("A"), 4);
        memo.insert("b".into(), Arc::from("B"), 4);
        assert_eq!(memo.get("a").as_deref(), Some("A"));
        assert_eq!(memo.weight(), 8);
        // Over budget: something goes, and the total stays within it.
        memo.insert("c".into(), Arc::from("C"), 4);
        assert!(memo.weight() <= 10);
        assert_eq!(memo.get("c").as_deref(), Some("C"));
        // Replacing a key does not count it twice.
        memo.insert("c".into(), Arc::from("C2"), 4);
        assert!(memo.weight() <= 10);
        assert_eq!(memo.get("c").as_deref(), Some("C2"));
        // Heavier than the whole budget: not kept.
        memo.insert("big".into(), Arc::from("X"), 11);
        assert_eq!(memo.get("big"), None);
    }

    #[test]
    fn entries_expire() {
        let memo: LocalMemo<str> = LocalMemo::new(10, Duration::ZERO);
        memo.insert("a".into(), Arc::from("A"), 1);
        assert_eq!(memo.get("a"), None);
        assert_eq!(memo.weight(), 0);
    }
}
