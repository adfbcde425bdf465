// How the report spells the length of its period: a nightly report says "24 hours", a week "7 days",
// and a run summary over an old log spanning years stays readable.
import { describe, expect, it } from 'vitest';
import { HOURS_NOTE } from '../../src/report/format.js';

describe('HOURS_NOTE', () => {
  it.each([
    [1, '1 hour'],
    [23, '23 hours'],
    [24, '24 hours'],
    [47, '47 hours'],
    [48, '2 days'],
    [168, '7 days'],
    [49, '2 days 1 hour'],
    [219_635, '9,151 days 11 hours'],
  ])('%d hours → %s', (hours, text) => {
    expect(HOURS_NOTE(hours)).toBe(text);
  });
});
