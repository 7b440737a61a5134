/** Workflow type names, as the orders worker registers them (the export names of `workflows/index.ts`). */
export const WORKFLOW_TYPES = {
  orderCheckout: 'orderCheckout',
  registerUser: 'registerUser',
  changeProductPrice: 'changeProductPrice',
  restockProduct: 'restockProduct',
} as const;

/** One workflow type name. */
export type WorkflowType = (typeof WORKFLOW_TYPES)[keyof typeof WORKFLOW_TYPES];
