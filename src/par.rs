//! Work spread over the machine's cores, keeping the order of its items.

/// Below this many items a second thread costs more than it saves.
pub const PARALLEL_FROM: usize = 256;

/// The threads a job may use: the machine's cores, at most eight.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(8)
}

/// `items` mapped by `f`, in their order, on every core when there are at least
/// [`PARALLEL_FROM`] of them. The calling thread takes the last share itself. A panic in
/// `f` goes on to the caller rather than losing items silently.
pub fn map<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync) -> Vec<U> {
    let threads = threads();
    if threads < 2 || items.len() < PARALLEL_FROM {
        return items.into_iter().map(f).collect();
    }
    let share = items.len().div_ceil(threads);
    let mut shares: Vec<Vec<T>> = Vec::with_capacity(threads);
    let mut rest = items.into_iter();
    loop {
        let s: Vec<T> = rest.by_ref().take(share).collect();
        if s.is_empty() {
            break;
        }
        shares.push(s);
    }
    let f = &f;
    let last = shares.pop().unwrap_or_default();
    std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .into_iter()
            .map(|s| scope.spawn(move || s.into_iter().map(f).collect::<Vec<_>>()))
            .collect();
        let mine: Vec<U> = last.into_iter().map(f).collect();
        let mut out = Vec::new();
        for h in handles {
            match h.join() {
                Ok(done) => out.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out.extend(mine);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_order_of_many_items_and_of_few() {
        for n in [0, 1, PARALLEL_FROM - 1, PARALLEL_FROM, 1000, 1001] {
            let got = map((0..n).collect(), |i: usize| i * 2);
            assert_eq!(got, (0..n).map(|i| i * 2).collect::<Vec<_>>(), "{n} items");
        }
    }

    #[test]
    fn a_panic_in_a_share_reaches_the_caller() {
        let outcome = std::panic::catch_unwind(|| {
            map((0..1000).collect(), |i: usize| {
                assert!(i != 3, "a failing item");
                i
            })
        });
        assert!(outcome.is_err());
    }
}
