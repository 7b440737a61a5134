import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../../lib/config';

/** Writes `files` into a fresh folder under lib/, lints them with the project's real ESLint config, and returns `file: ruleId` per report. */
function lintFiles(files: Record<string, string>): string[] {
  const dir = mkdtempSync(path.join(PROJECT_ROOT, 'lib', 'rule-probe-'));
  try {
    for (const [name, code] of Object.entries(files)) writeFileSync(path.join(dir, name), code);
    const eslint = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'eslint');
    const res = spawnSync(eslint, ['--format', 'json', dir], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    const reports = JSON.parse(res.stdout) as { filePath: string; messages: { ruleId: string | null }[] }[];
    return reports.flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}: ${m.ruleId}`)).sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the typed lint rules', () => {
  it('report an import cycle and a promise nobody awaits, and nothing in code without either', () => {
    const found = lintFiles({
      'a.ts': "import { b } from './b';\nexport const a = (): number => b() + 1;\n",
      'b.ts': "import { a } from './a';\nexport const b = (): number => (Date.now() < 0 ? a() : 0);\n",
      'floating.ts': 'const later = async (): Promise<number> => 1;\nexport function go(): void {\n  later();\n}\n',
      'clean.ts':
        'const later = async (): Promise<number> => 1;\nexport async function go(): Promise<number> {\n  return await later();\n}\n',
    });
    expect(found).toEqual([
      'a.ts: import-x/no-cycle',
      'b.ts: import-x/no-cycle',
      'floating.ts: @typescript-eslint/no-floating-promises',
    ]);
  }, 120_000);
});
