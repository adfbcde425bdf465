// A maillens database filled with realistic rows by plain SQL, for tests of the reading side (report,
// events, explain...) that must not wait for the analyzer. Deterministic (seeded), local-time days.
//
// Three hosts as a small shop runs them: an Exim MX (inbound refusals and its own outbound deliveries),
// an hMailServer box, and a web server sending through PHPMailer. Reply texts are shaped on
// /work/shared/corpus (exim-real.log, phpmailer-real.log, labeled-replies.tsv). Every event is also
// counted in `hourly` (as the analyzer does), successes are counted in `hourly` only, `hourly_lines`
// has a row for every hour of every source, and there is one `runs` row per day.
//
// The fixture returns what it inserted, so a test can compute the expected answer in plain JS
// (expectedCounts) and compare it with what SQL and the renderers say.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Category, CodeSource, Direction, LogFormat, ReplyClass, Stage } from '../../src/model/labels.js';
import { openDatabase } from '../../src/store/open.js';
import { textHash } from '../../src/store/writer.js';

export interface FixtureEvent {
  ts: number;
  host: string;
  format: LogFormat;
  direction: Direction;
  stage: Stage;
  code: number | null;
  enhanced: string | null;
  codeSource: CodeSource;
  class: ReplyClass;
  category: Category;
  rule: string;
  blocklist: string | null;
  clientIp: string | null;
  helo: string | null;
  sender: string | null;
  recipient: string | null;
  server: string | null;
  messageId: string | null;
  text: string;
}

export interface FixtureSuccess {
  /** unix seconds, start of the (UTC) hour */
  hour: number;
  host: string;
  format: LogFormat;
  direction: Direction;
  count: number;
}

export interface FixtureLines {
  hour: number;
  host: string;
  format: LogFormat;
  read: number;
  matched: number;
  skipped: number;
  oversized: number;
}

export interface FixtureOptions {
  /** Folder for the database file (default: a new temporary folder, removed by cleanup()). */
  dir?: string;
  /** Local midnight of the first day (default 2024-03-04 00:00 local time). */
  start?: Date;
  /** Number of days (default 2). The per-day counts of the profiles repeat: day 1, day 2, day 1, ... */
  days?: number;
  /** Multiplies every per-day count (default 1: about 250 + 300 events). */
  scale?: number;
  seed?: number;
  /** Host names (defaults mx1.example.net, mail.example.org, web1.example.net). */
  hosts?: { mx?: string; hm?: string; web?: string };
  /**
   * Add, on the last day, events carrying hostile log values: a HELO `<script>alert(1)</script>`, a
   * sender whose domain is `"><img src=x onerror=alert(1)>`, a HELO with terminal escape sequences, a
   * recipient domain and an outbound reply that start like spreadsheet formulas.
   */
  hostile?: boolean;
  /** Successes are not written when false (default true). */
  successes?: boolean;
  /** Extra events; missing fields are taken from an inbound Exim rbl refusal at the start of day 1. */
  events?: Array<Partial<FixtureEvent>>;
}

export interface Fixture {
  path: string;
  dir: string;
  /** unix ms of the local midnights: days[i] = [start, end) */
  days: Array<{ since: number; until: number }>;
  start: number;
  end: number;
  hosts: { mx: string; hm: string; web: string };
  runIds: number[];
  events: FixtureEvent[];
  successes: FixtureSuccess[];
  /** The hourly_lines rows. */
  lines: FixtureLines[];
  /** Removes the temporary folder (only when the fixture created it). */
  cleanup(): void;
}

export const HOSTILE = {
  helo: '<script>alert(1)</script>',
  senderDomain: '"><img src=x onerror=alert(1)>',
  sender: 'spoof@"><img src=x onerror=alert(1)>',
  escapeHelo: '\x1b[2J\x1b]0;pwned\x07evil.example',
  formulaRecipientDomain: "-2+3+cmd|' /c calc'!a0",
  formulaRecipient: "victim@-2+3+cmd|' /C calc'!A0",
  outboundText: '=HYPERLINK("http://evil.example/","click")<script>alert(2)</script> 550 5.7.1 blocked',
} as const;

type HostKey = 'mx' | 'hm' | 'web';

interface Profile {
  name: string;
  host: HostKey;
  /** events per day, by day parity (day 1, day 2) */
  perDay: [number, number];
  /** Most events of this profile fall into these local hours of day 2 (a burst), else spread. */
  burst?: number[];
  make(r: Rng, i: number): Omit<FixtureEvent, 'ts' | 'host'>;
}

// Senders and clients of a typical day of spam; skewed so that top lists have a clear leader.
const SPAM_IPS = ['185.220.101.4', '45.95.147.236', '194.169.175.1', '141.98.10.63', '80.94.95.112', '92.63.197.153', '193.32.162.29', '212.70.149.150'];
const SPAM_HELOS = ['ylmf-pc', 'User', 'WIN-CLJ1B0GQ6JP', 'mail.spammer.example', '[192.168.2.33]', 'localhost', 'vps-7731.example.biz'];
const SPAM_SENDER_DOMAINS = ['bulk-deals.example', 'promo.example.biz', 'newsletter.example.info', 'mailer.example.ru', 'gmail.com'];
const OUR_DOMAINS = ['example.net', 'example.org', 'shop.example.net'];
const OUR_USERS = ['info', 'sales', 'anna.berg', 'jobs', 'webmaster', 'billing'];

const ex = (r: Rng, i: number) => `1r${String.fromCharCode(65 + (i % 26))}${r.int(1000, 9999)}-000${r.int(100, 999)}-${r.pick(['Ab', 'Cd', 'Xy'])}`;

const PROFILES: Profile[] = [
  {
    name: 'inbound rbl (Exim dnslists ACL)',
    host: 'mx',
    perDay: [100, 154],
    burst: [2, 3, 4],
    make: (r) => {
      const ip = r.skewed(SPAM_IPS);
      return inbound('rcpt', 550, null, 'inferred', 'permanent', 'rbl', 'text.rbl.listed-at', {
        blocklist: 'zen.spamhaus.org',
        clientIp: ip,
        helo: r.skewed(SPAM_HELOS),
        sender: `${r.pick(['offers', 'noreply', 'win', 'k.smith'])}@${r.skewed(SPAM_SENDER_DOMAINS)}`,
        recipient: `${r.pick(OUR_USERS)}@${r.skewed(OUR_DOMAINS)}`,
        text: `JunkMail rejected - ${ip} is listed at zen.spamhaus.org`,
      });
    },
  },
  {
    name: 'inbound auth failures (Exim authenticator)',
    host: 'mx',
    perDay: [60, 45],
    make: (r) =>
      inbound('auth', 535, null, 'seen', 'permanent', 'auth', 'basic.535', {
        clientIp: r.skewed(['194.169.175.1', '45.32.34.167', '120.196.140.45', '91.218.72.71']),
        helo: r.skewed(['User', 'ylmf-pc', 'USER-KVI9FGS9KP']),
        text: '535 Incorrect authentication data',
      }),
  },
  {
    name: 'inbound relay attempts',
    host: 'mx',
    perDay: [20, 25],
    make: (r) =>
      inbound('rcpt', 550, null, 'inferred', 'permanent', 'relay', 'text.relay.not-permitted', {
        clientIp: r.skewed(['202.132.70.178', '80.94.95.112', '163.14.21.161']),
        helo: r.pick(['yakult.com.tw', 'User', 'ylmf-pc']),
        sender: `menacedsj04@${r.pick(['listserv.eurasia.org', 'mail.ru'])}`,
        recipient: `${r.pick(['dir', 'admin', 'test'])}@${r.pick(['ml3.ru', 'mail.ru', 'qq.com'])}`,
        text: 'relay not permitted',
      }),
  },
  {
    name: 'inbound unknown users',
    host: 'mx',
    perDay: [30, 30],
    make: (r) =>
      inbound('rcpt', 550, '5.1.1', 'inferred', 'permanent', 'unknown_user', 'text.unknown_user.unknown-user', {
        clientIp: r.pick(['209.85.220.41', '40.107.22.93', '182.18.24.93', '111.67.203.116']),
        helo: r.pick(['mail-sor-f41.google.com', 'EUR05-AM6-obe.outbound.protection.outlook.com', 'mx.tillions.com']),
        sender: `${r.pick(['alice', 'bob', 'kadrofutcheti'])}@${r.pick(['gmail.com', 'outlook.com', 'mail.ru'])}`,
        recipient: `${r.pick(['oksana', 'old.employee', 'sales2', 'hr'])}@${r.skewed(OUR_DOMAINS)}`,
        text: 'Unknown user',
      }),
  },
  {
    name: 'inbound greylisting (Exim + greylistd)',
    host: 'mx',
    perDay: [15, 0],
    make: (r) =>
      inbound('rcpt', 451, '4.7.1', 'inferred', 'transient', 'greylisting', 'text.greylisting.greylisted', {
        clientIp: r.pick(['77.88.21.249', '212.227.15.19', '17.58.63.180']),
        helo: r.pick(['forward500b.mail.yandex.net', 'mout.gmx.net', 'ms11p00im-qufo17291401.me.com']),
        sender: `${r.pick(['ivan', 'peter', 'mia'])}@${r.pick(['yandex.ru', 'gmx.net', 'icloud.com'])}`,
        recipient: `${r.pick(OUR_USERS)}@${r.skewed(OUR_DOMAINS)}`,
        text: 'Greylisted, see http://postgrey.schweikert.ch/help/example.net.html',
      }),
  },
  {
    name: 'inbound protocol errors (no code)',
    host: 'mx',
    perDay: [8, 10],
    make: (r) =>
      inbound('connect', null, null, 'none', 'unknown', 'protocol', 'text.protocol.synchronization-error', {
        clientIp: r.pick(['211.148.195.192', '82.96.160.77']),
        text: 'SMTP protocol synchronization error (input sent without waiting for greeting)',
      }),
  },
  {
    name: 'inbound HELO refused (hMailServer)',
    host: 'hm',
    perDay: [0, 12],
    make: (r) => ({
      ...inbound('helo', 550, null, 'seen', 'permanent', 'reverse_dns_helo', 'text.reverse_dns_helo.helo-invalid', {
        clientIp: r.pick(['46.20.35.114', '193.169.56.211']),
        helo: r.pick(['VM-WIN2K3-1562', 'ufficioestampa']),
        text: '550 HELO Invalid domain address.',
      }),
      format: 'hmailserver',
    }),
  },
  {
    name: 'inbound greylisting (hMailServer)',
    host: 'hm',
    perDay: [10, 5],
    make: (r) => ({
      ...inbound('rcpt', 451, null, 'seen', 'transient', 'greylisting', 'text.greylisting.hmailserver', {
        clientIp: r.pick(['212.227.15.19', '209.85.220.41']),
        helo: r.pick(['mout.gmx.net', 'mail-sor-f41.google.com']),
        sender: `${r.pick(['jan', 'eva'])}@${r.pick(['gmx.net', 'gmail.com'])}`,
        recipient: `${r.pick(OUR_USERS)}@example.org`,
        text: '451 Please try again later.',
      }),
      format: 'hmailserver',
    }),
  },
  {
    name: 'outbound: our IP on a blocklist (Outlook)',
    host: 'mx',
    perDay: [2, 8],
    make: (r, i) =>
      outbound('rcpt', 550, '5.7.1', 'exim', 'permanent', 'rbl', 'vendor.outlook.s3150', {
        blocklist: 'Spamhaus',
        server: r.pick(['example-com.mail.protection.outlook.com [52.101.68.1]', 'outlook-com.olc.protection.outlook.com [52.101.11.0]']),
        sender: `${r.pick(OUR_USERS)}@example.net`,
        recipient: `${r.pick(['max', 'c.meyer', 'orders'])}@${r.pick(['outlook.com', 'customer.example.com'])}`,
        messageId: ex(r, i),
        text: '550 5.7.1 Service unavailable, Client host [198.51.100.7] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/ip/198.51.100.7 (AS3130). [DB5EUR03FT012.eop-EUR03.prod.protection.outlook.com]',
      }),
  },
  {
    name: 'outbound unknown users (Gmail)',
    host: 'mx',
    perDay: [5, 6],
    make: (r, i) =>
      outbound('rcpt', 550, '5.1.1', 'exim', 'permanent', 'unknown_user', 'vendor.gmail.nosuchuser', {
        server: 'gmail-smtp-in.l.google.com [142.250.102.27]',
        sender: `${r.pick(OUR_USERS)}@example.net`,
        recipient: `${r.pick(['old.friend', 'j.doe1987', 'info'])}@gmail.com`,
        messageId: ex(r, i),
        text: "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser - gsmtp",
      }),
  },
  {
    name: 'outbound rate limit (GMX)',
    host: 'mx',
    perDay: [0, 4],
    make: (r, i) =>
      outbound('rcpt', 450, '4.3.2', 'exim', 'transient', 'rate_limit', 'text.rate_limit.too-many-mails', {
        server: 'mx0.gmx.com [74.208.5.90]',
        sender: `${r.pick(OUR_USERS)}@example.net`,
        recipient: `${r.pick(['k.huber', 'tom'])}@gmx.de`,
        messageId: ex(r, i),
        text: '450 4.3.2 Too many mails (mail bomb), try again in 1 hour(s) 25 minute(s) and see ( http://portal.gmx.net/serverrules ) {mx-us011}',
      }),
  },
  {
    name: 'outbound auth failure (PHPMailer to Gmail)',
    host: 'web',
    perDay: [0, 3],
    make: () => ({
      ...outbound('auth', 535, '5.7.8', 'phpmailer', 'permanent', 'auth', 'vendor.gmail.badcredentials', {
        server: 'smtp.gmail.com',
        text: '535-5.7.8 Username and Password not accepted. Learn more at 535 5.7.8 https://support.google.com/mail/?p=BadCredentials u17sm8981445ljk.62 - gsmtp',
      }),
    }),
  },
  {
    name: 'outbound connection failure (PHPMailer)',
    host: 'web',
    perDay: [1, 2],
    make: () => ({
      ...outbound('connect', null, null, 'phpmailer', 'transient', 'connection', 'text.connection.could-not-connect', {
        server: 'smtp.example.net',
        text: 'SMTP Error: Could not connect to SMTP host. Failed to connect to server',
      }),
      codeSource: 'none',
    }),
  },
];

type Extra = Partial<Pick<FixtureEvent, 'blocklist' | 'clientIp' | 'helo' | 'sender' | 'recipient' | 'server' | 'messageId'>> & { text: string };

function inbound(
  stage: Stage,
  code: number | null,
  enhanced: string | null,
  codeSource: CodeSource,
  cls: ReplyClass,
  category: Category,
  rule: string,
  extra: Extra,
): Omit<FixtureEvent, 'ts' | 'host'> {
  return {
    format: 'exim',
    direction: 'inbound',
    stage,
    code,
    enhanced,
    codeSource,
    class: cls,
    category,
    rule,
    blocklist: null,
    clientIp: null,
    helo: null,
    sender: null,
    recipient: null,
    server: null,
    messageId: null,
    ...extra,
  };
}

function outbound(
  stage: Stage,
  code: number | null,
  enhanced: string | null,
  format: LogFormat,
  cls: ReplyClass,
  category: Category,
  rule: string,
  extra: Extra,
): Omit<FixtureEvent, 'ts' | 'host'> {
  return { ...inbound(stage, code, enhanced, code === null ? 'none' : 'seen', cls, category, rule, extra), format, direction: 'outbound' };
}

/** mulberry32: small, seeded, good enough to spread test rows. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** The first item about 40 % of the time, then decreasing: top lists get a clear order. */
  skewed<T>(items: readonly T[]): T {
    return items[Math.min(items.length - 1, Math.floor(items.length * this.next() ** 2.2))]!;
  }
}

const HOUR_MS = 3_600_000;
const hourOf = (ts: number) => Math.floor(ts / HOUR_MS) * 3600;

export function createFixtureDb(options: FixtureOptions = {}): Fixture {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'maillens-fixture-'));
  const path = join(dir, 'maillens.db');
  const startDate = options.start ?? new Date(2024, 2, 4, 0, 0, 0, 0);
  const dayCount = options.days ?? 2;
  const scale = options.scale ?? 1;
  const r = new Rng(options.seed ?? 20240304);
  const hosts = {
    mx: options.hosts?.mx ?? 'mx1.example.net',
    hm: options.hosts?.hm ?? 'mail.example.org',
    web: options.hosts?.web ?? 'web1.example.net',
  };
  const days = Array.from({ length: dayCount }, (_, d) => {
    const since = new Date(startDate.getFullYear(), startDate.getMonth(), startDate.getDate() + d).getTime();
    const until = new Date(startDate.getFullYear(), startDate.getMonth(), startDate.getDate() + d + 1).getTime();
    return { since, until };
  });

  // --- the rows, in JS first -------------------------------------------------------------------------
  const events: Array<FixtureEvent & { day: number }> = [];
  days.forEach((day, d) => {
    const last = d === dayCount - 1;
    for (const profile of PROFILES) {
      const n = Math.round(profile.perDay[d % 2]! * scale);
      for (let i = 0; i < n; i++) {
        // Hours of the local day; a profile with a burst puts two thirds of day 2's events there.
        const hour = profile.burst && d % 2 === 1 && i % 3 !== 0 ? r.pick(profile.burst) : r.int(0, 23);
        const ts = Math.min(day.since + hour * HOUR_MS + r.int(0, 3599) * 1000, day.until - 1000);
        events.push({ ...profile.make(r, i), ts, host: hosts[profile.host], day: d });
      }
    }
    if (options.hostile && last) events.push(...hostileEvents(r, day, hosts).map((e) => ({ ...e, day: d })));
  });
  for (const extra of options.events ?? []) {
    const base = PROFILES[0]!.make(r, 0);
    const ts = extra.ts ?? days[0]!.since + 1000;
    const d = Math.max(0, days.findIndex((day) => ts >= day.since && ts < day.until));
    events.push({ ...base, host: hosts.mx, ...extra, ts, day: d });
  }
  events.sort((a, b) => a.ts - b.ts);

  const successes: FixtureSuccess[] = [];
  if (options.successes !== false) {
    for (const day of days) {
      for (let t = day.since; t < day.until; t += HOUR_MS) {
        const h = new Date(t).getHours();
        const office = h >= 7 && h <= 19;
        const add = (host: string, format: LogFormat, direction: Direction, count: number) => {
          if (count > 0) successes.push({ hour: hourOf(t), host, format, direction, count: Math.round(count * scale) });
        };
        add(hosts.mx, 'exim', 'inbound', r.int(office ? 25 : 5, office ? 45 : 12));
        add(hosts.mx, 'exim', 'outbound', r.int(office ? 8 : 0, office ? 15 : 3));
        add(hosts.hm, 'hmailserver', 'inbound', r.int(office ? 4 : 0, office ? 10 : 2));
        add(hosts.web, 'phpmailer', 'outbound', r.int(office ? 2 : 0, office ? 4 : 1));
      }
    }
  }

  // --- into SQLite ------------------------------------------------------------------------------------
  const db = openDatabase(path);
  let runIds: number[] = [];
  const lines: FixtureLines[] = [];
  try {
    db.transaction(() => {
      runIds = days.map((day, d) =>
        Number(
          db
            .prepare("INSERT INTO runs (started_at, finished_at, command, host, status, inputs) VALUES (?, ?, 'analyze', ?, 'ok', 3)")
            .run(day.until + 5 * 60_000, day.until + 6 * 60_000, hosts.mx).lastInsertRowid,
        ),
      );
      const sourcePaths: Record<LogFormat, string> = {
        exim: '/var/log/exim4/mainlog',
        hmailserver: 'C:\\Program Files (x86)\\hMailServer\\Logs\\hmailserver_2024-03-05.log',
        phpmailer: '/var/www/shop/var/log/mail-debug.log',
      };
      const sourceIds = new Map<string, { id: number; offset: number; line: number }>();
      const sourceOf = (host: string, format: LogFormat) => {
        const key = `${host}\u0000${format}`;
        let s = sourceIds.get(key);
        if (!s) {
          const id = Number(
            db
              .prepare('INSERT INTO sources (host, path, format, fp_len, fp_hash, first_run_id, last_run_id, updated_at) VALUES (?, ?, ?, 1024, ?, ?, ?, ?)')
              .run(host, sourcePaths[format], format, `${sourceIds.size + 1}`.padStart(40, '0'), runIds[0], runIds[runIds.length - 1], days[days.length - 1]!.until)
              .lastInsertRowid,
          );
          s = { id, offset: 0, line: 0 };
          sourceIds.set(key, s);
        }
        return s;
      };
      for (const format of ['exim', 'hmailserver', 'phpmailer'] as const) sourceOf(format === 'exim' ? hosts.mx : format === 'hmailserver' ? hosts.hm : hosts.web, format);

      const textIds = new Map<string, number>();
      const insertText = db.prepare('INSERT INTO reply_texts (hash, text) VALUES (?, ?)');
      const kindIds = new Map<string, number>();
      const insertKind = db.prepare(`INSERT INTO event_kinds (format, direction, stage, code, enhanced, code_source, class, category, rule, blocklist)
        VALUES (@format, @direction, @stage, @code, @enhanced, @codeSource, @class, @category, @rule, @blocklist)`);
      const kindOf = (e: FixtureEvent) => {
        const key = JSON.stringify([e.format, e.direction, e.stage, e.code, e.enhanced, e.codeSource, e.class, e.category, e.rule, e.blocklist]);
        let id = kindIds.get(key);
        if (id === undefined) {
          id = Number(insertKind.run(e).lastInsertRowid);
          kindIds.set(key, id);
        }
        return id;
      };
      const insertEvent = db.prepare(`INSERT INTO events (source_id, byte_offset, seq, line, run_id, ts, kind_id, client_ip, helo, sender,
          recipient, server, message_id, text_id)
        VALUES (@source, @offset, 0, @line, @run, @ts, @kind, @clientIp, @helo, @sender, @recipient, @server, @messageId, @textId)`);
      const upsertHourly = db.prepare(`INSERT INTO hourly (hour, host, format, direction, class, category, code, enhanced, count)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (hour, host, format, direction, class, category, code, enhanced) DO UPDATE SET count = count + excluded.count`);
      const lineTally = new Map<string, { hour: number; host: string; format: LogFormat; matched: number }>();
      const tallyLine = (hour: number, host: string, format: LogFormat, n: number) => {
        const key = `${hour}\u0000${host}\u0000${format}`;
        const entry = lineTally.get(key) ?? { hour, host, format, matched: 0 };
        entry.matched += n;
        lineTally.set(key, entry);
      };
      const addedPerRun = new Map<number, number>();

      for (const e of events) {
        let textId = textIds.get(e.text);
        if (textId === undefined) {
          textId = Number(insertText.run(textHash(e.text), e.text).lastInsertRowid);
          textIds.set(e.text, textId);
        }
        const src = sourceOf(e.host, e.format);
        src.line += 1 + (src.line % 5); // other lines in between, as in a real log
        src.offset += 180 + (src.line % 97);
        const run = runIds[e.day]!;
        addedPerRun.set(run, (addedPerRun.get(run) ?? 0) + 1);
        insertEvent.run({ ...e, source: src.id, offset: src.offset, line: src.line, run, textId, kind: kindOf(e) });
        upsertHourly.run(hourOf(e.ts), e.host, e.format, e.direction, e.class, e.category, e.code ?? 0, e.enhanced ?? '', 1);
        tallyLine(hourOf(e.ts), e.host, e.format, 1);
      }
      for (const s of successes) {
        upsertHourly.run(s.hour, s.host, s.format, s.direction, 'success', 'success', 250, s.format === 'exim' ? '' : '2.0.0', s.count);
        tallyLine(s.hour, s.host, s.format, s.count);
      }

      // Every hour of every source gets a lines row (an idle hour still reads cron and queue lines).
      const insertLines = db.prepare(
        'INSERT INTO hourly_lines (hour, host, format, lines_read, lines_matched, lines_skipped, lines_oversized) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      const runLines = new Map<number, { read: number; matched: number; skipped: number; oversized: number }>();
      days.forEach((day, d) => {
        const totals = { read: 0, matched: 0, skipped: 0, oversized: 0 };
        for (let t = day.since; t < day.until; t += HOUR_MS) {
          for (const [host, format] of [
            [hosts.mx, 'exim'],
            [hosts.hm, 'hmailserver'],
            [hosts.web, 'phpmailer'],
          ] as const) {
            const hour = hourOf(t);
            const matched = lineTally.get(`${hour}\u0000${host}\u0000${format}`)?.matched ?? 0;
            const skipped = format === 'hmailserver' && new Date(t).getHours() % 6 === 0 ? 1 : 0;
            const oversized = format === 'phpmailer' && new Date(t).getHours() === 12 ? 1 : 0;
            const read = matched * 4 + 11 + skipped + oversized;
            insertLines.run(hour, host, format, read, matched, skipped, oversized);
            lines.push({ hour, host, format, read, matched, skipped, oversized });
            totals.read += read;
            totals.matched += matched;
            totals.skipped += skipped;
            totals.oversized += oversized;
          }
        }
        runLines.set(runIds[d]!, totals);
      });
      const updateRun = db.prepare(
        'UPDATE runs SET lines_read = ?, lines_matched = ?, lines_skipped = ?, lines_oversized = ?, events_added = ?, bytes_read = ? WHERE id = ?',
      );
      for (const [run, t] of runLines) updateRun.run(t.read, t.matched, t.skipped, t.oversized, addedPerRun.get(run) ?? 0, t.read * 140, run);
      for (const [, s] of sourceIds) {
        db.prepare('UPDATE sources SET offset = ?, line = ?, high_water = ?, size_seen = ? WHERE id = ?').run(s.offset + 200, s.line + 1, s.offset + 200, s.offset + 200, s.id);
      }
    })();
  } finally {
    db.close();
  }

  return {
    path,
    dir,
    days,
    start: days[0]!.since,
    end: days[days.length - 1]!.until,
    hosts,
    runIds,
    events: events.map(({ day: _day, ...e }) => e),
    successes,
    lines,
    cleanup: () => {
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function hostileEvents(r: Rng, day: { since: number }, hosts: { mx: string }): Array<FixtureEvent> {
  const out: FixtureEvent[] = [];
  const at = (i: number) => day.since + (9 + (i % 10)) * HOUR_MS + i * 7000;
  const rbl = (i: number, extra: Partial<FixtureEvent>): FixtureEvent => ({
    ...inbound('rcpt', 550, null, 'inferred', 'permanent', 'rbl', 'text.rbl.listed-at', {
      blocklist: 'zen.spamhaus.org',
      clientIp: '203.0.113.66',
      helo: 'mail.example.com',
      sender: 'promo@bulk-deals.example',
      recipient: `${r.pick(OUR_USERS)}@example.net`,
      text: 'JunkMail rejected - 203.0.113.66 is listed at zen.spamhaus.org',
    }),
    ts: at(i),
    host: hosts.mx,
    ...extra,
  });
  // Enough of each that they lead their top lists.
  for (let i = 0; i < 90; i++) out.push(rbl(i, { helo: HOSTILE.helo }));
  for (let i = 0; i < 80; i++) out.push(rbl(100 + i, { sender: HOSTILE.sender, helo: HOSTILE.escapeHelo }));
  for (let i = 0; i < 70; i++) out.push(rbl(200 + i, { recipient: HOSTILE.formulaRecipient }));
  for (let i = 0; i < 12; i++)
    out.push({
      ...outbound('rcpt', 550, '5.7.1', 'exim', 'permanent', 'rbl', 'vendor.outlook.s3150', {
        blocklist: 'Spamhaus',
        server: `mx.evil.example [203.0.113.9]`,
        sender: 'sales@example.net',
        recipient: 'victim@evil.example',
        text: HOSTILE.outboundText,
      }),
      ts: at(300 + i),
      host: hosts.mx,
    });
  return out;
}

/** What a report over [since, until) must count, from the rows inserted (whole hours, as the report). */
export function expectedCounts(fixture: Fixture, since: number, until: number, host?: string) {
  const from = Math.ceil(since / HOUR_MS) * 3600;
  const to = Math.ceil(until / HOUR_MS) * 3600;
  const inRange = (hour: number, h: string) => hour >= from && hour < to && (host === undefined || h === host);
  const events = fixture.events.filter((e) => inRange(hourOf(e.ts), e.host));
  const count = <K extends string>(key: (e: FixtureEvent) => K) => {
    const out: Partial<Record<K, number>> = {};
    for (const e of events) out[key(e)] = (out[key(e)] ?? 0) + 1;
    return out;
  };
  const successes = { inbound: 0, outbound: 0, local: 0 };
  for (const s of fixture.successes) if (inRange(s.hour, s.host)) successes[s.direction] += s.count;
  return {
    events,
    refusals: {
      inbound: events.filter((e) => e.direction === 'inbound').length,
      outbound: events.filter((e) => e.direction === 'outbound').length,
      all: events.length,
    },
    successes,
    categories: count((e) => e.category),
    classes: count((e) => e.class),
    outboundCategories: count((e) => (e.direction === 'outbound' ? e.category : '-')),
  };
}
