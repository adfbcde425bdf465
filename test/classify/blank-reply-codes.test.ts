// Multi-line replies joined with their line prefixes still in them must classify like the same reply
// on one line (src/classify/blank-reply-codes.ts). The wrapped texts are Gmail's and Postfix's real
// replies cut where those servers cut them (support.google.com/a/answer/3726730; a 421 4.7.0 joined
// by a client: gist.github.com/qgustavor/8b2f3ea096216f6e4dba3c3a92c049a4).
import { describe, expect, it } from 'vitest';
import { blankReplyCodes } from '../../src/classify/blank-reply-codes.js';
import { classify } from '../../src/classify/classify.js';
import { defaultCatalog } from '../../src/catalog/default-catalog.js';
import { extractCodes } from '../../src/classify/extract-codes.js';

/** Classifies a whole reply line the way `maillens classify` does. */
function classifyLine(line: string) {
  const { code, enhanced } = extractCodes(line);
  return classify({ code, enhanced, text: line });
}

describe('blankReplyCodes', () => {
  it('blanks continuation prefixes and the last line prefix of the reply, with their enhanced codes', () => {
    const text = '421-4.7.28 Gmail has detected an unusual rate of unsolicited email 421-4.7.28 originating from your IP address. 421 4.7.28 Please visit the page.';
    const out = blankReplyCodes(text, 421, '4.7.28');
    expect(out).not.toMatch(/421|4\.7\.28/);
    expect(out.replace(/\s+/g, ' ')).toContain('unsolicited email originating from');
  });

  it('blanks a bare repeat of the enhanced code inside a sentence', () => {
    const out = blankReplyCodes('421 4.7.0 [192.0.2.1] Our system has detected an unusual amount of 4.7.0 unsolicited mail', 421, '4.7.0');
    expect(out.replace(/\s+/g, ' ')).toContain('unusual amount of unsolicited mail');
    expect(out).toContain('[192.0.2.1]');
  });

  it('leaves other numbers alone, and the text itself when it holds no code', () => {
    expect(blankReplyCodes('552 5.3.4 Message size exceeds fixed limit of 552 bytes', 552, '5.3.4')).toContain('552 bytes');
    expect(blankReplyCodes('see RFC 5321 section 4.2.1', 550, '5.7.1')).toBe('see RFC 5321 section 4.2.1');
    const plain = 'Recipient address rejected: Greylisted';
    expect(blankReplyCodes(plain, 450, '4.2.0')).toBe(plain);
    expect(blankReplyCodes('x5.7.1 and 5.7.10', 550, '5.7.1')).toBe('x5.7.1 and 5.7.10');
  });

  it('makes wrapped Gmail and Postfix replies classify like their one-line form', () => {
    const pairs: [string, string][] = [
      [
        '421-4.7.0 The IP address sending this message does not have a PTR 421-4.7.0 record, or the corresponding forward DNS entry does not 421-4.7.0 point to the sending IP. To protect our users from spam, mail sent 421 4.7.0 from your IP address has been temporarily rate limited.',
        'reverse_dns_helo',
      ],
      ['421-4.7.28 Gmail has detected an unusual rate of unsolicited email 421-4.7.28 originating from your IP address. To protect our users from spam, 421 4.7.28 email sent from your IP address has been temporarily rate limited.', 'rbl'],
      ['450-4.2.1 The user you are trying to contact is receiving email too 450-4.2.1 quickly. Please resend your message at a later time. 450 4.2.1 gsmtp', 'rate_limit'],
      ['554-5.7.1 Service unavailable; Client host [192.0.2.1] blocked using 554-5.7.1 zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1 554 5.7.1 Rejected', 'rbl'],
    ];
    for (const [wrapped, category] of pairs) {
      const flat = wrapped.replace(/\b\d{3}[- ]\d\.\d{1,3}\.\d{1,3} /g, '');
      expect(classifyLine(flat).category, flat).toBe(category);
      expect(classifyLine(wrapped).category, wrapped).toBe(category);
    }
  });

  it('can never cut into a catalog phrase: no match string holds a code', () => {
    const catalog = defaultCatalog();
    const phrases = [...catalog.textRules, ...catalog.vendorTexts].flatMap((e) => [...e.match.any, ...(e.match.all ?? []), ...(e.match.none ?? [])]);
    expect(phrases.length).toBeGreaterThan(500);
    for (const p of phrases) {
      expect(p, p).not.toMatch(/(^|\s)[245]\.\d{1,3}\.\d{1,3}(\s|$)/);
      expect(p, p).not.toMatch(/(^|\s)[2-5]\d\d-/);
    }
  });
});
