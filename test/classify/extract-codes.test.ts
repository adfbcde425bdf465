import { describe, expect, it } from 'vitest';
import { extractCodes } from '../../src/classify/extract-codes.js';

const cases: [string, number | null, string | null][] = [
  // plain and multi-line forms (RFC 5321 4.2.1: "550-" continues, "550 " ends)
  ['550 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using zen.spamhaus.org', 550, '5.7.1'],
  ['550-5.1.1 The email account that you tried to reach does not exist. Please\\n550-5.1.1 try double-checking\\n550 5.1.1 https://support.google.com/mail/?p=NoSuchUser', 550, '5.1.1'],
  ['535-5.7.8 Username and Password not accepted. Learn more at535 5.7.8 https://support.google.com/mail/?p=BadCredentials', 535, '5.7.8'],
  ['451 Please try again later.', 451, null],
  ['#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##', 550, '5.1.1'],
  ['550 #5.1.0 Address rejected.', 550, '5.1.0'],
  ['550: 5.1.1 <bob@example.org>... User Unknown', 550, '5.1.1'],
  // enhanced code alone, qmail style
  ['Sorry, no mailbox here by that name. (#5.1.1)', null, '5.1.1'],
  ['Resources temporarily unavailable, please try again later [#4.1.9].', null, '4.1.9'],
  ['5.1.1 <bob@example.org>... User Unknown', null, '5.1.1'],
  // Exchange's reply chain with the outer basic code dropped (a bounce webhook, System.Net.Mail): the
  // leading enhanced code is this reply's, the code after '->' is the quoted earlier one (held-out ho-2113)
  ["5.4.300 Message expired -> 452 4.2.2 The recipient's inbox is out of storage space.", null, '5.4.300'],
  // ... and with the outer basic code kept, the first code still decides
  ['550 5.4.300 Message expired -> 451 4.4.397 Error communicating with target host. -> 421 4.4.2 Connection dropped due to ConnectionReset', 550, '5.4.300'],
  ['550 sorry, no mailbox here by that name (#5.1.1 - chkusr)', 550, '5.1.1'],
  // wrappers
  ['host mx.example.org[192.0.2.1] said: 550 5.1.1 <bob@example.org>... User Unknown (in reply to RCPT TO command)', 550, '5.1.1'],
  ['SMTP error from remote mail server after RCPT TO:<bob@example.org>: 550 5.1.1 <bob@example.org>: Recipient address rejected', 550, '5.1.1'],
  ['SMTP error from remote mail server after MAIL FROM:<a@example.com> SIZE=1543: host mx.example.jp [192.0.2.20]: 550 5.7.0 Please use the smtp server of your ISP.', 550, '5.7.0'],
  ['mail-inbound.example.net [192.0.2.25] did not like our RCPT TO:550 5.2.1 <bob@example.net>: Recipient address rejected', 550, '5.2.1'],
  ["Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'", 550, '5.1.10'],
  ['Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <bob@example.org>... User Unknown', 550, '5.1.1'],
  ['[Status: Error, Address: <bob@example.org>, ResponseCode 421, , Host not reachable.]', 421, null],
  ['SMTP ERROR: RCPT TO command failed: 554 5.7.1 <bob@example.org>: Relay access denied', 554, '5.7.1'],
  ['SMTP server error: Detail: SMTP code: 535 Additional SMTP info: 5.7.8', 535, '5.7.8'],
  // an intermediate reply glued before the real one
  ['354 End data with <CR><LF>.<CR><LF> 451 4.3.0 Error: queue file write error', 451, '4.3.0'],
  ['220-laposte 421 4.2.1 Service refuse. Veuillez essayer plus tard.', 421, '4.2.1'],
  ['250 2.0.0 Ok: queued as 4BC2B1E0A8', 250, '2.0.0'],
  // codes disagreeing on the class are both reported (the classifier notes it)
  ['550 4.2.2 mailbox full', 550, '4.2.2'],
  // 3-digit enhanced detail and vendor ranges
  ['550 5.7.606 Access denied, banned sending IP [192.0.2.222].', 550, '5.7.606'],
  ['5.7.606-649 Access denied, banned sending IP [IP1.IP2.IP3.IP4]', null, '5.7.606'],
  ['451 4.7.650 The mail server [192.0.2.25] has been temporarily rate limited due to IP reputation.', 451, '4.7.650'],
  // a section of a standard cited after its RFC number, or after "section" / "§", is no status code
  ['Invalid HELO name (See RFC2821 4.1.3)', null, null],
  ['550 HELO should be a FQDN or address literal (See RFC 2821 4.1.1.1)', 550, null],
  ['501 Syntax error: see RFC 5321, section 4.1.2', 501, null],
  ['Message rejected, see § 4.4.2 of our policy', null, null],
  ['Sorry, no mailbox here by that name (see RFC 5321). (#5.1.1)', null, '5.1.1'],
  // the seed tables' pseudo-codes, written first
  ['101 Error opening connection', 101, null],
  // a URL fragment is not a reply code; a '#' after a blank or bracket still announces one
  ['csi.mimecast.org Poor Reputation Sender. - https://community.mimecast.com/docs/DOC-1369#550 [6ATVl4DjOvSA6XNsWGoUFw.us31]', null, null],
  ['550 Envelope blocked - User Entry - https://community.mimecast.com/docs/DOC-1369#550 [wTPAwBJSMLeQ]', 550, null],
];

const traps: [string, string][] = [
  ['Connection refused (111)', 'errno in parentheses'],
  ['SMTP ERROR: Failed to connect to server: Connection timed out (110)', 'errno 110'],
  ['SMTP Error: Could not connect to SMTP host. SMTP code: 111', 'PHPMailer prints the errno as "SMTP code"'],
  ['R=dnslookup T=remote_smtp defer (-44): SMTP error from remote mail server after RCPT TO:<a@b>', 'Exim internal errno'],
  ['defer (111): Connection refused', 'errno before a colon'],
  ['[127.0.0.2]', 'an address'],
  ['connect to mx.example.org[192.0.2.250]:25: Connection timed out', 'IPv4 address'],
  ['Failed to connect to smtp.example.com:587 (Connection timed out)', 'a port'],
  ['unable to connect to remote server [192.0.2.222:465]: Operation timed out', 'a port in brackets'],
  ['Access denied, a message sent over IPv6 [2a01:111:f200:2004::240] must pass SPF', 'an IPv6 address'],
  ['message size 13760367 exceeds size limit 10485760 of server', 'sizes'],
  ['Max size: 500 KB', 'a size with its unit'],
  ['Data command rejected: limit of 400 rcpts per 24 hours for client jane@example.org reached', 'a count of recipients (deltachat/deltachat-core#647, heldout:ho-1352)'],
  ['Could not deliver for the last 432000 seconds. Giving up.', 'a duration'],
  ['Date: Thu, 29 Apr 2007 23:34:45 +0000 at 2024-04-29T23:34:45.000Z', 'dates and times'],
  ['Service refuse. OFR_999 [999] Ref [102]', 'provider reference numbers in brackets'],
  ['see http://postmaster.yahoo.com/errors/550-bl23.html', 'a number inside a URL'],
  ['Exim 4.92.3 (#5 ...)', 'a version number'],
  ['4.16.55.1; see https://postmaster.yahooinc.com/error-codes', 'a dotted id that is not an enhanced code'],
];

describe('extractCodes', () => {
  it.each(cases)('%s', (text, code, enhanced) => {
    expect(extractCodes(text)).toEqual({ code, enhanced });
  });

  it.each(traps)('no code in "%s" (%s)', (text) => {
    expect(extractCodes(text)).toEqual({ code: null, enhanced: null });
  });

  it('returns nothing for empty or code-free text', () => {
    expect(extractCodes('')).toEqual({ code: null, enhanced: null });
    expect(extractCodes('User unknown')).toEqual({ code: null, enhanced: null });
  });

  it('stays linear on hostile input', () => {
    const hostile = `${'5'.repeat(200_000)} ${'550-'.repeat(50_000)}${'4.4.'.repeat(50_000)}`;
    const t0 = performance.now();
    extractCodes(hostile);
    extractCodes('('.repeat(100_000) + '550' + ')'.repeat(100_000));
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
