// What one Exim line says, before the parser turns it into an event (or merges it with a neighbour).
import { blankEvent, type ReplyEvent } from '../../src/model/event.js';
import type { Direction, Stage } from '../../src/model/labels.js';

/**
 * The event a line gives, as its reader fills it in: direction, stage, reply, client, addresses,
 * server. The parser adds the rest (position, time, message id, twin key) to the same object: one
 * allocation per event rather than a draft and a copy of it.
 */
export type Draft = ReplyEvent;

/**
 * How a reply line relates to its neighbours (see create-exim-parser.ts):
 * - plain: an event on its own;
 * - verify: `sender verify fail|defer` — the ACL rejection Exim writes right after it is the same
 *   refusal, so the two become one event;
 * - reject: an ACL rejection (absorbs a preceding verify line from the same client);
 * - synprot: `SMTP protocol|syntax error` — absorbs the `dropped: too many ...` line that follows
 *   when the error was the last straw (smtp_in.c synprot_error writes both for one reply);
 * - dropped: `SMTP call from ... dropped: too many syntax or protocol errors|unrecognized commands`;
 * - perhost: a flagless per-host delivery error — absorbs the `==`/`**` line for the same message
 *   that repeats it;
 * - delivery: a `**` or `==` line;
 * - expired: `** addr: retry timeout exceeded` (takes its reply from the last deferral);
 * - tls: an inbound `TLS error on connection from ... (recv): ...` (a failed read) — absorbs the line
 *   of the same connection that reports the hang-up it caused;
 * - lost: `unexpected disconnection while reading SMTP ...`, `SMTP connection from ... lost while
 *   reading message data`.
 */
export type Role = 'plain' | 'verify' | 'reject' | 'synprot' | 'dropped' | 'perhost' | 'delivery' | 'expired' | 'tls' | 'lost';

export type LineFact =
  | { kind: 'ignored' }
  | { kind: 'success'; direction: Direction }
  | {
      kind: 'reply';
      draft: Draft;
      role: Role;
      /** Exim writes this line to the mainlog and the rejectlog alike (LOG_MAIN|LOG_REJECT). */
      twin: boolean;
      /** Identity of the client (verify/reject/synprot/dropped and tls/lost merges). */
      who?: string;
      /** For `==` lines: record as the last deferral of (message, recipient). */
      deferral?: boolean;
      /** verify lines: the reason Exim gave (joined to the rejection's text on merge). */
      detail?: string;
      /** Opens a rejectlog-style block: following non-timestamp lines are its header lines. */
      block?: boolean;
      /** A line of a message log (no message id): pairs by the file, not by an id. */
      msglog?: boolean;
    };

/** A fresh draft (a blank event): every line that gives an event gets its own. */
export function draft(direction: Direction, stage: Stage): Draft {
  const d = blankEvent(0, 0);
  d.direction = direction;
  d.stage = stage;
  return d;
}

export const IGNORED: LineFact = { kind: 'ignored' };
