// SMTP commands as hMailServer logs them: `RECEIVED: <command>` from a client in SMTPD
// (SMTPConnection.cpp LogClientCommand_), `SENT: <command>` of our own in SMTPC
// (SMTPClientConnection.cpp LogSentCommand_). Only the verb and, for MAIL/RCPT/HELO, the argument
// matter here; AUTH payloads are never read (the parser skips them before it gets here).
import type { Stage } from '../../src/model/labels.js';
import { flatSlice } from './flat.js';

export const CMD_NONE = 0;
export const CMD_HELO = 1;
export const CMD_AUTH = 2;
export const CMD_MAIL = 3;
export const CMD_RCPT = 4;
export const CMD_DATA = 5;
export const CMD_TLS = 6;
export const CMD_RSET = 7;
export const CMD_QUIT = 8;
export const CMD_OTHER = 9;
export type Command = number;

/** The stage a reply to each command belongs to (RFC 5321 §4.1 order; labels.ts STAGES). */
export const STAGE_OF_COMMAND: readonly Stage[] = ['connect', 'helo', 'auth', 'mail', 'rcpt', 'data', 'tls', 'other', 'other', 'other'];

/** Longest address / HELO name we keep (RFC 5321 §4.5.3.1: path 256, domain 255). */
export const MAX_ADDRESS = 320;
export const MAX_HELO = 255;

/**
 * The command in text[start, end) by its first word, case-insensitively as hMailServer reads it
 * (SMTPConnection.cpp GetCommandType_ upper-cases the first word). The verb is read as one number of
 * four upper-cased ASCII letters instead of a slice upper-cased per command line; a word with a
 * non-ASCII character goes the slow way, because toUpperCase() maps some of them to ASCII letters
 * (`ı` → `I`, `ſ` → `S`), so `MAıL` is MAIL to it.
 */
export function commandAt(text: string, start: number, end: number): Command {
  let wordEnd = text.indexOf(' ', start);
  if (wordEnd < 0 || wordEnd > end) wordEnd = end;
  const length = wordEnd - start;
  if (length === 4) {
    const word = upperAscii4(text, start);
    return word >= 0 ? verbOf(word) : slowCommand(text, start, wordEnd);
  }
  if (length === 8) {
    const head = upperAscii4(text, start);
    const tail = upperAscii4(text, start + 4);
    if (head >= 0 && tail >= 0) return head === STAR && tail === TTLS ? CMD_TLS : CMD_OTHER;
    return slowCommand(text, start, wordEnd);
  }
  return CMD_OTHER;
}

/** Four ASCII letters as one number (`EHLO` → 0x45484c4f). */
const word4 = (w: string): number => ((w.charCodeAt(0) << 24) | (w.charCodeAt(1) << 16) | (w.charCodeAt(2) << 8) | w.charCodeAt(3)) >>> 0;
const EHLO = word4('EHLO');
const HELO = word4('HELO');
const AUTH = word4('AUTH');
const MAIL = word4('MAIL');
const RCPT = word4('RCPT');
const DATA = word4('DATA');
const RSET = word4('RSET');
const QUIT = word4('QUIT');
const STAR = word4('STAR');
const TTLS = word4('TTLS');

/**
 * text[at, at + 4) upper-cased (a-z only, as toUpperCase() does for ASCII) as one number, or -1 when
 * one of the four is not ASCII (the caller checked that the four are there).
 */
export function upperAscii4(text: string, at: number): number {
  let word = 0;
  for (let i = at; i < at + 4; i++) {
    let c = text.charCodeAt(i);
    if (c > 127) return -1;
    if (c >= 97 && c <= 122) c -= 32;
    word = word * 256 + c;
  }
  return word;
}

function verbOf(word: number): Command {
  switch (word) {
    case EHLO:
    case HELO:
      return CMD_HELO;
    case AUTH:
      return CMD_AUTH;
    case MAIL:
      return CMD_MAIL;
    case RCPT:
      return CMD_RCPT;
    case DATA:
      return CMD_DATA;
    case RSET:
      return CMD_RSET;
    case QUIT:
      return CMD_QUIT;
    default:
      return CMD_OTHER;
  }
}

/** commandAt() for a verb with non-ASCII characters: what its upper-cased slice is. */
function slowCommand(text: string, start: number, wordEnd: number): Command {
  const upper = text.slice(start, wordEnd).toUpperCase();
  if (wordEnd - start === 8) return upper === 'STARTTLS' ? CMD_TLS : CMD_OTHER;
  // A 4-character word: only when it is still 4 ASCII letters can it be a verb.
  if (upper.length !== 4) return CMD_OTHER;
  const word = upperAscii4(upper, 0);
  return word >= 0 ? verbOf(word) : CMD_OTHER;
}

/**
 * The address of `MAIL FROM:<a@b> SIZE=1` or `RCPT TO:<a@b>` (text[start, end) = after the verb):
 * what is between the first `<` and the next `>`; without brackets, the word after the colon. The null
 * reverse-path `<>` gives '' (a bounce), no address at all gives null. Always a flat copy.
 */
export function addressIn(text: string, start: number, end: number): string | null {
  const lt = text.indexOf('<', start);
  if (lt >= 0 && lt < end) {
    let close = text.indexOf('>', lt + 1);
    if (close < 0 || close > end) {
      // `MAIL FROM:<a@b` (no closing bracket): up to the next space
      close = text.indexOf(' ', lt + 1);
      if (close < 0 || close > end) close = end;
    }
    return flatSlice(text, lt + 1, close, MAX_ADDRESS);
  }
  const colon = text.indexOf(':', start);
  if (colon < 0 || colon >= end) return null;
  let from = colon + 1;
  while (from < end && text.charCodeAt(from) === 32) from++;
  let to = text.indexOf(' ', from);
  if (to < 0 || to > end) to = end;
  return to > from ? flatSlice(text, from, to, MAX_ADDRESS) : null;
}

/** The name given in `EHLO name` / `HELO name` (text[start, end) = the whole command), trimmed; null if none. */
export function heloName(text: string, start: number, end: number): string | null {
  let from = start + 4;
  while (from < end && text.charCodeAt(from) === 32) from++;
  let to = end;
  while (to > from && text.charCodeAt(to - 1) === 32) to--;
  return to > from ? flatSlice(text, from, to, MAX_HELO) : null;
}
