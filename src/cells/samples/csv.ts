export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts (a quoted field may span lines). */
  line: number;
}

/**
 * RFC 4180-style CSV: quoted fields with `""` escapes and embedded delimiters/newlines, CRLF or
 * LF, a leading BOM; blank lines are dropped. The delimiter (`,`, `;` or tab) is guessed from
 * the first line because spreadsheet exports in many locales use `;`.
 */
export function parseCsv(text: string): CsvRecord[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const delimiter = guessDelimiter(text);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quoted = false;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0].trim() === '' && !quoted)) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
    quoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field.trim() === '') {
      inQuotes = true;
      quoted = true;
      field = '';
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += c;
  }
  if (field !== '' || fields.length > 0 || quoted) endRecord();
  return records;
}

function guessDelimiter(text: string): string {
  const nl = text.search(/\r?\n/);
  const first = (nl < 0 ? text : text.slice(0, nl)).replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t']) {
    const count = first.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}
