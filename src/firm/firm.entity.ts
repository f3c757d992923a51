/**
 * The platform's own master record of a firm (schema `core`), keyed by USCC. It is also the
 * GraphQL entity `Borrower @key(fields: "uscc")`; the per-source sub-objects are resolved by
 * borrower.resolver.ts through the connectors' loaders.
 *
 * A firm gets its row from the generator (an applicant, with everything below) or from its
 * registry record (工商登记), by file or live fetch (firm.repository.ts `registerFirmsSql`): name
 * from the registry, region from the USCC, industry UNCLASSIFIED_INDUSTRY, no claimed staff.
 */
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { UsccScalar } from '../graphql/scalars';

/**
 * The industry code of a firm no source has classified: one known from its registry record only
 * (registry files and payloads carry no industry). Not a GB/T 4754 section (A-T): no `industry`
 * filter matches it, the API shows it with no name, and the health index weighs the firm by its
 * DEFAULT profile (sector OTHER).
 */
export const UNCLASSIFIED_INDUSTRY = 'Z';

@Entity({ schema: 'core', name: 'firm' })
@Index('firm_name_trgm', { synchronize: false }) // GIN trigram index on name, created in the migration
@Index('firm_industry_code', ['industryCode', 'uscc'])
@Index('firm_region_code', ['regionCode', 'uscc'])
@ObjectType('Borrower', {
  description: 'A small or micro enterprise (小微企业) as a borrower, with every source the platform holds about it.',
})
@Directive('@key(fields: "uscc")')
export class Firm {
  @PrimaryColumn({ type: 'char', length: 18 })
  @Field(() => UsccScalar)
  uscc: string;

  @Column({ type: 'text' })
  @Field({ description: 'Registered name (企业名称).' })
  name: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  @Field(() => [String], { description: 'Former registered names, oldest first (曾用名).' })
  formerNames: string[];

  /** GB/T 4754-2017 code: section letter + 2-4 digits, e.g. C3311; UNCLASSIFIED_INDUSTRY when no source said. */
  @Column({ type: 'varchar', length: 5 })
  industryCode: string;

  /** GB/T 2260 county-level division code. */
  @Column({ type: 'char', length: 6 })
  regionCode: string;

  /** Null for a firm that has not applied (known from its registry record only). */
  @Column({ type: 'int', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description:
      'Staff the firm claims on its application (申报员工人数); null when it has made none (known from its registry record only); bank data (null, with CONSENT_REQUIRED, for a partner without a FULL BANK consent).',
  })
  claimedStaff: number | null;

  /** The old 15-digit business registration number (注册号), where one was issued. */
  @Column({ type: 'varchar', length: 15, nullable: true })
  registrationNo: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A borrower as its field resolvers take it (`@Root() f: FirmRoot`): the row the page read, as it
 * is. Typed by a class, the root is copied into a new instance of the class for every field of
 * every node (type-graphql converts a root whose declared type is a class); a page of 50 borrowers
 * asking three such fields made 150 copies of its rows.
 */
export type FirmRoot = Readonly<Firm>;
