/**
 * A Web Request whose body is read only when a handler asks for it, through `readText`, and
 * then kept. Handlers authenticate first and read second, so an unauthenticated caller's body
 * is never read; `readText` enforces the route's size limit. Building a Request with a body
 * would make a ReadableStream (and its abort plumbing) that the gateway only drains again with
 * `text()`, which `npm run bench:profile` showed to cost a noticeable share of a request's CPU.
 * `body` itself is null: readers use `text()`, `json()` and `arrayBuffer()`, never the stream.
 */
export class LazyBodyRequest extends Request {
  readonly #readText: () => Promise<string>;
  #text: Promise<string> | undefined;

  constructor(url: URL | string, init: { method: string; headers: Headers }, readText: () => Promise<string>) {
    super(url, init);
    this.#readText = readText;
  }

  override text(): Promise<string> {
    return (this.#text ??= this.#readText());
  }

  override json(): Promise<unknown> {
    return this.text().then((text) => JSON.parse(text) as unknown);
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.text().then((text) => {
      const bytes = Buffer.from(text);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    });
  }
}
