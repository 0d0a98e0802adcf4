/**
 * A Web Request whose body is read only when a handler asks for it, through `readBytes`, and
 * then kept. Handlers authenticate first and read second, so an unauthenticated caller's body
 * is never read; `readBytes` enforces the route's size limit. Building a Request with a body
 * would make a ReadableStream (and its abort plumbing) that the gateway only drains again with
 * `text()`, which `npm run bench:profile` showed to cost a noticeable share of a request's CPU.
 * `body` itself is null: readers use `text()`, `json()` and `arrayBuffer()`, never the stream.
 * Bytes, not text, are kept, so a multipart upload (audio, images) survives undecoded.
 */
export class LazyBodyRequest extends Request {
  readonly #readBytes: () => Promise<Uint8Array>;
  #bytes: Promise<Uint8Array> | undefined;

  constructor(url: URL | string, init: { method: string; headers: Headers }, readBytes: () => Promise<Uint8Array>) {
    super(url, init);
    this.#readBytes = readBytes;
  }

  #read(): Promise<Uint8Array> {
    return (this.#bytes ??= this.#readBytes());
  }

  override text(): Promise<string> {
    return this.#read().then((bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  }

  override json(): Promise<unknown> {
    return this.text().then((text) => JSON.parse(text) as unknown);
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#read().then((bytes) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  }
}
