// The explicit list of log formats maillens reads (a test checks it matches the parser files here).
import exim from './exim.js';
import hmailserver from './hmailserver.js';
import phpmailer from './phpmailer.js';
import type { ParserModule } from './types.js';
import type { LogFormat } from '../src/model/labels.js';

export const parsers: readonly ParserModule[] = [exim, hmailserver, phpmailer];

export function parserFor(format: LogFormat): ParserModule {
  const found = parsers.find((p) => p.format === format);
  if (!found) throw new Error(`no parser for format ${format}`);
  return found;
}
