import { describe, expect, it } from 'vitest';
import type { LocalReply, LocalReplyCause } from './local-replies.ts';
import {
  CONNECTION_REFUSED_REPLY,
  LOCAL_REPLY_REASONS,
  UPSTREAM_RESET_REASONS,
  localReply,
} from './local-replies.ts';
import { isResponseFlag } from './response-flags.ts';

// Expected values transcribed from Envoy's router, fault, RBAC and local rate limit filters and
// from Istio's `block_all` route; see the module comment of local-replies.ts for each source.
const cases: readonly [LocalReplyCause, LocalReply][] = [
  [{ reason: 'no_route' }, { status: 404, body: '', flags: ['NR'], details: 'route_not_found' }],
  [{ reason: 'cluster_not_found' }, { status: 503, body: '', flags: ['NC'], details: 'cluster_not_found' }],
  [
    { reason: 'no_healthy_upstream' },
    { status: 503, body: 'no healthy upstream', flags: ['UH'], details: 'no_healthy_upstream' },
  ],
  [
    { reason: 'upstream_reset_before_headers', resetReason: 'remote connection failure' },
    {
      status: 503,
      body: 'upstream connect error or disconnect/reset before headers. reset reason: remote connection failure',
      flags: ['UF'],
      details: 'upstream_reset_before_response_started{remote_connection_failure}',
    },
  ],
  [
    {
      reason: 'upstream_reset_before_headers',
      resetReason: 'remote connection failure',
      transportFailureReason: 'delayed connect error: Connection refused',
      retried: true,
    },
    {
      status: 503,
      body:
        'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: ' +
        'remote connection failure, transport failure reason: delayed connect error: Connection refused',
      flags: ['UF'],
      details:
        'upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_Connection_refused}',
    },
  ],
  [
    { reason: 'upstream_reset_before_headers', resetReason: 'protocol error' },
    {
      status: 502,
      body: 'upstream connect error or disconnect/reset before headers. reset reason: protocol error',
      flags: ['UPE'],
      details: 'upstream_reset_before_response_started{protocol_error}',
    },
  ],
  [
    { reason: 'upstream_reset_before_headers', resetReason: 'overflow' },
    {
      status: 503,
      body: 'upstream connect error or disconnect/reset before headers. reset reason: overflow',
      flags: ['UO'],
      details: 'upstream_reset_before_response_started{overflow}',
    },
  ],
  [
    { reason: 'upstream_reset_before_headers', resetReason: 'connection termination' },
    {
      status: 503,
      body: 'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
      flags: ['UC'],
      details: 'upstream_reset_before_response_started{connection_termination}',
    },
  ],
  [
    { reason: 'upstream_request_timeout' },
    { status: 504, body: 'upstream request timeout', flags: ['UT'], details: 'response_timeout' },
  ],
  [
    { reason: 'fault_abort', status: 418 },
    { status: 418, body: 'fault filter abort', flags: ['FI'], details: 'fault_filter_abort' },
  ],
  [
    { reason: 'rate_limited' },
    { status: 429, body: 'local_rate_limited', flags: ['RL'], details: 'local_rate_limited' },
  ],
  [
    { reason: 'rbac_denied' },
    {
      status: 403,
      body: 'RBAC: access denied',
      flags: [],
      details: 'rbac_access_denied_matched_policy[none]',
    },
  ],
  [
    { reason: 'rbac_denied', policyId: 'ns[foo]-policy[deny all]-rule[0]' },
    {
      status: 403,
      body: 'RBAC: access denied',
      flags: [],
      details: 'rbac_access_denied_matched_policy[ns[foo]-policy[deny_all]-rule[0]]',
    },
  ],
  [{ reason: 'registry_only_blackhole' }, { status: 502, body: '', flags: [], details: 'direct_response' }],
  [
    { reason: 'request_header_too_large' },
    {
      status: 431,
      body: 'Request Header Fields Too Large',
      flags: ['DPE'],
      details: 'http1.headers_too_large',
    },
  ],
  [
    { reason: 'bad_request' },
    { status: 400, body: 'Bad Request', flags: ['DPE'], details: 'http1.codec_error' },
  ],
  [
    { reason: 'bad_request', codecDetails: 'http1.invalid_characters' },
    { status: 400, body: 'Bad Request', flags: ['DPE'], details: 'http1.invalid_characters' },
  ],
  [
    { reason: 'payload_too_large' },
    { status: 413, body: 'Payload Too Large', flags: [], details: 'request_payload_too_large' },
  ],
  [
    { reason: 'http10_not_accepted' },
    { status: 426, body: 'Upgrade Required', flags: [], details: 'low_version' },
  ],
  [
    { reason: 'downstream_disconnect' },
    { status: 0, body: '', flags: ['DC'], details: 'downstream_remote_disconnect' },
  ],
];

describe('localReply', () => {
  it.each(cases)('%j', (cause, expected) => {
    expect(localReply(cause)).toEqual(expected);
  });

  it('answers every reason with a valid status, known flags and a one-token detail', () => {
    for (const reason of LOCAL_REPLY_REASONS) {
      const cause = { reason, resetReason: 'local reset', status: 503 } as LocalReplyCause;
      const reply = localReply(cause);
      expect(reply.status === 0 || (reply.status >= 400 && reply.status < 600)).toBe(true);
      expect(reply.flags.every(isResponseFlag)).toBe(true);
      expect(reply.details).not.toMatch(/\s/);
    }
  });

  it('gives every upstream reset reason the prefix and exactly one flag', () => {
    for (const resetReason of UPSTREAM_RESET_REASONS) {
      const reply = localReply({ reason: 'upstream_reset_before_headers', resetReason });
      expect(reply.body).toBe(
        `upstream connect error or disconnect/reset before headers. reset reason: ${resetReason}`,
      );
      expect(reply.flags).toHaveLength(1);
    }
  });

  it('matches what a client sees when the upstream port is closed', () => {
    expect(CONNECTION_REFUSED_REPLY.status).toBe(503);
    expect(CONNECTION_REFUSED_REPLY.flags).toEqual(['UF']);
    expect(CONNECTION_REFUSED_REPLY.body).toBe(
      'upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, ' +
        'transport failure reason: delayed connect error: Connection refused',
    );
  });
});
