//! Work done on several threads and consumed in input order, a bounded distance ahead.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::channel;
use std::sync::{Condvar, Mutex};

/// How far the producers run ahead of the consumer, and with what.
#[derive(Debug, Clone, Copy)]
pub struct Ahead {
    /// Producer threads.
    pub threads: usize,
    /// Items produced but not yet consumed, at most: what bounds memory.
    pub items: usize,
}

/// Runs `produce(i)` for every `i` in `0..count` on `ahead.threads` threads, and `consume(i, item)`
/// on this thread in order of `i`, as soon as each item and the ones before it are ready. Stops at
/// the first error of `consume` (producers finish the item they are on and stop).
pub fn for_each_in_order<T: Send, E>(
    count: usize,
    ahead: Ahead,
    produce: impl Fn(usize) -> T + Sync,
    mut consume: impl FnMut(usize, T) -> Result<(), E>,
) -> Result<(), E> {
    let next = AtomicUsize::new(0);
    // Items consumed so far; usize::MAX once the consumer stopped.
    let consumed = Mutex::new(0usize);
    let moved = Condvar::new();
    let (sender, received) = channel();
    std::thread::scope(|scope| {
        for _ in 0..ahead.threads.max(1) {
            let sender = sender.clone();
            let (next, consumed, moved, produce) = (&next, &consumed, &moved, &produce);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    return;
                }
                let guard = consumed.lock().unwrap_or_else(|e| e.into_inner());
                let guard = moved
                    .wait_while(guard, |done| {
                        *done != usize::MAX && i >= *done + ahead.items.max(1)
                    })
                    .unwrap_or_else(|e| e.into_inner());
                if *guard == usize::MAX {
                    return;
                }
                drop(guard);
                if sender.send((i, produce(i))).is_err() {
                    return;
                }
            });
        }
        drop(sender);
        let stop = || {
            *consumed.lock().unwrap_or_else(|e| e.into_inner()) = usize::MAX;
            moved.notify_all();
        };
        let mut waiting: Vec<Option<T>> = (0..count).map(|_| None).collect();
        let mut at = 0;
        for (i, item) in received.iter() {
            waiting[i] = Some(item);
            while let Some(item) = waiting.get_mut(at).and_then(Option::take) {
                if let Err(e) = consume(at, item) {
                    stop();
                    return Err(e);
                }
                at += 1;
                *consumed.lock().unwrap_or_else(|e| e.into_inner()) = at;
                moved.notify_all();
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn consumes_in_order_and_never_runs_too_far_ahead() {
        let produced = AtomicUsize::new(0);
        let mut seen = Vec::new();
        let ahead = Ahead { threads: 3, items: 2 };
        let result: Result<(), ()> = for_each_in_order(
            40,
            ahead,
            |i| {
                produced.fetch_add(1, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_micros((i * 37 % 11) as u64 * 100));
                i * 10
            },
            |i, item| {
                let ahead_now = produced.load(Ordering::SeqCst) - i;
                assert!(ahead_now <= ahead.items + ahead.threads, "{ahead_now} ahead at {i}");
                seen.push((i, item));
                Ok(())
            },
        );
        assert!(result.is_ok());
        assert_eq!(seen, (0..40).map(|i| (i, i * 10)).collect::<Vec<_>>());
    }

    #[test]
    fn stops_at_the_first_error() {
        let produced = AtomicUsize::new(0);
        let ahead = Ahead { threads: 2, items: 1 };
        let result = for_each_in_order(
            1000,
            ahead,
            |i| {
                produced.fetch_add(1, Ordering::SeqCst);
                i
            },
            |i, _| if i == 5 { Err(format!("input {i}")) } else { Ok(()) },
        );
        assert_eq!(result, Err("input 5".to_string()));
        assert!(produced.load(Ordering::SeqCst) < 20, "producers stopped");
    }
}
