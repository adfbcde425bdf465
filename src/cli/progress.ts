import type { OutputStream } from './context.js';

/**
 * A one-line progress bar on stderr for big inputs: bytes done, total, speed. Only on a terminal
 * (never in cron mail or a pipe), redrawn at most 10 times a second, erased when done.
 */
export class ProgressBar {
  private lastDraw = 0;
  private started = Date.now();
  private drawn = false;
  private input = '';

  constructor(private readonly out: OutputStream, private readonly clock: () => number = Date.now) {}

  static enabled(out: OutputStream, quiet: boolean): boolean {
    return !quiet && out.isTTY === true;
  }

  update(input: string, done: number, total: number | null): void {
    const now = this.clock();
    if (input !== this.input) {
      this.input = input;
      this.started = now;
    }
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const seconds = Math.max(0.001, (now - this.started) / 1000);
    const speed = `${formatBytes(done / seconds)}/s`;
    const width = Math.max(10, Math.min(30, (this.out.columns ?? 80) - 60));
    let bar = '';
    if (total && total > 0) {
      const share = Math.min(1, done / total);
      const filled = Math.round(share * width);
      bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% `;
    }
    const name = input.length > 30 ? `…${input.slice(-29)}` : input;
    const sizes = total ? `${formatBytes(done)} / ${formatBytes(total)}` : formatBytes(done);
    this.out.write(`\r\x1b[2K${name} ${bar}${sizes} ${speed}`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
