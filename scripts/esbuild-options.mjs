// How the server is compiled for `npm start` (scripts/build-server.mjs), shared with the
// benchmark (bench/children.ts), which compiles its children the same way so it measures what
// `npm start` runs. Packages stay external: they are loaded from node_modules as usual; only our
// own code (the `@/` alias) is bundled.
export const serverBuildOptions = {
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Paths such as drizzle/ and db/pglite-worker.mjs are found from the working directory, as before.
  tsconfig: 'tsconfig.json',
  logLevel: 'warning',
  // lib/catalog/seed-fingerprint.ts: a restart of the same build skips re-seeding the catalog.
  define: { __GATEHOUSE_BUNDLED__: 'true' },
};
