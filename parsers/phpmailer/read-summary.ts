// PHPMailer-class messages that restate a failure: the language strings and the ErrorInfo text an
// application prints (formats.md §3.3, PHPMailer.php setError() / lang()):
//   `SMTP Error: data not accepted.SMTP server error: DATA END command failed Detail: <detail> SMTP code: 550`
//   `... Failed to connect to serverSMTP server error: Failed to connect to server SMTP code: 111 Additional SMTP info: Connection refused`
//   `The following From address failed: <addr> : MAIL FROM command failed,<detail>,530,5.5.1SMTP server error: ...`
//   `SMTP Error: The following recipients failed: <addr>: <detail without code>`
// Before v6.11.0 setError() glued the parts without a space (`accepted.SMTP server error:`), so every
// part is found by its label, never by position. The `SMTP code` of a connection failure is the errno.
import type { CodeSource } from '../../src/model/labels.js';
import { clean, enhancedAt } from './reply-text.js';
import type { SummaryKind } from './read-entry.js';

export interface SummaryFacts {
  code: number | null;
  enhanced: string | null;
  codeSource: CodeSource;
  text: string;
  /** The SMTP-class error named in the ErrorInfo (`DATA END command failed`), or null. */
  error: string | null;
  /** From `The following From address failed: <addr> :`. */
  sender: string | null;
}

interface ErrorInfoTail {
  error: string;
  detail: string | null;
  code: string | null;
  extra: string | null;
}

const LABEL_DETAIL = ' Detail: ';
const LABEL_CODE = 'SMTP code: ';
const LABEL_EXTRA = 'Additional SMTP info: ';

/** The facts one summary line (its continuation lines joined) states. */
export function readSummary(kind: SummaryKind, text: string): SummaryFacts {
  const tail = errorInfoTail(text);
  let sender: string | null = null;
  let error = tail?.error ?? null;
  let detail = tail?.detail ?? null;
  let codeText = tail?.code ?? null;
  let extra = tail?.extra ?? null;

  if (kind === 'from') {
    const rest = text.slice(text.indexOf('failed: ') + 8);
    const sep = rest.indexOf(' : ');
    if (sep > 0) {
      sender = rest.slice(0, sep).trim() || null;
      // implode(',', getError()): "MAIL FROM command failed,<detail>,<code>,<ex>" (detail may hold commas).
      if (tail === null) {
        const list = rest.slice(sep + 3);
        const end = list.indexOf('SMTP server error:');
        const parts = (end >= 0 ? list.slice(0, end) : list).split(',');
        if (parts.length >= 4) {
          error = parts[0]!.trim();
          extra = parts.pop()!.trim() || null;
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
    return { code: null, enhanced: null, codeSource: 'none', text: clean(message), error, sender };
  }

  const code = codeText && /^[2-5]\d\d$/.test(codeText) ? Number(codeText) : null;
  let enhanced = extra !== null ? enhancedAt(extra, 0) : null;
  let body = detail ?? null;
  if (body !== null) {
    const inDetail = enhancedAt(body, 0);
    if (inDetail !== null) {
      enhanced ??= inDetail;
      if (inDetail === enhanced) body = body.slice(inDetail.length).trimStart();
    }
  }
  if (kind === 'rcpt' && body === null) body = recipientDetail(text);
  const head = [code ?? '', enhanced ?? ''].filter((x) => x !== '').join(' ');
  const message = body !== null ? `${head} ${body}` : head !== '' ? `${head} ${plainMessage(text)}` : plainMessage(text);
  return { code, enhanced, codeSource: code !== null ? 'seen' : 'none', text: clean(message), error, sender };
}

/** The first `SMTP server error: ...` part of an ErrorInfo text (it can be repeated: corpus line 99). */
function errorInfoTail(text: string): ErrorInfoTail | null {
  const at = text.indexOf('SMTP server error: ');
  if (at < 0) return null;
  let rest = text.slice(at + 19);
  const again = rest.indexOf('SMTP server error: ');
  if (again >= 0) rest = rest.slice(0, again);
  const detailAt = rest.indexOf(LABEL_DETAIL);
  const codeAt = rest.indexOf(LABEL_CODE);
  const extraAt = rest.indexOf(LABEL_EXTRA);
  const ends = [detailAt, codeAt, extraAt].filter((i) => i >= 0);
  const error = rest.slice(0, ends.length ? Math.min(...ends) : rest.length).trim();
  const part = (from: number, label: string): string | null => {
    if (from < 0) return null;
    const start = from + label.length;
    const stops = [detailAt, codeAt, extraAt].filter((i) => i > from);
    return rest.slice(start, stops.length ? Math.min(...stops) : rest.length).trim() || null;
  };
  const codePart = part(codeAt, LABEL_CODE);
  return {
    error,
    detail: part(detailAt, LABEL_DETAIL),
    code: codePart !== null ? (/^\d{1,5}/.exec(codePart)?.[0] ?? null) : null,
    extra: part(extraAt, LABEL_EXTRA),
  };
}

/** The language string alone: `SMTP connect() failed.` without the troubleshooting link. */
function plainMessage(text: string): string {
  let t = text;
  const link = t.indexOf(' https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting');
  if (link >= 0) t = t.slice(0, link);
  const tail = t.indexOf('SMTP server error: ');
  if (tail > 0) t = t.slice(0, tail);
  return t.trim();
}

/** `SMTP Error: The following recipients failed: a@x: <detail>` → `<detail>` (null in the old address-list form). */
function recipientDetail(text: string): string | null {
  const list = text.slice(text.indexOf('failed: ') + 8);
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
  const out: { address: string; detail: string | null }[] = [];
  for (const part of trimmed.split(',')) {
    const address = part.trim();
    if (address !== '' && !address.includes(' ') && out.length < 50) out.push({ address, detail: null });
  }
  return out;
}

/** Whether a continuation line starts another recipient of a recipients-failed text (`b@y: ...`). */
export function looksLikeRecipientLine(line: string): boolean {
  const sep = line.indexOf(': ');
  if (sep <= 0 || sep > 320) return false;
  const head = line.slice(0, sep);
  return head.includes('@') && !head.includes(' ');
}
