// What one Exim line says, before the parser turns it into an event (or merges it with a neighbour).
import type { ReplyEvent } from '../../src/model/event.js';
import type { Direction, Stage } from '../../src/model/labels.js';

/** The event fields a line determines (time, position, message id and twin key are added later). */
export type Draft = Pick<
  ReplyEvent,
  'direction' | 'stage' | 'code' | 'enhanced' | 'codeSource' | 'text' | 'clientIp' | 'helo' | 'sender' | 'recipient' | 'server'
>;

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
 * - expired: `** addr: retry timeout exceeded` (takes its reply from the last deferral).
 */
export type Role = 'plain' | 'verify' | 'reject' | 'synprot' | 'dropped' | 'perhost' | 'delivery' | 'expired';

export type LineFact =
  | { kind: 'ignored' }
  | { kind: 'success'; direction: Direction; sender?: string }
  | {
      kind: 'reply';
      draft: Draft;
      role: Role;
      /** Exim writes this line to the mainlog and the rejectlog alike (LOG_MAIN|LOG_REJECT). */
      twin: boolean;
      /** Identity of the client (verify/reject/synprot/dropped merges). */
      who?: string;
      /** For `==` lines: record as the last deferral of (message, recipient). */
      deferral?: boolean;
      /** verify lines: the reason Exim gave (joined to the rejection's text on merge). */
      detail?: string;
      /** Opens a rejectlog-style block: following non-timestamp lines are its header lines. */
      block?: boolean;
    };

export function draft(direction: Direction, stage: Stage): Draft {
  return {
    direction,
    stage,
    code: null,
    enhanced: null,
    codeSource: 'none',
    text: '',
    clientIp: null,
    helo: null,
    sender: null,
    recipient: null,
    server: null,
  };
}

export const IGNORED: LineFact = { kind: 'ignored' };
