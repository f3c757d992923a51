/** The portfolio every test shares (global-setup.ts seeds it); fixed so results are repeatable. */
export const TEST_PORTFOLIO = { firms: 150, seed: 7, asOf: '2026-10' };
