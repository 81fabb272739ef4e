/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server mounts the Studio at /studio; in development the fixture server (dev/) answers /api.
const apiTarget = process.env.STUDIO_API ?? 'http://127.0.0.1:5199';

export default defineConfig({
  base: '/studio/',
  plugins: [react()],
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
  },
});
