// Registration, login and "who am I": the business rules of user accounts, free of HTTP.
import type { AuthToken, Credentials, LoginCredentials, Me } from '@persona-lab/contracts';
import { Prisma, type UserModel as User } from '@persona-lab/db';
import { Errors, type RequestContext } from '@persona-lab/service-kit';

import type { AccountDeps } from './deps.js';
import { normaliseEmail } from './email.js';

/** Who is trying, from where: login and registration limits are per client address. */
export type AttemptContext = RequestContext & { ip: string };

type LoginOutcome = 'success' | 'unknown-email' | 'wrong-password' | 'inactive-account';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const canSignIn = (user: Pick<User, 'isActive' | 'deletedAt'>) => user.isActive && user.deletedAt === null;

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

export function toMe(user: Pick<User, 'id' | 'email' | 'createdAt'>): Me {
  return { userId: user.id, email: user.email, createdAt: user.createdAt.toISOString() };
}

export async function register(
  { db, passwords, registrations, issueToken }: AccountDeps,
  credentials: Credentials,
  { ip, log }: AttemptContext,
): Promise<AuthToken> {
  const email = normaliseEmail(credentials.email);
  // Counted before the hash, which is the cost the limit protects.
  try {
    await registrations.admit(ip);
  } catch (error) {
    log.info({ email, ip, outcome: 'rate-limited' }, 'registration rejected');
    throw error;
  }
  const passwordHash = await passwords.hash(credentials.password);
  try {
    // The unique index decides, not a lookup first: of concurrent registrations of one email exactly one wins.
    const user = await db.user.create({ data: { email, passwordHash }, select: { id: true } });
    log.info({ userId: user.id, email, ip }, 'user registered');
    return issueToken(user.id);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    log.info({ email, ip, outcome: 'email-taken' }, 'registration rejected');
    throw new Errors.EmailAlreadyExists();
  }
}

export async function login(
  { db, passwords, throttle, issueToken }: AccountDeps,
  credentials: LoginCredentials,
  { ip, log }: AttemptContext,
): Promise<AuthToken> {
  const email = normaliseEmail(credentials.email);
  try {
    await throttle.admit(ip, email);
  } catch (error) {
    log.info({ email, ip, outcome: 'rate-limited' }, 'login attempt');
    throw error;
  }

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, passwordHash: true, isActive: true, deletedAt: true },
  });
  // Always hash, whether or not the account exists or may sign in, so timing tells nothing.
  const passwordMatches = await passwords.verify(user?.passwordHash, credentials.password);
  const outcome: LoginOutcome = !user
    ? 'unknown-email'
    : !passwordMatches
      ? 'wrong-password'
      : !canSignIn(user)
        ? 'inactive-account'
        : 'success';
  log.info({ email, ip, outcome, userId: user?.id }, 'login attempt');
  if (!user || outcome !== 'success') throw new Errors.InvalidCredentials();

  await throttle.forgive(ip, email);
  if (passwords.needsRehash(user.passwordHash)) {
    const passwordHash = await passwords.hash(credentials.password);
    await db.user.update({ where: { id: user.id }, data: { passwordHash } });
    log.info({ userId: user.id }, 'password hash upgraded to the current parameters');
  }
  return issueToken(user.id);
}

export async function me({ db }: AccountDeps, userId: string): Promise<Me> {
  const user = UUID.test(userId)
    ? await db.user.findFirst({
        where: { id: userId, isActive: true, deletedAt: null },
        select: { id: true, email: true, createdAt: true },
      })
    : null;
  if (!user) throw new Errors.Unauthorized('The account of this token no longer exists or is disabled');
  return toMe(user);
}
