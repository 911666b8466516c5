/**
 * Jaeger UI's tags input: logfmt, `key=value key2="value with spaces"`, read into the JSON object
 * of strings Jaeger's API takes. As Jaeger UI (which uses the `logfmt` package), a bare `key`
 * means `key=true`, values may be double-quoted with `\"` and `\\` escapes, and a later key
 * replaces an earlier one. Anything else (an unterminated quote, `=value` without a key) is an
 * error message for the user.
 */
export type LogfmtResult = { readonly tags: Readonly<Record<string, string>> } | { readonly error: string };

const SPACE = /\s/;

export function parseLogfmt(text: string): LogfmtResult {
  const tags: [string, string][] = [];
  let i = 0;
  const readToken = (stop: (c: string) => boolean): string => {
    const start = i;
    while (i < text.length && !stop(text[i] ?? '')) i += 1;
    return text.slice(start, i);
  };
  while (i < text.length) {
    if (SPACE.test(text[i] ?? '')) {
      i += 1;
      continue;
    }
    const key = readToken((c) => c === '=' || SPACE.test(c));
    if (key === '') return { error: `a tag at character ${i + 1} has no key (write key=value)` };
    if (key.includes('"')) return { error: `the key ${key} must not contain a quote` };
    if (text[i] !== '=') {
      tags.push([key, 'true']);
      continue;
    }
    i += 1;
    if (text[i] === '"') {
      i += 1;
      let value = '';
      let closed = false;
      while (i < text.length) {
        const c = text[i] ?? '';
        if (c === '\\' && i + 1 < text.length) {
          value += text[i + 1] ?? '';
          i += 2;
          continue;
        }
        i += 1;
        if (c === '"') {
          closed = true;
          break;
        }
        value += c;
      }
      if (!closed) return { error: `the value of ${key} has no closing quote` };
      tags.push([key, value]);
    } else {
      tags.push([key, readToken((c) => SPACE.test(c))]);
    }
  }
  return { tags: Object.fromEntries(tags) };
}

/** The tags as logfmt, quoting values that need it. */
export function formatLogfmt(tags: Readonly<Record<string, string>>): string {
  return Object.entries(tags)
    .map(([k, v]) =>
      v !== '' && !/[\s"=\\]/.test(v) ? `${k}=${v}` : `${k}="${v.replace(/["\\]/g, '\\$&')}"`,
    )
    .join(' ');
}
