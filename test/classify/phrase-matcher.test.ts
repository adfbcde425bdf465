import { describe, expect, it } from 'vitest';
import { normalizeForMatch, normalizeMatchString } from '../../src/catalog/normalize-for-match.js';
import { PhraseMatcher } from '../../src/classify/phrase-matcher.js';

describe('normalizeForMatch', () => {
  it('lowercases, folds punctuation runs into one space and pads', () => {
    expect(normalizeForMatch('550 5.1.1 <Bob@Example.ORG>... User  Unknown!')).toBe(' 550 5 1 1 bob example org user unknown ');
    expect(normalizeForMatch("doesn’t")).toBe(normalizeForMatch("doesn't"));
    expect(normalizeForMatch('')).toBe('  ');
  });
  it('keeps letters of any script', () => {
    expect(normalizeForMatch('ディレクトリのリストにありません。')).toBe(' ディレクトリのリストにありません ');
  });
  it('keeps the word-boundary spaces of a match string', () => {
    expect(normalizeMatchString(' rbl ')).toBe(' rbl ');
    expect(normalizeMatchString("Bare LF's")).toBe('bare lf s');
  });
  it('a substring of the lowercased text stays a substring after normalisation', () => {
    const text = 'Recipient address rejected: Mailbox-Full (quota).';
    for (const p of ['mailbox-full', 'rejected: mailbox', 'full (quota', 'x rejected']) {
      if (text.toLowerCase().includes(p)) expect(normalizeForMatch(text).includes(normalizeMatchString(p))).toBe(true);
    }
  });
});

describe('PhraseMatcher', () => {
  it('finds every phrase, overlapping ones and ones inside others too', () => {
    const m = new PhraseMatcher();
    const ids = ['he', 'she', 'his', 'hers', 'user unknown', 'unknown'].map((p) => m.add(p));
    const has = m.scan('ushers: user unknown');
    expect(ids.map(has)).toEqual([true, true, false, true, true, true]);
  });
  it('forgets the previous scan', () => {
    const m = new PhraseMatcher();
    const a = m.add('alpha');
    expect(m.scan('alpha')(a)).toBe(true);
    expect(m.scan('beta')(a)).toBe(false);
  });
  it('deduplicates phrases and refuses additions after the first scan', () => {
    const m = new PhraseMatcher();
    expect(m.add('x')).toBe(m.add('x'));
    expect(m.size).toBe(1);
    m.scan('x');
    expect(() => m.add('y')).toThrow();
  });
  it('reads the Greek final sigma of an uppercase text as the lowercase match string writes it', () => {
    // PHPMailer's Greek smtp_connect_failed; 'Σ' alone lowercases to 'σ', at a word's end in a whole text to 'ς'
    const m = new PhraseMatcher();
    const id = m.add(normalizeMatchString('αποτυχία σύνδεσης στον smtp server'));
    for (const text of ['Αποτυχία σύνδεσης στον SMTP Server.', 'ΑΠΟΤΥΧΊΑ ΣΎΝΔΕΣΗΣ ΣΤΟΝ SMTP SERVER']) {
      expect(m.scan(text)(id)).toBe(true);
      expect(normalizeForMatch(text).includes(normalizeMatchString('αποτυχία σύνδεσης στον smtp server'))).toBe(true);
    }
  });

  it('reads raw text exactly as if it had been normalised first', () => {
    const phrases = [' rbl ', 'user unknown', 'mailbox full', ' 5 1 1 ', 'doesn t', 'ディレクトリ', 'größe', ' a ', 'x y'];
    const m = new PhraseMatcher();
    const ids = phrases.map((p) => m.add(normalizeMatchString(p)));
    const texts = [
      '550 5.1.1 <Bob@Example.ORG>: User  Unknown!!',
      'in an RBL.', 'garbled', "Doesn’t", '(ディレクトリ)', 'GRÖSSE größe', 'A', '...a...', 'X\u00a0Y', 'x\u2014y',
      '\ud83d\ude00 mailbox-full \ud800', '', '   ', 'Mailbox_Full',
    ];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = 'aAbxyX -._:;()[]<>\'"\u2019\u00e9\u00c9\u00a05169rblun';
    for (let i = 0; i < 300; i++) texts.push(Array.from({ length: Math.floor(rnd() * 30) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(''));
    const reference = new PhraseMatcher();
    const refIds = phrases.map((p) => reference.add(normalizeMatchString(p)));
    for (const t of texts) {
      const norm = normalizeForMatch(t);
      const want = refIds.map((_, k) => norm.includes(normalizeMatchString(phrases[k]!)));
      const has = m.scan(t);
      expect(ids.map(has), JSON.stringify(t)).toEqual(want);
    }
  });

  it('is linear on adversarial text', () => {
    const m = new PhraseMatcher();
    for (let i = 1; i < 200; i++) m.add(`${'a'.repeat(i)}b`);
    const t0 = performance.now();
    m.scan('a'.repeat(1_000_000));
    expect(performance.now() - t0).toBeLessThan(1500);
  });
});
