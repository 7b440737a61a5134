import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { namedPaths } from '../support/doc-paths';

const root = path.resolve(__dirname, '../..');

/** A named path exists; `<service>` stands for every service folder. */
function exists(p: string): boolean {
  if (p.includes('<service>'))
    return ['orders', 'inventory', 'payments', 'users', 'products', 'notifications'].every((s) =>
      exists(p.replace('<service>', s)),
    );
  return existsSync(path.join(root, p));
}

describe('documentation names only files that exist', () => {
  for (const doc of ['docs/architecture.md', 'README.md']) {
    it(`${doc}: every repository path it names exists`, () => {
      const paths = namedPaths(readFileSync(path.join(root, doc), 'utf8'));
      expect(paths.length).toBeGreaterThan(20);
      expect(paths.filter((p) => !exists(p))).toEqual([]);
    });
  }

  it('no document points outside the repository: every link and every Markdown file it names is in the clone', () => {
    for (const doc of ['docs/architecture.md', 'README.md']) {
      const text = readFileSync(path.join(root, doc), 'utf8');
      const links = [...text.matchAll(/\]\(([^)#\s]+)[^)]*\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
      const outside = links.filter((l) =>
        path.relative(root, path.resolve(root, path.dirname(doc), l)).startsWith('..'),
      );
      const missing = links.filter((l) => !existsSync(path.resolve(root, path.dirname(doc), l)));
      const mdNames = [...text.matchAll(/[\w./-]+\.md\b/g)].map((m) => m[0]);
      const unknownMd = mdNames.filter(
        (n) => !existsSync(path.join(root, n)) && !existsSync(path.join(root, 'docs', n)),
      );
      expect({ doc, outside, missing, unknownMd }).toEqual({ doc, outside: [], missing: [], unknownMd: [] });
    }
  });

  it('the path finder sees backticked paths and tree entries, and a missing one is reported', () => {
    const found = namedPaths('See `api/app.ts` and `lib/nope.ts`.\n```\nworkers/      entries\n```\n`npm start`');
    expect(found).toEqual(['api/app.ts', 'lib/nope.ts', 'workers/']);
    expect(found.filter((p) => !exists(p))).toEqual(['lib/nope.ts']);
  });
});
