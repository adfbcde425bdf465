// The people, domains and machines that appear in the generated logs. Traffic on a real mail host is
// skewed: a few botnets, freemail domains and local mailboxes account for most lines, and a long tail
// shows up once; Rng.skewed gives that shape. Names are made from syllables, so nothing here is a real
// person's address.
import type { Rng } from './rng.js';
import { Weighted } from './rng.js';

const SYLLABLES = [
  'ka', 'ro', 'mi', 'te', 'lo', 'san', 'ver', 'net', 'tek', 'bur', 'ga', 'dia', 'pro', 'lux', 'nor', 'ost',
  'fin', 'ber', 'sol', 'mar', 'vi', 'zen', 'tra', 'del', 'qua', 'ri', 'mon', 'cas', 'pe', 'lin', 'dor', 'ex',
  'al', 'fa', 'gro', 'hel', 'in', 'jo', 'kra', 'mu', 'nu', 'ol', 'pan', 'sky', 'tor', 'ur', 'wal', 'yo',
];
const FIRST = ['anna', 'ben', 'carla', 'david', 'eva', 'frank', 'gina', 'hugo', 'ines', 'jan', 'karin', 'leo', 'mia', 'nils', 'olga', 'paul', 'rosa', 'sven', 'tina', 'uwe', 'vera', 'wim', 'yara', 'zoe'];
const LAST = ['berg', 'costa', 'dahl', 'evans', 'fischer', 'garcia', 'hansen', 'ito', 'jensen', 'kowalski', 'lopez', 'meyer', 'novak', 'olsen', 'petrov', 'rossi', 'schmidt', 'tanaka', 'weber', 'young'];
const ROLES = ['info', 'sales', 'support', 'admin', 'office', 'billing', 'contact', 'webmaster', 'postmaster', 'hr', 'jobs', 'noreply', 'accounts', 'marketing'];
const TLDS = new Weighted<string>([
  ['com', 40], ['net', 10], ['org', 6], ['de', 6], ['ru', 6], ['cn', 4], ['com.br', 4], ['info', 3], ['xyz', 3],
  ['top', 3], ['co.uk', 3], ['fr', 3], ['it', 2], ['nl', 2], ['pl', 2], ['jp', 1], ['in', 2], ['online', 2], ['ua', 1],
]);
const FREEMAIL = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'mail.ru', 'gmx.de', 'web.de', 'aol.com', 'icloud.com', 'yandex.ru', 'qq.com', 'orange.fr'];
const DESKTOP_HELOS = ['ylmf-pc', 'User', 'USER', 'PC', 'localhost', 'admin', 'Server', 'windows', 'desktop', 'HP', 'home'];
/** HELO names as hostile clients send them (formats.md 1.2: spaces, brackets, quotes, raw bytes). */
const HOSTILE_HELOS = [
  '"mail.example"', "o'neil.mail", 'a (b) [c]', 'x y z', '[1.2.3.4', 'mail]', '((nested))', '%s%s%n', '\\\\fileserver',
  '<script>alert(1)</script>', 'mail.ünïcödé.example', 'почта.рф', '邮件.中国', 'a'.repeat(80) + '.example', '-', '.',
];

export interface Client {
  ip: string;
  /** Verified reverse DNS name, or null. */
  rdns: string | null;
  /** HELO/EHLO argument as the client sent it, or null when it never said HELO. */
  helo: string | null;
  /** The HELO holds Latin-1 bytes that are not valid UTF-8: the line must be written byte for byte. */
  rawHelo: boolean;
  port: number;
}

export interface RemoteHost {
  name: string;
  ip: string;
}

export class Population {
  readonly localDomains: string[];
  readonly localUsers: string[];
  readonly senderDomains: string[];
  /** Addresses of botnets and big senders that come back again and again. */
  private readonly hotIps: string[];
  /** Our own host: HELO name for outbound mail, greeting name for inbound. */
  readonly hostname: string;
  readonly ourIp: string;

  constructor(private readonly rng: Rng) {
    this.localDomains = Array.from({ length: 12 }, () => this.domain());
    this.hostname = `mx1.${this.localDomains[0]}`;
    this.ourIp = this.ipv4();
    this.localUsers = [
      ...ROLES,
      ...Array.from({ length: 1500 }, () => this.personalPart()),
    ];
    this.senderDomains = [...FREEMAIL, ...Array.from({ length: 4000 }, () => this.domain())];
    this.hotIps = Array.from({ length: 800 }, () => (rng.chance(0.08) ? this.ipv6() : this.ipv4()));
  }

  syllables(min: number, max: number): string {
    const n = this.rng.between(min, max);
    let s = '';
    for (let i = 0; i < n; i++) s += this.rng.pick(SYLLABLES);
    return s;
  }

  domain(): string {
    return `${this.syllables(2, 3)}${this.rng.chance(0.1) ? '-' + this.syllables(1, 2) : ''}.${TLDS.draw(this.rng)}`;
  }

  personalPart(): string {
    const r = this.rng;
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    switch (r.int(4)) {
      case 0:
        return `${first}.${last}`;
      case 1:
        return `${first[0]}${last}`;
      case 2:
        return `${first}${r.between(1, 99)}`;
      default:
        return `${first}_${last}${r.chance(0.3) ? r.between(70, 99) : ''}`;
    }
  }

  /** One of our mailboxes (most traffic goes to a few of them). */
  localAddress(): string {
    const user = this.localUsers[this.rng.skewed(this.localUsers.length, 2)]!;
    const domain = this.localDomains[this.rng.skewed(this.localDomains.length, 1.5)]!;
    return `${user}@${domain}`;
  }

  /** A recipient a dictionary attack guessed: mostly not a mailbox of ours. */
  guessedLocalAddress(): string {
    const domain = this.localDomains[this.rng.skewed(this.localDomains.length, 1.5)]!;
    const part = this.rng.chance(0.5) ? this.personalPart() : `${this.rng.pick(FIRST)}${this.rng.chars('0123456789', this.rng.between(0, 3))}`;
    return `${part}@${domain}`;
  }

  /** A sender or recipient somewhere else on the internet. */
  remoteAddress(): string {
    const r = this.rng;
    const domain = this.senderDomains[r.skewed(this.senderDomains.length, 2.2)]!;
    const part = r.chance(0.15)
      ? `${r.pick(['bounce', 'newsletter', 'mailer', 'return', 'bnc'])}-${r.between(1, 999999)}-${r.hex(8)}`
      : r.chance(0.2)
        ? r.chars('abcdefghijklmnopqrstuvwxyz', r.between(5, 12)) + r.chars('0123456789', r.between(0, 4))
        : this.personalPart();
    return `${part}@${domain}`;
  }

  ipv4(): string {
    const r = this.rng;
    let a: number;
    do a = r.between(1, 223);
    while (a === 10 || a === 127 || a === 169 || a === 172 || a === 192 || a === 100);
    return `${a}.${r.int(256)}.${r.int(256)}.${r.between(1, 254)}`;
  }

  ipv6(): string {
    const r = this.rng;
    const prefix = r.pick(['2a01:4f8', '2a02:c207', '2001:41d0', '2604:a880', '2a03:b0c0', '2607:f8b0', '2a00:1450']);
    return r.chance(0.6)
      ? `${prefix}:${r.int(0x10000).toString(16)}:${r.int(0x10000).toString(16)}::${r.between(1, 0xfff).toString(16)}`
      : `${prefix}:${r.hex(4)}:${r.hex(4)}:${r.hex(4)}:${r.hex(4)}:${r.hex(4)}:${r.hex(4)}`.replace(/:0{1,3}/g, ':');
  }

  /** An access provider's domain (not a freemail one) for reverse DNS names. */
  ispDomain(): string {
    return this.senderDomains[FREEMAIL.length + this.rng.skewed(this.senderDomains.length - FREEMAIL.length, 1.5)]!;
  }

  /** A client IP: repeat offenders from the hot pool, the rest fresh. */
  clientIp(): string {
    if (this.rng.chance(0.55)) return this.hotIps[this.rng.skewed(this.hotIps.length, 2)]!;
    return this.rng.chance(0.08) ? this.ipv6() : this.ipv4();
  }

  /** A connecting SMTP client with its reverse DNS and HELO as Exim's H= field would show them. */
  client(): Client {
    const r = this.rng;
    const ip = this.clientIp();
    const v6 = ip.includes(':');
    const rdns = r.chance(0.55)
      ? r.chance(0.5) && !v6
        ? `${ip.split('.').reverse().join('-')}.${r.pick(['dynamic', 'dsl', 'static', 'pool', 'cust'])}.${this.ispDomain()}`
        : `${r.pick(['mail', 'mx', 'smtp', 'out', 'mta'])}${r.chance(0.5) ? r.between(1, 40) : ''}.${this.senderDomains[r.skewed(this.senderDomains.length, 2)]}`
      : null;
    let helo: string | null;
    let rawHelo = false;
    const kind = r.next();
    if (kind < 0.35 && rdns) helo = rdns;
    else if (kind < 0.6) helo = `${r.pick(['mail', 'mx', 'smtp', 'server', 'host'])}.${this.senderDomains[r.skewed(this.senderDomains.length, 2)]}`;
    else if (kind < 0.74) helo = r.chance(0.5) ? r.pick(DESKTOP_HELOS) : `${r.pick(['WIN-', 'DESKTOP-', 'USER-'])}${r.chars('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789', r.between(6, 11))}`;
    else if (kind < 0.83) helo = r.chance(0.5) ? `[${this.ipv4()}]` : r.chance(0.5) ? `[192.168.${r.int(256)}.${r.between(1, 254)}]` : this.ipv4();
    else if (kind < 0.9) {
      helo = r.pick(HOSTILE_HELOS);
      if (r.chance(0.3)) {
        // Raw Latin-1 bytes (0xE9, 0xFC...): what a client with a Windows code page sends.
        helo = `caf\u00e9-${r.chars('\u00e0\u00e8\u00fc\u00f1\u00e7\u00df', 2)}.local`;
        rawHelo = true;
      }
    } else helo = rdns ?? `${this.syllables(1, 2)}.${this.senderDomains[r.skewed(this.senderDomains.length, 2)]}`;
    return { ip, rdns, helo, rawHelo, port: r.between(1024, 65535) };
  }

  /** The mail exchanger of a remote domain, as our side saw it when delivering. */
  remoteMx(domain: string): RemoteHost {
    const r = this.rng;
    let name: string;
    if (domain === 'gmail.com') name = `${r.pick(['gmail-smtp-in', 'alt1.gmail-smtp-in', 'alt2.gmail-smtp-in'])}.l.google.com`;
    else if (domain === 'outlook.com' || domain === 'hotmail.com') name = `${domain.split('.')[0]}-com.olc.protection.outlook.com`;
    else if (domain === 'yahoo.com' || domain === 'aol.com') name = `mta${r.between(5, 7)}.am0.yahoodns.net`;
    else name = `${r.pick(['mx', 'mx1', 'mx2', 'mail', 'smtp'])}.${domain}`;
    return { name, ip: r.chance(0.1) ? this.ipv6() : this.ipv4() };
  }

  /** Our submission server as a PHP application would name it. */
  smtpServer(): { name: string; port: number; tls: 'ssl' | 'tls' | 'none' } {
    const r = this.rng;
    const choice = r.int(5);
    if (choice === 0) return { name: 'smtp.gmail.com', port: r.chance(0.6) ? 587 : 465, tls: r.chance(0.6) ? 'tls' : 'ssl' };
    if (choice === 1) return { name: 'smtp.office365.com', port: 587, tls: 'tls' };
    if (choice === 2) return { name: 'localhost', port: 25, tls: 'none' };
    return { name: `${r.pick(['mail', 'smtp'])}.${this.localDomains[r.int(this.localDomains.length)]}`, port: r.pick([25, 465, 587]), tls: r.chance(0.5) ? 'tls' : 'none' };
  }
}
