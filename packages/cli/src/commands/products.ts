// `persona-lab products list`: the signed-in user's products, newest first.
import type { CommandContext } from '../context.js';
import { renderTable, truncate } from '../render/table.js';

export async function listProducts(ctx: CommandContext, query: { page: number; pageSize: number }): Promise<void> {
  const page = await ctx.auth.run((token) => ctx.products.list(token, query));
  if (page.total === 0) {
    ctx.print('No products yet: `persona-lab research --name … --description … --price … --category …` creates one.');
    return;
  }
  const rows = page.items.map((p) => [
    p.id,
    truncate(p.name, 40),
    `${p.price} ${p.currency}`,
    truncate(p.category, 20),
    String(p.keyFeatures.length),
  ]);
  for (const line of renderTable([['id', 'name', 'price', 'category', 'features'], ...rows])) ctx.print(line);
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  ctx.print(`\npage ${page.page} of ${pages} (${page.total} products)`);
}
