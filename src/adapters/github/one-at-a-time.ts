const tails = new Map<string, Promise<unknown>>();

/**
 * The same object, with every method call queued behind the previous one for the same key. `rounds
 * serve` handles webhooks concurrently, and two writers in one git clone would trip over each other's
 * index lock; each effect is a whole fetch–edit–commit–push, so queuing the calls is enough.
 */
export function oneAtATime<T extends object>(key: string, target: T): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => queue(key, () => (value as (...a: unknown[]) => Promise<unknown>).apply(object, args));
    },
  });
}

/** Runs `work` after everything queued before it under `key` has settled. */
export function queue<R>(key: string, work: () => Promise<R>): Promise<R> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}
