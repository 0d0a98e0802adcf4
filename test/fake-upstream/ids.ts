// Deterministic identifiers and timestamps: everything derives from the request's 1-based
// sequence number, so fixtures are byte-stable and tests can predict ids.

/** Fixed "now" (2026-01-01T00:00:00Z, unix seconds) used for every `created`/`created_at`. */
export const FAKE_CREATED = 1767225600;

const pad = (seq: number): string => String(seq).padStart(6, '0');

export const ids = {
  chatCompletion: (seq: number) => `chatcmpl-fake${pad(seq)}`,
  toolCall: (seq: number) => `call_fake${pad(seq)}`,
  response: (seq: number) => `resp_fake${pad(seq)}`,
  responseMessage: (seq: number) => `msg_fake${pad(seq)}`,
  responseFunctionCall: (seq: number) => `fc_fake${pad(seq)}`,
  anthropicMessage: (seq: number) => `msg_fake${pad(seq)}`,
  anthropicToolUse: (seq: number) => `toolu_fake${pad(seq)}`,
  geminiResponse: (seq: number) => `fake${pad(seq)}`,
  request: (seq: number) => `req_fake${pad(seq)}`,
};
