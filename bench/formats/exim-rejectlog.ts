// An Exim rejectlog: every entry is a rejection first line (the same line the mainlog gets), and the
// DATA-time rejections are followed by the header block (formats.md 1.5). With a fifth of the entries
// after DATA and 5-15 header lines each, about a third of all lines are rejections, as on a real busy
// host (issue 7: 1 GB, 11 M lines, 3.8 M rejections).
import { logTimeAt } from '../log-clock.js';
import { EximLines } from './exim-lines.js';
import { bump, type FormatGenerator, type GenStats } from './context.js';

export const generateEximRejectlog: FormatGenerator = (w, ctx, bytes) => {
  const exim = new EximLines(ctx.rng, ctx.pop, { pid: true, port: true, iface: true });
  const stats: GenStats = { entries: 0, rejectionLines: 0, headerLines: 0 };
  while (w.size < bytes) {
    const ms = logTimeAt(w.size);
    const rej = exim.rejection(ms, true);
    stats.entries!++;
    bump(stats, `kind:${rej.kind}`);
    for (const line of rej.lines) {
      // Lines that start with the timestamp are rejections (sender-verify lines included); the rest is
      // the header block. Only the former hold the client's HELO, raw bytes and all.
      if (/^\d{4}-/.test(line)) {
        if (rej.raw) w.raw(line);
        else w.line(line);
        stats.rejectionLines!++;
      } else {
        w.line(line);
        stats.headerLines!++;
      }
    }
  }
  return stats;
};
