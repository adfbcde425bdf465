// STUB: to be replaced by the real exim parser.
import type { ParserModule } from './types.js';

const parser: ParserModule = {
  format: 'exim',
  describe: 'exim logs',
  detect: () => 0,
  create: () => ({ push: () => 'ignored', finish: () => {} }),
};
export default parser;
