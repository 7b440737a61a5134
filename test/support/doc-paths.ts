/** Repository paths a document names in backticks or in a path table/tree: `api/app.ts`, `activities/<service>/`... */
export function namedPaths(markdown: string): string[] {
  const candidates = [...markdown.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]!);
  const tree = [
    ...markdown.matchAll(/^\s*([a-z][\w.-]*\/(?:[\w.<>-]+\/?)*|[\w-]+\.(?:ts|md|yml|mjs|json))\s{2,}/gm),
  ].map((m) => m[1]!);
  return [...new Set([...candidates, ...tree])]
    .filter(
      (p) =>
        /^(?:api|workflows|activities|workers|contracts|lib|scripts|test|docs|deploy)\//.test(p) ||
        /^[\w-]+\.(?:md|yml|json|mjs)$/.test(p),
    )
    .filter((p) => !p.includes('*'));
}
