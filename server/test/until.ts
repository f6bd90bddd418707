/**
 * Polls `condition` until it holds, and fails naming `what` if it does not within `deadlineMs`: tests synchronise on
 * a state they can observe, never on a sleep that merely tends to be long enough.
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  { deadlineMs = 10_000, stepMs = 10 }: { deadlineMs?: number; stepMs?: number } = {},
): Promise<void> {
  const deadline = performance.now() + deadlineMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`not within ${deadlineMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}
