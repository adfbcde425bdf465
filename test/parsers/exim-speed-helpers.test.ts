// The helpers that make the Exim parser cheaper per line (issue 7) must not change what it reads:
// PrefixReader (one reused prefix object, the last message id remembered for the next line) against
// parsePrefix, the unrolled stampDigits against the plain definition, and BoundedMemo (no lookup of
// the old generation on set) against the memo as it was before.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../../parsers/exim/bounded-memo.js';
import { parsePrefix, PrefixReader, type EximPrefix } from '../../parsers/exim/parse-prefix.js';
import { stampDigits } from '../../src/util/log-time.js';
import { projectRoot } from '../../src/util/paths.js';

const CORPUS = join(projectRoot(), 'fixtures', 'corpus', 'exim-real.log');

function copy(p: EximPrefix | null): EximPrefix | null {
  return p === null ? null : { ...p };
}

/** A tiny deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe('PrefixReader', () => {
  it('reads every line of the real corpus exactly as parsePrefix does', () => {
    const lines = readFileSync(CORPUS, 'latin1').split('\n');
    const reader = new PrefixReader();
    let withId = 0;
    for (const line of lines) {
      const expected = parsePrefix(line);
      expect(copy(reader.read(line)), line).toEqual(expected);
      if (expected?.messageId) withId++;
    }
    expect(withId).toBeGreaterThan(500); // the corpus exercises the id cache
  });

  it('reads the ids of messages whose lines interleave (the remembered id changes back and forth)', () => {
    const reader = new PrefixReader();
    const ids = [
      '2025-03-03 00:00:07 1totE7-Bqp4GIq2jta-74sH <= vschmidt@visollo.com H=(intranet) [16.211.230.168] P=esmtpsa S=48564',
      '2025-03-03 00:00:07 1totE7-Bqp4GIq2jta-74sH ** x@viol.ru R=dnslookup T=remote_smtp H=mx1.viol.ru [190.248.178.179] : SMTP error',
      '2025-03-03 00:00:07 1totE7-UEcU11f1uOE-sC4Z <= <> R=1totE7-Bqp4GIq2jta-74sH U=Debian-exim P=local S=65911',
      '2025-03-03 00:00:07 1totE7-UEcU11f1uOE-sC4Z => vschmidt <vschmidt@visollo.com> R=local_user T=mail_spool',
      '2025-03-03 00:00:07 1totE7-Bqp4GIq2jta-74sH Completed',
      '2025-03-03 00:00:07 1totE7-UEcU11f1uOE-sC4Z Completed',
    ].map((line) => reader.read(line)!.messageId);
    expect(ids).toEqual([
      '1totE7-Bqp4GIq2jta-74sH',
      '1totE7-Bqp4GIq2jta-74sH',
      '1totE7-UEcU11f1uOE-sC4Z',
      '1totE7-UEcU11f1uOE-sC4Z',
      '1totE7-Bqp4GIq2jta-74sH',
      '1totE7-UEcU11f1uOE-sC4Z',
    ]);
  });

  it('does not take a remembered id for text that only starts like it', () => {
    const reader = new PrefixReader();
    const lines = [
      '2025-03-03 00:00:07 1totE7-Bqp4GIq2jta-74sH <= a@b.example H=[192.0.2.1] P=esmtp S=100',
      // one character more: not a message id, so the flag is not read either
      '2025-03-03 00:00:07 1totE7-Bqp4GIq2jta-74sHx => c@d.example R=dnslookup T=remote_smtp',
      // same last character, one character different in the middle
      '2025-03-03 00:00:07 1totE7-Bqp4GIq2jtb-74sH => c@d.example R=dnslookup T=remote_smtp',
      // the id alone at the end of the line
      '2025-03-03 00:00:08 1totE7-Bqp4GIq2jta-74sH',
      // pre-4.97 ids (6-6-2) next to each other
      '2006-11-21 15:01:33 1Glsgv-0002wv-00 <= x@y.example H=mx [192.0.2.9] P=esmtp S=1',
      '2006-11-21 15:01:33 1Glsgv-0002wv-01 ** z@y.example: Unrouteable address',
      '2006-11-21 15:01:34 1Glsgv-0002wv-00 Completed',
      // a connection line with a dash where an id would have its first one
      '2025-03-03 00:00:09 H=host-1.example [192.0.2.7] rejected RCPT <q@r.example>: Unknown user',
    ];
    for (const line of lines) expect(copy(reader.read(line)), line).toEqual(parsePrefix(line));
    expect(reader.read(lines[1]!)!.messageId).toBeNull();
    expect(reader.read(lines[2]!)!.messageId).toBe('1totE7-Bqp4GIq2jtb-74sH');
    expect(reader.read(lines[3]!)!.body).toBe(lines[3]!.length);
  });

  it('agrees with parsePrefix on real lines whose ids were cut, spliced and shuffled', () => {
    const real = readFileSync(CORPUS, 'latin1').split('\n').filter((l) => parsePrefix(l)?.messageId);
    const next = random(7);
    const reader = new PrefixReader();
    for (let n = 0; n < 5000; n++) {
      const a = real[Math.floor(next() * real.length)]!;
      const b = real[Math.floor(next() * real.length)]!;
      // a line, or the head of one joined to the tail of another at a random point near the id
      const cut = 18 + Math.floor(next() * 40);
      const line = next() < 0.5 ? a : a.slice(0, cut) + b.slice(cut + Math.floor(next() * 3) - 1);
      expect(copy(reader.read(line)), line).toEqual(parsePrefix(line));
    }
  });
});

/** stampDigits as first written: a loop over the 19 characters. */
function referenceStampDigits(text: string, start: number): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)/.exec(text.slice(start));
  return m ? Number(m.slice(1).join('')) : -1;
}

describe('stampDigits', () => {
  it('reads real stamps, and turns away anything that is not one', () => {
    expect(stampDigits('2025-03-03 00:00:07 1totE7-Bqp4GIq2jta-74sH Completed', 0)).toBe(20250303000007);
    expect(stampDigits('x 2019-10-22T03:39:17.123456+02:00 mx1 exim[29786]: ...', 2)).toBe(20191022033917);
    expect(stampDigits('2025-03-03 00:00:0', 0)).toBe(-1);
    expect(stampDigits('2025-03-03 0O:00:07 x', 0)).toBe(-1);
    expect(stampDigits('Envelope-from: <a@b.example>', 0)).toBe(-1);
  });

  it('gives what the plain definition gives, on stamps with one character changed', () => {
    const next = random(11);
    const base = '2025-03-03 00:00:07 [16424] H=(x) [192.0.2.1] rejected RCPT <a@b.example>';
    const alphabet = '0123456789-: T/.:\u00e9\u0660\u0000';
    for (let n = 0; n < 20000; n++) {
      const at = Math.floor(next() * 19);
      const ch = alphabet[Math.floor(next() * alphabet.length)]!;
      const digitsOnly = String(Math.floor(next() * 10));
      const line = base.slice(0, at) + (next() < 0.5 ? ch : digitsOnly) + base.slice(at + 1);
      expect(stampDigits(line, 0), line).toBe(referenceStampDigits(line, 0));
    }
  });
});

/** The memo as it was before (set also removed the key from the old generation). */
class ReferenceMemo<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    return this.young.get(key) ?? this.old.get(key);
  }
  set(key: string, value: V): void {
    this.old.delete(key);
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
}

describe('BoundedMemo', () => {
  it('answers as the memo did before, over long random runs of arrivals, completions and lookups', () => {
    const next = random(3);
    for (const limit of [4, 10, 64]) {
      const memo = new BoundedMemo<string>(limit);
      const reference = new ReferenceMemo<string>(limit);
      const keys = Array.from({ length: limit * 3 }, (_, i) => `1totE${i}-Bqp4GIq2jta-74sH`);
      for (let n = 0; n < 50_000; n++) {
        const key = keys[Math.floor(next() * keys.length)]!;
        const r = next();
        if (r < 0.45) {
          const value = `sender${n}@example.com`;
          memo.set(key, value);
          reference.set(key, value);
        } else if (r < 0.7) {
          memo.delete(key);
          reference.delete(key);
        } else {
          expect(memo.get(key)).toBe(reference.get(key));
        }
      }
    }
  });

  it('gives the newer value for a key set again while its old value is in the old generation', () => {
    const memo = new BoundedMemo<string>(4);
    memo.set('id-a', 'first');
    memo.set('id-b', 'b'); // young holds 2 = limit / 2: it becomes the old generation
    memo.set('id-a', 'second');
    expect(memo.get('id-a')).toBe('second');
    memo.delete('id-a');
    expect(memo.get('id-a')).toBeUndefined();
    memo.set('id-c', 'c');
    memo.set('id-d', 'd'); // second turn: id-b's generation is dropped
    expect(memo.get('id-b')).toBeUndefined();
    expect(memo.get('id-c')).toBe('c');
  });
});
