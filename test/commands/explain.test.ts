import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const explainJson = async (...args: string[]) => {
  const r = await run(['explain', '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

describe('maillens explain', () => {
  it('explains a blocklist reject: permanent, rbl, names the list', async () => {
    const r = await run(['explain', '550 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using zen.spamhaus.org']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Class: +permanent/m);
    expect(r.stdout).toMatch(/^Category: +rbl: the client IP or sender domain is on a DNS blocklist/m);
    expect(r.stdout).toMatch(/^Blocklist: +zen\.spamhaus\.org$/m);
    expect(r.stdout).toMatch(/^Action: +\S/m);
    expect(r.stdout).toMatch(/^Decided by: +\S+ \(tier /m);
  });

  it.each([
    ['451 Please try again later.', 'transient', 'greylisting'],
    ['450 4.2.0 <bob@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html', 'transient', 'greylisting'],
    ['552 5.2.2 <bob@example.org>: user is over quota', 'permanent', 'quota'],
    ['452 4.2.2 Mailbox full', 'transient', 'quota'],
    ['535 Incorrect authentication data', 'permanent', 'auth'],
    ['530 5.7.0 Authentication required', 'permanent', 'auth'],
    ['554 5.7.1 <bob@example.org>: Relay access denied', 'permanent', 'relay'],
    ['550 relay not permitted', 'permanent', 'relay'],
  ])('%s -> %s/%s', async (reply, cls, category) => {
    const e = await explainJson(reply);
    expect(e).toMatchObject({ class: cls, category });
    expect(e.meaning).not.toBe('');
    expect(e.action).not.toBe('');
    expect(e.sources.length).toBeGreaterThan(0);
  });

  it('accepts a bare code, an enhanced code, or both, quoted or not', async () => {
    expect(await explainJson('550')).toMatchObject({ code: 550, enhanced: null, class: 'permanent', rule: 'basic.550', text: '' });
    expect(await explainJson('5.1.1')).toMatchObject({ code: null, enhanced: '5.1.1', class: 'permanent', category: 'unknown_user' });
    expect(await explainJson('550', '5.1.1')).toMatchObject({ code: 550, enhanced: '5.1.1', category: 'unknown_user' });
    expect(await explainJson('421 4.7.0')).toMatchObject({ code: 421, enhanced: '4.7.0', class: 'transient' });
  });

  it('says when the codes disagree, and that the basic code decides', async () => {
    const e = await explainJson('550 4.2.2 mailbox full');
    expect(e.class).toBe('permanent');
    expect(e.classNote).toMatch(/basic code decides/);
    const r = await run(['explain', '550 4.2.2 mailbox full']);
    expect(r.stdout).toMatch(/^Note: +.*basic code decides/m);
  });

  it('shows what each code means on its own', async () => {
    const e = await explainJson('554 5.7.1 <bob@example.org>: Relay access denied');
    expect(e.codes.basic).toMatchObject({ code: '554', rule: 'basic.554' });
    expect(e.codes.enhanced.code).toBe('5.7.1');
    expect(e.codes.enhanced.meaning).toBeTruthy();
  });

  it('explains a text without any code honestly', async () => {
    const e = await explainJson('something nobody has ever written');
    expect(e).toMatchObject({ code: null, enhanced: null, class: 'unknown', category: 'other', rule: 'none', tier: 'none' });
    const r = await run(['explain', 'Connection refused (111)']);
    expect(r.stdout).toMatch(/^Codes: +\(none found in the text\)$/m);
    expect(r.stdout).toMatch(/^Class: +transient/m);
    expect(r.stdout).toMatch(/^Category: +connection/m);
  });

  it('refuses an empty reply with a usage error', async () => {
    const r = await run(['explain', '  ']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^maillens: give a reply code or a reply text/);
    expect(r.stdout).toBe('');
  });
});
