import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { qrMatrix, qrPixels } from './qr-matrix';

describe('qrPixels(qrMatrix(text))', () => {
  it('decodes back to the text with an independent decoder (jsQR)', () => {
    for (const url of ['http://192.168.1.20:8080/j/k7mq2x', 'http://canopy.example.org/j/abcdef?name=Ada%20Lovelace']) {
      const pixels = qrPixels(qrMatrix(url), 4);
      expect(jsQR(pixels.data, pixels.width, pixels.height)?.data).toBe(url);
    }
  });

  it('a different text gives a different code', () => {
    expect(qrMatrix('http://a/j/aaaaaa')).not.toEqual(qrMatrix('http://a/j/aaaaab'));
  });
});
