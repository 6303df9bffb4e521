// The baseline of the API benchmark: bare Fastify + pg answering GET /products for the signed-in user
// with the same JWT verification (@fastify/jwt, HS256, issuer and audience) and the same database work
// as product-api (the first page and a window count of the whole set in one statement, a separate
// count only for a page past the end), but none of our framework: no service-kit, no Prisma, no
// TypeBox schemas. Started as a child process by api.ts.
import fastifyJwt from '@fastify/jwt';
import Fastify from 'fastify';
import pg from 'pg';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const PAGE_SIZE = 20;
const COUNT_SQL = 'SELECT count(*)::int AS total FROM products WHERE owner_id = $1 AND deleted_at IS NULL';
const PAGE_SQL = `SELECT id, name, description, price, currency, category, key_features, created_at, updated_at,
    (count(*) OVER ())::int AS total
  FROM products WHERE owner_id = $1 AND deleted_at IS NULL
  ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET 0`;

interface ProductRow {
  id: string;
  name: string;
  description: string;
  price: string;
  currency: string;
  category: string;
  key_features: string[];
  created_at: Date;
  updated_at: Date;
  total: number;
}

const pool = new pg.Pool({ connectionString: required('DATABASE_URL'), max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const app = Fastify({ logger: false });
await app.register(fastifyJwt, {
  secret: required('JWT_SECRET'),
  verify: {
    algorithms: ['HS256'],
    allowedIss: process.env.JWT_ISSUER ?? 'persona-lab-auth',
    allowedAud: process.env.JWT_AUDIENCE ?? 'persona-lab',
  },
});

app.get('/health/ready', async () => ({ status: 'ok' }));

app.get('/products', async (request, reply) => {
  try {
    await request.jwtVerify();
  } catch {
    return reply.status(401).send({ status: 401 });
  }
  const ownerId = (request.user as { sub: string }).sub;
  const page = await pool.query<ProductRow>(PAGE_SQL, [ownerId, PAGE_SIZE]);
  const total = page.rows[0]?.total ?? (await pool.query<{ total: number }>(COUNT_SQL, [ownerId])).rows[0]?.total ?? 0;
  return {
    items: page.rows.map((row) => ({
      id: row.id,
      name: row.name,
      description: row.description,
      price: row.price,
      currency: row.currency,
      category: row.category,
      keyFeatures: row.key_features,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    })),
    page: 1,
    pageSize: PAGE_SIZE,
    total,
  };
});

app.addHook('onClose', () => pool.end());
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
await app.listen({ host: '127.0.0.1', port: Number(required('PORT')) });
