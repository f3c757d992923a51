/**
 * `npm run train` (database mode) and `npm run model` as a person runs them: the commands
 * spawned on a scratch database of this file's own (a server database with DATABASE_URL, else
 * an in-memory embedded one that this process serves on a loopback socket), seeded with a
 * portfolio large enough to have defaults in both windows, with the generator's truth file.
 * Train, read the report, find the version stored (inactive) and the model file, activate it;
 * bad flags; a database with nothing to learn from.
 *
 * Kept light for the embedded database: 600 firms, a date every 3 months.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../src/db/database';
import { seedPortfolio } from '../src/seed';
import type { ModelDocument } from '../src/model/model';
import { MODEL_INPUTS } from '../src/model/inputs';
import { defaultDays } from '../src/model/observations';
import { activeModel, readModelFile, shippedModel } from '../src/model/model.repository';
import { openScratchDatabase, type ScratchDatabase } from './helpers';
import { exited, startNode } from './process.helpers';

const PORTFOLIO = { firms: 600, seed: 7, asOf: '2026-10' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('npm run train on the records, and npm run model', () => {
  let scratch: ScratchDatabase;
  let db: Database;
  let dir: string;
  let truthFile: string;

  /** `npm run <script> -- ...args` on the scratch database (`node -r @swc-node/register <entry>`, as package.json runs it). */
  const run = async (entry: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> => {
    const started = startNode(['-r', '@swc-node/register', entry, ...args], {
      DATABASE_URL: scratch.url,
      DATA_DIR: path.join(dir, 'data'),
      NODE_OPTIONS: '',
      ...env,
    });
    const { code } = await exited(started, 170_000);
    return { code, stdout: started.stdout(), stderr: started.stderr() };
  };
  const train = (...args: string[]) => run('src/model/train.cli.ts', args);
  const model = (...args: string[]) => run('src/model/model.cli.ts', args);
  const versions = async () =>
    (
      await db.query<{ version: string; active: boolean; activated_by: string | null }>(
        'SELECT version, active, activated_by FROM core.model_version ORDER BY version',
      )
    ).rows;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-cli-'));
    truthFile = path.join(dir, 'truth.json');
    // Room for the commands' pools next to this process's own.
    scratch = await openScratchDatabase({ embeddedConnections: 24 });
    db = scratch.db;
    await seedPortfolio(db, { ...PORTFOLIO, truthFile });
  }, 180_000);
  afterAll(async () => {
    await scratch?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  let doc: ModelDocument;
  let out: Run;

  it('trains on the records: prints the report, stores an inactive version and writes the model file', async () => {
    const file = path.join(dir, 'models', 'trained.json');
    const reportFile = path.join(dir, 'report.json');
    out = await train('--step', '3', '--truth', truthFile, '--out', file, '--report', reportFile);
    expect({ code: out.code, stderr: out.code === 0 ? '' : out.stderr }).toEqual({ code: 0, stderr: '' });
    const text = out.stdout;

    // The model file: a ModelDocument written by npm run train.
    doc = readModelFile(file);
    const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    expect(doc.version).toMatch(new RegExp(`^pd-${today}-[0-9a-f]{8}$`));
    expect(doc).toMatchObject({
      format: 'sme-default-model',
      target: { horizonMonths: 12 },
      sample: {
        dataAsOf: '2026-10',
        stepMonths: 3,
        development: { from: '2023-11', to: '2025-02' },
        validation: { from: '2025-05', to: '2025-08' },
      },
      scorecard: { format: 'woe-logistic-scorecard' },
    });
    expect(doc.sample.source).toMatch(
      /^database: \d+ borrowers at 8 month ends 2023-11\.\.2025-10 \(every 3\), records to 2026-10; generator seed 7$/,
    );
    expect(doc.inputs.map((i) => i.name)).toEqual(MODEL_INPUTS.map((i) => i.name));
    expect(doc.scorecard.features.map((f) => f.feature)).toEqual(MODEL_INPUTS.map((i) => i.name));
    expect(doc.scorecard.features.some((f) => f.selected)).toBe(true);
    expect(doc.tiers.map((t) => t.tier)).toEqual(['GREEN', 'BLUE', 'YELLOW', 'ORANGE', 'RED']);
    expect(doc.tiers.at(-1)!.maxPd).toBe(1);
    for (let k = 1; k < doc.tiers.length; k++) expect(doc.tiers[k].maxPd).toBeGreaterThan(doc.tiers[k - 1].maxPd);
    for (const w of ['development', 'validation'] as const) {
      expect(doc.sample[w].events).toBeGreaterThan(5);
      expect(doc.report[w]).toMatchObject({ rows: doc.sample[w].rows, events: doc.sample[w].events });
    }
    expect(doc.report.validation.auc).toBeGreaterThan(0.65);
    expect(doc.report.tiers!.validation.map((r) => r.tier)).toEqual(['GREEN', 'BLUE', 'YELLOW', 'ORANGE', 'RED']);
    const { handWeightedIndexAuc, oracleAuc, capturedLift } = doc.report.baselines!;
    expect(oracleAuc).toBeGreaterThan(0.65);
    expect(capturedLift).toBeCloseTo((doc.report.validation.auc - 0.5) / (oracleAuc! - 0.5), 10);
    expect(JSON.parse(fs.readFileSync(reportFile, 'utf8'))).toEqual(JSON.parse(JSON.stringify(doc.report)));

    // The printed report, with the numbers of the file.
    const f4 = (x: number) => x.toFixed(4);
    const { development: dev, validation: val } = doc.report;
    expect(text).toMatch(/^sample\s+rows\s+events\s+event rate\s+AUC\s+KS\s+Gini$/m);
    expect(text).toMatch(
      new RegExp(
        `^development\\s+${dev.rows}\\s+${dev.events}\\s+[\\d.]+%\\s+${f4(dev.auc)}\\s+${dev.ks.toFixed(3)}\\s+${dev.gini.toFixed(3)}$`,
        'm',
      ),
    );
    expect(text).toMatch(
      new RegExp(
        `^validation\\s+${val.rows}\\s+${val.events}\\s+[\\d.]+%\\s+${f4(val.auc)}\\s+${val.ks.toFixed(3)}\\s+${val.gini.toFixed(3)}$`,
        'm',
      ),
    );
    const selected = doc.scorecard.features.filter((x) => x.selected).length;
    expect(text).toContain(
      `features: ${MODEL_INPUTS.length} considered, ${selected} selected; lambda 1; intercept ${f4(doc.scorecard.intercept)}`,
    );
    expect(text).toMatch(/^feature\s+kind\s+IV\s+bins\s+trend\s+coef\s+status$/m);
    for (const f of doc.report.features) {
      expect(text).toMatch(
        new RegExp(
          `^${f.feature}\\s+(num|cat)\\s+${f4(f.iv)}\\s.*${f.status === 'selected' ? 'selected' : `dropped ${f.dropReason}`}`,
          'm',
        ),
      );
    }
    expect(text).toContain('calibration on validation, by decile of predicted PD:');
    expect(text).toMatch(/^decile\s+rows\s+events\s+mean PD\s+observed\s+PD range$/m);
    expect(text).toContain(
      `PSI of the PD, development -> validation (10 bins at the development deciles): ${f4(doc.report.psi.psi)}`,
    );
    expect(text).toMatch(
      /^tier\s+PD band\s+development: rows\s+default rate\s+validation: rows\s+default rate\s+mean PD$/m,
    );
    for (const [k, t] of doc.report.tiers!.development.entries()) {
      expect(text).toMatch(
        new RegExp(
          `^${t.tier}\\s+[\\d.]+%-[\\d.]+%\\s+${t.rows}\\s+${(t.defaultRate * 100).toFixed(2)}%\\s+${doc.report.tiers!.validation[k].rows}\\s`,
          'm',
        ),
      );
    }
    expect(text).toMatch(
      /^tier default rates strictly increasing from GREEN to RED on the validation window: (yes|NO)$/m,
    );
    expect(text).toContain(
      `hand-weighted index (health-1.0.0) on the same validation points: AUC ${f4(handWeightedIndexAuc)} (the model: ${f4(val.auc)})`,
    );
    expect(text).toContain(
      `the generator's own PD on the same points: AUC ${f4(oracleAuc!)}; the model captures ${(capturedLift! * 100).toFixed(1)}% of its lift over chance, (AUC - 0.5) / (oracle AUC - 0.5)`,
    );
    expect(text).toContain(`model ${doc.version} stored in core.model_version and written to ${file}`);
    expect(text).toMatch(new RegExp(`not serving yet: npm run model -- activate ${doc.version}\\n$`));

    // Stored, inactive, the same document; the shipped model still serves.
    const { rows } = await db.query<{
      version: string;
      active: boolean;
      activated_at: Date | null;
      source: string;
      model: ModelDocument;
    }>('SELECT * FROM core.model_version');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      version: doc.version,
      active: false,
      activated_at: null,
      source: doc.sample.source,
    });
    expect(rows[0].model).toEqual(doc);
    expect(await activeModel(db)).toBe(shippedModel());
  }, 180_000);

  it('npm run model -- list shows it, not serving; show prints its document', async () => {
    expect(doc).toBeDefined();
    const list = await model('list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      new RegExp(`^  ${doc.version}  \\S+  validation AUC ${doc.report.validation.auc.toFixed(4)}  database: `, 'm'),
    );
    expect(list.stdout).toContain(`serving: the shipped model ${shippedModel().version} (no version activated)`);
    const show = await model('show', doc.version);
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout)).toEqual(doc);
  }, 60_000);

  it('npm run model -- activate VERSION makes it the serving version, recording who', async () => {
    expect(doc).toBeDefined();
    const act = await model('activate', doc.version, '--by', 'risk.officer');
    expect({ code: act.code, stdout: act.stdout, stderr: act.code === 0 ? '' : act.stderr }).toEqual({
      code: 0,
      stdout: `activated ${doc.version}, by risk.officer\n`,
      stderr: '',
    });
    expect(await versions()).toEqual([{ version: doc.version, active: true, activated_by: 'risk.officer' }]);
    const fresh = await openDatabase({ databaseUrl: scratch.url, poolMax: 1 });
    try {
      expect(await activeModel(fresh)).toEqual(doc);
    } finally {
      await fresh.close();
    }
    const list = await model('list');
    expect(list.stdout).toMatch(
      new RegExp(`^\\* ${doc.version}  .*  \\(active since \\S+, by risk\\.officer\\)$`, 'm'),
    );
    expect(list.stdout).not.toContain('serving: the shipped model');
  }, 60_000);

  it('npm run model: an unknown version exits 1 naming it; no command exits 2 with the usage', async () => {
    const unknown = await model('activate', 'pd-19990101-deadbeef');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no model version "pd-19990101-deadbeef" (npm run model -- list shows them)');
    expect(unknown.stderr).not.toContain('usage:');
    const none = await model();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      'expected list, show or activate, got ""\nusage: npm run model -- list | show VERSION | activate VERSION [--by NAME]',
    );
  }, 60_000);

  it('--activate serves the new version at once (replacing the active one); --exclude leaves an input out; the file goes to DATA_DIR/models by default', async () => {
    expect(doc).toBeDefined();
    const r = await run(
      'src/model/train.cli.ts',
      ['--from', '2024-02', '--to', '2025-08', '--step', '3', '--exclude', 'LOAN_PRICING,SECTOR', '--activate'],
      { USER: 'model.tester' },
    );
    expect({ code: r.code, stderr: r.code === 0 ? '' : r.stderr }).toEqual({ code: 0, stderr: '' });
    const version = /^model (pd-\d{8}-[0-9a-f]{8}) stored in core\.model_version and written to (.+)$/m.exec(r.stdout);
    expect(version).not.toBeNull();
    const [, v2, file] = version!;
    expect(v2).not.toBe(doc.version);
    expect(file).toBe(path.join(dir, 'data', 'models', `${v2}.json`));
    const second = readModelFile(file);
    expect(second.inputs.map((i) => i.name)).toEqual(
      MODEL_INPUTS.map((i) => i.name).filter((n) => n !== 'LOAN_PRICING' && n !== 'SECTOR'),
    );
    expect(second.sample).toMatchObject({
      development: { from: '2024-02', to: '2025-02' },
      validation: { from: '2025-05', to: '2025-08' },
    });
    expect(r.stdout).not.toContain("the generator's own PD");
    expect(r.stdout).toMatch(new RegExp(`^activated ${v2} \\(replacing ${doc.version}\\)\\n$`, 'm'));
    expect(await versions()).toEqual(
      [
        { version: doc.version, active: false, activated_by: 'risk.officer' },
        { version: v2, active: true, activated_by: 'npm run train --activate (model.tester)' },
      ].sort((a, b) => (a.version < b.version ? -1 : 1)),
    );
  }, 120_000);

  it.each([
    [['--step', '0'], '--step must be a whole number from 1 to 12, got "0"'],
    [['--exclude', 'NOPE'], '--exclude names no input: NOPE'],
    [['--from', '2024-13'], '--from must be a month YYYY-MM, got "2024-13"'],
    [['--truth', '/nonexistent/truth.json'], '--truth /nonexistent/truth.json: cannot read it as a truth file'],
  ])(
    'npm run train %j: exits 2 with the message and the usage, stores nothing',
    async (args, message) => {
      const before = await versions();
      const r = await train(...args);
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain('usage: npm run train [-- options]');
      expect(await versions()).toEqual(before);
    },
    60_000,
  );

  it('a database with no defaults to learn from: exits 1 saying so, stores nothing', async () => {
    // Every firm paid on time and nothing was written off.
    await db.query('UPDATE bank.loan_installment SET paid_on = due_date WHERE paid_on IS NULL OR paid_on > due_date');
    await db.query('UPDATE bank.loan SET written_off_on = NULL');
    expect((await defaultDays(db, { month: '2026-10', date: '2026-10-31' })).size).toBe(0);
    const before = await versions();
    const r = await train('--from', '2024-05', '--to', '2025-08', '--step', '3', '--validation-months', '3');
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: '' });
    expect(r.stderr).toContain('too few defaults to train: 0 in development, 0 in validation');
    expect(r.stderr).not.toContain('usage:');
    expect(await versions()).toEqual(before);
  }, 120_000);
});
