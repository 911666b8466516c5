/**
 * One keep-alive HTTP/1.1 client connection for the load generator: it writes a prebuilt request
 * and parses just enough of the response (status, Content-Length or chunked framing, Connection)
 * to know when it has ended, without copying the body. One request at a time, no pipelining.
 * Node's http client costs several times more CPU per request; a lean client keeps the generator
 * far from being the bottleneck.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';

const crlfcrlf = Buffer.from('\r\n\r\n');
const crlf = Buffer.from('\r\n');

export interface ResponseInfo {
  readonly status: number;
  readonly bodyBytes: number;
}

export interface ConnectionHandlers {
  /** The response to the request in flight has ended. */
  readonly onResponse: (connection: HttpConnection, response: ResponseInfo) => void;
  /** The connection failed or closed with a request in flight (or while idle, with `inFlight` false). */
  readonly onFailure: (connection: HttpConnection, error: Error, inFlight: boolean) => void;
}

type ParseState = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailer' | 'idle';

export class HttpConnection {
  /** Caller's data about the request in flight (its intended send time). */
  tag = 0;
  private socket: Socket | undefined;
  private state: ParseState = 'idle';
  private pending: Buffer | null = null;
  private status = 0;
  private remaining = 0;
  private bodyBytes = 0;
  private closeAfter = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly request: Buffer,
    private readonly handlers: ConnectionHandlers,
  ) {}

  get busy(): boolean {
    return this.state !== 'idle';
  }

  /** False after a failure or a `Connection: close` response, until `open()` again. */
  get isOpen(): boolean {
    return this.socket !== undefined;
  }

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port, noDelay: true });
      this.socket = socket;
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.on('error', (error) => {
          this.fail(error);
        });
        socket.on('close', () => {
          if (this.socket === socket) this.fail(new Error('connection closed by peer'));
        });
        resolve();
      });
      socket.once('error', reject);
      socket.on('data', (chunk: Buffer) => {
        this.onData(chunk);
      });
    });
  }

  send(tag: number): void {
    if (!this.socket) throw new Error('connection is not open');
    this.tag = tag;
    this.state = 'head';
    this.pending = null;
    this.bodyBytes = 0;
    this.socket.write(this.request);
  }

  close(): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
  }

  private fail(error: Error): void {
    const inFlight = this.busy;
    this.close();
    this.state = 'idle';
    this.handlers.onFailure(this, error, inFlight);
  }

  private onData(chunk: Buffer): void {
    let data: Buffer = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    try {
      while (data.length > 0 && this.state !== 'idle') {
        const consumed = this.step(data);
        if (consumed < 0) {
          this.pending = data;
          return;
        }
        data = data.subarray(consumed);
      }
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Consumes a prefix of `data` and returns its length, or -1 when more bytes are needed. */
  private step(data: Buffer): number {
    switch (this.state) {
      case 'head': {
        const end = data.indexOf(crlfcrlf);
        if (end < 0) return -1;
        this.parseHead(data.toString('latin1', 0, end));
        this.finishIfEmpty();
        return end + 4;
      }
      case 'length': {
        const n = Math.min(this.remaining, data.length);
        this.remaining -= n;
        this.bodyBytes += n;
        if (this.remaining === 0) this.finish();
        return n;
      }
      case 'chunk-size': {
        const end = data.indexOf(crlf);
        if (end < 0) return -1;
        const size = parseInt(data.toString('latin1', 0, end).split(';')[0] ?? '', 16);
        if (Number.isNaN(size)) throw new Error('bad chunk size');
        this.state = size === 0 ? 'trailer' : 'chunk-data';
        this.remaining = size;
        return end + 2;
      }
      case 'chunk-data': {
        const n = Math.min(this.remaining, data.length);
        this.remaining -= n;
        this.bodyBytes += n;
        if (this.remaining === 0) {
          this.state = 'chunk-end';
          this.remaining = 2;
        }
        return n;
      }
      case 'chunk-end': {
        // The CRLF after a chunk's data.
        const n = Math.min(this.remaining, data.length);
        this.remaining -= n;
        if (this.remaining === 0) this.state = 'chunk-size';
        return n;
      }
      case 'trailer': {
        const end = data.indexOf(crlf);
        if (end < 0) return -1;
        if (end === 0) this.finish();
        return end + 2;
      }
      case 'idle':
        return data.length;
    }
  }

  private parseHead(head: string): void {
    const lines = head.split('\r\n');
    this.status = Number(lines[0]?.split(' ')[1]);
    let length = -1;
    let chunked = false;
    this.closeAfter = false;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] ?? '';
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line
        .slice(colon + 1)
        .trim()
        .toLowerCase();
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding') chunked = value.includes('chunked');
      else if (name === 'connection') this.closeAfter = value === 'close';
    }
    if (chunked) {
      this.state = 'chunk-size';
    } else if (length >= 0) {
      this.state = 'length';
      this.remaining = length;
    } else {
      throw new Error(`response without Content-Length or chunked framing (status ${this.status})`);
    }
  }

  private finishIfEmpty(): void {
    if (this.state === 'length' && this.remaining === 0) this.finish();
  }

  private finish(): void {
    this.state = 'idle';
    const response = { status: this.status, bodyBytes: this.bodyBytes };
    if (this.closeAfter) {
      // The server will close; the caller reopens on the failure it then sees.
      this.close();
    }
    this.handlers.onResponse(this, response);
    if (this.closeAfter) this.handlers.onFailure(this, new Error('server closed the connection'), false);
  }
}
