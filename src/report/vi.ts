// Vietnamese wording of the outputs that data officers read.
import type { DiscrepancyKind, LinkStatus, Severity } from '../pipeline/types.js';

export const KIND_VI: Record<DiscrepancyKind, string> = {
  'invalid-id-format': 'Số định danh sai định dạng',
  'id-inconsistent': 'Số định danh không khớp giới tính hoặc năm sinh',
  'id-not-in-list': 'Số định danh không có trong danh sách của công an',
  'id-belongs-to-other-child': 'Số định danh thuộc về trẻ khác',
  'same-id-several-children': 'Một số định danh ghi cho nhiều trẻ',
  'field-mismatch': 'Thông tin khác với Cơ sở dữ liệu quốc gia về dân cư',
  'ambiguous-match': 'Có nhiều người phù hợp, cần xác minh',
  'no-match': 'Không tìm thấy trong danh sách của công an',
  'duplicate-records': 'Hồ sơ trùng lặp',
  'missing-from-child-db': 'Có trong danh sách công an nhưng chưa có trong hệ thống trẻ em',
  'over-age': 'Trẻ từ 16 tuổi trở lên',
  'invalid-field': 'Thông tin không hợp lệ',
  'rejected-row': 'Dòng dữ liệu không sử dụng được',
};

/** Short sheet names (Excel allows at most 31 characters). */
export const KIND_SHEET_VI: Record<DiscrepancyKind, string> = {
  'invalid-id-format': 'Số ĐD sai định dạng',
  'id-inconsistent': 'Số ĐD không khớp',
  'id-not-in-list': 'Số ĐD không có trong DS',
  'id-belongs-to-other-child': 'Số ĐD của trẻ khác',
  'same-id-several-children': 'Số ĐD trùng nhiều trẻ',
  'field-mismatch': 'Sai khác thông tin',
  'ambiguous-match': 'Cần xác minh',
  'no-match': 'Chưa tìm thấy',
  'duplicate-records': 'Hồ sơ trùng lặp',
  'missing-from-child-db': 'Chưa có trong hệ thống',
  'over-age': 'Từ 16 tuổi',
  'invalid-field': 'Thông tin không hợp lệ',
  'rejected-row': 'Dòng bị loại',
};

export const SEVERITY_VI: Record<Severity, string> = {
  error: 'Lỗi',
  warning: 'Cảnh báo',
  info: 'Thông tin',
};

export const STATUS_VI: Record<LinkStatus, string> = {
  assigned: 'Đã gán số định danh',
  review: 'Cần xác minh',
  unmatched: 'Chưa tìm thấy',
  conflict: 'Có mâu thuẫn',
};

export const FIELD_VI: Record<string, string> = {
  record_id: 'Mã trẻ em',
  full_name: 'Họ và tên',
  family_name: 'Họ',
  middle_name: 'Tên đệm',
  given_name: 'Tên',
  birth_date: 'Ngày sinh',
  sex: 'Giới tính',
  ethnicity: 'Dân tộc',
  citizen_id: 'Số định danh cá nhân',
  mother_name: 'Họ tên mẹ',
  father_name: 'Họ tên cha',
  guardian_name: 'Người giám hộ',
  village: 'Thôn/bản',
  commune: 'Xã/phường',
  district: 'Huyện',
  province: 'Tỉnh',
  address: 'Địa chỉ',
  row: 'Dòng',
};

export const SEX_VI = { M: 'Nam', F: 'Nữ', U: 'Không rõ' } as const;

/** Comparison and level labels of the default linkage settings, for short explanations. */
export const COMPARISON_VI: Record<string, string> = {
  name: 'họ tên',
  'birth date': 'ngày sinh',
  sex: 'giới tính',
  household: 'hộ gia đình',
  ethnicity: 'dân tộc',
};

export const LEVEL_VI: Record<string, string> = {
  exact: 'trùng khớp',
  same: 'trùng khớp',
  'diacritics missing': 'khớp (một bên thiếu dấu)',
  'marks differ': 'khác dấu',
  'same sound': 'đồng âm',
  'middle name differs': 'khác tên đệm',
  'family and given sound alike': 'họ và tên đồng âm',
  'one typo': 'sai một ký tự',
  'middle name differs, one typo': 'khác tên đệm, sai một ký tự',
  'given name similar': 'tên gần giống',
  'same given name': 'chỉ cùng tên',
  'day and month swapped': 'đảo ngày và tháng',
  'one day apart': 'lệch một ngày',
  'same month': 'cùng tháng',
  'same year, partial or placeholder': 'cùng năm (ngày sinh không đầy đủ)',
  'same year': 'cùng năm',
  'one year apart': 'lệch một năm',
  'same parents and village': 'cùng cha mẹ và thôn/bản',
  'same mother and village': 'cùng mẹ và thôn/bản',
  'same father and village': 'cùng cha và thôn/bản',
  'parents alike and same village': 'cha mẹ gần giống, cùng thôn/bản',
  'same parents': 'cùng cha mẹ',
  'same mother': 'cùng mẹ',
  'same village, parents unknown': 'cùng thôn/bản',
  'same village, parents differ': 'cùng thôn/bản, khác cha mẹ',
  'same commune': 'cùng xã',
  different: 'khác',
};
