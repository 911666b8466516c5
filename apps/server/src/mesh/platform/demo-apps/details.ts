/**
 * Bookinfo's details service, after samples/bookinfo/src/details/details.rb in istio/istio (v1: the
 * book's details are built in; v2's lookup on www.googleapis.com is not offered). WEBrick mounts the
 * handler on `/details`, the id is Ruby's `Integer()` of the path's last segment, and anything that
 * is not an integer answers 400 `{"error": "please provide numeric product id"}`.
 */
import type { DemoAppHandler, DemoRequest, DemoResponse } from './handler.ts';
import { jsonResponse, notFound } from './handler.ts';

/**
 * Ruby's `Integer(string)`: optional sign, `0x`/`0b`/`0o`/`0d` prefixes, a leading `0` for octal,
 * `_` between digits, surrounding whitespace. A BigInt, since Ruby's integers have no limit.
 */
export function rubyInteger(text: string): bigint | undefined {
  const match =
    /^([+-]?)(0[xX][0-9a-fA-F]+(?:_[0-9a-fA-F]+)*|0[bB][01]+(?:_[01]+)*|0[oO]?[0-7]+(?:_[0-7]+)*|0[dD]\d+(?:_\d+)*|[1-9]\d*(?:_\d+)*|0)$/.exec(
      text.trim(),
    );
  if (!match) return undefined;
  let digits = (match[2] ?? '').replaceAll('_', '');
  if (/^0[dD]/.test(digits)) digits = digits.slice(2);
  else if (/^0[oO]/.test(digits)) digits = `0o${digits.slice(2)}`;
  else if (/^0[0-7]/.test(digits)) digits = `0o${digits.slice(1)}`;
  const value = BigInt(digits);
  return match[1] === '-' ? -value : value;
}

/** `get_book_details` for v1, in details.rb's key order; the id is written as Ruby writes it. */
function bookDetails(id: bigint): string {
  const rest = JSON.stringify({
    author: 'William Shakespeare',
    year: 1595,
    type: 'paperback',
    pages: 200,
    publisher: 'PublisherA',
    language: 'English',
    'ISBN-10': '1234567890',
    'ISBN-13': '123-1234567890',
  });
  return `{"id":${id.toString()},${rest.slice(1)}`;
}

export function createDetails(): DemoAppHandler {
  return {
    handle(request: DemoRequest): Promise<DemoResponse> {
      if (request.path === '/health') {
        return Promise.resolve(jsonResponse(200, { status: 'Details is healthy' }));
      }
      if (request.path !== '/details' && !request.path.startsWith('/details/')) {
        return Promise.resolve(notFound());
      }
      // Ruby's String#split drops trailing empty fields: `/details/1/` names product 1.
      const parts = request.path.split('/');
      while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
      const id = rubyInteger(parts[parts.length - 1] ?? '');
      if (id === undefined) {
        return Promise.resolve(jsonResponse(400, { error: 'please provide numeric product id' }));
      }
      return Promise.resolve({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: bookDetails(id),
      });
    },
  };
}
