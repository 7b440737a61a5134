import path from 'node:path';
import {
  ErrorTypes,
  ORDER_MESSAGES,
  PAYMENT_TEST_TOKENS,
  SERVICE_READ_PATHS,
  SEARCH_ATTRIBUTE_KEYS,
  WORKFLOW_TYPES,
} from '../../contracts';
import * as workflows from '../../workflows';
import { findUnownedNames, findUnownedNamesIn, productFiles, type ContractNames } from '../support/contract-names';

const root = path.resolve(__dirname, '../..');
const names: ContractNames = {
  failureTypes: ErrorTypes,
  ownedLiterals: [
    ...Object.values(WORKFLOW_TYPES),
    ...SEARCH_ATTRIBUTE_KEYS.map((k) => k.name),
    ...Object.values(SERVICE_READ_PATHS),
    ...Object.values(PAYMENT_TEST_TOKENS),
  ],
  messages: Object.values(ORDER_MESSAGES),
};
/** Every folder of product code besides contracts/, which owns the names. */
const PRODUCT_DIRS = ['activities', 'api', 'lib', 'scripts', 'workers', 'workflows'];

describe('one owner per cross-process name (contracts/)', () => {
  it('product code throws only listed failure types and spells no owned name as a literal', () => {
    const files = productFiles(root, PRODUCT_DIRS);
    expect(files.length).toBeGreaterThan(50);
    expect(findUnownedNamesIn(files, root, names)).toEqual([]);
  });

  it('the orders worker registers exactly the workflow types contracts/ lists', () => {
    expect(Object.keys(workflows).sort()).toEqual(Object.values(WORKFLOW_TYPES).sort());
  });

  it('every failure type is its own member name (the string is what crosses the boundary)', () => {
    for (const [member, value] of Object.entries(ErrorTypes)) expect(value).toBe(member);
  });

  describe('the check reports what it should', () => {
    const probe = (source: string) => findUnownedNames('probe.ts', source, names).map((f) => f.problem);

    it('a thrown type that is not listed, or not taken from ErrorTypes', () => {
      expect(probe("throw ApplicationFailure.nonRetryable('m', ErrorTypes.NOT_A_TYPE);")).toEqual([
        'thrown failure type: ErrorTypes.NOT_A_TYPE is not listed in contracts/errors.ts',
      ]);
      expect(probe("throw ApplicationFailure.retryable('m', 'OUT_OF_STOCK');")).toEqual([
        "thrown failure type: 'OUT_OF_STOCK' is not an ErrorTypes member",
      ]);
      expect(probe("throw ApplicationFailure.create({ message: 'm', type: MY_TYPE });")).toEqual([
        'thrown failure type: MY_TYPE is not an ErrorTypes member',
      ]);
    });

    it('a literal in nonRetryableErrorTypes or in a comparison with a failure type', () => {
      expect(probe("const o = { nonRetryableErrorTypes: [ErrorTypes.OUT_OF_STOCK, 'ORDER_NOT_FOUND'] };")).toEqual([
        "nonRetryableErrorTypes: 'ORDER_NOT_FOUND' is not an ErrorTypes member",
      ]);
      expect(probe("if (failureType(err) === 'INVALID_RESERVATION_STATE') {}")).toEqual([
        "compares a failure type as the literal 'INVALID_RESERVATION_STATE'",
      ]);
    });

    it('a workflow type, a search attribute or a message name spelled as a literal', () => {
      expect(probe("client.workflow.start('orderCheckout', {});")).toEqual([
        "spells 'orderCheckout', which contracts/ owns, as a literal",
      ]);
      expect(probe("const k = defineSearchAttributeKey('CustomerId', T.KEYWORD);")).toEqual([
        "spells 'CustomerId', which contracts/ owns, as a literal",
      ]);
      expect(probe("export const s = defineSignal('approve');")).toEqual([
        "names a workflow message as the literal 'approve' in defineSignal()",
      ]);
      expect(probe("await handle.signal('cancel', {});")).toEqual([
        "names a workflow message as the literal 'cancel' in signal()",
      ]);
      expect(probe("await db.query('select 1');")).toEqual([]);
    });

    it('nothing for code that imports its names', () => {
      expect(
        probe(
          "throw ApplicationFailure.nonRetryable('m', ErrorTypes.OUT_OF_STOCK); defineSignal(ORDER_MESSAGES.approve);",
        ),
      ).toEqual([]);
    });
  });
});
