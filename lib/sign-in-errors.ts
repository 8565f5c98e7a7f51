/** The error next-auth passes to the sign-in form when sign-in is throttled (lib/sign-in-throttle.ts). */
export const TOO_MANY_ATTEMPTS = "too_many_attempts";
