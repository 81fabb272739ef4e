/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

// The build writes every text file of the output also as .br and .gz, which the server sends to a browser that accepts
// them (src/LoanJourney.Server/Studio/StudioApi.cs, docs/studio.md "How the server sends the Studio"): once per build,
// at the best levels, instead of compressing per request. Node's own zlib; formats already compressed are left alone.
const compressible = /\.(js|mjs|css|html|svg|json|wasm|txt|xml|map)$/;
const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'loanjourney-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir.startsWith('/') ? config.build.outDir : join(config.root, config.build.outDir);
    },
    async closeBundle() {
      const names = (await readdir(outDir, { recursive: true })).filter((name) => compressible.test(name));
      await Promise.all(
        names.map(async (name) => {
          const file = join(outDir, name);
          const plain = await readFile(file);
          const variants: [string, Buffer][] = [
            [
              '.br',
              await brotli(plain, {
                params: {
                  [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                  [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
                  [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
                },
              }),
            ],
            ['.gz', await gzipped(plain, { level: constants.Z_BEST_COMPRESSION })],
          ];
          // A variant that saves nothing is not written: the server then sends the plain file.
          await Promise.all(
            variants.filter(([, bytes]) => bytes.length < plain.length).map(([suffix, bytes]) => writeFile(file + suffix, bytes)),
          );
        }),
      );
    },
  };
}

// The server mounts the Studio at /studio; in development the fixture server (dev/) answers /api.
const apiTarget = process.env.STUDIO_API ?? 'http://127.0.0.1:5199';

export default defineConfig({
  base: '/studio/',
  plugins: [react(), precompress()],
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
    // Monaco's editor core is one ~4 MB chunk, loaded only by the designer and the start form (lazy routes). Groups
    // by priority: a group takes its modules' dependencies along (includeDependenciesRecursively), so without React
    // claimed first, @monaco-editor/react pulled React (and Vite's preload helper) into the Monaco chunk, and every page
    // loaded and parsed all of Monaco before it could render.
    chunkSizeWarningLimit: 4200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Vite's dynamic-import preload helper: the entry needs it, and Monaco's modules use it too.
            { name: 'preload', test: /preload-helper/, priority: 4 },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            { name: 'xyflow', test: /node_modules[\\/]@xyflow[\\/]/, priority: 2 },
            { name: 'monaco', test: /node_modules[\\/](monaco-editor|@monaco-editor)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
    // Time limits for the loaded 2-core CI machine, where the suite runs last at load 17-40 (docs/studio.md, "The
    // Studio's tests under load"): at load ~25 the slowest tests took 5-15 s (0.1-0.33 s on an idle machine) and
    // failed at the default 5 s. Nothing here waits on anything slower than the CPU (the API is mocked; the one real
    // process, the fixture server in fixtureServer.test.ts, is waited for until it says it listens), so a longer limit
    // only makes a hung test report later. RTL's waitFor/findBy limit is in test/setup.ts.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
