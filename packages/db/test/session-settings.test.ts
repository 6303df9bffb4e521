import { describe, expect, it } from 'vitest';

import { withSessionSettings } from '../src/client.js';

describe('withSessionSettings', () => {
  it('adds each setting as a -c option and keeps the rest of the URL', () => {
    const url = withSessionSettings('postgresql://ann:p%40ss@127.0.0.1:5432/lab?application_name=fs', {
      enable_seqscan: 'off',
      synchronous_commit: 'off',
    });
    const parsed = new URL(url);
    expect(parsed.searchParams.get('options')).toBe('-c enable_seqscan=off -c synchronous_commit=off');
    expect(parsed.searchParams.get('application_name')).toBe('fs');
    expect([parsed.username, parsed.password, parsed.host, parsed.pathname]).toEqual(['ann', 'p%40ss', '127.0.0.1:5432', '/lab']);
  });

  it('puts its settings after the options the URL already names', () => {
    const url = withSessionSettings('postgresql://127.0.0.1/lab?options=-c%20statement_timeout%3D5000', { enable_seqscan: 'off' });
    expect(new URL(url).searchParams.get('options')).toBe('-c statement_timeout=5000 -c enable_seqscan=off');
  });
});
