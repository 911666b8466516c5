/**
 * The Logs tab's Filter and Highlight: a text (or, with the regex toggle, a JavaScript regular
 * expression) compared case-insensitively with each line. Plain text is escaped into a regex so
 * that both kinds find their matches the same way; a pattern that is not a valid regex is an
 * error naming the field it was typed in.
 */

export interface TextMatcher {
  /** Whether the text contains a match. */
  readonly test: (text: string) => boolean;
  /** The text cut into pieces, the matches marked (empty matches are not marked). */
  readonly split: (text: string) => TextPiece[];
}

export interface TextPiece {
  readonly text: string;
  readonly match: boolean;
}

export type MatcherResult =
  | { readonly ok: true; readonly matcher: TextMatcher | undefined }
  | { readonly ok: false; readonly error: string };

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

function matcherOf(source: string): TextMatcher {
  const once = new RegExp(source, 'i');
  return {
    test: (text) => once.test(text),
    split: (text) => {
      const all = new RegExp(source, 'gi');
      const out: TextPiece[] = [];
      let at = 0;
      for (const m of text.matchAll(all)) {
        // matchAll moves past empty matches itself; they mark nothing.
        if (m[0] === '') continue;
        if (m.index > at) out.push({ text: text.slice(at, m.index), match: false });
        out.push({ text: m[0], match: true });
        at = m.index + m[0].length;
      }
      if (at < text.length || out.length === 0) out.push({ text: text.slice(at), match: false });
      return out;
    },
  };
}

/**
 * The matcher of what the user typed in `field` (`Filter`, `Highlight`); none for an empty
 * pattern.
 */
export function compileMatcher(o: {
  readonly field: string;
  readonly pattern: string;
  readonly regex: boolean;
}): MatcherResult {
  if (o.pattern === '') return { ok: true, matcher: undefined };
  if (!o.regex) return { ok: true, matcher: matcherOf(escapeRegex(o.pattern)) };
  try {
    new RegExp(o.pattern, 'i');
  } catch (e) {
    const why =
      e instanceof Error ? e.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(e);
    return { ok: false, error: `${o.field}: "${o.pattern}" is not a valid regular expression (${why})` };
  }
  return { ok: true, matcher: matcherOf(o.pattern) };
}
