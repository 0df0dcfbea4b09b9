/** Progress on stderr (one bar per algorithm run), or nothing at all when disabled. */
import { SingleBar, Presets } from 'cli-progress';

export interface ProgressReporter {
  start(label: string): (fraction: number) => void;
  stop(): void;
}

export const silentProgress: ProgressReporter = { start: () => () => undefined, stop: () => undefined };

export function stderrProgress(stream: NodeJS.WriteStream): ProgressReporter {
  let bar: SingleBar | undefined;
  const finish = (): void => {
    bar?.update(100);
    bar?.stop();
    bar = undefined;
  };
  return {
    start(label) {
      finish();
      const current = new SingleBar(
        { stream, format: `${label.padEnd(18)} [{bar}] {percentage}% of virtual time`, hideCursor: true, noTTYOutput: !stream.isTTY, notTTYSchedule: 1000 },
        Presets.shades_classic,
      );
      current.start(100, 0);
      bar = current;
      return (fraction) => current.update(Math.min(100, Math.round(fraction * 100)));
    },
    stop: finish,
  };
}
