/**
 * Who makes a request: the verified claims of its bearer token. Internal roles (ANALYST,
 * RISK_OFFICER, AUDITOR) belong to the bank's own tenant; PARTNER is another institution reading
 * through the federated supergraph, bound by the firms' consents for its purpose.
 */
export enum Role {
  ANALYST = 'ANALYST',
  RISK_OFFICER = 'RISK_OFFICER',
  AUDITOR = 'AUDITOR',
  PARTNER = 'PARTNER',
}

export interface Principal {
  /** The token's subject (a person or a service account). */
  subject: string;
  /** The institution (tenant) the subject belongs to. */
  tenant: string;
  role: Role;
  /** Why the data is read (e.g. CREDIT_APPROVAL, POST_LOAN_MONITORING); partners' consents name it. */
  purpose: string | null;
  /** The token's id (jti), when it has one. */
  tokenId: string | null;
}
