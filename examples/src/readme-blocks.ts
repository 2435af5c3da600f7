import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * A TypeScript program made of README code blocks: a ```ts block, plus the ```ts continued blocks right after it in
 * the same README (they go on with its variables). ```ts compile-only blocks are type-checked but not run; each needs
 * an HTML comment `<!-- compile-only: reason -->` on the line above the fence.
 */
export interface ReadmeProgram {
  /** The README, relative to the repository root. */
  readonly readme: string;
  /** 1-based line of the first block's fence. */
  readonly line: number;
  readonly code: string;
  readonly run: boolean;
  /** Why it is not run (compile-only). */
  readonly reason?: string;
}

const FENCE = /^```(ts|typescript)((?: [a-z-]+)*)[ \t]*$/;

/** The programs of one README's text; throws for an unknown block flag or a compile-only block without a reason. */
export function readmePrograms(readme: string, text: string): ReadmeProgram[] {
  const lines = text.split('\n');
  const programs: ReadmeProgram[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = FENCE.exec(lines[i] as string);
    if (!fence) {
      if (/^```(ts|typescript)\b/.test(lines[i] as string)) throw new Error(`${readme}:${i + 1}: unknown code block flags '${lines[i]}'`);
      continue;
    }
    const flags = (fence[2] ?? '').trim().split(/\s+/).filter(Boolean);
    const unknown = flags.filter((f) => f !== 'continued' && f !== 'compile-only');
    if (unknown.length) throw new Error(`${readme}:${i + 1}: unknown code block flag ${unknown.join(', ')} (continued, compile-only)`);
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new Error(`${readme}:${i + 1}: code block is not closed`);
    const code = lines.slice(i + 1, end).join('\n');
    const compileOnly = flags.includes('compile-only');
    const reason = /^<!-- compile-only: (.+) -->$/.exec(lines[i - 1] ?? '')?.[1];
    if (compileOnly && !reason) throw new Error(`${readme}:${i + 1}: a compile-only block needs <!-- compile-only: reason --> above it`);
    if (flags.includes('continued')) {
      const previous = programs.pop();
      if (!previous) throw new Error(`${readme}:${i + 1}: a continued block needs a block before it`);
      programs.push({ ...previous, code: `${previous.code}\n${code}`, run: previous.run && !compileOnly });
    } else {
      programs.push({ readme, line: i + 1, code, run: !compileOnly, ...(reason ? { reason } : {}) });
    }
    i = end;
  }
  return programs;
}

/** The README.md files of the repository: the root one and each package's. */
export function readmeFiles(root: string): string[] {
  const packages = readdirSync(join(root, 'packages'))
    .map((d) => join(root, 'packages', d, 'README.md'))
    .filter((f) => existsSync(f));
  return [join(root, 'README.md'), ...packages.sort()].map((f) => relative(root, f));
}

/** Every program of every README. */
export function allReadmePrograms(root: string): ReadmeProgram[] {
  return readmeFiles(root).flatMap((readme) => readmePrograms(readme, readFileSync(join(root, readme), 'utf8')));
}

/** A file name for a program: `packages-core-README-19.ts`. */
export const programFile = (p: ReadmeProgram): string => `${p.readme.replace(/[/.]/g, '-').replace(/-md$/, '')}-${p.line}.ts`;
