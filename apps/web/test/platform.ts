// The whole platform as a browser meets it: @persona-lab/testing's startPlatform with the web app in
// front of every service; the web app's address is the only one a browser uses.
import { deleteNamespace } from '@persona-lab/messaging';
import { type Platform as Services, type ServiceProcess, startPlatform as startServices, testEnv } from '@persona-lab/testing';

export const TEST_COOKIE_SECRET = 'test-cookie-secret-that-is-at-least-32-characters';

export interface Platform extends Services {
  webUrl: string;
  services: Services['services'] & { web: ServiceProcess };
}

export async function startPlatform(): Promise<Platform> {
  const platform = await startServices({
    prefix: 'web',
    removeNamespace: (namespace, retryDelaysMs) => deleteNamespace({ url: testEnv().RABBITMQ_URL!, namespace, retryDelaysMs }),
    web: { COOKIE_SECRET: TEST_COOKIE_SECRET },
  });
  const web = platform.services.web!;
  return { ...platform, webUrl: web.url, services: { ...platform.services, web } };
}
