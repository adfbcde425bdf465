// Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: self time per function and per
// area of the code (src/store, parsers/exim, npm:better-sqlite3...), the biggest first. Enough to see
// whether splitting, parsing, classifying or SQLite dominates. Time spent in SQLite (native) counts as
// self time of the JavaScript function that called it (flushRows, lastDeferral...).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Samples where the thread waited for nothing to do (V8's "(idle)"): not part of the lists. */
  idleMs: number;
  functions: ProfileEntry[];
  /** Files grouped into areas: src/store, parsers/exim, npm:better-sqlite3, node:modules (loading code)... */
  areas: ProfileEntry[];
}

export function summarizeProfile(path: string, root: string, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const fn = new Map<string, number>();
  const area = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    total += us;
    if (node.callFrame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    const where = shortUrl(node.callFrame.url, root);
    const name = `${node.callFrame.functionName || '(anonymous)'}${where ? ` ${where}:${node.callFrame.lineNumber + 1}` : ''}`;
    fn.set(name, (fn.get(name) ?? 0) + us);
    const a = areaOf(where || node.callFrame.functionName || '(native)');
    area.set(a, (area.get(a) ?? 0) + us);
  }
  const list = (m: Map<string, number>, n = top) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: total ? us / total : 0 }));
  return { totalMs: Math.round(total / 1000), idleMs: Math.round(idle / 1000), functions: list(fn), areas: list(area, 8) };
}

/** `dist/src/store/writer.js` → `src/store`; `node_modules/yargs/...` → `npm:yargs`; `node:internal/modules/...` → `node:modules`. */
export function areaOf(file: string): string {
  let m = /^(?:dist\/)?(src|parsers|bench)\/([^/]+)\//.exec(file);
  if (m) return `${m[1]}/${m[2]}`;
  m = /^(?:dist\/)?(src|parsers|bench)\/[^/]+$/.exec(file);
  if (m) return m[1]!;
  m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(file);
  if (m) return `npm:${m[1]}`;
  if (file.startsWith('node:internal/modules') || file.startsWith('node:internal/bootstrap')) return 'node:modules (loading code)';
  if (file.startsWith('node:')) return 'node:other';
  return file;
}

function shortUrl(url: string, root: string): string {
  if (!url) return '';
  try {
    const p = url.startsWith('file:') ? fileURLToPath(url) : url;
    return p.startsWith('/') ? relative(root, p) : p;
  } catch {
    return url;
  }
}
