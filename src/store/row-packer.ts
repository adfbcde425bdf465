// How events travel from ingest to the store (issue 7). Rows are packed, not sent as objects:
// - numbers (ids, offsets, times, the lengths of the short strings) in one Float64Array, which moves
//   to the writer thread without a copy;
// - the short strings of all rows (client IP, HELO, addresses, server, message id) joined into one
//   string: one copy of its characters instead of thousands of small clones;
// - what an event *is* (its kind: format, direction, stage, codes, class, category, rule, blocklist) and
//   its reply text by number. Each kind and text is spelled out once, in the first batch that uses it;
//   the store turns the numbers into database ids (event_kinds, reply_texts).
// Numbering rides on the classifier's cache: a cached Classification is one object per (codes, text),
// so the object itself says "this text, these codes" without hashing the text again.
import type { Classification } from '../classify/types.js';
import type { ReplyEvent } from '../model/event.js';
import type { EventKind } from './writer.js';

/** Float64 values per packed row; see the P_* offsets. */
export const PACKED_WIDTH = 14;
export const P_SOURCE = 0;
export const P_OFFSET = 1;
export const P_SEQ = 2;
export const P_LINE = 3;
export const P_TS = 4;
export const P_KIND = 5;
export const P_TEXT = 6;
/** The twin hash, NaN for none. */
export const P_TWIN = 7;
/** Lengths of the row's strings in `strings`, in STRING_FIELDS order; -1 for null. */
export const P_LENGTHS = 8;
export const STRING_FIELDS = ['clientIp', 'helo', 'sender', 'recipient', 'server', 'messageId'] as const;

export interface PackedRows {
  rows: number;
  nums: Float64Array;
  strings: string;
  /** Kinds first used in this batch: [number, kind] pairs, flat. */
  kinds: (number | EventKind)[];
  /** Texts first used in this batch: [number, text] pairs, flat. */
  texts: (number | string)[];
}

/**
 * What the packer remembers of one classification: [text number, then (kind key, kind number) pairs]
 * for the kinds seen with it (usually one or two: a flat array is smaller and faster than a Map).
 */
type Slot = number[];

// Small numbers for the closed vocabularies that, with the classification, make up a kind.
const FORMATS: Record<string, number> = { exim: 0, hmailserver: 1, phpmailer: 2 };
const DIRECTIONS: Record<string, number> = { inbound: 0, outbound: 1 };
const STAGES: Record<string, number> = { connect: 0, helo: 1, auth: 2, mail: 3, rcpt: 4, data: 5, tls: 6, other: 7 };
const CODE_SOURCES: Record<string, number> = { seen: 0, inferred: 1, none: 2 };

export class RowPacker {
  private nums: Float64Array;
  private rows = 0;
  private strings: string[] = [];
  private newKinds: (number | EventKind)[] = [];
  private newTexts: (number | string)[] = [];
  private slots = new WeakMap<Classification, Slot>();
  private kindNos = new Map<string, number>();
  private nextKind = 0;
  private nextText = 0;

  constructor(readonly capacity: number) {
    this.nums = new Float64Array(capacity * PACKED_WIDTH);
  }

  get size(): number {
    return this.rows;
  }

  /**
   * Packs one event. `code` and `enhanced` are the validated codes the event was classified with,
   * `c` the classification, `twin` the twin hash or null. Returns true when the batch is full.
   */
  add(
    sourceId: number,
    format: string,
    e: ReplyEvent,
    ts: number,
    code: number | null,
    enhanced: string | null,
    codeSource: string,
    c: Classification,
    twin: number | null,
  ): boolean {
    let slot = this.slots.get(c);
    if (!slot) {
      slot = [this.defineText(e.text)];
      this.slots.set(c, slot);
    }
    // A number for the rest of the kind; a value outside the vocabularies (the store's CHECKs refuse
    // it) is never remembered here, so it reaches the store as it is.
    const key = ((FORMATS[format]! * 2 + DIRECTIONS[e.direction]!) * 8 + STAGES[e.stage]!) * 3 + CODE_SOURCES[codeSource]!;
    let kindNo: number | undefined;
    for (let i = 1; i < slot.length; i += 2) {
      if (slot[i] === key) {
        kindNo = slot[i + 1];
        break;
      }
    }
    if (kindNo === undefined) {
      kindNo = this.kindNo({
        format,
        direction: e.direction,
        stage: e.stage,
        code,
        enhanced,
        codeSource,
        klass: c.class,
        category: c.category,
        rule: c.rule,
        blocklist: c.blocklist,
      });
      if (Number.isInteger(key)) slot.push(key, kindNo);
    }
    const n = this.nums;
    const at = this.rows * PACKED_WIDTH;
    n[at + P_SOURCE] = sourceId;
    n[at + P_OFFSET] = e.offset;
    n[at + P_SEQ] = e.seq;
    n[at + P_LINE] = e.line;
    n[at + P_TS] = ts;
    n[at + P_KIND] = kindNo;
    n[at + P_TEXT] = slot[0]!;
    n[at + P_TWIN] = twin ?? NaN;
    this.str(at + P_LENGTHS, e.clientIp);
    this.str(at + P_LENGTHS + 1, e.helo);
    this.str(at + P_LENGTHS + 2, e.sender);
    this.str(at + P_LENGTHS + 3, e.recipient);
    this.str(at + P_LENGTHS + 4, e.server);
    this.str(at + P_LENGTHS + 5, e.messageId);
    return ++this.rows >= this.capacity;
  }

  /** The packed batch (its numbers move with it: the packer starts a new array). */
  take(): PackedRows {
    const batch: PackedRows = {
      rows: this.rows,
      nums: this.rows === this.capacity ? this.nums : this.nums.slice(0, this.rows * PACKED_WIDTH),
      strings: this.strings.join(''),
      kinds: this.newKinds,
      texts: this.newTexts,
    };
    if (batch.nums === this.nums) this.nums = new Float64Array(this.capacity * PACKED_WIDTH);
    this.rows = 0;
    this.strings = [];
    this.newKinds = [];
    this.newTexts = [];
    return batch;
  }

  /** Forgets every number handed out: the store forgets them too (after a failed batch). */
  reset(): void {
    this.rows = 0;
    this.strings = [];
    this.newKinds = [];
    this.newTexts = [];
    this.slots = new WeakMap();
    this.kindNos.clear();
    this.nextKind = 0;
    this.nextText = 0;
  }

  private str(at: number, s: string | null): void {
    if (s === null) {
      this.nums[at] = -1;
    } else {
      this.nums[at] = s.length;
      if (s.length > 0) this.strings.push(s);
    }
  }

  private defineText(text: string): number {
    const no = this.nextText++;
    this.newTexts.push(no, text);
    return no;
  }

  private kindNo(kind: EventKind): number {
    const key = kindKey(kind);
    let no = this.kindNos.get(key);
    if (no === undefined) {
      no = this.nextKind++;
      this.kindNos.set(key, no);
      this.newKinds.push(no, kind);
    }
    return no;
  }
}

/** One string per distinct kind (the fields never contain `|` and null never reads as a value). */
export function kindKey(k: EventKind): string {
  return `${k.format}|${k.direction}|${k.stage}|${k.code ?? ''}|${k.enhanced ?? ''}|${k.codeSource}|${k.klass}|${k.category}|${k.rule}|${k.blocklist ?? '\u0000'}`;
}
