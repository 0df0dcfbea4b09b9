import { describe, expect, it } from 'vitest';
import { fakeResult } from './fake-result';
import { parseDemoResult } from './result';

describe('parseDemoResult', () => {
  it('reads back what the demo writes', () => {
    const result = fakeResult();
    expect(parseDemoResult(JSON.stringify(result))).toEqual({ ok: true, result });
  });

  it('says why it cannot', () => {
    expect(parseDemoResult('{"settings":')).toMatchObject({ ok: false, reason: 'not-json' });
    const bad = { ...fakeResult(), polls: [{ t: 0, tabs: [{ step: -1 }] }] };
    const parsed = parseDemoResult(JSON.stringify(bad));
    expect(parsed).toMatchObject({ ok: false, reason: 'schema' });
    expect(!parsed.ok && parsed.detail).toContain('polls.0.tabs.0');
  });
});
