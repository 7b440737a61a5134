// The storefront build (scripts/build-storefront.ts): static assets that name only their own origin, and an image
// build that includes their sources.
import os from 'node:os';
import path from 'node:path';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { buildStorefront } from '../../scripts/build-storefront';
import { PROJECT_ROOT } from '../../lib/config';

let out: string;
let files: string[];

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'storefront-build-'));
  files = await buildStorefront(out);
}, 60_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

const read = (file: string) => readFileSync(path.join(out, file), 'utf8');
/** The script, stylesheet and page (not the source maps, which quote the sources and their comments). */
const shipped = () => files.filter((f) => /\.(html|js|css|svg)$/.test(f));

describe('storefront build', () => {
  it('writes index.html naming hashed assets that exist, loaded as files (no inline script or style)', () => {
    const html = read('index.html');
    const urls = [...html.matchAll(/(?:src|href)="([^"#]+)"/g)].map((m) => m[1]);
    expect(urls).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/assets\/main-[A-Z0-9]+\.js$/),
        expect.stringMatching(/^\/assets\/shop-[A-Z0-9]+\.css$/),
        expect.stringMatching(/^\/assets\/icon-[A-Z0-9]+\.svg$/),
      ]),
    );
    for (const url of urls) expect(existsSync(path.join(out, url))).toBe(true);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // every script has a src
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(html).not.toContain('{{');
  });

  it('ships no reference to another host and no HTML-string sink', () => {
    for (const file of shipped()) {
      const text = read(file).replaceAll('http://www.w3.org/2000/svg', ''); // the SVG namespace names no host to call
      expect({ file, hosts: text.match(/\b(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/gi) ?? [] }).toEqual({
        file,
        hosts: [],
      });
      expect({ file, sinks: text.match(/\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write/g) ?? [] }).toEqual({
        file,
        sinks: [],
      });
    }
  });

  it('is part of the image build: the Dockerfile copies web/ before npm run build', () => {
    const dockerfile = readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    const copy = dockerfile.search(/^COPY web \.\/web$/m);
    expect(copy).toBeGreaterThan(-1);
    expect(copy).toBeLessThan(dockerfile.search(/^RUN npm run build$/m));
  });
});
