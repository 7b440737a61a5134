import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/config';

/** One curl command of README.md, as written (backslash continuations joined), with the shell lines before it in its block. */
export interface ReadmeCommand {
  /** The command line, exactly as README shows it. */
  command: string;
  /** The README line it starts on. */
  line: number;
  /** Variable assignments of its block that come before it (e.g. `AUTH="Authorization: Bearer $TOKEN"`). */
  assignments: string[];
}

/** README.md's text. */
const readme = () => readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

/** Every `curl` command against `localhost:3000` in the fenced `sh` blocks of `markdown` (README.md by default), in order. */
export function readmeCurlCommands(markdown = readme()): ReadmeCommand[] {
  return readmeShellCommands(markdown, (text) => /^curl\s/.test(text) && text.includes('localhost:3000'));
}

/** Every `temporal` CLI command in the fenced `sh` blocks of `markdown` (README.md by default), in order. */
export function readmeTemporalCommands(markdown = readme()): ReadmeCommand[] {
  return readmeShellCommands(markdown, (text) => /^temporal\s/.test(text));
}

/** The commands `keep` accepts in the fenced `sh` blocks of `markdown`, in order, with their blocks' assignments. */
function readmeShellCommands(markdown: string, keep: (command: string) => boolean): ReadmeCommand[] {
  const lines = markdown.split('\n');
  const commands: ReadmeCommand[] = [];
  let block: { assignments: string[] } | undefined;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (!block) {
      if (/^\s*```sh\s*$/.test(line)) block = { assignments: [] };
      continue;
    }
    if (/^\s*```\s*$/.test(line)) {
      block = undefined;
      continue;
    }
    let text = line.trim();
    const start = i;
    while (text.endsWith('\\') && i + 1 < lines.length) text = `${text.slice(0, -1).trimEnd()} ${lines[++i]!.trim()}`;
    if (/^[A-Z_]+=/.test(text)) block.assignments.push(text);
    else if (keep(text)) commands.push({ command: text, line: start + 1, assignments: [...block.assignments] });
  }
  return commands;
}
