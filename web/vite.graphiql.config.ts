// GraphiQL, built from the pinned npm package and served by the binary at /graphiql: no CDN.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'graphiql',
  base: '/graphiql/',
  define: { 'process.env.NODE_ENV': '"production"' },
  build: {
    outDir: '../dist/graphiql',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 3000,
    modulePreload: { polyfill: false },
    // Wrap every CommonJS module (React, CodeMirror 5): with 'auto' the order of their code in
    // the bundle follows which resolution finished first, and the build is not reproducible.
    commonjsOptions: { strictRequires: true },
    rollupOptions: {
      // One bundle: GraphiQL's many lazy CodeMirror add-ons otherwise split into chunks whose
      // names and contents vary from build to build, and CI compares builds byte for byte.
      output: { inlineDynamicImports: true },
      // Radix (inside GraphiQL) marks its modules "use client"; meaningless outside React Server Components.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
