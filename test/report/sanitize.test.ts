// Escaping at the edges (issue 6): each output format gets log values in a form that cannot act.
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, escapeHtml, escapeMarkdown, forTerminal, safeJson } from '../../src/util/sanitize.js';

describe('forTerminal', () => {
  it('shows ESC and other controls as visible text, never as the byte', () => {
    const out = forTerminal('evil\x1b[2J\x1b]0;title\x07\r\nnext\x00\x7f\x9b31m');
    expect(out).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    expect(out).toBe('evil\\x1b[2J\\x1b]0;title\\x07\\x0d\\x0anext\\x00\\x7f\\x9b31m');
  });
  it('neutralises bidi overrides (Trojan Source) and keeps ordinary Unicode', () => {
    expect(forTerminal('abc\u202Eevil')).toBe('abc\\u202eevil');
    expect(forTerminal('müller@bücher.example ✓ 日本')).toBe('müller@bücher.example ✓ 日本');
  });
  it('leaves text that Exim already escaped (\\033) as plain backslash text', () => {
    expect(forTerminal('last was "\\033%-12345X"')).toBe('last was "\\033%-12345X"');
  });
});

describe('escapeHtml', () => {
  it('escapes markup in text and attribute contexts', () => {
    expect(escapeHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml(`"><img src=x onerror=alert(1)>`)).toBe('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeHtml(`' onmouseover='x' & more`)).toBe('&#39; onmouseover=&#39;x&#39; &amp; more');
  });
  it('makes control characters visible (a NUL or form feed is not even allowed in XML)', () => {
    expect(escapeHtml('a\x00b\x0cc')).toBe('a\\x00b\\x0cc');
  });
});

describe('escapeMarkdown', () => {
  it('lets no raw HTML through and keeps table cells intact', () => {
    const out = escapeMarkdown('<img src=x onerror=alert(1)> | *bold* [link](http://x) `code`');
    expect(out).not.toContain('<');
    expect(out).not.toMatch(/(^|[^\\])\|/);
    expect(out).toBe('&lt;img src=x onerror=alert(1)&gt; \\| \\*bold\\* \\[link\\](http://x) \\`code\\`');
  });
});

describe('csvCell', () => {
  it('neutralises cells that a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(csvCell(`${start}cmd|' /C calc'!A0`).replace(/^"/, '')).toMatch(/^'/);
    }
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvCell('@SUM(1+1)')).toBe("'@SUM(1+1)");
  });
  it('leaves ordinary values and numbers alone, negative numbers included', () => {
    expect(csvCell('mx1.example.net')).toBe('mx1.example.net');
    expect(csvCell('550 5.7.1')).toBe('550 5.7.1');
    expect(csvCell(-15)).toBe('-15');
    expect(csvCell(0.25)).toBe('0.25');
    expect(csvCell(null)).toBe('');
  });
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvRow(['a', 1, null])).toBe('a,1,\r\n');
  });
  it('makes control characters visible only for a terminal', () => {
    expect(csvCell('x\x1b[2J')).toBe('x\x1b[2J');
    expect(csvCell('x\x1b[2J', true)).toBe('x\\x1b[2J');
  });
});

describe('safeJson', () => {
  it('escapes what JSON.stringify leaves raw, and round-trips', () => {
    const value = { helo: 'a\x1b[2J\x7f\x9b\u202e\u2028z' };
    const text = safeJson(value);
    expect(text).not.toMatch(/[\x00-\x1f\x7f-\x9f\u2028\u202e]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
