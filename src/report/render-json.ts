// The report model as JSON, exactly as buildReportModel() made it (see ./model.ts for the fields).
// safeJson also escapes DEL, C1 controls and bidi marks that JSON.stringify leaves raw.
import { safeJson } from '../util/sanitize.js';
import type { ReportModel } from './model.js';

export function renderJson(model: ReportModel): string {
  return `${safeJson(model, 2)}\n`;
}
