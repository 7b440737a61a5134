import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One place where product code names a cross-process string instead of importing its owner from `contracts/`. */
export interface NameFinding {
  file: string;
  line: number;
  problem: string;
}

/** What the check knows: the listed failure types, and strings that may never be spelled outside `contracts/`. */
export interface ContractNames {
  /** Member name -> value of `ErrorTypes`. */
  failureTypes: Record<string, string>;
  /** Values owned by `contracts/` (workflow types, search-attribute names) that no other file may write as a literal. */
  ownedLiterals: readonly string[];
  /** Signal, query and update names (`ORDER_MESSAGES`): never a literal where a message is named. */
  messages: readonly string[];
}

const isStringLike = (n: ts.Node): n is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral =>
  ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n);

/** Calls whose first argument is a signal, query or update name: it must come from `ORDER_MESSAGES`, never a literal. */
const MESSAGE_CALLS = new Set([
  'defineSignal',
  'defineQuery',
  'defineUpdate',
  'signal',
  'query',
  'executeUpdate',
  'startUpdate',
  'startUpdateWithStart',
  'executeUpdateWithStart',
]);

/** `ApplicationFailure.nonRetryable(msg, TYPE)`, `.retryable(msg, TYPE)`, `.create({ type: TYPE })`: the TYPE expression. */
function thrownType(call: ts.CallExpression): ts.Expression | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.expression.getText() !== 'ApplicationFailure') return undefined;
  const method = callee.name.text;
  if (method === 'nonRetryable' || method === 'retryable') return call.arguments[1];
  if (method === 'create' || method === 'fromError') {
    const options = method === 'create' ? call.arguments[0] : call.arguments[1];
    if (options && ts.isObjectLiteralExpression(options)) {
      const prop = options.properties.find((p) => p.name?.getText() === 'type');
      if (prop && ts.isPropertyAssignment(prop)) return prop.initializer;
    }
  }
  return undefined;
}

/** Lists where `source` throws a failure type that `ErrorTypes` does not list, or spells an owned name as a literal. */
export function findUnownedNames(fileName: string, source: string, names: ContractNames): NameFinding[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const findings: NameFinding[] = [];
  const report = (node: ts.Node, problem: string) =>
    findings.push({ file: fileName, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, problem });
  const listedValues = new Set(Object.values(names.failureTypes));

  /** A failure-type position must read `ErrorTypes.<listed member>`. */
  const checkTypeExpression = (expr: ts.Expression, where: string) => {
    if (ts.isPropertyAccessExpression(expr) && expr.expression.getText() === 'ErrorTypes') {
      if (!(expr.name.text in names.failureTypes))
        report(expr, `${where}: ErrorTypes.${expr.name.text} is not listed in contracts/errors.ts`);
      return;
    }
    report(expr, `${where}: ${expr.getText()} is not an ErrorTypes member`);
  };

  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const type = thrownType(node);
      if (type) checkTypeExpression(type, 'thrown failure type');
      const callee = node.expression.getText().split('.').pop() ?? '';
      const first = node.arguments[0];
      if (
        MESSAGE_CALLS.has(callee) &&
        first &&
        isStringLike(first) &&
        (callee.startsWith('define') || names.messages.includes(first.text))
      )
        report(first, `names a workflow message as the literal '${first.text}' in ${callee}()`);
    }
    if (
      ts.isPropertyAssignment(node) &&
      node.name.getText() === 'nonRetryableErrorTypes' &&
      ts.isArrayLiteralExpression(node.initializer)
    ) {
      for (const el of node.initializer.elements)
        if (!ts.isSpreadElement(el)) checkTypeExpression(el, 'nonRetryableErrorTypes');
    }
    if (ts.isBinaryExpression(node) && ['===', '!==', '==', '!='].includes(node.operatorToken.getText())) {
      for (const [side, other] of [
        [node.left, node.right],
        [node.right, node.left],
      ] as const) {
        const comparesType = /failureType\(|\.type$/.test(other.getText());
        if (comparesType && isStringLike(side) && listedValues.has(side.text))
          report(side, `compares a failure type as the literal '${side.text}'`);
      }
    }
    if (isStringLike(node) && names.ownedLiterals.includes(node.text) && !ts.isImportDeclaration(node.parent)) {
      report(node, `spells '${node.text}', which contracts/ owns, as a literal`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return findings;
}

/** Product TypeScript files under `dirs` of `root` (no tests, no `.d.ts`). */
export function productFiles(root: string, dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts'))
        out.push(full);
    }
  };
  for (const d of dirs) walk(path.join(root, d));
  return out.sort();
}

/** Runs findUnownedNames over every file. */
export function findUnownedNamesIn(files: readonly string[], root: string, names: ContractNames): NameFinding[] {
  return files.flatMap((f) => findUnownedNames(path.relative(root, f), readFileSync(f, 'utf8'), names));
}
