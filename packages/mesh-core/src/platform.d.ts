// The few web-platform globals mesh-core uses. Both browsers and Node provide them; the
// package's lib is ES-only so that no other DOM or Node API can creep in.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
