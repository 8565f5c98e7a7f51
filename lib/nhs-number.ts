// NHS numbers: ten digits, the last a modulus 11 check digit over the first nine (NHS Data
// Dictionary), so a mistyped digit is caught before any search. Edge-safe.

/** An NHS number as stored: ten digits (the dashboard's searches allow spaces and hyphens and strip them first; isNhsNumber also checks the last). */
export const NHS_NUMBER = /^\d{10}$/;

/** The check digit of an NHS number's first nine digits; null when there is none (no NHS number starts so). */
export function nhsCheckDigit(firstNine: string): number | null {
  const sum = [...firstNine].reduce((total, digit, i) => total + Number(digit) * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return check === 11 ? 0 : check;
}

/** Ten digits whose last is the check digit of the others. */
export function isNhsNumber(value: string): boolean {
  return NHS_NUMBER.test(value) && nhsCheckDigit(value.slice(0, 9)) === Number(value[9]);
}
