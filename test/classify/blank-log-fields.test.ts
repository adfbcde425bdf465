import { describe, expect, it } from 'vitest';
import { blankLogFields } from '../../src/classify/blank-log-fields.js';
import { classify } from '../../src/classify/classify.js';

describe('blankLogFields', () => {
  it('blanks the bookkeeping fields of a Postfix delivery line and keeps status and the reason', () => {
    expect(blankLogFields('to=<a@example.org>, relay=none, delay=3, dsn=4.3.0, status=deferred (mail transport unavailable)'))
      .toBe(' ,  ,  ,  , status=deferred (mail transport unavailable)');
    expect(blankLogFields('stat=Deferred: Connection refused by mx.example.org.')).toBe('stat=Deferred: Connection refused by mx.example.org.');
  });
  it('leaves texts without such fields alone', () => {
    const text = '554 5.7.1 <a@example.org>: Relay access denied';
    expect(blankLogFields(text)).toBe(text);
    expect(blankLogFields('550 5.7.1 message rejected, see https://example.org/?to=x&relay=y')).toBe('550 5.7.1 message rejected, see https://example.org/?to=x&relay=y');
  });
  it('no longer reads "to=<…>, relay=…" as a relay refusal (held-out batch AO), and a real one in the reason still is', () => {
    const line = 'to=<a@example.org>, relay=smtp.example.net[192.0.2.1]:587, delay=17, dsn=4.7.0, status=deferred (SASL authentication failed; cannot authenticate to server smtp.example.net[192.0.2.1]: no mechanism available)';
    expect(classify({ code: null, enhanced: '4.7.0', text: line }).category).toBe('auth');
    const relay = 'to=<a@example.org>, relay=mx.example.net[192.0.2.1]:25, delay=1, dsn=5.7.1, status=bounced (host mx.example.net[192.0.2.1] said: 554 5.7.1 <a@example.org>: Relay access denied (in reply to RCPT TO command))';
    expect(classify({ code: 554, enhanced: '5.7.1', text: relay }).category).toBe('relay');
  });
});
