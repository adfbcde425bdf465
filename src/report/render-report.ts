// One entry point for every report format, so the command and the analyzer choose by name.
import type { ReportModel } from './model.js';
import { renderCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';
import { renderMarkdown } from './render-markdown.js';
import { renderText } from './render-text.js';

export const REPORT_FORMATS = ['text', 'markdown', 'json', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderOptions {
  /** ANSI colour in the text format (only for a terminal). */
  color?: boolean;
  /** The output is a terminal: CSV cells also get their control characters made visible. */
  terminal?: boolean;
}

export function renderReport(model: ReportModel, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'text':
      return renderText(model, { color: options.color ?? false });
    case 'markdown':
      return renderMarkdown(model);
    case 'json':
      return renderJson(model);
    case 'csv':
      return renderCsv(model, { terminal: options.terminal ?? false });
    case 'html':
      return renderHtml(model);
  }
}
