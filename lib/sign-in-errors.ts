/** The error next-auth passes to the sign-in form when sign-in is throttled (lib/sign-in-throttle.ts). */
export const TOO_MANY_ATTEMPTS = "too_many_attempts";
/** The error when the database did not answer: not a wrong password, and no driver message reaches the browser. */
export const SIGN_IN_UNAVAILABLE = "sign_in_unavailable";
