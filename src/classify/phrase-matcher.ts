// Finds which of many fixed phrases occur in a text, in one pass over the text (Aho-Corasick, 1975).
//
// Why not `text.includes(p)` per phrase: the catalog has hundreds of match strings and an analyze run
// classifies millions of replies; one pass whose cost depends on the text length only keeps classify()
// fast whatever the catalog grows to, and it has no backtracking for hostile text to exploit.
//
// Phrases are given in the normal form of normalize-for-match.ts; `scan` reads the raw text and
// normalises it on the fly (lowercase, runs of non-letters/digits = one space, a space at each end),
// so no normalised copy of every reply is built. For the characters a normalised text is made of
// (a-z, 0-9, space) the automaton is a dense table, one array read per character; other characters
// (accented and non-Latin letters) take the slower map path.

/** Symbols of the dense table: space, 0-9, a-z. */
const DENSE = 37;
const SPACE = 32;
// ASCII code -> dense symbol, or -1 for characters that never reach the automaton as themselves.
const SYMBOL = new Int8Array(128).fill(-1);
SYMBOL[SPACE] = 0;
for (let c = 48; c <= 57; c++) SYMBOL[c] = 1 + c - 48;
for (let c = 97; c <= 122; c++) SYMBOL[c] = 11 + c - 97;

const WORD_CHAR = /^[\p{L}\p{N}]+$/u;

export class PhraseMatcher {
  private readonly ids = new Map<string, number>();
  private readonly phrases: string[] = [];
  private next: Map<number, number>[] = [new Map()];
  private fail: number[] = [0];
  private out: number[][] = [[]];
  private built = false;
  /** dense[node * DENSE + symbol] = next node (failure links already followed). */
  private dense = new Int32Array(0);
  /** found[i] === stamp  <=>  phrase i occurs in the text of the current scan. */
  private found = new Int32Array(0);
  private stamp = 0;
  /** Phrases found by the current scan, in the order first seen. */
  private hits: number[] = [];
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
      let to = this.next[node]!.get(c);
      if (to === undefined) {
        to = this.next.length;
        this.next.push(new Map());
        this.fail.push(0);
        this.out.push([]);
        this.next[node]!.set(c, to);
      }
      node = to;
    }
    this.out[node]!.push(id);
    return id;
  }

  get size(): number {
    return this.phrases.length;
  }

  private build(): void {
    // Breadth-first: a node's failure link is the longest proper suffix of its path that is also a
    // path in the trie; its outputs include those of that suffix. The dense table is filled in the
    // same order, so a node's failure target already has its row.
    const nodes = this.next.length;
    this.dense = new Int32Array(nodes * DENSE);
    const queue: number[] = [0];
    for (let q = 0; q < queue.length; q++) {
      const node = queue[q]!;
      for (const [c, child] of this.next[node]!) {
        if (node !== 0) {
          let f = this.fail[node]!;
          while (f !== 0 && !this.next[f]!.has(c)) f = this.fail[f]!;
          this.fail[child] = this.next[f]!.get(c) ?? 0;
          const inherited = this.out[this.fail[child]!]!;
          if (inherited.length) this.out[child] = [...this.out[child]!, ...inherited];
        }
        queue.push(child);
      }
      for (let c = 0; c < 128; c++) {
        const s = SYMBOL[c]!;
        if (s < 0) continue;
        const direct = this.next[node]!.get(c);
        this.dense[node * DENSE + s] = direct ?? (node === 0 ? 0 : this.dense[this.fail[node]! * DENSE + s]!);
      }
    }
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
    // Leading space of the normal form; `spaced` = the last symbol fed was a space.
    let node = this.step(0, SPACE, stamp);
    let spaced = true;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c < 128) {
        if (c >= 65 && c <= 90) c += 32;
        const s = SYMBOL[c]!;
        if (s > 0) {
          node = this.dense[node * DENSE + s]!;
          const hits = this.out[node]!;
          if (hits.length) this.mark(hits, stamp);
          spaced = false;
        } else if (!spaced) {
          node = this.step(node, SPACE, stamp);
          spaced = true;
        }
        continue;
      }
      // Beyond ASCII: a letter or digit of any script is kept (lowercased), anything else is a separator.
      let ch = text[i]!;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const lo = text.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          ch = text.slice(i, i + 2);
          i++;
        }
      }
      let lower = this.wide.get(ch);
      if (lower === undefined) {
        lower = WORD_CHAR.test(ch) ? ch.toLowerCase() : '';
        if (this.wide.size < 4096) this.wide.set(ch, lower);
      }
      if (lower === '') {
        if (!spaced) {
          node = this.step(node, SPACE, stamp);
          spaced = true;
        }
        continue;
      }
      for (let k = 0; k < lower.length; k++) node = this.step(node, lower.charCodeAt(k), stamp);
      spaced = false;
    }
    if (!spaced) this.step(node, SPACE, stamp);
    const found = this.found;
    return (id: number) => found[id] === stamp;
  }

  /** Phrase ids found by the last scan, in the order they were first seen. */
  lastHits(): readonly number[] {
    return this.hits;
  }

  /** One transition for any character code (the slow path, with failure links). */
  private step(node: number, c: number, stamp: number): number {
    let to: number | undefined;
    if (c < 128 && SYMBOL[c]! >= 0) {
      to = this.dense[node * DENSE + SYMBOL[c]!]!;
    } else {
      to = this.next[node]!.get(c);
      while (to === undefined && node !== 0) {
        node = this.fail[node]!;
        to = this.next[node]!.get(c);
      }
      to ??= 0;
    }
    const hits = this.out[to]!;
    if (hits.length) this.mark(hits, stamp);
    return to;
  }

  private mark(ids: number[], stamp: number): void {
    for (let h = 0; h < ids.length; h++) {
      const id = ids[h]!;
      if (this.found[id] !== stamp) {
        this.found[id] = stamp;
        this.hits.push(id);
      }
    }
  }
}
