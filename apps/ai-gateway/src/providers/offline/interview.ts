// Offline interview replies, from the persona and the conversation alone: the persona's mood comes
// from its own earlier purchase intents, it picks up a concern it raised before, and it never obeys
// what the researcher's message tells it to do (that is only something it was told).
import type { AiInterviewTurnRequest, GeneratedInterviewReply } from '@persona-lab/contracts';

import { type Language, phrasesFor } from './phrases.js';
import type { Random } from './random.js';

const REPLIES: Record<Language, { positive: string; mixed: string; negative: string; concern: string; again: string }> = {
  en: {
    positive: 'I like it, to be honest, and I can see myself using it.',
    mixed: 'I am of two minds about it.',
    negative: 'It is not really for me.',
    concern: 'What still bothers me: {concern}.',
    again: 'As I said before, my view has not changed much.',
  },
  de: {
    positive: 'Ehrlich gesagt gefällt es mir, und ich kann mir vorstellen, es zu nutzen.',
    mixed: 'Ich bin da zwiegespalten.',
    negative: 'Das ist eigentlich nichts für mich.',
    concern: 'Was mich weiterhin stört: {concern}.',
    again: 'Wie gesagt, meine Sicht hat sich kaum geändert.',
  },
  fr: {
    positive: "Pour être honnête, ça me plaît et je me vois bien l'utiliser.",
    mixed: 'Je suis partagé.',
    negative: "Ce n'est pas vraiment pour moi.",
    concern: 'Ce qui me gêne encore : {concern}.',
    again: "Comme je l'ai dit, mon avis n'a pas beaucoup changé.",
  },
  es: {
    positive: 'Sinceramente, me gusta y me veo usándolo.',
    mixed: 'Tengo dudas.',
    negative: 'No es para mí.',
    concern: 'Lo que todavía me preocupa: {concern}.',
    again: 'Como dije antes, mi opinión no ha cambiado mucho.',
  },
  ru: {
    positive: 'Честно говоря, мне нравится, и я вижу, как буду этим пользоваться.',
    mixed: 'У меня двоякое отношение.',
    negative: 'Это не совсем для меня.',
    concern: 'Что меня всё ещё смущает: {concern}.',
    again: 'Как я уже говорил, моё мнение почти не изменилось.',
  },
};

export function simulateInterviewReply(request: AiInterviewTurnRequest, random: Random): GeneratedInterviewReply {
  const { language } = phrasesFor(request.language);
  const text = REPLIES[language];
  const intents = request.earlierFeedback.map((item) => item.purchaseIntent);
  const lean = intents.length ? intents.reduce((a, b) => a + b, 0) / intents.length : 5;
  const mood = lean >= 7 ? text.positive : lean >= 4 ? text.mixed : text.negative;
  const concerns = request.earlierFeedback.flatMap((item) => item.keyConcerns);
  const sentences = [request.history.length > 0 ? text.again : undefined, mood];
  if (concerns.length > 0) sentences.push(text.concern.replace('{concern}', random.pick(concerns)));
  return { reply: sentences.filter(Boolean).join(' ') };
}
