// The one normal form in which catalog match strings and reply texts are compared.
//
// Lowercase, then every run of characters that is neither a letter nor a digit (any script) becomes one
// space, and the result is padded with a space at each end. Why:
// - servers write the same words with different punctuation ("mailbox full", "Mailbox-Full",
//   "mailbox_full", "doesn't" / "doesn’t"), and quoted replies gain or lose quotes and brackets;
// - a match string that is a substring of the lowercased text is still a substring after both are
//   normalised, so catalog authors can keep writing plain lowercase substrings (catalog/README.md);
// - the padding gives match strings a cheap word boundary: " rbl " matches "in an RBL," but not
//   "garbled", " bl " matches "(BL)" but not "table".
// It is a single linear pass (one regex with a plain character class), safe on hostile text.
// Greek final sigma: lowercasing a whole text turns a word-final 'Σ' into 'ς', lowercasing it alone (as
// phrase-matcher.ts does, a character at a time) into 'σ'; the normal form writes 'σ' for both, so an
// uppercase Greek text ('ΑΠΟΤΥΧΊΑ ΣΎΝΔΕΣΗΣ') matches the lowercase match string ('σύνδεσης').

const NON_WORD = /[^\p{L}\p{N}]+/gu;
const FINAL_SIGMA = /ς/g;

export function normalizeForMatch(text: string): string {
  return ` ${text.toLowerCase().replace(FINAL_SIGMA, 'σ').replace(NON_WORD, ' ').trim()} `;
}

/**
 * The normal form of a match string. Leading/trailing spaces are meaningful there (a word boundary),
 * so they are kept as one space each; a string without them matches inside words too.
 */
export function normalizeMatchString(pattern: string): string {
  return pattern.toLowerCase().replace(FINAL_SIGMA, 'σ').replace(NON_WORD, ' ');
}
