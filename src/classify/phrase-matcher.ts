// Finds which of many fixed phrases occur in a text, in one pass over the text (Aho-Corasick, 1975).
//
// Why not `text.includes(p)` per phrase: the catalog has hundreds of match strings and an analyze run
// classifies millions of replies; one pass whose cost depends on the text length only keeps classify()
// fast whatever the catalog grows to, and it has no backtracking for hostile text to exploit.
//
// Phrases are given in the normal form of normalize-for-match.ts; `scan` reads the raw text and
// normalises it on the fly (lowercase, runs of non-letters/digits = one space, a space at each end),
// so no normalised copy of every reply is built. For the characters a normalised text is made of
// (a-z, 0-9, space) the automaton is one compact table (see `table`); other characters (accented and
// non-Latin letters) take a slower path over the trie itself.
//
// Why compact (issue 7): the analyzer parses many lines between two texts it has not seen before, so a
// scan starts with the automaton out of the CPU caches. A full row of 37 entries for each of the ~16k
// nodes was 2.4 MB, and nearly every character of a scan cost a cache miss; rows only for the shallow
// nodes (where a scan spends most of its steps) and short records for the deep ones (nearly all have a
// single child) keep what a scan reads small and in order.

/** Symbols of the dense rows: space, 0-9, a-z. */
const DENSE = 37;
const SPACE = 32;
/** Nodes at most this deep get a full row of transitions; deeper ones a record of their children. */
const DENSE_DEPTH = 2;
// ASCII code -> symbol, or -1 for characters that never reach the automaton as themselves.
const SYMBOL = new Int8Array(128).fill(-1);
SYMBOL[SPACE] = 0;
for (let c = 48; c <= 57; c++) SYMBOL[c] = 1 + c - 48;
for (let c = 97; c <= 122; c++) SYMBOL[c] = 11 + c - 97;
// What an ASCII character of raw text feeds to the automaton: its (lowercased) letter or digit symbol,
// or 0 (a space) for everything else; the scan loop needs no case or class test of its own.
const FEED = new Int8Array(128);
for (let c = 0; c < 128; c++) FEED[c] = c >= 65 && c <= 90 ? SYMBOL[c + 32]! : Math.max(0, SYMBOL[c]!);

const WORD_CHAR = /^[\p{L}\p{N}]+$/u;
const NON_WORD_RUN = /[^\p{L}\p{N}]+/gu;

export class PhraseMatcher {
  private readonly ids = new Map<string, number>();
  private readonly phrases: string[] = [];
  // The trie by node (0 = the root): the character of the edge into the node, its first child and next
  // sibling (-1: none), in the order they were added; the phrase that ends at the node (-1: none).
  // Plain arrays of numbers, not a Map per node: the automaton is built on the first scan, inside the
  // first classify() call, and ~16k Maps made that build cost more than classifying a small log.
  private readonly label: number[] = [0];
  private readonly firstChild: number[] = [-1];
  private readonly sibling: number[] = [-1];
  private readonly phraseAt: number[] = [-1];
  /** Failure link: the node of the longest proper suffix of the node's path that is a trie path. */
  private fail = new Int32Array(0);
  /** The nearest node along the failure links (the node excluded) where a phrase ends, -1: none. */
  private outLink = new Int32Array(0);
  private built = false;
  /**
   * The automaton over the symbols, addressed by state = offset of a node's data in this array:
   * - the nodes at most DENSE_DEPTH deep come first (breadth-first, the root at 0), one row of DENSE
   *   entries each: the next state for each symbol, failure links already followed;
   * - every other node has a record [failure state, number of children, node, (symbol, state)...],
   *   in the order the nodes were made, so that following a phrase reads memory in order. A symbol
   *   with no child there is tried again from the failure state (at most as many times, over a scan,
   *   as there were steps down: linear).
   * A next state is stored bit-inverted (negative) when some phrase ends at that node (its own or
   * along its failure links).
   */
  private table = new Int32Array(0);
  /** States below this are rows. */
  private rowsEnd = 0;
  /** Node -> state. */
  private stateOf = new Int32Array(0);
  /** Row number -> node. */
  private rowNode = new Int32Array(0);
  /** found[i] === stamp  <=>  phrase i occurs in the text of the current scan. */
  private found = new Int32Array(0);
  private stamp = 0;
  /** Phrases found by the current scan, in the order first seen. */
  private hits: number[] = [];
  /** Whether the text of the current scan was all ASCII. */
  private ascii = true;
  /** Non-ASCII characters: lowercased form if a letter or digit, '' otherwise (memoised). */
  private readonly wide = new Map<string, string>();

  /** Registers a phrase (idempotent) and returns its id. Call before the first scan. */
  add(phrase: string): number {
    const known = this.ids.get(phrase);
    if (known !== undefined) return known;
    if (this.built) throw new Error('PhraseMatcher: add() after the first scan');
    const id = this.phrases.length;
    this.phrases.push(phrase);
    this.ids.set(phrase, id);
    let node = 0;
    for (let i = 0; i < phrase.length; i++) {
      const c = phrase.charCodeAt(i);
      let last = -1;
      let to = this.firstChild[node]!;
      while (to !== -1 && this.label[to] !== c) {
        last = to;
        to = this.sibling[to]!;
      }
      if (to === -1) {
        to = this.label.length;
        this.label.push(c);
        this.firstChild.push(-1);
        this.sibling.push(-1);
        this.phraseAt.push(-1);
        if (last === -1) this.firstChild[node] = to;
        else this.sibling[last] = to;
      }
      node = to;
    }
    this.phraseAt[node] = id;
    return id;
  }

  get size(): number {
    return this.phrases.length;
  }

  /** The child of `node` by character `c`, or -1. */
  private child(node: number, c: number): number {
    let to = this.firstChild[node]!;
    while (to !== -1 && this.label[to] !== c) to = this.sibling[to]!;
    return to;
  }

  private build(): void {
    const nodes = this.label.length;
    const { firstChild, sibling, label, phraseAt } = this;
    // Breadth-first, so that a node's failure target (shallower) is complete before the node.
    const fail = new Int32Array(nodes);
    const outLink = new Int32Array(nodes).fill(-1);
    const depth = new Int32Array(nodes);
    const queue = new Int32Array(nodes);
    let tail = 1;
    for (let q = 0; q < tail; q++) {
      const node = queue[q]!;
      for (let child = firstChild[node]!; child !== -1; child = sibling[child]!) {
        depth[child] = depth[node]! + 1;
        let f = 0;
        if (node !== 0) {
          const c = label[child]!;
          for (let g = fail[node]!; ; g = fail[g]!) {
            const to = this.child(g, c);
            if (to !== -1) {
              f = to;
              break;
            }
            if (g === 0) break;
          }
        }
        fail[child] = f;
        outLink[child] = phraseAt[f] !== -1 ? f : outLink[f]!;
        queue[tail++] = child;
      }
    }
    const ends = (node: number) => phraseAt[node] !== -1 || outLink[node] !== -1;
    // States: rows for the shallow nodes in breadth-first order, then the records.
    const symbolChildren = (node: number) => {
      let n = 0;
      for (let child = firstChild[node]!; child !== -1; child = sibling[child]!) if (label[child]! < 128 && SYMBOL[label[child]!]! >= 0) n++;
      return n;
    };
    const stateOf = new Int32Array(nodes);
    let rows = 0;
    while (rows < nodes && depth[queue[rows]!]! <= DENSE_DEPTH) rows++;
    const rowNode = queue.slice(0, rows);
    for (let k = 0; k < rows; k++) stateOf[rowNode[k]!] = k * DENSE;
    const rowsEnd = rows * DENSE;
    let size = rowsEnd;
    // Records in node order: the nodes a phrase added to the trie were created one after the other.
    const records: number[] = [];
    for (let node = 0; node < nodes; node++) {
      if (depth[node]! <= DENSE_DEPTH) continue;
      records.push(node);
      stateOf[node] = size;
      size += 3 + 2 * symbolChildren(node);
    }
    const table = new Int32Array(size);
    const target = (node: number) => (ends(node) ? ~stateOf[node]! : stateOf[node]!);
    // Rows in breadth-first order: a node's failure target is shallower, so its row is already filled.
    for (let k = 0; k < rows; k++) {
      const node = rowNode[k]!;
      const row = k * DENSE;
      for (let c = 0; c < 128; c++) {
        const s = SYMBOL[c]!;
        if (s < 0) continue;
        const direct = this.child(node, c);
        table[row + s] = direct !== -1 ? target(direct) : node === 0 ? target(0) : table[stateOf[fail[node]!]! + s]!;
      }
    }
    for (const node of records) {
      const at = stateOf[node]!;
      table[at] = stateOf[fail[node]!]!;
      table[at + 1] = symbolChildren(node);
      table[at + 2] = node;
      let k = at + 3;
      for (let child = firstChild[node]!; child !== -1; child = sibling[child]!) {
        const c = label[child]!;
        if (c >= 128 || SYMBOL[c]! < 0) continue;
        table[k] = SYMBOL[c]!;
        table[k + 1] = target(child);
        k += 2;
      }
    }
    this.fail = fail;
    this.outLink = outLink;
    this.table = table;
    this.rowsEnd = rowsEnd;
    this.stateOf = stateOf;
    this.rowNode = rowNode;
    this.found = new Int32Array(this.phrases.length);
    this.built = true;
  }

  /**
   * Scans `text` (raw: it is normalised on the way) and returns a predicate telling whether phrase
   * `id` occurs in it. Valid until the next scan (one buffer is reused: classification is synchronous).
   */
  scan(text: string): (id: number) => boolean {
    if (!this.built) this.build();
    this.stamp++;
    if (this.stamp === 0x7fffffff) {
      this.found.fill(0);
      this.stamp = 1;
    }
    this.hits = [];
    const stamp = this.stamp;
    const table = this.table;
    const rowsEnd = this.rowsEnd;
    // The leading space of the normal form first; `spaced` = the last symbol fed was a space (a run
    // of separators is one space).
    let state = this.advance(0, 0, stamp);
    let spaced = true;
    let ascii = true;
    const length = text.length;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        const s = FEED[c]!;
        if (s === 0) {
          if (spaced) continue;
          spaced = true;
        } else spaced = false;
        // advance(), inlined: this loop is the hot path of classification.
        let to: number;
        for (;;) {
          if (state < rowsEnd) {
            to = table[state + s]!;
            break;
          }
          const end = state + 3 + 2 * table[state + 1]!;
          let k = state + 3;
          while (k < end && table[k] !== s) k += 2;
          if (k < end) {
            to = table[k + 1]!;
            break;
          }
          state = table[state]!;
        }
        if (to < 0) {
          state = ~to;
          this.mark(state, stamp);
        } else state = to;
        continue;
      }
      // Beyond ASCII: a letter or digit of any script is kept (lowercased), anything else is a separator.
      ascii = false;
      let ch = text[i]!;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < length) {
        const lo = text.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          ch = text.slice(i, i + 2);
          i++;
        }
      }
      let lower = this.wide.get(ch);
      if (lower === undefined) {
        // Lowercasing can give more than one character, and not all of them letters: 'İ' becomes 'i'
        // and a combining dot, which the normal form reads as a separator (normalize-for-match.ts), which
        // also writes the Greek final sigma 'ς' as 'σ'.
        lower = WORD_CHAR.test(ch) ? (ch === 'ς' ? 'σ' : ch.toLowerCase().replace(NON_WORD_RUN, ' ')) : ' ';
        if (this.wide.size < 4096) this.wide.set(ch, lower);
      }
      for (let k = 0; k < lower.length; k++) {
        const lc = lower.charCodeAt(k);
        if (lc === 32) {
          if (!spaced) {
            state = this.advance(state, 0, stamp);
            spaced = true;
          }
        } else {
          state = this.step(state, lc, stamp);
          spaced = false;
        }
      }
    }
    if (!spaced) this.advance(state, 0, stamp); // the trailing space
    this.ascii = ascii;
    const found = this.found;
    return (id: number) => found[id] === stamp;
  }

  /** Phrase ids found by the last scan, in the order they were first seen. */
  lastHits(): readonly number[] {
    return this.hits;
  }

  /** Whether the text of the last scan was all ASCII (then the scan read every character as itself). */
  lastScanAscii(): boolean {
    return this.ascii;
  }

  /** The state after symbol `s` from `state`, marking the phrases that end there. */
  private advance(state: number, s: number, stamp: number): number {
    const table = this.table;
    for (;;) {
      let to: number | undefined;
      if (state < this.rowsEnd) to = table[state + s]!;
      else {
        const end = state + 3 + 2 * table[state + 1]!;
        for (let k = state + 3; k < end; k += 2) if (table[k] === s) to = table[k + 1]!;
      }
      if (to === undefined) {
        state = table[state]!;
        continue;
      }
      if (to >= 0) return to;
      this.mark(~to, stamp);
      return ~to;
    }
  }

  /** One transition for any character code (the slow path: characters beyond the symbols). */
  private step(state: number, c: number, stamp: number): number {
    if (c < 128 && SYMBOL[c]! >= 0) return this.advance(state, SYMBOL[c]!, stamp);
    let node = this.nodeOf(state);
    let to = this.child(node, c);
    while (to === -1 && node !== 0) {
      node = this.fail[node]!;
      to = this.child(node, c);
    }
    if (to === -1) to = 0;
    if (this.phraseAt[to] !== -1 || this.outLink[to] !== -1) this.mark(this.stateOf[to]!, stamp);
    return this.stateOf[to]!;
  }

  private nodeOf(state: number): number {
    return state < this.rowsEnd ? this.rowNode[state / DENSE]! : this.table[state + 2]!;
  }

  /** Marks the phrases that end at the node of `state`: its own, then along its failure links. */
  private mark(state: number, stamp: number): void {
    const found = this.found;
    let node = this.nodeOf(state);
    if (this.phraseAt[node] === -1) node = this.outLink[node]!;
    for (; node !== -1; node = this.outLink[node]!) {
      const id = this.phraseAt[node]!;
      if (found[id] !== stamp) {
        found[id] = stamp;
        this.hits.push(id);
      }
    }
  }
}
