/**
 * Paths into a resource, as segments (`['spec', 'http', 0, 'route']`) and in Kiali's text
 * format (`spec/http[0]/route`): object keys joined by `/`, list indexes as `[i]` suffixes.
 */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `/${seg}`;
  }
  return out;
}

const segmentPattern = /^([^[\]]*)((?:\[\d+\])*)$/;

/** Parses Kiali's path text back to segments; returns undefined for text that is not a path. */
export function parsePath(text: string): PathSegment[] | undefined {
  if (text === '') return [];
  const out: PathSegment[] = [];
  for (const part of text.split('/')) {
    const m = segmentPattern.exec(part);
    if (!m) return undefined;
    const key = m[1] ?? '';
    if (key !== '') out.push(key);
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}
