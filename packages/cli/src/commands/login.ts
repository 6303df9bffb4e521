// `persona-lab login` / `logout`: keep the access token, or revoke it and drop it.
import { createAuthApi } from '../api/auth.js';
import { forgetCachedToken, readCachedToken } from '../config.js';
import type { CommandContext } from '../context.js';
import { ServiceUnavailableError, TokenRejectedError } from '../errors.js';

export async function login(ctx: CommandContext): Promise<void> {
  await ctx.auth.signInFresh();
  const cached = await readCachedToken(ctx.cacheFile);
  ctx.print(`Token saved to ${ctx.cacheFile}${cached ? ` (valid until ${cached.expiresAt})` : ''}`);
}

/**
 * Revokes the saved token at the auth-api that issued it, then forgets it. Removing the file alone
 * would leave a copied token valid until it expires; when the auth-api cannot be told, the file is
 * still removed and the command says until when the token stays valid.
 */
export async function logout(ctx: CommandContext): Promise<void> {
  const cached = await readCachedToken(ctx.cacheFile);
  if (!cached) {
    ctx.print(`Not signed in (no saved token at ${ctx.cacheFile})`);
    return;
  }
  await forgetCachedToken(ctx.cacheFile);
  try {
    await createAuthApi(cached.authUrl).logout(cached.accessToken);
  } catch (error) {
    if (error instanceof TokenRejectedError) {
      ctx.print(`Signed out (removed ${ctx.cacheFile}; the token had already expired or been revoked)`);
      return;
    }
    if (error instanceof ServiceUnavailableError) {
      throw new ServiceUnavailableError(
        `Removed ${ctx.cacheFile}, but the token could not be revoked (${error.message}); it stays valid until ${cached.expiresAt}`,
      );
    }
    throw error;
  }
  ctx.print(`Signed out: the token of ${cached.email} is revoked and ${ctx.cacheFile} removed`);
}
