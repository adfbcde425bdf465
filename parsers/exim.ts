// Exim mainlog and rejectlog (any mix of the two, plain or via syslog). Line formats, the source they
// were read from and the traps are in ../shared/corpus/formats.md section 1; the pieces:
//   exim/parse-prefix.ts       timestamp, zone, [pid], message id, syslog wrapper
//   exim/parse-host-fields.ts  H=name (helo) [ip]:port and the X=value fields
//   exim/read-inbound.ts       refusals of clients (ACL rejections, auth, protocol errors, ...)
//   exim/read-delivery.ts      our own failed and deferred deliveries (**, ==, per-host lines)
//   exim/parse-reply.ts        codes, enhanced codes, reply text, stage of a command
//   exim/create-exim-parser.ts the streaming parser: verdicts, line pairs, twin keys, deferral memory
//
// Conventions (reports depend on them):
// - text is the reply without its leading code(s); a multi-line reply that Exim joined with a literal
//   "\n" becomes one line: continuation codes dropped, pieces joined by a space;
// - a refusal whose line shows no code gets the code Exim sends by default there (codeSource
//   'inferred'; deny 550, defer 451, AUTH 503, ETRN 458, ATRN 450, VRFY 252, sync error 554, too many
//   nonmail commands 554, unrecognized commands 500, HELO syntax 501, no HELO 503, too many messages
//   421, message too big 552, too many recipients 452/552, connection limits 421, host_reject 554,
//   command/data timeout 421, a failed VRFY 550) and, when the ACL gave no message, Exim's default text
//   ("Administrative prohibition" / "Temporary local problem - please try later");
// - a code written in the line (an ACL message "550 5.7.1 ...", "authenticator failed ...: 535",
//   a remote reply) is 'seen', with its enhanced code;
// - no reply at all (connection refused or lost, timeouts on our side, local delivery errors, TLS
//   handshake failures, non-SMTP input): code null, codeSource 'none';
// - `** addr: retry timeout exceeded` keeps its text and takes code, stage and server from the last
//   deferral of that message and address (this input, else ParseLookup.lastDeferral);
// - deliveries are outbound, or local when they were on this host (a loopback H=, or no H= and a local
//   transport's words or name: exim/read-delivery.ts isLocalDelivery; an expiry takes its deferrals'); a per-host
//   RCPT error takes its recipient from the `RCPT TO:<x>` it names; before 4.85 the per-host line had
//   no `H=` (`<id> mx.example.com [192.0.2.1] Connection refused`, or the host inside the message:
//   `<id> Remote host mx.example.com [192.0.2.1] closed connection in response to EHLO x`) and is read the same way;
// - syslog pieces (`[1\4] ...`, `[2/4] ...`): the first starts the entry, the later ones are
//   'context' like header lines;
// - AUTH payloads and `set_id=` logins are never copied into an event; fields are capped (HELO 255,
//   addresses 512, text 2000 characters);
// - twinKey (53-bit hash of the line from its timestamp on; twinRepeat: #n per second) is set on lines Exim writes to
//   both logs; mainlog-only lines (deliveries, protocol errors, timeouts) have none;
// - four pairs of lines are one fact and give one event, on the first line (the second is
//   'context'): sender verify + rejection, last protocol error + "dropped: too many ...", per-host
//   delivery error + the `==`/`**` line repeating it, a client's failed TLS read + the hang-up it
//   causes ("unexpected disconnection", "lost while reading message data") right after.
//   `pendingLine()` tells ingest while one is held;
// - header blocks after rejections are 'context', and so is the `: <strerror>` tail that a newline
//   inside a message puts on a line of its own; any other line that is no entry is 'skipped';
//   deferrals that are not attempts (retry time not reached, queued) are 'ignored'.
import type { ParserModule } from './types.js';
import { createEximParser } from './exim/create-exim-parser.js';
import { detectExim } from './exim/detect-exim.js';

const parser: ParserModule = {
  format: 'exim',
  describe: 'Exim mainlog / rejectlog (plain or via syslog)',
  detect: detectExim,
  create: createEximParser,
};

export default parser;
