/**
 * Plain data (a stored JSON document) written as block-style YAML, for diffs between revisions,
 * with the `yaml` library mesh-core also reads with. Lines are never folded and multi-line
 * strings become literal blocks, so a changed line of an EnvoyFilter's Lua code is one changed
 * line in the diff; strings a YAML 1.1 reader would take for booleans (`yes`, `on`, …) are quoted.
 */
import { stringify } from 'yaml';

/** One YAML document, ending with a newline. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, minContentWidth: 0, compat: 'yaml-1.1', blockQuote: 'literal' });
}
