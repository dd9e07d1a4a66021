import { describe, expect, it } from 'vitest';
import { FOLLOW_UP_KIND, followUpActionName } from './follow-up.ts';

describe('follow-up actions', () => {
  it('names the dissatisfied-visit follow-up and nothing else', () => {
    expect(followUpActionName('visit_follow_up')?.name).toBe('回访不满意跟进');
    expect(followUpActionName('monthly_visit')).toBeNull();
    expect(FOLLOW_UP_KIND).toBe('follow_up');
  });
});
