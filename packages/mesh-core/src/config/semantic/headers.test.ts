import { describe, expect, it } from 'vitest';
import { checkHeaderOperations, headerValueError, isJwtClaimRoute, matchHeaderNameError } from './headers.ts';
import { Report } from './report.ts';
import { formatPath } from '../path.ts';

describe('header names and values', () => {
  const names: [string, string | undefined][] = [
    ['x-request-id', undefined],
    ['X_Custom!', undefined],
    [':authority', undefined],
    ['@request.auth.claims.groups', undefined],
    ['@request.auth.claims[nested][key]', undefined],
    ['', 'cannot be empty'],
    ['x y', 'not a valid header name'],
    [':custom', 'not a valid header name'],
    ['@request.auth.claims', 'not a valid header name'],
  ];
  it.each(names)('match header %j', (name, problem) => {
    const err = matchHeaderNameError(name);
    if (problem === undefined) expect(err).toBeUndefined();
    else expect(err).toContain(problem);
  });

  it('recognises JWT claim routes', () => {
    expect(isJwtClaimRoute('@REQUEST.AUTH.CLAIMS.sub')).toBe(true);
    expect(isJwtClaimRoute('@request.auth.claims.')).toBe(false);
  });

  const values: [string, string | undefined][] = [
    ['plain', undefined],
    ['', undefined],
    ['%HOSTNAME%', undefined],
    ['100%%', undefined],
    ['prefix %START_TIME% suffix', undefined],
    ['%REQ(x-a)%', undefined],
    ['%UPSTREAM_METADATA(["a", "b"])%', undefined],
    ['tab\tis fine', undefined],
    ['abc%', 'un-escaped %'],
    ['%START_TIME%%', 'un-escaped %'],
    ['%VAR', 'un-terminated'],
    ['%UPSTREAM_METADATA(["a" x])%', "expecting ','"],
    ['bell\u0007', 'control characters'],
  ];
  it.each(values)('header value %j', (value, problem) => {
    const err = headerValueError(value);
    if (problem === undefined) expect(err).toBeUndefined();
    else expect(err).toContain(problem);
  });

  it('allows the authority on request edits only', () => {
    const report = new Report();
    checkHeaderOperations(report, ['spec', 'headers'], {
      request: { set: { host: 'a' } },
      response: { set: { host: 'a' } },
    });
    expect(report.findings.map((f) => formatPath(f.path))).toEqual(['spec/headers/response/set/host']);
  });
});
