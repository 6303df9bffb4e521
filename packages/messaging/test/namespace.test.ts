import * as contracts from '@persona-lab/contracts';
import { describe, expect, it } from 'vitest';

import { ALL_CONTRACTS } from '../src/namespace.js';

describe('the contracts a namespace is removed with', () => {
  it('are every task and event the contracts package defines, the panel answers included', () => {
    expect(ALL_CONTRACTS.map((c) => c.name).sort()).toEqual(
      [contracts.FeedbackGenerationTask, contracts.PanelAnswerTask, contracts.PersonaGenerationTask, contracts.PersonaStatusChanged]
        .map((c) => c.name)
        .sort(),
    );
  });
});
