import { describe, expect, it } from 'vitest';
import { NOW, parse } from './helpers.js';

/** parse.md's reference: Tuesday 2026-11-24. */
function next(text: string, now: Date = NOW): string | null {
  return parse(text, now).nextFollowUpAt;
}

describe('relative day words count from today', () => {
  it.each([
    ['跟进 张伟 今天下午再打', '2026-11-24'],
    ['跟进 张伟 明天再联系', '2026-11-25'],
    ['跟进 张伟 后天回访', '2026-11-26'],
    ['跟进 张伟 大后天回访', '2026-11-27'],
    ['跟进 张伟 明早联系', '2026-11-25'],
  ])('%s → %s', (text, date) => expect(next(text)).toBe(date));
});

describe('N天后 is today + N; 一周后 is today + 7', () => {
  it.each([
    ['张伟 已经上门量尺了 3天后出方案', '2026-11-27'],
    ['跟进 张伟 5天后回访', '2026-11-29'],
    ['跟进 张伟 五天后回访', '2026-11-29'],
    ['跟进 张伟 十天以后再联系', '2026-12-04'],
    ['跟进 张伟 一周后回访', '2026-12-01'],
    ['跟进 张伟 两周后回访', '2026-12-08'],
    ['跟进 张伟 一个月后再联系', '2026-12-24'],
  ])('%s → %s', (text, date) => expect(next(text)).toBe(date));
});

describe('a bare weekday is its next occurrence after today', () => {
  it.each([
    ['跟进 张伟 周五回访', '2026-11-27'],
    ['跟进 张伟 星期五回访', '2026-11-27'],
    ['跟进 张伟 礼拜五回访', '2026-11-27'],
    ['跟进 张伟 周一回访', '2026-11-30'],
    ['跟进 张伟 周二回访', '2026-12-01'],
    ['跟进 张伟 礼拜天回访', '2026-11-29'],
    ['跟进 张伟 星期日回访', '2026-11-29'],
    ['跟进 张伟 周3再联系', '2026-11-25'],
  ])('%s → %s', (text, date) => expect(next(text)).toBe(date));
});

describe('这周 / 本周 + weekday is in the current Monday-to-Sunday week', () => {
  it.each([
    ['回访 周杰 本周六试驾', '2026-11-28'],
    ['跟进 张伟 这周六回访', '2026-11-28'],
    ['跟进 张伟 本周五回访', '2026-11-27'],
    ['跟进 张伟 这周日回访', '2026-11-29'],
    ['跟进 张伟 这个星期四再约', '2026-11-26'],
  ])('%s → %s', (text, date) => expect(next(text)).toBe(date));
});

describe('下周 + weekday is in the next week', () => {
  it.each([
    ['跟进 张伟 下周一回访', '2026-11-30'],
    ['跟进 13912345678 客户说下周三来看房', '2026-12-02'],
    ['跟进 张伟 下周日回访', '2026-12-06'],
    ['跟进 张伟 下星期二再联系', '2026-12-01'],
    ['跟进 张伟 下个礼拜五到店', '2026-12-04'],
    ['跟进 张伟 下下周一再联系', '2026-12-07'],
    ['跟进 张伟 下周3再联系', '2026-12-02'],
  ])('%s → %s', (text, date) => expect(next(text)).toBe(date));
});

describe('28号 is that day of this month, or of next month if already past', () => {
  it.each([
    ['跟进 郑强 电话没接 28号再打', '2026-11-28'],
    ['跟进 张伟 30号回访', '2026-11-30'],
    ['跟进 张伟 20号回访', '2026-12-20'],
    ['跟进 张伟 24号回访', '2026-11-24'],
  ])('%s → %s', (text, date) => expect(next(text)).toBe(date));

  it('does not read a house number as a date', () => {
    expect(next('报备 张伟 13812345678 幸福路28号')).toBeNull();
  });
});

describe('12月3日, 12.3 and 12/3 are 2026-12-03, next year if already past', () => {
  it.each([
    ['跟进 赵敏 到店看了样品 12月3日再约', '2026-12-03'],
    ['跟进 张伟 12月3号回访', '2026-12-03'],
    ['跟进 张伟 十二月三日回访', '2026-12-03'],
    ['跟进 张伟 12月03日再联系', '2026-12-03'],
    ['跟进 张伟 2026年12月3日再联系', '2026-12-03'],
    ['跟进 张伟 12.3回访', '2026-12-03'],
    ['跟进 张伟 12/3回访', '2026-12-03'],
    ['跟进 张伟 11月20日回访', '2027-11-20'],
    ['跟进 张伟 1.5回访', '2027-01-05'],
  ])('%s → %s', (text, date) => expect(next(text)).toBe(date));

  it('does not read an amount or an engine size as a date', () => {
    expect(next('报备 张伟 13812345678 预算1.5万')).toBeNull();
    expect(next('报备 张伟 13812345678 看1.5T的')).toBeNull();
  });
});

describe('周末 is that week’s Saturday; 月底 the month’s last day; 下月初 the first of next month', () => {
  it.each([
    ['跟进 张伟 周末再联系', '2026-11-28'],
    ['跟进 张伟 这周末到店', '2026-11-28'],
    ['跟进 张伟 下周末再约', '2026-12-05'],
    ['跟进 张伟 月底再联系', '2026-11-30'],
    ['跟进 张伟 下个月初回访', '2026-12-01'],
  ])('%s → %s', (text, date) => expect(next(text)).toBe(date));

  it('puts 月底 on 12-31 and 下月初 on 01-01 at the end of the year', () => {
    const dec30 = new Date('2026-12-30T10:00:00+08:00');
    expect(next('跟进 张伟 月底再联系', dec30)).toBe('2026-12-31');
    expect(next('跟进 张伟 下月初回访', dec30)).toBe('2027-01-01');
  });
});

describe('dates roll over the end of the month and the year', () => {
  const dec30 = new Date('2026-12-30T10:00:00+08:00'); // a Wednesday
  it.each([
    ['跟进 王芳 明天再联系', '2026-12-31'],
    ['跟进 王芳 3天后回访', '2027-01-02'],
    ['跟进 王芳 5号回访', '2027-01-05'],
    ['跟进 王芳 31号回访', '2026-12-31'],
    ['跟进 王芳 1月3日回访', '2027-01-03'],
    ['跟进 王芳 1.3回访', '2027-01-03'],
    ['跟进 王芳 12月29日回访', '2027-12-29'],
    ['跟进 王芳 下周一回访', '2027-01-04'],
    ['跟进 王芳 本周日回访', '2027-01-03'],
    ['跟进 王芳 周三回访', '2027-01-06'],
    ['跟进 王芳 一周后回访', '2027-01-06'],
  ])('%s → %s', (text, date) => expect(next(text, dec30)).toBe(date));

  it('skips a month too short for the day asked (31号 asked on 11-24 → 12-31)', () => {
    expect(next('跟进 王芳 31号回访')).toBe('2026-12-31');
  });
});

describe('dates are counted in the org time zone, not the host’s', () => {
  // 16:30 UTC on the 24th is already 00:30 on Wednesday the 25th in Shanghai.
  const lateNight = new Date('2026-11-24T16:30:00Z');
  it.each([
    ['跟进 王芳 明天再联系', '2026-11-26'],
    ['跟进 王芳 周三回访', '2026-12-02'],
    ['跟进 王芳 本周日回访', '2026-11-29'],
  ])('%s → %s', (text, date) => expect(next(text, lateNight)).toBe(date));

  it('uses another zone when the org has one', () => {
    expect(parse('跟进 王芳 明天再联系', lateNight, 'America/New_York').nextFollowUpAt).toBe('2026-11-25');
  });
});

describe('the next follow-up is a date to come, not one that happened', () => {
  it.each([
    ['跟进 张伟 今天电话沟通了 价格有点犹豫 明天再联系', '2026-11-25'],
    ['跟进 张伟 昨天来店看过 后天再约', '2026-11-26'],
  ])('%s → %s', (text, date) => expect(next(text)).toBe(date));

  it.each(['跟进 张伟 今天电话沟通了', '跟进 张伟 昨天到店了', '报备 张伟 13812345678 下周就定'])('%s has none', (text) => {
    expect(next(text)).toBeNull();
  });
});

describe('a time of day is kept with the next follow-up', () => {
  it.each([
    ['跟进 张伟 明天下午3点再打', '2026-11-25', '15:00'],
    ['跟进 张伟 下午3点再打电话', '2026-11-24', '15:00'],
    ['跟进 张伟 今晚8点打电话', '2026-11-24', '20:00'],
    ['跟进 张伟 周五下午两点半量尺', '2026-11-27', '14:30'],
    ['跟进 张伟 12月3号上午10点回访', '2026-12-03', '10:00'],
    ['跟进 张伟 28号下午3点回访', '2026-11-28', '15:00'],
    ['跟进 张伟 早上9点再打', '2026-11-25', '09:00'],
    ['跟进 张伟 明天15:30到店', '2026-11-25', '15:30'],
    ['跟进 张伟 后天上午十点半量尺', '2026-11-26', '10:30'],
  ])('%s → %s %s', (text, date, time) => {
    const r = parse(text);
    expect([r.nextFollowUpAt, r.extra.nextFollowUpTime]).toEqual([date, time]);
  });
});
