/** A JSON answer (a completion, a message, a response) larger than this is refused, not buffered. */
export const MAX_JSON_BODY_BYTES = 32 * 1024 * 1024;

/**
 * An event of an upstream's stream still open after this many more bytes (about: counted per
 * upstream chunk) ends the stream: an upstream that never sends the blank line would otherwise
 * grow the parser's buffer until the deadline.
 */
export const MAX_EVENT_BYTES = 16 * 1024 * 1024;

export class UpstreamEventTooLargeError extends Error {
  constructor() {
    super(`an event of the upstream's stream is larger than ${MAX_EVENT_BYTES} bytes`);
    this.name = 'UpstreamEventTooLargeError';
  }
}
