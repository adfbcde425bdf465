// Real-shaped Exim lines for ingest tests (shapes from ../shared/corpus/exim-real.log), numbered so
// every line is distinct and a count of rows says exactly which lines were stored.

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function eximTime(i: number, day = '2024-11-26'): string {
  const s = i % 60;
  const m = Math.floor(i / 60) % 60;
  const h = Math.floor(i / 3600) % 24;
  return `${day} ${pad(h)}:${pad(m)}:${pad(s)}`;
}

/** Rejection number `i`: an inbound RCPT refusal, one line (mainlog and rejectlog alike). */
export function rejectionLine(i: number, day?: string): string {
  const ip = `203.0.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`;
  return `${eximTime(i, day)} H=(client${i}.example) [${ip}] F=<sender${i}@example.org> rejected RCPT <user${i}@example.net>: relay not permitted`;
}

/** A rejectlog entry: the rejection line, then the header block Exim writes after DATA rejections. */
export function rejectlogEntry(i: number, day?: string): string[] {
  return [
    `${eximTime(i, day)} 1tAbCd-000${pad(i % 1000, 3)}-Ef H=mail${i}.example [198.51.100.${(i % 250) + 1}] F=<news${i}@example.org> rejected after DATA: Your message scored 22.8 SpamAssassin points. Report follows:`,
    `Envelope-from: <news${i}@example.org>`,
    `Envelope-to: <user${i}@example.net>`,
    `P Received: from [198.51.100.${(i % 250) + 1}] by mx.example.net with esmtp id 550 5.7.1`,
    `  Date: Tue, 26 Nov 2024 10:00:00 +0000`,
    `F From: <news${i}@example.org>`,
    `  Subject: 550 5.1.1 offers`,
  ];
}

/** Mainlog lines that are not rejections: an arrival and a delivery (counted as successes). */
export function mainlogTraffic(i: number, day?: string): string[] {
  const id = `1tXyZ${i % 10}-000${pad(i % 1000, 3)}-Gh`;
  return [
    `${eximTime(i, day)} ${id} <= sender${i}@example.org H=mail.example.org [192.0.2.${(i % 250) + 1}] P=esmtps S=2048 id=msg${i}@example.org`,
    `${eximTime(i, day)} ${id} => user${i}@example.net R=dnslookup T=remote_smtp H=mx.example.net [198.51.100.${(i % 250) + 1}] C="250 OK"`,
    `${eximTime(i, day)} ${id} Completed`,
  ];
}
