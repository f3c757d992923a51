/**
 * `npm run train` fits the default model (a WoE logistic scorecard, src/model/scorecard.ts).
 *
 * Two modes, chosen by `--file`:
 * - database mode, `npm run train [-- options]`: observation points from the platform's own
 *   records (train-db.ts); the fitted version is stored in core.model_version and written as a
 *   JSON file; it serves once activated (`npm run model -- activate VERSION`, or `--activate`);
 * - file mode, `npm run train -- --file FILE --target COLUMN SPLIT [options]`: any labelled CSV
 *   or ARFF table (train-file.ts), the same binning, regression and report.
 */
import 'reflect-metadata';
import { runCli } from '../lib/cli';
import { DatasetError } from './file-dataset';
import { ArffError } from './arff';
import { FILE_USAGE, runFileTraining } from './train-file';
import { DB_USAGE, runDatabaseTraining } from './train-db';
import { ModelError } from './model.repository';

const USAGE = `${DB_USAGE}\n\n${FILE_USAGE}`;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.some((a) => a === '--file' || a.startsWith('--file='))) await runFileTraining(argv);
  else await runDatabaseTraining(argv);
}

if (require.main === module) runCli(main, USAGE, [DatasetError, ArffError, RangeError, ModelError]);
