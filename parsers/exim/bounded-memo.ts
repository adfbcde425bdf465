// A map that forgets its oldest entries: two generations, the young one filled until it holds half
// the limit, then it becomes the old one and the previous old one is dropped whole. Every operation
// is O(1). (Evicting one entry at a time with `map.keys().next()` makes V8 walk the holes left by
// earlier deletions, which turned a busy log into quadratic work.)
export class BoundedMemo<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    return this.young.get(key) ?? this.old.get(key);
  }

  set(key: string, value: V): void {
    // An older value the old generation may hold for the key is shadowed (get asks the young one
    // first), removed with it by delete, and dropped with its generation: it never shows, so it
    // is not looked for here (one hash lookup less per arrival on a mainlog).
    this.young.set(key, value);
    if (this.young.size >= this.limit / 2) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  delete(key: string): void {
    this.young.delete(key);
    this.old.delete(key);
  }

  /** Entries held (a key shadowed in the old generation counts twice): what the memo costs in memory. */
  get size(): number {
    return this.young.size + this.old.size;
  }
}
