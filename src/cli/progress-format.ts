/** Units and rates for progress output: human byte sizes, durations, and a start-to-now rate meter. */

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Average rate of a growing count since its first observation; ETA from that rate. */
export class RateMeter {
  private readonly startMs: number;
  private readonly startValue: number;

  constructor(startMs: number, startValue: number) {
    this.startMs = startMs;
    this.startValue = startValue;
  }

  elapsedSeconds(nowMs: number): number {
    return (nowMs - this.startMs) / 1000;
  }

  /** units per second; 0 until time has passed */
  rate(nowMs: number, value: number): number {
    const seconds = this.elapsedSeconds(nowMs);
    return seconds > 0 ? (value - this.startValue) / seconds : 0;
  }

  /** seconds left to reach `total`, Infinity while no rate is known */
  etaSeconds(nowMs: number, value: number, total: number): number {
    const rate = this.rate(nowMs, value);
    return rate > 0 ? Math.max(0, total - value) / rate : Number.POSITIVE_INFINITY;
  }
}
