/** The variable the global setup passes the stack's URL to the test workers in. */
export const STACK_URL_ENV = 'MESHLENS_E2E_URL';

export function stackUrl(): string {
  const url = process.env[STACK_URL_ENV];
  if (url === undefined || url === '')
    throw new Error(`${STACK_URL_ENV} is not set: run through playwright test`);
  return url;
}
