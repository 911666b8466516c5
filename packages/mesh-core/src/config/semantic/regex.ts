/**
 * RE2 regexes, as Envoy runs them and Istio checks them (Go's `regexp`, which is RE2): no
 * backreferences, no lookaround, and at most 1024 characters, since Envoy refuses programs
 * over a size limit that the length approximates. Compiled patterns are kept in a bounded map:
 * the editor re-validates the same handful of regexes on every keystroke, and a config with
 * thousands of routes usually repeats a few patterns.
 */
import { RE2JS } from 're2js';
import type { Path } from '../path.ts';
import type { Report } from './report.ts';

export const maxRegexLength = 1024;
const cacheLimit = 1024;

export type CompiledRegex =
  { readonly ok: true; readonly re: RE2JS } | { readonly ok: false; readonly error: string };

// Shared on purpose: patterns compile to immutable programs, so every caller can reuse them.
// Bounded so that a long editing session cannot grow it without limit (oldest entry goes first).
const compiled = new Map<string, CompiledRegex>();

/** Compiles `pattern` as RE2, reusing an earlier compilation of the same text. */
export function compileRe2(pattern: string): CompiledRegex {
  const hit = compiled.get(pattern);
  if (hit) return hit;
  let result: CompiledRegex;
  try {
    result = { ok: true, re: RE2JS.compile(pattern) };
  } catch (e) {
    result = { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  if (compiled.size >= cacheLimit) {
    const oldest = compiled.keys().next();
    if (oldest.done !== true) compiled.delete(oldest.value);
  }
  compiled.set(pattern, result);
  return result;
}

/** Istio's `validateStringRegexp`: reports on `path` and returns whether `pattern` is usable. */
export function checkRegex(report: Report, path: Path, pattern: string): boolean {
  if (pattern.length > maxRegexLength) {
    report.field(path, `regex is too large, max length allowed is ${maxRegexLength} (got ${pattern.length})`);
    return false;
  }
  const result = compileRe2(pattern);
  if (!result.ok) {
    report.field(
      path,
      `is not a valid RE2 regex (${result.error}); Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)`,
    );
    return false;
  }
  return true;
}
