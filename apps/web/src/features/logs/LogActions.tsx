/** Copy the lines shown to the clipboard, or download them as a text file. */
import type { LogEntryJson } from '@meshlens/mesh-core/api/logs';
import { useState } from 'react';
import { linesAsText } from './log-lines.ts';

export function LogActions(props: { readonly lines: readonly LogEntryJson[]; readonly fileName: string }) {
  const [said, setSaid] = useState('');
  const count = props.lines.length;
  const what = `${count} ${count === 1 ? 'line' : 'lines'}`;
  return (
    <span className="log-actions">
      <button
        type="button"
        disabled={count === 0}
        onClick={() => {
          navigator.clipboard.writeText(linesAsText(props.lines)).then(
            () => {
              setSaid(`Copied ${what}`);
            },
            (e: unknown) => {
              setSaid(`Cannot copy: ${e instanceof Error ? e.message : String(e)}`);
            },
          );
        }}
      >
        Copy
      </button>
      <button
        type="button"
        disabled={count === 0}
        onClick={() => {
          const url = URL.createObjectURL(new Blob([linesAsText(props.lines)], { type: 'text/plain' }));
          const a = document.createElement('a');
          a.href = url;
          a.download = props.fileName;
          a.click();
          URL.revokeObjectURL(url);
          setSaid(`Downloaded ${what}`);
        }}
      >
        Download
      </button>
      <span role="status" className="muted">
        {said}
      </span>
    </span>
  );
}
