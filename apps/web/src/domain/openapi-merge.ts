// One OpenAPI document over every service behind the front door: each service's public paths under
// /api, its schemas under names that cannot collide, internal and health routes left out.

export interface OpenApiDocument {
  openapi?: string;
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, unknown>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
  tags?: { name: string }[];
  [key: string]: unknown;
}

export interface ServiceDocument {
  service: string;
  /** The service's document, or undefined when it could not be read (the merged one says so). */
  document: OpenApiDocument | undefined;
  /** Prepended to each path: "/api" for a proxied service, "" for the web app's own routes. */
  pathPrefix: string;
}

// Health, metrics and internal routes are not for API clients; /* and the proxy's own catch-all routes are plumbing.
const HIDDEN_PATH = /^\/(health|internal|metrics|openapi)(\/|\.|$)|^\/\*$|\{\*\}$|.\/$/;

/** Renames the schemas of one document where a different schema of the same name is already taken. */
function schemaNames(merged: Record<string, unknown>, service: string, schemas: Record<string, unknown>): Map<string, string> {
  const names = new Map<string, string>();
  for (const [name, schema] of Object.entries(schemas)) {
    const taken = merged[name];
    const same = taken === undefined || JSON.stringify(taken) === JSON.stringify(schema);
    names.set(name, same ? name : `${service}.${name}`);
  }
  return names;
}

function renameRefs<T>(value: T, names: Map<string, string>): T {
  const json = JSON.stringify(value).replace(/"#\/components\/schemas\/([^"]+)"/g, (whole, name: string) => {
    const renamed = names.get(name);
    return renamed ? `"#/components/schemas/${renamed}"` : whole;
  });
  return JSON.parse(json) as T;
}

export function mergeOpenApi(documents: ServiceDocument[], info: { title: string; version: string }): OpenApiDocument {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  const securitySchemes: Record<string, unknown> = {};
  const tags = new Map<string, { name: string }>();
  const unavailable: string[] = [];

  for (const { service, document, pathPrefix } of documents) {
    if (!document) {
      unavailable.push(service);
      continue;
    }
    const names = schemaNames(schemas, service, document.components?.schemas ?? {});
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
      schemas[names.get(name)!] = renameRefs(schema, names);
    }
    Object.assign(securitySchemes, document.components?.securitySchemes ?? {});
    for (const tag of document.tags ?? []) tags.set(tag.name, tag);
    for (const [path, operations] of Object.entries(document.paths ?? {})) {
      if (HIDDEN_PATH.test(path)) continue;
      paths[`${pathPrefix}${path}`] = renameRefs(operations, names);
    }
  }

  const note = unavailable.length ? `\n\nNot reachable just now, so not listed: ${unavailable.join(', ')}.` : '';
  return {
    openapi: '3.0.3',
    info: {
      ...info,
      description:
        'Every Persona Lab API behind the front door, under /api. Send `Authorization: Bearer <token>` ' +
        '(POST /api/auth/login gives one); the console itself signs in through /api/session and a cookie.' +
        note,
    },
    servers: [{ url: '/' }],
    paths,
    components: { schemas, securitySchemes },
    tags: [...tags.values()],
  };
}
