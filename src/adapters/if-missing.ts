/**
 * A `.catch` for reads where a missing file means "nothing there": ENOENT gives `value`, every other
 * error (a directory in the way, no permission, a broken disk) propagates, so the caller fails closed.
 */
export function ifMissing<T>(value: T): (error: NodeJS.ErrnoException) => T {
  return (error) => {
    if (error.code === "ENOENT") return value;
    throw error;
  };
}
