// Which inputs may be read at the same time (issue 7: several input files spread over the cores)
// without changing a single stored row. Inputs that can influence each other form a chain, read one
// after the other in the given order, exactly as a single reader would:
// - every Exim input: a rejection is written to both the mainlog and the rejectlog and stored once
//   (twins), and a "retry timeout exceeded" takes its reply from a deferral stored earlier, perhaps
//   from the previous file of the rotation;
// - inputs whose first bytes agree: they may be found to continue the same stored source (logrotate
//   renames and compresses a file but keeps its first bytes, src/store/sources.ts findSource);
// - standard input, read by the ingest thread itself.
// Everything else (hMailServer and PHPMailer logs with distinct beginnings) is independent.
import type { LogFormat } from '../model/labels.js';
import { detectFormat } from './detect-format.js';
import { identifyInput } from './open-input.js';
import type { InputSpec } from './resolve-inputs.js';

export interface Chain {
  /** Positions in the input list, in order. */
  inputs: number[];
  /** Read by the ingest thread (standard input). */
  inline: boolean;
}

/**
 * `shortestFingerprint`: the fewest leading bytes a stored source of this host is known by (a file
 * first seen when it was tiny); two inputs agreeing on that many bytes may match the same source.
 */
export function chainInputs(inputs: readonly InputSpec[], format: LogFormat | undefined, shortestFingerprint: number): Chain[] {
  const chains: Chain[] = [];
  let exim: Chain | null = null;
  const byHead: { head: Buffer; chain: Chain }[] = [];
  inputs.forEach((input, i) => {
    if (input.path === '-') {
      chains.push({ inputs: [i], inline: true });
      return;
    }
    let head: Buffer | null = null;
    let detected: LogFormat | null = format ?? null;
    try {
      const identity = identifyInput(input.path);
      head = identity.head;
      detected ??= detectFormat(identity.sample).parser?.format ?? null;
    } catch {
      // unreadable: planning reports it; alone, it holds nobody up
    }
    if (detected === 'exim') {
      if (!exim) chains.push((exim = { inputs: [], inline: false }));
      exim.inputs.push(i);
      return;
    }
    if (head && head.length > 0) {
      const same = byHead.find((h) => {
        const n = Math.min(h.head.length, head!.length, shortestFingerprint);
        return h.head.subarray(0, n).equals(head!.subarray(0, n));
      });
      if (same) {
        same.chain.inputs.push(i);
        return;
      }
    }
    const chain: Chain = { inputs: [i], inline: false };
    chains.push(chain);
    if (head && head.length > 0) byHead.push({ head, chain });
  });
  return chains;
}

