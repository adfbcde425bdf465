// PHPMailer-class messages that restate a failure: the language strings and the ErrorInfo text an
// application prints (formats.md §3.3, PHPMailer.php setError() / lang()):
//   `SMTP Error: data not accepted.SMTP server error: DATA END command failed Detail: <detail> SMTP code: 550`
//   `... Failed to connect to serverSMTP server error: Failed to connect to server SMTP code: 111 Additional SMTP info: Connection refused`
//   `The following From address failed: <addr> : MAIL FROM command failed,<detail>,530,5.5.1SMTP server error: ...`
//   `SMTP Error: The following recipients failed: <addr>: <detail without code>`
// Before v5.2.8 setError() appended the reply itself, without its code: `<msg><p>SMTP server error: <reply
// text></p>` (the SMTP class kept `smtp_msg` = the reply after its code, class.smtp.php Mail() and the
// others); rendered as html the paragraph is a line of its own (issue PHPMailer/PHPMailer#304).
// Before v6.11.0 setError() glued the parts without a space (`accepted.SMTP server error:`), so every
// part is found by its label, never by position. The `SMTP code` of a connection failure is the errno.
import type { CodeSource } from '../../src/model/labels.js';
import { clean, enhancedAt } from './reply-text.js';
import type { SummaryKind } from './read-entry.js';
import { CODE_LABELS, DETAIL_LABELS, ERROR_LABELS, EXTRA_LABELS, TROUBLESHOOTING } from './summary-phrases.js';

export interface SummaryFacts {
  code: number | null;
  enhanced: string | null;
  codeSource: CodeSource;
  text: string;
  /** The SMTP-class error named in the ErrorInfo (`DATA END command failed`), or null. */
  error: string | null;
  /** From `The following From address failed: <addr> :` (or the address alone, before v5.2.8). */
  sender: string | null;
  /** The text holds a pre-5.2.8 `SMTP server error: <reply text>` paragraph (the server's words, no code). */
  paragraph: boolean;
}

interface ErrorInfoTail {
  error: string;
  detail: string | null;
  code: string | null;
  extra: string | null;
  /** Before v5.2.8: what follows the label is the server's reply text (its code cut off), not a class error. */
  reply: boolean;
}

/**
 * The facts one summary line (its continuation lines joined) states. `payloadAt`: where the text after
 * the language string starts (the From address, the recipients), as found by summary-phrases.ts.
 */
export function readSummary(kind: SummaryKind, text: string, payloadAt: number): SummaryFacts {
  const tail = errorInfoTail(text);
  let sender: string | null = null;
  let error = tail?.error ?? null;
  let detail = tail?.detail ?? null;
  let codeText = tail?.code ?? null;
  let extra = tail?.extra ?? null;
  const paragraph = tail !== null && tail.reply;
  if (paragraph) {
    // The raw ErrorInfo (a log file rather than a browser) keeps the paragraph's closing tag.
    detail = paragraphText(tail.error) || null;
    error = null;
  }

  if (kind === 'from') {
    const rest = text.slice(payloadAt);
    // An empty From address (the application set none): `failed:  : MAIL FROM ...`, or `failed:: MAIL
    // FROM ...` with the blanks lost; `empty` is where the error list starts then.
    const empty = afterEmptyAddress(rest);
    const sep = empty >= 0 ? -1 : rest.indexOf(' : ');
    // Before v5.2.8 from_failed was the address alone (then, maybe, the SMTP server error paragraph).
    if (empty < 0 && sep < 0) sender = leadingAddress(rest);
    if (empty >= 0 || sep > 0) {
      sender = sep > 0 ? rest.slice(0, sep).trim() || null : null;
      // implode(',', getError()): "MAIL FROM command failed,<detail>,<code>,<ex>" (v5.2.10+; v5.2.8-9 had
      // no <ex>: "MAIL FROM command failed,," is an empty reply). The detail may hold commas.
      if (tail === null || tail.code === null) {
        const list = rest.slice(empty >= 0 ? empty : sep + 3);
        const end = firstLabel(list, ERROR_LABELS, 0);
        const parts = (end !== null ? list.slice(0, end.at) : list).split(',');
        if (parts.length >= 3 && parts[0]!.includes(' command failed')) {
          error = parts[0]!.trim();
          if (parts.length >= 4) extra = parts.pop()!.trim() || null;
          codeText = parts.pop()!.trim() || null;
          detail = parts.slice(1).join(',').trim() || null;
        }
      }
    }
  }

  const connectError = error !== null && error.startsWith('Failed to connect');
  if (connectError || (kind === 'connect' && tail === null)) {
    // errno, never an SMTP code (LABELS.md: numbers that are not SMTP replies decide nothing).
    const errno = codeText && /^\d{1,5}$/.test(codeText) ? ` (${codeText})` : '';
    const why = extra ? `: ${extra}` : '';
    const message = connectError ? `Failed to connect to server${why}${errno}` : plainMessage(text);
    return { code: null, enhanced: null, codeSource: 'none', text: clean(message), error, sender, paragraph };
  }

  const code = codeText && /^[2-5]\d\d$/.test(codeText) ? Number(codeText) : null;
  let enhanced = extra !== null ? extraEnhanced(extra) : null;
  let body = detail ?? null;
  if (body !== null) {
    const inDetail = enhancedAt(body, 0);
    if (inDetail !== null) {
      enhanced ??= inDetail;
      if (inDetail === enhanced) body = body.slice(inDetail.length).trimStart();
    }
  }
  if (kind === 'rcpt' && body === null) body = recipientDetail(text, payloadAt);
  const head = [code ?? '', enhanced ?? ''].filter((x) => x !== '').join(' ');
  // An ErrorInfo whose message the application dropped states the SMTP-class error after PHPMailer's own
  // label: the label is not what went wrong ("server error" is a catalog phrase), the error is.
  const bare = kind === 'server-error' && error !== null && error !== '' ? error : plainMessage(text);
  const message = body !== null ? `${head} ${body}` : head !== '' ? `${head} ${bare}` : silentCommand(error, codeText, extra) ? `${error}: ${NO_REPLY}` : bare;
  return { code, enhanced, codeSource: code !== null ? 'seen' : 'none', text: clean(message), error, sender, paragraph };
}

/**
 * The first `SMTP server error: ...` part of an ErrorInfo text (it can be repeated: corpus line 99), in
 * any language: the label is translated, the SMTP-class error after it never is. A label followed by
 * something else is the message itself (Polish uses one text for both) and is passed over.
 */
function errorInfoTail(text: string): ErrorInfoTail | null {
  let found: { at: number; end: number } | null = null;
  for (let from = 0; from < text.length; ) {
    const label = firstLabel(text, ERROR_LABELS, from);
    if (label === null) break;
    // The English label is never anything else; a translated one may also start the message (Polish).
    if (text.startsWith(ERROR_LABELS[0]!, label.at) || isClassError(text, label.end)) {
      found = label;
      break;
    }
    from = label.end;
  }
  if (found === null) return null;
  let rest = text.slice(found.end);
  const again = firstLabel(rest, ERROR_LABELS, 1);
  if (again !== null && (rest.startsWith(ERROR_LABELS[0]!, again.at) || isClassError(rest, again.end))) rest = rest.slice(0, again.at);
  const detailAt = firstLabel(rest, DETAIL_LABELS, 0);
  const codeAt = firstLabel(rest, CODE_LABELS, 0);
  const extraAt = firstLabel(rest, EXTRA_LABELS, 0);
  const starts = [detailAt, codeAt, extraAt].filter((l): l is { at: number; end: number } => l !== null).map((l) => l.at);
  const error = rest.slice(0, starts.length ? Math.min(...starts) : rest.length).trim();
  const part = (label: { at: number; end: number } | null): string | null => {
    if (label === null) return null;
    const stops = starts.filter((i) => i > label.at);
    return rest.slice(label.end, stops.length ? Math.min(...stops) : rest.length).trim() || null;
  };
  const codePart = part(codeAt);
  // The English label then no Detail/code part and no SMTP-class error: the pre-5.2.8 reply text.
  const reply = starts.length === 0 && error !== '' && text.startsWith(ERROR_LABELS[0]!, found.at) && !isClassError(error, 0);
  return {
    error: reply ? error : classErrorAlone(error),
    detail: part(detailAt),
    code: codePart !== null ? (/^\d{1,5}/.exec(codePart)?.[0] ?? null) : null,
    extra: part(extraAt),
    reply,
  };
}

const NO_REPLY = 'no reply (connection closed or timed out)';

/**
 * Whether the ErrorInfo names a command that got no reply at all: SMTP.php sendCommand() takes the code
 * and the detail from the reply, and setError() writes only the parts that are set, so `SMTP server
 * error: DATA END command failed` with no Detail and no code (or `MAIL FROM command failed,,`) had an
 * empty reply, which get_lines() returns only on EOF or a timeout. QUIT is the cleanup after a failure.
 */
function silentCommand(error: string | null, codeText: string | null, extra: string | null): error is string {
  return error !== null && codeText === null && extra === null && error.endsWith(' command failed') && !error.startsWith('QUIT');
}

/** `a@example.com PHPMailer error: ...` → `a@example.com`; null when the text does not start with an address. */
function leadingAddress(rest: string): string | null {
  // The paragraph may be glued on: html copied without its breaks (`a@b.exampleSMTP server error: ...`),
  // or the raw ErrorInfo (`a@b.example<p>SMTP server error: ...`).
  const label = firstLabel(rest, ERROR_LABELS, 0);
  // In the raw ErrorInfo setError() put `<p>` right after the message, so what lies between the language
  // string and `<p>` is the From PHPMailer sent, whatever the application set there (a bare name, or a
  // name with the address: `发送地址错误：YiifCMS官方<p>SMTP server error: Invalid User`, YiifCMS's log).
  if (label !== null && label.at >= 3 && rest.startsWith('<p>', label.at - 3)) {
    const from = rest.slice(0, label.at - 3).trim();
    if (from !== '' && from.length <= 320 && !/\s/.test(from)) return from;
  }
  let token = (label !== null ? rest.slice(0, label.at) : rest).trimStart();
  const end = token.search(/[\s<]/);
  if (end >= 0) token = token.slice(0, end);
  return token.length <= 320 && /^[^@<>\s]+@[^@<>\s]+$/.test(token) ? token : null;
}

/** The earliest of `labels` in `text` at or after `from`. */
function firstLabel(text: string, labels: readonly string[], from: number): { at: number; end: number } | null {
  let best: { at: number; end: number } | null = null;
  for (const label of labels) {
    const at = text.indexOf(label, from);
    if (at >= 0 && (best === null || at < best.at)) best = { at, end: at + label.length };
  }
  return best;
}

/**
 * The enhanced code `Additional SMTP info: ` holds. It ends the ErrorInfo, so what follows it is no part
 * of the reply: the quote, comma or bracket that closes the string an application stored the ErrorInfo
 * in (a row of an SQL dump `..., 5.7.1', '2026-01-10 07:55:03'),`, JSON, a var_dump()), or a tag.
 */
const EXTRA_ENHANCED = /^[245]\.\d{1,3}\.\d{1,3}(?=[\s'"`,;)\]}<]|$)/;

function extraEnhanced(extra: string): string | null {
  return EXTRA_ENHANCED.exec(extra)?.[0] ?? null;
}

/**
 * `<CMD> command failed` as sendCommand() names it (setError()'s `error`), without what was glued to it:
 * with no Detail or code label after it the ErrorInfo ends there, so further text is the application's
 * next output on the same line (a counter and the next function's echo: `DATA command failed502
 * sendDaum()...start`), never the reply, whose parts setError() always labels.
 */
function classErrorAlone(error: string): string {
  const end = error.indexOf(' command failed');
  if (end <= 0 || end > 40) return error;
  CLASS_ERROR.lastIndex = 0;
  return CLASS_ERROR.test(error) ? error.slice(0, end + 15) : error;
}

/** SMTP.php's own error strings (getError()['error']), which follow lang('smtp_error') untranslated. */
const CLASS_ERROR = /(?:[A-Z][A-Za-z0-9 &-]{0,30} (?:command failed|not accepted from server)|Failed to connect|Called |Authentication is not allowed|No supported authentication|The requested authentication|SMTP server did not|Unable to connect)/y;

function isClassError(text: string, at: number): boolean {
  CLASS_ERROR.lastIndex = at;
  return CLASS_ERROR.test(text) || at >= text.trimEnd().length;
}

/** The language string alone: `SMTP connect() failed.` without the troubleshooting link. */
function plainMessage(text: string): string {
  let t = text;
  const link = t.indexOf(TROUBLESHOOTING);
  if (link >= 0) t = t.slice(0, link);
  const tail = firstLabel(t, ERROR_LABELS, 1);
  if (tail !== null && (t.startsWith(ERROR_LABELS[0]!, tail.at) || isClassError(t, tail.end))) t = t.slice(0, tail.at);
  t = t.trim();
  // "... : MAIL FROM command failed,," (implode of an empty reply's error fields).
  while (t.endsWith(',')) t = t.slice(0, -1);
  return t.trimEnd();
}

/** Where the error list starts when from_failed names no address (`<blanks>: MAIL FROM ...`), else -1. */
function afterEmptyAddress(rest: string): number {
  let i = 0;
  while (i < rest.length && (rest[i] === ' ' || rest[i] === '\t')) i++;
  return rest[i] === ':' ? i + 1 : -1;
}

/** `SMTP Error: The following recipients failed: a@x: <detail>` → `<detail>` (null in the old address-list form). */
function recipientDetail(text: string, payloadAt: number): string | null {
  const list = text.slice(payloadAt);
  const sep = list.indexOf(': ');
  return sep > 0 && !list.slice(0, sep).includes(' ') ? list.slice(sep + 2).trim() || null : null;
}

/**
 * The recipients a `The following recipients failed: ` text names, each with its detail. v6:
 * `<addr>: <detail>` per recipient (further ones on continuation lines); v5.2.x: `a@x, b@y`.
 */
export function recipientsOf(list: string): { address: string; detail: string | null }[] {
  const trimmed = list.trim();
  const sep = trimmed.indexOf(': ');
  if (sep > 0 && !trimmed.slice(0, sep).includes(' ')) {
    return [{ address: trimmed.slice(0, sep), detail: trimmed.slice(sep + 2).trim() || null }];
  }
  // Before v5.2.8 setError() appended `<p>` + lang('smtp_error') + the last RCPT reply's text + `</p>`
  // (raw ErrorInfo in a log); with no language file the label is `Language string failed to load:
  // smtp_error`. The paragraph is the reply to the last address of the list.
  const p = trimmed.indexOf('<p>');
  const addresses = p > 0 ? trimmed.slice(0, p) : trimmed;
  const out: { address: string; detail: string | null }[] = [];
  for (const part of addresses.split(',')) {
    const address = part.trim();
    if (address !== '' && !address.includes(' ') && out.length < 50) out.push({ address, detail: null });
  }
  if (p > 0 && out.length > 0) out[out.length - 1]!.detail = paragraphReply(trimmed.slice(p + 3));
  return out;
}

const NO_LANGUAGE_ERROR_LABEL = 'Language string failed to load: smtp_error';

/**
 * The server's words in a pre-5.2.8 paragraph: up to its closing tag (what follows is no longer the
 * ErrorInfo: the end of an SQL row, `</p>\r\n'),`), without the reply's CRLF where a dump kept it as
 * the escape text `\r\n`.
 */
function paragraphText(text: string): string {
  const close = text.indexOf('</p>');
  let t = (close >= 0 ? text.slice(0, close) : text).trimEnd();
  while (t.endsWith('\\n') || t.endsWith('\\r')) t = t.slice(0, -2).trimEnd();
  return t;
}

/** `SMTP server error: 5.1.1 <a@x>: ...</p>` → `5.1.1 <a@x>: ...`, or null when it is not that paragraph. */
function paragraphReply(paragraph: string): string | null {
  let t = paragraph.trim();
  if (t.endsWith('</p>')) t = t.slice(0, -4).trimEnd();
  const label = t.startsWith(NO_LANGUAGE_ERROR_LABEL) ? NO_LANGUAGE_ERROR_LABEL.length : ERROR_LABELS.find((l) => t.startsWith(l))?.length;
  if (label === undefined) return null;
  return t.slice(label).trim() || null;
}

/** Whether a continuation line starts another recipient of a recipients-failed text (`b@y: ...`). */
export function looksLikeRecipientLine(line: string): boolean {
  const sep = line.indexOf(': ');
  if (sep <= 0 || sep > 320) return false;
  const head = line.slice(0, sep);
  return head.includes('@') && !head.includes(' ');
}
