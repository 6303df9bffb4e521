// Offline answers to panel questions, from the persona and the question alone. A scale answer leans
// the way the persona's earlier purchase intents lean (mid-scale when it gave none) with a little
// noise; a choice goes to the option sharing most words with the persona's own text, a seeded pick
// among the tied ones; an open answer restates the persona's earlier concerns. Nothing here looks at
// what other personas answered, so a statistic over the answers is only what the personas imply.
import type { AiAnswerQuestionRequest, GeneratedPanelAnswer } from '@persona-lab/contracts';

import { type Language, phrasesFor } from './phrases.js';
import type { Random } from './random.js';

interface Sentences {
  scale: string;
  choice: string;
  open: Record<'positive' | 'mixed' | 'negative', string>;
  reason: string;
  noReason: string;
}

const SENTENCES: Record<Language, Sentences> = {
  en: {
    scale: 'I would put myself at {value} on this.',
    choice: 'Of the options, "{choice}" fits me best.',
    open: {
      positive: 'Overall I feel good about it, and my answer reflects that.',
      mixed: 'I have mixed feelings here; some things work for me and some do not.',
      negative: 'Honestly, I remain sceptical.',
    },
    reason: 'What matters most to me: {reason}.',
    noReason: 'Nothing in particular holds me back.',
  },
  de: {
    scale: 'Ich würde mich hier bei {value} einordnen.',
    choice: 'Von den Optionen passt „{choice}“ am besten zu mir.',
    open: {
      positive: 'Insgesamt habe ich ein gutes Gefühl dabei.',
      mixed: 'Ich bin zwiegespalten; manches passt für mich, manches nicht.',
      negative: 'Ehrlich gesagt bleibe ich skeptisch.',
    },
    reason: 'Am wichtigsten ist mir: {reason}.',
    noReason: 'Nichts Bestimmtes hält mich zurück.',
  },
  fr: {
    scale: 'Je me situerais à {value} sur ce point.',
    choice: 'Parmi les options, « {choice} » me correspond le mieux.',
    open: {
      positive: "Dans l'ensemble, j'en ai une bonne impression.",
      mixed: "J'ai un avis partagé ; certaines choses me conviennent, d'autres non.",
      negative: 'Honnêtement, je reste sceptique.',
    },
    reason: 'Ce qui compte le plus pour moi : {reason}.',
    noReason: 'Rien de particulier ne me retient.',
  },
  es: {
    scale: 'Me situaría en {value} en esto.',
    choice: 'De las opciones, «{choice}» es la que mejor me encaja.',
    open: {
      positive: 'En general tengo una buena impresión.',
      mixed: 'Tengo sentimientos encontrados; algunas cosas me convencen y otras no.',
      negative: 'Sinceramente, sigo siendo escéptico.',
    },
    reason: 'Lo que más me importa: {reason}.',
    noReason: 'Nada en particular me frena.',
  },
  ru: {
    scale: 'Я бы поставил здесь {value}.',
    choice: 'Из вариантов мне больше всего подходит «{choice}».',
    open: {
      positive: 'В целом у меня хорошее впечатление.',
      mixed: 'У меня смешанные чувства: что-то мне подходит, что-то нет.',
      negative: 'Честно говоря, я остаюсь скептиком.',
    },
    reason: 'Для меня важнее всего: {reason}.',
    noReason: 'Ничто особенно меня не останавливает.',
  },
};

const words = (text: string) => new Set((text.toLowerCase().match(/\p{L}{4,}/gu) ?? []).map((word) => word.slice(0, 5)));

/** The persona's earlier mean purchase intent as a lean from 0 (against) to 1 (for); 0.5 without one. */
function leanOf(request: AiAnswerQuestionRequest): number {
  const intents = request.earlierFeedback.map((item) => item.purchaseIntent);
  if (intents.length === 0) return 0.5;
  return (intents.reduce((a, b) => a + b, 0) / intents.length - 1) / 9;
}

function pickOption(request: AiAnswerQuestionRequest, options: readonly string[], random: Random): string {
  const persona = words(`${request.persona.bio} ${request.persona.productAttitudes}`);
  const scores = options.map((option) => [...words(option)].filter((word) => persona.has(word)).length);
  const best = Math.max(...scores);
  return random.pick(options.filter((_, i) => scores[i] === best));
}

export function simulatePanelAnswer(request: AiAnswerQuestionRequest, random: Random): GeneratedPanelAnswer {
  const { language } = phrasesFor(request.language);
  const text = SENTENCES[language];
  const lean = leanOf(request);
  const concerns = [...new Set(request.earlierFeedback.flatMap((item) => item.keyConcerns))];
  const keyPoints = random.sample(concerns, 2);
  const reason = keyPoints[0] ? text.reason.replace('{reason}', keyPoints[0]) : text.noReason;
  const mood = lean >= 0.6 ? 'positive' : lean >= 0.35 ? 'mixed' : 'negative';
  const { form } = request;
  switch (form.kind) {
    case 'scale': {
      const span = form.max - form.min;
      const noise = random.int(-1, 1) * Math.max(1, Math.round(span / 10));
      const value = Math.min(form.max, Math.max(form.min, Math.round(form.min + lean * span) + noise));
      return { answer: `${text.scale.replace('{value}', String(value))} ${reason}`, key_points: keyPoints, scale_value: value };
    }
    case 'choice': {
      const choice = pickOption(request, form.options, random);
      return { answer: `${text.choice.replace('{choice}', choice)} ${reason}`, key_points: keyPoints, choice };
    }
    case 'open':
      return { answer: `${text.open[mood]} ${reason}`, key_points: keyPoints };
  }
}
