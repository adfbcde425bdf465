// A reply whose basic code refuses while its enhanced code reports success: servers that mix up their
// codes. The category must come from the words or the basic code, never "success" under a refusal's
// class (found in an admin's review: `451 2.1.5 Recipient OK` counted a deferral under "success").
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify.js';

describe('a success enhanced code on a refusal', () => {
  it('never gives a refusal the category success: the basic code or the words decide', () => {
    const mixed = classify({ code: 451, enhanced: '2.1.5', text: 'Recipient OK' });
    expect(mixed).toMatchObject({ class: 'transient', rule: 'basic.451' });
    expect(mixed.category).not.toBe('success');
    const worded = classify({ code: 550, enhanced: '2.1.5', text: 'Mailbox full' });
    expect(worded).toMatchObject({ class: 'permanent', category: 'quota' });
    // a real success keeps its enhanced code's reading
    expect(classify({ code: 250, enhanced: '2.1.5', text: 'Recipient OK' })).toMatchObject({ class: 'success', category: 'success', rule: 'enhanced.X.1.5' });
  });
});
