// The names the `names` table is seeded with: 10 male and 10 female real, common names for each of
// the 20 countries personas are generated for. The fixed-names strategy draws from them.
//
// Every name is a full name in "Given Family" order, the order an English-language prompt expects,
// also for CN, JP and KR where the family name comes first at home. All are in Latin script, so that
// prompts and output (always English) stay consistent:
// - languages written in Latin script keep their own spelling and diacritics (Müller, Wiśniewski, Yılmaz);
// - RU: BGN/PCGN romanisation without the soft-sign apostrophe (Olga, Tatyana, Yevgeniy);
// - CN: Hanyu Pinyin without tone marks, given name as one word (Zhiwei Zhou);
// - JP: Hepburn without macrons (Shota, Yuta);
// - KR: the spellings Koreans commonly use in English, given name hyphenated (Min-jun Kim, Hyun-woo Choi);
// - IN, NG: names from several of the country's languages and regions, in their usual English spelling.
import type { Gender } from './generated/prisma/enums.js';

export const SEED_COUNTRIES = [
  'RU', 'US', 'GB', 'DE', 'FR', 'IT', 'ES', 'BR', 'CN', 'IN',
  'JP', 'KR', 'MX', 'CA', 'AU', 'NL', 'SE', 'PL', 'TR', 'NG',
] as const;
export type SeedCountry = (typeof SEED_COUNTRIES)[number];

/** Exactly ten names: the type makes a missing or extra name a compile error. */
type TenNames = readonly [string, string, string, string, string, string, string, string, string, string];

export const SEED_NAMES: Readonly<Record<SeedCountry, Readonly<Record<Gender, TenNames>>>> = {
  RU: {
    MALE: [
      'Aleksandr Ivanov', 'Dmitriy Smirnov', 'Sergey Kuznetsov', 'Andrey Popov', 'Aleksey Sokolov',
      'Mikhail Lebedev', 'Ivan Kozlov', 'Nikolay Novikov', 'Vladimir Morozov', 'Yevgeniy Volkov',
    ],
    FEMALE: [
      'Olga Ivanova', 'Tatyana Smirnova', 'Yelena Kuznetsova', 'Natalya Popova', 'Anna Sokolova',
      'Mariya Lebedeva', 'Irina Kozlova', 'Svetlana Novikova', 'Yekaterina Morozova', 'Anastasiya Volkova',
    ],
  },
  US: {
    MALE: [
      'James Smith', 'Michael Johnson', 'Robert Williams', 'David Brown', 'Christopher Jones',
      'Daniel Miller', 'Matthew Davis', 'Anthony Garcia', 'Joshua Rodriguez', 'Marcus Washington',
    ],
    FEMALE: [
      'Mary Wilson', 'Jennifer Anderson', 'Jessica Thomas', 'Sarah Taylor', 'Ashley Moore',
      'Emily Jackson', 'Elizabeth Martin', 'Michelle Lee', 'Amanda Thompson', 'Maria Hernandez',
    ],
  },
  GB: {
    MALE: [
      'Oliver Smith', 'George Jones', 'Harry Taylor', 'Thomas Williams', 'James Davies',
      'Gareth Evans', 'Ian Walker', 'Stephen Wright', 'Paul Robinson', 'Mark Thompson',
    ],
    FEMALE: [
      'Olivia Brown', 'Amelia Wilson', 'Charlotte Johnson', 'Emily Roberts', 'Sophie Hughes',
      'Jessica Green', 'Rebecca Hall', 'Claire Wood', 'Helen Clarke', 'Fiona Campbell',
    ],
  },
  DE: {
    MALE: [
      'Lukas Müller', 'Maximilian Schmidt', 'Jonas Schneider', 'Felix Fischer', 'Leon Weber',
      'Thomas Meyer', 'Michael Wagner', 'Andreas Becker', 'Stefan Schulz', 'Jürgen Hoffmann',
    ],
    FEMALE: [
      'Anna Koch', 'Lena Richter', 'Laura Klein', 'Julia Wolf', 'Sophie Schröder',
      'Sabine Neumann', 'Katharina Schwarz', 'Petra Zimmermann', 'Monika Braun', 'Claudia Krüger',
    ],
  },
  FR: {
    MALE: [
      'Lucas Martin', 'Hugo Bernard', 'Thomas Dubois', 'Nicolas Thomas', 'Julien Robert',
      'Antoine Richard', 'Pierre Petit', 'Mathieu Durand', 'Maxime Leroy', 'Philippe Moreau',
    ],
    FEMALE: [
      'Camille Simon', 'Léa Laurent', 'Manon Lefebvre', 'Chloé Michel', 'Sophie David',
      'Julie Bertrand', 'Isabelle Roux', 'Nathalie Vincent', 'Émilie Fournier', 'Céline Morel',
    ],
  },
  IT: {
    MALE: [
      'Giuseppe Rossi', 'Marco Russo', 'Alessandro Ferrari', 'Luca Esposito', 'Francesco Bianchi',
      'Andrea Romano', 'Matteo Colombo', 'Lorenzo Ricci', 'Giovanni Marino', 'Davide Greco',
    ],
    FEMALE: [
      'Giulia Bruno', 'Francesca Gallo', 'Chiara Conti', 'Sofia De Luca', 'Martina Mancini',
      'Alessia Costa', 'Valentina Giordano', 'Elena Rizzo', 'Sara Lombardi', 'Federica Moretti',
    ],
  },
  ES: {
    MALE: [
      'Antonio García', 'José Martínez', 'Manuel López', 'Francisco Sánchez', 'David González',
      'Javier Rodríguez', 'Daniel Fernández', 'Carlos Pérez', 'Alejandro Gómez', 'Pablo Martín',
    ],
    FEMALE: [
      'María Jiménez', 'Carmen Ruiz', 'Lucía Hernández', 'Laura Díaz', 'Ana Moreno',
      'Marta Álvarez', 'Elena Muñoz', 'Isabel Romero', 'Cristina Navarro', 'Paula Torres',
    ],
  },
  BR: {
    MALE: [
      'João Silva', 'Pedro Santos', 'Lucas Oliveira', 'Gabriel Souza', 'Rafael Pereira',
      'Mateus Lima', 'Gustavo Carvalho', 'Felipe Ferreira', 'Bruno Rodrigues', 'Thiago Almeida',
    ],
    FEMALE: [
      'Ana Costa', 'Juliana Ribeiro', 'Fernanda Gomes', 'Beatriz Martins', 'Mariana Araújo',
      'Camila Barbosa', 'Larissa Rocha', 'Letícia Dias', 'Aline Cardoso', 'Patrícia Nascimento',
    ],
  },
  CN: {
    MALE: [
      'Wei Zhang', 'Lei Wang', 'Jun Li', 'Hao Liu', 'Qiang Chen',
      'Jie Yang', 'Ming Huang', 'Tao Zhao', 'Zhiwei Zhou', 'Haoran Xu',
    ],
    FEMALE: [
      'Fang Wang', 'Jing Li', 'Min Zhang', 'Yan Liu', 'Na Chen',
      'Xiuying Yang', 'Xia Zhao', 'Hui Huang', 'Ying Wu', 'Xinyi Sun',
    ],
  },
  IN: {
    MALE: [
      'Aarav Sharma', 'Rahul Verma', 'Arjun Reddy', 'Vikram Singh', 'Rohan Gupta',
      'Amit Patel', 'Karthik Iyer', 'Sourav Banerjee', 'Rajesh Kumar', 'Imran Qureshi',
    ],
    FEMALE: [
      'Priya Nair', 'Ananya Joshi', 'Pooja Mehta', 'Kavya Rao', 'Neha Agarwal',
      'Sneha Desai', 'Divya Menon', 'Anjali Chatterjee', 'Meera Pillai', 'Fatima Shaikh',
    ],
  },
  JP: {
    MALE: [
      'Hiroshi Tanaka', 'Takashi Suzuki', 'Kenji Takahashi', 'Daisuke Watanabe', 'Yuta Ito',
      'Shota Yamamoto', 'Kazuki Nakamura', 'Haruto Kobayashi', 'Makoto Kato', 'Naoki Yoshida',
    ],
    FEMALE: [
      'Yuki Sato', 'Aiko Yamada', 'Haruka Sasaki', 'Yui Yamaguchi', 'Sakura Matsumoto',
      'Mai Inoue', 'Akiko Kimura', 'Misaki Hayashi', 'Naomi Shimizu', 'Emi Yamazaki',
    ],
  },
  KR: {
    MALE: [
      'Min-jun Kim', 'Ji-hoon Lee', 'Seo-jun Park', 'Hyun-woo Choi', 'Dong-hyun Jung',
      'Jae-won Kang', 'Sung-min Cho', 'Tae-yang Yoon', 'Jun-ho Jang', 'Young-ho Lim',
    ],
    FEMALE: [
      'Ji-woo Kim', 'Seo-yeon Lee', 'Min-seo Park', 'Ha-eun Choi', 'Ji-min Jung',
      'Soo-jin Kang', 'Eun-ji Cho', 'Hye-jin Yoon', 'Yu-na Han', 'Da-eun Shin',
    ],
  },
  MX: {
    MALE: [
      'José Hernández', 'Juan García', 'Luis Martínez', 'Carlos López', 'Miguel González',
      'Jorge Rodríguez', 'Alejandro Pérez', 'Fernando Sánchez', 'Ricardo Ramírez', 'Diego Flores',
    ],
    FEMALE: [
      'Guadalupe Cruz', 'Mariana Torres', 'Fernanda Morales', 'Ximena Reyes', 'Valeria Gutiérrez',
      'Daniela Ortiz', 'Alejandra Jiménez', 'Gabriela Mendoza', 'Sofía Vázquez', 'Paola Castillo',
    ],
  },
  CA: {
    MALE: [
      'Liam Tremblay', 'Noah Gagnon', 'Ethan Roy', 'Benjamin Côté', 'William Bouchard',
      'Jacob MacDonald', 'Ryan Campbell', 'Connor Stewart', 'Mathieu Gauthier', 'Owen Thompson',
    ],
    FEMALE: [
      'Emma Lavoie', 'Olivia Fortin', 'Chloé Bélanger', 'Ava Morin', 'Charlotte Pelletier',
      'Megan MacLeod', 'Hannah Fraser', 'Sarah Wong', 'Isabelle Girard', 'Madison Clarke',
    ],
  },
  AU: {
    MALE: [
      'Jack Smith', 'Oliver Jones', 'Lachlan Brown', 'Cooper Wilson', 'Riley Taylor',
      'Mitchell Nguyen', 'Hamish Kelly', 'Liam Ryan', 'Jayden White', 'Bradley Martin',
    ],
    FEMALE: [
      'Charlotte Walker', 'Olivia Harris', 'Mia Thompson', 'Chloe Mitchell', 'Isla Campbell',
      'Grace Anderson', 'Matilda King', 'Ruby Scott', 'Sienna Young', 'Kylie Robinson',
    ],
  },
  NL: {
    MALE: [
      'Daan de Jong', 'Sem Jansen', 'Lucas de Vries', 'Bram van den Berg', 'Thijs van Dijk',
      'Jeroen Bakker', 'Pieter Visser', 'Sander Smit', 'Ruben Meijer', 'Joost de Boer',
    ],
    FEMALE: [
      'Emma Mulder', 'Sanne de Groot', 'Lotte Bos', 'Fleur Vos', 'Anouk Peters',
      'Femke Hendriks', 'Marieke van Leeuwen', 'Eva Dekker', 'Iris Brouwer', 'Lieke de Wit',
    ],
  },
  SE: {
    MALE: [
      'Erik Andersson', 'Lars Johansson', 'Karl Karlsson', 'Anders Nilsson', 'Johan Eriksson',
      'Per Larsson', 'Mikael Olsson', 'Oskar Persson', 'Gustav Svensson', 'Nils Gustafsson',
    ],
    FEMALE: [
      'Anna Pettersson', 'Maria Jonsson', 'Karin Jansson', 'Sara Hansson', 'Emma Bengtsson',
      'Linnéa Lindberg', 'Elin Lindström', 'Ingrid Jakobsson', 'Astrid Magnusson', 'Maja Lindqvist',
    ],
  },
  PL: {
    MALE: [
      'Piotr Nowak', 'Krzysztof Kowalski', 'Andrzej Wiśniewski', 'Tomasz Wójcik', 'Paweł Kowalczyk',
      'Michał Kamiński', 'Marcin Lewandowski', 'Jakub Zieliński', 'Łukasz Szymański', 'Mateusz Woźniak',
    ],
    FEMALE: [
      'Anna Dąbrowska', 'Maria Kozłowska', 'Katarzyna Jankowska', 'Małgorzata Mazur', 'Agnieszka Kwiatkowska',
      'Magdalena Krawczyk', 'Joanna Piotrowska', 'Aleksandra Grabowska', 'Zofia Nowakowska', 'Ewa Pawłowska',
    ],
  },
  TR: {
    MALE: [
      'Mehmet Yılmaz', 'Mustafa Kaya', 'Ahmet Demir', 'Ali Şahin', 'Hüseyin Çelik',
      'Emre Yıldız', 'Burak Yıldırım', 'Murat Öztürk', 'Can Aydın', 'Kerem Özdemir',
    ],
    FEMALE: [
      'Fatma Arslan', 'Ayşe Doğan', 'Emine Kılıç', 'Zeynep Aslan', 'Elif Çetin',
      'Merve Kara', 'Esra Koç', 'Büşra Kurt', 'Selin Özkan', 'Deniz Şimşek',
    ],
  },
  NG: {
    MALE: [
      'Chinedu Okafor', 'Emeka Nwosu', 'Oluwaseun Adeyemi', 'Babatunde Adebayo', 'Ibrahim Musa',
      'Abubakar Bello', 'Tunde Ogunleye', 'Ikechukwu Eze', 'Yusuf Abdullahi', 'Segun Olawale',
    ],
    FEMALE: [
      'Ngozi Okonkwo', 'Chiamaka Nwachukwu', 'Adaeze Obi', 'Funmilayo Adeleke', 'Folake Balogun',
      'Aisha Mohammed', 'Hauwa Sani', 'Blessing Okoro', 'Temitope Ogunbiyi', 'Zainab Usman',
    ],
  },
};
