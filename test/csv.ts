/**
 * A strict RFC 4180 reader for tests, written apart from the exporter so that a quoting bug
 * in one is not mirrored in the other: fields quoted or bare, `""` inside quotes, CRLF records.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else field += char;
      index += 1;
      continue;
    }
    if (char === '"') {
      if (field !== '') throw new Error(`a quote inside a bare field at ${index}`);
      quoted = true;
    } else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      index += 1;
    } else if (char === '\n' || char === '\r') {
      throw new Error(`a bare line break at ${index}`);
    } else {
      field += char;
    }
    index += 1;
  }
  if (quoted) throw new Error('an unterminated quoted field');
  if (field !== '' || record.length) throw new Error('a last record without CRLF');
  return records;
}
