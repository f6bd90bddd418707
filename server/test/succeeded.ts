/**
 * A setup step's response, after making sure it succeeded: a test whose preparation was refused fails there, naming
 * the step and the server's answer, instead of asserting later against a world that was never built.
 */
export function succeeded<R extends { statusCode: number; body: string }>(response: R, step: string): R {
  if (response.statusCode < 200 || response.statusCode > 299) {
    throw new Error(`${step}: ${response.statusCode} ${response.body.slice(0, 500)}`);
  }
  return response;
}
