// A small RFC 4180 reader: comma-separated fields, double-quoted fields that may hold commas,
// line breaks and doubled quotes, CRLF or LF between records. Enough for a survey export, so the
// CLI needs no CSV dependency.

/** The records of `text`, each an array of its fields; a final line break adds no empty record. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else field += char;
      i += 1;
      continue;
    }
    if (char === '"' && field === '') quoted = true;
    else if (char === ',') endField();
    else if (char === '\n' || (char === '\r' && text[i + 1] === '\n')) {
      endRecord();
      if (char === '\r') i += 1;
    } else field += char;
    i += 1;
  }
  if (quoted) throw new SyntaxError('the CSV ends inside a quoted field');
  if (field !== '' || record.length > 0) endRecord();
  return records;
}
