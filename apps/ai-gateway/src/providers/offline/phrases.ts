// What the offline provider writes, in each language it speaks: the concern phrases, the theme
// labels they group under, and the sentences feedback is assembled from.
export type Language = 'en' | 'ru' | 'de' | 'fr' | 'es';
export const LANGUAGES: readonly Language[] = ['en', 'ru', 'de', 'fr', 'es'];

export type ConcernKind =
  | 'price'
  | 'value'
  | 'relevance'
  | 'durability'
  | 'privacy'
  | 'subscription'
  | 'compatibility'
  | 'learning'
  | 'sustainability'
  | 'trust'
  | 'support';

export interface FeedbackSentences {
  opening: Record<'high' | 'mid' | 'low', readonly string[]>;
  fit: Record<'good' | 'poor', string>;
  feature: string;
  noFeatures: string;
  price: Record<'low' | 'fair' | 'high' | 'tooHigh', string>;
  concern: string;
  closing: Record<'likely' | 'maybe' | 'unlikely', string>;
}

export interface Phrases {
  concerns: Record<ConcernKind, string>;
  themes: Record<ConcernKind | 'other', string>;
  feedback: FeedbackSentences;
}

export const PHRASES: Record<Language, Phrases> = {
  en: {
    concerns: {
      price: 'The price is too high for my budget',
      value: 'Not sure it is worth the money',
      relevance: 'I am not sure I really need it',
      durability: 'Unclear how long it will last',
      privacy: 'Worried about what happens to my data',
      subscription: 'Ongoing subscription costs',
      compatibility: 'May not be compatible with the devices I already have',
      learning: 'Looks complicated to set up and use',
      sustainability: 'Unclear environmental impact',
      trust: 'Unknown brand, hard to trust without reviews',
      support: 'Unclear warranty and after-sales support',
    },
    themes: {
      price: 'Price too high',
      value: 'Unclear value for money',
      relevance: 'No clear need',
      durability: 'Durability and build quality',
      privacy: 'Privacy and data security',
      subscription: 'Ongoing subscription costs',
      compatibility: 'Compatibility with existing devices',
      learning: 'Complicated to set up and use',
      sustainability: 'Environmental impact',
      trust: 'Trust in the brand',
      support: 'Warranty and after-sales support',
      other: 'Other concerns',
    },
    feedback: {
      opening: {
        high: ['{product} fits my everyday life really well.', '{product} is pretty much what I have been looking for.'],
        mid: [
          '{product} looks interesting, but I am not fully convinced yet.',
          '{product} has some appeal for me, with a few reservations.',
        ],
        low: ['Honestly, {product} does not feel like it was made for someone like me.', '{product} is not really on my radar.'],
      },
      fit: { good: 'It matches what I care about.', poor: 'I do not see where it would fit in my routine.' },
      feature: 'I especially like this: {feature}.',
      noFeatures: 'The description sounds promising.',
      price: {
        low: 'At {price}, the price feels fair.',
        fair: '{price} is within what I would spend on something like this.',
        high: 'At {price}, it is more than I would normally spend on this.',
        tooHigh: '{price} is simply too much for my budget.',
      },
      concern: 'My main worry: {concern}.',
      closing: {
        likely: 'I would most likely buy it.',
        maybe: 'I might buy it if the reviews are good.',
        unlikely: 'I probably would not buy it.',
      },
    },
  },
  ru: {
    concerns: {
      price: 'Цена слишком высока для моего бюджета',
      value: 'Сомневаюсь, что это стоит своих денег',
      relevance: 'Не вижу, зачем мне это нужно',
      durability: 'Непонятно, насколько это долговечно',
      privacy: 'Беспокоит, что будет с моими данными',
      subscription: 'Постоянные расходы на подписку',
      compatibility: 'Может быть несовместимо с моими устройствами',
      learning: 'Кажется сложным в настройке и использовании',
      sustainability: 'Неясно влияние на окружающую среду',
      trust: 'Незнакомый бренд, трудно доверять без отзывов',
      support: 'Неясно с гарантией и поддержкой',
    },
    themes: {
      price: 'Слишком высокая цена',
      value: 'Сомнительное соотношение цены и качества',
      relevance: 'Нет явной потребности',
      durability: 'Долговечность и качество',
      privacy: 'Конфиденциальность данных',
      subscription: 'Расходы на подписку',
      compatibility: 'Совместимость с устройствами',
      learning: 'Сложность настройки и использования',
      sustainability: 'Влияние на окружающую среду',
      trust: 'Доверие к бренду',
      support: 'Гарантия и поддержка',
      other: 'Другие опасения',
    },
    feedback: {
      opening: {
        high: ['{product} отлично вписывается в мою повседневную жизнь.', '{product} — почти то, что мне нужно.'],
        mid: [
          '{product} выглядит интересно, но пока не до конца меня убеждает.',
          'В {product} есть что-то привлекательное, но есть и сомнения.',
        ],
        low: ['Честно говоря, {product} — это не совсем для меня.', '{product} меня не особенно интересует.'],
      },
      fit: { good: 'Это совпадает с тем, что для меня важно.', poor: 'Не понимаю, как это впишется в мою жизнь.' },
      feature: 'Особенно мне нравится: {feature}.',
      noFeatures: 'Описание звучит многообещающе.',
      price: {
        low: 'Цена {price} кажется справедливой.',
        fair: 'Цена {price} вполне приемлема для такой вещи.',
        high: '{price} — это больше, чем я обычно трачу на подобное.',
        tooHigh: '{price} — это слишком дорого для моего бюджета.',
      },
      concern: 'Главное, что меня смущает: {concern}.',
      closing: {
        likely: 'Скорее всего, я это куплю.',
        maybe: 'Может быть, куплю, если отзывы будут хорошими.',
        unlikely: 'Скорее всего, я это не куплю.',
      },
    },
  },
  de: {
    concerns: {
      price: 'Der Preis ist zu hoch für mein Budget',
      value: 'Ich bin nicht sicher, ob es das Geld wert ist',
      relevance: 'Ich weiß nicht, ob ich es wirklich brauche',
      durability: 'Unklar, wie haltbar es ist',
      privacy: 'Sorge um den Schutz meiner Daten',
      subscription: 'Laufende Abokosten',
      compatibility: 'Möglicherweise nicht kompatibel mit meinen Geräten',
      learning: 'Wirkt kompliziert in Einrichtung und Bedienung',
      sustainability: 'Unklare Umweltbilanz',
      trust: 'Unbekannte Marke, ohne Bewertungen schwer zu vertrauen',
      support: 'Unklare Garantie und Kundendienst',
    },
    themes: {
      price: 'Zu hoher Preis',
      value: 'Unklares Preis-Leistungs-Verhältnis',
      relevance: 'Kein klarer Bedarf',
      durability: 'Haltbarkeit und Verarbeitung',
      privacy: 'Datenschutz und Datensicherheit',
      subscription: 'Laufende Abokosten',
      compatibility: 'Kompatibilität mit vorhandenen Geräten',
      learning: 'Aufwendige Einrichtung und Bedienung',
      sustainability: 'Umweltbilanz',
      trust: 'Vertrauen in die Marke',
      support: 'Garantie und Kundendienst',
      other: 'Sonstige Bedenken',
    },
    feedback: {
      opening: {
        high: ['{product} passt richtig gut in meinen Alltag.', '{product} ist ziemlich genau das, was ich gesucht habe.'],
        mid: [
          '{product} klingt interessant, aber ich bin noch nicht ganz überzeugt.',
          '{product} spricht mich an, mit ein paar Vorbehalten.',
        ],
        low: [
          'Ehrlich gesagt wirkt {product} nicht, als wäre es für jemanden wie mich gemacht.',
          '{product} interessiert mich eher wenig.',
        ],
      },
      fit: { good: 'Es passt zu dem, was mir wichtig ist.', poor: 'Ich sehe nicht, wo es in meinen Alltag passen würde.' },
      feature: 'Besonders gefällt mir: {feature}.',
      noFeatures: 'Die Beschreibung klingt vielversprechend.',
      price: {
        low: 'Für {price} finde ich den Preis fair.',
        fair: '{price} liegt in dem Rahmen, den ich für so etwas ausgeben würde.',
        high: '{price} ist mehr, als ich normalerweise dafür ausgeben würde.',
        tooHigh: '{price} ist für mein Budget einfach zu viel.',
      },
      concern: 'Meine größte Sorge: {concern}.',
      closing: {
        likely: 'Ich würde es sehr wahrscheinlich kaufen.',
        maybe: 'Ich würde es vielleicht kaufen, wenn die Bewertungen gut sind.',
        unlikely: 'Ich würde es wahrscheinlich nicht kaufen.',
      },
    },
  },
  fr: {
    concerns: {
      price: 'Le prix est trop élevé pour mon budget',
      value: 'Pas sûr que cela vaille son prix',
      relevance: "Je ne suis pas sûr d'en avoir vraiment besoin",
      durability: 'On ne sait pas combien de temps il durera',
      privacy: 'Des doutes sur la confidentialité de mes données',
      subscription: "Le coût d'un abonnement permanent",
      compatibility: 'Peut-être incompatible avec mes appareils',
      learning: 'Semble compliqué à installer et à utiliser',
      sustainability: 'Impact environnemental incertain',
      trust: 'Marque inconnue, difficile de lui faire confiance sans avis',
      support: 'Garantie et service après-vente peu clairs',
    },
    themes: {
      price: 'Prix trop élevé',
      value: 'Rapport qualité-prix incertain',
      relevance: 'Pas de besoin évident',
      durability: 'Durée de vie et qualité de fabrication',
      privacy: 'Confidentialité des données',
      subscription: "Coût de l'abonnement",
      compatibility: 'Compatibilité avec les appareils existants',
      learning: 'Installation et utilisation compliquées',
      sustainability: 'Impact environnemental',
      trust: 'Confiance dans la marque',
      support: 'Garantie et service après-vente',
      other: 'Autres préoccupations',
    },
    feedback: {
      opening: {
        high: ["{product} s'intègre vraiment bien dans mon quotidien.", '{product} correspond à peu près à ce que je cherchais.'],
        mid: [
          "{product} a l'air intéressant, mais cela ne me convainc pas encore totalement.",
          '{product} me tente, avec quelques réserves.',
        ],
        low: ["Honnêtement, {product} ne me semble pas fait pour quelqu'un comme moi.", "{product} ne m'intéresse pas vraiment."],
      },
      fit: { good: 'Cela correspond à ce qui compte pour moi.', poor: 'Je ne vois pas où cela trouverait sa place dans mon quotidien.' },
      feature: "J'apprécie particulièrement : {feature}.",
      noFeatures: 'La description est prometteuse.',
      price: {
        low: 'À {price}, le prix me paraît juste.',
        fair: '{price}, cela reste dans ce que je dépenserais pour ce genre de produit.',
        high: "À {price}, c'est plus que ce que je dépense d'habitude pour ce genre de chose.",
        tooHigh: "{price}, c'est tout simplement trop cher pour mon budget.",
      },
      concern: 'Ma principale inquiétude : {concern}.',
      closing: {
        likely: "Je l'achèterais très probablement.",
        maybe: "Je pourrais l'acheter si les avis sont bons.",
        unlikely: "Je ne l'achèterais probablement pas.",
      },
    },
  },
  es: {
    concerns: {
      price: 'El precio es demasiado alto para mi presupuesto',
      value: 'No estoy seguro de que valga lo que cuesta',
      relevance: 'No sé si realmente lo necesito',
      durability: 'No está claro cuánto durará',
      privacy: 'Me preocupa qué pasa con mis datos',
      subscription: 'Costes continuos de suscripción',
      compatibility: 'Puede que no sea compatible con mis dispositivos',
      learning: 'Parece complicado de configurar y usar',
      sustainability: 'Impacto ambiental poco claro',
      trust: 'Marca desconocida, difícil confiar sin opiniones',
      support: 'Garantía y servicio posventa poco claros',
    },
    themes: {
      price: 'Precio demasiado alto',
      value: 'Relación calidad-precio dudosa',
      relevance: 'Sin una necesidad clara',
      durability: 'Durabilidad y calidad de fabricación',
      privacy: 'Privacidad de los datos',
      subscription: 'Coste de la suscripción',
      compatibility: 'Compatibilidad con otros dispositivos',
      learning: 'Configuración y uso complicados',
      sustainability: 'Impacto ambiental',
      trust: 'Confianza en la marca',
      support: 'Garantía y servicio posventa',
      other: 'Otras preocupaciones',
    },
    feedback: {
      opening: {
        high: ['{product} encaja muy bien en mi día a día.', '{product} es más o menos lo que estaba buscando.'],
        mid: ['{product} parece interesante, pero todavía no me convence del todo.', '{product} me atrae, aunque con algunas reservas.'],
        low: ['Sinceramente, {product} no parece pensado para alguien como yo.', '{product} no me llama mucho la atención.'],
      },
      fit: { good: 'Encaja con lo que me importa.', poor: 'No veo dónde encajaría en mi rutina.' },
      feature: 'Me gusta especialmente esto: {feature}.',
      noFeatures: 'La descripción suena prometedora.',
      price: {
        low: 'Por {price}, el precio me parece justo.',
        fair: '{price} está dentro de lo que gastaría en algo así.',
        high: '{price} es más de lo que suelo gastar en algo así.',
        tooHigh: '{price} es simplemente demasiado para mi presupuesto.',
      },
      concern: 'Mi principal preocupación: {concern}.',
      closing: {
        likely: 'Muy probablemente lo compraría.',
        maybe: 'Quizá lo compraría si las opiniones son buenas.',
        unlikely: 'Probablemente no lo compraría.',
      },
    },
  },
};

/** Stems that recognise each kind of concern in any of the languages, checked in this order. */
export const CONCERN_KEYWORDS: [ConcernKind, RegExp][] = [
  ['subscription', /subscription|monthly fee|recurring|подписк|abo\b|abokost|abonnement|suscripci/i],
  [
    'value',
    /worth|value for money|стоит своих|соотношени|geld wert|preis-leistung|lohnt|vaille|qualité-prix|valga|calidad-precio|vale la pena/i,
  ],
  ['privacy', /privacy|personal data|my data|tracking|конфиденциальн|данны|datenschutz|daten\b|confidentialit|données|privacidad|datos/i],
  [
    'sustainability',
    /environment|sustainab|eco-?friendly|plastic|waste|экологи|окружающ|umwelt|nachhaltig|environnem|écolog|ambiental|sostenib/i,
  ],
  ['compatibility', /compatib|совместим|kompatib|integrat/i],
  ['trust', /brand|trust|reviews|бренд|довер|marke\b|vertrau|marque|confiance|marca|confiar/i],
  ['support', /warranty|after-sales|support|гаранти|поддержк|garantie|kundendienst|après-vente|garantía|posventa/i],
  [
    'learning',
    /complicated|learning curve|set up|setup|hard to use|difficult to use|сложн|настро|kompliziert|einricht|compliqu|complicad|configurar/i,
  ],
  ['durability', /durab|last|break|build quality|долговеч|слома|haltbar|verarbeitung|durera|durée de vie|durará|durabilidad/i],
  ['price', /price|expensive|cost|budget|afford|pricey|цен|дорог|бюджет|preis|teuer|kosten|prix|cher|coût|precio|caro|coste|presupuesto/i],
  ['relevance', /need|useful|necessary|нужн|потребност|brauche|bedarf|besoin|utile|necesito|necesidad|útil/i],
];

export function concernKindOf(concern: string): ConcernKind | undefined {
  return CONCERN_KEYWORDS.find(([, pattern]) => pattern.test(concern))?.[0];
}

export function phrasesFor(language: string): { language: Language; phrases: Phrases } {
  const code = language.toLowerCase();
  const known = (LANGUAGES as readonly string[]).includes(code) ? (code as Language) : 'en';
  return { language: known, phrases: PHRASES[known] };
}
