// How events travel from ingest to the store (issue 7). Rows are packed, not sent as objects:
// - numbers (ids, offsets, times, the lengths of the strings) in one Float64Array, which moves to the
//   writer thread without a copy;
// - the strings of all rows (client IP, HELO, addresses, server, message id, reply text) joined into
//   one string: one copy of its characters instead of thousands of small clones;
// - what an event is before classification (format, direction, stage, codes, class hint) as one
//   number (src/store/event-shape.ts);
// - when ingest classified the event: its classification and reply text by number. Each is spelled
//   out once, in the first batch that uses it; a cached Classification is one object per (codes,
//   text, hint), so the object itself says "this text, these codes" without hashing the text again.
//   After MAX_NAMES names the numbering starts afresh, and an object named before is spelled out again.
//   The first sighting of a text comes unclassified, its text spelled out, and the store classifies it
//   unless it is behind (src/ingest/read-input.ts says why).
import type { Classification } from '../classify/types.js';
import type { ReplyEvent } from '../model/event.js';
import { encodeShape, type EventShape } from './event-shape.js';

/** Float64 values per packed row; see the P_* offsets. */
export const PACKED_WIDTH = 15;
export const P_SOURCE = 0;
export const P_OFFSET = 1;
export const P_SEQ = 2;
export const P_LINE = 3;
export const P_TS = 4;
/** encodeShape's number, or -(i + 1) for `odd[i]`: a shape outside the vocabularies, spelled out. */
export const P_SHAPE = 5;
/** The twin hash, NaN for none. */
export const P_TWIN = 6;
/** Number of the row's classification and text (see `names`), or -1: the store classifies the row. */
export const P_NAME = 7;
/**
 * Lengths of the row's strings in `strings`, in STRING_FIELDS order; -1 for null. The text is there
 * only for a row without a name.
 */
export const P_LENGTHS = 8;
export const STRING_FIELDS = ['clientIp', 'helo', 'sender', 'recipient', 'server', 'messageId', 'text'] as const;

export interface PackedRows {
  rows: number;
  nums: Float64Array;
  strings: string;
  /** Shapes no number stands for (values outside the vocabularies), by -P_SHAPE - 1. */
  odd: EventShape[];
  /** Names first used in this batch: [number, named outcome] pairs, flat. */
  names: (number | NamedOutcome)[];
  /** The packer started numbering afresh with this batch: the names of earlier batches are void. */
  fresh: boolean;
}

/**
 * Names handed out before the packer numbers afresh (at the next batch): the store keeps a table of
 * them per packer, so a long input must not grow it without end (a rejectlog names ~100 k
 * classifications per 200 MB, most of them a text seen once).
 */
const MAX_NAMES = 65_536;

/** What of a classification the store keeps (with the event's shape it makes the event's kind). */
export type Outcome = Pick<Classification, 'class' | 'category' | 'rule' | 'blocklist'>;
/** A classification and the reply text it was made of. */
export type NamedOutcome = Outcome & { text: string };

export class RowPacker {
  private nums: Float64Array;
  private rows = 0;
  private strings: string[] = [];
  private odd: EventShape[] = [];
  private newNames: (number | NamedOutcome)[] = [];
  private nameNos = new WeakMap<Classification, number>();
  private nextName = 0;
  private fresh = false;

  constructor(readonly capacity: number) {
    this.nums = new Float64Array(capacity * PACKED_WIDTH);
  }

  get size(): number {
    return this.rows;
  }

  /**
   * Packs one event. `code` and `enhanced` are the event's validated codes (the ones it is classified
   * and stored with), `c` its classification or null (the store classifies it), `twin` the twin hash or
   * null. Returns true when the batch is full.
   */
  add(
    sourceId: number,
    format: string,
    e: ReplyEvent,
    ts: number,
    code: number | null,
    enhanced: string | null,
    codeSource: string,
    c: Classification | null,
    twin: number | null,
  ): boolean {
    let shape = encodeShape(format, e.direction, e.stage, codeSource, code, enhanced, e.classHint);
    if (shape < 0) {
      this.odd.push({ format, direction: e.direction, stage: e.stage, codeSource, code, enhanced, classHint: e.classHint });
      shape = -this.odd.length;
    }
    const n = this.nums;
    const at = this.rows * PACKED_WIDTH;
    n[at + P_SOURCE] = sourceId;
    n[at + P_OFFSET] = e.offset;
    n[at + P_SEQ] = e.seq;
    n[at + P_LINE] = e.line;
    n[at + P_TS] = ts;
    n[at + P_SHAPE] = shape;
    n[at + P_TWIN] = twin ?? NaN;
    n[at + P_NAME] = c === null ? -1 : this.nameNo(c, e.text);
    this.str(at + P_LENGTHS, e.clientIp);
    this.str(at + P_LENGTHS + 1, e.helo);
    this.str(at + P_LENGTHS + 2, e.sender);
    this.str(at + P_LENGTHS + 3, e.recipient);
    this.str(at + P_LENGTHS + 4, e.server);
    this.str(at + P_LENGTHS + 5, e.messageId);
    this.str(at + P_LENGTHS + 6, c === null ? e.text : null);
    return ++this.rows >= this.capacity;
  }

  /** The packed batch (its numbers move with it: the packer starts a new array). */
  take(): PackedRows {
    const batch: PackedRows = {
      rows: this.rows,
      nums: this.rows === this.capacity ? this.nums : this.nums.slice(0, this.rows * PACKED_WIDTH),
      strings: this.strings.join(''),
      odd: this.odd,
      names: this.newNames,
      fresh: this.fresh,
    };
    if (batch.nums === this.nums) this.nums = new Float64Array(this.capacity * PACKED_WIDTH);
    this.rows = 0;
    this.strings = [];
    this.odd = [];
    this.newNames = [];
    this.fresh = false;
    if (this.nextName >= MAX_NAMES) {
      // between batches: no row waiting to be sent holds a number of the old series, and an object
      // named in it is spelled out again (its old number now stands for nothing, or for another)
      this.nameNos = new WeakMap();
      this.nextName = 0;
      this.fresh = true;
    }
    return batch;
  }

  /** Drops the rows not taken yet and forgets every number handed out: the store forgets them too (after a failed batch). */
  reset(): void {
    this.rows = 0;
    this.strings = [];
    this.odd = [];
    this.newNames = [];
    this.nameNos = new WeakMap();
    this.nextName = 0;
    this.fresh = false;
  }

  private nameNo(c: Classification, text: string): number {
    let no = this.nameNos.get(c);
    if (no === undefined) {
      no = this.nextName++;
      this.newNames.push(no, { class: c.class, category: c.category, rule: c.rule, blocklist: c.blocklist, text });
      this.nameNos.set(c, no);
    }
    return no;
  }

  private str(at: number, s: string | null): void {
    if (s === null) {
      this.nums[at] = -1;
    } else {
      this.nums[at] = s.length;
      if (s.length > 0) this.strings.push(s);
    }
  }
}
