/**
 * Bank connector: the bank's own books (accounts and monthly flows, loans with their schedules
 * and classification histories, guarantees, consents, borrowers' financial statements).
 * Adapter: `postgres` only (the bank owns this data).
 */
import type DataLoader from 'dataloader';
import { loader } from '../../src/lib/loader';
import { argsLoader } from '../shared/connector';
import { defineSource } from '../shared/source';
import type { Database } from '../../src/db/database';
import { groupByKey, loadAllPerKey, topNPerKeySql, USCC_ARRAY } from '../shared/sql';
import {
  BankAccount,
  Consent,
  FinancialStatement,
  Guarantee,
  Loan,
  LoanClassificationChange,
  LoanInstallment,
  type MonthlyFlow,
} from './bank.records';

export * from './bank.records';
import { bankEntities } from './bank.records';
import { bankKinds } from './bank.kinds';
import { BankProfile, BankResolver, LoanResolver } from './bank.resolver';

export interface BankLoaders {
  accounts: DataLoader<string, BankAccount[]>;
  monthlyFlows: DataLoader<{ uscc: string; months: number }, MonthlyFlow[], string>;
  loans: DataLoader<string, Loan[]>;
  installments: DataLoader<string, LoanInstallment[]>;
  /** Each loan's five-tier classification history, by loan id, oldest first. */
  classificationHistory: DataLoader<string, LoanClassificationChange[]>;
  guaranteesGiven: DataLoader<string, Guarantee[]>;
  guaranteesReceived: DataLoader<string, Guarantee[]>;
  consents: DataLoader<string, Consent[]>;
  financialStatements: DataLoader<string, FinancialStatement[]>;
}

function mirrorLoaders(db: Database): BankLoaders {
  return {
    accounts: loader((usccs) =>
      loadAllPerKey<BankAccount>(
        db,
        { entity: BankAccount, table: 'bank.account', key: 'uscc', orderBy: 'x.opened_on, x.id' },
        usccs,
      ),
    ),
    monthlyFlows: argsLoader(async (usccs, { months }: { months: number }) => {
      const sql = topNPerKeySql({
        from: 'bank.account_month x',
        select:
          'x.uscc, x.month, sum(x.inflow) AS inflow, sum(x.outflow) AS outflow, sum(x.end_balance) AS "endBalance"',
        keyColumn: 'uscc',
        keyType: USCC_ARRAY,
        orderBy: 'x.month DESC',
        groupBy: 'x.uscc, x.month',
      });
      const { rows } = await db.query<MonthlyFlow & { uscc: string }>(sql, [usccs, months]);
      return groupByKey(usccs, rows, (r) => r.uscc).map((list) => list.map(({ uscc: _u, ...flow }) => flow));
    }),
    loans: loader((usccs) =>
      loadAllPerKey<Loan>(
        db,
        { entity: Loan, table: 'bank.loan', key: 'uscc', orderBy: 'x.start_date DESC, x.id DESC' },
        usccs,
      ),
    ),
    installments: loader((loanIds) =>
      loadAllPerKey<LoanInstallment>(
        db,
        {
          entity: LoanInstallment,
          table: 'bank.loan_installment',
          key: 'loanId',
          keyType: 'bigint[]',
          orderBy: 'x.loan_id, x.seq',
        },
        loanIds,
      ),
    ),
    classificationHistory: loader((loanIds) =>
      loadAllPerKey<LoanClassificationChange>(
        db,
        {
          entity: LoanClassificationChange,
          table: 'bank.loan_classification',
          key: 'loanId',
          keyType: 'bigint[]',
          orderBy: 'x.loan_id, x.changed_on',
        },
        loanIds,
      ),
    ),
    guaranteesGiven: loader((usccs) =>
      loadAllPerKey<Guarantee>(
        db,
        { entity: Guarantee, table: 'bank.guarantee', key: 'guarantorUscc', orderBy: 'x.start_date DESC, x.id' },
        usccs,
      ),
    ),
    guaranteesReceived: loader((usccs) =>
      loadAllPerKey<Guarantee>(
        db,
        { entity: Guarantee, table: 'bank.guarantee', key: 'borrowerUscc', orderBy: 'x.start_date DESC, x.id' },
        usccs,
      ),
    ),
    consents: loader((usccs) =>
      loadAllPerKey<Consent>(
        db,
        { entity: Consent, table: 'bank.consent', key: 'uscc', orderBy: 'x.granted_at DESC, x.id' },
        usccs,
      ),
    ),
    financialStatements: loader((usccs) =>
      loadAllPerKey<FinancialStatement>(
        db,
        {
          entity: FinancialStatement,
          table: 'bank.financial_statement',
          key: 'uscc',
          orderBy: 'x.period_end DESC, x.received_on DESC, x.id DESC',
        },
        usccs,
      ),
    ),
  };
}

declare module '../shared/source-name' {
  interface SourceNames {
    BANK: BankLoaders;
  }
}

export const bankSource = defineSource<'BANK'>({
  name: 'BANK',
  description:
    "The bank's own books: accounts, monthly flows, loans and instalments, guarantees, consents, financial statements.",
  entities: bankEntities,
  kinds: bankKinds,
  healthTable: 'bank.account',
  mirrorLoaders,
  completeness: {
    expected: true,
    records: `(SELECT count(*) FROM bank.account_month m WHERE m.uscc = f.uscc)`,
    newest: `(SELECT (max(m.month) || '-01')::date FROM bank.account_month m WHERE m.uscc = f.uscc)`,
  },
  graphql: {
    type: () => BankProfile,
    description: "The bank's own books.",
    resolve: (uscc) => ({ uscc }),
    resolvers: [BankResolver, LoanResolver],
  },
});
