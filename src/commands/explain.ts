// `maillens explain <code | "reply text">`: what a reply means, why it happens and what to do, with
// the catalog entry (and tier) that decided it, so the reasoning can be checked.
import { defineCommand } from '../cli/command.js';
import type { CliContext } from '../cli/context.js';
import { defaultClassifier } from '../classify/classify.js';
import { explainReply, type Explanation } from '../classify/explain-reply.js';
import { EXIT, UserError } from '../util/errors.js';
import { forTerminal, safeJson } from '../util/sanitize.js';

interface ExplainArgs {
  reply: string[];
  json: boolean;
}

const TIER_WORDS: Record<Explanation['tier'], string> = {
  'vendor-text': 'a known product\'s reply text',
  'decisive-text': 'a text pattern that outweighs the codes',
  'enhanced-specific': 'the enhanced status code',
  text: 'a text pattern',
  'enhanced-generic': 'the enhanced status code (general meaning)',
  basic: 'the basic reply code',
  'class-digit': 'the class digit of the code only',
  none: 'nothing: no code and no known text',
};

export default defineCommand<ExplainArgs>({
  command: 'explain <reply..>',
  describe: 'explain an SMTP reply: a code (550, 5.7.1, "550 5.7.1") or a whole reply text',
  builder: (y) =>
    y
      .positional('reply', { type: 'string', array: true, demandOption: true, describe: 'the code(s) or the reply text (quote it)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
      .example('$0 explain 550 5.7.1', 'what the codes alone mean')
      .example('$0 explain "451 Please try again later."', 'explain a whole reply') as never,
  handler: (argv, ctx) => {
    const input = (argv.reply ?? []).map(String).join(' ').trim();
    if (!input) throw new UserError('give a reply code or a reply text to explain, e.g. maillens explain "550 5.1.1 User unknown"', EXIT.usage);
    const explanation = explainReply(input, defaultClassifier());
    if (argv.json) ctx.stdout.write(`${safeJson(explanation, 2)}\n`);
    else writeText(explanation, ctx);
    return EXIT.ok;
  },
});

function writeText(e: Explanation, ctx: CliContext): void {
  const lines: [string, string][] = [];
  if (e.text) lines.push(['Reply', e.text]);
  const codes = [e.code !== null ? String(e.code) : null, e.enhanced].filter(Boolean).join(' ');
  lines.push(['Codes', codes || '(none found in the text)']);
  lines.push(['Class', `${e.class}: ${e.classMeaning}`]);
  if (e.classNote) lines.push(['Note', e.classNote]);
  lines.push(['Category', `${e.category}: ${e.categoryMeaning}`]);
  if (e.blocklist) lines.push(['Blocklist', e.blocklist]);
  if (e.meaning) lines.push(['Meaning', e.meaning]);
  if (e.cause) lines.push(['Cause', e.cause]);
  if (e.action) lines.push(['Action', e.action]);
  lines.push(['Decided by', `${e.rule} (tier ${e.tier}: ${TIER_WORDS[e.tier]})`]);
  for (const c of [e.codes.basic, e.codes.enhanced]) {
    if (!c) continue;
    lines.push([`Code ${c.code}`, c.meaning ? `${c.meaning} [${c.rule}]` : 'not in the catalog']);
  }
  if (e.sources.length) lines.push(['Sources', e.sources.join('; ')]);
  const width = Math.max(...lines.map(([k]) => k.length)) + 2;
  // The reply is pasted from a log or a bounce, written by a stranger: its control characters are shown
  // as \xHH, never sent to the terminal (found in a user review: an ESC sequence in the reply cleared the screen).
  ctx.stdout.write(lines.map(([k, v]) => `${`${k}:`.padEnd(width)}${forTerminal(v)}`).join('\n') + '\n');
}
