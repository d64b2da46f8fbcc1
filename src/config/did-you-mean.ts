/** "Did you mean" for unknown config keys: the closest known key, when it is close enough. */

/** lower case without `_`/`-`, so `maxWorkers` and `max-workers` both find `max_workers` */
function normalise(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The known key nearest to `key`, or null when none is within a third of its length (at least 1 edit). */
export function closestKey(key: string, known: readonly string[]): string | null {
  const target = normalise(key);
  let best: string | null = null;
  let bestDistance = Math.max(1, Math.floor(target.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(target, normalise(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
