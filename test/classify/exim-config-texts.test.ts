// Refusal texts that popular Exim configurations ship: the `message =` / `log_message =` texts their ACLs
// (and a few routers) write into the SMTP reply and into the mainlog/rejectlog (`rejected RCPT <x>: <text>`).
// Most Exim servers run a control panel's or a distribution's configuration, so these are the texts a
// mail administrator meets most. Taken from the shipped configuration files, `$variables` replaced by
// plausible values, template variants deduplicated. Classified as `maillens classify` does, from the
// text alone. Expected values follow LABELS.md: the category from what the text says and what the ACL
// checks; the class from a code when the text carries one, else transient where the text asks for a
// retry (LABELS.md: a failure a retry may fix), else unknown; cPanel's bans are permanent (a drop or
// deny always answers 5xx, and vendor.cpanel.not-allowed-to-connect says so).
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify.js';
import { extractCodes } from '../../src/classify/extract-codes.js';

type Row = [text: string, cls: string, category: string];

const rows: Row[] = [
  // Exim's own example configuration (src/src/configure.default: acl_check_rcpt, the commented
  // acl_check_data examples, the localuser router's cannot_route_message)
  ['Restricted characters in address', 'unknown', 'bad_address'],
  ['relay not permitted', 'unknown', 'relay'],
  ['rejected because 192.0.2.1 is in a black list at zen.spamhaus.org https://www.spamhaus.org/query/ip/192.0.2.1', 'unknown', 'rbl'],
  ['This message contains a virus (Eicar-Test-Signature).', 'unknown', 'virus'],
  ['Unknown user', 'unknown', 'unknown_user'],
  // Debian's exim4-config (conf.d/acl/30_exim4-config_check_mail, 30_exim4-config_check_rcpt,
  // 40_exim4-config_check_data; router/200_exim4-config_primary on a local-only system)
  ['Sender verification failed', 'unknown', 'policy'],
  ['Rejected for too many bad recipients', 'unknown', 'rate_limit'],
  ['nice hosts say HELO first', 'unknown', 'protocol'],
  ['sender envelope address alice@example.com is locally blacklisted here. If you think this is wrong, get in touch with postmaster', 'unknown', 'policy'],
  ['sender IP address 192.0.2.1 is locally blacklisted here. If you think this is wrong, get in touch with postmaster', 'unknown', 'rbl'],
  ['[SPF] 192.0.2.1 is not allowed to send mail from example.com.', 'unknown', 'policy'],
  ['no HELO given before MAIL command', 'unknown', 'protocol'],
  ['maximum allowed line length is 998 octets, got 1234', 'unknown', 'content'],
  ["header syntax (syntax error in 'From:' header when scanning for sender: missing or malformed local part in \"<@example.org>\")", 'unknown', 'content'],
  ['No verifiable sender address in message headers', 'unknown', 'policy'],
  ['This message was detected as possible malware (Win.Trojan.Agent-123).', 'unknown', 'virus'],
  ['Classified as spam (score 15.3)', 'unknown', 'content'],
  ['Mailing to remote domains not supported', 'unknown', 'relay'],
  // cPanel's Exim (etc/exim/acls/*: ratelimit, slow_fail_block, spamhaus_spamcop_rbl, requirehelo*,
  // primary_hostname_bl, deny_rcpt_hard_limit, deny_rcpt_soft_limit, spammerlist, blockedcountryips,
  // dictionary_attack, default_recipient, deny_spam_score_over_int, no_forward_outbound_spam,
  // outgoing_spam_scan, dkim_bl, default_exiscan, greylisting, default_identify_sender; the relay
  // text of /etc/eximrejects; the routers of distconfig/exim.conf.dist)
  ['The server has reached its limit for processing requests from your host.  Please try again later.', 'transient', 'rate_limit'],
  ['Host is ratelimited (12.5/1h max:1.2)', 'unknown', 'rate_limit'],
  ['Host is ratelimited due to multiple failure only connections (6.0/1h max:5)', 'unknown', 'rate_limit'],
  ['JunkMail rejected - mail.example.net [192.0.2.1]:4321 is in an RBL: https://www.spamhaus.org/query/ip/192.0.2.1', 'unknown', 'rbl'],
  ['REJECTED - Bad HELO - Host impersonating [host.example.com]', 'unknown', 'reverse_dns_helo'],
  ['REJECTED - Interface: 192.0.2.10 is _my_ address', 'unknown', 'reverse_dns_helo'],
  ['HELO required before MAIL', 'unknown', 'protocol'],
  ['Access denied - Invalid HELO name (See RFC2821 4.1.1.1)', 'unknown', 'reverse_dns_helo'],
  ['You do not have sufficient privileges to send mail to this address.  Please authenticate and try again.', 'transient', 'auth'],
  ['Too many recipients specified.  Come back in a few hours.', 'unknown', 'rate_limit'],
  ['452 too many recipients', 'transient', 'rate_limit'],
  ['Your host is not allowed to connect to this server.', 'permanent', 'policy'],
  ['Number of failed recipients exceeded.  Come back in a few hours.', 'unknown', 'rate_limit'],
  ['525 5.7.13 Disabled recipient address', 'permanent', 'mailbox_disabled'],
  ['The mail server detected your message as spam and has prevented delivery.', 'unknown', 'content'],
  ['This mail cannot be forwarded because it was detected as spam.', 'unknown', 'content'],
  ['This message was classified as SPAM and may not be delivered', 'unknown', 'content'],
  ['DKIM: encountered the following problem validating example.com: signature did not verify (headers probably modified in transit)', 'unknown', 'policy'],
  ['This message contains a virus or other harmful content (Win.Test.EICAR_HDB-1)', 'unknown', 'virus'],
  ['Temporarily unable to process your email. Please try again later.', 'transient', 'greylisting'],
  ["Deferred due to greylisting. Host: '192.0.2.1' From: 'alice@example.com' To: 'bob@example.org' SPF: 'none'", 'transient', 'greylisting'],
  ['Your country is not allowed to connect to this server.', 'permanent', 'policy'],
  ['Demo accounts may not send mail', 'unknown', 'policy'],
  ['Authentication failed', 'unknown', 'auth'],
  ['Host mail.example.net [192.0.2.1] is not permitted to relay through host.example.com. Perhaps you have not logged into the pop/imap server in the last 30 minutes. You may also have been rejected because your ip address does not have a reverse DNS entry.', 'unknown', 'relay'],
  ['The mail server does not recognize alice@example.com as a valid sender.', 'unknown', 'policy'],
  ['demo accounts are not permitted to relay email', 'unknown', 'relay'],
  // DirectAdmin's Exim (exim.strings.conf; exim.conf acl_check_helo, acl_check_recipient, acl_script;
  // Easy Spam Fighter check_message.conf; the Exim wiki's BlockCracking ACLs it ships)
  ['Only one authentication attempt is allowed per connection', 'unknown', 'auth'],
  ['Bad HELO - Host impersonating hostname [server.example.com]', 'unknown', 'reverse_dns_helo'],
  ['Bad HELO - Blocked due to abuse', 'unknown', 'reverse_dns_helo'],
  ['User account (bob) has sent too many emails. Script delivery blocked.', 'unknown', 'rate_limit'],
  ['User account bob@example.com has sent too many emails', 'unknown', 'rate_limit'],
  ['User account (bob) is not allowed to send emails. E-Mail delivery blocked.', 'unknown', 'policy'],
  ['Legitimate bounces are never sent to more than one recipient.', 'unknown', 'policy'],
  ['REJECTED - Too many failed recipients - count = 4', 'unknown', 'rate_limit'],
  ['The domain example.com is currently suspended. Try later.', 'transient', 'mailbox_disabled'],
  ['relay not permitted, authentication required', 'unknown', 'relay'],
  ['No such recipient here', 'unknown', 'unknown_user'],
  ['R1: HELO should be a FQDN or address literal (See RFC 2821 4.1.1.1)', 'unknown', 'reverse_dns_helo'],
  ['554 denied. 5.7.1 Email Blocked due to SPAM', 'permanent', 'policy'],
  ['554 denied. 5.7.1 Host Blocked due to SPAM', 'permanent', 'rbl'],
  ['554 denied. 5.7.1 IP Blocked due to SPAM', 'permanent', 'rbl'],
  ['554 denied. 5.7.1 Domain Blocked due to SPAM', 'permanent', 'rbl'],
  ['Email blocked by zen.spamhaus.org', 'unknown', 'rbl'],
  ['authentication required', 'unknown', 'auth'],
  ['This message contains malformed MIME (malformed_MIME:broken Content-Transfer-Encoding header)', 'unknown', 'content'],
  ['This message contains an attachment of a type which we do not accept (attachment_not_allow:.exe)', 'unknown', 'content'],
  ['Invalid characters in local_part', 'unknown', 'bad_address'],
  ["We didn't send the message", 'unknown', 'policy'],
  ['High scoring spam message has been dropped', 'unknown', 'content'],
  ['Your message to <bob@example.org> was classified as SPAM. Your score: 105', 'unknown', 'content'],
  ['authentication is allowed only once per message in order to slow down bruteforce cracking', 'unknown', 'auth'],
  ['192.0.2.1 locally blacklisted for a bruteforce auth (username+password) cracking attempt', 'unknown', 'rbl'],
  // HestiaCP's and VestaCP's exim4.conf.template (acl_not_smtp, acl_check_spammers, acl_check_mail,
  // acl_check_rcpt, acl_check_data, acl_check_mime; VestaCP misspells 'requried')
  ['Website of user admin is sending too many emails - rate overlimit = 201.0 / 1h', 'unknown', 'rate_limit'],
  ['Email account bob@example.com is sending too many emails - rate overlimit = 101.0 / 1h', 'unknown', 'rate_limit'],
  ['Your host in blacklist on this server.', 'unknown', 'rbl'],
  ['Helo name contains an IP address (HELO was 192-0-2-1.example.net) and not is valid', 'unknown', 'reverse_dns_helo'],
  ['smtp auth required', 'unknown', 'auth'],
  ['smtp auth requried', 'unknown', 'auth'],
  ['Message contains a virus (Eicar-Signature) and has been rejected', 'unknown', 'virus'],
  ['This message scored 12.3 spam points', 'unknown', 'content'],
  ['Blacklisted file extension detected', 'unknown', 'content'],
  // Exim4U, an Exim + MySQL virtual-domain setup (etc/exim/exim.conf, exim-greylist.conf.inc,
  // exim-acl-check-spf.conf.inc)
  ['Blacklisted', 'unknown', 'rbl'],
  ['Host has been ratelimited.  You may try again at a later time.', 'transient', 'rate_limit'],
  ['HELO error: Polite folks say HELO first!', 'unknown', 'protocol'],
  ['HELO error: Dropped spammer pretending to be us', 'unknown', 'reverse_dns_helo'],
  ['HELO error: Dropped IP-only or IP-starting helo', 'unknown', 'reverse_dns_helo'],
  ['Spammer rejected. DNSBL listed at zen.spamhaus.org at https://www.spamhaus.org/query/ip/192.0.2.1.', 'unknown', 'rbl'],
  ['Your rcpt is not permitted (SPF - read spf.pobox.com)', 'unknown', 'policy'],
  ['Blacklisted file extension detected within .zip attachment', 'unknown', 'content'],
  ['This message contains malware (Win.Trojan.Agent-123)', 'unknown', 'virus'],
  ['This message is rejected as spam.', 'unknown', 'content'],
  ['Mail is suspicious. Please retry later.', 'transient', 'greylisting'],
  ['mail.example.net: domain of example.com does not designate 192.0.2.1 as permitted sender', 'unknown', 'policy'],
  // Bytemark Symbiosis, the Exim-based hosting setup Mythic Beasts' Sympl continues
  // (BytemarkHosting/symbiosis: email/exim4/symbiosis.d/10-acl 49-deny-relaying-to-non-local-domains,
  // 65-deny-blacklisted-hosts, 75-dns-blacklists, 05-mailbox-ratelimit, 10-antispam-conditions,
  // 30-acl-check-auth/90-default; bytemark-vhost.d/10-acl/60-acl-check-data/20-antivirus-conditions)
  ['Relaying not permitted', 'unknown', 'relay'],
  ['The IP or hostname used when connecting is locally blacklisted.', 'unknown', 'rbl'],
  ['Your email address is locally blacklisted.', 'unknown', 'policy'],
  ['192.0.2.1 is blacklisted at zen.spamhaus.org. Please see https://www.spamhaus.org/query/ip/192.0.2.1', 'unknown', 'rbl'],
  ['Sender rate for bob@example.com exceeds 100 messages per 1h', 'unknown', 'rate_limit'],
  ["This message rejected by this domain's anti-spam system.  Please contact the postmaster at the domain in question if this is unexpected.", 'unknown', 'content'],
  ["This message rejected by this domain's anti-virus system.  Please contact the postmaster at the domain in question if this is unexpected.", 'unknown', 'virus'],
  ['SSL or TLS encryption required when authenticating.', 'unknown', 'tls'],
  // Exim's specification (doc/doc-docbook/spec.xfpt: "Rate limiting incoming messages", "Detailed
  // information from merged DNS lists", "Content scanning at ACL time": MIME and regex examples)
  ['Sender rate exceeds 100 messages per 1h', 'unknown', 'rate_limit'],
  ['rejected because 192.0.2.1 is blacklisted at sbl.spamhaus.org https://www.spamhaus.org/sbl/query/SBL12345', 'unknown', 'rbl'],
  ['HTML mail is not accepted here', 'unknown', 'content'],
  ['contains blacklisted regex (URGENT BUSINESS PROPOSAL)', 'unknown', 'content'],
  // The Exim wiki's ACL recipes (mirrored in BernardQuatermass/exim-wiki: AclHeloTricks.md, AclSmtpRcpt.md,
  // Verification.md, Checking-quota-at-RCPT-time.md, DbLessGreyListing.md, ExiscanExamples.md)
  ['Open Proxy in HELO/EHLO (HELO was 192.0.2.1)', 'unknown', 'reverse_dns_helo'],
  ['No you are not ME or OURS (HELO was example.org and equal my local domains or my domains relay)', 'unknown', 'reverse_dns_helo'],
  ['Invalid domain or IP given in HELO/EHLO (HELO was localhost)', 'unknown', 'reverse_dns_helo'],
  ['Bad helo name', 'unknown', 'reverse_dns_helo'],
  ["I don't think so", 'unknown', 'other'],
  ['REJECTED - Sender Verify Failed - error code "recipient" The return address you are using for this email message <alice@example.com> does not seem to be a working account.', 'unknown', 'policy'],
  ['REJECTED - Sender Verify Failed and Host 192.0.2.1 is Blacklisted in bl.spamcop.net=127.0.0.2 - Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.1', 'unknown', 'rbl'],
  ['Helo is ADSL or DIAL (HELO was 192-0-2-1.dsl.example.net) and your ip 192.0.2.1 not is a MX/SPF of domain <example.com>', 'unknown', 'reverse_dns_helo'],
  ['REJECTED - Recipient Verify Failed - User Not Found', 'unknown', 'unknown_user'],
  ['The mailbox for bob@example.org is full, deferring.', 'transient', 'quota'],
  ['Deferred: Greylisted', 'transient', 'greylisting'],
  ['exe files are not accepted here', 'unknown', 'content'],
  ['Serious MIME defect detected (MIME syntax error)', 'unknown', 'content'],
  ['Spam score too high (12.3)', 'unknown', 'content'],
  ['only one recipient at a time', 'unknown', 'rate_limit'],
  // the ACL's refusal reaches the log with the 550 Exim sends (maillens infers it for a deny); the words
  // alone, without any code, are Exim's own routing failure (`** addr: Unrouteable address`):
  // vendor.exim.unrouteable, dns as the labeled corpus reads it (dev-0207)
  ['550 unrouteable address', 'permanent', 'unknown_user'],
  ['unrouteable address', 'unknown', 'dns'],
  ['This message contains an link to unwanted file extension mime', 'unknown', 'content'],
  // Greylisting add-ons: exim-greylist, the ${dlfunc} greylisting patch for FreeBSD's mail/exim port
  // (yermulnik/exim-greylist README.md), and greylistd's Exim ACL text as ddgrey ships it
  ['Greylisting in progress, please try again later', 'transient', 'greylisting'],
  ['192.0.2.1 is not yet authorized to deliver mail from <alice@example.com> to <bob@example.org>. Please try later.', 'transient', 'greylisting'],
  // rspamd's Exim integration (rspamd documentation, doc/integration.md: the spam-condition ACLs and the
  // local_scan patch's rspam_message)
  ['Discarded high-probability spam', 'unknown', 'content'],
  ['Message discarded as high-probability spam', 'unknown', 'content'],
  ['Spam rejected; If this is not spam, please contact <postmaster@example.com>', 'unknown', 'content'],
  // MXroute, a DirectAdmin Exim deployment (mxroute/da_server_updates: exim/exim.acl_check_recipient.pre.conf,
  // exim.acl_check_message.pre.conf, exim.acl_check_helo.pre.conf)
  ['Your sending address has been blocked by admins see mxroutedocs.com for explanation', 'unknown', 'policy'],
  ['Your recipient address has been blocked by admins see mxroutedocs.com for explanation', 'unknown', 'policy'],
  ['Sending to domains starting with "example.com" is not allowed.', 'unknown', 'policy'],
  ['This message has been rejected as spam', 'unknown', 'content'],
  ['Emails from doclist.bounces.google.com containing emoji in the subject are not allowed', 'unknown', 'content'],
  ['Emails with "Support Ticket Not Opened" in the subject are not allowed', 'unknown', 'content'],
  ['Authenticated users are not allowed to send bounce emails', 'unknown', 'policy'],
  ['The use of instantly.ai is forbidden as is all cold email, please halt this activity immediately', 'unknown', 'policy'],
  ['550 Message rejected as spam by content filter', 'permanent', 'content'],
  ['Suspicious HELO rejected', 'unknown', 'reverse_dns_helo'],
  ['Rejected: HELO/EHLO name is a default OVH reverse DNS', 'unknown', 'reverse_dns_helo'],
  ['Blocked HELO - Suspicious domain', 'unknown', 'reverse_dns_helo'],
];

describe('refusal texts of shipped Exim configurations', () => {
  it.each(rows)('%s', (text, cls, category) => {
    const got = classify({ ...extractCodes(text), text });
    expect({ class: got.class, category: got.category }, `decided by ${got.rule} [${got.tier}]`).toEqual({ class: cls, category });
  });
});
