/** Resident identity card number (居民身份证号码, GB 11643): ISO 7064 MOD 11-2 check character. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idCardCheckChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export function isValidIdCard(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && idCardCheckChar(id.slice(0, 17)) === id[17];
}
