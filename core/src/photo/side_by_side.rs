//! Running the pipeline's independent pieces side by side where there are threads, and one
//! after the other on wasm32, which has none (the web build runs the pipeline in one worker).

/// How many threads the pipeline spreads its work over: the processor's cores, read once.
#[cfg(not(target_arch = "wasm32"))]
fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Runs `first` on a second thread while `second` runs on this one, where there are threads
/// (one after the other otherwise), and returns both results. A panic in either is passed on.
pub(crate) fn both<A: Send, B>(
    first: impl FnOnce() -> A + Send,
    second: impl FnOnce() -> B,
) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    if threads() > 1 {
        return std::thread::scope(|scope| {
            let first = scope.spawn(first);
            let second = second();
            let first = first
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (first, second)
        });
    }
    (first(), second())
}

/// `work` done on each of `items`, spread over the threads where there are threads (in turn
/// otherwise); results in the order of `items`. A panic in any is passed on.
pub(crate) fn each<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let threads = threads().min(items.len());
        if threads > 1 {
            let work = &work;
            let mut results: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
            std::thread::scope(|scope| {
                let handles: Vec<_> = (0..threads)
                    .map(|thread| {
                        scope.spawn(move || {
                            (thread..items.len())
                                .step_by(threads)
                                .map(|i| (i, work(&items[i])))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                for handle in handles {
                    let done = handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    for (i, result) in done {
                        results[i] = Some(result);
                    }
                }
            });
            return results
                .into_iter()
                .map(|result| result.unwrap_or_else(|| unreachable!("every item is done")))
                .collect();
        }
    }
    items.iter().map(work).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_results_come_back_in_their_places() {
        let numbers: Vec<u32> = (1..=1000).collect();
        let (sum, count) = both(|| numbers.iter().sum::<u32>(), || numbers.len());
        assert_eq!((sum, count), (500_500, 1000));
    }

    #[test]
    fn each_result_comes_back_in_the_order_of_its_item() {
        let items: Vec<u64> = (0..37).collect();
        let squares = each(&items, |&n| n * n);
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(each(&[] as &[u8], |&n| n).is_empty());
    }
}
