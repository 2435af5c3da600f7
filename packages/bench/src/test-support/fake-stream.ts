import type { ProgressStream } from '../progress.js';

/** A progress stream that records what was written. */
export function fakeStream(isTTY: boolean, columns = 100): ProgressStream & { text(): string } {
  const chunks: string[] = [];
  return {
    isTTY,
    columns,
    write(text: string) {
      chunks.push(text);
      return true;
    },
    text: () => chunks.join(''),
  };
}

/** Tags of an SVG/XML text are balanced and properly nested (a small well-formedness check, no DTD/CDATA). */
export function isBalancedXml(xml: string): boolean {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else stack.push(name as string);
  }
  return stack.length === 0 && !/&(?!amp;|lt;|gt;|quot;|#\d+;)/.test(xml);
}
