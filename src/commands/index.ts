// The explicit list of CLI commands (a test checks it matches the files in this folder).
import type { Command } from '../cli/command.js';
import analyze from './analyze.js';
import catalog from './catalog.js';
import classify from './classify.js';
import events from './events.js';
import explain from './explain.js';
import merge from './merge.js';
import prune from './prune.js';
import report from './report.js';

export const commands: Command<any>[] = [analyze, report, events, explain, classify, catalog, prune, merge];
