// STUB: to be replaced by the real hmailserver parser.
import type { ParserModule } from './types.js';

const parser: ParserModule = {
  format: 'hmailserver',
  describe: 'hmailserver logs',
  detect: () => 0,
  create: () => ({ push: () => 'ignored', finish: () => {} }),
};
export default parser;
