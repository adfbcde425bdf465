// `maillens classify`: reads reply texts on stdin, one per line (or takes them as arguments, one reply
// each), and writes exactly one JSON object per input line, in order:
// {"code","enhanced","class","category","rule","blocklist","meaning","action"} (blocklist: the DNS
// blocklist or reputation service an rbl reply names, else null). An empty or meaningless line still gets its
// object (class unknown, category other), so output line N always belongs to input line N and the
// command can sit in a pipeline.
import { StringDecoder } from 'node:string_decoder';
import { defineCommand } from '../cli/command.js';
import { defaultClassifier } from '../classify/classify.js';
import { extractCodes } from '../classify/extract-codes.js';
import { writeWithBackpressure } from '../cli/write-output.js';

const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;
const ANSI_SEQUENCE = /\x1b\[[0-9;?]*[ -\/]*[@-~]/g;
const CONTROL_CHARS = /[\x00-\x08\x0b-\x1f\x7f]/g;
import { EXIT } from '../util/errors.js';

/** Output is written in chunks of about this many characters (one write per line is slow). */
const FLUSH_AT = 1 << 16;

export default defineCommand<{ reply?: (string | number)[] }>({
  command: 'classify [reply..]',
  describe: 'classify reply texts read on stdin (one per line) or given as arguments; prints one JSON object per reply',
  builder: (y) =>
    y
      .positional('reply', { type: 'string', array: true, describe: 'reply texts (quote each one); without them, stdin is read' })
      .example('$0 classify < replies.txt', 'one JSON object per input line')
      .example('$0 classify "550 5.1.1 User unknown" "451 Greylisted"', 'one JSON object per argument') as never,
  handler: async (argv, ctx) => {
    const classifier = defaultClassifier();
    // The JSON around the blocklist depends only on the rule and the class (the category, the meaning
    // and the action follow from them), so it is built once per pair and reused.
    const middles = new Map<string, string>();
    const tails = new Map<string, string>();
    let buffer = '';
    const classifyLine = (raw: string) => {
      let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      // A reply copied from a coloured terminal carries escape sequences (`ESC[31m550 ...`) that would hide
      // its code; they and other control characters go (the fast test keeps plain lines untouched).
      if (CONTROL.test(line)) line = line.replace(ANSI_SEQUENCE, '').replace(CONTROL_CHARS, ' ');
      const codes = extractCodes(line);
      const c = classifier.classify({ code: codes.code, enhanced: codes.enhanced, text: line });
      const key = `${c.class}|${c.rule}`;
      let middle = middles.get(key);
      let tail = tails.get(key);
      if (middle === undefined || tail === undefined) {
        middle = `,"class":${JSON.stringify(c.class)},"category":${JSON.stringify(c.category)},"rule":${JSON.stringify(c.rule)},"blocklist":`;
        tail = `,"meaning":${JSON.stringify(c.meaning)},"action":${JSON.stringify(c.action)}}\n`;
        middles.set(key, middle);
        tails.set(key, tail);
      }
      const codesJson = `{"code":${codes.code ?? 'null'},"enhanced":${codes.enhanced ? `"${codes.enhanced}"` : 'null'}`;
      buffer += `${codesJson}${middle}${c.blocklist === null ? 'null' : JSON.stringify(c.blocklist)}${tail}`;
    };
    const given = (argv.reply ?? []).map(String);
    if (given.length > 0) {
      // An argument is one reply, whatever it holds: a pasted multi-line reply stays one object.
      for (const reply of given) classifyLine(reply.replace(/\r?\n/g, ' '));
      ctx.stdout.write(buffer);
      return EXIT.ok;
    }
    // Lines are split per chunk and classified synchronously: an async step per line (readline's
    // iterator) costs more than classifying the line.
    const decoder = new StringDecoder('utf8');
    let carry = '';
    for await (const chunk of ctx.stdin) {
      if (ctx.signal?.aborted) break;
      const parts = (carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer))).split('\n');
      carry = parts.pop()!;
      for (const part of parts) classifyLine(part);
      if (buffer.length >= FLUSH_AT) {
        // A slow reader (a pipe into another program) must slow us down, not fill our memory.
        const pending = writeWithBackpressure(ctx.stdout, buffer);
        buffer = '';
        if (pending) await pending;
      }
    }
    const rest = carry + decoder.end();
    if (rest && !ctx.signal?.aborted) classifyLine(rest);
    if (buffer) ctx.stdout.write(buffer);
    return EXIT.ok;
  },
});

