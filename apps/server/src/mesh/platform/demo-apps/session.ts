/**
 * productpage's sign-in session: like Flask's default session (productpage.py `session['user']`),
 * a cookie named `session` holding `{"user": …}`, signed so that a tampered cookie reads as no
 * session, `HttpOnly; Path=/`. Like Istio's sample (whose `app.secret_key` is in its source), the
 * key is a fixed demo key: every instance and restart reads every other's cookies.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { headerValue } from './handler.ts';

export const SESSION_COOKIE = 'session';
const DEMO_KEY = 'meshlens-bookinfo-demo';

function sign(payload: string): string {
  return createHmac('sha256', DEMO_KEY).update(payload).digest('base64url');
}

/** The `Set-Cookie` value that signs `user` in. */
export function sessionCookie(user: string): string {
  const payload = Buffer.from(JSON.stringify({ user }), 'utf8').toString('base64url');
  return `${SESSION_COOKIE}=${payload}.${sign(payload)}; HttpOnly; Path=/`;
}

/** The `Set-Cookie` value that ends the session (what Flask sends once the session is empty). */
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/`;
}

/** The signed-in user of a request, if its `session` cookie is one of ours and names one. */
export function sessionUser(headers: IncomingHttpHeaders): string | undefined {
  const cookies = headerValue(headers, 'cookie');
  if (cookies === undefined) return undefined;
  for (const part of cookies.split(/;\s*|,\s*/)) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const [payload = '', signature = ''] = part
      .slice(eq + 1)
      .trim()
      .split('.');
    const expected = Buffer.from(sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) continue;
    try {
      const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      if (typeof value === 'object' && value !== null && 'user' in value && typeof value.user === 'string') {
        return value.user === '' ? undefined : value.user;
      }
    } catch {
      // not JSON: no session
    }
  }
  return undefined;
}
