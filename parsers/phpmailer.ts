// STUB: to be replaced by the real phpmailer parser.
import type { ParserModule } from './types.js';

const parser: ParserModule = {
  format: 'phpmailer',
  describe: 'phpmailer logs',
  detect: () => 0,
  create: () => ({ push: () => 'ignored', finish: () => {} }),
};
export default parser;
