import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runBench, type BenchOptions } from './harness.js';
import { collectMachineInfo } from './machine.js';
import { renderMarkdown } from './markdown.js';
import { renderConsoleTable } from './report.js';
import type { BenchResult } from './results.js';
import { renderSvg } from './svg.js';

export interface RunAndWriteOptions extends BenchOptions {
  /** Markdown report path; the chart goes to `svg`. */
  readonly out: string;
  readonly svg: string;
  readonly command?: string;
  /** Where the table is printed. @default console.log */
  readonly print?: (text: string) => void;
}

/** Runs the bench, prints the table, writes the markdown report and the SVG chart. */
export async function runAndWrite(options: RunAndWriteOptions): Promise<BenchResult> {
  const machine = collectMachineInfo();
  const result = await runBench(options);
  const finished = { ...machine, loadEnd: os.loadavg()[0] ?? 0 };
  (options.print ?? console.log)(renderConsoleTable(result));
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  const svgRelative = path.relative(path.dirname(options.out), options.svg).split(path.sep).join('/');
  fs.writeFileSync(options.out, renderMarkdown(result, finished, { svg: svgRelative, ...(options.command ? { command: options.command } : {}) }));
  fs.mkdirSync(path.dirname(options.svg), { recursive: true });
  fs.writeFileSync(options.svg, renderSvg(result));
  return result;
}
