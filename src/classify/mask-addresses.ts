// Blanks out e-mail addresses before a reply text is matched against the catalog's phrases.
//
// An address says who, never why: "<spam@example.org>", "<quota-alerts@example.net>" or a test
// mailbox called "<mailboxfull@...>" must not decide a category that the words of the reply do not
// state. Zones and host names stay (the blocklist finder reads the raw text anyway).
//
// Linear: each '@' is expanded to the left and right over address characters once, and expansions
// never overlap (the next search starts after the previous span).

// The full-width and CJK punctuation that Chinese and Japanese notices put around an address
// ("收件人邮件地址（jane@example.org）不存在"): without them the blank ran over the words on both sides.
const SEPARATORS = new Set([' ', '\t', '\r', '\n', '<', '>', '(', ')', '[', ']', '{', '}', '"', "'", ',', ';', ':', '|', '\\', '=',
  '\u3000', '（', '）', '＜', '＞', '［', '］', '｛', '｝', '【', '】', '「', '」', '『', '』', '《', '》', '〈', '〉', '，', '、', '。', '；', '：', '＂', '＇']);

export function maskAddresses(text: string): string {
  let at = text.indexOf('@');
  if (at < 0) return text;
  let out = '';
  let copied = 0;
  while (at >= 0) {
    let left = at;
    while (left > copied && !SEPARATORS.has(text[left - 1]!)) left--;
    let right = at + 1;
    // A domain never holds two dots in a row: sendmail writes "<addr>... User unknown", and some
    // servers drop the space ("bob@example.net...User unknown"), so "..." ends the address.
    while (right < text.length && !SEPARATORS.has(text[right]!) && !(text[right] === '.' && text[right + 1] === '.')) right++;
    // Something on both sides: "user@host". A lone "@" or "user@" is left as it is.
    if (left < at && right > at + 1) {
      out += `${text.slice(copied, left)} `;
      copied = right;
    }
    at = text.indexOf('@', Math.max(right, at + 1));
  }
  return out + text.slice(copied);
}
