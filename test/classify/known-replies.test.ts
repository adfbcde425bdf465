// Replies as well-known servers write them (Postfix, Exim, Sendmail, qmail, Exchange/Microsoft 365,
// Gmail, Yahoo, Dovecot, hMailServer, PHPMailer), none of them taken from labeled-replies.tsv: a
// guard that the rules follow the general forms and not the rows they were tuned on. Classified as
// `maillens classify` does, from the text alone. Expected values follow LABELS.md.
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify.js';
import { extractCodes } from '../../src/classify/extract-codes.js';

type Row = [text: string, cls: string, category: string];

const rows: Row[] = [
  // unknown_user
  ['550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in virtual alias table', 'permanent', 'unknown_user'],
  ['550 5.5.0 Requested action not taken: mailbox unavailable', 'permanent', 'unknown_user'],
  ['550 No such user (bob@example.org)', 'permanent', 'unknown_user'],
  ['511 sorry, no mailbox here by that name (#5.1.1 - chkuser)', 'permanent', 'unknown_user'],
  ['550 Unknown local part bob in <bob@example.org>', 'permanent', 'unknown_user'],
  ['550 Invalid mailbox: bob@example.org', 'permanent', 'unknown_user'],
  ['554 5.7.1 <bob@example.org>: Recipient address rejected: This mailbox does not exist', 'permanent', 'unknown_user'],
  ['550 The recipient does not exist', 'permanent', 'unknown_user'],
  ['550 RCPT TO:<bob@example.org> User unknown', 'permanent', 'unknown_user'],
  ['User unknown', 'unknown', 'unknown_user'],
  // mailbox_disabled
  ['550 5.2.1 Mailbox disabled, not accepting messages', 'permanent', 'mailbox_disabled'],
  ['550 5.7.1 Account suspended', 'permanent', 'mailbox_disabled'],
  ['550 Recipient account is inactive', 'permanent', 'mailbox_disabled'],
  // quota
  ['452 4.2.2 Mailbox full', 'transient', 'quota'],
  ['550 5.2.2 bob@example.org: Mailbox quota exceeded', 'permanent', 'quota'],
  ['554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded', 'permanent', 'quota'],
  ['450 4.2.2 <bob@example.org>: user is overquota', 'transient', 'quota'],
  ['550 5.7.1 Daily message limit exceeded', 'permanent', 'quota'],
  // rbl
  ['550 5.7.1 Service unavailable; client [192.0.2.1] blocked using bl.spamcop.net', 'permanent', 'rbl'],
  ['554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using b.barracudacentral.org; http://www.barracudanetworks.com/reputation/?pr=1&ip=192.0.2.1', 'permanent', 'rbl'],
  ['550 rejected because 192.0.2.1 is in a black list at dnsbl.sorbs.net', 'permanent', 'rbl'],
  ["554 Your access to this mail system has been rejected due to the sending MTA's poor reputation.", 'permanent', 'rbl'],
  ['550 Message rejected because IP is listed in UCEPROTECT Level 2', 'permanent', 'rbl'],
  ['421 mta.example.com: Client IP is currently on the RBL', 'transient', 'rbl'],
  ['554 5.7.1 IP 192.0.2.1 is blacklisted', 'permanent', 'rbl'],
  // greylisting
  ['451 4.7.1 Please try again later', 'transient', 'greylisting'],
  ['450 4.7.1 Greylisting in action, please come back in 00:05:00', 'transient', 'greylisting'],
  ['451 Greylisted, please try again in 180 seconds', 'transient', 'greylisting'],
  ['450 Temporary rejection: try again later', 'transient', 'greylisting'],
  // auth
  ['535 5.7.3 Authentication unsuccessful', 'permanent', 'auth'],
  ['535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.', 'permanent', 'auth'],
  ['454 4.7.0 Temporary authentication failure', 'transient', 'auth'],
  ['535 5.7.0 Invalid login or password', 'permanent', 'auth'],
  ['553 5.7.1 <alice@example.com>: Sender address rejected: not logged in', 'permanent', 'auth'],
  // relay
  ["553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", 'permanent', 'relay'],
  ['550 5.7.64 TenantAttribution; Relay Access Denied [AM5EUR02FT005.eop-EUR02.prod.protection.outlook.com]', 'permanent', 'relay'],
  ['454 4.7.1 <bob@example.org>: Relay access denied', 'transient', 'relay'],
  ['550 Relaying mail to bob@example.org is not allowed', 'permanent', 'relay'],
  // dns
  ['450 4.1.2 <bob@example.test>: Recipient address rejected: Domain not found', 'transient', 'dns'],
  ['Host or domain name not found. Name service error for name=example.test type=MX: Host not found, try again', 'transient', 'dns'],
  ["DNS Error: DNS type 'mx' lookup of example.test responded with code NXDOMAIN Domain name not found: example.test", 'unknown', 'dns'],
  ['all relevant MX records point to non-existent hosts', 'unknown', 'dns'],
  ['554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain', 'permanent', 'dns'],
  // size
  ['552 5.3.4 Message size exceeds fixed limit', 'permanent', 'size'],
  ['552 Message exceeds maximum fixed size', 'permanent', 'size'],
  ['552 5.3.4 Error: message file too big', 'permanent', 'size'],
  ['523 5.3.4 Message size exceeds server limit', 'permanent', 'size'],
  // content and virus
  ['550 5.7.1 Message rejected as spam by Content Filtering.', 'permanent', 'content'],
  ['554 5.7.1 The message was rejected because it contains prohibited virus or spam content', 'permanent', 'content'],
  ['554 5.7.1 [P4] Message blocked due to spam content in the message.', 'permanent', 'content'],
  ['550 5.6.0 Lone CR or LF in headers (see RFC 5322)', 'permanent', 'content'],
  ['554 5.7.1 The message was rejected because it contains malware', 'permanent', 'virus'],
  ['550 5.7.0 message rejected: virus detected (Eicar-Test-Signature)', 'permanent', 'virus'],
  // policy
  ['550 5.7.1 Delivery not authorized, message refused', 'permanent', 'policy'],
  ['550 5.7.0 Local policy violation', 'permanent', 'policy'],
  ['550 SPF check failed', 'permanent', 'policy'],
  ['550 Bounces (null sender) must have exactly one recipient', 'permanent', 'policy'],
  ['550-Verification failed for <alice@example.com>\\n550-Called:   192.0.2.1\\n550-Response: 550 5.1.1 User unknown\\n550 Sender verify failed', 'permanent', 'policy'],
  // reverse DNS / HELO
  ['550 5.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.1]', 'permanent', 'reverse_dns_helo'],
  ['504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname', 'permanent', 'reverse_dns_helo'],
  ['550 Access denied - Invalid HELO name (See RFC2821 4.1.1.1)', 'permanent', 'reverse_dns_helo'],
  ['554 5.7.1 rDNS check failed', 'permanent', 'reverse_dns_helo'],
  ['550 5.7.1 Your HELO/EHLO hostname is invalid', 'permanent', 'reverse_dns_helo'],
  ['550 HELO of our own IP address: 192.0.2.1', 'permanent', 'reverse_dns_helo'],
  ['550 Invalid hostname given in HELO', 'permanent', 'reverse_dns_helo'],
  // rate_limit
  ['421 4.7.0 Too many connections from your IP', 'transient', 'rate_limit'],
  ['450 4.7.1 Error: too much mail from 192.0.2.1', 'transient', 'rate_limit'],
  ['451 4.7.1 Rate limit exceeded, try again later', 'transient', 'rate_limit'],
  ['450 4.7.1 Sender rate overlimit', 'transient', 'rate_limit'],
  ['421 4.7.0 Connection refused - too many connections', 'transient', 'rate_limit'],
  // protocol
  ['500 5.5.1 Command unrecognized: "XYZ"', 'permanent', 'protocol'],
  ['503 5.5.1 Error: need RCPT command', 'permanent', 'protocol'],
  ['502 5.5.2 Error: command not recognized', 'permanent', 'protocol'],
  ['503 5.5.0 <DATA>: Data command rejected: Improper use of SMTP command pipelining', 'permanent', 'protocol'],
  ['503 no HELO/EHLO given', 'permanent', 'protocol'],
  // tls
  ['454 4.7.0 TLS not available due to local problem', 'transient', 'tls'],
  ['TLS session initiation failed', 'unknown', 'tls'],
  ['SSL routines:tls_process_server_certificate:certificate verify failed', 'unknown', 'tls'],
  // connection
  ['Network is unreachable', 'transient', 'connection'],
  ['SMTP error from remote mail server after initial connection: 421 mx.example.org Service not available', 'transient', 'connection'],
  ['Remote host closed connection in response to end of data', 'transient', 'connection'],
  ['SMTP timeout after RCPT TO:<bob@example.org>', 'transient', 'connection'],
  ['Unable to connect to mx.example.org: Connection refused', 'transient', 'connection'],
  // server_error
  ['451 4.3.0 Temporary system failure. Please try again later.', 'transient', 'server_error'],
  ['452 4.3.1 Insufficient system storage', 'transient', 'server_error'],
  ['550 Internal error', 'permanent', 'server_error'],
  ['451 Error processing message, please try again later', 'transient', 'server_error'],
  // expired and loop
  ['Delivery failed: Message expired, message not delivered after 5 days', 'permanent', 'expired'],
  ['retry time not reached for any host after a long failure period', 'permanent', 'expired'],
  ['Too many "Received" headers - suspected mail loop', 'unknown', 'loop'],
  ['mail for example.org loops back to myself', 'unknown', 'loop'],
  // bad_address
  ['550 5.1.0 <bob at example.org>: Recipient address rejected: Malformed address', 'permanent', 'bad_address'],
  ['501 <bob@@example.org>: malformed address: @example.org may not follow bob@', 'permanent', 'bad_address'],
  // Exim's own delivery errors (mainlog ** and == lines)
  ['SMTP error from remote mail server after pipelined DATA: 550 content rejected', 'permanent', 'content'],
  ['Remote host closed connection in response to pipelined RCPT TO:<bob@example.org>', 'transient', 'connection'],
  ['host lookup for mx.example.test did not complete (DNS timeout?)', 'transient', 'dns'],
  ['Unrouteable mail domain "example.test"', 'unknown', 'dns'],
  ['remote host address is the local host', 'unknown', 'dns'],
  ['retry time not reached for any host for \'example.org\'', 'transient', 'connection'],
  ['Child process of pipe transport returned 127 (could mean unable to exec or command does not exist) from command: /usr/bin/filter', 'unknown', 'server_error'],
  ['mailbox is full (MTA-imposed quota exceeded while writing to /var/mail/bob)', 'unknown', 'quota'],
  ['Rejected: hits=7.5 required=5.0 trigger=5.0', 'unknown', 'content'],
  ['return message generated', 'unknown', 'server_error'],
  ['there is no valid sender in any header line', 'unknown', 'policy'],
  ['bcc recipient detected', 'unknown', 'policy'],
  ['message has lines too long for transport (received 9176, limit 2048)', 'unknown', 'content'],
  ['pipe_transport unset in userforward router', 'unknown', 'server_error'],
  // Exim's dnslookup router deferred the address ('defer requested'): a deferral, transient (LABELS.md)
  ['missing MX, or all MXs point to missing A records, and defer requested', 'transient', 'dns'],
  // cPanel's Exim (the most common Exim there is): its sending limits and recipient checks
  ['Domain example.com has exceeded the max emails per hour (101/100 (101%)) allowed.  Message discarded.', 'unknown', 'rate_limit'],
  ['Domain example.com has exceeded the max defers and failures per hour (5/5 (100%)) allowed. Message discarded.', 'unknown', 'rate_limit'],
  ['550 Too many failed recipients', 'permanent', 'rate_limit'],
  ['550 The recipient cannot be verified.  Please check all recipients of this message to verify they are valid.', 'permanent', 'unknown_user'],
  ['550 HELO/EHLO required', 'permanent', 'protocol'],
  ['Non-CRLF-terminated header, under CHUNKING: message abandoned', 'unknown', 'content'],
  ['Malformed SMTP reply (an empty line) in response to RCPT TO:<bob@example.org>', 'unknown', 'protocol'],
  // PHPMailer's ErrorInfo as applications print it ('Mailer Error: ' . $mail->ErrorInfo, the project's own
  // example): the prefix is the application's, not sendmail's 'unknown mailer error', and says nothing
  ['Mailer Error: The following From address failed: bob@example.org : MAIL FROM command failed,550,5.7.1 Sender rejected', 'permanent', 'policy'],
  ['Mailer Error: You must provide at least one recipient email address.', 'unknown', 'other'],
  ['Mailer Error: Could not instantiate mail function.', 'unknown', 'server_error'],
  ['554 5.3.0 unknown mailer error 255', 'permanent', 'server_error'],
  // an hMailServer fork (Progressiverobot/hmailserver SMTPConnection.cpp): deferrals that say why they defer
  // are not greylisting; a binary message it cannot pass on is a content matter, not a relay refusal
  ['451 4.3.2 Unable to verify the recipient at the moment. Please retry later.', 'transient', 'server_error'],
  ['451 4.3.2 The server is shutting down and cannot accept the message. Please retry later.', 'transient', 'server_error'],
  [
    '554 5.6.3 Conversion required but not supported. This server accepts BODY=BINARYMIME for local delivery only; it cannot relay a binary message onward. Re-encode the content (for example as base64) and send it without BODY=BINARYMIME.',
    'permanent',
    'content',
  ],
  ['451 Please try again later.', 'transient', 'greylisting'],
  // 'HELO error: ' is also the label SMTP clients print before the server's answer to EHLO (the widely copied
  // PHP send_mail() snippet, smtplib.SMTPHeloError handlers): only Exim4U's 'HELO error: Dropped ...' names the HELO
  ['HELO error: 421 Service not available, closing transmission channel', 'transient', 'connection'],
  ['HELO error: 554 5.7.1 Access denied', 'permanent', 'policy'],
  ['550 HELO error: Dropped spammer pretending to be us', 'permanent', 'reverse_dns_helo'],
  // DirectAdmin's sender block list says 'Email Blocked due to SPAM'; filters that refuse the content say more
  ['Email blocked due to spam score: 7.5', 'unknown', 'content'],
  ['554 denied. 5.7.1 Email Blocked due to SPAM', 'permanent', 'policy'],
  // success
  ['250 2.0.0 Ok: queued as 4BC2B1E0A8', 'success', 'success'],
];

describe('replies of well-known servers (not from the labeled set)', () => {
  it.each(rows)('%s', (text, cls, category) => {
    const got = classify({ ...extractCodes(text), text });
    expect({ class: got.class, category: got.category }, `decided by ${got.rule} [${got.tier}]`).toEqual({ class: cls, category });
  });
});
