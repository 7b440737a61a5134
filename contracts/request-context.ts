/** Temporal header that carries the gateway's request id from a workflow to each activity it schedules. */
export const REQUEST_ID_HEADER = 'request-id';
