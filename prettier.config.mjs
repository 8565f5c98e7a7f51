// Formatting is Prettier's, imports sorted in the house's groups: Node's own, packages, the app's
// (@/…), then relative. `npm run format` applies it; the lint step checks it.
const config = {
  printWidth: 160,
  plugins: ["@ianvs/prettier-plugin-sort-imports"],
  importOrder: ["<BUILTIN_MODULES>", "", "<THIRD_PARTY_MODULES>", "", "^@/(.*)$", "", "^[./]"],
  importOrderTypeScriptVersion: "5.9.0",
};

export default config;
