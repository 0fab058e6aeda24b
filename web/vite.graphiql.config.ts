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
    rollupOptions: {
      // Radix (inside GraphiQL) marks its modules "use client"; meaningless outside React Server Components.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
