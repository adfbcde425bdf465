// What a text without any reply code says about its class (LABELS.md "Class"): failures a retry may
// fix are `transient` (connection refused or timed out, lost connection, deferred, "try again later");
// a sender's MTA that has given up says so ("retry timeout exceeded", "giving up", "failed
// permanently"), which is `permanent`; anything else stays `unknown`. Errno numbers are not codes and
// decide nothing: only these words do.
//
// Each hint is a list of phrases that must all occur (compared like catalog match strings, see
// normalize-for-match.ts). Permanent hints are weighed first: "Operation timed out ... I'm not going to
// try again; this message has been in the queue too long" (qmail) is a final failure.

export const PERMANENT_HINTS: readonly (readonly string[])[] = [
  ['failed permanently'], // Gmail DSN "Delivery to the following recipient failed permanently"
  ['permanent failure'],
  ['permanent error'],
  ['permanently rejected'],
  ['giving up'], // Postfix/qmail/Exchange "... giving up"
  ['gave up'],
  ['not going to try again'], // qmail "I'm not going to try again; this message has been in the queue too long."
  ['retry timeout exceeded'], // Exim deliver.c: address retry time passed
  ['no further delivery attempts'],
  ['failing for a long time'], // Exim "all hosts have been failing for a long time and were last tried after this message arrived"
  ['expired'], // "Envelope expired", "message expired": the queue lifetime is over
  ['long failure period'], // Exim "retry time not reached for any host after a long failure period"
  ['delivery failed', 'attempts'], // "Delivery failed 20 attempts"
  ['cannot send message for'], // sendmail queue.c: "Cannot send message for 5 days" (queue return timeout)
  ['returned to sender'], // Postfix qmgr "status=expired, returned to sender"
  ['maximum delivery attempts'], // InterScan E-Mail VirusWall NT "Exceeded Maximum Delivery Attempts." (heldout:ho-1592)
  ['邮件被', '退回'], // Chinese providers' bounce notices "您的邮件被退回来了" / "导致邮件被系统退回": the mail was (by the system) returned to the sender (heldout:ho-3002, ho-3003)
];

export const TRANSIENT_HINTS: readonly (readonly string[])[] = [
  ['try again'],
  ['try later'],
  ['will be retried'],
  ['retry time not'], // Exim "retry time not (yet) reached for any host": still waiting to retry
  ['retrying'],
  ['temporar'], // temporary, temporarily
  ['deferred'],
  ['deferring'], // Exim wiki quota check at RCPT time: "The mailbox for ... is full, deferring."
  ['delayed'],
  ['timed out'],
  ['timeout'],
  ['connection refused'],
  ['lost connection'],
  ['connection lost'], // Exim smtp_in.c "SMTP connection from ... lost" / "connection lost"
  ['unexpected disconnection'], // Exim "unexpected disconnection while reading SMTP command"
  ['non properly terminated'], // GnuTLS "The TLS connection was non-properly terminated."
  ['push function'], // GnuTLS lib/errors.c GNUTLS_E_PUSH_ERROR "Error in the push function.": the socket write failed (broken connection)
  ['pull function'], // GnuTLS GNUTLS_E_PULL_ERROR "Error in the pull function.": the socket read failed
  ['connection dropped'],
  ['connection reset'],
  ['connection closed'],
  ['closed connection'],
  ['closed the connection'],
  ['no route to host'],
  ['network error'],
  ['unreachable'],
  ['not reachable'],
  ['failed to connect'],
  ['could not connect'],
  ['unable to connect'],
  ["couldn't connect"],
  ["wasn't able to establish"],
  ['broken pipe'],
  ['still undelivered'],
  ['connect to'], // Postfix "connect to mx.example.org[192.0.2.1]:25: Cannot assign requested address"
  ['assign requested address'], // Exim's per-host line says only the strerror: "H=mx [ipv6] Cannot assign requested address"
  ['tempfail'], // OpenSMTPD "relay: TempFail for ...: ... stat=No MX found for domain"
  ['actively refused'], // Windows/.NET "No connection could be made because the target machine actively refused it."
  ['not offered by host'], // Postfix smtp client, deferred: "TLS is required, but was not offered by host mx[192.0.2.1]"
  ['tls configuration problem'], // Postfix smtp client, deferred: "client TLS configuration problem"
  ['greeting never received'], // nodemailer ETIMEDOUT: the server sent no 220 banner in time
  ['could not contact dns'], // Gmail delay/bounce "DNS Error: Could not contact DNS servers": the resolver failed, a retry may succeed
  ['not yet been delivered'], // delay warnings: FrontBridge "has not yet been delivered because the recipient server did not respond" (heldout:ho-1578), Exim "has not yet been delivered to all its recipients"
  ['postponed'], // "Delivery of email to this address ... has been postponed due to a full mailbox." (heldout:ho-1581)
  ['connection to', 'failed'], // 1&1 delay warning "connection to mail exchanger failed" (heldout:ho-1585)
  ['will be reattempted'], // cPanel Exim "... has exceeded the max emails per hour (2/2 (100%)) allowed. Message will be reattempted later" (heldout:ho-1904)
  [' defer '], // Exim mainlog "R=dnslookup T=remote_smtp defer (-1): failed to expand ...": the address is deferred; the number in brackets is Exim's, not a reply code (heldout:ho-1919)
];
