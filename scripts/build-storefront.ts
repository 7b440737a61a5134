// Third step of `npm run build`: bundles the storefront (web/) with esbuild into dist/web/: index.html, and under
// assets/ the script, the stylesheet and the icon, each named by its content hash so the gateway can let browsers keep
// them for a year (api/storefront.ts). Browser code only: no Node built-in can reach the bundle (platform 'browser').
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { BUILD_DIR, PROJECT_ROOT } from '../lib/config';

/** The storefront's sources. */
export const STOREFRONT_SOURCE = path.join(PROJECT_ROOT, 'web');
/** Where the gateway serves it from. */
export const STOREFRONT_OUT = path.join(BUILD_DIR, 'web');

/** The entry points, by the placeholder of index.html that names their built file. */
const ENTRIES = {
  script: 'src/main.ts',
  styles: 'styles/shop.css',
  icon: 'icon.svg',
} as const;

/** Builds the storefront into `outDir`; returns the files written, relative to it. */
export async function buildStorefront(outDir: string = STOREFRONT_OUT): Promise<string[]> {
  rmSync(outDir, { recursive: true, force: true });
  const assets = path.join(outDir, 'assets');
  const result = await build({
    absWorkingDir: STOREFRONT_SOURCE,
    entryPoints: Object.values(ENTRIES),
    outdir: assets,
    entryNames: '[name]-[hash]',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: 'linked',
    loader: { '.svg': 'copy' },
    metafile: true,
    logLevel: 'warning',
    tsconfig: path.join(STOREFRONT_SOURCE, 'tsconfig.json'),
  });
  const built = Object.entries(result.metafile.outputs);
  const urlOf = (entry: string) => {
    const found = built.find(([, meta]) => meta.entryPoint === entry);
    if (!found) throw new Error(`esbuild wrote no output for ${entry}`);
    return `/assets/${path.basename(found[0])}`;
  };
  let html = readFileSync(path.join(STOREFRONT_SOURCE, 'index.html'), 'utf8');
  for (const [name, entry] of Object.entries(ENTRIES)) html = html.replaceAll(`{{${name}}}`, urlOf(entry));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'index.html'), html);
  return ['index.html', ...built.map(([file]) => path.relative(outDir, path.resolve(STOREFRONT_SOURCE, file)))];
}

async function main() {
  const started = Date.now();
  const files = await buildStorefront();
  process.stdout.write(`storefront: ${STOREFRONT_OUT} (${files.length} files, ${Date.now() - started} ms)\n`);
}

if (require.main === module)
  main().catch((err: unknown) => {
    process.stderr.write(`✖ ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
