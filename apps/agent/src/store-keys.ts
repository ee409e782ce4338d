/**
 * Ids (agent, framework, task) as key segments of the checkpoint store, which allows only
 * `[A-Za-z0-9._:-]` and no `.` or `..`. Letters, digits, `-` and `.` stay as they are (ids remain
 * readable); any other byte of the UTF-8 text, a leading `.`, and `:` itself become `:XX` (two
 * lowercase hex digits). The empty id is `:`. The escape is reversible: see `idFromKeySegment`.
 */
export function keySegment(id: string): string {
  if (id === '') return ':';
  let out = '';
  for (const byte of Buffer.from(id, 'utf8')) {
    const char = String.fromCharCode(byte);
    const keep = /[A-Za-z0-9-]/.test(char) || (char === '.' && out !== '');
    out += keep ? char : `:${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** The id a segment made by `keySegment` stands for. */
export function idFromKeySegment(segment: string): string {
  if (segment === ':') return '';
  const bytes: number[] = [];
  for (let i = 0; i < segment.length; ) {
    if (segment[i] === ':') {
      bytes.push(parseInt(segment.slice(i + 1, i + 3), 16));
      i += 3;
    } else bytes.push(segment.charCodeAt(i++));
  }
  return Buffer.from(bytes).toString('utf8');
}
