/**
 * Demo tasks data (owner: tasks module).
 */
import type { DemoGenerator } from './demo.service.ts';

export const tasksDemo: DemoGenerator = {
  name: 'tasks',
  run: async () => ({}),
};
