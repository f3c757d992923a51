/** GraphQL types around the `Borrower` entity (which is the firm master, src/firm/firm.entity.ts). */
import { Field, InputType, ObjectType } from 'type-graphql';
import { Firm } from '../firm/firm.entity';
import { PageInfo } from '../graphql/pagination';

@ObjectType({ simpleResolvers: true, description: 'An industry class of GB/T 4754-2017 (国民经济行业分类).' })
export class IndustryInfo {
  @Field({ description: 'Section letter plus class digits, e.g. C3311.' })
  code: string;
  @Field(() => String, { nullable: true, description: "Class name; null for a code outside the platform's table." })
  name: string | null;
  @Field({ description: 'Section (门类) letter.' })
  section: string;
  @Field(() => String, { nullable: true })
  sectionName: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A county-level division of GB/T 2260 (行政区划).' })
export class RegionInfo {
  @Field()
  code: string;
  @Field(() => String, { nullable: true })
  name: string | null;
  @Field(() => String, { nullable: true })
  city: string | null;
  @Field(() => String, { nullable: true })
  province: string | null;
}

@InputType({ description: 'Filters for `borrowers`; all given filters must match.' })
export class BorrowerFilter {
  @Field({
    nullable: true,
    description: 'GB/T 4754 prefix: a section letter ("C") or letter and 2-4 digits ("C33", "C3311").',
  })
  industry?: string;
  @Field({ nullable: true, description: 'GB/T 2260 prefix: province ("33"), city ("3301") or county ("330106").' })
  region?: string;
  @Field({ nullable: true, description: 'Part of the registered name (2-50 characters), e.g. "机械".' })
  name?: string;
}

@ObjectType({ simpleResolvers: true })
export class BorrowerEdge {
  @Field()
  cursor: string;
  @Field(() => Firm)
  node: Firm;
}

@ObjectType({ description: 'A page of borrowers in USCC order.' })
export class BorrowerConnection {
  @Field(() => [BorrowerEdge])
  edges: BorrowerEdge[];
  @Field(() => PageInfo)
  pageInfo: PageInfo;
  /** Counts on demand only (see BorrowerConnectionResolver). */
  count: () => Promise<number>;
}
