/** UTF-8 size of a text, the unit of the state size limit. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
