import { monotonicFactory } from 'ulid';

const ulid = monotonicFactory();

/** `gen_<ulid>`: sortable by time, unique across instances. */
export function newGenerationId(): string {
  return `gen_${ulid()}`;
}
