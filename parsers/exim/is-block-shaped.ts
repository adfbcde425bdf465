// Lines of the block Exim writes after a rejection (exim src/src/log.c, formats.md 1.5):
//   Envelope-from: <s>          Envelope-to: <r>          "    <r2>" (more recipients)
//   "P Received: ..."           one header flag character + space + the header as received
//   "  Subject: ..."            flag ' ' (other header), so two spaces
//   "\tcontinuation"            header continuation lines keep their leading white space
//   "*** truncated ***"         the 8 KiB log buffer overflowed
// Header flags (macros.h htype_*): F From, T To, C Cc, B Bcc, I Message-Id, R Reply-To, P Received,
// S Sender, * replaced or deleted.
const FLAGS = 'FTCBIRPS*';

export function isBlockShaped(text: string): boolean {
  if (text.length === 0) return false;
  const c0 = text.charCodeAt(0);
  if (c0 === 32 || c0 === 9) return true;
  if (text.charCodeAt(1) === 32 && FLAGS.includes(text[0]!)) return true;
  return text.startsWith('Envelope-from: ') || text.startsWith('Envelope-to: ') || text.startsWith('*** truncated ***');
}
