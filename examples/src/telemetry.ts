// `npm run example:telemetry -w @alma/examples`: prints the spans and log lines of one traced agent turn.
import { tracedTurn } from './telemetry-flow.js';

const { spans, logs } = await tracedTurn();
console.log('Spans:');
for (const line of spans) console.log(`  ${line}`);
console.log('Logs:');
for (const line of logs) console.log(`  ${line}`);
