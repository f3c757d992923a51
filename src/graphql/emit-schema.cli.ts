/** `npm run schema:emit`: writes the subgraph SDL to schema/schema.graphql (a test fails when it drifts). */
import fs from 'node:fs';
import path from 'node:path';
import { buildSubgraph } from './schema';

export const SCHEMA_FILE = path.join(__dirname, '../../schema/schema.graphql');

if (require.main === module) {
  void buildSubgraph().then(({ sdl }) => {
    fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
    fs.writeFileSync(SCHEMA_FILE, sdl);
    console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)} (${sdl.split('\n').length} lines)`);
  });
}
