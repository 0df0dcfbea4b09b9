import { describe, expect, it } from 'vitest';
import { CoalescingSender } from './coalescing-sender';

function deferred(): { promise: Promise<string>; resolve: (v: string) => void } {
  let resolve: (v: string) => void = () => undefined;
  const promise = new Promise<string>((r) => (resolve = r));
  return { promise, resolve };
}

describe('CoalescingSender', () => {
  it('sends the first request at once and only the newest of those queued behind it', async () => {
    const sent: number[] = [];
    const answers: ReturnType<typeof deferred>[] = [];
    const results: [number, string][] = [];
    const sender = new CoalescingSender<number, string>(
      (action) => {
        sent.push(action);
        const answer = deferred();
        answers.push(answer);
        return answer.promise;
      },
      (action, result) => results.push([action, result]),
    );
    sender.submit('loss', 1);
    sender.submit('loss', 2);
    sender.submit('loss', 3);
    sender.submit('delay', 10);
    expect(sent).toEqual([1, 10]);
    expect(sender.waiting).toBe(1);
    answers[0]?.resolve('ok1');
    await Promise.resolve();
    await Promise.resolve();
    expect(sent).toEqual([1, 10, 3]);
    answers[2]?.resolve('ok3');
    answers[1]?.resolve('ok10');
    await new Promise((r) => setTimeout(r, 0));
    expect(results).toEqual([
      [1, 'ok1'],
      [3, 'ok3'],
      [10, 'ok10'],
    ]);
    expect(sender.waiting).toBe(0);
  });

  it('keeps going after a failed send', async () => {
    const sent: number[] = [];
    let fail = true;
    const sender = new CoalescingSender<number, string>(
      async (action) => {
        sent.push(action);
        if (fail) {
          fail = false;
          throw new Error('socket gone');
        }
        return 'ok';
      },
      () => undefined,
    );
    sender.submit('loss', 1);
    sender.submit('loss', 2);
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual([1, 2]);
  });
});
