/** console.warn for events that a hostile or broken peer can repeat: the 1st, 10th, 100th... occurrence only. */
export function warnOnDecade(count: number, message: string): void {
  if (count >= 1 && Number.isInteger(Math.log10(count))) console.warn(count > 1 ? `${message} (×${count})` : message);
}
