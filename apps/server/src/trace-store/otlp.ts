/** Decodes an OTLP/HTTP traces body in either encoding into the one shape of `otlp-types.ts`. */
import { decodeOtlpJson } from './otlp-json.ts';
import { decodeOtlpProtobuf } from './otlp-proto.ts';
import type { OtlpEncoding, OtlpExportRequest } from './otlp-types.ts';

export function decodeOtlpTraces(body: Uint8Array, encoding: OtlpEncoding): OtlpExportRequest {
  switch (encoding) {
    case 'json':
      return decodeOtlpJson(Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8'));
    case 'protobuf':
      return decodeOtlpProtobuf(body);
  }
}
