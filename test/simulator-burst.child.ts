/**
 * Run by test/upstream-simulator.int.test.ts in a process of its own (Node's warnings do not reach
 * a jest sandbox): a simulator over an embedded database of its own (migrated, empty), answering
 * tax with 50 ms of latency, 30 requests at once for a firm it does not hold, and every process
 * warning printed as `WARNING <name>` on stdout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/database';
import { migrate } from '../src/db/data-source';
import { buildUscc } from '../src/lib/uscc';
import { startSimulator } from '../src/upstream/simulator';

async function main(): Promise<void> {
  process.on('warning', (w) => console.log(`WARNING ${w.name}: ${w.message}`));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simulator-burst-'));
  const db = await openDatabase({ dataDir, poolMax: 2 });
  try {
    await migrate(db.url);
    const sim = await startSimulator({ db, token: 'burst', faults: { tax: { latencyMs: 50 } } });
    const statuses = await Promise.all(
      Array.from({ length: 30 }, () =>
        fetch(`${sim.url}/v1/tax/profiles:batchGet`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer burst' },
          body: JSON.stringify({ usccs: [buildUscc('9', '1', '110101', '00000001')] }),
        }).then((r) => r.status),
      ),
    );
    console.log(`STATUSES ${statuses.join(',')}`);
    await new Promise((resolve) => setTimeout(resolve, 50)); // a warning is emitted on a later tick
    await sim.stop();
  } finally {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
