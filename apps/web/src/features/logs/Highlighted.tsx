import type { TextMatcher } from './text-match.ts';

/** Text with the highlight's matches in `<mark>`. */
export function Highlighted(props: { readonly text: string; readonly matcher: TextMatcher | undefined }) {
  if (props.matcher === undefined) return <>{props.text}</>;
  return (
    <>
      {props.matcher
        .split(props.text)
        .map((piece, i) =>
          piece.match ? <mark key={i}>{piece.text}</mark> : <span key={i}>{piece.text}</span>,
        )}
    </>
  );
}
