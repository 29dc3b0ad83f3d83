import { describe, expect, it } from 'vitest';
import { actorLabel, splitActorLabel } from './actor-label';

describe('actor labels', () => {
  it('round-trips a person and the system', () => {
    expect(splitActorLabel(actorLabel({ name: '王磊', role: 'sales' }))).toEqual({ actorName: '王磊', actorRole: 'sales' });
    expect(splitActorLabel(actorLabel({ name: '张 伟', role: 'customer_buyer' }))).toEqual({ actorName: '张 伟', actorRole: 'customer_buyer' });
    expect(splitActorLabel(actorLabel(null))).toEqual({ actorName: null, actorRole: 'system' });
  });
  it('keeps a label of another form as the name, and null as null', () => {
    expect(splitActorLabel('导入任务')).toEqual({ actorName: '导入任务', actorRole: null });
    expect(splitActorLabel(null)).toEqual({ actorName: null, actorRole: null });
  });
});
