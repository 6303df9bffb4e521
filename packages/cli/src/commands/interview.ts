// `persona-lab interview <session> <persona>`: a conversation with one persona of a completed
// session. Each line typed is sent as a message and the persona's reply printed; an empty line is
// skipped and `/quit` (or the end of input) ends it. `--message` sends messages without a prompt.
import { createInterface } from 'node:readline/promises';

import type { CommandContext } from '../context.js';
import { UserError } from '../errors.js';

export interface InterviewFlags {
  message?: string[];
  history?: boolean;
}

const QUIT = '/quit';

async function turn(ctx: CommandContext, sessionId: string, personaId: string, name: string, text: string) {
  const answer = await ctx.auth.run((token) => ctx.feedback.interviewMessage(token, sessionId, personaId, text));
  ctx.print(`${name}: ${answer.reply.text}`);
}

export async function interview(ctx: CommandContext, sessionId: string, personaId: string, flags: InterviewFlags): Promise<void> {
  const soFar = await ctx.auth.run((token) => ctx.feedback.interview(token, sessionId, personaId));
  const name = soFar.personaName ?? 'Persona';
  if (flags.history) {
    for (const t of soFar.turns) ctx.print(`${t.role === 'researcher' ? 'You' : name}: ${t.text}`);
  }
  if (flags.message?.length) {
    for (const text of flags.message) await turn(ctx, sessionId, personaId, name, text);
    return;
  }
  if (!ctx.io.stdin) throw new UserError('interview needs a terminal, or the messages as --message');
  ctx.note(`Interview with ${name} (${soFar.turns.length / 2} earlier exchanges). Type a message; ${QUIT} or Ctrl-D ends it.`);
  const lines = createInterface({ input: ctx.io.stdin, terminal: false });
  try {
    ctx.io.stderr.write('> ');
    for await (const line of lines) {
      const text = line.trim();
      if (text === QUIT) break;
      if (text !== '') await turn(ctx, sessionId, personaId, name, text);
      ctx.io.stderr.write('> ');
    }
  } finally {
    lines.close();
  }
}
