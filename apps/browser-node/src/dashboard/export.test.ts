import { describe, expect, it } from 'vitest';
import { csvCell, EXPORT_COLUMNS, exportFileName, runsToCsv, runsToJson } from './export';
import { RunBook } from './runs';
import { sample } from './test-samples';

function book(): RunBook {
  const runs = new RunBook();
  runs.add(sample({ runId: 1, peerId: 'b', at: 2_000, step: 7, loss: 1.5, heldOutAccuracy: 0.25, delayScale: 0.5 }));
  runs.add(sample({ runId: 1, peerId: 'a', at: 1_000, step: 3, loss: 2 }));
  runs.add(sample({ runId: 2, peerId: 'a', at: 9_000, step: 1 }));
  return runs;
}

describe('runsToCsv', () => {
  it('writes one row per report of every node and run, oldest run first', () => {
    const lines = runsToCsv(book().runs()).trimEnd().split('\n');
    expect(lines[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(lines).toHaveLength(4);
    const column = (line: string, name: (typeof EXPORT_COLUMNS)[number]): string | undefined => line.split(',')[EXPORT_COLUMNS.indexOf(name)];
    expect(lines.slice(1).map((l) => [column(l, 'runId'), column(l, 'peerId'), column(l, 'step')])).toEqual([
      ['1', 'a', '3'],
      ['1', 'b', '7'],
      ['2', 'a', '1'],
    ]);
    expect(column(lines[2] ?? '', 'seconds')).toBe('1');
    expect(column(lines[2] ?? '', 'heldOutAccuracy')).toBe('0.25');
    expect(column(lines[1] ?? '', 'heldOutAccuracy')).toBe('');
    expect([column(lines[1] ?? '', 'delayScale'), column(lines[2] ?? '', 'delayScale')]).toEqual(['1', '0.5']);
  });

  it('quotes cells that would break the format', () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(null)).toBe('');
    expect(csvCell(0.5)).toBe('0.5');
  });
});

describe('runsToJson', () => {
  it('lists every run with its label, peers and samples', () => {
    const parsed = JSON.parse(runsToJson('r1', book().runs(), new Date(0))) as { room: string; runs: { runId: number; peers: string[]; samples: unknown[] }[] };
    expect(parsed.room).toBe('r1');
    expect(parsed.runs.map((r) => [r.runId, r.peers, r.samples.length])).toEqual([
      [1, ['a', 'b'], 2],
      [2, ['a'], 1],
    ]);
  });
});

describe('exportFileName', () => {
  it('names the room and the time, without characters file systems refuse', () => {
    expect(exportFileName('r1', 'csv', new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('canopy-r1-2026-01-02T03-04-05.csv');
  });
});
