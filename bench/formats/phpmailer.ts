// A PHP error_log into which a mailing script's PHPMailer debug output is appended (SMTPDebug 2-3,
// Debugoutput 'echo': `gmdate('Y-m-d H:i:s')` + TAB + message, formats.md section 3.2). Multi-line
// replies continue on lines that start with 19 spaces + TAB + 18 spaces and carry no time. A share of
// the sends fail: Gmail's 535 for a bad password, 554 relay access denied, 550 unknown recipients,
// connection refused (111), refusals after the data; PHP's own warnings and fatal errors come in between.
import { isoSeconds, logTimeAt, phpErrorLogTime, rfc5322 } from '../log-clock.js';
import { replyLines } from '../remote-replies.js';
import { Weighted } from '../rng.js';
import { bump, type FormatGenerator, type GenContext, type GenStats } from './context.js';

const CONTINUATION = `${' '.repeat(19)}\t${' '.repeat(18)}`;
const TROUBLESHOOTING = 'https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting';
const SCRIPTS = ['/var/www/html/contact.php', '/var/www/html/wp-content/plugins/forms/send.php', '/home/shop/public_html/checkout/notify.php', '/srv/app/cron/newsletter.php'];

type Outcome = 'sent' | 'auth' | 'relay' | 'rcpt' | 'connect' | 'data' | 'transient';
const OUTCOMES = new Weighted<Outcome>([
  ['sent', 75], ['auth', 7.5], ['relay', 3.5], ['rcpt', 5], ['connect', 3.5], ['data', 2.5], ['transient', 3],
]);

export const generatePhpmailer: FormatGenerator = (w, ctx, bytes) => {
  const { rng: r } = ctx;
  const stats: GenStats = { transcripts: 0, phpLines: 0 };
  while (w.size < bytes) {
    const ms = logTimeAt(w.size);
    if (r.chance(0.3)) {
      for (const line of phpNoise(ctx, ms)) w.line(line);
      stats.phpLines!++;
      continue;
    }
    const outcome = OUTCOMES.draw(r);
    stats.transcripts!++;
    bump(stats, `outcome:${outcome}`);
    transcript(ctx, ms, outcome, (text) => {
      // PHPMailer trims each message before printing it (SMTP.php edebug): `CLIENT -> SERVER:` for an empty body line.
      const [first, ...rest] = text.trim().split('\n');
      w.line(`${isoSeconds(ms)}\t${first}`);
      for (const more of rest) w.line(`${CONTINUATION}${more}`);
    }, (plain) => w.line(plain));
  }
  stats.lines = w.lines;
  return stats;
};

/** Unrelated PHP diagnostics in the same error_log. */
function phpNoise(ctx: GenContext, ms: number): string[] {
  const r = ctx.rng;
  const at = `[${phpErrorLogTime(ms)}]`;
  const file = r.pick(SCRIPTS);
  const line = r.between(10, 900);
  switch (r.int(6)) {
    case 0:
      return [`${at} PHP Warning:  Undefined array key "${r.pick(['email', 'name', 'phone', 'HTTP_REFERER', 'id'])}" in ${file} on line ${line}`];
    case 1:
      return [`${at} PHP Notice:  Trying to access array offset on value of type null in ${file} on line ${line}`];
    case 2:
      return [`${at} PHP Deprecated:  ${r.pick(['Creation of dynamic property Mailer::$debug is deprecated', 'strlen(): Passing null to parameter #1 ($string) of type string is deprecated'])} in ${file} on line ${line}`];
    case 3:
      return [`${at} PHP Warning:  file_get_contents(https://api.${ctx.pop.localDomains[0]}/v1/rates): Failed to open stream: HTTP request failed! HTTP/1.1 503 Service Unavailable in ${file} on line ${line}`];
    case 4:
      return [
        `${at} PHP Fatal error:  Uncaught PDOException: SQLSTATE[HY000] [2002] Connection refused in ${file}:${line}`,
        'Stack trace:',
        `#0 ${file}(${line}): PDO->__construct('mysql:host=127....', 'shop', Object(SensitiveParameterValue))`,
        `#1 ${r.pick(SCRIPTS)}(${r.between(10, 99)}): db_connect()`,
        '#2 {main}',
        `  thrown in ${file} on line ${line}`,
      ];
    default:
      return [`${at} PHP Warning:  session_start(): Session cannot be started after headers have already been sent in ${file} on line ${line}`];
  }
}

/**
 * One send. `dbg` gets a debug message (with `\n` where PHPMailer breaks it into continuation lines),
 * `plain` a line the script itself prints (no time).
 */
function transcript(ctx: GenContext, ms: number, outcome: Outcome, dbg: (text: string) => void, plain: (text: string) => void): void {
  const { rng: r, pop } = ctx;
  const server = pop.smtpServer();
  const level3 = r.chance(0.5);
  const webhost = r.chance(0.2) ? 'localhost' : `www.${pop.localDomains[r.int(pop.localDomains.length)]}`;
  const sender = pop.localAddress();
  const rcpts = Array.from({ length: r.chance(0.85) ? 1 : r.between(2, 3) }, () => (r.chance(0.7) ? pop.remoteAddress() : pop.localAddress()));
  const gmail = server.name === 'smtp.gmail.com';
  const sid = r.hex(12);
  const server2client = (reply: string) => dbg(`SERVER -> CLIENT: ${replyLines(reply).join('\n')}`);
  const client = (cmd: string) => dbg(`CLIENT -> SERVER: ${cmd}`);
  const fail = (what: string, reply: string) => dbg(`SMTP ERROR: ${what} command failed: ${replyLines(reply).join('\n')}`);
  const quit = () => {
    client('QUIT');
    server2client(`221 2.0.0 ${gmail ? 'closing connection ' + sid + ' - gsmtp' : 'Bye'}`);
    if (level3) dbg('Connection: closed');
  };
  const scheme = server.tls === 'ssl' ? 'ssl://' : '';
  if (level3) dbg(`Connection: opening to ${scheme}${server.name}:${server.port}, timeout=300, options=array()`);
  if (outcome === 'connect') {
    const timedOut = r.chance(0.25);
    const why = timedOut ? 'Connection timed out' : 'Connection refused';
    if (level3) dbg(`Connection failed. Error #2: stream_socket_client(): Unable to connect to ${scheme}${server.name}:${server.port} (${why}) [/var/www/html/vendor/phpmailer/phpmailer/src/SMTP.php line 410]`);
    dbg(`SMTP ERROR: Failed to connect to server: ${why} (${timedOut ? 110 : 111})`);
    dbg(`SMTP connect() failed. ${TROUBLESHOOTING}`);
    plain(`Message could not be sent. Mailer Error: SMTP connect() failed. ${TROUBLESHOOTING}`);
    return;
  }
  if (level3) dbg('Connection: opened');
  server2client(gmail ? `220 smtp.gmail.com ESMTP ${sid} - gsmtp` : `220 ${server.name} ESMTP ${r.pick(['Postfix (Debian/GNU)', 'Exim 4.96 ' + rfc5322(ms), 'Microsoft ESMTP MAIL Service ready'])}`);
  const ehlo = (afterTls: boolean) => {
    client(`EHLO ${webhost}`);
    const caps = ['SIZE 35882577', '8BITMIME', ...(afterTls || server.tls !== 'tls' ? ['AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH'] : ['STARTTLS']), 'ENHANCEDSTATUSCODES', 'PIPELINING', 'CHUNKING', 'SMTPUTF8'];
    dbg(`SERVER -> CLIENT: 250-${server.name} ${gmail ? `at your service, [${pop.ourIp}]` : `Hello ${webhost} [${pop.ourIp}]`}\n${caps.map((c, i) => `250${i === caps.length - 1 ? ' ' : '-'}${c}`).join('\n')}`);
  };
  ehlo(false);
  if (server.tls === 'tls') {
    client('STARTTLS');
    server2client('220 2.0.0 Ready to start TLS');
    ehlo(true);
  }
  if (server.name !== 'localhost') {
    client('AUTH LOGIN');
    server2client('334 VXNlcm5hbWU6');
    // PHPMailer before 6.0.1 printed the base64 credentials as they were (formats.md 3.1): they are in real logs.
    const hidden = r.chance(0.9) ? (r.chance(0.8) ? '[credentials hidden]' : '<credentials hidden>') : null;
    client(hidden ?? Buffer.from(sender).toString('base64'));
    server2client('334 UGFzc3dvcmQ6');
    client(hidden ?? Buffer.from(`${r.pick(['Summer', 'Winter', 'Passw0rd', 'Shop'])}${r.between(1, 9999)}!`).toString('base64'));
    if (outcome === 'auth') {
      const reply = gmail
        ? r.chance(0.8)
          ? `535-5.7.8 Username and Password not accepted. For more information, go to\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials ${sid} - gsmtp`
          : `534-5.7.9 Application-specific password required. For more information, go to\n534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor ${sid} - gsmtp`
        : server.name === 'smtp.office365.com'
          ? `535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [${sid.toUpperCase()}.eurprd04.prod.outlook.com]`
          : '535 5.7.8 Error: authentication failed: authentication failure';
      dbg(`SERVER -> CLIENT: ${reply}`);
      fail('Password', reply);
      dbg('SMTP Error: Could not authenticate.');
      quit();
      dbg(`SMTP connect() failed. ${TROUBLESHOOTING}`);
      plain(`Message could not be sent. Mailer Error: SMTP connect() failed. ${TROUBLESHOOTING}`);
      return;
    }
    server2client(gmail ? '235 2.7.0 Accepted' : '235 2.7.0 Authentication successful');
  }
  client(`MAIL FROM:<${sender}>`);
  server2client('250 2.1.0 Ok');
  let refused: { rcpt: string; reply: string } | null = null;
  for (const [i, rcpt] of rcpts.entries()) {
    client(`RCPT TO:<${rcpt}>`);
    const last = i === rcpts.length - 1;
    if (last && (outcome === 'relay' || outcome === 'rcpt' || outcome === 'transient')) {
      const reply =
        outcome === 'relay'
          ? `554 5.7.1 <${rcpt}>: Relay access denied`
          : ctx.replies.draw(r, outcome === 'rcpt' ? 'permanent' : 'transient', { ip: pop.ourIp, rcpt, domain: sender.split('@')[1]! }).text;
      server2client(reply);
      fail('RCPT TO', reply);
      refused = { rcpt, reply };
    } else server2client('250 2.1.5 Ok');
  }
  if (refused && rcpts.length === 1) {
    quit();
    // The recipient summary drops the code (PHPMailer.php:2300-2307).
    const detail = refused.reply.replace(/^[245]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3} )?/, '');
    dbg(`SMTP Error: The following recipients failed: ${refused.rcpt}: ${detail}`);
    plain(`Message could not be sent. Mailer Error: SMTP Error: The following recipients failed: ${refused.rcpt}: ${detail}`);
    return;
  }
  client('DATA');
  server2client('354 Go ahead');
  for (const line of body(ctx, ms, sender, rcpts)) client(line);
  client('.');
  if (outcome === 'data') {
    const reply = r.chance(0.5)
      ? `550 ${r.pick(['5.7.1 Message rejected as spam', '5.7.1 This message was classified as SPAM and may not be delivered', '5.7.60 SMTP; Client does not have permissions to send as this sender'])}`
      : ctx.replies.draw(r, 'permanent', { ip: pop.ourIp, rcpt: rcpts[0]!, domain: sender.split('@')[1]! }).text;
    server2client(reply);
    fail('DATA END', reply);
    dbg('SMTP Error: data not accepted.');
    quit();
    plain(`Message could not be sent. Mailer Error: SMTP Error: data not accepted.`);
    return;
  }
  server2client(gmail ? `250 2.0.0 OK  ${Math.floor(ms / 1000)} ${sid} - gsmtp` : `250 2.0.0 Ok: queued as ${r.hex(10).toUpperCase()}`);
  quit();
  plain('Message has been sent');
}

/** The message as PHPMailer sends it after DATA: each line is logged as CLIENT -> SERVER. */
function body(ctx: GenContext, ms: number, sender: string, rcpts: readonly string[]): string[] {
  const r = ctx.rng;
  const boundary = `b1_${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 40)}`;
  const lines = [
    `Date: ${rfc5322(ms)}`,
    `To: ${rcpts.join(', ')}`,
    `From: ${r.pick(['Webshop', 'Contact form', 'Newsletter', 'No Reply'])} <${sender}>`,
    `Subject: ${r.pick(['Your order confirmation', 'New contact form message', 'Password reset', 'Weekly newsletter', 'Ihre Bestellung', 'Réinitialisation du mot de passe'])}`,
    `Message-ID: <${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 40)}@${sender.split('@')[1]}>`,
    'X-Mailer: PHPMailer 6.9.1 (https://github.com/PHPMailer/PHPMailer)',
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative;`,
    ` boundary="${boundary}"`,
    'Content-Transfer-Encoding: 8bit',
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
  ];
  for (let i = r.between(2, 10); i > 0; i--) lines.push(r.pick(['Hello,', 'Thank you for your order.', `Order number: ${r.between(10000, 99999)}`, 'Best regards', 'The team', `Total: ${r.between(5, 900)}.${r.between(10, 99)} EUR`, '']));
  lines.push('', `--${boundary}--`, '');
  return lines;
}
