// The whole platform as a user meets it, for the CLI's end-to-end tests (@persona-lab/testing's
// startPlatform), with the service addresses as a user's shell would have them.
import { deleteNamespace } from '@persona-lab/messaging';
import { type Platform as Services, startPlatform as startServices, testEnv } from '@persona-lab/testing';

export interface Platform extends Services {
  /** The environment a user's shell would have: the service URLs. */
  cliEnv: Record<string, string>;
}

export async function startPlatform(): Promise<Platform> {
  const platform = await startServices({
    prefix: 'cli',
    removeNamespace: (namespace, retryDelaysMs) => deleteNamespace({ url: testEnv().RABBITMQ_URL!, namespace, retryDelaysMs }),
  });
  return { ...platform, cliEnv: platform.apiUrls };
}
