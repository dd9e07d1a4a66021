import type { DemoGenerator } from './demo.service.ts';

/** Demo reports (being built; see /work/notes/contracts-brief.md). */
export const reportsDemo: DemoGenerator = {
  name: 'reports',
  async run() {
    return {};
  },
};
