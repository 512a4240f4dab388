import { inflateSync } from 'node:zlib';

/** A decoded 8-bit RGB or RGBA PNG: `pixels` holds the rows one after another, unfiltered. */
export interface DecodedPng {
  width: number;
  height: number;
  channels: 3 | 4;
  pixels: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, 3 | 4> = { 2: 3, 6: 4 };

const paeth = (a: number, b: number, c: number): number => {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/** Undoes the per-row filters (PNG spec, section 9). */
const unfilter = (raw: Buffer, width: number, height: number, bpp: number): Buffer => {
  const stride = width * bpp;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i += 1) {
      const left = i >= bpp ? out[y * stride + i - bpp] : 0;
      const up = y > 0 ? out[(y - 1) * stride + i] : 0;
      const upLeft = y > 0 && i >= bpp ? out[(y - 1) * stride + i - bpp] : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predictor === undefined) throw new Error(`PNG row ${y} has unknown filter ${filter}`);
      out[y * stride + i] = (row[i] + predictor) & 0xff;
    }
  }
  return out;
};

/**
 * Enough of PNG for a browser screenshot (8-bit truecolor, with or without alpha, not interlaced), so the
 * test needs no image library.
 */
export const decodePng = (png: Buffer): DecodedPng => {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('Not a PNG file');
  let header: Buffer | null = null;
  const data: Buffer[] = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  if (header === null) throw new Error('PNG without IHDR');
  const [width, height, depth, colorType, interlace] = [header.readUInt32BE(0), header.readUInt32BE(4), header[8], header[9], header[12]];
  const channels = CHANNELS[colorType];
  if (depth !== 8 || channels === undefined || interlace !== 0) {
    throw new Error(`Unsupported PNG: depth ${depth}, color type ${colorType}, interlace ${interlace}`);
  }
  return { width, height, channels, pixels: unfilter(inflateSync(Buffer.concat(data)), width, height, channels) };
};

/** `#rrggbb` of every pixel, counted; alpha is ignored (screenshots of a page are opaque). */
export const colorHistogram = ({ width, height, channels, pixels }: DecodedPng): Map<string, number> => {
  const counts = new Map<string, number>();
  for (let i = 0; i < width * height; i += 1) {
    const at = i * channels;
    const hex = `#${[pixels[at], pixels[at + 1], pixels[at + 2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
    counts.set(hex, (counts.get(hex) ?? 0) + 1);
  }
  return counts;
};
