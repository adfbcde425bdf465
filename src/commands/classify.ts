// STUB: replaced by the real command.
import { defineCommand } from '../cli/command.js';

export default defineCommand({
  command: 'classify',
  describe: '(not yet implemented)',
  builder: (y) => y,
  handler: () => 1,
});
