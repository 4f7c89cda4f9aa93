// Column headers as Vietnamese exports really write them: with or without diacritics, any case,
// punctuation and spacing, NFC or NFD.
import { describe, expect, it } from 'vitest';
import { countKnownHeaders, foldHeader, mapHeaders, missingExplicitHeaders } from '../../src/ingest/headers.js';
import type { ChildField } from '../../schemas/config.js';

const fieldOf = (header: string): ChildField | null => mapHeaders([header]).fields[0];

describe('foldHeader', () => {
  it.each([
    ['Họ và tên', 'hovaten'],
    ['HỌ VÀ TÊN', 'hovaten'],
    ['ho_va_ten', 'hovaten'],
    ['Họ và tên'.normalize('NFD'), 'hovaten'],
    ['  Ngày,\u00a0tháng, năm sinh ', 'ngaythangnamsinh'],
    ['Số ĐDCN', 'soddcn'],
    ['Đ/c thường trú', 'dcthuongtru'],
    ['Ngày sinh (dd/mm/yyyy)', 'ngaysinhddmmyyyy'],
  ])('%j → %j', (header, folded) => {
    expect(foldHeader(header)).toBe(folded);
  });
});

describe('alias table: headers of child-database exports and police ID lists', () => {
  it.each<[string, ChildField]>([
    ['Mã trẻ em', 'record_id'],
    ['MA TRE EM', 'record_id'],
    ['Mã số trẻ em', 'record_id'],
    ['Mã hồ sơ', 'record_id'],
    ['Họ và tên', 'full_name'],
    ['HỌ VÀ TÊN', 'full_name'],
    ['ho_va_ten', 'full_name'],
    ['Ho va ten', 'full_name'],
    ['Họ tên trẻ em', 'full_name'],
    ['Họ và tên'.normalize('NFD'), 'full_name'],
    ['Ngày sinh', 'birth_date'],
    ['Ngày, tháng, năm sinh', 'birth_date'],
    ['Ngày/tháng/năm sinh', 'birth_date'],
    ['NGAY SINH', 'birth_date'],
    ['Ngày sinh (dd/mm/yyyy)', 'birth_date'],
    ['Năm sinh', 'birth_date'],
    ['Ngày sinh hoặc tuổi', 'birth_date'],
    ['Giới tính', 'sex'],
    ['GIOI TINH', 'sex'],
    ['Giới tính (Nam/Nữ)', 'sex'],
    ['Nam/Nữ', 'sex'],
    ['Dân tộc', 'ethnicity'],
    ['Số định danh cá nhân', 'citizen_id'],
    ['Số ĐDCN', 'citizen_id'],
    ['Số CCCD', 'citizen_id'],
    ['Số căn cước công dân', 'citizen_id'],
    ['Mã định danh', 'citizen_id'],
    ['Số định danh cá nhân của trẻ', 'citizen_id'],
    ['Họ tên mẹ', 'mother_name'],
    ['Họ và tên mẹ', 'mother_name'],
    ['Họ tên cha', 'father_name'],
    ['Họ và tên bố', 'father_name'],
    ['Người giám hộ', 'guardian_name'],
    ['Thôn/Bản/Tổ', 'village'],
    ['Thôn/bản', 'village'],
    ['Bản', 'village'],
    ['Bản/Tiểu khu', 'village'],
    ['Tổ dân phố', 'village'],
    ['Xã/Phường/Thị trấn', 'commune'],
    ['Xã/phường', 'commune'],
    ['Xã', 'commune'],
    ['Huyện', 'district'],
    ['Quận/Huyện', 'district'],
    ['Huyện/Thị xã/Thành phố', 'district'],
    ['Tỉnh/Thành phố', 'province'],
    ['Nơi thường trú', 'address'],
    ['Địa chỉ', 'address'],
  ])('%j → %s', (header, field) => {
    expect(fieldOf(header)).toBe(field);
  });

  it.each(['STT', 'TT', 'Số thứ tự', 'Ghi chú'])('%j is known and ignored (not reported as unknown)', (header) => {
    const m = mapHeaders(['Mã trẻ em', header]);
    expect(m.fields[1]).toBeNull();
    expect(m.unknown).toEqual([]);
  });

  it('an unknown header is reported', () => {
    const m = mapHeaders(['Mã trẻ em', 'Họ và tên', 'Nghề nghiệp của mẹ', '']);
    expect(m.fields).toEqual(['record_id', 'full_name', null, null]);
    expect(m.unknown).toEqual(['Nghề nghiệp của mẹ']);
  });
});

describe('mapHeaders: names split over columns, duplicates, explicit mapping', () => {
  it("'Họ' + 'Tên đệm' + 'Tên' are the three name parts", () => {
    expect(mapHeaders(['Họ', 'Tên đệm', 'Tên']).fields).toEqual(['family_name', 'middle_name', 'given_name']);
  });

  it("'Tên' alone is the whole name", () => {
    expect(mapHeaders(['Mã trẻ em', 'Tên', 'Ngày sinh']).fields).toEqual(['record_id', 'full_name', 'birth_date']);
  });

  it('two columns for one field: the first wins and the second is listed, not reported unknown', () => {
    const m = mapHeaders(['Họ và tên', 'Ngày sinh', 'HỌ VÀ TÊN']);
    expect(m.fields).toEqual(['full_name', 'birth_date', null]);
    expect(m.duplicates).toEqual([{ field: 'full_name', headers: ['Họ và tên', 'HỌ VÀ TÊN'] }]);
    expect(m.unknown).toEqual([]);
  });

  it('an explicit mapping wins over the alias table, matched without case and accents', () => {
    const m = mapHeaders(['STT', 'Họ và tên', 'Họ tên khai sinh'], { record_id: 'stt', full_name: 'HO TEN KHAI SINH' });
    expect(m.fields).toEqual(['record_id', null, 'full_name']);
    expect(m.duplicates).toEqual([{ field: 'full_name', headers: ['Họ tên khai sinh', 'Họ và tên'] }]);
  });
});

describe('header row detection helpers', () => {
  it.each<[string[], number]>([
    [['DANH SÁCH TRẺ EM DƯỚI 16 TUỔI'], 0],
    [['Xã Chiềng Cơi', '', ''], 0],
    [['TE001', 'Lò Văn Phong', '05/03/2015', 'Nam'], 0],
    [['STT', 'Mã trẻ em', 'Họ và tên', 'Ngày sinh', 'Giới tính'], 4],
    [['Số CCCD', 'HỌ VÀ TÊN', 'Ngày, tháng, năm sinh'], 3],
  ])('countKnownHeaders(%j) = %i', (cells, n) => {
    expect(countKnownHeaders(cells)).toBe(n);
  });

  it('missingExplicitHeaders lists the mapped header texts the row does not have', () => {
    const headers = ['Mã HS', 'Họ và tên', 'NS'];
    expect(missingExplicitHeaders(headers, { record_id: 'MÃ HS', full_name: 'Tên trẻ', birth_date: 'ns' })).toEqual(['Tên trẻ']);
    expect(missingExplicitHeaders(headers, undefined)).toEqual([]);
  });
});
