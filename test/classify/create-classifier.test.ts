// The tier walk, the class rules and the cache, on a small catalog built in the test so that each
// expectation depends on one entry only.
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/load-catalog.js';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { defaultCatalog } from '../../src/catalog/default-catalog.js';

const about = { meaning: 'm', cause: 'c', action: 'a', sources: ['test'] };

function entry(id: string, category: string, extra: Record<string, unknown>) {
  return { id, category, ...about, examples: ['x'], ...extra };
}

const catalog = buildCatalog({
  vendorTexts: [
    entry('vendor.hmail.greylisting', 'greylisting', { vendor: 'hMailServer', codes: [450, 451], match: { any: ['please try again later.'] } }),
    entry('vendor.icloud.inactive', 'mailbox_disabled', { vendor: 'Apple', match: { any: ['inactive email address'] } }),
  ],
  enhancedCodes: [
    entry('enhanced.X.1.1', 'unknown_user', { code: 'X.1.1', subject: 's', detail: 'd', specific: true }),
    entry('enhanced.X.2.2', 'quota', { code: 'X.2.2', subject: 's', detail: 'd', specific: true }),
    entry('enhanced.X.7.0', 'policy', { code: 'X.7.0', subject: 's', detail: 'd', specific: false }),
    entry('enhanced.X.7.1', 'policy', { code: 'X.7.1', subject: 's', detail: 'd', specific: false }),
    entry('enhanced.5.7.99', 'auth', { code: '5.7.99', subject: 's', detail: 'd', specific: false }),
  ],
  textRules: [
    entry('text.rbl', 'rbl', { match: { any: ['blocked using', ' rbl '], none: ['not listed'] } }),
    entry('text.relay.decisive', 'relay', { decisive: true, match: { any: ['relay access denied'], none: ['as a test'] } }),
    entry('text.connection', 'connection', { match: { any: ['connection refused', 'timed out'] } }),
    entry('text.expired', 'expired', { class: 'permanent', match: { any: ['retry timeout exceeded'] } }),
    entry('text.quota', 'quota', { match: { any: ['quota'], all: ['exceeded'] } }),
    entry('text.greylisting.late', 'greylisting', { codes: [450, 451], match: { any: ['try again later'] } }),
    entry('text.only5xx', 'policy', { codes: ['5xx'], match: { any: ['go away'] } }),
  ],
  basicCodes: [
    entry('basic.550', 'other', { code: 550, standard: true }),
    entry('basic.421', 'connection', { code: 421, standard: true }),
    entry('basic.250', 'success', { code: 250, standard: true }),
    entry('basic.111', 'connection', { code: 111, standard: false, class: 'transient' }),
  ],
  blocklists: [
    { id: 'blocklist.zen', name: 'Spamhaus ZEN', provider: 'Spamhaus', zones: ['zen.spamhaus.org'], names: ['spamhaus zen'], sources: ['test'] },
    { id: 'blocklist.spamhaus', name: 'Spamhaus', provider: 'Spamhaus', zones: [], names: ['spamhaus'], sources: ['test'] },
  ],
});
const classifier = createClassifier(catalog);
const c = (code: number | null, enhanced: string | null, text: string) => classifier.classify({ code, enhanced, text });

describe('tier order (catalog/README.md): first hit wins and says which', () => {
  it('a vendor text beats a specific enhanced code', () => {
    expect(c(550, '5.1.1', '550 5.1.1 <x@icloud.com>: inactive email address')).toMatchObject({ category: 'mailbox_disabled', rule: 'vendor.icloud.inactive', tier: 'vendor-text' });
  });
  it('a specific enhanced code beats a generic text', () => {
    expect(c(550, '5.1.1', 'blocked using rbl.example.com')).toMatchObject({ category: 'unknown_user', rule: 'enhanced.X.1.1', tier: 'enhanced-specific' });
  });
  it('a decisive text rule beats a specific enhanced code (550 5.1.1 Relay access denied is relay)', () => {
    expect(c(550, '5.1.1', '550 5.1.1 <bob@example.org>: Relay access denied')).toMatchObject({ category: 'relay', rule: 'text.relay.decisive', tier: 'decisive-text' });
    // its match.none still applies: then the specific code decides as before
    expect(c(550, '5.1.1', 'Relay access denied as a test')).toMatchObject({ rule: 'enhanced.X.1.1', tier: 'enhanced-specific' });
  });
  it('a vendor text beats a decisive text rule', () => {
    expect(c(550, null, 'inactive email address; relay access denied')).toMatchObject({ rule: 'vendor.icloud.inactive', tier: 'vendor-text' });
  });
  it('a decisive text rule is tried before the other text rules, whatever the file order', () => {
    expect(c(554, null, 'blocked using rbl.example.com: relay access denied')).toMatchObject({ rule: 'text.relay.decisive', tier: 'decisive-text' });
  });
  it('a generic text beats a generic enhanced code', () => {
    expect(c(554, '5.7.1', 'Client host [192.0.2.1] blocked using zen.spamhaus.org')).toMatchObject({ category: 'rbl', rule: 'text.rbl', tier: 'text' });
  });
  it('a generic enhanced code beats the basic code', () => {
    expect(c(550, '5.7.1', 'Go on')).toMatchObject({ category: 'policy', rule: 'enhanced.X.7.1', tier: 'enhanced-generic' });
  });
  it('an unknown enhanced detail falls back to its subject, as generic evidence only', () => {
    expect(c(550, '5.7.606', 'whatever')).toMatchObject({ rule: 'enhanced.X.7.0', tier: 'enhanced-generic' });
    expect(c(550, '5.1.77', 'whatever')).toMatchObject({ rule: 'basic.550', tier: 'basic' });
  });
  it('a class-specific enhanced entry is preferred to the X. one', () => {
    expect(c(550, '5.7.99', 'x')).toMatchObject({ rule: 'enhanced.5.7.99', category: 'auth' });
    expect(c(450, '4.7.99', 'x')).toMatchObject({ rule: 'enhanced.X.7.0' });
  });
  it('the basic code, then the class digit, then nothing', () => {
    expect(c(421, null, 'bye')).toMatchObject({ rule: 'basic.421', tier: 'basic', category: 'connection' });
    expect(c(552, null, 'bye')).toMatchObject({ rule: 'class.5', tier: 'class-digit', category: 'other', class: 'permanent' });
    expect(c(null, null, 'bye')).toMatchObject({ rule: 'none', tier: 'none', category: 'other', class: 'unknown' });
  });
});

describe('matching', () => {
  it('compares after normalisation: case, punctuation, word boundaries', () => {
    expect(c(554, null, 'IP is in an RBL, see ...').category).toBe('rbl');
    expect(c(554, null, 'garbled message').category).toBe('other');
    expect(c(554, null, 'BLOCKED   USING zen').category).toBe('rbl');
  });
  it('honours match.none and match.all', () => {
    expect(c(554, null, 'not listed in our rbl').rule).not.toBe('text.rbl');
    expect(c(452, null, 'quota').rule).not.toBe('text.quota');
    expect(c(452, null, 'quota exceeded').rule).toBe('text.quota');
  });
  it('honours codes: listed basic codes, class digits, and the enhanced class when there is no basic code', () => {
    expect(c(451, null, '451 Please try again later.').rule).toBe('vendor.hmail.greylisting');
    expect(c(421, null, '421 Please try again later.').rule).toBe('basic.421');
    expect(c(null, '4.7.1', '4.7.1 Try again later').rule).toBe('text.greylisting.late');
    expect(c(null, null, 'Try again later').rule).not.toBe('text.greylisting.late');
    expect(c(550, null, 'go away').rule).toBe('text.only5xx');
    expect(c(450, null, 'go away').rule).not.toBe('text.only5xx');
  });
  it('does not read text rules for success and intermediate replies', () => {
    expect(c(250, '2.0.0', '250 2.0.0 Ok: queued, quota exceeded')).toMatchObject({ class: 'success', category: 'success', rule: 'basic.250' });
    expect(c(354, null, '354 End data with <CR><LF>.<CR><LF>')).toMatchObject({ class: 'info', rule: 'class.3' });
  });
});

describe('class (LABELS.md)', () => {
  it('the basic code decides, and a disagreement is noted', () => {
    const r = c(550, '4.2.2', 'mailbox full');
    expect(r.class).toBe('permanent');
    expect(r.classNote).toMatch(/550.*4\.2\.2.*basic code decides/);
    expect(c(550, '5.2.2', 'x').classNote).toBeNull();
  });
  it('without a basic code, the enhanced class digit', () => {
    expect(c(null, '4.2.2', 'x').class).toBe('transient');
    expect(c(null, '5.2.2', 'x').class).toBe('permanent');
  });
  it('without any code: the entry\'s class, else what the text says about retrying, else unknown', () => {
    expect(c(null, null, 'retry timeout exceeded')).toMatchObject({ class: 'permanent', category: 'expired' });
    expect(c(null, null, 'connect to mx.example.org[192.0.2.1]:25: Connection timed out')).toMatchObject({ class: 'transient', category: 'connection' });
    expect(c(null, null, 'Delivery failed permanently: quota exceeded')).toMatchObject({ class: 'permanent', category: 'quota' });
    expect(c(null, null, 'User unknown').class).toBe('unknown');
    // cPanel Exim's hourly limit (held-out batch AC): 'will be reattempted' asks for the retry, 'discarded' says
    // nothing about one (LABELS.md: unknown); Exim's mainlog 'defer (-1)' is a deferral
    expect(c(null, null, 'Domain example.com has exceeded the max emails per hour (3/2 (150%)) allowed. Message discarded.').class).toBe('unknown');
    expect(c(null, null, 'Domain example.com has exceeded the max emails per hour (2/2 (100%)) allowed. Message will be reattempted later').class).toBe('transient');
    expect(c(null, null, 'Message will not be reattempted').class).toBe('unknown');
    expect(c(null, null, 'R=dnslookup T=remote_smtp defer (-1): failed to expand "interface" option').class).toBe('transient');
    expect(c(null, null, '').class).toBe('unknown');
  });
  it('a basic-code entry that states a class overrides the digit (pseudo-codes 101/111)', () => {
    expect(c(111, null, '111 Connection refused').class).toBe('transient');
  });
  it('ignores codes that are not codes', () => {
    expect(c(999, 'x.y.z', 'hello')).toMatchObject({ rule: 'none', class: 'unknown' });
    expect(c(Number.NaN, '', 'hello').rule).toBe('none');
  });
});

describe('blocklist', () => {
  it('names the zone, then a named list, then a zone after "blocked using", then the provider', () => {
    expect(c(554, '5.7.1', 'Client host [192.0.2.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1').blocklist).toBe('zen.spamhaus.org');
    expect(c(554, '5.7.1', 'Client host blocked using rbl.example.com; see https://www.spamhaus.org/').blocklist).toBe('rbl.example.com');
    expect(c(554, '5.7.1', 'Client host blocked using FBLW15; To request removal').blocklist).toBe('FBLW15');
    expect(c(553, null, 'in an rbl, see http://www.spamhaus.org/query/bl?ip=192.0.2.1').blocklist).toBe('Spamhaus');
  });
  it('is null when the text names no list, and for other categories', () => {
    expect(c(554, '5.7.1', 'Client host blocked using the force').blocklist).toBeNull();
    expect(c(550, '5.1.1', 'zen.spamhaus.org').blocklist).toBeNull();
  });
});

describe('purity and cache', () => {
  it('returns equal results for equal inputs, cached or not', () => {
    const uncached = createClassifier(catalog, { cacheSize: 0 });
    const cached = createClassifier(catalog);
    for (const [code, enhanced, text] of [
      [550, '5.7.1', 'blocked using zen.spamhaus.org'],
      [451, null, '451 Please try again later.'],
      [null, null, 'retry timeout exceeded'],
    ] as const) {
      const first = cached.classify({ code, enhanced, text });
      const second = cached.classify({ code, enhanced, text });
      // Cached from the second sighting on (a text seen once is not kept: src/util/seen-before.ts).
      expect(second).not.toBe(first);
      expect(cached.classify({ code, enhanced, text })).toBe(second);
      expect(second).toEqual(first);
      expect(uncached.classify({ code, enhanced, text })).toEqual(first);
    }
  });
  it('keeps no text it saw once: a log of distinct replies leaves the cache empty', () => {
    const cached = createClassifier(catalog);
    const texts = Array.from({ length: 2000 }, (_, i) => `Client host [198.51.${i >> 8}.${i & 255}] blocked using zen.spamhaus.org`);
    const firsts = texts.map((text) => cached.classify({ code: 554, enhanced: '5.7.1', text }));
    // Nothing was cached, so a second pass classifies every text anew (new objects), and caches it.
    const seconds = texts.map((text) => cached.classify({ code: 554, enhanced: '5.7.1', text }));
    expect(seconds.filter((r, i) => r === firsts[i]).length).toBe(0);
    expect(texts.filter((text, i) => cached.classify({ code: 554, enhanced: '5.7.1', text }) === seconds[i]).length).toBe(2000);
  });
  it('keys the cache on the codes as well as the text', () => {
    expect(c(550, '5.1.1', 'same text').category).toBe('unknown_user');
    expect(c(552, '5.2.2', 'same text').category).toBe('quota');
  });
  it('evicts beyond its size and stays correct', () => {
    const small = createClassifier(catalog, { cacheSize: 3 });
    for (let i = 0; i < 20; i++) expect(small.classify({ code: 554, enhanced: null, text: `blocked using rbl${i}.example.com` }).category).toBe('rbl');
  });
  it('returns frozen results so a caller cannot corrupt the cache', () => {
    expect(Object.isFrozen(c(550, null, 'x'))).toBe(true);
  });
  it('survives hostile text quickly', () => {
    const t0 = performance.now();
    c(550, null, 'blocked using '.repeat(20_000));
    c(550, null, `${'a'.repeat(500_000)}rbl`);
    c(null, null, '\u0000\uffff\ud800'.repeat(10_000));
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('the class a log line states (ReplyEvent.classHint)', () => {
  const classifier = createClassifier(defaultCatalog());
  // Exim `==` and `**` lines without a remote reply (exim-mainlog.samples.log, hestiacp/hestiacp#2087)
  it('decides the class of a reply without a code, and only then', () => {
    const text = 'failed to expand "interface" option for remote_smtp transport: lookup of host failed';
    expect(classifier.classify({ code: null, enhanced: null, text }).class).toBe('unknown');
    expect(classifier.classify({ code: null, enhanced: null, text, classHint: 'transient' }).class).toBe('transient');
    expect(classifier.classify({ code: null, enhanced: null, text, classHint: 'permanent' }).class).toBe('permanent');
    // a code decides whatever the line says
    expect(classifier.classify({ code: 550, enhanced: '5.1.1', text: 'User unknown', classHint: 'transient' }).class).toBe('permanent');
    // anything but the two outcomes is ignored
    expect(classifier.classify({ code: null, enhanced: null, text, classHint: 'success' as never }).class).toBe('unknown');
  });

  it('is part of what the cache compares: the same text with and without a hint gets both answers', () => {
    const text = 'host lookup did not complete';
    for (let i = 0; i < 3; i++) {
      expect(classifier.classify({ code: null, enhanced: null, text, classHint: 'transient' }).class).toBe('transient');
      expect(classifier.classify({ code: null, enhanced: null, text }).class).not.toBe('transient');
    }
  });
});
