import { describe, expect, it } from 'vitest';
import { bookinfoGraph } from './bookinfo-graph.test-support.ts';
import { evaluateFind, findAndHide, hiddenElements } from './evaluate-find.ts';
import { parseFind } from './parse-find.ts';

const graph = bookinfoGraph();

function matches(text: string): string[] {
  const parsed = parseFind(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const m = evaluateFind(parsed.expression, graph);
  return [...m.nodes, ...m.edges].sort();
}

describe('find expressions over a Bookinfo graph', () => {
  it.each([
    ['%httperr > 0', ['e-reviews-v2-ratings']],
    ['%httperror>0', ['e-reviews-v2-ratings']],
    ['name = reviews', ['reviews-v1', 'reviews-v2', 'reviews-v3']],
    ['name = reviews-v2', ['reviews-v2']],
    ['app startswith rev and version = v2', ['reviews-v2']],
    ['app ^= rev and version=v2', ['reviews-v2']],
    ['app endswith ings', ['ratings-v1']],
    ['app contains age', ['productpage-v1']],
    [
      'app != details and version=v1 and namespace = bookinfo',
      ['mongodb-v1', 'idle-v1', 'productpage-v1', 'ratings-v1', 'reviews-v1'].sort(),
    ],
    ['name not contains e', ['mongodb-v1', 'ratings-v1']],
    ['name !*= e', ['mongodb-v1', 'ratings-v1']],
    [
      'NAME NOT STARTSWITH r and app !$= v1 and ns = bookinfo',
      ['details-v1', 'idle-v1', 'mongodb-v1', 'productpage-v1'].sort(),
    ],
    ['!healthy', ['details-v1', 'ratings-v1', 'reviews-v2'].sort()],
    ['not healthy', ['details-v1', 'ratings-v1', 'reviews-v2'].sort()],
    ['healthy and ns = bookinfo', ['mongodb-v1', 'productpage-v1', 'reviews-v1', 'reviews-v3'].sort()],
    ['failure', ['ratings-v1']],
    ['degraded', ['details-v1', 'reviews-v2']],
    ['rt > 100', ['e-productpage-reviews-v1']],
    ['responsetime >= 0.1s', ['e-productpage-reviews-v1']],
    ['rt <= 30ms', ['e-productpage-details', 'e-reviews-v3-ratings'].sort()],
    ['http > 5', ['e-ingress-productpage', 'e-productpage-details'].sort()],
    [
      '%httptraffic >= 50.0',
      [
        'e-ingress-productpage',
        'e-productpage-details',
        'e-reviews-v2-ratings',
        'e-reviews-v3-ratings',
      ].sort(),
    ],
    ['tcp > 1000', ['e-ratings-mongodb']],
    ['tcp >= 1kbps', ['e-ratings-mongodb']],
    ['protocol = tcp', ['e-ratings-mongodb']],
    ['http = NaN', ['e-ratings-mongodb']],
    ['httpin > 5', ['details-v1', 'productpage-v1', 'ratings-v1'].sort()],
    ['httpout = NaN', ['details-v1', 'idle-v1', 'mongodb-v1', 'ratings-v1', 'reviews-v1']],
    ['httpout != NaN and node = app', ['ingress', 'productpage-v1', 'reviews-v2', 'reviews-v3']],
    [
      '%httperr = 0',
      [
        'e-ingress-productpage',
        'e-productpage-details',
        'e-productpage-reviews-v1',
        'e-productpage-reviews-v2',
        'e-productpage-reviews-v3',
        'e-reviews-v3-ratings',
      ],
    ],
    ['tcpout > 0', ['ratings-v1']],
    ['mtls', ['e-productpage-details']],
    ['has mtls', ['e-productpage-details']],
    ['sourceprincipal endswith productpage', ['e-productpage-details']],
    ['!sidecar', ['mongodb-v1']],
    ['!sc', ['mongodb-v1']],
    ['is outside', ['ingress']],
    ['trafficsource', ['ingress']],
    ['root', ['ingress']],
    ['vs', ['reviews-v1', 'reviews-v2', 'reviews-v3']],
    ['cb', ['ratings-v1']],
    ['idle', ['idle-v1']],
    ['dead', []],
    ['label:region', ['productpage-v1']],
    ['label:region = east', ['productpage-v1']],
    ['node = svc', []],
    ['node = app and app = details', ['details-v1']],
    ['!traffic', []],
    ['app = ratings or %httperr > 0', ['e-reviews-v2-ratings', 'ratings-v1']],
    ['node = app and app startswith det or !traffic or protocol = tcp', ['details-v1', 'e-ratings-mongodb']],
    ['app = "details"', ['details-v1']],
    ['', []],
  ])('%s', (text, expected) => {
    expect(matches(text)).toEqual(expected);
  });
});

describe('find expression errors name the token and its column', () => {
  it.each([
    ['foo = 1', 'Invalid operand [foo] (column 1)'],
    ['app = reviews and foo', 'Invalid operand [foo] (column 19)'],
    ['%httperr > abc', 'Expected a number after [>] for [%httperr], found [abc]'],
    ['%httperr > ', 'Expected a value after [>] for [%httperr] (at the end)'],
    ['rt > 5 min', 'Invalid unit [min] for [rt]: values are milliseconds (ms or s)'],
    ['rt > fast', 'Expected a number after [>] for [rt], found [fast]'],
    ['rt > 5min', 'Invalid unit [min] for [rt]: values are milliseconds (ms or s)'],
    ['http *= 5', 'Invalid operator [*=] for numeric operand [http]'],
    ['http > NaN', '[NaN] works only with [=] and [!=], not [>]'],
    ['app > 5', 'Invalid operator [>] for string operand [app]'],
    ['app', 'Expected an operator after [app] (at the end)'],
    ['app reviews', 'Expected an operator after [app], found [reviews] (column 5)'],
    ['mtls = 1', 'Operand [mtls] takes no operator or value'],
    ['!app = x', '[!] negates only unary operands'],
    ['node = box', 'Invalid node type [box]. Expected app | operation | service | unknown | workload'],
    ['app = reviews and http > 1', 'Can not AND node and edge criteria: [http] is an edge operand'],
    ['mtls and healthy', 'Can not AND node and edge criteria: [healthy] is a node operand'],
    ['app = x and', 'Expected an operand after [and] (at the end)'],
    ['healthy idle', 'Operand [healthy] takes no operator or value; use [healthy] or [!healthy] (column 9)'],
    ['= 5', 'Expected an operand, found [=] (column 1)'],
  ])('%s', (text, message) => {
    const parsed = parseFind(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toContain(message);
  });

  it('reports the offending token and its offset', () => {
    const parsed = parseFind('app = x or bogus');
    expect(parsed).toMatchObject({ ok: false, error: { token: 'bogus', position: 11 } });
  });
});

describe('hide', () => {
  it('hides edges of hidden nodes and nodes left without visible edges, never idle nodes', () => {
    const parsed = parseFind('app = productpage');
    if (!parsed.ok) throw new Error(parsed.error.message);
    const hidden = [...hiddenElements(evaluateFind(parsed.expression, graph), graph)].sort();
    // ingress has no edge left; details and reviews v1 only had edges from productpage.
    expect(hidden).toEqual(
      [
        'productpage-v1',
        'ingress',
        'details-v1',
        'reviews-v1',
        'e-ingress-productpage',
        'e-productpage-details',
        'e-productpage-reviews-v1',
        'e-productpage-reviews-v2',
        'e-productpage-reviews-v3',
      ].sort(),
    );
  });

  it('takes precedence over find, and reports each expression’s error separately', () => {
    const result = findAndHide(graph, 'name = reviews', 'app = reviews and version = v1');
    expect([...result.find].sort()).toEqual(['reviews-v2', 'reviews-v3']);
    const bad = findAndHide(graph, 'bogus', 'rt >');
    expect(bad.findError?.message).toContain('Invalid operand [bogus]');
    expect(bad.hideError?.message).toContain('Expected a value after [>] for [rt]');
    expect(bad.find.size + bad.hide.size).toBe(0);
  });
});
