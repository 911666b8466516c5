/**
 * Why a request got no answer, as the network layer said it: undici's `fetch failed` hides the
 * socket error in `cause` (an AggregateError with an empty message when every address of a host
 * refused).
 */
export function networkReason(error: unknown): string {
  let current: unknown = error;
  let last = '';
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof AggregateError && current.message === '') {
      const first: unknown = current.errors[0];
      const code = (current as NodeJS.ErrnoException).code;
      last = first instanceof Error ? first.message : (code ?? last);
      break;
    }
    if (current.message !== '' && current.message !== 'fetch failed') last = current.message;
    current = current.cause;
  }
  return last === '' ? String(error) : last;
}
