import { describe, expect, it } from 'vitest';
import { validStatus } from './fake-status';
import { linksReady, neighboursOf, parseTabStatus, type TabStatus } from './tab-status';

function ok(value: unknown): TabStatus {
  const read = parseTabStatus(value);
  if (read.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(read)}`);
  return read.status;
}

describe('parseTabStatus', () => {
  it('treats a missing window.canopy as a page still loading', () => {
    expect(parseTabStatus(null)).toEqual({ kind: 'loading' });
  });

  it('keeps the fields it reads and drops the rest', () => {
    const status = ok(validStatus());
    expect(status.heldOutAccuracy).toBe(0.75);
    expect('trainAccuracy' in status).toBe(false);
    expect(status.links[0]).toEqual({ peer: 'p0', state: 'open' });
  });

  it.each([
    [{ heldOutAccuracy: 1.5 }, 'heldOutAccuracy'],
    [{ step: Number.NaN }, 'step'],
    [{ bytesSent: -1 }, 'bytesSent'],
    [{ links: 'none' }, 'links'],
    [{ roles: { pull: {} } }, 'roles'],
  ])('rejects %o with the path of the bad field', (change, path) => {
    const read = parseTabStatus(validStatus(change));
    expect(read.kind).toBe('invalid');
    expect(read.kind === 'invalid' && read.reason).toBe('schema');
    expect(read.kind === 'invalid' && read.detail).toContain(path);
  });

  it('rejects a non-object', () => {
    expect(parseTabStatus('hello').kind).toBe('invalid');
  });
});

describe('links', () => {
  it('lists distinct neighbours from both trees', () => {
    expect([...neighboursOf(ok(validStatus()))].sort()).toEqual(['p0', 'p2', 'p3']);
    expect(neighboursOf(ok(validStatus({ roles: null }))).size).toBe(0);
  });

  it('is ready only when every neighbour has an open link', () => {
    expect(linksReady(ok(validStatus()))).toBe(false);
    const open = (peer: string, state = 'open') => ({ peer, state });
    expect(linksReady(ok(validStatus({ links: [open('p0'), open('p2'), open('p3', 'connecting')] })))).toBe(false);
    expect(linksReady(ok(validStatus({ links: [open('p0'), open('p2'), open('p3')] })))).toBe(true);
  });
});
