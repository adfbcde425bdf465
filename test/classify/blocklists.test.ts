// catalog/blocklists.json against the classifier: every zone written in a typical reject is recognised
// as rbl and named; every list name alone is recognised as rbl.
import { describe, expect, it } from 'vitest';
import { defaultCatalog } from '../../src/catalog/default-catalog.js';
import { classify } from '../../src/classify/classify.js';
import { extractCodes } from '../../src/classify/extract-codes.js';

const catalog = defaultCatalog();
const run = (text: string) => classify({ ...extractCodes(text), text });

describe('blocklists.json', () => {
  const zones = catalog.blocklists.flatMap((b) => b.zones);
  it.each(zones)('zone %s is named in a reject', (zone) => {
    const r = run(`550 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using ${zone}; see https://www.example.net/lookup?ip=192.0.2.1`);
    expect(r.category).toBe('rbl');
    expect(r.blocklist).toBe(zone);
  });

  const named = catalog.blocklists.filter((b) => b.names.length).map((b) => [b.id, b.names[0]!.trim(), b.name] as const);
  it.each(named)('%s: its name "%s" alone makes an rbl reply', (_id, name) => {
    const r = run(`554 5.7.1 Rejected: your IP is listed by ${name}`);
    expect(r.category).toBe('rbl');
    expect(r.blocklist).not.toBeNull();
  });

  it('a longer zone wins over the zone it contains', () => {
    expect(run('550 5.7.1 <a@b.example>... Rejected: 192.0.2.1 listed at sbl-xbl.spamhaus.org').blocklist).toBe('sbl-xbl.spamhaus.org');
  });

  it('the issue example: permanent, rbl, zen.spamhaus.org', () => {
    expect(run('550 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using zen.spamhaus.org')).toMatchObject({
      class: 'permanent',
      category: 'rbl',
      blocklist: 'zen.spamhaus.org',
    });
  });

  it('a Spamhaus DQS zone names ZEN and never repeats the query key (mailcow-dockerized#5353, held-out ho-2017)', () => {
    const r = run('550 5.7.1 Service unavailable; client [199.168.89.90] blocked using xxxxxxxxxxxxx.zen.dq.spamhaus.net');
    expect(r).toMatchObject({ category: 'rbl', blocklist: 'Spamhaus ZEN' });
  });

  it('Trend Micro ERS tags and names give the service (held-out ho-2018, ho-2019, ho-0779)', () => {
    const ers = 'Trend Micro Email Reputation Services (ERS)';
    expect(run('450 4.7.1 <aaa@example.com>: Recipient address rejected: ERS-QIL.')).toMatchObject({ class: 'transient', category: 'rbl', blocklist: ers });
    expect(run('Recipient address rejected: Mail from <5.60.96.11> was refused due to the sender IP found in ERS-DUL. For details, query the IP reputation on https://servicecentral.trendmicro.com/en-US/ers/.')).toMatchObject({ category: 'rbl', blocklist: ers });
    expect(run('550 Service unavailable; Client host [192.0.2.1] blocked using Trend Micro RBL+. Please see http://www.mail-abuse.com/cgi-bin/lookup?ip_address=192.0.2.1').blocklist).toBe(ers);
  });

  it('"blocked using Proofpoint Dynamic Reputation" names Proofpoint (held-out ho-2022)', () => {
    expect(run('5.7.1 Service unavailable; client [51.68.203.255] blocked using Proofpoint Dynamic Reputation').blocklist).toBe('Proofpoint Dynamic Reputation');
  });

  it('does not take a word for a list: "sorbs" in "absorbs", "rbl" in "garbled"', () => {
    expect(run('550 5.7.1 The filter absorbs garbled messages').category).not.toBe('rbl');
  });
});
