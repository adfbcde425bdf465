import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const KEYS = ['code', 'enhanced', 'class', 'category', 'rule', 'blocklist', 'meaning', 'action'];

describe('maillens classify', () => {
  it('writes exactly one JSON object per input line, in order, with the documented keys', async () => {
    const input = [
      '550 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using zen.spamhaus.org',
      '',
      '451 Please try again later.',
      '   ',
      'Connection refused (111)',
      '552 5.2.2 Mailbox full',
      '\u0000\u0001 garbage ))) ((( 999',
    ].join('\n');
    const r = await run(['classify'], { stdin: `${input}\n` });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(7);
    const objs = lines.map((l) => JSON.parse(l));
    for (const o of objs) expect(Object.keys(o)).toEqual(KEYS);
    expect(objs[0]).toMatchObject({ code: 550, enhanced: '5.7.1', class: 'permanent', category: 'rbl', blocklist: 'zen.spamhaus.org' });
    expect(objs[0].action).toMatch(/removal/);
    expect(objs[1]).toMatchObject({ code: null, enhanced: null, class: 'unknown', category: 'other', rule: 'none', blocklist: null });
    expect(objs[2]).toMatchObject({ code: 451, class: 'transient', category: 'greylisting' });
    expect(objs[3]).toMatchObject({ class: 'unknown', category: 'other' });
    expect(objs[4]).toMatchObject({ code: null, class: 'transient', category: 'connection' });
    expect(objs[5]).toMatchObject({ code: 552, enhanced: '5.2.2', class: 'permanent', category: 'quota', blocklist: null });
    expect(objs[5].action).toMatch(/recipient/i);
    expect(objs[6]).toMatchObject({ code: null, class: 'unknown', category: 'other' });
  });

  it('handles CRLF line ends, a last line without newline, and empty input', async () => {
    const r = await run(['classify'], { stdin: '550 5.1.1 User unknown\r\n\r\n421 4.7.0 Too many connections' });
    const objs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(objs.map((o) => o.category)).toEqual(['unknown_user', 'other', 'rate_limit']);
    expect((await run(['classify'], { stdin: '' })).stdout).toBe('');
  });

  it('names the list of each blocklist reply, also when one rule decides replies naming different lists', async () => {
    const r = await run(['classify'], {
      stdin: [
        '554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.7',
        '554 5.7.1 Service unavailable; Client host [192.0.2.8] blocked using b.barracudacentral.org',
        '550 5.7.1 <bob@example.org>... Rejected: IP in SpamCop blacklist, see: http://spamcop.net/bl.shtml?192.0.2.9',
      ].join('\n'),
    });
    const objs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(objs.map((o) => [o.category, o.blocklist])).toEqual([
      ['rbl', 'zen.spamhaus.org'],
      ['rbl', 'b.barracudacentral.org'],
      ['rbl', 'SpamCop'],
    ]);
  });

  it('keeps order and count on many repeated lines (cache) and long ones', async () => {
    const base = ['550 5.1.1 User unknown', '451 Please try again later.', 'x'.repeat(10_000), '535 Incorrect authentication data'];
    const lines = Array.from({ length: 5000 }, (_, i) => base[i % base.length]!);
    const r = await run(['classify'], { stdin: lines.join('\n') });
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(5000);
    const want = ['unknown_user', 'greylisting', 'other', 'auth'];
    out.forEach((o, i) => expect(o.category).toBe(want[i % 4]));
  });

  it('classifies its arguments, one object each and in order, without waiting for stdin', async () => {
    const r = await run(['classify', '550 5.1.1 <bob@example.org>: User unknown', '451 4.7.1 Greylisted,\nplease try again', '']);
    expect(r.code).toBe(0);
    const objs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(objs.map((o) => [o.code, o.category])).toEqual([
      [550, 'unknown_user'],
      [451, 'greylisting'],
      [null, 'other'],
    ]);
  });

  it('still refuses an option it does not know', async () => {
    const r = await run(['classify', '--colour']);
    expect(r.code).toBe(2);
  });
});

describe('maillens classify: a reply copied from a coloured terminal', () => {
  it('reads the code behind the escape sequences', async () => {
    const r = await run(['classify'], { stdin: '\u001b[31m550 5.1.1 <bob@example.org>: User unknown\u001b[0m\n' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ code: 550, enhanced: '5.1.1', class: 'permanent', category: 'unknown_user' });
  });
});
