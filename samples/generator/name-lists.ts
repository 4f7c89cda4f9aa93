// Hand-made name material for the Sơn La generator. No public frequency list of Thái or H'Mông personal
// names exists (see refdata/SOURCES.md), so these lists are compiled from common usage; the order of each
// list is its frequency rank (first = most common), and the generator applies a Zipf-like skew to it.

/** Family names by group with relative weights (Lò and Lường dominate among Thái). */
export const FAMILY_WEIGHTS: Record<string, Array<[string, number]>> = {
  thai: [
    ['Lò', 22], ['Lường', 17], ['Quàng', 9], ['Cầm', 7], ['Tòng', 7], ['Vì', 6], ['Cà', 5], ['Điêu', 4],
    ['Hà', 4], ['Lù', 3], ['Bạc', 3], ['Hoàng', 3], ['Xa', 2], ['Lềm', 2], ['Mè', 1.5], ['Sa', 1.5], ['Lừ', 0.7],
    ['Nguyễn', 0.8], ['Lê', 0.4], ['Ngần', 0.6],
  ],
  hmong: [
    ['Giàng', 14], ['Sùng', 12], ['Mùa', 10], ['Vàng', 10], ['Thào', 9], ['Lầu', 7], ['Lý', 6], ['Hạng', 5],
    ['Vừ', 5], ['Tráng', 3], ['Cứ', 2], ['Hờ', 2], ['Chá', 2], ['Lù', 2], ['Hầu', 1.5], ['Lò', 1],
  ],
  muong: [['Bùi', 30], ['Đinh', 25], ['Hà', 15], ['Quách', 10], ['Xa', 8], ['Phạm', 5], ['Cao', 4], ['Hoàng', 3]],
  dao: [['Triệu', 20], ['Bàn', 20], ['Đặng', 15], ['Lý', 10], ['Phùng', 8], ['Chảo', 8], ['Tẩn', 5]],
  xinhmun: [['Lò', 15], ['Vì', 15], ['Lường', 10], ['Quàng', 8], ['Cà', 8], ['Lù', 5], ['Tòng', 3]],
  khomu: [['Lò', 15], ['Quàng', 12], ['Cà', 10], ['Vì', 8], ['Lường', 8], ['Lù', 5], ['Tòng', 4]],
  khang: [['Lò', 12], ['Quàng', 10], ['Lường', 8], ['Cà', 8], ['Vì', 6], ['Lù', 4]],
  laha: [['Lò', 12], ['Quàng', 10], ['Cầm', 8], ['Lường', 8], ['Cà', 5]],
  lao: [['Lò', 15], ['Vì', 12], ['Lường', 10], ['Quàng', 8], ['Cầm', 6]],
};

/** Thái given names (also used by Xinh Mun, Khơ Mú, Kháng, La Ha, Lào). Mostly one syllable. */
export const THAI_GIVEN_MALE = [
  'Phong', 'Xuân', 'Thưởng', 'Tuấn', 'Ơn', 'Pánh', 'Khăm', 'Inh', 'Chiến', 'Thắng', 'Hùng', 'Dũng', 'Cường',
  'Bình', 'Hải', 'Hiếu', 'Đức', 'Sơn', 'Tiến', 'Quân', 'Mạnh', 'Long', 'Thành', 'Toàn', 'Hưng', 'Khánh', 'Ích',
  'Lả', 'Lợi', 'Lún', 'Nọi', 'Ỏn', 'Pấng', 'Phanh', 'Phiêng', 'Sương', 'Tươi', 'Ún', 'Chăm', 'Doãn', 'Én',
  'Hặc', 'Hom', 'Khoang', 'Luấn', 'Minh', 'Nam', 'Phóng', 'Quý', 'Sinh', 'Tâm', 'Thiện', 'Thuận', 'Tính',
  'Việt', 'Vinh', 'Xiến', 'Ươn', 'Panh', 'Bun', 'Kiên', 'Khiêm', 'Nghiệp', 'Hoan', 'Thoại', 'Duy', 'Huy',
  'Trung', 'Thủy', 'Hòa', 'Quyết', 'Chung', 'Lai', 'Lâm', 'Chinh', 'Điện', 'Hoàn', 'Xiêng', 'Ngọc',
];

export const THAI_GIVEN_FEMALE = [
  'Hoa', 'Ánh', 'Hương', 'Xiêng', 'Ngọc', 'Ọm', 'Pâng', 'Ín', 'Ính', 'Mai', 'Lan', 'Hằng', 'Hiền', 'Hòa',
  'Hồng', 'Huyền', 'Khuyên', 'Liên', 'Linh', 'Loan', 'Lụa', 'Mến', 'Nga', 'Nhung', 'Phương', 'Quyên', 'Sen',
  'Thảo', 'Thoa', 'Thơm', 'Thu', 'Trang', 'Tuyết', 'Uyên', 'Vân', 'Yến', 'Ỏn', 'Pọm', 'Piệt', 'Ngoan', 'Dung',
  'Duyên', 'Giang', 'Hạnh', 'Hà', 'Xôm', 'Bua', 'Phăn', 'Ỏm', 'Ngân', 'Inh', 'Lả', 'Xuân', 'Thủy', 'Thúy',
  'Oanh', 'Mơ', 'Pằn', 'Xoan', 'Ly', 'My', 'Diệp', 'Diễm', 'Nhàn', 'Tươi', 'Hiên', 'Khánh', 'Quỳnh', 'Lệ',
  'Huệ', 'Nguyệt', 'Phượng', 'Chanh', 'Kim', 'Muôn', 'Bun', 'Ơn',
];

export const HMONG_GIVEN_MALE = [
  'Páo', 'Dế', 'Chứ', 'Sình', 'Pó', 'Lử', 'Xá', 'Chu', 'Tủa', 'Mua', 'Say', 'Súa', 'Pàng', 'Dính', 'Chông',
  'Của', 'Sông', 'Tu', 'Nhìa', 'Pháy', 'Chúng', 'Giống', 'Chinh', 'Tồng', 'Phềnh', 'Thề', 'Lềnh', 'Sử', 'Vư',
  'Khua', 'Cáng', 'Sấu', 'Nếnh', 'Dia', 'Tếnh', 'Chò', 'Dùng', 'Xìa', 'Chống', 'Trống', 'Sở', 'Di', 'Lùng',
  'Vảng', 'Dơ', 'Sinh', 'Nhè', 'Cở', 'Pổng', 'Sáng',
];

export const HMONG_GIVEN_FEMALE = [
  'Mỷ', 'Dua', 'Nủ', 'Dúa', 'Mua', 'Ly', 'Pàng', 'Sông', 'Mái', 'Chi', 'Lia', 'Vá', 'Ía', 'Xúa', 'Dợ', 'Dông',
  'Say', 'Sua', 'Máy', 'Pà', 'Dê', 'Chò', 'Súa', 'Cở', 'Khua', 'Pằng', 'Chía', 'Sí', 'Kia', 'Dinh', 'Nhía',
  'Tông', 'Gầu', 'Ca', 'Mang', 'Sinh', 'Xua', 'Phềnh', 'Mẩy', 'Dình', 'Dì', 'Lỳ', 'Mai', 'Sểnh', 'Chở', 'Chu',
  'Dung', 'Tu', 'Dế', 'Mỉ',
];

export const DAO_GIVEN_MALE = [
  'Quẩy', 'Phin', 'Chòi', 'Sành', 'Tòn', 'Ván', 'Vần', 'Kiềm', 'Lở', 'Siểu', 'Phấy', 'Chàn', 'Phù', 'Tiến',
  'Sơn', 'Dũng', 'Hùng', 'Minh',
];
export const DAO_GIVEN_FEMALE = [
  'Mẩy', 'Mây', 'Sinh', 'Làn', 'Nái', 'Phây', 'Chiêu', 'Dảo', 'Mùi', 'Liên', 'Lan', 'Xuân', 'Hoa', 'Hương',
];

/** Middle names used by Kinh (and, less often, by younger minority parents for their children). */
export const KINH_MIDDLE_MALE = [
  'Minh', 'Đức', 'Quang', 'Hoàng', 'Anh', 'Gia', 'Bảo', 'Tuấn', 'Trung', 'Đình', 'Hữu', 'Xuân', 'Thành', 'Quốc',
  'Mạnh', 'Duy', 'Tiến', 'Công', 'Thế', 'Trọng', 'Hải', 'Nhật', 'Việt', 'Huy', 'Chí', 'Đăng', 'Khánh', 'Phúc',
  'Trường', 'Ngọc',
];
export const KINH_MIDDLE_FEMALE = [
  'Ngọc', 'Thu', 'Thanh', 'Minh', 'Phương', 'Thảo', 'Khánh', 'Hà', 'Bảo', 'Mai', 'Diệu', 'Kim', 'Hồng', 'Hải',
  'Ngân', 'Quỳnh', 'Lan', 'Tú', 'Yến', 'Thùy', 'Mỹ', 'Kiều', 'Bích', 'Gia', 'Hoài', 'Tuyết', 'Vân', 'Như', 'Cẩm',
];

/** The most common Kinh girls' names in the North, most common first (the refdata lists are not split by sex well). */
export const KINH_GIVEN_FEMALE_COMMON = [
  'Linh', 'Anh', 'Ngọc', 'Trang', 'Hương', 'Hà', 'Huyền', 'Thảo', 'Mai', 'Lan', 'Hoa', 'Hằng', 'Nhung', 'Phương',
  'Thu', 'Vân', 'Yến', 'Hạnh', 'Nga', 'Giang', 'Thủy', 'Ly', 'Chi', 'Vy', 'Nhi', 'My', 'Hân', 'Ngân', 'Quỳnh',
  'Trâm', 'Diệp', 'Hiền', 'Loan', 'Dung', 'Oanh', 'Thư', 'Uyên', 'Khánh', 'Thanh', 'Tâm', 'Nhàn', 'Liên', 'Hồng',
  'Duyên', 'Thúy',
];
/** Names that are given to both sexes. */
export const KINH_GIVEN_UNISEX = ['Anh', 'Khánh', 'Thanh', 'Tâm', 'Ngọc', 'Giang', 'Hà', 'Minh', 'An', 'Bình'];

/**
 * Spelling variants seen for the same minority name (transcription is not standardised):
 * Mỷ/Mỉ/Mỹ, Sùng/Xùng, Dế/Dề ... Used both for twins' look-alike names and for re-entry noise.
 */
export const SPELLING_VARIANTS: Record<string, string[]> = {
  Mỷ: ['Mỉ', 'Mỹ'], Mỉ: ['Mỷ', 'Mỹ'], Mỹ: ['Mỷ', 'Mỉ'], Sùng: ['Xùng'], Dế: ['Dề', 'Giế'], Páo: ['Pao', 'Páu'],
  Sình: ['Xình'], Chứ: ['Trứ', 'Chừ'], Dua: ['Giua'], Dúa: ['Giúa', 'Dua'], Súa: ['Xúa'], Xúa: ['Súa'],
  Sua: ['Xua'], Xua: ['Sua'], Lử: ['Lừ', 'Lữ'], Vừ: ['Vư'], Tủa: ['Tua'], Nủ: ['Nù', 'Nụ'], Chu: ['Tru'],
  Pó: ['Pố'], Xá: ['Sá'], Say: ['Xay', 'Sai'], Chông: ['Trông'], Của: ['Cua'], Giàng: ['Dàng'], Thào: ['Thàu'],
  Lầu: ['Lâu'], Hạng: ['Hàng'], Xiêng: ['Siêng'], Pánh: ['Pảnh', 'Panh'], Khăm: ['Khằm', 'Khâm'], Ơn: ['Ớn'],
  Ọm: ['Ỏm'], Ỏm: ['Ọm'], Lường: ['Lương'], Quàng: ['Quảng'], Điêu: ['Điều'], Lềm: ['Lèm'], Tòng: ['Tồng'],
  Ín: ['Ính'], Ính: ['Ín'], Sểnh: ['Xểnh'], Sông: ['Xông'], Ly: ['Li'], Lỳ: ['Lì'], Mái: ['Mai'], Pàng: ['Pằng'],
  Pằng: ['Pàng'], Cứ: ['Cư'], Hờ: ['Hơ'], Vàng: ['Văng'], Dợ: ['Giợ'], Ía: ['Ỉa'], Dính: ['Gính'],
};

/** Given names that twins sometimes get: almost the same word. */
export const TWIN_LOOKALIKES: Record<string, string> = {
  Hoa: 'Hòa', Hòa: 'Hoa', Xuân: 'Xuyên', Dua: 'Dúa', Dúa: 'Dua', Páo: 'Pó', Pó: 'Páo', Hương: 'Hường',
  Tuấn: 'Tuân', Thảo: 'Thao', Ánh: 'Anh', Anh: 'Ánh', Hùng: 'Hưng', Hưng: 'Hùng', Hằng: 'Hạnh', Thu: 'Thư',
  Ngọc: 'Ngoan', Sông: 'Sống', Ín: 'Ính', Ính: 'Ín', Inh: 'Ính', Ọm: 'Ỏm', Pàng: 'Pằng', Xá: 'Xà', Mua: 'Múa',
  Mỷ: 'Mỹ', Chứ: 'Chư', Linh: 'Lình', Lan: 'Lành',
};

/** First and second syllables of Thái / H'Mông village names ('Bản Nà Sản', 'Bản Huổi Pục'). */
export const VILLAGE_FIRST = [
  'Nà', 'Huổi', 'Pá', 'Nậm', 'Co', 'Hua', 'Phiêng', 'Bó', 'Tà', 'Púng', 'Hát', 'Lọng', 'Nong', 'Pom', 'Tạng',
  'Cang', 'Mòn', 'Pù', 'Ten', 'Kéo', 'Khau', 'Búng', 'Noong', 'Phụ', 'Cò', 'Háng', 'Phì', 'Sồng', 'Lán', 'Nặm',
];
export const VILLAGE_SECOND = [
  'Sản', 'Mòn', 'Cọ', 'Lếch', 'Ten', 'Khoang', 'Lái', 'Pe', 'Pục', 'Hịa', 'Chạy', 'Có', 'Nghè', 'Bon', 'Hẹ',
  'Sàng', 'Lanh', 'Hin', 'Phát', 'Tre', 'Cóc', 'Xôm', 'Đông', 'Mạt', 'Lốm', 'Kiến', 'Lự', 'Nưa', 'Lạn', 'Tông',
  'Hày', 'Nhọt', 'Mo', 'Ót', 'Pát', 'Lẹ', 'Cuông', 'Hốc', 'Nghịu', 'Lứa', 'Sẳng', 'Hạ', 'Luông', 'Bắc', 'Hụm',
  'Nọi', 'Lót', 'Sàn', 'Phướng', 'Khoai', 'Ban', 'Hụ', 'Khúa', 'Lìa', 'Tày', 'Xua', 'Chù', 'Dê', 'Mông', 'Chá',
];
/** Newer, Kinh-style village names ('Bản Tân Lập'). */
export const VILLAGE_KINH = [
  'Tân Lập', 'Hợp Tiến', 'Đoàn Kết', 'Quyết Thắng', 'Tiến Thành', 'Thống Nhất', 'Bình Minh', 'Hồng Sơn',
  'Tân Thành', 'Tân Hợp', 'Hòa Bình', 'Thanh Sơn', 'Mới', 'Trung Tâm', 'Độc Lập', 'Tiền Phong',
];

/** Keys next to each other on a QWERTY keyboard, for realistic one-letter typos. */
export const NEARBY_KEYS: Record<string, string> = {
  a: 'qswz', b: 'vghn', c: 'xdfv', d: 'serfcx', e: 'wsdr', f: 'drtgvc', g: 'ftyhbv', h: 'gyujnb', i: 'ujko',
  j: 'huikmn', k: 'jiolm', l: 'kop', m: 'njk', n: 'bhjm', o: 'iklp', p: 'ol', q: 'wa', r: 'edft', s: 'awedxz',
  t: 'rfgy', u: 'yhji', v: 'cfgb', w: 'qase', x: 'zsdc', y: 'tghu', z: 'asx',
};
