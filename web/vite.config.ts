// The client: one page app served by the binary at `/`; hashed files under /assets/.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 900,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/graphql': 'http://127.0.0.1:8080' } },
});
