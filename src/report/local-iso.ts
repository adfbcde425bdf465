// ISO 8601 in the local time zone with its offset ("2024-03-05T14:00:00+01:00"): what a person reads
// and what a program parses without guessing the zone. Milliseconds only when the log had them.
import { format } from 'date-fns/format';

export function localIso(ms: number): string {
  return format(ms, ms % 1000 === 0 ? "yyyy-MM-dd'T'HH:mm:ssxxx" : "yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
}
