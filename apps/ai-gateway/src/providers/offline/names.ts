// A compact list of common given names and family names per country, so offline personas carry
// names that fit their country and gender.
export type Sex = 'male' | 'female';

interface CountryNames {
  male: readonly string[];
  female: readonly string[];
  family: readonly string[];
  /** Family name written first, as is usual in English for these countries. */
  familyFirst?: boolean;
  /** The female form of a family name, where the language has one. */
  feminine?: (family: string) => string;
}

const slavicFeminine = (family: string) =>
  family
    .replace(/(ov|ev|in)$/, '$1a')
    .replace(/skiy$/, 'skaya')
    .replace(/sky$/, 'skaya');
const polishFeminine = (family: string) => family.replace(/ski$/, 'ska').replace(/cki$/, 'cka');

const NAMES: Record<string, CountryNames> = {
  RU: {
    male: ['Alexei', 'Dmitry', 'Sergei', 'Ivan', 'Mikhail', 'Nikolai'],
    female: ['Olga', 'Marina', 'Natalia', 'Elena', 'Anastasia', 'Tatiana'],
    family: ['Ivanov', 'Smirnov', 'Kuznetsov', 'Popov', 'Sokolov', 'Volkov'],
    feminine: slavicFeminine,
  },
  US: {
    male: ['James', 'Michael', 'Robert', 'David', 'Tyler', 'Marcus'],
    female: ['Jennifer', 'Emily', 'Ashley', 'Sarah', 'Jessica', 'Megan'],
    family: ['Johnson', 'Williams', 'Brown', 'Miller', 'Davis', 'Garcia'],
  },
  GB: {
    male: ['Oliver', 'Harry', 'George', 'Jack', 'Thomas', 'William'],
    female: ['Olivia', 'Amelia', 'Charlotte', 'Sophie', 'Emily', 'Isla'],
    family: ['Smith', 'Jones', 'Taylor', 'Evans', 'Wilson', 'Roberts'],
  },
  DE: {
    male: ['Lukas', 'Felix', 'Jonas', 'Maximilian', 'Stefan', 'Tobias'],
    female: ['Anna', 'Lena', 'Katharina', 'Julia', 'Sabine', 'Lea'],
    family: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Becker'],
  },
  FR: {
    male: ['Louis', 'Hugo', 'Antoine', 'Julien', 'Mathieu', 'Nicolas'],
    female: ['Camille', 'Chloé', 'Manon', 'Léa', 'Claire', 'Juliette'],
    family: ['Martin', 'Bernard', 'Dubois', 'Moreau', 'Laurent', 'Lefèvre'],
  },
  IT: {
    male: ['Marco', 'Luca', 'Giuseppe', 'Alessandro', 'Matteo', 'Francesco'],
    female: ['Giulia', 'Francesca', 'Chiara', 'Sofia', 'Martina', 'Elena'],
    family: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano'],
  },
  ES: {
    male: ['Javier', 'Carlos', 'Alejandro', 'Pablo', 'Sergio', 'Diego'],
    female: ['Lucía', 'María', 'Carmen', 'Laura', 'Paula', 'Elena'],
    family: ['García', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Romero'],
  },
  BR: {
    male: ['João', 'Pedro', 'Lucas', 'Gabriel', 'Rafael', 'Thiago'],
    female: ['Ana', 'Beatriz', 'Juliana', 'Fernanda', 'Camila', 'Larissa'],
    family: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Pereira', 'Costa'],
  },
  CN: {
    male: ['Wei', 'Jun', 'Hao', 'Lei', 'Ming', 'Yang'],
    female: ['Fang', 'Li', 'Xiu', 'Mei', 'Jing', 'Yan'],
    family: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Zhao'],
    familyFirst: true,
  },
  IN: {
    male: ['Arjun', 'Rahul', 'Vikram', 'Amit', 'Rohan', 'Sanjay'],
    female: ['Priya', 'Ananya', 'Kavya', 'Neha', 'Pooja', 'Divya'],
    family: ['Sharma', 'Patel', 'Gupta', 'Iyer', 'Reddy', 'Singh'],
  },
  JP: {
    male: ['Haruto', 'Takumi', 'Kenji', 'Ren', 'Daiki', 'Sho'],
    female: ['Yui', 'Haruka', 'Aoi', 'Sakura', 'Misaki', 'Emi'],
    family: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito'],
  },
  KR: {
    male: ['Min-jun', 'Seo-jun', 'Ji-ho', 'Hyun-woo', 'Do-yun', 'Jae-won'],
    female: ['Seo-yeon', 'Ji-woo', 'Min-seo', 'Ha-eun', 'Soo-ah', 'Ye-jin'],
    family: ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang'],
    familyFirst: true,
  },
  MX: {
    male: ['José', 'Luis', 'Juan', 'Miguel', 'Alejandro', 'Emiliano'],
    female: ['Guadalupe', 'Sofía', 'Valentina', 'Fernanda', 'Ximena', 'Daniela'],
    family: ['Hernández', 'González', 'Rodríguez', 'Pérez', 'Ramírez', 'Flores'],
  },
  CA: {
    male: ['Liam', 'Noah', 'Ethan', 'Logan', 'Mathieu', 'Owen'],
    female: ['Emma', 'Chloe', 'Ava', 'Madison', 'Gabrielle', 'Hannah'],
    family: ['Tremblay', 'Smith', 'Roy', 'MacDonald', 'Gagnon', 'Campbell'],
  },
  AU: {
    male: ['Jack', 'Lachlan', 'Cooper', 'Riley', 'Mitchell', 'Hamish'],
    female: ['Chloe', 'Matilda', 'Ruby', 'Zoe', 'Grace', 'Mia'],
    family: ['Smith', 'Jones', 'Williams', 'Kelly', 'Nguyen', "O'Brien"],
  },
  NL: {
    male: ['Daan', 'Sem', 'Lars', 'Bram', 'Thijs', 'Ruben'],
    female: ['Emma', 'Sanne', 'Fleur', 'Lotte', 'Anouk', 'Femke'],
    family: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser'],
  },
  SE: {
    male: ['Erik', 'Lars', 'Oskar', 'Anders', 'Johan', 'Nils'],
    female: ['Astrid', 'Maja', 'Elin', 'Ingrid', 'Linnea', 'Sara'],
    family: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Lindqvist'],
  },
  PL: {
    male: ['Piotr', 'Krzysztof', 'Tomasz', 'Marcin', 'Jakub', 'Paweł'],
    female: ['Anna', 'Katarzyna', 'Agnieszka', 'Magdalena', 'Zofia', 'Joanna'],
    family: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Lewandowski', 'Zieliński'],
    feminine: polishFeminine,
  },
  TR: {
    male: ['Mehmet', 'Mustafa', 'Emre', 'Burak', 'Can', 'Murat'],
    female: ['Ayşe', 'Zeynep', 'Elif', 'Fatma', 'Merve', 'Selin'],
    family: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Aydın'],
  },
  NG: {
    male: ['Chinedu', 'Emeka', 'Oluwaseun', 'Ibrahim', 'Tunde', 'Musa'],
    female: ['Ngozi', 'Adaeze', 'Funmilayo', 'Aisha', 'Chioma', 'Folake'],
    family: ['Okafor', 'Adeyemi', 'Okonkwo', 'Bello', 'Eze', 'Adebayo'],
  },
};

const FALLBACK_COUNTRY = 'US';

export function namesOf(country: string | undefined): CountryNames {
  return NAMES[country?.toUpperCase() ?? FALLBACK_COUNTRY] ?? (NAMES[FALLBACK_COUNTRY] as CountryNames);
}

export function fullName(country: string | undefined, sex: Sex, given: string, family: string): string {
  const names = namesOf(country);
  const familyForm = sex === 'female' && names.feminine ? names.feminine(family) : family;
  return names.familyFirst ? `${familyForm} ${given}` : `${given} ${familyForm}`;
}

/** Every full name a country's list can make for one sex, in list order. */
export function allFullNames(country: string | undefined, sex: Sex): string[] {
  const names = namesOf(country);
  return names[sex].flatMap((given) => names.family.map((family) => fullName(country, sex, given, family)));
}

/** The sex a given name belongs to in any country's list, if it is listed. */
export function sexOfName(name: string): Sex | undefined {
  const first = name.trim().split(/\s+/);
  for (const names of Object.values(NAMES)) {
    for (const part of first) {
      if (names.female.includes(part)) return 'female';
      if (names.male.includes(part)) return 'male';
    }
  }
  return undefined;
}
