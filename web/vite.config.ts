import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Vendor chunks. Route pages are split by `React.lazy` in `src/routes.tsx`; these groups keep
 * the big libraries in cacheable chunks of their own. A group also takes in what its modules
 * import, so React goes first: otherwise echarts-for-react would pull React into the echarts
 * chunk and the login page would have to load echarts.
 */
const vendorChunks: { name: string; test: RegExp; priority: number }[] = [
  {
    name: 'react',
    test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|i18next|react-i18next)[\\/]/,
    priority: 40,
  },
  {
    name: 'echarts',
    test: /node_modules[\\/](echarts|zrender|echarts-for-react|size-sensor)[\\/]/,
    priority: 30,
  },
  { name: 'pro-components', test: /node_modules[\\/]@ant-design[\\/]pro-/, priority: 20 },
  {
    name: 'antd',
    test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion)[\\/]/,
    priority: 10,
  },
];

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: vendorChunks },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:8080', changeOrigin: false },
      '/tmf-api': { target: 'http://localhost:8080', changeOrigin: false },
    },
  },
});
