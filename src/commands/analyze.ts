import { defineCommand } from '../cli/command.js';

export default defineCommand({
  command: 'analyze <files..>',
  describe: 'read mail logs, classify every reply, store the events and print a summary',
  builder: (y) => y.positional('files', { type: 'string', array: true, demandOption: true }),
  handler: () => 0,
});
