// `persona-lab login` / `logout`: keep or drop the cached access token.
import { forgetCachedToken, readCachedToken } from '../config.js';
import type { CommandContext } from '../context.js';

export async function login(ctx: CommandContext): Promise<void> {
  await ctx.auth.signInFresh();
  const cached = await readCachedToken(ctx.cacheFile);
  ctx.print(`Token saved to ${ctx.cacheFile}${cached ? ` (valid until ${cached.expiresAt})` : ''}`);
}

export async function logout(ctx: CommandContext): Promise<void> {
  await forgetCachedToken(ctx.cacheFile);
  ctx.print(`Signed out (removed ${ctx.cacheFile})`);
}
