/** A QR code as pixels: the modules from qrcode-generator, drawn with the quiet zone scanners need. Pure. */
import qrcode from 'qrcode-generator';

/** true = dark module. Error correction M: still reads from a projector at an angle. */
export function qrMatrix(text: string): boolean[][] {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const size = qr.getModuleCount();
  return Array.from({ length: size }, (_, row) => Array.from({ length: size }, (_, col) => qr.isDark(row, col)));
}

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** RGBA, as ImageData holds it. */
  readonly data: Uint8ClampedArray<ArrayBuffer>;
}

/** The matrix at `scale` px per module with a 4-module white margin (the QR specification's quiet zone). */
export function qrPixels(matrix: readonly (readonly boolean[])[], scale: number): Pixels {
  const margin = 4;
  const modules = matrix.length + 2 * margin;
  const width = modules * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  matrix.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (!dark) return;
      for (let y = 0; y < scale; y++) {
        const start = (((r + margin) * scale + y) * width + (c + margin) * scale) * 4;
        for (let x = 0; x < scale; x++) data.fill(0, start + x * 4, start + x * 4 + 3);
      }
    }),
  );
  return { width, height: width, data };
}
