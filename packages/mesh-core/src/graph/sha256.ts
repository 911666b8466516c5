/**
 * SHA-256 of a string's UTF-8 bytes, as lowercase hex. Kiali names graph elements by the SHA-256
 * of their internal id; mesh-core runs in browsers, where WebCrypto's digest is asynchronous, so
 * the synchronous implementation of @noble/hashes does it.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
