import { createHash } from 'node:crypto';

/** Cosmos DB's limit on the `id` of an item, in UTF-8 bytes. */
export const MAX_ITEM_ID_BYTES = 1023;

const SAFE_ASCII = /[A-Za-z0-9_:-]/;

/**
 * The Cosmos item id of an ALMA id. Cosmos ids must not contain `/ \ ? #`, travel in request URLs (where `%`,
 * `.`/`..` and spaces are trouble) and are limited to 1,023 bytes; ALMA ids are any 1..256 characters without
 * control characters. So: letters, digits, `_`, `:` and `-` stay, every other ASCII character becomes `~XX` (hex),
 * C1 controls and lone surrogates become `~uXXXX`, other unicode stays as is. The mapping is injective (`~` itself
 * is escaped). In the worst case (an id of 256 escaped characters) the result would pass the byte limit; then the
 * id is `~h` + its SHA-256. The original id is always kept readable in the document's `almaId` field.
 */
export function encodeItemId(almaId: string): string {
  let out = '';
  for (let i = 0; i < almaId.length; i++) {
    const ch = almaId[i] as string;
    const code = almaId.charCodeAt(i);
    if (code < 0x80) {
      out += SAFE_ASCII.test(ch) ? ch : `~${code.toString(16).toUpperCase().padStart(2, '0')}`;
    } else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(almaId.charCodeAt(i + 1))) {
      out += almaId.slice(i, i + 2);
      i++;
    } else if ((code >= 0x80 && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff)) {
      out += `~u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    } else {
      out += ch;
    }
  }
  if (Buffer.byteLength(out, 'utf8') <= MAX_ITEM_ID_BYTES) return out;
  return `~h${createHash('sha256').update(out, 'utf8').digest('hex')}`;
}

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
