/** Client-side downloads: a Blob behind a temporary link, and the charts composed onto one PNG. */
export function download(fileName: string, type: string, content: BlobPart): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started once click() returns; revoking later leaves slow browsers time to read it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The chart canvases stacked on a white background with a title, as one PNG. */
export async function chartsPng(title: string, canvases: readonly HTMLCanvasElement[]): Promise<Blob | null> {
  if (canvases.length === 0) return null;
  const header = 36;
  const width = Math.max(...canvases.map((c) => c.width));
  const height = header + canvases.reduce((sum, c) => sum + c.height, 0);
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d');
  if (ctx === null) return null;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#111827';
  ctx.font = '600 18px system-ui, sans-serif';
  ctx.fillText(title, 12, 24);
  let y = header;
  for (const canvas of canvases) {
    ctx.drawImage(canvas, 0, y);
    y += canvas.height;
  }
  return new Promise((resolve) => out.toBlob(resolve, 'image/png'));
}
