// The explicit list of CLI commands (a test checks it matches the files in this folder).
import type { Command } from '../cli/command.js';
import analyze from './analyze.js';

export const commands: Command<any>[] = [analyze];
