import { createRequire } from 'node:module';

/**
 * Where a customer lives, for the 位置热力图: the city and district named in the free-text
 * address (杭州市西湖区文三路 → 杭州市 / 西湖区; 朝阳区望京 → 朝阳区, city unknown because
 * Beijing and Changchun both have one). Names come from the national division list in the
 * china-area-data package; nothing is guessed from patterns, so 望京小区 is not a district.
 */
type Division = Record<string, Record<string, string> | undefined>;
const CHINA = '86';

interface Name {
  word: string;
  /** A city's full name, for a city name. */
  city?: string;
  /** The cities that have a district of this full name. */
  inCities?: string[];
}

interface Lookup {
  /** Every city name (杭州市, 杭州) and district full name (西湖区, 义乌市), by its first two characters, longest first. */
  byPrefix: Map<string, Name[]>;
  /** Per city, its districts' short names (天河 → 天河区), read only once the city is known. */
  shortDistricts: Map<string, Map<string, string>>;
}

let lookup: Lookup | undefined;

function build(): Lookup {
  const data = createRequire(import.meta.url)('china-area-data') as Division;
  const cities = new Map<string, string>();
  const districts = new Map<string, string[]>();
  const shortDistricts = new Map<string, Map<string, string>>();
  const addCity = (name: string, full: string) => {
    if (name.length >= 2 && !cities.has(name)) cities.set(name, full);
  };
  for (const [provinceCode, provinceName] of Object.entries(data[CHINA] ?? {})) {
    for (const [cityCode, cityName] of Object.entries(data[provinceCode] ?? {})) {
      // Municipalities list pseudo-cities (市辖区, 县): the province is the city.
      const city = cityName === '市辖区' || cityName === '县' ? provinceName : cityName;
      addCity(city, city);
      addCity(city.replace(/(市|地区|盟|自治州)$/, ''), city);
      for (const district of Object.values(data[cityCode] ?? {})) {
        if (district === '市辖区' || district.length < 2) continue;
        const list = districts.get(district) ?? [];
        if (!list.includes(city)) list.push(city);
        districts.set(district, list);
        const short = district.replace(/(新区|区|县)$/, '');
        if (short.length >= 2 && short !== district) {
          const own = shortDistricts.get(city) ?? new Map<string, string>();
          own.set(short, district);
          shortDistricts.set(city, own);
        }
      }
    }
  }
  const byPrefix = new Map<string, Name[]>();
  const add = (n: Name) => {
    const key = n.word.slice(0, 2);
    byPrefix.set(key, [...(byPrefix.get(key) ?? []), n]);
  };
  // A district's full name goes first at the same length: 西安区 is a district, not 西安 + 区.
  for (const [word, inCities] of districts) add({ word, inCities });
  for (const [word, city] of cities) if (!districts.has(word)) add({ word, city });
  for (const list of byPrefix.values()) list.sort((a, b) => b.word.length - a.word.length || (a.inCities ? -1 : 1));
  return { byPrefix, shortDistricts };
}

export interface Region {
  city: string | null;
  district: string | null;
}

export function regionOf(address: string | null | undefined): Region {
  if (!address) return { city: null, district: null };
  lookup ??= build();
  let city: string | null = null;
  let districtName: string | null = null;
  let districtCities: string[] = [];
  for (let i = 0; i + 1 < address.length && (city === null || districtName === null); ) {
    let step = 1;
    for (const n of lookup.byPrefix.get(address.slice(i, i + 2)) ?? []) {
      if (!address.startsWith(n.word, i)) continue;
      if (n.inCities && districtName === null) {
        districtName = n.word;
        districtCities = n.inCities;
      } else if (n.city && city === null) {
        city = n.city;
      } else continue;
      step = n.word.length;
      break;
    }
    i += step;
  }
  if (districtName !== null) {
    // 杭州 … 朝阳区: the named city has no such district; trust the city, drop the district.
    if (city !== null && !districtCities.includes(city)) return { city, district: shortDistrict(address, city) };
    if (city === null && districtCities.length === 1) city = districtCities[0] ?? null;
    return { city, district: districtName };
  }
  return { city, district: city === null ? null : shortDistrict(address, city) };
}

/** 广州天河 → 天河区: a district's short name counts only within a city the address named. */
function shortDistrict(address: string, city: string): string | null {
  const own = lookup?.shortDistricts.get(city);
  if (!own) return null;
  for (let i = 0; i + 1 < address.length; i++) {
    for (let len = 4; len >= 2; len--) {
      const hit = own.get(address.slice(i, i + len));
      if (hit) return hit;
    }
  }
  return null;
}
