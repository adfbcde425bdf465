// What we remember about one SMTP session between its lines, and a bounded table of them.
//
// Sessions are keyed on the session id plus the side (SMTPD = a client talking to us, SMTPC = us
// delivering): the id counter is shared by SMTP, IMAP and POP3 and starts again after a service restart
// (formats.md §2.2), and the thread column changes within one session so it is no key at all.
import { CMD_NONE, type Command } from './command.js';

export interface Session {
  /**
   * We saw this session begin (its greeting, or a fresh SMTPC connection), so a reply before any
   * command is a connect-time reply. False when the log starts in the middle of the session.
   */
  known: boolean;
  /** The last command seen (CMD_*). */
  cmd: Command;
  /** That command has not had its final reply yet. */
  awaiting: boolean;
  /** The message data has been sent: the next reply answers the end of data (after 354 / `[nl].`). */
  endOfData: boolean;
  /** The last reply was 334: the next line from the authenticating side is an AUTH payload. */
  authExchange: boolean;
  /** The address of the MAIL or RCPT command being answered (a flat copy). */
  arg: string | null;
  /** HELO/EHLO name the client gave (SMTPD only). */
  helo: string | null;
  /** Sender of the open transaction (MAIL FROM answered 2xx); '' = null reverse-path. */
  sender: string | null;
  /** Recipients accepted in the open transaction, and the first of them. */
  accepted: number;
  firstAccepted: string | null;
  /**
   * What we sent to authenticate (SMTPC: the answers to 334, an AUTH command's initial response), to be
   * masked in the remote server's replies should it echo them; null until there is any.
   */
  secrets: string[] | null;
}

function newSession(known: boolean): Session {
  return {
    known,
    cmd: CMD_NONE,
    awaiting: false,
    endOfData: false,
    authExchange: false,
    arg: null,
    helo: null,
    sender: null,
    accepted: 0,
    firstAccepted: null,
    secrets: null,
  };
}

/** Forget the mail transaction (RSET, end of data, a new MAIL FROM); the HELO name stays. */
export function resetTransaction(s: Session): void {
  s.sender = null;
  s.accepted = 0;
  s.firstAccepted = null;
  s.endOfData = false;
}

/** One number per (session id, side): no string built per line. */
export function sessionKey(id: number, outbound: boolean): number {
  return id * 2 + (outbound ? 1 : 0);
}

/**
 * Open sessions, at most `max` of them. Sessions end on 221/QUIT or DEBUG `Ending session N`, but many
 * just drop (timeouts, and DEBUG logging is off by default), so the oldest is forgotten when the table
 * is full: a log with millions of sessions keeps a bounded amount of memory.
 */
export class SessionTable {
  private readonly map = new Map<number, Session>();
  /**
   * Walks the keys oldest first, kept from one eviction to the next. Asking a new `map.keys()` for its
   * first key each time makes V8 step over every hole earlier deletions left at the front of the table
   * (up to `max` of them until it rehashes): a log of sessions that never end took 6 s per 40 MB in
   * here alone. Every key before the walker's position was returned by it and deleted; a session opened
   * again goes to the end: so its next key is always the oldest open session.
   */
  private oldest: Iterator<number> = this.map.keys();
  /** Sessions forgotten because the table was full. */
  evicted = 0;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: number): Session | undefined {
    return this.map.get(key);
  }

  /** A fresh state for `key`, replacing any earlier session that had the same id. */
  open(key: number, known: boolean): Session {
    this.map.delete(key);
    if (this.map.size >= this.max) {
      let oldest = this.oldest.next();
      if (oldest.done) {
        // a walker that reached the end stays there: start another
        this.oldest = this.map.keys();
        oldest = this.oldest.next();
      }
      if (!oldest.done) {
        this.map.delete(oldest.value);
        this.evicted++;
      }
    }
    const s = newSession(known);
    this.map.set(key, s);
    return s;
  }

  drop(key: number): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }
}
