// Renders the sample site's photographs: procedural landscapes (value-noise ridges, a city at
// dusk, fields seen from above) drawn pixel by pixel from fixed seeds and encoded with sharp,
// so the pictures are the project's own and the same on every run. Run it after changing a
// scene: `npx tsx scripts/make-photos.ts`; the files land in content/media/2023/photos/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { random } from '../bench/corpus.ts'; // seeded: the same seed draws the same picture

type Rgb = [number, number, number];

/** Smooth 2-D value noise in [0, 1] on a 256x256 lattice that wraps. */
function valueNoise(seed: number): (x: number, y: number) => number {
  const next = random(seed);
  const lattice = Float32Array.from({ length: 256 * 256 }, next);
  const at = (i: number, j: number) => lattice[(j & 255) * 256 + (i & 255)]!;
  const fade = (t: number) => t * t * (3 - 2 * t);
  return (x, y) => {
    const i = Math.floor(x);
    const j = Math.floor(y);
    const u = fade(x - i);
    const v = fade(y - j);
    const top = at(i, j) + (at(i + 1, j) - at(i, j)) * u;
    const bottom = at(i, j + 1) + (at(i + 1, j + 1) - at(i, j + 1)) * u;
    return top + (bottom - top) * v;
  };
}

/** Fractal noise: octaves of value noise, each twice as fine and half as strong. */
function fbm(noise: (x: number, y: number) => number, x: number, y: number, octaves: number): number {
  let sum = 0;
  let weight = 0.5;
  let total = 0;
  for (let o = 0; o < octaves; o++) {
    sum += noise(x, y) * weight;
    total += weight;
    x *= 2.03;
    y *= 2.03;
    weight *= 0.5;
  }
  return sum / total;
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
const clamp = (t: number) => Math.min(1, Math.max(0, t));

class Canvas {
  readonly data: Float32Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Float32Array(width * height * 3);
  }
  set(x: number, y: number, c: Rgb): void {
    const i = (y * this.width + x) * 3;
    this.data[i] = c[0];
    this.data[i + 1] = c[1];
    this.data[i + 2] = c[2];
  }
  get(x: number, y: number): Rgb {
    const i = (y * this.width + x) * 3;
    return [this.data[i]!, this.data[i + 1]!, this.data[i + 2]!];
  }
  /** Film grain and a soft vignette, as a camera would leave them; then 8-bit pixels. */
  finish(seed: number, grain: number): Buffer {
    const next = random(seed);
    const out = Buffer.alloc(this.width * this.height * 3);
    for (let y = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++) {
        const dx = x / this.width - 0.5;
        const dy = y / this.height - 0.5;
        const vignette = 1 - 0.35 * (dx * dx + dy * dy) * 2;
        const noise = (next() - 0.5) * grain;
        const i = (y * this.width + x) * 3;
        for (let c = 0; c < 3; c++) out[i + c] = Math.round(Math.min(255, Math.max(0, this.data[i + c]! * vignette + noise)));
      }
    }
    return out;
  }
}

/** Sky from zenith to horizon, with a sun's glow and drifting cloud. */
function sky(canvas: Canvas, noise: (x: number, y: number) => number, top: Rgb, horizon: Rgb, sun: { x: number; y: number; color: Rgb }) {
  for (let y = 0; y < canvas.height; y++) {
    for (let x = 0; x < canvas.width; x++) {
      const t = y / canvas.height;
      let color = mix(top, horizon, Math.pow(clamp(t * 1.4), 0.8));
      const d = Math.hypot(x - sun.x * canvas.width, (y - sun.y * canvas.height) * 1.3) / canvas.width;
      color = mix(color, sun.color, clamp(0.9 - d * 3.2) ** 2);
      const cloud = clamp((fbm(noise, x / 260, y / 70, 5) - 0.55) * 3.5);
      color = mix(color, mix(horizon, [250, 245, 240], 0.5), cloud * 0.6 * (1 - t));
      canvas.set(x, y, color);
    }
  }
}

/** Mountain ridges from far to near: each farther one paler, lost in the haze. */
function ridges(
  canvas: Canvas,
  noise: (x: number, y: number) => number,
  layers: { base: number; amp: number; color: Rgb; scale: number }[],
  haze: Rgb,
) {
  layers.forEach((layer, n) => {
    const depth = 1 - n / layers.length;
    for (let x = 0; x < canvas.width; x++) {
      const ridge = layer.base - layer.amp * fbm(noise, x / layer.scale + n * 37, n * 11.3, 6);
      const top = Math.max(0, Math.floor(ridge * canvas.height));
      for (let y = top; y < canvas.height; y++) {
        const texture = fbm(noise, x / 40 + n * 91, y / 40, 4);
        const shade = 0.78 + 0.4 * texture - 0.25 * clamp((y - top) / canvas.height);
        const lit: Rgb = [layer.color[0] * shade, layer.color[1] * shade, layer.color[2] * shade];
        canvas.set(x, y, mix(lit, haze, 0.65 * depth * depth));
      }
    }
  });
}

function mountainValley(width: number, height: number): Canvas {
  const canvas = new Canvas(width, height);
  const noise = valueNoise(7);
  sky(canvas, noise, [96, 128, 170], [236, 204, 170], { x: 0.72, y: 0.36, color: [255, 226, 180] });
  ridges(
    canvas,
    noise,
    [
      { base: 0.5, amp: 0.28, color: [120, 130, 150], scale: 420 },
      { base: 0.6, amp: 0.24, color: [92, 110, 108], scale: 330 },
      { base: 0.72, amp: 0.22, color: [70, 92, 72], scale: 260 },
      { base: 0.86, amp: 0.2, color: [52, 68, 48], scale: 200 },
    ],
    [214, 200, 190],
  );
  // A road climbing the nearest slope: a pale band that wanders with the noise.
  for (let y = Math.floor(height * 0.8); y < height; y++) {
    const t = (y - height * 0.8) / (height * 0.2);
    const centre = width * (0.52 + 0.12 * Math.sin(t * 3.1) + 0.04 * (fbm(noise, t * 3, 5, 3) - 0.5));
    const half = 6 + t * 60;
    for (let x = Math.max(0, Math.floor(centre - half)); x < Math.min(width, centre + half); x++) {
      canvas.set(x, y, mix(canvas.get(x, y), [186, 176, 160], 0.85));
    }
  }
  return canvas;
}

function cityAtDusk(width: number, height: number): Canvas {
  const canvas = new Canvas(width, height);
  const noise = valueNoise(21);
  const next = random(22);
  sky(canvas, noise, [40, 52, 96], [238, 150, 110], { x: 0.3, y: 0.62, color: [255, 190, 140] });
  // A snow-capped double peak far beyond the city.
  for (let x = 0; x < width; x++) {
    const u = x / width;
    const peak = Math.max(0.62 - 1.5 * Math.abs(u - 0.32) ** 1.1, 0.66 - 1.7 * Math.abs(u - 0.5) ** 1.1) - 0.02 * fbm(noise, x / 60, 3, 4);
    const top = Math.floor(clamp(0.2 + (0.62 - peak)) * height);
    for (let y = top; y < height; y++) {
      const snow = y < top + height * 0.06 * (0.6 + fbm(noise, x / 30, y / 30, 3));
      canvas.set(x, y, mix(snow ? [236, 214, 214] : [150, 126, 150], [238, 160, 130], 0.45));
    }
  }
  // Three rows of buildings, the nearer ones darker and taller, windows lit at random.
  for (const row of [
    { ground: 0.8, tall: 0.18, color: [92, 74, 96] as Rgb, lit: 0.18 },
    { ground: 0.9, tall: 0.26, color: [60, 46, 62] as Rgb, lit: 0.28 },
    { ground: 1.0, tall: 0.34, color: [34, 26, 36] as Rgb, lit: 0.36 },
  ]) {
    let x = -Math.floor(next() * 60);
    while (x < width) {
      const w = 50 + Math.floor(next() * 110);
      const top = Math.floor((row.ground - row.tall * (0.35 + 0.65 * next())) * height);
      const bottom = Math.floor(row.ground * height);
      const windowsOn = next() < 0.85;
      for (let px = Math.max(0, x); px < Math.min(width, x + w); px++) {
        for (let py = Math.max(0, top); py < Math.min(height, bottom); py++) {
          const inWindow = (px - x) % 14 > 5 && (py - top) % 18 > 8 && px - x > 6 && px - x < w - 6;
          const lit = windowsOn && inWindow && fbm(noise, Math.floor((px - x) / 14) + x, Math.floor((py - top) / 18), 1) < row.lit + 0.3;
          canvas.set(px, py, lit ? [255, 206, 130] : mix(row.color, [0, 0, 0], 0.1 * fbm(noise, px / 9, py / 9, 2)));
        }
      }
      x += w + Math.floor(next() * 8);
    }
  }
  return canvas;
}

function fieldsFromAbove(width: number, height: number): Canvas {
  const canvas = new Canvas(width, height);
  const noise = valueNoise(33);
  const palette: Rgb[] = [
    [164, 170, 92],
    [120, 140, 70],
    [196, 176, 110],
    [140, 112, 74],
    [90, 118, 66],
    [210, 196, 140],
  ];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Fields are the cells of a skewed grid; a river of noise cuts through them.
      const u = x + 0.25 * y;
      const cell = Math.floor(u / 170) * 31 + Math.floor(y / 120) * 17;
      const base = palette[Math.abs(cell) % palette.length]!;
      const furrow = 0.92 + 0.08 * Math.sin((u + y) / 3);
      const edge = u % 170 < 4 || y % 120 < 4;
      const river = Math.abs(y - height * (0.5 + 0.3 * (fbm(noise, x / 500, 1, 4) - 0.5))) < 14;
      let color: Rgb = [base[0] * furrow, base[1] * furrow, base[2] * furrow];
      if (edge) color = [70, 84, 52];
      if (river) color = [70, 110, 130];
      canvas.set(x, y, color);
    }
  }
  return canvas;
}

const OUT = join(import.meta.dirname, '..', 'content', 'media', '2023', 'photos');
mkdirSync(OUT, { recursive: true });

const scenes = [
  { name: 'mountain-valley.jpg', draw: mountainValley, width: 1600, height: 1000, grain: 5 },
  { name: 'yerevan-dusk.jpg', draw: cityAtDusk, width: 1600, height: 1000, grain: 5 },
  { name: 'fields-from-above.png', draw: fieldsFromAbove, width: 1200, height: 800, grain: 0 },
];
for (const scene of scenes) {
  const pixels = scene.draw(scene.width, scene.height).finish(99, scene.grain);
  const image = sharp(pixels, { raw: { width: scene.width, height: scene.height, channels: 3 } });
  const encoded = scene.name.endsWith('.png')
    ? image.png({ palette: true, colours: 64, compressionLevel: 9 })
    : image.blur(0.5).jpeg({ quality: 80, mozjpeg: true });
  const info = await encoded.toFile(join(OUT, scene.name));
  console.log(`${scene.name}: ${info.width}x${info.height}, ${Math.round(info.size / 1024)} KB`);
}
