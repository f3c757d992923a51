import fs from 'node:fs';
import { buildSubgraph } from '../src/graphql/schema';
import { SCHEMA_FILE } from '../src/graphql/emit-schema.cli';

describe('schema/schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema:emit` after changing types)', async () => {
    const { sdl } = await buildSubgraph();
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(sdl);
  });

  it('declares Borrower as a federation entity keyed by uscc', async () => {
    const { sdl } = await buildSubgraph();
    expect(sdl).toContain('extend schema @link(url: "https://specs.apollo.dev/federation/v2.3"');
    expect(sdl).toMatch(/type Borrower @key\(fields: "uscc"\)/);
  });
});
