// Input schemas shared by forms and server actions.
import { z } from "zod";

import { expiresAtFrom, EXPIRY_CHOICES } from "@/lib/key-expiry";
import { SEARCH_MAX_LENGTH } from "@/lib/limits";
import { ALL_SCOPES, inScopeOrder } from "@/lib/scopes";
import { reasonField } from "@/lib/support";

const scopesField = z.array(z.enum(ALL_SCOPES)).min(1, "Choose at least one scope").transform(inScopeOrder);

export const SELECT_A_PARTNER = "Select a partner from the list";
export const partnerInput = z.object({ partnerId: z.uuid(SELECT_A_PARTNER) });
export const keyInput = z.object({ keyId: z.uuid("Unknown API key") });
export const bookingLinkInput = z.object({ linkId: z.uuid("Unknown booking link") });

// Bounds match what the table and the View modal can show.
export const KEY_NAME_MAX = 100;
export const KEY_DESCRIPTION_MAX = 500;
export const PARTNER_NAME_MAX = 100;
export const PARTNER_SLUG_MAX = 60;
export const NETWORK_NAME_MAX = 100;
export const NETWORK_CODE_MAX = 40;
export const PRACTICE_PHONE_MAX = 30;
export const PARTNER_DESCRIPTION_MAX = 500;
export const PRACTICE_CODE_MAX = 60;

// The live key the page showed (its id), "" for none: lib/connections.ts refuses if it changed.
const replacingField = z
  .union([z.uuid(), z.literal("")])
  .optional()
  .transform((id) => (id === undefined ? undefined : id || null));

/** Disconnect: the partner, and the live key the page showed. */
export const disconnectInput = partnerInput.extend({ replacing: replacingField });

/** Connect, Generate API Key and Rotate API key: a partner and what the new key carries. */
export const partnerKeyInput = z
  .object({
    partnerId: z.uuid(SELECT_A_PARTNER),
    name: z.string().trim().max(KEY_NAME_MAX, `Key name must be ${KEY_NAME_MAX} characters or fewer`).default(""),
    expiry: z.enum(EXPIRY_CHOICES).default("never"),
    expiryDate: z.string().max(20).default(""),
    // Left out: the partner's scopes (Connect, Generate) or the previous key's (Rotate).
    scopes: scopesField.optional(),
    replacing: replacingField,
    // The live key's scopes as the page showed them (Rotate API key, Generate API Key for a connected partner).
    shownScopes: z.array(z.enum(ALL_SCOPES)).optional(),
  })
  .transform((input, context) => {
    const expiry = expiresAtFrom(input.expiry, input.expiryDate);
    if (!expiry.ok) {
      context.addIssue({ code: "custom", path: ["expiryDate"], message: expiry.error });
      return z.NEVER;
    }
    return {
      partnerId: input.partnerId,
      replacing: input.replacing,
      shownScopes: input.shownScopes,
      options: { name: input.name, expiresAt: expiry.expiresAt, scopes: input.scopes },
    };
  });

/** A user's email, as they sign in with it and as npm run admin records it. */
export const emailField = z.string().trim().toLowerCase().email("Enter an email address").max(254, "An email address has at most 254 characters");

// My Practice > Practice details: what patients see on the booking confirmation. Empty: not given.
export const PRACTICE_ADDRESS_MAX = 300;
export const practiceDetailsInput = z.object({
  address: z
    .string()
    .trim()
    .max(PRACTICE_ADDRESS_MAX, `Address must be ${PRACTICE_ADDRESS_MAX} characters or fewer`)
    // One line per line of the address; blank lines and stray spaces dropped.
    .transform(
      (text) =>
        text
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean)
          .join("\n") || null,
    ),
  phone: z
    .string()
    .trim()
    .max(PRACTICE_PHONE_MAX, `Phone number must be ${PRACTICE_PHONE_MAX} characters or fewer`)
    .regex(/^[0-9+() -]*$/, "Use digits, spaces, +, brackets and hyphens only, e.g. 01632 960000")
    .refine((text) => text === "" || /^(\D*\d){7,15}\D*$/.test(text), "A phone number has 7 to 15 digits")
    .transform((text) => text.replace(/\s+/g, " ") || null),
});

/** Hero support's higher limit. Empty: back to the default. The range is checked by lib/rate-limit-overrides.ts. */
const rateLimitField = z
  .string()
  .trim()
  .max(10, "Enter a whole number")
  .transform((value) => (value === "" ? null : Number(value)));

// Super admin > API keys.

const userKeyFields = {
  name: z.string().trim().min(1, "Enter a key name").max(KEY_NAME_MAX, `Key name must be ${KEY_NAME_MAX} characters or fewer`),
  description: z.string().trim().max(KEY_DESCRIPTION_MAX, `Key description must be ${KEY_DESCRIPTION_MAX} characters or fewer`),
};

export const createUserKeyInput = z.object({ ...userKeyFields, ownerUserId: z.uuid("Choose the user who will own this key") });
// Its rate limit: left out, unchanged (a form that does not show it).
// shownName, shownDescription, shownRateLimit: what the dialog opened with, so another super admin's change since is never replaced unseen.
export const updateUserKeyInput = z.object({
  keyId: z.uuid("Unknown API key"),
  ...userKeyFields,
  rateLimit: rateLimitField.optional(),
  shownName: z.string().trim().max(KEY_NAME_MAX).optional(),
  shownDescription: z.string().trim().max(KEY_DESCRIPTION_MAX).optional(),
  shownRateLimit: rateLimitField.optional(),
});
export const userSearchInput = z.object({ query: z.string().trim().max(SEARCH_MAX_LENGTH) });
/** Said when a search's NHS number is not 10 digits, at the schema (too long to be one) or at the lookup. */
export const NHS_NUMBER_LENGTH = "An NHS number has 10 digits.";
export const patientSearchInput = z.object({ nhs: z.string().max(20, NHS_NUMBER_LENGTH) });

// Settings > Super admin: every change by Hero support carries a reason (lib/support.ts).
const partnerFields = {
  name: z.string().trim().min(1, "Enter the partner's name").max(PARTNER_NAME_MAX, `Partner name must be ${PARTNER_NAME_MAX} characters or fewer`),
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lower-case letters, digits and single hyphens, e.g. triage-first")
    .max(PARTNER_SLUG_MAX, `Slug must be ${PARTNER_SLUG_MAX} characters or fewer`),
  description: z.string().trim().max(PARTNER_DESCRIPTION_MAX, `Description must be ${PARTNER_DESCRIPTION_MAX} characters or fewer`),
  scopes: scopesField,
};
export const createPartnerInput = z.object({ ...partnerFields, reason: reasonField });
export const updatePartnerInput = z.object({
  partnerId: z.uuid("Partner not found"),
  // The partner's updatedAt as the form was loaded with it: a stale form is refused (lib/partner-admin.ts).
  loadedAt: z.iso.datetime("Reload the page and try again").transform((value) => new Date(value)),
  ...partnerFields,
  reason: reasonField,
});
export const suspendPartnerInput = z.object({ partnerId: z.uuid("Partner not found"), suspended: z.boolean(), reason: reasonField });
export const connectionScopesInput = z.object({
  partnerId: z.uuid("Partner not found"),
  practiceGroupId: z.uuid("Practice not found"),
  scopes: scopesField,
  reason: reasonField,
  // The key and its scopes as the page showed them: lib/partner-admin.ts refuses if either changed.
  replacing: replacingField,
  shown: z.array(z.enum(ALL_SCOPES)).transform(inScopeOrder).optional(),
});
export const createNetworkInput = z.object({
  name: z.string().trim().min(1, "Enter the network's name").max(NETWORK_NAME_MAX, `Network name must be ${NETWORK_NAME_MAX} characters or fewer`),
  code: z.string().trim().min(1, "Enter a network code").max(NETWORK_CODE_MAX, `Network code must be ${NETWORK_CODE_MAX} characters or fewer`),
  reason: reasonField,
});
export const addNetworkMemberInput = z.object({
  networkId: z.uuid("Network not found"),
  practiceCode: z.string().trim().min(1, "Enter the practice code").max(PRACTICE_CODE_MAX, `A practice code has at most ${PRACTICE_CODE_MAX} characters`),
  reason: reasonField,
});
export const removeNetworkMemberInput = z.object({
  networkId: z.uuid("Network not found"),
  practiceGroupId: z.uuid("Practice not found"),
  reason: reasonField,
});
export const supportPartnerInput = z.object({ practiceGroupId: z.uuid("Practice not found"), partnerId: z.uuid("Partner not found"), reason: reasonField });
/** Rotate API key and Disconnect by support: the partner, and the live key the page showed. */
export const supportLiveKeyInput = supportPartnerInput.extend({ replacing: replacingField });
export const findKeyInput = z.object({ key: z.string().trim().min(1, "Paste the key").max(1024, "This is not an API key or an access token") });
/** Seed 002: a partner emails Hero support for a key "referencing the API scopes you wish to receive". */
export const supportConnectInput = supportPartnerInput.extend({ partnerId: z.uuid(SELECT_A_PARTNER), scopes: scopesField });
export const supportKeyInput = z.object({ practiceGroupId: z.uuid("Practice not found"), keyId: z.uuid("Unknown API key"), reason: reasonField });
export const supportRateLimitInput = z.object({
  practiceGroupId: z.uuid("Practice not found"),
  partnerId: z.uuid("Partner not found"),
  rateLimit: rateLimitField,
  reason: reasonField,
  // The limit the page showed (null: the default): lib/rate-limit-overrides.ts refuses if it changed.
  shown: z.number().int().nullable().optional(),
});
